import { App, Chart, Testing } from 'cdk8s';
import { IConstruct } from 'constructs';
import { credentialLiterals } from './credentials';
import { checkRules } from './promtool';
import { expectValid } from './schema';
import { ExternalPostgresOperator, ExternalPostgresOperatorProps } from '../../src';

/** What else `newChart` declares in the chart. */
export interface NewChartOptions {
  /** Declares an operator installed elsewhere with these Helm values (`new ExternalPostgresOperator(chart, 'operator', props)`). */
  readonly operator?: ExternalPostgresOperatorProps;
}

/** A fresh app and chart (namespace `db` unless given; `null` for a chart without namespace). */
export function newChart(namespace: string | null = 'db', options: NewChartOptions = {}): { app: App; chart: Chart } {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace: namespace ?? undefined });
  if (options.operator) new ExternalPostgresOperator(chart, 'operator', options.operator);
  return { app, chart };
}

/** Runs the constructs' own validations as `app.synth()` does (Testing.synth skips them), for `scope` and every construct under it. */
export function validateConstructs(scope: IConstruct): void {
  const errors = scope.node.findAll().flatMap((c) => c.node.validate().map((e) => `${e}`));
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

/** The one object of a kind, and of that name if given (fails when there is not exactly one). */
export function only(objects: any[], kind: string, name?: string): any {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  const what = name === undefined ? kind : `${kind} ${name}`;
  if (found.length !== 1) throw new Error(`expected exactly one ${what}, found ${found.length}`);
  return found[0];
}
