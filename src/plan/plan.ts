/**
 * The change plan: what a commit does to each `postgresql` (CHANGE-FACTS.md), computed from YAML only.
 */
import { markdown, table } from './format';
import { ManifestSet } from './manifest-set';
import { isOperatorDocument, OperatorView, operatorValues } from './operator-view';
import { analyzeCluster, same } from './rules';
import { ChangeSeverity, SEVERITY_ORDER, severityId, severityRank } from './severity';
import { ClusterChange, ClusterPlan, Consequence } from './types';
import { ValidationError } from '../validation/errors';
import { RuleCode } from '../validation/rule-code';

/** Options of `ChangePlan.compute`. */
export interface PlanOptions {
  /**
   * The operator's configuration: an `OperatorConfiguration` object, the operator's ConfigMap, or a bare map of its
   * keys (`enable_persistent_volume_claim_deletion: false`, ...). Used for both sides.
   * @default - an OperatorConfiguration (or operator ConfigMap) found in each side, else the operator v2.0.1 defaults
   */
  readonly operatorConfiguration?: ManifestSet;
}

const key = (m: any) => `${m.metadata?.namespace ?? ''}/${m.metadata?.name}`;

/**
 * The operator settings among `docs`: the one OperatorConfiguration, else the one operator ConfigMap. Several:
 * a note, and undefined (the plan cannot tell which operator manages which cluster).
 */
function chooseOperator(docs: any[], notes: string[], where: string): OperatorView | undefined {
  const found = docs.filter(isOperatorDocument);
  const configs = found.filter((d) => d.kind === 'OperatorConfiguration');
  const candidates = configs.length ? configs : found;
  if (candidates.length === 1) return new OperatorView(operatorValues(candidates[0]));
  if (candidates.length > 1) {
    notes.push(`${where} has ${candidates.length} operator configurations (${candidates.map((d) => d.metadata?.name).join(', ')}); the plan cannot tell which operator manages which cluster and uses the v2.0.1 defaults (pass one with --operator-settings)`);
  }
  return undefined;
}

/**
 * The plan of a change: per cluster, every consequence, most severe first. Render it as a table
 * (`toText`), as Markdown for a pull-request comment (`toMarkdown`) or as JSON (`toJson`).
 */
export class ChangePlan {
  /**
   * Computes the plan of changing the manifests `before` into `after`.
   */
  public static compute(before: ManifestSet, after: ManifestSet, options: PlanOptions = {}): ChangePlan {
    const op = options.operatorConfiguration;
    return planChanges(before._documents, after._documents, op ? { operatorConfiguration: op._documents } : {});
  }

  /** @internal */
  public static _create(clusters: ClusterPlan[], notes: string[]): ChangePlan {
    return new ChangePlan(clusters, notes);
  }

  /** Every cluster of either side, sorted by namespace and name. */
  public readonly clusters: ClusterPlan[];
  /** Notes about the plan as a whole (which operator settings were used, ambiguities). */
  public readonly notes: string[];

  private constructor(clusters: ClusterPlan[], notes: string[]) {
    this.clusters = clusters;
    this.notes = notes;
  }

  /** Every consequence of every cluster, most severe first. */
  public get consequences(): Consequence[] {
    return this.clusters.flatMap((c) => c.consequences).sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  }

  /**
   * The most severe consequence's severity.
   * @returns undefined when nothing happens
   */
  public get highestSeverity(): ChangeSeverity | undefined {
    const all = this.consequences;
    return all.length ? all[0].severity : undefined;
  }

  /** True when some consequence has one of these severities (the `--fail-on` policy). */
  public hasAny(severities: ChangeSeverity[]): boolean {
    return this.clusters.some((c) => c.consequences.some((x) => severities.includes(x.severity)));
  }

  /** How many consequences have this severity. */
  public count(severity: ChangeSeverity): number {
    return this.consequences.filter((c) => c.severity === severity).length;
  }

  /** A plain-text table (for a terminal). */
  public toText(): string {
    return table(this);
  }

  /** Markdown for a pull-request comment. */
  public toMarkdown(): string {
    return markdown(this);
  }

  /** JSON: `{ summary, clusters, notes }`. Severities as kebab-case ids (`deletes-data`). */
  public toJson(): string {
    const summary: Record<string, number> = {};
    for (const s of SEVERITY_ORDER) {
      const n = this.count(s);
      if (n) summary[severityId(s)] = n;
    }
    return `${JSON.stringify({
      highest: this.highestSeverity ? severityId(this.highestSeverity) : null,
      summary,
      clusters: this.clusters.map((c) => ({
        namespace: c.clusterNamespace,
        name: c.name,
        change: c.change.toLowerCase(),
        consequences: c.consequences.map((x) => ({
          severity: severityId(x.severity),
          field: x.field,
          summary: x.summary,
          ...(x.instead ? { instead: x.instead } : {}),
          ...(x.before !== undefined ? { before: x.before } : {}),
          ...(x.after !== undefined ? { after: x.after } : {}),
          reference: x.reference,
        })),
        notes: c.notes,
      })),
      notes: this.notes,
    }, null, 2)}\n`;
  }
}

/** Options of `planChanges`. */
export interface PlanChangesOptions {
  /** Documents holding the operator's settings (see `PlanOptions.operatorConfiguration`). */
  readonly operatorConfiguration?: any[];
}

/**
 * The change plan of two lists of manifest documents (TypeScript entry point: other languages use
 * `ChangePlan.compute` with `ManifestSet`s).
 */
export function planChanges(before: any[], after: any[], options: PlanChangesOptions = {}): ChangePlan {
  const notes: string[] = [];
  let explicit: OperatorView | undefined;
  if (options.operatorConfiguration) {
    const docs = options.operatorConfiguration.filter((d) => d && typeof d === 'object');
    // an operator document, else a bare map of the settings
    explicit = chooseOperator(docs, notes, 'the operator settings file')
      ?? (docs.length && !docs.some(isOperatorDocument) ? new OperatorView(operatorValues(docs[0])) : OperatorView.defaults());
  }
  const opBefore = explicit ?? chooseOperator(before, notes, 'the before side') ?? OperatorView.defaults();
  const opAfter = explicit ?? chooseOperator(after, notes, 'the after side') ?? OperatorView.defaults();
  notes.push(opBefore.description === opAfter.description
    ? `operator settings: ${opAfter.description}`
    : `operator settings: before ${opBefore.description}, after ${opAfter.description}`);
  const changedKeys = opBefore.diff(opAfter);
  if (changedKeys.length) notes.push(`the operator settings change (${changedKeys.join(', ')}); the plan applies the before settings to the before side and the after settings to the after side`);

  const pg = (docs: any[], side: string) => {
    const m = new Map<string, any>();
    for (const d of docs) {
      if (d.kind !== 'postgresql' || !String(d.apiVersion ?? '').startsWith('acid.zalan.do/') || !d.metadata?.name) continue;
      if (m.has(key(d))) {
        throw new ValidationError({
          rule: RuleCode.PLAN_DUPLICATE_CLUSTER,
          path: `plan/${side}`,
          property: 'metadata.name',
          problem: 'two postgresql objects have this namespace and name: they cannot both be compared (several environments in one directory?).',
          value: key(d).replace(/^\//, ''),
          fix: 'plan each environment\'s folder separately (e.g. deploy/production against the base branch\'s deploy/production).',
        });
      }
      m.set(key(d), d);
    }
    return m;
  };
  const cms = (docs: any[]) => docs.filter((d) => d.kind === 'ConfigMap');
  const b = pg(before, 'before');
  const a = pg(after, 'after');
  const keys = [...new Set([...b.keys(), ...a.keys()])].sort();
  const clusters: ClusterPlan[] = [];
  for (const k of keys) {
    const x = b.get(k);
    const y = a.get(k);
    // a deletion happens under the settings of the operator that is running when the object goes: the after side's
    const analysis = analyzeCluster({
      before: x,
      after: y,
      opBefore,
      opAfter,
      configMapsBefore: cms(before),
      configMapsAfter: cms(after),
    });
    const plan = { ...(y ?? x).metadata };
    const byField = (p: Consequence, q: Consequence) => (p.field < q.field ? -1 : p.field > q.field ? 1 : 0);
    const consequences = [...analysis.consequences].sort((p, q) => severityRank(p.severity) - severityRank(q.severity) || byField(p, q));
    const change = !x ? ClusterChange.CREATED
      : !y ? ClusterChange.DELETED
        : consequences.length || !same(x, y) ? ClusterChange.CHANGED : ClusterChange.UNCHANGED;
    clusters.push({ clusterNamespace: plan.namespace ?? '', name: plan.name, change, consequences, notes: analysis.notes });
  }
  // a removed and an added cluster of one team in one namespace look like a rename: say what a rename is
  for (const gone of clusters.filter((c) => c.change === ClusterChange.DELETED)) {
    const team = b.get(`${gone.clusterNamespace}/${gone.name}`)?.spec?.teamId;
    for (const added of clusters.filter((c) => c.change === ClusterChange.CREATED && c.clusterNamespace === gone.clusterNamespace && a.get(`${c.clusterNamespace}/${c.name}`)?.spec?.teamId === team)) {
      gone.notes.push(`looks like a rename to ${added.name}: Kubernetes has no rename, this is a delete of ${gone.name} plus a new, separate cluster ${added.name} (new volumes, new Secrets, new WAL path)`);
      added.notes.push(`looks like a rename of ${gone.name}: ${added.name} starts as a new cluster, it does not take over ${gone.name}'s data unless its clone section says so`);
    }
  }
  return ChangePlan._create(clusters, notes);
}
