/**
 * The library's current output run through the operator/Spilo/WAL-G model (test/support/spilo-model.ts):
 * storage × credentials × use (backup, clone, standby, promoted standby) × operator settings (defaults, an
 * operator-wide IRSA role, a global bucket of each store), and every example.
 *
 * Expected values are written by hand from the library's documented promise (the archive path format
 * `<scheme>://<bucket>[/<prefix>]/spilo/<cluster>/wal/<major>`, the store and credentials the user chose) and
 * from ZALANDO-FACTS. A cell is asserted only where the library already keeps its promise; the cells where the
 * model shows that it does not are listed in KNOWN_WRONG with the reason (issue 10). When a fix lands, remove
 * its entry so that the cell is asserted from then on.
 */
import { Chart, Cron, Testing } from 'cdk8s';
import {
  BackupCredentials,
  BackupEncryption,
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
  WalgCompression,
} from '../../src';
import { exampleNames, synthExampleObjects } from '../support/examples';
import { envChange, OperatorSettings, spiloModel, SpiloModel, WalgView } from '../support/spilo-model';
import { newChart } from '../support/synth';

const V = PostgresVersion.V17;
const TS = '2026-04-11T14:30:00+00:00';
const ROLE = 'arn:aws:iam::123456789012:role/pg-backup';
const OPERATOR_ROLE = 'arn:aws:iam::999999999999:role/postgres-operator-pods';
const UID = '0f0e0d0c-0b0a-4090-8070-605040302010';

type Use = 'backup' | 'clone' | 'standby' | 'promoted';
const USES: Use[] = ['backup', 'clone', 'standby', 'promoted'];

const SETTINGS: Record<string, OperatorSettings> = {
  'default operator': {},
  'operator irsa_role_arn': { irsaRoleArn: OPERATOR_ROLE },
  'global wal_s3_bucket': { walS3Bucket: 'global-s3' },
  'global wal_gs_bucket': { walGsBucket: 'global-gs' },
  'global wal_az_storage_account': { walAzStorageAccount: 'globalaccount' },
};

interface Row {
  readonly name: string;
  readonly storage: () => BackupStorage;
  readonly credentials: () => BackupCredentials;
  /** What WAL-G must see for every use (the user's store, path and credentials). */
  readonly view: Partial<WalgView>;
  /** Extra expectations for the writer (backup) only. */
  readonly backupView?: Partial<WalgView>;
}

const S3_PATH = 's3://pg-backups/spilo/acid-main/wal/17';
const aws = () => BackupStorage.s3({ bucket: 'pg-backups', region: 'us-east-1' });
const azure = () => BackupStorage.azure({ storageAccount: 'pgbackups', container: 'wal' });
const s3Keys = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];

const ROWS: Row[] = [
  {
    name: 'S3 + IRSA',
    storage: aws,
    credentials: () => BackupCredentials.awsIrsa(ROLE),
    view: { store: 's3', tool: 'wal-g', prefix: S3_PATH, credentials: 'web-identity', credentialVars: ['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE'], pathStyle: false, region: 'us-east-1' },
    backupView: { sse: 'AES256' },
  },
  {
    name: 'S3 + keys from a Secret',
    storage: aws,
    credentials: () => BackupCredentials.fromSecret('aws-creds'),
    view: { store: 's3', tool: 'wal-g', prefix: S3_PATH, credentials: 'static-keys', credentialVars: s3Keys, pathStyle: false, region: 'us-east-1' },
    backupView: { sse: 'AES256' },
  },
  {
    name: 'S3-compatible, path style (MinIO)',
    storage: () => BackupStorage.s3({
      bucket: 'pg-backups', region: 'us-east-1', prefix: 'prod', endpoint: 'https://minio.storage.svc:9000', encryption: S3Encryption.none(),
    }),
    credentials: () => BackupCredentials.fromSecret('minio-creds'),
    view: {
      store: 's3',
      tool: 'wal-g',
      prefix: 's3://pg-backups/prod/spilo/acid-main/wal/17',
      credentials: 'static-keys',
      credentialVars: s3Keys,
      endpoint: 'https://minio.storage.svc:9000',
      pathStyle: true,
      sse: undefined,
    },
  },
  {
    name: 'S3-compatible, default encryption',
    storage: () => BackupStorage.s3({ bucket: 'pg-backups', region: 'us-east-1', endpoint: 'https://minio.storage.svc:9000' }),
    credentials: () => BackupCredentials.fromSecret('minio-creds'),
    // Spilo's own default for a custom endpoint: no server-side encryption header (configure_spilo.py, §g.5)
    view: { store: 's3', tool: 'wal-g', prefix: S3_PATH, credentials: 'static-keys', endpoint: 'https://minio.storage.svc:9000', pathStyle: true, sse: undefined },
  },
  {
    name: 'S3-compatible, virtual-hosted',
    storage: () => BackupStorage.s3({
      bucket: 'pg-backups', region: 'us-east-1', endpoint: 'https://s3.example.com', forcePathStyle: false, encryption: S3Encryption.none(),
    }),
    credentials: () => BackupCredentials.fromSecret('s3-creds'),
    view: { store: 's3', tool: 'wal-g', prefix: S3_PATH, credentials: 'static-keys', endpoint: 'https://s3.example.com', pathStyle: false, sse: undefined },
  },
  {
    name: 'GCS + Workload Identity',
    storage: () => BackupStorage.gcs({ bucket: 'pg-backups' }),
    credentials: () => BackupCredentials.gkeWorkloadIdentity('pg-backup@proj.iam.gserviceaccount.com'),
    view: { store: 'gs', tool: 'wal-g', prefix: 'gs://pg-backups/spilo/acid-main/wal/17', credentials: 'gcp-metadata-server', credentialVars: [] },
  },
  {
    name: 'GCS + key from a Secret',
    storage: () => BackupStorage.gcs({ bucket: 'pg-backups' }),
    credentials: () => BackupCredentials.fromSecret('gcs-key', { serviceAccountKey: 'sa.json' }),
    view: { store: 'gs', tool: 'wal-g', prefix: 'gs://pg-backups/spilo/acid-main/wal/17', credentials: 'service-account-key', credentialVars: ['GOOGLE_APPLICATION_CREDENTIALS'] },
  },
  {
    name: 'Azure + the identity IMDS returns',
    storage: azure,
    credentials: () => BackupCredentials.azureManagedIdentity(),
    view: { store: 'az', tool: 'wal-g', prefix: 'azure://wal/spilo/acid-main/wal/17', credentials: 'azure-default-identity', credentialVars: [] },
  },
  {
    name: 'Azure + managed identity by client id',
    storage: azure,
    credentials: () => BackupCredentials.azureManagedIdentity('11111111-2222-3333-4444-555555555555'),
    // cannot work with Spilo 4.0-p3 (§g.3): the promise is a validation error
    view: {},
  },
  {
    name: 'Azure + Workload Identity',
    storage: azure,
    credentials: () => BackupCredentials.azureWorkloadIdentity('99999999-2222-3333-4444-555555555555'),
    view: {},
  },
  {
    name: 'Azure + SAS token from a Secret',
    storage: azure,
    credentials: () => BackupCredentials.fromSecret('az-sas', { sasToken: 'sas' }),
    view: { store: 'az', tool: 'wal-g', prefix: 'azure://wal/spilo/acid-main/wal/17', credentials: 'sas-token', credentialVars: ['AZURE_STORAGE_SAS_TOKEN'] },
  },
  {
    name: 'Azure + account key from a Secret',
    storage: azure,
    credentials: () => BackupCredentials.fromSecret('az-key'),
    view: { store: 'az', tool: 'wal-g', prefix: 'azure://wal/spilo/acid-main/wal/17', credentials: 'account-key', credentialVars: ['AZURE_STORAGE_ACCESS_KEY'] },
  },
];

/**
 * Cells where the model shows that the library does not keep its promise today (issue 10, phase 2). Each entry
 * is `row|use|settings` with `*` as a wildcard, and the reason.
 */
const KNOWN_WRONG: Array<[string, string]> = [
  ['S3 + IRSA|*|*', 'WAL-G 3.0.5 (Spilo 4.0-p3) fails sts:AssumeRole without RoleSessionName (§g.1, issue item 8); with default settings the operator also removes the SA annotation, so no token is mounted'],
  ['S3 + IRSA|clone|operator irsa_role_arn', 'our CLONE_AWS_ROLE_ARN differs from the operator\'s: duplicate env, rolling update on every sync (§g.1)'],
  ['S3 + IRSA|standby|operator irsa_role_arn', 'our STANDBY_AWS_ROLE_ARN differs from the operator\'s: duplicate env, rolling update on every sync (§g.1)'],
  ['S3 + keys from a Secret|*|operator irsa_role_arn', 'the EKS webhook injects AWS_ROLE_ARN into every pod of the annotated SA; WAL-G 3.0.5 then calls AssumeRole and fails'],
  ['S3-compatible, path style (MinIO)|*|operator irsa_role_arn', 'same: webhook-injected AWS_ROLE_ARN reaches the env-dir'],
  ['S3-compatible, default encryption|*|operator irsa_role_arn', 'same: webhook-injected AWS_ROLE_ARN reaches the env-dir'],
  ['S3-compatible, virtual-hosted|*|*', 'WALE_S3_ENDPOINT is rendered as plain https://: Spilo forces path style (§g.5, issue item 3)'],
  ['S3-compatible, default encryption|backup|*', 'WALG_S3_SSE=AES256 is rendered for a custom endpoint; Spilo\'s default there is no SSE (§g.5, issue item 3)'],
  ['GCS + Workload Identity|backup|global wal_s3_bucket', 'Spilo picks S3 first: the archive goes to the global S3 bucket (§g.2)'],
  ['GCS + Workload Identity|clone|global wal_s3_bucket', 'the operator adds CLONE_WAL_S3_BUCKET for clones without s3_wal_path: the clone reads S3 (§g.2)'],
  ['GCS + key from a Secret|backup|global wal_s3_bucket', 'Spilo picks S3 first (§g.2)'],
  ['GCS + key from a Secret|clone|global wal_s3_bucket', 'CLONE_WAL_S3_BUCKET wins (§g.2)'],
  ['Azure + the identity IMDS returns|backup|global wal_s3_bucket', 'Spilo picks S3 first (§g.2)'],
  ['Azure + the identity IMDS returns|backup|global wal_gs_bucket', 'Spilo picks GCS before Azure (§g.2)'],
  ['Azure + the identity IMDS returns|clone|global wal_s3_bucket', 'CLONE_WAL_S3_BUCKET wins (§g.2)'],
  ['Azure + the identity IMDS returns|clone|global wal_gs_bucket', 'CLONE_WAL_GS_BUCKET wins (§g.2)'],
  ['Azure + SAS token from a Secret|backup|global wal_s3_bucket', 'Spilo picks S3 first (§g.2)'],
  ['Azure + SAS token from a Secret|backup|global wal_gs_bucket', 'Spilo picks GCS before Azure (§g.2)'],
  ['Azure + SAS token from a Secret|clone|global wal_s3_bucket', 'CLONE_WAL_S3_BUCKET wins (§g.2)'],
  ['Azure + SAS token from a Secret|clone|global wal_gs_bucket', 'CLONE_WAL_GS_BUCKET wins (§g.2)'],
  ['Azure + account key from a Secret|backup|global wal_s3_bucket', 'Spilo picks S3 first (§g.2)'],
  ['Azure + account key from a Secret|backup|global wal_gs_bucket', 'Spilo picks GCS before Azure (§g.2)'],
  ['Azure + account key from a Secret|clone|global wal_s3_bucket', 'CLONE_WAL_S3_BUCKET wins (§g.2)'],
  ['Azure + account key from a Secret|clone|global wal_gs_bucket', 'CLONE_WAL_GS_BUCKET wins (§g.2)'],
  ['Azure + managed identity by client id|backup|*', 'renders AZURE_CLIENT_ID, which never reaches WAL-G; must be a validation error (§g.3, issue item 1)'],
  ['Azure + managed identity by client id|clone|*', 'same for CLONE_AZURE_CLIENT_ID (§g.3)'],
  ['Azure + Workload Identity|backup|*', 'the Workload Identity variables never reach WAL-G; must be a validation error (§g.3, issue item 1)'],
  ['Azure + Workload Identity|clone|*', 'same (§g.3)'],
  ['Azure + the identity IMDS returns|clone|global wal_az_storage_account', 'the operator appends CLONE_AZURE_STORAGE_ACCOUNT=<global> for clones without s3_wal_path: a duplicate of ours that rolls every sync, and the kubelet gives WAL-G the global account'],
  ['Azure + SAS token from a Secret|clone|global wal_az_storage_account', 'same duplicate CLONE_AZURE_STORAGE_ACCOUNT'],
  ['Azure + account key from a Secret|clone|global wal_az_storage_account', 'same duplicate CLONE_AZURE_STORAGE_ACCOUNT'],
  ['*|promoted|*', 'the promoted manifest keeps STANDBY_* env: Spilo still renders a standby bootstrap and env-standby (§g.4, issue item 2)'],
];

function knownWrong(row: string, use: Use, settings: string): string | undefined {
  const match = (pattern: string, v: string) => pattern === '*' || pattern === v;
  return KNOWN_WRONG.find(([key]) => {
    const [r, u, s] = key.split('|');
    return match(r, row) && match(u, use) && match(s, settings);
  })?.[1];
}

const location = (row: Row) => BackupLocation.of({ storage: row.storage(), credentials: row.credentials(), clusterName: 'acid-main', version: V });
const postgresqlOf = (chart: Chart) => Testing.synth(chart).find((o: any) => o.kind === 'postgresql');

/** Renders one use of a row with the library; throws what the library throws. */
function render(row: Row, use: Use): any {
  const { chart } = newChart();
  if (use === 'backup') {
    const cluster = new Cluster(chart, 'main', { teamId: 'acid', version: V });
    new WalgBackup(chart, 'Backup', { cluster, storage: row.storage(), credentials: row.credentials() });
  } else if (use === 'clone') {
    new Cluster(chart, 'clone', { teamId: 'acid', version: V, restore: Restore.fromBackup(location(row), PointInTime.parse(TS)) });
  } else {
    new StandbyCluster(chart, 'standby', { teamId: 'acid', version: V, source: StandbySource.fromArchive(location(row)), promote: use === 'promoted' });
  }
  return postgresqlOf(chart);
}

function viewOf(model: SpiloModel, use: Use): WalgView | undefined {
  return use === 'backup' ? model.walg.backup : use === 'clone' ? model.walg.clone : model.walg.standby;
}

/** The view matches (a key whose expected value is undefined must be absent) and has no problems. */
function expectView(view: WalgView | undefined, expected: Partial<WalgView>): void {
  const absent = Object.keys(expected).filter((k) => (expected as any)[k] === undefined);
  const present = Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== undefined));
  expect(view).toMatchObject({ ...present, problems: [] });
  for (const k of absent) expect((view as any)[k]).toBeUndefined();
}

const cells = ROWS.flatMap((row) => USES.flatMap((use) => Object.keys(SETTINGS).map((settings) => ({ row, use, settings }))));
const isAzure = (row: Row) => row.name.startsWith('Azure');

describe('storage × credentials × use × operator settings: what WAL-G sees', () => {
  const asserted = cells.filter((c) => !knownWrong(c.row.name, c.use, c.settings) && !(isAzure(c.row) && (c.use === 'standby' || c.use === 'promoted')));

  test.each(asserted.map((c) => [c.row.name, c.use, c.settings, c] as const))('%s | %s | %s', (_r, _u, _s, { row, use, settings }) => {
    const manifest = render(row, use);
    const model = spiloModel(manifest, { settings: SETTINGS[settings], uid: UID });
    expect(model.rolls).toEqual([]);
    expectView(viewOf(model, use), { ...row.view, ...(use === 'backup' ? row.backupView ?? {} : {}) });
    if (use === 'backup') expect(model.spilo.bootstrap).toEqual({ kind: 'initdb' });
    if (use === 'clone') {
      expect(model.spilo.bootstrap).toEqual({ kind: 'clone-wal', envDir: '/run/etc/wal-e.d/env-clone-acid-main', targetTime: TS, timeline: 'latest', inclusive: true });
      expect(model.walg.clone!.prefixCandidates).toEqual([row.view.prefix]);
    }
    if (use === 'standby') {
      expect(model.spilo.bootstrap).toMatchObject({ kind: 'standby', createReplicaMethods: ['bootstrap_standby_with_wale', 'basebackup_fast_xlog'] });
    }
  });

  test.each(ROWS.filter(isAzure).map((r) => [r.name, r] as const))('%s | standby and promoted: a ValidationError (the CRD has no Azure standby source)', (_n, row) => {
    expect(() => render(row, 'standby')).toThrow(/\[test\/standby\] source: the operator cannot follow an Azure archive/);
    expect(() => render(row, 'promoted')).toThrow(/\[test\/standby\] source: the operator cannot follow an Azure archive/);
  });

  test('the table covers every row, use and setting, and every known-wrong entry matches a cell', () => {
    expect(cells).toHaveLength(ROWS.length * USES.length * Object.keys(SETTINGS).length);
    for (const [key] of KNOWN_WRONG) {
      const [r, u, s] = key.split('|');
      expect(cells.some((c) => (r === '*' || r === c.row.name) && (u === '*' || u === c.use) && (s === '*' || s === c.settings))).toBe(true);
    }
  });
});

describe('IRSA works where the operator and the image allow it', () => {
  // the supported IRSA setup with operator v2.0.1: irsa_role_arn = the cluster's role, WAL-G >= 3.0.6
  const options = { settings: { irsaRoleArn: ROLE }, walgVersion: '3.0.6', uid: UID };
  const row = ROWS[0];

  test.each(['backup', 'clone', 'standby'] as const)('%s', (use) => {
    const model = spiloModel(render(row, use), options);
    expect(model.rolls).toEqual([]);
    expectView(viewOf(model, use), row.view);
  });
});

describe('examples through the model', () => {
  const objects = Object.fromEntries(exampleNames().map((name) => [name, synthExampleObjects(name)]));
  const postgresqls = (name: string) => objects[name].filter((o) => o.kind === 'postgresql');

  test.each(exampleNames())('%s: no duplicate env names and no rolling update on every sync (default operator)', (name) => {
    expect(postgresqls(name).length).toBeGreaterThan(0);
    for (const pg of postgresqls(name)) {
      const model = spiloModel(pg);
      expect(model.duplicates).toEqual([]);
      expect(model.rolls).toEqual([]);
    }
  });

  test.each(['minimal', 'production', 'k3s-longhorn'])('%s: no archive configured, archive_command /bin/true, initdb', (name) => {
    for (const pg of postgresqls(name)) {
      const model = spiloModel(pg);
      expect(model.spilo).toMatchObject({ archiving: false, archiveCommand: '/bin/true', bootstrap: { kind: 'initdb' } });
    }
  });

  test('gke: GCS through Workload Identity at the documented path', () => {
    const [pg] = postgresqls('gke');
    expect(spiloModel(pg).walg.backup).toEqual({
      store: 'gs', tool: 'wal-g', prefix: 'gs://acme-analytics-pg-backups/spilo/data-warehouse/wal/18', credentials: 'gcp-metadata-server', credentialVars: [], problems: [],
    });
  });

  test('eks-production: S3 with KMS through IRSA (operator irsa_role_arn = the cluster role, WAL-G >= 3.0.6)', () => {
    const [pg] = postgresqls('eks-production');
    const model = spiloModel(pg, { settings: { irsaRoleArn: 'arn:aws:iam::123456789012:role/pg-orders-backup' }, walgVersion: '3.0.6' });
    expect(model.walg.backup).toEqual({
      store: 's3',
      tool: 'wal-g',
      prefix: 's3://acme-pg-backups/spilo/acid-orders/wal/17',
      credentials: 'web-identity',
      credentialVars: ['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE'],
      pathStyle: false,
      sse: 'aws:kms',
      sseKmsId: 'arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef',
      region: 'us-east-1',
      problems: [],
    });
  });

  test('pitr-clone: a WAL-G PITR clone of the lost cluster\'s archive to the chosen minute', () => {
    const [pg] = postgresqls('pitr-clone');
    const model = spiloModel(pg, { settings: { irsaRoleArn: 'arn:aws:iam::123456789012:role/pg-orders-backup' }, walgVersion: '3.0.6' });
    expect(model.rolls).toEqual([]);
    expect(model.spilo.bootstrap).toEqual({
      kind: 'clone-wal', envDir: '/run/etc/wal-e.d/env-clone-acid-orders', targetTime: '2026-11-20T14:29:00+00:00', timeline: 'latest', inclusive: true,
    });
    expect(model.walg.clone).toMatchObject({
      store: 's3',
      tool: 'wal-g',
      prefix: 's3://acme-pg-backups/spilo/acid-orders/wal/17',
      prefixCandidates: ['s3://acme-pg-backups/spilo/acid-orders/wal/17'],
      credentials: 'web-identity',
      region: 'us-east-1',
      problems: [],
    });
  });

  test('disaster-recovery stage 1: a standby replaying the old archive, archiving under its own name', () => {
    const [pg] = postgresqls('disaster-recovery');
    const model = spiloModel(pg, { settings: { irsaRoleArn: 'arn:aws:iam::123456789012:role/pg-orders-restore' }, walgVersion: '3.0.6' });
    expect(model.rolls).toEqual([]);
    expect(model.spilo.bootstrap).toMatchObject({ kind: 'standby', createReplicaMethods: ['bootstrap_standby_with_wale', 'basebackup_fast_xlog'] });
    expect(model.walg.standby).toMatchObject({ store: 's3', tool: 'wal-g', prefix: 's3://acme-pg-backups/spilo/acid-orders/wal/17', problems: [] });
    expect(model.walg.backup).toMatchObject({ store: 's3', tool: 'wal-g', prefix: 's3://acme-pg-backups/spilo/acid-orders-restored/wal/17', problems: [] });
  });

  test('aks: the archive goes to the documented Azure path', () => {
    // (the credentials are not asserted: AZURE_CLIENT_ID never reaches WAL-G, see KNOWN_WRONG)
    const [pg] = postgresqls('aks');
    expect(spiloModel(pg).walg.backup).toMatchObject({ store: 'az', tool: 'wal-g', prefix: 'azure://wal/payments/spilo/pay-payments/wal/16' });
  });

  test('disaster-recovery stage 2 (DR_PROMOTE=true) renders the same cluster without spec.standby', () => {
    // (that it still bootstraps as a standby and that promotion rolls the pods is reported, not asserted)
    const promoted = synthExampleObjects('disaster-recovery', { DR_PROMOTE: 'true' }).filter((o) => o.kind === 'postgresql');
    expect(promoted).toHaveLength(1);
    expect(promoted[0].spec.standby).toBeUndefined();
    expect(spiloModel(promoted[0]).walg.backup).toMatchObject({ store: 's3', prefix: 's3://acme-pg-backups/spilo/acid-orders-restored/wal/17' });
  });
});

describe('the backup/restore/standby tests\' other manifests through the model', () => {
  test('every WalgBackup option reaches WAL-G: scope suffix in the prefix, KMS, libsodium, tuning', () => {
    const { chart } = newChart();
    const cluster = new Cluster(chart, 'main', { teamId: 'acid' });
    new WalgBackup(chart, 'Backup', {
      cluster,
      storage: BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-west-1', encryption: S3Encryption.kms('arn:aws:kms:eu-west-1:123456789012:key/abc') }),
      credentials: BackupCredentials.awsIrsa(ROLE),
      schedule: Cron.schedule({ minute: '30', hour: '2' }),
      compression: WalgCompression.ZSTD,
      deltaMaxSteps: 6,
      backupFromReplica: true,
      encryption: BackupEncryption.libsodium('walg-key', 'key'),
      scopeSuffix: '-2',
    });
    const model = spiloModel(postgresqlOf(chart), { settings: { irsaRoleArn: ROLE }, walgVersion: '3.0.6' });
    expect(model.walg.backup).toEqual({
      store: 's3',
      tool: 'wal-g',
      prefix: 's3://pg-backups/spilo/acid-main-2/wal/18',
      credentials: 'web-identity',
      credentialVars: ['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE'],
      pathStyle: false,
      sse: 'aws:kms',
      sseKmsId: 'arn:aws:kms:eu-west-1:123456789012:key/abc',
      region: 'eu-west-1',
      problems: [],
    });
    expect(model.spilo.backupCron).toMatch(/^30 2 \* \* \* envdir /);
    expect(model.spilo.envDirs.backup!.files).toMatchObject({
      WALG_COMPRESSION_METHOD: 'zstd', WALG_DELTA_MAX_STEPS: '6', WALG_BACKUP_FROM_REPLICA: 'true', WALG_LIBSODIUM_KEY: '<secret:walg-key/key>',
    });
  });

  test('a PITR clone of an encrypted archive gets the key in its env-dir', () => {
    const { chart } = newChart();
    const loc = BackupLocation.of({
      storage: aws(), credentials: BackupCredentials.awsIrsa(ROLE), clusterName: 'acid-main', version: PostgresVersion.V18, encryption: BackupEncryption.libsodium('walg-key'),
    });
    new Cluster(chart, 'clone', { teamId: 'acid', restore: Restore.fromBackup(loc, PointInTime.parse('2026-01-01T00:00:00+01:00')) });
    const model = spiloModel(postgresqlOf(chart), { settings: { irsaRoleArn: ROLE }, walgVersion: '3.0.6' });
    expect(model.rolls).toEqual([]);
    expect(model.spilo.envDirs.clone!.files).toMatchObject({ WALG_LIBSODIUM_KEY: '<secret:walg-key/WALG_LIBSODIUM_KEY>', WALG_S3_PREFIX: 's3://pg-backups/spilo/acid-main/wal/18' });
  });

  test('a basebackup clone bootstraps with pg_basebackup from the source Service', () => {
    const { chart } = newChart();
    const source = new Cluster(chart, 'main', { teamId: 'acid' });
    new Cluster(chart, 'copy', { teamId: 'acid', restore: Restore.fromCluster(source) });
    const copy = Testing.synth(chart).find((o: any) => o.kind === 'postgresql' && o.metadata.name === 'acid-copy');
    const model = spiloModel(copy);
    expect(model.rolls).toEqual([]);
    expect(model.spilo.bootstrap).toEqual({ kind: 'clone-basebackup', host: 'acid-main', port: '5432', user: 'standby' });
  });

  test('a streaming standby bootstraps from the host with the slot; promoted, it bootstraps as a primary', () => {
    const renderDr = (promote: boolean) => {
      const { chart } = newChart();
      const primary = new Cluster(chart, 'main', { teamId: 'acid', version: V });
      new StandbyCluster(chart, 'dr', { teamId: 'acid', version: V, namespace: 'dr', source: StandbySource.fromCluster(primary, 'dr_slot'), promote });
      return Testing.synth(chart).find((o: any) => o.kind === 'postgresql' && o.metadata.name === 'acid-dr');
    };
    const stage1 = renderDr(false);
    const stage2 = renderDr(true);
    expect(spiloModel(stage1).spilo.bootstrap).toEqual({
      kind: 'standby', host: 'acid-main.db.svc.cluster.local', port: '5432', primarySlotName: 'dr_slot', createReplicaMethods: ['basebackup_fast_xlog'],
    });
    expect(spiloModel(stage2).spilo.bootstrap).toEqual({ kind: 'initdb' });
    // promotion drops the operator's STANDBY_* env: one rolling update (ZALANDO-FACTS §g.4)
    expect(envChange(stage1, stage2)).toEqual(['-STANDBY_HOST', '-STANDBY_PORT', '-STANDBY_PRIMARY_SLOT_NAME']);
  });
});
