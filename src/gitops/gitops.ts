/**
 * Ordering and health for Argo CD and Flux (PLATFORM-FACTS.md §3).
 *
 * ## Argo CD
 * - **Sync waves** (`argocd.argoproj.io/sync-wave`): Argo CD applies a wave only when every earlier wave is synced
 *   and healthy. `GitOps.argoCd(scope)` puts what must exist first into earlier waves: StorageClasses, RBAC,
 *   ServiceAccounts (the backup identity), Secrets and cert-manager issuers (foundation, -3); the operator's
 *   configuration and Deployment (-2); Certificates and NetworkPolicies, so that pods start with their TLS
 *   Secret and their network rules in place (-1); the `postgresql` clusters (0); monitoring and other add-ons (1).
 * - **Health of `postgresql`**: Argo CD ships a health check for `acid.zalan.do/postgresql` since v2.14.0
 *   (`resource_customizations/acid.zalan.do/postgresql/health.lua`): no status yet -> Progressing ("Waiting for
 *   postgres cluster status..."); `Running` -> Healthy; `Creating`/`Updating` -> Progressing; anything else
 *   (`CreateFailed`, `UpdateFailed`, `SyncFailed`, `Invalid`, `""`) -> Degraded with the status as message. So wave 1
 *   waits until every cluster of wave 0 is `Running`. Before v2.14 a custom resource without a health check counts as
 *   Healthy at once and the waves only order the apply. The operator sets `Updating` at the start of every
 *   update, even for annotation-only changes, so an application shows Progressing for the duration of any change.
 *   There is no `Deleting` status (CHANGE-FACTS §4).
 * - **Prune and Delete**: `Cluster` (`deletionProtection`, on by default) annotates each `postgresql` with
 *   `argocd.argoproj.io/sync-options: Delete=false,Prune=false`: removing it from Git leaves it running (the
 *   application shows OutOfSync) and deleting the Application leaves it too. Everything else may be pruned: it
 *   can be recreated from Git without data loss. The Applications `GitOpsLayout` writes have automated sync with
 *   prune and self-heal and **no** `resources-finalizer.argocd.argoproj.io`, so deleting an Application never
 *   cascades to its resources. Pruning runs in reverse wave order.
 *
 * ## Flux
 * - kustomize-controller has no waves inside a Kustomization; ordering between Kustomizations is `dependsOn`
 *   (the dependent is applied after the dependency is Ready; with `wait: true` that means healthy).
 * - kstatus treats a custom resource without a `Ready` condition as reconciled at once, so the health of a
 *   `postgresql` needs `healthCheckExprs` on `status.PostgresClusterStatus` (`GitOps.fluxPostgresqlHealthCheck`).
 *   A `postgresql` with no status yet makes the Kustomization wait until its `timeout`.
 * - `kustomize.toolkit.fluxcd.io/prune: disabled` (also set by `deletionProtection`) keeps a `postgresql` when it is
 *   removed from Git and when its Kustomization is deleted.
 * - `GitOpsLayout` renders one Kustomization per folder, with `dependsOn` between folders (e.g. the teams' databases
 *   on the platform folder with the operator), and `wait: true` plus the health expressions where a folder holds
 *   clusters, so that applications can depend on the databases being `Running`.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { isOperator } from '../operator/settings';
import { isLibraryObject } from '../validation/chart-objects';

/** What must exist before what: the layers of a GitOps sync, first to last. */
export enum GitOpsLayer {
  /** Cluster-wide prerequisites: CRDs, namespaces, StorageClasses, PriorityClasses, RBAC, ServiceAccounts, Secrets and their stores, cert-manager issuers. */
  FOUNDATION = 'FOUNDATION',
  /** The operator: its configuration, ConfigMaps and Deployment. */
  OPERATOR = 'OPERATOR',
  /** What a cluster's pods need when they start: Certificates (the TLS Secret) and NetworkPolicies. */
  CLUSTER_PREREQUISITES = 'CLUSTER_PREREQUISITES',
  /** The `postgresql` clusters. */
  CLUSTERS = 'CLUSTERS',
  /** What needs running clusters: monitoring (PodMonitors, ServiceMonitors, PrometheusRules, dashboards, exporters) and other add-ons. */
  ADD_ONS = 'ADD_ONS',
}

/** Sync waves of `GitOps.argoCd`. */
export interface ArgoCdSyncWaveOptions {
  /**
   * Wave of `GitOpsLayer.FOUNDATION`.
   * @default -3
   */
  readonly foundationWave?: number;
  /**
   * Wave of `GitOpsLayer.OPERATOR`.
   * @default -2
   */
  readonly operatorWave?: number;
  /**
   * Wave of `GitOpsLayer.CLUSTER_PREREQUISITES`.
   * @default -1
   */
  readonly prerequisitesWave?: number;
  /**
   * Wave of `GitOpsLayer.CLUSTERS`.
   * @default 0
   */
  readonly clustersWave?: number;
  /**
   * Wave of `GitOpsLayer.ADD_ONS`.
   * @default 1
   */
  readonly addOnsWave?: number;
}

/** One entry of a Flux Kustomization's `spec.healthCheckExprs`. */
export interface FluxHealthCheckExpression {
  /** apiVersion of the checked kind. */
  readonly apiVersion: string;
  /** The checked kind. */
  readonly kind: string;
  /** CEL: the object is healthy. */
  readonly current: string;
  /** CEL: the object is still being reconciled. */
  readonly inProgress: string;
  /** CEL: the object failed. */
  readonly failed: string;
}

/** The annotation Argo CD orders by. */
export const ARGO_SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

const FOUNDATION_KINDS = ['CustomResourceDefinition', 'Namespace', 'StorageClass', 'PriorityClass', 'Issuer', 'ClusterIssuer', 'SecretStore', 'ClusterSecretStore'];
const RBAC_KINDS = ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'];

function underOperator(o: IConstruct): boolean {
  for (let c: IConstruct | undefined = o.node.scope; c; c = c.node.scope) if (isOperator(c)) return true;
  return false;
}

/**
 * The layer of an object: library objects (registered by their constructs, or part of an operator the app
 * installs) by kind. Other objects only when their kind is infrastructure everything else needs (CRDs,
 * namespaces, StorageClasses, PriorityClasses, cert-manager issuers, External Secrets stores and ExternalSecrets).
 * @returns undefined for objects that are left alone
 */
export function layerOf(o: ApiObject): GitOpsLayer | undefined {
  const kind = o.kind;
  if (FOUNDATION_KINDS.includes(kind)) return GitOpsLayer.FOUNDATION;
  const operator = underOperator(o);
  const library = operator || isLibraryObject(o);
  if (!library) return kind === 'ExternalSecret' ? GitOpsLayer.FOUNDATION : undefined;
  if (RBAC_KINDS.includes(kind) || kind === 'Secret' || kind === 'ExternalSecret') return GitOpsLayer.FOUNDATION;
  if (operator || kind === 'OperatorConfiguration') return GitOpsLayer.OPERATOR;
  if (kind === 'ConfigMap') return o.metadata.getLabel('grafana_dashboard') !== undefined ? GitOpsLayer.ADD_ONS : GitOpsLayer.OPERATOR;
  if (kind === 'Certificate' || kind === 'NetworkPolicy') return GitOpsLayer.CLUSTER_PREREQUISITES;
  if (kind === 'postgresql') return GitOpsLayer.CLUSTERS;
  return GitOpsLayer.ADD_ONS;
}

/**
 * Opt-in GitOps support: sync waves for Argo CD and the health checks Flux needs. See the module documentation
 * (src/gitops/gitops.ts) for the Argo CD health mapping of `postgresql` and the Prune/Delete choices.
 */
export class GitOps {
  /**
   * Annotates the objects under `scope` (an App or a Chart) with Argo CD sync waves by layer (`GitOpsLayer`):
   * foundation -3, operator -2, certificates and network policies -1, clusters 0, monitoring and add-ons 1. It
   * runs at synth time, so objects created after this call are annotated too. Objects that already carry a
   * sync-wave annotation keep it; objects that are not the library's (see `layerOf`) are left alone.
   */
  public static argoCd(scope: IConstruct, options: ArgoCdSyncWaveOptions = {}): void {
    const waves: Record<GitOpsLayer, number> = {
      [GitOpsLayer.FOUNDATION]: options.foundationWave ?? -3,
      [GitOpsLayer.OPERATOR]: options.operatorWave ?? -2,
      [GitOpsLayer.CLUSTER_PREREQUISITES]: options.prerequisitesWave ?? -1,
      [GitOpsLayer.CLUSTERS]: options.clustersWave ?? 0,
      [GitOpsLayer.ADD_ONS]: options.addOnsWave ?? 1,
    };
    scope.node.addValidation({
      validate: () => {
        for (const c of scope.node.findAll()) {
          if (!ApiObject.isApiObject(c)) continue;
          const layer = layerOf(c);
          if (layer === undefined || c.metadata.toJson().annotations?.[ARGO_SYNC_WAVE] !== undefined) continue;
          c.metadata.addAnnotation(ARGO_SYNC_WAVE, String(waves[layer]));
        }
        return [];
      },
    });
  }

  /**
   * The `healthCheckExprs` entry for `acid.zalan.do/v1` `postgresql` (PLATFORM-FACTS §3): `Running` is healthy,
   * `Creating`/`Updating` in progress, `CreateFailed`/`UpdateFailed`/`SyncFailed`/`Invalid` failed.
   */
  public static fluxPostgresqlHealthCheck(): FluxHealthCheckExpression {
    return {
      apiVersion: 'acid.zalan.do/v1',
      kind: 'postgresql',
      current: "status.PostgresClusterStatus == 'Running'",
      inProgress: "status.PostgresClusterStatus in ['Creating', 'Updating']",
      failed: "status.PostgresClusterStatus in ['CreateFailed', 'UpdateFailed', 'SyncFailed', 'Invalid']",
    };
  }

  private constructor() {}
}
