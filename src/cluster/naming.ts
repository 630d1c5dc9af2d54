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
