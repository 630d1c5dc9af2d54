/**
 * Storage x credentials x feature (backup, clone, standby): the exact environment rendered, including the
 * CLONE_/STANDBY_ mirrors; with the operator's own clone/standby variables added (the operator model in
 * src/model/spilo-model), no name is set twice and every backup setting a reader needs is mirrored.
 */
import { Chart } from 'cdk8s';
import {
  BackupCredentials,
  BackupLocation,
  BackupStorage,
  Cluster,
  PointInTime,
  PostgresVersion,
  Restore,
  S3Encryption,
  StandbyCluster,
  StandbySource,
  WalgBackup,
} from '../../src';
import { compact, generateSpiloPodEnvVars, spiloModel, SpiloModel, WalgView } from '../../src/model/spilo-model';
import { newChart, only, synthValid } from '../support/synth';

const V = PostgresVersion.V17;
const TS = '2026-04-11T14:30:00+00:00';
const TUNING = ['BACKUP_SCHEDULE=0 1 * * *', 'BACKUP_NUM_TO_RETAIN=7', 'WALG_COMPRESSION_METHOD=lz4'];
const IRSA_ROLE = 'arn:aws:iam::123456789012:role/pg-backup';

interface Row {
  readonly name: string;
  readonly storage: () => BackupStorage;
  readonly credentials: () => BackupCredentials;
  readonly backup: string[];
  readonly clone: string[];
  readonly cloneSection: any;
  readonly standby?: string[];
  readonly standbySection?: any;
  readonly serviceAccountAnnotation?: Record<string, string>;
  readonly volumes?: { backup: string[]; clone: string[] };
  /** What WAL-G sees for every use (through the model). */
  readonly view: Partial<WalgView>;
  /** The operator's irsa_role_arn (declared in the app; WAL-G 3.0.6 in the model). */
  readonly operatorRole?: string;
}

const S3_PATH = 's3://pg-backups/spilo/acid-main/wal/17';
const MINIO_PATH = 's3://pg-backups/prod/spilo/acid-main/wal/17';
const GS_PATH = 'gs://pg-backups/spilo/acid-main/wal/17';
const AZ_PATH = 'azure://wal/spilo/acid-main/wal/17';

const rows: Row[] = [
  {
    name: 'AWS S3 with IRSA',
    storage: () => BackupStorage.s3({ bucket: 'pg-backups', region: 'us-east-1' }),
    credentials: () => BackupCredentials.awsIrsa(IRSA_ROLE),
    // no AWS_ROLE_ARN / AWS_WEB_IDENTITY_TOKEN_FILE: the EKS webhook injects them, the operator the CLONE_/STANDBY_ ones
    backup: [
      'USE_WALG_BACKUP=true', 'USE_WALG_RESTORE=true', `WALG_S3_PREFIX=${S3_PATH}`, `WALE_S3_PREFIX=${S3_PATH}`, 'AWS_REGION=us-east-1',
      'WALG_S3_SSE=AES256', 'WAL_BUCKET_SCOPE_PREFIX=', 'WAL_BUCKET_SCOPE_SUFFIX=', 'AWS_STS_REGIONAL_ENDPOINTS=regional', ...TUNING,
    ],
    clone: ['CLONE_USE_WALG_RESTORE=true', `CLONE_WALG_S3_PREFIX=${S3_PATH}`, 'CLONE_AWS_REGION=us-east-1', 'CLONE_AWS_STS_REGIONAL_ENDPOINTS=regional'],
    cloneSection: { cluster: 'acid-main', timestamp: TS, s3_wal_path: S3_PATH },
    standby: ['STANDBY_USE_WALG_RESTORE=true', `STANDBY_WALG_S3_PREFIX=${S3_PATH}`, 'STANDBY_AWS_REGION=us-east-1', 'STANDBY_AWS_STS_REGIONAL_ENDPOINTS=regional'],
    standbySection: { s3_wal_path: S3_PATH },
    view: { store: 's3', prefix: S3_PATH, credentials: 'web-identity' },
    operatorRole: IRSA_ROLE,
  },
  {
    name: 'S3-compatible (MinIO) with keys from a Secret',
    storage: () => BackupStorage.s3({
      bucket: 'pg-backups', region: 'us-east-1', prefix: '/prod/', endpoint: 'https://minio.storage.svc:9000', encryption: S3Encryption.none(),
    }),
    credentials: () => BackupCredentials.fromSecret('minio-creds'),
    backup: [
      'USE_WALG_BACKUP=true', 'USE_WALG_RESTORE=true', `WALG_S3_PREFIX=${MINIO_PATH}`, `WALE_S3_PREFIX=${MINIO_PATH}`, 'AWS_REGION=us-east-1',
      'AWS_ENDPOINT=https://minio.storage.svc:9000', 'WALE_S3_ENDPOINT=https+path://minio.storage.svc:9000', 'AWS_S3_FORCE_PATH_STYLE=true',
      'WALG_DISABLE_S3_SSE=true', 'WAL_BUCKET_SCOPE_PREFIX=', 'WAL_BUCKET_SCOPE_SUFFIX=',
      'AWS_ACCESS_KEY_ID<-minio-creds/AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY<-minio-creds/AWS_SECRET_ACCESS_KEY', ...TUNING,
    ],
    // the endpoint with its addressing scheme is ours: the clone section has no s3_endpoint (the operator would
    // copy it raw into CLONE_AWS_ENDPOINT and CLONE_WALE_S3_ENDPOINT)
    clone: [
      'CLONE_USE_WALG_RESTORE=true', `CLONE_WALG_S3_PREFIX=${MINIO_PATH}`, 'CLONE_AWS_REGION=us-east-1',
      'CLONE_AWS_ENDPOINT=https://minio.storage.svc:9000', 'CLONE_WALE_S3_ENDPOINT=https+path://minio.storage.svc:9000', 'CLONE_AWS_S3_FORCE_PATH_STYLE=true',
      'CLONE_AWS_ACCESS_KEY_ID<-minio-creds/AWS_ACCESS_KEY_ID', 'CLONE_AWS_SECRET_ACCESS_KEY<-minio-creds/AWS_SECRET_ACCESS_KEY',
    ],
    cloneSection: { cluster: 'acid-main', timestamp: TS, s3_wal_path: MINIO_PATH },
    standby: [
      'STANDBY_USE_WALG_RESTORE=true', `STANDBY_WALG_S3_PREFIX=${MINIO_PATH}`, 'STANDBY_AWS_REGION=us-east-1',
      'STANDBY_AWS_ENDPOINT=https://minio.storage.svc:9000', 'STANDBY_WALE_S3_ENDPOINT=https+path://minio.storage.svc:9000',
      'STANDBY_AWS_S3_FORCE_PATH_STYLE=true',
      'STANDBY_AWS_ACCESS_KEY_ID<-minio-creds/AWS_ACCESS_KEY_ID', 'STANDBY_AWS_SECRET_ACCESS_KEY<-minio-creds/AWS_SECRET_ACCESS_KEY',
    ],
    standbySection: { s3_wal_path: MINIO_PATH },
    view: { store: 's3', prefix: MINIO_PATH, credentials: 'static-keys', endpoint: 'https://minio.storage.svc:9000', pathStyle: true },
  },
  {
    name: 'S3-compatible, virtual-hosted, SSE asked for',
    storage: () => BackupStorage.s3({
      bucket: 'pg-backups', region: 'auto', endpoint: 'https://objects.example.com', forcePathStyle: false, encryption: S3Encryption.sseS3(),
    }),
    credentials: () => BackupCredentials.fromSecret('s3-creds', { accessKeyId: 'id', secretAccessKey: 'secret' }),
    backup: [
      'USE_WALG_BACKUP=true', 'USE_WALG_RESTORE=true', `WALG_S3_PREFIX=${S3_PATH}`, `WALE_S3_PREFIX=${S3_PATH}`, 'AWS_REGION=auto',
      'AWS_ENDPOINT=https://objects.example.com', 'WALE_S3_ENDPOINT=https+virtualhost://objects.example.com', 'AWS_S3_FORCE_PATH_STYLE=false',
      'WALG_S3_SSE=AES256', 'WAL_BUCKET_SCOPE_PREFIX=', 'WAL_BUCKET_SCOPE_SUFFIX=',
      'AWS_ACCESS_KEY_ID<-s3-creds/id', 'AWS_SECRET_ACCESS_KEY<-s3-creds/secret', ...TUNING,
    ],
    clone: [
      'CLONE_USE_WALG_RESTORE=true', `CLONE_WALG_S3_PREFIX=${S3_PATH}`, 'CLONE_AWS_REGION=auto',
      'CLONE_AWS_ENDPOINT=https://objects.example.com', 'CLONE_WALE_S3_ENDPOINT=https+virtualhost://objects.example.com', 'CLONE_AWS_S3_FORCE_PATH_STYLE=false',
      'CLONE_AWS_ACCESS_KEY_ID<-s3-creds/id', 'CLONE_AWS_SECRET_ACCESS_KEY<-s3-creds/secret',
    ],
    cloneSection: { cluster: 'acid-main', timestamp: TS, s3_wal_path: S3_PATH },
    standby: [
      'STANDBY_USE_WALG_RESTORE=true', `STANDBY_WALG_S3_PREFIX=${S3_PATH}`, 'STANDBY_AWS_REGION=auto',
      'STANDBY_AWS_ENDPOINT=https://objects.example.com', 'STANDBY_WALE_S3_ENDPOINT=https+virtualhost://objects.example.com', 'STANDBY_AWS_S3_FORCE_PATH_STYLE=false',
      'STANDBY_AWS_ACCESS_KEY_ID<-s3-creds/id', 'STANDBY_AWS_SECRET_ACCESS_KEY<-s3-creds/secret',
    ],
    standbySection: { s3_wal_path: S3_PATH },
    view: { store: 's3', prefix: S3_PATH, credentials: 'static-keys', endpoint: 'https://objects.example.com', pathStyle: false },
  },
  {
    name: 'GCS with GKE Workload Identity',
    storage: () => BackupStorage.gcs({ bucket: 'pg-backups' }),
    credentials: () => BackupCredentials.gkeWorkloadIdentity('pg-backup@proj.iam.gserviceaccount.com'),
    backup: [
      'USE_WALG_BACKUP=true', 'USE_WALG_RESTORE=true', `WALG_GS_PREFIX=${GS_PATH}`, `WALE_GS_PREFIX=${GS_PATH}`,
      'WAL_BUCKET_SCOPE_PREFIX=', 'WAL_BUCKET_SCOPE_SUFFIX=', ...TUNING,
    ],
    clone: ['CLONE_USE_WALG_RESTORE=true', `CLONE_WALG_GS_PREFIX=${GS_PATH}`, `CLONE_WALE_GS_PREFIX=${GS_PATH}`],
    cloneSection: { cluster: 'acid-main', timestamp: TS },
    standby: ['STANDBY_USE_WALG_RESTORE=true', `STANDBY_WALG_GS_PREFIX=${GS_PATH}`],
    standbySection: { gs_wal_path: GS_PATH },
    serviceAccountAnnotation: { 'iam.gke.io/gcp-service-account': 'pg-backup@proj.iam.gserviceaccount.com' },
    view: { store: 'gs', prefix: GS_PATH, credentials: 'gcp-metadata-server' },
  },
  {
    name: 'GCS with a service account key from a Secret',
    storage: () => BackupStorage.gcs({ bucket: 'pg-backups' }),
    credentials: () => BackupCredentials.fromSecret('gcs-key', { serviceAccountKey: 'sa.json' }),
    backup: [
      'USE_WALG_BACKUP=true', 'USE_WALG_RESTORE=true', `WALG_GS_PREFIX=${GS_PATH}`, `WALE_GS_PREFIX=${GS_PATH}`,
      'WAL_BUCKET_SCOPE_PREFIX=', 'WAL_BUCKET_SCOPE_SUFFIX=', 'GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/google/sa.json', ...TUNING,
    ],
    clone: [
      'CLONE_USE_WALG_RESTORE=true', `CLONE_WALG_GS_PREFIX=${GS_PATH}`, `CLONE_WALE_GS_PREFIX=${GS_PATH}`,
      'CLONE_GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/google-clone/sa.json',
    ],
    cloneSection: { cluster: 'acid-main', timestamp: TS },
    standby: [
      'STANDBY_USE_WALG_RESTORE=true', `STANDBY_WALG_GS_PREFIX=${GS_PATH}`,
      'STANDBY_GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/google-standby/sa.json',
    ],
    standbySection: { gs_wal_path: GS_PATH },
    volumes: { backup: ['gcs-credentials:/var/secrets/google<-gcs-key'], clone: ['gcs-credentials-clone:/var/secrets/google-clone<-gcs-key'] },
    view: { store: 'gs', prefix: GS_PATH, credentials: 'service-account-key' },
  },
  {
    name: 'Azure Blob with the managed identity IMDS returns',
    storage: () => BackupStorage.azure({ storageAccount: 'pgbackups', container: 'wal' }),
    credentials: () => BackupCredentials.azureManagedIdentity(),
    backup: [
      'USE_WALG_BACKUP=true', 'USE_WALG_RESTORE=true', `WALG_AZ_PREFIX=${AZ_PATH}`, 'AZURE_STORAGE_ACCOUNT=pgbackups',
      'WAL_BUCKET_SCOPE_PREFIX=', 'WAL_BUCKET_SCOPE_SUFFIX=', ...TUNING,
    ],
    clone: ['CLONE_USE_WALG_RESTORE=true', `CLONE_WALG_AZ_PREFIX=${AZ_PATH}`, 'CLONE_AZURE_STORAGE_ACCOUNT=pgbackups'],
    cloneSection: { cluster: 'acid-main', timestamp: TS },
    view: { store: 'az', prefix: AZ_PATH, credentials: 'azure-default-identity' },
  },
  {
    name: 'Azure Blob with a service principal from a Secret',
    storage: () => BackupStorage.azure({ storageAccount: 'pgbackups', container: 'wal' }),
    credentials: () => BackupCredentials.azureServicePrincipal('az-sp', { clientSecret: 'password' }),
    backup: [
      'USE_WALG_BACKUP=true', 'USE_WALG_RESTORE=true', `WALG_AZ_PREFIX=${AZ_PATH}`, 'AZURE_STORAGE_ACCOUNT=pgbackups',
      'WAL_BUCKET_SCOPE_PREFIX=', 'WAL_BUCKET_SCOPE_SUFFIX=',
      'AZURE_CLIENT_ID<-az-sp/AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET<-az-sp/password', 'AZURE_TENANT_ID<-az-sp/AZURE_TENANT_ID', ...TUNING,
    ],
    clone: [
      'CLONE_USE_WALG_RESTORE=true', `CLONE_WALG_AZ_PREFIX=${AZ_PATH}`, 'CLONE_AZURE_STORAGE_ACCOUNT=pgbackups',
      'CLONE_AZURE_CLIENT_ID<-az-sp/AZURE_CLIENT_ID', 'CLONE_AZURE_CLIENT_SECRET<-az-sp/password', 'CLONE_AZURE_TENANT_ID<-az-sp/AZURE_TENANT_ID',
    ],
    cloneSection: { cluster: 'acid-main', timestamp: TS },
    view: { store: 'az', prefix: AZ_PATH, credentials: 'service-principal' },
  },
  {
    name: 'Azure Blob with a SAS token from a Secret',
    storage: () => BackupStorage.azure({ storageAccount: 'pgbackups', container: 'wal' }),
    credentials: () => BackupCredentials.fromSecret('az-sas', { sasToken: 'sas' }),
    backup: [
      'USE_WALG_BACKUP=true', 'USE_WALG_RESTORE=true', `WALG_AZ_PREFIX=${AZ_PATH}`, 'AZURE_STORAGE_ACCOUNT=pgbackups',
      'WAL_BUCKET_SCOPE_PREFIX=', 'WAL_BUCKET_SCOPE_SUFFIX=', 'AZURE_STORAGE_SAS_TOKEN<-az-sas/sas', ...TUNING,
    ],
    clone: [
      'CLONE_USE_WALG_RESTORE=true', `CLONE_WALG_AZ_PREFIX=${AZ_PATH}`, 'CLONE_AZURE_STORAGE_ACCOUNT=pgbackups',
      'CLONE_AZURE_STORAGE_SAS_TOKEN<-az-sas/sas',
    ],
    cloneSection: { cluster: 'acid-main', timestamp: TS },
    view: { store: 'az', prefix: AZ_PATH, credentials: 'sas-token' },
  },
];

/** Backup settings that only the writer needs (everything else must be mirrored for readers). */
const WRITER_ONLY = new Set([
  'USE_WALG_BACKUP', 'WALG_S3_SSE', 'WALG_S3_SSE_KMS_ID', 'WALG_DISABLE_S3_SSE', 'WAL_BUCKET_SCOPE_SUFFIX',
  'BACKUP_SCHEDULE', 'BACKUP_NUM_TO_RETAIN', 'WALG_COMPRESSION_METHOD',
]);

function location(row: Row): BackupLocation {
  return BackupLocation.of({ storage: row.storage(), credentials: row.credentials(), clusterName: 'acid-main', version: V });
}

/** A chart with the operator the row needs declared in the app. */
function chartFor(row: Row): Chart {
  return newChart('db', { operator: row.operatorRole ? { configAwsOrGcp: { irsaRoleArn: row.operatorRole } } : {} }).chart;
}

/** The model under the row's operator; no duplicate env names, no roll on every sync, and the view WAL-G must see. */
function expectModel(pg: any, row: Row, use: 'backup' | 'clone' | 'standby'): SpiloModel {
  const model = spiloModel(pg, row.operatorRole ? { settings: { irsaRoleArn: row.operatorRole }, walgVersion: '3.0.6' } : {});
  expect(model.duplicates).toEqual([]);
  expect(model.rolls).toEqual([]);
  const walPath = location(row).walPath;
  expect(model.walg[use]).toMatchObject({ tool: 'wal-g', ...row.view, prefix: walPath, problems: [] });
  return model;
}

function volumes(spec: any): string[] {
  return (spec.additionalVolumes ?? []).map((v: any) => `${v.name}:${v.mountPath}<-${v.volumeSource.secret?.secretName}`);
}

describe.each(rows)('$name', (row) => {
  test('backup: exact environment, ServiceAccount identity, archive path', () => {
    const chart = chartFor(row);
    const cluster = new Cluster(chart, 'main', { teamId: 'acid', version: V });
    const backup = new WalgBackup(chart, 'Backup', { cluster, storage: row.storage(), credentials: row.credentials() });
    const objects = synthValid(chart);
    const pg = only(objects, 'postgresql');
    const spec = pg.spec;
    expect(compact(spec.env)).toEqual(row.backup);
    expectModel(pg, row, 'backup');
    expect(backup.walPath).toBe(location(row).walPath);
    if (row.volumes) expect(volumes(spec)).toEqual(row.volumes.backup);
    const sa = objects.filter((o) => o.kind === 'ServiceAccount');
    if (row.serviceAccountAnnotation) {
      expect(sa).toEqual([{
        apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'postgres-pod', namespace: 'db', annotations: row.serviceAccountAnnotation },
      }]);
    } else {
      expect(sa).toEqual([]);
    }
  });

  test('clone: exact environment and clone section; mirrors complete, nothing set twice', () => {
    const chart = chartFor(row);
    new Cluster(chart, 'clone', { teamId: 'acid', version: V, restore: Restore.fromBackup(location(row), PointInTime.parse(TS)) });
    const pg = only(synthValid(chart), 'postgresql');
    const spec = pg.spec;
    expect(compact(spec.env)).toEqual(row.clone);
    expect(spec.clone).toEqual(row.cloneSection);
    const env = generateSpiloPodEnvVars(pg).env;
    expectModel(pg, row, 'clone');
    if (row.volumes) expect(volumes(spec)).toEqual(row.volumes.clone);
    // every reader-relevant backup variable has its CLONE_ twin (from us or from the operator)
    const names = new Set(env.map((e) => e.name));
    const missing = row.backup.map((e) => e.split(/=|<-/)[0]).filter((n) => !WRITER_ONLY.has(n) && !names.has(`CLONE_${n}`));
    expect(missing).toEqual([]);
  });

  if (row.standby) {
    test('standby: exact environment and standby section; mirrors complete, nothing set twice', () => {
      const chart = chartFor(row);
      new StandbyCluster(chart, 'standby', { teamId: 'acid', version: V, source: StandbySource.fromArchive(location(row)) });
      const pg = only(synthValid(chart), 'postgresql');
      const spec = pg.spec;
      expect(compact(spec.env)).toEqual(row.standby);
      expect(spec.standby).toEqual(row.standbySection);
      const env = generateSpiloPodEnvVars(pg).env;
      expectModel(pg, row, 'standby');
      const names = new Set(env.map((e) => e.name));
      const missing = row.backup.map((e) => e.split(/=|<-/)[0]).filter((n) => !WRITER_ONLY.has(n) && !names.has(`STANDBY_${n}`));
      expect(missing).toEqual([]);
    });
  } else {
    test('standby: the CRD has no Azure archive source, so it is a ValidationError', () => {
      const { chart } = newChart();
      expect(() => new StandbyCluster(chart, 'standby', { teamId: 'acid', version: V, source: StandbySource.fromArchive(location(row)) }))
        .toThrow(/\[test\/standby\] source: the operator cannot follow an Azure archive.*Fix: use StandbySource.fromHost/);
    });
  }
});
