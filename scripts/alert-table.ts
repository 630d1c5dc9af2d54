/**
 * Generates the README's alert table from the code (`npx projen docs:alerts`); a test fails when the README
 * and the code disagree.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { BackupCredentials, BackupStorage, Cluster, ClusterProps, MonitoringStack, WalgBackup } from '../src';

const START = '<!-- alerts:start -->';
const END = '<!-- alerts:end -->';

function alerts(props: Partial<ClusterProps>, backup = false, pooler = false, walgExporter = false) {
  const chart = new Chart(Testing.app(), 'doc', { namespace: 'db' });
  const cluster = new Cluster(chart, 'main', { teamId: 'acid', ...props });
  if (backup) new WalgBackup(chart, 'B', { cluster, storage: BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-west-1' }), credentials: BackupCredentials.awsIrsa('arn:aws:iam::123456789012:role/r') });
  if (pooler) cluster.addConnectionPooler();
  return new MonitoringStack(chart, 'M', { cluster, walgExporter: walgExporter ? { image: `ghcr.io/example/walg-exporter@sha256:${'0'.repeat(64)}` } : undefined });
}

/** The markdown table of every alert: name, severity, for, when it is emitted, summary. */
export function alertTable(): string {
  const base = new Set(alerts({ instances: 1 }).alertNames);
  const variants: Array<[string, Set<string>]> = [
    ['with replicas', new Set(alerts({ instances: 3 }).alertNames)],
    ['synchronous mode', new Set(alerts({ instances: 3, patroni: { synchronousMode: true } }).alertNames)],
    ['failsafe mode', new Set(alerts({ instances: 1, patroni: { failsafeMode: true } }).alertNames)],
    ['WalgBackup', new Set(alerts({ instances: 1 }, true).alertNames)],
    ['logical backups', new Set(alerts({ instances: 1, logicalBackup: {} }).alertNames)],
    ['a pooler', new Set(alerts({ instances: 1 }, false, true).alertNames)],
    ['`walgExporter`', new Set(alerts({ instances: 1 }, true, false, true).alertNames)],
  ];
  const full = alerts({ instances: 3, logicalBackup: {}, patroni: { synchronousMode: true, failsafeMode: true } }, true, true, true);
  const rows = full.ruleGroups.groups.flatMap((g) => g.rules).filter((r) => r.alert).map((r) => {
    const when = base.has(r.alert!) ? 'always' : variants.filter(([, set]) => set.has(r.alert!)).map(([name]) => name)[0] ?? 'with replicas and synchronous mode';
    const summary = r.annotations!.summary.replace(/\|/g, '\\|');
    return `| [${r.alert}](runbooks/postgres.md#${r.alert!.toLowerCase()}) | ${r.labels!.severity} | ${r.for ?? '-'} | ${when} | ${summary} |`;
  });
  return ['| alert | severity | for | emitted | summary |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** The README with the table between the markers replaced. */
export function readmeWithTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} ... ${END} markers`);
  return `${readme.slice(0, start + START.length)}\n${alertTable()}\n${readme.slice(end)}`;
}

if (require.main === module) {
  const file = path.join(__dirname, '..', 'README.md');
  fs.writeFileSync(file, readmeWithTable(fs.readFileSync(file, 'utf-8')));
  console.log('README.md: alert table regenerated');
}
