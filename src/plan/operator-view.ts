/**
 * The operator settings the change plan needs, read from YAML only: an `OperatorConfiguration` object
 * (`acid.zalan.do/v1`, keys grouped under `configuration`), the operator's ConfigMap (flat string values, the
 * same key names), or a bare map of those keys. Unset keys take the v2.0.1 defaults (CRD defaults, else
 * pkg/util/config/config.go; CHANGE-FACTS §1/§5).
 */
import { SpiloModelSettings as ModelSettings } from '../model/spilo-model';
import { GROUPS as FIELD_GROUPS } from '../operator/fields';
import { deleteAnnotationsChecked } from '../operator/settings';

/** The groups of the OperatorConfiguration CRD (the typed configuration's table); their keys are flattened. */
const GROUPS = FIELD_GROUPS.map((g) => g.key).filter((k) => k);

/** Keys that identify an operator ConfigMap (a ConfigMap whose data has one of them). */
const CONFIGMAP_MARKERS = [
  'docker_image', 'watched_namespace', 'resync_period', 'workers', 'super_username', 'enable_persistent_volume_claim_deletion',
  'cluster_labels', 'pod_service_account_name', 'major_version_upgrade_mode',
];

/** Where the settings came from (for the plan's notes). */
export interface OperatorSource {
  readonly description: string;
  readonly values: Record<string, unknown>;
}

/** True for a document that holds operator settings. */
export function isOperatorDocument(doc: any): boolean {
  if (!doc || typeof doc !== 'object') return false;
  if (doc.kind === 'OperatorConfiguration' && String(doc.apiVersion ?? '').startsWith('acid.zalan.do/')) return true;
  if (doc.kind === 'ConfigMap' && doc.data && typeof doc.data === 'object') return CONFIGMAP_MARKERS.some((k) => k in doc.data);
  return false;
}

/** The flat key -> value map of one document (OperatorConfiguration, ConfigMap or a bare map). */
export function operatorValues(doc: any): OperatorSource {
  if (doc?.kind === 'OperatorConfiguration') {
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(doc.configuration ?? {})) {
      if (GROUPS.includes(k) && v && typeof v === 'object' && !Array.isArray(v)) Object.assign(values, v);
      else values[k] = v;
    }
    return { description: `OperatorConfiguration ${doc.metadata?.namespace ? `${doc.metadata.namespace}/` : ''}${doc.metadata?.name}`, values };
  }
  if (doc?.kind === 'ConfigMap') {
    return { description: `ConfigMap ${doc.metadata?.namespace ? `${doc.metadata.namespace}/` : ''}${doc.metadata?.name}`, values: { ...doc.data } };
  }
  const bare = doc?.configuration && typeof doc.configuration === 'object' ? operatorValues({ kind: 'OperatorConfiguration', configuration: doc.configuration }).values : { ...(doc ?? {}) };
  return { description: 'operator settings file', values: bare };
}

/** Typed access to the settings, with the v2.0.1 defaults. */
export class OperatorView {
  /** Defaults only. */
  public static defaults(): OperatorView {
    return new OperatorView({ description: 'the operator v2.0.1 defaults', values: {} });
  }

  public readonly description: string;
  private readonly v: Record<string, unknown>;

  constructor(source: OperatorSource) {
    this.description = source.description;
    this.v = source.values;
  }

  public bool(key: string, fallback: boolean): boolean {
    const x = this.v[key];
    if (typeof x === 'boolean') return x;
    if (typeof x === 'string' && x.trim() !== '') return x.trim().toLowerCase() === 'true';
    return fallback;
  }

  public str(key: string, fallback = ''): string {
    const x = this.v[key];
    return x === undefined || x === null || x === '' ? fallback : String(x);
  }

  public num(key: string, fallback: number): number {
    const x = this.v[key];
    const n = typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : NaN;
    return Number.isFinite(n) ? n : fallback;
  }

  /** A list: a YAML list, or the ConfigMap's comma-separated string. */
  public list(key: string): string[] {
    const x = this.v[key];
    if (Array.isArray(x)) return x.map(String);
    if (typeof x === 'string') return x.split(',').map((s) => s.trim()).filter((s) => s);
    return [];
  }

  /** A map: a YAML map, or the ConfigMap's `k:v,k2:v2` string. */
  public map(key: string, fallback: Record<string, string> = {}): Record<string, string> {
    const x = this.v[key];
    if (x && typeof x === 'object' && !Array.isArray(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, String(v)]));
    if (typeof x === 'string' && x.trim()) {
      return Object.fromEntries(x.split(',').map((kv) => kv.split(':').map((s) => s.trim())).filter((kv) => kv[0]).map(([k, v]) => [k, v ?? '']));
    }
    return fallback;
  }

  // --- deletion (CHANGE-FACTS §5) ----------------------------------------------------------------------
  get pvcDeletion(): boolean { return this.bool('enable_persistent_volume_claim_deletion', true); }
  get secretsDeletion(): boolean { return this.bool('enable_secrets_deletion', true); }
  get ownerReferences(): boolean { return this.bool('enable_owner_references', false); }
  get finalizers(): boolean { return this.bool('enable_finalizers', false); }
  get deleteDateKey(): string { return this.str('delete_annotation_date_key'); }
  get deleteNameKey(): string { return this.str('delete_annotation_name_key'); }
  /** persistent_volume_claim_retention_policy: "delete" gives Delete, anything else Retain. */
  public pvcRetention(which: 'when_deleted' | 'when_scaled'): 'delete' | 'retain' {
    return this.map('persistent_volume_claim_retention_policy')[which] === 'delete' ? 'delete' : 'retain';
  }
  /** The delete annotations are checked (keys set, no owner references, no finalizers: ctrl/postgresql.go:416-433). */
  get deleteAnnotationsChecked(): boolean {
    return deleteAnnotationsChecked(this.deleteDateKey, this.deleteNameKey, this.ownerReferences, this.finalizers);
  }

  // --- versions and windows ----------------------------------------------------------------------------
  get upgradeMode(): string { return this.str('major_version_upgrade_mode', 'manual'); }
  get upgradeTeamAllowList(): string[] { return this.list('major_version_upgrade_team_allow_list'); }
  get minimalMajorVersion(): number { return this.num('minimal_major_version', 14); }
  get targetMajorVersion(): number { return this.num('target_major_version', 18); }
  get maintenanceWindowsEnabled(): boolean { return this.bool('enable_maintenance_windows', true); }
  get maintenanceWindows(): string[] { return this.list('maintenance_windows'); }

  // --- pods --------------------------------------------------------------------------------------------
  get dockerImage(): string { return this.str('docker_image', 'ghcr.io/zalando/spilo-18:4.1-p2'); }
  get lazySpiloUpgrade(): boolean { return this.bool('enable_lazy_spilo_upgrade', false); }
  get shmVolume(): boolean { return this.bool('enable_shm_volume', true); }
  get storageResizeMode(): string { return this.str('storage_resize_mode', 'pvc'); }
  get minInstances(): number { return this.num('min_instances', -1); }
  get maxInstances(): number { return this.num('max_instances', -1); }
  get ignoreInstanceLimitsKey(): string { return this.str('ignore_instance_limits_annotation_key'); }
  get inheritedAnnotations(): string[] { return this.list('inherited_annotations'); }
  get inheritedLabels(): string[] { return this.list('inherited_labels'); }
  get ignoredAnnotations(): string[] { return this.list('ignored_annotations'); }
  get failsafeMode(): boolean { return this.bool('enable_patroni_failsafe_mode', false); }
  get podManagementPolicy(): string { return this.str('pod_management_policy', 'ordered_ready'); }
  get connectionPoolerUser(): string { return this.str('connection_pooler_user', 'pooler'); }
  get superUsername(): string { return this.str('super_username', 'postgres'); }
  get replicationUsername(): string { return this.str('replication_username', 'standby'); }

  /**
   * The settings of the behaviour model (src/model/spilo-model.ts). `configMaps` resolves
   * `pod_environment_configmap` when the ConfigMap is among the documents.
   */
  public modelSettings(configMaps: any[] = []): ModelSettings {
    const s: Record<string, unknown> = {
      irsaRoleArn: this.str('irsa_role_arn'),
      walS3Bucket: this.str('wal_s3_bucket'),
      walGsBucket: this.str('wal_gs_bucket'),
      walAzStorageAccount: this.str('wal_az_storage_account'),
      gcpCredentials: this.str('gcp_credentials'),
      logS3Bucket: this.str('log_s3_bucket'),
      enableSpiloWalPathCompat: this.bool('enable_spilo_wal_path_compat', false),
      kubernetesUseConfigmaps: this.bool('kubernetes_use_configmaps', true),
      enablePgversionEnvVar: this.bool('enable_pgversion_env_var', true),
      enablePodDisruptionBudget: this.bool('enable_pod_disruption_budget', true),
      etcdHost: this.str('etcd_host'),
      clusterLabels: this.map('cluster_labels', { application: 'spilo' }),
      clusterNameLabel: this.str('cluster_name_label', 'cluster-name'),
      podRoleLabel: this.str('pod_role_label', 'spilo-role'),
      inheritedLabels: this.inheritedLabels,
      superUsername: this.superUsername,
      replicationUsername: this.replicationUsername,
      secretNameTemplate: this.str('secret_name_template', '{username}.{cluster}.credentials.{tprkind}.{tprgroup}'),
    };
    const cmRef = this.str('pod_environment_configmap');
    if (cmRef) {
      const [ns, name] = cmRef.includes('/') ? cmRef.split('/', 2) : [undefined, cmRef];
      const cm = configMaps.find((c) => c?.kind === 'ConfigMap' && c.metadata?.name === name && (!ns || c.metadata?.namespace === ns));
      if (cm?.data) s.podEnvironmentConfigMap = Object.fromEntries(Object.entries(cm.data).map(([k, v]) => [k, String(v)]));
    }
    return s as ModelSettings;
  }

  /** Keys whose values differ between two views (sorted). */
  public diff(other: OperatorView): string[] {
    const keys = [...new Set([...Object.keys(this.v), ...Object.keys(other.v)])].sort();
    return keys.filter((k) => JSON.stringify(this.v[k] ?? null) !== JSON.stringify(other.v[k] ?? null));
  }
}
