import { TIMEZONES, TIMEZONES_WITHOUT_POSIX } from './catalog-data';

let names: Set<string> | undefined;
function zoneNames(): Set<string> {
  if (!names) {
    const plain = TIMEZONES.split(' ');
    const withoutPosix = new Set(TIMEZONES_WITHOUT_POSIX.split(' '));
    names = new Set([...plain, ...plain.filter((n) => !withoutPosix.has(n)).map((n) => `posix/${n}`)].map((n) => n.toLowerCase()));
  }
  return names;
}

// A POSIX TZ string (tzparse in src/timezone/localtime.c): std offset [dst [offset] [,start[/time],end[/time]]],
// zone abbreviations of 3+ letters or <...>, offsets [+-]hh[:mm[:ss]] below 168 hours.
const ABBR = '(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]{3,}>)';
const OFFSET = '[+-]?(?:1[0-6]\\d|\\d{1,2})(?::[0-5]?\\d(?::[0-5]?\\d)?)?';
const DATE = '(?:J\\d{1,3}|\\d{1,3}|M\\d{1,2}\\.[1-5]\\.[0-6])';
const RULE = `,${DATE}(?:/${OFFSET})?,${DATE}(?:/${OFFSET})?`;
const POSIX_TZ = new RegExp(`^${ABBR}${OFFSET}(?:${ABBR}(?:${OFFSET})?(?:${RULE})?)?$`);

/** A number of hours as `timezone` accepts it (strtod consuming the whole value), below 168 hours. */
const HOURS = /^[ \t\n\v\f\r]*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Whether PostgreSQL accepts the value for `timezone` (check_timezone) or, with `logTimezone`, for
 * `log_timezone` (check_log_timezone): a zone name of the tz database PostgreSQL uses (case-insensitive), a POSIX
 * TZ string, a number of hours, or (for `timezone` only) an `interval '...'` literal.
 */
export function isValidTimezone(value: string, logTimezone: boolean): boolean {
  if (!logTimezone && /^interval/i.test(value)) return /^interval\s*'[^']*'(\s+\w+(\s+to\s+\w+)?)?$/i.test(value);
  // a number of hours: check_timezone reads it as a UTC offset; for log_timezone the tz code's POSIX parser
  // accepts it (both verified against PostgreSQL 15 in test/postgres/check.test.ts)
  if (HOURS.test(value)) return Math.abs(Number(value.trim())) < 168;
  if (value.length > 255) return false;
  return zoneNames().has(value.toLowerCase()) || POSIX_TZ.test(value);
}
