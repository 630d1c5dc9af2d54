import {
  BackupCredentials,
  BackupStorage,
  Cluster,
  ConnectionTarget,
  ExternalPostgresOperator,
  MonitoringStack,
  NetworkPeer,
  PostgresVersion,
  Restore,
  StandbyCluster,
  StandbySource,
  WalgBackup,
} from '../../src';
import { External, NetworkModel, Pod } from '../support/netpol';
import { newChart, synthValid } from '../support/synth';

const spilo = (i: number, role: string, cluster = 'acid-main', namespace = 'db'): Pod => ({
  name: `${cluster}-${i}`, namespace, labels: { 'application': 'spilo', 'cluster-name': cluster, 'spilo-role': role, 'team': 'acid' },
});
const primary = spilo(0, 'master');
const replica1 = spilo(1, 'replica');
const replica2 = spilo(2, 'replica');
const pooler: Pod = {
  name: 'acid-main-pooler-abc',
  namespace: 'db',
  labels: { 'application': 'db-connection-pooler', 'connection-pooler': 'acid-main-pooler', 'cluster-name': 'acid-main', 'spilo-role': 'master' },
};
const replicaPooler: Pod = {
  name: 'acid-main-pooler-repl-abc',
  namespace: 'db',
  labels: { 'application': 'db-connection-pooler', 'connection-pooler': 'acid-main-pooler-repl', 'cluster-name': 'acid-main', 'spilo-role': 'replica' },
};
const logicalBackup: Pod = { name: 'logical-backup-acid-main-x', namespace: 'db', labels: { 'application': 'spilo-logical-backup', 'cluster-name': 'acid-main' } };
const otherCluster = spilo(0, 'master', 'acid-other');
const backend: Pod = { name: 'backend', namespace: 'shop', labels: { app: 'backend' } };
const frontend: Pod = { name: 'frontend', namespace: 'shop', labels: { app: 'frontend' } };
const reporting: Pod = { name: 'report', namespace: 'reporting', labels: { app: 'bi' } };
const rogue: Pod = { name: 'rogue', namespace: 'other', labels: { app: 'backend' } };
const prometheus: Pod = { name: 'prometheus-0', namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } };
const operator: Pod = { name: 'postgres-operator-1', namespace: 'postgres-operator', labels: { name: 'postgres-operator' } };
const coredns: Pod = { name: 'coredns-1', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
const apiServer: External = { ip: '10.0.0.10' };
const s3: External = { ip: '52.216.1.1' };
const internet: External = { ip: '93.184.216.34' };

function production(withBackups = true) {
  const { chart } = newChart();
  // IRSA: the operator's one role (BackupCredentials.awsIrsa); logical backups: its bucket
  new ExternalPostgresOperator(chart, 'operator', {
    configAwsOrGcp: { irsaRoleArn: 'arn:aws:iam::123456789012:role/r' },
    configLogicalBackup: { logicalBackupS3Bucket: 'pg-dumps' },
  });
  const cluster = new Cluster(chart, 'main', { teamId: 'acid', logicalBackup: {} });
  if (withBackups) {
    new WalgBackup(chart, 'Backup', {
      cluster, storage: BackupStorage.s3({ bucket: 'pg-backups', region: 'us-east-1' }), credentials: BackupCredentials.awsIrsa('arn:aws:iam::123456789012:role/r'),
    });
  }
  cluster.addConnectionPooler({ replica: true });
  // created before the monitoring: the policies read the cluster's features at synth time
  cluster.addNetworkPolicy({ kubernetesApiCidrs: ['10.0.0.0/24'] });
  new MonitoringStack(chart, 'Monitoring', { cluster });
  cluster.allowFrom(NetworkPeer.pods({ app: 'backend' }, 'shop'), ConnectionTarget.PRIMARY, ConnectionTarget.POOLER);
  cluster.allowFrom(NetworkPeer.podsInNamespace('reporting'), ConnectionTarget.REPLICA, ConnectionTarget.REPLICA_POOLER);
  const objects = synthValid(chart);
  return { objects, model: new NetworkModel(objects, {}) };
}

describe('ClusterNetworkPolicy', () => {
  let objects: any[];
  let model: NetworkModel;
  beforeAll(() => {
    ({ objects, model } = production());
  });

  test('emits valid NetworkPolicies named after the cluster', () => {
    expect(objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name).sort()).toEqual([
      'acid-main-clients-pooler', 'acid-main-clients-primary', 'acid-main-clients-replica', 'acid-main-clients-replica-pooler',
      'acid-main-default-deny', 'acid-main-logical-backup', 'acid-main-pooler', 'acid-main-spilo',
    ]);
  });

  test.each([
    ['replication: replica -> primary 5432', replica1, primary, 5432],
    ['replication between replicas (pg_basebackup from a replica) 5432', replica2, replica1, 5432],
    ['Patroni REST between members 8008', replica1, primary, 8008],
    ['Patroni REST primary -> replica 8008', primary, replica2, 8008],
    ['DCS: Kubernetes API 443', primary, apiServer, 443],
    ['DCS: Kubernetes API 6443', replica1, apiServer, 6443],
    ['backups: object storage 443', primary, s3, 443],
    ['backups: replicas restore WAL 443', replica1, s3, 443],
    ['scraping: exporter 9187', prometheus, primary, 9187],
    ['scraping: Patroni metrics 8008', prometheus, replica1, 8008],
    ['operator -> Patroni 8008', operator, primary, 8008],
    ['operator -> PostgreSQL 5432', operator, replica1, 5432],
    ['pooler -> primary 5432', pooler, primary, 5432],
    ['replica pooler -> replica 5432', replicaPooler, replica2, 5432],
    ['pgbouncer exporter (monitoring) -> pooler 5432', prometheus, pooler, 5432],
    ['client -> primary 5432', backend, primary, 5432],
    ['client -> pooler 5432', backend, pooler, 5432],
    ['reporting -> replica 5432', reporting, replica1, 5432],
    ['reporting -> replica pooler 5432', reporting, replicaPooler, 5432],
    ['logical backup -> primary 5432', logicalBackup, primary, 5432],
    ['logical backup -> object storage 443', logicalBackup, s3, 443],
    ['logical backup -> Kubernetes API 443', logicalBackup, apiServer, 443],
  ])('allows %s', (_name, from, to, port) => {
    expect(model.allowed(from, to, port)).toBe(true);
  });

  test.each([primary, replica1, pooler, replicaPooler, logicalBackup])('allows DNS over UDP and TCP from %p', (pod) => {
    expect(model.allowed(pod, coredns, 53, 'UDP')).toBe(true);
    expect(model.allowed(pod, coredns, 53, 'TCP')).toBe(true);
  });

  test.each([
    ['another namespace -> PostgreSQL', rogue, primary, 5432],
    ['another namespace -> pooler', rogue, pooler, 5432],
    ['an application -> Patroni 8008 (unauthenticated REST API)', backend, primary, 8008],
    ['an application -> the exporter', backend, primary, 9187],
    ['a primary-only client -> replicas', backend, replica1, 5432],
    ['an undeclared pod of an allowed namespace', frontend, primary, 5432],
    ['a replica-only client -> primary', reporting, primary, 5432],
    ['another cluster of the namespace -> PostgreSQL', otherCluster, primary, 5432],
    ['Spilo -> the internet on 80', primary, internet, 80],
    ['Spilo -> the internet on 22', primary, internet, 22],
    ['Spilo -> the internet on 5432', replica1, internet, 5432],
    ['Spilo -> other clusters\' PostgreSQL', primary, otherCluster, 5432],
    ['pooler -> the internet on 443', pooler, internet, 443],
    ['pooler -> Patroni 8008', pooler, primary, 8008],
    ['logical backup -> Patroni 8008', logicalBackup, primary, 8008],
    ['monitoring -> PostgreSQL 5432', prometheus, primary, 5432],
  ])('denies %s', (_name, from, to, port) => {
    expect(model.allowed(from, to, port)).toBe(false);
  });

  test('object storage is reachable only when backups are configured', () => {
    const without = production(false).model;
    expect(without.allowed(primary, s3, 443)).toBe(false);
    expect(without.allowed(primary, apiServer, 443)).toBe(true);
  });

  test('a standby streams from its source; the source admits it', () => {
    const { chart } = newChart();
    const source = new Cluster(chart, 'main', { teamId: 'acid', version: PostgresVersion.V17 });
    const standby = new StandbyCluster(chart, 'dr', { teamId: 'acid', clusterNamespace: 'dr', version: PostgresVersion.V17, source: StandbySource.fromCluster(source) });
    standby.addNetworkPolicy();
    source.allowFrom(NetworkPeer.cluster(standby), ConnectionTarget.PRIMARY);
    const net = new NetworkModel(synthValid(chart), {});
    const standbyLeader = spilo(0, 'master', 'acid-dr', 'dr');
    expect(net.allowed(standbyLeader, primary, 5432)).toBe(true);
    expect(net.allowed(standbyLeader, replica1, 5432)).toBe(false);
    expect(net.allowed(standbyLeader, internet, 5432)).toBe(false);
  });

  test('a standby of an external host gets egress to that host\'s port only', () => {
    const { chart } = newChart();
    const standby = new StandbyCluster(chart, 'dr', { teamId: 'acid', source: StandbySource.fromHost('pg.example.com', 6432) });
    standby.addNetworkPolicy({ standbySourceCidrs: ['203.0.113.0/24'] });
    const net = new NetworkModel(synthValid(chart), {});
    const leader = spilo(0, 'master', 'acid-dr');
    expect(net.allowed(leader, { ip: '203.0.113.7' }, 6432)).toBe(true);
    expect(net.allowed(leader, { ip: '203.0.113.7' }, 5432)).toBe(false);
    expect(net.allowed(leader, { ip: '198.51.100.1' }, 6432)).toBe(false);
  });

  test('a basebackup clone reaches its source; an S3-compatible endpoint\'s port is opened', () => {
    const { chart } = newChart();
    const source = new Cluster(chart, 'main', { teamId: 'acid' });
    const clone = new Cluster(chart, 'copy', { teamId: 'acid', restore: Restore.fromCluster(source) });
    new WalgBackup(chart, 'Backup', {
      cluster: clone,
      storage: BackupStorage.s3({ bucket: 'pg-backups', region: 'us-east-1', endpoint: 'https://minio.storage.svc:9000' }),
      credentials: BackupCredentials.fromSecret('minio'),
    });
    clone.addNetworkPolicy({ objectStorageCidrs: ['10.96.0.0/12'] });
    source.allowFrom(NetworkPeer.cluster(clone));
    const net = new NetworkModel(synthValid(chart), {});
    const copy = spilo(0, 'master', 'acid-copy');
    expect(net.allowed(copy, primary, 5432)).toBe(true);
    expect(net.allowed(copy, { ip: '10.96.4.5' }, 9000)).toBe(true);
    expect(net.allowed(copy, { ip: '10.96.4.5' }, 9001)).toBe(false);
  });

  test('bad input', () => {
    const { chart } = newChart();
    const cluster = new Cluster(chart, 'main', { teamId: 'acid' });
    expect(() => cluster.addNetworkPolicy({ kubernetesApiCidrs: ['10.0.0.0/40'] })).toThrow(/ZPG-CIDR-INVALID \[test\/main\/NetworkPolicy\] cidrs: not a CIDR. Got: "10.0.0.0\/40"/);
    const other = new Cluster(chart, 'other', { teamId: 'acid' });
    expect(() => other.addNetworkPolicy({ kubernetesApiPorts: [0] })).toThrow(/ZPG-NUMBER-INVALID \[test\/other\/NetworkPolicy\] kubernetesApiPorts: .*Allowed: 1 to 65535/);
    // options may come after allowFrom (order does not matter), but only once
    cluster.allowFrom(NetworkPeer.podsInNamespace('x'));
    expect(() => cluster.addNetworkPolicy({ monitoringNamespace: 'prom' })).not.toThrow();
    expect(() => cluster.addNetworkPolicy({ monitoringNamespace: 'prometheus' }))
      .toThrow(/ZPG-FEATURE-CONFLICT \[test\/main\/NetworkPolicy\] options: the network policy set of this cluster was already given other options/);
  });
});

describe('ClusterNetworkPolicy under a declared operator with its own namespace and label names', () => {
  // the pods as that operator labels them: cluster_labels {application: db}, cluster_name_label pg-cluster, pod_role_label pg-role
  const pg = (i: number, role: string): Pod => ({ name: `acid-main-${i}`, namespace: 'db', labels: { 'application': 'db', 'pg-cluster': 'acid-main', 'pg-role': role } });
  const leader = pg(0, 'master');
  const follower = pg(1, 'replica');
  const poolerPod: Pod = { name: 'acid-main-pooler-x', namespace: 'db', labels: { 'application': 'db-connection-pooler', 'connection-pooler': 'acid-main-pooler', 'pg-cluster': 'acid-main', 'pg-role': 'master' } };
  const zalando: Pod = { name: 'op-1', namespace: 'zalando', labels: { 'app.kubernetes.io/name': 'postgres-operator', 'app.kubernetes.io/instance': 'pg' } };
  const neighbour: Pod = { name: 'other-1', namespace: 'zalando', labels: { app: 'something-else' } };
  const oldDefault: Pod = { ...operator };

  function build(operatorFirst: boolean) {
    const { chart } = newChart();
    const declare = () => new ExternalPostgresOperator(chart, 'operator', {
      operatorNamespace: 'zalando',
      releaseName: 'pg',
      configKubernetes: { clusterNameLabel: 'pg-cluster', podRoleLabel: 'pg-role', clusterLabels: { application: 'db' } },
    });
    if (operatorFirst) declare();
    const cluster = new Cluster(chart, 'main', { teamId: 'acid' });
    cluster.addConnectionPooler();
    cluster.allowFrom(NetworkPeer.pods({ app: 'backend' }, 'shop'), ConnectionTarget.PRIMARY, ConnectionTarget.POOLER);
    if (!operatorFirst) declare();
    return synthValid(chart);
  }

  test('declared before or after the cluster: the same policies', () => {
    expect(build(false)).toEqual(build(true));
  });

  const model = () => new NetworkModel(build(false), {});

  test.each([
    ['the operator\'s pods -> Patroni 8008', zalando, leader, 8008],
    ['the operator\'s pods -> PostgreSQL 5432', zalando, follower, 5432],
    ['replication between the members, selected by the operator\'s labels', follower, leader, 5432],
    ['the pooler -> the primary', poolerPod, leader, 5432],
    ['a client -> the primary, selected by pod_role_label', backend, leader, 5432],
  ])('allows %s', (_n, from, to, port) => {
    expect(model().allowed(from, to, port)).toBe(true);
  });

  test.each([
    ['another pod of the operator\'s namespace -> Patroni', neighbour, leader, 8008],
    ['the default operator namespace, now someone else\'s', oldDefault, leader, 8008],
    ['a client -> a replica (only the primary is allowed)', backend, follower, 5432],
  ])('denies %s', (_n, from, to, port) => {
    expect(model().allowed(from, to, port)).toBe(false);
  });
});
