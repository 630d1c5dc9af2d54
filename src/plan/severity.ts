/**
 * What a manifest change does to a running database, most severe first. The order of the members is the order
 * of severity (a plan lists the most severe consequence of each cluster first); see CHANGE-FACTS.md for the
 * operator v2.0.1 behaviour behind each.
 */
export enum ChangeSeverity {
  /** The `postgresql` is deleted (removed or renamed) and the operator deletes its volumes. */
  DELETES_DATA = 'DELETES_DATA',
  /** A standby cluster becomes a primary (the `standby` section was removed). */
  PROMOTES = 'PROMOTES',
  /** A running primary cluster becomes a standby of another source (a `standby` section was added). */
  DEMOTES = 'DEMOTES',
  /** The database stops serving: scaled to 0, or deleted with its volumes kept. */
  OUTAGE = 'OUTAGE',
  /** WAL archiving moves to another path or stops: point-in-time recovery across the change needs both paths. */
  ARCHIVE_PATH_CHANGES = 'ARCHIVE_PATH_CHANGES',
  /** An in-place major version upgrade (pg_upgrade) runs, now or in the next maintenance window. */
  MAJOR_UPGRADE = 'MAJOR_UPGRADE',
  /** The operator never finds the manifest equal to what it stored, and rolls every pod at every sync. */
  ROLLS_ON_EVERY_SYNC = 'ROLLS_ON_EVERY_SYNC',
  /** Patroni restarts PostgreSQL. The primary is restarted in place (no switchover), outside any maintenance window. */
  RESTARTS_PRIMARY_IN_PLACE = 'RESTARTS_PRIMARY_IN_PLACE',
  /** Every pod is recreated, replicas first, then a switchover, then the old primary. */
  ROLLS_PODS_WITH_SWITCHOVER = 'ROLLS_PODS_WITH_SWITCHOVER',
  /** The change is refused, ignored or cannot complete: it does not do what the manifest says. */
  REJECTED_OR_STUCK = 'REJECTED_OR_STUCK',
  /** A connection pooler Deployment and Service are deleted: clients connecting through it lose the database. */
  POOLER_DELETED = 'POOLER_DELETED',
  /** The clone or standby source changed after creation. */
  SOURCE_CHANGED = 'SOURCE_CHANGED',
  /** A connection pooler is created. */
  POOLER_CREATED = 'POOLER_CREATED',
  /** A new cluster is created. */
  CREATES = 'CREATES',
  /** Applied to the running cluster without restarting PostgreSQL (objects patched, roles or databases created, volumes grown). */
  APPLIED_IN_PLACE = 'APPLIED_IN_PLACE',
  /** Patroni changes the configuration and PostgreSQL reloads it. No restart. */
  RELOAD_ONLY = 'RELOAD_ONLY',
  /** The operator ignores the change. What the manifest no longer mentions is left behind. */
  NO_EFFECT = 'NO_EFFECT',
}

/** Every severity, most severe first. */
export const SEVERITY_ORDER: ChangeSeverity[] = Object.values(ChangeSeverity) as ChangeSeverity[];

/** The rank of a severity: 0 is the most severe. */
export function severityRank(s: ChangeSeverity): number {
  return SEVERITY_ORDER.indexOf(s);
}

/** `DELETES_DATA` -> `DELETES DATA` (tables). */
export function severityLabel(s: ChangeSeverity): string {
  return s.replace(/_/g, ' ');
}

/** `DELETES_DATA` -> `deletes-data` (command line, JSON). */
export function severityId(s: ChangeSeverity): string {
  return s.toLowerCase().replace(/_/g, '-');
}

/** `deletes-data` (or `DELETES_DATA`, `deletes_data`) -> the severity. Undefined when unknown. */
export function parseSeverity(text: string): ChangeSeverity | undefined {
  const key = text.trim().toUpperCase().replace(/[-\s]/g, '_');
  return SEVERITY_ORDER.find((s) => s === key);
}
