/**
 * The rule codes of every validation error this library raises. A validation error message starts with its
 * code (`ZPG-NAME-LENGTH [path] ...`), so that users of every jsii language can match it; the README's table
 * of rules is generated from this class (`npx projen docs:rules`).
 *
 * Each constant's first doc sentence is the rule's summary in that table.
 */
export class RuleCode {
  // --- validation: generic input checks ------------------------------------------------------------
  /** A Kubernetes name (object, container, volume, namespace) that is not a valid DNS-1123/DNS-1035 name. */
  public static readonly NAME_INVALID = 'ZPG-NAME-INVALID';
  /** A cluster name too long for a name derived from it (the name budget: StatefulSet revision label, Services, pooler volumes, metrics Service). */
  public static readonly NAME_LENGTH = 'ZPG-NAME-LENGTH';
  /** A label key or value Kubernetes rejects, or one label set twice with different values. */
  public static readonly LABEL_INVALID = 'ZPG-LABEL-INVALID';
  /** An annotation key Kubernetes rejects, annotations over 256 KiB, or one annotation set twice with different values. */
  public static readonly ANNOTATION_INVALID = 'ZPG-ANNOTATION-INVALID';
  /** A number that is not finite, not whole where a whole number is needed, or outside its range (int32, ports, uids). */
  public static readonly NUMBER_INVALID = 'ZPG-NUMBER-INVALID';
  /** A Size that is NaN, infinite, not a whole number of bytes, or outside its range. */
  public static readonly SIZE_INVALID = 'ZPG-SIZE-INVALID';
  /** A Duration that is NaN, infinite, outside its range or not a whole number of the unit it is rendered in. */
  public static readonly DURATION_INVALID = 'ZPG-DURATION-INVALID';
  /** A CIDR that is malformed, or an except range outside the CIDR it narrows. */
  public static readonly CIDR_INVALID = 'ZPG-CIDR-INVALID';
  /** A container image reference that is malformed, or not pinned where pinning is required. */
  public static readonly IMAGE_INVALID = 'ZPG-IMAGE-INVALID';
  /** A password, token or key written as a literal value: it would end up in the YAML in clear text. */
  public static readonly CREDENTIAL_LITERAL = 'ZPG-CREDENTIAL-LITERAL';
  /** A schedule the CRD pattern or Spilo's crontab rejects (5 fields of numbers, `*` and `/step` only). */
  public static readonly CRON_INVALID = 'ZPG-CRON-INVALID';
  /** Two objects of the same kind, namespace and name in one chart. */
  public static readonly DUPLICATE_OBJECT = 'ZPG-DUPLICATE-OBJECT';
  /** Two constructs register the same feature of a cluster (pooler, backup, data source, TLS, monitoring, network policies) with different settings. */
  public static readonly FEATURE_CONFLICT = 'ZPG-FEATURE-CONFLICT';
  /** A construct needs the cluster's namespace, but neither the cluster nor its chart has one. */
  public static readonly NAMESPACE_UNKNOWN = 'ZPG-NAMESPACE-UNKNOWN';

  // --- cluster ---------------------------------------------------------------------------------------
  /** An empty or malformed teamId. */
  public static readonly TEAM_INVALID = 'ZPG-TEAM-INVALID';
  /** A cluster name without the `<teamId>-` prefix while the prefix is enforced. */
  public static readonly TEAM_PREFIX = 'ZPG-TEAM-PREFIX';
  /** A PostgreSQL major version the operator v2.0 does not run (14 to 18). */
  public static readonly VERSION_UNSUPPORTED = 'ZPG-VERSION-UNSUPPORTED';
  /** A data volume that is too small, too small for its provisioned IOPS, or with conflicting StorageClass settings. */
  public static readonly STORAGE_INVALID = 'ZPG-STORAGE-INVALID';
  /** CPU or memory that is not a positive quantity, or a request above its limit. */
  public static readonly RESOURCES_INVALID = 'ZPG-RESOURCES-INVALID';
  /** Patroni timings, synchronous mode or slots that Patroni rejects or that cannot work. */
  public static readonly PATRONI_INVALID = 'ZPG-PATRONI-INVALID';
  /** pg_hba rules that lock out replication, or two sources of pg_hba rules that disagree. */
  public static readonly PG_HBA_INVALID = 'ZPG-PG-HBA-INVALID';
  /** A PostgreSQL parameter whose name or value is malformed or cannot work with the pod's resources. */
  public static readonly PARAMETER_INVALID = 'ZPG-PARAMETER-INVALID';
  /** One PostgreSQL parameter set to different values by different constructs. */
  public static readonly PARAMETER_CONFLICT = 'ZPG-PARAMETER-CONFLICT';
  /** A role name the operator or PostgreSQL rejects, a reserved or protected role, or a role declared twice. */
  public static readonly USER_INVALID = 'ZPG-USER-INVALID';
  /** Contradicting or duplicate role flags, or SUPERUSER under the hardened profile. */
  public static readonly USER_FLAGS_INVALID = 'ZPG-USER-FLAGS-INVALID';
  /** A database or schema name the operator rejects, a database declared twice, or an owner that is not a declared user. */
  public static readonly DATABASE_INVALID = 'ZPG-DATABASE-INVALID';
  /** A load balancer nobody can reach (no allowedSourceRanges) or a NodePort outside 30000-32767. */
  public static readonly SERVICE_INVALID = 'ZPG-SERVICE-INVALID';
  /** A maintenance window the CRD rejects or the operator misreads (spanning midnight). */
  public static readonly MAINTENANCE_WINDOW_INVALID = 'ZPG-MAINTENANCE-WINDOW-INVALID';
  /** Annotations that let GitOps prune or delete a protected postgresql. */
  public static readonly DELETION_PROTECTION_CONFLICT = 'ZPG-DELETION-PROTECTION-CONFLICT';
  /** A TLS Secret name that cannot be a pod volume name, or other TLS settings the operator cannot mount. */
  public static readonly TLS_INVALID = 'ZPG-TLS-INVALID';
  /** An environment variable with a malformed name or not exactly one value source. */
  public static readonly ENV_INVALID = 'ZPG-ENV-INVALID';
  /** An environment variable the operator sets itself (the manifest value would be ignored). */
  public static readonly ENV_RESERVED = 'ZPG-ENV-RESERVED';
  /** One environment variable set twice with different values, or also rendered by the operator (the pods would roll on every sync). */
  public static readonly ENV_CONFLICT = 'ZPG-ENV-CONFLICT';
  /** A sidecar with a malformed port or settings. */
  public static readonly SIDECAR_INVALID = 'ZPG-SIDECAR-INVALID';
  /** A sidecar name or port already taken in the pod. */
  public static readonly SIDECAR_CONFLICT = 'ZPG-SIDECAR-CONFLICT';
  /** An additional volume with a reserved name, not exactly one source, a bad mount path, conflicting definitions or unknown target containers. */
  public static readonly VOLUME_INVALID = 'ZPG-VOLUME-INVALID';
  /** Tolerations, affinity or topology spread constraints Kubernetes rejects. */
  public static readonly SCHEDULING_INVALID = 'ZPG-SCHEDULING-INVALID';
  /** An init container or probe Kubernetes or the operator rejects. */
  public static readonly CONTAINER_INVALID = 'ZPG-CONTAINER-INVALID';

  // --- pooler ----------------------------------------------------------------------------------------
  /** Pooler settings the operator rejects (statement mode, instances, user, schema). */
  public static readonly POOLER_INVALID = 'ZPG-POOLER-INVALID';
  /** More pooler server connections than the cluster accepts, or too few to give each pod a pool. */
  public static readonly POOLER_CONNECTIONS = 'ZPG-POOLER-CONNECTIONS';
  /** A pooler in front of a cluster with 0 instances. */
  public static readonly POOLER_STOPPED_CLUSTER = 'ZPG-POOLER-STOPPED-CLUSTER';

  // --- backup, restore, standby ------------------------------------------------------------------------
  /** A bucket, container, storage account, region, endpoint or prefix the store would reject. */
  public static readonly BACKUP_STORAGE_INVALID = 'ZPG-BACKUP-STORAGE-INVALID';
  /** Credentials of another cloud than the store, or a malformed role ARN, service account, client id or Secret. */
  public static readonly BACKUP_CREDENTIALS_INVALID = 'ZPG-BACKUP-CREDENTIALS-INVALID';
  /**
   * Credentials that Spilo's WAL-G cannot use: Azure Workload Identity, or an Azure managed identity selected by
   * client id (the variables never reach WAL-G).
   */
  public static readonly BACKUP_CREDENTIALS_UNSUPPORTED = 'ZPG-BACKUP-CREDENTIALS-UNSUPPORTED';
  /** An IRSA role that is not the operator's `irsa_role_arn` (the operator allows one IRSA role). */
  public static readonly BACKUP_IRSA_ROLE_MISMATCH = 'ZPG-BACKUP-IRSA-ROLE-MISMATCH';
  /** Two cloud identities for one namespace's pod ServiceAccount. */
  public static readonly BACKUP_IDENTITY_CONFLICT = 'ZPG-BACKUP-IDENTITY-CONFLICT';
  /** Backup settings out of range (retention, concurrency, scope suffix). */
  public static readonly BACKUP_INVALID = 'ZPG-BACKUP-INVALID';
  /** A restore target that is malformed, in the future, or from an archive of a higher PostgreSQL major version. */
  public static readonly RESTORE_INVALID = 'ZPG-RESTORE-INVALID';
  /** A standby source the operator cannot follow (Azure archive, bad host or port, other major version). */
  public static readonly STANDBY_INVALID = 'ZPG-STANDBY-INVALID';
  /** A cluster that clones or follows itself. */
  public static readonly DATA_SOURCE_SELF = 'ZPG-DATA-SOURCE-SELF';

  // --- network -----------------------------------------------------------------------------------------
  /** Network policy options Kubernetes rejects (ports, peers). */
  public static readonly NETWORK_POLICY_INVALID = 'ZPG-NETWORK-POLICY-INVALID';

  // --- TLS -------------------------------------------------------------------------------------------
  /** Certificate settings cert-manager rejects or that renew continuously. */
  public static readonly CERTIFICATE_INVALID = 'ZPG-CERTIFICATE-INVALID';

  // --- storage -----------------------------------------------------------------------------------------
  /** StorageClass settings out of the platform's range, or a StorageClass in a namespaced chart. */
  public static readonly STORAGE_CLASS_INVALID = 'ZPG-STORAGE-CLASS-INVALID';

  // --- monitoring --------------------------------------------------------------------------------------
  /** Monitoring settings that cannot work (scrape interval, wal-g exporter without a backup, stopped cluster). */
  public static readonly MONITORING_INVALID = 'ZPG-MONITORING-INVALID';
  /** An alert threshold that is not finite, out of range, or a warning not below its critical level. */
  public static readonly THRESHOLD_INVALID = 'ZPG-THRESHOLD-INVALID';
  /** An excluded alert name that is not an alert of the catalog. */
  public static readonly EXCLUDE_RULE_UNKNOWN = 'ZPG-EXCLUDE-RULE-UNKNOWN';

  // --- postgres parameters ---------------------------------------------------------------------------
  /** A parameter name the cluster's PostgreSQL version does not know (with a "did you mean" suggestion). */
  public static readonly PARAM_UNKNOWN = 'ZPG-PARAM-UNKNOWN';
  /** A parameter that exists in other PostgreSQL versions but not in the cluster's (removed, renamed or not yet added). */
  public static readonly PARAM_NOT_IN_VERSION = 'ZPG-PARAM-NOT-IN-VERSION';
  /** A read-only parameter (context `internal`: fixed when PostgreSQL was built or initdb ran). */
  public static readonly PARAM_READ_ONLY = 'ZPG-PARAM-READ-ONLY';
  /** A parameter Patroni or Spilo set themselves, which must not be set in `parameters`. */
  public static readonly PARAM_MANAGED = 'ZPG-PARAM-MANAGED';
  /** A value Patroni refuses and silently replaces with its own default (e.g. max_connections below 25). */
  public static readonly PARAM_PATRONI_MINIMUM = 'ZPG-PARAM-PATRONI-MINIMUM';
  /** A value that is not of the parameter's type (boolean, integer, number) or contains a line break. */
  public static readonly PARAM_TYPE = 'ZPG-PARAM-TYPE';
  /** A unit the parameter does not accept (units are case-sensitive: `64MB`, not `64mb`). */
  public static readonly PARAM_UNIT = 'ZPG-PARAM-UNIT';
  /** A number outside the parameter's range (after unit conversion, as PostgreSQL rounds). */
  public static readonly PARAM_RANGE = 'ZPG-PARAM-RANGE';
  /** A value that is not one of the enum parameter's values. */
  public static readonly PARAM_ENUM = 'ZPG-PARAM-ENUM';
  /** A time zone PostgreSQL does not know (`timezone`, `log_timezone`). */
  public static readonly PARAM_TIMEZONE = 'ZPG-PARAM-TIMEZONE';
  /** An extension parameter whose library is not preloaded: PostgreSQL keeps it as an unused placeholder. */
  public static readonly PARAM_EXTENSION_NOT_LOADED = 'ZPG-PARAM-EXTENSION-NOT-LOADED';

  // --- operator configuration ----------------------------------------------------------------------------
  /** An operator object name (configuration, ServiceAccount, Secret, ConfigMap, priority class) is not a valid Kubernetes name. */
  public static readonly OPERATOR_NAME = 'ZPG-OPERATOR-NAME';
  /** The operator's namespace or `watched_namespace` is not a namespace name, or contradicts the chart's namespace. */
  public static readonly OPERATOR_NAMESPACE = 'ZPG-OPERATOR-NAMESPACE';
  /** The operator install renders cluster-scoped objects (ClusterRoles, ClusterRoleBinding) into a Chart that stamps a namespace on every object. */
  public static readonly OPERATOR_CHART_NAMESPACE = 'ZPG-OPERATOR-CHART-NAMESPACE';
  /** A configuration field the operator v2.0.1 does not know (or a value of the wrong type) was passed. */
  public static readonly OPERATOR_UNKNOWN_FIELD = 'ZPG-OPERATOR-UNKNOWN-FIELD';
  /** An integer setting of the operator is not a whole number or is outside the range the CRD or the operator accepts. */
  public static readonly OPERATOR_INTEGER = 'ZPG-OPERATOR-INTEGER';
  /** A duration of the operator configuration is not a positive whole number of the unit the operator reads. */
  public static readonly OPERATOR_DURATION = 'ZPG-OPERATOR-DURATION';
  /** A CPU or memory quantity of the operator configuration is not a positive, finite Kubernetes quantity. */
  public static readonly OPERATOR_QUANTITY = 'ZPG-OPERATOR-QUANTITY';
  /** Default resources that the operator's own clamps would silently change, or a request above its limit. */
  public static readonly OPERATOR_RESOURCES = 'ZPG-OPERATOR-RESOURCES';
  /** `min_instances` is above `max_instances`: every cluster would be clamped to contradicting bounds. */
  public static readonly OPERATOR_INSTANCE_LIMITS = 'ZPG-OPERATOR-INSTANCE-LIMITS';
  /** A label or annotation key in the operator configuration is not a valid Kubernetes qualified name. */
  public static readonly OPERATOR_LABEL_KEY = 'ZPG-OPERATOR-LABEL-KEY';
  /** A label value in the operator configuration is not a valid Kubernetes label value. */
  public static readonly OPERATOR_LABEL_VALUE = 'ZPG-OPERATOR-LABEL-VALUE';
  /** `cluster_name_label` or `pod_role_label` is also a key of `cluster_labels`, so selectors would contradict each other. */
  public static readonly OPERATOR_LABEL_CONFLICT = 'ZPG-OPERATOR-LABEL-CONFLICT';
  /** A container image of the operator configuration or install is not an image reference pinned to a tag or digest. */
  public static readonly OPERATOR_IMAGE = 'ZPG-OPERATOR-IMAGE';
  /** A name template (`secret_name_template`, `pdb_name_format`, DNS name formats) uses unknown placeholders or misses required ones. */
  public static readonly OPERATOR_NAME_TEMPLATE = 'ZPG-OPERATOR-NAME-TEMPLATE';
  /** The superuser, replication user and pooler user are not distinct valid role names (the operator panics on a pooler user equal to the superuser). */
  public static readonly OPERATOR_SYSTEM_USERS = 'ZPG-OPERATOR-SYSTEM-USERS';
  /** `delete_annotation_*_key` is set together with `enable_owner_references` or `enable_finalizers`, which skip the annotation check. */
  public static readonly OPERATOR_DELETE_ANNOTATIONS_IGNORED = 'ZPG-OPERATOR-DELETE-ANNOTATIONS-IGNORED';
  /** The PVC retention policy deletes volumes that `enable_persistent_volume_claim_deletion: false` is meant to keep. */
  public static readonly OPERATOR_PVC_RETENTION = 'ZPG-OPERATOR-PVC-RETENTION';
  /** `minimal_major_version`/`target_major_version` are unsupported or the minimal version is above the target. */
  public static readonly OPERATOR_MAJOR_VERSION = 'ZPG-OPERATOR-MAJOR-VERSION';
  /** `irsa_role_arn` is not an IAM role ARN. */
  public static readonly OPERATOR_IRSA_ROLE = 'ZPG-OPERATOR-IRSA-ROLE';
  /** The pod ServiceAccount definition carries `eks.amazonaws.com/role-arn`, which the operator overwrites or removes on every sync. */
  public static readonly OPERATOR_IRSA_ANNOTATION = 'ZPG-OPERATOR-IRSA-ANNOTATION';
  /** More than one global WAL store is set. Spilo silently uses the first it finds (S3, then GCS, then Azure). */
  public static readonly OPERATOR_WAL_STORES = 'ZPG-OPERATOR-WAL-STORES';
  /** Logical backup settings do not fit `logical_backup_provider` (missing Azure container, settings of another provider). */
  public static readonly OPERATOR_LOGICAL_BACKUP_PROVIDER = 'ZPG-OPERATOR-LOGICAL-BACKUP-PROVIDER';
  /** A credential would be written into the OperatorConfiguration as a literal. */
  public static readonly OPERATOR_CREDENTIAL_LITERAL = 'ZPG-OPERATOR-CREDENTIAL-LITERAL';
  /** The `CONTROLLER_ID` is not a valid annotation value for `acid.zalan.do/controller`. */
  public static readonly OPERATOR_CONTROLLER_ID = 'ZPG-OPERATOR-CONTROLLER-ID';
  /** Two operators in one app would manage the same clusters (same `CONTROLLER_ID`) or render the same cluster-scoped objects. */
  public static readonly OPERATOR_DUPLICATE = 'ZPG-OPERATOR-DUPLICATE';
  /** Operators are declared in the app, but none has the `CONTROLLER_ID` asked for. */
  public static readonly OPERATOR_NOT_FOUND = 'ZPG-OPERATOR-NOT-FOUND';
  /** An escape-hatch patch changes a field that has a typed property (the resolved settings would not see it). */
  public static readonly OPERATOR_OVERRIDE_TYPED = 'ZPG-OPERATOR-OVERRIDE-TYPED';
  /** The global Postgres pod toleration cannot be expressed in the operator's `toleration` map. */
  public static readonly OPERATOR_TOLERATION = 'ZPG-OPERATOR-TOLERATION';
  /** A global maintenance window does not match the CRD's pattern or ends before it starts. */
  public static readonly OPERATOR_MAINTENANCE_WINDOW = 'ZPG-OPERATOR-MAINTENANCE-WINDOW';
  /** Helm values of an operator installed elsewhere contradict each other. */
  public static readonly OPERATOR_HELM_VALUES = 'ZPG-OPERATOR-HELM-VALUES';
  /** The logical backup schedule is not a 5-field cron expression the CRD accepts. */
  public static readonly OPERATOR_CRON = 'ZPG-OPERATOR-CRON';

  // --- clusters against their operator ---------------------------------------------------------------
  /** A cluster's endpoints (selectors, Secret names, hosts) were read before the operator that changes them was declared. */
  public static readonly OPERATOR_DECLARED_LATE = 'ZPG-OPERATOR-DECLARED-LATE';
  /** The cluster's namespace is not one the operator watches (`watched_namespace`): nobody would create it. */
  public static readonly OPERATOR_NOT_WATCHED = 'ZPG-OPERATOR-NOT-WATCHED';
  /** A global WAL bucket, or WAL keys in the pod environment ConfigMap/Secret, would redirect the cluster's archive, clone or standby to another store. */
  public static readonly OPERATOR_GLOBAL_WAL = 'ZPG-OPERATOR-GLOBAL-WAL';
  /** The cluster uses what the operator has switched off (`enable_sidecars`, `enable_init_containers`, `enable_cross_namespace_secret`). */
  public static readonly OPERATOR_FEATURE_DISABLED = 'ZPG-OPERATOR-FEATURE-DISABLED';
  /** The operator would change the resources rendered (`min_cpu_limit`, `min_memory_limit`, `max_*_request`, `set_memory_request_to_limit`). */
  public static readonly OPERATOR_RESOURCES_CLAMPED = 'ZPG-OPERATOR-RESOURCES-CLAMPED';
  /** The operator would change the number of instances (`min_instances`, `max_instances`). */
  public static readonly OPERATOR_INSTANCES_CLAMPED = 'ZPG-OPERATOR-INSTANCES-CLAMPED';
  /** The operator would upgrade the cluster to another major version than the one declared (`major_version_upgrade_mode: full`). */
  public static readonly OPERATOR_VERSION_OVERRIDDEN = 'ZPG-OPERATOR-VERSION-OVERRIDDEN';
  /** Logical backups are on, but the operator has no `logical_backup_*` destination for its provider. */
  public static readonly OPERATOR_LOGICAL_BACKUP_DESTINATION = 'ZPG-OPERATOR-LOGICAL-BACKUP-DESTINATION';
  /** A ServiceAccount for the Spilo pods that is not the operator's `pod_service_account_name`. */
  public static readonly OPERATOR_POD_SERVICE_ACCOUNT = 'ZPG-OPERATOR-POD-SERVICE-ACCOUNT';
  /** A user, pooler role or secret that collides with the operator's system users (`super_username`, `replication_username`). */
  public static readonly OPERATOR_SYSTEM_USER_CONFLICT = 'ZPG-OPERATOR-SYSTEM-USER-CONFLICT';
  /** The operator's pods are known, and a network policy option names another namespace for them. */
  public static readonly OPERATOR_NETWORK_MISMATCH = 'ZPG-OPERATOR-NETWORK-MISMATCH';

  // --- change plan -----------------------------------------------------------------------------------
  /** One side of a change plan has two `postgresql` objects with the same namespace and name (e.g. two environments in one directory). */
  public static readonly PLAN_DUPLICATE_CLUSTER = 'ZPG-PLAN-DUPLICATE-CLUSTER';

  // --- gitops ----------------------------------------------------------------------------------------
  /** A GitOps folder whose environment or name is not a DNS label, a folder declared twice, or a dependency on a folder of another layout, of another environment or on itself. */
  public static readonly GITOPS_INVALID = 'ZPG-GITOPS-INVALID';

  // --- disaster recovery -----------------------------------------------------------------------------
  /** A restore drill or upgrade rehearsal of a cluster without a WalgBackup: there is no archive to restore from. */
  public static readonly DRILL_NO_BACKUP = 'ZPG-DRILL-NO-BACKUP';
  /** A drill's clone name that is not a valid cluster name, outside the name budget, or the name of a cluster of the app. */
  public static readonly DRILL_CLONE_NAME = 'ZPG-DRILL-CLONE-NAME';
  /** A drill's clone that the cluster checks reject (its resources, storage or parameters). */
  public static readonly DRILL_CLONE_INVALID = 'ZPG-DRILL-CLONE-INVALID';
  /** An upgrade rehearsal to a version that is not a supported higher major version than the cluster's. */
  public static readonly DRILL_UPGRADE_VERSION = 'ZPG-DRILL-UPGRADE-VERSION';
  /** Drill timings that cannot work: an RTO not below the restore timeout, a target time the archive cannot cover yet, a staleness window shorter than a day. */
  public static readonly DRILL_TIMING = 'ZPG-DRILL-TIMING';
  /** An RPO without a freshness query: the drill cannot tell how old the restored data is. */
  public static readonly DRILL_RPO_WITHOUT_FRESHNESS = 'ZPG-DRILL-RPO-WITHOUT-FRESHNESS';
  /** A drill check with an invalid name, database or query, or two checks with one name. */
  public static readonly DRILL_CHECK_INVALID = 'ZPG-DRILL-CHECK-INVALID';
  /** Drill settings that cannot work (Pushgateway URL, images, rule labels, a DrillAdmissionPolicy without drills or in a namespaced Chart). */
  public static readonly DRILL_INVALID = 'ZPG-DRILL-INVALID';
  /** A cross-cluster standby pair that cannot work: no standby CIDRs, a bad primary host or secret store, another major version. */
  public static readonly STANDBY_PAIR_INVALID = 'ZPG-STANDBY-PAIR-INVALID';

  private constructor() {}
}
