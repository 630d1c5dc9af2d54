import * as fs from 'fs';
import { GrafanaDashboards } from '../../src';
import { DASHBOARDS } from '../../src/monitoring/dashboards';
import { knownMetrics } from '../../src/monitoring/metric-catalog';
import { parsePromQL } from '../support/promql';
import { newChart, synthValid } from '../support/synth';
import { fullMonitoringStack } from '../support/topology';


describe('GrafanaDashboards', () => {
  test('four dashboards as ConfigMaps the Grafana sidecar picks up', () => {
    const { chart } = newChart('monitoring');
    new GrafanaDashboards(chart, 'Dashboards', { folder: 'PostgreSQL' });
    const maps = synthValid(chart);
    expect(maps.map((m) => m.metadata.name)).toEqual([
      // written in a canonical order (by kind and name), whatever the order of creation
      'zalando-pg-backups-dashboard', 'zalando-pg-overview-dashboard', 'zalando-pg-pooler-dashboard', 'zalando-pg-replication-dashboard',
    ]);
    for (const m of maps) {
      expect(m.kind).toBe('ConfigMap');
      expect(m.metadata.namespace).toBe('monitoring');
      expect(m.metadata.labels).toEqual({ grafana_dashboard: '1' });
      expect(m.metadata.annotations).toEqual({ grafana_folder: 'PostgreSQL' });
      const [key] = Object.keys(m.data);
      const dashboard = JSON.parse(m.data[key]);
      expect(key).toBe(`${dashboard.uid}.json`);
      expect(dashboard.templating.list.map((v: any) => v.name)).toEqual(['datasource', 'namespace', 'cluster']);
      expect(dashboard.panels.length).toBeGreaterThan(3);
    }
  });

  test('every dashboard query parses and reads only metrics of the pinned exporters or the recording rules', () => {
    const known = knownMetrics();
    const recorded = new Set(fullMonitoringStack().stack.ruleGroups.groups.flatMap((g) => g.rules).filter((r) => r.record).map((r) => r.record!));
    const problems: string[] = [];
    for (const [uid, d] of Object.entries(DASHBOARDS)) {
      for (const panel of d.panels) {
        for (const [expr] of panel.targets) {
          const parsed = parsePromQL(expr);
          problems.push(...parsed.errors.map((e) => `${uid}/${panel.title}: ${e}`));
          for (const m of parsed.metrics) if (!known.has(m) && !recorded.has(m)) problems.push(`${uid}/${panel.title}: unknown metric ${m}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('runbooks', () => {
  test('every alert has a section in runbooks/postgres.md, the file its runbook_url points to', () => {
    const text: string = fs.readFileSync(`${__dirname}/../../runbooks/postgres.md`, 'utf-8');
    const headings = new Set([...text.matchAll(/^## (\w+)$/gm)].map((m) => m[1]));
    const { stack } = fullMonitoringStack();
    expect(stack.alertNames.filter((a) => !headings.has(a))).toEqual([]);
    expect([...headings].filter((h) => !stack.alertNames.includes(h))).toEqual([]);
    const urls = stack.ruleGroups.groups.flatMap((g) => g.rules).filter((r) => r.alert).map((r) => r.annotations!.runbook_url);
    for (const u of urls) expect(u).toMatch(/\/blob\/main\/runbooks\/postgres\.md#[a-z]+$/);
  });
});

describe('README', () => {
  test('the alert table is generated from the code (npx projen docs:alerts)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readmeWithTable } = require('../../scripts/alert-table');
    const readme = fs.readFileSync(`${__dirname}/../../README.md`, 'utf-8');
    expect(readme).toContain('| [PatroniReplicaNotStreaming](runbooks/postgres.md#patronireplicanotstreaming) | warning | 5m | with replicas |');
    expect(readmeWithTable(readme)).toEqual(readme);
  });
});
