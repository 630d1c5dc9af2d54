/**
 * AKS: backups to Azure Blob Storage with the node pool's (user-assigned) managed identity; grant it
 * "Storage Blob Data Contributor" on the container.
 *
 *   npm run synth   ->  dist/examples/aks/aks.k8s.yaml
 */
import { App, Chart, Size } from 'cdk8s';
import {
  BackupCredentials,
  BackupStorage,
  Cluster,
  ConnectionTarget,
  MonitoringStack,
  NetworkPeer,
  PlatformStorage,
  PostgresVersion,
  WalgBackup,
} from 'cdk8s-zalando-postgres';

const app = new App();
const platform = new Chart(app, 'platform');
const chart = new Chart(app, 'aks', { namespace: 'payments' });

const premium = PlatformStorage.aks(platform, 'premium'); // managed-premium-postgres: Premium_LRS, ReadOnly caching

const payments = new Cluster(chart, 'payments', {
  teamId: 'pay',
  version: PostgresVersion.V16,
  storage: Size.gibibytes(128),
  storageClass: premium,
  users: [{ name: 'payments_app' }],
  databases: [{ name: 'payments', owner: 'payments_app' }],
  patroni: { synchronousMode: true }, // RPO 0 for payments
});

new WalgBackup(chart, 'payments-backup', {
  cluster: payments,
  storage: BackupStorage.azure({ storageAccount: 'acmepgbackups', container: 'wal', prefix: 'payments' }),
  credentials: BackupCredentials.azureManagedIdentity('00000000-0000-0000-0000-000000000000'),
  retention: 10,
});

payments.allowFrom(NetworkPeer.pods({ app: 'payments-api' }), ConnectionTarget.PRIMARY);

new MonitoringStack(chart, 'payments-monitoring', { cluster: payments });

app.synth();
