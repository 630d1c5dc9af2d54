/**
 * The name budget (src/cluster/naming.ts) at each limit: every name the operator, Kubernetes or this library
 * derives from the cluster name, and the logical backup CronJob name the operator cuts. Expected lengths are
 * counted by hand from the upstream rules (ZALANDO-FACTS §b.2, §g.6; pkg/cluster/util.go trimCronjobName).
 */
import { Chart } from 'cdk8s';
import { Cluster, MonitoringStack, MonitorKind } from '../../src';
import { DERIVED_NAMES, logicalBackupJobName, nameBudget, NameBudgetFacts } from '../../src/cluster/naming';
import { newChart, synthValid } from '../support/synth';

/** A DNS-1035 cluster name of exactly `length` characters with the team prefix. */
const nameOf = (length: number) => `acid-${'x'.repeat(length - 5)}`;

/** Hand-counted: what each derived name adds to the cluster name, and its limit (DNS-1123/1035 labels: 63). */
const HAND: Record<string, { extra: number; limit: number; features: NameBudgetFacts }> = {
  // controller-revision-hash=<statefulset>-<10 characters> (kubernetes/kubernetes#64023)
  '<c>-<revision hash>': { extra: '-'.length + 10, limit: 63, features: { primaryPooler: false, replicaPooler: false, metricsService: false } },
  '<c>-repl': { extra: '-repl'.length, limit: 63, features: { primaryPooler: false, replicaPooler: false, metricsService: false } },
  // connection_pooler.go:396-405: the pooler auth Secret volume
  '<c>-pooler-u': { extra: '-pooler-u'.length, limit: 63, features: { primaryPooler: true, replicaPooler: false, metricsService: false } },
  '<c>-pooler-repl-u': { extra: '-pooler-repl-u'.length, limit: 63, features: { primaryPooler: false, replicaPooler: true, metricsService: false } },
  '<c>-metrics': { extra: '-metrics'.length, limit: 63, features: { primaryPooler: false, replicaPooler: false, metricsService: true } },
};

/** Builds a cluster of `name` with the features, as a user would (the pooler and monitoring add-ons). */
function build(chart: Chart, name: string, f: NameBudgetFacts): void {
  const cluster = new Cluster(chart, 'main', { teamId: 'acid', name });
  if (f.primaryPooler || f.replicaPooler) cluster.addConnectionPooler({ primary: f.primaryPooler, replica: f.replicaPooler });
  if (f.metricsService) new MonitoringStack(chart, 'Monitoring', { cluster, monitorKind: MonitorKind.SERVICE_MONITOR });
}

function attempt(length: number, f: NameBudgetFacts): void {
  const { chart } = newChart();
  build(chart, nameOf(length), f);
  synthValid(chart);
}

describe('every derived name of the budget', () => {
  test('the budget lists exactly the hand-counted names', () => {
    expect(Object.fromEntries(DERIVED_NAMES.map((d) => [d.template, { extra: d.extra, limit: d.limit }])))
      .toEqual(Object.fromEntries(Object.entries(HAND).map(([t, h]) => [t, { extra: h.extra, limit: h.limit }])));
  });

  test.each(Object.entries(HAND))('%s: the features listed for it derive it', (template, h) => {
    const d = DERIVED_NAMES.find((x) => x.template === template)!;
    expect(d.when(h.features)).toBe(true);
  });

  /** Which names exist with these features (ZALANDO-FACTS §b.2: the replica Service always, the pooler volumes with their pooler). */
  const exists = (template: string, f: NameBudgetFacts) => ({
    '<c>-<revision hash>': true, '<c>-repl': true, '<c>-pooler-u': f.primaryPooler, '<c>-pooler-repl-u': f.replicaPooler, '<c>-metrics': f.metricsService,
  } as Record<string, boolean>)[template];

  test.each(Object.entries(HAND))('%s: with the features that derive it, the longest name allowed synthesizes, one character more is ZPG-NAME-LENGTH', (_template, h) => {
    // the binding limit: the shortest maximum of the names that exist (the revision hash binds whenever nothing shorter does)
    const max = Math.min(...Object.entries(HAND).filter(([t]) => exists(t, h.features)).map(([, x]) => x.limit - x.extra));
    expect(nameBudget(h.features).maxLength).toBe(max);
    expect(() => attempt(max, h.features)).not.toThrow();
    expect(() => attempt(max + 1, h.features)).toThrow(new RegExp(`^ZPG-NAME-LENGTH \\[test/main\\] name: the cluster name is ${max + 1} characters long`));
  });

  test('the binding entries: 52 without a replica pooler (revision hash), 49 with one', () => {
    expect(nameBudget({ primaryPooler: true, replicaPooler: false, metricsService: true })).toMatchObject({ maxLength: 52, binding: { template: '<c>-<revision hash>' } });
    expect(nameBudget({ primaryPooler: true, replicaPooler: true, metricsService: true })).toMatchObject({ maxLength: 49, binding: { template: '<c>-pooler-repl-u' } });
  });
});

describe('logicalBackupJobName: the operator cuts logical-backup-<c> to 52 characters', () => {
  test('up to 37 characters the name is kept (15 + 37 = 52)', () => {
    expect(logicalBackupJobName(nameOf(37))).toBe(`logical-backup-${nameOf(37)}`);
    expect(logicalBackupJobName(nameOf(37))).toHaveLength(52);
    expect(logicalBackupJobName('acid-main')).toBe('logical-backup-acid-main');
  });

  test('longer names are cut to 52', () => {
    const name = nameOf(52);
    expect(logicalBackupJobName(name)).toBe(`logical-backup-${name}`.slice(0, 52));
    expect(logicalBackupJobName(name)).toHaveLength(52);
  });

  test('a cut that ends in "-" loses the trailing dashes (strings.TrimRight)', () => {
    // character 52 of the job name is character 37 of the cluster name
    const name = `acid-${'a'.repeat(30)}--bbbb`;
    expect([name[35], name[36]]).toEqual(['-', '-']);
    expect(logicalBackupJobName(name)).toBe(`logical-backup-acid-${'a'.repeat(30)}`);
    expect(logicalBackupJobName(name)).toHaveLength(50);
  });

  test('another logical_backup_job_prefix', () => {
    expect(logicalBackupJobName('acid-main', 'dump-')).toBe('dump-acid-main');
    expect(logicalBackupJobName(nameOf(52), 'dump-')).toBe(`dump-${nameOf(52)}`.slice(0, 52));
  });
});
