/**
 * Checks across fields of an operator configuration: what the operator would reject, silently change, or
 * contradict. Single values are checked while rendering (fields.ts).
 */
import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { LogicalBackupProvider, PvcRetention } from './configuration';
import { GROUPS, GroupDef, Grouped } from './fields';
import { PostgresVersion } from '../cluster/version';
import { fail, show } from '../validation/errors';
import { Patterns } from '../validation/patterns';
import { cpuToMillis, sizeToBytes, sizeToQuantity } from '../validation/quantity';
import { RuleCode } from '../validation/rule-code';

/** Builds the property path of a field for error messages. */
export type PrefixOf = (g: GroupDef) => string;

const prop = (prefixOf: PrefixOf, group: string, field: string) => `${prefixOf(GROUPS.find((g) => g.prop === group)!)}${field}`;

/** IAM role ARN (aws, aws-cn, aws-us-gov partitions). */
const IAM_ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;

/** Checks that the operator's own behaviour needs (all installs). */
export function checkConfiguration(scope: IConstruct, c: Grouped, prefixOf: PrefixOf): void {
  const p = (group: string, field: string) => prop(prefixOf, group, field);
  const general = c[''];
  const k = c.kubernetes;

  // min_instances / max_instances (-1 disables either)
  const min = general.minInstances ?? -1;
  const max = general.maxInstances ?? -1;
  if (min >= 0 && max >= 0 && min > max) {
    fail(scope, {
      rule: RuleCode.OPERATOR_INSTANCE_LIMITS,
      property: p('', 'minInstances'),
      problem: 'min_instances is above max_instances; the operator would clamp every cluster to contradicting bounds.',
      value: `minInstances ${min}, maxInstances ${max}`,
      fix: 'lower minInstances, raise maxInstances, or set one of them to -1 (disabled).',
    });
  }

  checkResources(scope, c.postgresPodResources, p, 'postgresPodResources', 'default');
  checkRequestLimit(scope, c.connectionPooler, p, 'connectionPooler', 'connectionPoolerDefault');
  checkRequestLimit(scope, c.logicalBackup, p, 'logicalBackup', 'logicalBackup');
  checkRequestLimit(scope, c.scalyr, p, 'scalyr', 'scalyr');

  // label names
  const labels = k.clusterLabels ?? { application: 'spilo' };
  const nameLabel = k.clusterNameLabel || 'cluster-name';
  const roleLabel = k.podRoleLabel || 'spilo-role';
  for (const [field, key] of [['clusterNameLabel', nameLabel], ['podRoleLabel', roleLabel]]) {
    if (key in labels) {
      fail(scope, {
        rule: RuleCode.OPERATOR_LABEL_CONFLICT,
        property: p('kubernetes', field),
        problem: `"${key}" is also a key of clusterLabels: the operator would overwrite one with the other and selectors would match the wrong pods.`,
        value: show(key),
        fix: `remove "${key}" from clusterLabels or choose another ${field}.`,
      });
    }
  }
  if (nameLabel === roleLabel) {
    fail(scope, {
      rule: RuleCode.OPERATOR_LABEL_CONFLICT,
      property: p('kubernetes', 'podRoleLabel'),
      problem: 'the role label and the cluster name label are the same key.',
      value: show(roleLabel),
      fix: 'use two different keys (the defaults are spilo-role and cluster-name).',
    });
  }

  // name templates
  const sample = { username: 'user', cluster: 'cluster', tprkind: 'postgresql', tprgroup: 'acid.zalan.do', namespace: 'ns', team: 'team', hostedzone: 'db.example.com' };
  checkTemplate(scope, p('kubernetes', 'secretNameTemplate'), k.secretNameTemplate, ['username', 'cluster', 'tprkind', 'tprgroup'], ['username', 'cluster'], sample, 'a Secret name');
  checkTemplate(scope, p('kubernetes', 'pdbNameFormat'), k.pdbNameFormat, ['cluster'], ['cluster'], sample, 'a PodDisruptionBudget name');
  for (const field of ['masterDnsNameFormat', 'masterLegacyDnsNameFormat', 'replicaDnsNameFormat', 'replicaLegacyDnsNameFormat']) {
    checkTemplate(scope, p('loadBalancer', field), c.loadBalancer[field], ['cluster', 'namespace', 'team', 'hostedzone'], ['cluster'], sample, 'a DNS name');
  }

  // system users
  const users: Array<[string, string, string]> = [
    ['users', 'superUsername', c.users.superUsername || 'postgres'],
    ['users', 'replicationUsername', c.users.replicationUsername || 'standby'],
    ['connectionPooler', 'connectionPoolerUser', c.connectionPooler.connectionPoolerUser || 'pooler'],
  ];
  for (const [group, field, name] of users) {
    if (!Patterns.USER_NAME.test(name) || name.length > 63) {
      fail(scope, {
        rule: RuleCode.OPERATOR_SYSTEM_USERS,
        property: p(group, field),
        problem: 'not a role name the operator accepts.',
        value: show(name),
        allowed: 'lower-case letters, digits, "-", "_" and ".", at most 63 characters',
        fix: 'use a name like "postgres".',
      });
    }
  }
  for (let i = 0; i < users.length; i++) {
    for (let j = i + 1; j < users.length; j++) {
      if (users[i][2] === users[j][2]) {
        fail(scope, {
          rule: RuleCode.OPERATOR_SYSTEM_USERS,
          property: p(users[j][0], users[j][1]),
          problem: `${users[j][1]} equals ${users[i][1]}; the operator needs distinct system users`
            + (users[j][1] === 'connectionPoolerUser' && users[i][1] === 'superUsername'
              ? ' (it panics on a pooler user equal to the superuser, pkg/controller/operator_config.go).' : '.'),
          value: show(users[j][2]),
          fix: `choose another ${users[j][1]}.`,
        });
      }
    }
  }

  // major version upgrades
  const mv = c.majorVersionUpgrade;
  for (const field of ['minimalMajorVersion', 'targetMajorVersion']) {
    const v: PostgresVersion | undefined = mv[field];
    if (v && !v.isSupported) {
      fail(scope, {
        rule: RuleCode.OPERATOR_MAJOR_VERSION,
        property: p('majorVersionUpgrade', field),
        problem: 'the operator v2.0 does not support this PostgreSQL major version.',
        value: show(v.major),
        allowed: PostgresVersion.SUPPORTED.map((x) => x.major).join(', '),
        fix: 'use one of PostgresVersion.V14 ... V18.',
      });
    }
  }
  if (mv.minimalMajorVersion && mv.targetMajorVersion && mv.minimalMajorVersion.major > mv.targetMajorVersion.major) {
    fail(scope, {
      rule: RuleCode.OPERATOR_MAJOR_VERSION,
      property: p('majorVersionUpgrade', 'minimalMajorVersion'),
      problem: 'clusters below the minimal version would be "upgraded" to a lower target version.',
      value: `minimal ${mv.minimalMajorVersion.major}, target ${mv.targetMajorVersion.major}`,
      fix: 'set targetMajorVersion at or above minimalMajorVersion.',
    });
  }

  // AWS / global WAL stores
  const aws = c.awsOrGcp;
  if (aws.irsaRoleArn && !IAM_ROLE_ARN.test(aws.irsaRoleArn)) {
    fail(scope, {
      rule: RuleCode.OPERATOR_IRSA_ROLE,
      property: p('awsOrGcp', 'irsaRoleArn'),
      problem: 'not an IAM role ARN; the pod identity webhook would inject an unusable role.',
      value: show(aws.irsaRoleArn),
      allowed: 'arn:aws:iam::<12-digit account>:role/<name>',
      fix: 'use the role\'s full ARN, e.g. "arn:aws:iam::123456789012:role/postgres-backup".',
    });
  }
  const stores = ['walS3Bucket', 'walGsBucket', 'walAzStorageAccount'].filter((x) => aws[x]);
  if (stores.length > 1) {
    fail(scope, {
      rule: RuleCode.OPERATOR_WAL_STORES,
      property: p('awsOrGcp', stores[1]),
      problem: `${stores.join(' and ')} are all set; Spilo archives every cluster to the first store it finds (S3, then GCS, then Azure) and ignores the others.`,
      value: stores.map((x) => `${x}=${show(aws[x])}`).join(', '),
      fix: `keep one global store (${stores[0]}), or none and give each cluster its own WalgBackup.`,
    });
  }

  // logical backups
  const lb = c.logicalBackup;
  const provider: LogicalBackupProvider = lb.logicalBackupProvider ?? LogicalBackupProvider.S3;
  const lbFail = (field: string, problem: string, fix: string) => fail(scope, {
    rule: RuleCode.OPERATOR_LOGICAL_BACKUP_PROVIDER,
    property: p('logicalBackup', field),
    problem,
    value: `logicalBackupProvider ${show(provider)}`,
    fix,
  });
  if (provider === LogicalBackupProvider.AZ) {
    for (const field of ['logicalBackupAzureStorageAccountName', 'logicalBackupAzureStorageContainer']) {
      if (!lb[field]) lbFail(field, 'Azure logical backups need the storage account and the container.', `set ${field}.`);
    }
  } else {
    for (const field of ['logicalBackupAzureStorageAccountName', 'logicalBackupAzureStorageContainer']) {
      if (lb[field]) lbFail(field, 'an Azure setting without logicalBackupProvider AZ is never used.', 'set logicalBackupProvider: LogicalBackupProvider.AZ or remove it.');
    }
  }
  if (provider !== LogicalBackupProvider.GCS && lb.logicalBackupGoogleApplicationCredentials) {
    lbFail('logicalBackupGoogleApplicationCredentials', 'GCS credentials without logicalBackupProvider GCS are never used.', 'set logicalBackupProvider: LogicalBackupProvider.GCS or remove them.');
  }
}

/**
 * Library policy on deletion (PostgresOperator only: an operator installed elsewhere is described as it is).
 * `explicitDeleteKeys` is true when the user set a delete annotation key.
 */
export function checkDeletionPolicy(scope: IConstruct, c: Grouped, prefixOf: PrefixOf, explicitDeleteKeys: boolean): void {
  const p = (field: string) => prop(prefixOf, 'kubernetes', field);
  const k = c.kubernetes;
  const skipper = k.enableOwnerReferences ? 'enableOwnerReferences' : k.enableFinalizers ? 'enableFinalizers' : undefined;
  if (explicitDeleteKeys && skipper) {
    fail(scope, {
      rule: RuleCode.OPERATOR_DELETE_ANNOTATIONS_IGNORED,
      property: p(k.deleteAnnotationDateKey ? 'deleteAnnotationDateKey' : 'deleteAnnotationNameKey'),
      problem: `with ${skipper} the operator never checks the delete annotations (pkg/controller/postgresql.go), so they would protect nothing.`,
      value: `${skipper}: true`,
      fix: `choose one: remove ${skipper} (deletion protection through the annotations), or remove the delete annotation keys.`,
    });
  }
  if (k.persistentVolumeClaimRetentionPolicy?.whenDeleted === PvcRetention.DELETE && k.enablePersistentVolumeClaimDeletion === false) {
    fail(scope, {
      rule: RuleCode.OPERATOR_PVC_RETENTION,
      property: p('persistentVolumeClaimRetentionPolicy'),
      problem: 'whenDeleted DELETE removes the PVCs whenever a StatefulSet is deleted with cascading (e.g. garbage collection), '
        + 'contradicting enablePersistentVolumeClaimDeletion: false.',
      value: 'whenDeleted: delete',
      fix: 'use PvcRetention.RETAIN, or set enablePersistentVolumeClaimDeletion: true if volumes should go with their cluster.',
    });
  }
}

function checkRequestLimit(
  scope: IConstruct, group: Record<string, any>, p: (g: string, f: string) => string, groupProp: string, prefix: string,
): void {
  const cpuReq: Cpu | undefined = group[`${prefix}CpuRequest`];
  const cpuLim: Cpu | undefined = group[`${prefix}CpuLimit`];
  const memReq: Size | undefined = group[`${prefix}MemoryRequest`];
  const memLim: Size | undefined = group[`${prefix}MemoryLimit`];
  if (cpuReq && cpuLim && cpuToMillis(cpuReq) > cpuToMillis(cpuLim)) {
    fail(scope, {
      rule: RuleCode.OPERATOR_RESOURCES,
      property: p(groupProp, `${prefix}CpuRequest`),
      problem: 'the CPU request is above the limit; Kubernetes rejects such pods.',
      value: `request ${cpuReq.amount}, limit ${cpuLim.amount}`,
      fix: 'raise the limit or lower the request.',
    });
  }
  if (memReq && memLim && sizeToBytes(memReq) > sizeToBytes(memLim)) {
    fail(scope, {
      rule: RuleCode.OPERATOR_RESOURCES,
      property: p(groupProp, `${prefix}MemoryRequest`),
      problem: 'the memory request is above the limit; Kubernetes rejects such pods.',
      value: `request ${sizeToQuantity(memReq)}, limit ${sizeToQuantity(memLim)}`,
      fix: 'raise the limit or lower the request.',
    });
  }
}

function checkResources(scope: IConstruct, r: Record<string, any>, p: (g: string, f: string) => string, groupProp: string, prefix: string): void {
  checkRequestLimit(scope, r, p, groupProp, prefix);
  const clamp = (field: string, raisedOrLowered: string, boundField: string, shown: string) => fail(scope, {
    rule: RuleCode.OPERATOR_RESOURCES,
    property: p(groupProp, field),
    problem: `the operator's clamp would silently ${raisedOrLowered} this default to ${boundField} (pkg/cluster/k8sres.go).`,
    value: shown,
    fix: `make ${field} and ${boundField} agree.`,
  });
  if (r.defaultCpuLimit && r.minCpuLimit && cpuToMillis(r.defaultCpuLimit) < cpuToMillis(r.minCpuLimit)) {
    clamp('defaultCpuLimit', 'raise', 'minCpuLimit', `defaultCpuLimit ${r.defaultCpuLimit.amount}, minCpuLimit ${r.minCpuLimit.amount}`);
  }
  if (r.defaultMemoryLimit && r.minMemoryLimit && sizeToBytes(r.defaultMemoryLimit) < sizeToBytes(r.minMemoryLimit)) {
    clamp('defaultMemoryLimit', 'raise', 'minMemoryLimit', `defaultMemoryLimit ${sizeToQuantity(r.defaultMemoryLimit)}, minMemoryLimit ${sizeToQuantity(r.minMemoryLimit)}`);
  }
  if (r.defaultCpuRequest && r.maxCpuRequest && cpuToMillis(r.defaultCpuRequest) > cpuToMillis(r.maxCpuRequest)) {
    clamp('defaultCpuRequest', 'lower', 'maxCpuRequest', `defaultCpuRequest ${r.defaultCpuRequest.amount}, maxCpuRequest ${r.maxCpuRequest.amount}`);
  }
  if (r.defaultMemoryRequest && r.maxMemoryRequest && sizeToBytes(r.defaultMemoryRequest) > sizeToBytes(r.maxMemoryRequest)) {
    clamp('defaultMemoryRequest', 'lower', 'maxMemoryRequest', `defaultMemoryRequest ${sizeToQuantity(r.defaultMemoryRequest)}, maxMemoryRequest ${sizeToQuantity(r.maxMemoryRequest)}`);
  }
}

function checkTemplate(
  scope: IConstruct, property: string, template: string | undefined,
  allowed: string[], required: string[], sample: Record<string, string>, what: string,
): void {
  if (!template) return;
  const used = [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
  const unknown = used.filter((x) => !allowed.includes(x));
  const missing = required.filter((x) => !used.includes(x));
  const rendered = template.replace(/\{([^{}]*)\}/g, (_, x) => sample[x] ?? x);
  const valid = what === 'a DNS name'
    ? /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(rendered)
    : Patterns.DNS_1123_SUBDOMAIN.test(rendered);
  if (unknown.length || missing.length || !valid) {
    fail(scope, {
      rule: RuleCode.OPERATOR_NAME_TEMPLATE,
      property,
      problem: unknown.length
        ? `unknown placeholder ${unknown.map((x) => `{${x}}`).join(', ')}: the operator leaves it as is, which is not ${what}.`
        : missing.length
          ? `without ${missing.map((x) => `{${x}}`).join(' and ')} every cluster (or user) would get the same name.`
          : `the template does not produce ${what} (e.g. ${show(rendered)}).`,
      value: show(template),
      allowed: `placeholders ${allowed.map((x) => `{${x}}`).join(', ')}, with ${required.map((x) => `{${x}}`).join(' and ')}`,
      fix: 'use lower-case letters, digits, "-", "." and the allowed placeholders only.',
    });
  }
}
