/**
 * The plan command end to end: two directories synthesized with the library, and two git revisions of a
 * temporary repository; the table, the Markdown, the JSON and the exit codes.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { Cluster, PostgresVersion } from '../../src';
import { main } from '../../src/plan/cli';

const ROOT = path.resolve(__dirname, '..', '..');

/** Synthesizes the "before" (stage 1) or "after" (stage 2) app into a directory. */
function synth(dir: string, stage: 1 | 2): void {
  const app = new App({ outdir: dir });
  const chart = new Chart(app, 'databases', { namespace: 'db' });
  new Cluster(chart, 'orders', {
    name: 'acid-orders',
    teamId: 'acid',
    instances: stage === 1 ? 2 : 3,
    version: PostgresVersion.V16,
    parameters: { max_connections: stage === 1 ? '100' : '200' },
    autoTune: false, // only the parameters written here (tuning derives work_mem from the instance count)
  });
  if (stage === 1) new Cluster(chart, 'legacy', { name: 'acid-legacy', teamId: 'acid', instances: 1, deletionProtection: false });
  new Cluster(chart, 'kept', { name: 'acid-kept', teamId: 'acid', instances: 1 });
  app.synth();
}

function cli(args: string[], cwd?: string): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(args, { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd });
  return { code, out, err };
}

let tmp: string;
let before: string;
let after: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-cli-'));
  before = path.join(tmp, 'before');
  after = path.join(tmp, 'after');
  synth(before, 1);
  synth(after, 2);
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** What stage 1 -> stage 2 does, read off CHANGE-FACTS: */
function expectStagePlan(json: any): void {
  const byName = Object.fromEntries(json.clusters.map((c: any) => [c.name, c]));
  // §5: acid-legacy is removed without deletion protection, operator defaults delete its PVCs
  expect(byName['acid-legacy'].change).toBe('deleted');
  expect(byName['acid-legacy'].consequences.map((c: any) => [c.severity, c.field])).toEqual([['deletes-data', 'metadata.name']]);
  // §1: max_connections is a postmaster parameter (restart, replicas first, primary in place); 2 -> 3 pods
  expect(byName['acid-orders'].change).toBe('changed');
  expect(byName['acid-orders'].consequences.map((c: any) => [c.severity, c.field])).toEqual([
    ['restarts-primary-in-place', 'spec.postgresql.parameters.max_connections'],
    ['applied-in-place', 'spec.numberOfInstances'],
  ]);
  expect(byName['acid-kept'].change).toBe('unchanged');
  expect(json.highest).toBe('deletes-data');
  expect(json.summary).toEqual({ 'deletes-data': 1, 'restarts-primary-in-place': 1, 'applied-in-place': 1 });
}

describe('plan on two synthesized directories', () => {
  test('json', () => {
    const r = cli(['plan', before, after, '--format', 'json']);
    expect(r.code).toBe(0);
    expectStagePlan(JSON.parse(r.out));
  });

  test('table', () => {
    const r = cli(['plan', before, after]);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('Change plan: 3 cluster(s), 2 changed; highest: DELETES DATA');
    expect(lines).toContain('db/acid-legacy  DELETED');
    expect(lines).toContain('db/acid-orders  CHANGED');
    expect(r.out).toMatch(/\n {2}RESTARTS PRIMARY IN PLACE +spec\.postgresql\.parameters\.max_connections +PATCH \/config/);
    expect(r.out).toMatch(/\n {2}DELETES DATA +metadata\.name +deleted: /);
    expect(r.out).toMatch(/unchanged: db\/acid-kept/);
    // most severe first within a cluster and across clusters
    expect(r.out.indexOf('DELETES DATA ')).toBeLessThan(r.out.indexOf('RESTARTS PRIMARY IN PLACE '));
  });

  test('markdown', () => {
    const r = cli(['plan', before, after, '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^## Database change plan\n\n\*\*Highest: DELETES DATA\*\* \(1 deletes-data, 1 restarts-primary-in-place, 1 applied-in-place\)/);
    expect(r.out).toContain('### `db/acid-orders`: changed');
    expect(r.out).toContain('| Severity | Field | What happens | Safer way |');
    expect(r.out).toMatch(/\| \*\*RESTARTS PRIMARY IN PLACE\*\* \| `spec\.postgresql\.parameters\.max_connections` \| PATCH \/config.* \[100 -> 200\] \| merge it when/);
    expect(r.out).toContain('Unchanged: `db/acid-kept`');
  });

  test('exit codes: --fail-on', () => {
    expect(cli(['plan', before, after, '--fail-on', 'promotes,outage']).code).toBe(0);
    const hit = cli(['plan', before, after, '--fail-on', 'promotes,deletes-data', '--format', 'json']);
    expect(hit.code).toBe(2);
    expect(hit.err).toBe('plan: failing on deletes-data\n');
    expect(cli(['plan', before, after, '--fail-on', 'any']).code).toBe(2);
    expect(cli(['plan', after, after, '--fail-on', 'any']).code).toBe(0);
  });

  test('exit code 1 for bad input', () => {
    const unknown = cli(['plan', before, after, '--fail-on', 'explodes']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/unknown severity explodes/);
    expect(cli(['plan', before]).code).toBe(1);
    expect(cli(['plan', path.join(tmp, 'missing'), after]).err).toMatch(/no such directory or file, and not a git revision/);
    expect(cli(['frobnicate']).code).toBe(1);
  });

  test('--operator-settings: volumes kept when enable_persistent_volume_claim_deletion is false', () => {
    const settings = path.join(tmp, 'operator.yaml');
    fs.writeFileSync(settings, 'apiVersion: acid.zalan.do/v1\nkind: OperatorConfiguration\nmetadata:\n  name: postgres-operator\nconfiguration:\n  kubernetes:\n    enable_persistent_volume_claim_deletion: false\n');
    const r = cli(['plan', before, after, '--format', 'json', '--operator-settings', settings, '--fail-on', 'deletes-data']);
    expect(r.code).toBe(0);
    const legacy = JSON.parse(r.out).clusters.find((c: any) => c.name === 'acid-legacy');
    expect(legacy.consequences.map((c: any) => c.severity)).toEqual(['outage']);
    expect(JSON.parse(r.out).notes).toContain('operator settings: OperatorConfiguration postgres-operator');
  });

  test('ZPG-PLAN-DUPLICATE-CLUSTER: two environments in one directory are an input error', () => {
    const both = path.join(tmp, 'both');
    fs.mkdirSync(both);
    fs.cpSync(before, path.join(both, 'staging'), { recursive: true });
    fs.cpSync(before, path.join(both, 'production'), { recursive: true });
    const r = cli(['plan', both, after]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: ZPG-PLAN-DUPLICATE-CLUSTER \[plan\/before\] metadata.name: two postgresql objects have this namespace and name.*Got: db\/acid-kept\. Fix: plan each environment's folder separately/);
  });

  test('--output writes the file', () => {
    const file = path.join(tmp, 'plan.md');
    const r = cli(['plan', before, after, '--format', 'markdown', '--output', file]);
    expect(r.out).toBe('');
    expect(fs.readFileSync(file, 'utf-8')).toMatch(/^## Database change plan/);
  });

  test('the command runs as its own process and sets the exit code', () => {
    // the bin wrapper requires lib/src/plan/cli.js; here the same main() runs from the TypeScript source
    const script = `require('ts-node').register({ transpileOnly: true, project: ${JSON.stringify(path.join(ROOT, 'tsconfig.json'))} });`
      + `process.exitCode = require(${JSON.stringify(path.join(ROOT, 'src', 'plan', 'cli.ts'))}).main(process.argv.slice(1));`;
    const p = spawnSync(process.execPath, ['-e', script, 'plan', before, after, '--fail-on', 'deletes-data', '--format', 'json'], { encoding: 'utf-8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(p.status).toBe(2);
    expectStagePlan(JSON.parse(p.stdout));
    expect(fs.readFileSync(path.join(ROOT, 'bin', 'cdk8s-zalando-postgres'), 'utf-8')).toMatch(/^#!\/usr\/bin\/env node\n[\s\S]*require\('\.\.\/lib\/src\/plan\/cli\.js'\)\.main\(process\.argv\.slice\(2\)\)/);
  });
});

describe('plan on two git revisions', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf-8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });

  beforeAll(() => {
    repo = path.join(tmp, 'repo');
    fs.mkdirSync(repo);
    git('init', '-q', '-b', 'main');
    fs.cpSync(before, path.join(repo, 'dist'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'README.md'), 'not yaml\n');
    git('add', '-A');
    git('commit', '-qm', 'stage 1');
    fs.rmSync(path.join(repo, 'dist'), { recursive: true });
    fs.cpSync(after, path.join(repo, 'dist'), { recursive: true });
    git('add', '-A');
    git('commit', '-qm', 'stage 2');
  });

  test('<rev>:<path> on both sides', () => {
    const r = cli(['plan', 'HEAD~1:dist', 'HEAD:dist', '--format', 'json', '-C', repo]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expectStagePlan(JSON.parse(r.out));
  });

  test('a revision against the work tree, from a subdirectory', () => {
    const sub = path.join(repo, 'dist');
    const r = cli(['plan', 'main~1:dist', '.', '--format', 'markdown', '--fail-on', 'deletes-data'], sub);
    expect(r.code).toBe(2);
    expect(r.out).toContain('### `db/acid-legacy`: deleted');
  });

  test('an unknown revision is an input error', () => {
    const r = cli(['plan', 'nope:dist', 'HEAD:dist', '-C', repo]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: /);
  });

  test('"-" is an empty side: everything is created', () => {
    const r = cli(['plan', '-', 'HEAD:dist', '--format', 'json', '-C', repo]);
    const json = JSON.parse(r.out);
    expect(json.clusters.map((c: any) => [c.name, c.change])).toEqual([['acid-kept', 'created'], ['acid-orders', 'created']]);
    expect(json.summary).toEqual({ creates: 2 });
  });
});
