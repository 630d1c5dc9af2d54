/** Renders a change plan as a terminal table or as Markdown for a pull-request comment. */
import { ChangeSeverity, SEVERITY_ORDER, severityId, severityLabel } from './severity';
import { ClusterChange, ClusterPlan, Consequence } from './types';

/** What the formats read of a `ChangePlan` (declared here so that plan.ts, which formats, is not imported back). */
interface FormattedPlan {
  readonly clusters: ClusterPlan[];
  readonly notes: string[];
  readonly consequences: Consequence[];
  readonly highestSeverity?: ChangeSeverity;
  count(severity: ChangeSeverity): number;
}

const clusterName = (c: ClusterPlan) => (c.clusterNamespace ? `${c.clusterNamespace}/${c.name}` : c.name);

function summaryLine(plan: FormattedPlan): string {
  const parts = SEVERITY_ORDER.map((s) => [s, plan.count(s)] as const).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${severityId(s)}`);
  return parts.length ? parts.join(', ') : 'no consequences';
}

function change(c: Consequence): string {
  if (c.before === undefined && c.after === undefined) return '';
  return ` [${c.before ?? '(absent)'} -> ${c.after ?? '(absent)'}]`;
}

/** A plain-text table, one block per cluster. */
export function table(plan: FormattedPlan): string {
  const lines: string[] = [];
  const changed = plan.clusters.filter((c) => c.change !== ClusterChange.UNCHANGED);
  lines.push(`Change plan: ${plan.clusters.length} cluster(s), ${changed.length} changed; highest: ${plan.highestSeverity ? severityLabel(plan.highestSeverity) : 'none'}`);
  lines.push(`  ${summaryLine(plan)}`);
  const sevWidth = Math.max(8, ...plan.consequences.map((c) => severityLabel(c.severity).length));
  const fieldWidth = Math.min(48, Math.max(5, ...plan.consequences.map((c) => c.field.length)));
  for (const c of changed) {
    lines.push('', `${clusterName(c)}  ${c.change}`);
    if (c.consequences.length) lines.push(`  ${'SEVERITY'.padEnd(sevWidth)}  ${'FIELD'.padEnd(fieldWidth)}  WHAT HAPPENS`);
    for (const x of c.consequences) {
      const field = x.field.length > fieldWidth ? `${x.field}\n  ${''.padEnd(sevWidth)}  ${''.padEnd(fieldWidth)}` : x.field.padEnd(fieldWidth);
      lines.push(`  ${severityLabel(x.severity).padEnd(sevWidth)}  ${field}  ${x.summary}${change(x)}`);
      if (x.instead) lines.push(`  ${''.padEnd(sevWidth)}  ${''.padEnd(fieldWidth)}  instead: ${x.instead}`);
    }
    for (const n of c.notes) lines.push(`  note: ${n}`);
  }
  const unchanged = plan.clusters.filter((c) => c.change === ClusterChange.UNCHANGED);
  if (unchanged.length) lines.push('', `unchanged: ${unchanged.map(clusterName).join(', ')}`);
  for (const n of plan.notes) lines.push(`note: ${n}`);
  return `${lines.join('\n')}\n`;
}

const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
const code = (s: string) => (s.includes('`') ? cell(s) : `\`${cell(s)}\``);

/** Markdown for a pull-request comment. */
export function markdown(plan: FormattedPlan): string {
  const lines: string[] = [];
  lines.push('## Database change plan', '');
  const highest = plan.highestSeverity;
  lines.push(`**Highest: ${highest ? severityLabel(highest) : 'nothing happens'}** (${summaryLine(plan)})`, '');
  const changed = plan.clusters.filter((c) => c.change !== ClusterChange.UNCHANGED);
  if (!plan.clusters.length) lines.push('No `postgresql` in either side.', '');
  for (const c of changed) {
    lines.push(`### ${code(clusterName(c))}: ${c.change.toLowerCase()}`, '');
    if (c.consequences.length) {
      lines.push('| Severity | Field | What happens | Safer way |', '|---|---|---|---|');
      for (const x of c.consequences) {
        lines.push(`| **${severityLabel(x.severity)}** | ${code(x.field)} | ${cell(x.summary + change(x))} | ${x.instead ? cell(x.instead) : ''} |`);
      }
      lines.push('');
    }
    if (c.notes.length) lines.push(...c.notes.map((n) => `- ${cell(n)}`), '');
  }
  const unchanged = plan.clusters.filter((c) => c.change === ClusterChange.UNCHANGED);
  if (unchanged.length) lines.push(`Unchanged: ${unchanged.map((c) => code(clusterName(c))).join(', ')}`, '');
  if (plan.notes.length) lines.push('<details><summary>Notes</summary>', '', ...plan.notes.map((n) => `- ${cell(n)}`), '', '</details>', '');
  lines.push('<sub>Computed from the manifests alone by `cdk8s-zalando-postgres plan` (operator v2.0.1 behaviour, CHANGE-FACTS.md).</sub>');
  return `${lines.join('\n')}\n`;
}
