/**
 * Every alert of the catalog, tested with `promtool test rules`: one case where it fires with the expected
 * labels and annotations, one where it must not (including the classic false negatives: replication lag
 * reading 0 on a replica whose WAL receiver died, and counters compared raw).
 */
import { checkRules, testRules } from '../support/promtool';
import { clusterRules, Rules, RUNBOOKS } from '../support/topology';

const NS = 'db';
const C = 'acid-main';

type Labels = Record<string, string>;
const sel = (o: Labels) => `{${Object.entries(o).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
const exporter = (pod: string, role: string): Labels => ({ job: 'postgres-exporter', namespace: NS, cluster: C, pod, role });
const patroni = (pod: string, role: string): Labels => ({ job: 'patroni', namespace: NS, cluster: C, pod, role, scope: C, name: pod });
const pooler = (): Labels => ({ job: 'pgbouncer-exporter', namespace: NS, cluster: C, pooler: `${C}-pooler`, pod: `${C}-pooler-exporter-x` });
const s = (metric: string, labels: Labels, values: string): [string, string] => [`${metric}${sel(labels)}`, values];
const group = { namespace: NS, cluster: C };
/** The labels of a per-pod alert: the target's labels without `role`, which flips at a promotion. */
const noRole = (l: Labels): Labels => Object.fromEntries(Object.entries(l).filter(([k]) => k !== 'role'));

/** kube-state-metrics series of one Job (v2.20.0 job-metrics.md): start, completion (only on success), Failed condition. */
function logicalBackupJob(jobName: string, start: number, succeeded: boolean, completion?: number): Array<[string, string]> {
  const l = { job: 'kube-state-metrics', namespace: NS, job_name: jobName };
  return [
    s('kube_job_status_start_time', l, `${start}x5`),
    ...(completion !== undefined ? [s('kube_job_status_completion_time', l, `${completion}x5`)] : []),
    s('kube_job_failed', { ...l, condition: 'true' }, `${succeeded ? 0 : 1}x5`),
    s('kube_job_failed', { ...l, condition: 'false' }, `${succeeded ? 1 : 0}x5`),
  ];
}

interface Case {
  readonly alert: string;
  readonly fire: { series: Array<[string, string]>; at: string; labels: Labels; summary: string; description: string };
  readonly quiet: { series: Array<[string, string]>; at: string };
}

const primary0 = 'acid-main-0';
const replica1 = 'acid-main-1';
const replica2 = 'acid-main-2';
const patroniCluster = (metric: string, v0: string, v1: string, v2: string) => [
  s(metric, patroni(primary0, 'master'), v0), s(metric, patroni(replica1, 'replica'), v1), s(metric, patroni(replica2, 'replica'), v2),
];

const cases: Case[] = [
  {
    alert: 'PostgresExporterDown',
    fire: {
      series: [s('up', exporter(replica1, 'replica'), '0x10')],
      at: '6m',
      labels: { severity: 'warning', ...noRole(exporter(replica1, 'replica')) },
      summary: 'postgres_exporter on acid-main-1 cannot be scraped',
      description: 'Prometheus cannot scrape postgres_exporter on db/acid-main-1: PostgreSQL metrics and alerts for this pod are blind.',
    },
    quiet: { series: [s('up', exporter(replica1, 'replica'), '1x10')], at: '6m' },
  },
  {
    alert: 'PostgresClusterMetricsAbsent',
    fire: {
      series: [s('pg_up', { ...exporter(primary0, 'master'), cluster: 'acid-other' }, '1x15')],
      at: '10m',
      labels: { severity: 'critical', ...group },
      summary: 'No PostgreSQL metrics from cluster acid-main',
      description: 'No pg_up series from db/acid-main for 5 minutes: every pod is gone or no longer scraped.',
    },
    quiet: { series: [s('pg_up', exporter(primary0, 'master'), '1x15')], at: '10m' },
  },
  {
    alert: 'PostgresDown',
    fire: {
      series: [s('pg_up', exporter(primary0, 'master'), '0x5')],
      at: '3m',
      labels: { severity: 'critical', ...noRole(exporter(primary0, 'master')) },
      summary: 'PostgreSQL on acid-main-0 is not answering',
      description: 'postgres_exporter on db/acid-main-0 cannot connect to PostgreSQL.',
    },
    quiet: { series: [s('pg_up', exporter(primary0, 'master'), '1x5')], at: '3m' },
  },
  {
    alert: 'PatroniApiDown',
    fire: {
      series: [s('up', patroni(replica2, 'replica'), '0x5')],
      at: '4m',
      labels: { severity: 'critical', ...noRole(patroni(replica2, 'replica')) },
      summary: 'Patroni on acid-main-2 cannot be scraped',
      description: 'The Patroni REST API (8008) on db/acid-main-2 does not answer: the member cannot take part in leader elections.',
    },
    quiet: { series: [s('up', patroni(replica2, 'replica'), '1x5')], at: '4m' },
  },
  {
    alert: 'PatroniPostgresNotRunning',
    fire: {
      series: [s('patroni_postgres_running', patroni(replica1, 'replica'), '0x5')],
      at: '3m',
      labels: { severity: 'critical', ...noRole(patroni(replica1, 'replica')) },
      summary: 'Patroni reports PostgreSQL stopped on acid-main-1',
      description: 'Patroni on db/acid-main-1 reports that PostgreSQL is not running.',
    },
    quiet: { series: [s('patroni_postgres_running', patroni(replica1, 'replica'), '1x5')], at: '3m' },
  },
  {
    alert: 'PatroniNoLeader',
    fire: {
      series: [...patroniCluster('patroni_primary', '0x5', '0x5', '0x5'), ...patroniCluster('patroni_standby_leader', '0x5', '0x5', '0x5')],
      at: '3m',
      labels: { severity: 'critical', ...group },
      summary: 'Cluster acid-main has no leader',
      description: 'No member of db/acid-main holds the leader lock: writes fail until Patroni elects a leader.',
    },
    // a standby cluster's leader is a standby leader
    quiet: { series: [...patroniCluster('patroni_primary', '0x5', '0x5', '0x5'), ...patroniCluster('patroni_standby_leader', '1x5', '0x5', '0x5')], at: '3m' },
  },
  {
    alert: 'PatroniMultiplePrimaries',
    fire: {
      series: patroniCluster('patroni_primary', '1x5', '1x5', '0x5'),
      at: '3m',
      labels: { severity: 'critical', ...group },
      summary: 'Cluster acid-main has 2 primaries',
      description: '2 members of db/acid-main report being primary: split brain.',
    },
    quiet: { series: patroniCluster('patroni_primary', '1x5', '0x5', '0x5'), at: '3m' },
  },
  {
    alert: 'PatroniFailoverOccurred',
    fire: {
      series: patroniCluster('patroni_postgres_timeline', '1 1 1 2 2 2', '1 1 1 2 2 2', '1 1 1 2 2 2'),
      at: '5m',
      labels: { severity: 'warning', ...group },
      summary: 'Cluster acid-main failed over',
      description: 'The timeline of db/acid-main changed in the last 10 minutes: a failover or switchover happened.',
    },
    quiet: { series: patroniCluster('patroni_postgres_timeline', '2x20', '2x20', '2x20'), at: '15m' },
  },
  {
    alert: 'PatroniFailoverFlapping',
    fire: {
      series: patroniCluster('patroni_postgres_timeline', '1 2 3 4 4 4', '1 2 3 4 4 4', '1 2 3 4 4 4'),
      at: '5m',
      labels: { severity: 'critical', ...group },
      summary: 'Cluster acid-main failed over 3 times in an hour',
      description: 'The timeline of db/acid-main advanced 3 times in the last hour: the cluster is flapping.',
    },
    quiet: { series: patroniCluster('patroni_postgres_timeline', '1 2 2 2 2 2', '1 2 2 2 2 2', '1 2 2 2 2 2'), at: '5m' },
  },
  {
    alert: 'PatroniPaused',
    fire: {
      series: [s('patroni_is_paused', patroni(primary0, 'master'), '1x70')],
      at: '65m',
      labels: { severity: 'warning', ...group },
      summary: 'Automatic failover of acid-main is paused',
      description: 'Patroni on db/acid-main has been in maintenance mode for an hour: no automatic failover.',
    },
    quiet: { series: [s('patroni_is_paused', patroni(primary0, 'master'), '1x30 0x40')], at: '65m' },
  },
  {
    alert: 'PatroniDcsUnreachable',
    fire: {
      series: [s('patroni_dcs_last_seen', patroni(primary0, 'master'), '0x10')],
      at: '4m',
      labels: { severity: 'warning', ...noRole(patroni(primary0, 'master')) },
      summary: 'acid-main-0 cannot reach the Kubernetes API',
      description: 'Patroni on db/acid-main-0 last reached its DCS 4m 0s ago (more than 3 x ttl 30s).',
    },
    quiet: { series: [s('patroni_dcs_last_seen', patroni(primary0, 'master'), '0+60x10')], at: '8m' },
  },
  {
    alert: 'PatroniFailsafeActive',
    fire: {
      series: [s('patroni_failsafe_mode_is_active', patroni(primary0, 'master'), '1x5')],
      at: '1m',
      labels: { severity: 'critical', ...group },
      summary: 'Cluster acid-main runs in failsafe mode',
      description: 'db/acid-main lost the Kubernetes API and keeps its primary only through failsafe mode.',
    },
    quiet: { series: [s('patroni_failsafe_mode_is_active', patroni(primary0, 'master'), '0x5')], at: '1m' },
  },
  {
    alert: 'PatroniStandbysMissing',
    fire: {
      series: [...patroniCluster('patroni_replica', '0x15', '1x15', '1x15'), ...patroniCluster('patroni_postgres_streaming', '0x15', '1x15', '0x15')],
      at: '11m',
      labels: { severity: 'warning', ...group },
      summary: 'Cluster acid-main has 1 of 2 standbys streaming',
      description: 'Only 1 of the 2 expected standbys of db/acid-main are streaming.',
    },
    quiet: { series: [...patroniCluster('patroni_replica', '0x15', '1x15', '1x15'), ...patroniCluster('patroni_postgres_streaming', '0x15', '1x15', '1x15')], at: '11m' },
  },
  {
    alert: 'PatroniNoStreamingStandby',
    fire: {
      series: [...patroniCluster('patroni_replica', '0x10', '1x10', '1x10'), ...patroniCluster('patroni_postgres_streaming', '0x10', '0x10', '0x10')],
      at: '6m',
      labels: { severity: 'critical', ...group },
      summary: 'No standby of acid-main is streaming',
      description: 'None of the 2 standbys of db/acid-main is streaming: a failover would lose data or be impossible.',
    },
    quiet: { series: [...patroniCluster('patroni_replica', '0x10', '1x10', '1x10'), ...patroniCluster('patroni_postgres_streaming', '0x10', '1x10', '0x10')], at: '6m' },
  },
  {
    // the classic false negative: the replica's lag reads 0 because receive == replay, but nothing streams
    alert: 'PatroniReplicaNotStreaming',
    fire: {
      series: [
        s('patroni_replica', patroni(replica2, 'replica'), '1x10'), s('patroni_postgres_streaming', patroni(replica2, 'replica'), '0x10'),
        s('pg_replication_lag_seconds', exporter(replica2, 'replica'), '0x10'),
      ],
      at: '6m',
      labels: { severity: 'warning', ...noRole(patroni(replica2, 'replica')) },
      summary: 'Replica acid-main-2 is not streaming',
      description: 'Replica db/acid-main-2 is not streaming from the primary (its lag may still read 0).',
    },
    quiet: { series: [s('patroni_replica', patroni(replica2, 'replica'), '1x10'), s('patroni_postgres_streaming', patroni(replica2, 'replica'), '1x10')], at: '6m' },
  },
  {
    alert: 'PatroniReplicaLagAboveFailoverLimit',
    fire: {
      series: [
        s('patroni_xlog_location', patroni(primary0, 'master'), '1000000000x10'), s('patroni_replica', patroni(primary0, 'master'), '0x10'),
        s('patroni_xlog_replayed_location', patroni(primary0, 'master'), '0x10'),
        s('patroni_xlog_location', patroni(replica1, 'replica'), '0x10'), s('patroni_replica', patroni(replica1, 'replica'), '1x10'),
        s('patroni_xlog_replayed_location', patroni(replica1, 'replica'), '947571200x10'),
      ],
      at: '6m',
      labels: { severity: 'warning', ...noRole(patroni(replica1, 'replica')) },
      summary: 'Replica acid-main-1 is too far behind to be promoted',
      description: 'Replica db/acid-main-1 is 50MiB behind, above maximum_lag_on_failover (32MiB): Patroni will not promote it.',
    },
    quiet: {
      series: [
        s('patroni_xlog_location', patroni(primary0, 'master'), '1000000000x10'), s('patroni_replica', patroni(primary0, 'master'), '0x10'),
        s('patroni_xlog_replayed_location', patroni(primary0, 'master'), '0x10'),
        s('patroni_replica', patroni(replica1, 'replica'), '1x10'), s('patroni_xlog_replayed_location', patroni(replica1, 'replica'), '999000000x10'),
      ],
      at: '6m',
    },
  },
  {
    alert: 'PatroniWalReplayPaused',
    fire: {
      series: [s('patroni_xlog_paused', patroni(replica1, 'replica'), '1x20')],
      at: '17m',
      labels: { severity: 'warning', ...noRole(patroni(replica1, 'replica')) },
      summary: 'WAL replay is paused on acid-main-1',
      description: 'WAL replay on db/acid-main-1 has been paused for 15 minutes.',
    },
    quiet: { series: [s('patroni_xlog_paused', patroni(replica1, 'replica'), '1x10 0x10')], at: '17m' },
  },
  {
    alert: 'PostgresReplicationLag',
    fire: {
      series: [s('pg_replication_lag_seconds', exporter(replica1, 'replica'), '45x10')],
      at: '6m',
      labels: { severity: 'warning', ...noRole(exporter(replica1, 'replica')) },
      summary: 'Replica acid-main-1 lags 45s',
      description: 'Replica db/acid-main-1 replays WAL 45s behind (warning above 30s).',
    },
    quiet: { series: [s('pg_replication_lag_seconds', exporter(replica1, 'replica'), '10x10')], at: '6m' },
  },
  {
    alert: 'PostgresReplicationLagCritical',
    fire: {
      series: [s('pg_replication_lag_seconds', exporter(replica1, 'replica'), '600x10')],
      at: '6m',
      labels: { severity: 'critical', ...noRole(exporter(replica1, 'replica')) },
      summary: 'Replica acid-main-1 lags 10m 0s',
      description: 'Replica db/acid-main-1 replays WAL 10m 0s behind (critical above 300s).',
    },
    quiet: { series: [s('pg_replication_lag_seconds', exporter(replica1, 'replica'), '120x10')], at: '6m' },
  },
  {
    alert: 'PostgresReplicationLagBytes',
    fire: {
      series: [s('pg_stat_replication_pg_wal_lsn_diff', { ...exporter(primary0, 'master'), application_name: replica1, state: 'streaming' }, '104857600x10')],
      at: '6m',
      labels: { severity: 'warning', ...group, application_name: replica1 },
      summary: 'Standby acid-main-1 is 100MiB behind',
      description: 'The primary of db/acid-main sees standby acid-main-1 100MiB behind (warning above 64MiB).',
    },
    quiet: { series: [s('pg_stat_replication_pg_wal_lsn_diff', { ...exporter(primary0, 'master'), application_name: replica1, state: 'streaming' }, '1048576x10')], at: '6m' },
  },
  {
    alert: 'PostgresReplicationLagBytesCritical',
    fire: {
      series: [s('pg_stat_replication_pg_wal_lsn_diff', { ...exporter(primary0, 'master'), application_name: replica2, state: 'streaming' }, '2147483648x10')],
      at: '6m',
      labels: { severity: 'critical', ...group, application_name: replica2 },
      summary: 'Standby acid-main-2 is 2GiB behind',
      description: 'The primary of db/acid-main sees standby acid-main-2 2GiB behind (critical above 1GiB).',
    },
    quiet: { series: [s('pg_stat_replication_pg_wal_lsn_diff', { ...exporter(primary0, 'master'), application_name: replica2, state: 'streaming' }, '104857600x10')], at: '6m' },
  },
  {
    alert: 'PatroniSyncStandbyMissing',
    fire: {
      series: patroniCluster('patroni_sync_standby', '0x5', '0x5', '0x5'),
      at: '3m',
      labels: { severity: 'critical', ...group },
      summary: 'Cluster acid-main has 0 of 1 synchronous standbys',
      description: 'db/acid-main runs in synchronous mode but has 0 of 1 synchronous standbys: commits are not protected (or block in strict mode).',
    },
    quiet: { series: patroniCluster('patroni_sync_standby', '0x5', '1x5', '0x5'), at: '3m' },
  },
  {
    alert: 'PostgresConnectionsHigh',
    fire: {
      series: [
        s('pg_stat_activity_count', { ...exporter(primary0, 'master'), datname: 'app', state: 'active', backend_type: 'client backend' }, '90x15'),
        s('pg_settings_max_connections', exporter(primary0, 'master'), '100x15'),
        s('pg_settings_superuser_reserved_connections', exporter(primary0, 'master'), '3x15'),
      ],
      at: '11m',
      labels: { severity: 'warning', ...group, pod: primary0 },
      summary: 'acid-main-0 uses 92.78% of its connections',
      description: 'db/acid-main-0 uses 92.78% of the connection slots open to non-superusers (warning above 80%).',
    },
    quiet: {
      series: [
        s('pg_stat_activity_count', { ...exporter(primary0, 'master'), datname: 'app', state: 'active', backend_type: 'client backend' }, '50x15'),
        s('pg_settings_max_connections', exporter(primary0, 'master'), '100x15'),
        s('pg_settings_superuser_reserved_connections', exporter(primary0, 'master'), '3x15'),
      ],
      at: '11m',
    },
  },
  {
    alert: 'PostgresConnectionsExhausted',
    fire: {
      series: [
        s('pg_stat_activity_count', { ...exporter(primary0, 'master'), datname: 'app', state: 'active', backend_type: 'client backend' }, '60x10'),
        s('pg_stat_activity_count', { ...exporter(primary0, 'master'), datname: 'app', state: 'idle', backend_type: 'client backend' }, '36x10'),
        s('pg_settings_max_connections', exporter(primary0, 'master'), '100x10'),
        s('pg_settings_superuser_reserved_connections', exporter(primary0, 'master'), '3x10'),
      ],
      at: '4m',
      labels: { severity: 'critical', ...group, pod: primary0 },
      summary: 'acid-main-0 uses 98.97% of its connections',
      description: 'db/acid-main-0 uses 98.97% of the connection slots open to non-superusers: new application connections fail soon.',
    },
    quiet: {
      series: [
        s('pg_stat_activity_count', { ...exporter(primary0, 'master'), datname: 'app', state: 'active', backend_type: 'client backend' }, '90x10'),
        s('pg_settings_max_connections', exporter(primary0, 'master'), '100x10'),
        s('pg_settings_superuser_reserved_connections', exporter(primary0, 'master'), '3x10'),
      ],
      at: '4m',
    },
  },
  {
    alert: 'PostgresVolumeFillingUp',
    fire: {
      series: [
        s('kubelet_volume_stats_available_bytes', { job: 'kubelet', namespace: NS, persistentvolumeclaim: 'pgdata-acid-main-0' }, '10000000000-10000000x40'),
        s('kubelet_volume_stats_capacity_bytes', { job: 'kubelet', namespace: NS, persistentvolumeclaim: 'pgdata-acid-main-0' }, '100000000000x40'),
      ],
      at: '35m',
      labels: { severity: 'warning', job: 'kubelet', namespace: NS, persistentvolumeclaim: 'pgdata-acid-main-0' },
      summary: 'Volume pgdata-acid-main-0 fills up within a day',
      description: 'Volume db/pgdata-acid-main-0 has 9.65% free and is predicted to be full within 24 hours.',
    },
    // little free space but not shrinking: no prediction of running out
    quiet: {
      series: [
        s('kubelet_volume_stats_available_bytes', { job: 'kubelet', namespace: NS, persistentvolumeclaim: 'pgdata-acid-main-0' }, '10000000000x40'),
        s('kubelet_volume_stats_capacity_bytes', { job: 'kubelet', namespace: NS, persistentvolumeclaim: 'pgdata-acid-main-0' }, '100000000000x40'),
      ],
      at: '35m',
    },
  },
  {
    alert: 'PostgresVolumeAlmostFull',
    fire: {
      series: [
        s('kubelet_volume_stats_available_bytes', { job: 'kubelet', namespace: NS, persistentvolumeclaim: 'pgdata-acid-main-1' }, '2000000000x10'),
        s('kubelet_volume_stats_capacity_bytes', { job: 'kubelet', namespace: NS, persistentvolumeclaim: 'pgdata-acid-main-1' }, '100000000000x10'),
      ],
      at: '6m',
      labels: { severity: 'critical', job: 'kubelet', namespace: NS, persistentvolumeclaim: 'pgdata-acid-main-1' },
      summary: 'Volume pgdata-acid-main-1 is almost full',
      description: 'Volume db/pgdata-acid-main-1 has only 2% free: PostgreSQL stops when it is full.',
    },
    // another cluster's volume is not ours
    quiet: {
      series: [
        s('kubelet_volume_stats_available_bytes', { job: 'kubelet', namespace: NS, persistentvolumeclaim: 'pgdata-acid-main-other-0' }, '2000000000x10'),
        s('kubelet_volume_stats_capacity_bytes', { job: 'kubelet', namespace: NS, persistentvolumeclaim: 'pgdata-acid-main-other-0' }, '100000000000x10'),
      ],
      at: '6m',
    },
  },
  {
    alert: 'PostgresXidWraparound',
    fire: {
      series: [s('pg_database_wraparound_age_datfrozenxid_seconds', { ...exporter(primary0, 'master'), datname: 'app' }, '1600000000x15')],
      at: '11m',
      labels: { severity: 'critical', ...group, pod: primary0, datname: 'app' },
      summary: 'Database app nears transaction ID wraparound',
      description: 'Database app on db/acid-main-0 has a transaction ID age of 1.6e+09; PostgreSQL stops accepting writes at 2^31.',
    },
    quiet: { series: [s('pg_database_wraparound_age_datfrozenxid_seconds', { ...exporter(primary0, 'master'), datname: 'app' }, '200000000x15')], at: '11m' },
  },
  {
    alert: 'PostgresMxidWraparound',
    fire: {
      series: [s('pg_database_wraparound_age_datminmxid_seconds', { ...exporter(primary0, 'master'), datname: 'app' }, '1600000000x15')],
      at: '11m',
      labels: { severity: 'critical', ...group, pod: primary0, datname: 'app' },
      summary: 'Database app nears multixact ID wraparound',
      description: 'Database app on db/acid-main-0 has a multixact ID age of 1.6e+09.',
    },
    quiet: { series: [s('pg_database_wraparound_age_datminmxid_seconds', { ...exporter(primary0, 'master'), datname: 'app' }, '1000x15')], at: '11m' },
  },
  {
    alert: 'PostgresLongRunningTransaction',
    fire: {
      series: [s('pg_stat_activity_max_tx_duration', { ...exporter(primary0, 'master'), datname: 'app', usename: 'app_user', state: 'active' }, '7200x10')],
      at: '6m',
      labels: { severity: 'warning', ...group, pod: primary0, datname: 'app', usename: 'app_user' },
      summary: 'A transaction of app_user runs for 2h 0m 0s',
      description: 'A transaction of app_user in app on db/acid-main-0 has been active for 2h 0m 0s: it holds back vacuum.',
    },
    // a long idle session is not a long transaction
    quiet: { series: [s('pg_stat_activity_max_tx_duration', { ...exporter(primary0, 'master'), datname: 'app', usename: 'app_user', state: 'idle' }, '7200x10')], at: '6m' },
  },
  {
    alert: 'PostgresIdleInTransaction',
    fire: {
      series: [s('pg_stat_activity_max_tx_duration', { ...exporter(primary0, 'master'), datname: 'app', usename: 'app_user', state: 'idle in transaction' }, '600x10')],
      at: '6m',
      labels: { severity: 'warning', ...group, pod: primary0, datname: 'app', usename: 'app_user' },
      summary: 'A session of app_user is idle in transaction for 10m 0s',
      description: 'A session of app_user in app on db/acid-main-0 has been idle in transaction for 10m 0s, holding locks.',
    },
    quiet: { series: [s('pg_stat_activity_max_tx_duration', { ...exporter(primary0, 'master'), datname: 'app', usename: 'app_user', state: 'idle in transaction' }, '30x10')], at: '6m' },
  },
  {
    alert: 'PostgresDeadlocks',
    fire: {
      series: [s('pg_stat_database_deadlocks', { ...exporter(primary0, 'master'), datname: 'app' }, '0+2x20')],
      at: '12m',
      labels: { severity: 'warning', ...group, pod: primary0, datname: 'app' },
      summary: '10 deadlocks in app',
      description: '10 deadlocks in 5 minutes in app on db/acid-main-0.',
    },
    // a high but constant counter: compared raw it would fire forever
    quiet: { series: [s('pg_stat_database_deadlocks', { ...exporter(primary0, 'master'), datname: 'app' }, '5000x20')], at: '12m' },
  },
  {
    // archiving broke at 0: every attempt fails, and the last success ages from then on
    alert: 'PostgresWalArchivingFailing',
    fire: {
      series: [
        s('pg_stat_archiver_failed_count', exporter(primary0, 'master'), '0+3x30'), s('pg_stat_archiver_archived_count', exporter(primary0, 'master'), '100x30'),
        s('pg_stat_archiver_last_archive_age', exporter(primary0, 'master'), '0+60x30'), s('pg_replication_is_replica', exporter(primary0, 'master'), '0x30'),
      ],
      at: '22m',
      labels: { severity: 'critical', ...noRole(exporter(primary0, 'master')) },
      summary: 'WAL archiving fails on acid-main-0',
      description: 'archive_command on db/acid-main-0 keeps failing and no WAL segment was archived in the last 5m: point-in-time recovery is broken and pg_wal grows.',
    },
    // occasional failures while archiving continues are retried by PostgreSQL: the last success stays recent
    quiet: {
      series: [
        s('pg_stat_archiver_failed_count', exporter(primary0, 'master'), '0+1x30'), s('pg_stat_archiver_archived_count', exporter(primary0, 'master'), '100+5x30'),
        s('pg_stat_archiver_last_archive_age', exporter(primary0, 'master'), '20x30'), s('pg_replication_is_replica', exporter(primary0, 'master'), '0x30'),
      ],
      at: '22m',
    },
  },
  {
    // WAL written at 41m (the primary's position moves once) is still not archived at 100m, although
    // archive_timeout (1800s) switches a written segment within 30 minutes: the archiver hangs
    alert: 'PostgresWalArchiveStale',
    fire: {
      series: [
        s('pg_stat_archiver_last_archive_age', exporter(primary0, 'master'), '0+60x120'), s('pg_replication_is_replica', exporter(primary0, 'master'), '0x120'),
        s('patroni_xlog_location', patroni(primary0, 'master'), '1000x40 2000x80'),
      ],
      at: '100m',
      labels: { severity: 'warning', ...noRole(exporter(primary0, 'master')) },
      summary: 'No WAL archived from acid-main-0 for 1h 40m 0s',
      description: 'The last WAL segment of db/acid-main-0 was archived 1h 40m 0s ago, although WAL was written more than 40m ago (archive_timeout 1800s): the archiver is stuck.',
    },
    // an idle primary writes no WAL, so it archives nothing and the age grows without meaning anything
    quiet: {
      series: [
        s('pg_stat_archiver_last_archive_age', exporter(primary0, 'master'), '0+60x120'), s('pg_replication_is_replica', exporter(primary0, 'master'), '0x120'),
        s('patroni_xlog_location', patroni(primary0, 'master'), '1000x120'),
      ],
      at: '100m',
    },
  },
  {
    // the run scheduled at 29400000 (Unix minutes) started at 7200s and failed; the previous one succeeded at 3600s
    alert: 'PostgresLogicalBackupFailed',
    fire: {
      series: [
        ...logicalBackupJob('logical-backup-acid-main-29300000', 3000, true, 3600),
        ...logicalBackupJob('logical-backup-acid-main-29400000', 7200, false),
      ],
      at: '1m',
      labels: { severity: 'warning', namespace: NS, cluster: C, cronjob: 'logical-backup-acid-main' },
      summary: 'The logical backup of acid-main failed',
      description: 'The newest run of CronJob logical-backup-acid-main (logical backup of db/acid-main), started 1970-01-01 02:00:00 +0000 UTC, failed and no run has succeeded since.',
    },
    // a run failed, but a later one succeeded
    quiet: {
      series: [
        ...logicalBackupJob('logical-backup-acid-main-29300000', 3000, false),
        ...logicalBackupJob('logical-backup-acid-main-29400000', 7000, true, 7200),
      ],
      at: '1m',
    },
  },
  {
    alert: 'PgbouncerDown',
    fire: {
      series: [s('pgbouncer_up', pooler(), '0x5'), s('up', pooler(), '1x5')],
      at: '3m',
      labels: { severity: 'critical', ...pooler() },
      summary: 'Pooler acid-main-pooler is down',
      description: 'pgbouncer_exporter cannot reach pooler db/acid-main-pooler.',
    },
    quiet: { series: [s('pgbouncer_up', pooler(), '1x5'), s('up', pooler(), '1x5')], at: '3m' },
  },
  {
    alert: 'PgbouncerClientsWaiting',
    fire: {
      series: [s('pgbouncer_pools_client_maxwait_seconds', { ...pooler(), database: 'app', user: 'app' }, '10x5')],
      at: '3m',
      labels: { severity: 'warning', ...group, pooler: `${C}-pooler` },
      summary: 'Clients wait 10s for a connection on acid-main-pooler',
      description: 'The oldest client of pooler db/acid-main-pooler has waited 10s for a server connection.',
    },
    quiet: { series: [s('pgbouncer_pools_client_maxwait_seconds', { ...pooler(), database: 'app', user: 'app' }, '1x5')], at: '3m' },
  },
  {
    alert: 'PgbouncerClientsWaitingCritical',
    fire: {
      series: [s('pgbouncer_pools_client_maxwait_seconds', { ...pooler(), database: 'app', user: 'app' }, '60x5')],
      at: '3m',
      labels: { severity: 'critical', ...group, pooler: `${C}-pooler` },
      summary: 'Clients wait 1m 0s for a connection on acid-main-pooler',
      description: 'The oldest client of pooler db/acid-main-pooler has waited 1m 0s for a server connection.',
    },
    quiet: { series: [s('pgbouncer_pools_client_maxwait_seconds', { ...pooler(), database: 'app', user: 'app' }, '10x5')], at: '3m' },
  },
  {
    alert: 'PgbouncerClientConnectionsHigh',
    fire: {
      series: [
        s('pgbouncer_pools_client_active_connections', { ...pooler(), database: 'app', user: 'app' }, '8500x10'),
        s('pgbouncer_pools_client_waiting_connections', { ...pooler(), database: 'app', user: 'app' }, '500x10'),
        s('pgbouncer_config_max_client_connections', pooler(), '10000x10'),
      ],
      at: '6m',
      labels: { severity: 'warning', ...group, pooler: `${C}-pooler` },
      summary: 'Pooler acid-main-pooler uses 90% of max_client_conn',
      description: 'Pooler db/acid-main-pooler serves 90% of its max_client_conn.',
    },
    quiet: {
      series: [
        s('pgbouncer_pools_client_active_connections', { ...pooler(), database: 'app', user: 'app' }, '100x10'),
        s('pgbouncer_pools_client_waiting_connections', { ...pooler(), database: 'app', user: 'app' }, '0x10'),
        s('pgbouncer_config_max_client_connections', pooler(), '10000x10'),
      ],
      at: '6m',
    },
  },
  {
    alert: 'PostgresExporterCollectorFailing',
    fire: {
      series: [
        s('pg_scrape_collector_success', { ...exporter(primary0, 'master'), collector: 'replication_slots' }, '0x20'),
        s('pg_up', exporter(primary0, 'master'), '1x20'),
      ],
      at: '16m',
      labels: { severity: 'warning', ...group, pod: primary0, collector: 'replication_slots' },
      summary: 'Collector replication_slots fails on acid-main-0',
      description: 'The postgres_exporter collector replication_slots on db/acid-main-0 has failed for 15 minutes while PostgreSQL answers: its metrics and alerts are missing.',
    },
    // while PostgreSQL is down every collector fails: PostgresDown says so, this alert stays silent
    quiet: {
      series: [
        s('pg_scrape_collector_success', { ...exporter(primary0, 'master'), collector: 'replication_slots' }, '0x20'),
        s('pg_up', exporter(primary0, 'master'), '0x20'),
      ],
      at: '16m',
    },
  },
  {
    alert: 'PatroniPendingRestart',
    fire: {
      series: [s('patroni_pending_restart', patroni(primary0, 'master'), '1x70')],
      at: '65m',
      labels: { severity: 'info', ...noRole(patroni(primary0, 'master')) },
      summary: 'acid-main-0 waits for a restart',
      description: 'PostgreSQL on db/acid-main-0 has had parameter changes pending a restart for an hour.',
    },
    quiet: { series: [s('patroni_pending_restart', patroni(primary0, 'master'), '0x70')], at: '65m' },
  },
  {
    alert: 'PostgresReplicationSlotInactive',
    fire: {
      series: [
        s('pg_replication_slots_active', { ...exporter(primary0, 'master'), slot_name: 'cdc', database: 'app' }, '0x40'),
        s('pg_replication_is_replica', exporter(primary0, 'master'), '0x40'),
      ],
      at: '32m',
      labels: { severity: 'warning', ...noRole(exporter(primary0, 'master')), slot_name: 'cdc', database: 'app' },
      summary: 'Replication slot cdc is inactive',
      description: 'Replication slot cdc on db/acid-main-0 has had no consumer for 30 minutes and keeps WAL on the primary.',
    },
    // Patroni's copies of permanent slots on replicas are never active
    quiet: {
      series: [
        s('pg_replication_slots_active', { ...exporter(replica1, 'replica'), slot_name: 'cdc', database: 'app' }, '0x40'),
        s('pg_replication_is_replica', exporter(replica1, 'replica'), '1x40'),
      ],
      at: '32m',
    },
  },
  {
    alert: 'PostgresReplicationSlotRetainingWal',
    fire: {
      series: [
        s('pg_replication_slots_pg_wal_lsn_diff', { ...exporter(primary0, 'master'), slot_name: 'cdc', database: 'app' }, '21474836480x20'),
        s('pg_replication_is_replica', exporter(primary0, 'master'), '0x20'),
      ],
      at: '11m',
      labels: { severity: 'warning', ...noRole(exporter(primary0, 'master')), slot_name: 'cdc', database: 'app' },
      summary: 'Replication slot cdc retains 20GiB of WAL',
      description: 'Replication slot cdc on db/acid-main-0 retains 20GiB of WAL (warning above 10GiB).',
    },
    quiet: {
      series: [
        s('pg_replication_slots_pg_wal_lsn_diff', { ...exporter(primary0, 'master'), slot_name: 'cdc', database: 'app' }, '1073741824x20'),
        s('pg_replication_is_replica', exporter(primary0, 'master'), '0x20'),
      ],
      at: '11m',
    },
  },
  {
    alert: 'PostgresReplicationSlotWalLost',
    fire: {
      series: [s('pg_replication_slots_wal_status', { ...exporter(primary0, 'master'), slot_name: 'cdc', slot_type: 'logical', wal_status: 'lost' }, '1x5')],
      at: '1m',
      labels: { severity: 'critical', ...noRole(exporter(primary0, 'master')), slot_name: 'cdc', slot_type: 'logical', wal_status: 'lost' },
      summary: 'Replication slot cdc lost its WAL',
      description: 'The WAL that replication slot cdc on db/acid-main-0 needs was removed: its consumer must be rebuilt.',
    },
    quiet: { series: [s('pg_replication_slots_wal_status', { ...exporter(primary0, 'master'), slot_name: 'cdc', slot_type: 'logical', wal_status: 'reserved' }, '1x5')], at: '1m' },
  },
  {
    alert: 'PostgresTooManyLocks',
    fire: {
      series: [
        s('pg_locks_count', { ...exporter(primary0, 'master'), datname: 'app', mode: 'rowexclusivelock' }, '8000x10'),
        s('pg_settings_max_locks_per_transaction', exporter(primary0, 'master'), '64x10'),
        s('pg_settings_max_connections', exporter(primary0, 'master'), '200x10'),
      ],
      at: '6m',
      labels: { severity: 'warning', ...group, pod: primary0 },
      summary: 'acid-main-0 uses 62.5% of its lock table',
      description: 'Locks held on db/acid-main-0 fill 62.5% of max_locks_per_transaction x max_connections.',
    },
    quiet: {
      series: [
        s('pg_locks_count', { ...exporter(primary0, 'master'), datname: 'app', mode: 'rowexclusivelock' }, '100x10'),
        s('pg_settings_max_locks_per_transaction', exporter(primary0, 'master'), '64x10'),
        s('pg_settings_max_connections', exporter(primary0, 'master'), '200x10'),
      ],
      at: '6m',
    },
  },
  {
    alert: 'PostgresCheckpointsTooFrequent',
    fire: {
      series: [
        s('pg_stat_checkpointer_num_requested_total', exporter(primary0, 'master'), '0+3x60'),
        s('pg_stat_checkpointer_num_timed_total', exporter(primary0, 'master'), '0+1x60'),
      ],
      at: '50m',
      labels: { severity: 'info', ...noRole(exporter(primary0, 'master')) },
      summary: 'Most checkpoints on acid-main-0 are forced by WAL volume',
      description: '75% of the checkpoints on db/acid-main-0 are requested rather than timed: max_wal_size is too small for the write load.',
    },
    quiet: {
      series: [
        s('pg_stat_checkpointer_num_requested_total', exporter(primary0, 'master'), '0+1x60'),
        s('pg_stat_checkpointer_num_timed_total', exporter(primary0, 'master'), '0+3x60'),
      ],
      at: '50m',
    },
  },
  {
    alert: 'PgbouncerPoolSaturated',
    fire: {
      series: [
        s('pgbouncer_pools_server_active_connections', { ...pooler(), database: 'app', user: 'app' }, '19x10'),
        s('pgbouncer_pools_client_waiting_connections', { ...pooler(), database: 'app', user: 'app' }, '3x10'),
        s('pgbouncer_databases_pool_size', { ...pooler(), name: 'app', database: 'app_backend', pool_mode: 'transaction' }, '20x10'),
      ],
      at: '6m',
      labels: { severity: 'warning', ...group, pooler: `${C}-pooler`, database: 'app' },
      summary: 'Pool app of acid-main-pooler is saturated',
      description: 'Pool app of db/acid-main-pooler uses 95% of its pool_size while clients wait.',
    },
    // a full pool without waiting clients is just busy
    quiet: {
      series: [
        s('pgbouncer_pools_server_active_connections', { ...pooler(), database: 'app', user: 'app' }, '19x10'),
        s('pgbouncer_pools_client_waiting_connections', { ...pooler(), database: 'app', user: 'app' }, '0x10'),
        s('pgbouncer_databases_pool_size', { ...pooler(), name: 'app', database: 'app_backend', pool_mode: 'transaction' }, '20x10'),
      ],
      at: '6m',
    },
  },
  {
    alert: 'WalgBaseBackupTooOld',
    fire: {
      series: [s('walg_last_upload', { ...exporter(primary0, 'master'), job: 'wal-g-exporter', type: 'basebackup' }, '0x1700')],
      at: '27h',
      labels: { severity: 'critical', ...group },
      summary: 'The newest base backup of acid-main is 1d 3h 0m 0s old',
      description: 'The newest WAL-G base backup of db/acid-main is 1d 3h 0m 0s old (critical above 93600s): restores replay ever more WAL, and retention may delete the WAL they need.',
    },
    // a daily backup keeps the age below a day
    quiet: { series: [s('walg_last_upload', { ...exporter(primary0, 'master'), job: 'wal-g-exporter', type: 'basebackup' }, '0x1439 86400x300')], at: '27h' },
  },
  {
    alert: 'WalgWalIntegrityFailure',
    fire: {
      series: [s('walg_wal_integrity_status', { ...exporter(primary0, 'master'), job: 'wal-g-exporter', status: 'FAILURE' }, '1x10')],
      at: '6m',
      labels: { severity: 'critical', ...group },
      summary: 'The WAL archive of acid-main has gaps',
      description: 'wal-g wal-verify reports missing WAL segments in the archive of db/acid-main: point-in-time recovery across the gap is impossible.',
    },
    quiet: { series: [s('walg_wal_integrity_status', { ...exporter(primary0, 'master'), job: 'wal-g-exporter', status: 'FAILURE' }, '0x10')], at: '6m' },
  },
  {
    alert: 'PostgresHighRollbackRatio',
    fire: {
      series: [
        s('pg_stat_database_xact_commit', { ...exporter(primary0, 'master'), datname: 'app' }, '0+600x40'),
        s('pg_stat_database_xact_rollback', { ...exporter(primary0, 'master'), datname: 'app' }, '0+200x40'),
      ],
      at: '25m',
      labels: { severity: 'info', ...group, pod: primary0, datname: 'app' },
      summary: '25% of transactions in app roll back',
      description: '25% of the transactions in app on db/acid-main-0 roll back: look for failing application requests.',
    },
    // an idle database with a few rollbacks is not a problem
    quiet: {
      series: [
        s('pg_stat_database_xact_commit', { ...exporter(primary0, 'master'), datname: 'app' }, '0+1x40'),
        s('pg_stat_database_xact_rollback', { ...exporter(primary0, 'master'), datname: 'app' }, '0+1x40'),
      ],
      at: '25m',
    },
  },
  {
    alert: 'PostgresCacheHitRatioLow',
    fire: {
      series: [
        s('pg_stat_database_blks_hit', { ...exporter(primary0, 'master'), datname: 'app' }, '0+48000x60'),
        s('pg_stat_database_blks_read', { ...exporter(primary0, 'master'), datname: 'app' }, '0+12000x60'),
      ],
      at: '45m',
      labels: { severity: 'info', ...group, pod: primary0, datname: 'app' },
      summary: 'Only 80% of reads in app hit shared buffers',
      description: 'Only 80% of the block reads in app on db/acid-main-0 come from shared buffers: the working set outgrows memory.',
    },
    quiet: {
      series: [
        s('pg_stat_database_blks_hit', { ...exporter(primary0, 'master'), datname: 'app' }, '0+59000x60'),
        s('pg_stat_database_blks_read', { ...exporter(primary0, 'master'), datname: 'app' }, '0+1000x60'),
      ],
      at: '45m',
    },
  },
  {
    alert: 'PostgresTempFilesHigh',
    fire: {
      series: [s('pg_stat_database_temp_bytes', { ...exporter(primary0, 'master'), datname: 'app' }, '0+3145728000x60')],
      at: '45m',
      labels: { severity: 'info', ...group, pod: primary0, datname: 'app' },
      summary: 'app spills 50MiB/s to temporary files',
      description: 'Queries in app on db/acid-main-0 write 50MiB/s to temporary files: work_mem is too small for them.',
    },
    quiet: { series: [s('pg_stat_database_temp_bytes', { ...exporter(primary0, 'master'), datname: 'app' }, '0+6000000x60')], at: '45m' },
  },
];

describe('alert catalog under promtool', () => {
  let rules: Rules;
  let spec: any;
  beforeAll(() => {
    rules = clusterRules();
    spec = rules.spec;
  });

  test('every alert of the full topology has a test case, and every case an alert', () => {
    expect(cases.map((c) => c.alert).sort()).toEqual([...rules.alertNames].sort());
  });

  test('promtool check rules accepts the PrometheusRule', () => {
    const result = checkRules(spec);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.ok).toBe(true);
  });

  test.each(cases)('$alert fires when it must and stays quiet otherwise', (c) => {
    // the recording rules and the alert under test only: long scenarios (27h) stay fast
    const ruleSet = { groups: spec.groups.map((g: any) => ({ ...g, rules: g.rules.filter((r: any) => r.record || r.alert === c.alert) })) };
    const result = testRules(ruleSet, [
      {
        name: `${c.alert} fires`,
        interval: '1m',
        input_series: c.fire.series.map(([series, values]) => ({ series, values })),
        alert_rule_test: [{
          eval_time: c.fire.at,
          alertname: c.alert,
          exp_alerts: [{
            exp_labels: c.fire.labels,
            exp_annotations: { summary: c.fire.summary, description: c.fire.description, runbook_url: `${RUNBOOKS}#${c.alert.toLowerCase()}` },
          }],
        }],
      },
      {
        name: `${c.alert} stays quiet`,
        interval: '1m',
        input_series: c.quiet.series.map(([series, values]) => ({ series, values })),
        alert_rule_test: [{ eval_time: c.quiet.at, alertname: c.alert, exp_alerts: [] }],
      },
    ]);
    expect(result.output).toMatch(/SUCCESS/);
  });

  test('the dead WAL receiver does not trip the lag alert, but the streaming alert catches it', () => {
    const series = [
      { series: `patroni_replica${sel(patroni(replica2, 'replica'))}`, values: '1x10' },
      { series: `patroni_postgres_streaming${sel(patroni(replica2, 'replica'))}`, values: '0x10' },
      { series: `pg_replication_lag_seconds${sel(exporter(replica2, 'replica'))}`, values: '0x10' },
    ];
    const result = testRules(spec, [{
      interval: '1m',
      input_series: series,
      alert_rule_test: [
        { eval_time: '8m', alertname: 'PostgresReplicationLag', exp_alerts: [] },
        {
          eval_time: '8m',
          alertname: 'PatroniReplicaNotStreaming',
          exp_alerts: [{
            exp_labels: { severity: 'warning', ...noRole(patroni(replica2, 'replica')) },
            exp_annotations: {
              summary: 'Replica acid-main-2 is not streaming',
              description: 'Replica db/acid-main-2 is not streaming from the primary (its lag may still read 0).',
              runbook_url: `${RUNBOOKS}#patronireplicanotstreaming`,
            },
          }],
        },
      ],
    }]);
    expect(result.output).toMatch(/SUCCESS/);
  });
});
