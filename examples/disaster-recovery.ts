/**
 * Disaster recovery in a new Kubernetes cluster, from nothing but the WAL-G archive in S3 (the seed's
 * standby-then-promote pattern).
 *
 *   Stage 1  npm run synth                    -> a read-only standby that replays the archive; validate the data
 *   Stage 2  DR_PROMOTE=true npm run synth    -> the same cluster without `standby`: the operator promotes it
 *
 * Both stages write dist/examples/disaster-recovery/disaster-recovery.k8s.yaml; the two differ only in
 * `spec.standby` and the `STANDBY_*` environment. Promotion rolls the pods once: the operator's own STANDBY_*
 * variables disappear with `spec.standby`, so it replaces the pods one by one. With no STANDBY_* variable
 * left, a later re-bootstrap comes up as a primary, never again as a standby of the old archive.
 *
 * The archive is read and written with IRSA: the operator (one role per operator) is declared with that role,
 * and the Spilo image needs WAL-G 3.0.6 or later.
 */
import { App, Chart } from 'cdk8s';
import {
  BackupCredentials,
  BackupLocation,
  BackupStorage,
  ExternalPostgresOperator,
  NetworkPeer,
  PostgresVersion,
  StandbyCluster,
  StandbySource,
  WalgBackup,
} from 'cdk8s-zalando-postgres';

const promote = process.env.DR_PROMOTE === 'true';

const app = new App();
const chart = new Chart(app, 'disaster-recovery', { namespace: 'databases' });

// The operator of the new Kubernetes cluster, installed by its Helm chart with this IRSA role.
new ExternalPostgresOperator(app, 'postgres-operator', { configAwsOrGcp: { irsaRoleArn: 'arn:aws:iam::123456789012:role/pg-orders-restore' } });

// The archive the lost cluster wrote (WalgBackup's walPath: s3://acme-pg-backups/spilo/acid-orders/wal/17).
const archive = BackupLocation.of({
  storage: BackupStorage.s3({ bucket: 'acme-pg-backups', region: 'us-east-1' }),
  credentials: BackupCredentials.awsIrsa('arn:aws:iam::123456789012:role/pg-orders-restore'),
  clusterName: 'acid-orders',
  version: PostgresVersion.V17,
});

const restored = new StandbyCluster(chart, 'orders-restored', {
  teamId: 'acid',
  version: PostgresVersion.V17,
  instances: 1, // add replicas after promotion
  source: StandbySource.fromArchive(archive),
  promote,
});

// The restored cluster archives under its own name, next to the old archive. Configured from stage 1 on
// (a standby does not archive or take base backups), so that promotion changes only `standby` and STANDBY_*.
new WalgBackup(chart, 'orders-restored-backup', {
  cluster: restored,
  storage: BackupStorage.s3({ bucket: 'acme-pg-backups', region: 'us-east-1' }),
  credentials: BackupCredentials.awsIrsa('arn:aws:iam::123456789012:role/pg-orders-restore'),
});

restored.allowFrom(NetworkPeer.pods({ app: 'orders-api' }, 'orders'));

app.synth();
