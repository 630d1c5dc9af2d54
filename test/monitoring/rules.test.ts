/**
 * The rule builders on their own: names the operator really creates, thresholds derived from the topology,
 * metric names against the catalog, and the recording rules' bounds under promtool.
 */
import * as fc from 'fast-check';
import { knownMetrics } from '../../src/monitoring/metric-catalog';
import { OperatorObjectNames } from '../../src/monitoring/operator-names';
import { queryProblems } from '../support/promql';
import { checkRules, testRules } from '../support/promtool';
import { allRules, clusterRules } from '../support/topology';

const rule = (rules: ReturnType<typeof clusterRules>, name: string) =>
  rules.ruleGroups.groups.flatMap((g) => g.rules).find((r) => r.alert === name || r.record === name)!;

describe('the logical backup CronJob name, as the operator trims it (k8sres.go getLogicalBackupJobName, util.go trimCronjobName)', () => {
  test.each<[string, string | undefined, string]>([
    ['acid-main', undefined, 'logical-backup-acid-main'],
    // 15 + 37 = 52 characters: kept whole
    ['a'.repeat(37), undefined, `logical-backup-${'a'.repeat(37)}`],
    // cut after 52 characters: "payments-ledger-reconciliation-eu-" is 34 characters, 3 more fit
    ['payments-ledger-reconciliation-eu-central-prod', undefined, 'logical-backup-payments-ledger-reconciliation-eu-cen'],
    // the cut ends on a dash, which is stripped
    [`${'x'.repeat(36)}-tail`, undefined, `logical-backup-${'x'.repeat(36)}`],
    // a custom logical_backup_job_prefix
    ['acid-main', 'dump-', 'dump-acid-main'],
  ])('%s (prefix %s) -> %s', (cluster, prefix, expected) => {
    expect(OperatorObjectNames.logicalBackupCronJob(cluster, prefix)).toBe(expected);
    expect(expected.length).toBeLessThanOrEqual(52);
  });

  test('property: for any cluster name, the name fits the CronJob limit, ends alphanumeric, and is a prefix of the untrimmed name', () => {
    const clusterName = fc.stringMatching(/^[a-z]([-a-z0-9]{0,56}[a-z0-9])?$/);
    fc.assert(fc.property(clusterName, (cluster) => {
      const name = OperatorObjectNames.logicalBackupCronJob(cluster);
      const full = `logical-backup-${cluster}`;
      expect(full.startsWith(name)).toBe(true);
      expect(name.length).toBeLessThanOrEqual(52);
      expect(name).toMatch(/[a-z0-9]$/);
      // untouched when it fits; otherwise cut at 52 and only dashes dropped
      if (full.length <= 52) expect(name).toBe(full);
      else expect(full.slice(name.length, 52)).toMatch(/^-*$/);
      // the Jobs (`<cronjob>-<unix minutes>`, 8 digits until the year 2160) stay within 63 characters
      expect(`${name}-29400000`.length).toBeLessThanOrEqual(63);
    }), { numRuns: 300 });
  });

  test('the alert and the recording rule match the trimmed name and its Jobs only', () => {
    const long = 'payments-ledger-reconciliation-eu-central-prod';
    const r = clusterRules({ cluster: long });
    expect(rule(r, 'PostgresLogicalBackupFailed').expr).toContain('job_name=~"logical-backup-payments-ledger-reconciliation-eu-cen-[0-9]+"');
    expect(rule(r, 'PostgresLogicalBackupFailed').labels).toEqual({ severity: 'warning', cluster: long, cronjob: 'logical-backup-payments-ledger-reconciliation-eu-cen' });
    expect(rule(r, 'pg:logical_backup_last_success_timestamp_seconds').expr).toContain('cronjob="logical-backup-payments-ledger-reconciliation-eu-cen"');
    // a topology can name the CronJob itself (another logical_backup_job_prefix)
    expect(rule(clusterRules({ logicalBackupJobName: 'dump-acid-main' }), 'PostgresLogicalBackupFailed').expr).toContain('job_name=~"dump-acid-main-[0-9]+"');
  });

  test('the Jobs of another cluster whose name extends this one are not matched', () => {
    const result = testRules(clusterRules().spec, [{
      interval: '1m',
      input_series: [
        { series: 'kube_job_status_start_time{namespace="db",job_name="logical-backup-acid-main-2-29400000"}', values: '7200x5' },
        { series: 'kube_job_failed{namespace="db",job_name="logical-backup-acid-main-2-29400000",condition="true"}', values: '1x5' },
      ],
      alert_rule_test: [{ eval_time: '1m', alertname: 'PostgresLogicalBackupFailed', exp_alerts: [] }],
    }]);
    expect(result.output).toMatch(/SUCCESS/);
  });
});

describe('thresholds derived from the topology', () => {
  test('archive staleness follows archive_timeout: deadline = archive_timeout + 10 minutes, age above twice that', () => {
    const spilo = rule(clusterRules(), 'PostgresWalArchiveStale').expr;
    expect(spilo).toContain('pg_stat_archiver_last_archive_age{namespace="db",cluster="acid-main"}) > 4800');
    expect(spilo).toContain('changes(patroni_xlog_location{namespace="db",cluster="acid-main"}[40m] offset 40m)');
    const short = rule(clusterRules({ archiveTimeoutSeconds: 300 }), 'PostgresWalArchiveStale').expr;
    expect(short).toContain(') > 1800');
    expect(short).toContain('[15m] offset 15m');
    const custom = rule(clusterRules({}, { archiveDeadlineSeconds: 3600, archiveFailureGraceSeconds: 120 }), 'PostgresWalArchiveStale').expr;
    expect(custom).toContain(') > 7200');
    expect(rule(clusterRules({}, { archiveFailureGraceSeconds: 120 }), 'PostgresWalArchivingFailing').expr).toContain('< 120');
  });

  test('no archive alerts without WAL archiving (Spilo archives to /bin/true then)', () => {
    const names = clusterRules({ walArchiving: false, walgExporter: false }).alertNames;
    expect(names).not.toContain('PostgresWalArchivingFailing');
    expect(names).not.toContain('PostgresWalArchiveStale');
  });
});

describe('metric names', () => {
  test('every cluster and fleet rule parses, passes promtool check, and reads only catalogued or recorded metrics', () => {
    const rules = allRules();
    expect(checkRules(rules.spec).output).toMatch(/SUCCESS/);
    const all = rules.ruleGroups.groups.flatMap((g) => g.rules);
    const recorded = new Set(all.filter((r) => r.record).map((r) => r.record!));
    expect(queryProblems(all.map((r) => [r.alert ?? r.record!, r.expr]), knownMetrics(), recorded)).toEqual([]);
    // and the check itself catches a metric the exporters do not have
    expect(queryProblems([['x', 'pg_replication_lag > 0']], knownMetrics())).toEqual(['x: unknown metric pg_replication_lag']);
  });
});

describe('recording rules stay within their bounds', () => {
  const labels = (pod: string, role: string) => `namespace="db",cluster="acid-main",pod="${pod}",role="${role}"`;

  test('replay lag is clamped at 0 when the replica\'s scrape is newer than the primary\'s', () => {
    const result = testRules(clusterRules().spec, [{
      interval: '1m',
      input_series: [
        { series: `patroni_xlog_location{job="patroni",${labels('acid-main-0', 'master')}}`, values: '1000000x5' },
        { series: `patroni_replica{job="patroni",${labels('acid-main-0', 'master')}}`, values: '0x5' },
        { series: `patroni_xlog_replayed_location{job="patroni",${labels('acid-main-0', 'master')}}`, values: '0x5' },
        { series: `patroni_xlog_location{job="patroni",${labels('acid-main-1', 'replica')}}`, values: '0x5' },
        { series: `patroni_replica{job="patroni",${labels('acid-main-1', 'replica')}}`, values: '1x5' },
        { series: `patroni_xlog_replayed_location{job="patroni",${labels('acid-main-1', 'replica')}}`, values: '1001536x5' },
      ],
      promql_expr_test: [{
        expr: 'patroni:replica_replay_lag_bytes',
        eval_time: '2m',
        exp_samples: [{ labels: 'patroni:replica_replay_lag_bytes{job="patroni",namespace="db",cluster="acid-main",pod="acid-main-1"}', value: 0 }],
      }],
    }]);
    expect(result.output).toMatch(/SUCCESS/);
  });

  test('connection utilization counts client backends against the slots open to non-superusers, also before PostgreSQL 16', () => {
    // PostgreSQL 15: no reserved_connections series. 60 application + 5 superuser backends, 2 walsenders (own slots),
    // max_connections 100, superuser_reserved_connections 3: 65 / 97
    const pod = labels('acid-main-0', 'master');
    const result = testRules(clusterRules({ pgMajor: 15 }).spec, [{
      interval: '1m',
      input_series: [
        { series: `pg_stat_activity_count{job="postgres-exporter",${pod},datname="app",usename="app",state="idle",backend_type="client backend"}`, values: '60x5' },
        { series: `pg_stat_activity_count{job="postgres-exporter",${pod},datname="postgres",usename="postgres",state="idle",backend_type="client backend"}`, values: '5x5' },
        { series: `pg_stat_activity_count{job="postgres-exporter",${pod},datname="app",usename="replicator",state="active",backend_type="walsender"}`, values: '2x5' },
        { series: `pg_settings_max_connections{job="postgres-exporter",${pod}}`, values: '100x5' },
        { series: `pg_settings_superuser_reserved_connections{job="postgres-exporter",${pod}}`, values: '3x5' },
      ],
      promql_expr_test: [{
        expr: 'pg:connections:utilization',
        eval_time: '2m',
        exp_samples: [{ labels: 'pg:connections:utilization{namespace="db",cluster="acid-main",pod="acid-main-0"}', value: 65 / 97 }],
      }],
    }]);
    expect(result.output).toMatch(/SUCCESS/);
  });

  test('PostgreSQL 16+ reserved_connections shrink the slots open to ordinary users', () => {
    // max_connections 100 - superuser_reserved 3 - reserved 7 = 90 slots; 45 backends: 50%
    const pod = labels('acid-main-0', 'master');
    const result = testRules(clusterRules().spec, [{
      interval: '1m',
      input_series: [
        { series: `pg_stat_activity_count{job="postgres-exporter",${pod},datname="app",usename="app",state="active",backend_type="client backend"}`, values: '45x5' },
        { series: `pg_settings_max_connections{job="postgres-exporter",${pod}}`, values: '100x5' },
        { series: `pg_settings_superuser_reserved_connections{job="postgres-exporter",${pod}}`, values: '3x5' },
        { series: `pg_settings_reserved_connections{job="postgres-exporter",${pod}}`, values: '7x5' },
      ],
      promql_expr_test: [{
        expr: 'pg:connections:utilization',
        eval_time: '2m',
        exp_samples: [{ labels: 'pg:connections:utilization{namespace="db",cluster="acid-main",pod="acid-main-0"}', value: 0.5 }],
      }],
    }]);
    expect(result.output).toMatch(/SUCCESS/);
  });
});

describe('WAL archiving over a long idle period (Spilo archive_timeout 1800s)', () => {
  test('an idle primary stays quiet for hours; a primary that writes and archives every 30 minutes too; failures are caught within minutes', () => {
    const pod = 'job="postgres-exporter",namespace="db",cluster="acid-main",pod="acid-main-0",role="master"';
    const patroni = 'job="patroni",namespace="db",cluster="acid-main",pod="acid-main-0",role="master",scope="acid-main",name="acid-main-0"';
    // idle: nothing written, nothing archived for 4 hours (age grows from 1h)
    const idle = [
      { series: `pg_stat_archiver_last_archive_age{${pod}}`, values: '3600+60x240' },
      { series: `pg_stat_archiver_failed_count{${pod}}`, values: '12x240' },
      { series: `pg_replication_is_replica{${pod}}`, values: '0x240' },
      { series: `patroni_xlog_location{${patroni}}`, values: '50000000x240' },
    ];
    // a trickle of writes: archive_timeout switches a segment every 30 minutes and it is archived
    const trickle = [
      { series: `pg_stat_archiver_last_archive_age{${pod}}`, values: Array.from({ length: 241 }, (_, m) => String((m % 30) * 60)).join(' ') },
      { series: `pg_stat_archiver_failed_count{${pod}}`, values: '0x240' },
      { series: `pg_replication_is_replica{${pod}}`, values: '0x240' },
      { series: `patroni_xlog_location{${patroni}}`, values: '50000000+1000x240' },
    ];
    // the bucket's credentials expire at minute 100: every attempt from then on fails (3 a minute)
    const broken = [
      { series: `pg_stat_archiver_last_archive_age{${pod}}`, values: `${Array.from({ length: 100 }, () => '20').join(' ')} 30+60x140` },
      { series: `pg_stat_archiver_failed_count{${pod}}`, values: '0x99 3+3x140' },
      { series: `pg_replication_is_replica{${pod}}`, values: '0x240' },
      { series: `patroni_xlog_location{${patroni}}`, values: '50000000+100000x240' },
    ];
    const quietAll = (t: string) => [
      { eval_time: t, alertname: 'PostgresWalArchivingFailing', exp_alerts: [] },
      { eval_time: t, alertname: 'PostgresWalArchiveStale', exp_alerts: [] },
    ];
    const result = testRules(clusterRules().spec, [
      { name: 'idle', interval: '1m', input_series: idle, alert_rule_test: ['60m', '120m', '180m', '240m'].flatMap(quietAll) },
      { name: 'trickle', interval: '1m', input_series: trickle, alert_rule_test: ['60m', '120m', '180m', '240m'].flatMap(quietAll) },
      {
        name: 'broken',
        interval: '1m',
        input_series: broken,
        promql_expr_test: [
          { expr: 'ALERTS{alertname="PostgresWalArchivingFailing"}', eval_time: '104m', exp_samples: [] },
          // the last success was at 99m: 5 minutes later it goes pending, a minute later it fires
          { expr: 'ALERTS{alertname="PostgresWalArchivingFailing"}', eval_time: '105m', exp_samples: [{ labels: 'ALERTS{alertname="PostgresWalArchivingFailing",alertstate="pending",severity="critical",job="postgres-exporter",namespace="db",cluster="acid-main",pod="acid-main-0"}', value: 1 }] },
          { expr: 'ALERTS{alertname="PostgresWalArchivingFailing"}', eval_time: '106m', exp_samples: [{ labels: 'ALERTS{alertname="PostgresWalArchivingFailing",alertstate="firing",severity="critical",job="postgres-exporter",namespace="db",cluster="acid-main",pod="acid-main-0"}', value: 1 }] },
        ],
      },
    ]);
    expect(result.output).toMatch(/SUCCESS/);
  });
});
