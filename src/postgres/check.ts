import { InternalDefinition, ParameterContext, ParameterType, PostgresParameterCatalog } from './catalog';
import { EXTENSION_PREFIXES, MANAGED, ManagedParameter, PATRONI_MINIMUMS, PATRONI_WAL_LEVELS, SPILO_DEFAULT_PRELOAD, SYNCHRONOUS_MODE_MANAGED } from './managed';
import { isValidTimezone } from './timezone';
import { MEMORY_BASE_KB, NumberError, parseBool, parseInteger, parseReal, unitsFor } from './values';
import { formatPgKilobytes } from '../validation/quantity';
import { RuleCode } from '../validation/rule-code';

/** What checkParameters checks. */
export interface ParameterCheckInput {
  /** The cluster's PostgreSQL major version (14-18). */
  readonly major: number;
  /** The parameters as they will be rendered (`spec.postgresql.parameters`). */
  readonly parameters: Record<string, string>;
  /**
   * The libraries PostgreSQL preloads.
   * @default - `shared_preload_libraries` of `parameters`, else Spilo's default list
   */
  readonly sharedPreloadLibraries?: string[];
  /**
   * Whether Patroni runs in synchronous mode (it then owns synchronous_standby_names).
   * @default false
   */
  readonly synchronousMode?: boolean;
}

/** One problem with one parameter. The caller turns it into a ValidationError with its construct path. */
export interface ParameterProblem {
  /** The rule code (`RuleCode.PARAM_*`). */
  readonly rule: string;
  /** The parameter's name as given. */
  readonly name: string;
  /** What is wrong, in one sentence. */
  readonly problem: string;
  /** The value as given. */
  readonly value: string;
  /**
   * What is allowed.
   * @default - not shown
   */
  readonly allowed?: string;
  /**
   * How to fix it.
   * @default - not shown
   */
  readonly fix?: string;
}

/**
 * Checks parameters against the catalog of the cluster's PostgreSQL version and against what Patroni and Spilo
 * manage. Returns every problem found, sorted by parameter name (empty when all are fine). Pure: no construct,
 * no I/O.
 *
 * Extension parameters (`prefix.name`): for the extensions of EXTENSION_PREFIXES the library must be preloaded
 * (shared_preload_libraries, or session_/local_preload_libraries in `parameters`), else PostgreSQL keeps the
 * setting as a placeholder that does nothing; auto_explain, pg_stat_statements and plpgsql are then checked like
 * core parameters. Any other prefix is a custom setting PostgreSQL accepts without checking (e.g. `myapp.tenant`),
 * and is accepted too unless its prefix is a near-miss of a known extension's (a typo).
 */
export function checkParameters(input: ParameterCheckInput): ParameterProblem[] {
  const catalog = PostgresParameterCatalog.forMajor(input.major);
  const shared = lookup(input.parameters, 'shared_preload_libraries');
  const preloaded = new Set([
    ...(input.sharedPreloadLibraries ?? (shared !== undefined ? libraries(shared) : SPILO_DEFAULT_PRELOAD)),
    ...libraries(lookup(input.parameters, 'session_preload_libraries')),
    ...libraries(lookup(input.parameters, 'local_preload_libraries')),
  ].map((l) => l.toLowerCase()));
  const problems: ParameterProblem[] = [];
  for (const name of Object.keys(input.parameters).sort()) {
    const value = input.parameters[name];
    const found = checkOne(catalog, name, value, preloaded, input.synchronousMode ?? false);
    if (found) problems.push({ name, value, ...found });
  }
  return problems;
}

type Finding = Omit<ParameterProblem, 'name' | 'value'>;

function lookup(parameters: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(parameters).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : parameters[key];
}

/** A library list as PostgreSQL splits it (comma-separated, optionally double-quoted). */
function libraries(list: string | undefined): string[] {
  return (list ?? '').split(',').map((l) => l.trim().replace(/^"(.*)"$/, '$1')).filter((l) => l.length);
}

function checkOne(catalog: PostgresParameterCatalog, name: string, value: string, preloaded: Set<string>,
  synchronousMode: boolean): Finding | undefined {
  const key = name.toLowerCase();
  if (/[\n\r\0]/.test(value)) {
    return {
      rule: RuleCode.PARAM_TYPE,
      problem: 'the value contains a line break or NUL character; postgresql.conf cannot hold it and PostgreSQL does not start.',
      fix: 'put the value on one line.',
    };
  }
  const managed = key === 'synchronous_standby_names' && synchronousMode ? SYNCHRONOUS_MODE_MANAGED : MANAGED[key];
  if (managed) return managedFinding(managed);

  if (key.includes('.')) return checkExtension(catalog, name, value, preloaded);

  const def = catalog._definition(name);
  if (!def) return unknown(catalog, name);
  if (def.context === ParameterContext.INTERNAL) {
    return {
      rule: RuleCode.PARAM_READ_ONLY,
      problem: `${def.name} is read-only: it is fixed when PostgreSQL is built or the cluster is initialised, and setting it stops PostgreSQL from starting.`,
      fix: `remove ${name}.`,
    };
  }
  return checkValue(catalog, def, name, value) ?? patroniMinimum(key, def, value);
}

function managedFinding(m: ManagedParameter): Finding {
  return { rule: RuleCode.PARAM_MANAGED, problem: `${m.owner} manages this parameter: ${m.why}.`, fix: m.fix };
}

function unknown(catalog: PostgresParameterCatalog, name: string): Finding {
  const versions = PostgresParameterCatalog._versionsOf(name);
  if (versions.length) {
    const first = versions[0];
    const last = versions[versions.length - 1];
    const when = first > catalog.major
      ? `it was added in PostgreSQL ${first}`
      : `it exists in PostgreSQL ${versions.join(', ')} and was removed or renamed in ${last + 1}`;
    return {
      rule: RuleCode.PARAM_NOT_IN_VERSION,
      problem: `PostgreSQL ${catalog.major} has no parameter "${name}": ${when}.`,
      allowed: `PostgreSQL ${versions.join(', ')}`,
      fix: suggestionFix(catalog.names, name, `remove ${name} or run PostgreSQL ${first > catalog.major ? first : last}`),
    };
  }
  return {
    rule: RuleCode.PARAM_UNKNOWN,
    problem: `PostgreSQL ${catalog.major} has no parameter "${name}" and refuses to start with it (FATAL: unrecognized configuration parameter).`,
    fix: suggestionFix(catalog.names, name, `remove ${name}`),
  };
}

function suggestionFix(names: string[], name: string, otherwise: string): string {
  const s = suggest(names, name);
  return s ? `did you mean ${s}?` : `${otherwise}.`;
}

function checkExtension(catalog: PostgresParameterCatalog, name: string, value: string, preloaded: Set<string>): Finding | undefined {
  const prefix = name.slice(0, name.indexOf('.')).toLowerCase();
  const ext = EXTENSION_PREFIXES[prefix];
  if (!ext) {
    const near = suggest(Object.keys(EXTENSION_PREFIXES), prefix);
    if (!near) return undefined; // a custom setting: PostgreSQL accepts any two-part name as a placeholder
    return {
      rule: RuleCode.PARAM_UNKNOWN,
      problem: `"${prefix}" is not an extension's parameter prefix; PostgreSQL would keep "${name}" as an unused custom setting.`,
      fix: `did you mean ${near}${name.slice(name.indexOf('.'))}?`,
    };
  }
  if (ext.library && !preloaded.has(ext.library)) {
    return {
      rule: RuleCode.PARAM_EXTENSION_NOT_LOADED,
      problem: `${ext.library} is not preloaded, so PostgreSQL keeps ${name} as a placeholder that has no effect.`,
      allowed: 'parameters of preloaded extensions',
      fix: `add ${ext.library} to shared_preload_libraries, or remove ${name}.`,
    };
  }
  if (!ext.cataloged) return undefined; // no catalog of this extension: its names and values are not checked
  const def = catalog._definition(name);
  if (!def) {
    const own = catalog.names.filter((n) => n.startsWith(`${prefix}.`));
    return {
      rule: RuleCode.PARAM_UNKNOWN,
      problem: `${prefix} has no parameter "${name}" in PostgreSQL ${catalog.major}; it would warn and ignore it.`,
      allowed: own.join(', '),
      fix: suggestionFix(own, name, `remove ${name}`),
    };
  }
  return checkValue(catalog, def, name, value);
}

function checkValue(catalog: PostgresParameterCatalog, def: InternalDefinition, name: string, value: string): Finding | undefined {
  switch (def.parameterType) {
    case ParameterType.BOOL:
      return parseBool(value) === undefined ? {
        rule: RuleCode.PARAM_TYPE,
        problem: `${def.name} is a boolean.`,
        allowed: 'on, off, true, false, yes, no, 1, 0 (or a unique prefix of them), case-insensitive',
        fix: `set ${name} to "on" or "off".`,
      } : undefined;
    case ParameterType.INTEGER:
    case ParameterType.REAL:
      return checkNumber(def, value);
    case ParameterType.ENUM: {
      const all = [...def.values!, ...def.hidden];
      if (all.some((v) => v.toLowerCase() === value.toLowerCase())) return undefined;
      const near = suggest(def.values!, value.toLowerCase());
      return {
        rule: RuleCode.PARAM_ENUM,
        problem: `not a value of ${def.name} in PostgreSQL ${catalog.major}.`,
        allowed: def.values!.join(', '),
        fix: near ? `did you mean ${near}?` : 'use one of the allowed values.',
      };
    }
    default: {
      const key = def.name.toLowerCase();
      if ((key === 'timezone' || key === 'log_timezone') && !isValidTimezone(value, key === 'log_timezone')) {
        return {
          rule: RuleCode.PARAM_TIMEZONE,
          problem: `PostgreSQL does not know the time zone "${value}".`,
          allowed: 'an IANA zone name such as UTC or Europe/Berlin, a POSIX time zone string, or a UTC offset in hours',
          fix: 'use a name from pg_timezone_names, e.g. "UTC".',
        };
      }
      return undefined;
    }
  }
}

function checkNumber(def: InternalDefinition, value: string): Finding | undefined {
  const integer = def.parameterType === ParameterType.INTEGER;
  const unit = def.unit ?? '';
  const units = unitsFor(unit);
  const r = integer ? parseInteger(value, unit) : parseReal(value, unit);
  const range = def.minimum !== undefined ? `${show(def.minimum, unit)} to ${show(def.maximum!, unit)}` : undefined;
  if (r.error === NumberError.BAD_UNIT) {
    const lower = units.find((u) => u.toLowerCase() === r.unit?.toLowerCase());
    return {
      rule: RuleCode.PARAM_UNIT,
      problem: `"${r.unit}" is not a unit of ${def.name} (units are case-sensitive; its base unit is ${unit}).`,
      allowed: units.join(', '),
      fix: lower ? `write ${value.replace(r.unit!, lower)}.` : `use one of the allowed units, e.g. ${exampleUnit(unit)}.`,
    };
  }
  if (r.error === NumberError.UNIT_NOT_ALLOWED) {
    return {
      rule: RuleCode.PARAM_UNIT,
      problem: `${def.name} takes a plain number without a unit.`,
      allowed: range,
      fix: 'remove the unit.',
    };
  }
  if (r.error === NumberError.SYNTAX) {
    return {
      rule: RuleCode.PARAM_TYPE,
      problem: `${def.name} is ${integer ? 'an integer' : 'a number'}${unit ? ` (base unit ${unit})` : ''}.`,
      allowed: range,
      fix: unit ? `write a number with an optional unit, e.g. ${exampleUnit(unit)}.` : 'write a plain number.',
    };
  }
  if (r.error === NumberError.INT_RANGE || r.value! < def.minimum! || r.value! > def.maximum!) {
    const inBase = r.value !== undefined && r.unit ? ` (${show(r.value, unit)})` : '';
    return {
      rule: RuleCode.PARAM_RANGE,
      problem: `${value}${inBase} is outside the range of ${def.name}.`,
      allowed: range,
      fix: `choose a value from ${range}.`,
    };
  }
  return undefined;
}

function patroniMinimum(key: string, def: InternalDefinition, value: string): Finding | undefined {
  if (key === 'wal_level' && !PATRONI_WAL_LEVELS.includes(value.toLowerCase())) {
    return {
      rule: RuleCode.PARAM_PATRONI_MINIMUM,
      problem: 'Patroni needs WAL for replication and replaces this wal_level with replica (patroni/postgresql/config.py CMDLINE_OPTIONS).',
      allowed: 'replica, logical',
      fix: 'use replica or logical.',
    };
  }
  const min = PATRONI_MINIMUMS[key];
  if (!min) return undefined;
  const parsed = parseInteger(value, def.unit ?? '').value!;
  if (parsed >= min.minimum) return undefined;
  return {
    rule: RuleCode.PARAM_PATRONI_MINIMUM,
    problem: `Patroni ignores ${def.name} below ${min.minimum} and uses ${min.replacement} instead (patroni/postgresql/config.py CMDLINE_OPTIONS).`,
    allowed: `at least ${min.minimum}`,
    fix: `set ${def.name} to ${min.minimum} or more.`,
  };
}

/** A base-unit amount for humans: memory in exact kB/MB/GB, time with its unit (`128kB`, `8GB`, `500ms`). */
function show(n: number, unit: string): string {
  if (n === Number.MAX_VALUE) return '1.79769e+308';
  const factor = MEMORY_BASE_KB[unit];
  if (factor !== undefined && n > 0) {
    const kb = n * factor;
    return Number.isInteger(kb) ? formatPgKilobytes(kb) : `${n}B`;
  }
  return unit && n > 0 ? `${n}${unit}` : `${n}`;
}

function exampleUnit(baseUnit: string): string {
  return ['ms', 's', 'min'].includes(baseUnit) ? '30s or 500ms' : '64MB or 1GB';
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest candidate within a third of the name's length (at most 3 edits). Ties go to the first in order. */
function suggest(candidates: string[], name: string): string | undefined {
  const key = name.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(key.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of [...candidates].sort()) {
    const d = distance(key, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** jsii entry point of the parameter checks (other languages cannot call module functions). */
export class PostgresParameterChecks {
  /** See checkParameters: every problem of the parameters for the cluster's version, sorted by name. */
  public static check(input: ParameterCheckInput): ParameterProblem[] {
    return checkParameters(input);
  }

  private constructor() {}
}
