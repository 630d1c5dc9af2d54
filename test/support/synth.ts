import { App, Chart, Testing } from 'cdk8s';
import { expectValid } from './schema';

/** A fresh app and chart (namespace `db` unless given). */
export function newChart(namespace: string | undefined = 'db'): { app: App; chart: Chart } {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace });
  return { app, chart };
}

/** Synthesizes a chart, validates every object against its schema and returns the objects. */
export function synthValid(chart: Chart): any[] {
  const objects = Testing.synth(chart);
  expectValid(objects);
  return objects;
}

/** The one object of a kind (fails when there is not exactly one). */
export function only(objects: any[], kind: string): any {
  const found = objects.filter((o) => o.kind === kind);
  if (found.length !== 1) throw new Error(`expected exactly one ${kind}, found ${found.length}`);
  return found[0];
}
