/**
 * FleetMonitoring: the kube-state-metrics configuration (schema, and what kube-state-metrics would expose for
 * sample `postgresql` objects), the two forms it is emitted in, and the fleet alerts under promtool, fed with
 * the series the configuration produces.
 */
import { Duration } from 'cdk8s';
import * as yaml from 'js-yaml';
import { FleetMonitoring } from '../../src/monitoring/fleet-monitoring';
import { FLEET_ALERT_NAMES } from '../../src/monitoring/fleet-rules';
import { postgresqlCustomResourceStateConfig, POSTGRESQL_RESOURCE_METRICS } from '../../src/monitoring/kube-state-metrics';
import { ksmConfigErrors, ksmInputSeries, ksmSeries } from '../support/ksm';
import { parsePromQL } from '../support/promql';
import { testRules } from '../support/promtool';
import { newChart, only, synthValid } from '../support/synth';
import { fleetRules, RUNBOOKS } from '../support/topology';

const config = postgresqlCustomResourceStateConfig();

/** A `postgresql` as the API server returns it (`status` omitted when `status` is undefined). */
interface PgOptions { team?: string; instances?: number; version?: string; namespace?: string }
function pg(name: string, status?: string, annotations?: Record<string, string>, opts: PgOptions = {}): any {
  return {
    apiVersion: 'acid.zalan.do/v1',
    kind: 'postgresql',
    metadata: { name, namespace: opts.namespace ?? 'db', uid: `uid-${name}`, ...(annotations ? { annotations } : {}) },
    spec: {
      teamId: opts.team ?? 'acid',
      numberOfInstances: opts.instances ?? 3,
      postgresql: { version: opts.version ?? '17', parameters: { max_connections: '200' } },
      volume: { size: '10Gi' },
    },
    ...(status === undefined ? {} : { status: { PostgresClusterStatus: status } }),
  };
}

const GVK = { customresource_group: 'acid.zalan.do', customresource_version: 'v1', customresource_kind: 'postgresql' };
const STATUSES = ['Running', 'Creating', 'Updating', 'UpdateFailed', 'SyncFailed', 'CreateFailed', 'Invalid'];

describe('kube-state-metrics CustomResourceState configuration', () => {
  test('matches the schema of kube-state-metrics\' configuration structs (and the schema catches what KSM would ignore)', () => {
    expect(ksmConfigErrors(config)).toEqual([]);
    const typo = JSON.parse(JSON.stringify(config));
    typo.spec.resources[0].metrics[0].each.stateSet.lables = typo.spec.resources[0].metrics[0].each.stateSet.labelName;
    expect(ksmConfigErrors(typo).join()).toMatch(/must NOT have additional properties/);
    const missing = JSON.parse(JSON.stringify(config));
    delete missing.spec.resources[0].metrics[2].each.gauge;
    expect(ksmConfigErrors(missing).join()).toMatch(/must have required property 'gauge'/);
  });

  test('a Running cluster: one status series per listed value, the version, the instances, no upgrade', () => {
    const series = ksmSeries(config, [pg('acid-main', 'Running')]);
    const base = { ...GVK, namespace: 'db', cluster: 'acid-main', team: 'acid' };
    expect(series).toEqual(expect.arrayContaining([
      ...STATUSES.map((s) => ({ name: 'kube_customresource_postgresql_status', labels: { ...base, status: s }, value: s === 'Running' ? 1 : 0 })),
      { name: 'kube_customresource_postgresql_info', labels: { ...base, pg_version: '17' }, value: 1 },
      { name: 'kube_customresource_postgresql_instances', labels: base, value: 3 },
      { name: 'kube_customresource_postgresql_major_upgrade_success_timestamp_seconds', labels: base, value: 0 },
      { name: 'kube_customresource_postgresql_major_upgrade_failure_timestamp_seconds', labels: base, value: 0 },
    ]));
    expect(series).toHaveLength(STATUSES.length + 4);
  });

  test('an empty or unknown status makes every status series 0; a missing status emits none, but the instances gauge stays', () => {
    const statusOf = (o: any) => ksmSeries(config, [o]).filter((s) => s.name === POSTGRESQL_RESOURCE_METRICS.status);
    expect(statusOf(pg('a', '')).map((s) => s.value)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(statusOf(pg('a', 'Deleting')).map((s) => s.value)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(statusOf(pg('a'))).toEqual([]);
    const noStatusField = { ...pg('a'), status: {} };
    expect(statusOf(noStatusField)).toEqual([]);
    expect(ksmSeries(config, [pg('a')]).filter((s) => s.name === POSTGRESQL_RESOURCE_METRICS.instances).map((s) => s.value)).toEqual([3]);
  });

  test('the major upgrade annotations (RFC 3339, as the operator writes them) become Unix seconds', () => {
    const series = ksmSeries(config, [pg('a', 'Running', { 'last-major-upgrade-success': '2026-07-01T08:00:00Z', 'last-major-upgrade-failure': '2026-08-01T10:30:00Z' })]);
    const value = (name: string) => series.find((s) => s.name === name)!.value;
    expect(value(POSTGRESQL_RESOURCE_METRICS.majorUpgradeSuccess)).toBe(Date.UTC(2026, 6, 1, 8, 0, 0) / 1000);
    expect(value(POSTGRESQL_RESOURCE_METRICS.majorUpgradeFailure)).toBe(Date.UTC(2026, 7, 1, 10, 30, 0) / 1000);
  });

  test('every kube_customresource metric the fleet rules and dashboards read is one the configuration produces, with the labels they use', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DASHBOARDS } = require('../../src/monitoring/dashboards');
    const produced = new Map<string, Set<string>>();
    for (const s of ksmSeries(config, [pg('a', 'Running', { 'last-major-upgrade-failure': '2026-08-01T10:30:00Z' })])) {
      produced.set(s.name, new Set([...(produced.get(s.name) ?? []), ...Object.keys(s.labels)]));
    }
    const exprs = [
      ...fleetRules().ruleGroups.groups.flatMap((g) => g.rules.map((r) => r.expr)),
      ...Object.values(DASHBOARDS).flatMap((d: any) => d.panels.flatMap((p: any) => p.targets.map((t: any) => t[0]))),
    ];
    const used = new Set(exprs.flatMap((e) => parsePromQL(e).metrics).filter((m) => m.startsWith('kube_customresource_')));
    expect([...used].filter((m) => !produced.has(m))).toEqual([]);
    expect(used.size).toBeGreaterThanOrEqual(4);
    // the labels the rules group by
    for (const m of used) for (const l of ['namespace', 'cluster', 'team']) expect(produced.get(m)).toContain(l);
    expect(produced.get(POSTGRESQL_RESOURCE_METRICS.status)).toContain('status');
    expect(produced.get(POSTGRESQL_RESOURCE_METRICS.info)).toContain('pg_version');
  });
});

describe('FleetMonitoring', () => {
  test('emits the ConfigMap kube-state-metrics mounts and the fleet PrometheusRule, and both values fragments', () => {
    const { chart } = newChart('monitoring');
    const fleet = new FleetMonitoring(chart, 'Fleet', { operatorNamespace: 'postgres-operator', labels: { release: 'kube-prometheus-stack' } });
    const objects = synthValid(chart);
    const cm = only(objects, 'ConfigMap');
    expect(cm.metadata).toEqual({ name: 'zalando-postgres-ksm-config', namespace: 'monitoring' });
    expect(Object.keys(cm.data)).toEqual(['config.yaml']);
    expect(yaml.load(cm.data['config.yaml'])).toEqual(config);
    const rule = only(objects, 'PrometheusRule');
    expect(rule.metadata).toEqual({ name: 'zalando-postgres-fleet', namespace: 'monitoring', labels: { release: 'kube-prometheus-stack' } });
    expect(rule.spec.groups.map((g: any) => g.name)).toEqual(['zalando-postgres.fleet']);
    expect(fleet.alertNames).toEqual(FLEET_ALERT_NAMES);

    const rbac = { apiGroups: ['acid.zalan.do'], resources: ['postgresqls'], verbs: ['list', 'watch'] };
    expect(yaml.load(fleet.kubePrometheusStackValues)).toEqual({
      'kube-state-metrics': { rbac: { extraRules: [rbac] }, customResourceState: { enabled: true, config } },
    });
    expect(yaml.load(fleet.kubeStateMetricsChartValues)).toEqual({
      rbac: { extraRules: [rbac] },
      customResourceState: { enabled: true, create: false, name: 'zalando-postgres-ksm-config', key: 'config.yaml' },
    });
    expect(yaml.load(fleet.customResourceStateConfig)).toEqual(config);
  });

  test('props: operator Deployment, durations, excluded alerts, no ConfigMap', () => {
    const { chart } = newChart('monitoring');
    const fleet = new FleetMonitoring(chart, 'Fleet', {
      operatorNamespace: 'ops',
      operatorDeploymentName: 'pg-operator',
      failedStatusFor: Duration.minutes(30),
      progressingStatusFor: Duration.hours(2),
      unknownStatusFor: Duration.seconds(90),
      excludeRules: ['PostgresPoolerDegraded'],
      emitConfigMap: false,
    });
    const objects = synthValid(chart);
    expect(objects.map((o) => o.kind)).toEqual(['PrometheusRule']);
    const rules = Object.fromEntries(fleet.ruleGroups.groups[0].rules.map((r) => [r.alert, r]));
    expect(rules.PostgresOperatorDown.expr).toContain('kube_deployment_status_replicas_available{namespace="ops",deployment="pg-operator"}');
    expect(rules.PostgresClusterStatusFailed.forDuration).toBe('30m');
    expect(rules.PostgresClusterStuck.forDuration).toBe('2h');
    expect(rules.PostgresClusterStatusUnknown.forDuration).toBe('90s');
    expect(rules.PostgresPoolerDegraded).toBeUndefined();
  });

  test.each<[string, () => void, RegExp]>([
    ['operator namespace', () => new FleetMonitoring(newChart().chart, 'F', { operatorNamespace: 'Postgres_Operator' }),
      /^ZPG-NAME-INVALID \[test\/F\] operatorNamespace: not a valid namespace name \(a DNS-1123 label\)\. Got: "Postgres_Operator".*Fix: e\.g\. "postgres-operator"/],
    ['deployment name', () => new FleetMonitoring(newChart().chart, 'F', { operatorNamespace: 'ops', operatorDeploymentName: 'pg operator' }),
      /^ZPG-NAME-INVALID \[test\/F\] operatorDeploymentName: not a valid Deployment name \(a DNS-1123 subdomain\)\. Got: "pg operator"/],
    ['duration', () => new FleetMonitoring(newChart().chart, 'F', { operatorNamespace: 'ops', failedStatusFor: Duration.millis(1500) }),
      /^ZPG-DURATION-INVALID \[test\/F\] failedStatusFor: is not a duration in range\. Got: 1500ms\. Allowed: 0s to 30d in whole 1s steps\. Fix: use e\.g\. Duration\.minutes\(15\)/],
    ['NaN duration', () => new FleetMonitoring(newChart().chart, 'F', { operatorNamespace: 'ops', unknownStatusFor: Duration.minutes(NaN) }),
      /^ZPG-DURATION-INVALID \[test\/F\] unknownStatusFor: .*NaN or Infinity/],
    ['excluded alert', () => new FleetMonitoring(newChart().chart, 'F', { operatorNamespace: 'ops', excludeRules: ['PostgresDown'] }),
      /^ZPG-EXCLUDE-RULE-UNKNOWN \[test\/F\] excludeRules: not an alert of the fleet rules.*Got: "PostgresDown"\. Allowed: PostgresClusterStatusFailed, .*Fix: .*MonitoringStack excludeRules/],
    ['label', () => new FleetMonitoring(newChart().chart, 'F', { operatorNamespace: 'ops', labels: { release: 'kube prometheus' } }),
      /^ZPG-LABEL-INVALID \[test\/F\] labels\.release: not a valid label value\. Got: "kube prometheus"/],
    ['label key', () => new FleetMonitoring(newChart().chart, 'F', { operatorNamespace: 'ops', labels: { 'example.com/-bad': 'x' } }),
      /^ZPG-LABEL-INVALID \[test\/F\] labels key: the label key has a name part/],
    ['runbook URL', () => new FleetMonitoring(newChart().chart, 'F', { operatorNamespace: 'ops', runbookBaseUrl: 'runbooks.md#top' }),
      /^ZPG-MONITORING-INVALID \[test\/F\] runbookBaseUrl: each alert links to <base>#<alert>.*Got: "runbooks\.md#top"/],
  ])('bad input: %s', (_name, make, message) => {
    expect(make).toThrow(message);
  });
});

interface FleetCase {
  readonly alert: string;
  /** Objects per minute for the kube-state-metrics CustomResourceState series. */
  readonly objects?: (minute: number) => any[];
  /** Further (built-in kube-state-metrics) series. */
  readonly series?: Array<[string, string]>;
  readonly minutes: number;
  readonly at: string;
  readonly labels?: Record<string, string>;
  readonly summary?: string;
  readonly description?: string;
}

const KSM = 'job="kube-state-metrics"';
const deployment = (metric: string, ns: string, name: string, values: string): [string, string] => [`${metric}{${KSM},namespace="${ns}",deployment="${name}"}`, values];
const operatorUp: Array<[string, string]> = [deployment('kube_deployment_status_replicas_available', 'postgres-operator', 'postgres-operator', '1x90')];

/** Fires-cases and stays-quiet-cases per fleet alert. */
const fires: FleetCase[] = [
  {
    alert: 'PostgresClusterStatusFailed',
    objects: (m) => [pg('acid-main', m < 2 ? 'Running' : 'SyncFailed'), pg('acid-other', 'Running')],
    minutes: 30,
    at: '18m',
    labels: { severity: 'warning', namespace: 'db', cluster: 'acid-main', team: 'acid', status: 'SyncFailed' },
    summary: 'Cluster acid-main is SyncFailed',
    description: 'The operator reports SyncFailed for postgresql db/acid-main (team acid) for 15m: its last create, update or sync failed, the repairs every 5 minutes have not fixed it, and changes to the manifest are not applied.',
  },
  {
    alert: 'PostgresClusterInvalid',
    objects: () => [pg('acid-main', 'Invalid')],
    minutes: 5,
    at: '0m',
    labels: { severity: 'warning', namespace: 'db', cluster: 'acid-main', team: 'acid' },
    summary: 'Cluster acid-main is Invalid',
    description: 'The operator rejects postgresql db/acid-main (team acid) as Invalid and ignores it until the manifest is fixed.',
  },
  {
    alert: 'PostgresClusterStuck',
    objects: () => [pg('acid-main', 'Updating', undefined, { team: 'payments' })],
    minutes: 70,
    at: '65m',
    labels: { severity: 'warning', namespace: 'db', cluster: 'acid-main', team: 'payments', status: 'Updating' },
    summary: 'Cluster acid-main has been Updating for long',
    description: 'postgresql db/acid-main (team payments) has been Updating for more than 1h: the operator waits for pods that do not become ready, or it stopped working on the cluster.',
  },
  {
    alert: 'PostgresClusterStatusUnknown',
    objects: () => [pg('acid-new'), pg('acid-main', 'Running')],
    minutes: 20,
    at: '16m',
    labels: { severity: 'warning', namespace: 'db', cluster: 'acid-new', team: 'acid' },
    summary: 'Cluster acid-new has no known status',
    description: 'postgresql db/acid-new (team acid) has had no known status for 15m: no operator handles it (operator down, another watched namespace or controller ID), or its status is empty.',
  },
  {
    alert: 'PostgresMajorUpgradeFailed',
    objects: () => [pg('acid-main', 'Running', { 'last-major-upgrade-failure': '1970-01-01T02:00:00Z' })],
    minutes: 5,
    at: '1m',
    labels: { severity: 'warning', namespace: 'db', cluster: 'acid-main', team: 'acid' },
    summary: 'The major version upgrade of acid-main failed',
    description: 'The in-place major version upgrade of db/acid-main failed at 1970-01-01 02:00:00 +0000 UTC (annotation last-major-upgrade-failure); the operator does not retry until the annotation is gone.',
  },
  {
    alert: 'PostgresOperatorDown',
    series: [deployment('kube_deployment_status_replicas_available', 'postgres-operator', 'postgres-operator', '1 0x20')],
    minutes: 20,
    at: '12m',
    labels: { severity: 'warning', namespace: 'postgres-operator', deployment: 'postgres-operator' },
    summary: 'The Postgres operator is down',
    description: 'The postgres-operator Deployment postgres-operator/postgres-operator has had no available replica for 10 minutes (or kube-state-metrics does not report it): no cluster is created, changed, synced or repaired meanwhile. Running databases keep failing over through Patroni.',
  },
  {
    alert: 'PostgresPoolerDegraded',
    objects: () => [pg('acid-main', 'Running', undefined, { team: 'payments' })],
    series: [
      deployment('kube_deployment_spec_replicas', 'db', 'acid-main-pooler-repl', '2x20'),
      deployment('kube_deployment_status_replicas_available', 'db', 'acid-main-pooler-repl', '1x20'),
      deployment('kube_deployment_spec_replicas', 'db', 'acid-main-pooler', '2x20'),
      deployment('kube_deployment_status_replicas_available', 'db', 'acid-main-pooler', '2x20'),
    ],
    minutes: 20,
    at: '16m',
    labels: { severity: 'warning', namespace: 'db', cluster: 'acid-main', team: 'payments', deployment: 'acid-main-pooler-repl' },
    summary: 'Pooler acid-main-pooler-repl runs with 1 available replicas',
    description: 'The connection pooler Deployment db/acid-main-pooler-repl of cluster acid-main has had fewer available replicas (1) than desired for 15 minutes.',
  },
  {
    alert: 'PostgresPoolerUnavailable',
    objects: () => [pg('acid-main', 'Running')],
    series: [deployment('kube_deployment_spec_replicas', 'db', 'acid-main-pooler', '2x10'), deployment('kube_deployment_status_replicas_available', 'db', 'acid-main-pooler', '0x10')],
    minutes: 10,
    at: '6m',
    labels: { severity: 'critical', namespace: 'db', cluster: 'acid-main', team: 'acid', deployment: 'acid-main-pooler' },
    summary: 'Pooler acid-main-pooler has no available replica',
    description: 'The connection pooler Deployment db/acid-main-pooler of cluster acid-main has had no available replica for 5 minutes: clients connecting through it fail.',
  },
];

const quiet: FleetCase[] = [
  // a sync failure that the next repair fixes
  { alert: 'PostgresClusterStatusFailed', objects: (m) => [pg('acid-main', m >= 2 && m < 12 ? 'SyncFailed' : 'Running')], minutes: 30, at: '18m' },
  { alert: 'PostgresClusterInvalid', objects: () => [pg('acid-main', 'Running'), pg('acid-x', 'CreateFailed')], minutes: 5, at: '0m' },
  // a rolling update of 40 minutes
  { alert: 'PostgresClusterStuck', objects: (m) => [pg('acid-main', m < 40 ? 'Updating' : 'Running')], minutes: 70, at: '65m' },
  // the operator sets Creating a minute after the resource appears
  { alert: 'PostgresClusterStatusUnknown', objects: (m) => [pg('acid-new', m < 1 ? undefined : m < 10 ? 'Creating' : 'Running')], minutes: 20, at: '16m' },
  { alert: 'PostgresMajorUpgradeFailed', objects: () => [pg('acid-main', 'Running', { 'last-major-upgrade-success': '1970-01-01T02:00:00Z' })], minutes: 5, at: '1m' },
  { alert: 'PostgresOperatorDown', series: [deployment('kube_deployment_status_replicas_available', 'postgres-operator', 'postgres-operator', '1x20')], minutes: 20, at: '12m' },
  // a Deployment that only looks like a pooler (no postgresql "web"), and a complete one
  {
    alert: 'PostgresPoolerDegraded',
    objects: () => [pg('acid-main', 'Running')],
    series: [
      deployment('kube_deployment_spec_replicas', 'db', 'web-pooler', '2x20'), deployment('kube_deployment_status_replicas_available', 'db', 'web-pooler', '0x20'),
      deployment('kube_deployment_spec_replicas', 'db', 'acid-main-pooler', '2x20'), deployment('kube_deployment_status_replicas_available', 'db', 'acid-main-pooler', '2x20'),
    ],
    minutes: 20,
    at: '16m',
  },
  // scaled to 0 on purpose
  {
    alert: 'PostgresPoolerUnavailable',
    objects: () => [pg('acid-main', 'Running')],
    series: [deployment('kube_deployment_spec_replicas', 'db', 'acid-main-pooler', '0x10'), deployment('kube_deployment_status_replicas_available', 'db', 'acid-main-pooler', '0x10')],
    minutes: 10,
    at: '6m',
  },
];

function inputs(c: FleetCase) {
  const steps = c.objects ? Array.from({ length: c.minutes + 1 }, (_, m) => c.objects!(m)) : [];
  const own = (c.series ?? []).map(([series, values]) => ({ series, values }));
  const operator = c.alert === 'PostgresOperatorDown' ? [] : operatorUp.map(([series, values]) => ({ series, values }));
  return [...(steps.length ? ksmInputSeries(config, steps) : []), ...own, ...operator];
}

describe('fleet alerts under promtool, fed with the series the configuration produces', () => {
  const spec = fleetRules().spec;

  test('every fleet alert has a firing and a quiet case', () => {
    expect(fires.map((c) => c.alert)).toEqual(FLEET_ALERT_NAMES);
    expect(quiet.map((c) => c.alert)).toEqual(FLEET_ALERT_NAMES);
  });

  test.each(FLEET_ALERT_NAMES)('%s fires when it must and stays quiet otherwise', (name) => {
    const f = fires.find((c) => c.alert === name)!;
    const q = quiet.find((c) => c.alert === name)!;
    const result = testRules(spec, [
      {
        name: `${name} fires`,
        interval: '1m',
        input_series: inputs(f),
        alert_rule_test: [{
          eval_time: f.at,
          alertname: name,
          exp_alerts: [{ exp_labels: f.labels, exp_annotations: { summary: f.summary, description: f.description, runbook_url: `${RUNBOOKS}#${name.toLowerCase()}` } }],
        }],
      },
      { name: `${name} stays quiet`, interval: '1m', input_series: inputs(q), alert_rule_test: [{ eval_time: q.at, alertname: name, exp_alerts: [] }] },
    ]);
    expect(result.output).toMatch(/SUCCESS/);
  });

  test('an empty status and a status this version does not know count as unknown; Invalid fires at once', () => {
    const result = testRules(spec, [{
      interval: '1m',
      input_series: [...ksmInputSeries(config, Array.from({ length: 21 }, () => [pg('a', ''), pg('b', 'Deleting'), pg('c', 'Invalid')])), ...inputs({ alert: 'x', minutes: 20, at: '0m' })],
      alert_rule_test: [
        {
          eval_time: '16m',
          alertname: 'PostgresClusterStatusUnknown',
          exp_alerts: ['a', 'b'].map((c) => ({
            exp_labels: { severity: 'warning', namespace: 'db', cluster: c, team: 'acid' },
            exp_annotations: {
              summary: `Cluster ${c} has no known status`,
              description: `postgresql db/${c} (team acid) has had no known status for 15m: no operator handles it (operator down, another watched namespace or controller ID), or its status is empty.`,
              runbook_url: `${RUNBOOKS}#postgresclusterstatusunknown`,
            },
          })),
        },
      ],
      promql_expr_test: [{
        expr: 'ALERTS{alertname="PostgresClusterInvalid"}',
        eval_time: '0m',
        exp_samples: [{ labels: 'ALERTS{alertname="PostgresClusterInvalid",alertstate="firing",severity="warning",namespace="db",cluster="c",team="acid"}', value: 1 }],
      }],
    }]);
    expect(result.output).toMatch(/SUCCESS/);
  });

  test('a deleted operator Deployment counts as down', () => {
    const result = testRules(spec, [{
      interval: '1m',
      input_series: [{ series: `kube_deployment_status_replicas_available{${KSM},namespace="postgres-operator",deployment="postgres-operator"}`, values: '1 1 stale' }],
      alert_rule_test: [{
        eval_time: '13m',
        alertname: 'PostgresOperatorDown',
        exp_alerts: [{
          exp_labels: { severity: 'warning', namespace: 'postgres-operator', deployment: 'postgres-operator' },
          exp_annotations: {
            summary: 'The Postgres operator is down',
            description: fires.find((c) => c.alert === 'PostgresOperatorDown')!.description,
            runbook_url: `${RUNBOOKS}#postgresoperatordown`,
          },
        }],
      }],
    }]);
    expect(result.output).toMatch(/SUCCESS/);
  });
});
