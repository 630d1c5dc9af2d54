import { Errors, RuleCode } from '../../src';

/** What `fn` throws; fails the test when it throws nothing. */
export function thrownBy(fn: () => unknown): any {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a validation error, got none');
}

/**
 * Asserts a validation error of this library: a ValidationError whose rule code is `code` (a RuleCode value), whose
 * message starts with `<code> [<path>] `, says how to fix it (`Fix: `) and contains each fragment (a string) or
 * matches it (a RegExp).
 */
export function expectRule(e: any, code: string, path: string, fragments: ReadonlyArray<string | RegExp> = []): void {
  expect(Errors.isValidationError(e)).toBe(true);
  expect(Errors.ruleCode(e.message)).toBe(code);
  expect(Object.values(RuleCode)).toContain(code);
  const prefix = `${code} [${path}] `;
  expect(e.message.slice(0, prefix.length)).toBe(prefix);
  expect(e.message).toMatch(/Fix: \S/);
  for (const f of fragments) {
    if (typeof f === 'string') expect(e.message).toContain(f);
    else expect(e.message).toMatch(f);
  }
}
