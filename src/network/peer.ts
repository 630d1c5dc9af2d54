import type { Cluster } from '../cluster/cluster';

/** A source or destination of traffic in a NetworkPolicy. */
export class NetworkPeer {
  /** Every pod of a namespace. */
  public static namespace(name: string): NetworkPeer {
    return new NetworkPeer({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } }, `namespace ${name}`);
  }

  /** Pods with these labels, in the policy's namespace or in `namespace`. */
  public static pods(labels: { [key: string]: string }, namespace?: string): NetworkPeer {
    const peer: any = { podSelector: { matchLabels: { ...labels } } };
    if (namespace) peer.namespaceSelector = { matchLabels: { 'kubernetes.io/metadata.name': namespace } };
    return new NetworkPeer(peer, `pods ${JSON.stringify(labels)}${namespace ? ` in ${namespace}` : ''}`);
  }

  /** An IP range, optionally without some sub-ranges. */
  public static cidr(cidr: string, except?: string[]): NetworkPeer {
    return new NetworkPeer({ ipBlock: except?.length ? { cidr, except } : { cidr } }, `CIDR ${cidr}`);
  }

  /** The Spilo pods of another cluster. */
  public static cluster(cluster: Cluster): NetworkPeer {
    return NetworkPeer.pods(cluster.podSelector, cluster.namespace);
  }

  private constructor(
    /** The NetworkPolicyPeer JSON. */
    public readonly peer: any,
    /** What it is, for messages. */
    public readonly description: string,
  ) {}
}
