import { Construct } from 'constructs';
import { archiveEnvironment, ArchiveUse } from './environment';
import { BackupLocation } from './location';
import { BackupStorageKind } from './storage';
import { bindIdentity, checkCredentials } from './walg-backup';
import type { Cluster } from '../cluster/cluster';
import { fail, show } from '../validation/errors';
import { Patterns } from '../validation/patterns';

/** A moment to restore to, rendered as RFC 3339 with a numeric UTC offset (the CRD rejects `Z`). */
export class PointInTime {
  /** From a Date (rendered in UTC, `+00:00`). */
  public static of(date: Date): PointInTime {
    const iso = date.toISOString(); // 2026-04-11T14:30:00.000Z
    const withoutMillis = iso.endsWith('.000Z') ? iso.replace('.000Z', 'Z') : iso;
    return new PointInTime(withoutMillis.replace(/Z$/, '+00:00'));
  }

  /**
   * From text with a numeric offset, e.g. `2026-04-11T14:30:00+00:00`. Invalid text is reported by the
   * cluster that uses it.
   */
  public static parse(timestamp: string): PointInTime {
    return new PointInTime(timestamp);
  }

  private constructor(
    /** The timestamp as the CRD wants it. */
    public readonly timestamp: string,
  ) {}

  /** True when the timestamp matches the CRD's pattern. */
  public get isValid(): boolean {
    return Patterns.TIMESTAMP.test(this.timestamp);
  }
}

/**
 * How a new cluster gets its data: from another cluster's WAL-G archive at a point in time (PITR clone,
 * also across Kubernetes clusters), or as a live basebackup of a running cluster in the same namespace.
 */
export class Restore {
  /**
   * Restore an archive up to a point in time. The archive must hold a base backup older than the target
   * time and WAL up to it (a target after the last archived WAL fails with "recovery ended before
   * configured recovery target was reached"). Changing the target after the cluster exists has no effect.
   */
  public static fromBackup(source: BackupLocation, targetTime: PointInTime): Restore {
    return new Restore(source, undefined, targetTime);
  }

  /** A live basebackup (pg_basebackup as `standby`) of a running cluster in the same namespace. */
  public static fromCluster(source: Cluster): Restore {
    return new Restore(undefined, source.name, undefined, source);
  }

  /** A live basebackup of a running cluster in the same namespace, by name. */
  public static fromClusterName(name: string): Restore {
    return new Restore(undefined, name);
  }

  private constructor(
    /** The archive to restore from. */
    public readonly source?: BackupLocation,
    /** The cluster to clone with a basebackup. */
    public readonly sourceClusterName?: string,
    /** The point in time to restore to. */
    public readonly targetTime?: PointInTime,
    private readonly sourceCluster?: Cluster,
  ) {}

  /** @internal Renders the `clone` section and the CLONE_* environment into `cluster`. */
  public _bind(cluster: Cluster, scope: Construct): void {
    const { source, targetTime } = this;
    if (!source) {
      const name = this.sourceClusterName!;
      if (!Patterns.DNS_1035.test(name) || name.length > 63) {
        fail(scope, { property: 'restore', problem: 'a basebackup clone needs the DNS-1035 name of the source cluster.', value: show(name), fix: 'use the source cluster\'s name.' });
      }
      const other = this.sourceCluster?.namespace;
      if (this.sourceCluster && other !== cluster.namespace) {
        fail(scope, {
          property: 'restore',
          problem: 'a basebackup clone only works within one namespace (the operator connects to the source Service by its short name).',
          value: `source in ${other ?? '(default)'}, clone in ${cluster.namespace ?? '(default)'}`,
          fix: 'clone from the source\'s WAL-G archive instead: Restore.fromBackup(backup.location, PointInTime.of(...)).',
        });
      }
      cluster.setSpecField(scope, 'clone', { cluster: name });
      return;
    }
    if (!targetTime!.isValid) {
      fail(scope, {
        property: 'restore.targetTime',
        problem: 'not a timestamp the CRD accepts: RFC 3339 with a numeric UTC offset.',
        value: show(targetTime!.timestamp),
        allowed: 'e.g. "2026-04-11T14:30:00+00:00" ("Z" is rejected)',
        fix: 'use PointInTime.of(new Date(...)) or write the offset as +00:00.',
      });
    }
    if (source.version.major !== cluster.version.major) {
      fail(scope, {
        property: 'restore.source',
        problem: 'a physical backup can only be restored by the same PostgreSQL major version.',
        value: `archive ${source.version.major}, cluster ${cluster.version.major}`,
        fix: `set the cluster's version to PostgresVersion.V${source.version.major}, restore, then upgrade.`,
      });
    }
    checkCredentials(scope, source.storage, source.credentials);
    const clone: Record<string, any> = { cluster: source.clusterName, timestamp: targetTime!.timestamp };
    if (source.storage.kind === BackupStorageKind.S3) {
      const s3 = source.storage.s3Options!;
      clone.s3_wal_path = source.walPath;
      if (s3.endpoint) {
        clone.s3_endpoint = s3.endpoint;
        clone.s3_force_path_style = s3.forcePathStyle ?? true;
      } else if (s3.forcePathStyle) {
        clone.s3_force_path_style = true;
      }
    }
    cluster.setSpecField(scope, 'clone', clone);
    const env = archiveEnvironment(source, ArchiveUse.CLONE);
    for (const e of env.env) cluster.addEnv(scope, e);
    for (const v of env.volumes) cluster.addVolume(scope, v);
    bindIdentity(scope, cluster, source.credentials);
  }
}
