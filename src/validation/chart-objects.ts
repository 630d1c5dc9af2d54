/**
 * The objects this library emits into each chart: checked for duplicates (two objects of one kind,
 * namespace and name) and written in a canonical order, so that the order in which an app creates its
 * constructs never changes the YAML. Both happen once per synth, in a validation of the chart.
 */
import { ApiObject, Chart } from 'cdk8s';
import { fail } from './errors';
import { RuleCode } from './rule-code';

/** Kinds in the order they are written (what must exist first comes first); others after, by name. */
const KIND_RANK = [
  'Namespace', 'CustomResourceDefinition', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding',
  'Secret', 'ConfigMap', 'StorageClass', 'PriorityClass', 'OperatorConfiguration', 'Certificate', 'postgresql',
  'Service', 'Deployment', 'CronJob', 'NetworkPolicy', 'PodMonitor', 'ServiceMonitor', 'PrometheusRule',
];

interface Registry {
  readonly objects: ApiObject[];
  chained: number;
}

const registries = new WeakMap<Chart, Registry>();

function rank(kind: string): number {
  const i = KIND_RANK.indexOf(kind);
  return i < 0 ? KIND_RANK.length : i;
}

function identity(o: ApiObject): string {
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
  return `${group}/${o.kind}/${o.metadata.namespace ?? ''}/${o.name}`;
}

function sortKey(o: ApiObject): string {
  return `${String(rank(o.kind)).padStart(3, '0')}\u0000${o.kind}\u0000${o.metadata.namespace ?? ''}\u0000${o.name}`;
}

/** Registers an object this library emitted. */
export function registerObject(o: ApiObject): ApiObject {
  const chart = Chart.of(o);
  let registry = registries.get(chart);
  if (!registry) {
    const created: Registry = { objects: [], chained: 0 };
    registry = created;
    registries.set(chart, created);
    chart.node.addValidation({ validate: () => settle(created) });
  }
  registry.objects.push(o);
  return o;
}

function settle(registry: Registry): string[] {
  if (registry.chained === registry.objects.length) return [];
  const seen = new Map<string, ApiObject>();
  for (const o of registry.objects) {
    const id = identity(o);
    const other = seen.get(id);
    if (other) {
      fail(o, {
        rule: RuleCode.DUPLICATE_OBJECT,
        property: 'metadata.name',
        problem: `this ${o.kind} has the same namespace and name as ${other.node.path}; one would overwrite the other when applied.`,
        value: `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.name}`,
        fix: 'create each object once (one certificate, network policy set, storage class or dashboard set per name), or give it another name.',
      });
    }
    seen.set(id, o);
  }
  const sorted = [...registry.objects].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) sorted[i].node.addDependency(sorted[i - 1]);
  registry.chained = registry.objects.length;
  return [];
}

/** The objects this library registered in a chart, in registration order (read-only; for GitOps annotations). */
export function registeredObjects(chart: Chart): readonly ApiObject[] {
  return [...(registries.get(chart)?.objects ?? [])];
}
