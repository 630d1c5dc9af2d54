/**
 * What a change of one `postgresql` manifest does in operator v2.0.1: the field -> consequence rules of
 * `../shared/CHANGE-FACTS.md` §1 (manifest fields, the StatefulSet comparison table), §2 (restart order), §3
 * (equality rules, rolls on every sync) and §5 (deletion). Each consequence cites the CHANGE-FACTS row it
 * comes from. The Spilo environment, the WAL-G archive path and the "rolls on every sync" reasons come from the
 * behaviour model (src/model/spilo-model.ts), so this file reads YAML only and never the library's constructs.
 */
import { OperatorView } from './operator-view';
import { ChangeSeverity as S } from './severity';
import { Consequence } from './types';
import {
  compareEnv,
  credentialSecretName,
  envDiff,
  EnvVar,
  generateSpiloPodEnvVars,
  ModelEnvVar,
  SpiloModelSettings as ModelSettings,
  rollReasons,
  spiloModel,
} from '../model/spilo-model';
import { snake } from '../operator/fields';
import { operatorInstanceCount } from '../operator/instances';
import { PostgresParameterCatalog } from '../postgres/catalog';

/** Everything one cluster's analysis needs. */
export interface ClusterInputs {
  readonly before?: any;
  readonly after?: any;
  /** The operator settings in force before the change (deletions use the after side's, see planner). */
  readonly opBefore: OperatorView;
  readonly opAfter: OperatorView;
  /** ConfigMaps of each side (for `pod_environment_configmap`). */
  readonly configMapsBefore: any[];
  readonly configMapsAfter: any[];
}

export interface ClusterAnalysis {
  readonly consequences: Consequence[];
  readonly notes: string[];
}

// ------------------------------------------------------------------------------------------------------------
// helpers
// ------------------------------------------------------------------------------------------------------------

function canonical(v: any): any {
  if (Array.isArray(v)) return v.map(canonical);
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object') return v;
  return Object.fromEntries(Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => [k, canonical(v[k])]));
}

/** Deep equality of two YAML values (key order ignored, undefined = absent). */
export function same(a: any, b: any): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** A compact rendering of a value for the before/after columns (at most 120 characters). */
export function render(v: any): string | undefined {
  if (v === undefined || v === null) return undefined;
  const text = typeof v === 'string' ? v : JSON.stringify(canonical(v));
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

const UNITS: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** A Kubernetes quantity as a number (bytes, cores). NaN when malformed. */
export function quantity(q: unknown): number {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return NaN;
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([a-zA-Z]*)\s*$/.exec(q);
  if (!m) return NaN;
  if (m[2] && UNITS[m[2]] === undefined) return NaN;
  return Number(m[1]) * (m[2] ? UNITS[m[2]] : 1);
}

/** Semantic equality of two resource lists (`Quantity.Cmp`, cluster.go:667-694). */
function resourcesEqual(a: any, b: any): boolean {
  for (const part of ['requests', 'limits']) {
    const x = a?.[part] ?? {};
    const y = b?.[part] ?? {};
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
      if (x[k] === undefined || y[k] === undefined) {
        if (x[k] !== y[k]) return false;
        continue;
      }
      const qx = quantity(String(x[k]));
      const qy = quantity(String(y[k]));
      if (Number.isNaN(qx) || Number.isNaN(qy) ? String(x[k]) !== String(y[k]) : Math.abs(qx - qy) > 1e-9 * Math.max(1, Math.abs(qx))) return false;
    }
  }
  return true;
}

/** Ports equal as the operator compares them: by containerPort, protocol "" = TCP (cluster.go:744-782). */
function portsEqual(a: any[] = [], b: any[] = []): boolean {
  if (a.length !== b.length) return false;
  const norm = (p: any) => ({ ...p, protocol: p.protocol || 'TCP' });
  return a.every((pa) => {
    const pb = b.find((x) => x.containerPort === pa.containerPort);
    return pb !== undefined && same(norm(pa), norm(pb));
  });
}

/** volumeMounts as an order-insensitive set (cluster.go:784-803). */
function mountsEqual(a: any[] = [], b: any[] = []): boolean {
  if (a.length !== b.length) return false;
  return a.every((m) => b.some((n) => same(m, n)));
}

/** The container fields compareContainers checks, and whether each is equal (cluster.go:628-652). */
function containerDiff(a: any, b: any): { compared: string[]; ignored: string[] } {
  const compared: string[] = [];
  if (a.name !== b.name) compared.push('name');
  if (a.image !== b.image) compared.push('image');
  if (!same(a.readinessProbe, b.readinessProbe)) compared.push('readinessProbe');
  if (!same(a.livenessProbe, b.livenessProbe)) compared.push('livenessProbe');
  if (!portsEqual(a.ports, b.ports)) compared.push('ports');
  if (!resourcesEqual(a.resources, b.resources)) compared.push('resources');
  if (!compareEnv(a.env ?? [], b.env ?? [])) compared.push('env');
  if (!same(a.envFrom, b.envFrom)) compared.push('envFrom');
  if (!same(a.securityContext, b.securityContext)) compared.push('securityContext');
  if (!mountsEqual(a.volumeMounts, b.volumeMounts)) compared.push('volumeMounts');
  const checked = ['name', 'image', 'readinessProbe', 'livenessProbe', 'ports', 'resources', 'env', 'envFrom', 'securityContext', 'volumeMounts'];
  const ignored = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !checked.includes(k) && !same(a[k], b[k])).sort();
  return { compared, ignored };
}

/** Leaf paths present in `a` but not in `b` (maps only, lists and scalars are leaves). */
function removedPaths(a: any, b: any, prefix = ''): string[] {
  if (!a || typeof a !== 'object' || Array.isArray(a)) return [];
  const out: string[] = [];
  for (const k of Object.keys(a).sort()) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (!b || typeof b !== 'object' || !(k in b)) out.push(p);
    else out.push(...removedPaths(a[k], b[k], p));
  }
  return out;
}

const versionOf = (m: any): number => Number.parseInt(String(m?.spec?.postgresql?.version ?? ''), 10);
const list = (v: any): string[] => (Array.isArray(v) ? v.map(String) : []);
const ann = (m: any): Record<string, string> => m?.metadata?.annotations ?? {};

/** Whether a pooler of a role is enabled (connection_pooler.go:70-90). */
function poolerEnabled(spec: any, role: 'master' | 'replica'): boolean {
  if (role === 'replica') return spec?.enableReplicaConnectionPooler === true;
  if (spec?.enableConnectionPooler !== undefined && spec?.enableConnectionPooler !== null) return spec.enableConnectionPooler === true;
  return spec?.connectionPooler !== undefined && spec?.connectionPooler !== null;
}

/** The instance count after `min_instances`/`max_instances` (k8sres.go:1670-1702). */
function effectiveInstances(m: any, op: OperatorView): number {
  const n = Number(m?.spec?.numberOfInstances ?? 1);
  if (op.ignoreInstanceLimitsKey && ann(m)[op.ignoreInstanceLimitsKey] === 'true') return n;
  return operatorInstanceCount(n, op.minInstances, op.maxInstances, m?.spec?.standby != null);
}

/** The maintenance windows in force (manifest, then operator), or undefined when none apply. */
function windows(m: any, op: OperatorView): string[] | undefined {
  if (!op.maintenanceWindowsEnabled) return undefined;
  const w = [...list(m?.spec?.maintenanceWindows), ...op.maintenanceWindows];
  return w.length ? w : undefined;
}

function whenText(m: any, op: OperatorView): string {
  const w = windows(m, op);
  return w ? `in the next maintenance window (${w.join(', ')}; outside a window the operator keeps the old version)` : 'at the next sync (no maintenance window applies, so it counts as always inside one)';
}

/** How a rolling update goes for this many instances (CHANGE-FACTS §2 "Rolling update order"). */
function rollText(instances: number, gated = false): string {
  if (instances <= 0) return 'no pods run (0 instances): the new pod spec applies when the cluster is scaled up';
  if (instances === 1) {
    return 'the only pod is recreated: there is no replica to switch over to, so the database is down until the new pod is ready (pod.go:409-501)';
  }
  return `all ${instances} pods are recreated: replicas one by one, then a switchover to a replica, then the old primary (pod.go:409-501)${gated ? '' : '; not gated by maintenance windows'}`;
}

// ------------------------------------------------------------------------------------------------------------
// the analysis
// ------------------------------------------------------------------------------------------------------------

/** Reports a rolling update of a field (the why, the CHANGE-FACTS reference, before/after). */
type Rolls = (field: string, why: string, reference: string, extra?: { instead?: string; before?: any; after?: any }) => void;

class Collector {
  public readonly consequences: Consequence[] = [];
  public readonly notes: string[] = [];

  add(severity: S, field: string, summary: string, reference: string, extra: { instead?: string; before?: any; after?: any } = {}): void {
    if (this.consequences.some((c) => c.severity === severity && c.field === field)) return;
    const before = render(extra.before);
    const after = render(extra.after);
    this.consequences.push({
      severity,
      field,
      summary,
      reference,
      ...(extra.instead ? { instead: extra.instead } : {}),
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
    });
  }
}

const HANDLED_SPEC = new Set([
  'numberOfInstances', 'postgresql', 'patroni', 'resources', 'dockerImage', 'env', 'envFrom', 'sidecars', 'initContainers',
  'livenessProbe', 'volume', 'tolerations', 'nodeAffinity', 'topologySpreadConstraints', 'schedulerName', 'podPriorityClassName',
  'podAnnotations', 'serviceAnnotations', 'masterServiceAnnotations', 'replicaServiceAnnotations', 'enableMasterLoadBalancer',
  'enableReplicaLoadBalancer', 'enableMasterPoolerLoadBalancer', 'enableReplicaPoolerLoadBalancer', 'allowedSourceRanges', 'users',
  'databases', 'preparedDatabases', 'usersWithSecretRotation', 'usersWithInPlaceSecretRotation', 'enableConnectionPooler',
  'enableReplicaConnectionPooler', 'connectionPooler', 'enableLogicalBackup', 'logicalBackupSchedule', 'logicalBackupRetention', 'tls',
  'additionalVolumes', 'spiloRunAsUser', 'spiloRunAsGroup', 'spiloFSGroup', 'enableShmVolume', 'standby', 'clone', 'teamId',
  'maintenanceWindows', 'streams',
]);

/** Parameters whose decrease makes the operator restart the primary first (sync.go:28-34). */
const DECREASE_PRIMARY_FIRST = ['max_connections', 'max_prepared_transactions', 'max_locks_per_transaction', 'max_worker_processes', 'max_wal_senders'];

/** The consequences of one cluster's change. `before`/`after` undefined for a created/deleted cluster. */
export function analyzeCluster(inputs: ClusterInputs): ClusterAnalysis {
  const { before, after, opAfter } = inputs;
  const out = new Collector();
  if (before && after) {
    changed(inputs, out);
  } else if (after) {
    created(inputs, out);
  } else if (before) {
    deleted(before, opAfter, out);
  }
  if (after) everySync(inputs, out);
  return { consequences: out.consequences, notes: out.notes };
}

function modelOf(m: any, settings: ModelSettings) {
  try {
    return spiloModel(m, { settings, uid: m.metadata?.uid ?? '<uid>', namespace: m.metadata?.namespace ?? 'default' });
  } catch {
    return undefined;
  }
}

/** ROLLS ON EVERY SYNC: the model's roll reasons of the after side that the before side did not have. */
function everySync(inputs: ClusterInputs, out: Collector): void {
  const reasonsOf = (m: any, op: OperatorView, cms: any[]) => {
    try {
      return rollReasons(m, op.modelSettings(cms), m.metadata?.uid ?? '<uid>');
    } catch {
      return [];
    }
  };
  const after = reasonsOf(inputs.after, inputs.opAfter, inputs.configMapsAfter);
  const before = inputs.before ? reasonsOf(inputs.before, inputs.opBefore, inputs.configMapsBefore) : [];
  const instances = effectiveInstances(inputs.after, inputs.opAfter);
  for (const r of after) {
    if (before.includes(r)) {
      out.notes.push(`already rolls on every sync (not caused by this change): ${r}`);
      continue;
    }
    const field = r.startsWith('postgres env') ? 'spec.env'
      : /^(sidecars|initContainers)\[\d+\]/.test(r) ? `spec.${/^(\w+\[\d+\])/.exec(r)![1]}`
        : /^spec\.\w+/.exec(r)?.[0] ?? 'spec';
    out.add(S.ROLLS_ON_EVERY_SYNC, field, `${r}. The operator rolls the pods at every sync (every resync_period, default 30m): ${rollText(instances)}.`,
      'CHANGE-FACTS §3b (cluster.go:623-725)', { instead: everySyncFix(r) });
  }
  for (const r of before.filter((x) => !after.includes(x))) out.notes.push(`no longer rolls on every sync: ${r}`);
}

function everySyncFix(reason: string): string {
  if (/omits/.test(reason)) return 'write the probe fully: timeoutSeconds, periodSeconds, successThreshold, failureThreshold (and httpGet.path/scheme), as the API server stores them';
  if (/fieldRef without apiVersion/.test(reason)) return 'write fieldRef.apiVersion: v1';
  if (/set \d+ times/.test(reason)) return 'set each environment variable once; do not repeat a variable the operator derives from clone/standby';
  if (/envFrom/.test(reason)) return 'omit envFrom instead of writing an empty list';
  if (/topologySpreadConstraints/.test(reason)) return 'omit topologySpreadConstraints instead of writing an empty list';
  return 'make the manifest equal to what the API server stores';
}

function created(inputs: ClusterInputs, out: Collector): void {
  const a = inputs.after;
  const spec = a.spec ?? {};
  let how = 'a fresh cluster (initdb)';
  if (spec.standby) {
    const src = spec.standby.s3_wal_path ?? spec.standby.gs_wal_path ?? spec.standby.standby_host;
    how = `a standby cluster replicating from ${src}`;
  } else if (spec.clone?.cluster) {
    how = spec.clone.timestamp
      ? `a point-in-time clone of ${spec.clone.cluster} at ${spec.clone.timestamp} from its WAL archive`
      : `a clone of the running cluster ${spec.clone.cluster} (pg_basebackup)`;
  }
  const pooler = ['master', 'replica'].filter((r) => poolerEnabled(spec, r as any)).map((r) => (r === 'master' ? `${a.metadata.name}-pooler` : `${a.metadata.name}-pooler-repl`));
  const model = modelOf(a, inputs.opAfter.modelSettings(inputs.configMapsAfter));
  const wal = model?.spilo.archiving ? `; WAL is archived to ${model.walg.backup.prefix ?? '(no prefix)'}` : '; no WAL archiving configured';
  out.add(S.CREATES, 'metadata.name', `new cluster: ${how}, ${effectiveInstances(a, inputs.opAfter)} instance(s)${pooler.length ? `, pooler ${pooler.join(' and ')}` : ''}${wal}.`,
    'CHANGE-FACTS §1 `metadata.name` (cluster.go:301-381)');
}

/** DELETES DATA / OUTAGE / REJECTED / NO EFFECT for a removed postgresql (CHANGE-FACTS §5, PLATFORM-FACTS §3). */
function deleted(b: any, op: OperatorView, out: Collector): void {
  const name = b.metadata.name;
  const annotations = ann(b);
  const argo = (annotations['argocd.argoproj.io/sync-options'] ?? '').split(',').map((s) => s.trim());
  const argoKeeps = argo.includes('Prune=false');
  const fluxKeeps = annotations['kustomize.toolkit.fluxcd.io/prune'] === 'disabled';
  const n = Number(b.spec?.numberOfInstances ?? 1);
  const pvcs = Array.from({ length: Math.max(n, 1) }, (_, i) => `pgdata-${name}-${i}`).join(', ');
  const pvcDeleted = op.pvcDeletion || (op.ownerReferences && op.pvcRetention('when_deleted') === 'delete');
  // with owner references the user Secrets carry one, so Kubernetes garbage collection deletes them whatever
  // enable_secrets_deletion says (CHANGE-FACTS §5, k8sres.go:1934-1940)
  const secrets = op.secretsDeletion ? 'the user Secrets (passwords) are deleted'
    : op.ownerReferences ? 'the user Secrets (passwords) are deleted by Kubernetes garbage collection (they carry owner references)'
      : 'the user Secrets are kept (enable_secrets_deletion=false)';
  const left = 'left behind: WAL and base backups in object storage, PVs whose reclaim policy is Retain';
  const what = pvcDeleted
    ? `the operator deletes the StatefulSet, every pod, the volumes (${pvcs}: enable_persistent_volume_claim_deletion=${op.pvcDeletion}${op.ownerReferences ? `, owner references with when_deleted=${op.pvcRetention('when_deleted')}` : ''}), services and pooler; ${secrets}; ${left}`
    : `the operator deletes the StatefulSet, every pod, services and pooler; the volumes (${pvcs}) are kept (enable_persistent_volume_claim_deletion=false); ${secrets}; ${left}`;
  const instead = 'keep the manifest in Git. To retire a cluster deliberately: take a last base backup, set enable_persistent_volume_claim_deletion=false in the operator configuration (or keep the delete annotations), then delete it by hand. '
    + 'With this library, Cluster deletionProtection (default on) adds Prune=false/Delete=false for Argo CD and prune: disabled for Flux.';
  const ref = 'CHANGE-FACTS §5 (cluster.go:1274-1359; config.go:263-264)';
  if (argoKeeps && fluxKeeps) {
    out.add(S.NO_EFFECT, 'metadata.name',
      `removed from Git, but Argo CD (sync-options Prune=false: the app shows OutOfSync) and Flux (prune: disabled) leave it in the cluster: the database keeps running, now unmanaged by Git. Deleting it by hand would mean: ${what}.`,
      `PLATFORM-FACTS §3; ${ref}`, { before: name });
    return;
  }
  const partial = argoKeeps ? ' (only Argo CD is told not to prune it: Flux prunes it)' : fluxKeeps ? ' (only Flux is told not to prune it: Argo CD prunes it when pruning is on)' : '';
  if (op.deleteAnnotationsChecked) {
    const dateOk = !op.deleteDateKey || annotations[op.deleteDateKey] !== undefined;
    const nameOk = !op.deleteNameKey || annotations[op.deleteNameKey] === name;
    if (!(dateOk && nameOk)) {
      out.add(S.REJECTED_OR_STUCK, 'metadata.name',
        `the postgresql object is deleted${partial}, but the operator drops the delete event (the ${[op.deleteDateKey, op.deleteNameKey].filter((k) => k).join('/')} annotations are missing or wrong): the StatefulSet, pods, volumes, services and secrets keep running, orphaned and no longer managed (no event, no status).`,
        'CHANGE-FACTS §5 `delete_annotation_date_key` (ctrl/postgresql.go:416-433; ctrl/controller.go:524-553)',
        { before: name, instead: 'restore the manifest (the operator adopts the running objects at the next sync); to delete deliberately add the delete annotations first (date = the operator\'s today)' });
      return;
    }
    out.add(pvcDeleted ? S.DELETES_DATA : S.OUTAGE, 'metadata.name',
      `deleted${partial}; the delete annotations are present (${op.deleteDateKey ? `${op.deleteDateKey}=${annotations[op.deleteDateKey]}` : ''}${op.deleteNameKey ? ` ${op.deleteNameKey}=${name}` : ''}), so if the date is the operator's today ${what}.`,
      ref, { before: name, instead });
    return;
  }
  out.add(pvcDeleted ? S.DELETES_DATA : S.OUTAGE, 'metadata.name', `deleted${partial}: ${what}.`, ref, { before: name, instead });
}

function changed(inputs: ClusterInputs, out: Collector): void {
  const { before: b, after: a, opBefore, opAfter } = inputs;
  const sb = b.spec ?? {};
  const sa = a.spec ?? {};
  const instances = effectiveInstances(a, opAfter);
  const rolls = (field: string, why: string, ref: string, extra: { instead?: string; before?: any; after?: any } = {}) =>
    out.add(S.ROLLS_PODS_WITH_SWITCHOVER, field, `${why}: ${rollText(instances)}.`, ref, extra);
  const msB = opBefore.modelSettings(inputs.configMapsBefore);
  const msA = opAfter.modelSettings(inputs.configMapsAfter);

  // --- standby / promotion (first: it decides what the rest means) ------------------------------------------
  if (sb.standby && !sa.standby) {
    const src = sb.standby.s3_wal_path ?? sb.standby.gs_wal_path ?? sb.standby.standby_host;
    const modelA = modelOf(a, msA);
    const same_ = modelA?.walg.backup.prefix && src && modelA.walg.backup.prefix.replace(/\/+$/, '') === String(src).replace(/\/+$/, '');
    out.add(S.PROMOTES, 'spec.standby',
      `the standby is promoted: Update first recreates the pods (STANDBY_* env removed; ${instances <= 1 ? 'a single pod is recreated without switchover' : 'rolling update'}), then PATCHes standby_cluster: null and Patroni promotes; the cluster accepts writes on a new timeline and stops following ${src}. If the PATCH fails the status still says Running.${same_ ? ` The promoted cluster archives WAL to ${modelA!.walg.backup.prefix}, the path it replayed from: its new timeline mixes with the source's archive.` : ''}`,
      'CHANGE-FACTS §1 `standby` removed (cluster.go:1150-1162, 1202; sync.go:1067-1070; pod.go:487-488)',
      { before: sb.standby, instead: 'promote only after the source stopped writing (or is gone); make sure the promoted cluster archives to its own WAL path' });
  } else if (!sb.standby && sa.standby) {
    out.add(S.DEMOTES, 'spec.standby',
      'a standby section is added to a running cluster: STANDBY_* env rolls the pods, then PATCH standby_cluster and Patroni demotes the primary to a standby leader (inferred): writes stop, roles and databases are no longer synced.',
      'CHANGE-FACTS §1 `standby` added (cluster.go:1150-1162; sync.go:1038-1091)',
      { after: sa.standby, instead: 'create a new standby cluster instead of converting a running primary' });
  } else if (sb.standby && sa.standby && !same(sb.standby, sa.standby)) {
    out.add(S.SOURCE_CHANGED, 'spec.standby', 'the standby source changes: rolling update (STANDBY_* env) and PATCH standby_cluster with the new source; the new source must continue the same timeline.',
      'CHANGE-FACTS §1 `standby` fields changed', { before: sb.standby, after: sa.standby });
  }

  // --- clone ---------------------------------------------------------------------------------------------
  if (!same(sb.clone, sa.clone)) {
    const basebackup = sa.clone?.cluster && !sa.clone.timestamp;
    out.add(S.SOURCE_CHANGED, 'spec.clone',
      `the clone section changes after creation: the pods roll (CLONE_* env) but the data is not re-cloned, PGDATA already exists (inferred).${basebackup ? ` The pods keep a secretKeyRef to the standby Secret of ${sa.clone.cluster}; if it is missing, pods cannot be (re)created.` : ''}`,
      'CHANGE-FACTS §1 `clone` changed or removed (k8sres.go:1050-1052, 2129-2226)',
      { before: sb.clone, after: sa.clone, instead: 'to restore from another source or time, create a new cluster with that clone section and switch clients over' });
  }

  // --- instances -----------------------------------------------------------------------------------------
  const nb = effectiveInstances(b, opBefore);
  const na = instances;
  const rawB = sb.numberOfInstances;
  const rawA = sa.numberOfInstances;
  if (na !== nb) {
    const ref = 'CHANGE-FACTS §1 `numberOfInstances` (resources.go:139-211; k8sres.go:1670-1702)';
    const clamp = na !== Number(rawA ?? 1) ? ` (clamped from ${rawA} by min_instances/max_instances)` : '';
    if (na === 0) {
      out.add(S.OUTAGE, 'spec.numberOfInstances', `scaled to 0${clamp}: every pod stops, the database is unavailable; roles and databases are no longer synced; volumes are kept.`, ref, { before: rawB, after: rawA });
    } else if (na > nb) {
      out.add(S.APPLIED_IN_PLACE, 'spec.numberOfInstances', `${na - nb} pod(s) added${clamp}: the StatefulSet is patched, new replicas bootstrap from the primary; nothing restarts.`, ref, { before: rawB, after: rawA });
    } else {
      const pvc = opAfter.pvcRetention('when_scaled') === 'delete' ? 'their PVCs are deleted (when_scaled: delete)' : 'their PVCs are kept';
      out.add(S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.numberOfInstances',
        `pods ${a.metadata.name}-${na}..${nb - 1} are removed${clamp}; if the primary is one of them the operator first switches over to ${a.metadata.name}-0 immediately (a failure is only logged); ${pvc}.`,
        ref, { before: rawB, after: rawA });
    }
  }
  if (sa.standby && na !== 1) out.notes.push(`a standby cluster with ${na} instances: the operator supports standby clusters with 1 pod only and logs so (k8sres.go:1683-1690)`);
  if (na === nb && rawA !== rawB && (rawA !== undefined || rawB !== undefined)) {
    out.add(S.NO_EFFECT, 'spec.numberOfInstances', `the effective count stays ${na} (min_instances/max_instances clamp it).`, 'CHANGE-FACTS §1 `numberOfInstances` (k8sres.go:1670-1702)', { before: rawB, after: rawA });
  }

  // --- version -------------------------------------------------------------------------------------------
  const vb = versionOf(b);
  const va = versionOf(a);
  if (Number.isFinite(va) && Number.isFinite(vb) && va !== vb) {versionChange(a, b, va, vb, opAfter, instances, out);} else if (Number.isFinite(va) && opAfter.upgradeMode === 'full' && va < opAfter.minimalMajorVersion) {
    out.add(S.MAJOR_UPGRADE, 'spec.postgresql.version', `major_version_upgrade_mode=full: PostgreSQL ${va} is below minimal_major_version ${opAfter.minimalMajorVersion}, so the operator upgrades it to ${opAfter.targetMajorVersion} ${whenText(a, opAfter)}; the manifest keeps saying ${va} (drift).`,
      'CHANGE-FACTS §1 major upgrade execution (majorversionupgrade.go:37-48)');
  }

  // --- parameters ----------------------------------------------------------------------------------------
  parameters(b, a, va, vb, instances, out);

  // --- patroni -------------------------------------------------------------------------------------------
  patroni(sb.patroni ?? {}, sa.patroni ?? {}, opAfter, rolls, out);

  // --- pod template --------------------------------------------------------------------------------------
  if (!resourcesEqual(sb.resources, sa.resources)) {
    rolls('spec.resources', 'container resources change (compared as quantities)', 'CHANGE-FACTS §1 `resources` (cluster.go:637-638, 667-694)', { before: sb.resources, after: sa.resources });
  } else if (!same(sb.resources, sa.resources)) {
    out.add(S.NO_EFFECT, 'spec.resources', 'the same quantities written differently (e.g. 1Gi = 1024Mi): the operator compares quantities, nothing happens.',
      'CHANGE-FACTS §3a resources (cluster.go:667-694)', { before: sb.resources, after: sa.resources });
  }
  const imgB = sb.dockerImage || opBefore.dockerImage;
  const imgA = sa.dockerImage || opAfter.dockerImage;
  if (imgA !== imgB) {
    const field = sa.dockerImage || sb.dockerImage ? 'spec.dockerImage' : '(operator) docker_image';
    if (opAfter.lazySpiloUpgrade) {
      out.add(S.APPLIED_IN_PLACE, field, 'enable_lazy_spilo_upgrade: only the StatefulSet is replaced; running pods keep the old image until they are recreated for another reason.',
        'CHANGE-FACTS §1 `dockerImage` (cluster.go:591-598)', { before: imgB, after: imgA });
    } else {
      rolls(field, 'the Spilo image changes', 'CHANGE-FACTS §1 `dockerImage` (k8sres.go:1357; cluster.go:649-652)', { before: imgB, after: imgA });
    }
  }
  if (!same(sb.envFrom, sa.envFrom)) rolls('spec.envFrom', 'envFrom changes (DeepEqual)', 'CHANGE-FACTS §1 `envFrom` (cluster.go:641-642)', { before: sb.envFrom, after: sa.envFrom });
  containers('sidecars', sb.sidecars ?? [], sa.sidecars ?? [], rolls, out);
  containers('initContainers', sb.initContainers ?? [], sa.initContainers ?? [], rolls, out);
  if (!same(sb.livenessProbe, sa.livenessProbe)) rolls('spec.livenessProbe', 'the liveness probe changes (DeepEqual)', 'CHANGE-FACTS §1 `livenessProbe` (cluster.go:633-634)', { before: sb.livenessProbe, after: sa.livenessProbe });
  volume(b, a, opAfter, out);
  const tb = sb.tolerations ?? [];
  const ta = sa.tolerations ?? [];
  if (tb.length !== ta.length) {
    rolls('spec.tolerations', 'the number of tolerations changes (only the count is compared); the StatefulSet is also replaced', 'CHANGE-FACTS §1 `tolerations` (cluster.go:519-523)', { before: tb, after: ta });
  } else if (!same(tb, ta)) {
    out.add(S.REJECTED_OR_STUCK, 'spec.tolerations', 'same number of tolerations with other content: the operator compares only the count, so nothing happens (the StatefulSet is not even updated).',
      'CHANGE-FACTS §1 `tolerations` (cluster.go:519-523)',
      { before: tb, after: ta, instead: 'change the count in the same commit (e.g. add the new toleration before removing the old one in a later commit), or roll the pods with another change' });
  }
  for (const [f, ref] of [
    ['nodeAffinity', 'CHANGE-FACTS §1 `nodeAffinity` (cluster.go:509-513)'],
    ['topologySpreadConstraints', 'CHANGE-FACTS §1 `topologySpreadConstraints` (cluster.go:514-518)'],
    ['podPriorityClassName', 'CHANGE-FACTS §1 `podPriorityClassName` (cluster.go:585-589)'],
    ['spiloRunAsUser', 'CHANGE-FACTS §1 `spiloRunAsUser` (cluster.go:549-553)'],
    ['spiloRunAsGroup', 'CHANGE-FACTS §1 `spiloRunAsGroup` (cluster.go:549-553)'],
    ['spiloFSGroup', 'CHANGE-FACTS §1 `spiloFSGroup` (cluster.go:549-553)'],
  ] as const) {
    if (!same(sb[f], sa[f])) rolls(`spec.${f}`, `${f} changes; the StatefulSet is also replaced`, ref, { before: sb[f], after: sa[f] });
  }
  if (!same(sb.schedulerName, sa.schedulerName)) {
    out.add(S.REJECTED_OR_STUCK, 'spec.schedulerName', 'schedulerName is not compared: nothing happens until the StatefulSet is rewritten and the pods are recreated for another reason.',
      'CHANGE-FACTS §1 `schedulerName` (cluster.go:449-605)', { before: sb.schedulerName, after: sa.schedulerName, instead: 'combine it with a change that rolls the pods' });
  }
  if (!same(sb.teamId, sa.teamId)) {
    rolls('spec.teamId', 'the team label of the pod template changes; the StatefulSet is replaced; Service, PDB and Secret labels keep the old team', 'CHANGE-FACTS §1 `teamId` (cluster.go:526-530)', { before: sb.teamId, after: sa.teamId });
  }
  if (!same(sb.podAnnotations, sa.podAnnotations)) {
    out.add(S.APPLIED_IN_PLACE, 'spec.podAnnotations', 'the StatefulSet is replaced (orphan, no pod restart) and running pods, pooler pods and the logical-backup template are patched in place.',
      'CHANGE-FACTS §1 `podAnnotations` (cluster.go:544-548; sync.go:626-652)', { before: sb.podAnnotations, after: sa.podAnnotations });
  }
  const tlsChanged = !same(sb.tls, sa.tls);
  if (tlsChanged) {
    rolls('spec.tls', 'TLS settings change (SSL_* env, /tls volume)', 'CHANGE-FACTS §1 `tls` (k8sres.go:1362-1383, 1557-1608)', { before: sb.tls, after: sa.tls });
  }
  if (poolerEnabled(sa, 'master') || poolerEnabled(sa, 'replica')) {
    const missed = ['tls', 'tolerations', 'nodeAffinity', 'spiloFSGroup'].filter((f) => !same(sb[f], sa[f]));
    if (missed.length) {
      out.add(S.REJECTED_OR_STUCK, 'spec.connectionPooler', `${missed.join(', ')} also feed the pooler pods, but the pooler sync does not detect the change: pooler pods keep the old settings until the pooler Deployment changes for another reason.`,
        'CHANGE-FACTS §1 `connectionPooler.*` (connection_pooler.go:840-941)', { instead: 'change a connectionPooler field in the same commit (e.g. its resources) so the pooler Deployment is patched' });
    }
  }
  additionalVolumes(sb.additionalVolumes ?? [], sa.additionalVolumes ?? [], rolls, out);
  const shmB = sb.enableShmVolume === true || opBefore.shmVolume;
  const shmA = sa.enableShmVolume === true || opAfter.shmVolume;
  if (shmA !== shmB) {
    rolls('spec.enableShmVolume', `the /dev/shm volume is ${shmA ? 'added' : 'removed'}; the StatefulSet is also replaced`, 'CHANGE-FACTS §1 `enableShmVolume` (k8sres.go:813-819)', { before: sb.enableShmVolume, after: sa.enableShmVolume });
  } else if (!same(sb.enableShmVolume, sa.enableShmVolume)) {
    out.add(S.NO_EFFECT, 'spec.enableShmVolume', `the operator honours the manifest only when it is true; false falls back to enable_shm_volume (${opAfter.shmVolume}), so the pods keep ${shmA ? 'their' : 'no'} /dev/shm volume.`,
      'CHANGE-FACTS §1 `enableShmVolume` (k8sres.go:813-819)', { before: sb.enableShmVolume, after: sa.enableShmVolume, instead: shmA ? 'set enable_shm_volume: false in the operator configuration' : undefined });
  }

  // --- services, users, databases, pooler, logical backup ------------------------------------------------
  services(sb, sa, out);
  usersAndDatabases(a.metadata.name, sb, sa, opAfter, instances, out);
  poolers(a, sb, sa, out);
  if ((sb.enableLogicalBackup === true) !== (sa.enableLogicalBackup === true)) {
    out.add(S.APPLIED_IN_PLACE, 'spec.enableLogicalBackup', sa.enableLogicalBackup
      ? 'the logical-backup CronJob is created; no database impact.'
      : 'the logical-backup CronJob is deleted (orphan propagation: its Jobs stay) by Update; a periodic Sync never deletes it, so if the update event is missed it stays.',
    'CHANGE-FACTS §1 `enableLogicalBackup` (cluster.go:1170-1199; sync.go:126-134)', { before: sb.enableLogicalBackup, after: sa.enableLogicalBackup });
  }
  for (const f of ['logicalBackupSchedule', 'logicalBackupRetention']) {
    if (!same(sb[f], sa[f])) out.add(S.APPLIED_IN_PLACE, `spec.${f}`, 'the logical-backup CronJob is patched; no database impact.', 'CHANGE-FACTS §1 `logicalBackupSchedule` (cluster.go:878-943)', { before: sb[f], after: sa[f] });
  }
  if (!same(sb.maintenanceWindows, sa.maintenanceWindows)) {
    out.add(S.NO_EFFECT, 'spec.maintenanceWindows', 'changing the windows triggers nothing by itself; they gate only version changes, major upgrades and the end-of-life-node switchover (a deferred version change may start in the new window).',
      'CHANGE-FACTS §1 `maintenanceWindows` (cluster/util.go:688-722)', { before: sb.maintenanceWindows, after: sa.maintenanceWindows });
  }
  if (!same(sb.streams, sa.streams) && sa.streams && !sb.streams) {
    const walLevel = sa.postgresql?.parameters?.wal_level;
    if (walLevel !== 'logical') {
      out.add(S.RESTARTS_PRIMARY_IN_PLACE, 'spec.streams', `streams force wal_level=logical into the DCS: PATCH /config, then Patroni flags pending_restart and the operator restarts ${instances > 1 ? 'the replicas, then' : ''} the primary in place (no switchover), outside any maintenance window.`,
        'CHANGE-FACTS §1 `streams` (sync.go:716-719)', { after: sa.streams, instead: 'set wal_level: logical together with other restart-needing parameters, at a time when a primary restart is acceptable' });
    }
  }

  // --- metadata ------------------------------------------------------------------------------------------
  metadata(b, a, opAfter, rolls, out);

  // --- the Spilo env as the operator builds it (catches env, clone/standby mirrors, operator settings) ---------
  envChanges(b, a, msB, msA, rolls, out);

  // --- WAL archive path (the behaviour model) ------------------------------------------------------------
  archive(b, a, msB, msA, out);

  // --- operator settings that change the StatefulSet of every cluster --------------------------------------
  // compared as the operator reads them (defaults filled in, ConfigMap strings parsed): writing a default out
  // or moving from a ConfigMap to an OperatorConfiguration changes nothing
  const retention = (op: OperatorView) => ({ when_deleted: op.pvcRetention('when_deleted'), when_scaled: op.pvcRetention('when_scaled') });
  for (const [key, what, value] of [
    ['enable_owner_references', 'owner references on every child object change: StatefulSet replaced (no pod restart), Services, Secrets and pooler updated; with them on, the delete annotations are no longer checked', (op: OperatorView) => op.ownerReferences],
    ['pod_management_policy', 'the StatefulSet is replaced (no pod restart)', (op: OperatorView) => op.podManagementPolicy],
    ['persistent_volume_claim_retention_policy', 'the StatefulSet is replaced (no pod restart) with the new PVC retention policy', retention],
  ] as const) {
    const [before, after] = [value(opBefore), value(opAfter)];
    if (!same(before, after)) {
      out.add(S.APPLIED_IN_PLACE, `(operator) ${key}`, `${what}.`, 'CHANGE-FACTS §1 comparison table (cluster.go:460-486); §5', { before, after });
    }
  }

  for (const k of [...new Set([...Object.keys(sb), ...Object.keys(sa)])].sort()) {
    if (!HANDLED_SPEC.has(k) && !same(sb[k], sa[k])) out.notes.push(`spec.${k} changed: not modelled by the planner (check CHANGE-FACTS.md by hand)`);
  }
}

function versionChange(a: any, b: any, va: number, vb: number, op: OperatorView, instances: number, out: Collector): void {
  const ref = 'CHANGE-FACTS §1 `postgresql.version` (cluster.go:1044-1048, 1070-1077; majorversionupgrade.go:123-286)';
  const when = whenText(a, op);
  if (va < vb) {
    out.add(S.REJECTED_OR_STUCK, 'spec.postgresql.version', `a downgrade is not possible: no downgrade runs (any last-major-upgrade-failure annotation is removed), but PGVERSION decreases, so the pods still roll ${when}; new replicas with an empty PGDATA would get the ${va} binaries (inferred).`,
      ref, { before: vb, after: va, instead: `keep ${vb}; to run ${va}, restore a backup into a new cluster` });
    out.add(S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.postgresql.version', `PGVERSION changes ${when}: ${rollText(instances, true)}.`, ref, { before: vb, after: va });
    return;
  }
  const mode = op.upgradeMode;
  const teamAllowed = op.upgradeTeamAllowList.includes(String(a.spec?.teamId ?? ''));
  const failure = ann(a)['last-major-upgrade-failure'] ?? ann(b)['last-major-upgrade-failure'];
  out.add(S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.postgresql.version', `PGVERSION changes ${when}: ${rollText(instances, true)}.`, ref, { before: vb, after: va });
  if (mode === 'off' && !teamAllowed) {
    out.add(S.REJECTED_OR_STUCK, 'spec.postgresql.version', `major_version_upgrade_mode=off (team ${a.spec?.teamId} is not in major_version_upgrade_team_allow_list): no upgrade runs; the pods roll with PGVERSION=${va} but Spilo keeps starting the ${vb} binaries because PGDATA says ${vb} (inferred).`,
      'CHANGE-FACTS §1 major upgrade execution (majorversionupgrade.go:50-58)', { before: vb, after: va, instead: 'enable upgrades for this team (major_version_upgrade_team_allow_list) or upgrade by cloning into a new cluster' });
    return;
  }
  if (a.spec?.standby) {
    out.add(S.REJECTED_OR_STUCK, 'spec.postgresql.version', 'a standby cluster is not upgraded (the operator skips standbys); it must follow its source\'s version.',
      'CHANGE-FACTS §1 major upgrade execution (majorversionupgrade.go:123-286)', { before: vb, after: va, instead: 'upgrade the source, then recreate the standby from it' });
    return;
  }
  if (failure) {
    out.add(S.REJECTED_OR_STUCK, 'spec.postgresql.version', `blocked: the last-major-upgrade-failure annotation (${failure}) stops every further attempt until the running version reaches the desired one.`,
      'CHANGE-FACTS §1 major upgrade execution; §6 (majorversionupgrade.go:60-99)', { before: vb, after: va, instead: 'fix the cause of the failed upgrade, then remove the annotation, or revert the version (which removes it)' });
    return;
  }
  out.add(S.MAJOR_UPGRADE, 'spec.postgresql.version',
    `in-place upgrade ${vb} -> ${va} (inplace_upgrade.py on the primary, pods labelled critical-operation=true) ${when}, after the rolling update; it needs every replica streaming with lag <= 16 MiB and all pods running. Success adds last-major-upgrade-success; a failure adds last-major-upgrade-failure, which blocks further attempts. Check the live object for that annotation before merging.`,
    'CHANGE-FACTS §1 major upgrade execution (majorversionupgrade.go:18-21, 123-286)',
    { before: vb, after: va, instead: 'rehearse it on a clone first (an upgrade rehearsal), and take a fresh base backup before the window' });
}

function parameters(b: any, a: any, va: number, vb: number, instances: number, out: Collector): void {
  const pb: Record<string, unknown> = b.spec?.postgresql?.parameters ?? {};
  const pa: Record<string, unknown> = a.spec?.postgresql?.parameters ?? {};
  const catalog = PostgresParameterCatalog.forMajor(Number.isFinite(va) ? va : 0);
  const local = (n: string) => catalog.rollsPods(n);
  const dcsChanged = Object.keys(pa).filter((n) => !local(n) && (!(n in pb) || String(pb[n]) !== String(pa[n])));
  const decrease = (n: string) => DECREASE_PRIMARY_FIRST.includes(n) && n in pb && Number(pa[n]) < Number(pb[n]);
  const primaryFirst = dcsChanged.length > 0 && dcsChanged.every(decrease);
  const order = instances > 1
    ? (primaryFirst ? 'the primary first (every change is a decrease of a parameter replicas must not exceed), in place without switchover, then the replicas' : 'the replicas first, then the primary in place (no switchover)')
    : 'the only pod, in place';
  for (const n of [...new Set([...Object.keys(pb), ...Object.keys(pa)])].sort()) {
    const field = `spec.postgresql.parameters.${n}`;
    const extra = { before: pb[n], after: pa[n] };
    if (!(n in pa)) {
      if (local(n)) {
        out.add(S.ROLLS_PODS_WITH_SWITCHOVER, field, `a Spilo local parameter is removed (falls back to Spilo's default, inferred): SPILO_CONFIGURATION changes, ${rollText(instances)}.`,
          'CHANGE-FACTS §1 parameter removed (sync.go:985-1003)', extra);
      } else {
        out.add(S.NO_EFFECT, field, `removing a DCS parameter does nothing: the old value ${String(pb[n])} stays in Patroni's DCS configuration.`,
          'CHANGE-FACTS §1 parameter removed (sync.go:985-1003)', { ...extra, instead: 'set it to the value you want (e.g. PostgreSQL\'s default) instead of removing it, or remove it with patronictl edit-config' });
      }
      continue;
    }
    if (n in pb && String(pb[n]) === String(pa[n])) {
      if (va !== vb && catalog.names.length > 0 && !catalog.has(n) && !n.includes('.')) {
        out.add(S.REJECTED_OR_STUCK, field, `PostgreSQL ${va} does not know this parameter: after the upgrade Patroni drops it with a warning (inferred).`, 'src/postgres/catalog.ts', extra);
      }
      continue;
    }
    if (local(n)) {
      out.add(S.ROLLS_PODS_WITH_SWITCHOVER, field, `a Spilo local parameter (one of the 20 kept in SPILO_CONFIGURATION, never PATCHed to the DCS): ${rollText(instances)}.`,
        'CHANGE-FACTS §1 parameters: local (k8sres.go:461-471, 649-677; cluster.go:727-742)', extra);
    } else if (catalog.names.length > 0 && !catalog.has(n) && !n.includes('.')) {
      out.add(S.REJECTED_OR_STUCK, field, `PostgreSQL ${va} does not know this parameter: the operator PATCHes it, Patroni drops it with a warning (inferred).`, 'src/postgres/catalog.ts', { ...extra, instead: catalog._aliasTarget(n) ? `use ${catalog._aliasTarget(n)}` : 'check the spelling' });
    } else if (catalog.requiresRestart(n)) {
      out.add(S.RESTARTS_PRIMARY_IN_PLACE, field,
        `PATCH /config, then Patroni flags pending_restart (postmaster context) and the operator restarts ${order}; not gated by maintenance windows, it happens at the next sync after the merge.`,
        'CHANGE-FACTS §1 parameters: DCS-bound; §2 restart order (sync.go:736-746, 815-849)',
        { ...extra, instead: 'merge it when a short primary restart is acceptable: the operator does not wait for a maintenance window' });
    } else {
      const pw = n === 'password_encryption' ? ' The operator reads password_encryption for role passwords only when it builds the cluster object (operator start or cluster add).' : '';
      out.add(S.RELOAD_ONLY, field, `PATCH /config; Patroni reloads PostgreSQL, no restart.${pw}`, 'CHANGE-FACTS §1 parameters: DCS-bound (sync.go:985-1033); role passwords (cluster.go:140-164)', extra);
    }
  }
}

function patroni(pb: any, pa: any, op: OperatorView, rolls: Rolls, out: Collector): void {
  const ref = 'CHANGE-FACTS §1 `patroni.*` (sync.go:915-953)';
  for (const k of ['ttl', 'loop_wait', 'retry_timeout', 'maximum_lag_on_failover']) {
    if (same(pb[k], pa[k])) continue;
    const extra = { before: pb[k], after: pa[k] };
    if (Number(pa[k] ?? 0) > 0) out.add(S.RELOAD_ONLY, `spec.patroni.${k}`, 'PATCH /config; no restart.', ref, extra);
    else out.add(S.NO_EFFECT, `spec.patroni.${k}`, `removing it or setting 0 never resets the DCS: Patroni keeps ${pb[k]}.`, ref, { ...extra, instead: 'write the value you want explicitly' });
  }
  for (const k of ['synchronous_mode', 'synchronous_mode_strict', 'synchronous_node_count']) {
    if ((pb[k] ?? false) !== (pa[k] ?? false) && !(k === 'synchronous_node_count' && Number(pb[k] ?? 0) === Number(pa[k] ?? 0))) {
      out.add(S.RELOAD_ONLY, `spec.patroni.${k}`, 'PATCH /config (a removal is sent as false/0); no pod restart; with pdb_master_label_selector=false the primary PDB can change.', ref, { before: pb[k], after: pa[k] });
    }
  }
  const fb = pb.failsafe_mode ?? op.failsafeMode;
  const fa = pa.failsafe_mode ?? op.failsafeMode;
  if (fb !== fa) out.add(S.RELOAD_ONLY, 'spec.patroni.failsafe_mode', 'PATCH /config; no restart.', ref, { before: pb.failsafe_mode, after: pa.failsafe_mode });
  if (!same(pb.slots, pa.slots)) {
    const removed = Object.keys(pb.slots ?? {}).filter((s) => !(s in (pa.slots ?? {})));
    out.add(S.RELOAD_ONLY, 'spec.patroni.slots', `PATCH slots.${removed.length ? ` Removed slots (${removed.join(', ')}) are nulled only if this operator process remembers them (not after an operator restart); a forgotten slot keeps WAL on the primary.` : ''}`,
      'CHANGE-FACTS §1 `patroni.slots` (sync.go:955-983)', { before: pb.slots, after: pa.slots });
  }
  if (!same(pb.pg_hba, pa.pg_hba)) rolls('spec.patroni.pg_hba', 'pg_hba is part of the local SPILO_CONFIGURATION', 'CHANGE-FACTS §1 `patroni.pg_hba` (k8sres.go:472-477)', { before: pb.pg_hba, after: pa.pg_hba });
  if (!same(pb.initdb, pa.initdb)) {
    rolls('spec.patroni.initdb', 'bootstrap.initdb is part of SPILO_CONFIGURATION; it has no effect on existing data (inferred)', 'CHANGE-FACTS §1 `patroni.initdb` (k8sres.go:369-420)',
      { before: pb.initdb, after: pa.initdb, instead: 'leave initdb alone on a running cluster: it only matters for a new cluster' });
  }
}

function containers(kind: 'sidecars' | 'initContainers', b: any[], a: any[], rolls: Rolls, out: Collector): void {
  const ref = kind === 'sidecars' ? 'CHANGE-FACTS §1 `sidecars`; §3a container list (cluster.go:623-665)' : 'CHANGE-FACTS §1 `initContainers` (cluster.go:488, 628-652)';
  if (b.length !== a.length || b.some((c, i) => c.name !== a[i].name)) {
    const sameSet = b.length === a.length && same([...b.map((c) => c.name)].sort(), [...a.map((c) => c.name)].sort());
    rolls(`spec.${kind}`, `${kind} ${sameSet ? 'are reordered (compared by index)' : 'are added or removed'}`, ref, { before: b.map((c) => c.name), after: a.map((c) => c.name) });
    return;
  }
  a.forEach((c, i) => {
    const d = containerDiff(b[i], c);
    if (d.compared.length) {
      rolls(`spec.${kind}[${i}]`, `${kind} ${c.name}: ${d.compared.join(', ')} changed`, ref);
    } else if (d.ignored.length) {
      out.add(S.REJECTED_OR_STUCK, `spec.${kind}[${i}]`, `${kind} ${c.name}: ${d.ignored.join(', ')} changed, which the operator does not compare: nothing happens until the pods are recreated for another reason.`,
        'CHANGE-FACTS §3a fields not checked (cluster.go:628-652)', { instead: 'change a compared field in the same commit (e.g. an env variable of that container) so the pods roll' });
    }
  });
}

function additionalVolumes(b: any[], a: any[], rolls: Rolls, out: Collector): void {
  if (same(b, a)) return;
  const shape = (l: any[]) => l.map((v) => `${v.name}:${v.mountPath}:${canonical(v.targetContainers ?? [])}`).sort();
  if (b.length !== a.length || !same(shape(b), shape(a))) {
    rolls('spec.additionalVolumes', 'additional volumes are added or removed (mounts change, StatefulSet replaced)', 'CHANGE-FACTS §1 `additionalVolumes` (cluster.go:578-581, 645-646)', { before: shape(b), after: shape(a) });
  } else {
    out.add(S.REJECTED_OR_STUCK, 'spec.additionalVolumes', 'only a volumeSource changed (same names, mount paths and count): the operator compares only the number of volumes, nothing happens.',
      'CHANGE-FACTS §1 `additionalVolumes` (cluster.go:578-581)', { instead: 'use a new volume name (remove the old one in the same commit) so the change is detected' });
  }
}

function volume(b: any, a: any, op: OperatorView, out: Collector): void {
  const vb = b.spec?.volume ?? {};
  const va = a.spec?.volume ?? {};
  const gib = (s: any) => Math.floor(quantity(String(s ?? '0')) / 2 ** 30);
  const ref = 'CHANGE-FACTS §1 `volume.size` (volumes.go:21-231, 338-414; cluster.go:554-576)';
  if (!same(vb.size, va.size)) {
    const [x, y] = [gib(vb.size), gib(va.size)];
    const extra = { before: vb.size, after: va.size };
    if (y > x) {
      if (op.storageResizeMode === 'off') {
        out.add(S.REJECTED_OR_STUCK, 'spec.volume.size', 'storage_resize_mode=off: the volumes are not resized; only the StatefulSet template changes (replaced, no restart).', ref, { ...extra, instead: 'resize the PVCs by hand or change storage_resize_mode' });
      } else {
        const how = op.storageResizeMode === 'ebs' ? 'the EBS volumes are modified and resize2fs runs in the pods' : op.storageResizeMode === 'mixed' ? 'the EBS volumes are modified, then the PVCs' : 'every PVC is resized in place (the StorageClass needs allowVolumeExpansion; the filesystem grows through the CSI driver)';
        out.add(S.APPLIED_IN_PLACE, 'spec.volume.size', `${how}; the StatefulSet is replaced (orphan, no pod restart).`, ref, extra);
      }
    } else if (y < x) {
      out.add(S.REJECTED_OR_STUCK, 'spec.volume.size', 'volumes cannot shrink: the operator logs "cannot shrink persistent volume" and changes nothing; the StatefulSet is replaced, so only future PVCs get the smaller size (inferred).',
        'CHANGE-FACTS §1 `volume.size` down (volumes.go:192-200, 361-366)', { ...extra, instead: 'keep the size; to use less storage, clone into a new cluster with smaller volumes and switch over' });
    } else {
      out.add(S.NO_EFFECT, 'spec.volume.size', 'sizes are compared in whole GiB: this difference is ignored.', ref, extra);
    }
  }
  for (const k of ['storageClass', 'selector']) {
    if (!same(vb[k], va[k])) {
      out.add(S.REJECTED_OR_STUCK, `spec.volume.${k}`, 'only the StatefulSet template changes (replaced, no restart): existing PVCs are not migrated, only new PVCs use it (inferred).',
        'CHANGE-FACTS §1 `volume.storageClass` (cluster.go:570-574; volumes.go:188-226)', { before: vb[k], after: va[k], instead: 'clone into a new cluster on the new storage and switch over' });
    }
  }
  for (const k of ['iops', 'throughput', 'type']) {
    if (same(vb[k], va[k])) continue;
    if (op.storageResizeMode === 'mixed') out.add(S.APPLIED_IN_PLACE, `spec.volume.${k}`, 'the EBS volumes are modified through the AWS API (storage_resize_mode=mixed).', 'CHANGE-FACTS §1 `volume.iops` (volumes.go:31-44, 83-115)', { before: vb[k], after: va[k] });
    else out.add(S.NO_EFFECT, `spec.volume.${k}`, `applied only with storage_resize_mode=mixed (now ${op.storageResizeMode}): the volumes keep their ${k}.`, 'CHANGE-FACTS §1 `volume.iops` (volumes.go:31-44)', { before: vb[k], after: va[k] });
  }
}

function services(sb: any, sa: any, out: Collector): void {
  const ref = 'CHANGE-FACTS §1 `serviceAnnotations` (resources.go:342-351)';
  for (const f of ['serviceAnnotations', 'masterServiceAnnotations', 'replicaServiceAnnotations']) {
    const x = sb[f] ?? {};
    const y = sa[f] ?? {};
    const changedKeys = Object.keys(y).filter((k) => x[k] !== y[k]);
    const removed = Object.keys(x).filter((k) => !(k in y));
    if (changedKeys.length) out.add(S.APPLIED_IN_PLACE, `spec.${f}`, `the Services are merge-patched (${changedKeys.join(', ')}); no restart.`, ref, { before: x, after: y });
    if (removed.length) {
      out.add(S.NO_EFFECT, `spec.${f}`, `removed annotations (${removed.join(', ')}) stay on the Services: a merge patch cannot remove a key it does not mention.`, ref,
        { before: x, after: y, instead: 'remove them with kubectl annotate ... key- (or set them to an empty value first)' });
    }
  }
  for (const f of ['enableMasterLoadBalancer', 'enableReplicaLoadBalancer', 'enableMasterPoolerLoadBalancer', 'enableReplicaPoolerLoadBalancer']) {
    if ((sb[f] === true) !== (sa[f] === true)) {
      out.add(S.APPLIED_IN_PLACE, `spec.${f}`, sa[f] ? 'the Service becomes a LoadBalancer (a cloud load balancer is created and the database is reachable from allowedSourceRanges); no pod restart.'
        : 'the Service goes back to ClusterIP: loadBalancerSourceRanges are cleared, clients using the load balancer address lose access; no pod restart.',
      'CHANGE-FACTS §1 `enableMasterLoadBalancer` (cluster.go:839-876; resources.go:313-340)', { before: sb[f], after: sa[f] });
    }
  }
  const rb = [...list(sb.allowedSourceRanges)].sort();
  const ra = [...list(sa.allowedSourceRanges)].sort();
  if (!same(rb, ra)) {
    const lb = ['enableMasterLoadBalancer', 'enableReplicaLoadBalancer', 'enableMasterPoolerLoadBalancer', 'enableReplicaPoolerLoadBalancer'].some((f) => sa[f] === true);
    if (lb) out.add(S.APPLIED_IN_PLACE, 'spec.allowedSourceRanges', 'the load balancer Services are updated; no restart.', 'CHANGE-FACTS §1 `allowedSourceRanges` (k8sres.go:2051-2064)', { before: rb, after: ra });
    else out.add(S.NO_EFFECT, 'spec.allowedSourceRanges', 'used only when a Service is a LoadBalancer, and none is.', 'CHANGE-FACTS §1 `allowedSourceRanges` (k8sres.go:2051-2064)', { before: rb, after: ra });
  } else if (!same(sb.allowedSourceRanges, sa.allowedSourceRanges)) {
    out.add(S.NO_EFFECT, 'spec.allowedSourceRanges', 'only the order changed: compared order-insensitively.', 'CHANGE-FACTS §3b normalisations (cluster.go:849-853)');
  }
}

function usersAndDatabases(name: string, sb: any, sa: any, op: OperatorView, instances: number, out: Collector): void {
  const ub: Record<string, string[]> = sb.users ?? {};
  const ua: Record<string, string[]> = sa.users ?? {};
  const uref = 'CHANGE-FACTS §1 `users` (users.go:70-116; sync.go:1446-1477)';
  for (const u of Object.keys(ua).sort()) {
    if (!(u in ub)) {
      const secret = credentialSecretName(u, name, op.modelSettings());
      out.add(S.APPLIED_IN_PLACE, `spec.users.${u}`, `role ${u} is created (LOGIN) with the Secret ${secret}.`, 'CHANGE-FACTS §1 `users` add (cluster.go:1605-1657)', { after: ua[u] });
      continue;
    }
    const fb = list(ub[u]).map((f) => f.toUpperCase());
    const fa = list(ua[u]).map((f) => f.toUpperCase());
    const added = fa.filter((f) => !fb.includes(f));
    const removed = fb.filter((f) => !fa.includes(f) && !fa.includes(`NO${f}`));
    const applied = added.filter((f) => f !== 'NOLOGIN');
    if (applied.length) out.add(S.APPLIED_IN_PLACE, `spec.users.${u}`, `ALTER ROLE ${u} ${applied.join(' ')}.`, uref, { before: ub[u], after: ua[u] });
    if (added.includes('NOLOGIN')) {
      out.add(S.NO_EFFECT, `spec.users.${u}`, 'NOLOGIN is dropped during normalisation: the role keeps LOGIN.', uref, { before: ub[u], after: ua[u], instead: `ALTER ROLE ${u} NOLOGIN by hand` });
    } else if (removed.length) {
      out.add(S.NO_EFFECT, `spec.users.${u}`, `removing flags does nothing: ${u} keeps ${removed.join(', ')}.`, uref, { before: ub[u], after: ua[u], instead: `write the explicit opposite flag (${removed.map((f) => (f.startsWith('NO') ? f.slice(2) : `NO${f}`)).join(', ')})` });
    }
  }
  for (const u of Object.keys(ub).filter((x) => !(x in ua)).sort()) {
    out.add(S.NO_EFFECT, `spec.users.${u}`, `removing a user does nothing: role ${u} is not dropped and keeps LOGIN; its Secret stays.`, 'CHANGE-FACTS §1 `users` remove (users.go:90-116)',
      { before: ub[u], instead: `ALTER ROLE ${u} NOLOGIN (or DROP ROLE after reassigning its objects) by hand, then delete its Secret` });
  }
  const db: Record<string, string> = sb.databases ?? {};
  const da: Record<string, string> = sa.databases ?? {};
  const dref = 'CHANGE-FACTS §1 `databases` (sync.go:1520-1605)';
  for (const d of Object.keys(da).sort()) {
    if (!(d in db)) out.add(S.APPLIED_IN_PLACE, `spec.databases.${d}`, `CREATE DATABASE "${d}" OWNER "${da[d]}".`, dref, { after: da[d] });
    else if (db[d] !== da[d]) out.add(S.APPLIED_IN_PLACE, `spec.databases.${d}`, `ALTER DATABASE "${d}" OWNER TO "${da[d]}".`, dref, { before: db[d], after: da[d] });
  }
  for (const d of Object.keys(db).filter((x) => !(x in da)).sort()) {
    out.add(S.NO_EFFECT, `spec.databases.${d}`, `removing a database does nothing: "${d}" is never dropped.`, dref, { before: db[d], instead: `DROP DATABASE "${d}" by hand once nobody uses it` });
  }
  const pb = sb.preparedDatabases;
  const pa = sa.preparedDatabases;
  if (!same(pb, pa)) {
    const removed = removedPaths(pb ?? {}, pa ?? {});
    const added = removedPaths(pa ?? {}, pb ?? {});
    const pref = 'CHANGE-FACTS §1 `preparedDatabases` (cluster.go:1488-1551; sync.go:1607-1718)';
    if (added.length || (pa && !pb)) out.add(S.APPLIED_IN_PLACE, 'spec.preparedDatabases', `missing databases, default roles, schemas and extensions are created (${added.join(', ') || 'a database named after the cluster'}).`, pref);
    if (removed.length) out.add(S.NO_EFFECT, 'spec.preparedDatabases', `nothing is ever dropped: ${removed.join(', ')} stay.`, pref, { instead: 'drop them by hand' });
  }
  const rref = 'CHANGE-FACTS §1 `usersWithSecretRotation` (sync.go:1249-1399)';
  for (const f of ['usersWithSecretRotation', 'usersWithInPlaceSecretRotation']) {
    const x = list(sb[f]);
    const y = list(sa[f]);
    const system = [op.superUsername, op.replicationUsername];
    for (const u of y.filter((v) => !x.includes(v))) {
      if (f === 'usersWithInPlaceSecretRotation' && system.includes(u)) {
        out.add(S.ROLLS_PODS_WITH_SWITCHOVER, `spec.${f}`, `${u} is a system user: at each rotation (every password_rotation_interval) every database pod is flagged and ${rollText(instances)}.`, rref, { after: u });
      } else {
        out.add(S.APPLIED_IN_PLACE, `spec.${f}`, f === 'usersWithSecretRotation'
          ? `${u}: rotation every password_rotation_interval (default 90 days): a new role ${u}<YYMMDD> is created and the Secret's username AND password change; clients must reread both.`
          : `${u}: the password is rotated in place every password_rotation_interval; ${u === op.connectionPoolerUser ? 'pooler pods are deleted at each rotation' : 'clients must reread the Secret'}.`, rref, { after: u });
      }
    }
    for (const u of x.filter((v) => !y.includes(v))) {
      out.add(S.APPLIED_IN_PLACE, `spec.${f}`, `${u} leaves rotation: if the Secret holds a rotated username it is reset to ${u} with a NEW random password (the role is changed to match): clients with the old password fail until they reread the Secret.`,
        'CHANGE-FACTS §1 user removed from a rotation list (sync.go:1279-1292)', { before: u });
    }
  }
}

function poolers(a: any, sb: any, sa: any, out: Collector): void {
  const name = a.metadata.name;
  const ref = 'CHANGE-FACTS §1 `enableConnectionPooler` (connection_pooler.go:985-1076, 682-777)';
  for (const role of ['master', 'replica'] as const) {
    const dep = role === 'master' ? `${name}-pooler` : `${name}-pooler-repl`;
    const field = role === 'master' ? (sa.enableConnectionPooler !== undefined || sb.enableConnectionPooler !== undefined ? 'spec.enableConnectionPooler' : 'spec.connectionPooler') : 'spec.enableReplicaConnectionPooler';
    const x = poolerEnabled(sb, role);
    const y = poolerEnabled(sa, role);
    if (!x && y) {
      out.add(S.POOLER_CREATED, field, `pooler ${dep} is created: Deployment, Service ${dep}, the pooler user, its Secret and the lookup function in the database.`, ref, { before: x, after: y });
    } else if (x && !y) {
      out.add(S.POOLER_DELETED, field, `pooler ${dep} is deleted (Deployment, Service and auth Secret): clients connecting to ${dep} lose the database. The pooler role and lookup function stay. If the operator restarted since it created the pooler, nothing is deleted (it must have it in memory).`,
        ref, { before: x, after: y, instead: `move the clients to the ${role === 'master' ? name : `${name}-repl`} Service first, then disable the pooler` });
    }
  }
  if ((poolerEnabled(sb, 'master') || poolerEnabled(sb, 'replica')) && (poolerEnabled(sa, 'master') || poolerEnabled(sa, 'replica')) && !same(sb.connectionPooler, sa.connectionPooler)) {
    out.add(S.APPLIED_IN_PLACE, 'spec.connectionPooler', 'the pooler Deployment is merge-patched and its pods roll (clients reconnect; transactions in flight are cut).',
      'CHANGE-FACTS §1 `connectionPooler.*` (connection_pooler.go:1176-1228)', { before: sb.connectionPooler, after: sa.connectionPooler });
  }
}

function metadata(b: any, a: any, op: OperatorView, rolls: Rolls, out: Collector): void {
  const x = ann(b);
  const y = ann(a);
  const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => x[k] !== y[k]).sort();
  // inherited annotations reach the StatefulSet, whose annotation diff skips ignored_annotations (cluster.go:805-837)
  const inherited = keys.filter((k) => op.inheritedAnnotations.includes(k) && !op.ignoredAnnotations.includes(k));
  const other = keys.filter((k) => !op.inheritedAnnotations.includes(k) && k !== op.ignoreInstanceLimitsKey);
  if (inherited.length) {
    out.add(S.APPLIED_IN_PLACE, 'metadata.annotations', `inherited annotations (${inherited.join(', ')}) are propagated to every child object; the StatefulSet is replaced (no pod restart).`,
      'CHANGE-FACTS §1 `metadata.annotations` (cluster/util.go:320-342; sync.go:875-903)');
  }
  if (other.length) {
    out.add(S.NO_EFFECT, 'metadata.annotations', `annotations ${other.join(', ')} changed: the operator queues an Update (status Updating, then Running) but nothing changes in the database.`,
      'CHANGE-FACTS §1 `metadata.annotations` (ctrl/postgresql.go:542-548)');
  }
  const lb = b.metadata?.labels ?? {};
  const la = a.metadata?.labels ?? {};
  const lkeys = [...new Set([...Object.keys(lb), ...Object.keys(la)])].filter((k) => lb[k] !== la[k]).sort();
  const linh = lkeys.filter((k) => op.inheritedLabels.includes(k));
  if (linh.length) {
    rolls('metadata.labels', `inherited labels (${linh.join(', ')}) go into the pod template, at the next periodic sync (labels alone queue no update)`,
      'CHANGE-FACTS §1 `metadata.labels` (ctrl/postgresql.go:542-548; cluster/util.go:490-506)');
  }
  const lother = lkeys.filter((k) => !linh.includes(k));
  if (lother.length) out.add(S.NO_EFFECT, 'metadata.labels', `labels ${lother.join(', ')} changed: not inherited, no effect on the database.`, 'CHANGE-FACTS §1 `metadata.labels`');
}

function envOrigin(name: string, e: ModelEnvVar | undefined, sections: { standby: boolean; clone: boolean }): string | undefined {
  switch (e?.origin) {
    case 'spec.env':
      // mirrors of the clone/standby env written into spec.env (as this library does) roll with their section
      if (/^STANDBY_/.test(name) && sections.standby) return 'spec.standby';
      if (/^CLONE_/.test(name) && sections.clone) return 'spec.clone';
      return 'spec.env';
    case 'clone': return 'spec.clone';
    case 'standby': return 'spec.standby';
    case 'tls': return 'spec.tls';
    case 'operator':
      // PGVERSION and SPILO_CONFIGURATION have their own rules (version, parameters, pg_hba, initdb)
      return ['PGVERSION', 'SPILO_CONFIGURATION', 'SCOPE'].includes(name) ? undefined : '(operator) configuration';
    default: return '(operator) configuration';
  }
}

function envChanges(b: any, a: any, msB: ModelSettings, msA: ModelSettings, rolls: Rolls, out: Collector): void {
  // neutralise the version (its PGVERSION change is deferred to the window; versionChange reports it)
  const a2 = { ...a, spec: { ...a.spec, postgresql: { ...(a.spec?.postgresql ?? {}), version: b.spec?.postgresql?.version } } };
  let eb: ModelEnvVar[];
  let ea: ModelEnvVar[];
  let skipped: string[];
  try {
    eb = generateSpiloPodEnvVars(b, msB, b.metadata?.uid ?? '<uid>').env;
    const ga = generateSpiloPodEnvVars(a2, msA, a.metadata?.uid ?? '<uid>');
    ea = ga.env;
    skipped = ga.skipped.filter((s) => s.origin === 'spec.env').map((s) => s.name);
  } catch {
    return;
  }
  if (compareEnv(ea, eb)) {
    // the manifest env changed but the operator ignores the entries (names it sets itself)
    const envB: EnvVar[] = b.spec?.env ?? [];
    const envA: EnvVar[] = a.spec?.env ?? [];
    if (!compareEnv(envA, envB)) {
      const names = [...new Set([...envA, ...envB].map((e) => e.name))].filter((n) => skipped.includes(n)).sort();
      if (names.length) {
        out.add(S.NO_EFFECT, 'spec.env', `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} also set by the operator, which keeps its own value: the manifest entry is ignored.`,
          'CHANGE-FACTS §1 `env` (k8sres.go:1109-1126)', { instead: 'remove the entry; set the value through the operator configuration or the section that owns it' });
      }
    }
    return;
  }
  const byField = new Map<string, string[]>();
  for (const mark of envDiff(eb, ea)) {
    const n = mark.slice(1);
    const entry = ea.find((e) => e.name === n) ?? eb.find((e) => e.name === n);
    const field = envOrigin(n, entry, { standby: !same(b.spec?.standby, a.spec?.standby), clone: !same(b.spec?.clone, a.spec?.clone) });
    if (field) byField.set(field, [...(byField.get(field) ?? []), mark]);
  }
  for (const [field, changedNames] of byField) {
    if (out.consequences.some((c) => c.field === field && c.severity === S.ROLLS_PODS_WITH_SWITCHOVER)) continue;
    rolls(field, `the Spilo container env changes (${changedNames.join(', ')}; compareEnv)`, 'CHANGE-FACTS §1 `env`; §3a env (cluster.go:639-640, 696-725)');
  }
}

function archive(b: any, a: any, msB: ModelSettings, msA: ModelSettings, out: Collector): void {
  const mb = modelOf(b, msB);
  const ma = modelOf(a, msA);
  if (!mb || !ma) return;
  const pb = mb.spilo.archiving ? mb.walg.backup.prefix : undefined;
  const pa = ma.spilo.archiving ? ma.walg.backup.prefix : undefined;
  if (pb === pa) return;
  const ref = 'src/model/spilo-model.ts (configure_spilo.py write_wale_environment)';
  const field = archiveField(b, a, msB, msA);
  if (pb && !pa) {
    out.add(S.ARCHIVE_PATH_CHANGES, field, `WAL archiving stops (archive_command becomes /bin/true): no new base backups or WAL after the pods roll; point-in-time recovery ends at the roll. Old backups stay at ${pb}.`, ref,
      { before: pb, instead: 'keep the backup configuration; move it to a new store only together with a new base backup' });
  } else if (!pb && pa) {
    out.add(S.APPLIED_IN_PLACE, field, `WAL archiving starts at ${pa} once the pods roll; the first base backup follows at the backup schedule.`, ref, { after: pa });
  } else {
    out.add(S.ARCHIVE_PATH_CHANGES, field, `WAL and base backups move from ${pb} to ${pa} when the pods roll: point-in-time recovery to a time before the move must use the old path (clone.s3_wal_path / restore from ${pb}); the new path has no base backup until the next scheduled one.`, ref,
      { before: pb, after: pa, instead: 'take a base backup right after the roll, and keep the old path and its retention until the new one covers your recovery window' });
  }
}

function archiveField(b: any, a: any, msB: ModelSettings, msA: ModelSettings): string {
  const envNames = (m: any) => new Map<string, string>((m.spec?.env ?? [])
    .map((e: EnvVar) => [e.name, JSON.stringify(canonical([e.value, e.valueFrom]))]));
  const x = envNames(b);
  const y = envNames(a);
  const envChanged = [...new Set([...x.keys(), ...y.keys()])].filter((n) => x.get(n) !== y.get(n) && /^(WAL|WALE|WALG|AWS|AZURE|GOOGLE|USE_WALG|BACKUP)_?/.test(n)).sort();
  if (envChanged.length) return `spec.env ${envChanged.join(', ')}`;
  if (!same(b.spec?.postgresql?.version, a.spec?.postgresql?.version)) return 'spec.postgresql.version';
  const ops = (['walS3Bucket', 'walGsBucket', 'walAzStorageAccount', 'enableSpiloWalPathCompat'] as const).filter((k) => !same(msB[k], msA[k]));
  if (ops.length) return `(operator) ${ops.map(snake).join(', ')}`;
  return 'spec.env';
}
