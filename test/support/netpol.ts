/**
 * Evaluates NetworkPolicies by Kubernetes semantics (networking.k8s.io/v1):
 * - a pod is isolated for ingress (egress) when some policy in its namespace selects it and lists
 *   Ingress (Egress) in policyTypes (or, for Ingress, omits policyTypes);
 * - traffic from A to B on port/protocol is allowed when A's egress allows it (or A is not egress-isolated)
 *   AND B's ingress allows it (or B is not ingress-isolated, or B is not a pod);
 * - a rule allows a peer when any `from`/`to` entry matches (an entry with podSelector and namespaceSelector
 *   needs both; podSelector alone means the policy's namespace; ipBlock matches IPs, never pods here) and any
 *   port matches (no ports = all ports; protocol defaults to TCP).
 */
export interface Pod {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
}

export interface External {
  readonly ip: string;
}

export type Endpoint = Pod | External;

interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

function matches(selector: Selector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const value = labels[e.key];
    if (e.operator === 'In' && !(has && e.values!.includes(value))) return false;
    if (e.operator === 'NotIn' && has && e.values!.includes(value)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function ipToBigInt(ip: string): { v: bigint; bits: number } {
  if (ip.includes(':')) {
    const [head, tail] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail !== undefined && tail ? tail.split(':') : [];
    const groups = tail !== undefined ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
    return { v: groups.reduce((acc, g) => acc * 65536n + BigInt(parseInt(g || '0', 16)), 0n), bits: 128 };
  }
  return { v: ip.split('.').reduce((acc, o) => acc * 256n + BigInt(Number(o)), 0n), bits: 32 };
}

function inCidr(ip: string, cidr: string): boolean {
  const [net, len] = cidr.split('/');
  const a = ipToBigInt(ip);
  const b = ipToBigInt(net);
  if (a.bits !== b.bits) return false;
  const block = 2n ** BigInt(a.bits - Number(len));
  return a.v / block === b.v / block;
}

const isPod = (e: Endpoint): e is Pod => (e as Pod).namespace !== undefined;

export class NetworkModel {
  constructor(
    private readonly policies: any[],
    private readonly namespaces: Record<string, Record<string, string>>,
  ) {}

  private nsLabels(ns: string): Record<string, string> {
    return { 'kubernetes.io/metadata.name': ns, ...(this.namespaces[ns] ?? {}) };
  }

  private peerMatches(peer: any, policyNs: string, other: Endpoint): boolean {
    if (peer.ipBlock) {
      if (isPod(other)) return false;
      return inCidr(other.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((x: string) => inCidr(other.ip, x));
    }
    if (!isPod(other)) return false;
    const nsOk = peer.namespaceSelector ? matches(peer.namespaceSelector, this.nsLabels(other.namespace)) : other.namespace === policyNs;
    const podOk = peer.podSelector ? matches(peer.podSelector, other.labels) : true;
    return nsOk && podOk;
  }

  private portMatches(ports: any[] | undefined, port: number, protocol: string): boolean {
    if (!ports || ports.length === 0) return true;
    return ports.some((p) => (p.protocol ?? 'TCP') === protocol && (p.port === undefined || (p.endPort ? port >= p.port && port <= p.endPort : p.port === port)));
  }

  private selecting(pod: Pod, type: 'Ingress' | 'Egress'): any[] {
    return this.policies.filter((p) => {
      if (p.kind !== 'NetworkPolicy' || p.metadata.namespace !== pod.namespace) return false;
      const types: string[] = p.spec.policyTypes ?? (p.spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
      return types.includes(type) && matches(p.spec.podSelector, pod.labels);
    });
  }

  /** Whether `from` may open a connection to `to` on port/protocol. */
  public allowed(from: Endpoint, to: Endpoint, port: number, protocol: 'TCP' | 'UDP' = 'TCP'): boolean {
    if (isPod(from)) {
      const egress = this.selecting(from, 'Egress');
      if (egress.length && !egress.some((p) => (p.spec.egress ?? []).some((r: any) =>
        (!r.to || r.to.length === 0 || r.to.some((peer: any) => this.peerMatches(peer, p.metadata.namespace, to)))
        && this.portMatches(r.ports, port, protocol)))) return false;
    }
    if (isPod(to)) {
      const ingress = this.selecting(to, 'Ingress');
      if (ingress.length && !ingress.some((p) => (p.spec.ingress ?? []).some((r: any) =>
        (!r.from || r.from.length === 0 || r.from.some((peer: any) => this.peerMatches(peer, p.metadata.namespace, from)))
        && this.portMatches(r.ports, port, protocol)))) return false;
    }
    return true;
  }
}
