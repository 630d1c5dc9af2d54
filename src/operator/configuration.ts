/**
 * The typed `OperatorConfiguration` (`acid.zalan.do/v1`) of the Zalando Postgres Operator v2.0.1, grouped as the
 * CRD groups it (`../shared/reference/zalando/operatorconfiguration.crd.yaml`). Every property is the CRD key in
 * camelCase (`pod_service_account_name` → `podServiceAccountName`), so the upstream documentation
 * (docs/reference/operator_parameters.md) applies property by property.
 *
 * The same groups describe an operator installed elsewhere with Helm (`configKubernetes` → `kubernetes`, ...):
 * see `ExternalPostgresOperator`.
 *
 * Not offered, on purpose:
 * - `sidecars`: the v2.0.1 CRD declares it `type: object` (kubebuilder `Type=object` on a `[]v1.Container`,
 *   pkg/apis/acid.zalan.do/v1/operator_configuration_type.go), so the API server rejects the list the operator
 *   reads, and an object is not a list to the operator: no value works. Add sidecars per cluster instead.
 * - `logical_backup_s3_access_key_id`, `logical_backup_s3_secret_access_key`,
 *   `logical_backup_azure_storage_account_key`, `scalyr_api_key`: credentials would be literals in YAML. Put them
 *   in the Secret named by `logicalBackupCronjobEnvironmentSecret` (`AWS_ACCESS_KEY_ID`, ...) instead.
 */
import { Cron, Duration, Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { MaintenanceWindow } from '../cluster/maintenance';
import { PostgresVersion } from '../cluster/version';
import { PoolerMode } from '../pooler/pooler-mode';

/** `major_version_upgrade_mode`: when the operator upgrades the PostgreSQL major version in place. */
export enum MajorVersionUpgradeMode {
  /** Never (except for the teams in `majorVersionUpgradeTeamAllowList`). */
  OFF = 'off',
  /** When the manifest's `postgresql.version` is raised (the chart's default). */
  MANUAL = 'manual',
  /** Also when a cluster runs a version below `minimalMajorVersion`: it is upgraded to `targetMajorVersion`. */
  FULL = 'full',
}

/** `storage_resize_mode`: how the operator grows volumes when `volume.size` is raised. */
export enum StorageResizeMode {
  /** Resize the PVCs and let the CSI driver expand the volumes (the chart's default). */
  PVC = 'pvc',
  /** Modify the EBS volumes through the AWS API (needs AWS credentials for the operator). */
  EBS = 'ebs',
  /** PVC resize plus EBS modifications of IOPS and throughput. */
  MIXED = 'mixed',
  /** Never resize. */
  OFF = 'off',
}

/** `pod_management_policy` of the Spilo StatefulSets. */
export enum OperatorPodManagementPolicy {
  /** Pods are started one after the other (the chart's default). */
  ORDERED_READY = 'ordered_ready',
  /** Pods are started and stopped in parallel. */
  PARALLEL = 'parallel',
}

/** `node_readiness_label_merge`: how `nodeReadinessLabel` is merged into a manifest's node affinity. */
export enum NodeReadinessLabelMerge {
  /** Either the manifest's affinity or the readiness labels. */
  OR = 'OR',
  /** Both. */
  AND = 'AND',
}

/** `external_traffic_policy` of the load balancer Services the operator creates. */
export enum OperatorExternalTrafficPolicy {
  /** Any node forwards (the chart's default). */
  CLUSTER = 'Cluster',
  /** Only nodes with a local endpoint. Keeps the client source IP. */
  LOCAL = 'Local',
}

/** `logical_backup_provider`: where the logical backup CronJob uploads its dumps. */
export enum LogicalBackupProvider {
  /** Amazon S3 or an S3-compatible store (the chart's default). */
  S3 = 's3',
  /** Google Cloud Storage (the bucket is `logicalBackupS3Bucket`). */
  GCS = 'gcs',
  /** Azure Blob Storage (account and container). */
  AZ = 'az',
}

/** A value of `persistent_volume_claim_retention_policy`. */
export enum PvcRetention {
  /** Keep the PVCs (Kubernetes `Retain`). */
  RETAIN = 'retain',
  /** Delete the PVCs (Kubernetes `Delete`): the data is gone. */
  DELETE = 'delete',
}

/** `persistent_volume_claim_retention_policy`, written to every Spilo StatefulSet. */
export interface PvcRetentionPolicy {
  /**
   * When the StatefulSet is deleted with cascading (e.g. by Kubernetes garbage collection through owner
   * references). The operator's own deletions use orphan propagation and follow
   * `enablePersistentVolumeClaimDeletion` instead.
   * @default PvcRetention.RETAIN
   */
  readonly whenDeleted?: PvcRetention;
  /**
   * When the StatefulSet is scaled down (PVCs of removed ordinals).
   * @default PvcRetention.RETAIN
   */
  readonly whenScaled?: PvcRetention;
}

/** `pod_environment_configmap`: a ConfigMap whose keys become environment variables of every Spilo pod. */
export interface PodEnvironmentConfigMap {
  /** Name of the ConfigMap. */
  readonly name: string;
  /**
   * Namespace of the ConfigMap (rendered as `namespace/name`).
   * @default - the namespace of each cluster
   */
  readonly namespaceName?: string;
  /**
   * The keys the ConfigMap holds, when you know them. The library does not render them; clusters are checked
   * against them (a `WAL_S3_BUCKET` here redirects every cluster's archive).
   * @default - unknown
   */
  readonly keys?: string[];
}

/** `pod_environment_secret`: a Secret (in each cluster's namespace) whose keys become Spilo environment variables. */
export interface PodEnvironmentSecret {
  /** Name of the Secret, looked up in the namespace of each cluster. */
  readonly name: string;
  /**
   * The keys the Secret holds, when you know them (not rendered: clusters are checked against them).
   * @default - unknown
   */
  readonly keys?: string[];
}

/** One entry of `infrastructure_roles_secrets`: roles the operator creates in every cluster from a Secret. */
export interface InfrastructureRolesSecret {
  /** Name (`namespace/name` or `name`) of the Secret. */
  readonly secretName: string;
  /**
   * Key holding the user name.
   * @default - the operator's legacy format
   */
  readonly userKey?: string;
  /**
   * Key holding the password.
   * @default - the operator's legacy format
   */
  readonly passwordKey?: string;
  /**
   * Key holding the role the user is granted.
   * @default - none
   */
  readonly roleKey?: string;
  /**
   * User name used when the Secret has no user key.
   * @default - none
   */
  readonly defaultUserValue?: string;
  /**
   * Role used when the Secret has no role key.
   * @default - none
   */
  readonly defaultRoleValue?: string;
  /**
   * YAML definition of the role's details (flags, member_of), as the operator reads it.
   * @default - none
   */
  readonly details?: string;
  /**
   * Whether the Secret is a template (`template`).
   * @default false
   */
  readonly template?: boolean;
}

/**
 * `pod_service_account_definition`: the ServiceAccount the operator creates in each cluster namespace for the
 * Spilo pods (named `podServiceAccountName`). Rendered as the JSON manifest the operator parses.
 */
export interface PodServiceAccountDefinition {
  /**
   * Annotations, e.g. `iam.gke.io/gcp-service-account` for GKE Workload Identity. Not
   * `eks.amazonaws.com/role-arn`: the operator owns that one (`irsaRoleArn`).
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Labels, e.g. `azure.workload.identity/use`.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * `automountServiceAccountToken`.
   * @default - Kubernetes' default (mounted); Patroni needs the token for the Kubernetes DCS
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Image pull Secrets of the ServiceAccount.
   * @default - none
   */
  readonly imagePullSecrets?: string[];
}

/**
 * `pod_service_account_role_binding_definition`: the RoleBinding the operator creates in each cluster namespace
 * for the pod ServiceAccount. Rendered as the JSON manifest the operator parses.
 */
export interface PodServiceAccountRoleBinding {
  /** The ClusterRole the pod ServiceAccount is bound to (an install renders that ClusterRole under this name). */
  readonly clusterRoleName: string;
  /**
   * Name of the RoleBinding.
   * @default - the pod ServiceAccount's name
   */
  readonly name?: string;
}

/** Top-level settings (`configuration.*`, Helm `configGeneral`). */
export interface OperatorGeneralConfig {
  /** Spilo image of every cluster. @default ghcr.io/zalando/spilo-18:4.1-p2 */
  readonly dockerImage?: string;
  /** The operator creates and updates its CRDs at start. @default true */
  readonly enableCrdRegistration?: boolean;
  /** Categories of the registered CRDs (`kubectl get all`). @default ["all"] */
  readonly crdCategories?: string[];
  /** Update StatefulSets without rolling the pods (new image on the next restart). @default false */
  readonly enableLazySpiloUpgrade?: boolean;
  /** Honour maintenance windows for disruptive operations. @default true */
  readonly enableMaintenanceWindows?: boolean;
  /** Maintenance windows of every cluster without its own. @default - none */
  readonly maintenanceWindows?: MaintenanceWindow[];
  /** Set `PGVERSION` instead of `bin_dir` in SPILO_CONFIGURATION. @default true */
  readonly enablePgversionEnvVar?: boolean;
  /** Mount a tmpfs at /dev/shm. @default true */
  readonly enableShmVolume?: boolean;
  /** `ENABLE_WAL_PATH_COMPAT` for WAL paths of pre-v1.6 operators. @default - not rendered (false) */
  readonly enableSpiloWalPathCompat?: boolean;
  /**
   * Only sync clusters whose name starts with `<teamId>-` (the library's team-prefix rule follows it).
   * @default false
   */
  readonly enableTeamIdClusternamePrefix?: boolean;
  /** Use etcd at this host as Patroni DCS instead of Kubernetes. @default - not rendered (Kubernetes DCS) */
  readonly etcdHost?: string;
  /** Annotation key on a manifest that lifts `minInstances`/`maxInstances`. @default - none */
  readonly ignoreInstanceLimitsAnnotationKey?: string;
  /** Annotation key on a manifest that lifts the resource clamps. @default - none */
  readonly ignoreResourcesLimitsAnnotationKey?: string;
  /** Patroni keeps its DCS state in ConfigMaps (v2 default) instead of Endpoints. @default true */
  readonly kubernetesUseConfigmaps?: boolean;
  /** Every cluster runs at least this many instances. -1 disables. @default -1 */
  readonly minInstances?: number;
  /** Every cluster runs at most this many instances. -1 disables. @default -1 */
  readonly maxInstances?: number;
  /** Period between repair runs (whole seconds). @default Duration.minutes(5) */
  readonly repairPeriod?: Duration;
  /** Period between syncs of every cluster (whole seconds). @default Duration.minutes(30) */
  readonly resyncPeriod?: Duration;
  /** Raise every memory request to its limit. @default - not rendered (false) */
  readonly setMemoryRequestToLimit?: boolean;
  /** Deprecated global sidecars: name → image. @default - none */
  readonly sidecarDockerImages?: { [name: string]: string };
  /** Clusters processed concurrently. @default 8 */
  readonly workers?: number;
}

/** `configuration.users` (Helm `configUsers`). */
export interface OperatorUsersConfig {
  /** Roles granted to every database owner. @default - none */
  readonly additionalOwnerRoles?: string[];
  /** Rotate the passwords of application users. @default false */
  readonly enablePasswordRotation?: boolean;
  /** Rotation interval, whole days. @default Duration.days(90) */
  readonly passwordRotationInterval?: Duration;
  /**
   * How long rotation users are kept, whole days. The chart's 180 days is rendered (the CRD's default is 120).
   * @default Duration.days(180)
   */
  readonly passwordRotationUserRetention?: Duration;
  /** Replication user. @default standby */
  readonly replicationUsername?: string;
  /** Superuser. @default postgres */
  readonly superUsername?: string;
}

/** `configuration.major_version_upgrade` (Helm `configMajorVersionUpgrade`). */
export interface OperatorMajorVersionUpgradeConfig {
  /** When major upgrades run. @default MajorVersionUpgradeMode.MANUAL */
  readonly majorVersionUpgradeMode?: MajorVersionUpgradeMode;
  /** Teams whose clusters are upgraded even in mode `off`. @default - none */
  readonly majorVersionUpgradeTeamAllowList?: string[];
  /** Lowest version not upgraded automatically in mode `full`. @default PostgresVersion.V14 */
  readonly minimalMajorVersion?: PostgresVersion;
  /** Version automatic upgrades go to. @default PostgresVersion.V18 */
  readonly targetMajorVersion?: PostgresVersion;
}

/** `configuration.kubernetes` (Helm `configKubernetes`). */
export interface OperatorKubernetesConfig {
  /** Extra Linux capabilities of the Spilo container. @default - none */
  readonly additionalPodCapabilities?: string[];
  /** DNS domain of the Kubernetes cluster. @default cluster.local */
  readonly clusterDomain?: string;
  /** Labels on every object of every cluster, and part of every selector. @default {"application": "spilo"} */
  readonly clusterLabels?: { [key: string]: string };
  /** Label key carrying the cluster name. @default cluster-name */
  readonly clusterNameLabel?: string;
  /** Annotations on every Spilo pod. @default - none */
  readonly customPodAnnotations?: { [key: string]: string };
  /**
   * Annotation that must carry today's date (`YYYY-MM-DD`) on a `postgresql` before its deletion is carried out.
   * Checked only with `enableOwnerReferences` and `enableFinalizers` off.
   * @default - chart: none; PostgresOperator: `delete-date` (unless owner references or finalizers are on)
   */
  readonly deleteAnnotationDateKey?: string;
  /**
   * Annotation that must carry the cluster's name on a `postgresql` before its deletion is carried out.
   * Checked only with `enableOwnerReferences` and `enableFinalizers` off.
   * @default - chart: none; PostgresOperator: `delete-clustername` (unless owner references or finalizers are on)
   */
  readonly deleteAnnotationNameKey?: string;
  /** Manifest annotations copied to StatefulSets and Deployments (`prefix/*` allowed). @default - none */
  readonly downscalerAnnotations?: string[];
  /** Allow user Secrets in other namespaces (`namespace.user`). @default false */
  readonly enableCrossNamespaceSecret?: boolean;
  /**
   * Finalizer on each `postgresql`: the operator deletes the children before the object goes. The delete
   * annotations are then not checked, and a `kubectl delete` or a GitOps prune removes everything the
   * operator deletes (StatefulSet, Services, and PVCs/Secrets if their deletion is enabled).
   * @default false
   */
  readonly enableFinalizers?: boolean;
  /** Allow init containers in manifests (StatefulSet creation fails with them otherwise). @default true */
  readonly enableInitContainers?: boolean;
  /**
   * Owner references from every child to its `postgresql`. Argo CD shows the operator's children (StatefulSet,
   * Services, Secrets, pods) under the `postgresql` only with them. Cost: the delete annotations are not checked,
   * and deleting the `postgresql` lets Kubernetes garbage-collect the children, including the credential Secrets
   * (PVCs have no owner reference; with `whenDeleted: DELETE` the StatefulSet takes them along).
   * @default false
   */
  readonly enableOwnerReferences?: boolean;
  /**
   * Delete a cluster's PVCs when its `postgresql` is deleted.
   * @default - chart: true; PostgresOperator: false (a renamed cluster in Git would destroy the old one's data)
   */
  readonly enablePersistentVolumeClaimDeletion?: boolean;
  /** Required pod anti-affinity between the instances of a cluster. @default false */
  readonly enablePodAntiaffinity?: boolean;
  /** PodDisruptionBudgets for the primaries. @default true */
  readonly enablePodDisruptionBudget?: boolean;
  /** Readiness probe `GET /readiness :8008` on the Spilo pods. @default false */
  readonly enableReadinessProbe?: boolean;
  /**
   * Delete a cluster's user Secrets when its `postgresql` is deleted.
   * @default - chart: true; PostgresOperator: false (restoring a deleted cluster needs its passwords)
   */
  readonly enableSecretsDeletion?: boolean;
  /** Allow sidecars in manifests (StatefulSet creation fails with them otherwise). @default true */
  readonly enableSidecars?: boolean;
  /** Annotations ignored when comparing objects (no rolling update for them). @default - none */
  readonly ignoredAnnotations?: string[];
  /** Legacy Secret (`namespace/name`) with infrastructure roles. @default - none */
  readonly infrastructureRolesSecretName?: string;
  /** Secrets with infrastructure roles. @default - none */
  readonly infrastructureRolesSecrets?: InfrastructureRolesSecret[];
  /** Manifest annotations copied to the cluster's objects. @default - none */
  readonly inheritedAnnotations?: string[];
  /** Manifest labels copied to the cluster's objects and pods (e.g. `azure.workload.identity/use`). @default - none */
  readonly inheritedLabels?: string[];
  /** Liveness probe of every Spilo container without its own. @default - none */
  readonly livenessProbe?: k8s.Probe;
  /** Timeout for moving a primary off an unschedulable node (whole seconds). @default - not rendered (20m) */
  readonly masterPodMoveTimeout?: Duration;
  /** Node labels a node must have to be considered ready. @default - none */
  readonly nodeReadinessLabel?: { [key: string]: string };
  /** How `nodeReadinessLabel` is merged with a manifest's node affinity. @default - not rendered (OR) */
  readonly nodeReadinessLabelMerge?: NodeReadinessLabelMerge;
  /** Secret (`namespace/name`) with the Teams API OAuth2 token. @default - the operator's name (postgres-operator) */
  readonly oauthTokenSecretName?: string;
  /** PDB selects the primary only. @default true */
  readonly pdbMasterLabelSelector?: boolean;
  /** PDB name template (`{cluster}`). @default postgres-{cluster}-pdb */
  readonly pdbNameFormat?: string;
  /** PVC retention of the StatefulSets. @default {whenDeleted: RETAIN, whenScaled: RETAIN} */
  readonly persistentVolumeClaimRetentionPolicy?: PvcRetentionPolicy;
  /** Anti-affinity is preferred instead of required. @default false */
  readonly podAntiaffinityPreferredDuringScheduling?: boolean;
  /** Topology key of the anti-affinity. @default kubernetes.io/hostname */
  readonly podAntiaffinityTopologyKey?: string;
  /** ConfigMap with environment variables for every Spilo pod. @default - none */
  readonly podEnvironmentConfigmap?: PodEnvironmentConfigMap;
  /** Secret with environment variables for every Spilo pod. @default - none */
  readonly podEnvironmentSecret?: PodEnvironmentSecret;
  /** Pod management policy of the StatefulSets. @default OperatorPodManagementPolicy.ORDERED_READY */
  readonly podManagementPolicy?: OperatorPodManagementPolicy;
  /** Priority class of every Spilo pod without its own. @default - none */
  readonly podPriorityClassName?: string;
  /** Label key carrying the role (`master`/`replica`). @default spilo-role */
  readonly podRoleLabel?: string;
  /** ServiceAccount the operator creates for the Spilo pods. @default - `{name: podServiceAccountName}` */
  readonly podServiceAccountDefinition?: PodServiceAccountDefinition;
  /** Name of the Spilo pods' ServiceAccount (bind IRSA / Workload Identity to it). @default postgres-pod */
  readonly podServiceAccountName?: string;
  /** RoleBinding of the pod ServiceAccount. @default - to the ClusterRole named like the ServiceAccount */
  readonly podServiceAccountRoleBindingDefinition?: PodServiceAccountRoleBinding;
  /** Grace period of the Spilo pods (whole seconds). @default Duration.minutes(5) */
  readonly podTerminateGracePeriod?: Duration;
  /**
   * Name template of the user Secrets (`{username}`, `{cluster}`, `{tprkind}`, `{tprgroup}`).
   * @default {username}.{cluster}.credentials.{tprkind}.{tprgroup}
   */
  readonly secretNameTemplate?: string;
  /** Share `/var/run/postgresql` with the sidecars. @default false */
  readonly sharePgsocketWithSidecars?: boolean;
  /** `allowPrivilegeEscalation` of the Spilo container (cron needs setuid). @default true */
  readonly spiloAllowPrivilegeEscalation?: boolean;
  /** fsGroup of the Spilo pods (103 for TLS). @default - none */
  readonly spiloFsgroup?: number;
  /** Privileged Spilo containers. @default false */
  readonly spiloPrivileged?: boolean;
  /** runAsGroup of the Spilo pods. @default - none */
  readonly spiloRunasgroup?: number;
  /** runAsUser of the Spilo pods. @default - none */
  readonly spiloRunasuser?: number;
  /** How volumes are grown. @default StorageResizeMode.PVC */
  readonly storageResizeMode?: StorageResizeMode;
  /**
   * Toleration of every Spilo pod without its own (`key`, `operator`, `value`, `effect`, no `tolerationSeconds`).
   * @default - none
   */
  readonly toleration?: k8s.Toleration;
  /**
   * Namespace the operator watches: a name, or `*` for all. Empty means the operator's own namespace.
   * @default *
   */
  readonly watchedNamespace?: string;
}

/** `configuration.postgres_pod_resources` (Helm `configPostgresPodResources`): defaults and clamps. */
export interface OperatorPostgresPodResourcesConfig {
  /** CPU limit of containers without one. @default Cpu.units(1) */
  readonly defaultCpuLimit?: Cpu;
  /** CPU request of containers without one. @default Cpu.millis(100) */
  readonly defaultCpuRequest?: Cpu;
  /** Memory limit of containers without one. @default Size.mebibytes(500) */
  readonly defaultMemoryLimit?: Size;
  /** Memory request of containers without one. @default Size.mebibytes(100) */
  readonly defaultMemoryRequest?: Size;
  /** CPU requests above this are lowered to it. @default - none */
  readonly maxCpuRequest?: Cpu;
  /** Memory requests above this are lowered to it. @default - none */
  readonly maxMemoryRequest?: Size;
  /** CPU limits below this are raised to it. @default Cpu.millis(250) */
  readonly minCpuLimit?: Cpu;
  /** Memory limits below this are raised to it. @default Size.mebibytes(250) */
  readonly minMemoryLimit?: Size;
}

/** `configuration.timeouts` (Helm `configTimeouts`), all whole seconds. */
export interface OperatorTimeoutsConfig {
  /** @default Duration.seconds(1) */
  readonly patroniApiCheckInterval?: Duration;
  /** @default Duration.seconds(5) */
  readonly patroniApiCheckTimeout?: Duration;
  /** @default Duration.minutes(10) */
  readonly podDeletionWaitTimeout?: Duration;
  /** @default Duration.minutes(10) */
  readonly podLabelWaitTimeout?: Duration;
  /** The chart's 3s is rendered (the CRD's and the code's default is 4s). @default Duration.seconds(3) */
  readonly readyWaitInterval?: Duration;
  /** @default Duration.seconds(30) */
  readonly readyWaitTimeout?: Duration;
  /** @default Duration.seconds(3) */
  readonly resourceCheckInterval?: Duration;
  /** @default Duration.minutes(10) */
  readonly resourceCheckTimeout?: Duration;
}

/** `configuration.load_balancer` (Helm `configLoadBalancer`). */
export interface OperatorLoadBalancerConfig {
  /** Annotations of every load balancer Service. @default - none */
  readonly customServiceAnnotations?: { [key: string]: string };
  /** DNS zone of the load balancer names. @default db.example.com */
  readonly dbHostedZone?: string;
  /** @default false */
  readonly enableMasterLoadBalancer?: boolean;
  /** @default - not rendered (false) */
  readonly enableMasterNodePort?: boolean;
  /** @default false */
  readonly enableMasterPoolerLoadBalancer?: boolean;
  /** @default - not rendered (false) */
  readonly enableMasterPoolerNodePort?: boolean;
  /** @default false */
  readonly enableReplicaLoadBalancer?: boolean;
  /** @default - not rendered (false) */
  readonly enableReplicaNodePort?: boolean;
  /** @default false */
  readonly enableReplicaPoolerLoadBalancer?: boolean;
  /** @default - not rendered (false) */
  readonly enableReplicaPoolerNodePort?: boolean;
  /** @default OperatorExternalTrafficPolicy.CLUSTER */
  readonly externalTrafficPolicy?: OperatorExternalTrafficPolicy;
  /** `{cluster}`, `{namespace}`, `{team}`, `{hostedzone}`. @default {cluster}.{namespace}.{hostedzone} */
  readonly masterDnsNameFormat?: string;
  /** @default {cluster}.{team}.{hostedzone} */
  readonly masterLegacyDnsNameFormat?: string;
  /** @default {cluster}-repl.{namespace}.{hostedzone} */
  readonly replicaDnsNameFormat?: string;
  /** @default {cluster}-repl.{team}.{hostedzone} */
  readonly replicaLegacyDnsNameFormat?: string;
}

/** `configuration.aws_or_gcp` (Helm `configAwsOrGcp`). */
export interface OperatorAwsOrGcpConfig {
  /** Secret mounted into every Spilo pod. @default - none */
  readonly additionalSecretMount?: string;
  /** Mount path of `additionalSecretMount`. @default - none (the operator's /meta/credentials) */
  readonly additionalSecretMountPath?: string;
  /** AWS region of EBS volumes and WAL buckets. @default eu-central-1 */
  readonly awsRegion?: string;
  /** `GOOGLE_APPLICATION_CREDENTIALS` of every Spilo pod (a path). @default - none */
  readonly gcpCredentials?: string;
  /**
   * The one IAM role (IRSA) of every pod ServiceAccount: the operator writes it as `eks.amazonaws.com/role-arn`
   * and adds `CLONE_`/`STANDBY_AWS_ROLE_ARN`; with it empty, it removes the annotation on every sync.
   * @default - none
   */
  readonly irsaRoleArn?: string;
  /** kube2iam role annotation of every Spilo pod. @default - none */
  readonly kubeIamRole?: string;
  /** Bucket for daily PostgreSQL logs. @default - none */
  readonly logS3Bucket?: string;
  /** Global Azure storage account for WAL of every cluster. @default - none */
  readonly walAzStorageAccount?: string;
  /** Global GCS bucket for WAL of every cluster. @default - none */
  readonly walGsBucket?: string;
  /** Global S3 bucket for WAL of every cluster. @default - none */
  readonly walS3Bucket?: string;
}

/** `configuration.logical_backup` (Helm `configLogicalBackup`). */
export interface OperatorLogicalBackupConfig {
  /** @default - none */
  readonly logicalBackupAzureStorageAccountName?: string;
  /** @default - none */
  readonly logicalBackupAzureStorageContainer?: string;
  /** @default - the Postgres pod defaults */
  readonly logicalBackupCpuLimit?: Cpu;
  /** @default - the Postgres pod defaults */
  readonly logicalBackupCpuRequest?: Cpu;
  /** Secret whose keys become the CronJob's environment (put S3/Azure credentials here). @default - none */
  readonly logicalBackupCronjobEnvironmentSecret?: string;
  /** @default ghcr.io/zalando/postgres-operator/logical-backup:v2.0.1 */
  readonly logicalBackupDockerImage?: string;
  /** @default 3 */
  readonly logicalBackupFailedJobsHistoryLimit?: number;
  /** Path of a GCP service account key file. @default - none */
  readonly logicalBackupGoogleApplicationCredentials?: string;
  /** Prefix of the CronJob names. @default logical-backup- */
  readonly logicalBackupJobPrefix?: string;
  /** @default - the Postgres pod defaults */
  readonly logicalBackupMemoryLimit?: Size;
  /** @default - the Postgres pod defaults */
  readonly logicalBackupMemoryRequest?: Size;
  /** @default LogicalBackupProvider.S3 */
  readonly logicalBackupProvider?: LogicalBackupProvider;
  /**
   * Bucket of the dumps (also the GCS bucket).
   * @default - chart: `my-bucket-url` (a placeholder); PostgresOperator: none
   */
  readonly logicalBackupS3Bucket?: string;
  /** @default spilo */
  readonly logicalBackupS3BucketPrefix?: string;
  /** S3 endpoint of a non-AWS store. @default - none */
  readonly logicalBackupS3Endpoint?: string;
  /** @default - none */
  readonly logicalBackupS3Region?: string;
  /** Dumps older than this are deleted (rendered as `N days`/`N hours`...). @default - kept forever */
  readonly logicalBackupS3RetentionTime?: Duration;
  /** Server-side encryption. @default AES256 */
  readonly logicalBackupS3Sse?: string;
  /** @default Cron.schedule({ minute: '30', hour: '00' }) */
  readonly logicalBackupSchedule?: Cron;
  /** @default 3 */
  readonly logicalBackupSuccessfulJobsHistoryLimit?: number;
  /** Finished Jobs are deleted after this (whole seconds). @default Duration.days(1) */
  readonly logicalBackupTtlSecondsAfterFinished?: Duration;
}

/** `configuration.debug` (Helm `configDebug`). */
export interface OperatorDebugConfig {
  /** @default true */
  readonly debugLogging?: boolean;
  /** The operator connects to the databases (users, databases, pooler schema). @default true */
  readonly enableDatabaseAccess?: boolean;
}

/** `configuration.teams_api` (Helm `configTeamsApi`). */
export interface OperatorTeamsApiConfig {
  /** @default true */
  readonly enableAdminRoleForUsers?: boolean;
  /** The chart's false is rendered (the CRD's default is true). @default false */
  readonly enablePostgresTeamCrd?: boolean;
  /** @default false */
  readonly enablePostgresTeamCrdSuperusers?: boolean;
  /** @default false */
  readonly enableTeamMemberDeprecation?: boolean;
  /** @default false */
  readonly enableTeamSuperuser?: boolean;
  /** The chart's false is rendered (the ConfigMap path's code default is true). @default false */
  readonly enableTeamsApi?: boolean;
  /** @default - not rendered */
  readonly pamConfiguration?: string;
  /** @default zalandos */
  readonly pamRoleName?: string;
  /** @default ["postgres_superusers"] */
  readonly postgresSuperuserTeams?: string[];
  /** @default ["admin", "cron_admin"] */
  readonly protectedRoleNames?: string[];
  /** @default _deleted */
  readonly roleDeletionSuffix?: string;
  /** @default admin */
  readonly teamAdminRole?: string;
  /** @default {"log_statement": "all"} */
  readonly teamApiRoleConfiguration?: { [key: string]: string };
  /** @default - not rendered */
  readonly teamsApiUrl?: string;
}

/** `configuration.logging_rest_api` (Helm `configLoggingRestApi`). */
export interface OperatorLoggingRestApiConfig {
  /** Port of the operator's REST API. @default 8080 */
  readonly apiPort?: number;
  /** @default 1000 */
  readonly clusterHistoryEntries?: number;
  /** @default 100 */
  readonly ringLogLines?: number;
}

/** `configuration.connection_pooler` (Helm `configConnectionPooler`): defaults of every pooler. */
export interface OperatorConnectionPoolerConfig {
  /** @default Cpu.units(1) */
  readonly connectionPoolerDefaultCpuLimit?: Cpu;
  /** @default Cpu.millis(500) */
  readonly connectionPoolerDefaultCpuRequest?: Cpu;
  /** @default Size.mebibytes(100) */
  readonly connectionPoolerDefaultMemoryLimit?: Size;
  /** @default Size.mebibytes(100) */
  readonly connectionPoolerDefaultMemoryRequest?: Size;
  /** @default ghcr.io/zalando/postgres-operator/pgbouncer:v2.0.1 */
  readonly connectionPoolerImage?: string;
  /** @default 60 */
  readonly connectionPoolerMaxDbConnections?: number;
  /** @default PoolerMode.TRANSACTION */
  readonly connectionPoolerMode?: PoolerMode;
  /** @default 2 */
  readonly connectionPoolerNumberOfInstances?: number;
  /** @default pooler */
  readonly connectionPoolerSchema?: string;
  /** Must differ from the superuser (the operator panics otherwise). @default pooler */
  readonly connectionPoolerUser?: string;
}

/** `configuration.patroni` (Helm `configPatroni`). */
export interface OperatorPatroniConfig {
  /** Patroni's DCS failsafe mode. @default false */
  readonly enablePatroniFailsafeMode?: boolean;
}

/** `configuration.scalyr` (not in the chart; the API key is not offered: it would be a literal). */
export interface OperatorScalyrConfig {
  /** @default - not rendered */
  readonly scalyrCpuLimit?: Cpu;
  /** @default - not rendered */
  readonly scalyrCpuRequest?: Cpu;
  /** @default - not rendered */
  readonly scalyrImage?: string;
  /** @default - not rendered */
  readonly scalyrMemoryLimit?: Size;
  /** @default - not rendered */
  readonly scalyrMemoryRequest?: Size;
  /** @default - not rendered */
  readonly scalyrServerUrl?: string;
}

/** The whole `configuration` of an `OperatorConfiguration`: top-level settings plus one struct per CRD group. */
export interface OperatorConfigurationProps extends OperatorGeneralConfig {
  /** @default - the defaults of each property */
  readonly users?: OperatorUsersConfig;
  /** @default - the defaults of each property */
  readonly majorVersionUpgrade?: OperatorMajorVersionUpgradeConfig;
  /** @default - the defaults of each property */
  readonly kubernetes?: OperatorKubernetesConfig;
  /** @default - the defaults of each property */
  readonly postgresPodResources?: OperatorPostgresPodResourcesConfig;
  /** @default - the defaults of each property */
  readonly timeouts?: OperatorTimeoutsConfig;
  /** @default - the defaults of each property */
  readonly loadBalancer?: OperatorLoadBalancerConfig;
  /** @default - the defaults of each property */
  readonly awsOrGcp?: OperatorAwsOrGcpConfig;
  /** @default - the defaults of each property */
  readonly logicalBackup?: OperatorLogicalBackupConfig;
  /** @default - the defaults of each property */
  readonly debug?: OperatorDebugConfig;
  /** @default - the defaults of each property */
  readonly teamsApi?: OperatorTeamsApiConfig;
  /** @default - the defaults of each property */
  readonly loggingRestApi?: OperatorLoggingRestApiConfig;
  /** @default - the defaults of each property */
  readonly connectionPooler?: OperatorConnectionPoolerConfig;
  /** @default - the defaults of each property */
  readonly patroni?: OperatorPatroniConfig;
  /** @default - not rendered */
  readonly scalyr?: OperatorScalyrConfig;
}
