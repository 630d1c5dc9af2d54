import { ApiObject, ApiObjectProps, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { NetworkPeer } from './peer';
import type { Cluster } from '../cluster/cluster';
import { ConnectionTarget } from '../cluster/cluster';
import {
  PATRONI_PORT,
  PoolerExporterLabels,
  POSTGRES_EXPORTER_PORT,
  POSTGRES_PORT,
  SpiloLabels,
  WALG_EXPORTER_PORT,
} from '../cluster/naming';
import { fail, show } from '../validation/errors';
import { isCidr } from '../validation/patterns';


/** Options of a {@link ClusterNetworkPolicy}. */
export interface ClusterNetworkPolicyOptions { /**
   * Namespace of the Postgres operator (reaches Patroni on 8008 and PostgreSQL on 5432).
   * @default postgres-operator
   */
  readonly operatorNamespace?: string;
  /**
   * Namespace of Prometheus (scrapes 9187 and 8008 on Spilo, and the poolers' exporter connects to 5432).
   * @default monitoring
   */
  readonly monitoringNamespace?: string;
  /**
   * The cluster DNS.
   * @default - pods `k8s-app=kube-dns` in `kube-system` (CoreDNS on EKS, GKE, AKS, k3s, kubeadm)
   */
  readonly dns?: NetworkPeer;
  /**
   * Where the Kubernetes API (Patroni's DCS) is, after the `kubernetes` Service's DNAT.
   * @default - 0.0.0.0/0 (managed control planes have no fixed in-cluster address)
   */
  readonly kubernetesApiCidrs?: string[];
  /**
   * Ports of the Kubernetes API.
   * @default [443, 6443] (managed clusters serve 443; kubeadm and k3s 6443)
   */
  readonly kubernetesApiPorts?: number[];
  /**
   * Where the object storage for WAL-G is (opened only when backups, archive clones or archive standbys are configured).
   * @default - 0.0.0.0/0 on 443 (and on the port of a custom S3 endpoint)
   */
  readonly objectStorageCidrs?: string[];
  /**
   * Where an external standby source is (for `StandbySource.fromHost`).
   * @default - 0.0.0.0/0 on the source's port
   */
  readonly standbySourceCidrs?: string[];
}

/** Properties of a {@link ClusterNetworkPolicy}. */
export interface ClusterNetworkPolicyProps extends ClusterNetworkPolicyOptions {
  /** The cluster whose pods the policies protect. */
  readonly cluster: Cluster;
}

interface ClientRule {
  readonly peer: NetworkPeer;
  readonly target: ConnectionTarget;
}

const TCP = (port: number) => ({ protocol: 'TCP', port });

/**
 * NetworkPolicies that let a Zalando cluster work and nothing else: default deny for its pods, then
 * replication and Patroni between the Spilo pods, the poolers to Spilo, the operator and monitoring, DNS,
 * the Kubernetes API (Patroni's DCS), object storage only when backups are configured, the standby source
 * and the clone source, and the clients you declare (to the primary, the replicas or the poolers).
 */
export class ClusterNetworkPolicy extends Construct {
  private readonly cluster: Cluster;
  private readonly props: ClusterNetworkPolicyProps;
  private readonly clients: ClientRule[] = [];

  constructor(scope: Construct, id: string, props: ClusterNetworkPolicyProps) {
    super(scope, id);
    this.cluster = props.cluster;
    this.props = props;
    for (const cidr of [...(props.kubernetesApiCidrs ?? []), ...(props.objectStorageCidrs ?? []), ...(props.standbySourceCidrs ?? [])]) {
      if (!isCidr(cidr)) fail(this, { property: 'cidrs', problem: 'not a CIDR.', value: show(cidr), fix: 'e.g. "10.0.0.0/8".' });
    }
    for (const port of props.kubernetesApiPorts ?? []) {
      if (!Number.isInteger(port) || port < 1 || port > 65535) fail(this, { property: 'kubernetesApiPorts', problem: 'not a TCP port.', value: show(port), fix: 'usually 443 or 6443.' });
    }
    const c = this.cluster;
    this.policy('DefaultDeny', `${c.name}-default-deny`, () => ({
      podSelector: { matchLabels: { [SpiloLabels.CLUSTER_NAME]: c.name } },
      policyTypes: ['Ingress', 'Egress'],
    }));
    this.policy('Spilo', `${c.name}-spilo`, () => this.spiloPolicy());
    // The pooler and logical backup policies select nothing until those pods exist.
    this.policy('Pooler', `${c.name}-pooler`, () => this.poolerPolicy());
    this.policy('LogicalBackup', `${c.name}-logical-backup`, () => this.logicalBackupPolicy());
  }

  /** Lets `peer` connect to PostgreSQL (5432) on the given targets (default: the primary). */
  public allowFrom(peer: NetworkPeer, ...targets: ConnectionTarget[]): void {
    for (const target of targets.length ? targets : [ConnectionTarget.PRIMARY]) {
      if (!this.clients.some((r) => r.target === target)) {
        this.policy(`Clients-${target}`, `${this.cluster.name}-clients-${target}`, () => this.clientPolicy(target));
      }
      this.clients.push({ peer, target });
    }
  }

  private policy(id: string, name: string, spec: () => any) {
    new ApiObject(this, id, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace: this.cluster.namespace },
      spec: Lazy.any({ produce: spec }),
    } as ApiObjectProps);
  }

  private get poolers(): { primary: boolean; replica: boolean } {
    return {
      primary: this.cluster.specField('enableConnectionPooler') === true,
      replica: this.cluster.specField('enableReplicaConnectionPooler') === true,
    };
  }

  private get dns(): any[] {
    const peer = this.props.dns?.peer ?? {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    };
    return [{ to: [peer], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }];
  }

  private get kubernetesApi(): any {
    return {
      to: (this.props.kubernetesApiCidrs ?? ['0.0.0.0/0']).map((cidr) => ({ ipBlock: { cidr } })),
      ports: (this.props.kubernetesApiPorts ?? [443, 6443]).map(TCP),
    };
  }

  private objectStorage(ports: number[]): any {
    return { to: (this.props.objectStorageCidrs ?? ['0.0.0.0/0']).map((cidr) => ({ ipBlock: { cidr } })), ports: ports.map(TCP) };
  }

  private get spiloPods(): any {
    return { podSelector: { matchLabels: this.cluster.podSelector } };
  }

  private spiloPolicy(): any {
    const c = this.cluster;
    const env = new Map(c.environment().map((e) => [e.name, e.value]));
    const ingress: any[] = [
      { from: [this.spiloPods], ports: [TCP(POSTGRES_PORT), TCP(PATRONI_PORT)] },
      { from: [NetworkPeer.namespace(this.props.operatorNamespace ?? 'postgres-operator').peer], ports: [TCP(PATRONI_PORT), TCP(POSTGRES_PORT)] },
      { from: [NetworkPeer.namespace(this.props.monitoringNamespace ?? 'monitoring').peer], ports: [TCP(POSTGRES_EXPORTER_PORT), TCP(PATRONI_PORT), TCP(WALG_EXPORTER_PORT)] },
    ];
    const { primary, replica } = this.poolers;
    if (primary || replica) ingress.push({ from: [{ podSelector: { matchLabels: this.poolerLabels } }], ports: [TCP(POSTGRES_PORT)] });
    if (c.logicalBackupEnabled) {
      ingress.push({ from: [{ podSelector: { matchLabels: this.logicalBackupLabels } }], ports: [TCP(POSTGRES_PORT)] });
    }

    const egress: any[] = [
      ...this.dns,
      this.kubernetesApi,
      { to: [this.spiloPods], ports: [TCP(POSTGRES_PORT), TCP(PATRONI_PORT)] },
    ];
    // Object storage: backups, archive clones, archive standbys (WAL-G over HTTPS, or a custom endpoint).
    const archive = [...env.keys()].some((k) => /^(CLONE_|STANDBY_)?(WALG_(S3|GS|AZ)_PREFIX)$/.test(k));
    if (archive) {
      const ports = new Set([443]);
      for (const [k, v] of env) {
        if (/^(CLONE_|STANDBY_)?AWS_ENDPOINT$/.test(k) && v) ports.add(endpointPort(v));
      }
      const clone = c.specField('clone');
      if (clone?.s3_endpoint) ports.add(endpointPort(clone.s3_endpoint));
      egress.push(this.objectStorage([...ports].sort((a, b) => a - b)));
    }
    // Standby source (streaming).
    const standby = c.specField('standby');
    if (standby?.standby_host) {
      const port = Number(standby.standby_port ?? POSTGRES_PORT);
      // A cluster of this Kubernetes cluster (its primary Service's name): its Spilo pods; else an address range.
      const local = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local$/.exec(standby.standby_host);
      const to = local
        ? [NetworkPeer.pods({ [SpiloLabels.APPLICATION]: SpiloLabels.SPILO, [SpiloLabels.CLUSTER_NAME]: local[1] }, local[2]).peer]
        : (this.props.standbySourceCidrs ?? ['0.0.0.0/0']).map((cidr) => ({ ipBlock: { cidr } }));
      egress.push({ to, ports: [TCP(port)] });
    }
    // Basebackup clone source (same namespace).
    const clone = c.specField('clone');
    if (clone && !clone.timestamp) {
      egress.push({
        to: [{ podSelector: { matchLabels: { [SpiloLabels.APPLICATION]: SpiloLabels.SPILO, [SpiloLabels.CLUSTER_NAME]: clone.cluster } } }],
        ports: [TCP(POSTGRES_PORT)],
      });
    }
    return { podSelector: { matchLabels: c.podSelector }, policyTypes: ['Ingress', 'Egress'], ingress, egress };
  }

  private get poolerLabels(): Record<string, string> {
    return { [SpiloLabels.APPLICATION]: SpiloLabels.POOLER_APPLICATION, [SpiloLabels.CLUSTER_NAME]: this.cluster.name };
  }

  private get logicalBackupLabels(): Record<string, string> {
    return { [SpiloLabels.APPLICATION]: 'spilo-logical-backup', [SpiloLabels.CLUSTER_NAME]: this.cluster.name };
  }

  private poolerPolicy(): any {
    return {
      podSelector: { matchLabels: this.poolerLabels },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{
        from: [
          NetworkPeer.namespace(this.props.monitoringNamespace ?? 'monitoring').peer,
          // the MonitoringStack's pgbouncer exporters in the cluster's namespace
          {
            podSelector: {
              matchLabels: { [PoolerExporterLabels.NAME]: PoolerExporterLabels.NAME_VALUE, [PoolerExporterLabels.CLUSTER]: this.cluster.name },
            },
          },
        ],
        ports: [TCP(POSTGRES_PORT)],
      }],
      egress: [...this.dns, { to: [this.spiloPods], ports: [TCP(POSTGRES_PORT)] }],
    };
  }

  private logicalBackupPolicy(): any {
    return {
      podSelector: { matchLabels: this.logicalBackupLabels },
      policyTypes: ['Ingress', 'Egress'],
      egress: [...this.dns, this.kubernetesApi, { to: [this.spiloPods], ports: [TCP(POSTGRES_PORT)] }, this.objectStorage([443])],
    };
  }

  private clientPolicy(target: ConnectionTarget): any {
    const rules = this.clients.filter((r) => r.target === target);
    const c = this.cluster;
    const selector = {
      [ConnectionTarget.PRIMARY]: c.primaryPodSelector,
      [ConnectionTarget.REPLICA]: c.replicaPodSelector,
      [ConnectionTarget.POOLER]: c.poolerPodSelector,
      [ConnectionTarget.REPLICA_POOLER]: c.replicaPoolerPodSelector,
    }[target];
    return {
      podSelector: { matchLabels: selector },
      policyTypes: ['Ingress'],
      ingress: [{ from: rules.map((r) => r.peer.peer), ports: [TCP(POSTGRES_PORT)] }],
    };
  }
}

function endpointPort(endpoint: string): number {
  const m = /^(https?)(?:\+path)?:\/\/[^/:]+(?::(\d+))?/.exec(endpoint);
  if (!m) return 443;
  return m[2] ? Number(m[2]) : m[1] === 'http' ? 80 : 443;
}
