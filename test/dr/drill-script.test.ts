/**
 * The restore drill's script, as rendered into its ConfigMap and run with its CronJob's environment: checked with
 * shellcheck and run by dash (a POSIX sh, like the busybox ash of the drill image) against a real PostgreSQL server
 * (Debian's 15) standing in for the clone, with `kubectl` and `wget` replaced by stand-ins that record their calls.
 */
import { execFileSync, spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { Duration, Size } from 'cdk8s';
import { BackupCredentials, BackupStorage, Cluster, PostgresVersion, WalgBackup } from '../../src';
import { DrillCheck } from '../../src/dr/drill-check';
import { RestoreDrill } from '../../src/dr/restore-drill';
import { newChart, only, synthValid } from '../support/synth';

/** Debian's PostgreSQL server binaries: 15 where installed (this machine), else the newest (CI installs Debian's). */
function pgBin(): { bin: string; major: number } {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).map(Number).sort((a, b) => b - a) : [];
  if (!versions.length) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql: apt-get install postgresql (.ci/run does)');
  const major = versions.includes(15) ? 15 : versions[0];
  return { bin: path.join(root, `${major}`, 'bin'), major };
}
const { bin: PG_BIN, major: PG_MAJOR } = pgBin();
const PASSWORD = 'clone-superuser-pw';
const asRoot = process.getuid?.() === 0;

// --- the drill as the library renders it -----------------------------------------------------------------------

const CHECKSUM = crypto.createHash('md5').update('1,2,3').digest('hex');

function renderDrill() {
  const { chart } = newChart();
  // the clone's version is the server's, so that the drill's version check passes against it
  const cluster = new Cluster(chart, 'orders', { teamId: 'acid', version: PostgresVersion.of(PG_MAJOR) });
  new WalgBackup(chart, 'backup', {
    cluster,
    storage: BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-west-1' }),
    credentials: BackupCredentials.fromSecret('aws-creds'),
  });
  new RestoreDrill(chart, 'drill', {
    cluster,
    storage: Size.gibibytes(20),
    database: 'app',
    checks: [
      DrillCheck.minimumRows('public.orders', 3),
      DrillCheck.valueEquals('orders-checksum', 'SELECT md5(string_agg(id::text, \',\' ORDER BY id)) FROM orders;', CHECKSUM),
      DrillCheck.query('recent-events', 'SELECT max(ts) > now() - interval \'1 day\' FROM events'),
    ],
    freshnessQuery: 'SELECT max(ts) FROM events',
    rpo: Duration.hours(3),
  });
  const objects = synthValid(chart);
  const configMap = only(objects, 'ConfigMap', 'acid-orders-drill');
  const cronJob = only(objects, 'CronJob');
  const container = cronJob.spec.jobTemplate.spec.template.spec.containers[0];
  const env: Record<string, string> = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
  return { data: configMap.data as Record<string, string>, env, command: container.command as string[] };
}

/** Rendered in beforeAll (the core schemas are loaded by then). */
let drill: ReturnType<typeof renderDrill>;

// --- a PostgreSQL 15 server standing in for the clone ----------------------------------------------------------

function run(cmd: string, args: string[]) {
  const r = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf-8' }) : spawnSync(cmd, args, { encoding: 'utf-8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

let root: string;
let dataDir: string;
let port: number;

function psql(db: string, sql: string): string {
  const r = spawnSync(path.join(PG_BIN, 'psql'), ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', `${port}`, '-U', 'postgres', '-d', db, '-c', sql], {
    encoding: 'utf-8', env: { ...process.env, PGPASSWORD: PASSWORD, PGSSLMODE: 'disable' },
  });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  return r.stdout.trim();
}

beforeAll(async () => {
  drill = renderDrill();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-script-'));
  fs.chmodSync(root, 0o755);
  const pgRoot = path.join(root, 'pg');
  fs.mkdirSync(pgRoot);
  dataDir = path.join(pgRoot, 'data');
  const pwfile = path.join(pgRoot, 'pw');
  fs.writeFileSync(pwfile, `${PASSWORD}\n`);
  if (asRoot) execFileSync('chown', ['-R', 'postgres', pgRoot]);
  run(path.join(PG_BIN, 'initdb'), ['-D', dataDir, '--no-sync', '-A', 'scram-sha-256', '-U', 'postgres', `--pwfile=${pwfile}`]);
  port = await freePort();
  run(path.join(PG_BIN, 'pg_ctl'), ['-D', dataDir, '-w', '-l', path.join(pgRoot, 'log'), '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${pgRoot}`, 'start']);
  psql('postgres', 'CREATE DATABASE app');
  psql('app', 'CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders VALUES (1), (2), (3)');
  psql('app', 'CREATE TABLE events (ts timestamptz); INSERT INTO events SELECT now() - interval \'3 hours\'; INSERT INTO events SELECT now() - interval \'2 hours\'');
}, 120_000);

afterAll(() => {
  if (dataDir && fs.existsSync(dataDir)) spawnSync(asRoot ? 'runuser' : path.join(PG_BIN, 'pg_ctl'), asRoot ? ['-u', 'postgres', '--', path.join(PG_BIN, 'pg_ctl'), '-D', dataDir, '-w', '-m', 'fast', 'stop'] : ['-D', dataDir, '-w', '-m', 'fast', 'stop']);
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

// --- kubectl and wget stand-ins ----------------------------------------------------------------------------------

/** kubectl: a postgresql store of one object in $STUB/object.json, the operator's status in $STUB/status, a log of calls. */
const KUBECTL = `#!/usr/bin/env node
const fs = require('fs');
const path = require('path');
const dir = process.env.STUB;
const args = process.argv.slice(2);
fs.appendFileSync(path.join(dir, 'kubectl.log'), JSON.stringify(args) + '\\n');
const a = args[0] === '--namespace' ? args.slice(2) : args;
const objectFile = path.join(dir, 'object.json');
const exists = fs.existsSync(objectFile);
const out = (s) => process.stdout.write(s);
const notFound = (what) => { process.stderr.write('Error from server (NotFound): ' + what + ' not found\\n'); process.exit(1); };
const o = a.indexOf('-o') >= 0 ? a[a.indexOf('-o') + 1] : '';
if (a[0] === 'get' && a[1] === 'postgresql') {
  if (!exists) { if (a.includes('--ignore-not-found')) process.exit(0); notFound('postgresqls.acid.zalan.do ' + a[2]); }
  const obj = JSON.parse(fs.readFileSync(objectFile, 'utf-8'));
  if (o === 'jsonpath={.status.PostgresClusterStatus}') out(fs.existsSync(path.join(dir, 'status')) ? fs.readFileSync(path.join(dir, 'status'), 'utf-8').trim() : '');
  else if (o === 'jsonpath={.metadata.name}/{.metadata.labels.postgres\\\\.cdk8s\\\\.io/restore-drill}') out(obj.metadata.name + '/' + ((obj.metadata.labels || {})['postgres.cdk8s.io/restore-drill'] || ''));
  else if (o === 'name') out('postgresql.acid.zalan.do/' + obj.metadata.name + '\\n');
  else { process.stderr.write('stub: unexpected output ' + o + '\\n'); process.exit(2); }
} else if (a[0] === 'get' && a[1] === 'secret') {
  if (o !== 'jsonpath={.data.password}') process.exit(2);
  out(Buffer.from(process.env.STUB_PASSWORD).toString('base64'));
} else if (a[0] === 'get' && a[1] === 'persistentvolumeclaim') {
  process.exit(0);
} else if (a[0] === 'create' && a[1] === '-f' && a[2] === '-') {
  const manifest = fs.readFileSync(0, 'utf-8');
  if (exists) { process.stderr.write('AlreadyExists\\n'); process.exit(1); }
  fs.writeFileSync(path.join(dir, 'created.json'), manifest);
  fs.writeFileSync(objectFile, manifest);
} else if (a[0] === 'delete' && a[1] === 'postgresql') {
  fs.rmSync(objectFile, { force: true });
} else if (a[0] === 'delete' && a[1] === 'persistentvolumeclaim') {
  // recorded in the log
} else { process.stderr.write('stub: unexpected call ' + a.join(' ') + '\\n'); process.exit(2); }
`;

/** wget: records the URL and the posted body. */
const WGET = `#!/usr/bin/env node
const fs = require('fs');
const path = require('path');
const args = process.argv.slice(2);
const file = args.find((x) => x.startsWith('--post-file=')).slice('--post-file='.length);
const header = args[args.indexOf('--header') + 1];
fs.appendFileSync(path.join(process.env.STUB, 'pushes.log'), JSON.stringify({ url: args[args.length - 1], header, body: fs.readFileSync(file, 'utf-8') }) + '\\n');
`;

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  /** kubectl calls without `--namespace db`. */
  readonly calls: string[][];
  readonly pushes: Array<{ url: string; header: string; metrics: Record<string, number> }>;
  readonly created?: any;
  readonly objectLeft: boolean;
}

interface Scenario {
  readonly status?: string;
  readonly existing?: any;
  readonly env?: Record<string, string>;
  /** Sends SIGTERM this many ms after the start. */
  readonly terminateAfterMs?: number;
}

function parseMetrics(body: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of body.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [name, value] = line.split(' ');
    out[name] = Number(value);
  }
  return out;
}

async function runDrill(s: Scenario): Promise<Outcome> {
  const dir = fs.mkdtempSync(path.join(root, 'run-'));
  const stub = path.join(dir, 'stub');
  const bin = path.join(dir, 'bin');
  const drillDir = path.join(dir, 'drill');
  for (const d of [stub, bin, drillDir]) fs.mkdirSync(d);
  fs.writeFileSync(path.join(bin, 'kubectl'), KUBECTL, { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'wget'), WGET, { mode: 0o755 });
  for (const [k, v] of Object.entries(drill.data)) fs.writeFileSync(path.join(drillDir, k), v);
  if (s.status !== undefined) fs.writeFileSync(path.join(stub, 'status'), s.status);
  if (s.existing) fs.writeFileSync(path.join(stub, 'object.json'), JSON.stringify(s.existing));
  const env = {
    ...drill.env,
    // the CronJob's environment, pointed at the stand-ins
    DRILL_DIR: drillDir,
    CLONE_HOST: '127.0.0.1',
    CLONE_PORT: `${port}`,
    PGSSLMODE: 'disable',
    POLL_SECONDS: '1',
    CLEANUP_TIMEOUT_SECONDS: '3',
    PUSHGATEWAY_URL: 'http://pushgateway.monitoring.svc:9091',
    HOME: dir,
    TMPDIR: dir,
    PATH: `${bin}:${PG_BIN}:${process.env.PATH}`,
    STUB: stub,
    STUB_PASSWORD: PASSWORD,
    ...s.env,
  };
  // the container's command, with the ConfigMap mounted elsewhere
  const script = path.join(drillDir, path.basename(drill.command[1]));
  const child = spawn('dash', [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += b));
  child.stdout.on('data', (b) => (stderr += b));
  if (s.terminateAfterMs !== undefined) setTimeout(() => child.kill('SIGTERM'), s.terminateAfterMs);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, sig) => resolve([c, sig])));
  const read = (f: string) => (fs.existsSync(path.join(stub, f)) ? fs.readFileSync(path.join(stub, f), 'utf-8') : '');
  const calls = read('kubectl.log').split('\n').filter(Boolean).map((l) => JSON.parse(l) as string[])
    .map((a) => (a[0] === '--namespace' ? (expect(a[1]).toBe('db'), a.slice(2)) : a));
  const pushes = read('pushes.log').split('\n').filter(Boolean).map((l) => JSON.parse(l))
    .map((p) => ({ url: p.url, header: p.header, metrics: parseMetrics(p.body) }));
  const created = read('created.json') ? JSON.parse(read('created.json')) : undefined;
  return { code, signal, stderr, calls, pushes, created, objectLeft: fs.existsSync(path.join(stub, 'object.json')) };
}

const verbs = (o: Outcome) => o.calls.map((c) => `${c[0]} ${c[1]}${c[0] === 'get' ? ` ${c[c.indexOf('-o') + 1] ?? ''}` : ''}`);
const PUSH_URL = 'http://pushgateway.monitoring.svc:9091/metrics/job/pg_restore_drill/namespace/db/cluster/acid-orders/drill/acid-orders-drill/kind/restore';

/** Epoch seconds of an RFC 3339 timestamp with +00:00, parsed by hand. */
function epochOf(ts: string): number {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\+00:00$/.exec(ts)!;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) / 1000;
}

// --- tests ----------------------------------------------------------------------------------------------------------

test('shellcheck finds nothing in the rendered script', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'drill-sh-')), 'drill.sh');
  fs.writeFileSync(file, drill.data['drill.sh']);
  const r = spawnSync('shellcheck', ['--shell=sh', '--severity=style', file], { encoding: 'utf-8' });
  if (r.error) throw new Error(`shellcheck not found (apt-get install shellcheck): ${r.error.message}`);
  expect(r.stdout).toBe('');
  expect(r.status).toBe(0);
  // the harness sees a real problem
  fs.writeFileSync(file, '#!/bin/sh\nrm -rf $DIR/*\n');
  expect(spawnSync('shellcheck', ['--shell=sh', file], { encoding: 'utf-8' }).status).not.toBe(0);
});

test('success: the clone is created at the target time, checked, deleted, and the result pushed', async () => {
  const before = Math.floor(Date.now() / 1000);
  const o = await runDrill({ status: 'Running' });
  const after = Math.floor(Date.now() / 1000);
  expect(o.stderr).toContain('drill passed');
  expect(o.code).toBe(0);

  // the clone: the rendered manifest with the target time filled in
  expect(o.created.metadata).toMatchObject({ name: 'acid-orders-drill', labels: { 'postgres.cdk8s.io/restore-drill': 'acid-orders-drill' } });
  const target = epochOf(o.created.spec.clone.timestamp);
  expect(target).toBeGreaterThanOrEqual(before - 3600);
  expect(target).toBeLessThanOrEqual(after - 3600);
  expect(JSON.stringify(o.created)).toBe(JSON.stringify(JSON.parse(drill.data['clone.json'].replace('1970-01-01T00:00:00+00:00', o.created.spec.clone.timestamp))));

  expect(verbs(o)).toEqual([
    'get postgresql jsonpath={.metadata.name}/{.metadata.labels.postgres\\.cdk8s\\.io/restore-drill}', // leftovers?
    'delete persistentvolumeclaim',
    'get persistentvolumeclaim name',
    'create -f',
    'get postgresql jsonpath={.status.PostgresClusterStatus}',
    'get secret jsonpath={.data.password}',
    'get postgresql jsonpath={.metadata.name}/{.metadata.labels.postgres\\.cdk8s\\.io/restore-drill}', // clean-up
    'delete postgresql',
    'get postgresql name',
    'delete persistentvolumeclaim',
  ]);
  expect(o.calls.filter((c) => c[0] === 'delete').map((c) => c.slice(0, 3))).toEqual([
    ['delete', 'persistentvolumeclaim', 'pgdata-acid-orders-drill-0'],
    ['delete', 'postgresql', 'acid-orders-drill'],
    ['delete', 'persistentvolumeclaim', 'pgdata-acid-orders-drill-0'],
  ]);
  expect(o.calls.find((c) => c[1] === 'secret')![2]).toBe('postgres.acid-orders-drill.credentials.postgresql.acid.zalan.do');
  expect(o.objectLeft).toBe(false);

  // the result
  const newest = Number(psql('app', 'SELECT floor(extract(epoch FROM max(ts)))::bigint FROM events'));
  expect(o.pushes).toHaveLength(1);
  const [push] = o.pushes;
  expect(push.url).toBe(PUSH_URL);
  expect(push.header).toBe('Content-Type: text/plain; version=0.0.4');
  expect(push.metrics).toEqual({
    pg_restore_drill_success: 1,
    pg_restore_drill_last_run_timestamp_seconds: expect.any(Number),
    pg_restore_drill_target_timestamp_seconds: target,
    pg_restore_drill_restore_duration_seconds: expect.any(Number),
    pg_restore_drill_data_lag_seconds: target - newest,
    pg_restore_drill_checks_failed: 0,
    pg_restore_drill_last_success_timestamp_seconds: push.metrics.pg_restore_drill_last_run_timestamp_seconds,
  });
  // the target is 1 hour before the moment the clone is created, a little after the drill started
  expect(target + 3600 - push.metrics.pg_restore_drill_last_run_timestamp_seconds).toBeGreaterThanOrEqual(0);
  expect(target + 3600 - push.metrics.pg_restore_drill_last_run_timestamp_seconds).toBeLessThanOrEqual(5);
  expect(push.metrics.pg_restore_drill_restore_duration_seconds).toBeGreaterThanOrEqual(0);
  expect(push.metrics.pg_restore_drill_restore_duration_seconds).toBeLessThanOrEqual(after - before);
  expect(target - newest).toBeGreaterThan(3500); // the newest event is 2 hours old, the target 1 hour
  for (const check of ['version', 'rows-public-orders', 'orders-checksum', 'recent-events']) expect(o.stderr).toContain(`passed check ${check}`);
}, 60_000);

test('a failing check fails the drill; the clone is still deleted', async () => {
  psql('app', 'DELETE FROM orders WHERE id = 3');
  try {
    const o = await runDrill({ status: 'Running' });
    expect(o.code).toBe(1);
    expect(o.stderr).toMatch(/FAILED check rows-public-orders: expected t, got f/);
    expect(o.stderr).toMatch(/FAILED check orders-checksum: expected t, got f/);
    expect(o.stderr).toContain('passed check recent-events');
    expect(o.calls).toContainEqual(['delete', 'postgresql', 'acid-orders-drill', '--ignore-not-found', '--wait=false']);
    expect(o.objectLeft).toBe(false);
    expect(o.pushes[0].metrics).toMatchObject({ pg_restore_drill_success: 0, pg_restore_drill_checks_failed: 2 });
    expect(o.pushes[0].metrics.pg_restore_drill_restore_duration_seconds).toBeGreaterThanOrEqual(0);
    // POST keeps the last success time of an earlier push: a failure does not send it
    expect(o.pushes[0].metrics).not.toHaveProperty('pg_restore_drill_last_success_timestamp_seconds');
  } finally {
    psql('app', 'INSERT INTO orders VALUES (3)');
  }
}, 60_000);

test('a clone at another major version fails the version check (a rehearsal whose upgrade did not happen)', async () => {
  const o = await runDrill({ status: 'Running', env: { EXPECT_MAJOR: `${PG_MAJOR + 1}` } });
  expect(o.code).toBe(1);
  expect(o.stderr).toContain(`FAILED check version: expected PostgreSQL ${PG_MAJOR + 1}, got ${PG_MAJOR}`);
  expect(o.pushes[0].metrics).toMatchObject({ pg_restore_drill_success: 0, pg_restore_drill_checks_failed: 1 });
  expect(o.objectLeft).toBe(false);
}, 60_000);

test('a check whose query fails counts as failed', async () => {
  psql('app', 'ALTER TABLE events RENAME TO events_old');
  try {
    const o = await runDrill({ status: 'Running' });
    expect(o.code).toBe(1);
    expect(o.stderr).toMatch(/FAILED check recent-events: expected t, got .*relation "events" does not exist/);
    expect(o.stderr).toMatch(/FAILED check freshness/);
    expect(o.pushes[0].metrics).toMatchObject({ pg_restore_drill_success: 0, pg_restore_drill_checks_failed: 2 });
    expect(Number.isNaN(o.pushes[0].metrics.pg_restore_drill_data_lag_seconds)).toBe(true);
    expect(o.objectLeft).toBe(false);
  } finally {
    psql('app', 'ALTER TABLE events_old RENAME TO events');
  }
}, 60_000);

test('a deadline passed: the drill fails after the restore timeout and deletes the clone', async () => {
  const started = Date.now();
  const o = await runDrill({ status: 'Creating', env: { RESTORE_TIMEOUT_SECONDS: '2' } });
  // the script counts whole seconds (date +%s): 2s after the second the clone was created began
  expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  expect(o.code).toBe(1);
  expect(o.stderr).toContain('the clone did not run within 2s (last status: Creating)');
  expect(o.calls.filter((c) => c[1] === 'secret')).toEqual([]); // never asked for the password of a clone that does not run
  expect(o.calls).toContainEqual(['delete', 'postgresql', 'acid-orders-drill', '--ignore-not-found', '--wait=false']);
  expect(o.objectLeft).toBe(false);
  const m = o.pushes[0].metrics;
  expect(m.pg_restore_drill_success).toBe(0);
  expect(Number.isNaN(m.pg_restore_drill_restore_duration_seconds)).toBe(true);
  expect(Number.isNaN(m.pg_restore_drill_data_lag_seconds)).toBe(true);
}, 60_000);

test('clean-up after a failure: SIGTERM (the Job\'s deadline) deletes the clone and reports the failure', async () => {
  const o = await runDrill({ status: 'Creating', terminateAfterMs: 2500 });
  expect(o.code).toBe(143);
  expect(o.calls.filter((c) => c[0] === 'create')).toHaveLength(1);
  expect(o.calls).toContainEqual(['delete', 'postgresql', 'acid-orders-drill', '--ignore-not-found', '--wait=false']);
  expect(o.calls).toContainEqual(['delete', 'persistentvolumeclaim', 'pgdata-acid-orders-drill-0', '--ignore-not-found', '--wait=false']);
  expect(o.objectLeft).toBe(false);
  expect(o.pushes.map((p) => p.metrics.pg_restore_drill_success)).toEqual([0]);
}, 60_000);

test('what a killed run left behind is removed before the next clone is created', async () => {
  const leftover = { metadata: { name: 'acid-orders-drill', labels: { 'postgres.cdk8s.io/restore-drill': 'acid-orders-drill' } } };
  const o = await runDrill({ status: 'Running', existing: leftover });
  expect(o.code).toBe(0);
  const order = o.calls.map((c) => `${c[0]} ${c[1]}`);
  expect(order.indexOf('delete postgresql')).toBeLessThan(order.indexOf('create -f'));
  expect(o.created.spec.clone.cluster).toBe('acid-orders');
}, 60_000);

test('a postgresql of the same name that the drill did not create is never touched', async () => {
  const foreign = { metadata: { name: 'acid-orders-drill', labels: { team: 'acid' } } };
  const o = await runDrill({ status: 'Running', existing: foreign });
  expect(o.code).toBe(1);
  expect(o.stderr).toContain('not deleting postgresql acid-orders-drill: this drill did not create it');
  expect(o.stderr).toContain('refusing to run');
  expect(o.calls.filter((c) => c[0] === 'delete' || c[0] === 'create')).toEqual([]);
  expect(o.objectLeft).toBe(true);
  expect(o.pushes[0].metrics.pg_restore_drill_success).toBe(0);
}, 60_000);
