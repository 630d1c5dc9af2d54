/**
 * Every parameter the tuning renders (and the examples' explicit ones) is accepted by a real PostgreSQL
 * server: `postgres -D <initdb dir> -C <name> -c <name>=<value> ...` parses each value with the server's own
 * GUC code and fails on a bad value, unit or range; the pg_hba rules are loaded by a throwaway server with SSL
 * on. Needs Debian's `postgresql` and `openssl` (installed by .ci/run).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { pgliteError, startPglite } from '../../scripts/parameter-catalog/collect';
import { Cluster, ClusterSize, PostgresCertificate, PostgresVersion, StorageKind, TlsVersion, Workload } from '../../src';
import { tune, TuningInput } from '../../src/cluster/tuning';
import { checkParameters } from '../../src/postgres/check';
import { newChart, only, synthValid } from '../support/synth';

const GiB = 2 ** 30;

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql: apt-get install postgresql (.ci/run does)');
  return path.join(root, versions[0], 'bin');
}

const asRoot = process.getuid?.() === 0;
function run(cmd: string, args: string[]) {
  return asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf-8' }) : spawnSync(cmd, args, { encoding: 'utf-8' });
}

let dataDir: string;
beforeAll(() => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-params-'));
  dataDir = path.join(parent, 'data');
  if (asRoot) execFileSync('chown', ['postgres', parent]);
  const init = run(path.join(postgresBin(), 'initdb'), ['-D', dataDir, '--no-sync', '-A', 'trust', '-U', 'postgres']);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
});

afterAll(() => {
  if (dataDir) fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

/** Asks the server to parse the parameters; returns its complaints (empty when all are accepted). */
function serverErrors(params: Record<string, string>): string {
  const entries = Object.entries(params);
  const args = ['-D', dataDir, '-C', entries[0][0], ...entries.flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const result = run(path.join(postgresBin(), 'postgres'), args);
  return result.status === 0 ? '' : `${result.stderr}${result.stdout}`.trim();
}

describe('PostgreSQL accepts the rendered parameters', () => {
  test('the harness catches a bad value', () => {
    expect(serverErrors({ work_mem: '10 MB and a bit' })).toMatch(/invalid value for parameter "work_mem"/);
    expect(serverErrors({ effective_io_concurrency: '5000' })).toMatch(/effective_io_concurrency/);
    // every -c value is parsed, not only the one -C asks for
    expect(serverErrors({ shared_buffers: '128MB', huge_pages: 'sometimes' })).toMatch(/invalid value for parameter "huge_pages"/);
    expect(serverErrors({ shared_buffers: '128MB', no_such_setting: '1' })).toMatch(/no_such_setting/);
  });

  test.each([
    [256 * 2 ** 20, 250, Workload.WEB, StorageKind.NETWORK, false],
    [GiB, 500, Workload.OLTP, StorageKind.SSD, false],
    [16 * GiB, 4000, Workload.MIXED, StorageKind.NVME, false],
    [64 * GiB, 16000, Workload.DATA_WAREHOUSE, StorageKind.HDD, false],
    [256 * GiB, 64000, Workload.WEB, StorageKind.SSD, true],
  ])('tuning for %d bytes, %d millicores, %s, %s', (memoryBytes, cpuMillis, workload, storage, hugePagesRequested) => {
    expect(serverErrors(tune({ memoryBytes, cpuMillis, workload, storage, pgMajor: 15, hugePagesRequested }))).toBe('');
  });

  test.each([
    ['development', ClusterSize.DEVELOPMENT],
    ['small', ClusterSize.SMALL],
    ['medium', ClusterSize.MEDIUM],
    ['large', ClusterSize.LARGE],
    ['enterprise', ClusterSize.ENTERPRISE],
  ])('a Cluster of preset %s with the seed\'s policy settings and TLS', (_name, size) => {
    const { chart } = newChart();
    const cluster = new Cluster(chart, 'main', {
      teamId: 'acid',
      // the Debian server here is PostgreSQL 15; the other versions' renderings are checked against the catalog
      version: PostgresVersion.V15,
      size,
      resources: { cpu: { request: Cpu.millis(500) } },
      hugePages2Mi: size === ClusterSize.ENTERPRISE ? Size.gibibytes(16) : undefined,
      parameters: {
        log_statement: 'ddl',
        log_min_duration_statement: '1000',
        idle_in_transaction_session_timeout: '600000',
        lock_timeout: '30000',
        statement_timeout: '60000',
      },
    });
    new PostgresCertificate(chart, 'Tls', { cluster, issuer: { name: 'ca' }, minTlsVersion: TlsVersion.TLS_1_3 });
    const params = only(synthValid(chart), 'postgresql').spec.postgresql.parameters;
    expect(serverErrors(params)).toBe('');
    expect(checkParameters({ major: 15, parameters: params, sharedPreloadLibraries: [] })).toEqual([]);
  });
});

/** Every tuning grid point of a version (the grid of test/cluster/tuning.test.ts). */
function gridOutputs(pgMajor: number): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  for (const memoryBytes of [256 * 2 ** 20, 512 * 2 ** 20, GiB, 2 * GiB, 4 * GiB, 8 * GiB, 16 * GiB, 64 * GiB, 256 * GiB]) {
    for (const cpuMillis of [250, 1000, 2000, 4000, 16000, 64000]) {
      for (const workload of [Workload.WEB, Workload.OLTP, Workload.DATA_WAREHOUSE, Workload.MIXED]) {
        for (const storage of [StorageKind.HDD, StorageKind.SSD, StorageKind.NETWORK, StorageKind.NVME]) {
          for (const databaseSizeBytes of [undefined, memoryBytes / 2, memoryBytes * 4]) {
            for (const hugePagesRequested of [false, true]) {
              const input: TuningInput = { memoryBytes, cpuMillis, workload, storage, pgMajor, databaseSizeBytes, hugePagesRequested };
              out.push(tune(input));
            }
          }
        }
      }
    }
  }
  return out;
}

/** The distinct (name, value) pairs of the grid, grouped so that each group names each parameter once. */
function distinctGroups(outputs: Array<Record<string, string>>): Array<Record<string, string>> {
  const values = new Map<string, Set<string>>();
  for (const o of outputs) for (const [k, v] of Object.entries(o)) values.set(k, (values.get(k) ?? new Set()).add(v));
  const groups: Array<Record<string, string>> = [];
  for (const [k, vs] of values) [...vs].forEach((v, i) => { (groups[i] ??= {})[k] = v; });
  return groups;
}

describe('every tuning grid point is accepted', () => {
  test('by PostgreSQL 15 (postgres -C with every distinct value)', () => {
    const groups = distinctGroups(gridOutputs(15));
    expect(groups.length).toBeGreaterThan(10);
    for (const g of groups) expect(serverErrors(g)).toBe('');
  });

  test.each([16, 17, 18])('by PGlite %i (ALTER SYSTEM), apart from what its 32-bit, lz4-less build cannot take', async (major) => {
    const db = await startPglite(major);
    try {
      const refused: string[] = [];
      for (const g of distinctGroups(gridOutputs(major))) {
        for (const [k, v] of Object.entries(g)) {
          const error = await pgliteError(db, `alter system set ${k} = '${v}'`);
          if (error) refused.push(`${k}=${v}: ${error}`);
        }
      }
      // PGlite has no lz4 (the PGDG builds Spilo uses have: Debian's PostgreSQL 15 above accepts it), and as a
      // 32-bit build it ends kB parameters at 2097151kB: exactly these are refused, nothing else.
      expect(refused.sort()).toEqual([
        expect.stringMatching(/^autovacuum_work_mem=2GB: 2097152 kB is outside the valid range/),
        expect.stringMatching(/^maintenance_work_mem=2GB: 2097152 kB is outside the valid range/),
        expect.stringMatching(/^maintenance_work_mem=4GB: 4194304 kB is outside the valid range/),
        expect.stringMatching(/^maintenance_work_mem=8GB: 8388608 kB is outside the valid range/),
        expect.stringMatching(/^wal_compression=lz4: invalid value for parameter "wal_compression": "lz4"/),
      ]);
    } finally {
      await db.close();
    }
  });

  test.each([14, 15, 16, 17, 18])('by the catalog of PostgreSQL %i', (major) => {
    for (const g of distinctGroups(gridOutputs(major))) {
      expect(checkParameters({ major, parameters: g, sharedPreloadLibraries: [] })).toEqual([]);
    }
  });
});

describe('PostgreSQL loads the rendered pg_hba.conf', () => {
  /** Starts a throwaway server with the rules and returns the lines pg_hba_file_rules reports errors for. */
  function hbaErrors(rules: string[]): string {
    const dir = path.dirname(dataDir);
    const hba = path.join(dir, 'pg_hba_test.conf');
    const socket = path.join(dir, 'socket');
    fs.writeFileSync(hba, rules.join('\n') + '\n');
    fs.mkdirSync(socket, { recursive: true });
    // hostssl rules only count with SSL on, as in Spilo: a throwaway self-signed certificate
    const crt = path.join(dir, 'server.crt');
    const key = path.join(dir, 'server.key');
    if (!fs.existsSync(key)) {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt, '-subj', '/CN=localhost', '-days', '1'], { stdio: 'ignore' });
      fs.chmodSync(key, 0o600);
    }
    if (asRoot) execFileSync('chown', ['-R', 'postgres', dir]);
    const bin = postgresBin();
    const log = path.join(dir, 'server.log');
    fs.rmSync(log, { force: true });
    const start = run(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-w', '-l', log,
      '-o', `-c listen_addresses='' -k ${socket} -c hba_file=${hba} -c ssl=on -c ssl_cert_file=${crt} -c ssl_key_file=${key}`, 'start']);
    if (start.status !== 0) return `server did not start: ${fs.existsSync(log) ? fs.readFileSync(log, 'utf-8') : start.stderr}`;
    try {
      const q = run(path.join(bin, 'psql'), ['-h', socket, '-U', 'postgres', '-d', 'postgres', '-At', '-c',
        'select line_number || \': \' || error from pg_hba_file_rules where error is not null']);
      return q.status === 0 ? q.stdout.trim() : `psql failed: ${q.stderr}`;
    } finally {
      run(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-w', '-m', 'fast', 'stop']);
    }
  }

  test('the TLS rules of PostgresCertificate are accepted', () => {
    expect(hbaErrors(PostgresCertificate.TLS_PG_HBA)).toBe('');
  });

  test('the harness catches a broken rule', () => {
    expect(hbaErrors(['local all all trust', 'hostssl all all 0.0.0.0/99 scram-sha-256'])).toMatch(/invalid CIDR mask in address "0.0.0.0\/99"[\s\S]*could not load pg_hba.conf/);
  });
});
