/**
 * Generates the README's alert table from the code (`npx projen docs:alerts`); a test fails when the README
 * and the code disagree. The rules are built from explicit topologies (what a MonitoringStack derives from its
 * cluster) and the FleetMonitoring defaults, so the table does not depend on how the constructs are wired.
 */
import * as fs from 'fs';
import * as path from 'path';
import { replaceBetweenMarkers } from './readme-markers';
import { buildFleetRules, FLEET_DEFAULTS } from '../src/monitoring/fleet-rules';
import { PromRule } from '../src/monitoring/prom-rule';
import { buildRules, ClusterTopology } from '../src/monitoring/rules';
import { defaultRunbookUrl } from '../src/project-info';

const START = '<!-- alerts:start -->';
const END = '<!-- alerts:end -->';
const RUNBOOKS = 'runbooks/postgres.md';

/** The smallest topology: one instance, nothing optional. */
const BASE: ClusterTopology = {
  namespace: 'db', cluster: 'acid-main', instances: 1, synchronousMode: false, synchronousNodeCount: 1,
  maximumLagOnFailoverBytes: 33554432, patroniTtlSeconds: 30, failsafeMode: false, primaryPooler: false, replicaPooler: false,
  walArchiving: false, walgExporter: false, logicalBackup: false, pgMajor: 17,
};

const alertsOf = (t: Partial<ClusterTopology>): PromRule[] =>
  buildRules({ ...BASE, ...t }, {}, RUNBOOKS).groups.flatMap((g) => g.rules).filter((r) => r.alert);

/** The markdown table of every alert: name, severity, for, when it is emitted, summary. */
export function alertTable(): string {
  const names = (t: Partial<ClusterTopology>) => new Set(alertsOf(t).map((r) => r.alert!));
  const base = names({});
  const variants: Array<[string, Set<string>]> = [
    ['with replicas', names({ instances: 3 })],
    ['synchronous mode', names({ instances: 3, synchronousMode: true })],
    ['failsafe mode', names({ failsafeMode: true })],
    ['WalgBackup', names({ walArchiving: true })],
    ['logical backups', names({ logicalBackup: true })],
    ['a pooler', names({ primaryPooler: true })],
    ['`walgExporter`', names({ walArchiving: true, walgExporter: true })],
  ];
  const full = alertsOf({ instances: 3, synchronousMode: true, failsafeMode: true, walArchiving: true, walgExporter: true, logicalBackup: true, primaryPooler: true, replicaPooler: true });
  const fleet = buildFleetRules({ operatorNamespace: 'postgres-operator', operatorDeployment: 'postgres-operator', ...FLEET_DEFAULTS }, RUNBOOKS)
    .groups.flatMap((g) => g.rules).filter((r) => r.alert);
  const row = (r: PromRule, when: string) => {
    const summary = r.annotations!.summary.replace(/\|/g, '\\|');
    return `| [${r.alert}](${defaultRunbookUrl()}#${r.alert!.toLowerCase()}) | ${r.labels!.severity} | ${r.forDuration ?? '-'} | ${when} | ${summary} |`;
  };
  const rows = [
    ...full.map((r) => row(r, base.has(r.alert!) ? 'always' : variants.filter(([, set]) => set.has(r.alert!)).map(([name]) => name)[0] ?? 'with replicas and synchronous mode')),
    ...fleet.map((r) => row(r, 'FleetMonitoring')),
  ];
  return ['| alert | severity | for | emitted | summary |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** The README with the table between the markers replaced. */
export function readmeWithTable(readme: string): string {
  return replaceBetweenMarkers(readme, START, END, alertTable());
}

if (require.main === module) {
  const file = path.join(__dirname, '..', 'README.md');
  fs.writeFileSync(file, readmeWithTable(fs.readFileSync(file, 'utf-8')));
  console.log('README.md: alert table regenerated');
}
