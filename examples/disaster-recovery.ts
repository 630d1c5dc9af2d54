/**
 * Disaster recovery in a new Kubernetes cluster, from nothing but the WAL-G archive in S3 (the seed's
 * standby-then-promote pattern).
 *
 *   Stage 1  npm run synth                    -> a read-only standby that replays the archive; validate the data
 *   Stage 2  DR_PROMOTE=true npm run synth    -> the same cluster without `standby`: the operator promotes it
 *
 * Both stages write dist/examples/disaster-recovery/disaster-recovery.k8s.yaml; the two differ only in
 * `spec.standby`, so promotion restarts no pod.
 */
import { App, Chart } from 'cdk8s';
import {
  BackupCredentials,
  BackupLocation,
  BackupStorage,
  NetworkPeer,
  PostgresVersion,
  StandbyCluster,
  StandbySource,
  WalgBackup,
} from 'cdk8s-zalando-postgres';

const promote = process.env.DR_PROMOTE === 'true';

const app = new App();
const chart = new Chart(app, 'disaster-recovery', { namespace: 'databases' });

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
// (a standby does not archive or take base backups), so that promotion changes nothing but `standby`.
new WalgBackup(chart, 'orders-restored-backup', {
  cluster: restored,
  storage: BackupStorage.s3({ bucket: 'acme-pg-backups', region: 'us-east-1' }),
  credentials: BackupCredentials.awsIrsa('arn:aws:iam::123456789012:role/pg-orders-restore'),
});

restored.allowFrom(NetworkPeer.pods({ app: 'orders-api' }, 'orders'));

app.synth();
