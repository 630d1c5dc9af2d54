import { Construct } from 'constructs';
import { archiveEnvironment, ArchiveUse } from '../backup/environment';
import { BackupLocation } from '../backup/location';
import { BackupStorageKind } from '../backup/storage';
import { bindIdentity, checkCredentials } from '../backup/walg-backup';
import { Cluster, ClusterProps, ConnectionTarget } from '../cluster/cluster';
import { credentialsSecretName, POSTGRES_PORT, REPLICATION_USER, SUPERUSER } from '../cluster/naming';
import { fail, show } from '../validation/errors';

/** Where a standby cluster gets its WAL from. */
export class StandbySource {
  /** Stream from a cluster of this app (its primary Service). */
  public static fromCluster(primary: Cluster, primarySlotName?: string): StandbySource {
    return new StandbySource(primary.host(ConnectionTarget.PRIMARY), POSTGRES_PORT, primarySlotName, undefined, primary);
  }

  /** Stream from a host, e.g. a primary in another Kubernetes cluster behind a load balancer. */
  public static fromHost(host: string, port: number = POSTGRES_PORT, primarySlotName?: string): StandbySource {
    return new StandbySource(host, port, primarySlotName);
  }

  /** Replay a WAL-G archive (S3 or GCS; the CRD has no Azure source). */
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
    public readonly cluster?: Cluster,
  ) {}
}

/** Properties of a {@link StandbyCluster}. */
export interface StandbyClusterProps extends ClusterProps {
  /** Where the standby gets its WAL from. */
  readonly source: StandbySource;
  /**
   * Stage 2 of a disaster recovery: render the same cluster without `standby`, which makes the operator
   * promote it to a read-write primary. Everything else (including the STANDBY_* environment) stays, so
   * the pods are not restarted.
   * @default false
   */
  readonly promote?: boolean;
}

/** A Secret the standby needs from its source, copied before the standby is created. */
export interface RequiredSecret {
  /** Secret of the source cluster. */
  readonly from: string;
  /** Name the standby cluster expects. */
  readonly to: string;
}

/**
 * A read-only copy of another cluster (a warm standby in another region or Kubernetes cluster) that
 * follows it by streaming or by replaying its WAL-G archive, and that is promoted by rendering it with
 * `promote: true`.
 *
 * A streaming standby authenticates as the source's `standby` user, and its `postgres` user must keep the
 * source's password: copy the Secrets listed in {@link requiredSecrets} into the standby's namespace
 * before creating it (the operator does not reset them, PR #3044).
 */
export class StandbyCluster extends Cluster {
  /** Whether this rendering is the promoted stage. */
  public readonly promoted: boolean;
  /** Secrets to copy from the source before creating a streaming standby. */
  public readonly requiredSecrets: RequiredSecret[];

  constructor(scope: Construct, id: string, props: StandbyClusterProps) {
    super(scope, id, props);
    const { source } = props;
    this.promoted = props.promote ?? false;
    const section: Record<string, any> = {};

    if (source.archive) {
      const archive = source.archive;
      if (archive.storage.kind === BackupStorageKind.AZURE) {
        fail(this, {
          property: 'source',
          problem: 'the operator cannot follow an Azure archive: the CRD\'s standby section only has s3_wal_path and gs_wal_path (zalando/postgres-operator#1916).',
          value: archive.walPath,
          allowed: 'an S3 or GCS archive, or a streaming source',
          fix: 'use StandbySource.fromHost(...) to stream from the primary, or Restore.fromBackup(...) for a point-in-time copy.',
        });
      }
      this.checkVersion(archive.version.major, 'archive');
      checkCredentials(this, archive.storage, archive.credentials);
      section[archive.storage.kind === BackupStorageKind.S3 ? 's3_wal_path' : 'gs_wal_path'] = archive.walPath;
      const env = archiveEnvironment(archive, ArchiveUse.STANDBY);
      for (const e of env.env) this.addEnv(this, e);
      for (const v of env.volumes) this.addVolume(this, v);
      bindIdentity(this, this, archive.credentials);
      this.requiredSecrets = [];
    } else {
      if (source.cluster) this.checkVersion(source.cluster.version.major, 'cluster');
      if (!source.host || !/^[a-zA-Z0-9]([-.a-zA-Z0-9]*[a-zA-Z0-9])?$/.test(source.host)) {
        fail(this, { property: 'source.host', problem: 'not a host name or IP address.', value: show(source.host), fix: 'e.g. "pg-main.databases.svc.cluster.local".' });
      }
      if (!Number.isInteger(source.port) || source.port! < 1 || source.port! > 65535) {
        fail(this, { property: 'source.port', problem: 'not a TCP port.', value: show(source.port), allowed: '1 to 65535', fix: 'usually 5432.' });
      }
      if (source.primarySlotName !== undefined && !/^[a-z0-9_]{1,63}$/.test(source.primarySlotName)) {
        fail(this, { property: 'source.primarySlotName', problem: 'not a replication slot name.', value: show(source.primarySlotName), allowed: 'lower-case letters, digits and "_"', fix: 'rename the slot.' });
      }
      section.standby_host = source.host;
      section.standby_port = `${source.port}`; // a string in the CRD
      if (source.primarySlotName) section.standby_primary_slot_name = source.primarySlotName;
      const sourceName = source.cluster?.name;
      this.requiredSecrets = [SUPERUSER, REPLICATION_USER].map((user) => ({
        from: sourceName ? credentialsSecretName(user, sourceName) : `${user}.<source cluster>.credentials.postgresql.acid.zalan.do`,
        to: credentialsSecretName(user, this.name),
      }));
    }
    if (!this.promoted) this.setSpecField(this, 'standby', section);
  }

  private checkVersion(sourceMajor: number, what: string) {
    if (sourceMajor !== this.version.major) {
      fail(this, {
        property: 'version',
        problem: `a standby must run the same PostgreSQL major version as its source ${what}.`,
        value: `source ${sourceMajor}, standby ${this.version.major}`,
        fix: `set version: PostgresVersion.V${sourceMajor}.`,
      });
    }
  }
}
