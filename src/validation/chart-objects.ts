/**
 * The objects this library emits into each chart: checked for duplicates (two objects of one kind,
 * namespace and name) and written in a canonical order, so that the order in which an app creates its
 * constructs never changes the YAML. Both happen once per synth, in a validation of the chart.
 *
 * How the order is made canonical: cdk8s writes a chart's objects in the pre-order of its construct tree
 * (its dependency graph visits nodes in `findAll()` order), and a node's children are in creation order. At synth
 * time, every construct on the way from the chart to one of this library's objects gets its children sorted by
 * id — only the children that lead to library objects, each keeping the slots such children occupy, so the
 * user's own constructs stay where they are. Construct ids are part of the app, creation order is not.
 *
 * The sort rewrites the order of constructs' internal `_children` map (constructs 10). Were that map ever
 * missing, the order is forced with a chain of dependencies instead (same output, but cdk8s then resolves those
 * dependencies again for every chart, which makes synthesis quadratic in the number of objects).
 */
import { ApiObject, Chart, Lazy } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail } from './errors';
import { RuleCode } from './rule-code';

interface Registry {
  readonly chart: Chart;
  readonly objects: ApiObject[];
  settled: number;
}

const registries = new WeakMap<Chart, Registry>();
const registered = new WeakSet<ApiObject>();

/** The object's name, also when it is a `Lazy` (resolved at synth time, e.g. from the operator's settings). */
export function objectName(o: ApiObject): string {
  const name: any = o.name;
  return typeof name === 'string' ? name : String(name instanceof Lazy ? name.produce() : name);
}

function identity(o: ApiObject): string {
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
  return `${group}/${o.kind}/${o.metadata.namespace ?? ''}/${objectName(o)}`;
}

/** Registers an object this library emitted. */
export function registerObject<T extends ApiObject>(o: T): T {
  const chart = Chart.of(o);
  let registry = registries.get(chart);
  if (!registry) {
    const created: Registry = { chart, objects: [], settled: 0 };
    registry = created;
    registries.set(chart, created);
    chart.node.addValidation({ validate: () => settle(created) });
  }
  registry.objects.push(o);
  registered.add(o);
  return o;
}

/** True for an object this library emitted. */
export function isLibraryObject(o: ApiObject): boolean {
  return registered.has(o);
}

function settle(registry: Registry): string[] {
  if (registry.settled === registry.objects.length) return [];
  const seen = new Map<string, ApiObject>();
  for (const o of registry.objects) {
    const id = identity(o);
    const other = seen.get(id);
    if (other) {
      fail(o, {
        rule: RuleCode.DUPLICATE_OBJECT,
        property: 'metadata.name',
        problem: `this ${o.kind} has the same namespace and name as ${other.node.path}; one would overwrite the other when applied.`,
        value: `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${objectName(o)}`,
        fix: 'create each object once (one certificate, network policy set, storage class or dashboard set per name), or give it another name.',
      });
    }
    seen.set(id, o);
  }
  if (!sortChildren(registry)) chain(registry.objects);
  registry.settled = registry.objects.length;
  return [];
}

/** Sorts, in every construct between the chart and a library object, the children leading to library objects. */
function sortChildren(registry: Registry): boolean {
  const bearing = new Set<IConstruct>();
  const parents = new Set<IConstruct>();
  for (const o of registry.objects) {
    let node: IConstruct | undefined = o;
    while (node && node !== registry.chart) {
      bearing.add(node);
      node = node.node.scope;
      if (node) parents.add(node);
    }
  }
  for (const parent of parents) {
    const map = (parent.node as any)._children as Record<string, IConstruct> | undefined;
    if (map === null || typeof map !== 'object') return false;
    const entries = Object.entries(map);
    const slots = entries.map(([, c], i) => (bearing.has(c) ? i : -1)).filter((i) => i >= 0);
    const sorted = slots.map((i) => entries[i]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const reordered = [...entries];
    slots.forEach((slot, k) => {
      reordered[slot] = sorted[k];
    });
    if (reordered.every((e, i) => e === entries[i])) continue;
    for (const [id] of entries) delete map[id];
    for (const [id, c] of reordered) map[id] = c;
  }
  return true;
}

/** The fallback: a chain of dependencies through the objects in a canonical order. */
function chain(objects: ApiObject[]): void {
  const key = (o: ApiObject) => `${o.kind}\u0000${o.metadata.namespace ?? ''}\u0000${o.name}`;
  const sorted = [...objects].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) sorted[i].node.addDependency(sorted[i - 1]);
}
