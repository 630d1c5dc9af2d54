import { ConnectionTarget } from './cluster-ref';
import { credentialsSecretName, POSTGRES_PORT, SpiloLabels } from './naming';

/**
 * Where a cluster can be reached and what selects its pods: Service names, DNS names, connection URIs
 * without passwords, Secret names and pod selectors. Everything here is derived from the cluster name and
 * namespace, exactly as the operator derives it.
 */
export class ClusterEndpoints {
  /**
   * @param clusterName name of the cluster
   * @param clusterNamespace namespace of the cluster, when known
   */
  constructor(
    /** Name of the cluster. */
    public readonly clusterName: string,
    /** Namespace of the cluster, when known. */
    public readonly clusterNamespace?: string,
  ) {}

  /** Name of the Service of a target: `<c>`, `<c>-repl`, `<c>-pooler`, `<c>-pooler-repl`. */
  public serviceName(target: ConnectionTarget = ConnectionTarget.PRIMARY): string {
    switch (target) {
      case ConnectionTarget.REPLICA:
        return `${this.clusterName}-repl`;
      case ConnectionTarget.POOLER:
        return `${this.clusterName}-pooler`;
      case ConnectionTarget.REPLICA_POOLER:
        return `${this.clusterName}-pooler-repl`;
      default:
        return this.clusterName;
    }
  }

  /**
   * DNS name of the Service of a target: `<service>.<namespace>.svc.cluster.local`, or the bare Service name
   * when the namespace is not known.
   */
  public host(target: ConnectionTarget = ConnectionTarget.PRIMARY): string {
    const svc = this.serviceName(target);
    const ns = this.clusterNamespace;
    return ns ? `${svc}.${ns}.svc.cluster.local` : svc;
  }

  /**
   * A libpq connection URI without password, e.g.
   * `postgresql://app_user@<c>.<ns>.svc.cluster.local:5432/app?sslmode=require`. The password is in the
   * user's Secret (`secretName(user)`), key `password`.
   */
  public connectionUri(user: string, database: string, target: ConnectionTarget = ConnectionTarget.PRIMARY): string {
    return `postgresql://${encodeURIComponent(user)}@${this.host(target)}:${POSTGRES_PORT}/${encodeURIComponent(database)}?sslmode=require`;
  }

  /**
   * Name of the Secret the operator creates for a user (keys `username` and `password`):
   * `<user>.<cluster>.credentials.postgresql.acid.zalan.do`, with `_` turned into `-`. For a `namespace.user`
   * the Secret is `<user>...` in that namespace.
   */
  public secretName(user: string): string {
    const dot = user.indexOf('.');
    return credentialsSecretName(dot >= 0 ? user.slice(dot + 1) : user, this.clusterName);
  }

  /** Labels of all Spilo pods of the cluster: `application: spilo`, `cluster-name: <c>`. */
  public get podSelector(): { [key: string]: string } {
    return { [SpiloLabels.APPLICATION]: SpiloLabels.SPILO, [SpiloLabels.CLUSTER_NAME]: this.clusterName };
  }

  /** Labels of the primary pod (Patroni sets `spilo-role: master` at runtime). */
  public get primaryPodSelector(): { [key: string]: string } {
    return { ...this.podSelector, [SpiloLabels.ROLE]: SpiloLabels.PRIMARY };
  }

  /** Labels of the replica pods. */
  public get replicaPodSelector(): { [key: string]: string } {
    return { ...this.podSelector, [SpiloLabels.ROLE]: SpiloLabels.REPLICA };
  }

  /** Labels of the pods of the primary pooler (`connection-pooler: <c>-pooler`). */
  public get poolerPodSelector(): { [key: string]: string } {
    return { [SpiloLabels.CONNECTION_POOLER]: this.serviceName(ConnectionTarget.POOLER) };
  }

  /** Labels of the pods of the replica pooler (`connection-pooler: <c>-pooler-repl`). */
  public get replicaPoolerPodSelector(): { [key: string]: string } {
    return { [SpiloLabels.CONNECTION_POOLER]: this.serviceName(ConnectionTarget.REPLICA_POOLER) };
  }

  /** Labels of all pooler pods of the cluster (`application: db-connection-pooler`, `cluster-name: <c>`). */
  public get allPoolerPodsSelector(): { [key: string]: string } {
    return { [SpiloLabels.APPLICATION]: SpiloLabels.POOLER_APPLICATION, [SpiloLabels.CLUSTER_NAME]: this.clusterName };
  }

  /** Labels of the operator's logical backup pods. */
  public get logicalBackupPodSelector(): { [key: string]: string } {
    return { [SpiloLabels.APPLICATION]: SpiloLabels.LOGICAL_BACKUP_APPLICATION, [SpiloLabels.CLUSTER_NAME]: this.clusterName };
  }

  /** Selector of a target's pods. */
  public podSelectorOf(target: ConnectionTarget): { [key: string]: string } {
    switch (target) {
      case ConnectionTarget.REPLICA:
        return this.replicaPodSelector;
      case ConnectionTarget.POOLER:
        return this.poolerPodSelector;
      case ConnectionTarget.REPLICA_POOLER:
        return this.replicaPoolerPodSelector;
      default:
        return this.primaryPodSelector;
    }
  }
}
