import { Chart, Cron, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  BackupCredentials,
  BackupEncryption,
  BackupLocation,
  BackupStorage,
  Cluster,
  ConnectionPooler,
  KeyTransform,
  PointInTime,
  PoolerMode,
  PostgresVersion,
  Restore,
  S3Encryption,
  StandbyCluster,
  StandbySource,
  WalgBackup,
  WalgCompression,
} from '../../src';
import { compact, envChange, spiloModel } from '../../src/model/spilo-model';
import { newChart, only, synthValid } from '../support/synth';

const ROLE = 'arn:aws:iam::123456789012:role/pg';
const s3 = () => BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-west-1' });
const irsa = () => BackupCredentials.awsIrsa(ROLE);
/** A chart whose app declares an operator with `irsa_role_arn` = ROLE (IRSA needs it). */
function irsaChart(): Chart {
  return newChart('db', { operator: { configAwsOrGcp: { irsaRoleArn: ROLE } } }).chart;
}
/** What the operator, Spilo and WAL-G make of a manifest under that operator (WAL-G 3.0.6, as IRSA requires). */
const irsaModel = (pg: any) => spiloModel(pg, { settings: { irsaRoleArn: ROLE }, walgVersion: '3.0.6' });

describe('WalgBackup', () => {
  test('all options end up in the environment', () => {
    const chart = irsaChart();
    const cluster = new Cluster(chart, 'main', { teamId: 'acid' });
    new WalgBackup(chart, 'Backup', {
      cluster,
      storage: BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-west-1', encryption: S3Encryption.kms('arn:aws:kms:eu-west-1:123456789012:key/abc') }),
      credentials: irsa(),
      schedule: Cron.schedule({ minute: '30', hour: '2' }),
      retention: 14,
      compression: WalgCompression.ZSTD,
      deltaMaxSteps: 6,
      uploadConcurrency: 4,
      downloadConcurrency: 8,
      uploadDiskConcurrency: 2,
      backupFromReplica: true,
      encryption: BackupEncryption.libsodium('walg-key', 'key', KeyTransform.HEX),
      scopeSuffix: '-2',
    });
    const pg = only(synthValid(chart), 'postgresql');
    const env = compact(pg.spec.env);
    const model = irsaModel(pg);
    expect(model.duplicates).toEqual([]);
    expect(model.rolls).toEqual([]);
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
    expect(model.spilo.retention).toEqual({ count: 14, days: 14 });
    expect(model.spilo.backupCron).toMatch(/^30 2 \* \* \* envdir /);
    expect(model.spilo.envDirs.backup!.files).toMatchObject({
      WALG_COMPRESSION_METHOD: 'zstd', WALG_DELTA_MAX_STEPS: '6', WALG_BACKUP_FROM_REPLICA: 'true', WALG_LIBSODIUM_KEY: '<secret:walg-key/key>',
    });
    expect(env).toEqual(expect.arrayContaining([
      'WALG_S3_SSE=aws:kms', 'WALG_S3_SSE_KMS_ID=arn:aws:kms:eu-west-1:123456789012:key/abc',
      'BACKUP_SCHEDULE=30 2 * * *', 'BACKUP_NUM_TO_RETAIN=14', 'WALG_COMPRESSION_METHOD=zstd', 'WALG_DELTA_MAX_STEPS=6',
      'WALG_UPLOAD_CONCURRENCY=4', 'WALG_DOWNLOAD_CONCURRENCY=8', 'WALG_UPLOAD_DISK_CONCURRENCY=2', 'WALG_BACKUP_FROM_REPLICA=true',
      'WALG_LIBSODIUM_KEY<-walg-key/key', 'WALG_LIBSODIUM_KEY_TRANSFORM=hex',
      'WAL_BUCKET_SCOPE_SUFFIX=-2', 'WALG_S3_PREFIX=s3://pg-backups/spilo/acid-main-2/wal/18',
    ]));
  });

  test('the encryption key is mirrored to clones', () => {
    const chart = irsaChart();
    const location = BackupLocation.of({
      storage: s3(), credentials: irsa(), clusterName: 'acid-main', version: PostgresVersion.V18, encryption: BackupEncryption.libsodium('walg-key'),
    });
    new Cluster(chart, 'clone', { teamId: 'acid', restore: Restore.fromBackup(location, PointInTime.parse('2026-01-01T00:00:00+01:00')) });
    const pg = only(synthValid(chart), 'postgresql');
    const env = compact(pg.spec.env);
    expect(env).toEqual(expect.arrayContaining(['CLONE_WALG_LIBSODIUM_KEY<-walg-key/WALG_LIBSODIUM_KEY', 'CLONE_WALG_LIBSODIUM_KEY_TRANSFORM=base64']));
    const model = irsaModel(pg);
    expect(model.duplicates).toEqual([]);
    expect(model.rolls).toEqual([]);
    expect(model.walg.clone).toMatchObject({ store: 's3', prefix: 's3://pg-backups/spilo/acid-main/wal/18', credentials: 'web-identity', problems: [] });
    expect(model.spilo.envDirs.clone!.files).toMatchObject({
      WALG_LIBSODIUM_KEY: '<secret:walg-key/WALG_LIBSODIUM_KEY>', WALG_LIBSODIUM_KEY_TRANSFORM: 'base64', WALG_S3_PREFIX: 's3://pg-backups/spilo/acid-main/wal/18',
    });
  });

  test('exposes the permissions the identity needs (the seed\'s S3 policy, KMS when used; GCS and Azure bindings)', () => {
    const chart = irsaChart();
    const cluster = new Cluster(chart, 'main', { teamId: 'acid' });
    const b = new WalgBackup(chart, 'B', {
      cluster, storage: BackupStorage.s3({ bucket: 'my-pg-backups', region: 'us-east-1', encryption: S3Encryption.kms('alias/pg-backups') }), credentials: irsa(),
    });
    expect(JSON.parse(b.permissionsJson())).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:PutObject', 's3:GetObject', 's3:ListBucket', 's3:DeleteObject', 's3:GetBucketLocation'],
          Resource: ['arn:aws:s3:::my-pg-backups', 'arn:aws:s3:::my-pg-backups/*'],
        },
        { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'], Resource: ['alias/pg-backups'] },
      ],
    });
    const c2 = new Cluster(chart, 'gcs', { teamId: 'acid', clusterNamespace: 'other' });
    const g = new WalgBackup(chart, 'G', { cluster: c2, storage: BackupStorage.gcs({ bucket: 'pg-backups' }), credentials: BackupCredentials.gkeWorkloadIdentity('pg-backup@acme-prod.iam.gserviceaccount.com') });
    expect(JSON.parse(g.permissionsJson())).toEqual({
      bucket: 'gs://pg-backups', role: 'roles/storage.objectAdmin', member: 'serviceAccount:pg-backup@acme-prod.iam.gserviceaccount.com', objects: 'spilo/acid-gcs/wal/18/**',
    });
    const c3 = new Cluster(chart, 'az', { teamId: 'acid', clusterNamespace: 'third' });
    const a = new WalgBackup(chart, 'A', { cluster: c3, storage: BackupStorage.azure({ storageAccount: 'acct', container: 'wal' }), credentials: BackupCredentials.azureManagedIdentity() });
    expect(JSON.parse(a.permissionsJson())).toEqual({
      scope: '/subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/acct/blobServices/default/containers/wal',
      role: 'Storage Blob Data Contributor',
      principal: '<the managed identity IMDS returns to the nodes>',
    });
    const pgs = synthValid(chart).filter((o) => o.kind === 'postgresql');
    const models = pgs.map((pg) => irsaModel(pg).walg.backup);
    expect(models.map((v) => [v.store, v.prefix, v.credentials, v.problems]).sort()).toEqual([
      ['az', 'azure://wal/spilo/acid-az/wal/18', 'azure-default-identity', []],
      ['gs', 'gs://pg-backups/spilo/acid-gcs/wal/18', 'gcp-metadata-server', []],
      ['s3', 's3://my-pg-backups/spilo/acid-main/wal/18', 'web-identity', []],
    ]);
    // the Azure managed identity needs no label or annotation
    expect(pgs.find((o) => o.metadata.name === 'acid-az').metadata.labels).toBeUndefined();
  });

  test('clusters of one namespace share the pod ServiceAccount; the same identity is declared once', () => {
    const { chart } = newChart();
    const a = new Cluster(chart, 'a', { teamId: 'acid' });
    const b = new Cluster(chart, 'b', { teamId: 'acid' });
    const gcs = BackupStorage.gcs({ bucket: 'pg-backups' });
    const wi = () => BackupCredentials.gkeWorkloadIdentity('pg-backup@acme-prod.iam.gserviceaccount.com');
    new WalgBackup(chart, 'BA', { cluster: a, storage: gcs, credentials: wi() });
    new WalgBackup(chart, 'BB', { cluster: b, storage: gcs, credentials: wi() });
    expect(synthValid(chart).filter((o) => o.kind === 'ServiceAccount')).toEqual([{
      apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'postgres-pod', namespace: 'db', annotations: { 'iam.gke.io/gcp-service-account': 'pg-backup@acme-prod.iam.gserviceaccount.com' } },
    }]);
  });

  test('IRSA declares no ServiceAccount: the operator writes its irsa_role_arn there on every sync', () => {
    const chart = irsaChart();
    const a = new Cluster(chart, 'a', { teamId: 'acid' });
    const b = new Cluster(chart, 'b', { teamId: 'acid' });
    new WalgBackup(chart, 'BA', { cluster: a, storage: s3(), credentials: irsa() });
    new WalgBackup(chart, 'BB', { cluster: b, storage: s3(), credentials: irsa() });
    const objects = synthValid(chart);
    expect(objects.filter((o) => o.kind === 'ServiceAccount')).toEqual([]);
    for (const pg of objects.filter((o) => o.kind === 'postgresql')) {
      expect(irsaModel(pg).walg.backup).toMatchObject({ store: 's3', credentials: 'web-identity', credentialVars: ['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE'], problems: [] });
    }
  });

  test('bad input', () => {
    const make = (props: any) => {
      const { chart } = newChart();
      const cluster = new Cluster(chart, 'main', { teamId: 'acid' });
      return () => new WalgBackup(chart, 'Backup', { cluster, storage: s3(), credentials: irsa(), ...props });
    };
    expect(make({ credentials: BackupCredentials.gkeWorkloadIdentity('x@y') }))
      .toThrow(/\[test\/Backup\] credentials: gke-workload-identity credentials cannot access s3 storage.*Allowed: for s3: awsIrsa, fromSecret/);
    expect(make({ schedule: Cron.schedule({ minute: '0', hour: '1,13' }) })).toThrow(/schedule: .*Got: "0 1,13 \* \* \*"/);
    expect(make({ retention: 0 })).toThrow(/ZPG-NUMBER-INVALID \[test\/Backup\] retention: must be a whole number in range. Got: 0/);
    expect(make({ deltaMaxSteps: -1 })).toThrow(/deltaMaxSteps/);
    expect(make({ scopeSuffix: '/../x' })).toThrow(/scopeSuffix: not a safe path suffix/);
    // a literal key in the environment is refused before it reaches YAML
    expect(make({ credentials: BackupCredentials.fromSecret('s'), storage: s3() })).not.toThrow();

    const { chart } = newChart();
    const a = new Cluster(chart, 'a', { teamId: 'acid' });
    const b = new Cluster(chart, 'b', { teamId: 'acid' });
    const gcs = BackupStorage.gcs({ bucket: 'pg-backups' });
    new WalgBackup(chart, 'BA', { cluster: a, storage: gcs, credentials: BackupCredentials.gkeWorkloadIdentity('one@p.iam.gserviceaccount.com') });
    expect(() => new WalgBackup(chart, 'BB', { cluster: b, storage: gcs, credentials: BackupCredentials.gkeWorkloadIdentity('two@p.iam.gserviceaccount.com') }))
      .toThrow(/^ZPG-BACKUP-IDENTITY-CONFLICT \[test\/BB\] credentials: the pod ServiceAccount of namespace db is shared by all clusters there/);

    // IRSA: the operator's one role (at synth time)
    const other = irsaChart();
    new WalgBackup(other, 'B', { cluster: new Cluster(other, 'main', { teamId: 'acid' }), storage: s3(), credentials: BackupCredentials.awsIrsa('arn:aws:iam::123456789012:role/other') });
    expect(() => synthValid(other)).toThrow(/^ZPG-BACKUP-IRSA-ROLE-MISMATCH \[test\/B\] credentials.roleArn: the operator \(test\/operator\) has irsa_role_arn arn:aws:iam::123456789012:role\/pg/);
    const none = newChart().chart;
    new WalgBackup(none, 'B', { cluster: new Cluster(none, 'main', { teamId: 'acid' }), storage: s3(), credentials: irsa() });
    expect(() => synthValid(none)).toThrow(/^ZPG-BACKUP-IRSA-ROLE-MISMATCH \[test\/B\] credentials.roleArn: the operator \(the v2.0.1 Helm chart defaults \(no operator declared in this app\)\) has no irsa_role_arn/);
  });

  test('Azure credentials Spilo\'s WAL-G cannot use are refused with the reason and the alternatives', () => {
    const make = (credentials: BackupCredentials) => () => {
      const { chart } = newChart();
      new WalgBackup(chart, 'B', { cluster: new Cluster(chart, 'main', { teamId: 'acid' }), storage: BackupStorage.azure({ storageAccount: 'acct', container: 'wal' }), credentials });
    };
    const alternatives = 'Allowed: for azure: azureManagedIdentity\\(\\) \\(the identity IMDS returns without a client id\\), azureServicePrincipal\\(secretName\\), '
      + 'fromSecret\\(secretName, \\{ storageAccessKey \\}\\) or fromSecret\\(secretName, \\{ sasToken \\}\\)';
    expect(make(BackupCredentials.azureManagedIdentity('11111111-2222-3333-4444-555555555555'))).toThrow(new RegExp(
      `^ZPG-BACKUP-CREDENTIALS-UNSUPPORTED \\[test/B\\] credentials: WAL-G in Spilo cannot select a user-assigned managed identity by client id: .*only together with AZURE_CLIENT_SECRET and AZURE_TENANT_ID.*${alternatives}.*Fix: `));
    expect(make(BackupCredentials.azureWorkloadIdentity('11111111-2222-3333-4444-555555555555'))).toThrow(new RegExp(
      `^ZPG-BACKUP-CREDENTIALS-UNSUPPORTED \\[test/B\\] credentials: Azure Workload Identity does not reach WAL-G in Spilo: .*AZURE_FEDERATED_TOKEN_FILE.*${alternatives}`));
    expect(make(BackupCredentials.azureServicePrincipal('az sp'))).toThrow(/^ZPG-NAME-INVALID \[test\/B\] credentials.secretName: not a valid Secret name .*Got: "az sp"/);
    expect(make(BackupCredentials.azureServicePrincipal('az-sp', { tenantId: 'bad key!' }))).toThrow(/^ZPG-BACKUP-CREDENTIALS-INVALID \[test\/B\] credentials.keys.tenantId: not a key of a Secret/);
    expect(make(BackupCredentials.azureManagedIdentity())).not.toThrow();
  });

  test('two backups of one cluster conflict', () => {
    const { chart } = newChart();
    const cluster = new Cluster(chart, 'main', { teamId: 'acid' });
    new WalgBackup(chart, 'B1', { cluster, storage: s3(), credentials: irsa() });
    expect(() => new WalgBackup(chart, 'B2', { cluster, storage: BackupStorage.s3({ bucket: 'other', region: 'eu-west-1' }), credentials: irsa() }))
      .toThrow(/\[test\/B2\] env WALG_S3_PREFIX: conflicts with the value set by test\/B1/);
  });
});

describe('Restore', () => {
  test('a Date becomes a timestamp with a numeric offset', () => {
    expect(PointInTime.of(new Date(Date.UTC(2026, 3, 11, 14, 30, 0))).timestamp).toBe('2026-04-11T14:30:00+00:00');
    expect(PointInTime.of(new Date(Date.UTC(2026, 3, 11, 14, 30, 0, 250))).timestamp).toBe('2026-04-11T14:30:00.250+00:00');
  });

  test('a live basebackup clone from a cluster in the same namespace', () => {
    const { chart } = newChart();
    const source = new Cluster(chart, 'main', { teamId: 'acid' });
    new Cluster(chart, 'copy', { teamId: 'acid', restore: Restore.fromCluster(source) });
    const pg = synthValid(chart).find((o) => o.metadata.name === 'acid-copy');
    expect(pg.spec.clone).toEqual({ cluster: 'acid-main' });
    expect(pg.spec.env).toBeUndefined();
    const model = spiloModel(pg);
    expect(model.duplicates).toEqual([]);
    expect(model.rolls).toEqual([]);
    expect(model.spilo.bootstrap).toEqual({ kind: 'clone-basebackup', host: 'acid-main', port: '5432', user: 'standby' });
    expect(model.walg.backup.store).toBe('none');
    expect(model.walg.clone).toBeUndefined();
  });

  test('bad input: timestamp, version, namespace', () => {
    const loc = BackupLocation.of({ storage: s3(), credentials: irsa(), clusterName: 'acid-main', version: PostgresVersion.V16 });
    const { chart } = newChart();
    expect(() => new Cluster(chart, 'a', { teamId: 'acid', version: PostgresVersion.V16, restore: Restore.fromBackup(loc, PointInTime.parse('2026-04-11T14:30:00Z')) }))
      .toThrow(/\[test\/a\] restore.targetTime: .*Got: "2026-04-11T14:30:00Z".*"Z" is rejected.*Fix: use PointInTime.of/);
    expect(() => new Cluster(chart, 'b', { teamId: 'acid', version: PostgresVersion.V17, restore: Restore.fromBackup(loc, PointInTime.parse('2026-04-11T14:30:00+00:00')) }))
      .not.toThrow(); // a higher major version: the operator's upgrade on cloning
    expect(() => new Cluster(chart, 'b2', { teamId: 'acid', version: PostgresVersion.V15, restore: Restore.fromBackup(loc, PointInTime.parse('2026-04-11T14:30:00+00:00')) }))
      .toThrow(/ZPG-RESTORE-INVALID \[test\/b2\] restore.source: the archive was written by a newer PostgreSQL major version.*Got: archive 16, cluster 15/);
    const source = new Cluster(chart, 'src', { teamId: 'acid', clusterNamespace: 'one' });
    expect(() => new Cluster(chart, 'c', { teamId: 'acid', clusterNamespace: 'two', restore: Restore.fromCluster(source) }))
      .toThrow(/restore: a basebackup clone only works within one namespace.*Got: source in one, clone in two.*Restore.fromBackup/);
    expect(() => new Cluster(chart, 'd', { teamId: 'acid', restore: Restore.fromClusterName('Not_A_Name') })).toThrow(/restore: a basebackup clone needs the DNS-1035 name/);
  });
});

describe('StandbyCluster', () => {
  test('streams from a cluster of this app; lists the Secrets to copy; promoted, it bootstraps as a primary', () => {
    const render = (promote: boolean) => {
      const { chart } = newChart();
      const primary = new Cluster(chart, 'main', { teamId: 'acid', version: PostgresVersion.V17 });
      const standby = new StandbyCluster(chart, 'dr', {
        teamId: 'acid', version: PostgresVersion.V17, clusterNamespace: 'dr', source: StandbySource.fromCluster(primary, 'dr_slot'), promote,
      });
      return { standby, pg: synthValid(chart).find((o) => o.metadata.name === 'acid-dr') };
    };
    const { standby, pg } = render(false);
    expect(pg.spec.standby).toEqual({ standby_host: 'acid-main.db.svc.cluster.local', standby_port: '5432', standby_primary_slot_name: 'dr_slot' });
    const model = spiloModel(pg);
    expect(model.rolls).toEqual([]);
    expect(model.duplicates).toEqual([]);
    expect(model.spilo.bootstrap).toEqual({
      kind: 'standby', host: 'acid-main.db.svc.cluster.local', port: '5432', primarySlotName: 'dr_slot', createReplicaMethods: ['basebackup_fast_xlog'],
    });
    expect(standby.requiredSecrets).toEqual([
      { sourceSecret: 'postgres.acid-main.credentials.postgresql.acid.zalan.do', targetSecret: 'postgres.acid-dr.credentials.postgresql.acid.zalan.do' },
      { sourceSecret: 'standby.acid-main.credentials.postgresql.acid.zalan.do', targetSecret: 'standby.acid-dr.credentials.postgresql.acid.zalan.do' },
    ]);
    const promoted = render(true).pg;
    expect(spiloModel(promoted).spilo.bootstrap).toEqual({ kind: 'initdb' });
    expect(spiloModel(promoted).rolls).toEqual([]);
    // promotion drops the operator's STANDBY_* env: one rolling update (ZALANDO-FACTS §g.4)
    expect(envChange(pg, promoted)).toEqual(['-STANDBY_HOST', '-STANDBY_PORT', '-STANDBY_PRIMARY_SLOT_NAME']);
  });

  test('streams from a host', () => {
    const { chart } = newChart();
    new StandbyCluster(chart, 'dr', { teamId: 'acid', source: StandbySource.fromHost('10.1.2.3', 6432) });
    const pg = only(synthValid(chart), 'postgresql');
    expect(pg.spec.standby).toEqual({ standby_host: '10.1.2.3', standby_port: '6432' });
    expect(spiloModel(pg).spilo.bootstrap).toEqual({ kind: 'standby', host: '10.1.2.3', port: '6432', createReplicaMethods: ['basebackup_fast_xlog'] });
    expect(spiloModel(pg).rolls).toEqual([]);
  });

  test('promotion (stage 2) differs from the standby (stage 1) only by the standby section and the STANDBY_* environment', () => {
    const render = (promote: boolean) => {
      const chart = irsaChart();
      const location = BackupLocation.of({ storage: s3(), credentials: irsa(), clusterName: 'acid-main', version: PostgresVersion.V17 });
      new StandbyCluster(chart, 'restored', { teamId: 'acid', version: PostgresVersion.V17, source: StandbySource.fromArchive(location), promote });
      return synthValid(chart);
    };
    const stage1 = render(false);
    const stage2 = render(true);
    const pg1 = only(stage1, 'postgresql');
    const pg2 = only(stage2, 'postgresql');
    expect(pg1.spec.standby).toEqual({ s3_wal_path: 's3://pg-backups/spilo/acid-main/wal/17' });
    expect(pg2.spec.standby).toBeUndefined();
    expect(pg1.spec.env.map((e: any) => e.name).filter((n: string) => n.startsWith('STANDBY_')).length).toBeGreaterThan(0);
    expect((pg2.spec.env ?? []).filter((e: any) => e.name.startsWith('STANDBY_'))).toEqual([]);
    const { standby: _removed, env: env1, ...rest1 } = pg1.spec;
    const { env: env2, ...rest2 } = pg2.spec;
    expect(rest1).toEqual(rest2);
    expect(env1.filter((e: any) => !e.name.startsWith('STANDBY_'))).toEqual(env2 ?? []);
    expect(stage1.filter((o) => o.kind !== 'postgresql')).toEqual(stage2.filter((o) => o.kind !== 'postgresql'));
    // through the model: stage 1 follows the archive, stage 2 bootstraps as a primary; promotion rolls the pods once
    const [m1, m2] = [irsaModel(pg1), irsaModel(pg2)];
    for (const m of [m1, m2]) {
      expect(m.duplicates).toEqual([]);
      expect(m.rolls).toEqual([]);
    }
    expect(m1.spilo.bootstrap).toMatchObject({ kind: 'standby', createReplicaMethods: ['bootstrap_standby_with_wale', 'basebackup_fast_xlog'] });
    expect(m1.walg.standby).toMatchObject({ store: 's3', tool: 'wal-g', prefix: 's3://pg-backups/spilo/acid-main/wal/17', credentials: 'web-identity', problems: [] });
    expect(m2.spilo.bootstrap).toEqual({ kind: 'initdb' });
    expect(m2.walg.standby).toBeUndefined();
    expect(envChange(pg1, pg2, { irsaRoleArn: ROLE })).toContain('-STANDBY_METHOD');
  });

  test('bad input', () => {
    const { chart } = newChart();
    const primary = new Cluster(chart, 'main', { teamId: 'acid', version: PostgresVersion.V16 });
    expect(() => new StandbyCluster(chart, 'a', { teamId: 'acid', version: PostgresVersion.V17, source: StandbySource.fromCluster(primary) }))
      .toThrow(/\[test\/a\] version: a standby must run the same PostgreSQL major version as its source cluster. Got: source 16, standby 17/);
    expect(() => new StandbyCluster(chart, 'b', { teamId: 'acid', source: StandbySource.fromHost('bad host!') })).toThrow(/source.host: not a host name/);
    expect(() => new StandbyCluster(chart, 'c', { teamId: 'acid', source: StandbySource.fromHost('h', 70000) })).toThrow(/ZPG-NUMBER-INVALID \[test\/c\] source.port: .*Got: 70000/);
    expect(() => new StandbyCluster(chart, 'd', { teamId: 'acid', source: StandbySource.fromHost('h', 5432, 'Bad-Slot') })).toThrow(/primarySlotName/);
    const azure = BackupLocation.of({
      storage: BackupStorage.azure({ storageAccount: 'acmepg', container: 'pg-backups' }), credentials: BackupCredentials.azureManagedIdentity(), clusterName: 'acid-main', version: PostgresVersion.V18,
    });
    expect(() => new StandbyCluster(chart, 'e', { teamId: 'acid', source: StandbySource.fromArchive(azure) })).toThrow(/#1916/);
  });
});

describe('ConnectionPooler', () => {
  test('defaults: a primary pooler with 2 instances, transaction mode, the operator\'s resources made explicit', () => {
    const { chart } = newChart();
    const cluster = new Cluster(chart, 'main', { teamId: 'acid' });
    const pooler = cluster.addConnectionPooler();
    const spec = only(synthValid(chart), 'postgresql').spec;
    expect(spec.enableConnectionPooler).toBe(true);
    expect(spec.enableReplicaConnectionPooler).toBe(false);
    expect(spec.connectionPooler).toEqual({
      numberOfInstances: 2,
      mode: 'transaction',
      schema: 'pooler',
      user: 'pooler',
      maxDBConnections: 60,
      resources: { requests: { cpu: '500m', memory: '100Mi' }, limits: { cpu: '1', memory: '100Mi' } },
    });
    expect(pooler.node.path).toBe('test/main/ConnectionPooler');
    expect(pooler.primaryServiceName).toBe('acid-main-pooler');
    expect(pooler.replicaServiceName).toBeUndefined();
  });

  test('options: replica pooler, session mode, size, user, image, resources', () => {
    const { chart } = newChart();
    const cluster = new Cluster(chart, 'main', { teamId: 'acid' });
    const pooler = new ConnectionPooler(chart, 'Pooler', {
      cluster,
      replica: true,
      instances: 3,
      mode: PoolerMode.SESSION,
      maxDbConnections: 100,
      schema: 'pgb',
      user: 'pgbouncer',
      dockerImage: 'ghcr.io/zalando/postgres-operator/pgbouncer:v2.0.1',
      resources: { cpu: { request: Cpu.millis(250), limit: Cpu.units(1) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } },
    });
    const spec = only(synthValid(chart), 'postgresql').spec;
    expect(spec.enableReplicaConnectionPooler).toBe(true);
    expect(spec.connectionPooler).toEqual({
      numberOfInstances: 3,
      mode: 'session',
      schema: 'pgb',
      user: 'pgbouncer',
      maxDBConnections: 100,
      dockerImage: 'ghcr.io/zalando/postgres-operator/pgbouncer:v2.0.1',
      resources: { requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
    });
    expect(pooler.replicaServiceName).toBe('acid-main-pooler-repl');
  });

  test('bad input', () => {
    const make = (props: any, name?: string) => {
      const { chart } = newChart();
      const cluster = new Cluster(chart, 'main', { teamId: 'acid', name });
      return () => {
        new ConnectionPooler(chart, 'Pooler', { cluster, ...props });
        synthValid(chart);
      };
    };
    expect(make({ mode: PoolerMode.STATEMENT })).toThrow(/\[test\/Pooler\] mode: the Zalando operator supports session and transaction pooling only.*Allowed: PoolerMode.TRANSACTION, PoolerMode.SESSION/);
    expect(make({ user: 'postgres' })).toThrow(/ZPG-OPERATOR-SYSTEM-USER-CONFLICT \[test\/main\] connectionPooler.user: the pooler must not authenticate as the operator \(the v2.0.1 Helm chart defaults.*'s superuser/);
    expect(make({ instances: 0 })).toThrow(/ZPG-NUMBER-INVALID \[test\/Pooler\] instances: must be a whole number in range. Got: 0/);
    expect(make({ maxDbConnections: 3 })).toThrow(/maxDbConnections: too small.*Allowed: at least 4 with 2 instances/);
    expect(make({ primary: false })).toThrow(/neither pooler is enabled/);
    expect(make({ schema: 'bad-schema' })).toThrow(/schema: not a schema name/);
    expect(make({ replica: true }, `acid-${'x'.repeat(45)}`)).toThrow(/ZPG-NAME-LENGTH \[test\/main\] name: the cluster name is 50 characters long, but ".*-pooler-repl-u" must fit 63.*Allowed: at most 49 characters with a replica pooler/);
  });
});
