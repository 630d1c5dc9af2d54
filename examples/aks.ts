/**
 * AKS: backups to Azure Blob Storage with the managed identity the nodes' instance metadata service (IMDS)
 * returns without a client id: the node pool's kubelet identity when it is the nodes' only user-assigned
 * identity (or a system-assigned one). Grant it "Storage Blob Data Contributor" on the container.
 *
 * Spilo's WAL-G cannot select an identity by client id, nor use Azure AD Workload Identity: the variables never
 * reach it (Spilo 4.0-p3; the library rejects both). If the nodes carry several user-assigned identities, use
 * `BackupCredentials.azureServicePrincipal('pg-backup-principal')` (client id, secret and tenant from a Secret)
 * or a storage account key / SAS token with `BackupCredentials.fromSecret(...)`.
 *
 * The cluster's NetworkPolicies (created by `allowFrom`) open IMDS (169.254.169.254:80) for the Spilo pods,
 * because the managed identity's token comes from there. AKS's IMDS restriction (`--enable-imds-restriction`)
 * must be off for this node pool.
 *
 * The operator runs under the Helm release `postgres-operator` in namespace `postgres-operator`; declaring it lets
 * the NetworkPolicies admit exactly its pods, and checks that it sets no global WAL store (`wal_s3_bucket`,
 * `wal_gs_bucket`) that Spilo would pick before this cluster's Azure container.
 *
 *   npm run synth   ->  dist/examples/aks/aks.k8s.yaml
 */
import { App, Chart, Size } from 'cdk8s';
import {
  BackupCredentials,
  BackupStorage,
  Cluster,
  ConnectionTarget,
  ExternalPostgresOperator,
  MonitoringStack,
  NetworkPeer,
  PlatformStorage,
  PostgresVersion,
  WalgBackup,
} from 'cdk8s-zalando-postgres';

const app = new App();
const platform = new Chart(app, 'platform');
const chart = new Chart(app, 'aks', { namespace: 'payments' });

// The operator, installed by its Helm chart with its default values; it renders nothing here.
new ExternalPostgresOperator(platform, 'postgres-operator', { operatorNamespace: 'postgres-operator' });

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
  credentials: BackupCredentials.azureManagedIdentity(),
  retention: 10, // at least 10 base backups AND 10 days of point-in-time recovery
});

payments.allowFrom(NetworkPeer.pods({ app: 'payments-api' }), ConnectionTarget.PRIMARY);

new MonitoringStack(chart, 'payments-monitoring', { cluster: payments });

app.synth();
