/**
 * The checks that need the whole cluster with every add-on registered: they run once per synthesis (and
 * again only after a change), from the cluster's validation.
 */
import { IConstruct } from 'constructs';
import { Contributions } from './contributions';
import { operatorDataSourceEnv, renderClone, renderStandby } from './data-source';
import { ClusterFeatures, DataSourceKind } from './features';
import { nameBudget } from './naming';
import { UserRegistry } from './user-registry';
import { checkParameters } from '../postgres/check';
import { fail, show } from '../validation/errors';
import { RuleCode } from '../validation/rule-code';

/** What the synth-time checks look at. */
export interface ClusterValidationInputs {
  readonly scope: IConstruct;
  readonly name: string;
  readonly namespace?: string;
  readonly instances: number;
  readonly features: ClusterFeatures;
  readonly contributions: Contributions;
  readonly users: UserRegistry;
  readonly parameters: { [name: string]: string };
  readonly explicitParameters: { [name: string]: string };
  readonly pgHbaFromProps: boolean;
  readonly pgMajor: number;
  readonly synchronousMode: boolean;
}

/** Spilo's `superuser_reserved_connections` (PostgreSQL's default, which Spilo keeps). */
const SUPERUSER_RESERVED_DEFAULT = 3;

/** Runs every synth-time check of a cluster. Throws the first validation error. */
export function validateCluster(i: ClusterValidationInputs): void {
  checkNameBudget(i);
  checkParameterCatalog(i);
  checkDataSource(i);
  checkOperatorEnv(i);
  checkPooler(i);
  checkVolumes(i);
  checkTls(i);
}

function checkNameBudget(i: ClusterValidationInputs) {
  const f = i.features;
  const { maxLength, binding } = nameBudget({
    primaryPooler: f.pooler?.primary ?? false,
    replicaPooler: f.pooler?.replica ?? false,
    metricsService: f.monitoring?.metricsService ?? false,
  });
  if (i.name.length > maxLength) {
    fail(i.scope, {
      rule: RuleCode.NAME_LENGTH,
      property: 'name',
      problem: `the cluster name is ${i.name.length} characters long, but "${binding.template.replace('<c>', i.name)}" must fit ${binding.limit} (${binding.what}; it exists ${binding.whenText}).`,
      value: show(i.name),
      allowed: `at most ${maxLength} characters ${binding.whenText}`,
      fix: 'choose a shorter cluster name, or do without the feature that derives the long name.',
    });
  }
}

function checkDataSource(i: ClusterValidationInputs) {
  const source = i.features.dataSource;
  if (!source) return;
  const sameCluster = source.sourceClusterName === i.name && (source.sourceNamespace === undefined || source.sourceNamespace === i.namespace);
  const selfReference = (source.kind === DataSourceKind.BASEBACKUP_CLONE || source.kind === DataSourceKind.STREAMING_STANDBY) && sameCluster;
  const archive = i.features.archive;
  const ownArchive = source.kind === DataSourceKind.ARCHIVE_STANDBY && archive !== undefined && source.archive?.walPath === archive.location.walPath;
  if (selfReference || ownArchive) {
    fail(i.scope, {
      rule: RuleCode.DATA_SOURCE_SELF,
      property: source.kind.includes('standby') ? 'source' : 'restore',
      problem: ownArchive
        ? 'the standby follows the archive this cluster itself writes to.'
        : `the cluster ${source.kind === DataSourceKind.BASEBACKUP_CLONE ? 'clones' : 'streams from'} itself.`,
      value: ownArchive ? show(archive!.location.walPath) : show(i.name),
      fix: 'point it at another cluster (an in-place restore from the cluster\'s own archive is Restore.fromBackup).',
    });
  }
}

/** Variables the operator renders itself after `spec.env`, without de-duplication: a second value rolls the pods on every sync. */
function checkOperatorEnv(i: ClusterValidationInputs) {
  const source = i.features.dataSource;
  const rendered = operatorDataSourceEnv(renderClone(source), renderStandby(source));
  const byName = new Set(rendered.map((n) => n.toUpperCase()));
  for (const name of i.contributions.envNames()) {
    if (byName.has(name.toUpperCase())) {
      fail(i.scope, {
        rule: RuleCode.ENV_CONFLICT,
        property: `env ${name}`,
        problem: 'the operator renders this variable itself from the clone/standby section and appends it without de-duplication; two values make it roll the pods on every sync.',
        value: show(name),
        allowed: `names other than ${rendered.join(', ')}`,
        fix: 'remove the variable from env; the data source sets it.',
      });
    }
  }
}

function checkPooler(i: ClusterValidationInputs) {
  const pooler = i.features.pooler;
  if (!pooler) return;
  if (i.instances === 0) {
    fail(i.scope, {
      rule: RuleCode.POOLER_STOPPED_CLUSTER,
      property: 'instances',
      problem: 'the cluster has 0 instances but a pooler in front of it: the pooler pods keep running and every connection fails.',
      value: '0',
      fix: 'remove the pooler while the cluster is stopped, or give it instances.',
    });
  }
  // the superuser and the replication user are the operator's: checked against its settings (operator-checks.ts)
  if (i.users.has(pooler.user)) {
    fail(i.scope, {
      rule: RuleCode.POOLER_INVALID,
      property: 'connectionPooler.user',
      problem: 'the pooler\'s role is also declared as an application user; the operator manages the pooler role itself, with its own Secret and flags.',
      value: show(pooler.user),
      fix: 'use a dedicated pooler role (the default "pooler") that is not in users.',
    });
  }
  const maxConnections = Number(i.parameters.max_connections ?? 100);
  const reserved = Number(i.parameters.superuser_reserved_connections ?? SUPERUSER_RESERVED_DEFAULT) + Number(i.parameters.reserved_connections ?? 0);
  const available = maxConnections - reserved;
  if (Number.isFinite(available) && pooler.maxDbConnections > available) {
    fail(i.scope, {
      rule: RuleCode.POOLER_CONNECTIONS,
      property: 'connectionPooler.maxDbConnections',
      problem: `the pooler may open ${pooler.maxDbConnections} server connections per database, but PostgreSQL accepts only ${available} (max_connections ${maxConnections} minus ${reserved} reserved): clients would fail with "too many connections" under load.`,
      value: show(pooler.maxDbConnections),
      allowed: `at most ${available}`,
      fix: 'lower maxDbConnections or raise max_connections.',
    });
  }
}

function checkVolumes(i: ClusterValidationInputs) {
  const containers = new Set(['postgres', 'all', ...i.contributions.sidecarNames()]);
  const byPath = new Map<string, string>();
  for (const v of i.contributions.volumeEntries()) {
    for (const t of v.targetContainers ?? []) {
      if (!containers.has(t)) {
        fail(i.scope, {
          rule: RuleCode.VOLUME_INVALID,
          property: `additionalVolumes[${v.name}].targetContainers`,
          problem: 'names no container of the pod.',
          value: show(t),
          allowed: [...containers].map((c) => `"${c}"`).join(', '),
          fix: 'name the postgres container, a sidecar, or "all".',
        });
      }
    }
    for (const c of (v.targetContainers?.length ? v.targetContainers : ['postgres']).flatMap((t) => (t === 'all' ? [...containers].filter((x) => x !== 'all') : [t]))) {
      const key = `${c}\u0000${v.mountPath.replace(/\/+$/, '')}`;
      const other = byPath.get(key);
      if (other) {
        fail(i.scope, {
          rule: RuleCode.VOLUME_INVALID,
          property: `additionalVolumes[${v.name}].mountPath`,
          problem: `volume ${other} is already mounted at this path in container ${c}.`,
          value: show(v.mountPath),
          fix: 'mount each volume at its own path.',
        });
      }
      byPath.set(key, v.name);
    }
  }
}

function checkTls(i: ClusterValidationInputs) {
  const tls = i.features.tls;
  if (!tls) return;
  const volumes = new Set(i.contributions.volumeEntries().map((v) => v.name));
  for (const secret of [tls.secretName, tls.caSecretName]) {
    if (secret !== undefined && volumes.has(secret)) {
      fail(i.scope, {
        rule: RuleCode.TLS_INVALID,
        property: 'tls',
        problem: `the operator mounts the TLS Secret as a volume named after it, and an additional volume already has the name ${secret}.`,
        value: show(secret),
        fix: 'rename the additional volume.',
      });
    }
  }
  if (tls.pgHba && i.pgHbaFromProps) {
    fail(i.scope, {
      rule: RuleCode.PG_HBA_INVALID,
      property: 'patroni.pgHba',
      problem: 'the certificate requires TLS with its own pg_hba rules, and the cluster sets patroni.pgHba too.',
      fix: 'keep the cluster\'s patroni.pgHba and set requireTls: false on the certificate, or remove patroni.pgHba.',
    });
  }
  const explicit = i.explicitParameters.ssl_min_protocol_version;
  if (tls.minProtocolVersion !== undefined && explicit !== undefined && explicit !== tls.minProtocolVersion) {
    fail(i.scope, {
      rule: RuleCode.PARAMETER_CONFLICT,
      property: 'parameters.ssl_min_protocol_version',
      problem: 'conflicts with the certificate\'s minimum TLS version.',
      value: `${show(explicit)} vs ${show(tls.minProtocolVersion)}`,
      fix: 'set the minimum TLS version in one place only.',
    });
  }
}

/** Every rendered parameter against the catalog of the cluster's major version (PostgreSQL's own rules). */
function checkParameterCatalog(i: ClusterValidationInputs) {
  const problems = checkParameters({ major: i.pgMajor, parameters: i.parameters, synchronousMode: i.synchronousMode });
  const first = problems[0];
  if (first) {
    fail(i.scope, {
      rule: first.rule,
      property: `parameters.${first.name}`,
      problem: first.problem,
      value: show(first.value),
      allowed: first.allowed,
      fix: first.fix ?? 'correct the value or remove the parameter.',
    });
  }
}
