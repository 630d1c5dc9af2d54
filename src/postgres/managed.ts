/**
 * Parameters Patroni or Spilo set themselves, and the extensions whose parameters the checks know. Internal data of
 * check.ts, each entry cited.
 */

/** A parameter that must not be set in `parameters`, and why. */
export interface ManagedParameter {
  readonly owner: string;
  readonly why: string;
  readonly fix: string;
}

const PATRONI_CONFIG = 'patroni/postgresql/config.py';
const RECOVERY = {
  owner: 'Patroni',
  why: `Patroni writes recovery settings itself and leaves this name out of postgresql.conf (${PATRONI_CONFIG} ConfigHandler._RECOVERY_PARAMETERS, skipped in write_postgresql_conf)`,
  fix: 'remove it; replicas, standby clusters, clones and point-in-time restores are configured by the StandbyCluster and restore options, which Spilo turns into Patroni\'s recovery configuration.',
};
const COMMAND_LINE = (what: string) => ({
  owner: 'Patroni',
  why: `Patroni passes ${what} on the postgres command line, which overrides postgresql.conf (${PATRONI_CONFIG} ConfigHandler.CMDLINE_OPTIONS with a validator that rejects every value, get_server_parameters)`,
  fix: 'remove it; the operator and Patroni choose it.',
});
const FILES = {
  owner: 'Patroni',
  why: 'Patroni starts PostgreSQL with its own data directory and configuration files and writes pg_hba.conf itself',
  fix: 'remove it; use the cluster\'s pg_hba / Patroni settings instead.',
};

/**
 * Names (lower case) that Patroni or Spilo own. Sources: Patroni v4.0 `patroni/postgresql/config.py`
 * (CMDLINE_OPTIONS, _RECOVERY_PARAMETERS, get_server_parameters); Spilo `postgres-appliance/scripts/configure_spilo.py`
 * (the TEMPLATE's `bootstrap.dcs.postgresql.parameters` sets `archive_mode: "on"` and `archive_timeout: 1800s` at
 * L204 in 4.0-p3; `postgresql.parameters.archive_command` is WAL-G's `wal-push`, or `/bin/true` without a
 * bucket, L673-675; see MONITORING-FACTS.md and ZALANDO-FACTS.md §b.4).
 */
export const MANAGED: Record<string, ManagedParameter> = {
  listen_addresses: COMMAND_LINE('listen_addresses (from postgresql.listen)'),
  port: COMMAND_LINE('port (from postgresql.listen, 5432 in Spilo)'),
  cluster_name: COMMAND_LINE('cluster_name (the Patroni scope, i.e. the cluster name)'),
  hot_standby: COMMAND_LINE('hot_standby = on'),
  data_directory: FILES,
  config_file: FILES,
  hba_file: FILES,
  ident_file: FILES,
  archive_command: {
    owner: 'Spilo',
    why: 'Spilo sets archive_command to WAL-G\'s wal-push (or /bin/true without a backup bucket); another command stops WAL archiving, so backups and point-in-time recovery silently break (configure_spilo.py TEMPLATE postgresql.parameters.archive_command, L673-675)',
    fix: 'remove it; configure backups with WalgBackup.',
  },
  archive_mode: {
    owner: 'Spilo',
    why: 'Spilo sets archive_mode = on for WAL-G (configure_spilo.py TEMPLATE bootstrap.dcs.postgresql.parameters, L204 in 4.0-p3); off stops WAL archiving and with it backups and point-in-time recovery',
    fix: 'remove it; backups are configured with WalgBackup.',
  },
  archive_cleanup_command: RECOVERY,
  restore_command: RECOVERY,
  recovery_end_command: RECOVERY,
  recovery_target: RECOVERY,
  recovery_target_name: RECOVERY,
  recovery_target_time: RECOVERY,
  recovery_target_xid: RECOVERY,
  recovery_target_lsn: RECOVERY,
  recovery_target_inclusive: RECOVERY,
  recovery_target_timeline: RECOVERY,
  recovery_target_action: RECOVERY,
  recovery_min_apply_delay: RECOVERY,
  primary_conninfo: RECOVERY,
  primary_slot_name: RECOVERY,
  promote_trigger_file: RECOVERY,
};

/** Set by Patroni in synchronous mode (get_server_parameters keeps its own value, or '*' in strict mode). */
export const SYNCHRONOUS_MODE_MANAGED: ManagedParameter = {
  owner: 'Patroni',
  why: `in synchronous mode Patroni sets synchronous_standby_names itself and replaces any other value (${PATRONI_CONFIG} get_server_parameters)`,
  fix: 'remove it; choose the number of synchronous standbys with the cluster\'s synchronous mode settings.',
};

/**
 * Lower bounds of Patroni's CMDLINE_OPTIONS validators: a smaller value is replaced by Patroni's default with only
 * a warning in its log (patroni/postgresql/config.py CMDLINE_OPTIONS: IntValidator(min=...) / EnumValidator).
 */
export const PATRONI_MINIMUMS: Record<string, { minimum: number; replacement: string }> = {
  max_connections: { minimum: 25, replacement: '100' },
  max_wal_senders: { minimum: 3, replacement: '10' },
  max_locks_per_transaction: { minimum: 32, replacement: '64' },
  max_replication_slots: { minimum: 4, replacement: '10' },
  max_worker_processes: { minimum: 2, replacement: '8' },
};

/** wal_level values Patroni keeps (CMDLINE_OPTIONS EnumValidator(('hot_standby', 'replica', 'logical'))). */
export const PATRONI_WAL_LEVELS = ['hot_standby', 'replica', 'logical'];

/** An extension whose parameters share a prefix, and the library that defines them. */
export interface ExtensionPrefix {
  /** The library to preload (shared_preload_libraries). Undefined when PostgreSQL always loads it. */
  readonly library?: string;
  /** True when the catalog has the extension's parameters (they are then checked like core ones). */
  readonly cataloged: boolean;
}

/**
 * Parameter prefixes of the extensions Spilo ships and preloads (configure_spilo.py: shared_preload_libraries
 * `bg_mon,pg_stat_statements,pgextwlist,pg_auth_mon,set_user` plus timescaledb, pg_cron and pg_stat_kcache from its
 * `extensions` table) and of the contrib modules users commonly preload.
 */
export const EXTENSION_PREFIXES: Record<string, ExtensionPrefix> = {
  pg_stat_statements: { library: 'pg_stat_statements', cataloged: true },
  auto_explain: { library: 'auto_explain', cataloged: true },
  plpgsql: { cataloged: true },
  bg_mon: { library: 'bg_mon', cataloged: false },
  extwlist: { library: 'pgextwlist', cataloged: false },
  set_user: { library: 'set_user', cataloged: false },
  timescaledb: { library: 'timescaledb', cataloged: false },
  cron: { library: 'pg_cron', cataloged: false },
  pg_stat_kcache: { library: 'pg_stat_kcache', cataloged: false },
  pg_partman_bgw: { library: 'pg_partman_bgw', cataloged: false },
  pgaudit: { library: 'pgaudit', cataloged: false },
};

/** Spilo's default shared_preload_libraries (configure_spilo.py, with the extensions it enables by default). */
export const SPILO_DEFAULT_PRELOAD = ['bg_mon', 'pg_stat_statements', 'pgextwlist', 'pg_auth_mon', 'set_user', 'timescaledb', 'pg_cron', 'pg_stat_kcache'];
