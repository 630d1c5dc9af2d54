import { ContainerResources } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PoolerMode } from './pooler-mode';
import { ICluster } from '../cluster/cluster-ref';
import { renderContainerResources } from '../cluster/contributions';
import { ConnectionTarget } from '../cluster/endpoints';
import { PoolerFeature } from '../cluster/features';
import { POOLER_USER } from '../cluster/naming';
import { checkImage, checkInteger, isIdentifier } from '../validation/checks';
import { fail, show } from '../validation/errors';
import { Patterns } from '../validation/patterns';
import { RuleCode } from '../validation/rule-code';

/** Options of the operator-managed PgBouncer in front of a cluster. */
export interface ConnectionPoolerOptions {
  /**
   * A pooler in front of the primary (`<cluster>-pooler`).
   * @default true
   */
  readonly primary?: boolean;
  /**
   * A pooler in front of the replicas (`<cluster>-pooler-repl`). The cluster name must then be at most 49
   * characters (the operator's `<cluster>-pooler-repl-u` volume).
   * @default false
   */
  readonly replica?: boolean;
  /**
   * PgBouncer pods per pooler.
   * @default 2
   */
  readonly instances?: number;
  /**
   * Pool mode.
   * @default PoolerMode.TRANSACTION
   */
  readonly mode?: PoolerMode;
  /**
   * Server connections per database across all pods of one pooler (each pod gets its share). At most what
   * the cluster accepts (`max_connections` minus the reserved connections).
   * @default 60
   */
  readonly maxDbConnections?: number;
  /**
   * Schema of the `user_lookup` function the operator installs in every database it knows.
   * @default pooler
   */
  readonly schema?: string;
  /**
   * Role PgBouncer authenticates with (never the superuser, never an application user).
   * @default pooler
   */
  readonly user?: string;
  /**
   * Resources of each PgBouncer pod. Missing values are the operator's defaults.
   * @default - the operator's defaults rendered explicitly: requests 500m / 100Mi, limits 1 / 100Mi
   */
  readonly resources?: ContainerResources;
  /**
   * PgBouncer image.
   * @default - the operator's `connection_pooler_image`
   */
  readonly dockerImage?: string;
}

/** Properties of a `ConnectionPooler`. */
export interface ConnectionPoolerProps extends ConnectionPoolerOptions {
  /** The cluster to pool connections to. */
  readonly cluster: ICluster;
}

/** The operator's pooler resource defaults (constants/pooler.go), always rendered explicitly. */
const POOLER_DEFAULT_RESOURCES = { requests: { cpu: '500m', memory: '100Mi' }, limits: { cpu: '1', memory: '100Mi' } };

/**
 * The operator's PgBouncer Deployment(s) and Service(s) in front of a cluster.
 *
 * Clients must connect with TLS (`sslmode=require`: the pooler sets `client_tls_sslmode=require`). In
 * transaction mode, session state does not survive a transaction; protocol-level prepared statements work
 * (PgBouncer tracks up to 200 per connection), but `SET`, advisory locks, `LISTEN` and temporary tables do not.
 * Databases the operator did not create need the `<schema>.user_lookup` function, or logins fail with
 * "unexpected response from login query".
 */
export class ConnectionPooler extends Construct {
  private static resolve(scope: Construct, props: ConnectionPoolerOptions): PoolerFeature {
    const primary = props.primary ?? true;
    const replica = props.replica ?? false;
    const mode = props.mode ?? PoolerMode.TRANSACTION;
    const user = props.user ?? POOLER_USER;
    const schema = props.schema ?? 'pooler';
    if (!primary && !replica) {
      fail(scope, { rule: RuleCode.POOLER_INVALID, property: 'primary/replica', problem: 'neither pooler is enabled.', fix: 'enable primary, replica or both.' });
    }
    if (mode === PoolerMode.STATEMENT || !(Object.values(PoolerMode) as string[]).includes(mode)) {
      fail(scope, {
        rule: RuleCode.POOLER_INVALID,
        property: 'mode',
        problem: 'the Zalando operator supports session and transaction pooling only.',
        value: show(mode),
        allowed: 'PoolerMode.TRANSACTION, PoolerMode.SESSION',
        fix: 'use PoolerMode.TRANSACTION (autocommit workloads behave the same).',
      });
    }
    const instances = checkInteger(scope, 'instances', props.instances ?? 2, { min: 1, max: 1000, fix: 'use 2 for HA.' });
    const maxDb = checkInteger(scope, 'maxDbConnections', props.maxDbConnections ?? 60, { min: 1, fix: 'e.g. 60.' });
    if (maxDb < instances * 2) {
      fail(scope, {
        rule: RuleCode.POOLER_CONNECTIONS,
        property: 'maxDbConnections',
        problem: 'too small: each pooler pod gets maxDbConnections / instances, and its default pool half of that.',
        value: show(maxDb),
        allowed: `at least ${instances * 2} with ${instances} instances`,
        fix: 'raise maxDbConnections or lower instances.',
      });
    }
    // the operator's superuser and replication user depend on its settings: checked at synth time
    // (operator-checks.ts checkSystemUsers)
    if (typeof user !== 'string' || !Patterns.USER_NAME.test(user) || user.length > 63 || user.includes('.')) {
      fail(scope, {
        rule: RuleCode.POOLER_INVALID,
        property: 'user',
        problem: 'not a role name the operator accepts.',
        value: show(user),
        fix: 'use the default "pooler" or another dedicated role.',
      });
    }
    if (!isIdentifier(schema)) {
      fail(scope, { rule: RuleCode.POOLER_INVALID, property: 'schema', problem: 'not a schema name.', value: show(schema), fix: 'use the default "pooler".' });
    }
    if (props.dockerImage !== undefined) checkImage(scope, 'dockerImage', props.dockerImage, true);
    return {
      primary,
      replica,
      instances,
      mode,
      schema,
      user,
      maxDbConnections: maxDb,
      dockerImage: props.dockerImage,
      resources: renderContainerResources(scope, 'resources', props.resources, POOLER_DEFAULT_RESOURCES),
    };
  }
  /** Service of the primary pooler, if enabled. */
  public readonly primaryServiceName?: string;
  /** Service of the replica pooler, if enabled. */
  public readonly replicaServiceName?: string;
  /** What this pooler registered on its cluster. */
  public readonly feature: PoolerFeature;

  constructor(scope: Construct, id: string, props: ConnectionPoolerProps) {
    super(scope, id);
    const { cluster } = props;
    this.feature = ConnectionPooler.resolve(this, props);
    cluster.features.registerPooler(this, this.feature);
    this.primaryServiceName = this.feature.primary ? cluster.endpoints.serviceName(ConnectionTarget.POOLER) : undefined;
    this.replicaServiceName = this.feature.replica ? cluster.endpoints.serviceName(ConnectionTarget.REPLICA_POOLER) : undefined;
  }

  /** Pooler pods per pooler. */
  public get instances(): number {
    return this.feature.instances;
  }

  /** Pool mode. */
  public get mode(): PoolerMode {
    return this.feature.mode;
  }

  /** Role PgBouncer authenticates with (its Secret is named by the operator's `secret_name_template`). */
  public get user(): string {
    return this.feature.user;
  }

  /** @internal Fails unless `options` describe this pooler. */
  public _checkSameOptions(options: ConnectionPoolerOptions): void {
    const other = ConnectionPooler.resolve(this, options);
    if (JSON.stringify(other) !== JSON.stringify(this.feature)) {
      fail(this, {
        rule: RuleCode.FEATURE_CONFLICT,
        property: 'addConnectionPooler',
        problem: 'the cluster has a connection pooler already, with other options; a cluster has one pooler (primary and/or replica).',
        value: `${show(other)} vs ${show(this.feature)}`,
        fix: 'call addConnectionPooler once, with all options (e.g. { replica: true }).',
      });
    }
  }


}
