/**
 * The `clone` and `standby` sections rendered from a cluster's one data source, and the environment
 * variables the operator derives from them itself (k8sres.go generateCloneEnvironment /
 * generateStandbyEnvironment; ZALANDO-FACTS §b.5, §b.6). The operator appends those after `spec.env`
 * without de-duplication, so none of them may also be in `spec.env`.
 */
import { DataSourceFeature, DataSourceKind } from './features';
import { POSTGRES_PORT } from './naming';
import { BackupStorageKind } from '../backup/storage';

/** The CRD's `clone` section, or undefined. */
export function renderClone(source: DataSourceFeature | undefined): Record<string, any> | undefined {
  if (!source) return undefined;
  if (source.kind === DataSourceKind.BASEBACKUP_CLONE) return { cluster: source.sourceClusterName };
  if (source.kind !== DataSourceKind.ARCHIVE_CLONE) return undefined;
  const archive = source.archive!;
  const clone: Record<string, any> = { cluster: archive.clusterName, timestamp: source.targetTime };
  // No s3_endpoint / s3_force_path_style: the operator copies s3_endpoint raw into both CLONE_AWS_ENDPOINT and
  // CLONE_WALE_S3_ENDPOINT (k8sres.go:2198), but Spilo reads the addressing style from the scheme of
  // CLONE_WALE_S3_ENDPOINT (`https+path://`, `https+virtualhost://`), which CLONE_AWS_ENDPOINT must not have.
  // The CLONE_ environment of src/backup/environment.ts carries all three instead.
  if (archive.storage.kind === BackupStorageKind.S3) clone.s3_wal_path = archive.walPath;
  return clone;
}

/** The CRD's `standby` section, or undefined. */
export function renderStandby(source: DataSourceFeature | undefined): Record<string, any> | undefined {
  if (!source) return undefined;
  if (source.kind === DataSourceKind.STREAMING_STANDBY) {
    return {
      standby_host: source.host,
      standby_port: `${source.port ?? POSTGRES_PORT}`, // a string in the CRD
      standby_primary_slot_name: source.primarySlotName,
    };
  }
  if (source.kind === DataSourceKind.ARCHIVE_STANDBY) {
    const archive = source.archive!;
    return { [archive.storage.kind === BackupStorageKind.S3 ? 's3_wal_path' : 'gs_wal_path']: archive.walPath };
  }
  return undefined;
}

/** Names of the variables the operator itself adds for these sections (without the IRSA and global-bucket ones). */
export function operatorDataSourceEnv(clone: Record<string, any> | undefined, standby: Record<string, any> | undefined): string[] {
  const names: string[] = [];
  if (clone) {
    names.push('CLONE_SCOPE');
    if (!clone.timestamp) {
      names.push('CLONE_METHOD', 'CLONE_HOST', 'CLONE_PORT', 'CLONE_USER', 'CLONE_PASSWORD');
    } else {
      names.push('CLONE_METHOD', 'CLONE_TARGET_TIME', 'CLONE_WAL_BUCKET_SCOPE_PREFIX');
      if (clone.s3_wal_path) names.push('CLONE_WALE_S3_PREFIX');
    }
  }
  if (standby) {
    if (standby.standby_host) names.push('STANDBY_HOST', 'STANDBY_PORT', 'STANDBY_PRIMARY_SLOT_NAME');
    if (standby.s3_wal_path) names.push('STANDBY_WALE_S3_PREFIX');
    if (standby.gs_wal_path) names.push('STANDBY_WALE_GS_PREFIX');
    if (standby.s3_wal_path || standby.gs_wal_path) names.push('STANDBY_METHOD', 'STANDBY_WAL_BUCKET_SCOPE_PREFIX');
  }
  return names;
}
