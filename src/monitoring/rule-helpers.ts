/**
 * Helpers for building rule sets (internal: not exported from the package).
 */
import type { PromRule } from './prom-rule';

/**
 * A Prometheus duration for whole **seconds** in the largest unit that is exact: `90s`, `15m`, `1h`. Not to be
 * confused with `promDuration` of validation/checks (milliseconds, mixed units: `1h30m`).
 */
export function promDurationSeconds(seconds: number): string {
  if (seconds > 0 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds > 0 && seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** Escapes a literal for a PromQL (RE2) regular expression. */
export function promRegexLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An alert builder shared by the cluster and the fleet rule sets. */
export class AlertCollector {
  public readonly rules: PromRule[] = [];

  constructor(private readonly runbookBase: string, private readonly exclude: string[]) {}

  public add(name: string, severity: string, expr: string, forDuration: string | undefined, summary: string, description: string,
    extraLabels: { [key: string]: string } = {}): void {
    if (this.exclude.includes(name)) return;
    this.rules.push({
      alert: name,
      expr,
      forDuration,
      labels: { severity, ...extraLabels },
      annotations: { summary, description, runbook_url: `${this.runbookBase}#${name.toLowerCase()}` },
    });
  }
}

