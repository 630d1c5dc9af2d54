/**
 * A model of what the operator adds to the Spilo container's environment from the `clone` and `standby`
 * sections (pkg/cluster/k8sres.go generateCloneEnvironment / generateStandbyEnvironment, as summarised in
 * ../shared/ZALANDO-FACTS.md §b.5 and §b.6), assuming an operator configuration without global WAL buckets
 * and without `irsa_role_arn`. The operator appends these after `spec.env` without de-duplication.
 */
export function operatorCloneEnv(spec: any): Array<{ name: string; value?: string }> {
  const clone = spec.clone;
  if (!clone) return [];
  const env: Array<{ name: string; value?: string }> = [{ name: 'CLONE_SCOPE', value: clone.cluster }];
  if (!clone.timestamp) {
    env.push(
      { name: 'CLONE_METHOD', value: 'CLONE_WITH_BASEBACKUP' },
      { name: 'CLONE_HOST', value: clone.cluster },
      { name: 'CLONE_PORT', value: '5432' },
      { name: 'CLONE_USER', value: 'standby' },
      { name: 'CLONE_PASSWORD' },
    );
    return env;
  }
  env.push(
    { name: 'CLONE_METHOD', value: 'CLONE_WITH_WALE' },
    { name: 'CLONE_TARGET_TIME', value: clone.timestamp },
    { name: 'CLONE_WAL_BUCKET_SCOPE_PREFIX', value: '' },
  );
  if (clone.s3_wal_path) env.push({ name: 'CLONE_WALE_S3_PREFIX', value: clone.s3_wal_path });
  if (clone.s3_endpoint) env.push({ name: 'CLONE_AWS_ENDPOINT', value: clone.s3_endpoint }, { name: 'CLONE_WALE_S3_ENDPOINT', value: clone.s3_endpoint });
  if (clone.s3_access_key_id) env.push({ name: 'CLONE_AWS_ACCESS_KEY_ID', value: clone.s3_access_key_id });
  if (clone.s3_secret_access_key) env.push({ name: 'CLONE_AWS_SECRET_ACCESS_KEY', value: clone.s3_secret_access_key });
  if (clone.s3_force_path_style !== undefined) env.push({ name: 'CLONE_AWS_S3_FORCE_PATH_STYLE', value: clone.s3_force_path_style ? '1' : '0' });
  return env;
}

export function operatorStandbyEnv(spec: any): Array<{ name: string; value?: string }> {
  const standby = spec.standby;
  if (!standby) return [];
  const env: Array<{ name: string; value?: string }> = [];
  if (standby.standby_host) {
    env.push({ name: 'STANDBY_HOST', value: standby.standby_host });
    if (standby.standby_port) env.push({ name: 'STANDBY_PORT', value: standby.standby_port });
    if (standby.standby_primary_slot_name) env.push({ name: 'STANDBY_PRIMARY_SLOT_NAME', value: standby.standby_primary_slot_name });
  }
  if (standby.s3_wal_path) {
    env.push({ name: 'STANDBY_WALE_S3_PREFIX', value: standby.s3_wal_path });
  } else if (standby.gs_wal_path) {
    env.push({ name: 'STANDBY_WALE_GS_PREFIX', value: standby.gs_wal_path });
  }
  if (standby.s3_wal_path || standby.gs_wal_path) {
    env.push({ name: 'STANDBY_METHOD', value: 'STANDBY_WITH_WALE' }, { name: 'STANDBY_WAL_BUCKET_SCOPE_PREFIX', value: '' });
  }
  return env;
}

/** The container environment the operator builds: spec.env, then clone env, then standby env. */
export function containerEnv(spec: any): Array<{ name: string; value?: string; valueFrom?: any }> {
  return [...(spec.env ?? []), ...operatorCloneEnv(spec), ...operatorStandbyEnv(spec)];
}

/** Names that occur more than once (case-insensitively, as the operator compares them). */
export function duplicateNames(env: Array<{ name: string }>): string[] {
  const seen = new Map<string, number>();
  for (const e of env) seen.set(e.name.toUpperCase(), (seen.get(e.name.toUpperCase()) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
}

/** Renders env entries compactly: `NAME=value` or `NAME<-secret/key`. */
export function compact(env: Array<{ name: string; value?: string; valueFrom?: any }>): string[] {
  return env.map((e) => e.valueFrom?.secretKeyRef
    ? `${e.name}<-${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`
    : `${e.name}=${e.value ?? ''}`);
}
