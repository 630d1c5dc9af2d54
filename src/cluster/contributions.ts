/**
 * What constructs add to a cluster's pods and parameters: environment, sidecars, volumes, parameters,
 * annotations and labels. Each entry remembers its contributor; two contributions that disagree are a
 * validation error. Rendering is independent of creation order: the cluster's own entries first, then the
 * others grouped by contributor path (sorted), each group in the order it was added.
 */
import { Size } from 'cdk8s';
import { ContainerResources, k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { PATRONI_PORT, POSTGRES_PORT, SPILO_HTTP_PORT } from './naming';
import { PortProtocol, Sidecar } from './sidecar';
import { AdditionalVolume } from './volumes';
import { checkAnnotations, checkCpuQuantity, checkDnsLabel, checkImage, checkLabels, checkPort, checkSize } from '../validation/checks';
import { credentialLiteralReason } from '../validation/credentials';
import { fail, show } from '../validation/errors';
import { Patterns } from '../validation/patterns';
import { cpuMillis, memoryBytes, sizeToQuantity } from '../validation/quantity';
import { RuleCode } from '../validation/rule-code';

interface Entry<T> {
  readonly value: T;
  readonly contributor: string;
  readonly seq: number;
}

/** Variables the operator sets itself before `spec.env`: the manifest cannot override them (k8sres.go generateSpiloPodEnvVars). */
export const OPERATOR_ENV = [
  'SCOPE', 'PGROOT', 'POD_IP', 'POD_NAMESPACE', 'PGUSER_SUPERUSER', 'PGPASSWORD_SUPERUSER', 'KUBERNETES_SCOPE_LABEL',
  'KUBERNETES_ROLE_LABEL', 'PGUSER_STANDBY', 'PGPASSWORD_STANDBY', 'PAM_OAUTH2', 'HUMAN_ROLE', 'PGVERSION',
  'KUBERNETES_LABELS', 'SPILO_CONFIGURATION', 'DCS_ENABLE_KUBERNETES_API', 'KUBERNETES_BOOTSTRAP_LABELS',
  'KUBERNETES_USE_CONFIGMAPS', 'ENABLE_WAL_PATH_COMPAT', 'ETCD_HOST',
];

/** Volume names and mount paths the operator uses in the Spilo pod. */
const OPERATOR_VOLUMES = ['pgdata', 'dshm', 'postgresql-run'];
const PGDATA = '/home/postgres/pgdata';
const OPERATOR_MOUNTS = [PGDATA, '/dev/shm', '/tls', '/tlsca', '/var/run/postgresql'];

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const DEFAULT_SIDECAR_RESOURCES = { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '200m', memory: '128Mi' } };

/** Renders env vars canonically: fieldRef with its default apiVersion (else the operator sees a change on every sync). */
export function renderEnvVar(env: k8s.EnvVar): any {
  const json = k8s.toJson_EnvVar(env)!;
  if (json.valueFrom?.fieldRef && json.valueFrom.fieldRef.apiVersion === undefined) {
    json.valueFrom.fieldRef.apiVersion = 'v1';
  }
  return json;
}

/** Checks an env var list of some container: names, one source, no credential literal, no duplicates. */
export function checkEnvList(scope: IConstruct, property: string, env: k8s.EnvVar[]): void {
  const seen = new Set<string>();
  for (const e of env) checkEnvVar(scope, property, e, seen);
}

function checkEnvVar(scope: IConstruct, property: string, e: k8s.EnvVar, seen?: Set<string>): void {
  if (typeof e?.name !== 'string' || !ENV_NAME.test(e.name)) {
    fail(scope, {
      rule: RuleCode.ENV_INVALID,
      property,
      problem: 'not a valid environment variable name.',
      value: show(e?.name),
      allowed: 'letters, digits, "_", "-" and ".", not starting with a digit',
      fix: 'rename the variable, e.g. "WALG_COMPRESSION_METHOD".',
    });
  }
  const vf = e.valueFrom;
  const sources = vf ? [vf.secretKeyRef, vf.configMapKeyRef, vf.fieldRef, vf.resourceFieldRef].filter((x) => x !== undefined).length : 0;
  if ((vf && sources !== 1) || (vf && e.value !== undefined)) {
    fail(scope, {
      rule: RuleCode.ENV_INVALID,
      property: `${property} ${e.name}`,
      problem: 'an environment variable has either a value or exactly one valueFrom source.',
      value: show(renderEnvVar(e)),
      fix: 'keep one of value, secretKeyRef, configMapKeyRef, fieldRef, resourceFieldRef.',
    });
  }
  const reason = credentialLiteralReason(e.name, e.value);
  if (reason) {
    fail(scope, {
      rule: RuleCode.CREDENTIAL_LITERAL,
      property: `${property} ${e.name}`,
      problem: `looks like a credential given as a literal value (${reason}); it would be written into the YAML in clear text.`,
      value: '(hidden)',
      fix: `use valueFrom: { secretKeyRef: { name: '<secret>', key: '<key>' } } for ${e.name}.`,
    });
  }
  if (seen) {
    const key = e.name.toUpperCase();
    if (seen.has(key)) {
      fail(scope, {
        rule: RuleCode.ENV_CONFLICT,
        property: `${property} ${e.name}`,
        problem: 'the variable is set twice in one container: the operator never considers such a spec equal and rolls the pods on every sync.',
        value: show(e.name),
        fix: 'set each variable once.',
      });
    }
    seen.add(key);
  }
}

/** Requests and limits of a sidecar-like container: defaults merged, request ≤ limit, positive. */
type Quantities = { requests: Record<string, string>; limits: Record<string, string> };

export function renderContainerResources(scope: IConstruct, property: string, r: ContainerResources | undefined, defaults: Quantities): Quantities {
  const requests: Record<string, string> = { ...defaults.requests };
  const limits: Record<string, string> = { ...defaults.limits };
  if (r?.cpu?.request) requests.cpu = r.cpu.request.amount;
  if (r?.cpu?.limit) limits.cpu = r.cpu.limit.amount;
  if (r?.memory?.request) requests.memory = memoryQuantity(scope, `${property}.memory.request`, r.memory.request);
  if (r?.memory?.limit) limits.memory = memoryQuantity(scope, `${property}.memory.limit`, r.memory.limit);
  checkCpuQuantity(scope, `${property}.cpu.request`, requests.cpu);
  checkCpuQuantity(scope, `${property}.cpu.limit`, limits.cpu);
  if (cpuMillis(requests.cpu) > cpuMillis(limits.cpu) || memoryBytes(requests.memory) > memoryBytes(limits.memory)) {
    fail(scope, {
      rule: RuleCode.RESOURCES_INVALID,
      property,
      problem: 'a request is above its limit once the defaults are merged; Kubernetes rejects the pod.',
      value: `requests ${show(requests)}, limits ${show(limits)}`,
      fix: 'give both request and limit, with the request at most the limit.',
    });
  }
  return { requests, limits };
}

function memoryQuantity(scope: IConstruct, property: string, size: Size): string {
  checkSize(scope, property, size, 1, 2 ** 50, 'use e.g. Size.mebibytes(128).');
  return sizeToQuantity(size);
}

/** The contributions to one cluster. */
export class Contributions {
  private readonly env: Entry<k8s.EnvVar>[] = [];
  private readonly envFrom: Entry<k8s.EnvFromSource>[] = [];
  private readonly sidecars: Entry<Sidecar>[] = [];
  private readonly volumes: Entry<AdditionalVolume>[] = [];
  private readonly parameters = new Map<string, Entry<string>>();
  private readonly podAnnotations = new Map<string, Entry<string>>();
  private readonly resourceLabels = new Map<string, Entry<string>>();
  private seq = 0;
  private revision = 0;

  /** @param clusterPath the cluster's construct path: its own contributions sort first, and messages name it */
  constructor(private readonly clusterPath: string) {}

  /** Increases with every change. */
  public get version(): number {
    return this.revision;
  }

  public addEnv(contributor: IConstruct, env: k8s.EnvVar): void {
    checkEnvVar(contributor, 'env', env);
    if (OPERATOR_ENV.includes(env.name.toUpperCase())) {
      fail(contributor, {
        rule: RuleCode.ENV_RESERVED,
        property: `env ${env.name}`,
        problem: 'the operator sets this variable itself before spec.env, so the manifest\'s value is silently ignored.',
        value: show(env.name),
        allowed: `any name but ${OPERATOR_ENV.join(', ')}`,
        fix: 'remove it; set the matching cluster prop or operator setting instead.',
      });
    }
    const existing = this.env.find((e) => e.value.name.toUpperCase() === env.name.toUpperCase());
    if (existing) {
      if (JSON.stringify(renderEnvVar(existing.value)) === JSON.stringify(renderEnvVar(env))) return;
      fail(contributor, {
        rule: RuleCode.ENV_CONFLICT,
        property: `env ${env.name}`,
        problem: `conflicts with the value set by ${existing.contributor} on cluster ${this.clusterPath} (names compare case-insensitively, as the operator does).`,
        value: `${show(renderEnvVar(env))} vs ${show(renderEnvVar(existing.value))}`,
        fix: 'set the variable in one place only.',
      });
    }
    this.push(this.env, contributor, env);
  }

  public addEnvFrom(contributor: IConstruct, source: k8s.EnvFromSource): void {
    const refs = [source.configMapRef, source.secretRef].filter((x) => x !== undefined);
    if (refs.length !== 1 || !(refs[0] as any).name) {
      fail(contributor, {
        rule: RuleCode.ENV_INVALID,
        property: 'envFrom',
        problem: 'an envFrom source needs exactly one named configMapRef or secretRef.',
        value: show(k8s.toJson_EnvFromSource(source)),
        fix: 'e.g. { secretRef: { name: "pg-env" } }.',
      });
    }
    if (source.prefix !== undefined && !ENV_NAME.test(source.prefix)) {
      fail(contributor, { rule: RuleCode.ENV_INVALID, property: 'envFrom.prefix', problem: 'not a valid variable name prefix.', value: show(source.prefix), fix: 'e.g. "APP_".' });
    }
    this.push(this.envFrom, contributor, source);
  }

  public addSidecar(contributor: IConstruct, sidecar: Sidecar): void {
    checkDnsLabel(contributor, 'sidecars[].name', sidecar.name, 'container name', 'name it, e.g. "exporter" (a nameless sidecar becomes "sidecar-<i>" and changes with the order).');
    checkImage(contributor, `sidecars[${sidecar.name}].image`, sidecar.image, false);
    const existing = this.sidecars.find((s) => s.value.name === sidecar.name);
    if (sidecar.name === 'postgres' || existing) {
      fail(contributor, {
        rule: RuleCode.SIDECAR_CONFLICT,
        property: `sidecars[${sidecar.name}]`,
        problem: existing ? `a sidecar of this name was already added by ${existing.contributor}.` : 'the name is the operator\'s Spilo container.',
        value: show(sidecar.name),
        fix: 'choose another name.',
      });
    }
    const taken = new Map<number, string>(SPILO_POD_PORT_OWNERS);
    const names = new Map<string, string>();
    for (const s of this.sidecars) {
      for (const p of s.value.ports ?? []) {
        taken.set(p.containerPort, `sidecar ${s.value.name}`);
        names.set(p.name, `sidecar ${s.value.name}`);
      }
    }
    for (const port of sidecar.ports ?? []) {
      if (typeof port.name !== 'string' || !Patterns.DNS_1123_LABEL.test(port.name) || port.name.length > 15 || !/[a-z]/.test(port.name)) {
        fail(contributor, {
          rule: RuleCode.SIDECAR_INVALID,
          property: `sidecars[${sidecar.name}].ports[].name`,
          problem: 'not a valid port name.',
          value: show(port.name),
          allowed: 'up to 15 lower-case letters, digits and "-", with at least one letter',
          fix: 'e.g. "exporter".',
        });
      }
      checkPort(contributor, `sidecars[${sidecar.name}].ports[${port.name}].containerPort`, port.containerPort, 'use a free port of the pod, e.g. 9187.');
      const owner = taken.get(port.containerPort) ?? names.get(port.name);
      if (owner) {
        fail(contributor, {
          rule: RuleCode.SIDECAR_CONFLICT,
          property: `sidecars[${sidecar.name}].ports[${port.name}]`,
          problem: `the port (number or name) is already used in the pod by ${owner}; containers of a pod share its network namespace.`,
          value: `${port.name}/${port.containerPort}`,
          fix: 'choose another port number and name.',
        });
      }
      taken.set(port.containerPort, `sidecar ${sidecar.name}`);
      names.set(port.name, `sidecar ${sidecar.name}`);
    }
    checkEnvList(contributor, `sidecars[${sidecar.name}].env`, sidecar.env ?? []);
    renderContainerResources(contributor, `sidecars[${sidecar.name}].resources`, sidecar.resources, DEFAULT_SIDECAR_RESOURCES);
    this.push(this.sidecars, contributor, sidecar);
  }

  public addVolume(contributor: IConstruct, volume: AdditionalVolume): void {
    checkDnsLabel(contributor, 'additionalVolumes[].name', volume.name, 'volume name', 'e.g. "certs".');
    if (OPERATOR_VOLUMES.includes(volume.name)) {
      fail(contributor, {
        rule: RuleCode.VOLUME_INVALID,
        property: `additionalVolumes[${volume.name}]`,
        problem: 'the operator uses this volume name in the Spilo pod.',
        value: show(volume.name),
        allowed: `any name but ${OPERATOR_VOLUMES.join(', ')}`,
        fix: 'choose another name.',
      });
    }
    const sources = (['secret', 'configMap', 'emptyDir', 'persistentVolumeClaim', 'projected', 'csi'] as const).filter((k) => volume[k] !== undefined);
    if (sources.length !== 1) {
      fail(contributor, {
        rule: RuleCode.VOLUME_INVALID,
        property: `additionalVolumes[${volume.name}]`,
        problem: 'needs exactly one source.',
        value: sources.length ? sources.join(', ') : 'none',
        allowed: 'one of secret, configMap, emptyDir, persistentVolumeClaim, projected, csi',
        fix: 'give exactly one source.',
      });
    }
    const path = volume.mountPath;
    const covers = (a: string, b: string) => b === a || b.startsWith(`${a.replace(/\/+$/, '')}/`);
    if (typeof path !== 'string' || !path.startsWith('/') || path.split('/').includes('..')
      || OPERATOR_MOUNTS.some((m) => covers(m, path) || covers(path, m))) {
      fail(contributor, {
        rule: RuleCode.VOLUME_INVALID,
        property: `additionalVolumes[${volume.name}].mountPath`,
        problem: 'a mount path must be absolute and must not cover or sit inside the operator\'s mounts (pgdata, /dev/shm, /tls, /tlsca, /var/run/postgresql).',
        value: show(path),
        fix: 'mount it elsewhere, e.g. "/etc/extra".',
      });
    }
    if (volume.subPath !== undefined && (volume.subPath.startsWith('/') || volume.subPath.split('/').includes('..'))) {
      fail(contributor, { rule: RuleCode.VOLUME_INVALID, property: `additionalVolumes[${volume.name}].subPath`, problem: 'a sub-path must be relative and must not contain "..".', value: show(volume.subPath), fix: 'e.g. "config".' });
    }
    const existing = this.volumes.find((v) => v.value.name === volume.name);
    if (existing) {
      if (JSON.stringify(renderVolume(existing.value)) === JSON.stringify(renderVolume(volume))) return;
      fail(contributor, {
        rule: RuleCode.VOLUME_INVALID,
        property: `additionalVolumes[${volume.name}]`,
        problem: `conflicts with the volume of this name added by ${existing.contributor}.`,
        fix: 'use another volume name.',
      });
    }
    this.push(this.volumes, contributor, volume);
  }

  public addParameter(contributor: IConstruct, name: string, value: string, explicit: { [name: string]: string }): void {
    if (typeof name !== 'string' || !Patterns.PARAMETER_NAME.test(name) || typeof value !== 'string') {
      fail(contributor, {
        rule: RuleCode.PARAMETER_INVALID,
        property: `parameters.${name}`,
        problem: 'not a PostgreSQL parameter name with a string value.',
        value: `${show(name)}: ${show(value)}`,
        fix: 'use the lower-case name from postgresql.conf and a string value.',
      });
    }
    const own = explicit[name];
    const existing = this.parameters.get(name);
    const clash = own !== undefined && own !== value ? 'the cluster\'s explicit parameters' : existing && existing.value !== value ? existing.contributor : undefined;
    if (clash) {
      fail(contributor, {
        rule: RuleCode.PARAMETER_CONFLICT,
        property: `parameters.${name}`,
        problem: `conflicts with the value set by ${clash}.`,
        value: `${show(value)} vs ${show(own ?? existing?.value)}`,
        fix: 'set the parameter in one place only.',
      });
    }
    if (!existing) this.put(this.parameters, name, contributor, value);
  }

  public addPodAnnotation(contributor: IConstruct, key: string, value: string): void {
    checkAnnotations(contributor, 'podAnnotations', { [key]: value });
    this.addKeyed(this.podAnnotations, 'podAnnotations', contributor, key, value);
  }

  public addResourceLabel(contributor: IConstruct, key: string, value: string): void {
    checkLabels(contributor, 'labels', { [key]: value });
    this.addKeyed(this.resourceLabels, 'labels', contributor, key, value);
  }

  // -- rendering ------------------------------------------------------------------------------

  public renderedEnv(): any[] {
    return this.ordered(this.env).map((e) => renderEnvVar(e));
  }

  public envNames(): string[] {
    return this.env.map((e) => e.value.name);
  }

  public renderedEnvFrom(): any[] {
    return this.ordered(this.envFrom).map((e) => k8s.toJson_EnvFromSource(e));
  }

  public renderedSidecars(scope: IConstruct): any[] {
    return this.ordered(this.sidecars).map((s) => ({
      name: s.name,
      image: s.image,
      command: s.command,
      env: s.env?.length ? s.env.map((e) => renderEnvVar(e)) : undefined,
      ports: s.ports?.length
        ? s.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? PortProtocol.TCP }))
        : undefined,
      resources: renderContainerResources(scope, `sidecars[${s.name}].resources`, s.resources, DEFAULT_SIDECAR_RESOURCES),
    }));
  }

  /** The construct path that added each sidecar, by sidecar name. */
  public sidecarContributors(): Map<string, string> {
    return new Map(this.sidecars.map((s) => [s.value.name, s.contributor]));
  }

  public sidecarNames(): string[] {
    return this.sidecars.map((s) => s.value.name);
  }

  public renderedVolumes(): any[] {
    return this.ordered(this.volumes).map((v) => renderVolume(v));
  }

  public volumeEntries(): AdditionalVolume[] {
    return this.ordered(this.volumes);
  }

  public renderedParameters(): { [name: string]: string } {
    return Object.fromEntries([...this.parameters].map(([k, e]) => [k, e.value]));
  }

  public renderedPodAnnotations(): { [key: string]: string } {
    return Object.fromEntries([...this.podAnnotations].map(([k, e]) => [k, e.value]));
  }

  private addKeyed(map: Map<string, Entry<string>>, property: string, contributor: IConstruct, key: string, value: string) {
    const existing = map.get(key);
    if (existing && existing.value !== value) {
      fail(contributor, {
        rule: property === 'labels' ? RuleCode.LABEL_INVALID : RuleCode.ANNOTATION_INVALID,
        property: `${property}.${key}`,
        problem: `conflicts with the value set by ${existing.contributor}.`,
        value: `${show(value)} vs ${show(existing.value)}`,
        fix: 'set it in one place only.',
      });
    }
    if (!existing) this.put(map, key, contributor, value);
  }

  private push<T>(list: Entry<T>[], contributor: IConstruct, value: T) {
    list.push({ value, contributor: contributor.node.path, seq: this.seq++ });
    this.revision++;
  }

  private put<T>(map: Map<string, Entry<T>>, key: string, contributor: IConstruct, value: T) {
    map.set(key, { value, contributor: contributor.node.path, seq: this.seq++ });
    this.revision++;
  }

  /** Own entries first, then by contributor path, then in the order added. */
  private ordered<T>(list: Entry<T>[]): T[] {
    const rank = (e: Entry<T>) => (e.contributor === this.clusterPath ? '' : `~${e.contributor}`);
    return [...list].sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : a.seq - b.seq)).map((e) => e.value);
  }
}

const SPILO_POD_PORT_OWNERS: Array<[number, string]> = [
  [POSTGRES_PORT, 'PostgreSQL'],
  [PATRONI_PORT, 'the Patroni REST API'],
  [SPILO_HTTP_PORT, 'Spilo\'s bg_mon/operator port'],
];

/** The CRD form of an additional volume. */
export function renderVolume(v: AdditionalVolume): any {
  const source = v.secret ? { secret: k8s.toJson_SecretVolumeSource(v.secret) }
    : v.configMap ? { configMap: k8s.toJson_ConfigMapVolumeSource(v.configMap) }
      : v.emptyDir ? { emptyDir: k8s.toJson_EmptyDirVolumeSource(v.emptyDir) }
        : v.persistentVolumeClaim ? { persistentVolumeClaim: k8s.toJson_PersistentVolumeClaimVolumeSource(v.persistentVolumeClaim) }
          : v.projected ? { projected: k8s.toJson_ProjectedVolumeSource(v.projected) }
            : v.csi ? { csi: k8s.toJson_CsiVolumeSource(v.csi) } : {};
  return {
    name: v.name,
    mountPath: v.mountPath,
    subPath: v.subPath,
    isSubPathExpr: v.isSubPathExpr,
    targetContainers: v.targetContainers?.length ? [...v.targetContainers] : undefined,
    volumeSource: source,
  };
}
