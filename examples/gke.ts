/**
 * GKE: backups to Cloud Storage with Workload Identity, and nightly logical dumps by the operator. The Spilo pods'
 * Kubernetes ServiceAccount (the operator's `pod_service_account_name`, `postgres-pod`) of the namespace is bound
 * to the Google service account; grant that service account `roles/storage.objectAdmin` on both buckets and
 * `roles/iam.workloadIdentityUser` for `serviceAccount:<project>.svc.id.goog[analytics/postgres-pod]`. The dump
 * jobs run as the same ServiceAccount.
 *
 * The operator was installed with its Helm chart (release `postgres-operator` in namespace `postgres-operator`);
 * declaring its values here checks the cluster against them: its logical backup bucket, that it has no global WAL
 * bucket that would redirect the GCS archive, and the pods the NetworkPolicies admit for it.
 *
 * The cluster's NetworkPolicies let the Spilo pods reach the GKE metadata server, where Workload Identity tokens
 * come from: on Dataplane V2 at 169.254.169.254:80 (set below), on the legacy dataplane at 169.254.169.252:988.
 *
 *   npm run synth   ->  dist/examples/gke/gke.k8s.yaml
 */
import { App, Chart } from 'cdk8s';
import {
  BackupCredentials,
  BackupStorage,
  Cluster,
  ClusterSize,
  ConnectionTarget,
  ExternalPostgresOperator,
  GkeDataplane,
  LogicalBackupProvider,
  MonitoringStack,
  NetworkPeer,
  PlatformStorage,
  WalgBackup,
  Workload,
} from 'cdk8s-zalando-postgres';


const app = new App();
const platform = new Chart(app, 'platform');
const chart = new Chart(app, 'gke', { namespace: 'analytics' });

// The operator, installed by its Helm chart with these values; it renders nothing here.
new ExternalPostgresOperator(platform, 'postgres-operator', {
  operatorNamespace: 'postgres-operator',
  configLogicalBackup: { logicalBackupProvider: LogicalBackupProvider.GCS, logicalBackupS3Bucket: 'acme-analytics-pg-dumps' },
});

const ssd = PlatformStorage.gke(platform, 'pd-ssd', { name: 'pd-ssd-postgres' });

const warehouse = new Cluster(chart, 'warehouse', {
  teamId: 'data',
  size: ClusterSize.LARGE, // 8 CPU, 32Gi, 500Gi, 5 instances
  instances: 3,
  storageClass: ssd,
  workload: Workload.DATA_WAREHOUSE,
  users: [{ name: 'etl' }, { name: 'analyst' }],
  databases: [{ name: 'warehouse', owner: 'etl' }],
  logicalBackup: { retention: '1 month' }, // pg_dumpall to the operator's GCS bucket, on its schedule
});

new WalgBackup(chart, 'warehouse-backup', {
  cluster: warehouse,
  storage: BackupStorage.gcs({ bucket: 'acme-analytics-pg-backups' }),
  credentials: BackupCredentials.gkeWorkloadIdentity('pg-backup@acme-analytics.iam.gserviceaccount.com'),
  retention: 7, // at least 7 base backups AND 7 days of point-in-time recovery
});

warehouse.addNetworkPolicy({ gkeDataplane: GkeDataplane.V2 }); // Autopilot and new clusters run Dataplane V2
warehouse.allowFrom(NetworkPeer.podsInNamespace('etl'), ConnectionTarget.PRIMARY);
warehouse.allowFrom(NetworkPeer.podsInNamespace('bi'), ConnectionTarget.REPLICA);

// Long analytical transactions are expected here: warn after 4 hours, not 1.
new MonitoringStack(chart, 'warehouse-monitoring', { cluster: warehouse, thresholds: { longTransactionSeconds: 4 * 3600 } });

app.synth();
