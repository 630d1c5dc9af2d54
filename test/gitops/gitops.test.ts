/**
 * Argo CD sync waves on the right kinds, the Flux Kustomization shape (validated with the Flux and Argo CD
 * models of kubernetes-models) and the per-environment/per-team folder layout.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing, Yaml } from 'cdk8s';
import {
  Cluster,
  GrafanaDashboards,
  MonitoringStack,
  NetworkPeer,
  PlatformStorage,
  PostgresCertificate,
  PostgresOperator,
} from '../../src';
import { GitOps, GitOpsLayer, layerOf } from '../../src/gitops/gitops';
import { GitOpsLayout, GitOpsTool } from '../../src/gitops/layout';
import { expectValid } from '../support/schema';
import { validateConstructs } from '../support/synth';

const WAVE = 'argocd.argoproj.io/sync-wave';

/** An app with one object of every layer, plus user objects. */
function fleet(app: App) {
  const operator = new Chart(app, 'operator');
  new PostgresOperator(operator, 'postgres-operator', { operatorNamespace: 'postgres-operator', install: {} });
  const platform = new Chart(app, 'platform');
  PlatformStorage.eks(platform, 'gp3', {});
  // user objects: an issuer (infrastructure kind: foundation), an application Deployment (left alone), and an
  // object whose wave the user set (kept)
  new ApiObject(platform, 'issuer', { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'internal-ca' } });
  const db = new Chart(app, 'databases', { namespace: 'db' });
  new ApiObject(db, 'app', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'orders-api' } });
  new ApiObject(db, 'preset', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'preset', annotations: { [WAVE]: '7' } } });
  const cluster = new Cluster(db, 'orders', { name: 'acid-orders', teamId: 'acid', instances: 2 });
  cluster.addConnectionPooler({});
  cluster.allowFrom(NetworkPeer.pods({ app: 'orders-api' }));
  new PostgresCertificate(db, 'tls', { cluster, issuer: { name: 'internal-ca', kind: 'ClusterIssuer' } as any });
  new MonitoringStack(db, 'monitoring', { cluster });
  new GrafanaDashboards(new Chart(app, 'dashboards', { namespace: 'monitoring' }), 'dashboards', {});
  return { operator, platform, db };
}

describe('GitOps.argoCd', () => {
  const app = Testing.app();
  fleet(app);
  GitOps.argoCd(app);
  validateConstructs(app);
  const objects = app.charts.flatMap((c) => c.toJson());

  // The order of PLATFORM-FACTS §3 / the brief: what must exist first (StorageClass, ServiceAccounts and RBAC,
  // issuers, the operator's configuration and Deployment) before clusters; Certificates and NetworkPolicies
  // before the pods start; monitoring after the clusters are Running.
  const expectedWave = (o: any): string | undefined => {
    const k = o.kind;
    if (o.metadata.name === 'orders-api') return undefined; // not the library's
    if (o.metadata.name === 'preset') return '7'; // the user's own wave
    if (['StorageClass', 'ClusterIssuer', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'].includes(k)) return '-3';
    if (k === 'OperatorConfiguration' || (o.metadata.namespace === 'postgres-operator' && ['Deployment', 'Service', 'ConfigMap'].includes(k))) return '-2';
    if (k === 'Certificate' || k === 'NetworkPolicy') return '-1';
    if (k === 'postgresql') return '0';
    if (['PodMonitor', 'ServiceMonitor', 'PrometheusRule', 'ConfigMap', 'Deployment', 'Service'].includes(k)) return '1';
    return 'unexpected kind';
  };

  test('every object gets the wave of its layer', () => {
    const got = objects.map((o) => `${o.kind}/${o.metadata.name}=${o.metadata.annotations?.[WAVE]}`).sort();
    const want = objects.map((o) => `${o.kind}/${o.metadata.name}=${expectedWave(o)}`).sort();
    expect(got).toEqual(want);
  });

  test('the fleet has every layer, and the waves are ordered', () => {
    const kinds = new Set(objects.map((o) => o.kind));
    for (const k of ['StorageClass', 'ClusterIssuer', 'ServiceAccount', 'OperatorConfiguration', 'Certificate', 'NetworkPolicy', 'postgresql', 'PodMonitor', 'PrometheusRule']) expect(kinds).toContain(k);
    const wave = (kind: string) => Math.max(...objects.filter((o) => o.kind === kind).map((o) => Number(o.metadata.annotations[WAVE])));
    const first = Math.min(...objects.filter((o) => o.kind === 'postgresql').map((o) => Number(o.metadata.annotations[WAVE])));
    for (const k of ['StorageClass', 'ServiceAccount', 'OperatorConfiguration', 'Certificate', 'NetworkPolicy']) expect(wave(k)).toBeLessThan(first);
    expect(Math.min(...objects.filter((o) => ['PodMonitor', 'PrometheusRule'].includes(o.kind)).map((o) => Number(o.metadata.annotations[WAVE])))).toBeGreaterThan(first);
  });

  test('annotated objects still validate against their schemas', () => {
    expectValid(objects.filter((o) => !['ClusterIssuer'].includes(o.kind) && o.metadata.name !== 'orders-api' && o.metadata.name !== 'preset'));
  });

  test('the postgresql keeps its deletion protection next to the wave', () => {
    const pg = objects.find((o) => o.kind === 'postgresql');
    expect(pg.metadata.annotations).toEqual(expect.objectContaining({
      [WAVE]: '0',
      'argocd.argoproj.io/sync-options': 'Delete=false,Prune=false',
      'kustomize.toolkit.fluxcd.io/prune': 'disabled',
    }));
  });

  test('custom waves; objects created after the call are annotated too', () => {
    const app2 = Testing.app();
    GitOps.argoCd(app2, { clustersWave: 5, foundationWave: -10 });
    const chart = new Chart(app2, 'c', { namespace: 'db' });
    PlatformStorage.eks(new Chart(app2, 'p'), 'gp3', {});
    new Cluster(chart, 'x', { name: 'acid-x', teamId: 'acid' });
    validateConstructs(app2);
    const objs = app2.charts.flatMap((c) => c.toJson());
    expect(objs.find((o) => o.kind === 'postgresql').metadata.annotations[WAVE]).toBe('5');
    expect(objs.find((o) => o.kind === 'StorageClass').metadata.annotations[WAVE]).toBe('-10');
  });

  test('layerOf leaves other objects alone', () => {
    const app3 = Testing.app();
    const chart = new Chart(app3, 'c');
    const mine = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    const ns = new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'db' } });
    expect(layerOf(mine)).toBeUndefined();
    expect(layerOf(ns)).toBe(GitOpsLayer.FOUNDATION);
  });
});

describe('Flux health expressions', () => {
  test('map status.PostgresClusterStatus as PLATFORM-FACTS §3 derives them', () => {
    expect(GitOps.fluxPostgresqlHealthCheck()).toEqual({
      apiVersion: 'acid.zalan.do/v1',
      kind: 'postgresql',
      inProgress: "status.PostgresClusterStatus in ['Creating', 'Updating']",
      failed: "status.PostgresClusterStatus in ['CreateFailed', 'UpdateFailed', 'SyncFailed', 'Invalid']",
      current: "status.PostgresClusterStatus == 'Running'",
    });
  });
});

/** Two environments, each with a platform folder (operator, storage) and a team folder that depends on it. */
function twoEnvironments(tool: GitOpsTool) {
  const layout = new GitOpsLayout({ tool, repoUrl: 'https://git.example.com/acme/platform.git', repoPath: 'deploy' });
  for (const env of ['staging', 'production']) {
    const platform = layout.addFolder(env, 'platform');
    new PostgresOperator(platform, 'postgres-operator', { operatorNamespace: 'postgres-operator' });
    PlatformStorage.eks(platform, 'gp3', {});
    const team = layout.addFolder(env, 'team-a', { defaultNamespace: 'team-a', dependsOn: [platform] });
    const c = new Cluster(team, 'orders', { name: 'acid-orders', teamId: 'acid', instances: env === 'production' ? 3 : 1 });
    c.allowFrom(NetworkPeer.pods({ app: 'orders-api' }));
  }
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-'));
  layout.synth(out);
  const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.relative(out, path.join(dir, e.name))])).sort();
  const read = (f: string) => Yaml.load(path.join(out, f));
  return { out, layout, files: files(out), read };
}

describe('GitOpsLayout with Argo CD', () => {
  const { out, files, read } = twoEnvironments(GitOpsTool.ARGO_CD);
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test('one folder per environment and team, one Application per folder', () => {
    expect(files).toEqual([
      'argocd/production/production-platform.yaml',
      'argocd/production/production-team-a.yaml',
      'argocd/staging/staging-platform.yaml',
      'argocd/staging/staging-team-a.yaml',
      'production/platform/platform.k8s.yaml',
      'production/team-a/team-a.k8s.yaml',
      'staging/platform/platform.k8s.yaml',
      'staging/team-a/team-a.k8s.yaml',
    ]);
  });

  test('the Application of a team folder', () => {
    const [application] = read('argocd/production/production-team-a.yaml');
    expectValid([application]);
    expect(application).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'production-team-a', namespace: 'argocd', annotations: { [WAVE]: '1' } },
      spec: {
        project: 'default',
        source: { repoURL: 'https://git.example.com/acme/platform.git', targetRevision: 'HEAD', path: 'deploy/production/team-a' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'team-a' },
        syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true', 'PruneLast=true'] },
      },
    });
    const [platform] = read('argocd/production/production-platform.yaml');
    expectValid([platform]);
    expect(platform.metadata.annotations[WAVE]).toBe('0');
    expect(platform.spec.destination).toEqual({ server: 'https://kubernetes.default.svc' });
  });

  test('the folders carry sync waves and validate', () => {
    const team = read('production/team-a/team-a.k8s.yaml');
    expectValid(team);
    expect(team.find((o: any) => o.kind === 'postgresql').metadata.annotations[WAVE]).toBe('0');
    expect(team.find((o: any) => o.kind === 'postgresql').spec.numberOfInstances).toBe(3);
    expect(new Set(team.filter((o: any) => o.kind === 'NetworkPolicy').map((o: any) => o.metadata.annotations[WAVE]))).toEqual(new Set(['-1']));
    const platform = read('staging/platform/platform.k8s.yaml');
    expect(platform.find((o: any) => o.kind === 'StorageClass').metadata.annotations[WAVE]).toBe('-3');
    expect(platform.find((o: any) => o.kind === 'OperatorConfiguration').metadata.annotations[WAVE]).toBe('-2');
  });
});

describe('GitOpsLayout with Flux', () => {
  const { out, files, read } = twoEnvironments(GitOpsTool.FLUX);
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test('one Kustomization per folder, no Argo CD waves', () => {
    expect(files.filter((f) => f.startsWith('flux/'))).toEqual([
      'flux/production/production-platform.yaml', 'flux/production/production-team-a.yaml',
      'flux/staging/staging-platform.yaml', 'flux/staging/staging-team-a.yaml',
    ]);
    expect(read('staging/team-a/team-a.k8s.yaml').every((o: any) => o.metadata.annotations?.[WAVE] === undefined)).toBe(true);
  });

  test('the team folder waits for its clusters and depends on the platform folder', () => {
    const [k] = read('flux/staging/staging-team-a.yaml');
    expectValid([k]);
    expect(k).toEqual({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'staging-team-a', namespace: 'flux-system' },
      spec: {
        interval: '10m',
        path: './deploy/staging/team-a',
        prune: true,
        sourceRef: { kind: 'GitRepository', name: 'flux-system' },
        timeout: '30m',
        dependsOn: [{ name: 'staging-platform' }],
        wait: true,
        healthCheckExprs: [GitOps.fluxPostgresqlHealthCheck()],
      },
    });
  });

  test('the platform folder has no clusters: no health expressions, no dependencies', () => {
    const [k] = read('flux/production/production-platform.yaml');
    expectValid([k]);
    expect(k.spec).toEqual({
      interval: '10m', path: './deploy/production/platform', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' }, timeout: '30m',
    });
  });

  test('a malformed Kustomization is rejected by the model (the check can fail)', () => {
    const malformed = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'x' }, spec: { interval: 10, prune: 'yes' } };
    expect(() => expectValid([malformed])).toThrow(/Kustomization x: \/spec\/interval/);
  });
});

describe('ZPG-GITOPS-INVALID', () => {
  const layout = () => new GitOpsLayout({ tool: GitOpsTool.FLUX });
  test('folder names must be DNS labels', () => {
    expect(() => layout().addFolder('Prod', 'team')).toThrow(/ZPG-GITOPS-INVALID \[GitOpsLayout\] environment: a folder name must be a DNS label.*Got: "Prod".*Fix: e\.g\. "production"/);
    expect(() => layout().addFolder('prod', 'team_a')).toThrow(/ZPG-GITOPS-INVALID \[GitOpsLayout\] name: /);
    expect(() => layout().addFolder('flux', 'team')).toThrow(/ZPG-GITOPS-INVALID .*taken by the folder of the Applications/);
  });
  test('a folder twice, or a dependency on another environment', () => {
    const l = layout();
    const staging = l.addFolder('staging', 'platform');
    expect(() => l.addFolder('staging', 'platform')).toThrow(/ZPG-GITOPS-INVALID \[GitOpsLayout\] name: the folder staging\/platform is declared twice/);
    expect(() => l.addFolder('production', 'team', { dependsOn: [staging] })).toThrow(/ZPG-GITOPS-INVALID \[GitOpsLayout\] dependsOn: .*not a folder of this layout in environment production/);
    expect(() => l.addFolder('production', 'team', { dependsOn: [new Chart(Testing.app(), 'other')] })).toThrow(/ZPG-GITOPS-INVALID/);
  });
  test('Argo CD needs the repository URL; the path must stay inside the repository', () => {
    expect(() => new GitOpsLayout({ tool: GitOpsTool.ARGO_CD })).toThrow(/ZPG-GITOPS-INVALID \[GitOpsLayout\] repoUrl: Argo CD Applications need the Git repository URL/);
    expect(() => new GitOpsLayout({ tool: GitOpsTool.FLUX, repoPath: '../x' })).toThrow(/ZPG-GITOPS-INVALID \[GitOpsLayout\] repoPath: not a path inside the repository/);
  });
});
