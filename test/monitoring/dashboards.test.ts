import * as fs from 'fs';
import { BackupCredentials, BackupStorage, Cluster, DASHBOARDS, GrafanaDashboards, knownMetrics, MonitoringStack, WalgBackup } from '../../src';
import { parsePromQL } from '../support/promql';
import { newChart, synthValid } from '../support/synth';

const RECORDED = new Set(['pg:connections:utilization', 'patroni:replica_replay_lag_bytes']);

describe('GrafanaDashboards', () => {
  test('four dashboards as ConfigMaps the Grafana sidecar picks up', () => {
    const { chart } = newChart('monitoring');
    new GrafanaDashboards(chart, 'Dashboards', { folder: 'PostgreSQL' });
    const maps = synthValid(chart);
    expect(maps.map((m) => m.metadata.name)).toEqual([
      'zalando-pg-overview-dashboard', 'zalando-pg-replication-dashboard', 'zalando-pg-pooler-dashboard', 'zalando-pg-backups-dashboard',
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
    const problems: string[] = [];
    for (const [uid, d] of Object.entries(DASHBOARDS)) {
      for (const panel of d.panels) {
        for (const [expr] of panel.targets) {
          const parsed = parsePromQL(expr);
          problems.push(...parsed.errors.map((e) => `${uid}/${panel.title}: ${e}`));
          for (const m of parsed.metrics) if (!known.has(m) && !RECORDED.has(m)) problems.push(`${uid}/${panel.title}: unknown metric ${m}`);
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
    const { chart } = newChart();
    const cluster = new Cluster(chart, 'main', { teamId: 'acid', logicalBackup: {}, patroni: { synchronousMode: true, failsafeMode: true } });
    new WalgBackup(chart, 'B', { cluster, storage: BackupStorage.s3({ bucket: 'b', region: 'r' }), credentials: BackupCredentials.awsIrsa('arn:aws:iam::1:role/r') });
    cluster.addConnectionPooler({ replica: true });
    const stack = new MonitoringStack(chart, 'M', { cluster, walgExporter: { image: 'example/walg-exporter@sha256:00' } });
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
