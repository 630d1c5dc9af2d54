/**
 * checkParameters: one test per rule (its message and code), and the value checks agree with real servers
 * (Debian's PostgreSQL 15 and PGlite 18 parse each value with ALTER SYSTEM).
 */
import { DebianServer, pgliteError, startPglite } from '../../scripts/parameter-catalog/collect';
import { checkParameters, ParameterProblem } from '../../src/postgres/check';
import { ValidationError } from '../../src/validation/errors';
import { RuleCode } from '../../src/validation/rule-code';

const SPILO_PRELOAD = ['bg_mon', 'pg_stat_statements', 'pgextwlist', 'pg_auth_mon', 'set_user', 'timescaledb', 'pg_cron', 'pg_stat_kcache'];

/** The single problem for one parameter, rendered as the cluster will render it. */
function message(parameters: Record<string, string>, major = 18, extra: { preload?: string[]; synchronousMode?: boolean } = {}): string {
  const problems = checkParameters({
    major, parameters, sharedPreloadLibraries: extra.preload ?? SPILO_PRELOAD, synchronousMode: extra.synchronousMode,
  });
  expect(problems).toHaveLength(1);
  const p: ParameterProblem = problems[0];
  return ValidationError.format({ rule: p.rule, path: 'app/main', property: `parameters.${p.name}`, problem: p.problem, value: JSON.stringify(p.value), allowed: p.allowed, fix: p.fix });
}

describe('one test per rule', () => {
  test('ZPG-PARAM-UNKNOWN: a typo, with a suggestion', () => {
    expect(message({ shared_buffer: '1GB' })).toMatch(/^ZPG-PARAM-UNKNOWN \[app\/main\] parameters\.shared_buffer: PostgreSQL 18 has no parameter "shared_buffer".*Fix: did you mean shared_buffers\?$/);
    expect(message({ 'pg_stat_statement.max': '5000' })).toMatch(/^ZPG-PARAM-UNKNOWN .*"pg_stat_statement" is not an extension's parameter prefix.*Fix: did you mean pg_stat_statements\.max\?$/);
    expect(message({ 'pg_stat_statements.maxx': '5000' })).toMatch(/^ZPG-PARAM-UNKNOWN .*pg_stat_statements has no parameter "pg_stat_statements\.maxx".*Fix: did you mean pg_stat_statements\.max\?$/);
  });

  test('ZPG-PARAM-NOT-IN-VERSION: removed, or not yet added, naming the versions', () => {
    expect(message({ old_snapshot_threshold: '60' }, 18)).toMatch(/^ZPG-PARAM-NOT-IN-VERSION .*PostgreSQL 18 has no parameter "old_snapshot_threshold": it exists in PostgreSQL 14, 15, 16 and was removed or renamed in 17\. .*Allowed: PostgreSQL 14, 15, 16\./);
    expect(message({ transaction_timeout: '5min' }, 16)).toMatch(/^ZPG-PARAM-NOT-IN-VERSION .*PostgreSQL 16 has no parameter "transaction_timeout": it was added in PostgreSQL 17\. .*Allowed: PostgreSQL 17, 18\./);
    expect(message({ force_parallel_mode: 'off' }, 16)).toMatch(/Fix: did you mean .*\?|Fix: remove force_parallel_mode or run PostgreSQL 15\./);
  });

  test('ZPG-PARAM-READ-ONLY: an internal parameter', () => {
    expect(message({ wal_segment_size: '64MB' })).toMatch(/^ZPG-PARAM-READ-ONLY .*wal_segment_size is read-only.*Fix: remove wal_segment_size\.$/);
  });

  test('ZPG-PARAM-MANAGED: Patroni and Spilo own these', () => {
    expect(message({ listen_addresses: '*' })).toMatch(/^ZPG-PARAM-MANAGED .*Patroni manages this parameter: Patroni passes listen_addresses .*CMDLINE_OPTIONS/);
    expect(message({ archive_command: '/bin/true' })).toMatch(/^ZPG-PARAM-MANAGED .*Spilo manages this parameter: .*wal-push.*Fix: remove it; configure backups with WalgBackup\.$/);
    expect(message({ archive_mode: 'off' })).toMatch(/^ZPG-PARAM-MANAGED .*Spilo/);
    expect(message({ primary_conninfo: 'host=x' })).toMatch(/^ZPG-PARAM-MANAGED .*_RECOVERY_PARAMETERS/);
    expect(message({ synchronous_standby_names: '*' }, 18, { synchronousMode: true })).toMatch(/^ZPG-PARAM-MANAGED .*synchronous mode/);
    expect(checkParameters({ major: 18, parameters: { synchronous_standby_names: '*' }, sharedPreloadLibraries: [] })).toEqual([]);
  });

  test('ZPG-PARAM-PATRONI-MINIMUM: values Patroni silently replaces', () => {
    expect(message({ max_connections: '20' })).toMatch(/^ZPG-PARAM-PATRONI-MINIMUM .*Patroni ignores max_connections below 25 and uses 100 instead.*Allowed: at least 25\./);
    expect(message({ wal_level: 'minimal' })).toMatch(/^ZPG-PARAM-PATRONI-MINIMUM .*Allowed: replica, logical\./);
  });

  test('ZPG-PARAM-TYPE: not a boolean, not a number, a line break', () => {
    expect(message({ jit: 'maybe' })).toMatch(/^ZPG-PARAM-TYPE .*jit is a boolean\..*Allowed: on, off, true, false, yes, no, 1, 0/);
    expect(message({ max_wal_senders: 'ten' })).toMatch(/^ZPG-PARAM-TYPE .*max_wal_senders is an integer\..*Allowed: 0 to 262143\./);
    expect(message({ application_name: 'a\nb' })).toMatch(/^ZPG-PARAM-TYPE .*line break/);
  });

  test('ZPG-PARAM-UNIT: units are case-sensitive and per base unit', () => {
    expect(message({ work_mem: '64mb' }, 15)).toMatch(/^ZPG-PARAM-UNIT .*"mb" is not a unit of work_mem .*Allowed: B, kB, MB, GB, TB\. Fix: write 64MB\.$/);
    expect(message({ statement_timeout: '5MB' })).toMatch(/^ZPG-PARAM-UNIT .*Allowed: us, ms, s, min, h, d\./);
    expect(message({ max_connections: '100MB' })).toMatch(/^ZPG-PARAM-UNIT .*max_connections takes a plain number without a unit/);
  });

  test('ZPG-PARAM-RANGE: after unit conversion and rounding', () => {
    expect(message({ effective_io_concurrency: '5000' })).toMatch(/^ZPG-PARAM-RANGE .*5000 is outside the range of effective_io_concurrency\. .*Allowed: 0 to 1000\./);
    expect(message({ shared_buffers: '100kB' })).toMatch(/^ZPG-PARAM-RANGE .*100kB \(96kB\) is outside the range of shared_buffers\. .*Allowed: 128kB to 8589934584kB\./);
    expect(message({ max_connections: '-5' })).toMatch(/^ZPG-PARAM-RANGE /);
    expect(message({ random_page_cost: '-1' })).toMatch(/^ZPG-PARAM-RANGE .*Allowed: 0 to 1\.79769e\+308\./);
  });

  test('ZPG-PARAM-ENUM: case-insensitive values, hidden spellings accepted', () => {
    expect(message({ huge_pages: 'sometimes' })).toMatch(/^ZPG-PARAM-ENUM .*not a value of huge_pages in PostgreSQL 18\. .*Allowed: off, on, try\./);
    expect(message({ wal_compression: 'lz4x' }, 15)).toMatch(/^ZPG-PARAM-ENUM .*Fix: did you mean lz4\?$/);
    expect(checkParameters({ major: 18, parameters: { huge_pages: 'YES', wal_level: 'hot_standby', client_min_messages: 'Debug' }, sharedPreloadLibraries: [] })).toEqual([]);
  });

  test('ZPG-PARAM-TIMEZONE: IANA names PostgreSQL knows', () => {
    expect(message({ timezone: 'Mars/Olympus' })).toMatch(/^ZPG-PARAM-TIMEZONE .*PostgreSQL does not know the time zone "Mars\/Olympus"\./);
    expect(message({ log_timezone: 'Atlantis/Capital' })).toMatch(/^ZPG-PARAM-TIMEZONE /);
    expect(checkParameters({ major: 18, parameters: { TimeZone: 'europe/berlin', log_timezone: 'UTC' }, sharedPreloadLibraries: [] })).toEqual([]);
  });

  test('ZPG-PARAM-EXTENSION-NOT-LOADED: an extension parameter without its library', () => {
    expect(message({ 'auto_explain.log_min_duration': '5s' })).toMatch(/^ZPG-PARAM-EXTENSION-NOT-LOADED .*auto_explain is not preloaded.*Fix: add auto_explain to shared_preload_libraries, or remove auto_explain\.log_min_duration\.$/);
    expect(message({ 'cron.database_name': 'app' }, 18, { preload: [] })).toMatch(/^ZPG-PARAM-EXTENSION-NOT-LOADED .*pg_cron is not preloaded/);
  });

  test('without sharedPreloadLibraries: the parameters\' shared_preload_libraries (quotes allowed), else Spilo\'s list', () => {
    const rules = (parameters: Record<string, string>) => checkParameters({ major: 18, parameters }).map((p) => p.rule);
    expect(rules({ 'cron.database_name': 'app' })).toEqual([]); // pg_cron is in Spilo's list
    expect(rules({ 'shared_preload_libraries': 'bg_mon, "auto_explain"', 'auto_explain.log_min_duration': '5s' })).toEqual([]);
    expect(rules({ 'shared_preload_libraries': 'bg_mon', 'cron.database_name': 'app' })).toEqual([RuleCode.PARAM_EXTENSION_NOT_LOADED]);
  });

  test('accepted: preloaded extensions (checked where cataloged), custom settings, session_preload_libraries', () => {
    expect(checkParameters({
      major: 17,
      parameters: {
        'cron.database_name': 'app',
        'bg_mon.history_buckets': '120',
        'pg_stat_statements.max': '10000',
        'myapp.tenant': 'x',
        'auto_explain.log_min_duration': '5s',
        'session_preload_libraries': 'auto_explain',
        'plpgsql.variable_conflict': 'use_column',
      },
      sharedPreloadLibraries: SPILO_PRELOAD,
    })).toEqual([]);
    expect(message({ 'pg_stat_statements.max': '50' })).toMatch(/^ZPG-PARAM-RANGE .*Allowed: 100 to 1073741823\./);
  });
});

/**
 * (name, value) pairs whose verdict is subtle: units, case, rounding, prefixes, hex and octal, whitespace,
 * hidden enum spellings, time zones. The check must accept exactly what the server accepts.
 */
const CASES: Array<[string, string]> = [
  ['work_mem', '64MB'], ['work_mem', '64mb'], ['work_mem', '64 MB'], ['work_mem', '64MB '], ['work_mem', ' 64MB'],
  ['work_mem', '1.5GB'], ['work_mem', '0.0625kB'], ['work_mem', '63kB'], ['work_mem', '64kB'], ['work_mem', '1e3'],
  ['work_mem', '0x100'], ['work_mem', '0100'], ['work_mem', '08'], ['work_mem', '.5MB'], ['work_mem', 'MB'],
  ['work_mem', '64KB'], ['work_mem', '64k'], ['work_mem', '2TB'], ['work_mem', '1TB'], ['work_mem', '-1'],
  ['shared_buffers', '128kB'], ['shared_buffers', '127kB'], ['shared_buffers', '100kB'], ['shared_buffers', '1GB'],
  ['shared_buffers', '16'], ['statement_timeout', '1.5s'], ['statement_timeout', '5min'], ['statement_timeout', '5 min'],
  ['statement_timeout', '5mins'], ['statement_timeout', '1d'], ['statement_timeout', '25d'], ['statement_timeout', '0.5ms'],
  ['statement_timeout', '1us'], ['statement_timeout', '3000000000'], ['checkpoint_timeout', '30s'], ['checkpoint_timeout', '29s'],
  ['checkpoint_timeout', '1h'], ['checkpoint_timeout', '2d'], ['vacuum_cost_delay', '2ms'], ['vacuum_cost_delay', '0.5'],
  ['vacuum_cost_delay', '101'], ['random_page_cost', '1.1'], ['random_page_cost', '1,1'], ['random_page_cost', 'inf'],
  ['random_page_cost', 'nan'], ['random_page_cost', '1e308'], ['cpu_tuple_cost', '.01'], ['max_connections', '100 '],
  ['max_connections', '1e2'], ['max_connections', '99.5'], ['max_connections', '100.4'], ['jit', 'on'], ['jit', 'OFF'],
  ['jit', 'of'], ['jit', 'o'], ['jit', 't'], ['jit', 'tru'], ['jit', 'truee'], ['jit', 'Y'], ['jit', '1'], ['jit', '2'],
  ['jit', ' on'], ['huge_pages', 'TRY'], ['huge_pages', 'yes'], ['huge_pages', 'tr'], ['wal_level', 'archive'],
  ['wal_level', 'Logical'], ['synchronous_commit', 'remote_apply'], ['synchronous_commit', 'y'], ['log_min_messages', 'info'],
  ['log_min_messages', 'debug'], ['log_statement', 'DDL'], ['timezone', 'Europe/Berlin'], ['timezone', 'europe/berlin'],
  ['timezone', 'Mars/Olympus'], ['timezone', 'posix/Europe/Berlin'], ['timezone', 'EST5EDT'], ['timezone', 'UTC+3'],
  ['timezone', '<+03>-3'], ['timezone', 'CET-1CEST,M3.5.0,M10.5.0/3'], ['timezone', '+5'], ['timezone', '-3.5'],
  ['timezone', 'XYZ'], ['timezone', 'UTC'], ['timezone', 'Etc/GMT-14'], ['log_timezone', 'Europe/Lisbon'],
  ['log_timezone', '+5'], ['log_timezone', 'Atlantis/Capital'], ['effective_io_concurrency', '1000'],
  ['effective_io_concurrency', '1001'], ['maintenance_work_mem', '2GB'], ['min_wal_size', '1GB'], ['min_wal_size', '1MB'],
];

/** The rules about the value itself (the Patroni and Spilo rules are not PostgreSQL's). */
const VALUE_RULES = [RuleCode.PARAM_TYPE, RuleCode.PARAM_UNIT, RuleCode.PARAM_RANGE, RuleCode.PARAM_ENUM, RuleCode.PARAM_TIMEZONE];

function verdicts(major: number): Array<[string, string, boolean]> {
  return CASES.map(([name, value]) => [name, value,
    !checkParameters({ major, parameters: { [name]: value }, sharedPreloadLibraries: [] }).some((p) => VALUE_RULES.includes(p.rule))]);
}

test('wal_level archive is valid for PostgreSQL but Patroni replaces it', () => {
  expect(checkParameters({ major: 15, parameters: { wal_level: 'archive' }, sharedPreloadLibraries: [] }).map((p) => p.rule)).toEqual([RuleCode.PARAM_PATRONI_MINIMUM]);
});

test("every case gets PostgreSQL 15's verdict (Debian server, ALTER SYSTEM)", () => {
  const server = DebianServer.start();
  try {
    const live = CASES.map(([name, value]): [string, string, boolean] => [name, value, server.error(`alter system set "${name}" = '${value.replace(/'/g, "''")}'`) === '']);
    expect(verdicts(15)).toEqual(live);
  } finally {
    server.stop();
  }
});

test("every case gets PostgreSQL 18's verdict (PGlite, ALTER SYSTEM)", async () => {
  const db = await startPglite(18);
  try {
    const live: Array<[string, string, boolean]> = [];
    for (const [name, value] of CASES) {
      live.push([name, value, await pgliteError(db, `alter system set "${name}" = '${value.replace(/'/g, "''")}'`) === '']);
    }
    // Where PGlite's build differs from the 64-bit Linux PGDG build the catalog describes, the 64-bit verdict
    // (PostgreSQL 15 above) stands: PGlite is 32-bit (kB parameters end at 2097151kB) and bundles no posix/ zones.
    const pglite = new Map<string, boolean>([['work_mem=1TB', false], ['maintenance_work_mem=2GB', false], ['timezone=posix/Europe/Berlin', false]]);
    for (const [name, value, ok] of live) {
      if (pglite.has(`${name}=${value}`)) expect(ok).toBe(pglite.get(`${name}=${value}`));
    }
    const on64bit = live.map(([n, v, ok]): [string, string, boolean] => [n, v, pglite.has(`${n}=${v}`) ? true : ok]);
    expect(verdicts(18)).toEqual(on64bit);
  } finally {
    await db.close();
  }
});
