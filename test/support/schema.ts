/**
 * Validates synthesized objects against their upstream schemas:
 * - the Zalando `postgresql` and `OperatorConfiguration` CRDs of the pinned operator release
 *   (test/support/zalando-reference.ts), with ajv on their openAPIV3Schema;
 * - the prometheus-operator and cert-manager kinds with `@kubernetes-models/prometheus-operator` and
 *   `@kubernetes-models/cert-manager` (generated from the projects' Go API types, with their validation);
 * - Kubernetes core kinds with `kubernetes-models`.
 *
 * Structural CRD schemas do not forbid unknown fields, because the API server prunes them silently. A field
 * we render that the schema does not know would therefore be dropped without an error. To catch that, every
 * object schema of the Zalando CRDs with `properties` is closed (`additionalProperties: false`) unless it preserves
 * unknown fields. (The kubernetes-models validators do not reject unknown fields; the library renders those kinds
 * through the typed classes `cdk8s import` generated, which only write known fields.)
 */
import Ajv, { ValidateFunction } from 'ajv';
import * as yaml from 'js-yaml';
import { zalandoText } from './zalando-reference';

/** The Zalando CRDs the tests validate against (names of test/support/zalando-reference.ts). */
const CRD_FILES = ['postgresql.crd.yaml', 'operatorconfiguration.crd.yaml'];

/** Go RE2 patterns are mostly JavaScript-compatible; `(?i)` and friends become flags, and a pattern JavaScript cannot compile fails loudly. */
function re2(pattern: string, flags?: string): RegExp {
  let p = pattern;
  let f = flags ?? '';
  const inline = /^(\^?)\(\?([ims]+)\)/.exec(p);
  if (inline) {
    p = inline[1] + p.slice(inline[0].length);
    f += inline[2];
  }
  return new RegExp(p, f.replace('u', ''));
}

function close(schema: any): any {
  if (Array.isArray(schema)) return schema.map(close);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [k, v] of Object.entries(schema)) out[k] = close(v);
  if (
    out.type === 'object'
    && out.properties
    && out.additionalProperties === undefined
    && !out['x-kubernetes-preserve-unknown-fields']
  ) {
    out.additionalProperties = false;
  }
  return out;
}

export interface Validator {
  readonly apiVersion: string;
  readonly kind: string;
  readonly validate: ValidateFunction;
}

let cache: Map<string, Validator> | undefined;

/** Validators by `apiVersion/kind`. */
export function crdValidators(): Map<string, Validator> {
  if (cache) return cache;
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    logger: false,
    code: { regExp: re2 as any },
    // The formats the API server checks on CRD fields; other formats are ignored, as it does.
    formats: {
      int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 },
      int64: { type: 'number', validate: (n: number) => Number.isSafeInteger(n) },
      uuid: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    },
  });
  cache = new Map();
  for (const file of CRD_FILES) {
    for (const crd of yaml.loadAll(zalandoText(file)) as any[]) {
      if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions) {
        const apiVersion = `${crd.spec.group}/${version.name}`;
        const kind = crd.spec.names.kind;
        const schema = close(version.schema.openAPIV3Schema);
        // metadata is validated by the API server itself, not by the CRD schema
        if (schema.properties?.metadata) schema.properties.metadata = { type: 'object' };
        cache.set(`${apiVersion}/${kind}`, { apiVersion, kind, validate: ajv.compile(schema) });
      }
    }
  }
  return cache;
}

/**
 * Kinds the library emits that kubernetes-models validates (the Kubernetes OpenAPI schemas; the prometheus-operator
 * and cert-manager API types), and the External Secrets Operator kinds, validated with
 * @kubernetes-models/external-secrets (its CRD schemas). Module path by `apiVersion/kind`.
 */
const CORE_KINDS: Record<string, string> = {
  'monitoring.coreos.com/v1/PodMonitor': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor',
  'monitoring.coreos.com/v1/ServiceMonitor': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor',
  'monitoring.coreos.com/v1/PrometheusRule': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule',
  'cert-manager.io/v1/Certificate': '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate',
  'v1/ServiceAccount': 'kubernetes-models/v1/ServiceAccount',
  'v1/ConfigMap': 'kubernetes-models/v1/ConfigMap',
  'v1/Service': 'kubernetes-models/v1/Service',
  'apps/v1/Deployment': 'kubernetes-models/apps/v1/Deployment',
  'networking.k8s.io/v1/NetworkPolicy': 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy',
  'storage.k8s.io/v1/StorageClass': 'kubernetes-models/storage.k8s.io/v1/StorageClass',
  'policy/v1/PodDisruptionBudget': 'kubernetes-models/policy/v1/PodDisruptionBudget',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  // what GitOpsLayout writes next to the folders
  'argoproj.io/v1alpha1/Application': '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application',
  'kustomize.toolkit.fluxcd.io/v1/Kustomization': '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization',
  'rbac.authorization.k8s.io/v1/Role': 'kubernetes-models/rbac.authorization.k8s.io/v1/Role',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding',
  'batch/v1/CronJob': 'kubernetes-models/batch/v1/CronJob',
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding',
  // External Secrets Operator (the same generator as kubernetes-models, from ESO's CRDs)
  'external-secrets.io/v1/ExternalSecret': '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret',
  'external-secrets.io/v1alpha1/PushSecret': '@kubernetes-models/external-secrets/external-secrets.io/v1alpha1/PushSecret',
};
const coreModels = new Map<string, new (data: any) => { validate(): void }>();

/** Loads the kubernetes-models classes (ESM) once; called from test/support/setup.ts. */
export async function registerCoreModels(): Promise<void> {
  for (const [key, module] of Object.entries(CORE_KINDS)) {
    if (coreModels.has(key)) continue;
    const kind = key.split('/').pop()!;
    const mod: any = await import(module);
    coreModels.set(key, mod[kind] ?? mod.default);
  }
}

function coreErrors(key: string, obj: any): string[] | undefined {
  const Model = coreModels.get(key);
  if (!Model) return undefined;
  try {
    new Model(obj).validate();
    return [];
  } catch (e: any) {
    const details = (e.errors ?? []).map((x: any) => `${x.instancePath || x.dataPath || '/'} ${x.message}`);
    return details.length ? details : [String(e.message ?? e)];
  }
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function labelErrors(where: string, labels: Record<string, unknown> | undefined): string[] {
  const errors: string[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (!QUALIFIED_NAME.test(k) || k.length > 316) errors.push(`${where} key ${JSON.stringify(k)} is not a qualified name`);
    if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) errors.push(`${where}.${k} value ${JSON.stringify(v)} is not a label value`);
  }
  return errors;
}

/**
 * What the API server checks in object metadata and label selectors, whatever the kind: names (DNS subdomain,
 * DNS label for Services and namespaces), label keys and values, annotation keys; and in every `matchLabels`.
 */
export function metadataErrors(obj: any): string[] {
  const errors: string[] = [];
  const m = obj?.metadata ?? {};
  const name = m.name;
  const labelKinds = ['Service', 'Namespace'];
  // RBAC objects only need a path segment name (ValidateRBACName); everything else a DNS subdomain.
  const rbac = ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'].includes(obj?.kind);
  const nameOk = typeof name === 'string' && (rbac ? /^[^/%]+$/.test(name) && name !== '.' && name !== '..' : name.length <= 253 && DNS_SUBDOMAIN.test(name));
  if (!nameOk) errors.push(`metadata.name ${JSON.stringify(name)} is not a valid name for a ${obj?.kind}`);
  if (labelKinds.includes(obj?.kind) && (typeof name !== 'string' || name.length > 63 || !DNS_LABEL.test(name))) errors.push(`metadata.name ${JSON.stringify(name)} is not a DNS label`);
  if (m.namespace !== undefined && (m.namespace.length > 63 || !DNS_LABEL.test(m.namespace))) errors.push(`metadata.namespace ${JSON.stringify(m.namespace)}`);
  errors.push(...labelErrors('metadata.labels', m.labels));
  for (const k of Object.keys(m.annotations ?? {})) if (!QUALIFIED_NAME.test(k)) errors.push(`metadata.annotations key ${JSON.stringify(k)}`);
  const walk = (node: any, where: string) => {
    if (Array.isArray(node)) {node.forEach((n, i) => walk(n, `${where}[${i}]`));} else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'matchLabels' || (k === 'labels' && where.endsWith('metadata'))) errors.push(...labelErrors(`${where}.${k}`, v as any));
        else walk(v, `${where}.${k}`);
      }
    }
  };
  walk(obj?.spec, 'spec');
  return errors;
}

/** Validation errors of one object, as readable lines; empty when valid. */
export function schemaErrors(obj: any): string[] {
  const meta = metadataErrors(obj);
  if (meta.length) return meta;
  const key = `${obj?.apiVersion}/${obj?.kind}`;
  const core = coreErrors(key, obj);
  if (core) return obj.metadata?.name ? core : ['metadata.name is missing', ...core];
  const validator = crdValidators().get(key);
  if (!validator) return [`no schema for ${key}: add one to test/support/schema.ts before emitting this kind`];
  const errors: string[] = [];
  if (!obj.metadata?.name) errors.push('metadata.name is missing');
  if (!validator.validate(obj)) {
    for (const e of validator.validate.errors ?? []) {
      const extra = e.keyword === 'additionalProperties' ? ` (${(e.params as any).additionalProperty})` : '';
      errors.push(`${e.instancePath || '/'} ${e.message}${extra}`);
    }
  }
  return errors;
}

/** Throws with every error of every invalid object. */
export function expectValid(objects: any[]): void {
  const problems: string[] = [];
  for (const obj of objects) {
    for (const e of schemaErrors(obj)) problems.push(`${obj?.kind} ${obj?.metadata?.name}: ${e}`);
  }
  if (problems.length) throw new Error(`schema validation failed:\n${problems.join('\n')}`);
}
