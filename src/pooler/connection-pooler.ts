import { ContainerResources } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Cluster } from '../cluster/cluster';
import { POOLER_USER, REPLICATION_USER, SUPERUSER } from '../cluster/naming';
import { fail, show } from '../validation/errors';
import { Patterns } from '../validation/patterns';
import { sizeToQuantity } from '../validation/quantity';

/** PgBouncer pool mode. */
export enum PoolerMode {
  /** A server connection per transaction (the default): efficient; session state does not survive a transaction. */
  TRANSACTION = 'transaction',
  /** A server connection per client session: full compatibility, less pooling. */
  SESSION = 'session',
  /** Not supported by the operator (the CRD allows only session and transaction): raises a ValidationError. */
  STATEMENT = 'statement',
}

/** Options of the operator-managed PgBouncer in front of a cluster. */
export interface ConnectionPoolerOptions {
  /**
   * A pooler in front of the primary (`<cluster>-pooler`).
   * @default true
   */
  readonly primary?: boolean;
  /**
   * A pooler in front of the replicas (`<cluster>-pooler-repl`); the cluster name must then be at most 51
   * characters.
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
   * Server connections per database across all pooler pods (each pod gets its share).
   * @default 60
   */
  readonly maxDbConnections?: number;
  /**
   * Schema of the `user_lookup` function the operator installs in every database it knows.
   * @default pooler
   */
  readonly schema?: string;
  /**
   * Role PgBouncer authenticates with (never the superuser).
   * @default pooler
   */
  readonly user?: string;
  /**
   * Resources of each PgBouncer pod.
   * @default - the operator's defaults rendered explicitly: requests 500m / 100Mi, limits 1 / 100Mi
   */
  readonly resources?: ContainerResources;
  /**
   * PgBouncer image.
   * @default - the operator's `connection_pooler_image`
   */
  readonly dockerImage?: string;
}

/** Properties of a {@link ConnectionPooler}. */
export interface ConnectionPoolerProps extends ConnectionPoolerOptions {
  /** The cluster to pool connections to. */
  readonly cluster: Cluster;
}

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
  /** Service of the primary pooler, if enabled. */
  public readonly primaryServiceName?: string;
  /** Service of the replica pooler, if enabled. */
  public readonly replicaServiceName?: string;
  /** Pooler pods per pooler. */
  public readonly instances: number;
  /** Pool mode. */
  public readonly mode: PoolerMode;
  /** Role PgBouncer authenticates with; its Secret is `<user>.<cluster>.credentials...`. */
  public readonly user: string;

  constructor(scope: Construct, id: string, props: ConnectionPoolerProps) {
    super(scope, id);
    const { cluster } = props;
    const primary = props.primary ?? true;
    const replica = props.replica ?? false;
    this.instances = props.instances ?? 2;
    this.mode = props.mode ?? PoolerMode.TRANSACTION;
    this.user = props.user ?? POOLER_USER;
    const maxDb = props.maxDbConnections ?? 60;
    const schema = props.schema ?? 'pooler';

    if (!primary && !replica) {
      fail(this, { property: 'primary/replica', problem: 'neither pooler is enabled.', fix: 'enable primary, replica or both.' });
    }
    if (this.mode === PoolerMode.STATEMENT) {
      fail(this, {
        property: 'mode',
        problem: 'statement pooling is not supported by the Zalando operator.',
        value: show(this.mode),
        allowed: 'PoolerMode.TRANSACTION, PoolerMode.SESSION',
        fix: 'use PoolerMode.TRANSACTION (autocommit workloads behave the same).',
      });
    }
    if (!Number.isInteger(this.instances) || this.instances < 1) {
      fail(this, { property: 'instances', problem: 'must be a whole number of at least 1.', value: show(this.instances), fix: 'use 2 for HA.' });
    }
    if (!Number.isInteger(maxDb) || maxDb < this.instances * 2) {
      fail(this, {
        property: 'maxDbConnections',
        problem: 'too small: each pooler pod gets maxDbConnections / instances, and its default pool half of that.',
        value: show(maxDb),
        allowed: `at least ${this.instances * 2} with ${this.instances} instances`,
        fix: 'raise maxDbConnections or lower instances.',
      });
    }
    if ([SUPERUSER, REPLICATION_USER].includes(this.user) || !Patterns.USER_NAME.test(this.user)) {
      fail(this, {
        property: 'user',
        problem: [SUPERUSER, REPLICATION_USER].includes(this.user)
          ? 'the pooler must not authenticate as the superuser or the replication user (the operator rejects it).'
          : 'not a role name the operator accepts.',
        value: show(this.user),
        fix: 'use the default "pooler" or another dedicated role.',
      });
    }
    if (!Patterns.DATABASE_NAME.test(schema)) {
      fail(this, { property: 'schema', problem: 'not a schema name.', value: show(schema), fix: 'use the default "pooler".' });
    }

    cluster.setSpecField(this, 'enableConnectionPooler', primary);
    cluster.setSpecField(this, 'enableReplicaConnectionPooler', replica);
    cluster.setSpecField(this, 'connectionPooler', {
      numberOfInstances: this.instances,
      mode: this.mode,
      schema,
      user: this.user,
      maxDBConnections: maxDb,
      dockerImage: props.dockerImage,
      resources: renderPoolerResources(props.resources),
    });
    this.primaryServiceName = primary ? cluster.poolerServiceName : undefined;
    this.replicaServiceName = replica ? cluster.replicaPoolerServiceName : undefined;
  }
}

function renderPoolerResources(r: ContainerResources | undefined) {
  return {
    requests: {
      cpu: r?.cpu?.request?.amount ?? '500m',
      memory: r?.memory?.request ? sizeToQuantity(r.memory.request) : '100Mi',
    },
    limits: {
      cpu: r?.cpu?.limit?.amount ?? '1',
      memory: r?.memory?.limit ? sizeToQuantity(r.memory.limit) : '100Mi',
    },
  };
}
