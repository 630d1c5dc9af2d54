/**
 * Recovery that is proven, not hoped for: a production cluster whose backups are restored every week by a drill,
 * whose next major version is rehearsed every month, and which has a standby in a second Kubernetes cluster whose
 * credentials arrive through External Secrets, with no manual step.
 *
 *   dist/examples/dr-drill/  one file per chart:
 *     orders            the cluster, its backups, the drill and the rehearsal   -> Kubernetes cluster "eu-west-1"
 *     orders-dr/Primary what the standby needs from the primary's side         -> Kubernetes cluster "eu-west-1"
 *     orders-dr/Standby the standby and its ExternalSecrets                    -> Kubernetes cluster "eu-central-1"
 *
 * Promote the standby with `DR_PROMOTE=true npm run synth`: one switch.
 */
import { App, Chart, Cron, Duration, Size } from 'cdk8s';
import {
  BackupCredentials,
  BackupStorage,
  Cluster,
  ClusterSize,
  CredentialsTransport,
  CrossClusterStandby,
  DrillAdmissionPolicy,
  DrillCheck,
  ExternalPostgresOperator,
  NetworkPeer,
  PostgresVersion,
  RestoreDrill,
  ServiceExposure,
  UpgradeRehearsal,
  WalgBackup,
} from 'cdk8s-zalando-postgres';

const app = new App();
// Both Kubernetes clusters run the operator from the same Helm values; its one IRSA role is the backups' role.
new ExternalPostgresOperator(app, 'postgres-operator', { configAwsOrGcp: { irsaRoleArn: 'arn:aws:iam::123456789012:role/pg-orders-backup' } });
const chart = new Chart(app, 'orders', { namespace: 'databases' });

const orders = new Cluster(chart, 'orders', {
  teamId: 'acid',
  version: PostgresVersion.V17,
  size: ClusterSize.MEDIUM,
  // the standby in the other Kubernetes cluster streams through the primary's load balancer
  primaryService: ServiceExposure.loadBalancer(),
  allowedSourceRanges: ['198.51.100.0/24'],
});
orders.allowFrom(NetworkPeer.pods({ app: 'orders-api' }, 'orders'));

new WalgBackup(chart, 'backup', {
  cluster: orders,
  storage: BackupStorage.s3({ bucket: 'acme-pg-backups', region: 'eu-west-1' }),
  credentials: BackupCredentials.awsIrsa('arn:aws:iam::123456789012:role/pg-orders-backup'),
  schedule: Cron.schedule({ minute: '0', hour: '1' }),
});

// Every Sunday: restore the archive to one hour ago, check the data, measure RTO and RPO, delete the clone.
const drill = new RestoreDrill(chart, 'drill', {
  cluster: orders,
  storage: Size.gibibytes(200),
  database: 'orders',
  checks: [
    DrillCheck.minimumRows('public.orders', 1_000_000),
    DrillCheck.query('no-orphan-lines', 'SELECT NOT EXISTS (SELECT 1 FROM order_lines l LEFT JOIN orders o ON o.id = l.order_id WHERE o.id IS NULL)'),
    // booked before the year began: the sum can never change
    DrillCheck.valueEquals('ledger-2025', 'SELECT sum(amount_cents) FROM ledger WHERE booked_at < \'2026-01-01\'', '918273645501'),
  ],
  freshnessQuery: 'SELECT max(created_at) FROM orders',
  rto: Duration.hours(2),
  rpo: Duration.minutes(45),
  restoreTimeout: Duration.hours(4),
  ruleLabels: { release: 'kube-prometheus-stack' },
});

// On the first of every month: the same restore into PostgreSQL 18, checked after Spilo's upgrade.
const rehearsal = new UpgradeRehearsal(chart, 'rehearsal', {
  cluster: orders,
  storage: Size.gibibytes(200),
  schedule: Cron.schedule({ minute: '0', hour: '4', day: '1' }),
  database: 'orders',
  checks: [DrillCheck.minimumRows('public.orders', 1_000_000)],
  staleAfter: Duration.days(32),
  ruleLabels: { release: 'kube-prometheus-stack' },
});

// Kubernetes cannot limit a Role's `create` to a name: this admission policy (Kubernetes 1.30+) lets the drills'
// ServiceAccounts create their own clones and nothing else. Cluster-scoped: a Chart without a namespace.
new DrillAdmissionPolicy(new Chart(app, 'platform'), 'drill-policy', { drills: [drill, rehearsal] });

// A standby in eu-central-1. Its External Secrets store `orders-eu-west-1` (Kubernetes provider) reads the
// primary's namespace on the eu-west-1 API server.
const dr = new CrossClusterStandby(app, 'orders-dr', {
  primary: orders,
  primaryHost: 'orders.db.eu-west-1.acme.example',
  primaryCidrs: ['203.0.113.0/28'],
  standbyCidrs: ['198.51.100.0/24'],
  standby: { teamId: 'acid', name: 'acid-orders', clusterNamespace: 'databases', size: ClusterSize.MEDIUM },
  credentials: CredentialsTransport.pull('orders-eu-west-1'),
  promote: process.env.DR_PROMOTE === 'true',
});
dr.standbyCluster.allowFrom(NetworkPeer.pods({ app: 'orders-api' }, 'orders'));

app.synth();
