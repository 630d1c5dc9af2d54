/**
 * A GitOps repository with two environments (staging, production), each with a platform folder (the operator
 * and the StorageClass) and a team folder (the team's databases) that waits for it. Every folder is one Argo CD
 * Application (sync waves inside: storage and RBAC, then the operator, then certificates and network
 * policies, then the clusters, then monitoring), or with GITOPS_TOOL=flux one Flux Kustomization (`dependsOn`
 * the platform folder, `wait` plus health expressions on `status.PostgresClusterStatus`).
 *
 *   npm run synth   ->  dist/examples/gitops/{staging,production}/{platform,team-a}/*.k8s.yaml
 *                       dist/examples/gitops/argocd/<environment>/<environment>-<folder>.yaml
 *
 * In the repository this renders into `deploy/` (commit it). `gitops/.github/workflows/plan.yml` shows the
 * pull-request check: synthesize, run `cdk8s-zalando-postgres plan` against the base branch, post the Markdown
 * and fail on the severities the team chose. See gitops/README.md.
 */
import * as path from 'path';
import { Cron, Size } from 'cdk8s';
import {
  BackupCredentials,
  BackupStorage,
  Cluster,
  ConnectionTarget,
  GitOpsLayout,
  GitOpsTool,
  MonitoringStack,
  NetworkPeer,
  PlatformStorage,
  PostgresOperator,
  PostgresVersion,
  WalgBackup,
} from 'cdk8s-zalando-postgres';

const tool = process.env.GITOPS_TOOL === 'flux' ? GitOpsTool.FLUX : GitOpsTool.ARGO_CD;
const layout = new GitOpsLayout({
  tool,
  repoUrl: 'https://github.com/acme/databases.git',
  repoPath: 'deploy',
  revision: 'main',
});

const environments = [
  { name: 'staging', instances: 1, storage: Size.gibibytes(20) },
  { name: 'production', instances: 3, storage: Size.gibibytes(200) },
];

for (const env of environments) {
  // What every cluster of the environment needs first: the operator (configured to keep volumes and Secrets
  // when a postgresql is deleted) and the StorageClass (Retain, volume expansion).
  const platform = layout.addFolder(env.name, 'platform');
  // IRSA: one role per operator (it owns the pod ServiceAccount's annotation); the clusters' backups use it.
  const backupRole = `arn:aws:iam::123456789012:role/pg-backups-${env.name}`;
  new PostgresOperator(platform, 'postgres-operator', {
    operatorNamespace: 'postgres-operator',
    install: {},
    configuration: { awsOrGcp: { irsaRoleArn: backupRole, awsRegion: 'us-east-1' } },
  });
  const storage = PlatformStorage.eks(platform, 'gp3', {});

  // Team A's databases: applied after the platform folder is healthy.
  const team = layout.addFolder(env.name, 'team-a', { defaultNamespace: 'team-a', dependsOn: [platform] });
  const orders = new Cluster(team, 'orders', {
    name: 'acid-orders',
    teamId: 'acid',
    version: PostgresVersion.V17,
    instances: env.instances,
    storage: env.storage,
    storageClass: storage,
    users: [{ name: 'orders_app' }],
    databases: [{ name: 'orders', owner: 'orders_app' }],
    // deletionProtection (default): Argo CD Prune=false/Delete=false and Flux prune: disabled on the postgresql
  });
  new WalgBackup(team, 'orders-backup', {
    cluster: orders,
    storage: BackupStorage.s3({ bucket: `acme-pg-${env.name}`, region: 'us-east-1' }),
    credentials: BackupCredentials.awsIrsa(backupRole),
    schedule: Cron.schedule({ minute: '0', hour: '1' }),
    retention: 7,
  });
  orders.addConnectionPooler({});
  orders.allowFrom(NetworkPeer.pods({ app: 'orders-api' }), ConnectionTarget.POOLER);
  new MonitoringStack(team, 'orders-monitoring', { cluster: orders });
}

// `npm run synth` sets CDK8S_OUTDIR; in the GitOps repository this writes deploy/.
layout.synth(process.env.CDK8S_OUTDIR ?? path.join(__dirname, '..', 'deploy'));
