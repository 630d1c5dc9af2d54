/**
 * EKS production: a 3-instance cluster on gp3, continuous WAL-G backups to S3 with IAM Roles for Service
 * Accounts (no keys anywhere), and PgBouncer in front of the primary and the replicas.
 *
 *   npm run synth   ->  dist/examples/eks-production/eks-production.k8s.yaml
 *
 * Give the role `arn:aws:iam::123456789012:role/pg-orders-backup` the policy printed by
 * `backup.permissionsJson()` and a trust policy for the `databases:postgres-pod` ServiceAccount.
 */
import { App, Chart, Cron } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  BackupCredentials,
  BackupStorage,
  Cluster,
  ClusterSize,
  PoolerMode,
  PostgresVersion,
  S3Encryption,
  WalgBackup,
  WalgCompression,
} from 'cdk8s-zalando-postgres';

const app = new App();
const chart = new Chart(app, 'eks-production', { namespace: 'databases' });

const orders = new Cluster(chart, 'orders', {
  teamId: 'acid',
  size: ClusterSize.MEDIUM, // 4 CPU, 16Gi, 200Gi, 3 instances
  version: PostgresVersion.V17,
  storageClassName: 'ebs-gp3-postgres',
  volumeIops: 6000,
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
  retention: 14,
  compression: WalgCompression.ZSTD,
  deltaMaxSteps: 6,
});

orders.addConnectionPooler({ replica: true, instances: 2, mode: PoolerMode.TRANSACTION, maxDbConnections: 100 });

export const walPath = backup.walPath; // s3://acme-pg-backups/spilo/acid-orders/wal/17
export const iamPolicy = backup.permissionsJson();
export const connection = orders.connectionUri('orders_app', 'orders'); // via orders.poolerServiceName for pooled access

app.synth();
