/**
 * EKS production: a 3-instance cluster on gp3, continuous WAL-G backups to S3 with IAM Roles for Service
 * Accounts (no keys anywhere), and PgBouncer in front of the primary and the replicas.
 *
 *   npm run synth   ->  dist/examples/eks-production/eks-production.k8s.yaml
 *
 * IRSA with the Zalando operator v2.0.1 means one role per operator: the operator writes its `irsa_role_arn`
 * onto the pod ServiceAccount `postgres-pod` of every namespace on every sync (and removes any other role), and
 * gives it to clones and standbys. So the operator is declared here with that role (it is installed elsewhere,
 * with the same Helm values), and the library checks the backup's role against it. Give the role
 * `arn:aws:iam::123456789012:role/pg-orders-backup` the policy printed by `backup.permissionsJson()` and a trust
 * policy for the `databases:postgres-pod` ServiceAccount. The Spilo image needs WAL-G 3.0.6 or later (earlier
 * versions fail `sts:AssumeRole` without a RoleSessionName).
 */
import { App, Chart, Cron } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  BackupCredentials,
  BackupStorage,
  Cluster,
  ClusterSize,
  ConnectionTarget,
  ExternalPostgresOperator,
  MonitoringStack,
  NetworkPeer,
  PlatformStorage,
  PoolerMode,
  PostgresCertificate,
  PostgresVersion,
  S3Encryption,
  WalgBackup,
  WalgCompression,
} from 'cdk8s-zalando-postgres';

const app = new App();
const platform = new Chart(app, 'platform');
const chart = new Chart(app, 'eks-production', { namespace: 'databases' });

// The operator, installed by its Helm chart with these values; it renders nothing here.
new ExternalPostgresOperator(platform, 'postgres-operator', {
  operatorNamespace: 'postgres-operator',
  configAwsOrGcp: { awsRegion: 'us-east-1', irsaRoleArn: 'arn:aws:iam::123456789012:role/pg-orders-backup' },
});

const gp3 = PlatformStorage.eks(platform, 'gp3', {
  iops: 6000,
  throughputMiBps: 400,
  kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef',
});

const orders = new Cluster(chart, 'orders', {
  teamId: 'acid',
  size: ClusterSize.MEDIUM, // 4 CPU, 16Gi, 200Gi, 3 instances
  version: PostgresVersion.V17,
  storageClass: gp3,
  volumeIops: 6000, // for the operator's storage_resize_mode: ebs
  volumeThroughput: 400,
  resources: { cpu: { request: Cpu.units(2), limit: Cpu.units(4) } },
  users: [{ name: 'orders_app' }, { name: 'orders_readonly' }],
  databases: [{ name: 'orders', owner: 'orders_app' }],
});

const backup = new WalgBackup(chart, 'orders-backup', {
  cluster: orders,
  storage: BackupStorage.s3({
    bucket: 'acme-pg-backups',
    region: 'us-east-1',
    encryption: S3Encryption.kms('arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef'),
  }),
  credentials: BackupCredentials.awsIrsa('arn:aws:iam::123456789012:role/pg-orders-backup'),
  schedule: Cron.schedule({ minute: '0', hour: '1' }),
  retention: 14, // at least 14 base backups AND 14 days of point-in-time recovery
  compression: WalgCompression.ZSTD,
  deltaMaxSteps: 6,
});

orders.addConnectionPooler({ replica: true, instances: 2, mode: PoolerMode.TRANSACTION, maxDbConnections: 100 });
new PostgresCertificate(chart, 'orders-tls', { cluster: orders, issuer: { name: 'internal-ca' } });

// The VPC's CIDR holds the EKS API endpoints; S3 is reached through a gateway endpoint (public IP ranges).
orders.addNetworkPolicy({ kubernetesApiCidrs: ['10.0.0.0/16'], kubernetesApiPorts: [443] });
orders.allowFrom(NetworkPeer.pods({ app: 'orders-api' }, 'orders'), ConnectionTarget.POOLER);
orders.allowFrom(NetworkPeer.pods({ app: 'orders-reporting' }, 'orders'), ConnectionTarget.REPLICA_POOLER);

new MonitoringStack(chart, 'orders-monitoring', {
  cluster: orders,
  labels: { release: 'kube-prometheus-stack' },
  thresholds: { replicationLagWarningSeconds: 60 },
});

export const walPath = backup.walPath; // s3://acme-pg-backups/spilo/acid-orders/wal/17
export const iamPolicy = backup.permissionsJson();
export const connection = orders.connectionUri('orders_app', 'orders'); // via orders.poolerServiceName for pooled access

app.synth();
