/**
 * Turns the recorded server dumps (scripts/parameter-catalog/pg*.txt, written by collect.ts from live servers) into
 * the committed catalog module src/postgres/catalog-data.ts. Pure: the same inputs give byte-identical output.
 *
 * Where each version's values come from:
 * - 15: Debian's PostgreSQL 15 server (64-bit Linux, the PGDG/Debian packaging Spilo's images use), read live.
 * - 16, 17, 18: PGlite (16.4, 17.5, 18.6), read live, with the corrections below for what differs between a
 *   32-bit WebAssembly build and a 64-bit Linux PGDG build (each cited).
 * - 14: no server runs here; PostgreSQL 15's live catalog with the differences of PG14_DELTA (each cited).
 * - Extension parameters (auto_explain, pg_stat_statements, plpgsql): from the same servers, loaded with the
 *   extension; a version whose server lacks the extension takes it from EXTENSION_FALLBACK.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseDump, ServerDump, SettingRow } from './collect';

export const INPUT_DIR = __dirname;
export const MAJORS = [14, 15, 16, 17, 18];

/**
 * Integer parameters whose maximum is MAX_KILOBYTES: INT_MAX on 64-bit builds, INT_MAX / 1024 = 2097151 when
 * sizeof(size_t) is 4 as in PGlite (src/include/utils/guc.h: `#if SIZEOF_SIZE_T > 4 ... #define MAX_KILOBYTES
 * INT_MAX`). The 64-bit value is what Debian's 64-bit PostgreSQL 15 reports for each of them.
 */
const MAX_KILOBYTES_PARAMETERS = [
  'autovacuum_work_mem', 'gin_pending_list_limit', 'logical_decoding_work_mem', 'maintenance_work_mem',
  'max_slot_wal_keep_size', 'max_stack_depth', 'max_wal_size', 'min_wal_size', 'wal_keep_size',
  'wal_skip_threshold', 'work_mem',
];

/**
 * Enum values that depend on build options: PGlite is built without lz4, zstd, liburing, syncfs, sysv/mmap
 * shared memory or copy_file_range; the PGDG packages for Linux (which Spilo installs) have them. Debian's
 * PostgreSQL 15 shows the lz4/zstd/syncfs/sysv/mmap values live; io_uring (PostgreSQL 18, configure
 * --with-liburing) and clone (PostgreSQL 18 file_copy_method, Linux copy_file_range) follow the same packaging.
 */
const LINUX_BUILD_VALUES: Record<string, string[]> = {
  default_toast_compression: ['pglz', 'lz4'],
  wal_compression: ['pglz', 'lz4', 'zstd', 'on', 'off'],
  recovery_init_sync_method: ['fsync', 'syncfs'],
  dynamic_shared_memory_type: ['posix', 'sysv', 'mmap'],
  io_method: ['sync', 'worker', 'io_uring'],
  file_copy_method: ['copy', 'clone'],
};

/** Debian's packaging patch (debian/patches/extension_destdir) adds this parameter to every major it builds. */
const DEBIAN_EXTENSION_DESTDIR: SettingRow = {
  name: 'extension_destdir', vartype: 'string', unit: '', min: '', max: '', values: [], hidden: [], context: 'superuser',
};

/**
 * PostgreSQL 14 = PostgreSQL 15 minus what 15 added, plus what 15 removed or changed. Sources: the PostgreSQL 15
 * release notes (E.x "Migration to Version 15" and "Server Configuration"), and for the two back-patched
 * parameters the commits: allow_in_place_tablespaces was back-patched to 10-14 on 2022-07-27 (16e7a8fd8e97
 * et al., per pgsql-hackers 2025-07-22), restrict_nonsystem_relation_kind to 12-16 in the 2024-08 minor releases
 * (CVE-2024-7348), so both exist in current 14.x.
 */
export const PG14_DELTA = {
  /** Added in 15. */
  remove: [
    'archive_library', 'log_startup_progress_interval', 'recovery_prefetch', 'recursive_worktable_factor',
    'shared_memory_size', 'shared_memory_size_in_huge_pages', 'stats_fetch_consistency', 'wal_decode_buffer_size',
  ],
  /** Removed in 15 (the cumulative statistics system no longer writes temporary files). */
  add: [
    { name: 'stats_temp_directory', vartype: 'string', unit: '', min: '', max: '', values: [], hidden: [], context: 'sighup' },
  ] as SettingRow[],
  /** Changed in 15: wal_compression became an enum (lz4, zstd); compute_query_id gained `regress`. */
  change: {
    wal_compression: { vartype: 'bool', values: [], hidden: [] },
    compute_query_id: { values: ['auto', 'on', 'off'] },
  } as Record<string, Partial<SettingRow>>,
};

/** Where a version's server did not ship an extension, its parameters come from this version. */
const EXTENSION_FALLBACK: Record<string, Record<number, number>> = {
  pg_stat_statements: { 14: 15, 16: 15, 17: 18 },
  auto_explain: { 14: 15 },
  plpgsql: { 14: 15 },
};

/** A catalog entry as the generated module stores it. */
export interface Definition {
  readonly name: string;
  readonly type: string;
  readonly unit: string;
  readonly min?: number;
  readonly max?: number;
  readonly values?: string[];
  readonly hidden?: string[];
  readonly context: string;
}

export interface BuildInputs {
  readonly dumps: Record<number, ServerDump>;
  readonly timezones: string[];
}

export function readInputs(dir = INPUT_DIR): BuildInputs {
  const dumps: Record<number, ServerDump> = {};
  for (const major of [15, 16, 17, 18]) dumps[major] = parseDump(fs.readFileSync(path.join(dir, `pg${major}.txt`), 'utf-8'));
  const timezones = fs.readFileSync(path.join(dir, 'timezones.txt'), 'utf-8').split('\n').filter((l) => l.length);
  return { dumps, timezones };
}

function correctPglite(rows: SettingRow[]): SettingRow[] {
  const out = rows.map((r) => {
    if (MAX_KILOBYTES_PARAMETERS.includes(r.name) && r.max === '2097151') return { ...r, max: '2147483647' };
    // min_dynamic_shared_memory: max (Size) MAX_SIZE_T_KILOBYTES / 1024 = 4095 on 32-bit, INT_MAX on 64-bit
    if (r.name === 'min_dynamic_shared_memory' && r.max === '4095') return { ...r, max: '2147483647' };
    if (LINUX_BUILD_VALUES[r.name]) return { ...r, values: LINUX_BUILD_VALUES[r.name] };
    return r;
  });
  if (!out.some((r) => r.name === DEBIAN_EXTENSION_DESTDIR.name)) out.push(DEBIAN_EXTENSION_DESTDIR);
  return out;
}

function pg14(pg15: SettingRow[]): SettingRow[] {
  const out = pg15.filter((r) => !PG14_DELTA.remove.includes(r.name))
    .map((r) => PG14_DELTA.change[r.name] ? { ...r, ...PG14_DELTA.change[r.name] } : r);
  return [...out, ...PG14_DELTA.add];
}

const extensionOf = (name: string) => name.includes('.') ? name.slice(0, name.indexOf('.')) : undefined;

/** The settings of every major after corrections, fallbacks and the PG14 delta. */
export function settingsByMajor(inputs: BuildInputs): Record<number, SettingRow[]> {
  const by: Record<number, SettingRow[]> = {};
  by[15] = inputs.dumps[15].settings;
  for (const m of [16, 17, 18]) by[m] = correctPglite(inputs.dumps[m].settings);
  by[14] = pg14(by[15].filter((r) => !extensionOf(r.name)));
  for (const [ext, fallback] of Object.entries(EXTENSION_FALLBACK)) {
    for (const [major, source] of Object.entries(fallback)) {
      const rows = by[Number(major)];
      if (rows.some((r) => extensionOf(r.name) === ext)) continue;
      rows.push(...by[source].filter((r) => extensionOf(r.name) === ext));
    }
  }
  return by;
}

function definition(r: SettingRow): Definition {
  const num = (v: string): number | undefined => {
    if (v === '') return undefined;
    // pg_settings prints reals with %g: DBL_MAX appears as 1.79769e+308
    if (v === '1.79769e+308') return Number.MAX_VALUE;
    if (v === '-1.79769e+308') return -Number.MAX_VALUE;
    return Number(v);
  };
  const ranged = (r.vartype === 'integer' || r.vartype === 'real') && r.context !== 'internal';
  return {
    name: r.name,
    type: r.vartype,
    unit: r.unit,
    ...(ranged ? { min: num(r.min), max: num(r.max) } : {}),
    ...(r.vartype === 'enum' ? { values: r.values, hidden: r.hidden } : {}),
    context: r.context,
  };
}

function row(d: Definition, mask: number): string {
  const num = (n: number | undefined) => n === undefined ? 'u' : n === Number.MAX_VALUE ? 'M' : n === -Number.MAX_VALUE ? '-M' : `${n}`;
  const values = d.values ? `'${d.values.join(',')}${d.hidden?.length ? '|' + d.hidden.join(',') : ''}'` : 'u';
  return `  ['${d.name}', '${d.type}', '${d.unit}', ${num(d.min)}, ${num(d.max)}, ${values}, '${d.context}', ${mask}],`;
}

/** Renders src/postgres/catalog-data.ts. */
export function buildCatalogModule(inputs: BuildInputs): string {
  const by = settingsByMajor(inputs);
  const groups = new Map<string, { def: Definition; mask: number }>();
  for (const major of MAJORS) {
    for (const r of by[major]) {
      const def = definition(r);
      const key = JSON.stringify(def);
      const g = groups.get(key) ?? { def, mask: 0 };
      g.mask |= 1 << (major - 14);
      groups.set(key, g);
    }
  }
  const rows = [...groups.values()].sort((a, b) => a.def.name < b.def.name ? -1 : a.def.name > b.def.name ? 1 : a.mask - b.mask);
  const aliases = new Map<string, { target: string; mask: number }>();
  for (const major of [15, 16, 17, 18]) {
    for (const [old, current] of Object.entries(inputs.dumps[major].aliases)) {
      const a = aliases.get(old) ?? { target: current, mask: 0 };
      // PostgreSQL 14 has what 15 has (PG14_DELTA changes no alias)
      a.mask |= (1 << (major - 14)) | (major === 15 ? 1 : 0);
      aliases.set(old, a);
    }
  }
  const sources: Record<number, string> = {
    14: `PostgreSQL 15's catalog (below) with the PostgreSQL 15 release notes' differences applied (scripts/parameter-catalog/build.ts PG14_DELTA)`,
  };
  for (const m of [15, 16, 17, 18]) {
    const how = m === 15 ? 'live server' : 'live PGlite server, with the 64-bit Linux build corrections of scripts/parameter-catalog/build.ts';
    sources[m] = `${inputs.dumps[m].version.replace(/ on .*$/, '')} (${how})`;
  }
  const posix = new Set(inputs.timezones.filter((t) => t.startsWith('posix/')).map((t) => t.slice('posix/'.length)));
  const plain = inputs.timezones.filter((t) => !t.startsWith('posix/'));
  const withoutPosix = plain.filter((t) => !posix.has(t));
  if ([...posix].some((t) => !plain.includes(t))) throw new Error('a posix/ zone has no plain twin');

  const lines = [
    '// ~~ Generated by scripts/generate-parameter-catalog.ts (npx projen catalog) from scripts/parameter-catalog/. Do not edit.',
    '/* eslint-disable */',
    '',
    '/** @internal Where each major\'s parameter definitions come from. */',
    'export const CATALOG_SOURCES: Record<number, string> = {',
    ...Object.entries(sources).map(([m, s]) => `  ${m}: ${JSON.stringify(s)},`),
    '};',
    '',
    '/** @internal [name, type, base unit, min, max, enum values (visible|hidden), context, versions (bit n = PostgreSQL 14 + n)]; u = none, M = DBL_MAX. */',
    'export type CatalogRow = [string, string, string, number | undefined, number | undefined, string | undefined, string, number];',
    '',
    'const u = undefined;',
    'const M = Number.MAX_VALUE;',
    '',
    '/** @internal */',
    'export const CATALOG_ROWS: CatalogRow[] = [',
    ...rows.map((g) => row(g.def, g.mask)),
    '];',
    '',
    '/** @internal Old names the server maps to current ones (guc.c map_old_guc_names): old -> [current, versions]. */',
    'export const CATALOG_ALIASES: Record<string, [string, number]> = {',
    ...[...aliases.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([old, a]) => `  ${old}: ['${a.target}', ${a.mask}],`),
    '};',
    '',
    '/**',
    ' * @internal IANA time zone names of Debian\'s PostgreSQL 15 (pg_timezone_names, system tzdata as in Spilo\'s',
    ' * PGDG packages), space-separated. Every name also exists as `posix/<name>` except those in',
    ' * TIMEZONES_WITHOUT_POSIX.',
    ' */',
    `export const TIMEZONES = ${JSON.stringify(plain.join(' '))};`,
    '',
    '/** @internal */',
    `export const TIMEZONES_WITHOUT_POSIX = ${JSON.stringify(withoutPosix.join(' '))};`,
    '',
  ];
  return lines.join('\n');
}
