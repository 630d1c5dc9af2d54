/**
 * Egress rules every NetworkPolicy of this library that lets pods out needs: DNS and the Kubernetes API, and the
 * port of a URL. Used by ClusterNetworkPolicy and RestoreDrill.
 */
import type { NetworkPeer } from './peer';

/** A TCP port of a NetworkPolicy rule. */
export const tcp = (port: number) => ({ protocol: 'TCP', port });

/** DNS (UDP and TCP 53) to `peer`, by default the cluster's kube-dns pods in kube-system. */
export function dnsEgress(peer?: NetworkPeer): any {
  const to = peer?._toJson() ?? {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
    podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
  };
  return { to: [to], ports: [{ protocol: 'UDP', port: 53 }, tcp(53)] };
}

/** The Kubernetes API: `cidrs` (default anywhere) on `ports` (default 443 and 6443). */
export function kubernetesApiEgress(cidrs?: string[], ports?: number[]): any {
  return { to: (cidrs ?? ['0.0.0.0/0']).map((cidr) => ({ ipBlock: { cidr } })), ports: (ports ?? [443, 6443]).map(tcp) };
}

/**
 * The TCP port of an http(s) URL (also Spilo's `https+path://` and `https+virtualhost://` endpoints): the explicit
 * one, else 443 for https and 80 for http; `fallback` when it is not such a URL.
 */
export function urlPort(url: string, fallback: number): number {
  const m = /^(https?)(?:\+path|\+virtualhost)?:\/\/[^/:]+(?::(\d+))?/.exec(url);
  if (!m) return fallback;
  return m[2] ? Number(m[2]) : m[1] === 'http' ? 80 : 443;
}
