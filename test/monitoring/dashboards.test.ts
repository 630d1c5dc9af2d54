import * as fs from 'fs';
import { GrafanaDashboards } from '../../src';
import { ALERT_NAME_PATTERN, DASHBOARDS } from '../../src/monitoring/dashboards';
import { knownMetrics } from '../../src/monitoring/metric-catalog';
import { queryProblems } from '../support/promql';
import { newChart, synthValid } from '../support/synth';
import { allRules } from '../support/topology';


describe('GrafanaDashboards', () => {
  test('four per-cluster dashboards and the fleet dashboard as ConfigMaps the Grafana sidecar picks up', () => {
    const { chart } = newChart('monitoring');
    new GrafanaDashboards(chart, 'Dashboards', { folder: 'PostgreSQL' });
    const maps = synthValid(chart);
    expect(maps.map((m) => m.metadata.name)).toEqual([
      // written in a canonical order (by kind and name), whatever the order of creation
      'zalando-pg-backups-dashboard', 'zalando-pg-fleet-dashboard', 'zalando-pg-overview-dashboard', 'zalando-pg-pooler-dashboard',
      'zalando-pg-replication-dashboard',
    ]);
    for (const m of maps) {
      expect(m.kind).toBe('ConfigMap');
      expect(m.metadata.namespace).toBe('monitoring');
      expect(m.metadata.labels).toEqual({ grafana_dashboard: '1' });
      expect(m.metadata.annotations).toEqual({ grafana_folder: 'PostgreSQL' });
      const [key] = Object.keys(m.data);
      const dashboard = JSON.parse(m.data[key]);
      expect(key).toBe(`${dashboard.uid}.json`);
      expect(dashboard.templating.list.map((v: any) => v.name)).toEqual(
        dashboard.uid === 'zalando-pg-fleet' ? ['datasource', 'namespace'] : ['datasource', 'namespace', 'cluster']);
      expect(dashboard.panels.length).toBeGreaterThan(3);
    }
  });

  test('the fleet dashboard covers every cluster: status, role, lag, connections, backup ages and firing alerts', () => {
    const { chart } = newChart('monitoring');
    new GrafanaDashboards(chart, 'Dashboards');
    const fleet = JSON.parse(synthValid(chart).find((m) => m.metadata.name === 'zalando-pg-fleet-dashboard').data['zalando-pg-fleet.json']);
    expect(fleet.templating.list[1]).toMatchObject({ name: 'namespace', multi: true, includeAll: true, allValue: '.*' });
    const exprs: string[] = fleet.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr));
    for (const needle of ['kube_customresource_postgresql_status', 'patroni_primary', 'patroni:replica_replay_lag_bytes', 'pg:connections:utilization',
      'walg_last_upload', 'pg:logical_backup_last_success_timestamp_seconds', 'ALERTS{alertstate="firing"']) {
      expect(exprs.some((e) => e.includes(needle))).toBe(true);
    }
    // no query is limited to one cluster; all follow the namespace selection
    expect(exprs.filter((e) => e.includes('$cluster'))).toEqual([]);
    const tables = fleet.panels.filter((p: any) => p.type === 'table');
    expect(tables.length).toBeGreaterThan(0);
    for (const t of tables) for (const target of t.targets) expect(target).toMatchObject({ instant: true, format: 'table' });
  });

  test('the firing-alerts panel matches every alert of this library, and nothing else\'s', () => {
    const re = new RegExp(`^(?:${ALERT_NAME_PATTERN})$`);
    expect(allRules().alertNames.filter((a) => !re.test(a))).toEqual([]);
    expect(['KubePodCrashLooping', 'Watchdog', 'TargetDown'].filter((a) => re.test(a))).toEqual([]);
  });

  test('every dashboard query parses and reads only metrics of the pinned exporters or the recording rules', () => {
    const recorded = new Set(allRules().ruleGroups.groups.flatMap((g) => g.rules).filter((r) => r.record).map((r) => r.record!));
    const queries = Object.entries(DASHBOARDS).flatMap(([uid, d]) =>
      d.panels.flatMap((panel) => panel.targets.map(([expr]): [string, string] => [`${uid}/${panel.title}`, expr])));
    expect(queryProblems(queries, knownMetrics(), recorded)).toEqual([]);
  });
});

describe('runbooks', () => {
  test('every alert (cluster and fleet) has a section in runbooks/postgres.md, the file its runbook_url points to', () => {
    const text: string = fs.readFileSync(`${__dirname}/../../runbooks/postgres.md`, 'utf-8');
    const headings = new Set([...text.matchAll(/^## (\w+)$/gm)].map((m) => m[1]));
    const rules = allRules();
    expect(rules.alertNames.filter((a) => !headings.has(a))).toEqual([]);
    expect([...headings].filter((h) => !rules.alertNames.includes(h))).toEqual([]);
    const urls = rules.ruleGroups.groups.flatMap((g) => g.rules).filter((r) => r.alert).map((r) => r.annotations!.runbook_url);
    for (const u of urls) expect(u).toMatch(/\/blob\/main\/runbooks\/postgres\.md#[a-z]+$/);
    // each section says what to do: at least one command or an explanation of more than one sentence
    for (const section of text.split(/^## /m).slice(1)) expect(section.split('\n').slice(1).join(' ').trim().length).toBeGreaterThan(80);
  });
});

describe('README', () => {
  test('the alert table is generated from the code (npx projen docs:alerts)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readmeWithTable } = require('../../scripts/alert-table');
    const readme = fs.readFileSync(`${__dirname}/../../README.md`, 'utf-8');
    expect(readme).toContain('| [PatroniReplicaNotStreaming](https://github.com/cdk8s-zalando-postgres/cdk8s-zalando-postgres/blob/main/runbooks/postgres.md#patronireplicanotstreaming) | warning | 5m | with replicas |');
    expect(readmeWithTable(readme)).toEqual(readme);
  });
});
