/**
 * Input checks shared by every construct: Kubernetes names, labels and annotations, numbers, sizes,
 * durations, CIDRs, ports, images, CPU quantities and cron schedules. Each raises a ValidationError with its own
 * rule code, or with the code a caller passes in the options it takes last (`CheckOptions.rule`); none lets a value
 * through that Kubernetes, the CRDs or the operator would reject or silently misread.
 */
import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail, show } from './errors';
import { cidrContains, isCidr, Patterns } from './patterns';
import { RuleCode } from './rule-code';

/** Largest int32 (Kubernetes and CRD `format: int32` fields). */
export const INT32_MAX = 2147483647;

/**
 * Options every check takes last: the rule code it raises. By default a check raises its own code (e.g.
 * `NAME_INVALID`); a family of constructs with codes of its own (the operator's `OPERATOR_*`) passes its code.
 */
export interface CheckOptions {
  /**
   * The rule code of the error (a `RuleCode` constant).
   * @default - the check's own code
   */
  readonly rule?: string;
}

/** Options of the name checks (`checkDnsLabel`, `checkDnsSubdomain`, `checkNamespace`). */
export interface NameCheckOptions extends CheckOptions {
  /**
   * The problem sentence, for a family of constructs whose messages word it their own way.
   * @default - "not a valid <what> (a DNS-1123 label/subdomain)."
   */
  readonly problem?: string;
}

/** A DNS-1123 label (Service, container, port-less names): at most 63 lower-case alphanumerics and `-`. */
export function checkDnsLabel(scope: IConstruct, property: string, value: unknown, what: string, fix: string,
  options: NameCheckOptions = {}): string {
  if (typeof value !== 'string' || value.length > 63 || !Patterns.DNS_1123_LABEL.test(value)) {
    fail(scope, {
      rule: options.rule ?? RuleCode.NAME_INVALID,
      property,
      problem: options.problem ?? `not a valid ${what} (a DNS-1123 label).`,
      value: show(value),
      allowed: 'at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit',
      fix,
    });
  }
  return value;
}

/** A DNS-1123 subdomain (names of most objects): at most 253 characters of labels joined by dots. */
export function checkDnsSubdomain(scope: IConstruct, property: string, value: unknown, what: string, fix: string,
  options: NameCheckOptions = {}): string {
  if (typeof value !== 'string' || value.length > 253 || !Patterns.DNS_1123_SUBDOMAIN.test(value)) {
    fail(scope, {
      rule: options.rule ?? RuleCode.NAME_INVALID,
      property,
      problem: options.problem ?? `not a valid ${what} (a DNS-1123 subdomain).`,
      value: show(value),
      allowed: 'at most 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
      fix,
    });
  }
  return value;
}

/** A namespace name: a DNS-1123 label. Undefined (no namespace given) passes. */
export function checkNamespace(scope: IConstruct, property: string, value: unknown, options: NameCheckOptions = {}): void {
  if (value === undefined) return;
  checkDnsLabel(scope, property, value, 'namespace name', 'use the name of an existing namespace, e.g. "databases".', options);
}

function qualifiedNameProblem(key: unknown): string | undefined {
  if (key === undefined || key === '') return 'is empty';
  if (typeof key !== 'string') return 'is not a string';
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !Patterns.DNS_1123_SUBDOMAIN.test(prefix))) {
    return 'has a prefix that is not a DNS subdomain';
  }
  if (name.length === 0 || name.length > 63 || !Patterns.QUALIFIED_NAME_PART.test(name)) {
    return 'has a name part that is not 1-63 letters, digits, "-", "_" or "." starting and ending alphanumeric';
  }
  return undefined;
}

/** True for a Kubernetes label value: empty, or at most 63 letters, digits, `-`, `_`, `.` starting and ending alphanumeric. */
export function isLabelValue(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && Patterns.LABEL_VALUE.test(value);
}

/** Options of `checkLabelKey` and `checkAnnotationKey`. */
export interface KeyCheckOptions extends CheckOptions {
  /**
   * What the key is, in the message (e.g. "taint key").
   * @default "label key" / "annotation key"
   */
  readonly what?: string;
}

function checkQualifiedName(scope: IConstruct, property: string, key: unknown, what: string, rule: string, fix: string): void {
  const problem = qualifiedNameProblem(key);
  if (problem) {
    fail(scope, {
      rule,
      property,
      problem: `the ${what} ${problem}.`,
      value: show(key),
      allowed: 'an optional DNS-subdomain prefix and "/", then 1-63 letters, digits, "-", "_", "."',
      fix,
    });
  }
}

/** One label key (a qualified name); `property` names the key itself, e.g. `tolerations[0].key`. */
export function checkLabelKey(scope: IConstruct, property: string, key: unknown, options: KeyCheckOptions = {}): void {
  checkQualifiedName(scope, property, key, options.what ?? 'label key', options.rule ?? RuleCode.LABEL_INVALID, 'e.g. "team" or "example.com/team".');
}

/** One annotation key (a qualified name); `property` names the key itself. */
export function checkAnnotationKey(scope: IConstruct, property: string, key: unknown, options: KeyCheckOptions = {}): void {
  checkQualifiedName(scope, property, key, options.what ?? 'annotation key', options.rule ?? RuleCode.ANNOTATION_INVALID, 'e.g. "example.com/owner".');
}

/** One label value; `property` names the value itself, e.g. `labels.team`. */
export function checkLabelValue(scope: IConstruct, property: string, value: unknown, options: CheckOptions = {}): void {
  if (!isLabelValue(value)) {
    fail(scope, {
      rule: options.rule ?? RuleCode.LABEL_INVALID,
      property,
      problem: 'not a valid label value.',
      value: show(value),
      allowed: 'empty, or at most 63 letters, digits, "-", "_", "." starting and ending alphanumeric',
      fix: 'shorten the value or move it to an annotation.',
    });
  }
}

/** Labels: keys are qualified names, values at most 63 characters of the label alphabet. */
export function checkLabels(scope: IConstruct, property: string, labels: { [key: string]: string } | undefined, options: CheckOptions = {}): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    checkLabelKey(scope, `${property} key`, key, options);
    checkLabelValue(scope, `${property}.${key}`, value, options);
  }
}

/** Annotations: keys are qualified names, values strings (together at most 256 KiB). */
export function checkAnnotations(scope: IConstruct, property: string, annotations: { [key: string]: string } | undefined,
  options: CheckOptions = {}): void {
  const rule = options.rule ?? RuleCode.ANNOTATION_INVALID;
  let total = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    checkAnnotationKey(scope, `${property} key`, key, options);
    if (typeof value !== 'string') {
      fail(scope, { rule, property: `${property}.${key}`, problem: 'annotation values must be strings.', value: show(value), fix: `write it as "${value}".` });
    }
    total += key.length + value.length;
  }
  if (total > 256 * 1024) {
    fail(scope, { rule, property, problem: 'the annotations are larger than the 256 KiB Kubernetes allows.', value: `${total} bytes`, fix: 'move large data into a ConfigMap.' });
  }
}

/** Options of `checkInteger`. */
export interface IntegerRange {
  readonly min?: number;
  readonly max?: number;
  readonly fix: string;
  readonly allowedText?: string;
}

/** A whole number in a range (by default the int32 range). */
export function checkInteger(scope: IConstruct, property: string, value: unknown, range: IntegerRange, options: CheckOptions = {}): number {
  const min = range.min ?? -INT32_MAX - 1;
  const max = range.max ?? INT32_MAX;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(scope, {
      rule: options.rule ?? RuleCode.NUMBER_INVALID,
      property,
      problem: 'must be a whole number in range.',
      value: show(value),
      allowed: range.allowedText ?? `whole numbers from ${min} to ${max}`,
      fix: range.fix,
    });
  }
  return value;
}

/** Bytes of a cdk8s Size. NaN when the size is not a finite number of bytes. */
export function bytesOf(size: Size): number {
  try {
    const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
    return typeof kib === 'number' && Number.isFinite(kib) ? kib * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** A size that is a finite, whole number of bytes within bounds. Returns the bytes. */
export function checkSize(scope: IConstruct, property: string, size: Size, minBytes: number, maxBytes: number, fix: string,
  options: CheckOptions = {}): number {
  const bytes = bytesOf(size);
  if (!Number.isFinite(bytes) || !Number.isInteger(bytes) || bytes < minBytes || bytes > maxBytes) {
    fail(scope, {
      rule: options.rule ?? RuleCode.SIZE_INVALID,
      property,
      problem: Number.isFinite(bytes) && !Number.isInteger(bytes) ? 'is not a whole number of bytes.' : 'is not a size in range.',
      value: Number.isFinite(bytes) ? `${bytes} bytes` : 'a size that is not a finite number (NaN or Infinity)',
      allowed: `${minBytes} to ${maxBytes} bytes`,
      fix,
    });
  }
  return bytes;
}

/** Milliseconds of a cdk8s Duration. NaN when not finite. */
export function millisOf(duration: Duration): number {
  try {
    const ms = duration.toMilliseconds({ integral: false });
    return typeof ms === 'number' && Number.isFinite(ms) ? ms : NaN;
  } catch {
    return NaN;
  }
}

/** Options of `checkDuration`. */
export interface DurationRange {
  /** Smallest allowed value in milliseconds. */
  readonly minMillis: number;
  /** Largest allowed value in milliseconds. */
  readonly maxMillis: number;
  /** The value must be a whole multiple of this many milliseconds (1000 for whole seconds). */
  readonly stepMillis: number;
  readonly fix: string;
}

function humanMillis(ms: number): string {
  if (ms === 0) return '0s';
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** A finite duration in bounds that is a whole number of steps. Returns milliseconds. */
export function checkDuration(scope: IConstruct, property: string, duration: Duration, range: DurationRange, options: CheckOptions = {}): number {
  const ms = millisOf(duration);
  const steps = ms / range.stepMillis;
  if (!Number.isFinite(ms) || ms < range.minMillis || ms > range.maxMillis || Math.abs(steps - Math.round(steps)) > 1e-9) {
    fail(scope, {
      rule: options.rule ?? RuleCode.DURATION_INVALID,
      property,
      problem: 'is not a duration in range.',
      value: Number.isFinite(ms) ? humanMillis(ms) : 'a duration that is not a finite number (NaN or Infinity)',
      allowed: `${humanMillis(range.minMillis)} to ${humanMillis(range.maxMillis)} in whole ${humanMillis(range.stepMillis)} steps`,
      fix: range.fix,
    });
  }
  return Math.round(ms / range.stepMillis) * range.stepMillis;
}

/**
 * A Prometheus duration string of a whole number of **milliseconds** (`1h30m`, `1s500ms`, `30s`). Not to be confused
 * with `promDurationSeconds` of the monitoring rules (whole seconds, one unit: `90m`).
 */
export function promDuration(ms: number): string {
  if (ms === 0) return '0s';
  const units: Array<[string, number]> = [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];
  let rest = ms;
  let out = '';
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/**
 * A duration of **milliseconds**, rounded to whole seconds, exactly as Go's `time.Duration.String()` writes it
 * (`2160h0m0s`, `1m30s`, `45s`): what the API server stores for `metav1.Duration` fields, so GitOps tools see no
 * drift. Not to be confused with the operator's `goDurationExact` (whole seconds in one unit: `5m`).
 */
export function goDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  if (total === 0) return '0s';
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  if (h > 0) return `${h}h${m}m${sec}s`;
  if (m > 0) return `${m}m${sec}s`;
  return `${sec}s`;
}

/** A CIDR, optionally with `except` ranges that must lie inside it. */
export function checkCidr(scope: IConstruct, property: string, cidr: string, except: string[] = [], options: CheckOptions = {}): void {
  const rule = options.rule ?? RuleCode.CIDR_INVALID;
  if (typeof cidr !== 'string' || !isCidr(cidr)) {
    fail(scope, {
      rule,
      property,
      problem: 'not a CIDR.',
      value: show(cidr),
      allowed: 'IPv4 "a.b.c.d/n" (n 0-32) or IPv6 "x::/n" (n 0-128)',
      fix: 'e.g. "10.0.0.0/8".',
    });
  }
  for (const x of except) {
    if (typeof x !== 'string' || !isCidr(x) || !cidrContains(cidr, x) || x === cidr) {
      fail(scope, {
        rule,
        property: `${property} except`,
        problem: 'an except range must be a CIDR strictly inside the CIDR it narrows (Kubernetes rejects others).',
        value: `${show(x)} in ${cidr}`,
        fix: `use a smaller range inside ${cidr}, or remove it.`,
      });
    }
  }
}

/** A TCP/UDP port number. */
export function checkPort(scope: IConstruct, property: string, port: unknown, fix: string, options: CheckOptions = {}): number {
  return checkInteger(scope, property, port, { min: 1, max: 65535, fix, allowedText: '1 to 65535' }, options);
}

/** Options of `checkImage`. */
export interface ImageCheckOptions extends CheckOptions {
  /**
   * With `pinned`, a `latest` tag counts as pinned (only a missing tag or digest is an error): the operator's
   * configuration, whose images the operator pulls as given.
   * @default false
   */
  readonly allowLatest?: boolean;
  /**
   * The problem sentence for a value that is not an image reference, for a family of constructs whose messages
   * word it their own way.
   * @default "not a container image reference."
   */
  readonly problem?: string;
}

/**
 * A container image reference: `[registry/]repository[:tag][@digest]`. A missing or `latest` tag is an error
 * when `pinned` is asked for (GitOps must not pull a different image on its own); `allowLatest` accepts `latest`.
 */
export function checkImage(scope: IConstruct, property: string, image: unknown, pinned: boolean, options: ImageCheckOptions = {}): void {
  const ok = typeof image === 'string' && Patterns.IMAGE.test(image);
  const tagged = ok && (/@sha256:[0-9a-f]{64}$/.test(image) || /:[\w][\w.-]{0,127}$/.test(image.replace(/^[^/]+(?=\/)/, '')));
  const floating = ok && !options.allowLatest && /:latest$/.test(image);
  if (!ok || (pinned && (!tagged || floating))) {
    let problem: string;
    if (!ok) problem = options.problem ?? 'not a container image reference.';
    else if (options.allowLatest) problem = 'the image is not pinned: without a tag or digest it means `latest` and changes under you.';
    else problem = 'the image must be pinned to a tag or digest (not latest): a floating tag changes the pods under GitOps.';
    fail(scope, {
      rule: options.rule ?? RuleCode.IMAGE_INVALID,
      property,
      problem,
      value: show(image),
      allowed: '"registry/repository:tag" or "registry/repository@sha256:<digest>"',
      fix: 'e.g. "quay.io/prometheuscommunity/postgres-exporter:v0.20.1".',
    });
  }
}

/**
 * A CPU quantity the CRD accepts (`Patterns.CPU`: millicores `500m` or cores with up to 3 decimals `1.5`), above 0.
 * Returns the quantity (`cpuMillis` of validation/quantity reads its millicores).
 */
export function checkCpuQuantity(scope: IConstruct, property: string, value: string | undefined, options: CheckOptions = {}): string {
  // quantity.ts imports this file, so the value is not parsed here: a CPU quantity is above 0 when a digit is not 0
  if (typeof value !== 'string' || !Patterns.CPU.test(value) || !/[1-9]/.test(value)) {
    fail(scope, {
      rule: options.rule ?? RuleCode.RESOURCES_INVALID,
      property,
      problem: 'not a positive CPU quantity the CRD accepts.',
      value: show(value),
      allowed: 'millicores ("500m") or cores with up to 3 decimals ("1.5"), above 0',
      fix: 'use Cpu.millis(500) or Cpu.units(2).',
    });
  }
  return value;
}

/**
 * A cron schedule the `postgresql` CRD (and Spilo's crontab) accepts: 5 fields of numbers, `*` and `/step` only
 * (`Patterns.CRON`). Returns the expression.
 */
export function checkCron(scope: IConstruct, property: string, expr: string | undefined, options: CheckOptions = {}): string {
  if (typeof expr !== 'string' || !Patterns.CRON.test(expr)) {
    fail(scope, {
      rule: options.rule ?? RuleCode.CRON_INVALID,
      property,
      problem: 'not a schedule the CRD pattern accepts: 5 cron fields of numbers, "*" and "/step" only.',
      value: show(expr),
      allowed: 'e.g. "30 0 * * *" or "0 */6 * * *" (no ranges, lists or names)',
      fix: 'use e.g. Cron.schedule({ minute: "30", hour: "0" }).',
    });
  }
  return expr;
}

/**
 * Checks a runbook base URL (the given one, or the package's default): each alert links to `<base>#<alert>`, so
 * it must be an absolute http(s) URL without a fragment or spaces. Returns the URL to use.
 */
export function checkRunbookBaseUrl(scope: IConstruct, rule: string, given: string | undefined, fallback: () => string): string {
  const url = given ?? fallback();
  if (typeof url !== 'string' || !/^https?:\/\/[^\s#]+$/.test(url)) {
    fail(scope, {
      rule,
      property: 'runbookBaseUrl',
      problem: 'each alert links to <base>#<alert>, so the base must be an absolute http(s) URL without a fragment or spaces.',
      value: show(url),
      fix: 'e.g. "https://git.example.com/runbooks/postgres.md".',
    });
  }
  return url;
}

/** True for a PostgreSQL identifier this library accepts as a database, schema or role name (at most 63 characters). */
export function isIdentifier(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && Patterns.DATABASE_NAME.test(value);
}
