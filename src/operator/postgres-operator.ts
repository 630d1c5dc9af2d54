import { createHash } from 'crypto';
import { ApiObject, Chart, JsonPatch, Lazy, Size } from 'cdk8s';
import { ContainerResources, Cpu, ImagePullPolicy, k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkConfiguration, checkDeletionPolicy } from './checks';
import { OperatorConfigurationProps } from './configuration';
import { libraryDefaults, OPERATOR_IMAGE, OPERATOR_NAME } from './defaults';
import {
  checkControllerId,
  checkImage,
  checkNamespaceName,
  GroupDef,
  groupProps,
  checkValue,
  mergeGrouped,
  renderGrouped,
  typedPaths,
} from './fields';
import { OPERATOR_RULES, POD_RULES, USER_FACING_ROLES } from './rbac';
import { IPostgresOperator, markOperator, OperatorSettings, checkUniqueControllerId, operatorsOf } from './settings';
import { registerObject } from '../validation/chart-objects';
import { fail, show } from '../validation/errors';
import { Patterns } from '../validation/patterns';
import { cpuToMillis, sizeToBytes } from '../validation/quantity';
import { RuleCode } from '../validation/rule-code';

/** The operator itself as a Deployment with its ServiceAccount and RBAC. */
export interface OperatorInstallProps {
  /** @default ghcr.io/zalando/postgres-operator:v2.0.1 */
  readonly image?: string;
  /** @default ImagePullPolicy.IF_NOT_PRESENT */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Replicas of the operator: 1, or 0 to stop it. The operator has no leader election; upstream runs one
   * replica with the `Recreate` strategy (manifests/postgres-operator.yaml).
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Resources of the operator container (each value given replaces the chart's).
   * @default - the chart's: requests 100m CPU and 250Mi memory, limit 500Mi memory
   */
  readonly resources?: ContainerResources;
  /** @default - none */
  readonly priorityClassName?: string;
  /** @default - none */
  readonly nodeSelector?: { [key: string]: string };
  /** @default - none */
  readonly tolerations?: k8s.Toleration[];
  /** @default - none */
  readonly affinity?: k8s.Affinity;
  /** Names of Secrets to pull the image with. @default - none */
  readonly imagePullSecrets?: string[];
  /** Extra labels of the operator pod (the selector labels are always set). @default - none */
  readonly podLabels?: { [key: string]: string };
  /** Annotations of the operator pod (besides `checksum/config`). @default - none */
  readonly podAnnotations?: { [key: string]: string };
  /**
   * Annotations of the operator's own ServiceAccount, e.g. `eks.amazonaws.com/role-arn` for
   * `storageResizeMode: EBS` (the operator calls the EC2 API).
   * @default - none
   */
  readonly serviceAccountAnnotations?: { [key: string]: string };
  /** JSON logs (`ENABLE_JSON_LOGGING`). @default false */
  readonly enableJsonLogging?: boolean;
  /**
   * The ClusterRoles `zalando-postgres-operator:users:{admin,edit,view}`, aggregated into Kubernetes' admin,
   * edit and view roles. Render them once per Kubernetes cluster.
   * @default true
   */
  readonly userFacingClusterRoles?: boolean;
}

/** Properties of a PostgresOperator. */
export interface PostgresOperatorProps {
  /**
   * Name of the OperatorConfiguration and, with `install`, of the Deployment, ServiceAccount, ClusterRole and
   * ClusterRoleBinding (like the Helm chart's full name).
   * @default postgres-operator
   */
  readonly name?: string;
  /**
   * Namespace the operator runs in (the OperatorConfiguration must be in it). Required with `install`.
   * @default - the chart's namespace
   */
  readonly operatorNamespace?: string;
  /**
   * `CONTROLLER_ID`: the operator then manages only `postgresql` objects annotated with
   * `acid.zalan.do/controller: <id>` (and those without the annotation are left to an operator without ID).
   * @default - none: it manages clusters without the annotation
   */
  readonly controllerId?: string;
  /** The configuration. Every unset property gets the library's default (see PostgresOperator). @default - the library's defaults */
  readonly configuration?: OperatorConfigurationProps;
  /**
   * Install the operator itself: Deployment, ServiceAccount, ClusterRole and ClusterRoleBinding as upstream,
   * the pod ServiceAccount's ClusterRole and the user-facing ClusterRoles. The operator registers its CRDs
   * (`enableCrdRegistration`). The ClusterRoles are cluster-scoped: create the PostgresOperator in a Chart
   * without a namespace and set `operatorNamespace`.
   * @default - only the OperatorConfiguration is rendered (for an operator deployed otherwise)
   */
  readonly install?: OperatorInstallProps;
}

const SELECTOR_NAME = 'app.kubernetes.io/name';
const SELECTOR_INSTANCE = 'app.kubernetes.io/instance';
/** Credential fields the escape hatch must not write either. */
const CREDENTIAL_PATHS = [
  ['logical_backup', 'logical_backup_s3_access_key_id'],
  ['logical_backup', 'logical_backup_s3_secret_access_key'],
  ['logical_backup', 'logical_backup_azure_storage_account_key'],
  ['scalyr', 'scalyr_api_key'],
];

/**
 * The Zalando Postgres Operator v2.0.1 as code: its `OperatorConfiguration` with every field typed, and
 * optionally (`install`) the operator itself, ready for Argo CD or Flux. Its `settings` are what every cluster of
 * the app is checked against.
 *
 * The operator reads its configuration only at start: the Deployment's pod template carries a
 * `checksum/config` annotation, so that a changed configuration restarts it.
 *
 * **Defaults.** Every unset property renders the v2.0.1 Helm chart's value (where the chart and the operator's
 * code differ, the chart's is rendered: `password_rotation_user_retention` 180, `ready_wait_interval` 3s,
 * `enable_postgres_team_crd` false, `enable_teams_api` false, `enable_master_load_balancer` false), except:
 *
 * | setting | chart | library | why |
 * |---|---|---|---|
 * | `kubernetes.enable_persistent_volume_claim_deletion` | true | false | deleting a `postgresql` (a rename in Git, a prune) would delete its volumes |
 * | `kubernetes.enable_secrets_deletion` | true | false | restoring a deleted cluster needs its users' passwords |
 * | `kubernetes.delete_annotation_date_key` | unset | `delete-date` | the operator carries out a deletion only if the `postgresql` was annotated with today's date... |
 * | `kubernetes.delete_annotation_name_key` | unset | `delete-clustername` | ...and with its own name; otherwise the children stay, orphaned and running |
 * | `logical_backup.logical_backup_s3_bucket` | `my-bucket-url` | unset | a placeholder; logical backups need a real bucket |
 * | empty strings (`etcd_host`, logical backup credentials, region, endpoint, retention, environment secret) | `""` | unset | the operator reads `""` as unset |
 *
 * **Deletion, and what each choice costs.** The annotation check runs only in the operator's DELETE path and
 * only with `enable_owner_references` and `enable_finalizers` off (CHANGE-FACTS §5); the library keeps both off
 * and sets the two keys. The cost: to really delete a cluster, annotate it with `delete-date: <today>` and
 * `delete-clustername: <name>` before deleting it; a deletion without them leaves the StatefulSet, pods,
 * Services and Secrets running, to be removed by hand. Opt-ins:
 * - `enableOwnerReferences: true`: Argo CD shows the operator's children under the `postgresql`, but a deletion
 *   is never checked, and Kubernetes garbage-collects the children, credential Secrets included (PVCs stay
 *   unless `whenDeleted: DELETE`). The delete keys are then left out; setting them too is an error.
 * - `enableFinalizers: true`: deletions are carried out by the operator before the object disappears (nothing is
 *   left orphaned), but never checked either. Same rule for the delete keys.
 * - `enablePersistentVolumeClaimDeletion: true` / `enableSecretsDeletion: true`: the chart's behaviour.
 *
 * Not offered: `sidecars` (the v2.0.1 CRD cannot hold the operator's list) and the credential fields (literals in
 * YAML); see configuration.ts.
 *
 * **Escape hatch.** `addJsonPatch()` patches the rendered OperatorConfiguration for settings newer than v2.0.1.
 * It may not change a typed field (the settings would not see it) nor write a credential.
 */
export class PostgresOperator extends Construct implements IPostgresOperator {
  /** The resolved settings of this operator. */
  public readonly settings: OperatorSettings;
  /** Name of the OperatorConfiguration (and of the install's objects). */
  public readonly name: string;
  /** Namespace of the operator. Undefined when the OperatorConfiguration gets its namespace from elsewhere. */
  public readonly operatorNamespace?: string;
  /** The OperatorConfiguration. */
  public readonly resource: ApiObject;
  /** The Deployment, with `install`. */
  public readonly deployment?: k8s.KubeDeployment;
  private readonly rendered: Record<string, any>;
  private readonly patches: JsonPatch[] = [];
  private readonly clusterScopedNames: string[] = [];

  constructor(scope: Construct, id: string, props: PostgresOperatorProps = {}) {
    super(scope, id);
    this.name = props.name ?? OPERATOR_NAME;
    if (typeof this.name !== 'string' || this.name.length > 63 || !Patterns.DNS_1123_LABEL.test(this.name)) {
      fail(this, {
        rule: RuleCode.OPERATOR_NAME,
        property: 'name',
        problem: 'the name is used for the OperatorConfiguration, Deployment, ServiceAccount and ClusterRole, and as a label value.',
        value: show(this.name),
        allowed: 'a DNS label: lower-case letters, digits and "-", at most 63 characters',
        fix: 'use a name like "postgres-operator".',
      });
    }
    this.operatorNamespace = this.resolveNamespace(props);
    checkControllerId(this, 'controllerId', props.controllerId);

    const prefixOf = (g: GroupDef) => `configuration.${g.prop ? `${g.prop}.` : ''}`;
    const user = groupProps(this, (props.configuration ?? {}) as Record<string, any>, 'configuration.');
    const k = user.kubernetes;
    const explicitDeleteKeys = k.deleteAnnotationDateKey !== undefined || k.deleteAnnotationNameKey !== undefined;
    const resolved = mergeGrouped(libraryDefaults(this.name, !(k.enableOwnerReferences || k.enableFinalizers)), user);
    const podServiceAccountName = resolved.kubernetes.podServiceAccountName || 'postgres-pod';
    this.rendered = renderGrouped(this, resolved, prefixOf, { podServiceAccountName });
    checkConfiguration(this, resolved, prefixOf);
    checkDeletionPolicy(this, resolved, prefixOf, explicitDeleteKeys);

    const selector = { [SELECTOR_NAME]: OPERATOR_NAME, [SELECTOR_INSTANCE]: this.name };
    this.settings = OperatorSettings._fromGrouped(resolved, {
      source: this.node.path,
      controllerId: props.controllerId,
      operatorNamespace: this.operatorNamespace,
      operatorPodLabels: props.install ? selector : {},
    });

    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'acid.zalan.do/v1',
      kind: 'OperatorConfiguration',
      metadata: { name: this.name, namespace: this.operatorNamespace, labels: selector },
      configuration: this.rendered,
    });

    if (props.install) {
      const roleBinding = resolved.kubernetes.podServiceAccountRoleBindingDefinition;
      this.deployment = this.renderInstall(props.install, props.controllerId, selector, roleBinding?.clusterRoleName ?? podServiceAccountName);
    }

    // the configuration goes through the library's registry (canonical order among the app's constructs); the
    // install's cluster-scoped objects are checked by validateApp, with a message about operators
    registerObject(this.resource);
    markOperator(this);
    this.node.addValidation({ validate: () => this.validateApp() });
  }

  /**
   * Patches the rendered OperatorConfiguration (JSON patch, paths like `/configuration/kubernetes/new_setting`)
   * for settings newer than operator v2.0.1. A patch that changes a typed field or writes a credential is a
   * validation error at synth time.
   */
  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patches.push(...ops);
    this.resource.addJsonPatch(...ops);
  }

  private resolveNamespace(props: PostgresOperatorProps): string | undefined {
    const chartNamespace = Chart.of(this).namespace;
    if (props.operatorNamespace !== undefined) checkNamespaceName(this, 'operatorNamespace', props.operatorNamespace);
    if (props.install && chartNamespace) {
      fail(this, {
        rule: RuleCode.OPERATOR_CHART_NAMESPACE,
        property: 'install',
        problem: 'the install renders ClusterRoles and a ClusterRoleBinding, but this Chart stamps its namespace on every object.',
        value: `chart namespace ${show(chartNamespace)}`,
        fix: `create the PostgresOperator in a Chart without a namespace (e.g. new Chart(app, "operator")) and set operatorNamespace: ${show(props.operatorNamespace ?? chartNamespace)}.`,
      });
    }
    if (props.operatorNamespace !== undefined && chartNamespace && props.operatorNamespace !== chartNamespace) {
      fail(this, {
        rule: RuleCode.OPERATOR_NAMESPACE,
        property: 'operatorNamespace',
        problem: 'the Chart stamps another namespace on the OperatorConfiguration.',
        value: `operatorNamespace ${show(props.operatorNamespace)}, chart namespace ${show(chartNamespace)}`,
        fix: 'remove operatorNamespace (the chart\'s applies) or use a Chart without a namespace.',
      });
    }
    const namespace = props.operatorNamespace ?? chartNamespace;
    if (props.install && !namespace) {
      fail(this, {
        rule: RuleCode.OPERATOR_NAMESPACE,
        property: 'operatorNamespace',
        problem: 'the install needs the operator\'s namespace (ServiceAccount, Deployment, ClusterRoleBinding subject).',
        fix: 'set operatorNamespace, e.g. "postgres-operator".',
      });
    }
    return namespace;
  }

  private renderInstall(
    install: OperatorInstallProps, controllerId: string | undefined, selector: Record<string, string>, podClusterRole: string,
  ): k8s.KubeDeployment {
    const namespace = this.operatorNamespace!;
    const meta = (name: string, extra: Record<string, any> = {}) => ({ name, labels: selector, ...extra });
    const image = install.image ?? OPERATOR_IMAGE;
    checkImage(this, 'install.image', image);
    const replicas = install.replicas ?? 1;
    checkValue(this, 'install.replicas', 'int', replicas, { min: 0, max: 1 });
    const map = (property: string, v: Record<string, string> | undefined, kind: 'labelMap' | 'annotationMap') =>
      (v === undefined ? undefined : checkValue(this, property, kind, v));
    const podLabels = map('install.podLabels', install.podLabels, 'labelMap');
    const podAnnotations = map('install.podAnnotations', install.podAnnotations, 'annotationMap');
    const saAnnotations = map('install.serviceAccountAnnotations', install.serviceAccountAnnotations, 'annotationMap');
    for (const [i, s] of (install.imagePullSecrets ?? []).entries()) checkValue(this, `install.imagePullSecrets[${i}]`, 'objectName', s);
    if (install.priorityClassName !== undefined) checkValue(this, 'install.priorityClassName', 'objectName', install.priorityClassName);
    if (install.nodeSelector !== undefined) map('install.nodeSelector', install.nodeSelector, 'labelMap');

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: meta(this.name, { namespace, annotations: saAnnotations }) });
    new k8s.KubeClusterRole(this, 'ClusterRole', { metadata: meta(this.name), rules: OPERATOR_RULES });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: meta(this.name),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: this.name },
      subjects: [{ kind: 'ServiceAccount', name: this.name, namespace }],
    });
    new k8s.KubeClusterRole(this, 'PodClusterRole', { metadata: meta(podClusterRole), rules: POD_RULES });
    this.clusterScopedNames.push(`ClusterRole ${this.name}`, `ClusterRoleBinding ${this.name}`, `ClusterRole ${podClusterRole}`);
    if (install.userFacingClusterRoles ?? true) {
      for (const role of USER_FACING_ROLES) {
        new k8s.KubeClusterRole(this, `UserFacing-${role.aggregateTo}`, {
          metadata: { name: role.name, labels: { ...selector, [`rbac.authorization.k8s.io/aggregate-to-${role.aggregateTo}`]: 'true' } },
          rules: role.rules,
        });
        this.clusterScopedNames.push(`ClusterRole ${role.name}`);
      }
    }

    const env: k8s.EnvVar[] = [{ name: 'POSTGRES_OPERATOR_CONFIGURATION_OBJECT', value: this.name }];
    if (controllerId !== undefined) env.push({ name: 'CONTROLLER_ID', value: controllerId });
    if (install.enableJsonLogging) env.push({ name: 'ENABLE_JSON_LOGGING', value: 'true' });

    return new k8s.KubeDeployment(this, 'Deployment', {
      metadata: meta(this.name, { namespace }),
      spec: {
        replicas,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: selector },
        template: {
          metadata: {
            labels: { ...(podLabels ?? {}), ...selector },
            annotations: {
              ...(podAnnotations ?? {}),
              'checksum/config': Lazy.any({ produce: () => createHash('sha256').update(JSON.stringify(this.resource.toJson())).digest('hex') }),
            },
          },
          spec: {
            serviceAccountName: this.name,
            priorityClassName: install.priorityClassName,
            nodeSelector: install.nodeSelector,
            tolerations: install.tolerations,
            affinity: install.affinity,
            imagePullSecrets: install.imagePullSecrets?.map((name) => ({ name })),
            containers: [{
              name: OPERATOR_NAME,
              image,
              imagePullPolicy: install.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
              env,
              ports: [{ name: 'http', containerPort: this.rendered.logging_rest_api?.api_port ?? 8080, protocol: 'TCP' }],
              resources: this.operatorResources(install.resources),
              securityContext: { runAsUser: 1000, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
            }],
          },
        },
      },
    });
  }

  private operatorResources(r: ContainerResources | undefined): k8s.ResourceRequirements {
    const field = (property: string, v: Cpu | Size | undefined, kind: 'cpu' | 'size') =>
      (v === undefined ? undefined : checkValue(this, `install.resources.${property}`, kind, v));
    const cpuRequest = r?.cpu?.request ?? Cpu.millis(100);
    const memoryRequest = r?.memory?.request ?? Size.mebibytes(250);
    const memoryLimit = r?.memory?.limit ?? Size.mebibytes(500);
    const cpuLimit = r?.cpu?.limit;
    const requests: Record<string, k8s.Quantity> = {
      cpu: k8s.Quantity.fromString(field('cpu.request', cpuRequest, 'cpu')),
      memory: k8s.Quantity.fromString(field('memory.request', memoryRequest, 'size')),
    };
    const limits: Record<string, k8s.Quantity> = { memory: k8s.Quantity.fromString(field('memory.limit', memoryLimit, 'size')) };
    if (cpuLimit) limits.cpu = k8s.Quantity.fromString(field('cpu.limit', cpuLimit, 'cpu'));
    if ((cpuLimit && cpuToMillis(cpuRequest) > cpuToMillis(cpuLimit)) || sizeToBytes(memoryRequest) > sizeToBytes(memoryLimit)) {
      fail(this, {
        rule: RuleCode.OPERATOR_RESOURCES,
        property: 'install.resources',
        problem: 'a request is above its limit; Kubernetes rejects the pod.',
        value: `requests ${cpuRequest.amount}/${field('memory.request', memoryRequest, 'size')}, limits ${cpuLimit?.amount ?? '-'}/${field('memory.limit', memoryLimit, 'size')}`,
        fix: 'raise the limit or lower the request.',
      });
    }
    return { requests, limits };
  }

  /** Synth-time checks. They throw the ValidationError itself, so that it reaches the user unwrapped. */
  private validateApp(): string[] {
    this.checkPatches();
    this.checkClusterScopedNames();
    return checkUniqueControllerId(this);
  }

  private checkPatches(): void {
    if (this.patches.length === 0) return;
    const before = { configuration: this.rendered, metadata: { name: this.name, namespace: this.operatorNamespace } };
    let after: any;
    try {
      after = JsonPatch.apply(JSON.parse(JSON.stringify(before)), ...this.patches);
    } catch (e) {
      fail(this, {
        rule: RuleCode.OPERATOR_OVERRIDE_TYPED,
        property: 'addJsonPatch',
        problem: `a patch does not apply to the OperatorConfiguration: ${(e as Error).message}`,
        fix: 'patch paths below /configuration that exist (add creates the last segment only).',
      });
    }
    const get = (obj: any, path: string[]) => path.reduce((o, key) => (o === undefined || o === null ? undefined : o[key]), obj);
    for (const path of [...typedPaths().map((x) => ['configuration', ...x]), ['metadata', 'name'], ['metadata', 'namespace']]) {
      if (JSON.stringify(get(before, path)) !== JSON.stringify(get(after, path))) {
        fail(this, {
          rule: RuleCode.OPERATOR_OVERRIDE_TYPED,
          property: 'addJsonPatch',
          problem: `the patch changes /${path.join('/')}, which has a typed property: the settings clusters are checked against would not see the change.`,
          value: show(get(after, path)),
          fix: 'set the typed property (configuration.<group>.<camelCase key>, or the construct\'s name/operatorNamespace) instead.',
        });
      }
    }
    for (const path of CREDENTIAL_PATHS) {
      if (get(after, ['configuration', ...path])) {
        fail(this, {
          rule: RuleCode.OPERATOR_CREDENTIAL_LITERAL,
          property: 'addJsonPatch',
          problem: `/configuration/${path.join('/')} would be a credential written into YAML.`,
          fix: 'put credentials into the Secret named by logicalBackup.logicalBackupCronjobEnvironmentSecret (e.g. AWS_ACCESS_KEY_ID).',
        });
      }
    }
  }

  private checkClusterScopedNames(): void {
    for (const other of operatorsOf(this)) {
      if (other instanceof PostgresOperator && other.node.path < this.node.path) {
        const shared = this.clusterScopedNames.filter((n) => other.clusterScopedNames.includes(n));
        if (shared.length) {
          fail(this, {
            rule: RuleCode.OPERATOR_DUPLICATE,
            property: 'install',
            problem: `${other.node.path} renders the same cluster-scoped objects; GitOps tools reject duplicates.`,
            value: shared.join(', '),
            fix: 'give each operator its own name and podServiceAccountName, and set userFacingClusterRoles: false on all but one.',
          });
        }
      }
    }
  }
}
