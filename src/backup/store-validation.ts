/**
 * Checks of object stores and credentials, run by whoever uses them (WalgBackup, Restore, StandbyCluster):
 * the names and addresses each cloud accepts, and credentials that fit the store.
 */
import { IConstruct } from 'constructs';
import { BackupCredentials, BackupCredentialsKind } from './credentials';
import { BackupEncryption, KeyTransform } from './encryption';
import type { BackupLocation } from './location';
import { BackupStorage, BackupStorageKind } from './storage';
import { checkDnsSubdomain } from '../validation/checks';
import { fail, show } from '../validation/errors';
import { Patterns } from '../validation/patterns';
import { RuleCode } from '../validation/rule-code';

const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const GCS_BUCKET = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;
const AZURE_CONTAINER = /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/;
const AZURE_ACCOUNT = /^[a-z0-9]{3,24}$/;
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const CUSTOM_REGION = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const ENDPOINT = /^https?:\/\/[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?\/?$/;
const PREFIX_SEGMENT = /^[A-Za-z0-9._-]+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[A-Za-z0-9+=,.@_\/-]{1,512}$/;
const GCP_SERVICE_ACCOUNT = /^[a-z0-9][a-z0-9._-]{0,62}@[a-z0-9][a-z0-9.-]*\.gserviceaccount\.com$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

function storageError(scope: IConstruct, property: string, problem: string, value: unknown, allowed: string, fix: string): never {
  fail(scope, { rule: RuleCode.BACKUP_STORAGE_INVALID, property, problem, value: show(value), allowed, fix });
}

/** Checks a store's names, region, endpoint, prefix and encryption. */
export function checkStorage(scope: IConstruct, property: string, storage: BackupStorage): void {
  if (!(storage instanceof BackupStorage)) {
    storageError(scope, property, 'not a BackupStorage.', storage, 'BackupStorage.s3(...), .gcs(...), .azure(...)', 'create it with a BackupStorage factory.');
  }
  const bucket = storage.bucket;
  switch (storage.kind) {
    case BackupStorageKind.S3: {
      const s3 = storage.s3Options!;
      if (typeof bucket !== 'string' || !S3_BUCKET.test(bucket) || bucket.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(bucket)) {
        storageError(scope, `${property}.bucket`, 'not an S3 bucket name (give the bare name, not a URL).', bucket,
          '3-63 lower-case letters, digits, "." and "-", starting and ending with a letter or digit', 'e.g. "acme-pg-backups" (not "s3://acme-pg-backups").');
      }
      const custom = s3.endpoint !== undefined;
      if (typeof s3.region !== 'string' || !(custom ? CUSTOM_REGION : AWS_REGION).test(s3.region)) {
        storageError(scope, `${property}.region`, custom ? 'not a region name the store can accept.' : 'not an AWS region.', s3.region,
          custom ? 'letters, digits, "-" and "_" (e.g. "auto" for R2, "us-east-1" for MinIO)' : 'e.g. "us-east-1", "eu-central-1"', 'set the bucket\'s region.');
      }
      if (custom && (typeof s3.endpoint !== 'string' || !ENDPOINT.test(s3.endpoint) || Number((/:(\d+)\/?$/.exec(s3.endpoint) ?? [])[1] ?? 443) > 65535)) {
        storageError(scope, `${property}.endpoint`, 'not an endpoint URL.', s3.endpoint, '"https://host[:port]" or "http://host[:port]", without a path', 'e.g. "https://minio.storage.svc:9000".');
      }
      const key = s3.encryption?.kmsKeyId;
      if (key !== undefined && (typeof key !== 'string' || !Patterns.AWS_KMS_KEY.test(key))) {
        storageError(scope, `${property}.encryption`, 'not a KMS key id, alias or ARN.', key, 'a key ARN, "alias/<name>", or a key id', 'e.g. "arn:aws:kms:us-east-1:123456789012:key/<id>".');
      }
      break;
    }
    case BackupStorageKind.GCS:
      if (typeof bucket !== 'string' || !GCS_BUCKET.test(bucket) || bucket.split('.').some((p) => p.length > 63) || bucket.startsWith('goog')) {
        storageError(scope, `${property}.bucket`, 'not a Cloud Storage bucket name (give the bare name, not a URL).', bucket,
          '3-222 lower-case letters, digits, "-", "_" and ".", starting and ending with a letter or digit', 'e.g. "acme-pg-backups" (not "gs://acme-pg-backups").');
      }
      break;
    default:
      if (typeof storage.storageAccount !== 'string' || !AZURE_ACCOUNT.test(storage.storageAccount)) {
        storageError(scope, `${property}.storageAccount`, 'not an Azure storage account name.', storage.storageAccount, '3-24 lower-case letters and digits', 'e.g. "acmepgbackups".');
      }
      if (typeof bucket !== 'string' || !AZURE_CONTAINER.test(bucket)) {
        storageError(scope, `${property}.container`, 'not an Azure Blob container name.', bucket, '3-63 lower-case letters, digits and single "-", starting and ending with a letter or digit', 'e.g. "pg-backups".');
      }
  }
  const prefix = storage.prefix;
  if (prefix !== undefined && (prefix.length > 512 || prefix.split('/').some((s) => !PREFIX_SEGMENT.test(s) || s === '.' || s === '..'))) {
    storageError(scope, `${property}.prefix`, 'not a safe path inside the bucket.', prefix, 'segments of letters, digits, ".", "_" and "-" separated by "/", at most 512 characters', 'e.g. "prod/eu".');
  }
}

const AZURE_KINDS = 'azureManagedIdentity() (the identity IMDS returns without a client id), azureServicePrincipal(secretName), '
  + 'fromSecret(secretName, { storageAccessKey }) or fromSecret(secretName, { sasToken })';

/** Credentials the library accepts in form but Spilo's WAL-G cannot use. */
function unsupported(scope: IConstruct, property: string, problem: string, value: string): never {
  fail(scope, {
    rule: RuleCode.BACKUP_CREDENTIALS_UNSUPPORTED,
    property,
    problem,
    value,
    allowed: `for azure: ${AZURE_KINDS}`,
    fix: 'use BackupCredentials.azureManagedIdentity() with the node\'s only identity, or a service principal, account key or SAS token from a Secret.',
  });
}

function credentialsError(scope: IConstruct, property: string, problem: string, value: unknown, fix: string, allowed?: string): never {
  fail(scope, { rule: RuleCode.BACKUP_CREDENTIALS_INVALID, property, problem, value: show(value), allowed, fix });
}

/** Checks that credentials are well-formed and fit the store. */
export function checkCredentials(scope: IConstruct, property: string, storage: BackupStorage, credentials: BackupCredentials): void {
  if (!(credentials instanceof BackupCredentials)) {
    credentialsError(scope, property, 'not BackupCredentials.', credentials, 'create them with a BackupCredentials factory.');
  }
  if (!credentials.supportedStorage.includes(storage.kind)) {
    credentialsError(scope, property, `${credentials.kind} credentials cannot access ${storage.kind} storage.`, credentials.kind, 'choose credentials of the storage\'s cloud.',
      `for ${storage.kind}: ${storage.kind === BackupStorageKind.S3 ? 'awsIrsa, fromSecret'
        : storage.kind === BackupStorageKind.GCS ? 'gkeWorkloadIdentity, fromSecret' : AZURE_KINDS}`);
  }
  const id = credentials.identity;
  switch (credentials.kind) {
    case BackupCredentialsKind.AWS_IRSA:
      if (typeof id !== 'string' || !ROLE_ARN.test(id)) credentialsError(scope, `${property}.roleArn`, 'not an IAM role ARN.', id, 'e.g. "arn:aws:iam::123456789012:role/pg-backup".', '"arn:aws:iam::<12-digit account>:role/<name>"');
      break;
    case BackupCredentialsKind.GKE_WORKLOAD_IDENTITY:
      if (typeof id !== 'string' || !GCP_SERVICE_ACCOUNT.test(id)) credentialsError(scope, `${property}.serviceAccountEmail`, 'not a Google service account email.', id, 'e.g. "pg-backup@my-project.iam.gserviceaccount.com".');
      break;
    case BackupCredentialsKind.AZURE_WORKLOAD_IDENTITY:
      unsupported(scope, property, 'Azure Workload Identity does not reach WAL-G in Spilo: the webhook\'s AZURE_FEDERATED_TOKEN_FILE, AZURE_TENANT_ID and '
        + 'AZURE_CLIENT_ID stay in the container environment, while Patroni (and so archive_command, restores and the backup cron) starts '
        + 'with an allow-listed one, and Spilo writes AZURE_CLIENT_ID into WAL-G\'s env-dir only with a client secret and a tenant id '
        + '(configure_spilo.py:943-954, runit/patroni/run:27-28, Spilo 4.0-p3): WAL-G would authenticate as whatever IMDS returns, or fail.',
      `azureWorkloadIdentity(${show(id)})`);
    case BackupCredentialsKind.AZURE_MANAGED_IDENTITY:
      if (id !== undefined) {
        unsupported(scope, property, 'WAL-G in Spilo cannot select a user-assigned managed identity by client id: Spilo writes AZURE_CLIENT_ID into '
          + 'WAL-G\'s env-dir only together with AZURE_CLIENT_SECRET and AZURE_TENANT_ID (configure_spilo.py:943-954, Spilo 4.0-p3), so WAL-G\'s '
          + 'DefaultAzureCredential asks IMDS without a client id and gets the node\'s default identity, or fails.',
        `azureManagedIdentity(${show(id)})`);
      }
      break;
    case BackupCredentialsKind.AZURE_SERVICE_PRINCIPAL: {
      checkDnsSubdomain(scope, `${property}.secretName`, credentials.secretName, 'Secret name', 'use the name of the Secret with the service principal, e.g. "pg-backup-principal".');
      for (const [k, v] of Object.entries(credentials.servicePrincipalKeys ?? {})) {
        if (v !== undefined && (typeof v !== 'string' || !SECRET_KEY.test(v))) credentialsError(scope, `${property}.keys.${k}`, 'not a key of a Secret.', v, 'e.g. "AZURE_CLIENT_SECRET".');
      }
      break;
    }
    default: {
      checkDnsSubdomain(scope, `${property}.secretName`, credentials.secretName, 'Secret name', 'use the name of the Secret with the keys, e.g. "pg-backup-credentials".');
      const keys = credentials.secretKeys ?? {};
      for (const [k, v] of Object.entries(keys)) {
        if (v !== undefined && (typeof v !== 'string' || !SECRET_KEY.test(v))) credentialsError(scope, `${property}.keys.${k}`, 'not a key of a Secret.', v, 'e.g. "AWS_ACCESS_KEY_ID".');
      }
      if (storage.kind === BackupStorageKind.AZURE && keys.sasToken !== undefined && keys.storageAccessKey !== undefined) {
        credentialsError(scope, `${property}.keys`, 'give either a storage access key or a SAS token, not both.', keys, 'remove one of storageAccessKey and sasToken.');
      }
    }
  }
}

/** Checks client-side encryption. */
export function checkEncryption(scope: IConstruct, property: string, encryption: BackupEncryption | undefined): void {
  if (!encryption) return;
  checkDnsSubdomain(scope, `${property}.secretName`, encryption.secretName, 'Secret name', 'use the name of the Secret with the libsodium key.');
  if (typeof encryption.secretKey !== 'string' || !SECRET_KEY.test(encryption.secretKey)) {
    credentialsError(scope, `${property}.key`, 'not a key of a Secret.', encryption.secretKey, 'e.g. "WALG_LIBSODIUM_KEY".');
  }
  if (!(Object.values(KeyTransform) as string[]).includes(encryption.transform)) {
    credentialsError(scope, `${property}.transform`, 'not a key transform.', encryption.transform, 'use KeyTransform.BASE64, HEX or NONE.');
  }
}

/**
 * Checks everything of an archive a cluster writes, restores from or follows (WalgBackup, Restore, StandbyCluster):
 * its store, credentials and encryption, and the cluster name and scope suffix that make its path.
 * `prefix` is the property path of the location (e.g. "restore.source.").
 */
export function checkLocation(scope: IConstruct, prefix: string, location: BackupLocation): void {
  checkStorage(scope, `${prefix}storage`, location.storage);
  checkCredentials(scope, `${prefix}credentials`, location.storage, location.credentials);
  checkEncryption(scope, `${prefix}encryption`, location.encryption);
  const name = location.clusterName;
  if (typeof name !== 'string' || name.length > 63 || !Patterns.DNS_1035.test(name)) {
    fail(scope, {
      rule: RuleCode.BACKUP_INVALID,
      property: `${prefix}clusterName`,
      problem: 'not the name of a postgresql: the archive path is <bucket>/spilo/<cluster name><suffix>/wal/<major>.',
      value: show(name),
      allowed: 'a DNS-1035 label of at most 63 characters',
      fix: 'use the name of the cluster that wrote the archive, e.g. "acid-orders".',
    });
  }
  const suffix = location.scopeSuffix;
  if (typeof suffix !== 'string' || (suffix && !/^[-a-z0-9_.]{1,32}$/.test(suffix))) {
    fail(scope, {
      rule: RuleCode.BACKUP_INVALID,
      property: `${prefix}scopeSuffix`,
      problem: 'not a safe path suffix.',
      value: show(suffix),
      allowed: 'up to 32 of a-z, 0-9, "-", "_", "."',
      fix: 'e.g. "-2".',
    });
  }
}
