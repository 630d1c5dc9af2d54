/**
 * The seed guide's `pg-production-cluster`: 3 instances, 100Gi on EBS gp3, PostgreSQL 16, requests
 * 2 CPU / 8Gi and limits 4 CPU / 16Gi with parameters tuned to them, asynchronous replication,
 * scram-sha-256, dedicated database nodes, and protection against GitOps pruning.
 *
 *   npm run synth   ->  dist/examples/production/production.k8s.yaml
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  Cluster,
  ConnectionTarget,
  GrafanaDashboards,
  MaintenanceWindow,
  MonitoringStack,
  NetworkPeer,
  PlatformStorage,
  PostgresCertificate,
  PostgresVersion,
  StorageKind,
  UserFlag,
  Weekday,
  Workload,
} from 'cdk8s-zalando-postgres';

const app = new App();
// Cluster-scoped objects (the StorageClass) live in a chart without a namespace.
const platform = new Chart(app, 'platform');
const chart = new Chart(app, 'production', { namespace: 'databases' });

// The seed's ebs-gp3-postgres: gp3, 6000 IOPS, 400 MiB/s, encrypted, Retain, WaitForFirstConsumer.
const gp3 = PlatformStorage.eks(platform, 'ebs-gp3', { iops: 6000, throughputMiBps: 400 });

const cluster = new Cluster(chart, 'production-cluster', {
  name: 'pg-production-cluster',
  teamId: 'platform',
  // The seed's name does not start with "platform-"; the operator v2 only enforces the team prefix when
  // enable_team_id_clustername_prefix is on, which it is not by default.
  requireTeamPrefix: false,
  labels: { team: 'platform', environment: 'production' },

  instances: 3,
  version: PostgresVersion.V16,
  storage: Size.gibibytes(100),
  storageClass: gp3,
  resources: {
    cpu: { request: Cpu.units(2), limit: Cpu.units(4) },
    memory: { request: Size.gibibytes(8), limit: Size.gibibytes(16) },
  },

  // shared_buffers, effective_cache_size, work_mem, WAL and parallelism are derived from the 4 CPU / 16Gi
  // limits for a web workload on network block storage; these are the seed's policy settings.
  workload: Workload.WEB,
  storageKind: StorageKind.NETWORK,
  parameters: {
    max_connections: '200',
    log_statement: 'ddl',
    log_min_duration_statement: '1000',
    idle_in_transaction_session_timeout: '600000',
    lock_timeout: '30000',
    statement_timeout: '60000',
  },

  patroni: {
    ttl: Duration.seconds(30),
    loopWait: Duration.seconds(10),
    retryTimeout: Duration.seconds(10),
    synchronousMode: false,
    maximumLagOnFailover: Size.mebibytes(32),
    initdb: { encoding: 'UTF8', locale: 'en_US.UTF-8' },
  },

  users: [
    { name: 'app_user', flags: [UserFlag.CREATEDB] },
    { name: 'readonly_user' },
  ],
  databases: [{ name: 'app_database', owner: 'app_user' }],

  tolerations: [{ key: 'database', operator: 'Equal', value: 'postgres', effect: 'NoSchedule' }],
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: 'workload-type', operator: 'In', values: ['database'] }] }],
    },
  },
  maintenanceWindows: [MaintenanceWindow.weekly(Weekday.SUNDAY, '01:00', '05:00')],

  shmVolume: true,
  spiloRunAsUser: 101,
  spiloRunAsGroup: 103,
  spiloFsGroup: 103,
});

cluster.addConnectionPooler({ replica: true });
new PostgresCertificate(chart, 'tls', { cluster, issuer: { name: 'internal-ca' } });
cluster.allowFrom(NetworkPeer.podsInNamespace('app-namespace'), ConnectionTarget.PRIMARY, ConnectionTarget.POOLER, ConnectionTarget.REPLICA_POOLER);

// Exporter sidecar, PodMonitors, pgbouncer exporters and the topology-aware alerts, for kube-prometheus-stack.
new MonitoringStack(chart, 'monitoring', { cluster, labels: { release: 'kube-prometheus-stack' } });
new GrafanaDashboards(new Chart(app, 'monitoring', { namespace: 'monitoring' }), 'dashboards', { folder: 'PostgreSQL' });

app.synth();
