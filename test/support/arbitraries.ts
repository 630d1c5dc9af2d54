/**
 * fast-check generators over the library's public API: whole apps (a cluster or standby with any of pooler,
 * backup, restore, monitoring, certificate, network policies, storage class, an operator and a restore drill or
 * upgrade rehearsal with its admission policy, created in any order), with
 * values drawn from pools that mix valid and invalid input the way users write it.
 */
import { App, Chart, Cron, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  BackupCredentials,
  BackupLocation,
  BackupStorage,
  Cluster,
  ClusterProps,
  ConnectionTarget,
  DrillAdmissionPolicy,
  DrillCheck,
  ExternalPostgresOperator,
  MaintenanceWindow,
  MonitoringStack,
  MonitorKind,
  NetworkPeer,
  PlatformStorage,
  PointInTime,
  PoolerMode,
  PostgresCertificate,
  PostgresVersion,
  Restore,
  RestoreDrill,
  S3Encryption,
  SlotType,
  StandbyCluster,
  StandbySource,
  UserFlag,
  WalgBackup,
  Workload,
} from '../../src';

const pick = <T>(...values: T[]) => fc.constantFrom(...values);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
/** Given in about one app of five. */
const rarely = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
/** Given in about one app of ten. */
const seldom = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
/** Mostly one of the valid values, now and then one of the invalid ones (about 1 in 30). */
const mostly = <T>(valid: T[], invalid: T[]) => fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(...valid) },
  { weight: 1, arbitrary: fc.constantFrom(...invalid) },
);

const PAST = new Date(Date.UTC(2026, 3, 11, 14, 30, 0));
const IRSA = 'arn:aws:iam::123456789012:role/pg-backup';

export interface AppSpec {
  readonly chartNamespace: string | null;
  readonly clusterId: string;
  readonly cluster: Partial<ClusterProps> & { teamId: string };
  readonly standby?: { host: string; port: number; promote: boolean; archive: boolean };
  readonly restore?: { kind: 'backup' | 'cluster'; time: string; sourceMajor: number; sourceName: string };
  readonly pooler?: { replica: boolean; instances: number; maxDbConnections: number; mode: PoolerMode; user: string; cpuMillis?: number };
  readonly backup?: { store: 's3' | 'gcs' | 'azure'; bucket: string; region: string; endpoint?: string; credentials: string; retention: number; schedule?: string; kms?: string };
  readonly monitoring?: {
    intervalMs: number;
    kind: MonitorKind;
    lagWarning?: number;
    lagCritical?: number;
    connectionsRatio?: number;
    exclude: string[];
    labels?: Record<string, string>;
  };
  readonly certificate?: { secretName?: string; durationDays: number; renewBeforeDays: number; requireTls: boolean };
  readonly network?: { peers: Array<{ kind: string; value: string; except?: string[] }>; targets: ConnectionTarget[]; apiCidrs?: string[] };
  readonly storageClass?: { iops: number; throughput: number };
  /** The operator the cluster runs under, declared in the app (Helm values of an operator installed elsewhere). */
  readonly operator?: {
    readonly irsa: boolean;
    readonly dumpsBucket: boolean;
    readonly labels?: { clusterNameLabel: string; podRoleLabel: string; clusterLabels: Record<string, string> };
    readonly secretNameTemplate?: string;
    readonly superUsername?: string;
    readonly minInstances?: number;
    readonly enableSidecars: boolean;
    readonly watchedNamespace: string;
    readonly walS3Bucket?: string;
    readonly controllerId?: string;
    readonly operatorNamespace?: string;
  };
  /** A restore drill (an upgrade rehearsal with `upgradeTo`), with or without its admission policy. */
  readonly drill?: {
    readonly storageGi: number;
    readonly targetAgeMinutes?: number;
    readonly rtoHours?: number;
    readonly rpo?: { minutes: number; freshness?: string };
    readonly checks: Array<{ kind: 'query' | 'rows' | 'equals'; name: string; sql: string }>;
    /** An upgrade rehearsal: the cluster's major version plus this (0 is invalid). */
    readonly upgradeBy?: number;
    readonly cloneName?: string;
    readonly pushgatewayUrl?: string;
    readonly policy: boolean;
    /** No WalgBackup in the app (a drill needs one). */
    readonly withoutBackup?: boolean;
  };
  readonly order: string[];
}

const clusterName = fc.oneof(
  { weight: 6, arbitrary: pick(undefined) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 56 }).map((n) => `acid-${'x'.repeat(n)}`) },
  { weight: 1, arbitrary: mostly(['acid-main'], ['Acid_Bad', '', 'orders-db']) },
);

const parameters = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom({ work_mem: '64MB' }, { log_statement: 'ddl', statement_timeout: '30s' }, { random_page_cost: '1.1' }, { timezone: 'UTC' }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(
      pick('work_mem', 'shared_buffer', 'max_connections', 'effective_io_concurrency', 'timezone', 'pg_stat_statements.max', 'archive_mode', 'listen_addresses',
        'huge_pages', 'shared_buffers'),
      pick('64mb', '-5', '10', '5000', 'Mars/Olympus', 'on', '*', 'sometimes', '100GB'),
      { minKeys: 1, maxKeys: 2 },
    ),
  },
);

const users = fc.uniqueArray(fc.record({
  name: mostly(['app', 'app_user', 'reporting'], ['admin', 'postgres', 'pg_x', 'App!', 'pooler']),
  flags: mostly([[], [UserFlag.CREATEDB], [UserFlag.LOGIN, UserFlag.REPLICATION]], [[UserFlag.LOGIN, UserFlag.NOLOGIN], [UserFlag.SUPERUSER]]),
}), { maxLength: 2, selector: (u) => u.name });

const env = fc.uniqueArray(mostly<any>([
  { name: 'FOO', value: 'bar' },
  { name: 'SECRET_REF', valueFrom: { secretKeyRef: { name: 'app-secret', key: 'token' } } },
  { name: 'POD_LABEL', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
], [
  { name: 'API_TOKEN', value: 'abc' },
  { name: 'PGVERSION', value: '15' },
  { name: 'DSN', value: 'host=db pgpass=secret' },
  { name: 'STANDBY_HOST', value: 'x' },
]), { maxLength: 2, selector: (e) => e.name });

const sidecars = fc.array(fc.record({
  name: mostly(['extra', 'agent'], ['postgres', 'x'.repeat(64), 'exporter']),
  image: mostly(['busybox:1.36'], ['', 'Bad Image']),
  ports: fc.array(fc.record({ name: mostly(['metrics'], ['a_b']), containerPort: mostly([9100], [5432, 70000, 9187]) }), { maxLength: 1 }),
}), { maxLength: 1 });

const volumes = fc.uniqueArray(mostly<any>([
  { name: 'extra', mountPath: '/extra', emptyDir: {} },
  { name: 'certs', mountPath: '/etc/certs', secret: { secretName: 'certs' } },
], [
  { name: 'dshm', mountPath: '/x', emptyDir: {} },
  { name: 'over', mountPath: '/home/postgres/pgdata', emptyDir: {} },
  { name: 'rel', mountPath: 'data', emptyDir: {} },
  { name: 'target', mountPath: '/t', emptyDir: {}, targetContainers: ['nobody'] },
  { name: 'none', mountPath: '/n' },
]), { maxLength: 2, selector: (v) => v.name });

const clusterProps = fc.record({
  teamId: mostly(['acid'], ['', 'a b']),
  name: clusterName,
  clusterNamespace: maybe(mostly(['databases'], ['Data_Bases'])),
  labels: maybe(mostly<Record<string, string>>([{ team: 'payments' }], [{ team: 'x'.repeat(64) }, { 'bad key': 'v' }])),
  annotations: maybe(mostly<Record<string, string>>([{ 'example.com/owner': 'dba' }], [{ '-bad': 'y' }, { 'argocd.argoproj.io/sync-options': 'Prune=true' }])),
  instances: maybe(mostly([0, 1, 2, 3, 5], [-1, 1.5, 2 ** 31, NaN])),
  version: maybe(mostly([14, 15, 16, 17, 18], [13]).map((n) => PostgresVersion.of(n))),
  storage: maybe(mostly([1, 10, 100], [0.5, NaN, Infinity]).map((n) => Size.gibibytes(n))),
  resources: maybe(fc.record({
    cpu: maybe(fc.record({
      request: maybe(mostly([Cpu.millis(250), Cpu.units(2)], [Cpu.millis(-5), Cpu.units(0.0005)])),
      limit: maybe(pick(Cpu.units(1), Cpu.units(4))),
    })),
    memory: maybe(fc.record({
      request: maybe(mostly([Size.gibibytes(1), Size.gibibytes(2)], [Size.gibibytes(16), Size.gibibytes(NaN)])),
      limit: maybe(mostly([Size.gibibytes(4)], [Size.mebibytes(32)])),
    })),
  })),
  parameters: maybe(parameters),
  workload: maybe(pick(Workload.WEB, Workload.OLTP, Workload.DATA_WAREHOUSE, Workload.MIXED)),
  databaseSize: maybe(pick(Size.gibibytes(10), Size.tebibytes(1))),
  users: maybe(users),
  patroni: maybe(fc.record({
    ttl: maybe(mostly([30, 60], [15, 20]).map((n) => Duration.seconds(n))),
    loopWait: maybe(mostly([10, 5], [0.5]).map((n) => Duration.seconds(n))),
    retryTimeout: maybe(mostly([10, 3], [2]).map((n) => Duration.seconds(n))),
    synchronousMode: maybe(fc.boolean()),
    synchronousNodeCount: rarely(mostly([1], [2, 5])),
    slots: maybe(mostly([[{ name: 'cdc', slotType: SlotType.LOGICAL, database: 'app', plugin: 'pgoutput' }]], [[{ name: 'Bad', slotType: SlotType.PHYSICAL }]])),
  })),
  tolerations: maybe(mostly([[{ key: 'db', operator: 'Equal', value: 'pg', effect: 'NoSchedule' }]], [[{ key: 'db', operator: 'Exists', value: 'v' }]])),
  sidecars: maybe(sidecars),
  env: maybe(env),
  additionalVolumes: maybe(volumes),
  maintenanceWindows: maybe(mostly([[MaintenanceWindow.daily('01:00', '05:00')]], [[MaintenanceWindow.daily('22:00', '02:00')], [MaintenanceWindow.of('bad')]])),
  logicalBackup: rarely(mostly<any>([{}, { retention: '3 months' }], [{ schedule: Cron.schedule({ minute: '0', hour: '1-5' }) }, { retention: 'forever' }])),
  tls: rarely(mostly([{ secretName: 'pg-tls' }], [{ secretName: 'pg.tls' }])),
  hugePages2Mi: maybe(mostly([Size.mebibytes(512)], [Size.mebibytes(3)])),
  allowSuperuserUsers: maybe(fc.boolean()),
  controllerId: seldom(mostly(['second'], ['bad id!'])),
  requireTeamPrefix: rarely(fc.boolean()),
}).map((p) => {
  // drop undefined keys (they stand for "prop not given")
  const out: any = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = v;
  const u: any[] = out.users ?? [];
  // a database owned by the first user, for half of the user names (and so sometimes owned by a rejected user)
  if (u.length && u[0].name.length % 2 === 1) out.databases = [{ name: 'app', owner: u[0].name }];
  return out as Partial<ClusterProps> & { teamId: string };
});

const ADDONS = ['operator', 'pooler', 'backup', 'monitoring', 'certificate', 'network', 'storageClass', 'drill'];

export const appSpec: fc.Arbitrary<AppSpec> = fc.record({
  chartNamespace: mostly<string | null>(['db'], [null]),
  clusterId: mostly(['main', 'orders'], ['Main_DB']),
  cluster: clusterProps,
  standby: rarely(fc.record({ host: mostly(['pg.example.com'], ['bad host!']), port: mostly([5432], [70000]), promote: fc.boolean(), archive: fc.boolean() })),
  restore: rarely(fc.record({
    kind: pick<'backup' | 'cluster'>('backup', 'cluster'),
    time: mostly(['past'], ['future', 'invalid', 'zulu']),
    sourceMajor: mostly([14, 15, 16], [18]),
    sourceName: mostly(['acid-old'], ['acid-main', 'Bad_Name']),
  })),
  pooler: maybe(fc.record({
    replica: fc.boolean(),
    instances: mostly([1, 2, 3], [0, 1.5]),
    maxDbConnections: mostly([60, 40], [3, 1e10, 1000]),
    mode: mostly([PoolerMode.TRANSACTION, PoolerMode.SESSION], [PoolerMode.STATEMENT]),
    user: mostly(['pooler'], ['postgres', 'app']),
    cpuMillis: maybe(mostly([500, 250], [-5, 2000])),
  })),
  backup: maybe(fc.record({
    store: pick<'s3' | 'gcs' | 'azure'>('s3', 'gcs', 'azure'),
    bucket: mostly(['pg-backups'], ['s3://x', '', 'ab']),
    region: mostly(['eu-west-1'], ['Frankfurt', 'auto']),
    endpoint: maybe(mostly(['https://minio.storage.svc:9000'], ['minio:9000'])),
    credentials: mostly(['irsa', 'secret', 'gke', 'azure-mi'], ['bad-arn']),
    retention: mostly([7, 14], [0, 1.5]),
    schedule: maybe(mostly(['0 1 * * *'], ['0 1-5 * * *'])),
    kms: maybe(mostly(['alias/pg-backups'], ['my key'])),
  })),
  monitoring: maybe(fc.record({
    intervalMs: mostly([30_000, 15_000, 1500], [500, 300_000, NaN]),
    kind: pick(MonitorKind.POD_MONITOR, MonitorKind.SERVICE_MONITOR),
    lagWarning: maybe(mostly([30, 60], [NaN, -1, 600])),
    lagCritical: maybe(mostly([300], [10])),
    connectionsRatio: maybe(mostly([0.8, 0.7], [80])),
    exclude: mostly([[], ['PostgresDeadlocks']], [['NoSuchAlert']]),
    labels: maybe(mostly([{ release: 'kps' }], [{ release: 'a b' }])),
  })),
  certificate: maybe(fc.record({
    secretName: maybe(mostly(['pg-tls'], ['pg.tls'])),
    durationDays: mostly([90, 30], [0.01]),
    renewBeforeDays: mostly([10, 20], [100]),
    requireTls: fc.boolean(),
  })),
  network: maybe(fc.record({
    peers: fc.array(mostly<{ kind: string; value: string; except?: string[] }>([
      { kind: 'namespace', value: 'apps' },
      { kind: 'pods', value: 'api' },
      { kind: 'cidr', value: '10.0.0.0/8' },
      { kind: 'cidr', value: '10.0.0.0/16', except: ['10.0.1.0/24'] },
    ], [
      { kind: 'namespace', value: 'Bad_NS' },
      { kind: 'emptyPods', value: '' },
      { kind: 'cidr', value: 'notacidr' },
      { kind: 'cidr', value: '10.0.0.0/16', except: ['192.168.0.0/24'] },
    ]), { maxLength: 3 }),
    targets: fc.subarray([ConnectionTarget.PRIMARY, ConnectionTarget.REPLICA, ConnectionTarget.POOLER, ConnectionTarget.REPLICA_POOLER]),
    apiCidrs: maybe(mostly([['10.0.0.0/16']], [['10.0.0.0/40']])),
  })),
  storageClass: maybe(fc.record({ iops: mostly([3000, 6000], [100]), throughput: mostly([125, 400], [5000]) })),
  operator: maybe(fc.record({
    irsa: fc.boolean(),
    dumpsBucket: mostly([true], [false]),
    labels: maybe(fc.constant({ clusterNameLabel: 'pg-cluster', podRoleLabel: 'pg-role', clusterLabels: { application: 'db', tier: 'data' } })),
    secretNameTemplate: maybe(pick('{username}.{cluster}.pg-credentials')),
    superUsername: maybe(pick('dba')),
    minInstances: maybe(pick(2)),
    enableSidecars: mostly([true], [false]),
    watchedNamespace: mostly(['*', 'db'], ['databases']),
    walS3Bucket: maybe(pick('global-s3')),
    controllerId: seldom(pick('second')),
    operatorNamespace: maybe(pick('postgres-operator', 'zalando')),
  })),
  drill: maybe(fc.record({
    storageGi: mostly([20, 200], [0, NaN]),
    targetAgeMinutes: maybe(mostly([60, 30], [0.5, 60 * 24 * 60])),
    rtoHours: maybe(mostly([2], [5])),
    rpo: maybe(mostly<{ minutes: number; freshness?: string }>([{ minutes: 45, freshness: 'SELECT max(created_at) FROM orders' }],
      [{ minutes: 45 }, { minutes: 0, freshness: 'SELECT max(created_at) FROM orders' }, { minutes: 45, freshness: ' ; ' }])),
    checks: fc.uniqueArray(mostly<{ kind: 'query' | 'rows' | 'equals'; name: string; sql: string }>([
      { kind: 'rows', name: 'public.orders', sql: '1000' },
      { kind: 'query', name: 'no-orphans', sql: 'SELECT NOT EXISTS (SELECT 1 FROM order_lines WHERE order_id IS NULL)' },
      { kind: 'equals', name: 'ledger', sql: 'SELECT sum(amount) FROM ledger' },
    ], [
      { kind: 'rows', name: 'orders; DROP TABLE x', sql: '1' },
      { kind: 'query', name: 'Bad Name', sql: 'SELECT true' },
      { kind: 'query', name: 'empty', sql: ' ; ' },
      { kind: 'query', name: 'no-orphans', sql: 'SELECT 1 = 1' }, // a second check of one name
    ]), { maxLength: 2, selector: (c) => `${c.name} ${c.sql}` }),
    upgradeBy: rarely(mostly([1], [0])),
    cloneName: seldom(mostly(['acid-restore-check'], ['acid-main', 'Bad_Clone'])),
    pushgatewayUrl: seldom(mostly(['http://pushgateway.monitoring.svc:9091'], ['pushgateway:9091'])),
    policy: fc.boolean(),
    withoutBackup: seldom(fc.constant(true)),
  })),
  order: fc.shuffledSubarray(ADDONS, { minLength: ADDONS.length, maxLength: ADDONS.length }),
}).map((spec) => (spec.drill && !spec.backup && !spec.drill.withoutBackup
  // most drills come with the backup they restore from (a drill without one is its own rule)
  ? { ...spec, backup: { store: 's3' as const, bucket: 'pg-backups', region: 'eu-west-1', credentials: 'secret', retention: 7 } } : spec));

function storageOf(b: NonNullable<AppSpec['backup']>): BackupStorage {
  if (b.store === 'gcs') return BackupStorage.gcs({ bucket: b.bucket });
  if (b.store === 'azure') return BackupStorage.azure({ storageAccount: b.region === 'eu-west-1' ? 'acmepgbackups' : 'Acme', container: b.bucket });
  return BackupStorage.s3({ bucket: b.bucket, region: b.region, endpoint: b.endpoint, encryption: b.kms ? S3Encryption.kms(b.kms) : undefined });
}

function credentialsOf(b: NonNullable<AppSpec['backup']>): BackupCredentials {
  switch (b.credentials) {
    case 'irsa': return BackupCredentials.awsIrsa(IRSA);
    case 'bad-arn': return BackupCredentials.awsIrsa('pg-backup-role');
    case 'gke': return BackupCredentials.gkeWorkloadIdentity('pg-backup@acme-prod.iam.gserviceaccount.com');
    case 'azure-mi': return BackupCredentials.azureManagedIdentity();
    default: return BackupCredentials.fromSecret('store-keys');
  }
}

function time(kind: string): PointInTime {
  switch (kind) {
    case 'future': return PointInTime.of(new Date(Date.now() + 7 * 86_400_000));
    case 'invalid': return PointInTime.of(new Date(NaN));
    case 'zulu': return PointInTime.parse('2026-04-11T14:30:00Z');
    default: return PointInTime.of(PAST);
  }
}

function peer(p: { kind: string; value: string; except?: string[] }): NetworkPeer {
  switch (p.kind) {
    case 'namespace': return NetworkPeer.podsInNamespace(p.value);
    case 'pods': return NetworkPeer.pods({ app: p.value }, 'shop');
    case 'emptyPods': return NetworkPeer.pods({});
    default: return NetworkPeer.cidr(p.value, p.except);
  }
}

/** Builds the app a spec describes (may throw a validation error). */
export function buildApp(spec: AppSpec): App {
  const app = Testing.app();
  const chart = new Chart(app, 'db', { namespace: spec.chartNamespace ?? undefined });
  const props: { -readonly [K in keyof ClusterProps]: ClusterProps[K] } = { ...spec.cluster };
  if (spec.restore) {
    const r = spec.restore;
    props.restore = r.kind === 'cluster'
      ? Restore.fromClusterName(r.sourceName)
      : Restore.fromBackup(BackupLocation.of({
        storage: BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-west-1' }),
        credentials: BackupCredentials.fromSecret('store-keys'),
        clusterName: r.sourceName,
        version: PostgresVersion.of(r.sourceMajor),
      }), time(r.time));
  }
  let cluster: Cluster;
  if (spec.standby) {
    const s = spec.standby;
    const source = s.archive
      ? StandbySource.fromArchive(BackupLocation.of({
        storage: BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-west-1' }),
        credentials: BackupCredentials.fromSecret('store-keys'),
        clusterName: 'acid-source',
        version: props.version ?? PostgresVersion.V18,
      }))
      : StandbySource.fromHost(s.host, s.port);
    cluster = new StandbyCluster(chart, spec.clusterId, { ...props, source, promote: s.promote });
  } else {
    cluster = new Cluster(chart, spec.clusterId, props);
  }
  const steps: Record<string, () => void> = {
    operator: () => {
      const o = spec.operator;
      if (!o) return;
      new ExternalPostgresOperator(app, 'postgres-operator', {
        controllerId: o.controllerId,
        operatorNamespace: o.operatorNamespace,
        configGeneral: { minInstances: o.minInstances },
        configUsers: { superUsername: o.superUsername },
        configKubernetes: {
          ...(o.labels ?? {}),
          secretNameTemplate: o.secretNameTemplate,
          enableSidecars: o.enableSidecars,
          watchedNamespace: o.watchedNamespace,
        },
        configAwsOrGcp: { irsaRoleArn: o.irsa ? IRSA : undefined, walS3Bucket: o.walS3Bucket },
        configLogicalBackup: { logicalBackupS3Bucket: o.dumpsBucket ? 'pg-dumps' : undefined },
      });
    },
    pooler: () => {
      const p = spec.pooler;
      if (!p) return;
      cluster.addConnectionPooler({
        replica: p.replica,
        instances: p.instances,
        maxDbConnections: p.maxDbConnections,
        mode: p.mode,
        user: p.user,
        resources: p.cpuMillis !== undefined ? { cpu: { request: Cpu.millis(p.cpuMillis) } } : undefined,
      });
    },
    backup: () => {
      const b = spec.backup;
      if (!b) return;
      new WalgBackup(chart, 'Backup', {
        cluster,
        storage: storageOf(b),
        credentials: credentialsOf(b),
        retention: b.retention,
        schedule: b.schedule ? Cron.schedule({ minute: b.schedule.split(' ')[0], hour: b.schedule.split(' ')[1] }) : undefined,
      });
    },
    monitoring: () => {
      const m = spec.monitoring;
      if (!m) return;
      new MonitoringStack(chart, 'Monitoring', {
        cluster,
        scrapeInterval: Duration.millis(m.intervalMs),
        monitorKind: m.kind,
        excludeRules: m.exclude,
        labels: m.labels,
        thresholds: {
          replicationLagWarningSeconds: m.lagWarning, replicationLagCriticalSeconds: m.lagCritical, connectionsWarningRatio: m.connectionsRatio,
        },
      });
    },
    certificate: () => {
      const c = spec.certificate;
      if (!c) return;
      new PostgresCertificate(chart, 'Tls', {
        cluster,
        issuer: { name: 'internal-ca' },
        secretName: c.secretName,
        requireTls: c.requireTls,
        duration: Duration.hours(c.durationDays * 24),
        renewBefore: Duration.days(c.renewBeforeDays),
      });
    },
    network: () => {
      const n = spec.network;
      if (!n) return;
      for (const p of n.peers) cluster.allowFrom(peer(p), ...n.targets);
      cluster.addNetworkPolicy(n.apiCidrs ? { kubernetesApiCidrs: n.apiCidrs } : {});
    },
    storageClass: () => {
      const s = spec.storageClass;
      if (!s) return;
      PlatformStorage.eks(new Chart(app, 'platform'), 'gp3', { iops: s.iops, throughputMiBps: s.throughput });
    },
    drill: () => {
      const d = spec.drill;
      if (!d) return;
      const checks = d.checks.map((c) => (c.kind === 'rows' ? DrillCheck.minimumRows(c.name, Number(c.sql))
        : c.kind === 'equals' ? DrillCheck.valueEquals(c.name, c.sql, '42') : DrillCheck.query(c.name, c.sql)));
      const drill = new RestoreDrill(chart, 'Drill', {
        cluster,
        storage: Size.gibibytes(d.storageGi),
        targetAge: d.targetAgeMinutes !== undefined ? Duration.minutes(d.targetAgeMinutes) : undefined,
        rto: d.rtoHours !== undefined ? Duration.hours(d.rtoHours) : undefined,
        rpo: d.rpo ? Duration.minutes(d.rpo.minutes) : undefined,
        freshnessQuery: d.rpo?.freshness,
        checks,
        // a rehearsal needs a newer major: none for a cluster on the newest (0 stays, as the invalid case)
        upgradeTo: d.upgradeBy !== undefined && (d.upgradeBy === 0 || cluster.version.major < 18)
          ? PostgresVersion.of(cluster.version.major + d.upgradeBy) : undefined,
        cloneName: d.cloneName,
        pushgatewayUrl: d.pushgatewayUrl,
      });
      if (d.policy) new DrillAdmissionPolicy(new Chart(app, 'policies'), 'drills', { drills: [drill] });
    },
  };
  for (const step of spec.order) steps[step]();
  return app;
}
