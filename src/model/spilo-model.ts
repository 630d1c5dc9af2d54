/**
 * A behaviour model of what happens to a rendered `postgresql` object between the Zalando operator and
 * WAL-G: the Spilo container environment the operator assembles, whether that environment makes the operator
 * roll the pods on every sync, what Spilo's `configure_spilo.py` makes of it (store, prefix, archive_command,
 * WAL-G env-dirs, bootstrap mode) and finally what `wal-g` sees for backups, clones and standbys.
 *
 * The tests use it as an oracle: they render manifests with the library and assert on the model's view, so the
 * library is checked against what the upstream code does, not against what the library believes it does. The
 * change plan (src/plan) uses it to tell what a change of manifest does. Every rule
 * below names the upstream source it comes from. The model is deliberately not "smart": where upstream code
 * does something odd (a malformed `s3:///spilo//wal/` prefix, a region of `loca`), the model does it too.
 *
 * ## Sources and versions
 * - **[op]** zalando/postgres-operator **v2.0.1** (`a2585e3e`), line numbers as cited in
 *   `../shared/ZALANDO-FACTS.md` (§b.4–b.6, §g) and `../shared/CHANGE-FACTS.md` (§3a/3b).
 * - **[op-stored]** the same functions read in the copy of `pkg/cluster/k8sres.go` and `pkg/cluster/cluster.go`
 *   available to the author (a post-v1.15 master, before the v2 IRSA additions; the IRSA lines are therefore
 *   taken from ZALANDO-FACTS only). Function names are given where v2.0.1 line numbers were not available.
 * - **[spilo]** zalando/spilo `postgres-appliance/scripts/configure_spilo.py`: line numbers of the stored copy
 *   `56592059`; in parentheses the **4.0-p3** (`7cb50bd6`) line numbers from ZALANDO-FACTS where it gives them.
 *   The two numberings differ by 3 to 65 lines (the tag has more lines in `get_placeholders` and in the S3
 *   branch); the logic modelled here agrees with ZALANDO-FACTS' description of the tag in every rule it covers.
 *   `ENABLE_WAL_PATH_COMPAT` is read but unused in the stored copy; the tag's S3 branch is 6 lines longer and
 *   was not available, so any path-compat behaviour of the tag is not modelled.
 * - `runit/patroni/run` (`49f40f5`) lines 27-29, `scripts/postgres_backup.sh` (`c547abe`),
 *   `bootstrap/clone_with_wale.py` (`26f01fa`): Spilo's Patroni start, base backup and PITR clone scripts.
 * - WAL-G **v3.0.5** (the version Spilo 4.0-p3 pins): IRSA `sts:AssumeRole` without `RoleSessionName`
 *   (`pkg/storages/s3/session.go:112-124`, ZALANDO-FACTS §g.1), Azure default credential chain
 *   (`pkg/storages/azure/storage.go:128`, §g.3), `AWS_S3_FORCE_PATH_STYLE` default false and `WALG_S3_SSE` read
 *   as-is (`pkg/storages/s3/configure.go`; WAL-G has no `WALG_DISABLE_S3_SSE`, that name is Spilo's).
 * - aws/amazon-eks-pod-identity-webhook `pkg/handler/handler.go` `addEnvToContainer` (stored `9dafe2b`) and
 *   Azure/azure-workload-identity's webhook (PLATFORM-FACTS.md §2, `mutating-admission-webhook.md` 10-23).
 * - Patroni `ha.py` `bootstrap_standby_leader`: with `standby_cluster` in the bootstrap DCS config the first
 *   member bootstraps as a standby leader from `create_replica_methods`, not with the custom bootstrap method.
 *
 * ## Not modelled
 * Values of Secrets/ConfigMaps (rendered as `<secret:name/key>`), `envFrom` contents (reported as opaque),
 * `$(VAR)` expansion, the DCS half of `SPILO_CONFIGURATION` (compareEnv ignores it), WAL-E itself, Swift/SSH
 * stores beyond store selection, log shipping.
 */

// ------------------------------------------------------------------------------------------------------------
// Inputs
// ------------------------------------------------------------------------------------------------------------

/** A core/v1 EnvVar as it appears in a manifest. */
export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: any;
}

/** Which part of the operator (or which admission webhook) put a variable into the container. */
export type EnvOrigin =
  | 'operator' // hard-coded and conditional variables of generateSpiloPodEnvVars
  | 'spec.env'
  | 'clone' // generateCloneEnvironment
  | 'standby' // generateStandbyEnvironment
  | 'pod_environment_secret'
  | 'pod_environment_configmap'
  | 'operator_config' // wal_s3_bucket & co.
  | 'tls'
  | 'eks-webhook'
  | 'azure-webhook';

/** An env entry of the Spilo container, with where it came from. */
export interface ModelEnvVar extends EnvVar {
  readonly origin: EnvOrigin;
}

/**
 * The operator settings that shape a cluster's Spilo environment (OperatorConfiguration keys in brackets).
 * Unset fields take the v2.0.1 code defaults (`pkg/util/config/config.go`, ZALANDO-FACTS §c).
 */
export interface SpiloModelSettings {
  /** [aws_or_gcp.irsa_role_arn] default "". Adds CLONE_/STANDBY_ role variables and owns the SA annotation. */
  readonly irsaRoleArn?: string;
  /** [aws_or_gcp.wal_s3_bucket] default "". */
  readonly walS3Bucket?: string;
  /** [aws_or_gcp.wal_gs_bucket] default "". */
  readonly walGsBucket?: string;
  /** [aws_or_gcp.wal_az_storage_account] default "". */
  readonly walAzStorageAccount?: string;
  /** [aws_or_gcp.gcp_credentials] default "". */
  readonly gcpCredentials?: string;
  /** [aws_or_gcp.log_s3_bucket] default "". */
  readonly logS3Bucket?: string;
  /**
   * [aws_or_gcp.aws_region] default eu-central-1. Not used by generateSpiloPodEnvVars [op-stored] (it serves
   * EBS volume resizing); kept so that tests can state that it does not reach Spilo.
   */
  readonly awsRegion?: string;
  /** [kubernetes.pod_environment_configmap] the ConfigMap's `data`, default none. */
  readonly podEnvironmentConfigMap?: Record<string, string>;
  /** [kubernetes.pod_environment_secret] the Secret's name and its keys, default none. */
  readonly podEnvironmentSecret?: { readonly name: string; readonly keys: string[] };
  /** [enable_spilo_wal_path_compat] default false. */
  readonly enableSpiloWalPathCompat?: boolean;
  /** [kubernetes_use_configmaps] default true (v2). */
  readonly kubernetesUseConfigmaps?: boolean;
  /** [enable_pgversion_env_var] default true. */
  readonly enablePgversionEnvVar?: boolean;
  /** [kubernetes.enable_pod_disruption_budget] default true. */
  readonly enablePodDisruptionBudget?: boolean;
  /** [etcd_host] default "" (Kubernetes DCS). */
  readonly etcdHost?: string;
  /** [kubernetes.cluster_labels] default {application: spilo}. */
  readonly clusterLabels?: Record<string, string>;
  /** [kubernetes.cluster_name_label] default cluster-name. */
  readonly clusterNameLabel?: string;
  /** [kubernetes.pod_role_label] default spilo-role. */
  readonly podRoleLabel?: string;
  /** [kubernetes.inherited_labels] default none: postgresql labels copied to the pods. */
  readonly inheritedLabels?: string[];
  /** [users.super_username] default postgres. */
  readonly superUsername?: string;
  /** [users.replication_username] default standby. */
  readonly replicationUsername?: string;
  /** [kubernetes.secret_name_template] default `{username}.{cluster}.credentials.{tprkind}.{tprgroup}`. */
  readonly secretNameTemplate?: string;
  /** [pam_role_name] default zalandos. */
  readonly pamRoleName?: string;
  /** [pam_configuration] default the example tokeninfo URL. */
  readonly pamConfiguration?: string;
}

type Settings = Required<Omit<SpiloModelSettings, 'podEnvironmentConfigMap' | 'podEnvironmentSecret'>> &
  Pick<SpiloModelSettings, 'podEnvironmentConfigMap' | 'podEnvironmentSecret'>;

/** v2.0.1 code defaults (config.go; ZALANDO-FACTS §c). */
export const OPERATOR_DEFAULTS: Settings = {
  irsaRoleArn: '',
  walS3Bucket: '',
  walGsBucket: '',
  walAzStorageAccount: '',
  gcpCredentials: '',
  logS3Bucket: '',
  awsRegion: 'eu-central-1',
  enableSpiloWalPathCompat: false,
  kubernetesUseConfigmaps: true,
  enablePgversionEnvVar: true,
  enablePodDisruptionBudget: true,
  etcdHost: '',
  clusterLabels: { application: 'spilo' },
  clusterNameLabel: 'cluster-name',
  podRoleLabel: 'spilo-role',
  inheritedLabels: [],
  superUsername: 'postgres',
  replicationUsername: 'standby',
  secretNameTemplate: '{username}.{cluster}.credentials.{tprkind}.{tprgroup}',
  pamRoleName: 'zalandos',
  pamConfiguration: 'https://info.example.com/oauth2/tokeninfo?access_token= uid realm=/employees',
};

function settingsOf(s: SpiloModelSettings = {}): Settings {
  const out: any = { ...OPERATOR_DEFAULTS };
  for (const [k, v] of Object.entries(s)) if (v !== undefined) out[k] = v;
  return out;
}

/** The token file the EKS webhook projects and the operator names for CLONE_/STANDBY_ (ZALANDO-FACTS §b.5). */
export const IRSA_TOKEN_FILE = '/var/run/secrets/eks.amazonaws.com/serviceaccount/token';

// ------------------------------------------------------------------------------------------------------------
// 1. The Spilo container env the operator assembles
// ------------------------------------------------------------------------------------------------------------

/**
 * `secret_name_template` with `_` in the user name turned into `-` (cluster/util.go; ZALANDO-FACTS §b.2); every
 * occurrence of a placeholder is replaced (StringTemplate.Format: strings.Replace(..., -1)).
 */
export function credentialSecretName(user: string, cluster: string, settings: SpiloModelSettings = {}): string {
  const values: Array<[string, string]> = [['{username}', user.replace(/_/g, '-')], ['{cluster}', cluster], ['{tprkind}', 'postgresql'], ['{tprgroup}', 'acid.zalan.do']];
  return values.reduce((name, [placeholder, value]) => name.split(placeholder).join(value), settingsOf(settings).secretNameTemplate);
}

/**
 * Keys of `postgresql.parameters` that go to the local Patroni section of SPILO_CONFIGURATION; all others go to
 * bootstrap.dcs (ZALANDO-FACTS §a, k8sres.go isBootstrapOnlyParameter).
 */
export const LOCAL_PARAMETERS: readonly string[] = [
  'archive_command', 'shared_buffers', 'logging_collector', 'log_destination', 'log_directory', 'log_filename',
  'log_file_mode', 'log_rotation_age', 'log_truncate_on_rotation', 'ssl', 'ssl_ca_file', 'ssl_crl_file',
  'ssl_cert_file', 'ssl_key_file', 'shared_preload_libraries', 'bg_mon.listen_address', 'bg_mon.history_buckets',
  'pg_stat_statements.track_utility', 'extwlist.extensions', 'extwlist.custom_path',
];

function isLocalParameter(key: string): boolean {
  return LOCAL_PARAMETERS.includes(key);
}

/**
 * SPILO_CONFIGURATION (k8sres.go generateSpiloJSONConfiguration; ZALANDO-FACTS §b.4). The local `postgresql`
 * part is exact; the `bootstrap.dcs` part is simplified (compareEnv zeroes it, cluster.go:727-742 [op]).
 */
export function spiloConfiguration(spec: any, settings: SpiloModelSettings = {}): string {
  const s = settingsOf(settings);
  const params: Record<string, string> = spec.postgresql?.parameters ?? {};
  const local: Record<string, string> = {};
  const dcsParams: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) (isLocalParameter(k) ? local : dcsParams)[k] = v;
  const postgresql: Record<string, any> = {};
  if (!s.enablePgversionEnvVar) postgresql.bin_dir = `/usr/lib/postgresql/${spec.postgresql?.version}/bin`;
  if (Object.keys(local).length) postgresql.parameters = local;
  if (spec.patroni?.pg_hba?.length) postgresql.pg_hba = spec.patroni.pg_hba;
  const initdb: any[] = [{ 'auth-host': 'scram-sha-256' }, { 'auth-local': 'trust' }];
  for (const k of Object.keys(spec.patroni?.initdb ?? {}).sort()) {
    const v = spec.patroni.initdb[k];
    initdb.push(v === 'true' && ['data-checksums', 'debug', 'no-locale', 'noclean', 'nosync', 'sync-only'].includes(k) ? k : { [k]: v });
  }
  const dcs: Record<string, any> = {};
  if (Object.keys(dcsParams).length) dcs.postgresql = { parameters: dcsParams };
  return JSON.stringify({ postgresql, bootstrap: { initdb, dcs } });
}

/**
 * appendEnvVars: appends each variable unless one with the same name, compared **case-insensitively**
 * (strings.EqualFold), is already present, including one appended earlier from the same list
 * (k8sres.go appendEnvVars/isEnvVarPresent [op-stored]; "1109-1126" in CHANGE-FACTS §3b).
 */
function appendEnvVars(env: ModelEnvVar[], add: EnvVar[], origin: EnvOrigin, skipped: SkippedEnv[]): void {
  for (const e of add) {
    const present = env.find((x) => x.name.toLowerCase() === e.name.toLowerCase());
    if (present) skipped.push({ name: e.name, origin, shadowedBy: present.origin });
    else env.push({ ...e, origin });
  }
}

/** An entry appendEnvVars dropped because the name (case-insensitively) was already set. */
export interface SkippedEnv {
  readonly name: string;
  readonly origin: EnvOrigin;
  readonly shadowedBy: EnvOrigin;
}

/**
 * generateCloneEnvironment (k8sres.go [op-stored]; ZALANDO-FACTS §b.5). Only when `clone.cluster` is set.
 * Order: CLONE_SCOPE; then either the basebackup connection or the WAL location (manifest `s3_wal_path`, else
 * the first global bucket plus the clone UID suffix), method, target time, empty scope prefix, endpoint,
 * keys, path style; v2.0.1 then adds CLONE_AWS_ROLE_ARN / CLONE_AWS_WEB_IDENTITY_TOKEN_FILE when
 * `irsa_role_arn` is set (k8sres.go:2220-2222 [op], placed here at the end of the WAL branch; whether the tag
 * also adds them for basebackup clones was not verifiable, and Spilo reads CLONE_AWS_* only for WAL clones).
 */
export function cloneEnvironment(clone: any, settings: SpiloModelSettings = {}): EnvVar[] {
  const s = settingsOf(settings);
  if (!clone?.cluster) return [];
  const env: EnvVar[] = [{ name: 'CLONE_SCOPE', value: clone.cluster }];
  if (!clone.timestamp) {
    // getClusterServiceConnectionParameters: host = the cluster name (same namespace), port 5432
    env.push(
      { name: 'CLONE_METHOD', value: 'CLONE_WITH_BASEBACKUP' },
      { name: 'CLONE_HOST', value: clone.cluster },
      { name: 'CLONE_PORT', value: '5432' },
      { name: 'CLONE_USER', value: s.replicationUsername },
      { name: 'CLONE_PASSWORD', valueFrom: { secretKeyRef: { name: credentialSecretName(s.replicationUsername, clone.cluster, s), key: 'password' } } },
    );
    return env;
  }
  if (!clone.s3_wal_path) {
    if (s.walS3Bucket) {env.push({ name: 'CLONE_WAL_S3_BUCKET', value: s.walS3Bucket });} else if (s.walGsBucket) {
      env.push({ name: 'CLONE_WAL_GS_BUCKET', value: s.walGsBucket });
      if (s.gcpCredentials) env.push({ name: 'CLONE_GOOGLE_APPLICATION_CREDENTIALS', value: s.gcpCredentials });
    } else if (s.walAzStorageAccount) {env.push({ name: 'CLONE_AZURE_STORAGE_ACCOUNT', value: s.walAzStorageAccount });}
    env.push({ name: 'CLONE_WAL_BUCKET_SCOPE_SUFFIX', value: clone.uid ? `/${clone.uid}` : '' });
  } else {
    env.push({ name: 'CLONE_WALE_S3_PREFIX', value: clone.s3_wal_path });
  }
  env.push(
    { name: 'CLONE_METHOD', value: 'CLONE_WITH_WALE' },
    { name: 'CLONE_TARGET_TIME', value: clone.timestamp },
    { name: 'CLONE_WAL_BUCKET_SCOPE_PREFIX', value: '' },
  );
  if (clone.s3_endpoint) {
    // the raw endpoint, scheme and all, into both names (k8sres.go:2198 [op], §g.5)
    env.push({ name: 'CLONE_AWS_ENDPOINT', value: clone.s3_endpoint }, { name: 'CLONE_WALE_S3_ENDPOINT', value: clone.s3_endpoint });
  }
  if (clone.s3_access_key_id) env.push({ name: 'CLONE_AWS_ACCESS_KEY_ID', value: clone.s3_access_key_id });
  if (clone.s3_secret_access_key) env.push({ name: 'CLONE_AWS_SECRET_ACCESS_KEY', value: clone.s3_secret_access_key });
  if (clone.s3_force_path_style !== undefined && clone.s3_force_path_style !== null) {
    env.push({ name: 'CLONE_AWS_S3_FORCE_PATH_STYLE', value: clone.s3_force_path_style ? '1' : '0' });
  }
  if (s.irsaRoleArn) {
    env.push({ name: 'CLONE_AWS_ROLE_ARN', value: s.irsaRoleArn }, { name: 'CLONE_AWS_WEB_IDENTITY_TOKEN_FILE', value: IRSA_TOKEN_FILE });
  }
  return env;
}

/**
 * generateStandbyEnvironment (k8sres.go [op-stored]; ZALANDO-FACTS §b.6): host, port and slot when
 * `standby_host` is set; then `s3_wal_path`, else `gs_wal_path`, each with STANDBY_METHOD and an empty
 * STANDBY_WAL_BUCKET_SCOPE_PREFIX (k8sres.go:2255-2259 [op]); v2.0.1 then adds STANDBY_AWS_ROLE_ARN /
 * STANDBY_AWS_WEB_IDENTITY_TOKEN_FILE when `irsa_role_arn` is set (k8sres.go:2270-2272 [op]).
 */
export function standbyEnvironment(standby: any, settings: SpiloModelSettings = {}): EnvVar[] {
  const s = settingsOf(settings);
  if (!standby) return [];
  const env: EnvVar[] = [];
  if (standby.standby_host) {
    env.push({ name: 'STANDBY_HOST', value: standby.standby_host });
    if (standby.standby_port) env.push({ name: 'STANDBY_PORT', value: standby.standby_port });
    if (standby.standby_primary_slot_name) env.push({ name: 'STANDBY_PRIMARY_SLOT_NAME', value: standby.standby_primary_slot_name });
  }
  if (standby.s3_wal_path) {
    env.push({ name: 'STANDBY_WALE_S3_PREFIX', value: standby.s3_wal_path });
    env.push({ name: 'STANDBY_METHOD', value: 'STANDBY_WITH_WALE' }, { name: 'STANDBY_WAL_BUCKET_SCOPE_PREFIX', value: '' });
  } else if (standby.gs_wal_path) {
    env.push({ name: 'STANDBY_WALE_GS_PREFIX', value: standby.gs_wal_path });
    env.push({ name: 'STANDBY_METHOD', value: 'STANDBY_WITH_WALE' }, { name: 'STANDBY_WAL_BUCKET_SCOPE_PREFIX', value: '' });
  }
  if (s.irsaRoleArn) {
    env.push({ name: 'STANDBY_AWS_ROLE_ARN', value: s.irsaRoleArn }, { name: 'STANDBY_AWS_WEB_IDENTITY_TOKEN_FILE', value: IRSA_TOKEN_FILE });
  }
  return env;
}

/** ensurePath (k8sres.go [op-stored]): empty -> mount/default, absolute -> as is, relative -> mount/file. */
function ensurePath(file: string | undefined, mountPath: string, defaultFile: string): string {
  if (!file) return `${mountPath}/${defaultFile}`;
  return file.startsWith('/') ? file : `${mountPath}/${file}`;
}

/** The operator's env assembly, with what appendEnvVars dropped. */
export interface OperatorEnv {
  /** The env of the `postgres` container in the StatefulSet template, in order, duplicates included. */
  readonly env: ModelEnvVar[];
  /** Entries dropped by appendEnvVars because the name was already present. */
  readonly skipped: SkippedEnv[];
  /** spec.envFrom, copied as given (its keys are unknown to the model). */
  readonly envFrom?: any[];
}

/**
 * generateSpiloPodEnvVars (k8sres.go [op-stored]; ZALANDO-FACTS §b.4, v2.0.1 order and conditions) plus the TLS
 * variables generateStatefulSet appends. `uid` is the postgresql object's metadata.uid (assigned by the API
 * server; the WAL scope suffix of the global buckets is `/<uid>`).
 */
export function generateSpiloPodEnvVars(manifest: any, settings: SpiloModelSettings = {}, uid = ''): OperatorEnv {
  const s = settingsOf(settings);
  const name: string = manifest.metadata.name;
  const spec = manifest.spec ?? {};
  const skipped: SkippedEnv[] = [];
  const op = (e: EnvVar): ModelEnvVar => ({ ...e, origin: 'operator' });
  const env: ModelEnvVar[] = [
    op({ name: 'SCOPE', value: name }),
    op({ name: 'PGROOT', value: '/home/postgres/pgdata/pgroot' }),
    op({ name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } }),
    op({ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } }),
    op({ name: 'PGUSER_SUPERUSER', value: s.superUsername }),
    op({ name: 'KUBERNETES_SCOPE_LABEL', value: s.clusterNameLabel }),
    op({ name: 'KUBERNETES_ROLE_LABEL', value: s.podRoleLabel }),
    op({ name: 'PGPASSWORD_SUPERUSER', valueFrom: { secretKeyRef: { name: credentialSecretName(s.superUsername, name, s), key: 'password' } } }),
    op({ name: 'PGUSER_STANDBY', value: s.replicationUsername }),
    op({ name: 'PGPASSWORD_STANDBY', valueFrom: { secretKeyRef: { name: credentialSecretName(s.replicationUsername, name, s), key: 'password' } } }),
    op({ name: 'PAM_OAUTH2', value: s.pamConfiguration }),
    op({ name: 'HUMAN_ROLE', value: s.pamRoleName }),
  ];
  if (s.enableSpiloWalPathCompat) env.push(op({ name: 'ENABLE_WAL_PATH_COMPAT', value: 'true' }));
  if (s.enablePgversionEnvVar) env.push(op({ name: 'PGVERSION', value: spec.postgresql?.version }));
  // json.Marshal of a map sorts the keys
  const labels = Object.fromEntries(Object.entries(s.clusterLabels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  env.push(op({ name: 'KUBERNETES_LABELS', value: JSON.stringify(labels) }));
  env.push(op({ name: 'SPILO_CONFIGURATION', value: spiloConfiguration(spec, s) }));
  if (!s.etcdHost) {
    env.push(op({ name: 'DCS_ENABLE_KUBERNETES_API', value: 'true' }));
    if (s.enablePodDisruptionBudget) env.push(op({ name: 'KUBERNETES_BOOTSTRAP_LABELS', value: '{"critical-operation":"true"}' }));
    if (s.kubernetesUseConfigmaps) env.push(op({ name: 'KUBERNETES_USE_CONFIGMAPS', value: 'true' }));
  } else {
    env.push(op({ name: 'ETCD_HOST', value: s.etcdHost }));
  }

  // 1. spec.env: cannot override anything above; within spec.env the first of two equal names wins
  appendEnvVars(env, spec.env ?? [], 'spec.env', skipped);
  // 2. clone and standby env: plain append(), no de-duplication (k8sres.go:1046-1056, 1051, 1055 [op])
  if (spec.clone?.cluster) env.push(...cloneEnvironment(spec.clone, s).map((e) => ({ ...e, origin: 'clone' as const })));
  if (spec.standby) env.push(...standbyEnvironment(spec.standby, s).map((e) => ({ ...e, origin: 'standby' as const })));
  // 3. pod_environment_secret keys (sorted), each a secretKeyRef into the cluster's namespace
  if (s.podEnvironmentSecret) {
    const secret = s.podEnvironmentSecret;
    appendEnvVars(env, [...secret.keys].sort().map((k) => ({ name: k, valueFrom: { secretKeyRef: { name: secret.name, key: k } } })),
      'pod_environment_secret', skipped);
  }
  // 4. pod_environment_configmap data (sorted)
  if (s.podEnvironmentConfigMap) {
    const data = s.podEnvironmentConfigMap;
    appendEnvVars(env, Object.keys(data).sort().map((k) => ({ name: k, value: data[k] })), 'pod_environment_configmap', skipped);
  }
  // 5. operator-config WAL variables (k8sres.go:1077, 1083 [op])
  const suffix = uid ? `/${uid}` : '';
  const cfg: EnvVar[] = [];
  const scoped = (bucketVar: string, value: string) => cfg.push(
    { name: bucketVar, value }, { name: 'WAL_BUCKET_SCOPE_SUFFIX', value: suffix }, { name: 'WAL_BUCKET_SCOPE_PREFIX', value: '' });
  if (s.walS3Bucket) scoped('WAL_S3_BUCKET', s.walS3Bucket);
  if (s.walGsBucket) scoped('WAL_GS_BUCKET', s.walGsBucket);
  if (s.walAzStorageAccount) scoped('AZURE_STORAGE_ACCOUNT', s.walAzStorageAccount);
  if (s.gcpCredentials) cfg.push({ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: s.gcpCredentials });
  if (s.logS3Bucket) {
    cfg.push({ name: 'LOG_S3_BUCKET', value: s.logS3Bucket }, { name: 'LOG_BUCKET_SCOPE_SUFFIX', value: suffix }, { name: 'LOG_BUCKET_SCOPE_PREFIX', value: '' });
  }
  appendEnvVars(env, cfg, 'operator_config', skipped);
  // 6. TLS (generateStatefulSet: appendEnvVars per variable [op-stored])
  if (spec.tls?.secretName) {
    const tls = spec.tls;
    const tlsEnv: EnvVar[] = [
      { name: 'SSL_CERTIFICATE_FILE', value: ensurePath(tls.certificateFile, '/tls', 'tls.crt') },
      { name: 'SSL_PRIVATE_KEY_FILE', value: ensurePath(tls.privateKeyFile, '/tls', 'tls.key') },
    ];
    if (tls.caFile) tlsEnv.push({ name: 'SSL_CA_FILE', value: ensurePath(tls.caFile, tls.caSecretName ? '/tlsca' : '/tls', '') });
    appendEnvVars(env, tlsEnv, 'tls', skipped);
  }
  return { env, skipped, envFrom: spec.envFrom };
}

// ------------------------------------------------------------------------------------------------------------
// Admission webhooks (optional step, on pod creation; they do not change the StatefulSet the operator compares)
// ------------------------------------------------------------------------------------------------------------

/** What the identity webhooks do to the Spilo pods. */
export interface Webhooks {
  /**
   * The EKS pod identity webhook with this role (the pod ServiceAccount's `eks.amazonaws.com/role-arn` at pod
   * creation). Use `effectiveIrsaRole` to derive it from the operator's behaviour.
   */
  readonly eksRoleArn?: string;
  /** The webhook adds AWS_STS_REGIONAL_ENDPOINTS=regional (EKS configures it so). @default true */
  readonly eksRegionalSts?: boolean;
  /** The webhook's region flag (adds AWS_REGION and AWS_DEFAULT_REGION when neither is set). @default none */
  readonly eksRegion?: string;
  /** The Azure Workload Identity webhook (SA annotated with a client id and pod label `azure.workload.identity/use`). */
  readonly azureWorkloadIdentity?: { readonly clientId: string; readonly tenantId?: string };
}

/**
 * The role the EKS webhook sees on the pod ServiceAccount: syncPodServiceAccount (sync.go:1821-1846 [op])
 * overwrites the `eks.amazonaws.com/role-arn` annotation with `irsa_role_arn` when it is set and deletes it when it
 * is empty, on every sync (§g.1). A GitOps-declared annotation survives only between two syncs.
 */
export function effectiveIrsaRole(settings: SpiloModelSettings = {}): string | undefined {
  return settingsOf(settings).irsaRoleArn || undefined;
}

/**
 * addEnvToContainer (amazon-eks-pod-identity-webhook handler.go): AWS_STS_REGIONAL_ENDPOINTS and the region
 * only when not present, AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE only when **neither** is present (exact
 * names); plus the projected token volume. Azure Workload Identity injects AZURE_CLIENT_ID, AZURE_TENANT_ID,
 * AZURE_FEDERATED_TOKEN_FILE and AZURE_AUTHORITY_HOST (PLATFORM-FACTS §2; modelled as "when absent").
 */
export function admitPod(env: ModelEnvVar[], webhooks: Webhooks = {}): { env: ModelEnvVar[]; volumes: string[] } {
  const out = [...env];
  const volumes: string[] = [];
  const has = (n: string) => out.some((e) => e.name === n);
  if (webhooks.eksRoleArn) {
    const reserved = has('AWS_ROLE_ARN') || has('AWS_WEB_IDENTITY_TOKEN_FILE');
    const region = has('AWS_REGION') || has('AWS_DEFAULT_REGION');
    const add: ModelEnvVar[] = [];
    if (!has('AWS_STS_REGIONAL_ENDPOINTS') && (webhooks.eksRegionalSts ?? true)) add.push({ name: 'AWS_STS_REGIONAL_ENDPOINTS', value: 'regional', origin: 'eks-webhook' });
    if (!region && webhooks.eksRegion) {
      add.push({ name: 'AWS_DEFAULT_REGION', value: webhooks.eksRegion, origin: 'eks-webhook' }, { name: 'AWS_REGION', value: webhooks.eksRegion, origin: 'eks-webhook' });
    }
    if (!reserved) {
      add.push({ name: 'AWS_ROLE_ARN', value: webhooks.eksRoleArn, origin: 'eks-webhook' }, { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: IRSA_TOKEN_FILE, origin: 'eks-webhook' });
    }
    out.push(...add);
    volumes.push(IRSA_TOKEN_FILE);
  }
  if (webhooks.azureWorkloadIdentity) {
    const az = webhooks.azureWorkloadIdentity;
    const token = '/var/run/secrets/azure/tokens/azure-identity-token';
    const add: Array<[string, string]> = [
      ['AZURE_CLIENT_ID', az.clientId], ['AZURE_TENANT_ID', az.tenantId ?? '<tenant>'],
      ['AZURE_FEDERATED_TOKEN_FILE', token], ['AZURE_AUTHORITY_HOST', 'https://login.microsoftonline.com/'],
    ];
    for (const [n, v] of add) if (!has(n)) out.push({ name: n, value: v, origin: 'azure-webhook' });
    volumes.push(token);
  }
  return { env: out, volumes };
}

// ------------------------------------------------------------------------------------------------------------
// 2. Would compareEnv (and friends) roll the pods on every sync?
// ------------------------------------------------------------------------------------------------------------

/** compareEnv's notion of equal values (cluster.go:709-713 [op]): both values empty -> valueFrom DeepEqual. */
function sameEnvValue(a: EnvVar, b: EnvVar): boolean {
  if (!a.value && !b.value) return JSON.stringify(canonical(a.valueFrom)) === JSON.stringify(canonical(b.valueFrom));
  return a.value === b.value;
}

function canonical(v: any): any {
  if (Array.isArray(v)) return v.map(canonical);
  if (v === null || typeof v !== 'object') return v ?? null;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
}

/**
 * compareEnv (cluster.go:696-725 [op]): equal length; every name of `a` must be found in `b` (exact, case-sensitive
 * names) and **every** entry of `b` with that name must be equal to it.
 */
export function compareEnv(a: EnvVar[], b: EnvVar[]): boolean {
  if (a.length !== b.length) return false;
  for (const ea of a) {
    const matches = b.filter((eb) => eb.name === ea.name);
    if (!matches.length) return false;
    for (const eb of matches) {
      if (ea.name === 'SPILO_CONFIGURATION') {
        if (JSON.stringify(spiloConfigWithoutDcs(ea.value)) !== JSON.stringify(spiloConfigWithoutDcs(eb.value))) return false;
      } else if (!sameEnvValue(ea, eb)) {return false;}
    }
  }
  return true;
}

function spiloConfigWithoutDcs(v?: string): any {
  try {
    const c = JSON.parse(v ?? '');
    return canonical({ ...c, bootstrap: { ...(c.bootstrap ?? {}), dcs: {} } });
  } catch {
    return Symbol('unparsable');
  }
}

function probeReasons(where: string, probe: any): string[] {
  if (!probe) return [];
  const missing = ['timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'].filter((k) => probe[k] === undefined);
  if (probe.httpGet) for (const k of ['path', 'scheme']) if (probe.httpGet[k] === undefined) missing.push(`httpGet.${k}`);
  return missing.length ? [`${where} omits ${missing.join(', ')}: the API server fills in defaults, DeepEqual fails (cluster.go:633-634)`] : [];
}

/**
 * Reasons why the operator would find the StatefulSet it generates different from the one the API server stored,
 * on **every** sync (CHANGE-FACTS §3a/§3b), so that it rolls the pods every resync period. Empty = stable.
 */
export function rollReasons(manifest: any, settings: SpiloModelSettings = {}, uid = ''): string[] {
  const spec = manifest.spec ?? {};
  const reasons: string[] = [];
  const { env } = generateSpiloPodEnvVars(manifest, settings, uid);
  const dupReasons = (where: string, list: EnvVar[]) => {
    const names = [...new Set(list.map((e) => e.name))];
    for (const n of names) {
      const same = list.filter((e) => e.name === n);
      if (same.length < 2) continue;
      const differ = same.some((x) => !sameEnvValue(x, same[0]));
      if (differ) {
        const shown = same.map((e) => `${(e as ModelEnvVar).origin ?? where}=${e.value ?? JSON.stringify(e.valueFrom)}`).join(' vs ');
        reasons.push(`${where}: ${n} is set ${same.length} times with different values (${shown}); compareEnv never matches (cluster.go:701-718)`);
      }
    }
  };
  dupReasons('postgres env', env);
  // the stored template went through API defaulting (SetDefaults_ObjectFieldSelector); the desired one did not
  for (const e of env) {
    if (e.valueFrom?.fieldRef && !e.valueFrom.fieldRef.apiVersion) {
      reasons.push(`postgres env: ${e.name} has a fieldRef without apiVersion; the API server defaults it to v1 (cluster.go:709-711)`);
    }
  }
  for (const [kind, list] of [['sidecars', spec.sidecars ?? []], ['initContainers', spec.initContainers ?? []]] as Array<[string, any[]]>) {
    list.forEach((c, i) => {
      const where = `${kind}[${i}] ${c.name ?? ''}`.trim();
      for (const e of c.env ?? []) {
        if (e.valueFrom?.fieldRef && !e.valueFrom.fieldRef.apiVersion) {
          reasons.push(`${where} env: ${e.name} has a fieldRef without apiVersion (cluster.go:709-711)`);
        }
      }
      if (kind === 'initContainers') dupReasons(`${where} env`, c.env ?? []);
      reasons.push(...probeReasons(`${where} livenessProbe`, c.livenessProbe), ...probeReasons(`${where} readinessProbe`, c.readinessProbe));
    });
  }
  reasons.push(...probeReasons('spec.livenessProbe', spec.livenessProbe));
  if (Array.isArray(spec.envFrom) && spec.envFrom.length === 0) reasons.push('spec.envFrom is an explicit empty list; stored nil != desired [] (cluster.go:641-642)');
  if (Array.isArray(spec.topologySpreadConstraints) && spec.topologySpreadConstraints.length === 0) {
    reasons.push('spec.topologySpreadConstraints is an explicit empty list: StatefulSet replace and roll every sync (cluster.go:514-518)');
  }
  return reasons;
}

/**
 * Whether changing the manifest from `before` to `after` changes the Spilo env in a way compareEnv sees, which
 * makes the operator roll the pods once (e.g. promotion: removing `standby` drops the operator's STANDBY_* env,
 * §g.4). Returns the names that were added, removed or changed; empty = no env-driven roll.
 */
export function envChange(before: any, after: any, settings: SpiloModelSettings = {}, uid = ''): string[] {
  const a = generateSpiloPodEnvVars(before, settings, uid).env;
  const b = generateSpiloPodEnvVars(after, settings, uid).env;
  if (compareEnv(b, a)) return [];
  return envDiff(a, b);
}

/** The names whose entries differ between two env lists, sorted: `+NAME` added, `-NAME` removed, `~NAME` changed. */
export function envDiff(before: EnvVar[], after: EnvVar[]): string[] {
  const changed: string[] = [];
  for (const n of [...new Set([...before, ...after].map((e) => e.name))].sort()) {
    const x = before.filter((e) => e.name === n);
    const y = after.filter((e) => e.name === n);
    if (!x.length) changed.push(`+${n}`);
    else if (!y.length) changed.push(`-${n}`);
    else if (x.length !== y.length || x.some((e, i) => !sameEnvValue(e, y[i]))) changed.push(`~${n}`);
  }
  return changed;
}

// ------------------------------------------------------------------------------------------------------------
// 3. Spilo's configure_spilo.py on that env
// ------------------------------------------------------------------------------------------------------------

/** Python-ish placeholder values: strings from the environment, booleans and None set by Spilo. */
type P = Record<string, string | boolean | null | undefined>;

/** Python truthiness of a placeholder. */
const truthy = (v: unknown): boolean => v !== undefined && v !== null && v !== false && v !== '';
const pyStr = (v: unknown): string => (v === true ? 'True' : v === false ? 'False' : v === null || v === undefined ? 'None' : String(v));

/** The pod around the container (what configure_spilo.py reads besides the env). */
export interface SpiloContext {
  /** KUBERNETES_SERVICE_HOST is set (USE_KUBERNETES, configure_spilo.py:34 [spilo]). @default true */
  readonly inKubernetes?: boolean;
  /** instance_data.zone (get_instance_metadata): "local" unless the provider's metadata answered. @default "local" */
  readonly zone?: string;
  /** Newest PostgreSQL binary in the image (get_binary_version('')). @default "18" */
  readonly imageDefaultVersion?: string;
  /** PostgreSQL majors in the image (clone_with_wale.py get_possible_versions). @default 14..18 */
  readonly imageVersions?: string[];
  /** psutil.cpu_count() (WALG_*_CONCURRENCY defaults, min(cpu, 10)). @default 4 */
  readonly cpuCount?: number;
  /** The WAL-G version in the image. @default "3.0.5" (Spilo 4.0-p3) */
  readonly walgVersion?: string;
  /** Files that exist in the pod (projected tokens). @default none */
  readonly mountedFiles?: string[];
}

/** One WAL-G env-dir as written by write_wale_environment. */
export interface EnvDir {
  readonly path: string;
  /** file name -> content (only non-empty values are written, configure_spilo.py:910-914 [spilo]). */
  readonly files: Record<string, string>;
}

/** What Patroni bootstraps a new cluster with (the rendered `bootstrap` section). */
export type BootstrapMode =
  | { readonly kind: 'initdb' }
  | {
    readonly kind: 'standby';
    readonly host?: string;
    readonly port?: string;
    readonly primarySlotName?: string;
    readonly createReplicaMethods: string[];
    readonly restoreCommand?: string;
    /** a clone method rendered next to standby_cluster, which Patroni does not run for a standby leader */
    readonly ignoredMethod?: string;
  }
  | {
    readonly kind: 'clone-wal';
    readonly envDir: string;
    readonly targetTime: string;
    readonly timeline: string;
    readonly inclusive: boolean;
  }
  | { readonly kind: 'clone-basebackup'; readonly host: string; readonly port: string; readonly user: string };

/** Spilo's configuration derived from the container env. */
export interface SpiloConfig {
  /** get_placeholders' result (the env plus Spilo's defaults and decisions). */
  readonly placeholders: Readonly<P>;
  /** USE_WALE: some store is configured, so archiving and the backup cron are on (configure_spilo.py:636-638). */
  readonly archiving: boolean;
  /** postgresql.parameters.archive_command after SPILO_CONFIGURATION is merged over the template. */
  readonly archiveCommand: string;
  /** The base backup cron line, when archiving (write_crontab, configure_spilo.py:999-1001). */
  readonly backupCron?: string;
  /** BACKUP_NUM_TO_RETAIN as postgres_backup.sh applies it: kept as a count AND as days (min 2). */
  readonly retention: { readonly count: number; readonly days: number };
  /** WAL-G env-dirs written for the main archive, the clone source and the standby source. */
  readonly envDirs: { readonly backup?: EnvDir; readonly clone?: EnvDir; readonly standby?: EnvDir };
  /** How a fresh cluster bootstraps. */
  readonly bootstrap: BootstrapMode;
  /** logging.warning() calls on the way. */
  readonly warnings: string[];
}

const AUTO_ENABLE_WALG_RESTORE = ['WAL_S3_BUCKET', 'WALE_S3_PREFIX', 'WALG_S3_PREFIX', 'WALG_AZ_PREFIX', 'WALG_SSH_PREFIX']; // :37
const WALG_SSH_NAMES = ['WALG_SSH_PREFIX', 'SSH_PRIVATE_KEY_PATH', 'SSH_USERNAME', 'SSH_PORT']; // :38
const RW_DIR = '/run'; // spilo_commons RW_DIR default
const S3_NAMES = ['WALE_S3_PREFIX', 'WALG_S3_PREFIX', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'WALE_S3_ENDPOINT', 'AWS_ENDPOINT',
  'AWS_REGION', 'AWS_INSTANCE_PROFILE', 'WALE_DISABLE_S3_SSE', 'WALG_S3_SSE_KMS_ID', 'WALG_S3_SSE', 'WALG_DISABLE_S3_SSE',
  'AWS_S3_FORCE_PATH_STYLE', 'AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_STS_REGIONAL_ENDPOINTS']; // :779-782 (837-840)
const AZURE_NAMES = ['WALG_AZ_PREFIX', 'AZURE_STORAGE_ACCOUNT', 'WALG_AZURE_BUFFER_SIZE', 'WALG_AZURE_MAX_BUFFERS', 'AZURE_ENVIRONMENT_NAME']; // :783-784
const AZURE_AUTH_NAMES = ['AZURE_STORAGE_ACCESS_KEY', 'AZURE_STORAGE_SAS_TOKEN', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_TENANT_ID']; // :785-786
const GS_NAMES = ['WALE_GS_PREFIX', 'WALG_GS_PREFIX', 'GOOGLE_APPLICATION_CREDENTIALS']; // :787
const SWIFT_NAMES = ['WALE_SWIFT_PREFIX', 'SWIFT_AUTHURL', 'SWIFT_TENANT', 'SWIFT_TENANT_ID', 'SWIFT_USER', 'SWIFT_USER_ID',
  'SWIFT_USER_DOMAIN_NAME', 'SWIFT_USER_DOMAIN_ID', 'SWIFT_PASSWORD', 'SWIFT_AUTH_VERSION', 'SWIFT_ENDPOINT_TYPE', 'SWIFT_REGION',
  'SWIFT_DOMAIN_NAME', 'SWIFT_DOMAIN_ID', 'SWIFT_PROJECT_NAME', 'SWIFT_PROJECT_ID', 'SWIFT_PROJECT_DOMAIN_NAME', 'SWIFT_PROJECT_DOMAIN_ID'];
const WALG_NAMES = ['WALG_DELTA_MAX_STEPS', 'WALG_DELTA_ORIGIN', 'WALG_DOWNLOAD_CONCURRENCY', 'WALG_UPLOAD_CONCURRENCY',
  'WALG_UPLOAD_DISK_CONCURRENCY', 'WALG_DISK_RATE_LIMIT', 'WALG_NETWORK_RATE_LIMIT', 'WALG_COMPRESSION_METHOD', 'USE_WALG_BACKUP',
  'USE_WALG_RESTORE', 'WALG_BACKUP_COMPRESSION_METHOD', 'WALG_BACKUP_FROM_REPLICA', 'WALG_SENTINEL_USER_DATA',
  'WALG_PREVENT_WAL_OVERWRITE', 'WALG_S3_CA_CERT_FILE', 'WALG_LIBSODIUM_KEY', 'WALG_LIBSODIUM_KEY_PATH',
  'WALG_LIBSODIUM_KEY_TRANSFORM', 'WALG_PGP_KEY', 'WALG_PGP_KEY_PATH', 'WALG_PGP_KEY_PASSPHRASE', 'no_proxy', 'http_proxy',
  'https_proxy']; // :793-800

/** set_extended_wale_placeholders (configure_spilo.py:467-480 (tag 479-482 for the dir name)). */
function setExtendedWalePlaceholders(p: P, prefix: string): string | false {
  let found: string | undefined;
  for (const name of ['S3', 'GS', 'GCS', 'SWIFT', 'AZ']) {
    if (truthy(p[`${prefix}WALE_${name}_PREFIX`])
      || (['S3', 'GS', 'AZ'].includes(name) && truthy(p[`${prefix}WALG_${name}_PREFIX`]))
      || (truthy(p[`${prefix}WAL_${name}_BUCKET`]) && truthy(p[`${prefix}SCOPE`]))) {
      found = name;
      break;
    }
  }
  if (!found) return false;
  const scope = p[`${prefix}SCOPE`];
  const dirname = `env-${prefix.slice(0, -1).toLowerCase()}${truthy(scope) ? `-${scope}` : ''}`;
  p[`${prefix}WALE_ENV_DIR`] = `${RW_DIR}/etc/wal-e.d/${dirname}`;
  p[`${prefix}WITH_WALE`] = true;
  return found;
}

/** set_walg_placeholders (configure_spilo.py:483-490). */
function setWalgPlaceholders(p: P, prefix = ''): void {
  const supported = [...AUTO_ENABLE_WALG_RESTORE, 'WAL_GS_BUCKET', 'WALE_GS_PREFIX', 'WALG_GS_PREFIX'].some((n) => truthy(p[prefix + n]));
  const dflt = 'USE_WALG' in p ? p.USE_WALG : false;
  if (!(`${prefix}USE_WALG` in p)) p[`${prefix}USE_WALG`] = dflt;
  for (const name of ['USE_WALG_BACKUP', 'USE_WALG_RESTORE']) {
    const raw = `${prefix}${name}` in p ? p[`${prefix}${name}`] : p[`${prefix}USE_WALG`];
    p[prefix + name] = pyStr(raw).toLowerCase() === 'true' && supported ? 'true' : null;
  }
}

const setdefault = (p: P, k: string, v: string | boolean | null) => {
  if (!(k in p)) p[k] = v;
};

/** get_placeholders (configure_spilo.py:516-697), the parts that bear on archiving, backups and bootstrap. */
function getPlaceholders(env: Record<string, string>, ctx: Required<SpiloContext>): { p: P; warnings: string[] } {
  const p: P = { ...env };
  const warnings: string[] = [];
  setdefault(p, 'PGHOME', '/home/postgres');
  setdefault(p, 'BACKUP_SCHEDULE', '0 1 * * *'); // :521
  setdefault(p, 'BACKUP_NUM_TO_RETAIN', '5'); // :522
  setdefault(p, 'PGROOT', `${p.PGHOME}/pgroot`);
  setdefault(p, 'WALE_TMPDIR', `${String(p.PGROOT).replace(/\/[^/]+$/, '')}/tmp`);
  setdefault(p, 'PGDATA', `${p.PGROOT}/pgdata`);
  setdefault(p, 'PGPORT', '5432');
  setdefault(p, 'SCOPE', 'dummy');
  setdefault(p, 'RW_DIR', RW_DIR);
  setdefault(p, 'CLONE_TARGET_TIMELINE', 'latest');
  // :555-559 NAMESPACE from POD_NAMESPACE with the Kubernetes DCS; the scope prefix defaults to "<namespace>-"
  setdefault(p, 'NAMESPACE', ctx.inKubernetes && truthy(p.DCS_ENABLE_KUBERNETES_API) ? (p.POD_NAMESPACE as string ?? 'default') : '');
  setdefault(p, 'WAL_BUCKET_SCOPE_PREFIX', !['default', ''].includes(p.NAMESPACE as string) ? `${p.NAMESPACE}-` : '');
  setdefault(p, 'WAL_BUCKET_SCOPE_SUFFIX', '');
  setdefault(p, 'WAL_RESTORE_TIMEOUT', '0');
  setdefault(p, 'WALE_ENV_DIR', `${RW_DIR}/etc/wal-e.d/env`);
  setdefault(p, 'USE_WALE', false);
  const cpus = String(Math.min(ctx.cpuCount, 10));
  setdefault(p, 'WALG_DOWNLOAD_CONCURRENCY', cpus);
  setdefault(p, 'WALG_UPLOAD_CONCURRENCY', cpus);
  setdefault(p, 'USE_PAUSE_AT_RECOVERY_TARGET', false);
  setdefault(p, 'CLONE_METHOD', '');
  setdefault(p, 'CLONE_WITH_WALE', '');
  setdefault(p, 'CLONE_WITH_BASEBACKUP', '');
  setdefault(p, 'CLONE_TARGET_TIME', '');
  setdefault(p, 'CLONE_TARGET_INCLUSIVE', true);

  // :595-614 a clone method excludes the standby branch
  if (p.CLONE_METHOD === 'CLONE_WITH_WALE') {
    const name = setExtendedWalePlaceholders(p, 'CLONE_');
    if (name === false) {
      warnings.push('Cloning with WAL-E is only possible when CLONE_WALE_*_PREFIX or CLONE_WALG_*_PREFIX or CLONE_WAL_*_BUCKET and CLONE_SCOPE are set.');
    } else if (name === 'S3') {
      setdefault(p, 'CLONE_USE_WALG', 'true'); // :600
    }
  } else if (p.CLONE_METHOD === 'CLONE_WITH_BASEBACKUP') {
    if (truthy(p.CLONE_SCOPE) && truthy(p.CLONE_HOST) && truthy(p.CLONE_USER) && truthy(p.CLONE_PASSWORD)) {
      p.CLONE_WITH_BASEBACKUP = true;
      setdefault(p, 'CLONE_PGPASS', `${p.PGHOME}/.pgpass_${p.CLONE_SCOPE}`);
      setdefault(p, 'CLONE_PORT', '5432');
    } else {
      warnings.push("Clone method is set to basebackup, but no 'CLONE_SCOPE' or 'CLONE_HOST' or 'CLONE_USER' or 'CLONE_PASSWORD' specified");
    }
  } else if (setExtendedWalePlaceholders(p, 'STANDBY_') === 'S3') {
    setdefault(p, 'STANDBY_USE_WALG', 'true'); // :613-614 (tag 635)
  }
  setdefault(p, 'STANDBY_WITH_WALE', '');
  setdefault(p, 'STANDBY_HOST', '');
  setdefault(p, 'STANDBY_PORT', '');
  setdefault(p, 'STANDBY_PRIMARY_SLOT_NAME', '');
  setdefault(p, 'STANDBY_CLUSTER', truthy(p.STANDBY_WITH_WALE) ? p.STANDBY_WITH_WALE! : p.STANDBY_HOST!); // :620 (tag 642)

  // :628-634 WAL-G decisions for the main archive
  if (AUTO_ENABLE_WALG_RESTORE.some((n) => truthy(p[n]))) setdefault(p, 'USE_WALG_RESTORE', 'true');
  if (truthy(p.WALG_AZ_PREFIX)) setdefault(p, 'USE_WALG_BACKUP', 'true');
  if (WALG_SSH_NAMES.every((n) => truthy(p[n]))) setdefault(p, 'USE_WALG_BACKUP', 'true');
  setWalgPlaceholders(p);
  // :636-638 archiving is on when any store name is set
  p.USE_WALE = [...AUTO_ENABLE_WALG_RESTORE, 'WAL_SWIFT_BUCKET', 'WALE_SWIFT_PREFIX', 'WAL_GCS_BUCKET', 'WAL_GS_BUCKET', 'WALE_GS_PREFIX', 'WALG_GS_PREFIX']
    .some((n) => truthy(p[n]));
  if (truthy(p.WALG_BACKUP_FROM_REPLICA)) p.WALG_BACKUP_FROM_REPLICA = String(p.WALG_BACKUP_FROM_REPLICA).toLowerCase();
  p.WALE_BINARY = p.USE_WALG_BACKUP === 'true' ? 'wal-g' : 'wal-e'; // :650
  return { p, warnings };
}

/** write_wale_environment (configure_spilo.py:778-920), the files of one env-dir, or undefined when none is written. */
function writeWaleEnvironment(p: P, prefix: string, ctx: Required<SpiloContext>, warnings: string[]): EnvDir | undefined {
  const names = ['PGVERSION', 'PGPORT', 'WALE_ENV_DIR', 'SCOPE', 'WAL_BUCKET_SCOPE_PREFIX', 'WAL_BUCKET_SCOPE_SUFFIX', 'WAL_S3_BUCKET',
    'WAL_GCS_BUCKET', 'WAL_GS_BUCKET', 'WAL_SWIFT_BUCKET', 'BACKUP_NUM_TO_RETAIN', 'ENABLE_WAL_PATH_COMPAT',
    ...S3_NAMES, ...SWIFT_NAMES, ...GS_NAMES, ...WALG_NAMES, ...AZURE_NAMES, ...AZURE_AUTH_NAMES, ...WALG_SSH_NAMES];
  const w: P = {};
  for (const n of names) w[n] = prefix + n in p ? p[prefix + n] : ''; // :803-807
  const get = (n: string): any => (n in w ? w[n] : ''); // defaultdict(lambda: '')
  let envdirNames: string[];

  if (truthy(get('WAL_S3_BUCKET')) || truthy(get('WALE_S3_PREFIX')) || truthy(get('WALG_S3_PREFIX'))) { // :809 (868)
    let waleEndpoint = get('WALE_S3_ENDPOINT');
    let awsEndpoint = get('AWS_ENDPOINT');
    const awsRegion = get('AWS_REGION');
    delete w.WALE_S3_ENDPOINT;
    delete w.AWS_ENDPOINT;
    delete w.AWS_REGION;
    if (truthy(awsEndpoint) || truthy(waleEndpoint)) { // :815-834 (875-891): addressing from the WALE_S3_ENDPOINT scheme
      let convention = 'path';
      if (!truthy(waleEndpoint)) {
        waleEndpoint = String(awsEndpoint).replace('://', '+path://');
      } else {
        const m = /^(\w+)\+(\w+)(:\/\/.+)$/.exec(String(waleEndpoint));
        if (m) convention = m[2];
        else warnings.push(`Invalid WALE_S3_ENDPOINT, the format is protocol+convention://hostname:port, but got ${waleEndpoint}`);
        if (!truthy(awsEndpoint)) awsEndpoint = m ? `${m[1]}${m[3]}` : waleEndpoint;
      }
      w.WALE_S3_ENDPOINT = waleEndpoint;
      w.AWS_ENDPOINT = awsEndpoint;
      for (const n of ['WALE_DISABLE_S3_SSE', 'WALG_DISABLE_S3_SSE']) if (!truthy(get(n))) w[n] = 'true'; // :829-831 (888-890)
      w.AWS_S3_FORCE_PATH_STYLE = convention === 'path' ? 'true' : 'false';
      if (truthy(awsRegion) && get('USE_WALG_BACKUP') === 'true') w.AWS_REGION = awsRegion;
    } else if (!truthy(awsRegion)) {
      // :835-843 region from the bucket name, else from the instance zone
      const bucketName = String(get('WAL_S3_BUCKET') || get('WALE_S3_PREFIX'));
      const m = /.*(\w{2}-\w+-\d)-.*/.exec(bucketName);
      w.AWS_REGION = m ? m[1] : ctx.zone.slice(0, -1);
    } else {
      w.AWS_REGION = awsRegion;
    }
    if (!(truthy(get('AWS_SECRET_ACCESS_KEY')) && truthy(get('AWS_ACCESS_KEY_ID')))) w.AWS_INSTANCE_PROFILE = 'true'; // :847-848
    if (truthy(get('WALE_DISABLE_S3_SSE')) && !truthy(get('WALG_DISABLE_S3_SSE'))) w.WALG_DISABLE_S3_SSE = get('WALE_DISABLE_S3_SSE');
    if (truthy(get('USE_WALG_BACKUP')) && get('WALG_DISABLE_S3_SSE') !== 'true' && !truthy(get('WALG_S3_SSE'))) w.WALG_S3_SSE = 'AES256'; // :853-854
    envdirNames = [...S3_NAMES, ...WALG_NAMES];
  } else if (['WAL_GCS_BUCKET', 'WAL_GS_BUCKET', 'WALE_GCS_PREFIX', 'WALE_GS_PREFIX', 'WALG_GS_PREFIX'].some((n) => truthy(get(n)))) { // :856 (921)
    if (truthy(get('WALE_GCS_PREFIX'))) w.WALE_GS_PREFIX = get('WALE_GCS_PREFIX');
    else if (truthy(get('WAL_GCS_BUCKET'))) w.WAL_GS_BUCKET = get('WAL_GCS_BUCKET');
    envdirNames = [...GS_NAMES, ...WALG_NAMES];
  } else if (truthy(get('WAL_SWIFT_BUCKET')) || truthy(get('WALE_SWIFT_PREFIX'))) {
    envdirNames = SWIFT_NAMES;
  } else if (truthy(get('WALG_AZ_PREFIX'))) { // :865 (930)
    // :866-889 (943-954): one auth option, in this order; AZURE_CLIENT_ID only with secret AND tenant
    const auth: string[] = [];
    let opts = 0;
    if (truthy(get('AZURE_STORAGE_ACCESS_KEY'))) {
      auth.push('AZURE_STORAGE_ACCESS_KEY');
      opts++;
    }
    if (truthy(get('AZURE_STORAGE_SAS_TOKEN'))) {
      if (opts === 0) auth.push('AZURE_STORAGE_SAS_TOKEN');
      opts++;
    }
    if (truthy(get('AZURE_CLIENT_ID')) && truthy(get('AZURE_CLIENT_SECRET')) && truthy(get('AZURE_TENANT_ID'))) {
      if (opts === 0) auth.push('AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_TENANT_ID');
      opts++;
    }
    if (opts > 1) warnings.push(`Multiple authentication options configured for wal-g backup to Azure, using ${auth.join('/')}.`);
    envdirNames = [...AZURE_NAMES, ...auth, ...WALG_NAMES];
  } else if (truthy(get('WALG_SSH_PREFIX'))) {
    envdirNames = [...WALG_SSH_NAMES, ...WALG_NAMES];
  } else {
    return undefined;
  }

  // :896-904 the prefix: WALE_*/WALG_AZ_*/WALG_SSH_* as given, else derived from the bucket and scope
  const prefixName = envdirNames[0];
  const storeType = prefixName.slice(5).split('_')[0];
  if (!truthy(get(prefixName))) {
    const bucket = get(`WAL_${storeType}_BUCKET`);
    w[prefixName] = `${storeType.toLowerCase()}://${pyStr(bucket === undefined ? '' : bucket)}/spilo/${pyStr(get('WAL_BUCKET_SCOPE_PREFIX'))}${pyStr(get('SCOPE'))}${pyStr(get('WAL_BUCKET_SCOPE_SUFFIX'))}/wal/${pyStr(get('PGVERSION'))}`;
  }
  if (['S3', 'GS'].includes(storeType) && !truthy(get(envdirNames[1]))) w[envdirNames[1]] = w[prefixName];
  w.WALE_LOG_DESTINATION = 'stderr';
  const files: Record<string, string> = {};
  for (const n of [...envdirNames, 'WALE_LOG_DESTINATION', 'PGPORT', ...(prefix ? [] : ['BACKUP_NUM_TO_RETAIN'])]) { // :910-914
    if (truthy(get(n))) files[n] = String(get(n));
  }
  files.TMPDIR = String(p.WALE_TMPDIR); // :920
  return { path: String(get('WALE_ENV_DIR')), files };
}

function parseSpiloConfiguration(v: unknown): any {
  try {
    const c = JSON.parse(String(v ?? ''));
    return c && typeof c === 'object' ? c : {};
  } catch {
    return {};
  }
}

/**
 * configure_spilo.py `all` on a container env (name -> resolved value): placeholders, archive_command, the
 * backup cron line, the three env-dirs and the rendered bootstrap.
 */
export function configureSpilo(env: Record<string, string>, context: SpiloContext = {}): SpiloConfig {
  const ctx = contextOf(context);
  const { p, warnings } = getPlaceholders(env, ctx);
  // :651-653 archive_command; SPILO_CONFIGURATION's postgresql.parameters win (deep_update(user, template) :1072-1073)
  const user = parseSpiloConfiguration(env.SPILO_CONFIGURATION);
  const templateArchive = p.USE_WALE ? `envdir "${p.WALE_ENV_DIR}" ${p.WALE_BINARY} wal-push "%p"` : '/bin/true';
  const archiveCommand = user.postgresql?.parameters?.archive_command ?? templateArchive;
  // :1079-1095 PGVERSION becomes the version of bin_dir: SPILO_CONFIGURATION's bin_dir, else PGVERSION, else the image's
  const binDir: string | undefined = user.postgresql?.bin_dir;
  const fromBinDir = binDir ? /\/usr\/lib\/postgresql\/([0-9.]+)\/bin/.exec(binDir)?.[1] : undefined;
  // (is_valid_pg_version: the image has binaries for it)
  p.PGVERSION = fromBinDir ?? (ctx.imageVersions.includes(String(env.PGVERSION ?? '')) ? env.PGVERSION : ctx.imageDefaultVersion);

  // sections of main() :1110-1145
  const envDirs: { backup?: EnvDir; clone?: EnvDir; standby?: EnvDir } = {};
  if (p.USE_WALE) envDirs.backup = writeWaleEnvironment(p, '', ctx, warnings);
  if (truthy(p.CLONE_WITH_WALE)) {
    setWalgPlaceholders(p, 'CLONE_'); // update_and_write_wale_configuration :923-925
    envDirs.clone = writeWaleEnvironment(p, 'CLONE_', ctx, warnings);
  }
  if (truthy(p.STANDBY_WITH_WALE)) {
    setWalgPlaceholders(p, 'STANDBY_');
    envDirs.standby = writeWaleEnvironment(p, 'STANDBY_', ctx, warnings);
  }
  const n = Number.parseInt(String(p.BACKUP_NUM_TO_RETAIN), 10);
  const kept = Number.isNaN(n) ? 2 : Math.max(n, 2); // postgres_backup.sh:14, 27
  const backupCron = p.USE_WALE ? `${p.BACKUP_SCHEDULE} envdir "${p.WALE_ENV_DIR}" /scripts/postgres_backup.sh "${p.PGDATA}"` : undefined;
  return {
    placeholders: p,
    archiving: p.USE_WALE === true,
    archiveCommand,
    backupCron,
    retention: { count: kept, days: kept },
    envDirs,
    bootstrap: bootstrapMode(p),
    warnings,
  };
}

/** The TEMPLATE's bootstrap section (configure_spilo.py:171-255) and Patroni's choice between its parts. */
function bootstrapMode(p: P): BootstrapMode {
  const method = truthy(p.CLONE_WITH_WALE) ? 'clone_with_wale' : truthy(p.CLONE_WITH_BASEBACKUP) ? 'clone_with_basebackup' : undefined;
  if (truthy(p.STANDBY_CLUSTER)) {
    const withWale = truthy(p.STANDBY_WITH_WALE);
    return {
      kind: 'standby',
      ...(truthy(p.STANDBY_HOST) ? { host: String(p.STANDBY_HOST) } : {}),
      ...(truthy(p.STANDBY_PORT) ? { port: String(p.STANDBY_PORT) } : {}),
      ...(truthy(p.STANDBY_PRIMARY_SLOT_NAME) ? { primarySlotName: String(p.STANDBY_PRIMARY_SLOT_NAME) } : {}),
      createReplicaMethods: [...(withWale ? ['bootstrap_standby_with_wale'] : []), 'basebackup_fast_xlog'],
      ...(withWale ? { restoreCommand: `envdir "${p.STANDBY_WALE_ENV_DIR}" timeout "${p.WAL_RESTORE_TIMEOUT}" /scripts/restore_command.sh "%f" "%p"` } : {}),
      ...(method ? { ignoredMethod: method } : {}),
    };
  }
  if (method === 'clone_with_wale') {
    return {
      kind: 'clone-wal',
      envDir: String(p.CLONE_WALE_ENV_DIR),
      targetTime: String(p.CLONE_TARGET_TIME),
      timeline: String(p.CLONE_TARGET_TIMELINE),
      inclusive: truthy(p.CLONE_TARGET_INCLUSIVE),
    };
  }
  if (method === 'clone_with_basebackup') {
    return { kind: 'clone-basebackup', host: String(p.CLONE_HOST), port: String(p.CLONE_PORT), user: String(p.CLONE_USER) };
  }
  return { kind: 'initdb' };
}

// ------------------------------------------------------------------------------------------------------------
// What wal-g sees
// ------------------------------------------------------------------------------------------------------------

/**
 * runit/patroni/run:27-29: Patroni (and so archive_command, restore_command, clone_with_wale.py) starts with the
 * container env stripped to this allow-list, plus HOME=/home/postgres.
 */
export function patroniEnv(containerEnv: Record<string, string>): Record<string, string> {
  const allowed = /^(KUBERNETES_(SERVICE|PORT|ROLE)[_=]|((POD_(IP|NAMESPACE))|HOSTNAME|PATH|PGHOME|LC_ALL|ENABLE_PG_MON)=)/;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(containerEnv)) if (allowed.test(`${k}=${v}`)) out[k] = v;
  out.HOME = '/home/postgres';
  return out;
}

/** How WAL-G authenticates, as decided by what it sees. */
export type WalgCredentials =
  | 'static-keys' // S3 AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY
  | 'web-identity' // S3 AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE (IRSA)
  | 'assume-role' // S3 AWS_ROLE_ARN without a token file
  | 'aws-default-chain' // S3 nothing: instance profile / container credentials
  | 'service-account-key' // GCS GOOGLE_APPLICATION_CREDENTIALS
  | 'gcp-metadata-server' // GCS nothing: GKE Workload Identity or the node's service account
  | 'account-key' // Azure AZURE_STORAGE_ACCESS_KEY
  | 'sas-token' // Azure AZURE_STORAGE_SAS_TOKEN
  | 'service-principal' // Azure AZURE_CLIENT_ID + AZURE_CLIENT_SECRET + AZURE_TENANT_ID (DefaultAzureCredential's EnvironmentCredential)
  | 'azure-default-identity' // Azure nothing: DefaultAzureCredential -> IMDS without a client id
  | 'swift'
  | 'ssh'
  | 'none';

/** What one wal-g invocation (backup/archive, clone, standby) sees, compact for one-line assertions. */
export interface WalgView {
  /** The store Spilo selected (S3, then GCS, then Swift, then Azure, then SSH). */
  readonly store: 's3' | 'gs' | 'az' | 'swift' | 'ssh' | 'none';
  /** wal-g, or wal-e when WAL-G is not enabled for this use. */
  readonly tool: 'wal-g' | 'wal-e';
  /** The prefix the tool uses (WALG_*_PREFIX for wal-g, WALE_*_PREFIX for wal-e). */
  readonly prefix?: string;
  /** For clones: the prefixes clone_with_wale.py tries in order (version suffixes when the path ends in /wal). */
  readonly prefixCandidates?: string[];
  readonly credentials: WalgCredentials;
  /** Names in WAL-G's environment that carry the credentials. */
  readonly credentialVars: string[];
  readonly endpoint?: string;
  /** true = path style, false = virtual-hosted (WAL-G's default when AWS_S3_FORCE_PATH_STYLE is absent). */
  readonly pathStyle?: boolean;
  /** WALG_S3_SSE as WAL-G reads it. Undefined = no server-side encryption header. */
  readonly sse?: string;
  readonly sseKmsId?: string;
  readonly region?: string;
  /** Why this use would fail or not do what the manifest asked for. */
  readonly problems: string[];
}

function versionAtMost(v: string, max: string): boolean {
  const a = v.split('.').map(Number);
  const b = max.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  }
  return true;
}

/**
 * The env a wal-g process sees for one use: Patroni's allow-listed env overlaid with the env-dir (`envdir` sets
 * each file as a variable), which is how archive_command, restore_command, clone_with_wale.py and the backup cron
 * (`envdir <dir> postgres_backup.sh`, whose cron env is even smaller) start it.
 */
export function walgEnv(containerEnv: Record<string, string>, dir: EnvDir | undefined): Record<string, string> {
  return { ...patroniEnv(containerEnv), ...(dir?.files ?? {}) };
}

/** The WAL-G view of one use, with the problems found by comparing it with the container env. */
export function walgView(
  containerEnv: Record<string, string>,
  spilo: SpiloConfig,
  use: 'backup' | 'clone' | 'standby',
  context: SpiloContext = {},
): WalgView {
  const ctx = contextOf(context);
  const dir = spilo.envDirs[use];
  const env = walgEnv(containerEnv, dir);
  const pre = use === 'backup' ? '' : `${use.toUpperCase()}_`;
  const problems: string[] = [];
  const wanted = (n: string) => containerEnv[pre + n];
  if (!dir) {
    if (use === 'backup' && Object.keys(containerEnv).some((k) => /^(WALG_(S3|GS|AZ)_PREFIX|WALE_(S3|GS)_PREFIX)$/.test(k))) {
      problems.push('no env-dir written although a prefix is set');
    }
    return { store: 'none', tool: 'wal-e', credentials: 'none', credentialVars: [], problems };
  }
  const f = dir.files;
  const store: WalgView['store'] = f.WALE_S3_PREFIX || f.WALG_S3_PREFIX ? 's3' : f.WALE_GS_PREFIX || f.WALG_GS_PREFIX ? 'gs'
    : f.WALE_SWIFT_PREFIX ? 'swift' : f.WALG_AZ_PREFIX ? 'az' : f.WALG_SSH_PREFIX ? 'ssh' : 'none';
  // which binary: archive/backup use USE_WALG_BACKUP; restores and clones use USE_WALG_RESTORE
  const walg = use === 'backup' ? f.USE_WALG_BACKUP === 'true' : f.USE_WALG_RESTORE === 'true';
  const tool = walg ? 'wal-g' : 'wal-e';
  const storeKey = { s3: 'S3', gs: 'GS', az: 'AZ', swift: 'SWIFT', ssh: 'SSH', none: '' }[store];
  let prefix: string | undefined = walg ? (f[`WALG_${storeKey}_PREFIX`] ?? f[`WALE_${storeKey}_PREFIX`]) : f[`WALE_${storeKey}_PREFIX`];
  let prefixCandidates: string[] | undefined;
  if (use === 'clone') {
    // clone_with_wale.py get_wale_environments: exactly one <WALG_|WALE_>*_PREFIX in the env; a Spilo-made path
    // ending in /wal is tried with every image version, newest first, before the path itself
    const lead = f.USE_WALG_RESTORE === 'true' ? 'WALG_' : 'WALE_';
    const found = Object.keys(env).filter((k) => k.endsWith('_PREFIX') && k.startsWith(lead) && k.length > 12);
    if (found.length !== 1) {
      problems.push(`clone_with_wale.py finds ${found.length} ${lead}*_PREFIX variables, expected 1: the clone fails`);
      prefix = undefined;
    } else {
      const found0 = env[found[0]];
      prefix = found0;
      const value = found0.replace(/\/+$/, '');
      prefixCandidates = value.includes('/spilo/') && value.endsWith('/wal')
        ? [...ctx.imageVersions].sort((a, b) => Number(b) - Number(a)).map((v) => `${value}/${v}/`).concat([found0])
        : [found0];
    }
  }

  let credentials: WalgCredentials = 'none';
  let credentialVars: string[] = [];
  if (store === 's3') {
    if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
      credentials = 'static-keys';
      credentialVars = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];
    } else if (env.AWS_ROLE_ARN && env.AWS_WEB_IDENTITY_TOKEN_FILE) {
      credentials = 'web-identity';
      credentialVars = ['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE'];
    } else if (env.AWS_ROLE_ARN) {
      credentials = 'assume-role';
      credentialVars = ['AWS_ROLE_ARN'];
    } else {
      credentials = 'aws-default-chain';
    }
    if (env.AWS_ROLE_ARN && walg && versionAtMost(ctx.walgVersion, '3.0.5')) {
      problems.push(`wal-g ${ctx.walgVersion} calls sts:AssumeRole without RoleSessionName when AWS_ROLE_ARN is set and fails (spilo#1009; fixed in 3.0.6)`);
    }
    if (credentials === 'web-identity' && !ctx.mountedFiles.includes(env.AWS_WEB_IDENTITY_TOKEN_FILE)) {
      problems.push(`the web identity token ${env.AWS_WEB_IDENTITY_TOKEN_FILE} is not mounted: the EKS webhook only mounts it when the pod ServiceAccount is annotated, and the operator deletes that annotation unless irsa_role_arn is set (sync.go:1837-1841)`);
    }
    if (wanted('AWS_S3_FORCE_PATH_STYLE') && ['false', '0'].includes(wanted('AWS_S3_FORCE_PATH_STYLE')) && f.AWS_S3_FORCE_PATH_STYLE === 'true') {
      problems.push(`virtual-hosted addressing was asked for (${pre}AWS_S3_FORCE_PATH_STYLE=${wanted('AWS_S3_FORCE_PATH_STYLE')}), Spilo forces path style because ${pre}WALE_S3_ENDPOINT=${wanted('WALE_S3_ENDPOINT') ?? '(unset)'} has no +virtualhost scheme`);
    }
  } else if (store === 'gs') {
    if (env.GOOGLE_APPLICATION_CREDENTIALS) {
      credentials = 'service-account-key';
      credentialVars = ['GOOGLE_APPLICATION_CREDENTIALS'];
    } else {
      credentials = 'gcp-metadata-server';
    }
  } else if (store === 'az') {
    if (env.AZURE_STORAGE_ACCESS_KEY) {
      credentials = 'account-key';
      credentialVars = ['AZURE_STORAGE_ACCESS_KEY'];
    } else if (env.AZURE_STORAGE_SAS_TOKEN) {
      credentials = 'sas-token';
      credentialVars = ['AZURE_STORAGE_SAS_TOKEN'];
    } else if (env.AZURE_CLIENT_ID && env.AZURE_CLIENT_SECRET && env.AZURE_TENANT_ID) {
      credentials = 'service-principal';
      credentialVars = ['AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_TENANT_ID'];
    } else {
      credentials = 'azure-default-identity';
      if (wanted('AZURE_CLIENT_ID')) {
        problems.push(`${pre}AZURE_CLIENT_ID is in the container env but never reaches WAL-G (written only with a client secret and tenant, configure_spilo.py:878-881; Patroni's env is allow-listed): WAL-G uses the identity IMDS returns without a client id`);
      }
      if (containerEnv.AZURE_FEDERATED_TOKEN_FILE) {
        problems.push('AZURE_FEDERATED_TOKEN_FILE (Workload Identity) is in the container env but not in WAL-G\'s: Workload Identity is not used');
      }
    }
  } else if (store === 'swift' || store === 'ssh') {
    credentials = store;
  }
  // a store the manifest configured but Spilo did not pick (first found: S3, GS, Swift, Azure)
  for (const [k, s] of [['WALG_S3_PREFIX', 's3'], ['WALG_GS_PREFIX', 'gs'], ['WALG_AZ_PREFIX', 'az']] as const) {
    if (wanted(k) && s !== store) problems.push(`${pre}${k} is set but Spilo picked ${store} first: the archive goes elsewhere`);
  }
  // WALG_S3_SSE with a custom endpoint can only come from the container env (Spilo writes WALG_DISABLE_S3_SSE=true
  // there and never defaults WALG_S3_SSE, configure_spilo.py:829-831, 853-854): an explicit choice, reported as
  // `sse`, not as a problem (some S3-compatible stores and S3 behind a VPC endpoint URL support it)
  return {
    store,
    tool,
    ...(prefix !== undefined ? { prefix } : {}),
    ...(prefixCandidates ? { prefixCandidates } : {}),
    credentials,
    credentialVars,
    ...(store === 's3' && f.AWS_ENDPOINT ? { endpoint: f.AWS_ENDPOINT } : {}),
    ...(store === 's3' ? { pathStyle: f.AWS_S3_FORCE_PATH_STYLE === 'true' } : {}),
    ...(store === 's3' && f.WALG_S3_SSE ? { sse: f.WALG_S3_SSE } : {}),
    ...(store === 's3' && f.WALG_S3_SSE_KMS_ID ? { sseKmsId: f.WALG_S3_SSE_KMS_ID } : {}),
    ...(store === 's3' && f.AWS_REGION ? { region: f.AWS_REGION } : {}),
    problems,
  };
}

// ------------------------------------------------------------------------------------------------------------
// Retention as postgres_backup.sh applies it
// ------------------------------------------------------------------------------------------------------------

function cronField(field: string, max: number): number[] {
  const m = /^(\d+|\*)(?:\/(\d+))?$/.exec(field);
  if (!m) throw new Error(`unsupported cron field ${field}`);
  const start = m[1] === '*' ? 0 : Number(m[1]);
  const step = m[2] ? Number(m[2]) : m[1] === '*' ? 1 : max + 1;
  const out: number[] = [];
  for (let v = start; v <= max; v += step) out.push(v);
  return out;
}

/**
 * How many base backups exist right after a scheduled run in steady state, simulating postgres_backup.sh
 * (DAYS_TO_RETAIN=BACKUP_NUM_TO_RETAIN, at least 2 (:14, :27); the newest backup at least N days old is BEFORE;
 * everything older than BEFORE is deleted only when at least N backups are younger than N days (:47-67)), for a
 * schedule whose day/month/weekday fields are `*`. `durationMinutes` is how long a base backup takes.
 */
export function backupsKept(schedule: string, retain: number, durationMinutes = 10): number {
  const [min, hour, dom, mon, dow] = schedule.trim().split(/\s+/);
  if (![dom, mon, dow].every((x) => x === '*')) throw new Error(`unsupported schedule ${schedule}`);
  const perDay = cronField(hour, 23).flatMap((h) => cronField(min, 59).map((m) => (h * 60 + m) * 60)).sort((a, b) => a - b);
  const days = Math.max(retain, 2);
  let backups: number[] = []; // modified times
  let after = 0;
  for (let d = 0; d < days * 3 + 3; d++) {
    for (const t0 of perDay) {
      const now = d * 86400 + t0;
      let before: number | undefined;
      let left = 0;
      for (const m of backups) {
        if (Math.floor((now - m) / 86400) >= days) before = before === undefined || m > before ? m : before;
        else left++;
      }
      if (before !== undefined && left >= days) backups = backups.filter((m) => m >= before!);
      backups.push(now + durationMinutes * 60);
      after = backups.length;
    }
  }
  return after;
}

// ------------------------------------------------------------------------------------------------------------
// Putting it together
// ------------------------------------------------------------------------------------------------------------

function contextOf(c: SpiloContext): Required<SpiloContext> {
  return {
    inKubernetes: c.inKubernetes ?? true,
    zone: c.zone ?? 'local',
    imageDefaultVersion: c.imageDefaultVersion ?? '18',
    imageVersions: c.imageVersions ?? ['14', '15', '16', '17', '18'],
    cpuCount: c.cpuCount ?? 4,
    walgVersion: c.walgVersion ?? '3.0.5',
    mountedFiles: c.mountedFiles ?? [],
  };
}

/**
 * The container's environment as the process sees it: the kubelet resolves the list in order and a later entry
 * with the same name wins (so the operator's appended clone/standby/IRSA values beat spec.env, §g.1); Kubernetes
 * adds the service variables, the image its ENV. Secret and ConfigMap references become `<secret:name/key>`.
 */
export function resolveEnv(env: EnvVar[], pod: { name: string; namespace: string }): Record<string, string> {
  const out: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    PGHOME: '/home/postgres',
    LC_ALL: 'en_US.utf-8',
    HOSTNAME: `${pod.name}-0`,
    KUBERNETES_SERVICE_HOST: '10.96.0.1',
    KUBERNETES_SERVICE_PORT: '443',
    KUBERNETES_PORT: 'tcp://10.96.0.1:443',
  };
  for (const e of env) {
    let v = e.value ?? '';
    const from = e.valueFrom;
    if (!e.value && from) {
      if (from.secretKeyRef) v = `<secret:${from.secretKeyRef.name}/${from.secretKeyRef.key}>`;
      else if (from.configMapKeyRef) v = `<configmap:${from.configMapKeyRef.name}/${from.configMapKeyRef.key}>`;
      else if (from.fieldRef?.fieldPath === 'metadata.namespace') v = pod.namespace;
      else if (from.fieldRef?.fieldPath === 'status.podIP') v = '10.1.2.3';
      else if (from.fieldRef?.fieldPath === 'metadata.name') v = `${pod.name}-0`;
      else v = `<${Object.keys(from)[0]}>`;
    }
    out[e.name] = v;
  }
  return out;
}

/** Options of `spiloModel`. */
export interface ModelOptions extends SpiloContext {
  readonly settings?: SpiloModelSettings;
  /** The pod's namespace (POD_NAMESPACE). @default the manifest's namespace, else "default" */
  readonly namespace?: string;
  /** metadata.uid of the postgresql object. @default "" */
  readonly uid?: string;
  /**
   * Admission webhooks. @default the EKS webhook with `effectiveIrsaRole` (the operator decides the SA
   * annotation), and the Azure Workload Identity webhook when the pod gets the `azure.workload.identity/use`
   * label through `inherited_labels` and `azureWorkloadIdentityClientId` is given
   */
  readonly webhooks?: Webhooks;
  /** The client id on the pod ServiceAccount's `azure.workload.identity/client-id` annotation, if any. */
  readonly azureWorkloadIdentityClientId?: string;
}

/** Everything the model says about one rendered postgresql object. */
export interface SpiloModel {
  readonly operator: OperatorEnv;
  /** The env of the pod after admission webhooks. */
  readonly podEnv: ModelEnvVar[];
  /** The resolved container env (last entry wins). */
  readonly containerEnv: Record<string, string>;
  /** Names present more than once in the StatefulSet template (exact names). */
  readonly duplicates: string[];
  /** Why the operator would roll the pods on every sync. Empty = stable. */
  readonly rolls: string[];
  /** spec.env values the container does not get because a later entry with the same name wins. */
  readonly overridden: Array<{ readonly name: string; readonly wanted: string; readonly actual: string }>;
  readonly spilo: SpiloConfig;
  readonly walg: { readonly backup: WalgView; readonly clone?: WalgView; readonly standby?: WalgView };
}

/** Runs every step of the model over a rendered postgresql object. */
export function spiloModel(manifest: any, options: ModelOptions = {}): SpiloModel {
  const settings = settingsOf(options.settings);
  const uid = options.uid ?? '';
  const namespace = options.namespace ?? manifest.metadata.namespace ?? 'default';
  const operator = generateSpiloPodEnvVars(manifest, settings, uid);
  let webhooks = options.webhooks;
  if (!webhooks) {
    const labels = manifest.metadata.labels ?? {};
    const azureLabel = settings.inheritedLabels.includes('azure.workload.identity/use') && labels['azure.workload.identity/use'] === 'true';
    webhooks = {
      eksRoleArn: effectiveIrsaRole(settings),
      ...(azureLabel && options.azureWorkloadIdentityClientId ? { azureWorkloadIdentity: { clientId: options.azureWorkloadIdentityClientId } } : {}),
    };
  }
  const admitted = admitPod(operator.env, webhooks);
  const containerEnv = resolveEnv(admitted.env, { name: manifest.metadata.name, namespace });
  const context: SpiloContext = { ...options, mountedFiles: [...(options.mountedFiles ?? []), ...admitted.volumes] };
  const spilo = configureSpilo(containerEnv, context);
  const counts = new Map<string, number>();
  for (const e of operator.env) counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
  // what the manifest asked for vs what the kubelet gives the container (the last entry of a name wins)
  const pod = { name: manifest.metadata.name, namespace };
  const overridden = operator.env.filter((e) => e.origin === 'spec.env')
    .map((e) => ({ name: e.name, wanted: resolveEnv([e], pod)[e.name], actual: containerEnv[e.name] }))
    .filter((o) => o.wanted !== o.actual);
  const views = {
    backup: walgView(containerEnv, spilo, 'backup', context),
    ...(spilo.envDirs.clone ? { clone: walgView(containerEnv, spilo, 'clone', context) } : {}),
    ...(spilo.envDirs.standby ? { standby: walgView(containerEnv, spilo, 'standby', context) } : {}),
  };
  for (const [use, view] of Object.entries(views)) {
    const pre = use === 'backup' ? '' : `${use.toUpperCase()}_`;
    const dir = spilo.envDirs[use as 'backup' | 'clone' | 'standby'];
    for (const o of overridden) {
      const bare = o.name.slice(pre.length);
      const ours = pre ? o.name.startsWith(pre) : !/^(CLONE|STANDBY)_/.test(o.name);
      if (ours && dir && bare in dir.files) {
        (view.problems as string[]).push(`${o.name}: the manifest sets ${o.wanted}, the container gets ${o.actual} (a later entry with the same name wins)`);
      }
    }
  }
  return {
    operator,
    podEnv: admitted.env,
    containerEnv,
    duplicates: [...counts].filter(([, c]) => c > 1).map(([n]) => n).sort(),
    rolls: rollReasons(manifest, settings, uid),
    overridden,
    spilo,
    walg: views,
  };
}

/** Renders env entries compactly: `NAME=value` or `NAME<-secret/key`. */
export function compact(env: EnvVar[]): string[] {
  return env.map((e) => (e.valueFrom?.secretKeyRef
    ? `${e.name}<-${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`
    : `${e.name}=${e.value ?? ''}`));
}
