import { App, Chart, Testing } from 'cdk8s';
import { credentialLiterals } from './credentials';
import { checkRules } from './promtool';
import { expectValid } from './schema';

/** A fresh app and chart (namespace `db` unless given; `null` for a chart without namespace). */
export function newChart(namespace: string | null = 'db'): { app: App; chart: Chart } {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace: namespace ?? undefined });
  return { app, chart };
}

/** Runs the constructs' own validations as `app.synth()` does (Testing.synth skips them). */
export function validateConstructs(chart: Chart): void {
  const errors = chart.node.findAll().flatMap((c) => c.node.validate().map((e) => `${e}`));
  if (errors.length) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

/**
 * Synthesizes a chart, validates the constructs and every object against its schema, checks that no
 * credential is written as a literal, runs `promtool check rules` on every PrometheusRule, and returns the objects.
 */
export function synthValid(chart: Chart): any[] {
  validateConstructs(chart);
  const objects = Testing.synth(chart);
  expectValid(objects);
  const literals = credentialLiterals(objects);
  if (literals.length) throw new Error(`credential literals in synthesized objects:\n${literals.join('\n')}`);
  for (const rule of objects.filter((o) => o.kind === 'PrometheusRule')) {
    const result = checkRules(rule.spec);
    if (!result.ok) throw new Error(`promtool check rules failed for ${rule.metadata.name}:\n${result.output}`);
  }
  return objects;
}

/** The one object of a kind (fails when there is not exactly one). */
export function only(objects: any[], kind: string): any {
  const found = objects.filter((o) => o.kind === kind);
  if (found.length !== 1) throw new Error(`expected exactly one ${kind}, found ${found.length}`);
  return found[0];
}
