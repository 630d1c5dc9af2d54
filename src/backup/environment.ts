/**
 * The environment Spilo and WAL-G need for one archive, for its three uses: writing backups (no prefix),
 * cloning from it (`CLONE_`) and following it as a standby (`STANDBY_`). Keeping the three in one place is
 * what makes the CLONE_/STANDBY_ mirrors complete.
 *
 * The operator renders some CLONE_/STANDBY_ variables itself from the `clone` and `standby` sections and
 * appends them after `spec.env` without de-duplication (k8sres.go generateCloneEnvironment,
 * generateStandbyEnvironment). Those names are left out here, so that no variable is set twice. Neither are
 * the IRSA variables: the EKS pod identity webhook injects `AWS_ROLE_ARN`/`AWS_WEB_IDENTITY_TOKEN_FILE`, the
 * operator `CLONE_`/`STANDBY_AWS_ROLE_ARN`/`_WEB_IDENTITY_TOKEN_FILE` (k8sres.go:2220-2222, 2270-2272).
 *
 * S3 endpoints: Spilo decides path-style or virtual-hosted addressing from the scheme of `WALE_S3_ENDPOINT`
 * (`https+path://`, `https+virtualhost://`; a plain `https://` is "invalid" and forces path style,
 * configure_spilo.py:875-891 in 4.0-p3), so that variable carries the scheme for every use. The clone section
 * carries no `s3_endpoint`: the operator would copy it raw into both `CLONE_AWS_ENDPOINT` and
 * `CLONE_WALE_S3_ENDPOINT` (k8sres.go:2198), and no single value is right for both.
 */
import { k8s } from 'cdk8s-plus-28';
import { BackupCredentialsKind } from './credentials';
import type { BackupLocation } from './location';
import { BackupStorageKind, S3Encryption } from './storage';
import { AdditionalVolume } from '../cluster/volumes';

/** What the environment is for. */
export enum ArchiveUse {
  BACKUP = '',
  CLONE = 'CLONE_',
  STANDBY = 'STANDBY_',
}

/**
 * Names (without prefix) the operator renders itself for a clone from a timestamp with `s3_wal_path` (the
 * clone section never has `s3_endpoint` or `s3_force_path_style`, see above).
 */
const OPERATOR_CLONE_S3 = ['WALE_S3_PREFIX', 'WAL_BUCKET_SCOPE_PREFIX'];
/** ... for a clone from a timestamp on GCS or Azure (no path field in the CRD). */
const OPERATOR_CLONE_OTHER = ['WAL_BUCKET_SCOPE_PREFIX'];
/** ... for a standby from `s3_wal_path` or `gs_wal_path`. */
const OPERATOR_STANDBY = ['WALE_S3_PREFIX', 'WALE_GS_PREFIX', 'WAL_BUCKET_SCOPE_PREFIX', 'METHOD'];

/** What the operator renders itself for a use and store (names without prefix). */
function operatorRendered(use: ArchiveUse, storage: BackupStorageKind): string[] {
  if (use === ArchiveUse.CLONE) return storage === BackupStorageKind.S3 ? OPERATOR_CLONE_S3 : OPERATOR_CLONE_OTHER;
  if (use === ArchiveUse.STANDBY) return OPERATOR_STANDBY;
  return [];
}

/** The environment and volumes of one archive use. */
export interface ArchiveEnvironment {
  readonly env: k8s.EnvVar[];
  readonly volumes: AdditionalVolume[];
}

/** What the environment of an archive is rendered from (a `BackupLocation`). */
export type ArchiveSpec = Pick<BackupLocation, 'storage' | 'credentials' | 'walPath' | 'encryption' | 'scopeSuffix'>;

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
        const endpoint = s3.endpoint.replace(/\/+$/, '');
        set('AWS_ENDPOINT', endpoint);
        set('WALE_S3_ENDPOINT', endpoint.replace(/^(https?):\/\//, pathStyle ? '$1+path://' : '$1+virtualhost://'));
        set('AWS_S3_FORCE_PATH_STYLE', pathStyle ? 'true' : 'false');
      } else if (s3.forcePathStyle) {
        set('AWS_S3_FORCE_PATH_STYLE', 'true');
      }
      if (backup) {
        // Spilo's own default: SSE-S3 on AWS, none with a custom endpoint (configure_spilo.py:888-890)
        const sse = s3.encryption ?? (s3.endpoint ? S3Encryption.none() : S3Encryption.sseS3());
        if (sse.algorithm === undefined) {
          set('WALG_DISABLE_S3_SSE', 'true');
        } else {
          set('WALG_S3_SSE', sse.algorithm);
          if (sse.kmsKeyId) set('WALG_S3_SSE_KMS_ID', sse.kmsKeyId);
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
      // the role and token file come from the EKS webhook (main container) and the operator (CLONE_/STANDBY_)
      set('AWS_STS_REGIONAL_ENDPOINTS', 'regional');
      break;
    case BackupCredentialsKind.AZURE_SERVICE_PRINCIPAL: {
      // Spilo writes the three into WAL-G's env-dir only together (configure_spilo.py:943-945, 954)
      const secret = credentials.secretName!;
      const keys = credentials.servicePrincipalKeys ?? {};
      fromSecret('AZURE_CLIENT_ID', secret, keys.clientId ?? 'AZURE_CLIENT_ID');
      fromSecret('AZURE_CLIENT_SECRET', secret, keys.clientSecret ?? 'AZURE_CLIENT_SECRET');
      fromSecret('AZURE_TENANT_ID', secret, keys.tenantId ?? 'AZURE_TENANT_ID');
      break;
    }
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
      // GKE Workload Identity and the Azure managed identity IMDS returns need nothing in the environment;
      // Azure Workload Identity and a managed identity by client id are rejected (store-validation.ts)
      break;
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
