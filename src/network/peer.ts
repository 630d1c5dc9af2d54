import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import type { ICluster } from '../cluster/cluster-ref';
import { checkCidr, checkLabels, checkNamespace } from '../validation/checks';
import { fail, show } from '../validation/errors';
import { RuleCode } from '../validation/rule-code';

/** A source or destination of traffic in a NetworkPolicy. */
export class NetworkPeer {
  /** Every pod of a namespace. */
  public static podsInNamespace(name: string): NetworkPeer {
    return NetworkPeer.fixed({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } }, `namespace ${name}`, { namespace: name });
  }

  /** Pods with these labels, in the policy's namespace or in `namespaceName`. */
  public static pods(labels: { [key: string]: string }, namespaceName?: string): NetworkPeer {
    const peer: k8s.NetworkPolicyPeer = {
      podSelector: { matchLabels: { ...labels } },
      ...(namespaceName ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespaceName } } } : {}),
    };
    return NetworkPeer.fixed(peer, `pods ${JSON.stringify(labels)}${namespaceName ? ` in ${namespaceName}` : ''}`, { labels, namespace: namespaceName });
  }

  /** An IP range, optionally without some sub-ranges (which must lie inside it). */
  public static cidr(cidr: string, exceptRanges?: string[]): NetworkPeer {
    const ipBlock: k8s.IpBlock = exceptRanges?.length ? { cidr, except: [...exceptRanges] } : { cidr };
    return NetworkPeer.fixed({ ipBlock }, `CIDR ${cidr}`, { cidr, except: exceptRanges });
  }

  /**
   * The Spilo pods of another cluster, selected with the labels of the operator that manages it (read when the
   * policy is rendered, so the operator may be declared later).
   */
  public static cluster(cluster: ICluster): NetworkPeer {
    const namespace = cluster.clusterNamespace;
    return new NetworkPeer(() => ({
      podSelector: { matchLabels: cluster.endpoints.podSelector },
      ...(namespace ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } } : {}),
    }), `the pods of cluster ${cluster.name}${namespace ? ` in ${namespace}` : ''}`, { namespace }, `cluster ${cluster.node.path}`);
  }

  private static fixed(peer: k8s.NetworkPolicyPeer, description: string, inputs: PeerInputs): NetworkPeer {
    return new NetworkPeer(() => peer, description, inputs, JSON.stringify(k8s.toJson_NetworkPolicyPeer(peer)));
  }

  private constructor(
    private readonly produce: () => k8s.NetworkPolicyPeer,
    /** What it is, for messages. */
    public readonly description: string,
    private readonly inputs: PeerInputs,
    private readonly key: string,
  ) {}

  /** The NetworkPolicyPeer (for a cluster: with the labels of its operator as declared so far). */
  public get peer(): k8s.NetworkPolicyPeer {
    return this.produce();
  }

  /** @internal What identifies the peer (two peers with the same key are the same rule). */
  public get _key(): string {
    return this.key;
  }

  /** @internal Validates the peer's inputs for the construct that uses it. */
  public _check(scope: IConstruct, property: string): void {
    const i = this.inputs;
    if (i.namespace !== undefined) checkNamespace(scope, `${property} namespace`, i.namespace);
    if (i.labels !== undefined) {
      if (!Object.keys(i.labels).length) {
        fail(scope, {
          rule: RuleCode.NETWORK_POLICY_INVALID,
          property,
          problem: 'an empty pod selector selects every pod of the namespace.',
          value: show(i.labels),
          fix: 'give the client pods\' labels, or use NetworkPeer.podsInNamespace(...) to mean the whole namespace.',
        });
      }
      checkLabels(scope, `${property} labels`, i.labels);
    }
    if (i.cidr !== undefined) checkCidr(scope, property, i.cidr, i.except ?? []);
  }

  /** @internal The peer as JSON. */
  public _toJson(): any {
    return k8s.toJson_NetworkPolicyPeer(this.produce());
  }
}

interface PeerInputs {
  readonly namespace?: string;
  readonly labels?: { [key: string]: string };
  readonly cidr?: string;
  readonly except?: string[];
}
