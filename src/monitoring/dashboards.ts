import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { POSTGRESQL_RESOURCE_METRICS as CR } from './kube-state-metrics';
import { registerObject } from '../validation/chart-objects';
import { checkNamespace } from '../validation/checks';
import { fail, show } from '../validation/errors';
import { RuleCode } from '../validation/rule-code';


/** A panel of a generated dashboard. */
interface PanelSpec {
  readonly title: string;
  /** `table` panels show instant queries, one row per series. */
  readonly type: 'timeseries' | 'stat' | 'table';
  readonly unit?: string;
  readonly targets: Array<[string, string]>; // [expr, legend]
}

/** A generated dashboard. */
interface DashboardSpec {
  readonly title: string;
  /** `cluster`: namespace and cluster variables (one cluster at a time). `fleet`: a multi-value namespace variable. */
  readonly scope: 'cluster' | 'fleet';
  readonly panels: PanelSpec[];
}

const S = 'namespace="$namespace",cluster="$cluster"';
const F = 'namespace=~"$namespace"';

/** Alert names of this library start with these (checked by a test), so the fleet dashboard can list them. */
export const ALERT_NAME_PATTERN = '(Postgres|Patroni|Pgbouncer|Walg).*';

/** The dashboards: uid -> title and panels. Queries use only metrics of the pinned exporters. */
export const DASHBOARDS: { [uid: string]: DashboardSpec } = {
  'zalando-pg-overview': {
    title: 'PostgreSQL cluster overview',
    scope: 'cluster',
    panels: [
      { title: 'PostgreSQL up', type: 'stat', targets: [[`max by (pod) (pg_up{${S}})`, '{{pod}}']] },
      { title: 'Members streaming', type: 'stat', targets: [[`sum(max by (pod) (patroni_replica{${S}} * patroni_postgres_streaming{${S}}))`, 'streaming']] },
      { title: 'Connection utilization', type: 'timeseries', unit: 'percentunit', targets: [[`pg:connections:utilization{${S}}`, '{{pod}}']] },
      { title: 'Transactions per second', type: 'timeseries', unit: 'ops', targets: [[`sum by (pod) (rate(pg_stat_database_xact_commit{${S}}[5m]) + rate(pg_stat_database_xact_rollback{${S}}[5m]))`, '{{pod}}']] },
      { title: 'Cache hit ratio', type: 'timeseries', unit: 'percentunit', targets: [[`sum by (pod) (rate(pg_stat_database_blks_hit{${S}}[5m])) / (sum by (pod) (rate(pg_stat_database_blks_hit{${S}}[5m])) + sum by (pod) (rate(pg_stat_database_blks_read{${S}}[5m])))`, '{{pod}}']] },
      { title: 'Database size', type: 'timeseries', unit: 'bytes', targets: [[`max by (datname) (pg_database_size_bytes{${S}})`, '{{datname}}']] },
      { title: 'Volume free', type: 'timeseries', unit: 'percentunit', targets: [['kubelet_volume_stats_available_bytes{namespace="$namespace",persistentvolumeclaim=~"pgdata-$cluster-[0-9]+"} / kubelet_volume_stats_capacity_bytes{namespace="$namespace",persistentvolumeclaim=~"pgdata-$cluster-[0-9]+"}', '{{persistentvolumeclaim}}']] },
      { title: 'Deadlocks (5m)', type: 'timeseries', targets: [[`sum by (datname) (increase(pg_stat_database_deadlocks{${S}}[5m]))`, '{{datname}}']] },
      { title: 'Oldest transaction ID age', type: 'timeseries', targets: [[`max by (datname) (pg_database_wraparound_age_datfrozenxid_seconds{${S}})`, '{{datname}}']] },
    ],
  },
  'zalando-pg-replication': {
    title: 'PostgreSQL replication and Patroni',
    scope: 'cluster',
    panels: [
      { title: 'Leader', type: 'stat', targets: [[`max by (pod) (patroni_primary{${S}})`, '{{pod}}']] },
      { title: 'Timeline', type: 'stat', targets: [[`max(patroni_postgres_timeline{${S}})`, 'timeline']] },
      { title: 'Replay lag (bytes)', type: 'timeseries', unit: 'bytes', targets: [[`patroni:replica_replay_lag_bytes{${S}}`, '{{pod}}']] },
      { title: 'Replication lag (seconds)', type: 'timeseries', unit: 's', targets: [[`min by (pod) (pg_replication_lag_seconds{${S}})`, '{{pod}}']] },
      { title: 'Lag seen by the primary', type: 'timeseries', unit: 'bytes', targets: [[`pg_stat_replication_pg_wal_lsn_diff{${S}}`, '{{application_name}}']] },
      { title: 'Streaming', type: 'timeseries', targets: [[`max by (pod) (patroni_postgres_streaming{${S}})`, '{{pod}}']] },
      { title: 'Synchronous standbys', type: 'timeseries', targets: [[`sum(max by (pod) (patroni_sync_standby{${S}}))`, 'sync']] },
      { title: 'DCS last contact', type: 'timeseries', unit: 's', targets: [[`time() - max by (pod) (patroni_dcs_last_seen{${S}})`, '{{pod}}']] },
      { title: 'Replication slots retaining WAL', type: 'timeseries', unit: 'bytes', targets: [[`pg_replication_slots_pg_wal_lsn_diff{${S}}`, '{{slot_name}}']] },
    ],
  },
  'zalando-pg-pooler': {
    title: 'PgBouncer poolers',
    scope: 'cluster',
    panels: [
      { title: 'Exporter up', type: 'stat', targets: [[`pgbouncer_up{${S}}`, '{{pooler}}']] },
      { title: 'Clients active / waiting', type: 'timeseries', targets: [[`sum by (pooler) (pgbouncer_pools_client_active_connections{${S}})`, '{{pooler}} active'], [`sum by (pooler) (pgbouncer_pools_client_waiting_connections{${S}})`, '{{pooler}} waiting']] },
      { title: 'Oldest waiting client', type: 'timeseries', unit: 's', targets: [[`max by (pooler) (pgbouncer_pools_client_maxwait_seconds{${S}})`, '{{pooler}}']] },
      { title: 'Server connections', type: 'timeseries', targets: [[`sum by (pooler) (pgbouncer_pools_server_active_connections{${S}})`, '{{pooler}} active'], [`sum by (pooler) (pgbouncer_pools_server_idle_connections{${S}})`, '{{pooler}} idle']] },
      { title: 'Transactions per second', type: 'timeseries', unit: 'ops', targets: [[`sum by (pooler) (rate(pgbouncer_stats_sql_transactions_pooled_total{${S}}[5m]))`, '{{pooler}}']] },
      { title: 'Client wait time per second', type: 'timeseries', unit: 's', targets: [[`sum by (pooler) (rate(pgbouncer_stats_client_wait_seconds_total{${S}}[5m]))`, '{{pooler}}']] },
    ],
  },
  'zalando-pg-backups': {
    title: 'PostgreSQL WAL archiving and backups',
    scope: 'cluster',
    panels: [
      { title: 'Seconds since the last archived WAL', type: 'timeseries', unit: 's', targets: [[`max by (pod) (pg_stat_archiver_last_archive_age{${S}}) and on (pod) max by (pod) (pg_replication_is_replica{${S}}) == 0`, '{{pod}}']] },
      { title: 'WAL segments archived (rate)', type: 'timeseries', unit: 'ops', targets: [[`sum by (pod) (rate(pg_stat_archiver_archived_count{${S}}[5m]))`, '{{pod}}']] },
      { title: 'Archive failures (15m)', type: 'timeseries', targets: [[`sum by (pod) (increase(pg_stat_archiver_failed_count{${S}}[15m]))`, '{{pod}}']] },
      { title: 'WAL size', type: 'timeseries', unit: 'bytes', targets: [[`max by (pod) (pg_wal_size_bytes{${S}})`, '{{pod}}']] },
      { title: 'Age of the last successful logical backup', type: 'stat', unit: 's', targets: [[`time() - max(pg:logical_backup_last_success_timestamp_seconds{${S}})`, 'age']] },
    ],
  },
  'zalando-pg-fleet': {
    title: 'PostgreSQL fleet',
    scope: 'fleet',
    panels: [
      { title: 'Clusters by status', type: 'stat', targets: [[`count by (status) (${CR.status}{${F}} == 1)`, '{{status}}'], [`count(max by (namespace, cluster) (${CR.instances}{${F}}) unless on (namespace, cluster) (max by (namespace, cluster) (${CR.status}{${F}}) == 1))`, 'unknown']] },
      { title: 'Status', type: 'table', targets: [[`max by (namespace, cluster, team, status) (${CR.status}{${F}}) == 1`, '{{namespace}}/{{cluster}} {{status}}'], [`max by (namespace, cluster, team) (${CR.instances}{${F}}) unless on (namespace, cluster) (max by (namespace, cluster) (${CR.status}{${F}}) == 1)`, '{{namespace}}/{{cluster}} unknown']] },
      { title: 'Instances (desired) and PostgreSQL version', type: 'table', targets: [[`max by (namespace, cluster, team) (${CR.instances}{${F}})`, '{{namespace}}/{{cluster}}'], [`max by (namespace, cluster, pg_version) (${CR.info}{${F}})`, '{{namespace}}/{{cluster}} {{pg_version}}']] },
      { title: 'Leader', type: 'table', targets: [[`max by (namespace, cluster, pod) (patroni_primary{${F}}) == 1`, '{{namespace}}/{{cluster}} {{pod}}']] },
      { title: 'Standbys streaming', type: 'timeseries', targets: [[`sum by (namespace, cluster) (max by (namespace, cluster, pod) (patroni_replica{${F}} * patroni_postgres_streaming{${F}}))`, '{{namespace}}/{{cluster}}']] },
      { title: 'Worst replay lag', type: 'timeseries', unit: 'bytes', targets: [[`max by (namespace, cluster) (patroni:replica_replay_lag_bytes{${F}})`, '{{namespace}}/{{cluster}}']] },
      { title: 'Worst replication lag (seconds)', type: 'timeseries', unit: 's', targets: [[`max by (namespace, cluster) (pg_replication_lag_seconds{${F}})`, '{{namespace}}/{{cluster}}']] },
      { title: 'Highest connection utilization', type: 'timeseries', unit: 'percentunit', targets: [[`max by (namespace, cluster) (pg:connections:utilization{${F}})`, '{{namespace}}/{{cluster}}']] },
      { title: 'Age of the newest base backup', type: 'table', unit: 's', targets: [[`time() - max by (namespace, cluster) (walg_last_upload{${F},type="basebackup"})`, '{{namespace}}/{{cluster}}']] },
      { title: 'Age of the last logical backup', type: 'table', unit: 's', targets: [[`time() - max by (namespace, cluster) (pg:logical_backup_last_success_timestamp_seconds{${F}})`, '{{namespace}}/{{cluster}}']] },
      { title: 'Seconds since the last archived WAL (primaries)', type: 'timeseries', unit: 's', targets: [[`max by (namespace, cluster) (max by (namespace, cluster, pod) (pg_stat_archiver_last_archive_age{${F}}) and on (namespace, cluster, pod) max by (namespace, cluster, pod) (pg_replication_is_replica{${F}}) == 0)`, '{{namespace}}/{{cluster}}']] },
      { title: 'Pooler replicas available', type: 'timeseries', targets: [[`max by (namespace, deployment) (kube_deployment_status_replicas_available{${F},deployment=~".+-pooler(-repl)?"})`, '{{namespace}}/{{deployment}}']] },
      { title: 'Operator replicas available', type: 'stat', targets: [['max by (namespace, deployment) (kube_deployment_status_replicas_available{deployment="postgres-operator"})', '{{namespace}}/{{deployment}}']] },
      { title: 'Alerts firing', type: 'table', targets: [[`count by (alertname, severity, namespace, cluster) (ALERTS{alertstate="firing",alertname=~"${ALERT_NAME_PATTERN}",${F}})`, '{{alertname}} {{namespace}}/{{cluster}}']] },
    ],
  },
};

/** Renders one dashboard as Grafana JSON (schema 39, Prometheus datasource variable, namespace/cluster variables). */
export function renderDashboard(uid: string): string {
  const d = DASHBOARDS[uid];
  const panels = d.panels.map((p, i) => ({
    id: i + 1,
    type: p.type,
    title: p.title,
    datasource: { type: 'prometheus', uid: '${datasource}' },
    gridPos: { h: p.type === 'stat' ? 4 : 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
    fieldConfig: { defaults: { unit: p.unit ?? 'short' }, overrides: [] },
    ...(p.type === 'table' ? { transformations: [{ id: 'merge', options: {} }] } : {}),
    targets: p.targets.map(([expr, legendFormat], j) => ({
      refId: String.fromCharCode(65 + j),
      expr,
      legendFormat,
      ...(p.type === 'table' ? { instant: true, format: 'table' } : {}),
    })),
  }));
  const variable = (name: string, query: string, multi = false) => ({
    name,
    type: 'query',
    datasource: { type: 'prometheus', uid: '${datasource}' },
    query,
    refresh: 2,
    sort: 1,
    includeAll: multi,
    multi,
    ...(multi ? { allValue: '.*', current: { text: 'All', value: '$__all' } } : {}),
  });
  const variables = d.scope === 'fleet'
    ? [variable('namespace', `label_values(${CR.instances}, namespace)`, true)]
    : [variable('namespace', 'label_values(pg_up, namespace)'), variable('cluster', 'label_values(pg_up{namespace="$namespace"}, cluster)')];
  return JSON.stringify({
    uid,
    title: d.title,
    tags: ['postgresql', 'zalando', 'patroni'],
    schemaVersion: 39,
    editable: false,
    time: { from: 'now-6h', to: 'now' },
    templating: {
      list: [{ name: 'datasource', type: 'datasource', query: 'prometheus' }, ...variables],
    },
    panels,
  }, null, 2);
}

/** Properties of `GrafanaDashboards`. */
export interface GrafanaDashboardsProps {
  /**
   * Namespace Grafana's dashboard sidecar watches (kube-prometheus-stack watches all, the plain grafana
   * chart only its own unless `searchNamespace` is set).
   * @default - the chart's namespace
   */
  readonly dashboardNamespace?: string;
  /**
   * Grafana folder (needs the sidecar's `folderAnnotation: grafana_folder`).
   * @default - the sidecar's default folder
   */
  readonly folder?: string;
}

/**
 * The project's Grafana dashboards (cluster overview, replication and Patroni, PgBouncer, WAL archiving and
 * backups, and the fleet: status, leaders, lag, connections, backup ages and firing alerts of every cluster) as
 * ConfigMaps labelled `grafana_dashboard: "1"`, which both kube-prometheus-stack and the grafana chart pick up.
 * One set serves every cluster (namespace and cluster are dashboard variables); create it once. The fleet
 * dashboard's status panels need FleetMonitoring's kube-state-metrics configuration.
 */
export class GrafanaDashboards extends Construct {
  /** Dashboard uids. */
  public readonly uids: string[];

  constructor(scope: Construct, id: string, props: GrafanaDashboardsProps = {}) {
    super(scope, id);
    this.uids = Object.keys(DASHBOARDS);
    checkNamespace(this, 'dashboardNamespace', props.dashboardNamespace);
    if (props.folder !== undefined && (typeof props.folder !== 'string' || !props.folder.trim() || props.folder.length > 255)) {
      fail(this, { rule: RuleCode.MONITORING_INVALID, property: 'folder', problem: 'not a Grafana folder name.', value: show(props.folder), fix: 'e.g. "PostgreSQL".' });
    }
    for (const uid of this.uids) {
      registerObject(new k8s.KubeConfigMap(this, uid, {
        metadata: {
          name: `${uid}-dashboard`,
          namespace: props.dashboardNamespace,
          labels: { grafana_dashboard: '1' },
          annotations: props.folder ? { grafana_folder: props.folder } : undefined,
        },
        data: { [`${uid}.json`]: renderDashboard(uid) },
      }));
    }
  }
}
