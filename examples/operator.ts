/**
 * The Zalando operator itself, installed from code on EKS: IAM Roles for Service Accounts (one role for every
 * cluster of this operator), logical backups (pg_dumpall) to S3, owner references for Argo CD with the volumes
 * kept when a cluster is deleted, and a cluster it manages.
 *
 *   npm run synth   ->  dist/examples/operator/operator.k8s.yaml (the operator, no namespaces on its
 *                       ClusterRoles) and dist/examples/operator/databases.k8s.yaml
 *
 * Give the role `arn:aws:iam::123456789012:role/postgres-pod` S3 access to `acme-pg-dumps` (and to the WAL
 * buckets) and a trust policy for the `databases:postgres-pod` ServiceAccount: the operator annotates that
 * ServiceAccount with the role on every sync, and the logical backup CronJob runs as it too
 * (pkg/cluster/k8sres.go generateLogicalBackupJob).
 *
 * Owner references: ON, for Argo CD. The operator's child objects (StatefulSet, pods, Services, Secrets, PDBs,
 * pooler) then appear under the `postgresql` in Argo CD's resource tree and count towards the app's health.
 * What that costs, and what still protects the data:
 * - the operator no longer checks delete annotations (it skips the check with owner references), so none are set;
 * - a `kubectl delete postgresql orders` removes the cluster's pods, Services and credential Secrets (Kubernetes
 *   garbage collection follows the owner references);
 * - the volumes stay: the library turns the operator's PVC deletion off, the StatefulSet keeps its PVCs
 *   (`persistentVolumeClaimRetentionPolicy.whenDeleted: retain`) and PVCs carry no owner reference; the WAL
 *   archive and the logical dumps stay in S3;
 * - Argo CD itself never prunes or deletes the `postgresql`: the Cluster's `deletionProtection` (default on)
 *   renders `argocd.argoproj.io/sync-options: Delete=false,Prune=false`, so a rename or removal in Git leaves the
 *   database running and the app OutOfSync.
 * Leave `enableOwnerReferences` off (the library's default) to have the operator refuse any deletion that was not
 * annotated with `delete-date: <today>` and `delete-clustername: <name>` (pods and Secrets stay, orphaned); Argo CD
 * then shows only the `postgresql` itself.
 */
import { App, Chart, Cron, Duration } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  Cluster,
  ClusterSize,
  LogicalBackupProvider,
  NetworkPeer,
  PostgresOperator,
  PostgresVersion,
  StorageResizeMode,
} from 'cdk8s-zalando-postgres';

const app = new App();

// The operator's ClusterRoles are cluster-scoped: a Chart without a namespace, the operator's namespace set explicitly.
const operatorChart = new Chart(app, 'operator');
const operator = new PostgresOperator(operatorChart, 'postgres-operator', {
  operatorNamespace: 'postgres-operator',
  configuration: {
    kubernetes: {
      watchedNamespace: 'databases',
      enablePodAntiaffinity: true,
      storageResizeMode: StorageResizeMode.PVC, // the EBS CSI driver expands volumes; no AWS API calls by the operator
      enableOwnerReferences: true, // see above: the Argo CD tree; volumes are kept on deletion
    },
    awsOrGcp: {
      awsRegion: 'us-east-1',
      irsaRoleArn: 'arn:aws:iam::123456789012:role/postgres-pod',
    },
    logicalBackup: {
      logicalBackupProvider: LogicalBackupProvider.S3,
      logicalBackupS3Bucket: 'acme-pg-dumps',
      logicalBackupS3Region: 'us-east-1',
      logicalBackupS3RetentionTime: Duration.days(30),
      logicalBackupSchedule: Cron.schedule({ minute: '30', hour: '2' }),
    },
  },
  install: {
    priorityClassName: 'system-cluster-critical',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    resources: { cpu: { request: Cpu.millis(100) } },
  },
});

const databases = new Chart(app, 'databases', { namespace: 'databases' });
const orders = new Cluster(databases, 'orders', {
  teamId: 'acid',
  size: ClusterSize.SMALL,
  version: PostgresVersion.V17,
  users: [{ name: 'orders_app' }],
  databases: [{ name: 'orders', owner: 'orders_app' }],
  logicalBackup: {}, // the operator's schedule and bucket
});
orders.allowFrom(NetworkPeer.pods({ app: 'orders-api' }));

export const settings = {
  irsaRole: operator.settings.irsaRoleArn,
  podServiceAccount: operator.settings.podServiceAccountName, // postgres-pod
  logicalBackups: `s3://${operator.settings.logicalBackupS3Bucket}/${operator.settings.logicalBackupS3BucketPrefix}/`,
  operatorChecksDeletions: operator.settings.deletionProtection, // false: owner references skip the check
};

app.synth();
