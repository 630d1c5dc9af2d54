/**
 * The fleet's alerts: the operator and every `postgresql` resource, from kube-state-metrics (the operator
 * exposes no metrics, zalando/postgres-operator#264). One rule set per fleet, whatever the number of clusters.
 *
 * Logical backup Jobs are watched per cluster (PostgresLogicalBackupFailed in the cluster's rules): only the
 * cluster knows the CronJob name the operator trimmed, so the fleet rules leave them out and nothing is
 * reported twice. PVC space is per cluster too (PostgresVolumeFillingUp/AlmostFull).
 */
import { POSTGRESQL_RESOURCE_METRICS as M } from './kube-state-metrics';
import { AlertCollector, promDurationSeconds } from './rule-helpers';
import { RuleGroups } from './rules';

/** What the fleet rules need to know. */
export interface FleetRuleOptions {
  /** Namespace of the operator's Deployment. */
  readonly operatorNamespace: string;
  /** Name of the operator's Deployment. */
  readonly operatorDeployment: string;
  /** How long a failed status (CreateFailed, UpdateFailed, SyncFailed) must last, in seconds. */
  readonly failedStatusForSeconds: number;
  /** How long Creating or Updating may last, in seconds. */
  readonly progressingStatusForSeconds: number;
  /** How long a resource may have no (or an unknown) status, in seconds. */
  readonly unknownStatusForSeconds: number;
}

/** Defaults of the fleet rules (seconds). */
export const FLEET_DEFAULTS = {
  /** 3 x the operator's repair_period (5m): failed clusters are retried every 5 minutes. */
  failedStatusForSeconds: 900,
  /** Creating (image pulls, basebackups of clones) and Updating (rolling updates) take a while. */
  progressingStatusForSeconds: 3600,
  /** A new resource gets `Creating` within seconds when the operator watches it. */
  unknownStatusForSeconds: 900,
};

/** Names of the alerts of the fleet rules, in order. */
export const FLEET_ALERT_NAMES = [
  'PostgresClusterStatusFailed', 'PostgresClusterInvalid', 'PostgresClusterStuck', 'PostgresClusterStatusUnknown',
  'PostgresMajorUpgradeFailed', 'PostgresOperatorDown', 'PostgresPoolerDegraded', 'PostgresPoolerUnavailable',
];

/** Builds the fleet's PrometheusRule groups. */
export function buildFleetRules(o: FleetRuleOptions, runbookBase: string, exclude: string[] = []): RuleGroups {
  const collector = new AlertCollector(runbookBase, exclude);
  const alert = collector.add.bind(collector);
  const cr = 'namespace, cluster, team';
  const status = (values: string) => `max by (${cr}, status) (${M.status}{status=~"${values}"}) == 1`;

  alert('PostgresClusterStatusFailed', 'warning', status('CreateFailed|UpdateFailed|SyncFailed'), promDurationSeconds(o.failedStatusForSeconds),
    'Cluster {{ $labels.cluster }} is {{ $labels.status }}',
    `The operator reports {{ $labels.status }} for postgresql {{ $labels.namespace }}/{{ $labels.cluster }} (team {{ $labels.team }}) for ${promDurationSeconds(o.failedStatusForSeconds)}: its last create, update or sync failed, the repairs every 5 minutes have not fixed it, and changes to the manifest are not applied.`);
  alert('PostgresClusterInvalid', 'warning', `max by (${cr}) (${M.status}{status="Invalid"}) == 1`, undefined,
    'Cluster {{ $labels.cluster }} is Invalid',
    'The operator rejects postgresql {{ $labels.namespace }}/{{ $labels.cluster }} (team {{ $labels.team }}) as Invalid and ignores it until the manifest is fixed.');
  alert('PostgresClusterStuck', 'warning', status('Creating|Updating'), promDurationSeconds(o.progressingStatusForSeconds),
    'Cluster {{ $labels.cluster }} has been {{ $labels.status }} for long',
    `postgresql {{ $labels.namespace }}/{{ $labels.cluster }} (team {{ $labels.team }}) has been {{ $labels.status }} for more than ${promDurationSeconds(o.progressingStatusForSeconds)}: the operator waits for pods that do not become ready, or it stopped working on the cluster.`);
  // No status series at 1: the status is missing (never set), empty or a value this version does not know.
  alert('PostgresClusterStatusUnknown', 'warning',
    `max by (${cr}) (${M.instances}) unless on (namespace, cluster) (max by (namespace, cluster) (${M.status}) == 1)`,
    promDurationSeconds(o.unknownStatusForSeconds),
    'Cluster {{ $labels.cluster }} has no known status',
    `postgresql {{ $labels.namespace }}/{{ $labels.cluster }} (team {{ $labels.team }}) has had no known status for ${promDurationSeconds(o.unknownStatusForSeconds)}: no operator handles it (operator down, another watched namespace or controller ID), or its status is empty.`);
  alert('PostgresMajorUpgradeFailed', 'warning', `max by (${cr}) (${M.majorUpgradeFailure}) > 0`, undefined,
    'The major version upgrade of {{ $labels.cluster }} failed',
    'The in-place major version upgrade of {{ $labels.namespace }}/{{ $labels.cluster }} failed at {{ $value | humanizeTimestamp }} (annotation last-major-upgrade-failure); the operator does not retry until the annotation is gone.');

  const op = `namespace="${o.operatorNamespace}",deployment="${o.operatorDeployment}"`;
  alert('PostgresOperatorDown', 'warning',
    `(max by (namespace, deployment) (kube_deployment_status_replicas_available{${op}}) < 1) or absent(kube_deployment_status_replicas_available{${op}})`,
    '10m',
    'The Postgres operator is down',
    `The postgres-operator Deployment ${o.operatorNamespace}/${o.operatorDeployment} has had no available replica for 10 minutes (or kube-state-metrics does not report it): no cluster is created, changed, synced or repaired meanwhile. Running databases keep failing over through Patroni.`);

  // Pooler Deployments are `<cluster>-pooler` and `<cluster>-pooler-repl`; joining them with the postgresql
  // resources keeps other Deployments with such names out and adds the team.
  const poolers = 'deployment=~".+-pooler(-repl)?"';
  const available = `max by (namespace, cluster, deployment) (label_replace(kube_deployment_status_replicas_available{${poolers}}, "cluster", "$1", "deployment", "(.+)-pooler(-repl)?"))`;
  const desired = `max by (namespace, deployment) (kube_deployment_spec_replicas{${poolers}})`;
  const ofPostgresql = `+ on (namespace, cluster) group_left (team) (0 * max by (${cr}) (${M.instances}))`;
  alert('PostgresPoolerDegraded', 'warning', `(${available} < on (namespace, deployment) group_left () ${desired}) ${ofPostgresql}`, '15m',
    'Pooler {{ $labels.deployment }} runs with {{ $value }} available replicas',
    'The connection pooler Deployment {{ $labels.namespace }}/{{ $labels.deployment }} of cluster {{ $labels.cluster }} has had fewer available replicas ({{ $value }}) than desired for 15 minutes.');
  alert('PostgresPoolerUnavailable', 'critical', `(${available} == 0 and on (namespace, deployment) ${desired} > 0) ${ofPostgresql}`, '5m',
    'Pooler {{ $labels.deployment }} has no available replica',
    'The connection pooler Deployment {{ $labels.namespace }}/{{ $labels.deployment }} of cluster {{ $labels.cluster }} has had no available replica for 5 minutes: clients connecting through it fail.');

  return { groups: [{ name: 'zalando-postgres.fleet', rules: collector.rules }] };
}
