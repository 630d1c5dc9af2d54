/**
 * The library's output run through the operator/Spilo/WAL-G model (src/model/spilo-model.ts):
 * storage × credentials × use (backup, clone, standby, promoted standby) × operator settings (defaults, an
 * operator-wide IRSA role, a global bucket of each store), and every example.
 *
 * Expected values are written by hand from the library's documented promise (the archive path format
 * `<scheme>://<bucket>[/<prefix>]/spilo/<cluster>/wal/<major>`, the store and credentials the user chose, the
 * addressing style and encryption asked for) and from ZALANDO-FACTS. Every cell either shows WAL-G seeing exactly
 * that, with no duplicate env name and no rolling update on every sync, or is a validation error with its rule
 * code: the library's own input checks, or the operator cross-checks (GLOBAL_WAL: a global WAL bucket of another
 * store, ZALANDO-FACTS §g.2), each shown to be justified by the model.
 *
 * The operator settings are declared in the app (an ExternalPostgresOperator), so that the library's synth-time
 * checks see them, and given to the model. With `irsa_role_arn` set the model runs WAL-G 3.0.6, the version the
 * library documents as required (ClusterProps.dockerImage, BackupCredentials.awsIrsa); that the requirement is
 * real is shown separately.
 */
import { Chart, Cron, Testing } from 'cdk8s';
import {
  BackupCredentials,
  BackupLocation,
  BackupStorage,
  Cluster,
  ExternalPostgresOperator,
  ExternalPostgresOperatorProps,
  PointInTime,
  PostgresVersion,
  Restore,
  S3Encryption,
  StandbyCluster,
  StandbySource,
  WalgBackup,
} from '../../src';
import { backupsKept, envChange, spiloModel, SpiloModel, SpiloModelSettings, WalgView } from '../../src/model/spilo-model';
import { exampleNames, synthExampleObjects } from '../support/examples';
import { newChart, validateConstructs } from '../support/synth';

const V = PostgresVersion.V17;
const TS = '2026-04-11T14:30:00+00:00';
const ROLE = 'arn:aws:iam::123456789012:role/pg-backup';
const OTHER_ROLE = 'arn:aws:iam::999999999999:role/other-clusters';
const UID = '0f0e0d0c-0b0a-4090-8070-605040302010';

type Use = 'backup' | 'clone' | 'standby' | 'promoted';
const USES: Use[] = ['backup', 'clone', 'standby', 'promoted'];

interface Setting {
  /** What the model is told. */
  readonly model: SpiloModelSettings;
  /** The operator declared in the app (the same settings as Helm values). */
  readonly operator: ExternalPostgresOperatorProps;
}

const SETTINGS: Record<string, Setting> = {
  'default operator': { model: {}, operator: {} },
  'operator irsa_role_arn': { model: { irsaRoleArn: ROLE }, operator: { configAwsOrGcp: { irsaRoleArn: ROLE } } },
  'global wal_s3_bucket': { model: { walS3Bucket: 'global-s3' }, operator: { configAwsOrGcp: { walS3Bucket: 'global-s3' } } },
  'global wal_gs_bucket': { model: { walGsBucket: 'global-gs' }, operator: { configAwsOrGcp: { walGsBucket: 'global-gs' } } },
  'global wal_az_storage_account': { model: { walAzStorageAccount: 'globalaccount' }, operator: { configAwsOrGcp: { walAzStorageAccount: 'globalaccount' } } },
};

interface Row {
  readonly name: string;
  readonly storage: () => BackupStorage;
  readonly credentials: () => BackupCredentials;
  /** What WAL-G must see for every use (the user's store, path and credentials). */
  readonly view: Partial<WalgView>;
  /** Extra expectations for the writer (backup) only. */
  readonly backupView?: Partial<WalgView>;
  /** The validation error of a cell, if the library must refuse it. */
  readonly error?: (use: Use, settings: string) => RegExp | undefined;
}

const S3_PATH = 's3://pg-backups/spilo/acid-main/wal/17';
const AZ_PATH = 'azure://wal/spilo/acid-main/wal/17';
const MINIO = 'https://minio.storage.svc:9000';
const aws = () => BackupStorage.s3({ bucket: 'pg-backups', region: 'us-east-1' });
const azure = () => BackupStorage.azure({ storageAccount: 'pgbackups', container: 'wal' });
const minio = (props: { encryption?: S3Encryption; prefix?: string } = {}) => BackupStorage.s3({ bucket: 'pg-backups', region: 'us-east-1', endpoint: MINIO, ...props });
const s3Keys = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];
const unsupported = () => /^ZPG-BACKUP-CREDENTIALS-UNSUPPORTED \[test\/(Backup|clone|standby)\] (restore\.source\.|source\.)?credentials: .*Allowed: for azure: azureManagedIdentity\(\)/;

const ROWS: Row[] = [
  {
    name: 'S3 + IRSA',
    storage: aws,
    credentials: () => BackupCredentials.awsIrsa(ROLE),
    view: { store: 's3', tool: 'wal-g', prefix: S3_PATH, credentials: 'web-identity', credentialVars: ['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE'], pathStyle: false, region: 'us-east-1' },
    backupView: { sse: 'AES256' },
    // one role per operator (§g.1): the operator's irsa_role_arn must be this role; a promoted standby no longer reads
    error: (use, settings) => (settings !== 'operator irsa_role_arn' && use !== 'promoted'
      ? /^ZPG-BACKUP-IRSA-ROLE-MISMATCH \[test\/\w+\] (restore\.source\.|source\.)?credentials\.roleArn: the operator \(test\/operator\) has no irsa_role_arn.*Fix: set irsaRoleArn: "arn:aws:iam::123456789012:role\/pg-backup" on the PostgresOperator/
      : undefined),
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
    storage: () => minio({ prefix: 'prod', encryption: S3Encryption.none() }),
    credentials: () => BackupCredentials.fromSecret('minio-creds'),
    view: {
      store: 's3', tool: 'wal-g', prefix: 's3://pg-backups/prod/spilo/acid-main/wal/17', credentials: 'static-keys', credentialVars: s3Keys, endpoint: MINIO, pathStyle: true, sse: undefined,
    },
  },
  {
    name: 'S3-compatible, default encryption',
    storage: () => minio(),
    credentials: () => BackupCredentials.fromSecret('minio-creds'),
    // Spilo's own default for a custom endpoint: no server-side encryption header (configure_spilo.py, §g.5)
    view: { store: 's3', tool: 'wal-g', prefix: S3_PATH, credentials: 'static-keys', endpoint: MINIO, pathStyle: true, sse: undefined },
  },
  {
    name: 'S3-compatible, SSE asked for',
    storage: () => minio({ encryption: S3Encryption.sseS3() }),
    credentials: () => BackupCredentials.fromSecret('minio-creds'),
    view: { store: 's3', tool: 'wal-g', prefix: S3_PATH, credentials: 'static-keys', endpoint: MINIO, pathStyle: true },
    backupView: { sse: 'AES256' },
  },
  {
    name: 'S3-compatible, virtual-hosted',
    storage: () => BackupStorage.s3({ bucket: 'pg-backups', region: 'us-east-1', endpoint: 'https://s3.example.com', forcePathStyle: false }),
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
    view: { store: 'az', tool: 'wal-g', prefix: AZ_PATH, credentials: 'azure-default-identity', credentialVars: [] },
  },
  {
    name: 'Azure + managed identity by client id',
    storage: azure,
    credentials: () => BackupCredentials.azureManagedIdentity('11111111-2222-3333-4444-555555555555'),
    view: {},
    // cannot work with Spilo 4.0-p3 (§g.3)
    error: () => unsupported(),
  },
  {
    name: 'Azure + Workload Identity',
    storage: azure,
    credentials: () => BackupCredentials.azureWorkloadIdentity('99999999-2222-3333-4444-555555555555'),
    view: {},
    error: () => unsupported(),
  },
  {
    name: 'Azure + service principal from a Secret',
    storage: azure,
    credentials: () => BackupCredentials.azureServicePrincipal('az-principal'),
    view: { store: 'az', tool: 'wal-g', prefix: AZ_PATH, credentials: 'service-principal', credentialVars: ['AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_TENANT_ID'] },
  },
  {
    name: 'Azure + SAS token from a Secret',
    storage: azure,
    credentials: () => BackupCredentials.fromSecret('az-sas', { sasToken: 'sas' }),
    view: { store: 'az', tool: 'wal-g', prefix: AZ_PATH, credentials: 'sas-token', credentialVars: ['AZURE_STORAGE_SAS_TOKEN'] },
  },
  {
    name: 'Azure + account key from a Secret',
    storage: azure,
    credentials: () => BackupCredentials.fromSecret('az-key'),
    view: { store: 'az', tool: 'wal-g', prefix: AZ_PATH, credentials: 'account-key', credentialVars: ['AZURE_STORAGE_ACCESS_KEY'] },
  },
];

/**
 * Cells the operator cross-checks refuse: a global WAL bucket of a store Spilo tries before the cluster's own
 * (S3, then GCS, then Azure), or, for an Azure clone, the operator's CLONE_AZURE_STORAGE_ACCOUNT next to the
 * clone's own (ZALANDO-FACTS §g.2). Each is shown to be justified below: the same manifest, rendered where the
 * check does not apply, is wrong under these settings.
 */
const GLOBAL_WAL: Array<[string, string]> = [
  ['GCS + *|backup|global wal_s3_bucket', 'Spilo picks S3 first: the archive would go to the global S3 bucket'],
  ['GCS + *|clone|global wal_s3_bucket', 'the operator adds CLONE_WAL_S3_BUCKET for clones without s3_wal_path: the clone would read S3'],
  ['Azure + *|backup|global wal_s3_bucket', 'Spilo picks S3 first'],
  ['Azure + *|backup|global wal_gs_bucket', 'Spilo picks GCS before Azure'],
  ['Azure + *|clone|global wal_s3_bucket', 'CLONE_WAL_S3_BUCKET wins'],
  ['Azure + *|clone|global wal_gs_bucket', 'CLONE_WAL_GS_BUCKET wins'],
  ['Azure + *|clone|global wal_az_storage_account', 'the operator appends CLONE_AZURE_STORAGE_ACCOUNT=<global>: a duplicate of ours that rolls every sync, and the kubelet gives WAL-G the global account'],
];

const match = (pattern: string, v: string) => pattern === '*' || pattern === v || (pattern.endsWith('*') && v.startsWith(pattern.slice(0, -1)));

/** The GLOBAL_WAL entry of a cell, if any. */
function globalWal(row: Row, use: Use, settings: string): string | undefined {
  return GLOBAL_WAL.find(([key]) => {
    const [r, u, x] = key.split('|');
    return match(r, row.name) && match(u, use) && match(x, settings);
  })?.[0];
}

/** The validation error of a cell: the row's own first (construction time), then the global WAL check. */
function expectedError(row: Row, use: Use, settings: string): RegExp | undefined {
  const own = row.error?.(use, settings);
  if (own) return own;
  if (!globalWal(row, use, settings)) return undefined;
  const property = use === 'backup' ? 'backup' : 'restore';
  return new RegExp(`^ZPG-OPERATOR-GLOBAL-WAL \\[test/(main|clone)\\] ${property}: .*the operator \\(test/operator\\)`);
}

const location = (row: Row) => BackupLocation.of({ storage: row.storage(), credentials: row.credentials(), clusterName: 'acid-main', version: V });
const postgresqlOf = (chart: Chart) => Testing.synth(chart).find((o: any) => o.kind === 'postgresql');

/** Renders one use of a row with the library under an operator with these settings; throws what the library throws. */
function render(row: Row, use: Use, settings: string): any {
  const { chart } = newChart();
  new ExternalPostgresOperator(chart, 'operator', SETTINGS[settings].operator);
  if (use === 'backup') {
    const cluster = new Cluster(chart, 'main', { teamId: 'acid', version: V });
    new WalgBackup(chart, 'Backup', { cluster, storage: row.storage(), credentials: row.credentials() });
  } else if (use === 'clone') {
    new Cluster(chart, 'clone', { teamId: 'acid', version: V, restore: Restore.fromBackup(location(row), PointInTime.parse(TS)) });
  } else {
    new StandbyCluster(chart, 'standby', { teamId: 'acid', version: V, source: StandbySource.fromArchive(location(row)), promote: use === 'promoted' });
  }
  validateConstructs(chart);
  return postgresqlOf(chart);
}

/** The model of a manifest under the cell's operator settings (WAL-G 3.0.6 where the operator has irsa_role_arn). */
function modelOf(manifest: any, settings: string): SpiloModel {
  const model = SETTINGS[settings].model;
  return spiloModel(manifest, { settings: model, uid: UID, ...(model.irsaRoleArn ? { walgVersion: '3.0.6' } : {}) });
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
/** The CRD's standby section has no Azure source: checked before the credentials. */
const azureStandby = (c: { row: Row; use: Use }) => isAzure(c.row) && (c.use === 'standby' || c.use === 'promoted');

describe('storage × credentials × use × operator settings: what WAL-G sees', () => {
  const working = cells.filter((c) => !azureStandby(c) && !expectedError(c.row, c.use, c.settings));

  test.each(working.map((c) => [c.row.name, c.use, c.settings, c] as const))('%s | %s | %s', (_r, _u, _s, { row, use, settings }) => {
    const manifest = render(row, use, settings);
    const model = modelOf(manifest, settings);
    expect(model.duplicates).toEqual([]);
    expect(model.rolls).toEqual([]);
    expect(model.overridden).toEqual([]);
    if (use === 'promoted') {
      // no standby section, no STANDBY_* variable: Spilo renders no standby recipe, the cluster bootstraps as a primary
      expect(manifest.spec.standby).toBeUndefined();
      expect((manifest.spec.env ?? []).filter((e: any) => /^STANDBY_/i.test(e.name))).toEqual([]);
      expect(model.spilo.bootstrap).toEqual({ kind: 'initdb' });
      expect(model.spilo.envDirs.standby).toBeUndefined();
      expect(model.walg.standby).toBeUndefined();
      // promotion changes the operator's env: one rolling update (§g.4), unless stage 1 is refused
      if (!expectedError(row, 'standby', settings)) expect(envChange(stage1Manifest(row, settings), manifest, SETTINGS[settings].model, UID)).not.toEqual([]);
      return;
    }
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

  const refused = cells.filter((c) => !azureStandby(c) && expectedError(c.row, c.use, c.settings));
  test.each(refused.map((c) => [c.row.name, c.use, c.settings, c] as const))('%s | %s | %s: a validation error', (_r, _u, _s, { row, use, settings }) => {
    expect(() => render(row, use, settings)).toThrow(expectedError(row, use, settings)!);
  });

  test.each(ROWS.filter(isAzure).map((r) => [r.name, r] as const))('%s | standby and promoted: a ValidationError (the CRD has no Azure standby source)', (_n, row) => {
    for (const settings of Object.keys(SETTINGS)) {
      expect(() => render(row, 'standby', settings)).toThrow(/^ZPG-STANDBY-INVALID \[test\/standby\] source: the operator cannot follow an Azure archive/);
      expect(() => render(row, 'promoted', settings)).toThrow(/^ZPG-STANDBY-INVALID \[test\/standby\] source: the operator cannot follow an Azure archive/);
    }
  });

  test('the table covers every row, use and setting; every global-WAL entry matches a cell and is justified', () => {
    const refusedByGlobalWal = cells.filter((c) => !azureStandby(c) && !c.row.error?.(c.use, c.settings) && globalWal(c.row, c.use, c.settings));
    expect(GLOBAL_WAL.map(([key]) => key).filter((key) => !refusedByGlobalWal.some((c) => globalWal(c.row, c.use, c.settings) === key))).toEqual([]);
    // the same manifest (rendered under the default operator, where the check does not apply) is wrong under these settings
    for (const { row, use, settings } of refusedByGlobalWal) {
      const model = modelOf(render(row, use, 'default operator'), settings);
      const view = viewOf(model, use);
      const right = model.rolls.length === 0 && model.duplicates.length === 0 && view?.problems.length === 0
        && view.store === row.view.store && view.prefix === row.view.prefix;
      expect(`${row.name}|${use}|${settings}: ${right ? 'right' : 'wrong'}`).toBe(`${row.name}|${use}|${settings}: wrong`);
    }
  });
});

/** The stage-1 standby manifest of a row (for the promotion's env change). */
function stage1Manifest(row: Row, settings: string): any {
  return render(row, 'standby', settings);
}

describe('IRSA: one role per operator, WAL-G 3.0.6 or later', () => {
  const irsa = ROWS[0];

  test.each(['backup', 'clone', 'standby'] as const)('%s: nothing of IRSA is rendered; the webhook and the operator supply it', (use) => {
    const manifest = render(irsa, use, 'operator irsa_role_arn');
    const names = (manifest.spec.env ?? []).map((e: any) => e.name);
    expect(names.filter((n: string) => /AWS_ROLE_ARN|AWS_WEB_IDENTITY_TOKEN_FILE/.test(n))).toEqual([]);
    const model = modelOf(manifest, 'operator irsa_role_arn');
    const origins = model.podEnv.filter((e) => /AWS_ROLE_ARN$/.test(e.name)).map((e) => `${e.name}:${e.origin}`);
    // the operator appends CLONE_/STANDBY_AWS_ROLE_ARN after spec.env; the webhook adds AWS_ROLE_ARN on pod creation
    expect(origins).toEqual([...(use === 'backup' ? [] : [`${use.toUpperCase()}_AWS_ROLE_ARN:${use}`]), 'AWS_ROLE_ARN:eks-webhook']);
  });

  test('the WAL-G requirement is real: with WAL-G 3.0.5 (Spilo 4.0-p3) the same cells fail AssumeRole', () => {
    for (const use of ['backup', 'clone', 'standby'] as const) {
      const model = spiloModel(render(irsa, use, 'operator irsa_role_arn'), { settings: { irsaRoleArn: ROLE }, uid: UID, walgVersion: '3.0.5' });
      expect(viewOf(model, use)!.problems).toEqual([expect.stringMatching(/^wal-g 3\.0\.5 calls sts:AssumeRole without RoleSessionName/)]);
    }
    // so does every S3 archive of an operator with irsa_role_arn: the webhook injects AWS_ROLE_ARN into every Spilo pod
    const keys = spiloModel(render(ROWS[1], 'backup', 'operator irsa_role_arn'), { settings: { irsaRoleArn: ROLE }, walgVersion: '3.0.5' });
    expect(keys.walg.backup.problems).toEqual([expect.stringMatching(/^wal-g 3\.0\.5 calls sts:AssumeRole/)]);
  });

  test('another role than the operator\'s is a validation error naming both', () => {
    const { chart } = newChart();
    new ExternalPostgresOperator(chart, 'operator', { configAwsOrGcp: { irsaRoleArn: OTHER_ROLE } });
    new WalgBackup(chart, 'Backup', { cluster: new Cluster(chart, 'main', { teamId: 'acid' }), storage: aws(), credentials: BackupCredentials.awsIrsa(ROLE) });
    expect(() => validateConstructs(chart)).toThrow(new RegExp(
      '^ZPG-BACKUP-IRSA-ROLE-MISMATCH \\[test/Backup\\] credentials.roleArn: the operator \\(test/operator\\) has irsa_role_arn arn:aws:iam::999999999999:role/other-clusters.*'
      + 'Got: awsIrsa\\("arn:aws:iam::123456789012:role/pg-backup"\\), irsa_role_arn "arn:aws:iam::999999999999:role/other-clusters"\\. '
      + 'Fix: set irsaRoleArn: "arn:aws:iam::123456789012:role/pg-backup" on the PostgresOperator \\(configuration.awsOrGcp\\) or the ExternalPostgresOperator \\(configAwsOrGcp\\).*'
      + 'or use BackupCredentials.awsIrsa\\("arn:aws:iam::999999999999:role/other-clusters"\\)\\.$',
    ));
  });

  test('the operator may be declared after the backup, in another chart (the check runs at synth time)', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'db', { namespace: 'db' });
    new WalgBackup(chart, 'Backup', { cluster: new Cluster(chart, 'main', { teamId: 'acid' }), storage: aws(), credentials: BackupCredentials.awsIrsa(ROLE) });
    new ExternalPostgresOperator(new Chart(app, 'operator'), 'operator', { configAwsOrGcp: { irsaRoleArn: ROLE } });
    expect(() => app.synthYaml()).not.toThrow();
    const pg = Testing.synth(chart).find((o: any) => o.kind === 'postgresql');
    expect(spiloModel(pg, { settings: { irsaRoleArn: ROLE }, walgVersion: '3.0.6' }).walg.backup).toMatchObject({ credentials: 'web-identity', problems: [] });
  });
});

describe('S3 endpoints: the addressing scheme reaches every use', () => {
  const vhost = () => BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-central-1', endpoint: 'https://objects.example.com/', forcePathStyle: false });
  const path = () => BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-central-1', endpoint: 'http://minio.storage.svc:9000' });

  test.each([
    ['virtual-hosted', vhost, 'https+virtualhost://objects.example.com', 'https://objects.example.com', false],
    ['path style over http', path, 'http+path://minio.storage.svc:9000', 'http://minio.storage.svc:9000', true],
  ] as const)('%s: backup, clone and standby', (_n, storage, wale, endpoint, pathStyle) => {
    const loc = BackupLocation.of({ storage: storage(), credentials: BackupCredentials.fromSecret('s3'), clusterName: 'acid-src', version: V });
    const { chart } = newChart();
    const main = new Cluster(chart, 'main', { teamId: 'acid', version: V });
    new WalgBackup(chart, 'Backup', { cluster: main, storage: storage(), credentials: BackupCredentials.fromSecret('s3') });
    new Cluster(chart, 'clone', { teamId: 'acid', version: V, restore: Restore.fromBackup(loc, PointInTime.parse(TS)) });
    new StandbyCluster(chart, 'standby', { teamId: 'acid', version: V, source: StandbySource.fromArchive(loc) });
    validateConstructs(chart);
    const pgs = Testing.synth(chart).filter((o: any) => o.kind === 'postgresql');
    const byName = (n: string) => pgs.find((o: any) => o.metadata.name === n);
    const clone = byName('acid-clone');
    // the clone section carries no endpoint: the operator would copy it raw into CLONE_AWS_ENDPOINT too
    expect(clone.spec.clone).toEqual({ cluster: 'acid-src', timestamp: TS, s3_wal_path: 's3://pg-backups/spilo/acid-src/wal/17' });
    for (const [name, use, pre] of [['acid-main', 'backup', ''], ['acid-clone', 'clone', 'CLONE_'], ['acid-standby', 'standby', 'STANDBY_']] as const) {
      const pg = byName(name);
      const env = Object.fromEntries(pg.spec.env.map((e: any) => [e.name, e.value]));
      expect([env[`${pre}WALE_S3_ENDPOINT`], env[`${pre}AWS_ENDPOINT`]]).toEqual([wale, endpoint]);
      const model = spiloModel(pg);
      expect(model.duplicates).toEqual([]);
      expect(model.rolls).toEqual([]);
      expect(model.spilo.warnings).toEqual([]);
      expect(viewOf(model, use)).toMatchObject({ store: 's3', endpoint, pathStyle, region: 'eu-central-1', credentials: 'static-keys', problems: [] });
    }
  });
});

describe('clone into a higher major version (the operator\'s "upgrade on cloning")', () => {
  test('the clone\'s WAL-G reads the source\'s wal/<old major> prefix, and the clone archives under its own major', () => {
    const { chart } = newChart();
    const v16 = BackupLocation.of({ storage: aws(), credentials: BackupCredentials.fromSecret('aws-creds'), clusterName: 'acid-main', version: PostgresVersion.V16 });
    const rehearsal = new Cluster(chart, 'rehearsal', { teamId: 'acid', version: PostgresVersion.V18, restore: Restore.fromBackup(v16, PointInTime.parse(TS)) });
    new WalgBackup(chart, 'Backup', { cluster: rehearsal, storage: aws(), credentials: BackupCredentials.fromSecret('aws-creds') });
    validateConstructs(chart);
    const model = spiloModel(postgresqlOf(chart), { uid: UID });
    expect(model.duplicates).toEqual([]);
    expect(model.rolls).toEqual([]);
    expect(model.spilo.bootstrap).toEqual({ kind: 'clone-wal', envDir: '/run/etc/wal-e.d/env-clone-acid-main', targetTime: TS, timeline: 'latest', inclusive: true });
    expect(model.walg.clone).toMatchObject({
      store: 's3', tool: 'wal-g', prefix: 's3://pg-backups/spilo/acid-main/wal/16', prefixCandidates: ['s3://pg-backups/spilo/acid-main/wal/16'], credentials: 'static-keys', problems: [],
    });
    expect(model.walg.backup).toMatchObject({ store: 's3', prefix: 's3://pg-backups/spilo/acid-rehearsal/wal/18', problems: [] });
    expect(model.spilo.placeholders.PGVERSION).toBe('18');
  });

  test('a lower major version is refused; a standby must run the same one', () => {
    const v17 = BackupLocation.of({ storage: aws(), credentials: BackupCredentials.fromSecret('aws-creds'), clusterName: 'acid-main', version: V });
    const { chart } = newChart();
    expect(() => new Cluster(chart, 'down', { teamId: 'acid', version: PostgresVersion.V16, restore: Restore.fromBackup(v17, PointInTime.parse(TS)) }))
      .toThrow(/^ZPG-RESTORE-INVALID \[test\/down\] restore.source: the archive was written by a newer PostgreSQL major version.*Got: archive 17, cluster 16/);
    expect(() => new StandbyCluster(chart, 'up', { teamId: 'acid', version: PostgresVersion.V18, source: StandbySource.fromArchive(v17) }))
      .toThrow(/^ZPG-STANDBY-INVALID \[test\/up\] version: a standby must run the same PostgreSQL major version as its source archive. Got: source 17, standby 18/);
  });
});

describe('retention as Spilo applies it (postgres_backup.sh)', () => {
  test.each([
    // hand-derived: a backup goes only when it is older than the newest one at least N days old AND N backups are
    // younger than N days; right after a run with backups taking 10 minutes: daily N + 2, hourly 24 × N + 2
    ['0 1 * * *', 7, 9],
    ['0 * * * *', 14, 24 * 14 + 2],
  ] as const)('schedule %s, retention %i: %i base backups right after a run', (schedule, retention, kept) => {
    const { chart } = newChart();
    const [minute, hour] = schedule.split(' ');
    new WalgBackup(chart, 'Backup', {
      cluster: new Cluster(chart, 'main', { teamId: 'acid' }), storage: aws(), credentials: BackupCredentials.fromSecret('aws-creds'), schedule: Cron.schedule({ minute, hour }), retention,
    });
    validateConstructs(chart);
    const model = spiloModel(postgresqlOf(chart));
    expect(model.spilo.retention).toEqual({ count: retention, days: retention });
    expect(model.spilo.envDirs.backup!.files.BACKUP_NUM_TO_RETAIN).toBe(String(retention));
    expect(model.spilo.backupCron!.startsWith(`${schedule} envdir`)).toBe(true);
    expect(backupsKept(schedule, retention)).toBe(kept);
  });
});

/**
 * The operator each example declares (as the model sees it). The examples run the operator's default image
 * spilo-18:4.1-p2, built after Spilo added PostgreSQL 18 with WAL-G 3.0.8 (spilo#1196): the model gets 3.0.6 (the
 * first version that can use IRSA) where the operator sets irsa_role_arn; with 3.0.5 it reports the failure.
 */
const EXAMPLE_OPERATORS: Record<string, SpiloModelSettings> = {
  'eks-production': { irsaRoleArn: 'arn:aws:iam::123456789012:role/pg-orders-backup' },
  'pitr-clone': { irsaRoleArn: 'arn:aws:iam::123456789012:role/pg-orders-backup' },
  'disaster-recovery': { irsaRoleArn: 'arn:aws:iam::123456789012:role/pg-orders-restore' },
  'operator': { irsaRoleArn: 'arn:aws:iam::123456789012:role/postgres-pod' },
};
const exampleModel = (name: string, pg: any) => spiloModel(pg, {
  settings: EXAMPLE_OPERATORS[name] ?? {}, ...(EXAMPLE_OPERATORS[name]?.irsaRoleArn ? { walgVersion: '3.0.6' } : {}),
});

describe('examples through the model', () => {
  const objects = Object.fromEntries(exampleNames().map((name) => [name, synthExampleObjects(name)]));
  const postgresqls = (name: string) => objects[name].filter((o) => o.kind === 'postgresql');

  test.each(exampleNames())('%s: no duplicate env names, no rolling update on every sync, no overridden value (its operator)', (name) => {
    expect(postgresqls(name).length).toBeGreaterThan(0);
    for (const pg of postgresqls(name)) {
      const model = exampleModel(name, pg);
      expect(model.duplicates).toEqual([]);
      expect(model.rolls).toEqual([]);
      expect(model.overridden).toEqual([]);
      for (const view of Object.values(model.walg)) expect(view.problems).toEqual([]);
    }
  });

  test.each(['minimal', 'production', 'k3s-longhorn', 'operator'])('%s: no archive configured, archive_command /bin/true, initdb', (name) => {
    for (const pg of postgresqls(name)) {
      const model = exampleModel(name, pg);
      expect(model.spilo).toMatchObject({ archiving: false, archiveCommand: '/bin/true', bootstrap: { kind: 'initdb' } });
    }
  });

  test('gke: GCS through Workload Identity at the documented path', () => {
    const [pg] = postgresqls('gke');
    expect(exampleModel('gke', pg).walg.backup).toEqual({
      store: 'gs', tool: 'wal-g', prefix: 'gs://acme-analytics-pg-backups/spilo/data-warehouse/wal/18', credentials: 'gcp-metadata-server', credentialVars: [], problems: [],
    });
  });

  test('eks-production: S3 with KMS through IRSA (its operator\'s irsa_role_arn is the backup role, WAL-G >= 3.0.6)', () => {
    const [pg] = postgresqls('eks-production');
    expect(exampleModel('eks-production', pg).walg.backup).toEqual({
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
    // the operator owns the IRSA annotation: the example declares no ServiceAccount
    expect(objects['eks-production'].filter((o) => o.kind === 'ServiceAccount')).toEqual([]);
  });

  test('pitr-clone: a WAL-G PITR clone of the lost cluster\'s archive to the chosen minute', () => {
    const [pg] = postgresqls('pitr-clone');
    const model = exampleModel('pitr-clone', pg);
    expect(model.spilo.bootstrap).toEqual({
      kind: 'clone-wal', envDir: '/run/etc/wal-e.d/env-clone-acid-orders', targetTime: '2026-11-20T14:29:00+00:00', timeline: 'latest', inclusive: true,
    });
    expect(model.walg.clone).toEqual({
      store: 's3',
      tool: 'wal-g',
      prefix: 's3://acme-pg-backups/spilo/acid-orders/wal/17',
      prefixCandidates: ['s3://acme-pg-backups/spilo/acid-orders/wal/17'],
      credentials: 'web-identity',
      credentialVars: ['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE'],
      pathStyle: false,
      sse: 'AES256', // Spilo's default in every WAL-G env-dir without a custom endpoint; reads ignore it
      region: 'us-east-1',
      problems: [],
    });
  });

  test('disaster-recovery stage 1: a standby replaying the old archive, archiving under its own name', () => {
    const [pg] = postgresqls('disaster-recovery');
    const model = exampleModel('disaster-recovery', pg);
    expect(model.spilo.bootstrap).toMatchObject({ kind: 'standby', createReplicaMethods: ['bootstrap_standby_with_wale', 'basebackup_fast_xlog'] });
    const irsa = { credentials: 'web-identity', credentialVars: ['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE'], region: 'us-east-1', problems: [] };
    expect(model.walg.standby).toMatchObject({ store: 's3', tool: 'wal-g', prefix: 's3://acme-pg-backups/spilo/acid-orders/wal/17', ...irsa });
    expect(model.walg.backup).toMatchObject({ store: 's3', tool: 'wal-g', prefix: 's3://acme-pg-backups/spilo/acid-orders-restored/wal/17', ...irsa });
  });

  test('disaster-recovery stage 2 (DR_PROMOTE=true): no standby recipe left, bootstraps as a primary, the pods roll once', () => {
    const [stage1] = postgresqls('disaster-recovery');
    const promoted = synthExampleObjects('disaster-recovery', { DR_PROMOTE: 'true' }).filter((o) => o.kind === 'postgresql');
    expect(promoted).toHaveLength(1);
    const stage2 = promoted[0];
    expect(stage2.spec.standby).toBeUndefined();
    expect(stage2.spec.env.filter((e: any) => /^STANDBY_/i.test(e.name))).toEqual([]);
    const model = exampleModel('disaster-recovery', stage2);
    expect(model.spilo.bootstrap).toEqual({ kind: 'initdb' });
    expect(model.spilo.envDirs.standby).toBeUndefined();
    expect(model.rolls).toEqual([]);
    expect(model.walg.backup).toMatchObject({ store: 's3', prefix: 's3://acme-pg-backups/spilo/acid-orders-restored/wal/17', credentials: 'web-identity', problems: [] });
    // the operator's STANDBY_* env (with its STANDBY_AWS_* IRSA twins) and the library's disappear: one rolling update
    expect(envChange(stage1, stage2, EXAMPLE_OPERATORS['disaster-recovery'])).toEqual([
      '-STANDBY_AWS_REGION', '-STANDBY_AWS_ROLE_ARN', '-STANDBY_AWS_STS_REGIONAL_ENDPOINTS', '-STANDBY_AWS_WEB_IDENTITY_TOKEN_FILE', '-STANDBY_METHOD',
      '-STANDBY_USE_WALG_RESTORE', '-STANDBY_WALE_S3_PREFIX', '-STANDBY_WALG_S3_PREFIX', '-STANDBY_WAL_BUCKET_SCOPE_PREFIX',
    ]);
  });

  test('aks: the archive goes to the documented Azure path with the identity IMDS returns', () => {
    const [pg] = postgresqls('aks');
    expect(exampleModel('aks', pg).walg.backup).toEqual({
      store: 'az', tool: 'wal-g', prefix: 'azure://wal/payments/spilo/pay-payments/wal/16', credentials: 'azure-default-identity', credentialVars: [], problems: [],
    });
  });
});
