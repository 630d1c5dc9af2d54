import { Construct } from 'constructs';
import { archiveEnvironment, ArchiveUse } from './environment';
import { bindIdentity } from './identity';
import { requireOperatorIrsaRole } from './irsa';
import { BackupLocation } from './location';
import { checkLocation } from './store-validation';
import { ICluster } from '../cluster/cluster-ref';
import { DataSourceKind } from '../cluster/features';
import { fail, show } from '../validation/errors';
import { Patterns } from '../validation/patterns';
import { RuleCode } from '../validation/rule-code';

/** A moment to restore to, rendered as RFC 3339 with a numeric UTC offset (the CRD rejects `Z`). */
export class PointInTime {
  /** From a Date (rendered in UTC, `+00:00`). An invalid Date is reported by the cluster that uses it. */
  public static of(date: Date): PointInTime {
    const time = date instanceof Date ? date.getTime() : NaN;
    if (!Number.isFinite(time)) return new PointInTime(`${date}`);
    const iso = new Date(time).toISOString(); // 2026-04-11T14:30:00.000Z
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

  /** True when the timestamp matches the CRD's pattern and is a real moment. */
  public get isValid(): boolean {
    return typeof this.timestamp === 'string' && Patterns.TIMESTAMP.test(this.timestamp) && Number.isFinite(Date.parse(this.timestamp));
  }
}

/**
 * How a new cluster gets its data: from a WAL-G archive at a point in time (PITR clone, also across
 * Kubernetes clusters, and into a higher PostgreSQL major version to rehearse an upgrade), or as a live
 * basebackup of a running cluster in the same namespace. A cluster has one data source: a restore and a
 * standby source together are a validation error.
 */
export class Restore {
  /**
   * Restore an archive up to a point in time. The archive must hold a base backup older than the target
   * time and WAL up to it (a target after the last archived WAL fails with "recovery ended before
   * configured recovery target was reached"). Changing the target after the cluster exists has no effect.
   * The cluster may run a higher major version than the archive: Spilo upgrades the restored data directory
   * during bootstrap (the operator's "upgrade on cloning"); a lower one is rejected.
   */
  public static fromBackup(source: BackupLocation, targetTime: PointInTime): Restore {
    return new Restore(source, undefined, targetTime);
  }

  /** A live basebackup (pg_basebackup as `standby`) of a running cluster in the same namespace. */
  public static fromCluster(source: ICluster): Restore {
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
    private readonly sourceCluster?: ICluster,
  ) {}

  /** @internal Registers the data source and the CLONE_* environment on `cluster`. */
  public _bind(cluster: ICluster, scope: Construct): void {
    const { source, targetTime } = this;
    if (!source) {
      const name = this.sourceClusterName;
      if (typeof name !== 'string' || !Patterns.DNS_1035.test(name) || name.length > 63) {
        fail(scope, { rule: RuleCode.RESTORE_INVALID, property: 'restore', problem: 'a basebackup clone needs the DNS-1035 name of the source cluster.', value: show(name), fix: 'use the source cluster\'s name.' });
      }
      const other = this.sourceCluster?.clusterNamespace;
      if (this.sourceCluster && other !== cluster.clusterNamespace) {
        fail(scope, {
          rule: RuleCode.RESTORE_INVALID,
          property: 'restore',
          problem: 'a basebackup clone only works within one namespace (the operator connects to the source Service by its short name).',
          value: `source in ${other ?? '(default)'}, clone in ${cluster.clusterNamespace ?? '(default)'}`,
          fix: 'clone from the source\'s WAL-G archive instead: Restore.fromBackup(backup.location, PointInTime.of(...)).',
        });
      }
      if (this.sourceCluster && this.sourceCluster.version.major !== cluster.version.major) {
        fail(scope, {
          rule: RuleCode.RESTORE_INVALID,
          property: 'restore',
          problem: 'a basebackup clone copies the data directory as it is, so it must run the source\'s major version.',
          value: `source ${this.sourceCluster.version.major}, clone ${cluster.version.major}`,
          fix: `set version: PostgresVersion.V${this.sourceCluster.version.major}, or clone from the archive to upgrade.`,
        });
      }
      cluster.features.registerDataSource(scope, {
        kind: DataSourceKind.BASEBACKUP_CLONE,
        sourceClusterName: name,
        sourceNamespace: cluster.clusterNamespace,
      });
      return;
    }
    if (!(targetTime instanceof PointInTime) || !targetTime.isValid) {
      fail(scope, {
        rule: RuleCode.RESTORE_INVALID,
        property: 'restore.targetTime',
        problem: 'not a timestamp the CRD accepts: RFC 3339 with a numeric UTC offset.',
        value: show(targetTime?.timestamp),
        allowed: 'e.g. "2026-04-11T14:30:00+00:00" ("Z" is rejected)',
        fix: 'use PointInTime.of(new Date(...)) or write the offset as +00:00.',
      });
    }
    if (Date.parse(targetTime.timestamp) > Date.now()) {
      fail(scope, {
        rule: RuleCode.RESTORE_INVALID,
        property: 'restore.targetTime',
        problem: 'the target time is in the future: no archived WAL reaches it, so the restore fails with "recovery ended before configured recovery target was reached".',
        value: show(targetTime.timestamp),
        fix: 'restore to a time that has passed (and that the archive covers).',
      });
    }
    checkLocation(scope, 'restore.source.', source);
    requireOperatorIrsaRole(scope, cluster, 'restore.source.credentials', source.credentials);
    if (source.version.major > cluster.version.major) {
      fail(scope, {
        rule: RuleCode.RESTORE_INVALID,
        property: 'restore.source',
        problem: 'the archive was written by a newer PostgreSQL major version than the cluster runs; PostgreSQL cannot downgrade a data directory.',
        value: `archive ${source.version.major}, cluster ${cluster.version.major}`,
        fix: `set the cluster's version to PostgresVersion.V${source.version.major} or higher (a higher version upgrades during the restore).`,
      });
    }
    cluster.features.registerDataSource(scope, {
      kind: DataSourceKind.ARCHIVE_CLONE,
      sourceClusterName: source.clusterName,
      archive: source,
      targetTime: targetTime.timestamp,
    });
    const env = archiveEnvironment(source, ArchiveUse.CLONE);
    for (const e of env.env) cluster.addEnv(scope, e);
    for (const v of env.volumes) cluster.addVolume(scope, v);
    bindIdentity(scope, cluster, source.credentials);
  }
}
