/**
 * Validation and canonical rendering of the pod settings a cluster passes through to the operator:
 * tolerations, node affinity, topology spread, the liveness probe and init containers. Rendering fills in
 * what the API server would default, so that the operator never sees its own output as changed (it compares
 * probes with DeepEqual: CHANGE-FACTS §3b).
 */
import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { checkEnvList, renderEnvVar } from './contributions';
import { checkDnsLabel, checkImage, checkInteger, checkLabelKey, checkLabelValue } from '../validation/checks';
import { fail, show } from '../validation/errors';
import { RuleCode } from '../validation/rule-code';

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

function schedulingError(scope: IConstruct, property: string, problem: string, value: unknown, fix: string): never {
  fail(scope, { rule: RuleCode.SCHEDULING_INVALID, property, problem, value: show(value), fix });
}

/** Tolerations as Kubernetes validates them (ValidateTolerations). */
export function renderTolerations(scope: IConstruct, tolerations: k8s.Toleration[] | undefined): any[] | undefined {
  if (!tolerations) return undefined;
  return tolerations.map((t, n) => {
    const property = `tolerations[${n}]`;
    const op = t.operator ?? 'Equal';
    if (!['Equal', 'Exists'].includes(op)) schedulingError(scope, `${property}.operator`, 'not a toleration operator.', op, 'use "Equal" or "Exists".');
    if (t.key !== undefined && t.key !== '') checkLabelKey(scope, `${property}.key`, t.key);
    if ((t.key === undefined || t.key === '') && op !== 'Exists') schedulingError(scope, property, 'a toleration without a key must use operator "Exists".', t, 'add a key or use operator "Exists".');
    if (op === 'Exists' && t.value !== undefined && t.value !== '') schedulingError(scope, property, 'a toleration with operator "Exists" must not have a value (Kubernetes rejects it).', t, 'remove the value or use operator "Equal".');
    if (op === 'Equal' && t.value !== undefined) checkLabelValue(scope, `${property}.value`, t.value);
    if (t.effect !== undefined && t.effect !== '' && !EFFECTS.includes(t.effect)) schedulingError(scope, `${property}.effect`, 'not a taint effect.', t.effect, `use one of ${EFFECTS.join(', ')}.`);
    if (t.tolerationSeconds !== undefined) {
      if (t.effect !== 'NoExecute') schedulingError(scope, `${property}.tolerationSeconds`, 'only a NoExecute toleration may have tolerationSeconds.', t, 'set effect "NoExecute" or remove tolerationSeconds.');
      checkInteger(scope, `${property}.tolerationSeconds`, t.tolerationSeconds, { min: -9007199254740991, max: Number.MAX_SAFE_INTEGER, fix: 'use whole seconds.' });
    }
    return k8s.toJson_Toleration(t);
  });
}

function checkSelectorTerm(scope: IConstruct, property: string, term: k8s.NodeSelectorTerm) {
  const exprs = [...(term.matchExpressions ?? [])];
  if (!exprs.length && !(term.matchFields ?? []).length) schedulingError(scope, property, 'an empty node selector term matches no node.', term, 'add matchExpressions.');
  for (const [n, e] of exprs.entries()) {
    checkLabelKey(scope, `${property}.matchExpressions[${n}].key`, e.key);
    if (!NODE_OPERATORS.includes(e.operator)) schedulingError(scope, `${property}.matchExpressions[${n}].operator`, 'not a node selector operator.', e.operator, `use one of ${NODE_OPERATORS.join(', ')}.`);
    const values = e.values ?? [];
    if (['In', 'NotIn'].includes(e.operator) && !values.length) schedulingError(scope, `${property}.matchExpressions[${n}]`, `operator ${e.operator} needs values.`, e, 'list the values.');
    if (['Exists', 'DoesNotExist'].includes(e.operator) && values.length) schedulingError(scope, `${property}.matchExpressions[${n}]`, `operator ${e.operator} takes no values.`, e, 'remove the values.');
    if (['Gt', 'Lt'].includes(e.operator) && (values.length !== 1 || !/^-?\d+$/.test(values[0]))) schedulingError(scope, `${property}.matchExpressions[${n}]`, `operator ${e.operator} takes exactly one integer value.`, e, 'give one integer.');
  }
  for (const [n, fld] of (term.matchFields ?? []).entries()) {
    if (fld.key !== 'metadata.name') schedulingError(scope, `${property}.matchFields[${n}].key`, 'node selector fields can only select metadata.name.', fld.key, 'use matchExpressions for labels.');
  }
}

/** Node affinity as Kubernetes validates it. */
export function renderNodeAffinity(scope: IConstruct, affinity: k8s.NodeAffinity | undefined): any {
  if (!affinity) return undefined;
  const required = affinity.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) {
    if (!required.nodeSelectorTerms.length) schedulingError(scope, 'nodeAffinity.required', 'needs at least one node selector term.', required, 'add a term or remove the requirement.');
    required.nodeSelectorTerms.forEach((t, n) => checkSelectorTerm(scope, `nodeAffinity.required.nodeSelectorTerms[${n}]`, t));
  }
  for (const [n, pref] of (affinity.preferredDuringSchedulingIgnoredDuringExecution ?? []).entries()) {
    checkInteger(scope, `nodeAffinity.preferred[${n}].weight`, pref.weight, { min: 1, max: 100, fix: 'use a weight from 1 to 100.', allowedText: '1 to 100' });
    checkSelectorTerm(scope, `nodeAffinity.preferred[${n}].preference`, pref.preference);
  }
  return k8s.toJson_NodeAffinity(affinity);
}

/** Topology spread constraints as Kubernetes validates them. */
export function checkTopologySpread(scope: IConstruct, constraints: k8s.TopologySpreadConstraint[]): void {
  const seen = new Set<string>();
  constraints.forEach((c, n) => {
    const property = `topologySpread[${n}]`;
    checkInteger(scope, `${property}.maxSkew`, c.maxSkew, { min: 1, fix: 'use maxSkew 1.' });
    checkLabelKey(scope, `${property}.topologyKey`, c.topologyKey);
    if (!['DoNotSchedule', 'ScheduleAnyway'].includes(c.whenUnsatisfiable)) schedulingError(scope, `${property}.whenUnsatisfiable`, 'not a valid value.', c.whenUnsatisfiable, 'use "DoNotSchedule" or "ScheduleAnyway".');
    if (c.minDomains !== undefined) {
      checkInteger(scope, `${property}.minDomains`, c.minDomains, { min: 1, fix: 'use at least 1.' });
      if (c.whenUnsatisfiable !== 'DoNotSchedule') schedulingError(scope, `${property}.minDomains`, 'minDomains needs whenUnsatisfiable "DoNotSchedule".', c, 'remove minDomains or use DoNotSchedule.');
    }
    const key = `${c.topologyKey}/${c.whenUnsatisfiable}`;
    if (seen.has(key)) schedulingError(scope, property, 'two constraints with the same topologyKey and whenUnsatisfiable (Kubernetes rejects them).', key, 'merge them.');
    seen.add(key);
  });
}

/** A probe as the API server stores it (defaults filled in), after checking it. */
export function renderProbe(scope: IConstruct, property: string, probe: k8s.Probe | undefined, liveness: boolean): any {
  if (!probe) return undefined;
  const handlers = [probe.exec, probe.httpGet, probe.tcpSocket, probe.grpc].filter((h) => h !== undefined);
  if (handlers.length !== 1) {
    fail(scope, { rule: RuleCode.CONTAINER_INVALID, property, problem: 'a probe needs exactly one handler (exec, httpGet, tcpSocket or grpc).', value: show(k8s.toJson_Probe(probe)), fix: 'keep one handler.' });
  }
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold', 'terminationGracePeriodSeconds'] as const) {
    if (probe[k] !== undefined) checkInteger(scope, `${property}.${k}`, probe[k], { min: k === 'initialDelaySeconds' ? 0 : 1, fix: 'use whole seconds / counts.' });
  }
  if (liveness && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    fail(scope, { rule: RuleCode.CONTAINER_INVALID, property: `${property}.successThreshold`, problem: 'a liveness probe must have successThreshold 1 (Kubernetes rejects others).', value: show(probe.successThreshold), fix: 'remove successThreshold.' });
  }
  const json = k8s.toJson_Probe(probe)!;
  json.timeoutSeconds ??= 1;
  json.periodSeconds ??= 10;
  json.successThreshold ??= 1;
  json.failureThreshold ??= 3;
  if (json.httpGet) {
    json.httpGet.path ??= '/';
    json.httpGet.scheme ??= 'HTTP';
  }
  return json;
}

/** Init containers: name, image, env. Rendered with canonical env and probes. */
export function renderInitContainers(scope: IConstruct, containers: k8s.Container[] | undefined, taken: string[]): any[] | undefined {
  if (!containers?.length) return undefined;
  const names = new Set(taken);
  return containers.map((c) => {
    checkDnsLabel(scope, 'initContainers[].name', c.name, 'container name', 'name it, e.g. "init-schema".');
    if (names.has(c.name)) {
      fail(scope, { rule: RuleCode.CONTAINER_INVALID, property: `initContainers[${c.name}]`, problem: 'a container of this name exists in the pod already.', value: show(c.name), fix: 'choose another name.' });
    }
    names.add(c.name);
    if (!c.image) {
      fail(scope, { rule: RuleCode.CONTAINER_INVALID, property: `initContainers[${c.name}].image`, problem: 'an init container without an image makes the operator fail to create the StatefulSet.', fix: 'give every init container a pinned image.' });
    }
    checkImage(scope, `initContainers[${c.name}].image`, c.image, false);
    checkEnvList(scope, `initContainers[${c.name}].env`, c.env ?? []);
    const json = k8s.toJson_Container(c)!;
    if (c.env) json.env = c.env.map((e) => renderEnvVar(e));
    for (const p of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
      if (c[p]) json[p] = renderProbe(scope, `initContainers[${c.name}].${p}`, c[p], p !== 'readinessProbe');
    }
    return json;
  });
}
