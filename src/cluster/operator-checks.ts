/**
 * A cluster against the settings of the operator that manages it: what that operator (v2.0.1) would reject,
 * silently change, or redirect. Run once per synthesis from the cluster's validation, with the settings of
 * `OperatorSettings.forCluster` (the chart defaults when no operator is declared).
 *
 * Upstream references are to zalando/postgres-operator v2.0.1 and Spilo 4.0-p3 (ZALANDO-FACTS §g).
 */
import { IConstruct } from 'constructs';
import { ClusterFeatures, DataSourceKind } from './features';
import { ResolvedResources } from './resources';
import { PostgresVersion } from './version';
import type { BackupLocation } from '../backup/location';
import { BackupStorageKind } from '../backup/storage';
import { LogicalBackupProvider, MajorVersionUpgradeMode } from '../operator/configuration';
import { operatorInstanceCount } from '../operator/instances';
import { OperatorSettings } from '../operator/settings';
import { fail, show } from '../validation/errors';
import { cpuMillis, cpuToMillis, memoryBytes, sizeToBytes, sizeToQuantity } from '../validation/quantity';
import { RuleCode } from '../validation/rule-code';

/** Requests and limits of one container as rendered. */
export interface RenderedContainerResources {
  readonly container: string;
  /** Who added the container (for messages). */
  readonly contributor: string;
  readonly requests: { [resource: string]: string };
  readonly limits: { [resource: string]: string };
}

/** What the operator checks look at. */
export interface OperatorCheckInputs {
  readonly scope: IConstruct;
  readonly settings: OperatorSettings;
  readonly name: string;
  readonly teamId: string;
  readonly namespace?: string;
  readonly requireTeamPrefix?: boolean;
  readonly instances: number;
  readonly version: PostgresVersion;
  readonly annotations: { [key: string]: string };
  readonly deletionProtection: boolean;
  readonly resources: ResolvedResources;
  readonly sidecars: RenderedContainerResources[];
  readonly initContainers: string[];
  readonly userNames: string[];
  readonly features: ClusterFeatures;
  readonly logicalBackup: boolean;
  /** Names of the cluster's own `spec.env` variables (they win over the operator's global ones). */
  readonly envNames: string[];
}

/** Runs every check of a cluster against its operator; throws the first validation error. */
export function checkAgainstOperator(i: OperatorCheckInputs): void {
  checkWatched(i);
  checkTeamPrefix(i);
  checkFeaturesEnabled(i);
  checkSystemUsers(i);
  checkInstances(i);
  checkResources(i);
  checkMajorVersion(i);
  checkLogicalBackup(i);
  checkDeleteAnnotations(i);
  checkGlobalWal(i);
}

const src = (s: OperatorSettings) => `the operator (${s.source})`;

function checkWatched(i: OperatorCheckInputs) {
  const s = i.settings;
  if (i.namespace === undefined || s.watchedNamespace === undefined || s.watchesNamespace(i.namespace)) return;
  fail(i.scope, {
    rule: RuleCode.OPERATOR_NOT_WATCHED,
    property: 'namespace',
    problem: `${src(s)} watches only namespace ${show(s.watchedNamespace)}: it would never see this postgresql, so no database would be created.`,
    value: show(i.namespace),
    allowed: s.watchedNamespace,
    fix: `put the cluster in ${show(s.watchedNamespace)}, or set watched_namespace to "*" (kubernetes.watchedNamespace).`,
  });
}

function checkTeamPrefix(i: OperatorCheckInputs) {
  const s = i.settings;
  const prefix = `${i.teamId.toLowerCase()}-`;
  const enforced = s.enableTeamIdClusternamePrefix;
  if (i.requireTeamPrefix === false && enforced) {
    fail(i.scope, {
      rule: RuleCode.TEAM_PREFIX,
      property: 'requireTeamPrefix',
      problem: `${src(s)} has enable_team_id_clustername_prefix on: it rejects every cluster whose name does not start with "<teamId>-", whatever this option says.`,
      value: 'false',
      fix: 'remove requireTeamPrefix: false (and name the cluster with the team prefix), or turn enable_team_id_clustername_prefix off.',
    });
  }
  // pkg/apis/acid.zalan.do/v1/util.go extractClusterName: the lower-cased name must start with "<team>-" and go on
  if ((i.requireTeamPrefix ?? enforced) && !(i.name.startsWith(prefix) && i.name.length > prefix.length)) {
    fail(i.scope, {
      rule: RuleCode.TEAM_PREFIX,
      property: 'name',
      problem: enforced
        ? `the cluster name does not start with the team prefix "${prefix}"; ${src(s)} has enable_team_id_clustername_prefix on and rejects it.`
        : `the cluster name does not start with the team prefix "${prefix}" (requireTeamPrefix: true).`,
      value: show(i.name),
      allowed: `"${prefix}<something>"`,
      fix: enforced
        ? `rename it to "${prefix}${i.name}".`
        : `rename it to "${prefix}${i.name}", or drop requireTeamPrefix.`,
    });
  }
}

function checkFeaturesEnabled(i: OperatorCheckInputs) {
  const s = i.settings;
  // pkg/cluster/resources.go createStatefulSet: both are refused before the StatefulSet is created
  if (!s.enableSidecars && i.sidecars.length) {
    const first = i.sidecars[0];
    fail(i.scope, {
      rule: RuleCode.OPERATOR_FEATURE_DISABLED,
      property: 'sidecars',
      problem: `${src(s)} has enable_sidecars off and refuses to create a cluster with sidecars ("sidecar containers specified but disabled in configuration").`,
      value: i.sidecars.map((c) => `${c.container} (from ${c.contributor})`).join(', '),
      fix: `turn enable_sidecars on (kubernetes.enableSidecars), or remove the sidecars (the first comes from ${first.contributor}).`,
    });
  }
  if (!s.enableInitContainers && i.initContainers.length) {
    fail(i.scope, {
      rule: RuleCode.OPERATOR_FEATURE_DISABLED,
      property: 'initContainers',
      problem: `${src(s)} has enable_init_containers off and refuses to create a cluster with init containers.`,
      value: i.initContainers.join(', '),
      fix: 'turn enable_init_containers on (kubernetes.enableInitContainers), or remove the init containers.',
    });
  }
  const crossNamespace = i.userNames.filter((u) => u.includes('.'));
  if (crossNamespace.length && !s.enableCrossNamespaceSecret) {
    fail(i.scope, {
      rule: RuleCode.OPERATOR_FEATURE_DISABLED,
      property: `users[${crossNamespace[0]}]`,
      problem: `${src(s)} has enable_cross_namespace_secret off: it would create the role and its Secret in the cluster's own namespace, not in the namespace the name gives.`,
      value: crossNamespace.map((u) => show(u)).join(', '),
      fix: 'turn enable_cross_namespace_secret on (kubernetes.enableCrossNamespaceSecret), or use a user name without a namespace.',
    });
  }
}

function checkSystemUsers(i: OperatorCheckInputs) {
  const s = i.settings;
  for (const [field, name] of [['super_username', s.superUsername], ['replication_username', s.replicationUsername]] as const) {
    if (i.userNames.includes(name)) {
      fail(i.scope, {
        rule: RuleCode.OPERATOR_SYSTEM_USER_CONFLICT,
        property: `users[${name}]`,
        problem: `is ${src(s)}'s ${field}: the operator manages that role itself and ignores the manifest's entry.`,
        value: show(name),
        fix: 'choose another user name.',
      });
    }
  }
  const pooler = i.features.pooler;
  if (pooler && [s.superUsername, s.replicationUsername].includes(pooler.user)) {
    fail(i.scope, {
      rule: RuleCode.OPERATOR_SYSTEM_USER_CONFLICT,
      property: 'connectionPooler.user',
      problem: `the pooler must not authenticate as ${src(s)}'s superuser or replication user (the operator rejects it).`,
      value: show(pooler.user),
      fix: 'use a dedicated pooler role (the default "pooler").',
    });
  }
}

function checkInstances(i: OperatorCheckInputs) {
  const s = i.settings;
  if (ignored(i, s.ignoreInstanceLimitsAnnotationKey)) return;
  const source = i.features.dataSource?.kind;
  const standby = source === DataSourceKind.ARCHIVE_STANDBY || source === DataSourceKind.STREAMING_STANDBY;
  const n = operatorInstanceCount(i.instances, s.minInstances, s.maxInstances, standby);
  if (n === i.instances) return;
  fail(i.scope, {
    rule: RuleCode.OPERATOR_INSTANCES_CLAMPED,
    property: 'instances',
    problem: `${src(s)} has min_instances ${s.minInstances} and max_instances ${s.maxInstances}: it would run ${n} pods, not ${i.instances}.`,
    value: show(i.instances),
    allowed: `${Math.max(s.minInstances, 0)} to ${s.maxInstances >= 0 ? s.maxInstances : 'any'}`,
    fix: s.ignoreInstanceLimitsAnnotationKey
      ? `set instances to ${n}, or annotate the cluster with ${s.ignoreInstanceLimitsAnnotationKey}: "true" (the operator's opt-out).`
      : `set instances to ${n}.`,
  });
}

/** True when the cluster carries the operator's opt-out annotation `<key>: "true"`. */
function ignored(i: OperatorCheckInputs, key: string | undefined): boolean {
  return key !== undefined && i.annotations[key] === 'true';
}

/**
 * The clamps of pkg/cluster/k8sres.go generateResourceRequirements: minimum limits and maximum requests for
 * the postgres container (unless the cluster carries `ignore_resources_limits_annotation_key: "true"`), and
 * `set_memory_request_to_limit` for every container, sidecars and pooler included.
 */
function checkResources(i: OperatorCheckInputs) {
  const s = i.settings;
  const pg = i.resources;
  const optOut = s.ignoreResourcesLimitsAnnotationKey
    ? ` or annotate the cluster with ${s.ignoreResourcesLimitsAnnotationKey}: "true" (the operator's opt-out)` : '';
  const clamp = (property: string, field: string, value: string, bound: string, what: string, fix: string) => fail(i.scope, {
    rule: RuleCode.OPERATOR_RESOURCES_CLAMPED,
    property,
    problem: `${src(s)} has ${field} ${bound}: it would ${what} the postgres container's ${value}, so the pods would not get the resources declared (and the tuning derived from them would be off).`,
    value: show(value),
    fix: `${fix}${optOut}.`,
  });
  if (!ignored(i, s.ignoreResourcesLimitsAnnotationKey)) {
    if (s.minCpuLimit && cpuMillis(pg.limits.cpu) < cpuToMillis(s.minCpuLimit)) {
      clamp('resources.cpu.limit', 'min_cpu_limit', pg.limits.cpu, s.minCpuLimit.amount, 'raise', `raise the CPU limit to at least ${s.minCpuLimit.amount}`);
    }
    if (s.minMemoryLimit && memoryBytes(pg.limits.memory) < sizeToBytes(s.minMemoryLimit)) {
      clamp('resources.memory.limit', 'min_memory_limit', pg.limits.memory, sizeToQuantity(s.minMemoryLimit), 'raise', `raise the memory limit to at least ${sizeToQuantity(s.minMemoryLimit)}`);
    }
    if (s.maxCpuRequest && cpuMillis(pg.requests.cpu) > cpuToMillis(s.maxCpuRequest)) {
      clamp('resources.cpu.request', 'max_cpu_request', pg.requests.cpu, s.maxCpuRequest.amount, 'lower', `lower the CPU request to at most ${s.maxCpuRequest.amount}`);
    }
    if (s.maxMemoryRequest && memoryBytes(pg.requests.memory) > sizeToBytes(s.maxMemoryRequest)) {
      clamp('resources.memory.request', 'max_memory_request', pg.requests.memory, sizeToQuantity(s.maxMemoryRequest), 'lower', `lower the memory request to at most ${sizeToQuantity(s.maxMemoryRequest)}`);
    }
  }
  if (!s.setMemoryRequestToLimit) return;
  const pooler = i.features.pooler;
  const containers: RenderedContainerResources[] = [
    { container: 'postgres', contributor: i.scope.node.path, requests: pg.requests, limits: pg.limits },
    ...i.sidecars,
    ...(pooler ? [{ container: 'connection-pooler', contributor: 'connectionPooler', ...pooler.resources }] : []),
  ];
  for (const c of containers) {
    const request = c.requests.memory;
    const limit = c.limits.memory;
    if (request !== undefined && limit !== undefined && memoryBytes(request) < memoryBytes(limit)) {
      fail(i.scope, {
        rule: RuleCode.OPERATOR_RESOURCES_CLAMPED,
        property: c.container === 'postgres' ? 'resources.memory.request' : `${c.container}.resources.memory.request`,
        problem: `${src(s)} has set_memory_request_to_limit on: it would raise the memory request of the ${c.container} container (from ${c.contributor}) to its limit ${limit}.`,
        value: `request ${request}, limit ${limit}`,
        fix: 'give the container a memory request equal to its limit, or turn set_memory_request_to_limit off.',
      });
    }
  }
}

function checkMajorVersion(i: OperatorCheckInputs) {
  const s = i.settings;
  // pkg/cluster/majorversionupgrade.go GetDesiredMajorVersion: in "full" mode a version below the minimal one is
  // replaced by target_major_version, and the operator upgrades the cluster in place
  if (s.majorVersionUpgradeMode !== MajorVersionUpgradeMode.FULL || i.version.major >= s.minimalMajorVersion.major) return;
  fail(i.scope, {
    rule: RuleCode.OPERATOR_VERSION_OVERRIDDEN,
    property: 'version',
    problem: `${src(s)} has major_version_upgrade_mode "full" and minimal_major_version ${s.minimalMajorVersion.major}: it would upgrade this cluster to PostgreSQL ${s.targetMajorVersion.major} in place.`,
    value: show(i.version.major),
    allowed: `${s.minimalMajorVersion.major} or later`,
    fix: `declare version: PostgresVersion.V${s.targetMajorVersion.major} (and plan the upgrade), or lower minimal_major_version.`,
  });
}

/** The v2.0.1 chart's `logical_backup_s3_bucket`: a placeholder, not a bucket of yours. */
const CHART_PLACEHOLDER_BUCKET = 'my-bucket-url';

function checkLogicalBackup(i: OperatorCheckInputs) {
  const s = i.settings;
  if (!i.logicalBackup) return;
  // the operator's logical backup job uploads with these settings (pkg/cluster/k8sres.go generateLogicalBackupPodEnvVars)
  const provider = s.logicalBackupProvider;
  const missing = provider === LogicalBackupProvider.AZ
    ? [
      ...(s.logicalBackupAzureStorageAccountName ? [] : ['logical_backup_azure_storage_account_name (logicalBackup.logicalBackupAzureStorageAccountName)']),
      ...(s.logicalBackupAzureStorageContainer ? [] : ['logical_backup_azure_storage_container (logicalBackup.logicalBackupAzureStorageContainer)']),
    ]
    : s.logicalBackupS3Bucket && s.logicalBackupS3Bucket !== CHART_PLACEHOLDER_BUCKET ? []
      : [`logical_backup_s3_bucket (logicalBackup.logicalBackupS3Bucket${provider === LogicalBackupProvider.GCS ? ', the GCS bucket' : ''})`
        + (s.logicalBackupS3Bucket === CHART_PLACEHOLDER_BUCKET ? `: ${show(CHART_PLACEHOLDER_BUCKET)} is the chart's placeholder` : '')];
  if (!missing.length) return;
  fail(i.scope, {
    rule: RuleCode.OPERATOR_LOGICAL_BACKUP_DESTINATION,
    property: 'logicalBackup',
    problem: `${src(s)} has logical_backup_provider ${show(provider)} but no destination: every dump job would fail to upload.`,
    value: `missing ${missing.join(', ')}`,
    fix: 'configure the logical backup destination on the operator, or turn logical backups off for this cluster.',
  });
}

function checkDeleteAnnotations(i: OperatorCheckInputs) {
  const s = i.settings;
  if (!i.deletionProtection) return;
  for (const key of [s.deleteAnnotationDateKey, s.deleteAnnotationNameKey]) {
    if (key !== undefined && i.annotations[key] !== undefined) {
      fail(i.scope, {
        rule: RuleCode.DELETION_PROTECTION_CONFLICT,
        property: `annotations.${key}`,
        problem: `is ${src(s)}'s delete annotation: with it the operator carries out a deletion, which contradicts deletionProtection.`,
        value: show(i.annotations[key]),
        fix: 'remove the annotation, or set deletionProtection: false when the cluster is really to be deleted.',
      });
    }
  }
}

// ------------------------------------------------------------------------------------------------------------
// Global WAL stores (ZALANDO-FACTS §g.2)

/** The store a WAL-G env-dir uses, in the order Spilo tries them (configure_spilo.py:868, 921, 930). */
const STORES: Array<{ store: string; label: string; keys: string[] }> = [
  { store: 's3', label: 'S3', keys: ['WAL_S3_BUCKET', 'WALE_S3_PREFIX', 'WALG_S3_PREFIX'] },
  { store: 'gs', label: 'GCS', keys: ['WAL_GCS_BUCKET', 'WAL_GS_BUCKET', 'WALE_GCS_PREFIX', 'WALE_GS_PREFIX', 'WALG_GS_PREFIX'] },
  { store: 'swift', label: 'Swift', keys: ['WAL_SWIFT_BUCKET', 'WALE_SWIFT_PREFIX'] },
  { store: 'az', label: 'Azure', keys: ['WALG_AZ_PREFIX'] },
];

const storeOf = (location: BackupLocation): string =>
  location.storage.kind === BackupStorageKind.S3 ? 's3' : location.storage.kind === BackupStorageKind.GCS ? 'gs' : 'az';

/** One way a cluster uses an archive: its own backups, a point-in-time clone, an archive standby. */
interface ArchiveUse {
  readonly what: string;
  readonly property: string;
  /** Prefix of the variables Spilo reads for this use (`''`, `CLONE_`, `STANDBY_`). */
  readonly prefix: string;
  readonly location: BackupLocation;
}

/** A variable the operator puts into the Spilo container from its own configuration. */
interface InjectedVariable {
  readonly name: string;
  readonly value?: string;
  readonly origin: string;
  /** Appended after `spec.env` without de-duplication (the clone section's variables). */
  readonly appended?: boolean;
}

function checkGlobalWal(i: OperatorCheckInputs) {
  const f = i.features;
  const uses: ArchiveUse[] = [];
  if (f.archive) uses.push({ what: 'archive', property: 'backup', prefix: '', location: f.archive.location });
  const source = f.dataSource;
  if (source?.kind === DataSourceKind.ARCHIVE_CLONE && source.archive) uses.push({ what: 'clone', property: 'restore', prefix: 'CLONE_', location: source.archive });
  if (source?.kind === DataSourceKind.ARCHIVE_STANDBY && source.archive) uses.push({ what: 'standby', property: 'source', prefix: 'STANDBY_', location: source.archive });
  if (!uses.length) return;
  const own = new Set(i.envNames.map((n) => n.toUpperCase()));
  for (const use of uses) {
    // the global WAL_* variables and the pod environment are added only where spec.env has no such name; the clone
    // variables are appended after it without de-duplication (k8sres.go:1051, 1055)
    const injected = injectedVariables(i.settings, use).filter((v) => v.appended || !own.has(v.name));
    const mine = storeOf(use.location);
    const rank = STORES.findIndex((x) => x.store === mine);
    for (const v of injected) {
      const bare = v.name.slice(use.prefix.length);
      const earlier = STORES.slice(0, rank).find((x) => x.keys.includes(bare));
      if (earlier) {
        fail(i.scope, {
          rule: RuleCode.OPERATOR_GLOBAL_WAL,
          property: use.property,
          problem: `${v.origin} gives the Spilo pods ${v.name}${v.value ? `=${v.value}` : ''}, and Spilo picks the first WAL store it finds (S3, then GCS, then Azure): `
            + `the ${use.what} would use ${earlier.label} instead of ${use.location.walPath}.`,
          value: `${v.name} vs ${use.location.walPath}`,
          fix: `remove the global ${earlier.label} setting from the operator (or from its pod environment), or use ${earlier.label} for this cluster too.`,
        });
      }
    }
    // A clone without s3_wal_path gets CLONE_AZURE_STORAGE_ACCOUNT from wal_az_storage_account (k8sres.go:2167-2182):
    // a second value of a variable the clone sets itself, which rolls the pods on every sync (cluster.go compareEnv).
    const account = use.location.storage.storageAccount;
    for (const v of injected) {
      if (use.prefix === 'CLONE_' && v.name === 'CLONE_AZURE_STORAGE_ACCOUNT' && account !== undefined && v.value !== account) {
        fail(i.scope, {
          rule: RuleCode.OPERATOR_GLOBAL_WAL,
          property: use.property,
          problem: `${v.origin} adds CLONE_AZURE_STORAGE_ACCOUNT=${v.value} for clones, next to this clone's own ${account}: the pods would read the other account and roll on every sync.`,
          value: `${v.value} vs ${account}`,
          fix: 'remove wal_az_storage_account from the operator, or clone from an archive in that storage account.',
        });
      }
    }
  }
}

/** The WAL variables of one use the operator injects from its configuration and pod environment. */
function injectedVariables(s: OperatorSettings, use: ArchiveUse): InjectedVariable[] {
  const out: InjectedVariable[] = [];
  const config = `${src(s)}`;
  if (use.prefix === '') {
    // k8sres.go:1077, 1083
    if (s.walS3Bucket) out.push({ name: 'WAL_S3_BUCKET', value: s.walS3Bucket, origin: `${config} with wal_s3_bucket` });
    if (s.walGsBucket) out.push({ name: 'WAL_GS_BUCKET', value: s.walGsBucket, origin: `${config} with wal_gs_bucket` });
  } else if (use.prefix === 'CLONE_' && use.location.storage.kind !== BackupStorageKind.S3) {
    // clones without s3_wal_path (only S3 clones render it): k8sres.go:2167-2182, the first global store only
    if (s.walS3Bucket) out.push({ name: 'CLONE_WAL_S3_BUCKET', value: s.walS3Bucket, origin: `${config} with wal_s3_bucket`, appended: true });
    else if (s.walGsBucket) out.push({ name: 'CLONE_WAL_GS_BUCKET', value: s.walGsBucket, origin: `${config} with wal_gs_bucket`, appended: true });
    else if (s.walAzStorageAccount) out.push({ name: 'CLONE_AZURE_STORAGE_ACCOUNT', value: s.walAzStorageAccount, origin: `${config} with wal_az_storage_account`, appended: true });
  }
  const fromEnv = (keys: string[] | undefined, origin: string) => {
    for (const k of keys ?? []) if (k.toUpperCase().startsWith(use.prefix)) out.push({ name: k.toUpperCase(), origin });
  };
  if (s.podEnvironmentConfigmap) fromEnv(s.podEnvironmentConfigmap.keys, `the pod environment ConfigMap ${s.podEnvironmentConfigmap.name} of ${config}`);
  if (s.podEnvironmentSecret) fromEnv(s.podEnvironmentSecret.keys, `the pod environment Secret ${s.podEnvironmentSecret.name} of ${config}`);
  return out;
}
