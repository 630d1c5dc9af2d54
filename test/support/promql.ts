/** PromQL parsing with @prometheus-io/lezer-promql: syntax errors and the metric names an expression reads. */
import { parser } from '@prometheus-io/lezer-promql';

export interface ParsedQuery {
  readonly errors: string[];
  readonly metrics: string[];
}

export function parsePromQL(expr: string): ParsedQuery {
  const tree = parser.parse(expr);
  const errors: string[] = [];
  const metrics = new Set<string>();
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) errors.push(`syntax error at ${cursor.from}: ${expr.slice(Math.max(0, cursor.from - 20), cursor.to + 20)}`);
    if (cursor.name === 'Identifier' && cursor.node.parent?.name === 'VectorSelector') metrics.add(expr.slice(cursor.from, cursor.to));
  } while (cursor.next());
  return { errors, metrics: [...metrics].sort() };
}

/**
 * Syntax errors and metric names outside `known` (and not recorded by `recorded`) of labelled expressions,
 * as `<label>: <problem>` lines.
 */
export function queryProblems(queries: Array<[string, string]>, known: Set<string>, recorded: Set<string> = new Set()): string[] {
  const problems: string[] = [];
  for (const [label, expr] of queries) {
    const parsed = parsePromQL(expr);
    problems.push(...parsed.errors.map((e) => `${label}: ${e}`));
    for (const m of parsed.metrics) if (!known.has(m) && !recorded.has(m)) problems.push(`${label}: unknown metric ${m}`);
  }
  return problems;
}
