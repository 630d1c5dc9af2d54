/**
 * The environment Spilo and WAL-G need for one archive, for its three uses: writing backups (no prefix),
 * cloning from it (`CLONE_`) and following it as a standby (`STANDBY_`). Keeping the three in one place is
 * what makes the CLONE_/STANDBY_ mirrors complete.
 *
 * The operator renders some CLONE_/STANDBY_ variables itself from the `clone` and `standby` sections and
 * appends them after `spec.env` without de-duplication (k8sres.go generateCloneEnvironment,
 * generateStandbyEnvironment). Those names are left out here, so that no variable is set twice.
 */
import { k8s } from 'cdk8s-plus-28';
import { BackupCredentials, BackupCredentialsKind } from './credentials';
import { BackupEncryption } from './encryption';
import { BackupStorage, BackupStorageKind } from './storage';
import { AdditionalVolume } from '../cluster/volumes';

/** What the environment is for. */
export enum ArchiveUse {
  BACKUP = '',
  CLONE = 'CLONE_',
  STANDBY = 'STANDBY_',
}

/** Token file the EKS pod identity webhook projects for IRSA. */
export const IRSA_TOKEN_FILE = '/var/run/secrets/eks.amazonaws.com/serviceaccount/token';

/** Names (without prefix) the operator renders itself for a clone from a timestamp with `s3_wal_path`. */
const OPERATOR_CLONE_S3 = ['WALE_S3_PREFIX', 'AWS_ENDPOINT', 'WALE_S3_ENDPOINT', 'AWS_S3_FORCE_PATH_STYLE', 'WAL_BUCKET_SCOPE_PREFIX'];
/** ... for a clone from a timestamp on GCS or Azure (no path field in the CRD). */
const OPERATOR_CLONE_OTHER = ['WAL_BUCKET_SCOPE_PREFIX'];
/** ... for a standby from `s3_wal_path` or `gs_wal_path`. */
const OPERATOR_STANDBY = ['WALE_S3_PREFIX', 'WALE_GS_PREFIX', 'WAL_BUCKET_SCOPE_PREFIX', 'METHOD'];

/** What the operator renders itself for a use and store (names without prefix). */
export function operatorRendered(use: ArchiveUse, storage: BackupStorageKind): string[] {
  if (use === ArchiveUse.CLONE) return storage === BackupStorageKind.S3 ? OPERATOR_CLONE_S3 : OPERATOR_CLONE_OTHER;
  if (use === ArchiveUse.STANDBY) return OPERATOR_STANDBY;
  return [];
}

/** The environment and volumes of one archive use. */
export interface ArchiveEnvironment {
  readonly env: k8s.EnvVar[];
  readonly volumes: AdditionalVolume[];
}

export interface ArchiveSpec {
  readonly storage: BackupStorage;
  readonly credentials: BackupCredentials;
  readonly walPath: string;
  readonly encryption?: BackupEncryption;
  /** WAL_BUCKET_SCOPE_SUFFIX (backup only). */
  readonly scopeSuffix?: string;
}

function secretRef(name: string, key: string): k8s.EnvVarSource {
  return { secretKeyRef: { name, key } };
}

/** The environment of an archive for one use, with the use's prefix. */
export function archiveEnvironment(archive: ArchiveSpec, use: ArchiveUse): ArchiveEnvironment {
  const { storage, credentials } = archive;
  const vars: k8s.EnvVar[] = [];
  const volumes: AdditionalVolume[] = [];
  const set = (name: string, value: string) => vars.push({ name, value });
  const fromSecret = (name: string, secret: string, key: string) => vars.push({ name, valueFrom: secretRef(secret, key) });
  const backup = use === ArchiveUse.BACKUP;

  // WAL-G, always: WAL-E cannot use IRSA, Workload Identity or Azure identities.
  if (backup) set('USE_WALG_BACKUP', 'true');
  set('USE_WALG_RESTORE', 'true');

  // Location. An explicit prefix wins over Spilo's bucket-derived one; the scope prefix stays empty so
  // that nothing falls back to Spilo's "<namespace>-<cluster>" default.
  switch (storage.kind) {
    case BackupStorageKind.S3: {
      const s3 = storage.s3Options!;
      set('WALG_S3_PREFIX', archive.walPath);
      set('WALE_S3_PREFIX', archive.walPath);
      set('AWS_REGION', s3.region);
      if (s3.endpoint) {
        const pathStyle = s3.forcePathStyle ?? true;
        set('AWS_ENDPOINT', s3.endpoint);
        set('WALE_S3_ENDPOINT', s3.endpoint.replace(/^(https?)(\+path)?:\/\//, pathStyle ? '$1+path://' : '$1://'));
        set('AWS_S3_FORCE_PATH_STYLE', pathStyle ? 'true' : 'false');
      } else if (s3.forcePathStyle) {
        set('AWS_S3_FORCE_PATH_STYLE', 'true');
      }
      if (backup) {
        const sse = s3.encryption;
        if (sse && sse.algorithm === undefined) {
          set('WALG_DISABLE_S3_SSE', 'true');
        } else {
          set('WALG_S3_SSE', sse?.algorithm ?? 'AES256');
          if (sse?.kmsKeyId) set('WALG_S3_SSE_KMS_ID', sse.kmsKeyId);
        }
      }
      break;
    }
    case BackupStorageKind.GCS:
      set('WALG_GS_PREFIX', archive.walPath);
      set('WALE_GS_PREFIX', archive.walPath);
      break;
    case BackupStorageKind.AZURE:
      set('WALG_AZ_PREFIX', archive.walPath);
      set('AZURE_STORAGE_ACCOUNT', storage.storageAccount!);
      break;
  }
  set('WAL_BUCKET_SCOPE_PREFIX', '');
  if (backup) set('WAL_BUCKET_SCOPE_SUFFIX', archive.scopeSuffix ?? '');

  // Credentials.
  switch (credentials.kind) {
    case BackupCredentialsKind.AWS_IRSA:
      set('AWS_ROLE_ARN', credentials.identity!);
      set('AWS_WEB_IDENTITY_TOKEN_FILE', IRSA_TOKEN_FILE);
      set('AWS_STS_REGIONAL_ENDPOINTS', 'regional');
      break;
    case BackupCredentialsKind.AZURE_WORKLOAD_IDENTITY:
      set('AZURE_CLIENT_ID', credentials.identity!);
      break;
    case BackupCredentialsKind.AZURE_MANAGED_IDENTITY:
      if (credentials.identity) set('AZURE_CLIENT_ID', credentials.identity);
      break;
    case BackupCredentialsKind.SECRET: {
      const secret = credentials.secretName!;
      const keys = credentials.secretKeys ?? {};
      if (storage.kind === BackupStorageKind.S3) {
        fromSecret('AWS_ACCESS_KEY_ID', secret, keys.accessKeyId ?? 'AWS_ACCESS_KEY_ID');
        fromSecret('AWS_SECRET_ACCESS_KEY', secret, keys.secretAccessKey ?? 'AWS_SECRET_ACCESS_KEY');
      } else if (storage.kind === BackupStorageKind.GCS) {
        const suffix = backup ? '' : `-${use.slice(0, -1).toLowerCase()}`;
        const mountPath = `/var/secrets/google${suffix}`;
        const key = keys.serviceAccountKey ?? 'key.json';
        volumes.push({ name: `gcs-credentials${suffix}`, mountPath, secret: { secretName: secret, items: [{ key, path: key }] } });
        set('GOOGLE_APPLICATION_CREDENTIALS', `${mountPath}/${key}`);
      } else if (keys.sasToken) {
        fromSecret('AZURE_STORAGE_SAS_TOKEN', secret, keys.sasToken);
      } else {
        fromSecret('AZURE_STORAGE_ACCESS_KEY', secret, keys.storageAccessKey ?? 'AZURE_STORAGE_ACCESS_KEY');
      }
      break;
    }
    default:
      break; // GKE Workload Identity needs nothing in the environment
  }

  // Client-side encryption: every reader needs the key.
  if (archive.encryption) {
    fromSecret('WALG_LIBSODIUM_KEY', archive.encryption.secretName, archive.encryption.secretKey);
    set('WALG_LIBSODIUM_KEY_TRANSFORM', archive.encryption.transform);
  }

  const skip = new Set(operatorRendered(use, storage.kind));
  return {
    env: vars.filter((v) => !skip.has(v.name)).map((v) => ({ ...v, name: `${use}${v.name}` })),
    volumes,
  };
}
