/**
 * The rule codes of every validation error this library raises. A validation error message starts with its
 * code (`ZPG-NAME-LENGTH [path] ...`), so that users of every jsii language can match it; the README's table
 * of rules is generated from this class (`npx projen docs:rules`).
 *
 * Each constant's first doc sentence is the rule's summary in that table.
 */
export class RuleCode {
  // --- validation: generic input checks ------------------------------------------------------------

  // --- cluster ---------------------------------------------------------------------------------------

  // --- pooler ----------------------------------------------------------------------------------------

  // --- backup, restore, standby ------------------------------------------------------------------------

  // --- network -----------------------------------------------------------------------------------------

  // --- TLS -------------------------------------------------------------------------------------------

  // --- storage -----------------------------------------------------------------------------------------

  // --- monitoring --------------------------------------------------------------------------------------

  // --- postgres parameters ---------------------------------------------------------------------------

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
  /** More than one global WAL store is set; Spilo silently uses the first it finds (S3, then GCS, then Azure). */
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

  // --- disaster recovery -----------------------------------------------------------------------------

  private constructor() {}
}
