import { ApiObject, ApiObjectProps, Chart, Cron, Duration, Lazy, Size } from 'cdk8s';
import { ContainerResources, Cpu, k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { ServiceExposure } from './exposure';
import { MaintenanceWindow } from './maintenance';
import {
  credentialsSecretName,
  POOLER_USER,
  POSTGRES_PORT,
  REPLICATION_USER,
  SpiloLabels,
  SUPERUSER,
} from './naming';
import { PatroniOptions, SlotType } from './patroni';
import { TopologySpread } from './scheduling';
import { PortProtocol, Sidecar } from './sidecar';
import { ClusterSize } from './size-preset';
import { StorageKind, tune, Workload } from './tuning';
import { Database, DatabaseUser, PreparedDatabase, SecretRotation, UserFlag } from './users';
import { PostgresVersion } from './version';
import { AdditionalVolume } from './volumes';
import { Postgresql } from '../../imports/acid.zalan.do';
import type { Restore } from '../backup/restore';
import { ClusterNetworkPolicy, ClusterNetworkPolicyOptions } from '../network/cluster-network-policy';
import { NetworkPeer } from '../network/peer';
import type { PlatformStorage } from '../platform/storage';
import { ConnectionPooler, ConnectionPoolerOptions } from '../pooler/connection-pooler';
import { fail, show, ValidationError } from '../validation/errors';
import { isCidr, MAX_CLUSTER_NAME_LENGTH, MAX_CLUSTER_NAME_LENGTH_WITH_REPLICA_POOLER, Patterns } from '../validation/patterns';
import { cpuToMillis, parseCpuQuantity, parseMemoryQuantity, parsePgMemory, sizeToBytes, sizeToQuantity } from '../validation/quantity';

/** Scheduled logical backups (pg_dumpall by the operator's CronJob `logical-backup-<cluster>`). */
export interface LogicalBackupOptions {
  /**
   * Schedule (UTC), 5 fields with numbers, `*` and `/step` only.
   * @default - the operator's `logical_backup_schedule` (`30 00 * * *`)
   */
  readonly schedule?: Cron;
  /**
   * How long dumps are kept, e.g. `3 months` (S3 only).
   * @default - kept forever
   */
  readonly retention?: string;
}

/** TLS for PostgreSQL from a Secret (e.g. one cert-manager writes). */
export interface TlsOptions {
  /** Secret with the certificate and key, mounted at `/tls`. */
  readonly secretName: string;
  /**
   * Certificate file name in the Secret.
   * @default tls.crt
   */
  readonly certificateFile?: string;
  /**
   * Private key file name in the Secret.
   * @default tls.key
   */
  readonly privateKeyFile?: string;
  /**
   * CA file name (in `caSecretName`, else in `secretName`).
   * @default - no CA file
   */
  readonly caFile?: string;
  /**
   * Secret holding the CA, mounted at `/tlsca`.
   * @default - the CA is in `secretName`
   */
  readonly caSecretName?: string;
}

/** Patroni settings as rendered. */
export interface PatroniSettings {
  /** Leader lock TTL in seconds. */
  readonly ttlSeconds: number;
  /** Number of synchronous standbys (0 without synchronous mode). */
  readonly synchronousNodeCount: number;
  /** Whether failsafe mode is on. */
  readonly failsafeMode: boolean;
}

/** Which service of a cluster to address. */
export enum ConnectionTarget {
  /** The primary (`<cluster>`): reads and writes. */
  PRIMARY = 'primary',
  /** The replicas (`<cluster>-repl`): read-only. */
  REPLICA = 'replica',
  /** The pooler in front of the primary (`<cluster>-pooler`). */
  POOLER = 'pooler',
  /** The pooler in front of the replicas (`<cluster>-pooler-repl`). */
  REPLICA_POOLER = 'replica-pooler',
}

/** Properties of a {@link Cluster}. */
export interface ClusterProps {
  /**
   * Team that owns the cluster (`teamId`). The cluster name must start with `<teamId>-` (lower case).
   */
  readonly teamId: string;
  /**
   * Name of the `postgresql` resource, and so of its StatefulSet, Services and Secrets
   * (DNS-1035, at most 58 characters, 51 with a replica pooler).
   * @default - `<teamId>-<construct id>` in lower case
   */
  readonly name?: string;
  /**
   * Enforce the operator's `<teamId>-` name prefix. The operator v2 checks it only when
   * `enable_team_id_clustername_prefix` is on (off by default); turn this off to use other names.
   * @default true
   */
  readonly requireTeamPrefix?: boolean;
  /**
   * Namespace of the `postgresql` resource.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Labels of the `postgresql` resource.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the `postgresql` resource.
   * @default - none besides the deletion protection annotations
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Annotate the `postgresql` so that Argo CD and Flux never prune or delete it (deleting it deletes the
   * database): `argocd.argoproj.io/sync-options: Delete=false,Prune=false` and
   * `kustomize.toolkit.fluxcd.io/prune: disabled`.
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * Capacity preset: CPU, memory, storage and instances from the sizing table.
   * @default ClusterSize.SMALL (2 CPU, 8Gi, 50Gi, 3 instances)
   */
  readonly size?: ClusterSize;
  /**
   * Number of pods (one primary, the rest streaming replicas).
   * @default - the size preset's (3 for SMALL)
   */
  readonly instances?: number;
  /**
   * PostgreSQL major version.
   * @default PostgresVersion.V18
   */
  readonly version?: PostgresVersion;
  /**
   * Spilo image.
   * @default - the operator's `docker_image`
   */
  readonly dockerImage?: string;

  /**
   * Volume size per instance.
   * @default - the size preset's
   */
  readonly storage?: Size;
  /**
   * StorageClass of the data volumes, by name.
   * @default - `storageClass`'s, else the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * StorageClass of the data volumes, from a PlatformStorage: sets the class name, the storage kind of the
   * tuning and checks the volume size against provisioned IOPS.
   * @default - `storageClassName`
   */
  readonly storageClass?: PlatformStorage;
  /**
   * Provisioned IOPS (EBS gp3/io2, at most 80000).
   * @default - the StorageClass's
   */
  readonly volumeIops?: number;
  /**
   * Provisioned throughput in MiB/s (EBS gp3, at most 2000).
   * @default - the StorageClass's
   */
  readonly volumeThroughput?: number;
  /**
   * EBS volume type (used with `storage_resize_mode: ebs`).
   * @default - the StorageClass's
   */
  readonly volumeType?: string;
  /**
   * Selector of pre-provisioned PersistentVolumes.
   * @default - dynamic provisioning
   */
  readonly volumeSelector?: k8s.LabelSelector;
  /**
   * Sub-path of the volume to mount as pgdata.
   * @default - the whole volume
   */
  readonly volumeSubPath?: string;

  /**
   * Resources of the postgres container; any value given overrides the size preset's.
   * @default - the size preset's, requests equal to limits
   */
  readonly resources?: ContainerResources;
  /**
   * Huge pages of 2Mi for the postgres container (request = limit). Turns `huge_pages` to `try`.
   * @default - none
   */
  readonly hugePages2Mi?: Size;
  /**
   * Huge pages of 1Gi for the postgres container (request = limit). Turns `huge_pages` to `try`.
   * @default - none
   */
  readonly hugePages1Gi?: Size;

  /**
   * PostgreSQL parameters. They always win over the derived tuning.
   * @default - the tuning derived from the resources, and `password_encryption: scram-sha-256`
   */
  readonly parameters?: { [key: string]: string };
  /**
   * Derive memory, WAL, planner and parallelism parameters from the resources (pgtune).
   * @default true
   */
  readonly autoTune?: boolean;
  /**
   * Workload the tuning is derived for.
   * @default Workload.WEB
   */
  readonly workload?: Workload;
  /**
   * Storage the tuning is derived for.
   * @default StorageKind.NETWORK
   */
  readonly storageKind?: StorageKind;

  /**
   * Patroni settings.
   * @default - ttl 30s, loop_wait 10s, retry_timeout 10s, asynchronous replication, data checksums
   */
  readonly patroni?: PatroniOptions;

  /**
   * Roles to create, each with a Secret `<user>.<cluster>.credentials.postgresql.acid.zalan.do`.
   * @default - none
   */
  readonly users?: DatabaseUser[];
  /**
   * Databases to create, each owned by one of `users`.
   * @default - none
   */
  readonly databases?: Database[];
  /**
   * Databases the operator prepares with default roles, schemas and extensions.
   * @default - none
   */
  readonly preparedDatabases?: PreparedDatabase[];

  /**
   * Tolerations of the Spilo pods (replace the operator's `toleration`).
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * Node affinity of the Spilo pods.
   * @default - none
   */
  readonly nodeAffinity?: k8s.NodeAffinity;
  /**
   * Spread of the Spilo pods over zones and nodes, always with an explicit label selector.
   * @default TopologySpread.zonesAndHosts()
   */
  readonly topologySpread?: TopologySpread;
  /**
   * PriorityClass of the Spilo pods.
   * @default - the operator's `pod_priority_class_name`
   */
  readonly priorityClassName?: string;
  /**
   * Scheduler of the Spilo pods.
   * @default - the default scheduler
   */
  readonly schedulerName?: string;

  /**
   * Exposure of the primary Service `<cluster>`.
   * @default ServiceExposure.clusterIp()
   */
  readonly primaryService?: ServiceExposure;
  /**
   * Exposure of the replica Service `<cluster>-repl`.
   * @default ServiceExposure.clusterIp()
   */
  readonly replicaService?: ServiceExposure;
  /**
   * Exposure of the primary pooler Service `<cluster>-pooler`.
   * @default - the operator's default (ClusterIP)
   */
  readonly primaryPoolerService?: ServiceExposure;
  /**
   * Exposure of the replica pooler Service `<cluster>-pooler-repl`.
   * @default - the operator's default (ClusterIP)
   */
  readonly replicaPoolerService?: ServiceExposure;
  /**
   * CIDRs allowed to reach load balancers. Required with any load balancer: the operator's
   * default (`127.0.0.1/32`) lets nobody in.
   * @default - none
   */
  readonly allowedSourceRanges?: string[];
  /**
   * Annotations of every Service of the cluster.
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };
  /**
   * Annotations of the primary Service (win over `serviceAnnotations`).
   * @default - none
   */
  readonly primaryServiceAnnotations?: { [key: string]: string };
  /**
   * Annotations of the replica Service (win over `serviceAnnotations`).
   * @default - none
   */
  readonly replicaServiceAnnotations?: { [key: string]: string };
  /**
   * Annotations of the Spilo pods.
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };

  /**
   * Containers next to Spilo in every pod.
   * @default - none
   */
  readonly sidecars?: Sidecar[];
  /**
   * Init containers of the Spilo pods.
   * @default - none
   */
  readonly initContainers?: k8s.Container[];
  /**
   * Extra volumes.
   * @default - none
   */
  readonly additionalVolumes?: AdditionalVolume[];
  /**
   * Environment of the Spilo container (Spilo and WAL-G settings). Credentials only through
   * `valueFrom.secretKeyRef`.
   * @default - none
   */
  readonly env?: k8s.EnvVar[];
  /**
   * Environment of the Spilo container from ConfigMaps and Secrets.
   * @default - none
   */
  readonly envFrom?: k8s.EnvFromSource[];
  /**
   * Mount a memory-backed `/dev/shm` (PostgreSQL's dynamic shared memory; parallel queries need it).
   * @default true
   */
  readonly shmVolume?: boolean;
  /**
   * The hardened profile: Spilo runs as its non-root `postgres` user (uid 101, gid 103, fsGroup 103) and
   * no user may have the SUPERUSER flag unless `allowSuperuserUsers`. Turn off to keep the operator's
   * defaults (Spilo starts as root and drops privileges).
   * @default true
   */
  readonly hardened?: boolean;
  /**
   * Allow application users with the SUPERUSER flag.
   * @default false
   */
  readonly allowSuperuserUsers?: boolean;
  /**
   * UID of the Spilo container.
   * @default 101 with the hardened profile, else the operator's `spilo_runasuser`
   */
  readonly spiloRunAsUser?: number;
  /**
   * GID of the Spilo container.
   * @default 103 with the hardened profile, else the operator's `spilo_runasgroup`
   */
  readonly spiloRunAsGroup?: number;
  /**
   * fsGroup of the Spilo pods.
   * @default 103 with the hardened profile or TLS (so that Spilo can read the key), else the operator's `spilo_fsgroup`
   */
  readonly spiloFsGroup?: number;
  /**
   * Liveness probe of the Spilo container.
   * @default - the operator's `liveness_probe` (none)
   */
  readonly livenessProbe?: k8s.Probe;
  /**
   * Windows (UTC) in which the operator may run major version upgrades.
   * @default - any time
   */
  readonly maintenanceWindows?: MaintenanceWindow[];
  /**
   * Scheduled logical backups (pg_dumpall) by the operator.
   * @default - off
   */
  readonly logicalBackup?: LogicalBackupOptions;
  /**
   * TLS certificate for PostgreSQL.
   * @default - Spilo's self-signed certificate
   */
  readonly tls?: TlsOptions;
  /**
   * Start from another cluster's data: `Restore.fromBackup(location, pointInTime)` (point-in-time clone
   * from a WAL-G archive) or `Restore.fromCluster(cluster)` (live basebackup, same namespace).
   * @default - a new, empty cluster
   */
  readonly restore?: Restore;
}

/** One entry of a contributed value, with who contributed it. */
interface Contributed<T> {
  readonly value: T;
  readonly contributor: string;
}

const CREDENTIAL_NAME = /(PASSWORD|PASSWD|(^|_)PASS$|SECRET|TOKEN|(^|_)KEY$|ACCESS_KEY|PRIVATE_KEY|API_KEY|CREDENTIALS?$)/i;
const DEFAULT_SIDECAR_RESOURCES = { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '200m', memory: '128Mi' } };
const DEFAULT_PATRONI = { ttl: 30, loopWait: 10, retryTimeout: 10, maximumLagOnFailover: 33554432 };

/**
 * A PostgreSQL HA cluster run by the Zalando Postgres Operator v2: one `acid.zalan.do/v1` `postgresql`
 * resource (child id `Resource`). The operator turns it into a StatefulSet of Spilo pods (PostgreSQL +
 * Patroni), the Services `<name>` (primary) and `<name>-repl` (replicas), a PodDisruptionBudget and one
 * Secret per user.
 *
 * Defaults are production-grade: 3 instances spread over zones and hosts, requests equal to limits,
 * parameters tuned to the resources, scram-sha-256, data checksums and protection against GitOps pruning.
 * Other constructs (pooler, backups, monitoring) add to the rendered spec through `addEnv`, `addSidecar`,
 * `addVolume`, `addParameter` and `setSpecField`; two contributions that disagree are a ValidationError.
 */
export class Cluster extends Construct {
  /** The name of the `postgresql` resource and of the primary Service. */
  public readonly name: string;
  /** Team id. */
  public readonly teamId: string;
  /** PostgreSQL major version. */
  public readonly version: PostgresVersion;
  /** Number of instances. */
  public readonly instances: number;
  /** Whether Patroni's synchronous mode is on. */
  public readonly synchronousMode: boolean;
  /** Patroni's `maximum_lag_on_failover` in bytes. */
  public readonly maximumLagOnFailoverBytes: number;
  /** The `postgresql` API object (escape hatch: `addJsonPatch` for fields not typed here). */
  public readonly apiObject: ApiObject;

  private readonly props: ClusterProps;
  private readonly storage: Size;
  private readonly resources: { requests: Record<string, string>; limits: Record<string, string> };
  private readonly explicitParameters: Record<string, string>;
  private readonly tunedParameters: Record<string, string>;
  private readonly users = new Map<string, DatabaseUser>();
  private readonly databases = new Map<string, string>();
  private readonly env: Contributed<k8s.EnvVar>[] = [];
  private readonly envFrom: Contributed<k8s.EnvFromSource>[] = [];
  private readonly sidecars: Contributed<Sidecar>[] = [];
  private readonly volumes: Contributed<AdditionalVolume>[] = [];
  private readonly parameters = new Map<string, Contributed<string>>();
  private readonly specFields = new Map<string, Contributed<any>>();
  private readonly podAnnotations = new Map<string, Contributed<string>>();
  private pgHba?: Contributed<string[]>;
  private readonly hardened: boolean;

  constructor(scope: Construct, id: string, props: ClusterProps) {
    super(scope, id);
    this.props = props;
    this.teamId = props.teamId;
    this.hardened = props.hardened ?? true;
    const preset = props.size ?? ClusterSize.SMALL;

    this.name = props.name ?? `${props.teamId}-${id}`.toLowerCase();
    this.validateName(props.name === undefined);

    this.version = props.version ?? PostgresVersion.DEFAULT;
    if (!this.version.isSupported) {
      fail(this, {
        property: 'version',
        problem: 'PostgreSQL version is not supported by the Zalando operator v2.0.',
        value: show(this.version.major),
        allowed: PostgresVersion.SUPPORTED.map((v) => v.major).join(', '),
        fix: 'use PostgresVersion.V14 ... PostgresVersion.V18.',
      });
    }

    this.instances = props.instances ?? preset.instances;
    if (!Number.isInteger(this.instances) || this.instances < 0) {
      fail(this, {
        property: 'instances',
        problem: 'must be a whole number of at least 0.',
        value: show(this.instances),
        allowed: '0 (stopped), 1, 2, 3, ...',
        fix: 'set instances to 3 for HA (one primary, two replicas).',
      });
    }

    this.storage = props.storage ?? preset.storage;
    this.validateVolume();
    this.resources = this.resolveResources(preset);

    const patroni = props.patroni ?? {};
    this.synchronousMode = patroni.synchronousMode ?? false;
    this.maximumLagOnFailoverBytes = patroni.maximumLagOnFailover
      ? sizeToBytes(patroni.maximumLagOnFailover)
      : DEFAULT_PATRONI.maximumLagOnFailover;
    this.validatePatroni(patroni);

    this.explicitParameters = { ...(props.parameters ?? {}) };
    this.tunedParameters = this.resolveTuning();
    this.validateParameters();

    for (const user of props.users ?? []) this.addUser(user);
    for (const db of props.databases ?? []) this.addDatabase(db);
    this.validatePreparedDatabases();
    this.validateServices();
    this.validateMisc();

    for (const e of props.env ?? []) this.addEnv(this, e);
    for (const e of props.envFrom ?? []) this.addEnvFrom(this, e);
    for (const s of props.sidecars ?? []) this.addSidecar(this, s);
    for (const v of props.additionalVolumes ?? []) this.addVolume(this, v);
    for (const [k, v] of Object.entries(props.podAnnotations ?? {})) this.addPodAnnotation(this, k, v);
    for (const c of props.initContainers ?? []) {
      this.checkEnvForCredentials(`initContainers[${c.name}].env`, c.env ?? []);
      if (!c.image) {
        fail(this, {
          property: `initContainers[${c.name}].image`,
          problem: 'an init container without an image makes the operator fail to create the StatefulSet.',
          fix: 'give every init container a pinned image.',
        });
      }
    }

    const annotations: Record<string, string> = { ...(props.annotations ?? {}) };
    if (props.deletionProtection ?? true) this.protectFromDeletion(annotations);

    // A plain ApiObject (not the imported L1 class) so that `addJsonPatch` escape hatches address the
    // final JSON field names; the spec is rendered lazily so that later contributions are included.
    this.apiObject = new ApiObject(this, 'Resource', {
      ...Postgresql.GVK,
      metadata: {
        name: this.name,
        namespace: props.namespace,
        labels: props.labels,
        annotations: Object.keys(annotations).length ? annotations : undefined,
      },
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    } as ApiObjectProps);

    this.node.addValidation({ validate: () => this.validateContributions() });
    props.restore?._bind(this, this);
  }

  /** Adds the operator's PgBouncer in front of the primary (and optionally the replicas). */
  public addConnectionPooler(options: ConnectionPoolerOptions = {}): ConnectionPooler {
    return new ConnectionPooler(this, 'ConnectionPooler', { ...options, cluster: this });
  }

  // ---------------------------------------------------------------------------------------------
  // What other constructs and applications need

  /** Namespace of the cluster, when known (the `namespace` prop or the chart's). */
  public get namespace(): string | undefined {
    return this.props.namespace ?? Chart.of(this).namespace;
  }

  /** The primary Service: `<name>`. */
  public get primaryServiceName(): string {
    return this.serviceName(ConnectionTarget.PRIMARY);
  }

  /** The replica Service: `<name>-repl`. */
  public get replicaServiceName(): string {
    return this.serviceName(ConnectionTarget.REPLICA);
  }

  /** The primary pooler Service: `<name>-pooler` (exists once a pooler is enabled). */
  public get poolerServiceName(): string {
    return this.serviceName(ConnectionTarget.POOLER);
  }

  /** The replica pooler Service: `<name>-pooler-repl` (exists once a replica pooler is enabled). */
  public get replicaPoolerServiceName(): string {
    return this.serviceName(ConnectionTarget.REPLICA_POOLER);
  }

  /** Name of the Service of a target. */
  public serviceName(target: ConnectionTarget): string {
    switch (target) {
      case ConnectionTarget.REPLICA:
        return `${this.name}-repl`;
      case ConnectionTarget.POOLER:
        return `${this.name}-pooler`;
      case ConnectionTarget.REPLICA_POOLER:
        return `${this.name}-pooler-repl`;
      default:
        return this.name;
    }
  }

  /** DNS name of the Service of a target: `<service>.<namespace>.svc.cluster.local`, or the bare name when the namespace is not known. */
  public host(target: ConnectionTarget = ConnectionTarget.PRIMARY): string {
    const svc = this.serviceName(target);
    return this.namespace ? `${svc}.${this.namespace}.svc.cluster.local` : svc;
  }

  /**
   * A libpq connection URI without password, e.g.
   * `postgresql://app_user@<name>.<ns>.svc.cluster.local:5432/app?sslmode=require`.
   * The password is in the user's Secret ({@link secretName}), key `password`.
   */
  public connectionUri(user: string, database: string, target: ConnectionTarget = ConnectionTarget.PRIMARY): string {
    return `postgresql://${encodeURIComponent(user)}@${this.host(target)}:${POSTGRES_PORT}/${encodeURIComponent(database)}?sslmode=require`;
  }

  /**
   * Name of the Secret the operator creates for a user (keys `username` and `password`):
   * `{user}.{cluster}.credentials.postgresql.acid.zalan.do` with `_` turned into `-`. For a
   * `namespace.user` the Secret is `user....` in that namespace.
   */
  public secretName(user: string): string {
    const dot = user.indexOf('.');
    return credentialsSecretName(dot >= 0 ? user.slice(dot + 1) : user, this.name);
  }

  /** Labels of all Spilo pods of this cluster: `application: spilo`, `cluster-name: <name>`. */
  public get podSelector(): { [key: string]: string } {
    return { [SpiloLabels.APPLICATION]: SpiloLabels.SPILO, [SpiloLabels.CLUSTER_NAME]: this.name };
  }

  /** Labels of the primary pod (Patroni sets `spilo-role: master` at runtime). */
  public get primaryPodSelector(): { [key: string]: string } {
    return { ...this.podSelector, [SpiloLabels.ROLE]: SpiloLabels.PRIMARY };
  }

  /** Labels of the replica pods. */
  public get replicaPodSelector(): { [key: string]: string } {
    return { ...this.podSelector, [SpiloLabels.ROLE]: SpiloLabels.REPLICA };
  }

  /** Labels of the pods of the primary pooler (`connection-pooler: <name>-pooler`). */
  public get poolerPodSelector(): { [key: string]: string } {
    return { [SpiloLabels.CONNECTION_POOLER]: this.poolerServiceName };
  }

  /** Labels of the pods of the replica pooler (`connection-pooler: <name>-pooler-repl`). */
  public get replicaPoolerPodSelector(): { [key: string]: string } {
    return { [SpiloLabels.CONNECTION_POOLER]: this.replicaPoolerServiceName };
  }

  /** Names of the users declared on this cluster. */
  public get userNames(): string[] {
    return [...this.users.keys()];
  }

  /**
   * The PostgreSQL parameters as rendered: derived tuning, overridden by contributions and by the
   * explicit `parameters`.
   */
  public get postgresParameters(): { [key: string]: string } {
    const out: Record<string, string> = { ...this.tunedParameters };
    for (const [k, c] of this.parameters) out[k] = c.value;
    Object.assign(out, this.explicitParameters);
    return out;
  }

  /** The Spilo container's environment as rendered (props and contributions, in order). */
  public environment(): k8s.EnvVar[] {
    return this.env.map((e) => e.value);
  }

  /** Patroni settings the monitoring needs: ttl, synchronous node count, failsafe mode. */
  public get patroniSettings(): PatroniSettings {
    const p = this.props.patroni ?? {};
    return {
      ttlSeconds: seconds(p.ttl, DEFAULT_PATRONI.ttl),
      synchronousNodeCount: this.synchronousMode ? p.synchronousNodeCount ?? 1 : 0,
      failsafeMode: p.failsafeMode ?? false,
    };
  }

  /** The role the operator's PgBouncer authenticates with (`pooler` unless the pooler says otherwise). */
  public get poolerUser(): string {
    return this.specField('connectionPooler')?.user ?? POOLER_USER;
  }

  /** Whether scheduled logical backups are on. */
  public get logicalBackupEnabled(): boolean {
    return this.props.logicalBackup !== undefined;
  }

  /**
   * The cluster's NetworkPolicies (created on first use): default deny, plus what Patroni, the poolers,
   * the operator, monitoring, DNS, the Kubernetes API and backups need.
   */
  public addNetworkPolicy(options: ClusterNetworkPolicyOptions = {}): ClusterNetworkPolicy {
    const existing = this.node.tryFindChild('NetworkPolicy') as ClusterNetworkPolicy | undefined;
    if (existing) {
      if (Object.keys(options).length) {
        fail(this, { property: 'addNetworkPolicy', problem: 'the network policy exists already; options can only be given once.', fix: 'call addNetworkPolicy(options) before allowFrom().' });
      }
      return existing;
    }
    return new ClusterNetworkPolicy(this, 'NetworkPolicy', { ...options, cluster: this });
  }

  /** Lets `peer` connect to PostgreSQL on the given targets (default: the primary); adds the NetworkPolicies if needed. */
  public allowFrom(peer: NetworkPeer, ...targets: ConnectionTarget[]): void {
    this.addNetworkPolicy().allowFrom(peer, ...targets);
  }

  /** Value of a spec field contributed through {@link setSpecField}, if any. */
  public specField(field: string): any {
    return this.specFields.get(field)?.value;
  }

  // ---------------------------------------------------------------------------------------------
  // Users and databases

  /** Adds a role (and so a Secret). */
  public addUser(user: DatabaseUser): void {
    if (!Patterns.USER_NAME.test(user.name) || user.name.length > 63) {
      fail(this, {
        property: 'users[].name',
        problem: 'not a role name the operator accepts.',
        value: show(user.name),
        allowed: 'lower-case letters, digits, "-" and "_", starting and ending with a letter or digit, at most 63 characters (optionally "namespace.user")',
        fix: 'rename the user, e.g. "app_user".',
      });
    }
    if ([SUPERUSER, REPLICATION_USER].includes(user.name)) {
      fail(this, {
        property: 'users[].name',
        problem: `"${user.name}" is created and managed by the operator itself.`,
        value: show(user.name),
        fix: `remove it; its password is in the Secret ${this.secretName(user.name)}.`,
      });
    }
    if (this.users.has(user.name)) {
      fail(this, { property: 'users[].name', problem: 'declared twice.', value: show(user.name), fix: 'declare each user once.' });
    }
    if (this.hardened && !this.props.allowSuperuserUsers && (user.flags ?? []).includes(UserFlag.SUPERUSER)) {
      fail(this, {
        property: `users[${user.name}].flags`,
        problem: 'an application user with SUPERUSER can bypass every permission and read other databases.',
        value: 'SUPERUSER',
        fix: 'grant what the application needs (e.g. UserFlag.CREATEDB, database ownership), or set allowSuperuserUsers: true.',
      });
    }
    this.users.set(user.name, user);
  }

  /** Adds a database owned by one of the cluster's users. */
  public addDatabase(database: Database): void {
    if (!Patterns.DATABASE_NAME.test(database.name) || database.name.length > 63) {
      fail(this, {
        property: 'databases[].name',
        problem: 'not a database name the operator accepts.',
        value: show(database.name),
        allowed: 'letters, digits and "_", not starting with a digit, at most 63 characters',
        fix: 'rename the database, e.g. "app_db".',
      });
    }
    if (this.databases.has(database.name)) {
      fail(this, { property: 'databases[].name', problem: 'declared twice.', value: show(database.name), fix: 'declare each database once.' });
    }
    if (!this.users.has(database.owner)) {
      fail(this, {
        property: `databases[${database.name}].owner`,
        problem: 'the owner is not one of the cluster\'s users, so the operator cannot create the database.',
        value: show(database.owner),
        allowed: this.users.size ? [...this.users.keys()].map((u) => `"${u}"`).join(', ') : 'a user declared in `users`',
        fix: `add { name: '${database.owner}' } to users, or choose an existing owner.`,
      });
    }
    this.databases.set(database.name, database.owner);
  }

  // ---------------------------------------------------------------------------------------------
  // Contributions

  /**
   * Adds an environment variable to the Spilo container. The same name contributed twice with
   * different values is an error (names compare case-insensitively, as the operator does).
   */
  public addEnv(contributor: IConstruct, env: k8s.EnvVar): void {
    this.checkEnvForCredentials('env', [env], contributor);
    const existing = this.env.find((e) => e.value.name.toUpperCase() === env.name.toUpperCase());
    if (existing) {
      if (JSON.stringify(k8s.toJson_EnvVar(existing.value)) === JSON.stringify(k8s.toJson_EnvVar(env))) return;
      fail(contributor, {
        property: `env ${env.name}`,
        problem: `conflicts with the value set by ${existing.contributor} on cluster ${this.node.path}.`,
        value: `${show(k8s.toJson_EnvVar(env))} vs ${show(k8s.toJson_EnvVar(existing.value))}`,
        fix: 'set the variable in one place only.',
      });
    }
    this.env.push({ value: env, contributor: contributor.node.path });
  }

  /** Adds an `envFrom` source to the Spilo container. */
  public addEnvFrom(contributor: IConstruct, source: k8s.EnvFromSource): void {
    this.envFrom.push({ value: source, contributor: contributor.node.path });
  }

  /** Adds a sidecar; names must be unique. Ports get a protocol and the container gets resources. */
  public addSidecar(contributor: IConstruct, sidecar: Sidecar): void {
    if (!sidecar.name || !Patterns.DNS_1035.test(sidecar.name)) {
      fail(contributor, {
        property: 'sidecars[].name',
        problem: 'a sidecar needs a DNS-1035 name (a nameless one becomes "sidecar-<i>" and changes with the order).',
        value: show(sidecar.name),
        fix: 'name it, e.g. "exporter".',
      });
    }
    if (!sidecar.image) {
      fail(contributor, {
        property: `sidecars[${sidecar.name}].image`,
        problem: 'a sidecar without an image makes the operator shut down the pods one by one.',
        fix: 'give the sidecar a pinned image.',
      });
    }
    if (['postgres', 'connection-pooler'].includes(sidecar.name) || this.sidecars.some((s) => s.value.name === sidecar.name)) {
      const existing = this.sidecars.find((s) => s.value.name === sidecar.name);
      fail(contributor, {
        property: `sidecars[${sidecar.name}]`,
        problem: existing ? `a sidecar of this name was already added by ${existing.contributor}.` : 'the name is taken by the operator.',
        value: show(sidecar.name),
        fix: 'choose another name.',
      });
    }
    for (const port of sidecar.ports ?? []) {
      if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(port.name) || port.name.length > 15 || !/[a-z]/.test(port.name)) {
        fail(contributor, {
          property: `sidecars[${sidecar.name}].ports[].name`,
          problem: 'not a valid port name.',
          value: show(port.name),
          allowed: 'up to 15 lower-case letters, digits and "-", with at least one letter',
          fix: 'e.g. "exporter".',
        });
      }
    }
    this.checkEnvForCredentials(`sidecars[${sidecar.name}].env`, sidecar.env ?? [], contributor);
    this.sidecars.push({ value: sidecar, contributor: contributor.node.path });
  }

  /** Adds a volume; the same name added twice differently is an error. */
  public addVolume(contributor: IConstruct, volume: AdditionalVolume): void {
    const sources = ['secret', 'configMap', 'emptyDir', 'persistentVolumeClaim', 'projected', 'csi'].filter(
      (k) => (volume as any)[k] !== undefined,
    );
    if (sources.length !== 1) {
      fail(contributor, {
        property: `additionalVolumes[${volume.name}]`,
        problem: 'needs exactly one source.',
        value: sources.length ? sources.join(', ') : 'none',
        allowed: 'one of secret, configMap, emptyDir, persistentVolumeClaim, projected, csi',
        fix: 'give exactly one source.',
      });
    }
    const existing = this.volumes.find((v) => v.value.name === volume.name);
    if (existing) {
      if (JSON.stringify(renderVolume(existing.value)) === JSON.stringify(renderVolume(volume))) return;
      fail(contributor, {
        property: `additionalVolumes[${volume.name}]`,
        problem: `conflicts with the volume of this name added by ${existing.contributor}.`,
        fix: 'use another volume name.',
      });
    }
    this.volumes.push({ value: volume, contributor: contributor.node.path });
  }

  /**
   * Sets a PostgreSQL parameter on behalf of a construct. It wins over the derived tuning; a different
   * value from another contribution or from the explicit `parameters` is an error.
   */
  public addParameter(contributor: IConstruct, name: string, value: string): void {
    const explicit = this.explicitParameters[name];
    const existing = this.parameters.get(name);
    const clash = explicit !== undefined && explicit !== value
      ? 'the cluster\'s explicit parameters'
      : existing && existing.value !== value ? existing.contributor : undefined;
    if (clash) {
      fail(contributor, {
        property: `parameters.${name}`,
        problem: `conflicts with the value set by ${clash}.`,
        value: `${show(value)} vs ${show(explicit ?? existing?.value)}`,
        fix: 'set the parameter in one place only.',
      });
    }
    this.parameters.set(name, { value, contributor: contributor.node.path });
  }

  /** Adds an annotation to the Spilo pods. */
  public addPodAnnotation(contributor: IConstruct, key: string, value: string): void {
    const existing = this.podAnnotations.get(key);
    if (existing && existing.value !== value) {
      fail(contributor, {
        property: `podAnnotations.${key}`,
        problem: `conflicts with the value set by ${existing.contributor}.`,
        value: `${show(value)} vs ${show(existing.value)}`,
        fix: 'set the annotation in one place only.',
      });
    }
    this.podAnnotations.set(key, { value, contributor: contributor.node.path });
  }

  /**
   * Sets a top-level field of the `postgresql` spec (e.g. `enableConnectionPooler`, `connectionPooler`,
   * `clone`, `standby`) in its JSON form. A field set twice differently, or also rendered by the
   * cluster's own props with another value, is an error.
   */
  public setSpecField(contributor: IConstruct, field: string, value: any): void {
    const existing = this.specFields.get(field);
    if (existing && JSON.stringify(existing.value) !== JSON.stringify(value)) {
      fail(contributor, {
        property: `spec.${field}`,
        problem: `conflicts with the value set by ${existing.contributor}.`,
        value: `${show(value)} vs ${show(existing.value)}`,
        fix: 'set the field in one place only.',
      });
    }
    this.specFields.set(field, { value, contributor: contributor.node.path });
  }

  /**
   * Sets pg_hba.conf on behalf of a construct (e.g. the TLS certificate); different rules from another
   * contribution or from `patroni.pgHba` are an error.
   */
  public setPgHba(contributor: IConstruct, rules: string[]): void {
    const own = this.props.patroni?.pgHba;
    const existing = own ? { value: own, contributor: 'the cluster\'s patroni.pgHba' } : this.pgHba;
    if (existing && JSON.stringify(existing.value) !== JSON.stringify(rules)) {
      fail(contributor, {
        property: 'patroni.pg_hba',
        problem: `conflicts with the rules set by ${existing.contributor}.`,
        fix: 'set pg_hba in one place only.',
      });
    }
    if (!own) this.pgHba = { value: [...rules], contributor: contributor.node.path };
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering

  private renderSpec(): any {
    const spec = this.renderOwnSpec();
    for (const [field, c] of this.specFields) spec[field] = c.value;
    return spec;
  }

  private renderOwnSpec(): Record<string, any> {
    const p = this.props;
    const patroni = p.patroni ?? {};
    const spec: Record<string, any> = {
      teamId: p.teamId,
      numberOfInstances: this.instances,
      dockerImage: p.dockerImage,
      postgresql: { version: this.version.toString(), parameters: this.postgresParameters },
      volume: {
        size: sizeToQuantity(this.storage),
        storageClass: p.storageClassName ?? p.storageClass?.storageClassName,
        iops: p.volumeIops,
        throughput: p.volumeThroughput,
        type: p.volumeType,
        selector: p.volumeSelector ? k8s.toJson_LabelSelector(p.volumeSelector) : undefined,
        subPath: p.volumeSubPath,
      },
      resources: this.resources,
      patroni: this.renderPatroni(patroni),
      users: this.users.size
        ? Object.fromEntries([...this.users.values()].map((u) => [u.name, [...(u.flags ?? [])]]))
        : undefined,
      databases: this.databases.size ? Object.fromEntries(this.databases) : undefined,
      preparedDatabases: this.renderPreparedDatabases(),
      usersWithSecretRotation: this.usersWithRotation(SecretRotation.NEW_ROLE),
      usersWithInPlaceSecretRotation: this.usersWithRotation(SecretRotation.IN_PLACE),
      usersIgnoringSecretRotation: this.usersWithRotation(SecretRotation.IGNORE),
      tolerations: p.tolerations?.map((t) => k8s.toJson_Toleration(t)),
      nodeAffinity: p.nodeAffinity ? k8s.toJson_NodeAffinity(p.nodeAffinity) : undefined,
      topologySpreadConstraints: this.renderTopologySpread(),
      podPriorityClassName: p.priorityClassName,
      schedulerName: p.schedulerName,
      allowedSourceRanges: p.allowedSourceRanges,
      serviceAnnotations: p.serviceAnnotations,
      masterServiceAnnotations: p.primaryServiceAnnotations,
      replicaServiceAnnotations: p.replicaServiceAnnotations,
      podAnnotations: this.podAnnotations.size
        ? Object.fromEntries([...this.podAnnotations].map(([k, c]) => [k, c.value]))
        : undefined,
      sidecars: this.sidecars.length ? this.sidecars.map((s) => renderSidecar(s.value)) : undefined,
      initContainers: p.initContainers?.map((c) => k8s.toJson_Container(c)),
      additionalVolumes: this.volumes.length ? this.volumes.map((v) => renderVolume(v.value)) : undefined,
      env: this.env.length ? this.env.map((e) => k8s.toJson_EnvVar(e.value)) : undefined,
      envFrom: this.envFrom.length ? this.envFrom.map((e) => k8s.toJson_EnvFromSource(e.value)) : undefined,
      enableShmVolume: p.shmVolume ?? true,
      spiloRunAsUser: p.spiloRunAsUser ?? (this.hardened ? 101 : undefined),
      spiloRunAsGroup: p.spiloRunAsGroup ?? (this.hardened ? 103 : undefined),
      spiloFSGroup: p.spiloFsGroup ?? (this.hardened || p.tls || this.specFields.has('tls') ? 103 : undefined),
      livenessProbe: p.livenessProbe ? k8s.toJson_Probe(p.livenessProbe) : undefined,
      maintenanceWindows: p.maintenanceWindows?.map((w) => w.expression),
      tls: p.tls
        ? {
          secretName: p.tls.secretName,
          certificateFile: p.tls.certificateFile ?? 'tls.crt',
          privateKeyFile: p.tls.privateKeyFile ?? 'tls.key',
          caFile: p.tls.caFile,
          caSecretName: p.tls.caSecretName,
        }
        : undefined,
      ...this.renderExposure('Master', p.primaryService ?? ServiceExposure.clusterIp()),
      ...this.renderExposure('Replica', p.replicaService ?? ServiceExposure.clusterIp()),
      ...(p.primaryPoolerService ? this.renderExposure('MasterPooler', p.primaryPoolerService) : {}),
      ...(p.replicaPoolerService ? this.renderExposure('ReplicaPooler', p.replicaPoolerService) : {}),
    };
    if (p.logicalBackup) {
      spec.enableLogicalBackup = true;
      spec.logicalBackupSchedule = p.logicalBackup.schedule?.expressionString;
      spec.logicalBackupRetention = p.logicalBackup.retention;
    }
    return spec;
  }

  private renderPatroni(patroni: PatroniOptions): Record<string, any> {
    const initdb: Record<string, string> = {};
    if (patroni.dataChecksums ?? true) initdb['data-checksums'] = 'true';
    Object.assign(initdb, patroni.initdb ?? {});
    const slots = patroni.slots?.length
      ? Object.fromEntries(patroni.slots.map((s) => [s.name, s.type === SlotType.LOGICAL
        ? { type: s.type, database: s.database!, plugin: s.plugin! }
        : { type: s.type }]))
      : undefined;
    return {
      ttl: seconds(patroni.ttl, DEFAULT_PATRONI.ttl),
      loop_wait: seconds(patroni.loopWait, DEFAULT_PATRONI.loopWait),
      retry_timeout: seconds(patroni.retryTimeout, DEFAULT_PATRONI.retryTimeout),
      maximum_lag_on_failover: this.maximumLagOnFailoverBytes,
      synchronous_mode: this.synchronousMode,
      synchronous_mode_strict: this.synchronousMode ? patroni.synchronousModeStrict ?? false : undefined,
      synchronous_node_count: this.synchronousMode ? patroni.synchronousNodeCount ?? 1 : undefined,
      failsafe_mode: patroni.failsafeMode,
      pg_hba: patroni.pgHba ?? this.pgHba?.value,
      initdb: Object.keys(initdb).length ? initdb : undefined,
      slots,
    };
  }

  private renderPreparedDatabases(): Record<string, any> | undefined {
    const dbs = this.props.preparedDatabases ?? [];
    if (!dbs.length) return undefined;
    return Object.fromEntries(dbs.map((db) => [db.name, {
      defaultUsers: db.defaultUsers,
      extensions: db.extensions?.length ? Object.fromEntries(db.extensions.map((e) => [e.name, e.schema])) : undefined,
      schemas: db.schemas?.length
        ? Object.fromEntries(db.schemas.map((s) => [s.name, { defaultRoles: s.defaultRoles, defaultUsers: s.defaultUsers }]))
        : undefined,
      secretNamespace: db.secretNamespace,
    }]));
  }

  private usersWithRotation(rotation: SecretRotation): string[] | undefined {
    const names = [...this.users.values()].filter((u) => u.secretRotation === rotation).map((u) => u.name);
    return names.length ? names : undefined;
  }

  private renderTopologySpread(): any[] | undefined {
    const spread = this.props.topologySpread ?? TopologySpread.zonesAndHosts();
    if (!spread.constraints.length) return undefined;
    return spread.constraints.map((c) => k8s.toJson_TopologySpreadConstraint({
      ...c,
      labelSelector: c.labelSelector ?? { matchLabels: this.podSelector },
    }));
  }

  private renderExposure(role: string, exposure: ServiceExposure): Record<string, any> {
    const out: Record<string, any> = {
      [`enable${role}LoadBalancer`]: exposure.isLoadBalancer,
    };
    if (exposure.isNodePort) {
      out[`enable${role}NodePort`] = true;
      const field = `${role.charAt(0).toLowerCase()}${role.slice(1)}NodePort`;
      if (exposure.nodePortNumber !== undefined) out[field] = exposure.nodePortNumber;
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Resolution and validation

  private resolveResources(preset: ClusterSize) {
    const r = this.props.resources ?? {};
    const cpuRequest = r.cpu?.request ?? preset.cpu;
    // Without a limit, the limit is the preset's, raised to the request when the request is larger.
    const cpuLimit = r.cpu?.limit
      ?? (r.cpu?.request && cpuToMillis(r.cpu.request) > cpuToMillis(preset.cpu) ? r.cpu.request : preset.cpu);
    const memRequest = r.memory?.request ?? preset.memory;
    const memLimit = r.memory?.limit
      ?? (r.memory?.request && sizeToBytes(r.memory.request) > sizeToBytes(preset.memory) ? r.memory.request : preset.memory);
    this.checkCpu('resources.cpu.request', cpuRequest);
    this.checkCpu('resources.cpu.limit', cpuLimit);
    if (cpuToMillis(cpuRequest) > cpuToMillis(cpuLimit)) {
      fail(this, {
        property: 'resources.cpu',
        problem: 'the CPU request is above the limit; Kubernetes rejects the pod.',
        value: `request ${cpuRequest.amount}, limit ${cpuLimit.amount}`,
        fix: 'raise the limit or lower the request.',
      });
    }
    if (sizeToBytes(memRequest) > sizeToBytes(memLimit)) {
      fail(this, {
        property: 'resources.memory',
        problem: 'the memory request is above the limit; Kubernetes rejects the pod.',
        value: `request ${sizeToQuantity(memRequest)}, limit ${sizeToQuantity(memLimit)}`,
        fix: 'raise the limit or lower the request.',
      });
    }
    const requests: Record<string, string> = { cpu: cpuRequest.amount, memory: sizeToQuantity(memRequest) };
    const limits: Record<string, string> = { cpu: cpuLimit.amount, memory: sizeToQuantity(memLimit) };
    if (this.props.hugePages2Mi) requests['hugepages-2Mi'] = limits['hugepages-2Mi'] = sizeToQuantity(this.props.hugePages2Mi);
    if (this.props.hugePages1Gi) requests['hugepages-1Gi'] = limits['hugepages-1Gi'] = sizeToQuantity(this.props.hugePages1Gi);
    for (const [k, v] of Object.entries({ ...requests, ...limits })) {
      if (k !== 'cpu' && !Patterns.MEMORY.test(v)) {
        fail(this, { property: `resources.${k}`, problem: 'not a quantity the CRD accepts.', value: show(v), fix: 'use a whole number of bytes, Ki, Mi or Gi.' });
      }
    }
    return { requests, limits };
  }

  private checkCpu(property: string, cpu: Cpu) {
    if (!Patterns.CPU.test(cpu.amount) || cpuToMillis(cpu) <= 0) {
      fail(this, {
        property,
        problem: 'not a CPU quantity the CRD accepts.',
        value: show(cpu.amount),
        allowed: 'millicores ("500m") or cores with up to 3 decimals ("1.5"), above 0',
        fix: 'use Cpu.millis(500) or Cpu.units(2).',
      });
    }
  }

  private resolveTuning(): Record<string, string> {
    const out: Record<string, string> = { password_encryption: 'scram-sha-256' };
    if (this.props.autoTune ?? true) {
      const maxConnections = this.explicitParameters.max_connections;
      if (maxConnections !== undefined && !/^\d+$/.test(maxConnections)) {
        fail(this, {
          property: 'parameters.max_connections',
          problem: 'must be a whole number.',
          value: show(maxConnections),
          fix: 'e.g. "200".',
        });
      }
      Object.assign(out, tune({
        memoryBytes: parseMemoryQuantity(this.resources.limits.memory)!,
        cpuMillis: Math.max(parseCpuQuantity(this.resources.limits.cpu), parseCpuQuantity(this.resources.requests.cpu)),
        workload: this.props.workload ?? Workload.WEB,
        storage: this.props.storageKind ?? this.props.storageClass?.storageKind ?? StorageKind.NETWORK,
        pgMajor: this.version.major,
        maxConnections: maxConnections !== undefined ? Number(maxConnections) : undefined,
        hugePagesRequested: !!(this.props.hugePages2Mi || this.props.hugePages1Gi),
      }));
    }
    return out;
  }

  private validateName(derived: boolean) {
    const name = this.name;
    const fix = derived ? 'give the construct a lower-case id or set `name` explicitly.' : 'choose another `name`.';
    if (!this.props.teamId || !this.props.teamId.trim()) {
      fail(this, { property: 'teamId', problem: 'must not be empty.', value: show(this.props.teamId), fix: 'set teamId to the owning team, e.g. "acid".' });
    }
    if (!Patterns.DNS_1035.test(name)) {
      fail(this, {
        property: 'name',
        problem: 'the cluster name is not a DNS-1035 label.',
        value: show(name),
        allowed: 'lower-case letters, digits and "-", starting with a letter and ending with a letter or digit',
        fix,
      });
    }
    if (name.length > MAX_CLUSTER_NAME_LENGTH) {
      fail(this, {
        property: 'name',
        problem: `the cluster name is ${name.length} characters long; "<name>-repl" must fit 63.`,
        value: show(name),
        allowed: `at most ${MAX_CLUSTER_NAME_LENGTH} characters`,
        fix,
      });
    }
    const prefix = `${this.props.teamId.toLowerCase()}-`;
    if ((this.props.requireTeamPrefix ?? true) && (!name.startsWith(prefix) || name.length < prefix.length + 1)) {
      fail(this, {
        property: 'name',
        problem: `the cluster name does not start with the team prefix "${prefix}" (the operator rejects it when enable_team_id_clustername_prefix is on).`,
        value: show(name),
        allowed: `"${prefix}<something>"`,
        fix: `rename it to "${prefix}${name}", or set requireTeamPrefix: false if your operator does not enforce the prefix (the v2 default).`,
      });
    }
  }

  private validateVolume() {
    const bytes = sizeToBytes(this.storage);
    if (!(bytes >= 2 ** 30)) {
      fail(this, {
        property: 'storage',
        problem: 'the volume is smaller than 1Gi, the smallest size cloud block storage provisions.',
        value: show(sizeToQuantity(this.storage)),
        fix: 'use at least Size.gibibytes(1).',
      });
    }
    const { volumeIops: iops, volumeThroughput: throughput, storageClass, storageClassName } = this.props;
    if (storageClass && storageClassName && storageClass.storageClassName !== storageClassName) {
      fail(this, {
        property: 'storageClassName',
        problem: 'both storageClass and storageClassName are set, to different classes.',
        value: `${storageClass.storageClassName} vs ${storageClassName}`,
        fix: 'set only one of them.',
      });
    }
    const tooSmall = storageClass?.checkVolumeSize(this.storage);
    if (tooSmall) {
      fail(this, {
        property: 'storage',
        problem: `the volume is too small for the StorageClass's provisioned IOPS: ${tooSmall}.`,
        value: show(sizeToQuantity(this.storage)),
        fix: 'make the volume larger or provision fewer IOPS.',
      });
    }
    if (iops !== undefined && (!Number.isInteger(iops) || iops < 1 || iops > 80000)) {
      fail(this, { property: 'volumeIops', problem: 'out of range.', value: show(iops), allowed: '1 to 80000', fix: 'use the IOPS your StorageClass supports (gp3: 3000-80000).' });
    }
    if (throughput !== undefined && (!Number.isInteger(throughput) || throughput < 1 || throughput > 2000)) {
      fail(this, { property: 'volumeThroughput', problem: 'out of range.', value: show(throughput), allowed: '1 to 2000 (MiB/s)', fix: 'use the throughput your StorageClass supports (gp3: 125-2000).' });
    }
  }

  private validatePatroni(patroni: PatroniOptions) {
    const ttl = seconds(patroni.ttl, DEFAULT_PATRONI.ttl);
    const loopWait = seconds(patroni.loopWait, DEFAULT_PATRONI.loopWait);
    const retry = seconds(patroni.retryTimeout, DEFAULT_PATRONI.retryTimeout);
    for (const [prop, v] of [['ttl', ttl], ['loopWait', loopWait], ['retryTimeout', retry]] as const) {
      if (!Number.isInteger(v) || v < 1) {
        fail(this, { property: `patroni.${prop}`, problem: 'must be a whole number of seconds of at least 1.', value: show(v), fix: 'use Duration.seconds(n).' });
      }
    }
    if (ttl < loopWait + 2 * retry) {
      fail(this, {
        property: 'patroni.ttl',
        problem: 'Patroni needs ttl >= loop_wait + 2 * retry_timeout, or a healthy primary loses its lock.',
        value: `ttl ${ttl}s, loop_wait ${loopWait}s, retry_timeout ${retry}s`,
        allowed: `ttl of at least ${loopWait + 2 * retry}s with these timings`,
        fix: `raise ttl to ${loopWait + 2 * retry}s or lower loopWait/retryTimeout.`,
      });
    }
    if (this.synchronousMode && this.instances < 2) {
      fail(this, {
        property: 'patroni.synchronousMode',
        problem: 'synchronous replication needs a standby, but the cluster has fewer than 2 instances.',
        value: `instances ${this.instances}`,
        fix: 'set instances to at least 2 (3 to survive losing the synchronous standby), or turn synchronousMode off.',
      });
    }
    const syncCount = patroni.synchronousNodeCount;
    if (syncCount !== undefined) {
      if (!this.synchronousMode) {
        fail(this, { property: 'patroni.synchronousNodeCount', problem: 'has no effect without synchronousMode.', value: show(syncCount), fix: 'set synchronousMode: true or remove synchronousNodeCount.' });
      }
      if (!Number.isInteger(syncCount) || syncCount < 1 || syncCount > this.instances - 1) {
        fail(this, {
          property: 'patroni.synchronousNodeCount',
          problem: 'must be between 1 and instances - 1.',
          value: show(syncCount),
          allowed: `1 to ${Math.max(1, this.instances - 1)}`,
          fix: 'lower synchronousNodeCount or add instances.',
        });
      }
    }
    if (patroni.synchronousModeStrict && !this.synchronousMode) {
      fail(this, { property: 'patroni.synchronousModeStrict', problem: 'has no effect without synchronousMode.', value: 'true', fix: 'set synchronousMode: true as well.' });
    }
    for (const slot of patroni.slots ?? []) {
      if (!/^[a-z0-9_]{1,63}$/.test(slot.name)) {
        fail(this, { property: 'patroni.slots[].name', problem: 'not a replication slot name.', value: show(slot.name), allowed: 'lower-case letters, digits and "_", at most 63', fix: 'rename the slot.' });
      }
      if (slot.type === SlotType.LOGICAL && (!slot.database || !slot.plugin)) {
        fail(this, { property: `patroni.slots[${slot.name}]`, problem: 'a logical slot needs a database and a plugin.', fix: "set database and plugin (e.g. 'pgoutput')." });
      }
    }
    if (patroni.pgHba && !patroni.pgHba.some((l) => /^\s*(host|hostssl|local)\s+replication\s+/.test(l))) {
      fail(this, {
        property: 'patroni.pgHba',
        problem: 'the rules replace Spilo\'s and have no replication rule, so replicas cannot stream from the primary.',
        value: show(patroni.pgHba),
        fix: 'add e.g. "hostssl replication standby all scram-sha-256" (and keep "local all all trust" for Spilo\'s own tools).',
      });
    }
  }

  private validateParameters() {
    for (const [k, v] of Object.entries(this.explicitParameters)) {
      if (typeof v !== 'string') {
        fail(this, { property: `parameters.${k}`, problem: 'parameter values must be strings.', value: show(v), fix: `write it as "${v}".` });
      }
      if (!/^[a-z_][a-z0-9_.]*$/.test(k)) {
        fail(this, { property: `parameters.${k}`, problem: 'not a PostgreSQL parameter name.', value: show(k), fix: 'use the lower-case name from postgresql.conf.' });
      }
    }
    const sb = this.explicitParameters.shared_buffers;
    if (sb !== undefined) {
      const bytes = parsePgMemory(sb, 8192);
      const limit = parseMemoryQuantity(this.resources.limits.memory)!;
      if (bytes === undefined) {
        fail(this, { property: 'parameters.shared_buffers', problem: 'not a PostgreSQL memory value.', value: show(sb), allowed: 'a number with kB, MB, GB or TB', fix: 'e.g. "4GB".' });
      }
      if (bytes >= limit) {
        fail(this, {
          property: 'parameters.shared_buffers',
          problem: 'shared_buffers is not smaller than the container\'s memory limit; PostgreSQL would be OOM-killed.',
          value: `${sb} with a memory limit of ${this.resources.limits.memory}`,
          allowed: 'well below the limit (about 25% of it)',
          fix: 'lower shared_buffers or raise the memory limit.',
        });
      }
    }
  }

  private validatePreparedDatabases() {
    for (const db of this.props.preparedDatabases ?? []) {
      if (!Patterns.DATABASE_NAME.test(db.name)) {
        fail(this, { property: 'preparedDatabases[].name', problem: 'not a database name the operator accepts.', value: show(db.name), allowed: 'letters, digits and "_", not starting with a digit', fix: 'rename the database.' });
      }
      for (const s of db.schemas ?? []) {
        if (!Patterns.DATABASE_NAME.test(s.name)) {
          fail(this, { property: `preparedDatabases[${db.name}].schemas[].name`, problem: 'not a schema name the operator accepts.', value: show(s.name), allowed: 'letters, digits and "_", not starting with a digit', fix: 'rename the schema.' });
        }
      }
    }
  }

  private validateServices() {
    const p = this.props;
    const exposures = [p.primaryService, p.replicaService, p.primaryPoolerService, p.replicaPoolerService];
    if (exposures.some((e) => e?.isLoadBalancer) && !(p.allowedSourceRanges ?? []).length) {
      fail(this, {
        property: 'allowedSourceRanges',
        problem: 'a load balancer without allowedSourceRanges only admits 127.0.0.1/32 (the operator\'s default), so nobody can connect.',
        fix: 'list the client CIDRs, e.g. allowedSourceRanges: ["10.0.0.0/8"].',
      });
    }
    for (const cidr of p.allowedSourceRanges ?? []) {
      if (!isCidr(cidr)) {
        fail(this, { property: 'allowedSourceRanges', problem: 'not a CIDR.', value: show(cidr), allowed: 'IPv4 "a.b.c.d/n" or IPv6 "x::/n"', fix: 'e.g. "10.0.0.0/8".' });
      }
    }
    for (const e of exposures) {
      if (e?.nodePortNumber !== undefined && (!Number.isInteger(e.nodePortNumber) || e.nodePortNumber < 30000 || e.nodePortNumber > 32767)) {
        fail(this, { property: 'nodePort', problem: 'outside the NodePort range.', value: show(e.nodePortNumber), allowed: '30000 to 32767', fix: 'choose a port in range or let Kubernetes assign one.' });
      }
    }
  }

  private validateMisc() {
    const p = this.props;
    for (const w of p.maintenanceWindows ?? []) {
      if (!w.isValid) {
        fail(this, {
          property: 'maintenanceWindows',
          problem: 'not a maintenance window the CRD accepts.',
          value: show(w.expression),
          allowed: '"HH:MM-HH:MM" or "Ddd:HH:MM-HH:MM" (UTC), e.g. "01:00-06:00" or "Sat:00:00-04:00"',
          fix: 'use MaintenanceWindow.daily("01:00", "05:00") or MaintenanceWindow.weekly(Weekday.SATURDAY, "00:00", "04:00").',
        });
      }
    }
    const schedule = p.logicalBackup?.schedule?.expressionString;
    if (schedule !== undefined && !Patterns.CRON.test(schedule)) {
      fail(this, {
        property: 'logicalBackup.schedule',
        problem: 'the CRD accepts 5 cron fields of numbers, "*" and "/step" only.',
        value: show(schedule),
        allowed: 'e.g. "30 0 * * *" or "0 */6 * * *" (no ranges, lists or names)',
        fix: 'use Cron.schedule({ minute: "30", hour: "0" }).',
      });
    }
    if (p.tls && !Patterns.DNS_1123_SUBDOMAIN.test(p.tls.secretName)) {
      fail(this, { property: 'tls.secretName', problem: 'not a Secret name.', value: show(p.tls.secretName), fix: 'use a DNS-1123 name, e.g. "pg-tls".' });
    }
  }

  private validateContributions(): string[] {
    const errors: string[] = [];
    const own = this.renderOwnSpec();
    for (const [field, c] of this.specFields) {
      if (own[field] !== undefined && JSON.stringify(own[field]) !== JSON.stringify(c.value)) {
        errors.push(ValidationError.format({ rule: 'ZPG-UNCLASSIFIED',
          path: this.node.path,
          property: `spec.${field}`,
          problem: `${c.contributor} sets it, but the cluster's own props render it differently.`,
          value: `${show(c.value)} vs ${show(own[field])}`,
          fix: `remove the cluster prop that renders ${field}, or the construct that sets it.`,
        }));
      }
    }
    const replicaPooler = this.specFields.get('enableReplicaConnectionPooler');
    if (replicaPooler?.value === true && this.name.length > MAX_CLUSTER_NAME_LENGTH_WITH_REPLICA_POOLER) {
      errors.push(ValidationError.format({ rule: 'ZPG-UNCLASSIFIED',
        path: this.node.path,
        property: 'name',
        problem: `the cluster name is ${this.name.length} characters long; with the replica pooler (enabled by ${replicaPooler.contributor}) "<name>-pooler-repl" must fit 63.`,
        value: show(this.name),
        allowed: `at most ${MAX_CLUSTER_NAME_LENGTH_WITH_REPLICA_POOLER} characters`,
        fix: 'choose a shorter name or do without the replica pooler.',
      }));
    }
    return errors;
  }

  /** Adds the Argo CD and Flux annotations that stop pruning and deletion, keeping the user's other sync options. */
  private protectFromDeletion(annotations: Record<string, string>) {
    const ARGO = 'argocd.argoproj.io/sync-options';
    const FLUX = 'kustomize.toolkit.fluxcd.io/prune';
    const options = (annotations[ARGO] ?? '').split(',').map((o) => o.trim()).filter((o) => o);
    const contradiction = options.find((o) => /^(Delete|Prune)=true$/i.test(o))
      ?? (annotations[FLUX] !== undefined && annotations[FLUX] !== 'disabled' ? `${FLUX}: ${annotations[FLUX]}` : undefined);
    if (contradiction) {
      fail(this, {
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

  private checkEnvForCredentials(property: string, env: k8s.EnvVar[], scope: IConstruct = this) {
    for (const e of env) {
      const v = e.value;
      if (v === undefined || v === '') continue;
      const onlyReferences = /^(\$\([A-Za-z_][A-Za-z0-9_]*\))+$/.test(v);
      const isPath = v.startsWith('/');
      if (CREDENTIAL_NAME.test(e.name) && !onlyReferences && !isPath && !/_(FILE|PATH)$/i.test(e.name)) {
        fail(scope, {
          property: `${property} ${e.name}`,
          problem: 'looks like a credential given as a literal value; it would be written into the YAML in clear text.',
          value: '(hidden)',
          fix: `use valueFrom: { secretKeyRef: { name: '<secret>', key: '<key>' } } for ${e.name}.`,
        });
      }
    }
  }
}

function seconds(d: Duration | undefined, fallback: number): number {
  return d ? d.toSeconds({ integral: false }) : fallback;
}

function renderResources(r: ContainerResources | undefined): any {
  if (!r) return DEFAULT_SIDECAR_RESOURCES;
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (r.cpu?.request) requests.cpu = r.cpu.request.amount;
  if (r.memory?.request) requests.memory = sizeToQuantity(r.memory.request);
  if (r.cpu?.limit) limits.cpu = r.cpu.limit.amount;
  if (r.memory?.limit) limits.memory = sizeToQuantity(r.memory.limit);
  return {
    requests: { ...DEFAULT_SIDECAR_RESOURCES.requests, ...requests },
    limits: { ...DEFAULT_SIDECAR_RESOURCES.limits, ...limits },
  };
}

function renderSidecar(s: Sidecar): any {
  return {
    name: s.name,
    image: s.image,
    command: s.command,
    env: s.env?.map((e) => k8s.toJson_EnvVar(e)),
    ports: s.ports?.map((port) => ({ name: port.name, containerPort: port.containerPort, protocol: port.protocol ?? PortProtocol.TCP })),
    resources: renderResources(s.resources),
  };
}

function renderVolume(v: AdditionalVolume): any {
  const source =
    (v.secret && { secret: k8s.toJson_SecretVolumeSource(v.secret) })
    || (v.configMap && { configMap: k8s.toJson_ConfigMapVolumeSource(v.configMap) })
    || (v.emptyDir && { emptyDir: k8s.toJson_EmptyDirVolumeSource(v.emptyDir) })
    || (v.persistentVolumeClaim && { persistentVolumeClaim: k8s.toJson_PersistentVolumeClaimVolumeSource(v.persistentVolumeClaim) })
    || (v.projected && { projected: k8s.toJson_ProjectedVolumeSource(v.projected) })
    || (v.csi && { csi: k8s.toJson_CsiVolumeSource(v.csi) })
    || {};
  return {
    name: v.name,
    mountPath: v.mountPath,
    subPath: v.subPath,
    isSubPathExpr: v.isSubPathExpr,
    targetContainers: v.targetContainers,
    volumeSource: source,
  };
}
