/**
 * The alert catalog of a cluster, built from its topology. Every alert is scoped to the cluster's
 * `namespace` and `cluster` labels (set by the monitors' relabelling), has a severity, a summary, a
 * description with the values that matter and a runbook URL.
 *
 * Failover semantics (what a real stack showed, ../shared/MONITORING-FACTS.md §7). `role` is a *target*
 * label (relabelled from the pod's `spilo-role`), so it flips at a promotion and, for a couple of scrapes,
 * the same pod has two series of every metric (role=replica and role=master) until the old target's series
 * go stale. Therefore no rule compares or counts raw series:
 * - per-pod gauges are reduced with `max without (role)` / `min without (role)` first, choosing the side that
 *   cannot raise an alert from the overlap (a pod is "down" only if every series says so), so the alert's
 *   identity is the pod and its `for` timer survives a flip;
 * - cluster-wide counts count pods: `sum by (namespace, cluster) (max by (namespace, cluster, pod) (...))`;
 * - counters are summed `without (role)` after `rate()`/`increase()`: the two partial series of a pod
 *   together cover the window (only the overlap of about two scrapes is counted twice), and the result
 *   has one series per pod.
 */
import { OperatorObjectNames } from './operator-names';
import { PromRule } from './prom-rule';
import { AlertCollector, promDurationSeconds, promRegexLiteral } from './rule-helpers';

/** What the rules know about the cluster. */
export interface ClusterTopology {
  readonly namespace: string;
  readonly cluster: string;
  readonly instances: number;
  readonly synchronousMode: boolean;
  readonly synchronousNodeCount: number;
  readonly maximumLagOnFailoverBytes: number;
  readonly patroniTtlSeconds: number;
  readonly failsafeMode: boolean;
  readonly primaryPooler: boolean;
  readonly replicaPooler: boolean;
  readonly walArchiving: boolean;
  /** Whether the wal-g exporter sidecar reports base backups. */
  readonly walgExporter: boolean;
  readonly logicalBackup: boolean;
  readonly pgMajor: number;
  /**
   * Name of the logical backup CronJob as the operator creates it (trimmed to 52 characters, see
   * `OperatorObjectNames.logicalBackupCronJob`); its Jobs are `<name>-<unix minutes>`.
   * @default - OperatorObjectNames.logicalBackupCronJob(cluster) with the operator's default prefix
   */
  readonly logicalBackupJobName?: string;
  /**
   * PostgreSQL's `archive_timeout` in seconds, from which the archive staleness alert is derived (0: off, no such alert).
   * @default 1800 (Spilo, configure_spilo.py)
   */
  readonly archiveTimeoutSeconds?: number;
}

/**
 * The topology that emits every alert: 3 instances, synchronous mode, failsafe, WAL-G backups with the wal-g
 * exporter, logical backups, primary and replica poolers, PostgreSQL 17 (cluster `acid-main` in namespace `db`).
 */
export const FULL_TOPOLOGY: ClusterTopology = {
  namespace: 'db',
  cluster: 'acid-main',
  instances: 3,
  synchronousMode: true,
  synchronousNodeCount: 1,
  maximumLagOnFailoverBytes: 33554432,
  patroniTtlSeconds: 30,
  failsafeMode: true,
  primaryPooler: true,
  replicaPooler: true,
  walArchiving: true,
  walgExporter: true,
  logicalBackup: true,
  pgMajor: 17,
};

/** Thresholds of the alerts (all optional). */
export interface AlertThresholds {
  /** Replication lag (seconds) for a warning. @default 30 */
  readonly replicationLagWarningSeconds?: number;
  /** Replication lag (seconds) for a critical alert. @default 300 */
  readonly replicationLagCriticalSeconds?: number;
  /** Replication lag (bytes, primary view) for a warning. @default 64 MiB */
  readonly replicationLagWarningBytes?: number;
  /** Replication lag (bytes, primary view) for a critical alert. @default 1 GiB */
  readonly replicationLagCriticalBytes?: number;
  /** Share of the connection slots open to non-superusers that is in use, for a warning. @default 0.8 */
  readonly connectionsWarningRatio?: number;
  /** Share of the connection slots open to non-superusers that is in use, for a critical alert. @default 0.95 */
  readonly connectionsCriticalRatio?: number;
  /** Free share of the data volume below which it is "filling up" (with a 24h prediction). @default 0.15 */
  readonly volumeFreeWarningRatio?: number;
  /** Free share of the data volume for a critical alert. @default 0.05 */
  readonly volumeFreeCriticalRatio?: number;
  /** Transaction ID age for a critical wraparound alert. @default 1.5e9 */
  readonly xidAgeCritical?: number;
  /** Duration (seconds) of an active transaction for a warning. @default 3600 */
  readonly longTransactionSeconds?: number;
  /** Duration (seconds) idle in transaction for a warning. @default 300 */
  readonly idleInTransactionSeconds?: number;
  /** Deadlocks in 5 minutes for a warning. @default 5 */
  readonly deadlocksPer5m?: number;
  /**
   * Seconds without a successfully archived WAL segment, while archive_command keeps failing, after which
   * PostgresWalArchivingFailing goes pending (it fires one minute later).
   * @default 300
   */
  readonly archiveFailureGraceSeconds?: number;
  /**
   * Seconds within which written WAL must be archived. With `archive_timeout` PostgreSQL switches a segment
   * that holds WAL at most `archive_timeout` after it was written, so anything older than this that is not
   * archived means the archiver is stuck. PostgresWalArchiveStale fires when nothing was archived for twice
   * this time although WAL was written between twice this time and this time ago.
   * @default archive_timeout + 600 (2400 with Spilo's 1800s)
   */
  readonly archiveDeadlineSeconds?: number;
  /** WAL retained by a replication slot (bytes) for a warning. @default 10 GiB */
  readonly slotRetainedWalWarningBytes?: number;
  /** Share of the lock table in use for a warning. @default 0.2 */
  readonly locksWarningRatio?: number;
  /** Share of requested (not timed) checkpoints for an info alert. @default 0.5 */
  readonly requestedCheckpointsRatio?: number;
  /** Share of a pooler's pool_size in use (with clients waiting) for a warning. @default 0.9 */
  readonly poolerPoolWarningRatio?: number;
  /** Age (seconds) of the newest base backup for a critical alert (with the wal-g exporter). @default 93600 (26h, daily backups) */
  readonly baseBackupMaxAgeSeconds?: number;
  /** Oldest waiting pooler client (seconds) for a warning. @default 5 */
  readonly poolerWaitWarningSeconds?: number;
  /** Oldest waiting pooler client (seconds) for a critical alert. @default 30 */
  readonly poolerWaitCriticalSeconds?: number;
  /** Share of the pooler's max_client_conn in use for a warning. @default 0.8 */
  readonly poolerClientsWarningRatio?: number;
}

/** A rule as Prometheus reads it (`forDuration` is `for`), without unset fields. */
export function renderRule(rule: PromRule): { [key: string]: unknown } {
  // the keys in the rule's order, `for` last (as the output always had it)
  const out: { [key: string]: unknown } = {};
  for (const key of Object.keys(rule) as Array<keyof PromRule>) {
    const value = rule[key];
    if (value !== undefined && key !== 'forDuration') out[key] = value;
  }
  if (rule.forDuration !== undefined) out.for = rule.forDuration;
  return out;
}

/** A PrometheusRule `spec`: the groups with their rules as Prometheus reads them. */
export function renderRuleGroups(ruleGroups: RuleGroups): { groups: Array<{ name: string; rules: Array<{ [key: string]: unknown }> }> } {
  return { groups: ruleGroups.groups.map((g) => ({ name: g.name, rules: g.rules.map(renderRule) })) };
}

/** A rule group. */
export interface RuleGroup {
  /** Group name. */
  readonly name: string;
  /** Rules, evaluated in order. */
  readonly rules: PromRule[];
}

/** Rule groups for PrometheusRule.spec / promtool. */
export interface RuleGroups {
  /** The groups. */
  readonly groups: RuleGroup[];
}

const MiB = 2 ** 20;
const GiB = 2 ** 30;

/** Spilo's `archive_timeout` (configure_spilo.py L204). */
export const SPILO_ARCHIVE_TIMEOUT_SECONDS = 1800;

function humanBytes(n: number): string {
  if (n % GiB === 0) return `${n / GiB}GiB`;
  if (n % MiB === 0) return `${n / MiB}MiB`;
  return `${n}B`;
}

/** Builds the recording rules and alerts for a topology. */
export function buildRules(t: ClusterTopology, th: AlertThresholds, runbookBase: string, exclude: string[] = []): RuleGroups {
  const sel = `namespace="${t.namespace}",cluster="${t.cluster}"`;
  const by = 'namespace, cluster';
  const byPod = 'namespace, cluster, pod';
  const replicas = t.instances - 1;
  const collector = new AlertCollector(runbookBase, exclude);
  const alert = collector.add.bind(collector);
  const lagWarn = th.replicationLagWarningSeconds ?? 30;
  const lagCrit = th.replicationLagCriticalSeconds ?? 300;
  const lagBytesWarn = th.replicationLagWarningBytes ?? 64 * MiB;
  const lagBytesCrit = th.replicationLagCriticalBytes ?? GiB;
  const connWarn = th.connectionsWarningRatio ?? 0.8;
  const connCrit = th.connectionsCriticalRatio ?? 0.95;
  /** A per-pod gauge whose `role` variants are merged: "healthy if any variant is". */
  const anyOf = (metric: string, extra = '') => `max without (role) (${metric}{${sel}${extra}})`;
  /** A per-pod gauge whose `role` variants are merged: "bad only if every variant is". */
  const allOf = (metric: string, extra = '') => `min without (role) (${metric}{${sel}${extra}})`;
  /** A counter's rate with the `role` variants of a pod summed (they split the window at a flip). */
  const rateOf = (metric: string, window: string, extra = '') => `sum without (role) (rate(${metric}{${sel}${extra}}[${window}]))`;
  /** Pods that are primaries by postgres_exporter's view (a pod that any variant calls a replica is left out). */
  const onPrimary = `and on (${byPod}) (${anyOf('pg_replication_is_replica')} == 0)`;
  /** Pods for which postgres_exporter reaches PostgreSQL. */
  const whilePgUp = `and on (${byPod}) (${anyOf('pg_up')} == 1)`;

  // Availability
  alert('PostgresExporterDown', 'warning', `${anyOf('up', ',job="postgres-exporter"')} == 0`, '5m',
    'postgres_exporter on {{ $labels.pod }} cannot be scraped',
    'Prometheus cannot scrape postgres_exporter on {{ $labels.namespace }}/{{ $labels.pod }}: PostgreSQL metrics and alerts for this pod are blind.');
  alert('PostgresClusterMetricsAbsent', 'critical', `absent_over_time(pg_up{${sel}}[5m])`, '5m',
    `No PostgreSQL metrics from cluster ${t.cluster}`,
    `No pg_up series from ${t.namespace}/${t.cluster} for 5 minutes: every pod is gone or no longer scraped.`);
  alert('PostgresDown', 'critical', `${anyOf('pg_up')} == 0`, '1m',
    'PostgreSQL on {{ $labels.pod }} is not answering',
    'postgres_exporter on {{ $labels.namespace }}/{{ $labels.pod }} cannot connect to PostgreSQL.');
  // Silent while PostgreSQL is down: then every collector fails, and PostgresDown already says so.
  alert('PostgresExporterCollectorFailing', 'warning',
    `max by (${byPod}, collector) (pg_scrape_collector_success{${sel}}) == 0 ${whilePgUp}`, '15m',
    'Collector {{ $labels.collector }} fails on {{ $labels.pod }}',
    'The postgres_exporter collector {{ $labels.collector }} on {{ $labels.namespace }}/{{ $labels.pod }} has failed for 15 minutes while PostgreSQL answers: its metrics and alerts are missing.');
  alert('PatroniApiDown', 'critical', `${anyOf('up', ',job="patroni"')} == 0`, '2m',
    'Patroni on {{ $labels.pod }} cannot be scraped',
    'The Patroni REST API (8008) on {{ $labels.namespace }}/{{ $labels.pod }} does not answer: the member cannot take part in leader elections.');
  alert('PatroniPostgresNotRunning', 'critical', `${anyOf('patroni_postgres_running')} == 0`, '1m',
    'Patroni reports PostgreSQL stopped on {{ $labels.pod }}',
    'Patroni on {{ $labels.namespace }}/{{ $labels.pod }} reports that PostgreSQL is not running.');

  // Leadership (pods, not series: a promoted pod has two series for a couple of scrapes)
  const podsWith = (metric: string) => `max by (${byPod}) (${metric}{${sel}})`;
  alert('PatroniNoLeader', 'critical',
    `(max by (${by}) (patroni_primary{${sel}}) + max by (${by}) (patroni_standby_leader{${sel}})) < 1`, '1m',
    `Cluster ${t.cluster} has no leader`,
    `No member of ${t.namespace}/${t.cluster} holds the leader lock: writes fail until Patroni elects a leader.`);
  alert('PatroniMultiplePrimaries', 'critical', `count by (${by}) (${podsWith('patroni_primary')} == 1) > 1`, '1m',
    `Cluster ${t.cluster} has {{ $value }} primaries`,
    `{{ $value }} members of ${t.namespace}/${t.cluster} report being primary: split brain.`);
  alert('PatroniFailoverOccurred', 'warning', `changes(max by (${by}) (patroni_postgres_timeline{${sel}})[10m:1m]) > 0`, undefined,
    `Cluster ${t.cluster} failed over`,
    `The timeline of ${t.namespace}/${t.cluster} changed in the last 10 minutes: a failover or switchover happened.`);
  alert('PatroniFailoverFlapping', 'critical',
    `max_over_time(max by (${by}) (patroni_postgres_timeline{${sel}})[1h:1m]) - min_over_time(max by (${by}) (patroni_postgres_timeline{${sel}})[1h:1m]) >= 3`,
    undefined, `Cluster ${t.cluster} failed over {{ $value }} times in an hour`,
    `The timeline of ${t.namespace}/${t.cluster} advanced {{ $value }} times in the last hour: the cluster is flapping.`);
  alert('PatroniPaused', 'warning', `max by (${by}) (patroni_is_paused{${sel}}) == 1`, '1h',
    `Automatic failover of ${t.cluster} is paused`,
    `Patroni on ${t.namespace}/${t.cluster} has been in maintenance mode for an hour: no automatic failover.`);
  alert('PatroniDcsUnreachable', 'warning', `time() - ${anyOf('patroni_dcs_last_seen')} > ${3 * t.patroniTtlSeconds}`, '1m',
    '{{ $labels.pod }} cannot reach the Kubernetes API',
    `Patroni on {{ $labels.namespace }}/{{ $labels.pod }} last reached its DCS {{ $value | humanizeDuration }} ago (more than 3 x ttl ${t.patroniTtlSeconds}s).`);
  alert('PatroniPendingRestart', 'info', `${allOf('patroni_pending_restart')} == 1`, '1h',
    '{{ $labels.pod }} waits for a restart',
    'PostgreSQL on {{ $labels.namespace }}/{{ $labels.pod }} has had parameter changes pending a restart for an hour.');
  if (t.failsafeMode) {
    alert('PatroniFailsafeActive', 'critical', `max by (${by}) (patroni_failsafe_mode_is_active{${sel}}) == 1`, undefined,
      `Cluster ${t.cluster} runs in failsafe mode`,
      `${t.namespace}/${t.cluster} lost the Kubernetes API and keeps its primary only through failsafe mode.`);
  }

  // Replication (only with replicas)
  if (replicas > 0) {
    // standbys that stream, counted per pod (0 or 1 each)
    const streaming = `sum by (${by}) (max by (${byPod}) (patroni_replica{${sel}} * patroni_postgres_streaming{${sel}}))`;
    alert('PatroniStandbysMissing', 'warning', `${streaming} < ${replicas}`, '10m',
      `Cluster ${t.cluster} has {{ $value }} of ${replicas} standbys streaming`,
      `Only {{ $value }} of the ${replicas} expected standbys of ${t.namespace}/${t.cluster} are streaming.`);
    alert('PatroniNoStreamingStandby', 'critical', `${streaming} == 0`, '5m',
      `No standby of ${t.cluster} is streaming`,
      `None of the ${replicas} standbys of ${t.namespace}/${t.cluster} is streaming: a failover would lose data or be impossible.`);
    alert('PatroniReplicaNotStreaming', 'warning',
      `(${allOf('patroni_replica')} == 1) and (${anyOf('patroni_postgres_streaming')} == 0)`, '5m',
      'Replica {{ $labels.pod }} is not streaming',
      'Replica {{ $labels.namespace }}/{{ $labels.pod }} is not streaming from the primary (its lag may still read 0).');
    alert('PatroniReplicaLagAboveFailoverLimit', 'warning',
      `patroni:replica_replay_lag_bytes{${sel}} > ${t.maximumLagOnFailoverBytes}`, '5m',
      'Replica {{ $labels.pod }} is too far behind to be promoted',
      `Replica {{ $labels.namespace }}/{{ $labels.pod }} is {{ $value | humanize1024 }}B behind, above maximum_lag_on_failover (${humanBytes(t.maximumLagOnFailoverBytes)}): Patroni will not promote it.`);
    alert('PatroniWalReplayPaused', 'warning', `${allOf('patroni_xlog_paused')} == 1`, '15m',
      'WAL replay is paused on {{ $labels.pod }}',
      'WAL replay on {{ $labels.namespace }}/{{ $labels.pod }} has been paused for 15 minutes.');
    alert('PostgresReplicationLag', 'warning', `${allOf('pg_replication_lag_seconds')} > ${lagWarn}`, '5m',
      'Replica {{ $labels.pod }} lags {{ $value | humanizeDuration }}',
      `Replica {{ $labels.namespace }}/{{ $labels.pod }} replays WAL {{ $value | humanizeDuration }} behind (warning above ${lagWarn}s).`);
    alert('PostgresReplicationLagCritical', 'critical', `${allOf('pg_replication_lag_seconds')} > ${lagCrit}`, '5m',
      'Replica {{ $labels.pod }} lags {{ $value | humanizeDuration }}',
      `Replica {{ $labels.namespace }}/{{ $labels.pod }} replays WAL {{ $value | humanizeDuration }} behind (critical above ${lagCrit}s).`);
    alert('PostgresReplicationLagBytes', 'warning',
      `max by (${by}, application_name) (pg_stat_replication_pg_wal_lsn_diff{${sel}}) > ${lagBytesWarn}`, '5m',
      'Standby {{ $labels.application_name }} is {{ $value | humanize1024 }}B behind',
      `The primary of ${t.namespace}/${t.cluster} sees standby {{ $labels.application_name }} {{ $value | humanize1024 }}B behind (warning above ${humanBytes(lagBytesWarn)}).`);
    alert('PostgresReplicationLagBytesCritical', 'critical',
      `max by (${by}, application_name) (pg_stat_replication_pg_wal_lsn_diff{${sel}}) > ${lagBytesCrit}`, '5m',
      'Standby {{ $labels.application_name }} is {{ $value | humanize1024 }}B behind',
      `The primary of ${t.namespace}/${t.cluster} sees standby {{ $labels.application_name }} {{ $value | humanize1024 }}B behind (critical above ${humanBytes(lagBytesCrit)}).`);
    if (t.synchronousMode) {
      alert('PatroniSyncStandbyMissing', 'critical',
        `sum by (${by}) (${podsWith('patroni_sync_standby')}) < ${t.synchronousNodeCount}`, '2m',
        `Cluster ${t.cluster} has {{ $value }} of ${t.synchronousNodeCount} synchronous standbys`,
        `${t.namespace}/${t.cluster} runs in synchronous mode but has {{ $value }} of ${t.synchronousNodeCount} synchronous standbys: commits are not protected (or block in strict mode).`);
    }
  }

  // Replication slots (on the primary)
  alert('PostgresReplicationSlotInactive', 'warning', `${anyOf('pg_replication_slots_active')} == 0 ${onPrimary}`, '30m',
    'Replication slot {{ $labels.slot_name }} is inactive',
    'Replication slot {{ $labels.slot_name }} on {{ $labels.namespace }}/{{ $labels.pod }} has had no consumer for 30 minutes and keeps WAL on the primary.');
  alert('PostgresReplicationSlotRetainingWal', 'warning',
    `${allOf('pg_replication_slots_pg_wal_lsn_diff')} > ${th.slotRetainedWalWarningBytes ?? 10 * GiB} ${onPrimary}`, '10m',
    'Replication slot {{ $labels.slot_name }} retains {{ $value | humanize1024 }}B of WAL',
    `Replication slot {{ $labels.slot_name }} on {{ $labels.namespace }}/{{ $labels.pod }} retains {{ $value | humanize1024 }}B of WAL (warning above ${humanBytes(th.slotRetainedWalWarningBytes ?? 10 * GiB)}).`);
  alert('PostgresReplicationSlotWalLost', 'critical', `${allOf('pg_replication_slots_wal_status', ',wal_status="lost"')} == 1`, undefined,
    'Replication slot {{ $labels.slot_name }} lost its WAL',
    'The WAL that replication slot {{ $labels.slot_name }} on {{ $labels.namespace }}/{{ $labels.pod }} needs was removed: its consumer must be rebuilt.');

  // Saturation
  alert('PostgresConnectionsHigh', 'warning', `pg:connections:utilization{${sel}} > ${connWarn}`, '10m',
    '{{ $labels.pod }} uses {{ $value | humanizePercentage }} of its connections',
    `{{ $labels.namespace }}/{{ $labels.pod }} uses {{ $value | humanizePercentage }} of the connection slots open to non-superusers (warning above ${connWarn * 100}%).`);
  alert('PostgresConnectionsExhausted', 'critical', `pg:connections:utilization{${sel}} > ${connCrit}`, '2m',
    '{{ $labels.pod }} uses {{ $value | humanizePercentage }} of its connections',
    '{{ $labels.namespace }}/{{ $labels.pod }} uses {{ $value | humanizePercentage }} of the connection slots open to non-superusers: new application connections fail soon.');
  const pvc = `namespace="${t.namespace}",persistentvolumeclaim=~"pgdata-${promRegexLiteral(t.cluster)}-[0-9]+"`;
  const free = `kubelet_volume_stats_available_bytes{${pvc}} / kubelet_volume_stats_capacity_bytes{${pvc}}`;
  alert('PostgresVolumeFillingUp', 'warning',
    `${free} < ${th.volumeFreeWarningRatio ?? 0.15} and predict_linear(kubelet_volume_stats_available_bytes{${pvc}}[6h], 86400) < 0`, '30m',
    'Volume {{ $labels.persistentvolumeclaim }} fills up within a day',
    'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has {{ $value | humanizePercentage }} free and is predicted to be full within 24 hours.');
  alert('PostgresVolumeAlmostFull', 'critical', `${free} < ${th.volumeFreeCriticalRatio ?? 0.05}`, '5m',
    'Volume {{ $labels.persistentvolumeclaim }} is almost full',
    'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has only {{ $value | humanizePercentage }} free: PostgreSQL stops when it is full.');
  alert('PostgresXidWraparound', 'critical',
    `max by (${byPod}, datname) (pg_database_wraparound_age_datfrozenxid_seconds{${sel}}) > ${th.xidAgeCritical ?? 1.5e9}`, '10m',
    'Database {{ $labels.datname }} nears transaction ID wraparound',
    'Database {{ $labels.datname }} on {{ $labels.namespace }}/{{ $labels.pod }} has a transaction ID age of {{ $value }}; PostgreSQL stops accepting writes at 2^31.');
  alert('PostgresMxidWraparound', 'critical',
    `max by (${byPod}, datname) (pg_database_wraparound_age_datminmxid_seconds{${sel}}) > ${th.xidAgeCritical ?? 1.5e9}`, '10m',
    'Database {{ $labels.datname }} nears multixact ID wraparound',
    'Database {{ $labels.datname }} on {{ $labels.namespace }}/{{ $labels.pod }} has a multixact ID age of {{ $value }}.');
  alert('PostgresLongRunningTransaction', 'warning',
    `max by (${byPod}, datname, usename) (pg_stat_activity_max_tx_duration{${sel},state="active"}) > ${th.longTransactionSeconds ?? 3600}`, '5m',
    'A transaction of {{ $labels.usename }} runs for {{ $value | humanizeDuration }}',
    'A transaction of {{ $labels.usename }} in {{ $labels.datname }} on {{ $labels.namespace }}/{{ $labels.pod }} has been active for {{ $value | humanizeDuration }}: it holds back vacuum.');
  alert('PostgresIdleInTransaction', 'warning',
    `max by (${byPod}, datname, usename) (pg_stat_activity_max_tx_duration{${sel},state=~"idle in transaction.*"}) > ${th.idleInTransactionSeconds ?? 300}`, '5m',
    'A session of {{ $labels.usename }} is idle in transaction for {{ $value | humanizeDuration }}',
    'A session of {{ $labels.usename }} in {{ $labels.datname }} on {{ $labels.namespace }}/{{ $labels.pod }} has been idle in transaction for {{ $value | humanizeDuration }}, holding locks.');
  alert('PostgresTooManyLocks', 'warning',
    `sum by (${byPod}) (${anyOf('pg_locks_count')}) / on (${byPod}) (max by (${byPod}) (pg_settings_max_locks_per_transaction{${sel}}) * max by (${byPod}) (pg_settings_max_connections{${sel}})) > ${th.locksWarningRatio ?? 0.2}`,
    '5m', '{{ $labels.pod }} uses {{ $value | humanizePercentage }} of its lock table',
    'Locks held on {{ $labels.namespace }}/{{ $labels.pod }} fill {{ $value | humanizePercentage }} of max_locks_per_transaction x max_connections.');
  const [requested, timed] = t.pgMajor >= 17
    ? ['pg_stat_checkpointer_num_requested_total', 'pg_stat_checkpointer_num_timed_total']
    : ['pg_stat_bgwriter_checkpoints_req_total', 'pg_stat_bgwriter_checkpoints_timed_total'];
  alert('PostgresCheckpointsTooFrequent', 'info',
    `${rateOf(requested, '15m')} / (${rateOf(timed, '15m')} + ${rateOf(requested, '15m')}) > ${th.requestedCheckpointsRatio ?? 0.5}`, '30m',
    'Most checkpoints on {{ $labels.pod }} are forced by WAL volume',
    '{{ $value | humanizePercentage }} of the checkpoints on {{ $labels.namespace }}/{{ $labels.pod }} are requested rather than timed: max_wal_size is too small for the write load.');
  const db = `${byPod}, datname`;
  const dbRate = (metric: string) => `sum by (${db}) (rate(${metric}{${sel}}[10m]))`;
  alert('PostgresHighRollbackRatio', 'info',
    `${dbRate('pg_stat_database_xact_rollback')} / (${dbRate('pg_stat_database_xact_commit')} + ${dbRate('pg_stat_database_xact_rollback')}) > 0.1 and on (${db}) ${dbRate('pg_stat_database_xact_commit')} > 1`,
    '10m', '{{ $value | humanizePercentage }} of transactions in {{ $labels.datname }} roll back',
    '{{ $value | humanizePercentage }} of the transactions in {{ $labels.datname }} on {{ $labels.namespace }}/{{ $labels.pod }} roll back: look for failing application requests.');
  alert('PostgresCacheHitRatioLow', 'info',
    `${dbRate('pg_stat_database_blks_hit')} / (${dbRate('pg_stat_database_blks_hit')} + ${dbRate('pg_stat_database_blks_read')}) < 0.9 and on (${db}) ${dbRate('pg_stat_database_blks_read')} > 100`,
    '30m', 'Only {{ $value | humanizePercentage }} of reads in {{ $labels.datname }} hit shared buffers',
    'Only {{ $value | humanizePercentage }} of the block reads in {{ $labels.datname }} on {{ $labels.namespace }}/{{ $labels.pod }} come from shared buffers: the working set outgrows memory.');
  alert('PostgresTempFilesHigh', 'info',
    `${dbRate('pg_stat_database_temp_bytes')} > ${10 * MiB}`, '30m',
    '{{ $labels.datname }} spills {{ $value | humanize1024 }}B/s to temporary files',
    'Queries in {{ $labels.datname }} on {{ $labels.namespace }}/{{ $labels.pod }} write {{ $value | humanize1024 }}B/s to temporary files: work_mem is too small for them.');
  alert('PostgresDeadlocks', 'warning', `sum by (${db}) (increase(pg_stat_database_deadlocks{${sel}}[5m])) > ${th.deadlocksPer5m ?? 5}`, '5m',
    '{{ $value }} deadlocks in {{ $labels.datname }}',
    '{{ $value }} deadlocks in 5 minutes in {{ $labels.datname }} on {{ $labels.namespace }}/{{ $labels.pod }}.');

  // Backups
  if (t.walArchiving) {
    const grace = th.archiveFailureGraceSeconds ?? 300;
    const archiveTimeout = t.archiveTimeoutSeconds ?? SPILO_ARCHIVE_TIMEOUT_SECONDS;
    const deadline = th.archiveDeadlineSeconds ?? archiveTimeout + 600;
    // The archiver retries a failing segment at once: the failed counter rises within a scrape, and the age of
    // the last success grows from the first failure. Occasional failures between successes stay quiet (the
    // last success stays recent), and an idle primary makes no attempts, so it cannot fail.
    alert('PostgresWalArchivingFailing', 'critical',
      `(${rateOf('pg_stat_archiver_failed_count', '5m')} > 0) unless on (${byPod}) (${allOf('pg_stat_archiver_last_archive_age')} < ${grace}) ${onPrimary}`,
      '1m',
      'WAL archiving fails on {{ $labels.pod }}',
      `archive_command on {{ $labels.namespace }}/{{ $labels.pod }} keeps failing and no WAL segment was archived in the last ${promDurationSeconds(grace)}: point-in-time recovery is broken and pg_wal grows.`);
    // A stuck archiver (archive_command hangs) counts no failures. An idle primary archives nothing, so age alone
    // proves nothing: PostgreSQL (>= 9.6) switches a segment after archive_timeout only if WAL was written since the
    // last switch (checkpointer.c CheckArchiveTimeout), and then at most archive_timeout after the write. So WAL
    // written between 2x and 1x the deadline ago, with nothing archived for 2x the deadline, must have been stuck.
    // With archive_timeout off (0) PostgreSQL archives full segments only: a quiet primary may keep a partial
    // segment for hours, so the age proves nothing and the alert is left out (PostgresWalArchivingFailing stays).
    if (archiveTimeout > 0) {
      alert('PostgresWalArchiveStale', 'warning',
        `(${anyOf('pg_stat_archiver_last_archive_age')} > ${2 * deadline} ${onPrimary}) and on (${byPod}) (max by (${byPod}) (changes(patroni_xlog_location{${sel}}[${promDurationSeconds(deadline)}] offset ${promDurationSeconds(deadline)})) > 0)`,
        '5m',
        'No WAL archived from {{ $labels.pod }} for {{ $value | humanizeDuration }}',
        `The last WAL segment of {{ $labels.namespace }}/{{ $labels.pod }} was archived {{ $value | humanizeDuration }} ago, although WAL was written more than ${promDurationSeconds(deadline)} ago (archive_timeout ${archiveTimeout}s): the archiver is stuck.`);
    }
  }
  if (t.walgExporter) {
    const maxAge = th.baseBackupMaxAgeSeconds ?? 93600;
    alert('WalgBaseBackupTooOld', 'critical', `time() - max by (${by}) (walg_last_upload{${sel},type="basebackup"}) > ${maxAge}`, '30m',
      `The newest base backup of ${t.cluster} is {{ $value | humanizeDuration }} old`,
      `The newest WAL-G base backup of ${t.namespace}/${t.cluster} is {{ $value | humanizeDuration }} old (critical above ${maxAge}s): restores replay ever more WAL, and retention may delete the WAL they need.`);
    alert('WalgWalIntegrityFailure', 'critical', `max by (${by}) (walg_wal_integrity_status{${sel},status="FAILURE"}) == 1`, '5m',
      `The WAL archive of ${t.cluster} has gaps`,
      `wal-g wal-verify reports missing WAL segments in the archive of ${t.namespace}/${t.cluster}: point-in-time recovery across the gap is impossible.`);
  }
  const recordingExtra: PromRule[] = [];
  if (t.logicalBackup) {
    const cronJob = t.logicalBackupJobName ?? OperatorObjectNames.logicalBackupCronJob(t.cluster);
    const jobs = `namespace="${t.namespace}",job_name=~"${promRegexLiteral(cronJob)}-[0-9]+"`;
    // the newest failed run started after the newest successful run completed (or there was none)
    const lastFailedStart = `max by (namespace) (kube_job_status_start_time{${jobs}} and on (namespace, job_name) (kube_job_failed{${jobs},condition="true"} == 1))`;
    const lastSuccess = `(max by (namespace) (kube_job_status_completion_time{${jobs}}) or label_replace(vector(0), "namespace", "${t.namespace}", "", ""))`;
    alert('PostgresLogicalBackupFailed', 'warning', `${lastFailedStart} > on (namespace) ${lastSuccess}`, undefined,
      `The logical backup of ${t.cluster} failed`,
      `The newest run of CronJob ${cronJob} (logical backup of ${t.namespace}/${t.cluster}), started {{ $value | humanizeTimestamp }}, failed and no run has succeeded since.`,
      { cluster: t.cluster, cronjob: cronJob });
    recordingExtra.push({
      record: 'pg:logical_backup_last_success_timestamp_seconds',
      expr: `label_replace(max by (namespace) (kube_cronjob_status_last_successful_time{namespace="${t.namespace}",cronjob="${cronJob}"}), "cluster", "${t.cluster}", "", "")`,
    });
  }

  // Poolers
  if (t.primaryPooler || t.replicaPooler) {
    alert('PgbouncerDown', 'critical', `pgbouncer_up{${sel}} == 0 or up{job="pgbouncer-exporter",${sel}} == 0`, '2m',
      'Pooler {{ $labels.pooler }} is down',
      'pgbouncer_exporter cannot reach pooler {{ $labels.namespace }}/{{ $labels.pooler }}.');
    alert('PgbouncerClientsWaiting', 'warning',
      `max by (${by}, pooler) (pgbouncer_pools_client_maxwait_seconds{${sel}}) > ${th.poolerWaitWarningSeconds ?? 5}`, '2m',
      'Clients wait {{ $value | humanizeDuration }} for a connection on {{ $labels.pooler }}',
      'The oldest client of pooler {{ $labels.namespace }}/{{ $labels.pooler }} has waited {{ $value | humanizeDuration }} for a server connection.');
    alert('PgbouncerClientsWaitingCritical', 'critical',
      `max by (${by}, pooler) (pgbouncer_pools_client_maxwait_seconds{${sel}}) > ${th.poolerWaitCriticalSeconds ?? 30}`, '2m',
      'Clients wait {{ $value | humanizeDuration }} for a connection on {{ $labels.pooler }}',
      'The oldest client of pooler {{ $labels.namespace }}/{{ $labels.pooler }} has waited {{ $value | humanizeDuration }} for a server connection.');
    alert('PgbouncerClientConnectionsHigh', 'warning',
      `sum by (${by}, pooler) (pgbouncer_pools_client_active_connections{${sel}} + pgbouncer_pools_client_waiting_connections{${sel}}) / on (${by}, pooler) max by (${by}, pooler) (pgbouncer_config_max_client_connections{${sel}}) > ${th.poolerClientsWarningRatio ?? 0.8}`,
      '5m', 'Pooler {{ $labels.pooler }} uses {{ $value | humanizePercentage }} of max_client_conn',
      'Pooler {{ $labels.namespace }}/{{ $labels.pooler }} serves {{ $value | humanizePercentage }} of its max_client_conn.');
    const pools = `${by}, pooler, database`;
    alert('PgbouncerPoolSaturated', 'warning',
      `(sum by (${pools}) (pgbouncer_pools_server_active_connections{${sel}}) / on (${pools}) max by (${pools}) (label_replace(pgbouncer_databases_pool_size{${sel}}, "database", "$1", "name", "(.*)")) > ${th.poolerPoolWarningRatio ?? 0.9}) and on (${pools}) sum by (${pools}) (pgbouncer_pools_client_waiting_connections{${sel}}) > 0`,
      '5m', 'Pool {{ $labels.database }} of {{ $labels.pooler }} is saturated',
      'Pool {{ $labels.database }} of {{ $labels.namespace }}/{{ $labels.pooler }} uses {{ $value | humanizePercentage }} of its pool_size while clients wait.');
  }

  // Connection utilization, in [0, 1] by construction. PostgreSQL refuses a non-superuser when fewer than
  // superuser_reserved_connections (+ reserved_connections, PG >= 16) slots of max_connections are free, while
  // superusers (Patroni, the exporter) may take those last slots too. The utilization is the share of the
  // slots open to non-superusers that client backends of any user occupy; superuser backends beyond them sit
  // in the reserved slots, so the numerator is capped at the denominator (clamp_max 1): 1 means applications
  // get "remaining connection slots are reserved". Only `client backend`s count: walsenders, autovacuum and
  // background workers have their own slots.
  // reserved_connections exists from PostgreSQL 16 on; before, it counts as 0
  const maxConnections = `max by (${byPod}) (pg_settings_max_connections{${sel}})`;
  const reserved = `max by (${byPod}) (pg_settings_superuser_reserved_connections{${sel}}) - (max by (${byPod}) (pg_settings_reserved_connections{${sel}}) or 0 * ${maxConnections})`;
  const recording: PromRule[] = [{
    record: 'pg:connections:utilization',
    expr: `clamp_max(sum by (${byPod}) (${anyOf('pg_stat_activity_count', ',backend_type="client backend"')}) / on (${byPod}) (${maxConnections} - ${reserved}), 1)`,
  }];
  if (replicas > 0) {
    // the two sides come from different scrapes: a replica can look slightly ahead, so clamp at 0
    recording.push({
      record: 'patroni:replica_replay_lag_bytes',
      expr: `clamp_min(max by (${by}) (patroni_xlog_location{${sel}}) - on (${by}) group_right () max without (role) (patroni_xlog_replayed_location{${sel}} and patroni_replica{${sel}} == 1), 0)`,
    });
  }
  recording.push(...recordingExtra);
  return {
    groups: [
      { name: `${t.namespace}.${t.cluster}.recording`, rules: recording },
      { name: `${t.namespace}.${t.cluster}.alerts`, rules: collector.rules },
    ],
  };
}
