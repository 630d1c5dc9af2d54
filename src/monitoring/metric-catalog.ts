import { KUBE_STATE_METRICS_VERSION, POSTGRESQL_RESOURCE_METRICS } from './kube-state-metrics';

/**
 * Metric names of the pinned exporter versions, for checking every rule and dashboard query.
 * Sources: postgres_exporter v0.20.1 collectors (the ones this library enables), Patroni 4.x `/metrics`
 * (patroni/api.py do_GET_metrics), prometheus-community pgbouncer_exporter v0.10.2 (collector.go), the wal-g
 * exporter (thedatabaseme/wal-g-exporter, opt-in), kubelet volume stats, kube-state-metrics v2.20.0
 * (docs/metrics/workload/{job,cronjob,deployment}-metrics.md) and the `postgresql` metrics of this library's
 * CustomResourceState configuration, and Prometheus' own `up` and `ALERTS`.
 */
export const METRIC_CATALOG: { [source: string]: string[] } = {
  'prometheus': ['up', 'ALERTS'],
  'postgres_exporter v0.20.1': [
    'pg_up', 'pg_exporter_last_scrape_error', 'pg_exporter_last_scrape_duration_seconds', 'pg_exporter_scrapes_total',
    'pg_scrape_collector_success', 'pg_scrape_collector_duration_seconds', 'pg_static',
    'pg_database_size_bytes', 'pg_database_connection_limit',
    'pg_database_wraparound_age_datfrozenxid_seconds', 'pg_database_wraparound_age_datminmxid_seconds',
    'pg_locks_count',
    'pg_long_running_transactions', 'pg_long_running_transactions_oldest_timestamp_seconds',
    'pg_postmaster_start_time_seconds',
    'pg_replication_lag_seconds', 'pg_replication_is_replica', 'pg_replication_last_replay_seconds',
    'pg_replication_slots_active', 'pg_replication_slots_pg_wal_lsn_diff', 'pg_replication_slots_wal_status',
    'pg_replication_slots_safe_wal_size_bytes',
    'pg_settings_max_connections', 'pg_settings_superuser_reserved_connections', 'pg_settings_reserved_connections', 'pg_settings_max_locks_per_transaction',
    'pg_settings_autovacuum_freeze_max_age', 'pg_settings_archive_timeout_seconds',
    'pg_stat_activity_count', 'pg_stat_activity_max_tx_duration',
    'pg_stat_archiver_archived_count', 'pg_stat_archiver_failed_count', 'pg_stat_archiver_last_archive_age',
    'pg_stat_bgwriter_checkpoints_timed_total', 'pg_stat_bgwriter_checkpoints_req_total', 'pg_stat_bgwriter_buffers_alloc_total',
    'pg_stat_checkpointer_num_timed_total', 'pg_stat_checkpointer_num_requested_total',
    'pg_stat_database_numbackends', 'pg_stat_database_xact_commit', 'pg_stat_database_xact_rollback',
    'pg_stat_database_blks_read', 'pg_stat_database_blks_hit', 'pg_stat_database_deadlocks', 'pg_stat_database_temp_bytes',
    'pg_stat_replication_pg_wal_lsn_diff', 'pg_stat_replication_pg_current_wal_lsn_bytes',
    'pg_wal_segments', 'pg_wal_size_bytes',
  ],
  'patroni 4.x (Spilo 4.x)': [
    'patroni_version', 'patroni_postgres_running', 'patroni_postmaster_start_time', 'patroni_primary', 'patroni_xlog_location',
    'patroni_standby_leader', 'patroni_replica', 'patroni_sync_standby', 'patroni_quorum_standby',
    'patroni_xlog_received_location', 'patroni_xlog_replayed_location', 'patroni_xlog_replayed_timestamp', 'patroni_xlog_paused',
    'patroni_postgres_streaming', 'patroni_postgres_in_archive_recovery', 'patroni_postgres_server_version',
    'patroni_cluster_unlocked', 'patroni_failsafe_mode_is_active', 'patroni_postgres_timeline', 'patroni_dcs_last_seen',
    'patroni_pending_restart', 'patroni_is_paused',
  ],
  'pgbouncer_exporter v0.10.2': [
    'pgbouncer_up', 'pgbouncer_version_info',
    'pgbouncer_pools_client_active_connections', 'pgbouncer_pools_client_waiting_connections', 'pgbouncer_pools_client_maxwait_seconds',
    'pgbouncer_pools_server_active_connections', 'pgbouncer_pools_server_idle_connections', 'pgbouncer_pools_server_used_connections',
    'pgbouncer_pools_server_testing_connections', 'pgbouncer_pools_server_login_connections',
    'pgbouncer_databases_pool_size', 'pgbouncer_databases_max_connections', 'pgbouncer_databases_current_connections',
    'pgbouncer_stats_queries_pooled_total', 'pgbouncer_stats_sql_transactions_pooled_total', 'pgbouncer_stats_client_wait_seconds_total',
    'pgbouncer_config_max_client_connections', 'pgbouncer_config_max_user_connections',
  ],
  'wal-g-exporter (thedatabaseme)': [
    'walg_basebackup_count', 'walg_oldest_basebackup', 'walg_newest_basebackup', 'walg_last_basebackup_duration',
    'walg_last_basebackup_throughput_bytes', 'walg_wal_archive_count', 'walg_wal_archive_missing_count', 'walg_wal_integrity_status',
    'walg_last_upload', 'walg_s3_diskusage',
  ],
  'kubelet': ['kubelet_volume_stats_available_bytes', 'kubelet_volume_stats_capacity_bytes'],
  [`kube-state-metrics ${KUBE_STATE_METRICS_VERSION}`]: [
    'kube_job_status_failed', 'kube_job_failed', 'kube_job_status_start_time', 'kube_job_status_completion_time',
    'kube_cronjob_status_last_successful_time',
    'kube_deployment_spec_replicas', 'kube_deployment_status_replicas_available',
  ],
  [`kube-state-metrics ${KUBE_STATE_METRICS_VERSION} CustomResourceState (FleetMonitoring)`]: Object.values(POSTGRESQL_RESOURCE_METRICS),
};

/** Every known metric name. */
export function knownMetrics(): Set<string> {
  return new Set(Object.values(METRIC_CATALOG).flat());
}
