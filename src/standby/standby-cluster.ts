import { Construct } from 'constructs';
import { archiveEnvironment, ArchiveUse } from '../backup/environment';
import { bindIdentity } from '../backup/identity';
import { requireOperatorIrsaRole } from '../backup/irsa';
import { BackupLocation } from '../backup/location';
import { BackupStorageKind } from '../backup/storage';
import { checkLocation } from '../backup/store-validation';
import { Cluster } from '../cluster/cluster';
import { ICluster } from '../cluster/cluster-ref';
import { ClusterEndpoints, ConnectionTarget } from '../cluster/endpoints';
import { DataSourceFeature, DataSourceKind } from '../cluster/features';
import { POSTGRES_PORT } from '../cluster/naming';
import { ClusterProps } from '../cluster/props';
import { checkPort } from '../validation/checks';
import { fail, show } from '../validation/errors';
import { RuleCode } from '../validation/rule-code';

/** Where a standby cluster gets its WAL from. */
export class StandbySource {
  /** Stream from a cluster of this app (its primary Service). */
  public static fromCluster(primary: ICluster, primarySlotName?: string): StandbySource {
    return new StandbySource(primary.endpoints.host(ConnectionTarget.PRIMARY), POSTGRES_PORT, primarySlotName, undefined, primary);
  }

  /** Stream from a host, e.g. a primary in another Kubernetes cluster behind a load balancer. */
  public static fromHost(host: string, port: number = POSTGRES_PORT, primarySlotName?: string): StandbySource {
    return new StandbySource(host, port, primarySlotName);
  }

  /** Replay a WAL-G archive (S3 or GCS, the CRD has no Azure source). */
  public static fromArchive(location: BackupLocation): StandbySource {
    return new StandbySource(undefined, undefined, undefined, location);
  }

  private constructor(
    /** Host to stream from. */
    public readonly host?: string,
    /** Port to stream from. */
    public readonly port?: number,
    /** Replication slot on the source primary. */
    public readonly primarySlotName?: string,
    /** Archive to replay. */
    public readonly archive?: BackupLocation,
    /** The source cluster, when it is in this app. */
    public readonly cluster?: ICluster,
  ) {}
}

/** Properties of a `StandbyCluster`. */
export interface StandbyClusterProps extends ClusterProps {
  /** Where the standby gets its WAL from. */
  readonly source: StandbySource;
  /**
   * Stage 2 of a disaster recovery: render the same cluster without `standby` and without any `STANDBY_*`
   * environment, which makes the operator promote it to a read-write primary. Promotion **rolls the pods once**:
   * removing `standby` drops the variables the operator generates from it (`STANDBY_METHOD`,
   * `STANDBY_WALE_S3_PREFIX`, ...; or `STANDBY_HOST`, ...), so the operator finds the pod environment changed and
   * replaces the pods one by one (pkg/cluster/cluster.go compareEnv; docs/user.md). Because no `STANDBY_*`
   * variable is left, Spilo renders no standby bootstrap any more: a later re-bootstrap (DCS state lost, cluster
   * recreated) comes up as a primary, not as a standby of the old source.
   * @default false
   */
  readonly promote?: boolean;
}

/** A Secret the standby needs from its source, copied before the standby is created. */
export interface RequiredSecret {
  /** Secret of the source cluster. */
  readonly sourceSecret: string;
  /** Name the standby cluster expects. */
  readonly targetSecret: string;
}

/** A Secret of the source and the name the standby expects it under. */
export interface StandbySecretPair {
  readonly sourceUser: string;
  readonly sourceSecret: string;
  readonly targetSecret: string;
}

/**
 * The superuser and replication Secrets a streaming standby needs from its source, each side named as its
 * operator names it; `from` unknown (a source outside this app): a placeholder for the source's Secret.
 */
export function standbySecretPairs(own: ClusterEndpoints, from?: ClusterEndpoints): StandbySecretPair[] {
  return ([[own.superUsername, from?.superUsername], [own.replicationUsername, from?.replicationUsername]] as const).map(([user, sourceUser]) => ({
    sourceUser: sourceUser ?? user,
    sourceSecret: from ? from.secretName(sourceUser!) : `${user}.<source cluster>.credentials.postgresql.acid.zalan.do`,
    targetSecret: own.secretName(user),
  }));
}

const HOST = /^(?=.{1,253}$)[a-zA-Z0-9]([-.a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/**
 * A read-only copy of another cluster (a warm standby in another region or Kubernetes cluster) that
 * follows it by streaming or by replaying its WAL-G archive, and that is promoted by rendering it with
 * `promote: true` (which rolls its pods once). It must run the source's PostgreSQL major version.
 *
 * A streaming standby authenticates as the source's `standby` user, and its `postgres` user must keep the
 * source's password: copy the Secrets listed in `requiredSecrets` into the standby's namespace
 * before creating it (the operator does not reset them, PR #3044).
 */
export class StandbyCluster extends Cluster {
  /** Whether this rendering is the promoted stage. */
  public readonly promoted: boolean;
  private streamingSource?: StandbySource;

  constructor(scope: Construct, id: string, props: StandbyClusterProps) {
    super(scope, id, props);
    const source = props.source;
    this.promoted = props.promote ?? false;
    if (!(source instanceof StandbySource)) {
      fail(this, { rule: RuleCode.STANDBY_INVALID, property: 'source', problem: 'not a StandbySource.', value: show(source), fix: 'use StandbySource.fromCluster/fromHost/fromArchive.' });
    }
    let feature: DataSourceFeature;
    if (source.archive) {
      const archive = source.archive;
      if (archive.storage?.kind === BackupStorageKind.AZURE) {
        fail(this, {
          rule: RuleCode.STANDBY_INVALID,
          property: 'source',
          problem: 'the operator cannot follow an Azure archive: the CRD\'s standby section only has s3_wal_path and gs_wal_path (zalando/postgres-operator#1916).',
          value: archive.walPath,
          allowed: 'an S3 or GCS archive, or a streaming source',
          fix: 'use StandbySource.fromHost(...) to stream from the primary, or Restore.fromBackup(...) for a point-in-time copy.',
        });
      }
      this.checkVersion(archive.version.major, 'archive');
      checkLocation(this, 'source.', archive);
      feature = { kind: DataSourceKind.ARCHIVE_STANDBY, sourceClusterName: archive.clusterName, archive };
    } else {
      if (source.cluster) this.checkVersion(source.cluster.version.major, 'cluster');
      if (typeof source.host !== 'string' || !HOST.test(source.host)) {
        fail(this, { rule: RuleCode.STANDBY_INVALID, property: 'source.host', problem: 'not a host name or IP address.', value: show(source.host), fix: 'e.g. "pg-main.databases.svc.cluster.local".' });
      }
      checkPort(this, 'source.port', source.port, 'usually 5432.');
      if (source.primarySlotName !== undefined && !/^[a-z0-9_]{1,63}$/.test(source.primarySlotName)) {
        fail(this, { rule: RuleCode.STANDBY_INVALID, property: 'source.primarySlotName', problem: 'not a replication slot name.', value: show(source.primarySlotName), allowed: 'lower-case letters, digits and "_", at most 63', fix: 'rename the slot.' });
      }
      feature = {
        kind: DataSourceKind.STREAMING_STANDBY,
        host: source.host,
        port: source.port,
        primarySlotName: source.primarySlotName,
        sourceClusterName: source.cluster?.name,
        sourceNamespace: source.cluster?.clusterNamespace,
      };
      this.streamingSource = source;
    }
    // The identity stays bound after promotion, so that promoting does not prune the pods' ServiceAccount.
    if (source.archive) bindIdentity(this, this, source.archive.credentials);
    // The promoted stage no longer reads the archive, so its credentials need not match the operator's IRSA role.
    if (source.archive && !this.promoted) requireOperatorIrsaRole(this, this, 'source.credentials', source.archive.credentials);
    if (this.promoted) {
      // The promoted stage renders no standby section and no STANDBY_* environment (ZALANDO-FACTS §g.4).
      const promoted = { kind: DataSourceKind.PROMOTED_STANDBY, sourceClusterName: feature.sourceClusterName, archive: feature.archive };
      this.features.registerDataSource(this, promoted);
      return;
    }
    this.features.registerDataSource(this, feature);
    if (source.archive) {
      const env = archiveEnvironment(source.archive, ArchiveUse.STANDBY);
      for (const e of env.env) this.addEnv(this, e);
      for (const v of env.volumes) this.addVolume(this, v);
    }
  }

  /**
   * Secrets to copy from the source before creating a streaming standby (none for an archive standby): the
   * source's superuser and replication user Secrets, named as the operators name them (`secret_name_template`,
   * `super_username`, `replication_username`).
   */
  public get requiredSecrets(): RequiredSecret[] {
    const source = this.streamingSource;
    if (!source) return [];
    return standbySecretPairs(this.endpoints, source.cluster?.endpoints).map(({ sourceSecret, targetSecret }) => ({ sourceSecret, targetSecret }));
  }

  private checkVersion(sourceMajor: number, what: string) {
    if (sourceMajor !== this.version.major) {
      fail(this, {
        rule: RuleCode.STANDBY_INVALID,
        property: 'version',
        problem: `a standby must run the same PostgreSQL major version as its source ${what}.`,
        value: `source ${sourceMajor}, standby ${this.version.major}`,
        fix: `set version: PostgresVersion.V${sourceMajor}.`,
      });
    }
  }
}
