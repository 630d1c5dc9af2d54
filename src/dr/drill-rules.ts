/**
 * The alerts of a restore drill or upgrade rehearsal, on the metrics its script pushes to the Pushgateway
 * (`pg_restore_drill_*`, grouping key `job`, `namespace`, `cluster`, `drill`, `kind`). Every alert links to its
 * section in runbooks/postgres.md ("Restore drills and upgrade rehearsals").
 */
import { AlertCollector } from '../monitoring/rule-helpers';
import { RuleGroups } from '../monitoring/rules';
import { promDuration } from '../validation/checks';

/** The Pushgateway job the drills push to. */
const DRILL_JOB = 'pg_restore_drill';

/** What the rules of one drill are built from. */
export interface DrillRuleInputs {
  /** Namespace of the drill (and of the source cluster). */
  readonly namespace: string;
  /** The source cluster. */
  readonly cluster: string;
  /** The drill (its clone's name). */
  readonly drill: string;
  /** `restore` or `upgrade`. */
  readonly kind: string;
  /** A drill older than this is "not run". */
  readonly staleAfterSeconds: number;
  /** The stated RTO, if any. */
  readonly rtoSeconds?: number;
  /** The stated RPO, if any. */
  readonly rpoSeconds?: number;
  /** Base URL of the runbooks (`<base>#<alert in lower case>`). */
  readonly runbookBase: string;
}

/** The alert names. */
const DRILL_ALERTS = {
  FAILED: 'PostgresRestoreDrillFailed',
  NOT_RUN: 'PostgresRestoreDrillNotRun',
  NO_RESULT: 'PostgresRestoreDrillNoResult',
  SLOW: 'PostgresRestoreDrillSlow',
  DATA_BEHIND: 'PostgresRestoreDrillDataBehind',
};

/** The rule groups of one drill (PrometheusRule `spec`). */
export function drillRuleGroups(i: DrillRuleInputs): RuleGroups {
  const sel = `{job="${DRILL_JOB}",namespace="${i.namespace}",cluster="${i.cluster}",drill="${i.drill}",kind="${i.kind}"}`;
  const what = i.kind === 'upgrade' ? 'upgrade rehearsal' : 'restore drill';
  const where = `${what} ${i.drill} of {{ $labels.namespace }}/{{ $labels.cluster }}`;
  const rules = new AlertCollector(i.runbookBase, []);
  const alert = (name: string, severity: string, expr: string, summary: string, description: string, forDuration?: string) =>
    rules.add(name, severity, expr, forDuration, summary, description);
  const stale = promDuration(i.staleAfterSeconds * 1000);
  alert(DRILL_ALERTS.FAILED, i.kind === 'upgrade' ? 'warning' : 'critical',
    `pg_restore_drill_success${sel} == 0`,
    `The last ${where} failed.`,
    `The last ${what} did not restore a working clone or a check failed (see the drill Job's log). `
      + (i.kind === 'upgrade'
        ? 'Do not upgrade the cluster before the rehearsal passes.'
        : 'Until a drill passes, it is not known that the cluster can be restored from its backups.'));
  alert(DRILL_ALERTS.NOT_RUN, 'warning',
    `time() - pg_restore_drill_last_run_timestamp_seconds${sel} > ${i.staleAfterSeconds}`,
    `The ${where} has not run for ${stale}.`,
    `The last result of the ${what} is {{ $value | humanizeDuration }} old: the CronJob is suspended, or its Job fails before the `
      + 'script runs (image, RBAC, NetworkPolicy, quota).');
  // never pushed (a new drill, or the Pushgateway lost its metrics): only after a whole staleness window, so
  // that a newly deployed drill has time to run once
  alert(DRILL_ALERTS.NO_RESULT, 'warning',
    `absent(pg_restore_drill_last_run_timestamp_seconds${sel})`,
    `The ${what} ${i.drill} of ${i.namespace}/${i.cluster} has no result.`,
    `No result of the ${what} has been seen for ${stale}: it never ran, the Pushgateway lost its metrics (no persistence), `
      + 'or Prometheus scrapes the Pushgateway without honorLabels (the labels become exported_*).',
    stale);
  if (i.rtoSeconds !== undefined) {
    alert(DRILL_ALERTS.SLOW, 'warning',
      `pg_restore_drill_restore_duration_seconds${sel} > ${i.rtoSeconds}`,
      `The ${where} took longer than the RTO.`,
      `The last restore took {{ $value | humanizeDuration }}; the stated RTO is ${promDuration(i.rtoSeconds * 1000)}.`);
  }
  if (i.rpoSeconds !== undefined) {
    alert(DRILL_ALERTS.DATA_BEHIND, 'warning',
      `pg_restore_drill_data_lag_seconds${sel} > ${i.rpoSeconds}`,
      `The data restored by the ${where} is older than the RPO.`,
      `The newest restored data was {{ $value | humanizeDuration }} older than the restore's target time; the stated RPO is ${promDuration(i.rpoSeconds * 1000)}.`);
  }
  return { groups: [{ name: `postgres-restore-drill-${i.drill}`, rules: rules.rules }] };
}
