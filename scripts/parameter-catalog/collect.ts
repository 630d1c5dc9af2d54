/**
 * Reads the parameter (GUC) definitions out of real PostgreSQL servers: Debian's PostgreSQL server binaries
 * (a throwaway initdb'd server, queried with psql) and PGlite (PostgreSQL compiled to WebAssembly; one npm package
 * per major: @electric-sql/pglite 0.5 = 18, pglite-pg17 = 0.3.16 = 17, pglite-pg16 = 0.2.17 = 16).
 *
 * What is read, per parameter: `pg_settings` (name, vartype, unit, min_val, max_val, enumvals, context), plus the
 * enum spellings PostgreSQL accepts but hides from `pg_settings.enumvals` (e.g. `huge_pages = yes`,
 * `wal_level = hot_standby`, `client_min_messages = debug`): each candidate of HIDDEN_ENUM_CANDIDATES is tried
 * with `ALTER SYSTEM SET`, which parses the value with the server's own GUC code without applying it.
 *
 * Used by scripts/generate-parameter-catalog.ts (writes the recorded inputs) and by the catalog's tests (the live
 * servers must still agree with the recorded inputs).
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** One row of pg_settings, as text. */
export interface SettingRow {
  readonly name: string;
  readonly vartype: string;
  readonly unit: string;
  readonly min: string;
  readonly max: string;
  /** The visible enum values (pg_settings.enumvals). */
  readonly values: string[];
  /** Enum spellings the server accepts that enumvals does not list. */
  readonly hidden: string[];
  readonly context: string;
}

/** What one live server reports. */
export interface ServerDump {
  /** `SELECT version()` */
  readonly version: string;
  /** server_version_num */
  readonly versionNum: number;
  readonly settings: SettingRow[];
  /** Old parameter names the server still accepts (guc.c map_old_guc_names): old name -> current name. */
  readonly aliases: Record<string, string>;
  /** pg_timezone_names, sorted (only read from the Debian server). */
  readonly timezones?: string[];
}

/** guc.c `map_old_guc_names` entries of PostgreSQL 14-18; each is probed with SHOW on the live server. */
export const ALIAS_CANDIDATES: Record<string, string> = {
  sort_mem: 'work_mem',
  vacuum_mem: 'maintenance_work_mem',
  ssl_ecdh_curve: 'ssl_groups',
};

/**
 * Every hidden enum spelling in PostgreSQL 14-18's GUC tables (guc_tables.c / guc.c `config_enum_entry` rows
 * with `hidden = true`, and xlog.c's wal_level/archive_mode options): the boolean variants of on/off enums,
 * the `debug`/`info` message levels, and wal_level's pre-9.6 names.
 */
export const HIDDEN_ENUM_CANDIDATES = ['on', 'off', 'true', 'false', 'yes', 'no', '1', '0', 'debug', 'info', 'archive', 'hot_standby'];

/** Extensions whose parameters are read too (loaded where the server has them). */
export const CATALOGED_EXTENSIONS = ['auto_explain', 'pg_stat_statements', 'plpgsql'];

const SETTINGS_SQL = "select name as a, vartype as b, coalesce(unit, '') as c, coalesce(min_val, '') as d, "
  + "coalesce(max_val, '') as e, coalesce(array_to_string(enumvals, ','), '') as f, context as g from pg_settings order by name";

function parseSettings(lines: string[][]): Omit<SettingRow, 'hidden'>[] {
  return lines.map(([name, vartype, unit, min, max, values, context]) => ({
    name, vartype, unit, min, max, values: values ? values.split(',') : [], context,
  }));
}

// ---------------------------------------------------------------------------------------------------------
// Debian's PostgreSQL server

/** The newest Debian PostgreSQL server binary directory, e.g. /usr/lib/postgresql/15/bin. */
export function debianPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql: apt-get install postgresql (.ci/run does)');
  return path.join(root, versions[0], 'bin');
}

const asRoot = process.getuid?.() === 0;
function run(cmd: string, args: string[], input?: string): SpawnSyncReturns<string> {
  return asRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf-8', input })
    : spawnSync(cmd, args, { encoding: 'utf-8', input });
}

/** A throwaway Debian PostgreSQL server (initdb'd in a temp dir, Unix socket only). */
export class DebianServer {
  /** Starts one; `options` are extra `-c name=value` settings. */
  public static start(options: Record<string, string> = {}): DebianServer {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-catalog-'));
    if (asRoot) spawnSync('chown', ['postgres', parent]);
    const server = new DebianServer(parent);
    const init = run(path.join(server.bin, 'initdb'), ['-D', server.dataDir, '--no-sync', '-A', 'trust', '-U', 'postgres']);
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    fs.mkdirSync(server.socket);
    if (asRoot) spawnSync('chown', ['postgres', server.socket]);
    const opts = [`-c listen_addresses='' -k ${server.socket}`, ...Object.entries(options).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
    const start = run(path.join(server.bin, 'pg_ctl'), ['-D', server.dataDir, '-w', '-l', path.join(parent, 'log'), '-o', opts, 'start']);
    if (start.status !== 0) {
      const log = path.join(parent, 'log');
      throw new Error(`server did not start: ${fs.existsSync(log) ? fs.readFileSync(log, 'utf-8') : start.stderr}`);
    }
    return server;
  }

  public readonly bin = debianPostgresBin();
  public readonly dataDir: string;
  private readonly socket: string;

  private constructor(private readonly dir: string) {
    this.dataDir = path.join(dir, 'data');
    this.socket = path.join(dir, 'socket');
  }

  /** Runs SQL; returns rows split on '|' (psql -At). Throws on error. */
  public query(sql: string): string[][] {
    const r = this.psql(sql);
    if (r.status !== 0 || r.stderr.includes('ERROR')) throw new Error(`psql failed: ${r.stderr}`);
    return r.stdout.split('\n').filter((l) => l.length).map((l) => l.split('|'));
  }

  /** Runs one statement; returns the server's error message, or '' when it succeeded. */
  public error(sql: string): string {
    const r = this.psql(sql);
    const m = /ERROR:\s+(.*)/.exec(r.stderr);
    return m ? m[1].trim() : r.status === 0 ? '' : r.stderr.trim();
  }

  public stop(): void {
    run(path.join(this.bin, 'pg_ctl'), ['-D', this.dataDir, '-w', '-m', 'fast', 'stop']);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private psql(sql: string) {
    return run(path.join(this.bin, 'psql'), ['-h', this.socket, '-U', 'postgres', '-d', 'postgres', '-qAt', '-F', '|', '-X', '-v', 'ON_ERROR_STOP=1', '-f', '-'], sql);
  }
}

/** Reads the Debian server's catalog (core and the cataloged extensions' parameters, timezone names). */
export function dumpDebian(): ServerDump {
  const server = DebianServer.start({ shared_preload_libraries: 'pg_stat_statements,auto_explain' });
  try {
    const [[version, versionNum]] = server.query("select version(), current_setting('server_version_num')");
    // plpgsql defines its parameters when it is first used
    const rows = parseSettings(server.query(`do $$ begin end $$;\n${SETTINGS_SQL}`));
    const settings = rows.map((row) => ({ ...row, hidden: probeHidden(row, (sql) => server.error(sql)) }));
    const timezones = server.query('select name from pg_timezone_names order by name').map(([n]) => n);
    server.query('alter system reset all');
    const names = new Set(settings.map((x) => x.name));
    const aliases = Object.fromEntries(Object.entries(ALIAS_CANDIDATES)
      .filter(([old, current]) => names.has(current) && !names.has(old) && server.error(`show ${old}`) === ''));
    return { version, versionNum: Number(versionNum), settings, aliases, timezones };
  } finally {
    server.stop();
  }
}

function probeHidden(row: Omit<SettingRow, 'hidden'>, error: (sql: string) => string): string[] {
  if (row.vartype !== 'enum' || row.context === 'internal') return [];
  const visible = new Set(row.values.map((v) => v.toLowerCase()));
  return HIDDEN_ENUM_CANDIDATES.filter((c) => !visible.has(c) && error(`alter system set "${row.name}" = '${c}'`) === '');
}

// ---------------------------------------------------------------------------------------------------------
// PGlite

/** The npm package that embeds each PostgreSQL major. */
export const PGLITE_PACKAGES: Record<number, string> = {
  16: 'pglite-pg16',
  17: 'pglite-pg17',
  18: '@electric-sql/pglite',
};

interface PgliteLike {
  query<T>(sql: string): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

/** Starts the PGlite of a major with the cataloged extensions it ships; returns the instance. */
export async function startPglite(major: number): Promise<PgliteLike> {
  const pkg = PGLITE_PACKAGES[major];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PGlite } = require(pkg);
  const extensions: Record<string, unknown> = {};
  for (const ext of ['auto_explain', 'pg_stat_statements']) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      extensions[ext] = require(`${pkg}/contrib/${ext}`)[ext];
    } catch {
      // this PGlite release does not ship the extension
    }
  }
  const db: PgliteLike = new PGlite({ extensions });
  for (const ext of Object.keys(extensions)) {
    try {
      await db.exec(`load '${ext}'`);
    } catch {
      // shipped but not loadable: its parameters stay out of this dump
    }
  }
  await db.exec('do $$ begin end $$');
  return db;
}

/** The error message of one statement on a PGlite instance, '' when it succeeded. */
export async function pgliteError(db: PgliteLike, sql: string): Promise<string> {
  try {
    await db.exec(sql);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

/** Reads a PGlite major's catalog. */
export async function dumpPglite(major: number): Promise<ServerDump> {
  const db = await startPglite(major);
  try {
    const v = await db.query<{ version: string; num: string }>("select version() as version, current_setting('server_version_num') as num");
    const raw = await db.query<Record<string, string>>(SETTINGS_SQL);
    const rows = parseSettings(raw.rows.map((r) => [r.a, r.b, r.c, r.d, r.e, r.f, r.g]));
    const settings: SettingRow[] = [];
    for (const row of rows) {
      const hidden: string[] = [];
      if (row.vartype === 'enum' && row.context !== 'internal') {
        const visible = new Set(row.values.map((x) => x.toLowerCase()));
        for (const c of HIDDEN_ENUM_CANDIDATES) {
          if (!visible.has(c) && await pgliteError(db, `alter system set "${row.name}" = '${c}'`) === '') hidden.push(c);
        }
      }
      settings.push({ ...row, hidden });
    }
    await db.exec('alter system reset all');
    const names = new Set(settings.map((x) => x.name));
    const aliases: Record<string, string> = {};
    for (const [old, current] of Object.entries(ALIAS_CANDIDATES)) {
      if (names.has(current) && !names.has(old) && await pgliteError(db, `show ${old}`) === '') aliases[old] = current;
    }
    return { version: v.rows[0].version, versionNum: Number(v.rows[0].num), settings, aliases };
  } finally {
    await db.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// The recorded form: one line per setting, '|'-separated

const HEADER = 'name|vartype|unit|min|max|values|hidden|context';

/** Renders a dump as the recorded text file. */
export function formatDump(dump: ServerDump): string {
  const aliases = Object.entries(dump.aliases).sort(([a], [b]) => a.localeCompare(b)).map(([a, b]) => `${a}=${b}`).join(',');
  const lines = [`# ${dump.version}`, `# server_version_num ${dump.versionNum}`, `# aliases ${aliases}`, HEADER];
  for (const s of dump.settings) {
    lines.push([s.name, s.vartype, s.unit, s.min, s.max, s.values.join(','), s.hidden.join(','), s.context].join('|'));
  }
  return lines.join('\n') + '\n';
}

/** Parses a recorded text file. */
export function parseDump(text: string): ServerDump {
  const lines = text.split('\n').filter((l) => l.length);
  const version = lines[0].replace(/^# /, '');
  const versionNum = Number(lines[1].replace(/^# server_version_num /, ''));
  const aliasText = lines[2].replace(/^# aliases ?/, '');
  const aliases = Object.fromEntries(aliasText ? aliasText.split(',').map((a) => a.split('=')) : []);
  if (lines[3] !== HEADER) throw new Error(`unexpected header: ${lines[3]}`);
  const settings = lines.slice(4).map((l) => {
    const [name, vartype, unit, min, max, values, hidden, context] = l.split('|');
    return { name, vartype, unit, min, max, values: values ? values.split(',') : [], hidden: hidden ? hidden.split(',') : [], context };
  });
  return { version, versionNum, settings, aliases };
}
