import { Cron } from 'cdk8s';
import { Construct } from 'constructs';
import { BackupCredentials, BackupCredentialsKind } from './credentials';
import { BackupEncryption } from './encryption';
import { archiveEnvironment, ArchiveUse } from './environment';
import { bindIdentity } from './identity';
import { requireOperatorIrsaRole } from './irsa';
import { BackupLocation } from './location';
import { BackupStorage, BackupStorageKind } from './storage';
import { checkLocation, checkStorage } from './store-validation';
import { ICluster } from '../cluster/cluster-ref';
import { checkCron, checkInteger } from '../validation/checks';
import { fail, show } from '../validation/errors';
import { RuleCode } from '../validation/rule-code';

/** Compression of WAL and base backups. */
export enum WalgCompression {
  /** Fast, moderate ratio (WAL-G's default). */
  LZ4 = 'lz4',
  /** Better ratio at similar speed. */
  ZSTD = 'zstd',
  /** Best ratio for text-heavy data, slower. */
  BROTLI = 'brotli',
  /** Highest ratio, slowest. */
  LZMA = 'lzma',
}

/** Properties of a `WalgBackup`. */
export interface WalgBackupProps {
  /** The cluster to back up. */
  readonly cluster: ICluster;
  /** Where the backups go. */
  readonly storage: BackupStorage;
  /** How the pods authenticate to the store. */
  readonly credentials: BackupCredentials;
  /**
   * When base backups run (UTC), 5 fields of numbers, `*` and `/step`.
   * @default - daily at 01:00 (`0 1 * * *`)
   */
  readonly schedule?: Cron;
  /**
   * Spilo's `BACKUP_NUM_TO_RETAIN`, which Spilo applies as a count **and** a number of days: a base backup (and
   * the WAL only it needs) is deleted only when it is older than the newest backup that is at least N days old,
   * and at least N backups are younger than N days (`postgres_backup.sh`, N at least 2). So the archive keeps
   * at least N base backups **and** at least N days of point-in-time recovery: with a daily schedule N + 2 base
   * backups right after a run (7 → 9), with an hourly one 24 × N + 2 (14 → 338). Size the bucket for that.
   * @default 7 (7 backups and 7 days)
   */
  readonly retention?: number;
  /**
   * Compression.
   * @default WalgCompression.LZ4
   */
  readonly compression?: WalgCompression;
  /**
   * Delta backups: up to this many incremental backups between full ones.
   * @default - full backups only
   */
  readonly deltaMaxSteps?: number;
  /**
   * Parallel upload streams.
   * @default - the number of CPUs (Spilo)
   */
  readonly uploadConcurrency?: number;
  /**
   * Parallel download streams (restores, clones, standbys).
   * @default - the number of CPUs (Spilo)
   */
  readonly downloadConcurrency?: number;
  /**
   * Parallel disk reads during backups.
   * @default 1 (WAL-G)
   */
  readonly uploadDiskConcurrency?: number;
  /**
   * Take base backups on a replica instead of the primary.
   * @default false
   */
  readonly backupFromReplica?: boolean;
  /**
   * Client-side encryption with a libsodium key from a Secret.
   * @default - none (server-side encryption of the store only)
   */
  readonly encryption?: BackupEncryption;
  /**
   * Appended to the cluster name in the archive path (`spilo/<cluster><suffix>/wal/<major>`). Change it when
   * a cluster is recreated under the same name, so that the new timeline does not collide with the old
   * archive (which stays readable under the old suffix).
   * @default - none
   */
  readonly scopeSuffix?: string;
  /**
   * The ServiceAccount of the Spilo pods, declared with the Google service account annotation for GKE Workload
   * Identity (the only credentials that need a ServiceAccount the library declares, since the operator owns the
   * IRSA annotation). It must be the operator's `pod_service_account_name`: leave it out to use that.
   * @default - the `pod_service_account_name` of the operator that manages the cluster (`postgres-pod` in the chart)
   */
  readonly podServiceAccountName?: string;
}

/**
 * Continuous WAL archiving and scheduled base backups with WAL-G, configured per cluster through the
 * cluster's environment: no change to the operator's global configuration is needed (IRSA aside: the
 * operator's `irsa_role_arn` must be the role of `BackupCredentials.awsIrsa`).
 *
 * It sets what users forget: `USE_WALG_BACKUP`/`USE_WALG_RESTORE`, the explicit `WALG_*_PREFIX`,
 * `WAL_BUCKET_SCOPE_PREFIX=""` and a stable suffix (no operator UID, so clones and standbys elsewhere find the
 * archive at `walPath`), region, and for S3-compatible stores the endpoint with the addressing scheme
 * Spilo reads (`https+path://` or `https+virtualhost://`). For GKE Workload Identity it declares the namespace's
 * pod ServiceAccount with the identity annotation. It registers the archive as the cluster's backup feature,
 * which monitoring and network policies read (a `ClusterNetworkPolicy` opens the store and, for keyless
 * credentials, the node-local token endpoint).
 */
export class WalgBackup extends Construct {
  /** The cluster backed up. */
  public readonly cluster: ICluster;
  /** The archive, for clones and standbys. */
  public readonly location: BackupLocation;
  /** Base backup schedule. */
  public readonly schedule: string;
  /** Spilo's `BACKUP_NUM_TO_RETAIN`: the minimum number of base backups kept, and the number of days kept. */
  public readonly retention: number;

  constructor(scope: Construct, id: string, props: WalgBackupProps) {
    super(scope, id);
    const { cluster, storage, credentials } = props;
    this.cluster = cluster;
    checkStorage(this, 'storage', storage); // before the location is built from it
    this.location = BackupLocation.of({
      storage,
      credentials,
      clusterName: cluster.name,
      version: cluster.version,
      scopeSuffix: props.scopeSuffix,
      encryption: props.encryption,
    });
    checkLocation(this, '', this.location);
    requireOperatorIrsaRole(this, cluster, 'credentials', credentials);

    this.schedule = props.schedule?.expressionString ?? '0 1 * * *';
    checkCron(this, 'schedule', this.schedule);
    this.retention = checkInteger(this, 'retention', props.retention ?? 7, { min: 1, max: 10000, fix: 'keep e.g. 7 (base backups, and days).' });
    for (const key of ['deltaMaxSteps', 'uploadConcurrency', 'downloadConcurrency', 'uploadDiskConcurrency'] as const) {
      if (props[key] !== undefined) checkInteger(this, key, props[key], { min: 1, max: 1000, fix: `set ${key} to a whole number from 1.` });
    }
    if (props.compression !== undefined && !(Object.values(WalgCompression) as string[]).includes(props.compression)) {
      fail(this, { rule: RuleCode.BACKUP_INVALID, property: 'compression', problem: 'not a compression method.', value: show(props.compression), fix: 'use WalgCompression values.' });
    }

    const archive = archiveEnvironment(this.location, ArchiveUse.BACKUP);
    for (const e of archive.env) cluster.addEnv(this, e);
    for (const v of archive.volumes) cluster.addVolume(this, v);
    const tuning: Record<string, string | undefined> = {
      BACKUP_SCHEDULE: this.schedule,
      BACKUP_NUM_TO_RETAIN: `${this.retention}`,
      WALG_COMPRESSION_METHOD: props.compression ?? WalgCompression.LZ4,
      WALG_DELTA_MAX_STEPS: props.deltaMaxSteps?.toString(),
      WALG_UPLOAD_CONCURRENCY: props.uploadConcurrency?.toString(),
      WALG_DOWNLOAD_CONCURRENCY: props.downloadConcurrency?.toString(),
      WALG_UPLOAD_DISK_CONCURRENCY: props.uploadDiskConcurrency?.toString(),
      WALG_BACKUP_FROM_REPLICA: props.backupFromReplica ? 'true' : undefined,
    };
    for (const [name, value] of Object.entries(tuning)) {
      if (value !== undefined) cluster.addEnv(this, { name, value });
    }
    bindIdentity(this, cluster, credentials, props.podServiceAccountName);
    cluster.features.registerArchive(this, { location: this.location, schedule: this.schedule, retention: this.retention });
  }

  /** The store. */
  public get storage(): BackupStorage {
    return this.location.storage;
  }

  /** The credentials. */
  public get credentials(): BackupCredentials {
    return this.location.credentials;
  }

  /** The archive location: `<scheme>://<bucket>[/<prefix>]/spilo/<cluster><suffix>/wal/<major>`. */
  public get walPath(): string {
    return this.location.walPath;
  }

  /**
   * The cloud permissions the pods' identity needs on the store, as JSON to hand to your cloud IaC:
   * an IAM policy document (AWS), a role binding (GCS) or a role assignment (Azure).
   */
  public permissionsJson(): string {
    return permissionsJson(this.storage, this.location);
  }
}

const AZURE_PRINCIPAL: Record<string, string> = {
  [BackupCredentialsKind.AZURE_MANAGED_IDENTITY]: '<the managed identity IMDS returns to the nodes>',
  [BackupCredentialsKind.AZURE_SERVICE_PRINCIPAL]: '<the service principal>',
};

function permissionsJson(storage: BackupStorage, location: BackupLocation): string {
  const objectPath = location.walPath.replace(/^[a-z]+:\/\/[^/]+\//, '');
  switch (storage.kind) {
    case BackupStorageKind.S3: {
      const bucketArn = `arn:aws:s3:::${storage.bucket}`;
      const statements: any[] = [{
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:GetObject', 's3:ListBucket', 's3:DeleteObject', 's3:GetBucketLocation'],
        Resource: [bucketArn, `${bucketArn}/*`],
      }];
      if (storage.s3Options?.encryption?.kmsKeyId) {
        statements.push({ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'], Resource: [storage.s3Options.encryption.kmsKeyId] });
      }
      return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
    }
    case BackupStorageKind.GCS:
      return JSON.stringify({
        bucket: `gs://${storage.bucket}`,
        role: 'roles/storage.objectAdmin',
        member: location.credentials.kind === BackupCredentialsKind.GKE_WORKLOAD_IDENTITY
          ? `serviceAccount:${location.credentials.identity}` : 'serviceAccount:<the key\'s service account>',
        objects: `${objectPath}/**`,
      }, null, 2);
    default:
      return JSON.stringify({
        scope: `/subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/${storage.storageAccount}/blobServices/default/containers/${storage.bucket}`,
        role: 'Storage Blob Data Contributor',
        principal: AZURE_PRINCIPAL[location.credentials.kind] ?? '<the storage account key or SAS token needs no role>',
      }, null, 2);
  }
}
