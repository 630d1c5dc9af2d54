/**
 * The Zalando operator itself, installed from code on EKS: IAM Roles for Service Accounts (one role for every
 * cluster of this operator), logical backups (pg_dumpall) to S3, data-safe deletion, and a cluster it manages.
 *
 *   npm run synth   ->  dist/examples/operator/operator.k8s.yaml (the operator, no namespaces on its
 *                       ClusterRoles) and dist/examples/operator/databases.k8s.yaml
 *
 * Give the role `arn:aws:iam::123456789012:role/postgres-pod` S3 access to `acme-pg-dumps` (and to the WAL
 * buckets) and a trust policy for the `databases:postgres-pod` ServiceAccount: the operator annotates that
 * ServiceAccount with the role on every sync, and the logical backup CronJob runs as it too
 * (pkg/cluster/k8sres.go generateLogicalBackupJob).
 *
 * Owner references, decided: OFF (the library's default). Argo CD therefore does not show the operator's child
 * objects (StatefulSet, Services, Secrets, pods) under the `postgresql` in its tree, but the operator keeps
 * checking the delete annotations: a `postgresql` pruned or deleted by mistake leaves its pods, volumes and
 * Secrets running. To really delete a cluster, annotate it first with `delete-date: <today>` and
 * `delete-clustername: <name>`. Turning owner references on (`enableOwnerReferences: true`) shows the tree in
 * Argo CD, but deletions are then never checked and the credential Secrets are garbage-collected.
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
// Not yet exported from the package's index (see the phase-1 report): imported from the source.

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
      enableOwnerReferences: false, // see above: deletion protection over the Argo CD tree
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
  deletionProtection: operator.settings.deletionProtection, // true
};

app.synth();
