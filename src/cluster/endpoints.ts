import { IConstruct } from 'constructs';
import { POSTGRES_PORT, SpiloLabels } from './naming';
import { OperatorSettings } from '../operator/settings';
import { fail } from '../validation/errors';
import { RuleCode } from '../validation/rule-code';

/** Which service of a cluster to address. */
export enum ConnectionTarget {
  /** The primary (`<cluster>`): reads and writes. */
  PRIMARY = 'primary',
  /** The replicas (`<cluster>-repl`): read-only. */
  REPLICA = 'replica',
  /** The pooler in front of the primary (`<cluster>-pooler`). */
  POOLER = 'pooler',
  /** The pooler in front of the replicas (`<cluster>-pooler-repl`). */
  REPLICA_POOLER = 'replica-pooler',
}

/**
 * Where a cluster can be reached and what selects its pods: Service names, DNS names, connection URIs
 * without passwords, Secret names and pod selectors, derived exactly as the operator derives them — from the
 * cluster name and namespace, and from the operator's settings (`cluster_labels`, `cluster_name_label`,
 * `pod_role_label`, `secret_name_template`, `cluster_domain`, `super_username`, `replication_username`).
 *
 * A `Cluster`'s endpoints read the settings of the operator that manages it each time they are asked. Values
 * read before that operator was declared (with settings that change them) are a validation error of the
 * cluster, never silently stale YAML: declare the operator first, or read them at synth time.
 */
export class ClusterEndpoints {
  /** @internal Where a cluster's settings come from (set by the cluster). */
  public _settingsOf?: () => OperatorSettings;
  private readonly fixedSettings?: OperatorSettings;
  /** The settings keys the values handed out were derived from, with the first member that used each. */
  private readonly handedOut = new Map<string, string>();

  /**
   * @param clusterName name of the cluster
   * @param clusterNamespace namespace of the cluster, when known
   * @param settings the operator's settings (default: the v2.0.1 chart defaults)
   */
  constructor(
    /** Name of the cluster. */
    public readonly clusterName: string,
    /** Namespace of the cluster, when known. */
    public readonly clusterNamespace?: string,
    settings?: OperatorSettings,
  ) {
    this.fixedSettings = settings;
  }

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
   * DNS name of the Service of a target: `<service>.<namespace>.svc.<cluster_domain>`, or the bare Service
   * name when the namespace is not known.
   */
  public host(target: ConnectionTarget = ConnectionTarget.PRIMARY): string {
    const svc = this.serviceName(target);
    const ns = this.clusterNamespace;
    return ns ? `${svc}.${ns}.svc.${this.settings('host').clusterDomain}` : svc;
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
   * Name of the Secret the operator creates for a user (keys `username` and `password`), from its
   * `secret_name_template` (default `<user>.<cluster>.credentials.postgresql.acid.zalan.do`, with `_` turned
   * into `-`). For a `namespace.user` the Secret is `<user>...` in that namespace.
   */
  public secretName(user: string): string {
    const dot = user.indexOf('.');
    return this.settings('secretName').secretName(dot >= 0 ? user.slice(dot + 1) : user, this.clusterName);
  }

  /** The operator's superuser (`super_username`, default `postgres`). */
  public get superUsername(): string {
    return this.settings('superUsername').superUsername;
  }

  /** The operator's replication user (`replication_username`, default `standby`). */
  public get replicationUsername(): string {
    return this.settings('replicationUsername').replicationUsername;
  }

  /** Labels of all Spilo pods of the cluster: the operator's `cluster_labels` and `cluster_name_label: <c>`. */
  public get podSelector(): { [key: string]: string } {
    return this.settings('podSelector').clusterSelector(this.clusterName);
  }

  /** Labels of the primary pod (Patroni sets `<pod_role_label>: master` at runtime). */
  public get primaryPodSelector(): { [key: string]: string } {
    const s = this.settings('primaryPodSelector');
    return { ...s.clusterSelector(this.clusterName), [s.podRoleLabel]: SpiloLabels.PRIMARY };
  }

  /** Labels of the replica pods. */
  public get replicaPodSelector(): { [key: string]: string } {
    const s = this.settings('replicaPodSelector');
    return { ...s.clusterSelector(this.clusterName), [s.podRoleLabel]: SpiloLabels.REPLICA };
  }

  /** Labels of the pods of the primary pooler (`connection-pooler: <c>-pooler`). */
  public get poolerPodSelector(): { [key: string]: string } {
    return { [SpiloLabels.CONNECTION_POOLER]: this.serviceName(ConnectionTarget.POOLER) };
  }

  /** Labels of the pods of the replica pooler (`connection-pooler: <c>-pooler-repl`). */
  public get replicaPoolerPodSelector(): { [key: string]: string } {
    return { [SpiloLabels.CONNECTION_POOLER]: this.serviceName(ConnectionTarget.REPLICA_POOLER) };
  }

  /**
   * Labels of all pooler pods of the cluster: `application: db-connection-pooler` and
   * `<cluster_name_label>: <c>` (connection_pooler.go `connectionPoolerLabels`).
   */
  public get allPoolerPodsSelector(): { [key: string]: string } {
    return this.operatorJobSelector('allPoolerPodsSelector', SpiloLabels.POOLER_APPLICATION);
  }

  /**
   * Labels of the operator's logical backup pods: `application: spilo-logical-backup` and
   * `<cluster_name_label>: <c>` (k8sres.go `generateLogicalBackupJob`).
   */
  public get logicalBackupPodSelector(): { [key: string]: string } {
    return this.operatorJobSelector('logicalBackupPodSelector', SpiloLabels.LOGICAL_BACKUP_APPLICATION);
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

  /**
   * @internal Fails when a value was handed out with settings that differ from `final` (the operator that
   * manages the cluster was declared after the value was read).
   */
  public _checkHandedOut(scope: IConstruct, final: OperatorSettings): void {
    for (const [key, member] of this.handedOut) {
      if (key === final._endpointsKey) continue;
      fail(scope, {
        rule: RuleCode.OPERATOR_DECLARED_LATE,
        property: `endpoints.${member}`,
        problem: `was read before the operator that manages the cluster (${final.source}) was declared, and its settings change it `
          + '(label names, secret_name_template, cluster_domain or the system user names): the value in use is stale.',
        fix: 'declare the PostgresOperator or ExternalPostgresOperator before the constructs that read the cluster\'s endpoints, or read them at synth time.',
      });
    }
  }

  private settings(member: string): OperatorSettings {
    const s = this._settingsOf?.() ?? this.fixedSettings ?? OperatorSettings.chartDefaults();
    if (!this.handedOut.has(s._endpointsKey)) this.handedOut.set(s._endpointsKey, member);
    return s;
  }

  private operatorJobSelector(member: string, application: string): { [key: string]: string } {
    const s = this.settings(member);
    return { [SpiloLabels.APPLICATION]: application, [s.clusterNameLabel]: this.clusterName };
  }
}
