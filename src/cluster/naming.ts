/** Spilo pod label keys and values the operator sets (cluster_labels, cluster_name_label, pod_role_label). */
export const SpiloLabels = {
  APPLICATION: 'application',
  SPILO: 'spilo',
  CLUSTER_NAME: 'cluster-name',
  ROLE: 'spilo-role',
  PRIMARY: 'master',
  REPLICA: 'replica',
  POOLER_APPLICATION: 'db-connection-pooler',
  CONNECTION_POOLER: 'connection-pooler',
};

/** The Secret the operator creates for a user: `{username}.{cluster}.credentials.postgresql.acid.zalan.do`, `_` → `-`. */
export function credentialsSecretName(user: string, cluster: string): string {
  return `${user.replace(/_/g, '-')}.${cluster}.credentials.postgresql.acid.zalan.do`;
}

/** PostgreSQL port of Spilo and the pooler. */
export const POSTGRES_PORT = 5432;
/** Patroni REST API port. */
export const PATRONI_PORT = 8008;
/** Superuser the operator creates. */
export const SUPERUSER = 'postgres';
/** Replication user the operator creates. */
export const REPLICATION_USER = 'standby';
/** Default pooler user. */
export const POOLER_USER = 'pooler';

/** Port of the postgres_exporter sidecar. */
export const POSTGRES_EXPORTER_PORT = 9187;
/** Port of the pgbouncer_exporter Deployments. */
export const PGBOUNCER_EXPORTER_PORT = 9127;
/** Port of the optional wal-g exporter sidecar. */
export const WALG_EXPORTER_PORT = 9351;

/**
 * Pod labels of the pgbouncer exporters. Not `cluster-name`, so that the cluster's default-deny
 * NetworkPolicy does not select them.
 */
export const PoolerExporterLabels = {
  NAME: 'app.kubernetes.io/name',
  NAME_VALUE: 'pgbouncer-exporter',
  CLUSTER: 'postgres.cdk8s.io/cluster',
  POOLER: 'postgres.cdk8s.io/pooler',
};
