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
  PostgresVersion,
  WalgBackup,
} from 'cdk8s-zalando-postgres';

const app = new App();
const chart = new Chart(app, 'aks', { namespace: 'payments' });

const payments = new Cluster(chart, 'payments', {
  teamId: 'pay',
  version: PostgresVersion.V16,
  storage: Size.gibibytes(128),
  storageClassName: 'managed-premium-postgres',
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

app.synth();
