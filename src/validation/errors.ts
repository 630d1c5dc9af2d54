import { IConstruct } from 'constructs';

/**
 * What a validation error reports: the rule it broke, where, what was wrong, what is allowed and how to fix it.
 */
export interface ValidationErrorDetails {
  /** Stable rule code, e.g. `ZPG-NAME-LENGTH` (see `RuleCode`). */
  readonly rule: string;
  /** Construct path of the construct whose input is invalid. */
  readonly path: string;
  /** The property (or setting) that is invalid, e.g. `name`. */
  readonly property: string;
  /** What is wrong, in one sentence. */
  readonly problem: string;
  /**
   * The offending value, rendered for humans.
   * @default - not shown
   */
  readonly value?: string;
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

/** `ZPG-` followed by upper-case words joined by `-`. */
const RULE_CODE = /^ZPG-[A-Z0-9]+(-[A-Z0-9]+)*$/;
/** The rule code at the start of a message (jsii languages receive only the message). */
const MESSAGE_CODE = /^(ZPG-[A-Z0-9]+(?:-[A-Z0-9]+)*) \[/;

/**
 * Raised for input that Kubernetes, the operator, Spilo or PostgreSQL would reject or silently misread.
 *
 * The message starts with the rule code and names the construct path (once), the property, the bad value,
 * what is allowed and how to fix it: `ZPG-NAME-LENGTH [app/chart/orders] name: ... Got: ... Allowed: ... Fix: ...`.
 * jsii cannot export a subclass of `Error`: from other languages, match the rule code in the message with
 * `Errors.ruleCode(message)`.
 */
export class ValidationError extends Error {
  /** Builds the error message from its parts. */
  public static format(details: ValidationErrorDetails): string {
    if (!RULE_CODE.test(details.rule)) throw new Error(`internal: not a rule code: ${details.rule}`);
    const parts = [`${details.rule} [${details.path}] ${details.property}: ${details.problem}`];
    if (details.value !== undefined) parts.push(`Got: ${details.value}.`);
    if (details.allowed !== undefined) parts.push(`Allowed: ${details.allowed}.`);
    if (details.fix !== undefined) parts.push(`Fix: ${details.fix}`);
    return parts.join(' ');
  }

  /** The rule code. */
  public readonly rule: string;
  /** Construct path of the construct whose input is invalid. */
  public readonly constructPath: string;
  /** The property that is invalid. */
  public readonly property: string;

  constructor(details: ValidationErrorDetails) {
    super(ValidationError.format(details));
    this.name = 'ValidationError';
    this.rule = details.rule;
    this.constructPath = details.path;
    this.property = details.property;
    Object.setPrototypeOf(this, ValidationError.prototype);
  }
}

/** Details of a failed check, without the construct path (filled in by `fail`); `rule` is a `RuleCode` constant. */
export type Problem = Omit<ValidationErrorDetails, 'path'>;

/** Throws a ValidationError for `scope`. */
export function fail(scope: IConstruct, problem: Problem): never {
  throw new ValidationError({ path: scope.node.path, ...problem });
}

/** Renders a value for an error message (never throws, also for cyclic or exotic values). */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return `${value}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Helpers for the errors this library raises, usable from every jsii language.
 *
 * Every failure caused by input is a validation error whose message starts with a stable rule code
 * (`ZPG-...`, listed in the README and in `RuleCode`). In JavaScript and TypeScript the thrown object is a
 * `ValidationError`; jsii languages receive the message (Python `RuntimeError`, Java `JsiiError`, ...).
 */
export class Errors {
  /**
   * True when `thrown` is a validation error raised by this library. For JavaScript and TypeScript, where the
   * thrown object arrives as it was thrown; from Python, Java, Go and .NET test the caught exception's message
   * with `ruleCode` instead.
   * @param thrown any thrown value
   */
  public static isValidationError(thrown: any): boolean {
    if (thrown instanceof ValidationError) return true;
    return thrown !== null && typeof thrown === 'object' && thrown.name === 'ValidationError'
      && typeof thrown.message === 'string' && MESSAGE_CODE.test(thrown.message);
  }

  /**
   * The rule code of a validation error message, e.g. `ZPG-NAME-LENGTH`, or undefined when the message is
   * not one of this library's validation errors. Use it from Python, Java, Go and .NET on the caught
   * exception's message (jsii may prefix it, so the code is searched at the start of any line).
   */
  public static ruleCode(message: string): string | undefined {
    for (const line of `${message}`.split('\n')) {
      const m = MESSAGE_CODE.exec(line.replace(/^.*?(?=ZPG-)/, ''));
      if (m) return m[1];
    }
    return undefined;
  }

  private constructor() {}
}
