/**
 * What add-ons register on a cluster: typed facts, one slot per feature. The cluster renders its spec from
 * them, and whoever needs to know what a cluster has (monitoring, network policies, certificates) reads them
 * lazily at synth time — never the rendered spec. Two registrations of one slot that disagree are a
 * validation error; the same registration twice is idempotent.
 */
import { IConstruct } from 'constructs';
import type { BackupLocation } from '../backup/location';
import { PoolerMode } from '../pooler/pooler-mode';
import { fail, show } from '../validation/errors';
import { RuleCode } from '../validation/rule-code';

/** Requests and limits as Kubernetes quantities. */
export interface ResourceQuantities {
  /** Requests by resource name (`cpu`, `memory`). */
  readonly requests: { [resource: string]: string };
  /** Limits by resource name. */
  readonly limits: { [resource: string]: string };
}

/** The operator's PgBouncer in front of a cluster (registered by a `ConnectionPooler`). */
export interface PoolerFeature {
  /** A pooler in front of the primary (`<cluster>-pooler`). */
  readonly primary: boolean;
  /** A pooler in front of the replicas (`<cluster>-pooler-repl`). */
  readonly replica: boolean;
  /** PgBouncer pods per pooler. */
  readonly instances: number;
  /** Pool mode. */
  readonly mode: PoolerMode;
  /** Schema of the `user_lookup` function. */
  readonly schema: string;
  /** Role PgBouncer authenticates with. */
  readonly user: string;
  /** Server connections per database across all pods of one pooler. */
  readonly maxDbConnections: number;
  /** Resources of each PgBouncer pod. */
  readonly resources: ResourceQuantities;
  /**
   * PgBouncer image.
   * @default - the operator's `connection_pooler_image`
   */
  readonly dockerImage?: string;
}

/** Continuous WAL archiving and base backups of a cluster (registered by a `WalgBackup`). */
export interface ArchiveFeature {
  /** Where the archive is and how it is read. */
  readonly location: BackupLocation;
  /** Base backup schedule (cron, UTC). */
  readonly schedule: string;
  /** Spilo's `BACKUP_NUM_TO_RETAIN`. */
  readonly retention: number;
}

/** Where a cluster's data comes from. */
export enum DataSourceKind {
  /** A live `pg_basebackup` of a running cluster in the same namespace (`clone` without timestamp). */
  BASEBACKUP_CLONE = 'basebackup-clone',
  /** A point-in-time restore of a WAL-G archive (`clone` with timestamp). */
  ARCHIVE_CLONE = 'archive-clone',
  /** A standby streaming from a primary (`standby.standby_host`). */
  STREAMING_STANDBY = 'streaming-standby',
  /** A standby replaying a WAL-G archive (`standby.s3_wal_path` / `gs_wal_path`). */
  ARCHIVE_STANDBY = 'archive-standby',
  /** A former standby, promoted: renders no data source at all. */
  PROMOTED_STANDBY = 'promoted-standby',
}

/** The one data source of a cluster: a clone or a standby, never both. */
export interface DataSourceFeature {
  /** The kind of source. */
  readonly kind: DataSourceKind;
  /**
   * Name of the source cluster (basebackup clone, archive clone, standby from a cluster of this app).
   * @default - unknown (a host or an archive described by hand)
   */
  readonly sourceClusterName?: string;
  /**
   * Namespace of the source cluster, when known.
   * @default - unknown
   */
  readonly sourceNamespace?: string;
  /**
   * Host a standby streams from.
   * @default - not streaming
   */
  readonly host?: string;
  /**
   * Port a standby streams from.
   * @default - not streaming
   */
  readonly port?: number;
  /**
   * Replication slot on the source primary.
   * @default - none
   */
  readonly primarySlotName?: string;
  /**
   * The archive read (archive clone, archive standby, and what a promoted standby followed).
   * @default - no archive
   */
  readonly archive?: BackupLocation;
  /**
   * Point in time of an archive clone, RFC 3339 with a numeric offset.
   * @default - not a point-in-time clone
   */
  readonly targetTime?: string;
}

/** TLS of a cluster (registered by `PostgresCertificate`, or from the cluster's `tls` prop). */
export interface TlsFeature {
  /** Secret with the certificate and key, mounted at `/tls`. */
  readonly secretName: string;
  /** Certificate file name in the Secret. */
  readonly certificateFile: string;
  /** Private key file name in the Secret. */
  readonly privateKeyFile: string;
  /**
   * CA file name.
   * @default - none
   */
  readonly caFile?: string;
  /**
   * Secret holding the CA, mounted at `/tlsca`.
   * @default - the CA is in `secretName`
   */
  readonly caSecretName?: string;
  /**
   * `ssl_min_protocol_version`.
   * @default - PostgreSQL's (TLSv1.2)
   */
  readonly minProtocolVersion?: string;
  /**
   * pg_hba.conf rules that require TLS.
   * @default - Spilo's rules
   */
  readonly pgHba?: string[];
  /**
   * Whether the certificate is issued for the cluster's Services (so clients can verify the host name).
   * @default false
   */
  readonly coversServices?: boolean;
}

/** Monitoring of a cluster (registered by a `MonitoringStack`). */
export interface MonitoringFeature {
  /** Whether the postgres_exporter sidecar runs in the Spilo pods. */
  readonly postgresExporter: boolean;
  /** Whether the wal-g exporter sidecar runs in the Spilo pods. */
  readonly walgExporter: boolean;
  /** Whether a headless `<cluster>-metrics` Service is rendered (ServiceMonitor mode). */
  readonly metricsService: boolean;
  /** Namespace of the monitors and rules. */
  readonly monitorNamespace: string;
}

/** Anything that wants to hear about features registered later (e.g. monitoring creating pooler exporters). */
export interface IFeatureListener {
  /** Called after a feature slot changed. */
  featuresChanged(features: ClusterFeatures): void;
}

class Slot<T> {
  private value?: T;
  private contributor?: string;

  constructor(private readonly feature: string) {}

  public get(): T | undefined {
    return this.value;
  }

  public get owner(): string | undefined {
    return this.contributor;
  }

  /** Returns true when the slot changed. */
  public set(contributor: IConstruct, value: T, cluster: string): boolean {
    if (this.value !== undefined) {
      if (JSON.stringify(this.value) === JSON.stringify(value)) return false;
      fail(contributor, {
        rule: RuleCode.FEATURE_CONFLICT,
        property: this.feature,
        problem: `cluster ${cluster} already has a ${this.feature}, registered by ${this.contributor}, with other settings; a cluster has one ${this.feature}.`,
        value: `${show(value)} vs ${show(this.value)}`,
        fix: `configure the ${this.feature} in one place only.`,
      });
    }
    this.value = value;
    this.contributor = contributor.node.path;
    return true;
  }
}

/**
 * The typed features of one cluster. Add-ons register what they are; readers query the facts at synth time.
 */
export class ClusterFeatures {
  private readonly poolerSlot = new Slot<PoolerFeature>('connection pooler');
  private readonly archiveSlot = new Slot<ArchiveFeature>('WAL-G backup');
  private readonly dataSourceSlot = new Slot<DataSourceFeature>('data source (clone or standby)');
  private readonly tlsSlot = new Slot<TlsFeature>('TLS configuration');
  private readonly monitoringSlot = new Slot<MonitoringFeature>('monitoring stack');
  private readonly networkPolicySlot = new Slot<string>('network policy set');
  private readonly listeners: IFeatureListener[] = [];
  private revision = 0;

  /** @param clusterName the cluster these features belong to (for messages) */
  constructor(private readonly clusterName: string) {}

  /** The pooler, if any. */
  public get pooler(): PoolerFeature | undefined {
    return this.poolerSlot.get();
  }

  /** The WAL-G archive this cluster writes, if any. */
  public get archive(): ArchiveFeature | undefined {
    return this.archiveSlot.get();
  }

  /** Where the data comes from (clone or standby), if anywhere. */
  public get dataSource(): DataSourceFeature | undefined {
    return this.dataSourceSlot.get();
  }

  /** TLS, if configured. */
  public get tls(): TlsFeature | undefined {
    return this.tlsSlot.get();
  }

  /** Monitoring, if configured. */
  public get monitoring(): MonitoringFeature | undefined {
    return this.monitoringSlot.get();
  }

  /** Construct path of whoever registered the network policy set, if any. */
  public get networkPolicyOwner(): string | undefined {
    return this.networkPolicySlot.get();
  }

  /** Registers the pooler. */
  public registerPooler(contributor: IConstruct, feature: PoolerFeature): void {
    this.changed(this.poolerSlot.set(contributor, feature, this.clusterName));
  }

  /** Registers the archive this cluster writes. */
  public registerArchive(contributor: IConstruct, feature: ArchiveFeature): void {
    this.changed(this.archiveSlot.set(contributor, feature, this.clusterName));
  }

  /** Registers the data source. */
  public registerDataSource(contributor: IConstruct, feature: DataSourceFeature): void {
    this.changed(this.dataSourceSlot.set(contributor, feature, this.clusterName));
  }

  /** Registers TLS. */
  public registerTls(contributor: IConstruct, feature: TlsFeature): void {
    this.changed(this.tlsSlot.set(contributor, feature, this.clusterName));
  }

  /** Registers monitoring. */
  public registerMonitoring(contributor: IConstruct, feature: MonitoringFeature): void {
    this.changed(this.monitoringSlot.set(contributor, feature, this.clusterName));
  }

  /** Registers the network policy set (one per cluster). */
  public registerNetworkPolicy(contributor: IConstruct): void {
    this.changed(this.networkPolicySlot.set(contributor, contributor.node.path, this.clusterName));
  }

  /** Calls `listener.featuresChanged` now and after every later change. */
  public subscribe(listener: IFeatureListener): void {
    this.listeners.push(listener);
    listener.featuresChanged(this);
  }

  /** @internal Increases with every change; caches of derived state compare it. */
  public get _version(): number {
    return this.revision;
  }

  private changed(didChange: boolean) {
    if (!didChange) return;
    this.revision++;
    for (const l of this.listeners) l.featuresChanged(this);
  }
}
