/**
 * The field table of the OperatorConfiguration: for every CRD key of operator v2.0.1 the typed property, how its
 * value is checked and how it is rendered. Rendering, the unknown-field check, the escape-hatch check and the
 * "every CRD field is typed" test all read this one table.
 */
import { Cron, Duration, Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import {
  LogicalBackupProvider,
  MajorVersionUpgradeMode,
  NodeReadinessLabelMerge,
  OperatorExternalTrafficPolicy,
  OperatorPodManagementPolicy,
  PvcRetention,
  StorageResizeMode,
} from './configuration';
import { MaintenanceWindow } from '../cluster/maintenance';
import { PostgresVersion } from '../cluster/version';
import { PoolerMode } from '../pooler/pooler-mode';
import {
  checkAnnotationKey,
  checkCpuQuantity,
  checkCron,
  checkDnsLabel,
  checkDnsSubdomain,
  checkImage as checkImageReference,
  checkInteger,
  checkLabelKey,
  checkLabelValue,
  isLabelValue,
} from '../validation/checks';
import { fail, show } from '../validation/errors';
import { Patterns } from '../validation/patterns';
import { sizeToBytes, sizeToQuantity } from '../validation/quantity';
import { RuleCode } from '../validation/rule-code';

/** How a field is checked and rendered. */
export type FieldKind =
  | 'string' | 'bool' | 'int' | 'strings' | 'map'
  | 'duration' | 'days' | 'seconds' | 'dateText'
  | 'cpu' | 'size' | 'cron' | 'enum' | 'version' | 'windows' | 'image'
  | 'labelKey' | 'labelKeys' | 'annotationKeys' | 'wildcardAnnotationKeys' | 'labelMap' | 'annotationMap' | 'imageMap'
  | 'objectName' | 'namespacedName' | 'namespace'
  | 'configmapRef' | 'secretRef' | 'infraRoles' | 'pvcPolicy' | 'saDefinition' | 'roleBinding' | 'probe' | 'toleration';

export interface FieldDef {
  /** The typed property (camelCase of the key). */
  readonly prop: string;
  /** The CRD key. */
  readonly key: string;
  readonly kind: FieldKind;
  readonly min?: number;
  readonly max?: number;
  /** Allowed values of an enum. */
  readonly values?: string[];
}

export interface GroupDef {
  /** Property of OperatorConfigurationProps (`''` for the top-level fields). */
  readonly prop: string;
  /** Key under `configuration` (`''` for the top level). */
  readonly key: string;
  /** Key of the Helm chart's values. */
  readonly helm: string;
  readonly fields: FieldDef[];
}

/** camelCase → snake_case, as the operator's configuration keys are named. */
export const snake = (prop: string) => prop.replace(/([A-Z])/g, '_$1').toLowerCase();
const INT32 = 2 ** 31 - 1;

function f(prop: string, kind: FieldKind, extra: Partial<FieldDef> = {}): FieldDef {
  return { prop, key: snake(prop), kind, ...extra };
}
function e(prop: string, values: Record<string, string>): FieldDef {
  return f(prop, 'enum', { values: Object.values(values) });
}

/** Every group and field of the v2.0.1 CRD (see configuration.ts for what is left out and why). */
export const GROUPS: GroupDef[] = [
  {
    prop: '',
    key: '',
    helm: 'configGeneral',
    fields: [
      f('crdCategories', 'strings'),
      f('dockerImage', 'image'),
      f('enableCrdRegistration', 'bool'),
      f('enableLazySpiloUpgrade', 'bool'),
      f('enableMaintenanceWindows', 'bool'),
      f('enablePgversionEnvVar', 'bool'),
      f('enableShmVolume', 'bool'),
      f('enableSpiloWalPathCompat', 'bool'),
      f('enableTeamIdClusternamePrefix', 'bool'),
      f('etcdHost', 'string'),
      f('ignoreInstanceLimitsAnnotationKey', 'labelKey'),
      f('ignoreResourcesLimitsAnnotationKey', 'labelKey'),
      f('kubernetesUseConfigmaps', 'bool'),
      f('maintenanceWindows', 'windows'),
      f('maxInstances', 'int', { min: -1, max: INT32 }),
      f('minInstances', 'int', { min: -1, max: INT32 }),
      f('repairPeriod', 'duration'),
      f('resyncPeriod', 'duration'),
      f('setMemoryRequestToLimit', 'bool'),
      f('sidecarDockerImages', 'imageMap'),
      f('workers', 'int', { min: 1, max: INT32 }),
    ],
  },
  {
    prop: 'users',
    key: 'users',
    helm: 'configUsers',
    fields: [
      f('additionalOwnerRoles', 'strings'),
      f('enablePasswordRotation', 'bool'),
      f('passwordRotationInterval', 'days'),
      f('passwordRotationUserRetention', 'days'),
      f('replicationUsername', 'string'),
      f('superUsername', 'string'),
    ],
  },
  {
    prop: 'majorVersionUpgrade',
    key: 'major_version_upgrade',
    helm: 'configMajorVersionUpgrade',
    fields: [
      e('majorVersionUpgradeMode', MajorVersionUpgradeMode),
      f('majorVersionUpgradeTeamAllowList', 'strings'),
      f('minimalMajorVersion', 'version'),
      f('targetMajorVersion', 'version'),
    ],
  },
  {
    prop: 'kubernetes',
    key: 'kubernetes',
    helm: 'configKubernetes',
    fields: [
      f('additionalPodCapabilities', 'strings'),
      f('clusterDomain', 'string'),
      f('clusterLabels', 'labelMap'),
      f('clusterNameLabel', 'labelKey'),
      f('customPodAnnotations', 'annotationMap'),
      f('deleteAnnotationDateKey', 'labelKey'),
      f('deleteAnnotationNameKey', 'labelKey'),
      f('downscalerAnnotations', 'wildcardAnnotationKeys'),
      f('enableCrossNamespaceSecret', 'bool'),
      f('enableFinalizers', 'bool'),
      f('enableInitContainers', 'bool'),
      f('enableOwnerReferences', 'bool'),
      f('enablePersistentVolumeClaimDeletion', 'bool'),
      f('enablePodAntiaffinity', 'bool'),
      f('enablePodDisruptionBudget', 'bool'),
      f('enableReadinessProbe', 'bool'),
      f('enableSecretsDeletion', 'bool'),
      f('enableSidecars', 'bool'),
      f('ignoredAnnotations', 'annotationKeys'),
      f('infrastructureRolesSecretName', 'namespacedName'),
      f('infrastructureRolesSecrets', 'infraRoles'),
      f('inheritedAnnotations', 'annotationKeys'),
      f('inheritedLabels', 'labelKeys'),
      f('livenessProbe', 'probe'),
      f('masterPodMoveTimeout', 'duration'),
      f('nodeReadinessLabel', 'labelMap'),
      e('nodeReadinessLabelMerge', NodeReadinessLabelMerge),
      f('oauthTokenSecretName', 'namespacedName'),
      f('pdbMasterLabelSelector', 'bool'),
      f('pdbNameFormat', 'string'),
      f('persistentVolumeClaimRetentionPolicy', 'pvcPolicy'),
      f('podAntiaffinityPreferredDuringScheduling', 'bool'),
      f('podAntiaffinityTopologyKey', 'labelKey'),
      f('podEnvironmentConfigmap', 'configmapRef'),
      f('podEnvironmentSecret', 'secretRef'),
      e('podManagementPolicy', OperatorPodManagementPolicy),
      f('podPriorityClassName', 'objectName'),
      f('podRoleLabel', 'labelKey'),
      f('podServiceAccountDefinition', 'saDefinition'),
      f('podServiceAccountName', 'objectName'),
      f('podServiceAccountRoleBindingDefinition', 'roleBinding'),
      f('podTerminateGracePeriod', 'duration'),
      f('secretNameTemplate', 'string'),
      f('sharePgsocketWithSidecars', 'bool'),
      f('spiloAllowPrivilegeEscalation', 'bool'),
      f('spiloFsgroup', 'int', { min: 0, max: INT32 }),
      f('spiloPrivileged', 'bool'),
      f('spiloRunasgroup', 'int', { min: 0, max: INT32 }),
      f('spiloRunasuser', 'int', { min: 0, max: INT32 }),
      e('storageResizeMode', StorageResizeMode),
      f('toleration', 'toleration'),
      f('watchedNamespace', 'namespace'),
    ],
  },
  {
    prop: 'postgresPodResources',
    key: 'postgres_pod_resources',
    helm: 'configPostgresPodResources',
    fields: [
      f('defaultCpuLimit', 'cpu'),
      f('defaultCpuRequest', 'cpu'),
      f('defaultMemoryLimit', 'size'),
      f('defaultMemoryRequest', 'size'),
      f('maxCpuRequest', 'cpu'),
      f('maxMemoryRequest', 'size'),
      f('minCpuLimit', 'cpu'),
      f('minMemoryLimit', 'size'),
    ],
  },
  {
    prop: 'timeouts',
    key: 'timeouts',
    helm: 'configTimeouts',
    fields: [
      f('patroniApiCheckInterval', 'duration'),
      f('patroniApiCheckTimeout', 'duration'),
      f('podDeletionWaitTimeout', 'duration'),
      f('podLabelWaitTimeout', 'duration'),
      f('readyWaitInterval', 'duration'),
      f('readyWaitTimeout', 'duration'),
      f('resourceCheckInterval', 'duration'),
      f('resourceCheckTimeout', 'duration'),
    ],
  },
  {
    prop: 'loadBalancer',
    key: 'load_balancer',
    helm: 'configLoadBalancer',
    fields: [
      f('customServiceAnnotations', 'annotationMap'),
      f('dbHostedZone', 'string'),
      f('enableMasterLoadBalancer', 'bool'),
      f('enableMasterNodePort', 'bool'),
      f('enableMasterPoolerLoadBalancer', 'bool'),
      f('enableMasterPoolerNodePort', 'bool'),
      f('enableReplicaLoadBalancer', 'bool'),
      f('enableReplicaNodePort', 'bool'),
      f('enableReplicaPoolerLoadBalancer', 'bool'),
      f('enableReplicaPoolerNodePort', 'bool'),
      e('externalTrafficPolicy', OperatorExternalTrafficPolicy),
      f('masterDnsNameFormat', 'string'),
      f('masterLegacyDnsNameFormat', 'string'),
      f('replicaDnsNameFormat', 'string'),
      f('replicaLegacyDnsNameFormat', 'string'),
    ],
  },
  {
    prop: 'awsOrGcp',
    key: 'aws_or_gcp',
    helm: 'configAwsOrGcp',
    fields: [
      f('additionalSecretMount', 'objectName'),
      f('additionalSecretMountPath', 'string'),
      f('awsRegion', 'string'),
      f('gcpCredentials', 'string'),
      f('irsaRoleArn', 'string'),
      f('kubeIamRole', 'string'),
      f('logS3Bucket', 'string'),
      f('walAzStorageAccount', 'string'),
      f('walGsBucket', 'string'),
      f('walS3Bucket', 'string'),
    ],
  },
  {
    prop: 'logicalBackup',
    key: 'logical_backup',
    helm: 'configLogicalBackup',
    fields: [
      f('logicalBackupAzureStorageAccountName', 'string'),
      f('logicalBackupAzureStorageContainer', 'string'),
      f('logicalBackupCpuLimit', 'cpu'),
      f('logicalBackupCpuRequest', 'cpu'),
      f('logicalBackupCronjobEnvironmentSecret', 'objectName'),
      f('logicalBackupDockerImage', 'image'),
      f('logicalBackupFailedJobsHistoryLimit', 'int', { min: 0, max: INT32 }),
      f('logicalBackupGoogleApplicationCredentials', 'string'),
      f('logicalBackupJobPrefix', 'string'),
      f('logicalBackupMemoryLimit', 'size'),
      f('logicalBackupMemoryRequest', 'size'),
      e('logicalBackupProvider', LogicalBackupProvider),
      f('logicalBackupS3Bucket', 'string'),
      f('logicalBackupS3BucketPrefix', 'string'),
      f('logicalBackupS3Endpoint', 'string'),
      f('logicalBackupS3Region', 'string'),
      f('logicalBackupS3RetentionTime', 'dateText'),
      f('logicalBackupS3Sse', 'string'),
      f('logicalBackupSchedule', 'cron'),
      f('logicalBackupSuccessfulJobsHistoryLimit', 'int', { min: 0, max: INT32 }),
      f('logicalBackupTtlSecondsAfterFinished', 'seconds', { max: INT32 }),
    ],
  },
  {
    prop: 'debug',
    key: 'debug',
    helm: 'configDebug',
    fields: [f('debugLogging', 'bool'), f('enableDatabaseAccess', 'bool')],
  },
  {
    prop: 'teamsApi',
    key: 'teams_api',
    helm: 'configTeamsApi',
    fields: [
      f('enableAdminRoleForUsers', 'bool'),
      f('enablePostgresTeamCrd', 'bool'),
      f('enablePostgresTeamCrdSuperusers', 'bool'),
      f('enableTeamMemberDeprecation', 'bool'),
      f('enableTeamSuperuser', 'bool'),
      f('enableTeamsApi', 'bool'),
      f('pamConfiguration', 'string'),
      f('pamRoleName', 'string'),
      f('postgresSuperuserTeams', 'strings'),
      f('protectedRoleNames', 'strings'),
      f('roleDeletionSuffix', 'string'),
      f('teamAdminRole', 'string'),
      f('teamApiRoleConfiguration', 'map'),
      f('teamsApiUrl', 'string'),
    ],
  },
  {
    prop: 'loggingRestApi',
    key: 'logging_rest_api',
    helm: 'configLoggingRestApi',
    fields: [
      f('apiPort', 'int', { min: 1, max: 65535 }),
      f('clusterHistoryEntries', 'int', { min: 1, max: INT32 }),
      f('ringLogLines', 'int', { min: 1, max: INT32 }),
    ],
  },
  {
    prop: 'connectionPooler',
    key: 'connection_pooler',
    helm: 'configConnectionPooler',
    fields: [
      f('connectionPoolerDefaultCpuLimit', 'cpu'),
      f('connectionPoolerDefaultCpuRequest', 'cpu'),
      f('connectionPoolerDefaultMemoryLimit', 'size'),
      f('connectionPoolerDefaultMemoryRequest', 'size'),
      f('connectionPoolerImage', 'image'),
      f('connectionPoolerMaxDbConnections', 'int', { min: 1, max: INT32 }),
      f('connectionPoolerMode', 'enum', { values: [PoolerMode.SESSION, PoolerMode.TRANSACTION] }),
      f('connectionPoolerNumberOfInstances', 'int', { min: 1, max: INT32 }),
      f('connectionPoolerSchema', 'string'),
      f('connectionPoolerUser', 'string'),
    ],
  },
  {
    prop: 'patroni',
    key: 'patroni',
    helm: 'configPatroni',
    fields: [f('enablePatroniFailsafeMode', 'bool')],
  },
  {
    prop: 'scalyr',
    key: 'scalyr',
    helm: 'configScalyr',
    fields: [
      f('scalyrCpuLimit', 'cpu'),
      f('scalyrCpuRequest', 'cpu'),
      f('scalyrImage', 'image'),
      f('scalyrMemoryLimit', 'size'),
      f('scalyrMemoryRequest', 'size'),
      f('scalyrServerUrl', 'string'),
    ],
  },
];

/** The configuration as group property → (field property → typed value). `''` holds the top-level fields. */
export type Grouped = Record<string, Record<string, any>>;

/** Splits OperatorConfigurationProps into groups. Unknown properties are reported. */
export function groupProps(scope: IConstruct, props: Record<string, any>, prefix: string): Grouped {
  const out: Grouped = {};
  for (const g of GROUPS) out[g.prop] = {};
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === undefined) continue;
    const group = GROUPS.find((g) => g.prop === k && g.prop !== '');
    if (group) {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) unknownField(scope, `${prefix}${k}`, v, 'an object of settings');
      out[group.prop] = { ...v };
    } else {
      out[''][k] = v;
    }
  }
  checkKnown(scope, out, (g) => (g.prop ? `${prefix}${g.prop}.` : prefix));
  return out;
}

/** Reports properties no field of the group knows. */
export function checkKnown(scope: IConstruct, grouped: Grouped, prefixOf: (g: GroupDef) => string): void {
  for (const g of GROUPS) {
    for (const [k, v] of Object.entries(grouped[g.prop] ?? {})) {
      if (v === undefined) continue;
      if (!g.fields.some((x) => x.prop === k)) {
        const near = g.fields.map((x) => x.prop).find((p) => p.toLowerCase() === k.toLowerCase().replace(/_/g, ''));
        fail(scope, {
          rule: RuleCode.OPERATOR_UNKNOWN_FIELD,
          property: `${prefixOf(g)}${k}`,
          problem: 'the operator v2.0.1 has no such setting in this group.',
          value: show(k),
          fix: near ? `use ${near}.` : 'remove it, or use the escape hatch (addJsonPatch) for settings newer than v2.0.1.',
        });
      }
    }
  }
}

function unknownField(scope: IConstruct, property: string, value: unknown, expected: string): never {
  fail(scope, {
    rule: RuleCode.OPERATOR_UNKNOWN_FIELD,
    property,
    problem: `expected ${expected}.`,
    value: show(value),
    fix: `pass ${expected}.`,
  });
}

/**
 * Merges `over` into `base` group by group. Undefined values do not override. With `mergeMaps` (Helm's value
 * coalescing), string maps are merged key by key instead of replaced.
 */
export function mergeGrouped(base: Grouped, over: Grouped, mergeMaps = false): Grouped {
  const out: Grouped = {};
  for (const g of GROUPS) {
    const merged: Record<string, any> = { ...(base[g.prop] ?? {}) };
    for (const [k, v] of Object.entries(over[g.prop] ?? {})) {
      if (v === undefined) continue;
      const def = g.fields.find((x) => x.prop === k);
      const isMap = def && ['map', 'labelMap', 'annotationMap', 'imageMap'].includes(def.kind);
      merged[k] = mergeMaps && isMap && merged[k] ? { ...merged[k], ...v } : v;
    }
    out[g.prop] = merged;
  }
  return out;
}

// --- checks and rendering of single values ----------------------------------------------------------------

/** Label and annotation keys of the configuration raise the operator's code. */
const KEY = { rule: RuleCode.OPERATOR_LABEL_KEY };

/** Checks an image reference: well-formed and pinned to a tag or digest (`latest` is accepted). */
export function checkImage(scope: IConstruct, property: string, image: unknown): void {
  checkImageReference(scope, property, image, true, { rule: RuleCode.OPERATOR_IMAGE, allowLatest: true, problem: 'not an image reference.' });
}

function checkObjectName(scope: IConstruct, property: string, name: unknown): void {
  checkDnsSubdomain(scope, property, name, 'Kubernetes object name', 'use a name like "postgres-pod".',
    { rule: RuleCode.OPERATOR_NAME, problem: 'not a Kubernetes object name.' });
}

/** Checks a namespace name. */
export function checkNamespaceName(scope: IConstruct, property: string, ns: unknown): void {
  checkDnsLabel(scope, property, ns, 'namespace name', 'use a namespace like "postgres-operator".',
    { rule: RuleCode.OPERATOR_NAMESPACE, problem: 'not a namespace name.' });
}

/** Milliseconds of a Duration, or a ValidationError when it is not a Duration. */
function millis(scope: IConstruct, property: string, d: unknown): number {
  if (!(d instanceof Duration)) unknownField(scope, property, d, 'a Duration (e.g. Duration.minutes(5))');
  return d.toMilliseconds({ integral: false });
}

function wholeUnits(scope: IConstruct, property: string, d: unknown, unitMs: number, unit: string, min: number, max = INT32): number {
  const ms = millis(scope, property, d);
  const n = ms / unitMs;
  if (!Number.isFinite(n) || !Number.isInteger(n) || n < min || n > max) {
    fail(scope, {
      rule: RuleCode.OPERATOR_DURATION,
      property,
      problem: `the operator reads this setting in whole ${unit}.`,
      value: Number.isFinite(ms) ? `${ms / 1000} seconds` : show(ms),
      allowed: `a whole number of ${unit}, at least ${min}`,
      fix: `use e.g. Duration.${unit}(${Math.max(min, 1)}).`,
    });
  }
  return n;
}

/**
 * A Go `time.ParseDuration` string of whole **seconds** in the largest unit that is exact (`5m`, `30s`, `2h`): how
 * the operator's configuration writes durations. Not Go's `String()` form (`5m0s`) of `goDuration` in validation/checks.
 */
export function goDurationExact(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** GNU `date -d` text in the largest exact unit (`7 days`, `12 hours`). */
function dateText(seconds: number): string {
  for (const [unit, s] of [['days', 86400], ['hours', 3600], ['minutes', 60]] as const) {
    if (seconds % s === 0) return `${seconds / s} ${unit}`;
  }
  return `${seconds} seconds`;
}

function checkCpu(scope: IConstruct, property: string, cpu: unknown): string {
  if (!(cpu instanceof Cpu)) unknownField(scope, property, cpu, 'a Cpu (e.g. Cpu.millis(500))');
  checkCpuQuantity(scope, property, cpu.amount, { rule: RuleCode.OPERATOR_QUANTITY });
  return cpu.amount;
}

function checkSize(scope: IConstruct, property: string, size: unknown): string {
  if (!(size instanceof Size)) unknownField(scope, property, size, 'a Size (e.g. Size.mebibytes(500))');
  const bytes = sizeToBytes(size);
  if (!Number.isFinite(bytes) || bytes <= 0 || !Number.isInteger(bytes)) {
    fail(scope, {
      rule: RuleCode.OPERATOR_QUANTITY,
      property,
      problem: 'not a memory quantity: it must be a finite, positive, whole number of bytes.',
      value: Number.isFinite(bytes) ? `${bytes} bytes` : show(bytes),
      fix: 'use e.g. Size.mebibytes(500) or Size.gibibytes(1).',
    });
  }
  return sizeToQuantity(size);
}

function checkStrings(scope: IConstruct, property: string, v: unknown): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) unknownField(scope, property, v, 'a list of strings');
  return [...v];
}

function checkMap(scope: IConstruct, property: string, v: unknown): Record<string, string> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) {
    unknownField(scope, property, v, 'a map of strings');
  }
  return sortKeys(v as Record<string, string>);
}

function checkEnum(scope: IConstruct, property: string, v: unknown, values: string[]): string {
  if (typeof v !== 'string' || !values.includes(v)) {
    fail(scope, {
      rule: RuleCode.OPERATOR_UNKNOWN_FIELD,
      property,
      problem: 'not a value the CRD accepts.',
      value: show(v),
      allowed: values.map((x) => `"${x}"`).join(', '),
      fix: 'use one of the allowed values (the enum of this property).',
    });
  }
  return v;
}

function checkString(scope: IConstruct, property: string, v: unknown): string {
  if (typeof v !== 'string') unknownField(scope, property, v, 'a string');
  return v;
}

/** Sorted copy of a map (deterministic output). */
export function sortKeys<T>(m: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]]));
}

/** `namespace/name` or `name`, each part a Kubernetes name. */
function checkNamespacedName(scope: IConstruct, property: string, v: unknown): string {
  const s = checkString(scope, property, v);
  const parts = s.split('/');
  if (parts.length > 2) checkObjectName(scope, property, s);
  if (parts.length === 2) checkNamespaceName(scope, property, parts[0]);
  checkObjectName(scope, property, parts[parts.length - 1]);
  return s;
}

/** Context of the rendering: which object the pod ServiceAccount definitions name. */
export interface RenderContext {
  readonly podServiceAccountName: string;
}

/** Checks one value and renders it as the CRD wants it. */
export function renderField(scope: IConstruct, property: string, def: FieldDef, v: any, ctx: RenderContext): any {
  switch (def.kind) {
    case 'string':
      return checkString(scope, property, v);
    case 'bool':
      if (typeof v !== 'boolean') unknownField(scope, property, v, 'true or false');
      return v;
    case 'int': {
      const min = def.min ?? 0;
      const max = def.max ?? INT32;
      checkInteger(scope, property, v, { min, max, fix: `use a whole number between ${min} and ${max}.`, allowedText: `${min} to ${max}` },
        { rule: RuleCode.OPERATOR_INTEGER });
      return v;
    }
    case 'strings':
      return checkStrings(scope, property, v);
    case 'map':
      return checkMap(scope, property, v);
    case 'duration':
      return goDurationExact(wholeUnits(scope, property, v, 1000, 'seconds', 1));
    case 'days':
      return wholeUnits(scope, property, v, 86_400_000, 'days', 1);
    case 'seconds':
      return wholeUnits(scope, property, v, 1000, 'seconds', 0, def.max);
    case 'dateText':
      return dateText(wholeUnits(scope, property, v, 1000, 'seconds', 1));
    case 'cpu':
      return checkCpu(scope, property, v);
    case 'size':
      return checkSize(scope, property, v);
    case 'cron': {
      if (!(v instanceof Cron)) unknownField(scope, property, v, 'a Cron (e.g. Cron.schedule({ minute: "30", hour: "0" }))');
      return checkCron(scope, property, v.expressionString, { rule: RuleCode.OPERATOR_CRON });
    }
    case 'enum':
      return checkEnum(scope, property, v, def.values!);
    case 'version': {
      if (!(v instanceof PostgresVersion)) unknownField(scope, property, v, 'a PostgresVersion (e.g. PostgresVersion.V17)');
      return v.toString();
    }
    case 'windows': {
      if (!Array.isArray(v) || v.some((w) => !(w instanceof MaintenanceWindow))) unknownField(scope, property, v, 'a list of MaintenanceWindow');
      return v.map((w: MaintenanceWindow) => checkWindow(scope, property, w));
    }
    case 'image':
      checkImage(scope, property, v);
      return v;
    case 'labelKey':
      checkLabelKey(scope, property, v, KEY);
      return v;
    case 'labelKeys':
      for (const k of checkStrings(scope, property, v)) checkLabelKey(scope, property, k, KEY);
      return [...v];
    case 'annotationKeys':
      for (const k of checkStrings(scope, property, v)) checkAnnotationKey(scope, property, k, KEY);
      return [...v];
    case 'wildcardAnnotationKeys':
      for (const k of checkStrings(scope, property, v)) {
        checkAnnotationKey(scope, property, k.replace(/\/\*$/, '/x').replace(/\*$/, 'x'), { ...KEY, what: 'annotation key (a trailing `*` is allowed)' });
      }
      return [...v];
    case 'labelMap': {
      const m = checkMap(scope, property, v);
      for (const [k, val] of Object.entries(m)) {
        checkLabelKey(scope, property, k, KEY);
        checkLabelValue(scope, `${property}.${k}`, val, { rule: RuleCode.OPERATOR_LABEL_VALUE });
      }
      return m;
    }
    case 'annotationMap': {
      const m = checkMap(scope, property, v);
      for (const k of Object.keys(m)) checkAnnotationKey(scope, property, k, KEY);
      return m;
    }
    case 'imageMap': {
      const m = checkMap(scope, property, v);
      for (const [k, img] of Object.entries(m)) {
        if (!Patterns.DNS_1123_LABEL.test(k)) checkObjectName(scope, `${property}.${k}`, k);
        checkImage(scope, `${property}.${k}`, img);
      }
      return m;
    }
    case 'objectName':
      checkObjectName(scope, property, v);
      return v;
    case 'namespacedName':
      return checkNamespacedName(scope, property, v);
    case 'namespace': {
      const s = checkString(scope, property, v);
      if (s !== '*' && s !== '') checkNamespaceName(scope, property, s);
      return s;
    }
    case 'configmapRef': {
      checkObjectName(scope, `${property}.name`, v?.name);
      if (v.namespaceName !== undefined) checkNamespaceName(scope, `${property}.namespaceName`, v.namespaceName);
      if (v.keys !== undefined) checkStrings(scope, `${property}.keys`, v.keys);
      return v.namespaceName ? `${v.namespaceName}/${v.name}` : v.name;
    }
    case 'secretRef':
      checkObjectName(scope, `${property}.name`, v?.name);
      if (v.keys !== undefined) checkStrings(scope, `${property}.keys`, v.keys);
      return v.name;
    case 'infraRoles':
      if (!Array.isArray(v)) unknownField(scope, property, v, 'a list of InfrastructureRolesSecret');
      return v.map((r: any, i: number) => {
        checkNamespacedName(scope, `${property}[${i}].secretName`, r?.secretName);
        const out: Record<string, any> = {
          defaultrolevalue: r.defaultRoleValue,
          defaultuservalue: r.defaultUserValue,
          details: r.details,
          passwordkey: r.passwordKey,
          rolekey: r.roleKey,
          secretname: r.secretName,
          template: r.template,
          userkey: r.userKey,
        };
        return Object.fromEntries(Object.entries(out).filter(([, x]) => x !== undefined));
      });
    case 'pvcPolicy': {
      const out: Record<string, string> = {};
      if (v?.whenDeleted !== undefined) out.when_deleted = checkEnum(scope, `${property}.whenDeleted`, v.whenDeleted, Object.values(PvcRetention));
      if (v?.whenScaled !== undefined) out.when_scaled = checkEnum(scope, `${property}.whenScaled`, v.whenScaled, Object.values(PvcRetention));
      return out;
    }
    case 'saDefinition': {
      const metadata: Record<string, any> = { name: ctx.podServiceAccountName };
      if (v?.annotations) {
        metadata.annotations = checkMap(scope, `${property}.annotations`, v.annotations);
        for (const k of Object.keys(metadata.annotations)) checkAnnotationKey(scope, `${property}.annotations`, k, KEY);
        if ('eks.amazonaws.com/role-arn' in metadata.annotations) {
          fail(scope, {
            rule: RuleCode.OPERATOR_IRSA_ANNOTATION,
            property: `${property}.annotations`,
            problem: 'the operator owns eks.amazonaws.com/role-arn on the pod ServiceAccount: it overwrites it with irsa_role_arn, '
              + 'or removes it on every sync when irsa_role_arn is empty (pkg/cluster/sync.go syncPodServiceAccount).',
            value: show(metadata.annotations['eks.amazonaws.com/role-arn']),
            fix: 'set awsOrGcp.irsaRoleArn instead (one role for every cluster of this operator).',
          });
        }
      }
      if (v?.labels) {
        metadata.labels = checkMap(scope, `${property}.labels`, v.labels);
        renderField(scope, `${property}.labels`, { prop: 'labels', key: 'labels', kind: 'labelMap' }, v.labels, ctx);
      }
      const sa: Record<string, any> = { apiVersion: 'v1', kind: 'ServiceAccount', metadata };
      if (v?.automountServiceAccountToken !== undefined) sa.automountServiceAccountToken = !!v.automountServiceAccountToken;
      if (v?.imagePullSecrets) {
        sa.imagePullSecrets = checkStrings(scope, `${property}.imagePullSecrets`, v.imagePullSecrets).map((name) => {
          checkObjectName(scope, `${property}.imagePullSecrets`, name);
          return { name };
        });
      }
      return JSON.stringify(sa);
    }
    case 'roleBinding': {
      checkObjectName(scope, `${property}.clusterRoleName`, v?.clusterRoleName);
      if (v.name !== undefined) checkObjectName(scope, `${property}.name`, v.name);
      return JSON.stringify({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: v.name ?? ctx.podServiceAccountName },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: v.clusterRoleName },
        subjects: [{ kind: 'ServiceAccount', name: ctx.podServiceAccountName }],
      });
    }
    case 'probe': {
      const json = k8s.toJson_Probe(v);
      if (!json || Object.keys(json).length === 0) unknownField(scope, property, v, 'a k8s.Probe');
      return json;
    }
    case 'toleration':
      return renderToleration(scope, property, v);
  }
}

function checkWindow(scope: IConstruct, property: string, w: MaintenanceWindow): string {
  const problem = w.problem;
  if (problem) {
    fail(scope, {
      rule: RuleCode.OPERATOR_MAINTENANCE_WINDOW,
      property,
      problem,
      value: show(w.expression),
      allowed: '"HH:MM-HH:MM" or "Ddd:HH:MM-HH:MM" with the end after the start',
      fix: 'split a window across midnight into two, e.g. MaintenanceWindow.weekly(Weekday.SATURDAY, "22:00", "23:59") and one on Sunday.',
    });
  }
  return w.expression;
}

function renderToleration(scope: IConstruct, property: string, t: k8s.Toleration): Record<string, string> {
  const bad = (problem: string, value: unknown, fix: string): never =>
    fail(scope, { rule: RuleCode.OPERATOR_TOLERATION, property, problem, value: show(value), fix });
  if (t === null || typeof t !== 'object') bad('expected a k8s.Toleration.', t, 'pass { key, operator, value, effect }.');
  if (t.tolerationSeconds !== undefined) {
    bad('the operator reads the toleration as a map of strings and drops tolerationSeconds.', t.tolerationSeconds, 'remove tolerationSeconds, or set tolerations per cluster.');
  }
  const operator = t.operator ?? 'Equal';
  if (!['Equal', 'Exists'].includes(operator)) bad('operator must be Equal or Exists.', t.operator, 'use "Equal" or "Exists".');
  if (operator === 'Exists' && t.value) bad('an Exists toleration has no value.', t.value, 'remove the value or use operator "Equal".');
  if (!t.key && operator !== 'Exists') bad('a toleration without a key must use operator Exists.', t, 'set a key or operator "Exists".');
  if (t.effect !== undefined && !['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect)) {
    bad('effect must be NoSchedule, PreferNoSchedule or NoExecute.', t.effect, 'use one of those effects.');
  }
  if (t.key) checkLabelKey(scope, `${property}.key`, t.key, { ...KEY, what: 'taint key' });
  const out: Record<string, string> = {};
  if (t.effect) out.effect = t.effect;
  if (t.key) out.key = t.key;
  if (t.operator) out.operator = t.operator;
  if (t.value) out.value = t.value;
  return out;
}

/** Renders a grouped configuration as the CRD's `configuration` object (sorted keys, unset fields left out). */
export function renderGrouped(scope: IConstruct, grouped: Grouped, prefixOf: (g: GroupDef) => string, ctx: RenderContext): Record<string, any> {
  const out: Record<string, any> = {};
  for (const g of GROUPS) {
    const target: Record<string, any> = {};
    for (const def of g.fields) {
      const v = grouped[g.prop]?.[def.prop];
      if (v === undefined || v === '') continue;
      target[def.key] = renderField(scope, `${prefixOf(g)}${def.prop}`, def, v, ctx);
    }
    if (g.key === '') Object.assign(out, target);
    else if (Object.keys(target).length) out[g.key] = sortKeys(target);
  }
  return sortKeys(out);
}

/** Checks a `CONTROLLER_ID`: it is the value of the `acid.zalan.do/controller` annotation on every managed cluster. */
export function checkControllerId(scope: IConstruct, property: string, id: string | undefined): void {
  if (id !== undefined && (id === '' || !isLabelValue(id))) {
    fail(scope, {
      rule: RuleCode.OPERATOR_CONTROLLER_ID,
      property,
      problem: 'not usable as the value of the acid.zalan.do/controller annotation every managed cluster carries.',
      value: show(id),
      allowed: 'at most 63 letters, digits, "-", "_", "." starting and ending alphanumeric',
      fix: 'use an ID like "second-operator".',
    });
  }
}

/** Checks a value that is not a configuration field (install settings) with the checks of `kind`. */
export function checkValue(scope: IConstruct, property: string, kind: FieldKind, v: any, range: { min?: number; max?: number } = {}): any {
  return renderField(scope, property, { prop: property, key: property, kind, ...range }, v, { podServiceAccountName: '' });
}

/** The CRD paths (`["kubernetes", "cluster_labels"]`) of every typed field. */
export function typedPaths(): string[][] {
  return GROUPS.flatMap((g) => g.fields.map((d) => (g.key ? [g.key, d.key] : [d.key])));
}
