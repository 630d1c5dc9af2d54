import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Duration, Yaml } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ARGO_SYNC_WAVE, ArgoCdSyncWaveOptions, GitOps } from './gitops';
import { checkDnsLabel } from '../validation/checks';
import { fail, show } from '../validation/errors';
import { RuleCode } from '../validation/rule-code';

/** The GitOps controller that applies the rendered folders. */
export enum GitOpsTool {
  /** Argo CD: one `Application` per folder, sync waves inside each folder. */
  ARGO_CD = 'ARGO_CD',
  /** Flux: one `Kustomization` per folder, `dependsOn` between folders, health expressions for `postgresql`. */
  FLUX = 'FLUX',
}

/** Props of `GitOpsLayout`. */
export interface GitOpsLayoutProps {
  /** Argo CD or Flux. */
  readonly tool: GitOpsTool;
  /**
   * The Git repository the controller reads (Argo CD `spec.source.repoURL`). Not used by Flux, which reads the
   * `GitRepository` named by `fluxSourceName`.
   * @default - required for Argo CD
   */
  readonly repoUrl?: string;
  /**
   * Where `GitOpsLayout.synth` writes, relative to the repository root; the folders' paths in the
   * Applications/Kustomizations start with it.
   * @default "deploy"
   */
  readonly repoPath?: string;
  /**
   * The Git revision Argo CD syncs (`targetRevision`).
   * @default "HEAD"
   */
  readonly revision?: string;
  /**
   * Namespace of the Applications or Kustomizations.
   * @default "argocd" for Argo CD, "flux-system" for Flux
   */
  readonly controllerNamespace?: string;
  /**
   * Argo CD project of the Applications.
   * @default "default"
   */
  readonly argoProject?: string;
  /**
   * Name of the Flux `GitRepository` (in `controllerNamespace`).
   * @default "flux-system"
   */
  readonly fluxSourceName?: string;
  /**
   * Flux reconciliation interval.
   * @default Duration.minutes(10)
   */
  readonly interval?: Duration;
  /**
   * How long Flux waits for a folder's objects (clusters included) to become healthy.
   * @default Duration.minutes(30)
   */
  readonly timeout?: Duration;
  /**
   * Argo CD sync waves inside each folder.
   * @default - GitOps.argoCd defaults
   */
  readonly syncWaves?: ArgoCdSyncWaveOptions;
}

/** Options of `GitOpsLayout.addFolder`. */
export interface GitOpsFolderOptions {
  /**
   * The namespace of the folder's chart (objects without an explicit namespace get it).
   * @default - none (cluster-scoped objects, or objects with their own namespace)
   */
  readonly defaultNamespace?: string;
  /**
   * Folders of the same environment that must be synced and healthy first (e.g. the platform folder with the
   * operator and StorageClasses): Flux `dependsOn`, Argo CD a later sync wave of the Application.
   * @default - none
   */
  readonly dependsOn?: Chart[];
}

interface Folder {
  readonly app: App;
  readonly environment: string;
  readonly name: string;
  readonly chart: Chart;
  readonly dependsOn: Chart[];
}

/**
 * A repository layout of per-environment, per-team folders that map one-to-one to Argo CD Applications or
 * Flux Kustomizations. Each environment is its own cdk8s App (its own Kubernetes cluster, with its own operator:
 * `OperatorSettings.of` resolves per environment); each folder is a Chart of it. `synth` writes
 *
 * ```
 * <outdir>/<environment>/<folder>/<folder>.k8s.yaml           the folder's manifests
 * <outdir>/argocd/<environment>/<environment>-<folder>.yaml   (Argo CD) its Application
 * <outdir>/flux/<environment>/<environment>-<folder>.yaml     (Flux) its Kustomization
 * ```
 *
 * Point one app-of-apps Application (or the Flux bootstrap Kustomization) per environment at
 * `<repoPath>/argocd/<environment>` (or `<repoPath>/flux/<environment>`). With Argo CD the layout applies
 * `GitOps.argoCd` to every environment; see src/gitops/gitops.ts for the waves, the health of `postgresql` and
 * the Prune/Delete choices.
 */
export class GitOpsLayout {
  /** The tool. */
  public readonly tool: GitOpsTool;
  private readonly props: GitOpsLayoutProps;
  private readonly folders: Folder[] = [];
  private readonly apps = new Map<string, App>();
  /** The scope errors of the layout itself are reported on. */
  private readonly scope: Construct;

  constructor(props: GitOpsLayoutProps) {
    this.tool = props.tool;
    this.props = props;
    this.scope = new Construct(undefined as any, 'GitOpsLayout');
    if (props.tool === GitOpsTool.ARGO_CD && !props.repoUrl) {
      fail(this.scope, { rule: RuleCode.GITOPS_INVALID, property: 'repoUrl', problem: 'Argo CD Applications need the Git repository URL.', fix: 'set repoUrl, e.g. "https://github.com/acme/platform.git".' });
    }
    const repoPath = props.repoPath ?? 'deploy';
    if (path.isAbsolute(repoPath) || repoPath.split('/').includes('..')) {
      fail(this.scope, { rule: RuleCode.GITOPS_INVALID, property: 'repoPath', problem: 'not a path inside the repository.', value: show(repoPath), fix: 'use a relative path such as "deploy".' });
    }
  }

  /** The environments, in the order their first folder was added. */
  public get environments(): string[] {
    return [...this.apps.keys()];
  }

  /** The App of an environment (created by its first folder). */
  public app(environment: string): App {
    const app = this.apps.get(environment);
    if (!app) fail(this.scope, { rule: RuleCode.GITOPS_INVALID, property: 'environment', problem: `no folder was added to ${environment} yet.`, value: show(environment), fix: 'call addFolder first.' });
    return app;
  }

  /**
   * Adds a folder `<environment>/<name>`: a Chart whose objects one Application / Kustomization applies.
   */
  public addFolder(environment: string, name: string, options: GitOpsFolderOptions = {}): Chart {
    for (const [property, value] of [['environment', environment], ['name', name]]) {
      checkDnsLabel(this.scope, property, value, 'folder name', 'e.g. "production" / "team-a".', {
        rule: RuleCode.GITOPS_INVALID,
        problem: 'a folder name must be a DNS label (it names the folder and the Application/Kustomization).',
      });
    }
    if (['argocd', 'flux'].includes(environment)) {
      fail(this.scope, { rule: RuleCode.GITOPS_INVALID, property: 'environment', problem: 'this name is taken by the folder of the Applications/Kustomizations.', value: show(environment), fix: 'use another environment name.' });
    }
    if (this.folders.some((f) => f.environment === environment && f.name === name)) {
      fail(this.scope, { rule: RuleCode.GITOPS_INVALID, property: 'name', problem: `the folder ${environment}/${name} is declared twice.`, value: show(name), fix: 'add each folder once and put all its objects into that chart.' });
    }
    for (const dep of options.dependsOn ?? []) {
      const folder = this.folders.find((f) => f.chart === dep);
      if (!folder || folder.environment !== environment) {
        fail(this.scope, {
          rule: RuleCode.GITOPS_INVALID,
          property: 'dependsOn',
          problem: `${dep.node.path} is not a folder of this layout in environment ${environment} (Applications and Kustomizations can only wait for their own environment's folders).`,
          fix: 'depend on a folder created earlier with addFolder in the same environment.',
        });
      }
    }
    let app = this.apps.get(environment);
    if (!app) {
      app = new App();
      if (this.tool === GitOpsTool.ARGO_CD) GitOps.argoCd(app, this.props.syncWaves);
      this.apps.set(environment, app);
    }
    const chart = new Chart(app, name, { namespace: options.defaultNamespace });
    this.folders.push({ app, environment, name, chart, dependsOn: [...(options.dependsOn ?? [])] });
    return chart;
  }

  /** The folder's path relative to the output directory: `<environment>/<name>`. */
  public folderPath(folder: Chart): string {
    const f = this.folders.find((x) => x.chart === folder);
    if (!f) fail(this.scope, { rule: RuleCode.GITOPS_INVALID, property: 'folder', problem: `${folder.node.path} is not a folder of this layout.`, fix: 'pass a chart returned by addFolder.' });
    return `${f.environment}/${f.name}`;
  }

  /**
   * Validates every environment's App and writes every folder and its Application or Kustomization.
   * @param outdir the directory to write to. The folders of the layout's environments are replaced
   */
  public synth(outdir: string): void {
    for (const app of this.apps.values()) {
      // the validations app.synth() runs (ValidationErrors reach the caller unwrapped)
      const errors = app.node.findAll().flatMap((c: IConstruct) => c.node.validate().map((e) => `${c.node.path}: ${e}`));
      if (errors.length) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
    }
    const toolDir = this.tool === GitOpsTool.ARGO_CD ? 'argocd' : 'flux';
    for (const env of this.apps.keys()) {
      fs.rmSync(path.join(outdir, env), { recursive: true, force: true });
      fs.rmSync(path.join(outdir, toolDir, env), { recursive: true, force: true });
    }
    for (const f of this.folders) {
      const folderDir = path.join(outdir, f.environment, f.name);
      fs.mkdirSync(folderDir, { recursive: true });
      Yaml.save(path.join(folderDir, `${f.name}.k8s.yaml`), f.chart.toJson());
      const toolObject = this.tool === GitOpsTool.ARGO_CD ? this.application(f) : this.kustomization(f);
      fs.mkdirSync(path.join(outdir, toolDir, f.environment), { recursive: true });
      Yaml.save(path.join(outdir, toolDir, f.environment, `${f.environment}-${f.name}.yaml`), [toolObject]);
    }
  }

  private repoFolder(f: Folder): string {
    return path.posix.join(this.props.repoPath ?? 'deploy', f.environment, f.name);
  }

  /** Depth of a folder in its dependsOn graph (0 = depends on nothing). */
  private depth(f: Folder, seen: Folder[] = []): number {
    if (seen.includes(f)) return 0;
    const deps = f.dependsOn.map((c) => this.folders.find((x) => x.chart === c)!).filter((x) => x);
    return deps.length ? 1 + Math.max(...deps.map((d) => this.depth(d, [...seen, f]))) : 0;
  }

  private hasClusters(f: Folder): boolean {
    return f.chart.node.findAll().some((c: any) => c.kind === 'postgresql' && typeof c.apiVersion === 'string' && c.apiVersion.startsWith('acid.zalan.do/'));
  }

  private application(f: Folder): any {
    return {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: `${f.environment}-${f.name}`,
        namespace: this.props.controllerNamespace ?? 'argocd',
        // the app-of-apps syncs folders in dependency order; deliberately no resources-finalizer: deleting the
        // Application never cascades to the databases
        annotations: { [ARGO_SYNC_WAVE]: String(this.depth(f)) },
      },
      spec: {
        project: this.props.argoProject ?? 'default',
        source: { repoURL: this.props.repoUrl, targetRevision: this.props.revision ?? 'HEAD', path: this.repoFolder(f) },
        destination: { server: 'https://kubernetes.default.svc', ...(f.chart.namespace ? { namespace: f.chart.namespace } : {}) },
        syncPolicy: {
          // prune everything that can be recreated from Git; postgresql objects carry Prune=false,Delete=false
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=true', 'PruneLast=true'],
        },
      },
    };
  }

  private kustomization(f: Folder): any {
    const clusters = this.hasClusters(f);
    const deps = f.dependsOn.map((c) => this.folders.find((x) => x.chart === c)!).filter((x) => x);
    return {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: `${f.environment}-${f.name}`, namespace: this.props.controllerNamespace ?? 'flux-system' },
      spec: {
        interval: goDuration(this.props.interval ?? Duration.minutes(10)),
        path: `./${this.repoFolder(f)}`,
        // prune what can be recreated from Git; postgresql objects carry kustomize.toolkit.fluxcd.io/prune: disabled
        prune: true,
        sourceRef: { kind: 'GitRepository', name: this.props.fluxSourceName ?? 'flux-system' },
        timeout: goDuration(this.props.timeout ?? Duration.minutes(30)),
        ...(deps.length ? { dependsOn: deps.map((d) => ({ name: `${d.environment}-${d.name}` })) } : {}),
        // wait for health where the folder holds clusters, so that dependents start after they are Running
        ...(clusters ? { wait: true, healthCheckExprs: [GitOps.fluxPostgresqlHealthCheck()] } : {}),
      },
    };
  }
}

/** A Duration as a Go duration string (`10m`, `1h30m`). */
function goDuration(d: Duration): string {
  const s = d.toSeconds();
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${sec || (!h && !m) ? `${sec}s` : ''}`;
}
