import { IConstruct } from 'constructs';

/**
 * What a `ValidationError` reports: where, what was wrong, what is allowed and how to fix it.
 */
export interface ValidationErrorDetails {
  /** Construct path of the construct whose input is invalid. */
  readonly path: string;
  /** The property (or setting) that is invalid, e.g. `props.name`. */
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

/**
 * Raised at synth time for input that the operator would reject or silently misread.
 *
 * The message names the construct path, the property, the bad value, what is allowed and how to fix it.
 */
export class ValidationError extends Error {
  /** Builds the error message from its parts. */
  public static format(details: ValidationErrorDetails): string {
    const parts = [`[${details.path}] ${details.property}: ${details.problem}`];
    if (details.value !== undefined) parts.push(`Got: ${details.value}.`);
    if (details.allowed !== undefined) parts.push(`Allowed: ${details.allowed}.`);
    if (details.fix !== undefined) parts.push(`Fix: ${details.fix}`);
    return parts.join(' ');
  }

  /** Construct path of the construct whose input is invalid. */
  public readonly constructPath: string;
  /** The property that is invalid. */
  public readonly property: string;

  constructor(details: ValidationErrorDetails) {
    super(ValidationError.format(details));
    this.name = 'ValidationError';
    this.constructPath = details.path;
    this.property = details.property;
    Object.setPrototypeOf(this, ValidationError.prototype);
  }
}

/** Details of a failed check, without the construct path (filled in by {@link fail}). */
export interface Problem {
  readonly property: string;
  readonly problem: string;
  readonly value?: string;
  readonly allowed?: string;
  readonly fix?: string;
}

/** Throws a ValidationError for `scope`. */
export function fail(scope: IConstruct, problem: Problem): never {
  throw new ValidationError({ path: scope.node.path, ...problem });
}

/** Renders a value for an error message. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * Helpers for the errors this library raises (usable from every jsii language; `ValidationError` itself
 * extends the JavaScript `Error`, which jsii cannot export).
 */
export class Errors {
  /** True when `x` is a ValidationError raised by this library. */
  public static isValidationError(x: any): boolean {
    return x instanceof ValidationError || (x !== null && typeof x === 'object' && x.name === 'ValidationError');
  }

  private constructor() {}
}
