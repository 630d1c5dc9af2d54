import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import {
  LogicalBackupProvider,
  MajorVersionUpgradeMode,
  OperatorPodManagementPolicy,
  PodEnvironmentConfigMap,
  PodEnvironmentSecret,
  PvcRetention,
} from './configuration';
import { chartDefaults } from './defaults';
import { Grouped, sortKeys } from './fields';
import { PostgresVersion } from '../cluster/version';
import { PoolerMode } from '../pooler/pooler-mode';
import { fail, show } from '../validation/errors';
import { RuleCode } from '../validation/rule-code';

/** An operator declared in a cdk8s app: installed by it (`PostgresOperator`) or elsewhere (`ExternalPostgresOperator`). */
export interface IPostgresOperator extends IConstruct {
  /** The resolved settings that clusters are checked against. */
  readonly settings: OperatorSettings;
}

/**
 * Something an operator manages (a `Cluster`): the controller ID selects the operator whose settings apply.
 */
export interface IOperatorManaged extends IConstruct {
  /**
   * The `CONTROLLER_ID` of the operator that manages it (annotation `acid.zalan.do/controller`).
   * @default - none: the operator without a controller ID manages it
   */
  readonly controllerId?: string;
}

/**
 * @internal An operator with the given settings in another app (e.g. the detached app in which a construct
 * renders a manifest for the operator of its own app, like a restore drill's clone).
 */
export function pinOperator(scope: IConstruct, settings: OperatorSettings): void {
  markOperator({ node: new Construct(scope, 'PinnedOperator').node, settings } as IPostgresOperator);
}

/** The operators declared in each app (by root construct), so that finding them does not walk the tree. */
const operatorsByApp = new WeakMap<IConstruct, IPostgresOperator[]>();
const operators = new WeakSet<IConstruct>();

/** True for a `PostgresOperator` or `ExternalPostgresOperator`. */
export function isOperator(x: unknown): x is IPostgresOperator {
  return typeof x === 'object' && x !== null && operators.has(x as IConstruct);
}

/** Marks a construct as an operator that `OperatorSettings.of` finds. */
export function markOperator(operator: IPostgresOperator): void {
  operators.add(operator);
  const root = operator.node.root;
  const list = operatorsByApp.get(root) ?? [];
  list.push(operator);
  operatorsByApp.set(root, list);
}

/** The root of each construct that asked (a construct's root never changes). */
const roots = new WeakMap<IConstruct, IConstruct>();

/** The operators declared in the app of `scope`. */
/**
 * Whether the operator checks the delete annotations before it deletes a cluster: a key is set, and neither owner
 * references nor finalizers are on (they take other paths; ctrl/postgresql.go:416-433, CHANGE-FACTS §5).
 */
export function deleteAnnotationsChecked(dateKey: string | undefined, nameKey: string | undefined,
  ownerReferences: boolean, finalizers: boolean): boolean {
  return !!(dateKey || nameKey) && !ownerReferences && !finalizers;
}

export function operatorsOf(scope: IConstruct): IPostgresOperator[] {
  let root = roots.get(scope);
  if (!root) {
    root = scope.node.root;
    roots.set(scope, root);
  }
  return operatorsByApp.get(root) ?? [];
}

/**
 * The validation every declared operator adds: no other operator of the app has the same controller ID (both
 * would manage the same clusters). Reported once, by the operator with the later construct path.
 */
export function checkUniqueControllerId(self: IPostgresOperator): string[] {
  const id = self.settings.controllerId ?? '';
  const first = operatorsOf(self)
    .filter((c) => c !== self && (c.settings.controllerId ?? '') === id)
    .find((c) => c.node.path < self.node.path);
  if (!first) return [];
  fail(self, {
    rule: RuleCode.OPERATOR_DUPLICATE,
    property: 'controllerId',
    problem: `${first.node.path} has the same CONTROLLER_ID (${id ? show(id) : 'none'}); both would manage the same clusters.`,
    fix: 'give one of them its own controllerId (clusters then say which operator manages them).',
  });
}

/** What the settings know about the operator's deployment. */
export interface OperatorIdentity {
  readonly source: string;
  readonly controllerId?: string;
  readonly operatorNamespace?: string;
  readonly operatorPodLabels: Record<string, string>;
}

// eslint-disable-next-line prefer-const
let CHART_DEFAULTS: OperatorSettings;

const CRD_KIND = 'postgresql';
const CRD_GROUP = 'acid.zalan.do';

/**
 * The resolved settings of one Zalando operator: the values the operator v2.0.1 will actually use (its
 * configuration, with the CRD's and the code's defaults for what is not set), plus where it runs. Every
 * construct that renders something the operator acts on is checked against them.
 *
 * Three ways to get them:
 * - `OperatorSettings.of(scope)`: from the `PostgresOperator` or `ExternalPostgresOperator` declared in the same
 *   app (or the chart defaults when none is declared). Call it at synth time (in a validation or a Lazy), so
 *   that the order in which constructs are created does not matter.
 * - `someOperator.settings`.
 * - `OperatorSettings.chartDefaults()`: an operator installed by the v2.0.1 Helm chart with its default values.
 */
export class OperatorSettings {
  /** The settings of an operator installed by the v2.0.1 Helm chart with its default values. */
  public static chartDefaults(): OperatorSettings {
    return CHART_DEFAULTS ?? new OperatorSettings(chartDefaults(), {
      source: 'the v2.0.1 Helm chart defaults (no operator declared in this app)',
      operatorPodLabels: {},
    });
  }

  /**
   * The settings of the operator that manages the clusters of `scope`'s app.
   *
   * An operator manages a `postgresql` when the manifest's `acid.zalan.do/controller` annotation equals its
   * `CONTROLLER_ID`, or when both are absent (pkg/controller/controller.go `hasOwnership`). Without any
   * operator declared in the app, the v2.0.1 chart defaults apply. Two operators with the same controller ID,
   * or none with the asked one, are validation errors.
   *
   * @param scope the construct asking (errors name it)
   * @param controllerId the `CONTROLLER_ID` the clusters are annotated with (default: none)
   */
  public static of(scope: IConstruct, controllerId?: string): OperatorSettings {
    const declared = operatorsOf(scope);
    if (declared.length === 0) return CHART_DEFAULTS;
    const want = controllerId ?? '';
    const matching = declared.filter((o) => (o.settings.controllerId ?? '') === want);
    if (matching.length > 1) {
      fail(scope, {
        rule: RuleCode.OPERATOR_DUPLICATE,
        property: 'operator',
        problem: `${matching.length} operators in this app have ${want ? `CONTROLLER_ID ${show(want)}` : 'no CONTROLLER_ID'}; both would manage the same clusters.`,
        value: matching.map((o) => o.node.path).join(', '),
        fix: 'give each operator its own controllerId and say on each cluster which one manages it.',
      });
    }
    if (matching.length === 0) {
      fail(scope, {
        rule: RuleCode.OPERATOR_NOT_FOUND,
        property: 'operator',
        problem: `no operator declared in this app manages clusters ${want ? `annotated with acid.zalan.do/controller: ${want}` : 'without a controller annotation'}.`,
        value: want ? show(want) : 'no controller ID',
        allowed: declared.map((o) => `${o.node.path} (${o.settings.controllerId ? `CONTROLLER_ID ${show(o.settings.controllerId)}` : 'no CONTROLLER_ID'})`).join(', '),
        fix: 'use the controller ID of one of these operators, or declare the operator that runs elsewhere (ExternalPostgresOperator).',
      });
    }
    return matching[0].settings;
  }

  /**
   * The settings of the operator that manages `cluster`: the one whose `CONTROLLER_ID` equals the cluster's
   * `controllerId` (see `of`). Call it at synth time.
   */
  public static forCluster(cluster: IOperatorManaged): OperatorSettings {
    return OperatorSettings.of(cluster, cluster.controllerId);
  }

  /**
   * @internal The settings `of` would return, or the chart defaults where `of` would fail (no such operator, or
   * two): for values handed out before every construct exists, which the cluster re-checks at synth time.
   */
  public static _lenient(scope: IConstruct, controllerId?: string): OperatorSettings {
    const want = controllerId ?? '';
    const matching = operatorsOf(scope).filter((o) => (o.settings.controllerId ?? '') === want);
    return matching.length === 1 ? matching[0].settings : CHART_DEFAULTS;
  }

  /** @internal */
  public static _fromGrouped(grouped: Grouped, identity: OperatorIdentity): OperatorSettings {
    return new OperatorSettings(grouped, identity);
  }

  /** Where these settings come from (for messages): a construct path or "the v2.0.1 Helm chart defaults". */
  public readonly source: string;
  /** `CONTROLLER_ID` of the operator. Undefined when it has none (it manages clusters without the annotation). */
  public readonly controllerId?: string;
  /** Namespace the operator runs in. Undefined when unknown. */
  public readonly operatorNamespace?: string;
  /** Labels that select the operator's pods (for network policies). Empty when unknown. */
  public readonly operatorPodLabels: { [key: string]: string };

  // --- labels and names ---------------------------------------------------------------------------------
  /** `cluster_labels`: on every object of a cluster and in every selector. */
  public readonly clusterLabels: { [key: string]: string };
  /** `cluster_name_label`. */
  public readonly clusterNameLabel: string;
  /** `pod_role_label` (values `master`/`replica`). */
  public readonly podRoleLabel: string;
  /** `inherited_labels`. */
  public readonly inheritedLabels: string[];
  /** `inherited_annotations`. */
  public readonly inheritedAnnotations: string[];
  /** `pod_service_account_name`: the ServiceAccount of every Spilo pod. */
  public readonly podServiceAccountName: string;
  /** `secret_name_template`. */
  public readonly secretNameTemplate: string;
  /** `cluster_domain`. */
  public readonly clusterDomain: string;
  /**
   * The namespace the operator watches: `*` for all, a name, or (when `watched_namespace` is empty) the
   * operator's own namespace. Undefined when that is unknown.
   */
  public readonly watchedNamespace?: string;

  // --- features -----------------------------------------------------------------------------------------
  /** `enable_team_id_clustername_prefix`. */
  public readonly enableTeamIdClusternamePrefix: boolean;
  /** `enable_sidecars`. */
  public readonly enableSidecars: boolean;
  /** `enable_init_containers`. */
  public readonly enableInitContainers: boolean;
  /** `enable_teams_api`. */
  public readonly enableTeamsApi: boolean;
  /** `enable_patroni_failsafe_mode`: Patroni's failsafe mode for clusters that do not set their own. */
  public readonly enablePatroniFailsafeMode: boolean;
  /** `kubernetes_use_configmaps`. */
  public readonly kubernetesUseConfigmaps: boolean;
  /** `enable_pod_antiaffinity`. */
  public readonly enablePodAntiaffinity: boolean;
  /** `enable_readiness_probe`. */
  public readonly enableReadinessProbe: boolean;
  /** `pod_management_policy`. */
  public readonly podManagementPolicy: OperatorPodManagementPolicy;
  /** `enable_cross_namespace_secret`. */
  public readonly enableCrossNamespaceSecret: boolean;
  /** `ignore_instance_limits_annotation_key`: a cluster annotated `<key>: "true"` escapes min/max_instances. */
  public readonly ignoreInstanceLimitsAnnotationKey?: string;
  /** `ignore_resources_limits_annotation_key`: a cluster annotated `<key>: "true"` escapes the resource clamps. */
  public readonly ignoreResourcesLimitsAnnotationKey?: string;
  /** `min_instances` (-1: disabled). */
  public readonly minInstances: number;
  /** `max_instances` (-1: disabled). */
  public readonly maxInstances: number;
  /** `docker_image`: the Spilo image. */
  public readonly dockerImage: string;
  /** `super_username`. */
  public readonly superUsername: string;
  /** `replication_username`. */
  public readonly replicationUsername: string;

  // --- cloud and WAL ------------------------------------------------------------------------------------
  /** `irsa_role_arn`: the one IRSA role of every pod ServiceAccount. */
  public readonly irsaRoleArn?: string;
  /** `aws_region`. */
  public readonly awsRegion: string;
  /** `wal_s3_bucket`: a global S3 WAL bucket. */
  public readonly walS3Bucket?: string;
  /** `wal_gs_bucket`: a global GCS WAL bucket. */
  public readonly walGsBucket?: string;
  /** `wal_az_storage_account`: a global Azure WAL storage account. */
  public readonly walAzStorageAccount?: string;
  /** `gcp_credentials`. */
  public readonly gcpCredentials?: string;
  /** `kube_iam_role`. */
  public readonly kubeIamRole?: string;
  /** `pod_environment_configmap` (with its keys when declared). */
  public readonly podEnvironmentConfigmap?: PodEnvironmentConfigMap;
  /** `pod_environment_secret` (with its keys when declared). */
  public readonly podEnvironmentSecret?: PodEnvironmentSecret;

  // --- logical backups ----------------------------------------------------------------------------------
  /** `logical_backup_provider`. */
  public readonly logicalBackupProvider: LogicalBackupProvider;
  /** `logical_backup_s3_bucket` (also the GCS bucket). */
  public readonly logicalBackupS3Bucket?: string;
  /** `logical_backup_s3_bucket_prefix`. */
  public readonly logicalBackupS3BucketPrefix: string;
  /** `logical_backup_s3_region`. */
  public readonly logicalBackupS3Region?: string;
  /** `logical_backup_s3_endpoint`. */
  public readonly logicalBackupS3Endpoint?: string;
  /** `logical_backup_s3_retention_time`. */
  public readonly logicalBackupS3RetentionTime?: Duration;
  /** `logical_backup_azure_storage_account_name`. */
  public readonly logicalBackupAzureStorageAccountName?: string;
  /** `logical_backup_azure_storage_container`. */
  public readonly logicalBackupAzureStorageContainer?: string;
  /** `logical_backup_cronjob_environment_secret`. */
  public readonly logicalBackupCronjobEnvironmentSecret?: string;
  /** `logical_backup_google_application_credentials`. */
  public readonly logicalBackupGoogleApplicationCredentials?: string;
  /** `logical_backup_job_prefix`. */
  public readonly logicalBackupJobPrefix: string;
  /** `logical_backup_schedule` (cron expression). */
  public readonly logicalBackupSchedule: string;

  // --- resources ----------------------------------------------------------------------------------------
  /** `default_cpu_request`. */
  public readonly defaultCpuRequest?: Cpu;
  /** `default_cpu_limit`. */
  public readonly defaultCpuLimit?: Cpu;
  /** `default_memory_request`. */
  public readonly defaultMemoryRequest?: Size;
  /** `default_memory_limit`. */
  public readonly defaultMemoryLimit?: Size;
  /** `min_cpu_limit`: CPU limits below it are raised. */
  public readonly minCpuLimit?: Cpu;
  /** `min_memory_limit`: memory limits below it are raised. */
  public readonly minMemoryLimit?: Size;
  /** `max_cpu_request`: CPU requests above it are lowered. */
  public readonly maxCpuRequest?: Cpu;
  /** `max_memory_request`: memory requests above it are lowered. */
  public readonly maxMemoryRequest?: Size;
  /** `set_memory_request_to_limit`. */
  public readonly setMemoryRequestToLimit: boolean;

  // --- major version upgrades ---------------------------------------------------------------------------
  /** `major_version_upgrade_mode`. */
  public readonly majorVersionUpgradeMode: MajorVersionUpgradeMode;
  /** `minimal_major_version`. */
  public readonly minimalMajorVersion: PostgresVersion;
  /** `target_major_version`. */
  public readonly targetMajorVersion: PostgresVersion;

  // --- deletion -----------------------------------------------------------------------------------------
  /** `enable_owner_references`. */
  public readonly enableOwnerReferences: boolean;
  /** `enable_finalizers`. */
  public readonly enableFinalizers: boolean;
  /** `enable_secrets_deletion`. */
  public readonly enableSecretsDeletion: boolean;
  /** `enable_persistent_volume_claim_deletion`. */
  public readonly enablePersistentVolumeClaimDeletion: boolean;
  /** `persistent_volume_claim_retention_policy.when_deleted`. */
  public readonly pvcRetentionWhenDeleted: PvcRetention;
  /** `persistent_volume_claim_retention_policy.when_scaled`. */
  public readonly pvcRetentionWhenScaled: PvcRetention;
  /** `delete_annotation_date_key`. */
  public readonly deleteAnnotationDateKey?: string;
  /** `delete_annotation_name_key`. */
  public readonly deleteAnnotationNameKey?: string;

  // --- connection pooler defaults -----------------------------------------------------------------------
  /** `connection_pooler_image`. */
  public readonly connectionPoolerImage: string;
  /** `connection_pooler_number_of_instances`. */
  public readonly connectionPoolerNumberOfInstances: number;
  /** `connection_pooler_mode`. */
  public readonly connectionPoolerMode: PoolerMode;
  /** `connection_pooler_max_db_connections`. */
  public readonly connectionPoolerMaxDbConnections: number;
  /** `connection_pooler_user`. */
  public readonly connectionPoolerUser: string;
  /** `connection_pooler_schema`. */
  public readonly connectionPoolerSchema: string;
  /** `connection_pooler_default_cpu_request`. */
  public readonly connectionPoolerDefaultCpuRequest?: Cpu;
  /** `connection_pooler_default_cpu_limit`. */
  public readonly connectionPoolerDefaultCpuLimit?: Cpu;
  /** `connection_pooler_default_memory_request`. */
  public readonly connectionPoolerDefaultMemoryRequest?: Size;
  /** `connection_pooler_default_memory_limit`. */
  public readonly connectionPoolerDefaultMemoryLimit?: Size;

  private endpointsKey?: string;
  private secretTemplateParts?: string[];

  private constructor(c: Grouped, identity: OperatorIdentity) {
    // Absent or empty values fall back to the CRD's defaults (the API server fills them in) or, without one,
    // to the operator's (pkg/controller/operator_config.go importConfigurationFromCRD).
    const str = (v: unknown, fallback: string): string => (typeof v === 'string' && v !== '' ? v : fallback);
    const opt = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
    const g = c[''];
    const k = c.kubernetes;
    const aws = c.awsOrGcp;
    const lb = c.logicalBackup;
    const r = c.postgresPodResources;
    const cp = c.connectionPooler;

    this.source = identity.source;
    this.controllerId = identity.controllerId;
    this.operatorNamespace = identity.operatorNamespace;
    this.operatorPodLabels = sortKeys(identity.operatorPodLabels);

    this.clusterLabels = sortKeys(k.clusterLabels ?? { application: 'spilo' });
    this.clusterNameLabel = str(k.clusterNameLabel, 'cluster-name');
    this.podRoleLabel = str(k.podRoleLabel, 'spilo-role');
    this.inheritedLabels = [...(k.inheritedLabels ?? [])];
    this.inheritedAnnotations = [...(k.inheritedAnnotations ?? [])];
    this.podServiceAccountName = str(k.podServiceAccountName, 'postgres-pod');
    this.secretNameTemplate = str(k.secretNameTemplate, '{username}.{cluster}.credentials.{tprkind}.{tprgroup}');
    this.clusterDomain = str(k.clusterDomain, 'cluster.local');
    this.watchedNamespace = opt(k.watchedNamespace) ?? identity.operatorNamespace;

    this.enableTeamIdClusternamePrefix = g.enableTeamIdClusternamePrefix ?? false;
    this.enableSidecars = k.enableSidecars ?? true;
    this.enableInitContainers = k.enableInitContainers ?? true;
    this.enableTeamsApi = c.teamsApi.enableTeamsApi ?? false;
    this.enablePatroniFailsafeMode = c.patroni?.enablePatroniFailsafeMode ?? false;
    this.kubernetesUseConfigmaps = g.kubernetesUseConfigmaps ?? true;
    this.enablePodAntiaffinity = k.enablePodAntiaffinity ?? false;
    this.enableReadinessProbe = k.enableReadinessProbe ?? false;
    this.podManagementPolicy = k.podManagementPolicy ?? OperatorPodManagementPolicy.ORDERED_READY;
    this.enableCrossNamespaceSecret = k.enableCrossNamespaceSecret ?? false;
    this.ignoreInstanceLimitsAnnotationKey = opt(g.ignoreInstanceLimitsAnnotationKey);
    this.ignoreResourcesLimitsAnnotationKey = opt(g.ignoreResourcesLimitsAnnotationKey);
    this.minInstances = g.minInstances ?? -1;
    this.maxInstances = g.maxInstances ?? -1;
    this.dockerImage = str(g.dockerImage, 'ghcr.io/zalando/spilo-18:4.1-p2');
    this.superUsername = str(c.users.superUsername, 'postgres');
    this.replicationUsername = str(c.users.replicationUsername, 'standby');

    this.irsaRoleArn = opt(aws.irsaRoleArn);
    this.awsRegion = str(aws.awsRegion, 'eu-central-1');
    this.walS3Bucket = opt(aws.walS3Bucket);
    this.walGsBucket = opt(aws.walGsBucket);
    this.walAzStorageAccount = opt(aws.walAzStorageAccount);
    this.gcpCredentials = opt(aws.gcpCredentials);
    this.kubeIamRole = opt(aws.kubeIamRole);
    this.podEnvironmentConfigmap = k.podEnvironmentConfigmap;
    this.podEnvironmentSecret = k.podEnvironmentSecret;

    this.logicalBackupProvider = lb.logicalBackupProvider ?? LogicalBackupProvider.S3;
    this.logicalBackupS3Bucket = opt(lb.logicalBackupS3Bucket);
    this.logicalBackupS3BucketPrefix = str(lb.logicalBackupS3BucketPrefix, 'spilo');
    this.logicalBackupS3Region = opt(lb.logicalBackupS3Region);
    this.logicalBackupS3Endpoint = opt(lb.logicalBackupS3Endpoint);
    this.logicalBackupS3RetentionTime = lb.logicalBackupS3RetentionTime;
    this.logicalBackupAzureStorageAccountName = opt(lb.logicalBackupAzureStorageAccountName);
    this.logicalBackupAzureStorageContainer = opt(lb.logicalBackupAzureStorageContainer);
    this.logicalBackupCronjobEnvironmentSecret = opt(lb.logicalBackupCronjobEnvironmentSecret);
    this.logicalBackupGoogleApplicationCredentials = opt(lb.logicalBackupGoogleApplicationCredentials);
    this.logicalBackupJobPrefix = str(lb.logicalBackupJobPrefix, 'logical-backup-');
    this.logicalBackupSchedule = lb.logicalBackupSchedule?.expressionString ?? '30 00 * * *';

    this.defaultCpuRequest = r.defaultCpuRequest;
    this.defaultCpuLimit = r.defaultCpuLimit;
    this.defaultMemoryRequest = r.defaultMemoryRequest;
    this.defaultMemoryLimit = r.defaultMemoryLimit;
    this.minCpuLimit = r.minCpuLimit;
    this.minMemoryLimit = r.minMemoryLimit;
    this.maxCpuRequest = r.maxCpuRequest;
    this.maxMemoryRequest = r.maxMemoryRequest;
    this.setMemoryRequestToLimit = g.setMemoryRequestToLimit ?? false;

    this.majorVersionUpgradeMode = c.majorVersionUpgrade.majorVersionUpgradeMode ?? MajorVersionUpgradeMode.MANUAL;
    this.minimalMajorVersion = c.majorVersionUpgrade.minimalMajorVersion ?? PostgresVersion.V14;
    this.targetMajorVersion = c.majorVersionUpgrade.targetMajorVersion ?? PostgresVersion.V18;

    this.enableOwnerReferences = k.enableOwnerReferences ?? false;
    this.enableFinalizers = k.enableFinalizers ?? false;
    this.enableSecretsDeletion = k.enableSecretsDeletion ?? true;
    this.enablePersistentVolumeClaimDeletion = k.enablePersistentVolumeClaimDeletion ?? true;
    this.pvcRetentionWhenDeleted = k.persistentVolumeClaimRetentionPolicy?.whenDeleted ?? PvcRetention.RETAIN;
    this.pvcRetentionWhenScaled = k.persistentVolumeClaimRetentionPolicy?.whenScaled ?? PvcRetention.RETAIN;
    this.deleteAnnotationDateKey = opt(k.deleteAnnotationDateKey);
    this.deleteAnnotationNameKey = opt(k.deleteAnnotationNameKey);

    this.connectionPoolerImage = str(cp.connectionPoolerImage, 'ghcr.io/zalando/postgres-operator/pgbouncer:v2.0.1');
    this.connectionPoolerNumberOfInstances = cp.connectionPoolerNumberOfInstances ?? 2;
    this.connectionPoolerMode = cp.connectionPoolerMode ?? PoolerMode.TRANSACTION;
    this.connectionPoolerMaxDbConnections = cp.connectionPoolerMaxDbConnections ?? 60;
    this.connectionPoolerUser = str(cp.connectionPoolerUser, 'pooler');
    this.connectionPoolerSchema = str(cp.connectionPoolerSchema, 'pooler');
    this.connectionPoolerDefaultCpuRequest = cp.connectionPoolerDefaultCpuRequest;
    this.connectionPoolerDefaultCpuLimit = cp.connectionPoolerDefaultCpuLimit;
    this.connectionPoolerDefaultMemoryRequest = cp.connectionPoolerDefaultMemoryRequest;
    this.connectionPoolerDefaultMemoryLimit = cp.connectionPoolerDefaultMemoryLimit;
  }

  /** True when deleting a `postgresql` needs the delete annotations first (keys set, no owner references, no finalizers). */
  public get deletionProtection(): boolean {
    return deleteAnnotationsChecked(this.deleteAnnotationDateKey, this.deleteAnnotationNameKey, this.enableOwnerReferences, this.enableFinalizers);
  }

  /** True when the operator watches `clusterNamespace` (false when its watched namespace is unknown). */
  public watchesNamespace(clusterNamespace: string): boolean {
    return this.watchedNamespace === '*' || this.watchedNamespace === clusterNamespace;
  }

  /** The name of the Secret the operator creates for `username` of `cluster` (`secret_name_template`, `_` → `-`). */
  public secretName(username: string, cluster: string): string {
    if (!this.secretTemplateParts) {
      // split once: literal text and placeholders alternate (a placeholder it does not know stays as written)
      this.secretTemplateParts = this.secretNameTemplate.split(/(\{[^{}]*\})/);
    }
    const values: Record<string, string> = { '{username}': username.replace(/_/g, '-'), '{cluster}': cluster, '{tprkind}': CRD_KIND, '{tprgroup}': CRD_GROUP };
    let out = '';
    for (const part of this.secretTemplateParts) out += values[part] ?? part;
    return out;
  }

  /** The labels that select every pod of `cluster` (`cluster_labels` plus `cluster_name_label`). */
  public clusterSelector(cluster: string): { [key: string]: string } {
    return sortKeys({ ...this.clusterLabels, [this.clusterNameLabel]: cluster });
  }

  /**
   * @internal What the values a cluster hands out (selectors, Secret names, host names) depend on, as one
   * string: two settings with the same key give the same values.
   */
  public get _endpointsKey(): string {
    if (this.endpointsKey === undefined) {
      this.endpointsKey = JSON.stringify([
        this.clusterLabels, this.clusterNameLabel, this.podRoleLabel, this.secretNameTemplate, this.clusterDomain,
        this.superUsername, this.replicationUsername,
      ]);
    }
    return this.endpointsKey;
  }
}

CHART_DEFAULTS = OperatorSettings.chartDefaults();
