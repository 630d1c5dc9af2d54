import { ChangeSeverity } from './severity';

/** One consequence of a change to one cluster. */
export interface Consequence {
  /** How severe it is. */
  readonly severity: ChangeSeverity;
  /** The manifest field (or operator setting) that causes it, e.g. `spec.postgresql.parameters.max_connections`. */
  readonly field: string;
  /** What happens to the running database. */
  readonly summary: string;
  /**
   * What to do instead, when there is a safer way.
   * @default - no safer way
   */
  readonly instead?: string;
  /** Where the behaviour comes from (CHANGE-FACTS.md section and the operator source it cites). */
  readonly reference: string;
  /**
   * The value before, rendered compactly.
   * @default - the field was absent
   */
  readonly before?: string;
  /**
   * The value after, rendered compactly.
   * @default - the field is absent
   */
  readonly after?: string;
}

/** What happened to a cluster between the two sides. */
export enum ClusterChange {
  /** Only in the after side. */
  CREATED = 'CREATED',
  /** Only in the before side. */
  DELETED = 'DELETED',
  /** In both, with differences. */
  CHANGED = 'CHANGED',
  /** In both, equal. */
  UNCHANGED = 'UNCHANGED',
}

/** The plan of one `postgresql` (keyed by namespace and name). */
export interface ClusterPlan {
  /** The namespace. Empty when the manifest has none (the namespace it is applied to). */
  readonly clusterNamespace: string;
  /** `metadata.name`. */
  readonly name: string;
  /** Created, deleted, changed or unchanged. */
  readonly change: ClusterChange;
  /** Every consequence, most severe first. */
  readonly consequences: Consequence[];
  /** Observations that are not consequences of this change (e.g. a manifest that already rolled on every sync). */
  readonly notes: string[];
}
