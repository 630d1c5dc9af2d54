import { BackupCredentials } from './credentials';
import { BackupEncryption } from './encryption';
import { BackupStorage } from './storage';
import { PostgresVersion } from '../cluster/version';

/** A WAL-G archive of one cluster that lives outside this app (e.g. after the source cluster is gone). */
export interface BackupLocationProps {
  /** Store of the archive. */
  readonly storage: BackupStorage;
  /** Credentials the reading cluster uses. */
  readonly credentials: BackupCredentials;
  /** Name of the cluster that wrote the archive (its Patroni scope). */
  readonly clusterName: string;
  /**
   * PostgreSQL major version of the archive (the `wal/<major>` of its path). A clone may run this or a higher
   * major version (Spilo upgrades the restored data directory: the operator's "upgrade on cloning"); a standby
   * must run the same one.
   */
  readonly version: PostgresVersion;
  /**
   * Scope suffix the archive was written with (WalgBackup's `scopeSuffix`).
   * @default - none
   */
  readonly scopeSuffix?: string;
  /**
   * Client-side encryption of the archive.
   * @default - none
   */
  readonly encryption?: BackupEncryption;
}

/** Where a cluster's base backups and WAL are, and how to read them. */
export class BackupLocation {
  /** An archive described by hand. */
  public static of(props: BackupLocationProps): BackupLocation {
    return new BackupLocation(props);
  }

  /** Store of the archive. */
  public readonly storage: BackupStorage;
  /** Credentials to read it. */
  public readonly credentials: BackupCredentials;
  /** Name of the cluster that wrote it. */
  public readonly clusterName: string;
  /** PostgreSQL major version of the archive. */
  public readonly version: PostgresVersion;
  /** Client-side encryption of the archive. */
  public readonly encryption?: BackupEncryption;
  /** Scope suffix the archive was written with ("" for none). */
  public readonly scopeSuffix: string;
  /** The WAL-G prefix: `<scheme>://<bucket>[/<prefix>]/spilo/<cluster><suffix>/wal/<major>`. */
  public readonly walPath: string;

  protected constructor(props: BackupLocationProps) {
    this.storage = props.storage;
    this.credentials = props.credentials;
    this.clusterName = props.clusterName;
    this.version = props.version;
    this.encryption = props.encryption;
    this.scopeSuffix = props.scopeSuffix ?? '';
    this.walPath = props.storage.walPath(props.clusterName, props.version.major, this.scopeSuffix);
  }
}
