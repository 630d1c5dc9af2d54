/**
 * Every validation rule, with the message a user sees: the rule code first, the construct path once, the
 * property, what is wrong, the value, what is allowed and how to fix it. Rules found at synth time are raised
 * through `app.synth()` as the same ValidationError (not cdk8s's wrapped plain Error).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Cron, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  BackupCredentials,
  BackupEncryption,
  BackupLocation,
  BackupStorage,
  Cluster,
  ClusterNetworkPolicy,
  ClusterProps,
  ConnectionPooler,
  ConnectionTarget,
  Errors,
  ExternalPostgresOperator,
  ExternalPostgresOperatorProps,
  GrafanaDashboards,
  MajorVersionUpgradeMode,
  MaintenanceWindow,
  MonitoringStack,
  NetworkPeer,
  PlatformStorage,
  PointInTime,
  PoolerMode,
  PostgresCertificate,
  PostgresOperator,
  PostgresVersion,
  Restore,
  RuleCode,
  S3Encryption,
  ServiceExposure,
  SlotType,
  StandbyCluster,
  StandbySource,
  TopologySpread,
  UserFlag,
  WalgBackup,
} from '../../src';
import { expectRule, thrownBy } from '../support/rules';
import { newChart } from '../support/synth';

const IRSA = BackupCredentials.awsIrsa('arn:aws:iam::123456789012:role/pg-backup');
const S3 = BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-west-1' });
const GCS = BackupStorage.gcs({ bucket: 'pg-backups' });
const AZ = BackupStorage.azure({ storageAccount: 'pgbackups', container: 'wal' });
const PAST = PointInTime.parse('2026-04-11T14:30:00+00:00');
const DIGEST = `@sha256:${'0'.repeat(64)}`;

/** Runs `build` in a fresh app (chart `test`, namespace `db`) and synthesizes it as `cdk8s synth` does; returns the error. */
function errorOf(build: (chart: Chart, app: App) => void, namespace: string | null = 'db'): Error {
  const { app, chart } = newChart(namespace);
  return thrownBy(() => {
    build(chart, app);
    app.synthYaml();
  });
}

const cluster = (props: Partial<ClusterProps> = {}, id = 'main') => (chart: Construct) => new Cluster(chart, id, { teamId: 'acid', ...props });
/** An operator installed elsewhere, declared in the chart with these Helm values. */
const op = (props: ExternalPostgresOperatorProps) => (chart: Construct) => new ExternalPostgresOperator(chart, 'operator', props);

interface Case {
  readonly name: string;
  readonly build: (chart: Chart, app: App) => void;
  readonly path: string;
  readonly fragments: Array<string | RegExp>;
  readonly namespace?: string | null;
}

const cases: { [rule: string]: Case[] } = {
  [RuleCode.NAME_INVALID]: [
    { name: 'cluster name not DNS-1035', build: cluster({ name: 'acid_Main' }), path: 'test/main', fragments: ['name: the cluster name is not a DNS-1035 label', 'Got: "acid_Main"', 'Fix: choose another `name`'] },
    { name: 'derived name from a bad construct id', build: cluster({}, 'Main_DB'), path: 'test/Main_DB', fragments: ['Got: "acid-main_db"', 'give the construct a lower-case id or set `name`'] },
    { name: 'sidecar without a name', build: cluster({ sidecars: [{ name: '', image: 'x:1' }] }), path: 'test/main', fragments: ['sidecars[].name', 'sidecar-<i>'] },
    { name: 'TLS Secret with a dot (it becomes a volume name)', build: cluster({ tls: { secretName: 'pg.tls' } }), path: 'test/main', fragments: ['tls.secretName', 'a DNS-1123 label', 'Got: "pg.tls"'] },
    { name: 'namespace', build: cluster({ clusterNamespace: 'Data_Bases' }), path: 'test/main', fragments: ['clusterNamespace: not a valid namespace name', 'Got: "Data_Bases"'] },
  ],
  [RuleCode.NAME_LENGTH]: [
    {
      name: 'longer than the StatefulSet revision label allows',
      build: cluster({ name: `acid-${'x'.repeat(48)}` }),
      path: 'test/main',
      fragments: ['name: the cluster name is 53 characters long', 'controller-revision-hash', 'kubernetes/kubernetes#64023', 'Allowed: at most 52 characters'],
    },
    {
      name: 'a replica pooler added later derives <c>-pooler-repl-u (synth time)',
      build: (chart) => new Cluster(chart, 'main', { teamId: 'acid', name: `acid-${'x'.repeat(45)}` }).addConnectionPooler({ replica: true }),
      path: 'test/main',
      fragments: ['50 characters long', `"acid-${'x'.repeat(45)}-pooler-repl-u" must fit 63`, 'Allowed: at most 49 characters with a replica pooler'],
    },
  ],
  [RuleCode.LABEL_INVALID]: [
    { name: 'label value too long', build: cluster({ labels: { team: 'x'.repeat(64) } }), path: 'test/main', fragments: ['labels.team: not a valid label value', 'at most 63'] },
    { name: 'label key', build: cluster({ labels: { 'bad key': 'x' } }), path: 'test/main', fragments: ['labels key', 'Got: "bad key"'] },
    { name: 'MonitoringStack labels', build: (c) => new MonitoringStack(c, 'M', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), labels: { release: 'a b' } }), path: 'test/M', fragments: ['labels.release'] },
  ],
  [RuleCode.ANNOTATION_INVALID]: [
    { name: 'annotation key', build: cluster({ annotations: { '-x': 'y' } }), path: 'test/main', fragments: ['annotations key', 'Got: "-x"'] },
    {
      name: 'one pod annotation, two values',
      build: (c) => new Cluster(c, 'main', { teamId: 'acid', podAnnotations: { a: '1' } }).addPodAnnotation(new Construct(c, 'Other'), 'a', '2'),
      path: 'test/Other',
      fragments: ['podAnnotations.a: conflicts with the value set by test/main'],
    },
  ],
  [RuleCode.NUMBER_INVALID]: [
    { name: 'instances beyond int32', build: cluster({ instances: 2 ** 31 }), path: 'test/main', fragments: ['instances: must be a whole number in range', 'Got: 2147483648', 'to 2147483647'] },
    { name: 'instances not whole', build: cluster({ instances: 1.5 }), path: 'test/main', fragments: ['Got: 1.5'] },
    { name: 'fsGroup not whole', build: cluster({ spiloFsGroup: 1.5 }), path: 'test/main', fragments: ['spiloFsGroup', 'Got: 1.5', '0 to 2147483647'] },
    { name: 'pooler maxDbConnections 1e10', build: (c) => new Cluster(c, 'main', { teamId: 'acid' }).addConnectionPooler({ maxDbConnections: 1e10 }), path: 'test/main/ConnectionPooler', fragments: ['maxDbConnections', 'Got: 10000000000'] },
    { name: 'sidecar port out of range', build: cluster({ sidecars: [{ name: 'x', image: 'x:1', ports: [{ name: 'm', containerPort: 70000 }] }] }), path: 'test/main', fragments: ['containerPort', 'Got: 70000', '1 to 65535'] },
    { name: 'affinity weight 0', build: cluster({ nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: { matchExpressions: [{ key: 'k', operator: 'Exists' }] } }] } }), path: 'test/main', fragments: ['nodeAffinity.preferred[0].weight', 'Got: 0', '1 to 100'] },
  ],
  [RuleCode.SIZE_INVALID]: [
    { name: 'NaN storage', build: cluster({ storage: Size.gibibytes(NaN) }), path: 'test/main', fragments: ['storage: is not a size in range', 'NaN or Infinity'] },
    { name: 'volume under 1Gi', build: cluster({ storage: Size.mebibytes(500) }), path: 'test/main', fragments: ['Got: 524288000 bytes', 'Size.gibibytes(1)'] },
    { name: 'infinite memory', build: cluster({ resources: { memory: { limit: Size.gibibytes(Infinity) } } }), path: 'test/main', fragments: ['resources.memory.limit'] },
    { name: 'NaN failover lag', build: cluster({ patroni: { maximumLagOnFailover: Size.mebibytes(NaN) } }), path: 'test/main', fragments: ['patroni.maximumLagOnFailover'] },
  ],
  [RuleCode.DURATION_INVALID]: [
    { name: 'scrape interval not finite', build: (c) => new MonitoringStack(c, 'M', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), scrapeInterval: Duration.seconds(NaN) }), path: 'test/M', fragments: ['scrapeInterval', 'NaN or Infinity'] },
    { name: 'scrape interval too long for the rules', build: (c) => new MonitoringStack(c, 'M', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), scrapeInterval: Duration.minutes(5) }), path: 'test/M', fragments: ['Got: 5m', 'Allowed: 1s to 2m'] },
    { name: 'Patroni loop_wait in milliseconds', build: cluster({ patroni: { loopWait: Duration.millis(500) } }), path: 'test/main', fragments: ['patroni.loopWait', 'Got: 500ms', 'whole 1s steps'] },
    { name: 'Patroni ttl below its minimum of 20s', build: cluster({ patroni: { ttl: Duration.seconds(15) } }), path: 'test/main', fragments: ['patroni.ttl', 'Got: 15s', 'Allowed: 20s to 1d', 'silently changing the timing'] },
    { name: 'certificate shorter than an hour', build: (c) => new PostgresCertificate(c, 'T', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), issuer: { name: 'ca' }, duration: Duration.minutes(30) }), path: 'test/T', fragments: ['duration', 'Got: 30m'] },
  ],
  [RuleCode.CIDR_INVALID]: [
    { name: 'allowedSourceRanges', build: cluster({ allowedSourceRanges: ['10.0.0.0/33'] }), path: 'test/main', fragments: ['not a CIDR', 'Got: "10.0.0.0/33"'] },
    { name: 'NetworkPeer.cidr not a CIDR', build: (c) => new Cluster(c, 'main', { teamId: 'acid' }).allowFrom(NetworkPeer.cidr('notacidr')), path: 'test/main/NetworkPolicy', fragments: ['allowFrom: not a CIDR', 'Got: "notacidr"'] },
    { name: 'except outside its CIDR', build: (c) => new Cluster(c, 'main', { teamId: 'acid' }).allowFrom(NetworkPeer.cidr('10.0.0.0/16', ['192.168.0.0/24'])), path: 'test/main/NetworkPolicy', fragments: ['allowFrom except', 'strictly inside', 'Got: "192.168.0.0/24" in 10.0.0.0/16'] },
  ],
  [RuleCode.IMAGE_INVALID]: [
    { name: 'floating wal-g exporter image', build: (c) => new MonitoringStack(c, 'M', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), walgExporter: { image: 'ghcr.io/x/walg-exporter:latest' } }), path: 'test/M', fragments: ['walgExporter.image: the image must be pinned'] },
    { name: 'sidecar without an image', build: cluster({ sidecars: [{ name: 'x', image: '' }] }), path: 'test/main', fragments: ['sidecars[x].image: not a container image reference'] },
    { name: 'unpinned Spilo image', build: cluster({ dockerImage: 'ghcr.io/zalando/spilo-18' }), path: 'test/main', fragments: ['dockerImage: the image must be pinned'] },
  ],
  [RuleCode.CREDENTIAL_LITERAL]: [
    { name: 'secret key literal in env', build: cluster({ env: [{ name: 'AWS_SECRET_ACCESS_KEY', value: 'wJalrXUtnFEMI' }] }), path: 'test/main', fragments: ['env AWS_SECRET_ACCESS_KEY', 'Got: (hidden)', 'secretKeyRef'] },
    { name: 'pgpass= inside a value', build: cluster({ env: [{ name: 'DSN', value: 'host=x pgpass=hunter2' }] }), path: 'test/main', fragments: ['the value of DSN embeds a password'] },
    { name: 'password in a URL', build: cluster({ sidecars: [{ name: 'x', image: 'x:1', env: [{ name: 'DATABASE_URL', value: 'postgres://app:hunter2@db/app' }] }] }), path: 'test/main', fragments: ['sidecars[x].env DATABASE_URL'] },
    { name: 'init container token', build: cluster({ initContainers: [{ name: 'i', image: 'i:1', env: [{ name: 'API_TOKEN', value: 'abc' }] }] }), path: 'test/main', fragments: ['initContainers[i].env API_TOKEN'] },
  ],
  [RuleCode.CRON_INVALID]: [
    { name: 'logical backup schedule with a range', build: cluster({ logicalBackup: { schedule: Cron.schedule({ minute: '0', hour: '1-5' }) } }), path: 'test/main', fragments: ['logicalBackup.schedule', 'Got: "0 1-5 * * *"', 'no ranges'] },
    { name: 'logical backup retention', build: cluster({ logicalBackup: { retention: 'forever' } }), path: 'test/main', fragments: ['logicalBackup.retention', 'Got: "forever"', '3 months'] },
    { name: 'base backup schedule', build: (c) => new WalgBackup(c, 'B', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), storage: S3, credentials: IRSA, schedule: Cron.schedule({ minute: '0', weekDay: 'MON' }) }), path: 'test/B', fragments: ['schedule: not a schedule'] },
  ],
  [RuleCode.DUPLICATE_OBJECT]: [
    { name: 'two StorageClasses of one name', build: (c) => { PlatformStorage.longhorn(c, 'a'); PlatformStorage.longhorn(c, 'b'); }, path: 'test/b/Resource', fragments: ['metadata.name', 'same namespace and name as test/a/Resource', 'StorageClass longhorn-postgres'], namespace: null },
    { name: 'two dashboard sets', build: (c) => { new GrafanaDashboards(c, 'A'); new GrafanaDashboards(c, 'B'); }, path: 'test/B/zalando-pg-overview', fragments: ['ConfigMap db/zalando-pg-overview-dashboard'] },
  ],
  [RuleCode.FEATURE_CONFLICT]: [
    { name: 'two poolers with different options', build: (c) => { const x = new Cluster(c, 'main', { teamId: 'acid' }); x.addConnectionPooler(); x.addConnectionPooler({ replica: true }); }, path: 'test/main/ConnectionPooler', fragments: ['addConnectionPooler: the cluster has a connection pooler already'] },
    { name: 'a restore and a standby source: one data source', build: (c) => { new Cluster(c, 'src', { teamId: 'acid' }); new StandbyCluster(c, 'sb', { teamId: 'acid', source: StandbySource.fromHost('pg.example.com'), restore: Restore.fromClusterName('acid-src') }); }, path: 'test/sb', fragments: ['data source (clone or standby)', 'registered by test/sb', 'a cluster has one data source'] },
    { name: 'two certificates', build: (c) => { const x = new Cluster(c, 'main', { teamId: 'acid' }); new PostgresCertificate(c, 'A', { cluster: x, issuer: { name: 'ca' } }); new PostgresCertificate(c, 'B', { cluster: x, issuer: { name: 'ca' }, secretName: 'other-tls' }); }, path: 'test/B', fragments: ['TLS configuration', 'registered by test/A'] },
    { name: 'ClusterNetworkPolicy and then options', build: (c) => { const x = new Cluster(c, 'main', { teamId: 'acid' }); new ClusterNetworkPolicy(c, 'NP', { cluster: x }); new ClusterNetworkPolicy(c, 'NP2', { cluster: x }); }, path: 'test/NP2', fragments: ['network policy set', 'registered by test/NP'] },
  ],
  [RuleCode.NAMESPACE_UNKNOWN]: [
    { name: 'monitoring without a namespace', build: (c) => new MonitoringStack(c, 'M', { cluster: new Cluster(c, 'main', { teamId: 'acid' }) }), path: 'test/M', fragments: ['cluster: the cluster\'s namespace is not known'], namespace: null },
  ],
  [RuleCode.TEAM_INVALID]: [
    { name: 'empty teamId', build: cluster({ teamId: '', name: 'x-main' }), path: 'test/main', fragments: ['teamId: must be a non-empty team name', 'Got: ""'] },
  ],
  [RuleCode.TEAM_PREFIX]: [
    { name: 'name without the team prefix, as a house rule', build: cluster({ name: 'orders-db', requireTeamPrefix: true }), path: 'test/main', fragments: ['team prefix "acid-"', '(requireTeamPrefix: true)', 'Got: "orders-db"', 'rename it to "acid-orders-db", or drop requireTeamPrefix'] },
    { name: 'name without the team prefix, under an operator that enforces it', build: (c) => { op({ configGeneral: { enableTeamIdClusternamePrefix: true } })(c); cluster({ name: 'orders-db' })(c); }, path: 'test/main', fragments: ['the operator (test/operator) has enable_team_id_clustername_prefix on and rejects it', 'Fix: rename it to "acid-orders-db".'] },
    { name: 'requireTeamPrefix: false under an operator that enforces it', build: (c) => { op({ configGeneral: { enableTeamIdClusternamePrefix: true } })(c); cluster({ name: 'acid-orders', requireTeamPrefix: false })(c); }, path: 'test/main', fragments: ['requireTeamPrefix: the operator (test/operator) has enable_team_id_clustername_prefix on', 'Got: false'] },
  ],
  [RuleCode.OPERATOR_DECLARED_LATE]: [
    {
      name: 'a selector read before the operator with other label names was declared',
      build: (c) => {
        const main = new Cluster(c, 'main', { teamId: 'acid' });
        new Chart(c.node.root as App, 'apps').node.addMetadata('selector', main.endpoints.podSelector);
        op({ configKubernetes: { clusterNameLabel: 'pg-cluster' } })(c);
      },
      path: 'test/main',
      fragments: ['endpoints.podSelector: was read before the operator that manages the cluster (test/operator) was declared', 'declare the PostgresOperator or ExternalPostgresOperator before'],
    },
  ],
  [RuleCode.OPERATOR_NOT_WATCHED]: [
    { name: 'a namespace the operator does not watch', build: (c) => { op({ configKubernetes: { watchedNamespace: 'databases' } })(c); cluster()(c); }, path: 'test/main', fragments: ['namespace: the operator (test/operator) watches only namespace "databases"', 'Got: "db"', 'Allowed: databases'] },
  ],
  [RuleCode.OPERATOR_GLOBAL_WAL]: [
    { name: 'GCS backups under an operator with a global S3 bucket', build: (c) => { op({ configAwsOrGcp: { walS3Bucket: 'global-s3' } })(c); new WalgBackup(c, 'B', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), storage: GCS, credentials: BackupCredentials.fromSecret('gcs-key') }); }, path: 'test/main', fragments: ['backup: the operator (test/operator) with wal_s3_bucket gives the Spilo pods WAL_S3_BUCKET=global-s3', 'the archive would use S3 instead of gs://pg-backups/spilo/acid-main/wal/'] },
    { name: 'an Azure clone under an operator with a global GCS bucket', build: (c) => { op({ configAwsOrGcp: { walGsBucket: 'global-gs' } })(c); new Cluster(c, 'main', { teamId: 'acid', restore: Restore.fromBackup(BackupLocation.of({ storage: AZ, credentials: BackupCredentials.fromSecret('az-key'), clusterName: 'acid-old', version: PostgresVersion.V17 }), PAST) }); }, path: 'test/main', fragments: ['restore: the operator (test/operator) with wal_gs_bucket gives the Spilo pods CLONE_WAL_GS_BUCKET=global-gs', 'the clone would use GCS'] },
    { name: 'an Azure clone under an operator with another global storage account', build: (c) => { op({ configAwsOrGcp: { walAzStorageAccount: 'otheraccount' } })(c); new Cluster(c, 'main', { teamId: 'acid', restore: Restore.fromBackup(BackupLocation.of({ storage: AZ, credentials: BackupCredentials.fromSecret('az-key'), clusterName: 'acid-old', version: PostgresVersion.V17 }), PAST) }); }, path: 'test/main', fragments: ['adds CLONE_AZURE_STORAGE_ACCOUNT=otheraccount for clones', 'Got: otheraccount vs pgbackups'] },
    { name: 'a GCS standby and WAL keys in the pod environment ConfigMap', build: (c) => { op({ configKubernetes: { podEnvironmentConfigmap: { name: 'pod-env', keys: ['STANDBY_WALG_S3_PREFIX', 'TZ'] } } })(c); new StandbyCluster(c, 'main', { teamId: 'acid', version: PostgresVersion.V17, source: StandbySource.fromArchive(BackupLocation.of({ storage: GCS, credentials: BackupCredentials.fromSecret('gcs-key'), clusterName: 'acid-old', version: PostgresVersion.V17 })) }); }, path: 'test/main', fragments: ['source: the pod environment ConfigMap pod-env of the operator (test/operator) gives the Spilo pods STANDBY_WALG_S3_PREFIX', 'the standby would use S3'] },
  ],
  [RuleCode.OPERATOR_FEATURE_DISABLED]: [
    { name: 'monitoring under an operator without sidecars', build: (c) => { op({ configKubernetes: { enableSidecars: false } })(c); new MonitoringStack(c, 'M', { cluster: new Cluster(c, 'main', { teamId: 'acid' }) }); }, path: 'test/main', fragments: ['sidecars: the operator (test/operator) has enable_sidecars off', 'Got: exporter (from test/M)'] },
    { name: 'init containers under an operator without them', build: (c) => { op({ configKubernetes: { enableInitContainers: false } })(c); cluster({ initContainers: [{ name: 'init', image: `busybox${DIGEST}` }] })(c); }, path: 'test/main', fragments: ['initContainers: the operator (test/operator) has enable_init_containers off', 'Got: init'] },
    { name: 'a namespaced user without cross-namespace secrets', build: cluster({ users: [{ name: 'apps.reporting' }] }), path: 'test/main', fragments: ['users[apps.reporting]: the operator (the v2.0.1 Helm chart defaults', 'enable_cross_namespace_secret off'] },
  ],
  [RuleCode.OPERATOR_RESOURCES_CLAMPED]: [
    { name: 'a CPU limit below min_cpu_limit', build: cluster({ resources: { cpu: { request: Cpu.millis(100), limit: Cpu.millis(200) } } }), path: 'test/main', fragments: ['resources.cpu.limit: the operator (the v2.0.1 Helm chart defaults (no operator declared in this app)) has min_cpu_limit 250m: it would raise', 'Got: "200m"', 'raise the CPU limit to at least 250m'] },
    { name: 'a memory request above max_memory_request, with the operator\'s opt-out named', build: (c) => { op({ configGeneral: { ignoreResourcesLimitsAnnotationKey: 'zalando.org/ignore-limits' }, configPostgresPodResources: { maxMemoryRequest: Size.gibibytes(2) } })(c); cluster()(c); }, path: 'test/main', fragments: ['resources.memory.request: the operator (test/operator) has max_memory_request 2Gi: it would lower', 'annotate the cluster with zalando.org/ignore-limits: "true"'] },
    { name: 'a sidecar memory request below its limit with set_memory_request_to_limit', build: (c) => { op({ configGeneral: { setMemoryRequestToLimit: true } })(c); new MonitoringStack(c, 'M', { cluster: new Cluster(c, 'main', { teamId: 'acid' }) }); }, path: 'test/main', fragments: ['exporter.resources.memory.request: the operator (test/operator) has set_memory_request_to_limit on: it would raise the memory request of the exporter container (from test/M) to its limit 128Mi', 'Got: request 64Mi, limit 128Mi'] },
  ],
  [RuleCode.OPERATOR_INSTANCES_CLAMPED]: [
    { name: 'fewer instances than min_instances', build: (c) => { op({ configGeneral: { minInstances: 2 } })(c); cluster({ instances: 1 })(c); }, path: 'test/main', fragments: ['instances: the operator (test/operator) has min_instances 2 and max_instances -1: it would run 2 pods, not 1', 'Allowed: 2 to any', 'Fix: set instances to 2.'] },
  ],
  [RuleCode.OPERATOR_VERSION_OVERRIDDEN]: [
    { name: 'a version below minimal_major_version in full upgrade mode', build: (c) => { op({ configMajorVersionUpgrade: { majorVersionUpgradeMode: MajorVersionUpgradeMode.FULL, minimalMajorVersion: PostgresVersion.V16 } })(c); cluster({ version: PostgresVersion.V15 })(c); }, path: 'test/main', fragments: ['version: the operator (test/operator) has major_version_upgrade_mode "full" and minimal_major_version 16: it would upgrade this cluster to PostgreSQL 18', 'Got: 15'] },
  ],
  [RuleCode.OPERATOR_LOGICAL_BACKUP_DESTINATION]: [
    { name: 'logical backups to the chart\'s placeholder bucket', build: cluster({ logicalBackup: {} }), path: 'test/main', fragments: ['logicalBackup: the operator (the v2.0.1 Helm chart defaults', 'logical_backup_provider "s3" but no destination', 'missing logical_backup_s3_bucket', '"my-bucket-url" is the chart\'s placeholder'] },
    { name: 'logical backups under the library\'s operator without a bucket', build: (c) => { new PostgresOperator(c, 'operator', {}); cluster({ logicalBackup: {} })(c); }, path: 'test/main', fragments: ['logicalBackup: the operator (test/operator) has logical_backup_provider "s3" but no destination', 'Got: missing logical_backup_s3_bucket (logicalBackup.logicalBackupS3Bucket)'] },
  ],
  [RuleCode.OPERATOR_POD_SERVICE_ACCOUNT]: [
    { name: 'a ServiceAccount the operator does not run the pods as', build: (c) => { op({ podServiceAccountName: 'spilo' })(c); new WalgBackup(c, 'B', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), storage: GCS, credentials: BackupCredentials.gkeWorkloadIdentity('pg@p.iam.gserviceaccount.com'), podServiceAccountName: 'postgres-pod' }); }, path: 'test/B', fragments: ['podServiceAccountName: the operator (test/operator) runs the Spilo pods as "spilo"', 'Allowed: "spilo"'] },
  ],
  [RuleCode.OPERATOR_SYSTEM_USER_CONFLICT]: [
    { name: 'a user named like the operator\'s superuser', build: (c) => { op({ configUsers: { superUsername: 'dba' } })(c); cluster({ users: [{ name: 'dba' }] })(c); }, path: 'test/main', fragments: ['users[dba]: is the operator (test/operator)\'s super_username'] },
    { name: 'a user named like the chart\'s superuser', build: cluster({ users: [{ name: 'postgres' }] }), path: 'test/main', fragments: ['users[postgres]: is the operator (the v2.0.1 Helm chart defaults (no operator declared in this app))\'s super_username'] },
    { name: 'the pooler authenticating as the replication user', build: (c) => cluster({})(c).addConnectionPooler({ user: 'standby' }), path: 'test/main', fragments: ['connectionPooler.user: the pooler must not authenticate as'] },
  ],
  [RuleCode.OPERATOR_NETWORK_MISMATCH]: [
    { name: 'network policy for another operator namespace', build: (c) => { op({ operatorNamespace: 'zalando' })(c); new Cluster(c, 'main', { teamId: 'acid' }).addNetworkPolicy({ operatorNamespace: 'postgres-operator' }); }, path: 'test/main/NetworkPolicy', fragments: ['operatorNamespace: the operator that manages the cluster (test/operator) runs in namespace "zalando"', 'Allowed: "zalando"'] },
  ],
  [RuleCode.VERSION_UNSUPPORTED]: [
    { name: 'PostgreSQL 13', build: cluster({ version: PostgresVersion.of(13) }), path: 'test/main', fragments: ['version:', 'Got: 13', 'Allowed: 14, 15, 16, 17, 18'] },
  ],
  [RuleCode.STORAGE_INVALID]: [
    { name: 'two StorageClass settings', build: (c, app) => new Cluster(c, 'main', { teamId: 'acid', storageClassName: 'gp2', storageClass: PlatformStorage.longhorn(new Chart(app, 'platform'), 'lh') }), path: 'test/main', fragments: ['storageClassName: both storageClass and storageClassName are set', 'longhorn-postgres vs gp2'] },
    { name: 'volume too small for its IOPS', build: (c, app) => new Cluster(c, 'main', { teamId: 'acid', storage: Size.gibibytes(10), storageClass: PlatformStorage.eks(new Chart(app, 'platform'), 'gp3', { iops: 16000, throughputMiBps: 1000 }) }), path: 'test/main', fragments: ['16000 IOPS need at least 32Gi'] },
  ],
  [RuleCode.RESOURCES_INVALID]: [
    { name: 'CPU request above limit', build: cluster({ resources: { cpu: { request: Cpu.units(4), limit: Cpu.units(2) } } }), path: 'test/main', fragments: ['resources.cpu', 'request 4, limit 2'] },
    { name: 'CPU pattern', build: cluster({ resources: { cpu: { request: Cpu.units(0.0005) } } }), path: 'test/main', fragments: ['resources.cpu.request', 'Got: "0.0005"'] },
    { name: 'negative pooler CPU', build: (c) => new Cluster(c, 'main', { teamId: 'acid' }).addConnectionPooler({ resources: { cpu: { request: Cpu.millis(-5) } } }), path: 'test/main/ConnectionPooler', fragments: ['resources.cpu.request', 'Got: "-5m"'] },
    { name: 'pooler request above the default limit', build: (c) => new Cluster(c, 'main', { teamId: 'acid' }).addConnectionPooler({ resources: { cpu: { request: Cpu.units(2) } } }), path: 'test/main/ConnectionPooler', fragments: ['a request is above its limit once the defaults are merged'] },
    { name: 'sidecar request above the default limit', build: cluster({ sidecars: [{ name: 'x', image: 'x:1', resources: { memory: { request: Size.gibibytes(1) } } }] }), path: 'test/main', fragments: ['sidecars[x].resources'] },
    { name: 'huge pages not whole pages', build: cluster({ hugePages2Mi: Size.mebibytes(3) }), path: 'test/main', fragments: ['hugePages2Mi: huge pages are requested in whole pages', 'multiples of 2Mi'] },
  ],
  [RuleCode.PATRONI_INVALID]: [
    { name: 'ttl rule', build: cluster({ patroni: { ttl: Duration.seconds(20), loopWait: Duration.seconds(10), retryTimeout: Duration.seconds(10) } }), path: 'test/main', fragments: ['patroni.ttl', 'ttl 20s, loop_wait 10s, retry_timeout 10s', 'raise ttl to 30s'] },
    { name: 'synchronous mode on one instance', build: cluster({ instances: 1, patroni: { synchronousMode: true } }), path: 'test/main', fragments: ['patroni.synchronousMode', 'instances 1'] },
    { name: 'synchronous node count without synchronous mode', build: cluster({ patroni: { synchronousNodeCount: 1 } }), path: 'test/main', fragments: ['no effect without synchronousMode'] },
    { name: 'logical slot without plugin', build: cluster({ patroni: { slots: [{ name: 'cdc', slotType: SlotType.LOGICAL }] } }), path: 'test/main', fragments: ['logical slot needs a database and a plugin'] },
  ],
  [RuleCode.PG_HBA_INVALID]: [
    { name: 'no replication rule', build: cluster({ patroni: { pgHba: ['hostssl all all 0.0.0.0/0 md5'] } }), path: 'test/main', fragments: ['patroni.pgHba', 'no replication rule'] },
    { name: 'not a rule', build: cluster({ patroni: { pgHba: ['allow everyone'] } }), path: 'test/main', fragments: ['not a pg_hba.conf rule', 'Got: "allow everyone"'] },
  ],
  [RuleCode.PARAMETER_INVALID]: [
    { name: 'shared_buffers above the memory limit', build: cluster({ parameters: { shared_buffers: '16GB' } }), path: 'test/main', fragments: ['parameters.shared_buffers', 'OOM-killed', '16GB with a memory limit of 8Gi'] },
    { name: 'not a parameter name', build: cluster({ parameters: { 'Shared Buffers': '1GB' } }), path: 'test/main', fragments: ['not a PostgreSQL parameter name'] },
  ],
  [RuleCode.PARAMETER_CONFLICT]: [
    { name: 'a contribution against the explicit parameters', build: (c) => new Cluster(c, 'main', { teamId: 'acid', parameters: { wal_level: 'replica' } }).addParameter(new Construct(c, 'Other'), 'wal_level', 'logical'), path: 'test/Other', fragments: ['parameters.wal_level: conflicts with the value set by the cluster\'s explicit parameters'] },
    { name: 'the certificate\'s minimum TLS version', build: (c) => new PostgresCertificate(c, 'T', { cluster: new Cluster(c, 'main', { teamId: 'acid', parameters: { ssl_min_protocol_version: 'TLSv1.3' } }), issuer: { name: 'ca' } }), path: 'test/main', fragments: ['ssl_min_protocol_version: conflicts with the certificate'] },
  ],
  [RuleCode.USER_INVALID]: [
    { name: 'role name pattern', build: cluster({ users: [{ name: 'App-User!' }] }), path: 'test/main', fragments: ['users[].name', 'Got: "App-User!"'] },
    { name: 'protected role admin', build: cluster({ users: [{ name: 'admin' }] }), path: 'test/main', fragments: ['protected_role_names'] },
    { name: 'pg_ prefix', build: cluster({ users: [{ name: 'pg_reader' }] }), path: 'test/main', fragments: ['PostgreSQL reserves'] },
    { name: 'declared twice', build: cluster({ users: [{ name: 'a' }, { name: 'a' }] }), path: 'test/main', fragments: ['declared twice'] },
  ],
  [RuleCode.USER_FLAGS_INVALID]: [
    { name: 'LOGIN and NOLOGIN', build: cluster({ users: [{ name: 'app', flags: [UserFlag.LOGIN, UserFlag.NOLOGIN] }] }), path: 'test/main', fragments: ['users[app].flags', 'contradict'] },
    { name: 'SUPERUSER under the hardened profile', build: cluster({ users: [{ name: 'app', flags: [UserFlag.SUPERUSER] }] }), path: 'test/main', fragments: ['SUPERUSER can bypass every permission', 'allowSuperuserUsers: true'] },
  ],
  [RuleCode.DATABASE_INVALID]: [
    { name: 'owner not a user', build: cluster({ users: [{ name: 'app' }], databases: [{ name: 'app', owner: 'zalando' }] }), path: 'test/main', fragments: ['databases[app].owner', 'Allowed: "app"', "add { name: 'zalando' } to users"] },
    { name: 'database name', build: cluster({ users: [{ name: 'app' }], databases: [{ name: '1app', owner: 'app' }] }), path: 'test/main', fragments: ['databases[].name', 'Got: "1app"'] },
    { name: 'prepared database roles too long', build: cluster({ preparedDatabases: [{ name: 'a'.repeat(40), schemas: [{ name: 'b'.repeat(20) }] }] }), path: 'test/main', fragments: ['longer than PostgreSQL\'s 63-character limit'] },
  ],
  [RuleCode.SERVICE_INVALID]: [
    { name: 'load balancer without source ranges', build: cluster({ primaryService: ServiceExposure.loadBalancer() }), path: 'test/main', fragments: ['allowedSourceRanges:', '127.0.0.1/32'] },
    { name: 'node port range', build: cluster({ replicaService: ServiceExposure.nodePort(8080) }), path: 'test/main', fragments: ['NodePort range', 'Allowed: 30000 to 32767'] },
  ],
  [RuleCode.MAINTENANCE_WINDOW_INVALID]: [
    { name: 'pattern', build: cluster({ maintenanceWindows: [MaintenanceWindow.of('Sat 00:00-04:00')] }), path: 'test/main', fragments: ['maintenanceWindows', 'Got: "Sat 00:00-04:00"'] },
    { name: 'across midnight', build: cluster({ maintenanceWindows: [MaintenanceWindow.daily('22:00', '02:00')] }), path: 'test/main', fragments: ['across midnight', 'Got: "22:00-02:00"'] },
  ],
  [RuleCode.DELETION_PROTECTION_CONFLICT]: [
    { name: 'Prune=true', build: cluster({ annotations: { 'argocd.argoproj.io/sync-options': 'Prune=true' } }), path: 'test/main', fragments: ['annotations:', 'Got: "Prune=true"', 'deletionProtection: false'] },
  ],
  [RuleCode.TLS_INVALID]: [
    { name: 'TLS file name', build: cluster({ tls: { secretName: 'pg-tls', certificateFile: 'a/b.crt' } }), path: 'test/main', fragments: ['tls.certificateFile: not a key of a Secret'] },
    { name: 'TLS Secret name equal to a volume name', build: cluster({ tls: { secretName: 'certs' }, additionalVolumes: [{ name: 'certs', mountPath: '/etc/certs', emptyDir: {} }] }), path: 'test/main', fragments: ['mounts the TLS Secret as a volume named after it'] },
  ],
  [RuleCode.ENV_INVALID]: [
    { name: 'env name', build: cluster({ env: [{ name: '1BAD', value: 'x' }] }), path: 'test/main', fragments: ['not a valid environment variable name', 'Got: "1BAD"'] },
    { name: 'value and valueFrom', build: cluster({ env: [{ name: 'X', value: 'a', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }), path: 'test/main', fragments: ['either a value or exactly one valueFrom source'] },
  ],
  [RuleCode.ENV_RESERVED]: [
    { name: 'PGVERSION set in env', build: cluster({ env: [{ name: 'PGVERSION', value: '15' }] }), path: 'test/main', fragments: ['env PGVERSION', 'silently ignored'] },
  ],
  [RuleCode.ENV_CONFLICT]: [
    { name: 'two values of one variable', build: (c) => new Cluster(c, 'main', { teamId: 'acid', env: [{ name: 'USE_WALG_BACKUP', value: 'true' }] }).addEnv(new Construct(c, 'Other'), { name: 'use_walg_backup', value: 'false' }), path: 'test/Other', fragments: ['env use_walg_backup: conflicts with the value set by test/main'] },
    { name: 'a variable the operator renders from the standby section', build: (c) => new StandbyCluster(c, 'sb', { teamId: 'acid', env: [{ name: 'STANDBY_HOST', value: 'x' }], source: StandbySource.fromHost('pg.example.com') }), path: 'test/sb', fragments: ['env STANDBY_HOST', 'rolls the pods on every sync'.replace('rolls', 'roll')] },
  ],
  [RuleCode.SIDECAR_INVALID]: [
    { name: 'port name', build: cluster({ sidecars: [{ name: 'x', image: 'x:1', ports: [{ name: 'metrics_port_long', containerPort: 9000 }] }] }), path: 'test/main', fragments: ['not a valid port name'] },
  ],
  [RuleCode.SIDECAR_CONFLICT]: [
    { name: 'same name twice', build: cluster({ sidecars: [{ name: 'x', image: 'x:1' }, { name: 'x', image: 'y:1' }] }), path: 'test/main', fragments: ['already added by test/main'] },
    { name: 'a port Spilo uses', build: cluster({ sidecars: [{ name: 'x', image: 'x:1', ports: [{ name: 'web', containerPort: 8008 }] }] }), path: 'test/main', fragments: ['already used in the pod by the Patroni REST API'] },
  ],
  [RuleCode.VOLUME_INVALID]: [
    { name: 'reserved name', build: cluster({ additionalVolumes: [{ name: 'dshm', mountPath: '/x', emptyDir: {} }] }), path: 'test/main', fragments: ['operator uses this volume name'] },
    { name: 'over pgdata', build: cluster({ additionalVolumes: [{ name: 'v', mountPath: '/home/postgres/pgdata/extra', emptyDir: {} }] }), path: 'test/main', fragments: ['must not cover or sit inside the operator\'s mounts'] },
    { name: 'relative path', build: cluster({ additionalVolumes: [{ name: 'v', mountPath: 'data', emptyDir: {} }] }), path: 'test/main', fragments: ['must be absolute'] },
    { name: 'no source', build: cluster({ additionalVolumes: [{ name: 'v', mountPath: '/v' }] }), path: 'test/main', fragments: ['exactly one source', 'Got: none'] },
    { name: 'unknown target container', build: cluster({ additionalVolumes: [{ name: 'v', mountPath: '/v', emptyDir: {}, targetContainers: ['nobody'] }] }), path: 'test/main', fragments: ['names no container of the pod', 'Got: "nobody"'] },
    { name: 'two volumes on one path', build: cluster({ additionalVolumes: [{ name: 'a', mountPath: '/v', emptyDir: {} }, { name: 'b', mountPath: '/v/', emptyDir: {} }] }), path: 'test/main', fragments: ['volume a is already mounted at this path in container postgres'] },
  ],
  [RuleCode.SCHEDULING_INVALID]: [
    { name: 'Exists with a value', build: cluster({ tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] }), path: 'test/main', fragments: ['tolerations[0]', 'must not have a value'] },
    { name: 'duplicate spread constraints', build: cluster({ topologySpread: TopologySpread.custom([{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }, { maxSkew: 2, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }]) }), path: 'test/main', fragments: ['same topologyKey and whenUnsatisfiable'] },
  ],
  [RuleCode.CONTAINER_INVALID]: [
    { name: 'init container without an image', build: cluster({ initContainers: [{ name: 'init', image: '' }] }), path: 'test/main', fragments: ['initContainers[init].image'] },
    { name: 'probe with two handlers', build: cluster({ livenessProbe: { tcpSocket: { port: { value: 8008 } as any }, exec: { command: ['true'] } } }), path: 'test/main', fragments: ['exactly one handler'] },
  ],
  [RuleCode.POOLER_INVALID]: [
    { name: 'statement mode', build: (c) => new ConnectionPooler(c, 'P', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), mode: PoolerMode.STATEMENT }), path: 'test/P', fragments: ['mode: the Zalando operator supports session and transaction pooling only'] },
    { name: 'pooler role is an application user', build: (c) => new ConnectionPooler(c, 'P', { cluster: new Cluster(c, 'main', { teamId: 'acid', users: [{ name: 'pooler' }] }) }), path: 'test/main', fragments: ['connectionPooler.user', 'also declared as an application user'] },
  ],
  [RuleCode.POOLER_CONNECTIONS]: [
    { name: 'more pooler connections than PostgreSQL accepts', build: (c) => new Cluster(c, 'main', { teamId: 'acid', parameters: { max_connections: '50' } }).addConnectionPooler({ maxDbConnections: 60 }), path: 'test/main', fragments: ['accepts only 47 (max_connections 50 minus 3 reserved)', 'Allowed: at most 47'] },
    { name: 'too few for each pod', build: (c) => new Cluster(c, 'main', { teamId: 'acid' }).addConnectionPooler({ maxDbConnections: 3 }), path: 'test/main/ConnectionPooler', fragments: ['Allowed: at least 4 with 2 instances'] },
  ],
  [RuleCode.POOLER_STOPPED_CLUSTER]: [
    { name: 'pooler in front of 0 instances', build: (c) => new Cluster(c, 'main', { teamId: 'acid', instances: 0 }).addConnectionPooler(), path: 'test/main', fragments: ['0 instances but a pooler'] },
  ],
  [RuleCode.BACKUP_STORAGE_INVALID]: [
    { name: 'bucket given as a URL', build: (c) => new WalgBackup(c, 'B', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), storage: BackupStorage.s3({ bucket: 's3://x', region: 'eu-west-1' }), credentials: IRSA }), path: 'test/B', fragments: ['storage.bucket: not an S3 bucket name', 'Got: "s3://x"'] },
    { name: 'region', build: (c) => new WalgBackup(c, 'B', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), storage: BackupStorage.s3({ bucket: 'pg-backups', region: 'Frankfurt' }), credentials: IRSA }), path: 'test/B', fragments: ['storage.region: not an AWS region'] },
    { name: 'endpoint', build: (c) => new WalgBackup(c, 'B', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), storage: BackupStorage.s3({ bucket: 'pg-backups', region: 'auto', endpoint: 'minio:9000' }), credentials: BackupCredentials.fromSecret('s3-keys') }), path: 'test/B', fragments: ['storage.endpoint: not an endpoint URL'] },
    { name: 'Azure account', build: (c) => new WalgBackup(c, 'B', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), storage: BackupStorage.azure({ storageAccount: 'Acme_PG', container: 'pg-backups' }), credentials: BackupCredentials.fromSecret('az') }), path: 'test/B', fragments: ['storage.storageAccount'] },
    { name: 'KMS key', build: (c) => new WalgBackup(c, 'B', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), storage: BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-west-1', encryption: S3Encryption.kms('my key') }), credentials: IRSA }), path: 'test/B', fragments: ['storage.encryption: not a KMS key'] },
  ],
  [RuleCode.BACKUP_CREDENTIALS_INVALID]: [
    { name: 'credentials of another cloud', build: (c) => new WalgBackup(c, 'B', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), storage: BackupStorage.gcs({ bucket: 'pg-backups' }), credentials: IRSA }), path: 'test/B', fragments: ['aws-irsa credentials cannot access gcs storage', 'gkeWorkloadIdentity, fromSecret'] },
    { name: 'role ARN', build: (c) => new WalgBackup(c, 'B', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), storage: S3, credentials: BackupCredentials.awsIrsa('pg-backup-role') }), path: 'test/B', fragments: ['credentials.roleArn: not an IAM role ARN'] },
    { name: 'libsodium key', build: (c) => new WalgBackup(c, 'B', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), storage: S3, credentials: IRSA, encryption: BackupEncryption.libsodium('walg-key', 'bad key') }), path: 'test/B', fragments: ['encryption.key: not a key of a Secret'] },
  ],
  [RuleCode.BACKUP_CREDENTIALS_UNSUPPORTED]: [
    { name: 'Azure managed identity by client id', build: (c) => new WalgBackup(c, 'B', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), storage: AZ, credentials: BackupCredentials.azureManagedIdentity('11111111-2222-3333-4444-555555555555') }), path: 'test/B', fragments: ['cannot select a user-assigned managed identity by client id', 'Allowed: for azure: azureManagedIdentity()', 'azureServicePrincipal(secretName)'] },
    { name: 'Azure Workload Identity', build: (c) => new WalgBackup(c, 'B', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), storage: AZ, credentials: BackupCredentials.azureWorkloadIdentity('11111111-2222-3333-4444-555555555555') }), path: 'test/B', fragments: ['Azure Workload Identity does not reach WAL-G', 'AZURE_FEDERATED_TOKEN_FILE'] },
  ],
  [RuleCode.BACKUP_IRSA_ROLE_MISMATCH]: [
    { name: 'IRSA without the operator\'s irsa_role_arn', build: (c) => new WalgBackup(c, 'B', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), storage: S3, credentials: IRSA }), path: 'test/B', fragments: ['credentials.roleArn: the operator', 'has no irsa_role_arn', 'Fix: set irsaRoleArn: "arn:aws:iam::123456789012:role/pg-backup"'] },
    {
      name: 'IRSA with another role than the operator\'s',
      build: (c) => {
        new ExternalPostgresOperator(c, 'operator', { configAwsOrGcp: { irsaRoleArn: 'arn:aws:iam::123456789012:role/other' } });
        new Cluster(c, 'main', { teamId: 'acid', restore: Restore.fromBackup(BackupLocation.of({ storage: S3, credentials: IRSA, clusterName: 'acid-old', version: PostgresVersion.V18 }), PAST) });
      },
      path: 'test/main',
      fragments: ['restore.source.credentials.roleArn: the operator (test/operator) has irsa_role_arn arn:aws:iam::123456789012:role/other', 'or use BackupCredentials.awsIrsa("arn:aws:iam::123456789012:role/other")'],
    },
  ],
  [RuleCode.BACKUP_IDENTITY_CONFLICT]: [
    { name: 'two identities in one namespace', build: (c) => { new WalgBackup(c, 'A', { cluster: new Cluster(c, 'a', { teamId: 'acid' }), storage: GCS, credentials: BackupCredentials.gkeWorkloadIdentity('one@p.iam.gserviceaccount.com') }); new WalgBackup(c, 'B', { cluster: new Cluster(c, 'b', { teamId: 'acid' }), storage: GCS, credentials: BackupCredentials.gkeWorkloadIdentity('two@p.iam.gserviceaccount.com') }); }, path: 'test/B', fragments: ['already bound to another identity'] },
  ],
  [RuleCode.BACKUP_INVALID]: [
    { name: 'scope suffix', build: (c) => new WalgBackup(c, 'B', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), storage: S3, credentials: IRSA, scopeSuffix: '/../x' }), path: 'test/B', fragments: ['scopeSuffix: not a safe path suffix'] },
    { name: 'the source cluster name of a restore', build: cluster({ restore: Restore.fromBackup(BackupLocation.of({ storage: S3, credentials: IRSA, clusterName: 'Bad Name/..', version: PostgresVersion.V18 }), PointInTime.parse('2026-04-11T14:30:00+00:00')) }), path: 'test/main', fragments: ['restore.source.clusterName: not the name of a postgresql', 'Got: "Bad Name/.."'] },
    { name: 'the scope suffix of a standby\'s archive', build: (c) => new StandbyCluster(c, 'main', { teamId: 'acid', version: PostgresVersion.V18, source: StandbySource.fromArchive(BackupLocation.of({ storage: S3, credentials: IRSA, clusterName: 'acid-old', version: PostgresVersion.V18, scopeSuffix: '/../x y' })) }), path: 'test/main', fragments: ['source.scopeSuffix: not a safe path suffix'] },
  ],
  [RuleCode.RESTORE_INVALID]: [
    { name: 'Z offset', build: cluster({ restore: Restore.fromBackup(BackupLocation.of({ storage: S3, credentials: IRSA, clusterName: 'acid-old', version: PostgresVersion.V18 }), PointInTime.parse('2026-04-11T14:30:00Z')) }), path: 'test/main', fragments: ['restore.targetTime', '"Z" is rejected'] },
    { name: 'invalid Date', build: cluster({ restore: Restore.fromBackup(BackupLocation.of({ storage: S3, credentials: IRSA, clusterName: 'acid-old', version: PostgresVersion.V18 }), PointInTime.of(new Date(NaN))) }), path: 'test/main', fragments: ['restore.targetTime', 'Got: "Invalid Date"'] },
    { name: 'in the future', build: cluster({ restore: Restore.fromBackup(BackupLocation.of({ storage: S3, credentials: IRSA, clusterName: 'acid-old', version: PostgresVersion.V18 }), PointInTime.of(new Date(Date.now() + 86_400_000))) }), path: 'test/main', fragments: ['the target time is in the future'] },
    { name: 'from a newer major version', build: cluster({ version: PostgresVersion.V16, restore: Restore.fromBackup(BackupLocation.of({ storage: S3, credentials: IRSA, clusterName: 'acid-old', version: PostgresVersion.V17 }), PAST) }), path: 'test/main', fragments: ['newer PostgreSQL major version', 'Got: archive 17, cluster 16'] },
  ],
  [RuleCode.STANDBY_INVALID]: [
    { name: 'Azure archive', build: (c) => new StandbyCluster(c, 'sb', { teamId: 'acid', source: StandbySource.fromArchive(BackupLocation.of({ storage: BackupStorage.azure({ storageAccount: 'acmepg', container: 'pg-backups' }), credentials: BackupCredentials.fromSecret('az'), clusterName: 'acid-main', version: PostgresVersion.V18 })) }), path: 'test/sb', fragments: ['#1916'] },
    { name: 'host', build: (c) => new StandbyCluster(c, 'sb', { teamId: 'acid', source: StandbySource.fromHost('bad host!') }), path: 'test/sb', fragments: ['source.host: not a host name'] },
  ],
  [RuleCode.DATA_SOURCE_SELF]: [
    { name: 'basebackup clone of itself', build: cluster({ restore: Restore.fromClusterName('acid-main') }), path: 'test/main', fragments: ['clones itself'] },
  ],
  [RuleCode.NETWORK_POLICY_INVALID]: [
    { name: 'empty pod selector', build: (c) => new Cluster(c, 'main', { teamId: 'acid' }).allowFrom(NetworkPeer.pods({})), path: 'test/main/NetworkPolicy', fragments: ['an empty pod selector selects every pod'] },
    { name: 'clients to a pooler the cluster does not have', build: (c) => new Cluster(c, 'main', { teamId: 'acid' }).allowFrom(NetworkPeer.podsInNamespace('apps'), ConnectionTarget.REPLICA_POOLER), path: 'test/main/NetworkPolicy', fragments: ['the cluster has none', 'addConnectionPooler({ replica: true })'] },
    { name: 'no API ports', build: (c) => new Cluster(c, 'main', { teamId: 'acid' }).addNetworkPolicy({ kubernetesApiPorts: [] }), path: 'test/main/NetworkPolicy', fragments: ['Patroni needs the Kubernetes API'] },
  ],
  [RuleCode.CERTIFICATE_INVALID]: [
    { name: 'renewBefore not shorter than the duration', build: (c) => new PostgresCertificate(c, 'T', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), issuer: { name: 'ca' }, renewBefore: Duration.days(100) }), path: 'test/T', fragments: ['renewBefore: must be shorter than the duration', 'Got: 2400h0m0s of 2160h0m0s'] },
  ],
  [RuleCode.STORAGE_CLASS_INVALID]: [
    { name: 'gp3 throughput per IOPS', build: (c) => PlatformStorage.eks(c, 'gp3', { iops: 3000, throughputMiBps: 1000 }), path: 'test/gp3', fragments: ['0.25 MiB/s of throughput per provisioned IOPS'], namespace: null },
    { name: 'namespaced chart', build: (c) => PlatformStorage.longhorn(c, 'lh'), path: 'test/lh', fragments: ['cluster-scoped'] },
  ],
  [RuleCode.MONITORING_INVALID]: [
    { name: 'wal-g exporter without a backup (synth time)', build: (c) => new MonitoringStack(c, 'M', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), walgExporter: { image: `ghcr.io/x/walg-exporter${DIGEST}` } }), path: 'test/M', fragments: ['walgExporter: the wal-g exporter reads the cluster\'s WAL-G backups'] },
    { name: 'a runbook URL with a fragment', build: (c) => new MonitoringStack(c, 'M', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), runbookBaseUrl: 'https://wiki.example.com/pg#top' }), path: 'test/M', fragments: ['runbookBaseUrl: each alert links to <base>#<alert>', 'Got: "https://wiki.example.com/pg#top"'] },
  ],
  [RuleCode.THRESHOLD_INVALID]: [
    { name: 'NaN', build: (c) => new MonitoringStack(c, 'M', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), thresholds: { replicationLagWarningSeconds: NaN } }), path: 'test/M', fragments: ['thresholds.replicationLagWarningSeconds', 'Got: NaN'] },
    { name: 'ratio above 1', build: (c) => new MonitoringStack(c, 'M', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), thresholds: { connectionsWarningRatio: 80 } }), path: 'test/M', fragments: ['a ratio must be a number above 0 and at most 1'] },
    { name: 'warning not below critical', build: (c) => new MonitoringStack(c, 'M', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), thresholds: { replicationLagWarningSeconds: 600, replicationLagCriticalSeconds: 300 } }), path: 'test/M', fragments: ['warning level must be below the critical level'] },
  ],
  [RuleCode.EXCLUDE_RULE_UNKNOWN]: [
    { name: 'typo', build: (c) => new MonitoringStack(c, 'M', { cluster: new Cluster(c, 'main', { teamId: 'acid' }), excludeRules: ['PostgresDeadlock'] }), path: 'test/M', fragments: ['excludeRules: not an alert of the catalog', 'Got: "PostgresDeadlock"'] },
  ],
};

const allCodes = Object.entries(RuleCode).filter(([, v]) => typeof v === 'string').map(([, v]) => v as string);

describe('validation rules', () => {
  for (const [rule, list] of Object.entries(cases)) {
    describe(rule, () => {
      test.each(list.map((c) => [c.name, c] as const))('%s', (_name, c) => {
        const e = errorOf(c.build, c.namespace);
        expectRule(e, rule, c.path, c.fragments);
        // the construct path once (cdk8s's own wrapper would repeat it)
        expect(e.message.split(`[${c.path}]`).length).toBe(2);
      });
    });
  }

  test('every rule code of this library is shown by a test', () => {
    const testDir = path.resolve(__dirname, '..');
    const texts: string[] = [];
    const walk = (dir: string) => {
      for (const f of fs.readdirSync(dir)) {
        const p = path.join(dir, f);
        if (fs.statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.test.ts') && p !== __filename) texts.push(fs.readFileSync(p, 'utf-8'));
      }
    };
    walk(testDir);
    const covered = new Set([...Object.keys(cases), ...allCodes.filter((code) => texts.some((t) => t.includes(code)))]);
    expect(allCodes.filter((c) => !covered.has(c))).toEqual([]);
  });

  test('the README\'s rule table is generated from RuleCode (npx projen docs:rules), one summary per code', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readmeWithRuleTable, rules } = require('../../scripts/rule-table');
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
    expect(readmeWithRuleTable(readme)).toEqual(readme);
    const table: Array<{ code: string; summary: string }> = rules();
    expect(table.map((r) => r.code)).toEqual(allCodes);
    expect(table.filter((r) => !/^\S.+[.)]$/.test(r.summary)).map((r) => r.code)).toEqual([]);
  });

  test('rule codes are unique and well-formed', () => {
    expect(new Set(allCodes).size).toBe(allCodes.length);
    for (const c of allCodes) expect(c).toMatch(/^ZPG-[A-Z0-9]+(-[A-Z0-9]+)*$/);
  });

  test('the rule code is found in a message from another language (jsii prefixes)', () => {
    expect(Errors.ruleCode('RuntimeError: ZPG-NAME-LENGTH [app/db/main] name: too long')).toBe('ZPG-NAME-LENGTH');
    expect(Errors.ruleCode('Error: something else')).toBeUndefined();
    expect(Errors.isValidationError(new Error('ZPG-NAME-LENGTH [x] y'))).toBe(false);
  });
});
