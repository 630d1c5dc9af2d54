/**
 * The single source of the names, labels and ports the operator, Spilo and this library derive from a
 * cluster, and of the name budget: which derived names exist given the features in use, and so how long the
 * cluster name may be.
 */

/** Spilo pod label keys and values the operator sets (cluster_labels, cluster_name_label, pod_role_label). */
export const SpiloLabels = {
  APPLICATION: 'application',
  PRIMARY: 'master',
  REPLICA: 'replica',
  POOLER_APPLICATION: 'db-connection-pooler',
  CONNECTION_POOLER: 'connection-pooler',
  LOGICAL_BACKUP_APPLICATION: 'spilo-logical-backup',
};

/** The operator's default `logical_backup_job_prefix`. */
export const LOGICAL_BACKUP_JOB_PREFIX = 'logical-backup-';
/** The longest CronJob name the operator renders (pkg/cluster/util.go `trimCronjobName`: 52, the CronJob limit). */
export const CRONJOB_NAME_MAX_LENGTH = 52;

/**
 * The name of the logical backup CronJob the operator creates for a cluster: `<logical_backup_job_prefix><cluster>`
 * cut to 52 characters, with trailing `-` removed (k8sres.go `getLogicalBackupJobName` → util.go
 * `trimCronjobName`, operator v2.0.1). With the default prefix, cluster names over 37 characters are cut. Its Jobs
 * are named `<cronjob>-<scheduled time in minutes>` by the CronJob controller.
 */
export function logicalBackupJobName(cluster: string, jobPrefix: string = LOGICAL_BACKUP_JOB_PREFIX): string {
  const name = `${jobPrefix}${cluster}`;
  return name.length > CRONJOB_NAME_MAX_LENGTH ? name.slice(0, CRONJOB_NAME_MAX_LENGTH).replace(/-+$/, '') : name;
}

/** PostgreSQL port of Spilo and the pooler. */
export const POSTGRES_PORT = 5432;
/** Patroni REST API port. */
export const PATRONI_PORT = 8008;
/** bg_mon / operator port of the Spilo container. */
export const SPILO_HTTP_PORT = 8080;
/** Superuser the operator creates. */
export const SUPERUSER = 'postgres';
/** Replication user the operator creates. */
export const REPLICATION_USER = 'standby';
/** Default pooler user. */
export const POOLER_USER = 'pooler';
/** Roles the operator refuses to manage (`protected_role_names` default). */
export const PROTECTED_ROLES = ['admin', 'cron_admin'];

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

/** What decides which derived names exist. */
export interface NameBudgetFacts {
  readonly primaryPooler: boolean;
  readonly replicaPooler: boolean;
  readonly metricsService: boolean;
}

/** A name derived from the cluster name and the limit it must fit. */
export interface DerivedName {
  /** The name, with `<c>` for the cluster name. */
  readonly template: string;
  /** How many characters it adds to the cluster name. */
  readonly extra: number;
  /** Its length limit. */
  readonly limit: number;
  /** What it is and who derives it. */
  readonly what: string;
  /** When it exists. */
  readonly when: (facts: NameBudgetFacts) => boolean;
  /** Short description of `when`, for messages. */
  readonly whenText: string;
}

/**
 * Every name derived from the cluster name that must fit a limit, with the condition under which it exists.
 * Names that are DNS subdomains (≤ 253: Secrets, PVCs, PDBs, ConfigMaps) cannot overflow with a valid cluster
 * name and are not listed. The logical backup CronJob name is cut to 52 characters by the operator itself
 * (see `logicalBackupJobName`): it never overflows, but whatever matches on it must use the cut form.
 */
export const DERIVED_NAMES: DerivedName[] = [
  {
    template: '<c>-<revision hash>',
    extra: 11,
    limit: 63,
    what: 'the StatefulSet\'s pods carry the label controller-revision-hash=<statefulset>-<10-character hash>, '
      + 'so a longer StatefulSet name leaves the pods uncreatable (kubernetes/kubernetes#64023)',
    when: () => true,
    whenText: 'always',
  },
  {
    template: '<c>-repl',
    extra: 5,
    limit: 63,
    what: 'the operator\'s replica Service (a DNS-1035 label)',
    when: () => true,
    whenText: 'always',
  },
  {
    template: '<c>-pooler-u',
    extra: 9,
    limit: 63,
    what: 'the volume of the primary pooler\'s auth Secret (connection_pooler.go:396-405; a DNS-1123 label)',
    when: (f) => f.primaryPooler,
    whenText: 'with a primary pooler',
  },
  {
    template: '<c>-pooler-repl-u',
    extra: 14,
    limit: 63,
    what: 'the volume of the replica pooler\'s auth Secret (connection_pooler.go:396-405; a DNS-1123 label)',
    when: (f) => f.replicaPooler,
    whenText: 'with a replica pooler',
  },
  {
    template: '<c>-metrics',
    extra: 8,
    limit: 63,
    what: 'the MonitoringStack\'s headless metrics Service (a DNS-1035 label)',
    when: (f) => f.metricsService,
    whenText: 'with MonitorKind.SERVICE_MONITOR',
  },
];

/** The binding entry of the name budget for these facts: the longest cluster name allowed and why. */
export function nameBudget(facts: NameBudgetFacts): { maxLength: number; binding: DerivedName } {
  let binding = DERIVED_NAMES[0];
  for (const d of DERIVED_NAMES) {
    if (d.when(facts) && d.limit - d.extra < binding.limit - binding.extra) binding = d;
  }
  return { maxLength: binding.limit - binding.extra, binding };
}

/** The longest cluster name without any optional feature. */
export const MAX_CLUSTER_NAME_LENGTH = nameBudget({ primaryPooler: false, replicaPooler: false, metricsService: false }).maxLength;
