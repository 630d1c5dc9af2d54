import { ApiObject, ApiObjectProps, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ICluster } from '../cluster/cluster-ref';
import { ConnectionTarget } from '../cluster/endpoints';
import { ClusterFeatures, IFeatureListener } from '../cluster/features';
import { POSTGRES_PORT } from '../cluster/naming';
import { ClusterProps } from '../cluster/props';
import { ClusterNetworkPolicy, ClusterNetworkPolicyOptions } from '../network/cluster-network-policy';
import { NetworkPeer } from '../network/peer';
import { StandbyCluster, standbySecretPairs, StandbySource } from '../standby/standby-cluster';
import { registerObject } from '../validation/chart-objects';
import { checkCidr, checkDnsSubdomain, checkDuration, checkNamespace, goDuration } from '../validation/checks';
import { fail, show } from '../validation/errors';
import { RuleCode } from '../validation/rule-code';

/** Kind of an External Secrets Operator store. */
export enum SecretStoreKind {
  /** A namespaced `SecretStore` (in the namespace of the ExternalSecret or PushSecret). */
  SECRET_STORE = 'SecretStore',
  /** A cluster-wide `ClusterSecretStore`. */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
}

/** Options of a `CredentialsTransport`. */
export interface CredentialsTransportOptions {
  /**
   * Kind of the store.
   * @default SecretStoreKind.SECRET_STORE
   */
  readonly storeKind?: SecretStoreKind;
  /**
   * How often External Secrets copies the Secrets again (a rotated password reaches the standby within this time).
   * @default Duration.hours(1)
   */
  readonly refreshInterval?: Duration;
}

/** Which side copies the credentials. */
export enum CredentialsDirection {
  /** ExternalSecrets on the standby side read them (`external-secrets.io/v1`). */
  PULL = 'pull',
  /** PushSecrets on the primary side write them (`external-secrets.io/v1alpha1`). */
  PUSH = 'push',
}

/**
 * How the `postgres` and `standby` credentials of the primary reach the standby's Kubernetes cluster: through the
 * External Secrets Operator and a store of its Kubernetes provider that reaches the other cluster's API server.
 */
export class CredentialsTransport {
  /**
   * ExternalSecrets in the standby's namespace read the primary's Secrets through `storeName`, a store of the
   * Kubernetes provider pointed at the primary cluster's API server and the primary's namespace
   * (`remoteNamespace`, whose token needs `get` on those two Secrets).
   */
  public static pull(storeName: string, options: CredentialsTransportOptions = {}): CredentialsTransport {
    return new CredentialsTransport(CredentialsDirection.PULL, storeName, options.storeKind ?? SecretStoreKind.SECRET_STORE, options.refreshInterval);
  }

  /**
   * PushSecrets in the primary's namespace write the Secrets through `storeName`, a store of the Kubernetes
   * provider pointed at the standby cluster's API server and the standby's namespace (its token needs to
   * create and update Secrets there).
   */
  public static push(storeName: string, options: CredentialsTransportOptions = {}): CredentialsTransport {
    return new CredentialsTransport(CredentialsDirection.PUSH, storeName, options.storeKind ?? SecretStoreKind.SECRET_STORE, options.refreshInterval);
  }

  private constructor(
    /** Which side copies. */
    public readonly direction: CredentialsDirection,
    /** Name of the store. */
    public readonly storeName: string,
    /** Kind of the store. */
    public readonly storeKind: SecretStoreKind,
    /** Refresh interval. */
    public readonly refreshInterval?: Duration,
  ) {}
}

/** Properties of a `CrossClusterStandby`. */
export interface CrossClusterStandbyProps {
  /** The primary, in its own chart of this app (applied to the primary's Kubernetes cluster). */
  readonly primary: ICluster;
  /**
   * The primary's address as the standby's Kubernetes cluster reaches it: the DNS name or IP of its load
   * balancer (`primaryService: ServiceExposure.loadBalancer()`, with the standby's addresses in `allowedSourceRanges`).
   */
  readonly primaryHost: string;
  /**
   * Port of `primaryHost`.
   * @default 5432
   */
  readonly primaryPort?: number;
  /**
   * Replication slot on the primary for the standby (declare it in the primary's Patroni slots).
   * @default - none
   */
  readonly primarySlotName?: string;
  /** The standby cluster: name, team, size and the rest, as for a Cluster (`version` must be the primary's). */
  readonly standby: ClusterProps;
  /** How the `postgres` and `standby` Secrets reach the standby's namespace. */
  readonly credentials: CredentialsTransport;
  /**
   * The addresses the standby's pods connect from, as the primary sees them (the standby cluster's node or NAT
   * addresses): the primary's NetworkPolicy admits them on 5432.
   */
  readonly standbyCidrs: string[];
  /**
   * Where `primaryHost` is, for the standby's egress.
   * @default - 0.0.0.0/0 on the primary's port
   */
  readonly primaryCidrs?: string[];
  /**
   * Options of the standby's NetworkPolicies (operator and monitoring namespaces, DNS, API server).
   * @default - the ClusterNetworkPolicy defaults
   */
  readonly standbyNetworkPolicy?: ClusterNetworkPolicyOptions;
  /**
   * Promote the standby: it is rendered without `standby` (one switch, see StandbyCluster), and the credentials are
   * no longer copied from the old primary.
   * @default false
   */
  readonly promote?: boolean;
}

/**
 * A standby of a primary in another Kubernetes cluster, without manual steps: two charts of one app, one per
 * Kubernetes cluster.
 *
 * - `primaryChart` (apply to the primary's cluster): PushSecrets when the credentials are pushed.
 * - `standbyChart` (apply to the standby's cluster): the `StandbyCluster` streaming from `primaryHost`, its
 *   NetworkPolicies (egress to `primaryCidrs` on the primary's port), and ExternalSecrets when the credentials are
 *   pulled (Argo CD sync wave -1, so they exist before the `postgresql`).
 *
 * The standby authenticates as the primary's `standby` user and keeps the primary's `postgres` password, so both
 * Secrets are copied under the names the operator expects for the standby:
 * `<user>.<standby cluster>.credentials.postgresql.acid.zalan.do` (External Secrets Operator v2; the copies are
 * kept when the ExternalSecret or PushSecret is removed). When the primary has a `ClusterNetworkPolicy` (before or
 * after this construct), it admits `standbyCidrs` to the primary on 5432.
 *
 * Promotion stays one switch: `promote: true` renders the standby as a primary and stops copying the credentials.
 */
export class CrossClusterStandby extends Construct implements IFeatureListener {
  /** The chart for the primary's Kubernetes cluster. */
  public readonly primaryChart: Chart;
  /** The chart for the standby's Kubernetes cluster. */
  public readonly standbyChart: Chart;
  /** The standby cluster. */
  public readonly standbyCluster: StandbyCluster;
  /** The primary. */
  public readonly primary: ICluster;

  private readonly standbyCidrs: string[];
  private admitted = false;

  constructor(scope: Construct, id: string, props: CrossClusterStandbyProps) {
    super(scope, id);
    const primary = props.primary;
    this.primary = primary;
    const primaryNamespace = primary.clusterNamespace;
    if (!primaryNamespace) {
      fail(this, {
        rule: RuleCode.NAMESPACE_UNKNOWN,
        property: 'primary',
        problem: `the namespace of cluster ${primary.name} is not known; the Secrets are copied from it.`,
        fix: 'set the primary\'s namespace or its chart\'s namespace.',
      });
    }
    const standbyProps = props.standby ?? ({} as ClusterProps);
    const standbyNamespace = standbyProps.clusterNamespace ?? primaryNamespace;
    checkNamespace(this, 'standby.namespace', standbyNamespace);
    const problem = (property: string, what: string, value: unknown, fix: string): never => fail(this, {
      rule: RuleCode.STANDBY_PAIR_INVALID, property, problem: what, value: show(value), fix,
    });
    if (standbyProps.version !== undefined && standbyProps.version?.major !== primary.version.major) {
      problem('standby.version', `a standby runs the primary's major version (${primary.version.major}).`, standbyProps.version?.major, 'leave standby.version out (it defaults to the primary\'s), or upgrade after promotion.');
    }
    if (!Array.isArray(props.standbyCidrs) || !props.standbyCidrs.length) {
      problem('standbyCidrs', 'the primary must admit the standby\'s addresses; without them its NetworkPolicy cannot.', props.standbyCidrs, 'list the standby cluster\'s egress (node or NAT) CIDRs, e.g. ["198.51.100.0/24"].');
    }
    for (const cidr of props.standbyCidrs) checkCidr(this, 'standbyCidrs', cidr);
    for (const cidr of props.primaryCidrs ?? []) checkCidr(this, 'primaryCidrs', cidr);
    if (props.primaryCidrs !== undefined && !props.primaryCidrs.length) {
      problem('primaryCidrs', 'an empty list admits nothing: the standby could not reach the primary.', props.primaryCidrs, 'list the primary load balancer\'s CIDRs, or leave primaryCidrs out.');
    }
    const transport = props.credentials;
    if (!(transport instanceof CredentialsTransport)) {
      problem('credentials', 'not a CredentialsTransport.', transport, 'use CredentialsTransport.pull(store) or CredentialsTransport.push(store).');
    }
    checkDnsSubdomain(this, 'credentials.storeName', transport.storeName, 'External Secrets store name', 'use the name of your SecretStore or ClusterSecretStore.');
    if (!(Object.values(SecretStoreKind) as string[]).includes(transport.storeKind)) {
      problem('credentials.storeKind', 'not a store kind.', transport.storeKind, 'use SecretStoreKind values.');
    }
    const refreshMs = checkDuration(this, 'credentials.refreshInterval', transport.refreshInterval ?? Duration.hours(1), {
      minMillis: 60_000, maxMillis: 30 * 86_400_000, stepMillis: 1000, fix: 'e.g. Duration.hours(1).',
    });
    this.standbyCidrs = [...props.standbyCidrs];

    this.primaryChart = new Chart(this, 'Primary', { namespace: primaryNamespace });
    this.standbyChart = new Chart(this, 'Standby', { namespace: standbyNamespace });
    this.standbyCluster = new StandbyCluster(this.standbyChart, 'Cluster', {
      ...standbyProps,
      clusterNamespace: standbyNamespace,
      version: standbyProps.version ?? primary.version,
      source: StandbySource.fromHost(props.primaryHost, props.primaryPort ?? POSTGRES_PORT, props.primarySlotName),
      promote: props.promote,
    });
    this.standbyCluster.addNetworkPolicy({
      ...(props.standbyNetworkPolicy ?? {}),
      ...(props.primaryCidrs ? { standbySourceCidrs: [...props.primaryCidrs] } : {}),
    });

    if (!props.promote) {
      const refreshInterval = goDuration(refreshMs);
      // the system users and Secret names of each side's operator (read when the objects are rendered would be
      // nicer, but the object ids depend on them; the clusters re-check what was handed out at synth time)
      const pairs = standbySecretPairs(this.standbyCluster.endpoints, primary.endpoints);
      for (const { sourceUser: user, sourceSecret: source, targetSecret: target } of pairs) {
        const name = `${this.standbyCluster.name}-${user}-credentials`;
        if (transport.direction === CredentialsDirection.PULL) {
          registerObject(new ApiObject(this.standbyChart, `ExternalSecret-${user}`, {
            apiVersion: 'external-secrets.io/v1',
            kind: 'ExternalSecret',
            // before the postgresql (wave 0): the operator must find the Secrets when it creates the standby
            metadata: { name, namespace: standbyNamespace, annotations: { 'argocd.argoproj.io/sync-wave': '-1' } },
            spec: {
              refreshInterval,
              secretStoreRef: { name: transport.storeName, kind: transport.storeKind },
              // Orphan: the Secret survives the ExternalSecret (promotion removes it), and an existing Secret is updated
              target: { name: target, creationPolicy: 'Orphan', deletionPolicy: 'Retain' },
              data: ['username', 'password'].map((key) => ({ secretKey: key, remoteRef: { key: source, property: key } })),
            },
          } as ApiObjectProps));
        } else {
          // The Kubernetes provider copies the source's labels unless told otherwise (PLATFORM-FACTS §5): the copy
          // gets the labels the operator gives the standby's own Secrets instead.
          const metadata = {
            apiVersion: 'kubernetes.external-secrets.io/v1alpha1',
            kind: 'PushSecretMetadata',
            spec: {
              sourceMergePolicy: 'Replace',
              labels: { ...this.standbyCluster.endpoints.podSelector, team: this.standbyCluster.teamId },
            },
          };
          registerObject(new ApiObject(this.primaryChart, `PushSecret-${user}`, {
            apiVersion: 'external-secrets.io/v1alpha1',
            kind: 'PushSecret',
            metadata: { name, namespace: primaryNamespace },
            spec: {
              refreshInterval,
              secretStoreRefs: [{ name: transport.storeName, kind: transport.storeKind }],
              selector: { secret: { name: source } },
              updatePolicy: 'Replace',
              deletionPolicy: 'None',
              data: ['username', 'password'].map((key) => ({ match: { secretKey: key, remoteRef: { remoteKey: target, property: key } }, metadata })),
            },
          } as ApiObjectProps));
        }
      }
    }
    primary.features.subscribe(this);
  }

  /**
   * When the primary gets its NetworkPolicies (before or after this construct), admits the standby's addresses to
   * the primary on 5432.
   */
  public featuresChanged(features: ClusterFeatures): void {
    const owner = features.networkPolicyOwner;
    if (this.admitted || owner === undefined) return;
    const policy = ClusterNetworkPolicy.of(this.primary);
    if (!policy) return;
    this.admitted = true;
    for (const cidr of this.standbyCidrs) policy.allowFrom(NetworkPeer.cidr(cidr), ConnectionTarget.PRIMARY);
  }
}
