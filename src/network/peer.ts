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
    return new NetworkPeer({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } }, `namespace ${name}`, { namespace: name });
  }

  /** Pods with these labels, in the policy's namespace or in `namespaceName`. */
  public static pods(labels: { [key: string]: string }, namespaceName?: string): NetworkPeer {
    const peer: k8s.NetworkPolicyPeer = {
      podSelector: { matchLabels: { ...labels } },
      ...(namespaceName ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespaceName } } } : {}),
    };
    return new NetworkPeer(peer, `pods ${JSON.stringify(labels)}${namespaceName ? ` in ${namespaceName}` : ''}`, { labels, namespace: namespaceName });
  }

  /** An IP range, optionally without some sub-ranges (which must lie inside it). */
  public static cidr(cidr: string, exceptRanges?: string[]): NetworkPeer {
    const ipBlock: k8s.IpBlock = exceptRanges?.length ? { cidr, except: [...exceptRanges] } : { cidr };
    return new NetworkPeer({ ipBlock }, `CIDR ${cidr}`, { cidr, except: exceptRanges });
  }

  /** The Spilo pods of another cluster. */
  public static cluster(cluster: ICluster): NetworkPeer {
    return NetworkPeer.pods(cluster.endpoints.podSelector, cluster.clusterNamespace);
  }

  private constructor(
    /** The NetworkPolicyPeer. */
    public readonly peer: k8s.NetworkPolicyPeer,
    /** What it is, for messages. */
    public readonly description: string,
    private readonly inputs: { namespace?: string; labels?: { [key: string]: string }; cidr?: string; except?: string[] },
  ) {}

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
          fix: 'give the client pods\' labels, or use NetworkPeer.namespace(...) to mean the whole namespace.',
        });
      }
      checkLabels(scope, `${property} labels`, i.labels);
    }
    if (i.cidr !== undefined) checkCidr(scope, property, i.cidr, i.except ?? []);
  }

  /** @internal The peer as JSON. */
  public _toJson(): any {
    return k8s.toJson_NetworkPolicyPeer(this.peer);
  }
}
