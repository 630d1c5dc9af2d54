/**
 * The test's own reading of kube-state-metrics' CustomResourceState semantics, to exercise the configuration
 * without a cluster: a JSON schema of the configuration file and an evaluator that turns `postgresql` objects
 * into the series kube-state-metrics would expose.
 *
 * Both follow the Go code of kubernetes/kube-state-metrics (v2.20.0 line; files read from the stored copies):
 * - `pkg/customresourcestate/config.go` (Metrics, MetricsSpec, Resource, GroupVersionKind, Labels, Generator,
 *   Metric, GetMetricNamePrefix: default prefix `kube_customresource`; `configOverrides` lowercases `each.type`);
 * - `pkg/customresourcestate/config_metrics_types.go` (MetricMeta, MetricGauge, MetricInfo, MetricStateSet);
 * - `pkg/customresourcestate/registry_factory.go` (compile: the GVK labels are added to the resource's common
 *   labels; compileFamily: resource labels merged with the metric's; the Values of gauge, info and stateSet;
 *   addPathLabels; valuePath.Get; compilePath; toFloat64; generate: base labels only fill labels not set).
 *
 * KSM publishes no JSON schema for this file. The schema below mirrors the Go structs and is closed
 * (`additionalProperties: false`): the file is decoded non-strictly (`pkg/app/server.go`), so a misspelt key
 * would be ignored silently, which is exactly what the test must catch. `kind` is allowed at the top level
 * because the documentation writes it (it is ignored).
 */
import Ajv from 'ajv';

const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const path = { type: 'array', items: { type: 'string' } };
const pathMap = { type: 'object', additionalProperties: path };
const metricMeta = { labelsFromPath: pathMap, path };

/** JSON schema of a CustomResourceStateMetrics file (see the module comment for its source). */
export const KSM_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['spec'],
  properties: {
    kind: { const: 'CustomResourceStateMetrics' },
    spec: {
      type: 'object',
      additionalProperties: false,
      required: ['resources'],
      properties: {
        resources: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['groupVersionKind', 'metrics'],
            properties: {
              commonLabels: stringMap,
              labelsFromPath: pathMap,
              metricNamePrefix: { type: 'string' },
              groupVersionKind: {
                type: 'object',
                additionalProperties: false,
                required: ['group', 'version', 'kind'],
                properties: { group: { type: 'string' }, version: { type: 'string' }, kind: { type: 'string' } },
              },
              resourcePlural: { type: 'string' },
              errorLogV: { type: 'integer' },
              metrics: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['name', 'each'],
                  properties: {
                    name: { type: 'string', pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$' },
                    help: { type: 'string' },
                    commonLabels: stringMap,
                    labelsFromPath: pathMap,
                    errorLogV: { type: 'integer' },
                    each: {
                      type: 'object',
                      additionalProperties: false,
                      required: ['type'],
                      properties: {
                        type: { type: 'string', pattern: '^(?i:gauge|stateset|info)$' },
                        gauge: {
                          type: 'object',
                          additionalProperties: false,
                          properties: { ...metricMeta, labelFromKey: { type: 'string' }, valueFrom: path, valueType: { enum: ['', 'duration', 'quantity'] }, nilIsZero: { type: 'boolean' } },
                        },
                        info: { type: 'object', additionalProperties: false, properties: { ...metricMeta, labelFromKey: { type: 'string' } } },
                        stateSet: {
                          type: 'object',
                          additionalProperties: false,
                          required: ['list', 'labelName'],
                          properties: { ...metricMeta, list: { type: 'array', items: { type: 'string' } }, labelName: { type: 'string' }, valueFrom: path },
                        },
                      },
                      // newCompiledMetric: "expected each.<type> to not be nil"
                      allOf: [
                        { if: { properties: { type: { pattern: '^(?i:gauge)$' } } }, then: { required: ['gauge'] } },
                        { if: { properties: { type: { pattern: '^(?i:stateset)$' } } }, then: { required: ['stateSet'] } },
                        { if: { properties: { type: { pattern: '^(?i:info)$' } } }, then: { required: ['info'] } },
                      ],
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

/** Validates a configuration document; returns the schema errors (empty when valid). */
export function ksmConfigErrors(config: unknown): string[] {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    code: {
      regExp: (p: string, f?: string) => {
        const m = /^\^\(\?i:(.*)\)\$$/.exec(p);
        return m ? new RegExp(`^(?:${m[1]})$`, `${f ?? ''}i`.replace('u', '')) : new RegExp(p, (f ?? '').replace('u', ''));
      },
    } as any,
  });
  const validate = ajv.compile(KSM_CONFIG_SCHEMA);
  return validate(config) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** One exposed sample. */
export interface KsmSeries {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

type PathOp = (v: any) => any;

/** compilePath: `[key=value]` looks up a list element, `k=v` matches a map value, numbers index lists. */
function compilePath(parts: string[] = []): PathOp[] {
  return parts.map((part) => {
    if (part.startsWith('[') && part.endsWith(']')) {
      const eq = part.slice(1, -1).split('=');
      if (eq.length < 2) throw new Error(`invalid list lookup: ${part}`);
      const [key, val] = [eq[0], eq.slice(1).join('=')];
      return (m: any) => (Array.isArray(m) ? m.find((e) => e && typeof e === 'object' && key in e && String(e[key]) === val) : undefined);
    }
    return (m: any) => {
      if (m !== null && typeof m === 'object' && !Array.isArray(m)) {
        const kv = part.split('=');
        if (kv.length === 2 && kv[0] in m && m[kv[0]] === kv[1]) return m[kv[0]];
        return m[part];
      }
      if (Array.isArray(m)) {
        const i = Number.parseInt(part, 10);
        if (Number.isNaN(i)) return undefined;
        const j = i < 0 ? i + m.length : i;
        return j >= 0 && j < m.length ? m[j] : undefined;
      }
      return undefined;
    };
  });
}

/** valuePath.Get: stops at nil. */
function get(ops: PathOp[], obj: any): any {
  let v = obj;
  for (const op of ops) {
    if (v === undefined || v === null) return undefined;
    v = op(v);
  }
  return v === null ? undefined : v;
}

/** fmt.Sprintf("%v") for the JSON values of an unstructured object. */
function goString(v: any): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  return JSON.stringify(v);
}

/** store.SanitizeLabelName. */
const sanitize = (k: string) => k.replace(/[^a-zA-Z0-9_]/g, '_');

/** addPathLabels: `*`-keys copy a map first, then the others; nil values are skipped. */
function addPathLabels(obj: any, labels: Record<string, string[]> = {}, result: Record<string, string>): void {
  for (const star of Object.keys(labels).filter((k) => k.startsWith('*') || k.endsWith('*')).sort()) {
    const m = get(compilePath(labels[star]), obj);
    if (m && typeof m === 'object' && !Array.isArray(m)) {
      for (const [k, v] of Object.entries(m)) result[sanitize(star.endsWith('*') ? star.slice(0, -1) + k : k)] = goString(v);
    }
  }
  for (const [k, p] of Object.entries(labels)) {
    if (k.startsWith('*') || k.endsWith('*')) continue;
    const v = get(compilePath(p), obj);
    if (v === undefined) continue;
    result[sanitize(k)] = goString(v);
  }
}

/** time.RFC3339: `2006-01-02T15:04:05Z07:00` (fractional seconds allowed when parsing). */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** toFloat64 (quantities and percentages are not needed by this library's configuration and fail loudly). */
function toFloat64(value: any, nilIsZero: boolean): number {
  if (value === undefined) {
    if (nilIsZero) return 0;
    throw new Error('expected number but found nil value');
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const n = value.toLowerCase();
    if (n === 'true' || n === 'yes') return 1;
    if (n === 'false' || n === 'no' || n === 'unknown') return 0;
    const m = RFC3339.exec(value);
    if (m) {
      const offset = m[8] === 'Z' ? 0 : (m[8].startsWith('-') ? -1 : 1) * (Number(m[8].slice(1, 3)) * 60 + Number(m[8].slice(4, 6)));
      return Math.floor((Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) - offset * 60_000) / 1000);
    }
    if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value)) return Number(value);
    throw new Error(`test evaluator: unsupported value ${JSON.stringify(value)}`);
  }
  throw new Error(`expected number but was ${JSON.stringify(value)}`);
}

interface EachValue { labels: Record<string, string>; value: number }

function gaugeValues(g: any, v: any): EachValue[] {
  const valueFrom = compilePath(g.valueFrom);
  const nilIsZero = !!g.nilIsZero;
  const value = (it: any): EachValue | undefined => {
    const got = get(valueFrom, it);
    if (got === undefined) {
      if (nilIsZero) return { labels: {}, value: 0 };
      return undefined; // an error is logged (it == nil) or the element is skipped
    }
    try {
      return { labels: {}, value: toFloat64(got, nilIsZero) };
    } catch {
      return undefined; // logged, no sample
    }
  };
  const out: EachValue[] = [];
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const single = (g.valueFrom ?? []).length === 1 ? g.valueFrom[0] : undefined;
    for (const [key, it] of Object.entries(v)) {
      let ev: EachValue | undefined;
      if (single !== undefined && key === single) {
        try {
          ev = { labels: {}, value: toFloat64(it, nilIsZero) };
        } catch {
          continue;
        }
      } else {
        ev = value(it);
        if (!ev) continue;
      }
      if (g.labelFromKey && g.labelFromKey in ev.labels) continue;
      if (key !== '' && g.labelFromKey) ev.labels[g.labelFromKey] = key;
      addPathLabels(it, g.labelsFromPath, ev.labels);
      addPathLabels(v, g.labelsFromPath, ev.labels);
      out.push(ev);
    }
  } else if (Array.isArray(v)) {
    for (const it of v) {
      const ev = value(it);
      if (!ev) continue;
      addPathLabels(it, g.labelsFromPath, ev.labels);
      out.push(ev);
    }
  } else {
    const ev = value(v);
    if (ev) {
      addPathLabels(v, g.labelsFromPath, ev.labels);
      out.push(ev);
    }
  }
  return out;
}

function infoValues(info: any, v: any): EachValue[] {
  const one = (obj: any): EachValue[] => {
    if (obj === undefined || obj === null) return [];
    const labels: Record<string, string> = {};
    addPathLabels(obj, info.labelsFromPath, labels);
    return Object.keys(labels).length ? [{ labels, value: 1 }] : [];
  };
  if (Array.isArray(v)) return v.flatMap(one);
  if (v !== null && typeof v === 'object') {
    const value = one(v);
    const out: EachValue[] = [];
    for (const [key, it] of Object.entries(v)) {
      const labels: Record<string, string> = {};
      if (key !== '' && info.labelFromKey) labels[info.labelFromKey] = key;
      addPathLabels(it, info.labelsFromPath, labels);
      if (Object.keys(labels).length) out.push({ labels, value: 1 });
    }
    return [...out, ...value];
  }
  return one(v);
}

function stateSetValues(ss: any, v: any): EachValue[] {
  const one = (obj: any): EachValue[] => {
    const comparable = get(compilePath(ss.valueFrom), obj);
    if (typeof comparable !== 'string') return []; // status paths are skipped silently, others log an error
    return (ss.list as string[]).map((entry) => {
      const labels: Record<string, string> = { [ss.labelName]: entry };
      addPathLabels(obj, ss.labelsFromPath, labels);
      return { labels, value: comparable === entry ? 1 : 0 };
    });
  };
  return Array.isArray(v) ? v.flatMap(one) : one(v);
}

/** The series kube-state-metrics exposes for `objects` under `config` (one scrape). */
export function ksmSeries(config: any, objects: any[]): KsmSeries[] {
  const out: KsmSeries[] = [];
  for (const r of config.spec.resources) {
    const gvk = r.groupVersionKind;
    const common = { ...(r.commonLabels ?? {}), customresource_group: gvk.group, customresource_version: gvk.version, customresource_kind: gvk.kind };
    const prefix = r.metricNamePrefix === undefined ? 'kube_customresource' : r.metricNamePrefix;
    for (const obj of objects) {
      if (obj.apiVersion !== `${gvk.group}/${gvk.version}` || obj.kind !== gvk.kind) continue;
      for (const f of r.metrics) {
        const name = prefix ? `${prefix}_${f.name}` : f.name;
        const base: Record<string, string> = { ...common, ...(f.commonLabels ?? {}) };
        addPathLabels(obj, { ...(r.labelsFromPath ?? {}), ...(f.labelsFromPath ?? {}) }, base);
        const type = String(f.each.type).toLowerCase();
        const each = type === 'gauge' ? f.each.gauge : type === 'info' ? f.each.info : f.each.stateSet;
        const v = get(compilePath(each.path), obj);
        const values = type === 'gauge' ? gaugeValues(each, v) : type === 'info' ? infoValues(each, v) : stateSetValues(each, v);
        for (const ev of values) {
          const labels = { ...ev.labels };
          for (const [k, val] of Object.entries(base)) if (!(k in labels)) labels[k] = val;
          out.push({ name, labels, value: ev.value });
        }
      }
    }
  }
  return out;
}

/**
 * promtool input series for a sequence of scrapes: `steps[i]` are the objects at minute i. A series that
 * disappears gets a stale marker; `extraLabels` are the scrape's target labels (e.g. job).
 */
export function ksmInputSeries(config: any, steps: any[][], extraLabels: Record<string, string> = { job: 'kube-state-metrics' }): Array<{ series: string; values: string }> {
  const byKey = new Map<string, Array<number | undefined>>();
  const key = (s: KsmSeries) => `${s.name}{${Object.entries({ ...s.labels, ...extraLabels }).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
  steps.forEach((objects, i) => {
    for (const s of ksmSeries(config, objects)) {
      const k = key(s);
      if (!byKey.has(k)) byKey.set(k, new Array(steps.length).fill(undefined));
      byKey.get(k)![i] = s.value;
    }
  });
  return [...byKey.entries()].map(([series, vals]) => {
    const tokens: string[] = [];
    let open = false;
    for (const v of vals) {
      if (v !== undefined) {
        tokens.push(String(v));
        open = true;
      } else {
        tokens.push(open ? 'stale' : '_');
        open = false;
      }
    }
    return { series, values: tokens.join(' ') };
  });
}
