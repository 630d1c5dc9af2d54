/**
 * Point-in-time recovery: a new cluster with the data of `acid-orders` as it was just before an accidental
 * DELETE, restored from its WAL-G archive. The source keeps running; compare, then copy the rows back.
 *
 * The archive is read with IRSA: the operator's `irsa_role_arn` (one role per operator) must be the role that
 * may read it; the operator then gives the clone `CLONE_AWS_ROLE_ARN` itself. The Spilo image needs WAL-G 3.0.6
 * or later.
 *
 *   npm run synth   ->  dist/examples/pitr-clone/pitr-clone.k8s.yaml
 */
import { App, Chart, Size } from 'cdk8s';
import {
  BackupCredentials,
  BackupLocation,
  BackupStorage,
  Cluster,
  ClusterSize,
  ExternalPostgresOperator,
  NetworkPeer,
  PointInTime,
  PostgresVersion,
  Restore,
} from 'cdk8s-zalando-postgres';

const app = new App();
const chart = new Chart(app, 'pitr-clone', { namespace: 'databases' });

// The operator, installed elsewhere with this IRSA role.
new ExternalPostgresOperator(app, 'postgres-operator', { configAwsOrGcp: { irsaRoleArn: 'arn:aws:iam::123456789012:role/pg-orders-backup' } });

const archive = BackupLocation.of({
  storage: BackupStorage.s3({ bucket: 'acme-pg-backups', region: 'us-east-1' }),
  credentials: BackupCredentials.awsIrsa('arn:aws:iam::123456789012:role/pg-orders-backup'),
  clusterName: 'acid-orders',
  version: PostgresVersion.V17,
});

const clone = new Cluster(chart, 'orders-before-delete', {
  teamId: 'acid',
  version: PostgresVersion.V17,
  size: ClusterSize.SMALL,
  instances: 1,
  storage: Size.gibibytes(200),
  restore: Restore.fromBackup(archive, PointInTime.of(new Date(Date.UTC(2026, 10, 20, 14, 29, 0)))),
});

// Only the DBA tooling namespace may look at the recovered data.
clone.allowFrom(NetworkPeer.podsInNamespace('dba-tools'));

app.synth();
