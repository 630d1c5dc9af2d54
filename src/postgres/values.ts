/**
 * PostgreSQL's parsing of parameter values, reproduced from src/backend/utils/misc/guc.c (PostgreSQL 14-18, the
 * same in every one of them): `parse_bool` (src/backend/utils/adt/bool.c), `parse_int`, `parse_real`,
 * `convert_to_base_unit` and the unit conversion tables. Internal: the checks in check.ts use it.
 */

/** Memory units (case-sensitive), largest first, as guc.c's memory_unit_conversion_table. */
const MEMORY_UNITS = ['TB', 'GB', 'MB', 'kB', 'B'];
/** Time units, largest first, as guc.c's time_unit_conversion_table. */
const TIME_UNITS = ['d', 'h', 'min', 's', 'ms', 'us'];

const KB_PER: Record<string, number> = { TB: 1024 ** 3, GB: 1024 ** 2, MB: 1024, kB: 1, B: 1 / 1024 };
const MS_PER: Record<string, number> = { d: 86_400_000, h: 3_600_000, min: 60_000, s: 1000, ms: 1, us: 1 / 1000 };

/** Size in kB of each memory base unit pg_settings reports (BLCKSZ and XLOG_BLCKSZ are 8kB in PGDG builds). */
export const MEMORY_BASE_KB: Record<string, number> = { 'B': 1 / 1024, 'kB': 1, '8kB': 8, 'MB': 1024 };
/** Milliseconds in each time base unit. */
const TIME_BASE_MS: Record<string, number> = { ms: 1, s: 1000, min: 60_000 };

/** True for memory base units (B, kB, 8kB, MB). */
export function isMemoryUnit(baseUnit: string): boolean {
  return baseUnit in MEMORY_BASE_KB;
}

/** The units a value of a parameter with this base unit may carry, e.g. `B, kB, MB, GB, TB`. */
export function unitsFor(baseUnit: string): string[] {
  if (isMemoryUnit(baseUnit)) return [...MEMORY_UNITS].reverse();
  if (baseUnit in TIME_BASE_MS) return [...TIME_UNITS].reverse();
  return [];
}

/** The multiplier from `unit` to `baseUnit`, or undefined when the unit does not apply. */
function multiplier(unit: string, baseUnit: string): number | undefined {
  if (isMemoryUnit(baseUnit) && unit in KB_PER) return KB_PER[unit] / MEMORY_BASE_KB[baseUnit];
  if (baseUnit in TIME_BASE_MS && unit in MS_PER) return MS_PER[unit] / TIME_BASE_MS[baseUnit];
  return undefined;
}

/** C's rint() in the default rounding mode: to nearest, ties to even. */
export function rint(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

const SPACE = /[ \t\n\v\f\r]/;

/** strtol(s, &end, 0): returns the value and the index after the number (0 when there is none). */
function strtol(s: string): { value: number; end: number; overflow: boolean } {
  let i = 0;
  while (i < s.length && SPACE.test(s[i])) i++;
  let sign = 1;
  if (s[i] === '+' || s[i] === '-') sign = s[i++] === '-' ? -1 : 1;
  let base = 10;
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) {
    base = 16;
    i += 2;
  } else if (s[i] === '0') {
    base = 8;
  }
  const digit = base === 16 ? /[0-9a-fA-F]/ : base === 8 ? /[0-7]/ : /[0-9]/;
  const start = i;
  let value = 0;
  while (i < s.length && digit.test(s[i])) value = value * base + parseInt(s[i++], base);
  if (i === start) return { value: 0, end: 0, overflow: false };
  // long is 64-bit on Linux
  return { value: sign * value, end: i, overflow: value > 9.223372036854775807e18 };
}

const DECIMAL = /^[ \t\n\v\f\r]*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)/i;

/** strtod(s, &end) for decimal numbers, inf and nan. */
function strtod(s: string): { value: number; end: number; overflow: boolean } {
  const m = DECIMAL.exec(s);
  if (!m) return { value: 0, end: 0, overflow: false };
  const text = m[0].trim().toLowerCase();
  const negative = text.startsWith('-');
  const body = text.replace(/^[+-]/, '');
  const value = body.startsWith('inf') ? Infinity : body.startsWith('nan') ? NaN : Number(body);
  const special = body.startsWith('inf') || body.startsWith('nan');
  return { value: negative ? -value : value, end: m[0].length, overflow: !special && !Number.isFinite(value) };
}

/** Why a numeric value was refused. */
export enum NumberError {
  /** Not a number at all, or garbage after it. */
  SYNTAX = 'syntax',
  /** A unit on a parameter without units. */
  UNIT_NOT_ALLOWED = 'unit-not-allowed',
  /** A unit that is not valid for this parameter (wrong case, wrong kind). */
  BAD_UNIT = 'bad-unit',
  /** Beyond the range of a C int. */
  INT_RANGE = 'int-range',
}

/** The parsed value in the parameter's base unit, or why it is invalid. */
export interface NumberResult {
  readonly value?: number;
  readonly error?: NumberError;
  /** The unit text the value carried, if any. */
  readonly unit?: string;
}

function applyUnit(value: number, rest: string, baseUnit: string): NumberResult {
  let i = 0;
  while (i < rest.length && SPACE.test(rest[i])) i++;
  if (i === rest.length) return { value };
  if (!baseUnit) return { error: NumberError.UNIT_NOT_ALLOWED, unit: rest.slice(i).trim() };
  // convert_to_base_unit: at most MAX_UNIT_LEN (3) characters up to whitespace, then only whitespace
  let unit = '';
  while (i < rest.length && !SPACE.test(rest[i]) && unit.length < 3) unit += rest[i++];
  const tail = rest.slice(i);
  const m = multiplier(unit, baseUnit);
  if (m === undefined || tail.trim().length) {
    return { error: NumberError.BAD_UNIT, unit: rest.trim() };
  }
  let converted = value * m;
  // round to the nearest multiple of the next smaller unit, if there is one
  const table = isMemoryUnit(baseUnit) ? MEMORY_UNITS : TIME_UNITS;
  const next = table[table.indexOf(unit) + 1];
  if (next !== undefined) {
    const nm = multiplier(next, baseUnit)!;
    converted = rint(converted / nm) * nm;
  }
  return { value: converted, unit };
}

/** parse_int: an integer parameter's value in its base unit (rounded as PostgreSQL rounds). */
export function parseInteger(text: string, baseUnit: string): NumberResult {
  let { value, end, overflow } = strtol(text);
  // strtol leaves its end at the start when it read nothing: only a leading '.', 'e' or 'E' goes on to strtod
  const at = text[end];
  if (at === '.' || at === 'e' || at === 'E' || overflow) ({ value, end, overflow } = strtod(text));
  if (end === 0) return { error: NumberError.SYNTAX };
  if (overflow) return { error: NumberError.INT_RANGE };
  if (Number.isNaN(value)) return { error: NumberError.SYNTAX };
  const r = applyUnit(value, text.slice(end), baseUnit);
  if (r.error) return r;
  const rounded = rint(r.value!);
  if (rounded > 2147483647 || rounded < -2147483648) return { error: NumberError.INT_RANGE, unit: r.unit };
  return { value: rounded, unit: r.unit };
}

/** parse_real: a real parameter's value in its base unit. */
export function parseReal(text: string, baseUnit: string): NumberResult {
  const { value, end, overflow } = strtod(text);
  if (end === 0 || overflow || Number.isNaN(value)) return { error: NumberError.SYNTAX };
  return applyUnit(value, text.slice(end), baseUnit);
}

/** parse_bool: on/off, true/false, yes/no, 1/0 and unique prefixes, case-insensitive, no whitespace. */
export function parseBool(text: string): boolean | undefined {
  const v = text.toLowerCase();
  const prefixOf = (word: string) => v.length >= 1 && v.length <= word.length && word.startsWith(v);
  switch (v[0]) {
    case 't': return prefixOf('true') ? true : undefined;
    case 'f': return prefixOf('false') ? false : undefined;
    case 'y': return prefixOf('yes') ? true : undefined;
    case 'n': return prefixOf('no') ? false : undefined;
    case 'o':
      if (v === 'on') return true;
      if (v.length >= 2 && prefixOf('off')) return false;
      return undefined;
    case '1': return v.length === 1 ? true : undefined;
    case '0': return v.length === 1 ? false : undefined;
    default: return undefined;
  }
}
