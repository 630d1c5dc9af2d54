import { newChart, only, synthValid } from './synth';
import { BackupCredentials, BackupStorage, Cluster, ExternalPostgresOperator, MonitoringStack, WalgBackup } from '../../src';

/** A pinned (placeholder) wal-g exporter image for tests. */
export const TEST_WALG_EXPORTER_IMAGE =
  'ghcr.io/thedatabaseme/wal-g-prometheus-exporter@sha256:0000000000000000000000000000000000000000000000000000000000000000';

/**
 * The topology that emits every alert: 3 instances, synchronous mode, failsafe, WAL-G backups with the wal-g
 * exporter, logical backups, primary and replica poolers (cluster `acid-main` in namespace `db`).
 */
export function fullMonitoringStack(): { stack: MonitoringStack; spec: any } {
  const { chart } = newChart('db');
  // IRSA needs the operator's irsa_role_arn to be the backup role (one role per operator)
  new ExternalPostgresOperator(chart, 'operator', { configAwsOrGcp: { irsaRoleArn: 'arn:aws:iam::123456789012:role/r' } });
  const cluster = new Cluster(chart, 'main', { teamId: 'acid', logicalBackup: {}, patroni: { synchronousMode: true, failsafeMode: true } });
  new WalgBackup(chart, 'Backup', {
    cluster, storage: BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-west-1' }), credentials: BackupCredentials.awsIrsa('arn:aws:iam::123456789012:role/r'),
  });
  cluster.addConnectionPooler({ replica: true });
  const stack = new MonitoringStack(chart, 'Monitoring', { cluster, walgExporter: { image: TEST_WALG_EXPORTER_IMAGE } });
  return { stack, spec: only(synthValid(chart), 'PrometheusRule').spec };
}
