import { ApiObject, ApiObjectProps, Chart, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { ICluster, LogicalBackupSettings, PatroniSettings } from './cluster-ref';
import { validateCluster } from './cluster-validation';
import { Contributions } from './contributions';
import { ConnectionTarget, ClusterEndpoints } from './endpoints';
import { ClusterFeatures } from './features';
import { MAX_CLUSTER_NAME_LENGTH, PATRONI_PORT, POSTGRES_PORT } from './naming';
import { checkAgainstOperator, RenderedContainerResources } from './operator-checks';
import { resolvePatroni, ResolvedPatroni } from './patroni-config';
import { checkTopologySpread, renderInitContainers, renderNodeAffinity, renderProbe, renderTolerations } from './pod-settings';
import { ClusterProps } from './props';
import { resolveResources, ResolvedResources } from './resources';
import { TopologySpread } from './scheduling';
import { Sidecar } from './sidecar';
import { ClusterSize } from './size-preset';
import { renderSpec, renderTopologySpread } from './spec-renderer';
import { StorageKind, tune, Workload } from './tuning';
import { UserRegistry } from './user-registry';
import { PostgresVersion } from './version';
import { AdditionalVolume } from './volumes';
import { Postgresql } from '../../imports/acid.zalan.do';
import { ClusterNetworkPolicy, ClusterNetworkPolicyOptions } from '../network/cluster-network-policy';
import { NetworkPeer } from '../network/peer';
import { checkControllerId } from '../operator/fields';
import { OperatorSettings } from '../operator/settings';
import { ConnectionPooler, ConnectionPoolerOptions } from '../pooler/connection-pooler';
import { parseInteger } from '../postgres/values';
import { registerObject } from '../validation/chart-objects';
import {
  checkAnnotations, checkCidr, checkCron, checkDnsLabel, checkDnsSubdomain, checkImage, checkInteger, checkLabels, checkNamespace, checkSize,
  INT32_MAX,
} from '../validation/checks';
import { fail, show } from '../validation/errors';
import { Patterns } from '../validation/patterns';
import { bytesToQuantity } from '../validation/quantity';
import { RuleCode } from '../validation/rule-code';

const GiB = 2 ** 30;

/** The rendered spec, cached until a contribution or feature changes. */
export interface ResolvedCluster {
  readonly key: string;
  readonly settings: OperatorSettings;
  readonly spec: Record<string, any>;
}

/** The annotation that names the operator managing a `postgresql` (pkg/controller/controller.go hasOwnership). */
const CONTROLLER_ANNOTATION = 'acid.zalan.do/controller';

/**
 * A PostgreSQL HA cluster run by the Zalando Postgres Operator v2: one `acid.zalan.do/v1` `postgresql`
 * resource (child id `Resource`). The operator turns it into a StatefulSet of Spilo pods (PostgreSQL +
 * Patroni), the Services `<name>` (primary) and `<name>-repl` (replicas), PodDisruptionBudgets and one
 * Secret per user.
 *
 * Defaults are production-grade: 3 instances spread over zones and hosts, requests equal to limits,
 * parameters tuned to the resources, scram-sha-256, data checksums and protection against GitOps pruning.
 *
 * Add-ons (`ConnectionPooler`, `WalgBackup`, `Restore`, `StandbyCluster`, `MonitoringStack`,
 * `PostgresCertificate`, `ClusterNetworkPolicy`) take the cluster as `ICluster` and register typed features
 * on it (`features`); the spec is rendered from those once per synthesis, so the order in which they are
 * created never changes the output. Two contributions that disagree are a validation error.
 */
export class Cluster extends Construct implements ICluster {
  /** PostgreSQL port of the Spilo pods, the Services and the poolers. */
  public static readonly POSTGRES_PORT = POSTGRES_PORT;
  /** Port of the Patroni REST API on the Spilo pods. */
  public static readonly PATRONI_PORT = PATRONI_PORT;
  /** Longest cluster name without optional features (see the name budget in the README). */
  public static readonly MAX_NAME_LENGTH = MAX_CLUSTER_NAME_LENGTH;

  /** The name of the `postgresql` resource and of the primary Service. */
  public readonly name: string;
  /** Team id. */
  public readonly teamId: string;
  /** PostgreSQL major version. */
  public readonly version: PostgresVersion;
  /** Number of instances. */
  public readonly instances: number;
  /** The `CONTROLLER_ID` of the operator that manages the cluster (undefined for the operator without one). */
  public readonly controllerId?: string;
  /** The `postgresql` API object (escape hatch: `addJsonPatch` for fields not typed here). */
  public readonly apiObject: ApiObject;
  /** Services, hosts, Secrets and pod selectors. */
  public readonly endpoints: ClusterEndpoints;
  /** The features registered by add-ons. */
  public readonly features: ClusterFeatures;

  private readonly props: ClusterProps;
  private readonly hardened: boolean;
  private readonly storageBytes: number;
  private readonly resources: ResolvedResources;
  private readonly patroni: ResolvedPatroni;
  private readonly explicitParameters: Record<string, string>;
  private readonly tunedParameters: Record<string, string>;
  private readonly users: UserRegistry;
  private readonly contributions: Contributions;
  private readonly rendered: { tolerations?: any[]; nodeAffinity?: any; livenessProbe?: any };
  private readonly topologySpread: TopologySpread;
  private readonly ownLabels: Record<string, string>;
  private readonly annotations: Record<string, string>;
  private resolved?: ResolvedCluster;

  constructor(scope: Construct, id: string, props: ClusterProps) {
    super(scope, id);
    this.props = props ?? ({} as ClusterProps);
    props = this.props;
    this.teamId = props.teamId;
    this.hardened = props.hardened ?? true;
    const preset = props.size ?? ClusterSize.SMALL;

    if (typeof props.teamId !== 'string' || !Patterns.QUALIFIED_NAME_PART.test(props.teamId) || props.teamId.length > 63) {
      fail(this, {
        rule: RuleCode.TEAM_INVALID,
        property: 'teamId',
        problem: 'must be a non-empty team name.',
        value: show(props.teamId),
        allowed: 'letters, digits, "-", "_" and ".", at most 63 characters',
        fix: 'set teamId to the owning team, e.g. "acid".',
      });
    }
    this.name = props.name ?? `${props.teamId}-${id}`.toLowerCase();
    this.validateName(props.name === undefined);
    checkControllerId(this, 'controllerId', props.controllerId);
    this.controllerId = props.controllerId;
    checkNamespace(this, 'clusterNamespace', props.clusterNamespace);
    checkLabels(this, 'labels', props.labels);
    checkAnnotations(this, 'annotations', props.annotations);

    this.version = props.version ?? PostgresVersion.DEFAULT;
    if (!(this.version instanceof PostgresVersion) || !this.version.isSupported) {
      fail(this, {
        rule: RuleCode.VERSION_UNSUPPORTED,
        property: 'version',
        problem: 'PostgreSQL version is not supported by the Zalando operator v2.0.',
        value: show(this.version?.major),
        allowed: PostgresVersion.SUPPORTED.map((v) => v.major).join(', '),
        fix: 'use PostgresVersion.V14 ... PostgresVersion.V18.',
      });
    }
    this.instances = checkInteger(this, 'instances', props.instances ?? preset.instances, {
      min: 0, max: INT32_MAX, fix: 'set instances to 3 for HA (one primary, two replicas); 0 stops the cluster.',
    });
    if (props.dockerImage !== undefined) checkImage(this, 'dockerImage', props.dockerImage, true);

    this.storageBytes = this.validateVolume(preset);
    this.resources = resolveResources(this, props.resources, preset, props.hugePages2Mi, props.hugePages1Gi);
    this.patroni = resolvePatroni(this, props.patroni ?? {}, this.instances);

    this.explicitParameters = { ...(props.parameters ?? {}) };
    this.tunedParameters = this.resolveTuning();
    this.validateParameters();

    this.users = new UserRegistry(this, !this.hardened || (props.allowSuperuserUsers ?? false));
    for (const user of props.users ?? []) this.users.addUser(user);
    for (const db of props.databases ?? []) this.users.addDatabase(db);
    for (const db of props.preparedDatabases ?? []) this.users.addPreparedDatabase(db);
    this.validateServices();
    this.validateMisc();
    this.validateSecurityContext();

    this.rendered = {
      tolerations: renderTolerations(this, props.tolerations),
      nodeAffinity: renderNodeAffinity(this, props.nodeAffinity),
      livenessProbe: renderProbe(this, 'livenessProbe', props.livenessProbe, true),
    };

    this.topologySpread = props.topologySpread ?? TopologySpread.zonesAndHosts();
    checkTopologySpread(this, this.topologySpread.constraints);

    this.features = new ClusterFeatures(this.name);
    this.endpoints = new ClusterEndpoints(this.name, this.clusterNamespace);
    // Values handed out before the operator is declared are re-checked at synth time (_checkHandedOut).
    this.endpoints._settingsOf = () => OperatorSettings._lenient(this, this.controllerId);
    this.contributions = new Contributions(this.node.path);
    for (const e of props.env ?? []) this.addEnv(this, e);
    for (const e of props.envFrom ?? []) this.contributions.addEnvFrom(this, e);
    for (const s of props.sidecars ?? []) this.addSidecar(this, s);
    for (const v of props.additionalVolumes ?? []) this.addVolume(this, v);
    checkAnnotations(this, 'podAnnotations', props.podAnnotations);
    for (const [k, v] of Object.entries(props.podAnnotations ?? {})) this.addPodAnnotation(this, k, v);
    if (props.tls) {
      const t = props.tls;
      checkDnsLabel(this, 'tls.secretName', t.secretName, 'TLS Secret name (the operator mounts it as a volume of that name)', 'use a Secret name without dots, e.g. "pg-tls".');
      if (t.caSecretName !== undefined) checkDnsLabel(this, 'tls.caSecretName', t.caSecretName, 'CA Secret name (mounted as a volume of that name)', 'use a Secret name without dots, e.g. "pg-ca".');
      for (const [k, v] of [['certificateFile', t.certificateFile], ['privateKeyFile', t.privateKeyFile], ['caFile', t.caFile]] as const) {
        if (v !== undefined && !/^[A-Za-z0-9._-]{1,253}$/.test(v)) {
          fail(this, { rule: RuleCode.TLS_INVALID, property: `tls.${k}`, problem: 'not a key of a Secret.', value: show(v), fix: 'e.g. "tls.crt".' });
        }
      }
      this.features.registerTls(this, {
        secretName: t.secretName,
        certificateFile: t.certificateFile ?? 'tls.crt',
        privateKeyFile: t.privateKeyFile ?? 'tls.key',
        caFile: t.caFile,
        caSecretName: t.caSecretName,
      });
    }

    this.ownLabels = { ...(props.labels ?? {}) };
    const annotations: Record<string, string> = { ...(props.annotations ?? {}) };
    if (props.controllerId !== undefined) {
      const given = annotations[CONTROLLER_ANNOTATION];
      if (given !== undefined && given !== props.controllerId) {
        fail(this, {
          rule: RuleCode.ANNOTATION_INVALID,
          property: `annotations.${CONTROLLER_ANNOTATION}`,
          problem: 'conflicts with controllerId.',
          value: `${show(given)} vs ${show(props.controllerId)}`,
          fix: 'set controllerId only.',
        });
      }
      annotations[CONTROLLER_ANNOTATION] = props.controllerId;
    }
    if (props.deletionProtection ?? true) this.protectFromDeletion(annotations);
    this.annotations = annotations;

    // A plain ApiObject (not the imported L1 class) so that `addJsonPatch` escape hatches address the final
    // JSON field names; the spec is rendered once per synthesis from the features.
    this.apiObject = registerObject(new ApiObject(this, 'Resource', {
      ...Postgresql.GVK,
      metadata: {
        name: this.name,
        namespace: props.clusterNamespace,
        labels: Object.keys(this.ownLabels).length ? this.ownLabels : undefined,
        annotations: Object.keys(annotations).length ? annotations : undefined,
      },
      spec: Lazy.any({ produce: () => this._resolve().spec }),
    } as ApiObjectProps));

    this.node.addValidation({ validate: () => (this._resolve(), []) });
    props.restore?._bind(this, this);
  }

  // ---------------------------------------------------------------------------------------------
  // Add-ons

  /**
   * Adds the operator's PgBouncer in front of the primary (and optionally the replicas). Calling it again
   * with the same options returns the same pooler; other options are a validation error.
   */
  public addConnectionPooler(options: ConnectionPoolerOptions = {}): ConnectionPooler {
    const existing = this.node.tryFindChild('ConnectionPooler');
    if (existing instanceof ConnectionPooler) {
      existing._checkSameOptions(options);
      return existing;
    }
    return this.child('ConnectionPooler', () => new ConnectionPooler(this, 'ConnectionPooler', { ...options, cluster: this }));
  }

  /**
   * The cluster's NetworkPolicies (created on first use): default deny, plus what Patroni, the poolers, the
   * operator, monitoring, DNS, the Kubernetes API and backups need. Returns the existing set when there is
   * one (also one created with `new ClusterNetworkPolicy`); options may be given once, before or after
   * `allowFrom`.
   */
  public addNetworkPolicy(options: ClusterNetworkPolicyOptions = {}): ClusterNetworkPolicy {
    const existing = ClusterNetworkPolicy.of(this);
    if (existing) {
      existing.configure(options);
      return existing;
    }
    return this.child('NetworkPolicy', () => new ClusterNetworkPolicy(this, 'NetworkPolicy', { ...options, cluster: this }));
  }

  /** Lets `peer` connect to PostgreSQL on the given targets (default: the primary). Adds the NetworkPolicies if needed. */
  public allowFrom(peer: NetworkPeer, ...targets: ConnectionTarget[]): void {
    this.addNetworkPolicy().allowFrom(peer, ...targets);
  }

  /** Creates an add-on child. When its input is rejected, the half-built child is removed again. */
  private child<T extends Construct>(id: string, create: () => T): T {
    try {
      return create();
    } catch (e) {
      this.node.tryRemoveChild(id);
      throw e;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // What other constructs and applications need

  /** Namespace of the cluster, when known (the `clusterNamespace` prop or the chart's). */
  public get clusterNamespace(): string | undefined {
    return this.props.clusterNamespace ?? Chart.of(this).namespace;
  }

  /** The primary Service: `<name>`. */
  public get primaryServiceName(): string {
    return this.endpoints.serviceName(ConnectionTarget.PRIMARY);
  }

  /** The replica Service: `<name>-repl`. */
  public get replicaServiceName(): string {
    return this.endpoints.serviceName(ConnectionTarget.REPLICA);
  }

  /** The primary pooler Service: `<name>-pooler` (exists once a pooler is enabled). */
  public get poolerServiceName(): string {
    return this.endpoints.serviceName(ConnectionTarget.POOLER);
  }

  /** The replica pooler Service: `<name>-pooler-repl` (exists once a replica pooler is enabled). */
  public get replicaPoolerServiceName(): string {
    return this.endpoints.serviceName(ConnectionTarget.REPLICA_POOLER);
  }

  /** DNS name of the Service of a target (see `endpoints.host`). */
  public host(target: ConnectionTarget = ConnectionTarget.PRIMARY): string {
    return this.endpoints.host(target);
  }

  /** A libpq connection URI without password (see `endpoints.connectionUri`). */
  public connectionUri(user: string, database: string, target: ConnectionTarget = ConnectionTarget.PRIMARY): string {
    return this.endpoints.connectionUri(user, database, target);
  }

  /** Name of the Secret the operator creates for a user (see `endpoints.secretName`). */
  public secretName(user: string): string {
    return this.endpoints.secretName(user);
  }

  /** Labels of all Spilo pods of this cluster. */
  public get podSelector(): { [key: string]: string } {
    return this.endpoints.podSelector;
  }

  /** Names of the users declared on this cluster. */
  public get userNames(): string[] {
    return this.users.userNames;
  }

  /** Patroni settings as rendered. */
  public get patroniSettings(): PatroniSettings {
    const p = this.patroni;
    return {
      ttlSeconds: p.ttlSeconds,
      loopWaitSeconds: p.loopWaitSeconds,
      retryTimeoutSeconds: p.retryTimeoutSeconds,
      synchronousMode: p.synchronousMode,
      synchronousNodeCount: p.synchronousNodeCount,
      maximumLagOnFailoverBytes: p.maximumLagOnFailoverBytes,
      // the cluster's own failsafe_mode, else the operator's enable_patroni_failsafe_mode
      failsafeMode: p.failsafeModeSetting ?? OperatorSettings.forCluster(this).enablePatroniFailsafeMode,
    };
  }

  /** Scheduled logical backups, if on. */
  public get logicalBackup(): LogicalBackupSettings | undefined {
    const lb = this.props.logicalBackup;
    return lb ? { schedule: lb.schedule?.expressionString, retention: lb.retention } : undefined;
  }

  /**
   * The PostgreSQL parameters as rendered: derived tuning, overridden by contributions (TLS, add-ons) and by
   * the explicit `parameters`.
   */
  public postgresParameters(): { [name: string]: string } {
    const out: Record<string, string> = { ...this.tunedParameters, ...this.contributions.renderedParameters() };
    const minTls = this.features.tls?.minProtocolVersion;
    if (minTls !== undefined) out.ssl_min_protocol_version = minTls;
    return Object.assign(out, this.explicitParameters);
  }

  /** The Spilo container's environment as rendered. */
  public environment(): k8s.EnvVar[] {
    return this.contributions.renderedEnv();
  }

  // ---------------------------------------------------------------------------------------------
  // Contributions

  /**
   * Adds an environment variable to the Spilo container. The same name contributed twice with
   * different values is a validation error (names compare case-insensitively, as the operator does).
   */
  public addEnv(contributor: IConstruct, env: k8s.EnvVar): void {
    this.contributions.addEnv(contributor, env);
  }

  /** Adds an `envFrom` source to the Spilo container. */
  public addEnvFrom(contributor: IConstruct, source: k8s.EnvFromSource): void {
    this.contributions.addEnvFrom(contributor, source);
  }

  /** Adds a sidecar. Names and ports must be unique in the pod. Ports get a protocol and the container gets resources. */
  public addSidecar(contributor: IConstruct, sidecar: Sidecar): void {
    this.contributions.addSidecar(contributor, sidecar);
  }

  /** Adds a volume. The same name added twice differently is a validation error. */
  public addVolume(contributor: IConstruct, volume: AdditionalVolume): void {
    this.contributions.addVolume(contributor, volume);
  }

  /**
   * Sets a PostgreSQL parameter on behalf of a construct. It wins over the derived tuning; a different
   * value from another contribution or from the explicit `parameters` is a validation error.
   */
  public addParameter(contributor: IConstruct, name: string, value: string): void {
    this.contributions.addParameter(contributor, name, value, this.explicitParameters);
  }

  /** Adds an annotation to the Spilo pods. */
  public addPodAnnotation(contributor: IConstruct, key: string, value: string): void {
    this.contributions.addPodAnnotation(contributor, key, value);
  }

  /** Adds a label to the `postgresql` resource. A different value from the `labels` prop is a validation error. */
  public addResourceLabel(contributor: IConstruct, key: string, value: string): void {
    const own = this.ownLabels[key];
    if (own !== undefined && own !== value) {
      fail(contributor, {
        rule: RuleCode.LABEL_INVALID,
        property: `labels.${key}`,
        problem: `conflicts with the cluster's own label ${key}=${own}.`,
        value: show(value),
        fix: 'set the label in one place only.',
      });
    }
    this.contributions.addResourceLabel(contributor, key, value);
    if (own === undefined) this.apiObject.metadata.addLabel(key, value);
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering, once per synthesis

  /** @internal The spec and the synth-time checks, recomputed only after a change. */
  public _resolve(): ResolvedCluster {
    const key = `${this.features._version}/${this.contributions.version}`;
    const settings = OperatorSettings.forCluster(this);
    if (this.resolved?.key === key && this.resolved.settings === settings) return this.resolved;
    const parameters = this.postgresParameters();
    const sidecars = this.contributions.renderedSidecars(this);
    const initContainers = renderInitContainers(this, this.props.initContainers, ['postgres', ...this.contributions.sidecarNames()]);
    validateCluster({
      scope: this,
      name: this.name,
      namespace: this.clusterNamespace,
      instances: this.instances,
      features: this.features,
      contributions: this.contributions,
      users: this.users,
      parameters,
      explicitParameters: this.explicitParameters,
      pgHbaFromProps: this.patroni.pgHba !== undefined,
      pgMajor: this.version.major,
      synchronousMode: this.patroni.synchronousMode,
    });
    const contributors = this.contributions.sidecarContributors();
    checkAgainstOperator({
      scope: this,
      settings,
      name: this.name,
      teamId: this.teamId,
      namespace: this.clusterNamespace,
      requireTeamPrefix: this.props.requireTeamPrefix,
      instances: this.instances,
      version: this.version,
      annotations: this.annotations,
      deletionProtection: this.props.deletionProtection ?? true,
      resources: this.resources,
      sidecars: sidecars.map((c): RenderedContainerResources => ({
        container: c.name,
        contributor: contributors.get(c.name) ?? this.node.path,
        requests: c.resources?.requests ?? {},
        limits: c.resources?.limits ?? {},
      })),
      initContainers: (initContainers ?? []).map((c: any) => c.name),
      userNames: this.users.userNames,
      features: this.features,
      logicalBackup: this.props.logicalBackup !== undefined,
      envNames: this.contributions.envNames(),
    });
    this.endpoints._checkHandedOut(this, settings);
    const spec = renderSpec({
      scope: this,
      props: this.props,
      instances: this.instances,
      version: this.version,
      storageBytes: this.storageBytes,
      resources: this.resources,
      patroni: this.patroni,
      parameters,
      users: this.users,
      contributions: this.contributions,
      features: this.features,
      sidecars,
      replicationUsername: settings.replicationUsername,
      hardened: this.hardened,
      initContainers,
      topologySpread: renderTopologySpread(this.topologySpread, settings.clusterSelector(this.name)),
      ...this.rendered,
    });
    this.resolved = { key, settings, spec };
    return this.resolved;
  }

  // ---------------------------------------------------------------------------------------------
  // Resolution and validation of the cluster's own props

  private resolveTuning(): Record<string, string> {
    const out: Record<string, string> = { password_encryption: 'scram-sha-256' };
    if (!(this.props.autoTune ?? true)) return out;
    // parsed as PostgreSQL parses it; a value it refuses is reported by the catalog check (ZPG-PARAM-*)
    const maxConnections = this.explicitParameters.max_connections;
    const parsedMaxConnections = typeof maxConnections === 'string' ? parseInteger(maxConnections, '').value : undefined;
    const workload = this.props.workload ?? Workload.WEB;
    const storage = this.props.storageKind ?? this.props.storageClass?.storageKind ?? StorageKind.NETWORK;
    if (!(Object.values(Workload) as string[]).includes(workload) || !(Object.values(StorageKind) as string[]).includes(storage)) {
      fail(this, { rule: RuleCode.PARAMETER_INVALID, property: 'workload/storageKind', problem: 'not a Workload or StorageKind value.', value: show([workload, storage]), fix: 'use the Workload and StorageKind enums.' });
    }
    return Object.assign(out, tune({
      memoryBytes: this.resources.memoryLimitBytes,
      cpuMillis: this.resources.cpuMillis,
      workload,
      storage,
      pgMajor: this.version.major,
      databaseSizeBytes: this.databaseSizeBytes(),
      maxConnections: parsedMaxConnections !== undefined && parsedMaxConnections >= 1 ? parsedMaxConnections : undefined,
      hugePagesRequested: this.resources.hugePages,
    }));
  }

  private databaseSizeBytes(): number | undefined {
    const size = this.props.databaseSize;
    return size === undefined ? undefined : checkSize(this, 'databaseSize', size, 1, 2 ** 60, 'use e.g. Size.gibibytes(200).');
  }

  private validateParameters() {
    for (const [k, v] of Object.entries(this.explicitParameters)) {
      if (typeof v !== 'string') {
        fail(this, { rule: RuleCode.PARAMETER_INVALID, property: `parameters.${k}`, problem: 'parameter values must be strings.', value: show(v), fix: `write it as "${v}".` });
      }
      if (!Patterns.PARAMETER_NAME.test(k)) {
        fail(this, { rule: RuleCode.PARAMETER_INVALID, property: `parameters.${k}`, problem: 'not a PostgreSQL parameter name.', value: show(k), fix: 'use the lower-case name from postgresql.conf.' });
      }
    }
    // parsed as PostgreSQL parses it (8kB pages); a value it refuses is reported by the catalog check (ZPG-PARAM-*)
    const sb = this.explicitParameters.shared_buffers;
    const pages = typeof sb === 'string' ? parseInteger(sb, '8kB').value : undefined;
    if (pages !== undefined) {
      const bytes = pages * 8192;
      if (bytes >= this.resources.memoryLimitBytes) {
        fail(this, {
          rule: RuleCode.PARAMETER_INVALID,
          property: 'parameters.shared_buffers',
          problem: 'shared_buffers is not smaller than the container\'s memory limit; PostgreSQL would be OOM-killed.',
          value: `${sb} with a memory limit of ${this.resources.limits.memory}`,
          allowed: 'well below the limit (about 25% of it)',
          fix: 'lower shared_buffers or raise the memory limit.',
        });
      }
    }
  }

  private validateName(derived: boolean) {
    const name = this.name;
    const fix = derived ? 'give the construct a lower-case id or set `name` explicitly.' : 'choose another `name`.';
    if (!Patterns.DNS_1035.test(name)) {
      fail(this, {
        rule: RuleCode.NAME_INVALID,
        property: 'name',
        problem: 'the cluster name is not a DNS-1035 label.',
        value: show(name),
        allowed: 'lower-case letters, digits and "-", starting with a letter and ending with a letter or digit',
        fix,
      });
    }
    if (name.length > MAX_CLUSTER_NAME_LENGTH) {
      fail(this, {
        rule: RuleCode.NAME_LENGTH,
        property: 'name',
        problem: `the cluster name is ${name.length} characters long; the StatefulSet's pods carry controller-revision-hash=<name>-<10-character hash>, a label value of at most 63, so Kubernetes could not create them (kubernetes/kubernetes#64023).`,
        value: show(name),
        allowed: `at most ${MAX_CLUSTER_NAME_LENGTH} characters`,
        fix,
      });
    }
  }

  private validateVolume(preset: ClusterSize): number {
    const bytes = checkSize(this, 'storage', this.props.storage ?? preset.storage, GiB, 2 ** 50, 'use at least Size.gibibytes(1), the smallest size cloud block storage provisions.');
    const { volumeIops: iops, volumeThroughput: throughput, storageClass, storageClassName, volumeType, volumeSubPath, volumeSelector } = this.props;
    if (storageClassName !== undefined) checkDnsSubdomain(this, 'storageClassName', storageClassName, 'StorageClass name', 'use the name of an existing StorageClass.');
    if (storageClass && storageClassName && storageClass.storageClassName !== storageClassName) {
      fail(this, {
        rule: RuleCode.STORAGE_INVALID,
        property: 'storageClassName',
        problem: 'both storageClass and storageClassName are set, to different classes.',
        value: `${storageClass.storageClassName} vs ${storageClassName}`,
        fix: 'set only one of them.',
      });
    }
    const tooSmall = storageClass?.checkVolumeSize(this.props.storage ?? preset.storage);
    if (tooSmall) {
      fail(this, {
        rule: RuleCode.STORAGE_INVALID,
        property: 'storage',
        problem: `the volume is too small for the StorageClass's provisioned IOPS: ${tooSmall}.`,
        value: show(bytesToQuantity(bytes)),
        fix: 'make the volume larger or provision fewer IOPS.',
      });
    }
    if (iops !== undefined) checkInteger(this, 'volumeIops', iops, { min: 1, max: 80000, fix: 'use the IOPS your StorageClass supports (gp3: 3000-80000).' });
    if (throughput !== undefined) checkInteger(this, 'volumeThroughput', throughput, { min: 1, max: 2000, fix: 'use the throughput your StorageClass supports (gp3: 125-2000 MiB/s).' });
    if (volumeType !== undefined && !/^[a-z0-9][a-z0-9-]{0,31}$/.test(volumeType)) {
      fail(this, { rule: RuleCode.STORAGE_INVALID, property: 'volumeType', problem: 'not an EBS volume type.', value: show(volumeType), fix: 'e.g. "gp3".' });
    }
    if (volumeSubPath !== undefined && (volumeSubPath.startsWith('/') || volumeSubPath.split('/').includes('..') || volumeSubPath === '')) {
      fail(this, { rule: RuleCode.STORAGE_INVALID, property: 'volumeSubPath', problem: 'a sub-path must be relative and must not contain "..".', value: show(volumeSubPath), fix: 'e.g. "pgdata".' });
    }
    if (volumeSelector) {
      checkLabels(this, 'volumeSelector.matchLabels', volumeSelector.matchLabels);
    }
    return bytes;
  }

  private validateServices() {
    const p = this.props;
    const exposures = [p.primaryService, p.replicaService, p.primaryPoolerService, p.replicaPoolerService];
    if (exposures.some((e) => e?.isLoadBalancer) && !(p.allowedSourceRanges ?? []).length) {
      fail(this, {
        rule: RuleCode.SERVICE_INVALID,
        property: 'allowedSourceRanges',
        problem: 'a load balancer without allowedSourceRanges only admits 127.0.0.1/32 (the operator\'s default), so nobody can connect.',
        fix: 'list the client CIDRs, e.g. allowedSourceRanges: ["10.0.0.0/8"].',
      });
    }
    for (const cidr of p.allowedSourceRanges ?? []) checkCidr(this, 'allowedSourceRanges', cidr);
    for (const e of exposures) {
      if (e?.nodePortNumber !== undefined && (!Number.isInteger(e.nodePortNumber) || e.nodePortNumber < 30000 || e.nodePortNumber > 32767)) {
        fail(this, { rule: RuleCode.SERVICE_INVALID, property: 'nodePort', problem: 'outside the NodePort range.', value: show(e.nodePortNumber), allowed: '30000 to 32767', fix: 'choose a port in range or let Kubernetes assign one.' });
      }
    }
    const ports = exposures.map((e) => e?.nodePortNumber).filter((n) => n !== undefined);
    if (new Set(ports).size !== ports.length) {
      fail(this, { rule: RuleCode.SERVICE_INVALID, property: 'nodePort', problem: 'two Services of the cluster ask for the same NodePort.', value: show(ports), fix: 'give each Service its own port.' });
    }
    checkAnnotations(this, 'serviceAnnotations', p.serviceAnnotations);
    checkAnnotations(this, 'primaryServiceAnnotations', p.primaryServiceAnnotations);
    checkAnnotations(this, 'replicaServiceAnnotations', p.replicaServiceAnnotations);
  }

  private validateMisc() {
    const p = this.props;
    const windows = p.maintenanceWindows ?? [];
    for (const w of windows) {
      const problem = w.problem;
      if (problem) {
        fail(this, {
          rule: RuleCode.MAINTENANCE_WINDOW_INVALID,
          property: 'maintenanceWindows',
          problem,
          value: show(w.expression),
          allowed: '"HH:MM-HH:MM" or "Ddd:HH:MM-HH:MM" (UTC) with the end after the start, e.g. "01:00-06:00" or "Sat:00:00-04:00"',
          fix: 'use MaintenanceWindow.daily("01:00", "05:00") or MaintenanceWindow.weekly(Weekday.SATURDAY, "00:00", "04:00"); split windows that cross midnight.',
        });
      }
    }
    const schedule = p.logicalBackup?.schedule?.expressionString;
    if (schedule !== undefined) checkCron(this, 'logicalBackup.schedule', schedule);
    const retention = p.logicalBackup?.retention;
    if (retention !== undefined && !/^\d+ (minute|hour|day|week|month|year)s?$/.test(retention)) {
      fail(this, { rule: RuleCode.CRON_INVALID, property: 'logicalBackup.retention', problem: 'not a retention the logical backup script understands (a `date -d` interval).', value: show(retention), allowed: '"<n> <unit>" with unit minute(s), hour(s), day(s), week(s), month(s), year(s)', fix: 'e.g. "3 months".' });
    }
    if (p.priorityClassName !== undefined) checkDnsSubdomain(this, 'priorityClassName', p.priorityClassName, 'PriorityClass name', 'use an existing PriorityClass, e.g. "postgres-pod-priority".');
    if (p.schedulerName !== undefined) checkDnsSubdomain(this, 'schedulerName', p.schedulerName, 'scheduler name', 'e.g. "default-scheduler".');
  }

  private validateSecurityContext() {
    const p = this.props;
    for (const [k, v] of [['spiloRunAsUser', p.spiloRunAsUser], ['spiloRunAsGroup', p.spiloRunAsGroup], ['spiloFsGroup', p.spiloFsGroup]] as const) {
      if (v !== undefined) checkInteger(this, k, v, { min: 0, max: INT32_MAX, fix: 'use a uid/gid from 0 to 2147483647 (Spilo\'s postgres user is 101, group 103).' });
    }
  }

  /** Adds the Argo CD and Flux annotations that stop pruning and deletion, keeping the user's other sync options. */
  private protectFromDeletion(annotations: Record<string, string>) {
    const ARGO = 'argocd.argoproj.io/sync-options';
    const FLUX = 'kustomize.toolkit.fluxcd.io/prune';
    const options = (annotations[ARGO] ?? '').split(',').map((o) => o.trim()).filter((o) => o);
    const contradiction = options.find((o) => /^(Delete|Prune)=(true|confirm)$/i.test(o))
      ?? (annotations[FLUX] !== undefined && annotations[FLUX] !== 'disabled' ? `${FLUX}: ${annotations[FLUX]}` : undefined);
    if (contradiction) {
      fail(this, {
        rule: RuleCode.DELETION_PROTECTION_CONFLICT,
        property: 'annotations',
        problem: 'the annotations allow GitOps to prune or delete the postgresql, which contradicts deletionProtection.',
        value: show(contradiction),
        fix: 'remove that annotation, or set deletionProtection: false if pruning the database is really intended.',
      });
    }
    for (const o of ['Delete=false', 'Prune=false']) if (!options.includes(o)) options.push(o);
    annotations[ARGO] = options.join(',');
    annotations[FLUX] = 'disabled';
  }
}
