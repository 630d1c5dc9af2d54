/**
 * DrillAdmissionPolicy: the ValidatingAdmissionPolicy and its binding validate against the Kubernetes schemas, and
 * their CEL is evaluated (with @bufbuild/cel) the way the API server evaluates it for a CREATE of a `postgresql`:
 * a drill's ServiceAccount may create its own clone (the manifest the drill's script applies) and nothing else;
 * other users are not matched. One test per validation rule.
 */
import { run } from '@bufbuild/cel';
import { App, Chart, Size, Testing } from 'cdk8s';
import { BackupCredentials, BackupStorage, Cluster, DrillAdmissionPolicy, PostgresVersion, RestoreDrill, RuleCode, UpgradeRehearsal, WalgBackup } from '../../src';
import { expectRule, thrownBy } from '../support/rules';
import { expectValid } from '../support/schema';

const PLACEHOLDER = '1970-01-01T00:00:00+00:00';

interface Fleet {
  readonly app: App;
  readonly platform: Chart;
  readonly drills: RestoreDrill[];
}

/** Two namespaces, a drill in each and an upgrade rehearsal in one. */
function fleet(): Fleet {
  const app = Testing.app();
  const drills: RestoreDrill[] = [];
  for (const ns of ['shop', 'billing']) {
    const chart = new Chart(app, ns, { namespace: ns });
    const cluster = new Cluster(chart, 'db', { teamId: 'acid', name: `acid-${ns}`, version: PostgresVersion.V16 });
    new WalgBackup(chart, 'backup', { cluster, storage: BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-west-1' }), credentials: BackupCredentials.fromSecret('aws-creds') });
    drills.push(new RestoreDrill(chart, 'drill', { cluster, storage: Size.gibibytes(20) }));
    if (ns === 'shop') drills.push(new UpgradeRehearsal(chart, 'rehearsal', { cluster, storage: Size.gibibytes(20), upgradeTo: PostgresVersion.V17 }));
  }
  return { app, platform: new Chart(app, 'platform'), drills };
}

/** CEL values: maps for objects (the evaluator reads plain objects as messages). */
const cel = (v: any): any => (Array.isArray(v) ? v.map(cel) : v && typeof v === 'object' ? new Map(Object.entries(v).map(([k, x]) => [k, cel(x)])) : v);

/** What the API server decides for a CREATE of `object` by `username`: not matched, allowed, or the failed messages. */
function admit(policy: any, username: string, object: any): 'not matched' | 'allowed' | string[] {
  const spec = policy.spec;
  const request = cel({ operation: 'CREATE', userInfo: { username }, namespace: object.metadata.namespace });
  const vars = { request, object: cel(object) };
  const rule = spec.matchConstraints.resourceRules[0];
  const kind = object.apiVersion.split('/')[0];
  if (!rule.apiGroups.includes(kind) || !rule.operations.includes('CREATE') || !rule.resources.includes('postgresqls')) return 'not matched';
  if (!spec.matchConditions.every((c: any) => run(c.expression, vars) === true)) return 'not matched';
  const failed = spec.validations.filter((v: any) => run(v.expression, vars) !== true).map((v: any) => v.message);
  return failed.length ? failed : 'allowed';
}

/** The clone manifest a drill's script applies (from its ConfigMap). */
function cloneManifest(objects: any[], drill: RestoreDrill): any {
  const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === drill.cloneName && o.metadata.namespace === drill.namespaceName);
  return JSON.parse(cm.data['clone.json'].replace(PLACEHOLDER, '2026-04-11T14:30:00+00:00'));
}

const sa = (d: RestoreDrill) => `system:serviceaccount:${d.namespaceName}:${d.cloneName}`;

describe('the policy', () => {
  const { app, platform, drills } = fleet();
  new DrillAdmissionPolicy(platform, 'drills', { drills });
  app.synth();
  const objects = app.charts.flatMap((c) => c.toJson());
  const policy = objects.find((o) => o.kind === 'ValidatingAdmissionPolicy');
  const binding = objects.find((o) => o.kind === 'ValidatingAdmissionPolicyBinding');

  test('a cluster-scoped policy and binding, valid against the Kubernetes schemas', () => {
    expect(drills.map((d) => d.cloneName)).toEqual(['acid-shop-drill', 'acid-shop-upgrade', 'acid-billing-drill']);
    expectValid([policy, binding]);
    expect(policy.metadata).toEqual({ name: 'postgres-restore-drills' });
    expect(binding).toMatchObject({ metadata: { name: 'postgres-restore-drills' }, spec: { policyName: 'postgres-restore-drills', validationActions: ['Deny'] } });
    expect(policy.spec.failurePolicy).toBe('Fail');
    expect(policy.spec.matchConstraints.resourceRules).toEqual([{ apiGroups: ['acid.zalan.do'], apiVersions: ['*'], operations: ['CREATE'], resources: ['postgresqls'] }]);
  });

  test("each drill's ServiceAccount may create the clone its script applies", () => {
    for (const d of drills) {
      const clone = cloneManifest(objects, d);
      expect(clone.metadata.name).toBe(d.cloneName);
      expect(admit(policy, sa(d), clone)).toBe('allowed');
    }
  });

  test('and nothing else: another name (another drill\'s clone, the source cluster) or a clone without the label', () => {
    const [shop, upgrade, billing] = drills;
    const clone = cloneManifest(objects, shop);
    const renamed = (name: string) => ({ ...clone, metadata: { ...clone.metadata, name, labels: { 'postgres.cdk8s.io/restore-drill': name } } });
    expect(admit(policy, sa(shop), renamed('acid-shop'))).toEqual(['a restore drill may create only its own clone']);
    expect(admit(policy, sa(shop), renamed(upgrade.cloneName))).toEqual(['a restore drill may create only its own clone']);
    expect(admit(policy, sa(billing), clone)).toEqual(['a restore drill may create only its own clone']);
    const mislabelled = { ...clone, metadata: { ...clone.metadata, labels: { 'postgres.cdk8s.io/restore-drill': billing.cloneName } } };
    expect(admit(policy, sa(shop), mislabelled)).toEqual(["a restore drill's clone carries the label postgres.cdk8s.io/restore-drill: <clone name>"]);
    const unlabelled = { ...clone, metadata: { ...clone.metadata, labels: undefined } };
    expect(admit(policy, sa(shop), unlabelled)).toEqual(["a restore drill's clone carries the label postgres.cdk8s.io/restore-drill: <clone name>"]);
  });

  test('other users are not matched', () => {
    const clone = cloneManifest(objects, drills[0]);
    expect(admit(policy, 'system:serviceaccount:shop:deployer', { ...clone, metadata: { ...clone.metadata, name: 'acid-anything' } })).toBe('not matched');
    expect(admit(policy, 'alice@example.org', clone)).toBe('not matched');
  });

  test('the order of drills does not change the YAML', () => {
    const other = fleet();
    new DrillAdmissionPolicy(other.platform, 'drills', { drills: [...other.drills].reverse() });
    expect(Testing.synth(other.platform)).toEqual(Testing.synth(platform));
  });
});

describe('validation rules', () => {
  const errorOf = (build: (f: Fleet) => void): any => thrownBy(() => build(fleet()));
  test.each([
    ['a chart with a namespace', (f: Fleet) => new DrillAdmissionPolicy(f.drills[0].node.scope!, 'drills', { drills: f.drills }),
      'shop/drills', 'scope: a ValidatingAdmissionPolicy and its binding are cluster-scoped', 'Got: chart namespace "shop"'],
    ['no drills', (f: Fleet) => new DrillAdmissionPolicy(f.platform, 'drills', { drills: [] }),
      'platform/drills', 'drills: the policy needs the drills', 'Fix: pass the drills'],
    ['a name that is not a DNS subdomain', (f: Fleet) => new DrillAdmissionPolicy(f.platform, 'drills', { drills: f.drills, name: 'Drills!' }),
      'platform/drills', 'name: not a name for a ValidatingAdmissionPolicy', 'Got: "Drills!"'],
  ] as Array<[string, (f: Fleet) => void, string, string, string]>)('%s', (_name, build, path, said, fragment) => {
    const e = errorOf(build);
    expectRule(e, RuleCode.DRILL_INVALID, path, [fragment]);
    // what the message says first, right after the code and path
    expect(e.message.startsWith(`${RuleCode.DRILL_INVALID} [${path}] ${said}`)).toBe(true);
  });
});
