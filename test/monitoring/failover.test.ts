/**
 * Failover scenarios under promtool. `role` is a target label relabelled from the pod's `spilo-role`: when
 * Patroni promotes a replica, the pod's label flips, Prometheus sees a new target, and for a couple of scrapes
 * the pod has two series of every metric (role=replica and role=master) until the old target's series go stale
 * (../shared/MONITORING-FACTS.md §7). The scenarios below model exactly that, with one sample per minute.
 *
 * - A planned switchover: nothing is wrong, so no alert may fire or even go pending, except
 *   PatroniFailoverOccurred, whose job is to report the switchover.
 * - Real problems across the flip (deadlocks, connections) still fire, once per pod, with `for` timers that
 *   survive the flip.
 * - A hard failover (the primary's pod is gone): the alerts for the lost standby fire; split brain never
 *   goes pending.
 */
import { testRules } from '../support/promtool';
import { clusterRules, RUNBOOKS } from '../support/topology';

const NS = 'db';
const C = 'acid-main';
const PODS = ['acid-main-0', 'acid-main-1', 'acid-main-2'];
const STEPS = 40;
/** The minute of the promotion. */
const S = 10;

/** A label variant of a pod's targets: the role label and the steps (inclusive) its series exist. */
interface Variant { readonly role: string; readonly from: number; readonly to: number }
/** Who is primary at a step (undefined: nobody). */
type Primary = (step: number) => string | undefined;

interface Scenario {
  /** The targets of each pod (a pod that is gone has no variant covering the step). */
  readonly variants: { [pod: string]: Variant[] };
  readonly primary: Primary;
  /** Extra series values: metric -> pod -> value at a step (undefined: no sample). */
  readonly extra?: Array<{ metric: string; labels?: Record<string, string>; job: 'exporter' | 'patroni'; value: (pod: string, step: number) => number | undefined }>;
  /** Whether a replica streams at a step. */
  readonly streaming?: (pod: string, step: number) => boolean;
}

const exporterLabels = (pod: string, role: string) => ({ job: 'postgres-exporter', namespace: NS, cluster: C, pod, role });
const patroniLabels = (pod: string, role: string) => ({ job: 'patroni', namespace: NS, cluster: C, pod, role, scope: C, name: pod });
const sel = (o: Record<string, string>) => `{${Object.entries(o).map(([k, v]) => `${k}="${v}"`).join(',')}}`;

/** promtool values for a series that exists in [from, to]: a sample per step, `stale` once it ends. */
function values(variant: Variant, value: (step: number) => number | undefined): string | undefined {
  const tokens: string[] = [];
  let seen = false;
  let open = false;
  for (let step = 0; step < STEPS; step++) {
    const v = step >= variant.from && step <= variant.to ? value(step) : undefined;
    if (v !== undefined) {
      tokens.push(String(v));
      seen = open = true;
    } else if (open) {
      tokens.push('stale');
      open = false;
    } else {
      tokens.push('_');
    }
  }
  return seen ? tokens.join(' ') : undefined;
}

function build(sc: Scenario): Array<{ series: string; values: string }> {
  const out: Array<{ series: string; values: string }> = [];
  const isPrimary = (pod: string, step: number) => sc.primary(step) === pod;
  const streams = (pod: string, step: number) => !isPrimary(pod, step) && (sc.streaming ? sc.streaming(pod, step) : true);
  const timeline = (step: number) => (step < S ? 1 : 2);
  const primaryLsn = (step: number) => 1_000_000_000 + step * 1_000_000;
  const series: Array<{ metric: string; job: 'exporter' | 'patroni'; labels?: Record<string, string>; value: (pod: string, step: number) => number | undefined }> = [
    // Patroni
    { metric: 'up', job: 'patroni', value: () => 1 },
    { metric: 'patroni_postgres_running', job: 'patroni', value: () => 1 },
    { metric: 'patroni_primary', job: 'patroni', value: (p, t) => (isPrimary(p, t) ? 1 : 0) },
    { metric: 'patroni_standby_leader', job: 'patroni', value: () => 0 },
    { metric: 'patroni_replica', job: 'patroni', value: (p, t) => (isPrimary(p, t) ? 0 : 1) },
    { metric: 'patroni_postgres_streaming', job: 'patroni', value: (p, t) => (streams(p, t) ? 1 : 0) },
    { metric: 'patroni_sync_standby', job: 'patroni', value: (p) => (p === 'acid-main-2' ? 1 : 0) },
    { metric: 'patroni_postgres_timeline', job: 'patroni', value: (_p, t) => timeline(t) },
    { metric: 'patroni_xlog_location', job: 'patroni', value: (p, t) => (isPrimary(p, t) ? primaryLsn(t) : 0) },
    { metric: 'patroni_xlog_replayed_location', job: 'patroni', value: (p, t) => (isPrimary(p, t) ? 0 : primaryLsn(t) - 4096) },
    { metric: 'patroni_xlog_paused', job: 'patroni', value: () => 0 },
    { metric: 'patroni_dcs_last_seen', job: 'patroni', value: (_p, t) => t * 60 },
    { metric: 'patroni_is_paused', job: 'patroni', value: () => 0 },
    { metric: 'patroni_pending_restart', job: 'patroni', value: () => 0 },
    { metric: 'patroni_failsafe_mode_is_active', job: 'patroni', value: () => 0 },
    // postgres_exporter
    { metric: 'up', job: 'exporter', value: () => 1 },
    { metric: 'pg_up', job: 'exporter', value: () => 1 },
    { metric: 'pg_scrape_collector_success', job: 'exporter', labels: { collector: 'stat_activity' }, value: () => 1 },
    { metric: 'pg_replication_is_replica', job: 'exporter', value: (p, t) => (isPrimary(p, t) ? 0 : 1) },
    { metric: 'pg_replication_lag_seconds', job: 'exporter', value: (p, t) => (isPrimary(p, t) ? 0 : 1) },
    { metric: 'pg_stat_activity_count', job: 'exporter', labels: { datname: 'app', state: 'active', usename: 'app', backend_type: 'client backend' }, value: (p, t) => (isPrimary(p, t) ? 40 : 5) },
    { metric: 'pg_settings_max_connections', job: 'exporter', value: () => 100 },
    { metric: 'pg_settings_superuser_reserved_connections', job: 'exporter', value: () => 3 },
    { metric: 'pg_settings_reserved_connections', job: 'exporter', value: () => 0 },
    { metric: 'pg_settings_max_locks_per_transaction', job: 'exporter', value: () => 64 },
    { metric: 'pg_locks_count', job: 'exporter', labels: { datname: 'app', mode: 'accesssharelock' }, value: () => 20 },
    // counters continue across the flip: both variants of a pod report the same value
    { metric: 'pg_stat_database_xact_commit', job: 'exporter', labels: { datname: 'app', datid: '16384' }, value: (_p, t) => 1000 + 600 * t },
    { metric: 'pg_stat_database_xact_rollback', job: 'exporter', labels: { datname: 'app', datid: '16384' }, value: (_p, t) => 10 + 6 * t },
    { metric: 'pg_stat_database_blks_hit', job: 'exporter', labels: { datname: 'app', datid: '16384' }, value: (_p, t) => 60000 * t },
    { metric: 'pg_stat_database_blks_read', job: 'exporter', labels: { datname: 'app', datid: '16384' }, value: (_p, t) => 100 * t },
    { metric: 'pg_stat_database_temp_bytes', job: 'exporter', labels: { datname: 'app', datid: '16384' }, value: (_p, t) => 1000 * t },
    { metric: 'pg_stat_database_deadlocks', job: 'exporter', labels: { datname: 'app', datid: '16384' }, value: () => 3 },
    { metric: 'pg_stat_checkpointer_num_timed_total', job: 'exporter', value: (_p, t) => t },
    { metric: 'pg_stat_checkpointer_num_requested_total', job: 'exporter', value: () => 0 },
    { metric: 'pg_stat_archiver_archived_count', job: 'exporter', value: (p, t) => (isPrimary(p, t) ? 100 + t : undefined) },
    { metric: 'pg_stat_archiver_failed_count', job: 'exporter', value: (p, t) => (isPrimary(p, t) ? 0 : undefined) },
    { metric: 'pg_stat_archiver_last_archive_age', job: 'exporter', value: (p, t) => (isPrimary(p, t) ? 30 : undefined) },
    { metric: 'pg_database_wraparound_age_datfrozenxid_seconds', job: 'exporter', labels: { datname: 'app' }, value: () => 1e6 },
    { metric: 'pg_stat_activity_max_tx_duration', job: 'exporter', labels: { datname: 'app', state: 'active', usename: 'app' }, value: () => 1 },
    ...['acid-main-0', 'acid-main-1', 'acid-main-2'].flatMap((standby) => [
      {
        metric: 'pg_stat_replication_pg_wal_lsn_diff',
        job: 'exporter' as const,
        labels: { application_name: standby, state: 'streaming' },
        value: (p: string, t: number) => (isPrimary(p, t) && p !== standby && streams(standby, t) ? 4096 : undefined),
      },
      {
        metric: 'pg_replication_slots_active',
        job: 'exporter' as const,
        labels: { slot_name: standby.replace(/-/g, '_'), database: '' },
        value: (p: string, t: number) => (isPrimary(p, t) && p !== standby ? 1 : undefined),
      },
      {
        metric: 'pg_replication_slots_pg_wal_lsn_diff',
        job: 'exporter' as const,
        labels: { slot_name: standby.replace(/-/g, '_'), database: '' },
        value: (p: string, t: number) => (isPrimary(p, t) && p !== standby ? 4096 : undefined),
      },
    ]),
    ...(sc.extra ?? []),
  ];
  for (const pod of PODS) {
    for (const variant of sc.variants[pod] ?? []) {
      for (const s of series) {
        const labels = { ...(s.job === 'patroni' ? patroniLabels(pod, variant.role) : exporterLabels(pod, variant.role)), ...(s.labels ?? {}) };
        const v = values(variant, (step) => s.value(pod, step));
        if (v !== undefined) out.push({ series: `${s.metric}${sel(labels)}`, values: v });
      }
    }
  }
  return out;
}

/** The planned switchover: acid-main-1 is promoted at S, acid-main-0 demoted; both pods' labels flip with a two-scrape overlap. */
const switchover = (extra: Scenario['extra'] = []): Scenario => ({
  variants: {
    'acid-main-0': [{ role: 'master', from: 0, to: S + 1 }, { role: 'replica', from: S, to: STEPS - 1 }],
    'acid-main-1': [{ role: 'replica', from: 0, to: S + 1 }, { role: 'master', from: S, to: STEPS - 1 }],
    'acid-main-2': [{ role: 'replica', from: 0, to: STEPS - 1 }],
  },
  primary: (t) => (t < S ? 'acid-main-0' : 'acid-main-1'),
  extra,
});

const everyMinute = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${from + i}m`);

describe('failover: the role flip alone raises nothing', () => {
  const spec = clusterRules().spec;

  test('the input really has two primary series at the promotion (what made PatroniMultiplePrimaries go pending)', () => {
    const result = testRules(spec, [{
      interval: '1m',
      input_series: build(switchover()),
      promql_expr_test: [
        { expr: `sum by (namespace, cluster) (patroni_primary{namespace="${NS}",cluster="${C}"})`, eval_time: `${S}m`, exp_samples: [{ labels: `{namespace="${NS}",cluster="${C}"}`, value: 2 }] },
        { expr: 'count(pg_up{pod="acid-main-1"})', eval_time: `${S + 1}m`, exp_samples: [{ labels: '{}', value: 2 }] },
        // the old target's series end with a stale marker
        { expr: 'count(pg_up{pod="acid-main-1"})', eval_time: `${S + 2}m`, exp_samples: [{ labels: '{}', value: 1 }] },
      ],
    }]);
    expect(result.output).toMatch(/SUCCESS/);
  });

  test('no alert fires or goes pending during a switchover, except PatroniFailoverOccurred', () => {
    const result = testRules(spec, [{
      interval: '1m',
      input_series: build(switchover()),
      promql_expr_test: everyMinute(0, STEPS - 1).map((t) => ({ expr: 'ALERTS{alertname!="PatroniFailoverOccurred"}', eval_time: t, exp_samples: [] })),
      alert_rule_test: [{
        eval_time: `${S + 1}m`,
        alertname: 'PatroniFailoverOccurred',
        exp_alerts: [{
          exp_labels: { severity: 'warning', namespace: NS, cluster: C },
          exp_annotations: {
            summary: 'Cluster acid-main failed over',
            description: 'The timeline of db/acid-main changed in the last 10 minutes: a failover or switchover happened.',
            runbook_url: `${RUNBOOKS}#patronifailoveroccurred`,
          },
        }],
      }],
    }]);
    expect(result.output).toMatch(/SUCCESS/);
  });

  test('recorded series stay one per pod through the overlap, utilization within [0, 1] and lag at least 0', () => {
    // acid-main-1 at S+1: both of its targets report 40 client backends of 100 - 3 usable slots
    const result = testRules(spec, [{
      interval: '1m',
      input_series: build(switchover()),
      promql_expr_test: [
        {
          expr: 'pg:connections:utilization',
          eval_time: `${S + 1}m`,
          exp_samples: [
            { labels: `pg:connections:utilization{namespace="${NS}",cluster="${C}",pod="acid-main-0"}`, value: 5 / 97 },
            { labels: `pg:connections:utilization{namespace="${NS}",cluster="${C}",pod="acid-main-1"}`, value: 40 / 97 },
            { labels: `pg:connections:utilization{namespace="${NS}",cluster="${C}",pod="acid-main-2"}`, value: 5 / 97 },
          ],
        },
        {
          // the replicas replay 4096 bytes behind the new primary; acid-main-0's replica target has no role label in the result
          expr: 'patroni:replica_replay_lag_bytes',
          eval_time: `${S + 1}m`,
          exp_samples: [
            { labels: `patroni:replica_replay_lag_bytes{job="patroni",namespace="${NS}",cluster="${C}",pod="acid-main-0",scope="${C}",name="acid-main-0"}`, value: 4096 },
            { labels: `patroni:replica_replay_lag_bytes{job="patroni",namespace="${NS}",cluster="${C}",pod="acid-main-2",scope="${C}",name="acid-main-2"}`, value: 4096 },
          ],
        },
      ],
    }]);
    expect(result.output).toMatch(/SUCCESS/);
  });
});

describe('failover: real problems still fire across the flip', () => {
  const spec = clusterRules().spec;

  test('deadlocks on the promoted pod fire once, with the pod as identity, and the timer survives the flip', () => {
    // 2 deadlocks a minute on acid-main-1 from S-4 on: pending from S-1, through the flip, firing at S+4
    const sc = switchover([{
      metric: 'pg_stat_database_deadlocks',
      job: 'exporter',
      labels: { datname: 'orders', datid: '16385' },
      value: (p, t) => (p === 'acid-main-1' ? 2 * Math.max(0, t - (S - 4)) : 0),
    }]);
    const alerts = (state: string) => [{
      labels: `ALERTS{alertname="PostgresDeadlocks",alertstate="${state}",severity="warning",namespace="${NS}",cluster="${C}",pod="acid-main-1",datname="orders"}`,
      value: 1,
    }];
    const result = testRules(spec, [{
      interval: '1m',
      input_series: build(sc),
      promql_expr_test: [
        { expr: 'ALERTS{alertname="PostgresDeadlocks"}', eval_time: `${S - 2}m`, exp_samples: [] },
        // one alert series without a role label, pending before, during and after the overlap
        { expr: 'ALERTS{alertname="PostgresDeadlocks"}', eval_time: `${S - 1}m`, exp_samples: alerts('pending') },
        { expr: 'ALERTS{alertname="PostgresDeadlocks"}', eval_time: `${S}m`, exp_samples: alerts('pending') },
        { expr: 'ALERTS{alertname="PostgresDeadlocks"}', eval_time: `${S + 1}m`, exp_samples: alerts('pending') },
        { expr: 'ALERTS{alertname="PostgresDeadlocks"}', eval_time: `${S + 3}m`, exp_samples: alerts('pending') },
        { expr: 'ALERTS{alertname="PostgresDeadlocks"}', eval_time: `${S + 4}m`, exp_samples: alerts('firing') },
      ],
      // once the old target's samples have left the 5-minute window, the count is exact again: 2 a minute
      alert_rule_test: [{
        eval_time: `${S + 9}m`,
        alertname: 'PostgresDeadlocks',
        exp_alerts: [{
          exp_labels: { severity: 'warning', namespace: NS, cluster: C, pod: 'acid-main-1', datname: 'orders' },
          exp_annotations: {
            summary: '10 deadlocks in orders',
            description: '10 deadlocks in 5 minutes in orders on db/acid-main-1.',
            runbook_url: `${RUNBOOKS}#postgresdeadlocks`,
          },
        }],
      }],
    }]);
    expect(result.output).toMatch(/SUCCESS/);
  });

  test('a saturated new primary fires PostgresConnectionsExhausted at 100%, not above', () => {
    // from S-1 on acid-main-1 has 97 application backends and the superusers fill the 3 reserved slots
    const sc = switchover([
      {
        metric: 'pg_stat_activity_count',
        job: 'exporter',
        labels: { datname: 'app', state: 'idle', usename: 'app', backend_type: 'client backend' },
        value: (p, t) => (p === 'acid-main-1' && t >= S - 1 ? 57 : 0),
      },
      {
        metric: 'pg_stat_activity_count',
        job: 'exporter',
        labels: { datname: 'postgres', state: 'idle', usename: 'postgres', backend_type: 'client backend' },
        value: (p, t) => (p === 'acid-main-1' && t >= S - 1 ? 3 : 0),
      },
      // walsenders and autovacuum have their own slots
      {
        metric: 'pg_stat_activity_count',
        job: 'exporter',
        labels: { datname: 'app', state: 'active', usename: 'postgres', backend_type: 'autovacuum worker' },
        value: (p) => (p === 'acid-main-1' ? 3 : 0),
      },
    ]);
    const result = testRules(spec, [{
      interval: '1m',
      input_series: build(sc),
      promql_expr_test: [{
        expr: 'pg:connections:utilization{pod="acid-main-1"}',
        eval_time: `${S + 1}m`,
        exp_samples: [{ labels: `pg:connections:utilization{namespace="${NS}",cluster="${C}",pod="acid-main-1"}`, value: 1 }],
      }],
      alert_rule_test: [{
        eval_time: `${S + 2}m`,
        alertname: 'PostgresConnectionsExhausted',
        exp_alerts: [{
          exp_labels: { severity: 'critical', namespace: NS, cluster: C, pod: 'acid-main-1' },
          exp_annotations: {
            summary: 'acid-main-1 uses 100% of its connections',
            description: 'db/acid-main-1 uses 100% of the connection slots open to non-superusers: new application connections fail soon.',
            runbook_url: `${RUNBOOKS}#postgresconnectionsexhausted`,
          },
        }],
      }],
    }]);
    expect(result.output).toMatch(/SUCCESS/);
  });

  test('a hard failover: the primary pod is gone, the lost standby is reported, split brain never goes pending', () => {
    // acid-main-0 dies at S (its series go stale); acid-main-1 is promoted a scrape later (30s TTL); acid-main-2
    // loses its upstream for that scrape and then streams from the new primary
    const sc: Scenario = {
      variants: {
        'acid-main-0': [{ role: 'master', from: 0, to: S - 1 }],
        'acid-main-1': [{ role: 'replica', from: 0, to: S + 2 }, { role: 'master', from: S + 1, to: STEPS - 1 }],
        'acid-main-2': [{ role: 'replica', from: 0, to: STEPS - 1 }],
      },
      primary: (t) => (t < S ? 'acid-main-0' : t === S ? undefined : 'acid-main-1'),
      streaming: (_p, t) => t !== S,
    };
    const result = testRules(spec, [{
      interval: '1m',
      input_series: build(sc),
      alert_rule_test: [
        {
          eval_time: `${S + 11}m`,
          alertname: 'PatroniStandbysMissing',
          exp_alerts: [{
            exp_labels: { severity: 'warning', namespace: NS, cluster: C },
            exp_annotations: {
              summary: 'Cluster acid-main has 1 of 2 standbys streaming',
              description: 'Only 1 of the 2 expected standbys of db/acid-main are streaming.',
              runbook_url: `${RUNBOOKS}#patronistandbysmissing`,
            },
          }],
        },
        { eval_time: `${S + 2}m`, alertname: 'PatroniNoLeader', exp_alerts: [] },
        { eval_time: `${S + 6}m`, alertname: 'PatroniNoStreamingStandby', exp_alerts: [] },
      ],
      promql_expr_test: everyMinute(0, STEPS - 1).map((t) => ({ expr: 'ALERTS{alertname="PatroniMultiplePrimaries"}', eval_time: t, exp_samples: [] })),
    }]);
    expect(result.output).toMatch(/SUCCESS/);
  });
});
