import { ApiObject, ApiObjectProps, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { dnsEgress, kubernetesApiEgress, tcp, urlPort } from './egress';
import { NetworkPeer } from './peer';
import { BackupLocation } from '../backup/location';
import { GkeDataplane, metadataEndpoints } from '../backup/metadata-endpoints';
import { BackupStorageKind } from '../backup/storage';
import { ICluster } from '../cluster/cluster-ref';
import { ConnectionTarget } from '../cluster/endpoints';
import { DataSourceKind } from '../cluster/features';
import {
  PATRONI_PORT,
  PoolerExporterLabels,
  POSTGRES_EXPORTER_PORT,
  POSTGRES_PORT,
  WALG_EXPORTER_PORT,
} from '../cluster/naming';
import { OperatorSettings } from '../operator/settings';
import { registerObject } from '../validation/chart-objects';
import { checkCidr, checkNamespace, checkPort } from '../validation/checks';
import { fail, show } from '../validation/errors';
import { RuleCode } from '../validation/rule-code';

/** Options of a `ClusterNetworkPolicy`. */
export interface ClusterNetworkPolicyOptions {
  /**
   * Namespace of the Postgres operator (reaches Patroni on 8008 and PostgreSQL on 5432), for an operator not
   * declared in the app. With a declared `PostgresOperator` or `ExternalPostgresOperator`, its namespace and pod
   * labels are used, and another value here is a validation error.
   * @default - the declared operator's namespace and pods, else every pod of `postgres-operator`
   */
  readonly operatorNamespace?: string;
  /**
   * Namespace of Prometheus (scrapes the exporters and Patroni on Spilo when the cluster is monitored, and the
   * poolers' exporters connect to 5432).
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
  /**
   * The GKE dataplane, which decides how the Spilo pods reach the GKE metadata server when backups, clones or
   * standbys use GKE Workload Identity: Dataplane V2 on 169.254.169.254/32 TCP 80, the legacy dataplane on
   * 169.254.169.252/32 TCP 988 (Google, "About Workload Identity Federation for GKE"). With Cloud DNS for GKE
   * the resolver is 169.254.169.254:53 too: set `dns` to `NetworkPeer.cidr('169.254.169.254/32')`.
   * @default - both rules (works on either dataplane)
   */
  readonly gkeDataplane?: GkeDataplane;
}

/** Properties of a `ClusterNetworkPolicy`. */
export interface ClusterNetworkPolicyProps extends ClusterNetworkPolicyOptions {
  /** The cluster whose pods the policies protect. */
  readonly cluster: ICluster;
}

interface ClientRule {
  readonly peer: NetworkPeer;
  readonly target: ConnectionTarget;
}

const TARGETS = [ConnectionTarget.PRIMARY, ConnectionTarget.REPLICA, ConnectionTarget.POOLER, ConnectionTarget.REPLICA_POOLER];
const registry = new WeakMap<IConstruct, ClusterNetworkPolicy>();

/** The peers without repetitions (two peers may select the same pods). */
function unique(peers: any[]): any[] {
  return [...new Map(peers.map((j) => [JSON.stringify(j), j])).values()];
}

function byJson(a: unknown, b: unknown): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Ports of the object store of an archive. */
function storePorts(location: BackupLocation | undefined): number[] {
  if (!location) return [];
  const endpoint = location.storage.kind === BackupStorageKind.S3 ? location.storage.s3Options?.endpoint : undefined;
  return [endpoint ? urlPort(endpoint, 443) : 443];
}

/**
 * NetworkPolicies that let a Zalando cluster work and nothing else: default deny for its pods, then
 * replication and Patroni between the Spilo pods, the poolers to Spilo, the operator and monitoring, DNS,
 * the Kubernetes API (Patroni's DCS), object storage only when backups, archive clones or archive standbys
 * are configured (with the node-local token endpoint of keyless credentials: the GKE metadata server for GKE
 * Workload Identity, IMDS for the Azure managed identity, while IRSA and service principals need only 443), the
 * standby source and the clone source, and the clients you declare (to the primary, the replicas or the poolers). It reads the cluster's features at synth time, so it may be created before or
 * after the pooler, backups and monitoring. One set per cluster: `cluster.addNetworkPolicy()` returns it.
 */
export class ClusterNetworkPolicy extends Construct {
  /** The set registered for a cluster, if any. */
  public static of(cluster: ICluster): ClusterNetworkPolicy | undefined {
    return registry.get(cluster);
  }

  private readonly cluster: ICluster;
  private props: ClusterNetworkPolicyProps;
  private configured: boolean;
  private readonly clients: ClientRule[] = [];
  private readonly clientPolicies = new Set<ConnectionTarget>();

  constructor(scope: Construct, id: string, props: ClusterNetworkPolicyProps) {
    super(scope, id);
    this.cluster = props.cluster;
    this.props = props;
    this.configured = Object.keys(props).some((k) => k !== 'cluster');
    this.checkOptions(props);
    // known to `of` before the feature listeners hear of it (they may add client rules)
    registry.set(this.cluster, this);
    this.cluster.features.registerNetworkPolicy(this);
    const c = this.cluster;
    this.policy('DefaultDeny', `${c.name}-default-deny`, () => ({
      podSelector: { matchLabels: { [this.settings.clusterNameLabel]: c.name } },
      policyTypes: ['Ingress', 'Egress'],
    }));
    this.policy('Spilo', `${c.name}-spilo`, () => this.spiloPolicy());
    // The pooler and logical backup policies select nothing until those pods exist.
    this.policy('Pooler', `${c.name}-pooler`, () => this.poolerPolicy());
    this.policy('LogicalBackup', `${c.name}-logical-backup`, () => this.logicalBackupPolicy());
    this.node.addValidation({ validate: () => this.validateAtSynth() });
  }

  /**
   * Sets the options of a set created without them (by `allowFrom`), so that the order of `allowFrom` and
   * `addNetworkPolicy(options)` does not matter. Other options than those already given are a validation error.
   */
  public configure(options: ClusterNetworkPolicyOptions): void {
    if (!Object.keys(options).length) return;
    const given = { ...options, cluster: this.cluster };
    if (this.configured) {
      const { cluster: _cluster, ...mine } = this.props;
      if (JSON.stringify(mine) === JSON.stringify(options)) return;
      fail(this, {
        rule: RuleCode.FEATURE_CONFLICT,
        property: 'options',
        problem: 'the network policy set of this cluster was already given other options.',
        value: `${show(Object.keys(options))} vs ${show(Object.keys(mine))}`,
        fix: 'give the options once.',
      });
    }
    this.checkOptions(given);
    this.props = given;
    this.configured = true;
  }

  /** The settings of the operator that manages the cluster (label names, where the operator runs). */
  private get settings(): OperatorSettings {
    return OperatorSettings.forCluster(this.cluster);
  }

  /**
   * Client rules for a pooler the cluster does not have would select pods that never exist; an operator
   * namespace option must agree with the operator declared in the app.
   */
  private validateAtSynth(): string[] {
    const s = this.settings;
    const option = this.props.operatorNamespace;
    if (option !== undefined && s.operatorNamespace !== undefined && option !== s.operatorNamespace) {
      fail(this, {
        rule: RuleCode.OPERATOR_NETWORK_MISMATCH,
        property: 'operatorNamespace',
        problem: `the operator that manages the cluster (${s.source}) runs in namespace ${show(s.operatorNamespace)}: a rule for ${show(option)} would admit the wrong pods and block the operator.`,
        value: show(option),
        allowed: show(s.operatorNamespace),
        fix: 'leave operatorNamespace out (the declared operator\'s namespace and pod labels are used).',
      });
    }
    const pooler = this.cluster.features.pooler;
    for (const target of this.clientPolicies) {
      const missing = (target === ConnectionTarget.POOLER && !pooler?.primary) || (target === ConnectionTarget.REPLICA_POOLER && !pooler?.replica);
      if (missing) {
        fail(this, {
          rule: RuleCode.NETWORK_POLICY_INVALID,
          property: 'allowFrom',
          problem: `clients are allowed to the ${target === ConnectionTarget.POOLER ? 'primary' : 'replica'} pooler, but the cluster has none, so the rule would select no pods.`,
          value: show(target),
          fix: `add the pooler (cluster.addConnectionPooler(${target === ConnectionTarget.REPLICA_POOLER ? '{ replica: true }' : ''})) or allow the clients to another target.`,
        });
      }
    }
    return [];
  }

  private checkOptions(props: ClusterNetworkPolicyOptions) {
    for (const cidr of [...(props.kubernetesApiCidrs ?? []), ...(props.objectStorageCidrs ?? []), ...(props.standbySourceCidrs ?? [])]) {
      checkCidr(this, 'cidrs', cidr);
    }
    for (const port of props.kubernetesApiPorts ?? []) checkPort(this, 'kubernetesApiPorts', port, 'usually 443 or 6443.');
    if (props.kubernetesApiPorts !== undefined && !props.kubernetesApiPorts.length) {
      fail(this, { rule: RuleCode.NETWORK_POLICY_INVALID, property: 'kubernetesApiPorts', problem: 'Patroni needs the Kubernetes API (its DCS); an empty list would cut it off.', value: '[]', fix: 'list 443 and/or 6443.' });
    }
    for (const [k, v] of [['kubernetesApiCidrs', props.kubernetesApiCidrs], ['objectStorageCidrs', props.objectStorageCidrs], ['standbySourceCidrs', props.standbySourceCidrs]] as const) {
      if (v !== undefined && !v.length) {
        fail(this, { rule: RuleCode.NETWORK_POLICY_INVALID, property: k, problem: 'an empty list allows nothing; leave it out for the default.', value: '[]', fix: `remove ${k} or list CIDRs.` });
      }
    }
    checkNamespace(this, 'operatorNamespace', props.operatorNamespace);
    checkNamespace(this, 'monitoringNamespace', props.monitoringNamespace);
    props.dns?._check(this, 'dns');
    if (props.gkeDataplane !== undefined && !(Object.values(GkeDataplane) as string[]).includes(props.gkeDataplane)) {
      fail(this, { rule: RuleCode.NETWORK_POLICY_INVALID, property: 'gkeDataplane', problem: 'not a GKE dataplane.', value: show(props.gkeDataplane), fix: 'use GkeDataplane.V2 or GkeDataplane.LEGACY, or leave it out for both.' });
    }
  }

  /** Lets `peer` connect to PostgreSQL (5432) on the given targets (default: the primary). */
  public allowFrom(peer: NetworkPeer, ...targets: ConnectionTarget[]): void {
    if (!(peer instanceof NetworkPeer)) {
      fail(this, { rule: RuleCode.NETWORK_POLICY_INVALID, property: 'allowFrom', problem: 'not a NetworkPeer.', value: show(peer), fix: 'use NetworkPeer.pods, NetworkPeer.podsInNamespace, NetworkPeer.cidr or NetworkPeer.cluster.' });
    }
    peer._check(this, 'allowFrom');
    for (const target of targets.length ? targets : [ConnectionTarget.PRIMARY]) {
      if (!TARGETS.includes(target)) {
        fail(this, { rule: RuleCode.NETWORK_POLICY_INVALID, property: 'allowFrom', problem: 'not a connection target.', value: show(target), fix: 'use ConnectionTarget values.' });
      }
      if (!this.clientPolicies.has(target)) {
        this.clientPolicies.add(target);
        this.policy(`Clients-${target}`, `${this.cluster.name}-clients-${target}`, () => this.clientPolicy(target));
      }
      if (!this.clients.some((r) => r.target === target && r.peer._key === peer._key)) {
        this.clients.push({ peer, target });
      }
    }
  }

  private policy(id: string, name: string, spec: () => any) {
    registerObject(new ApiObject(this, id, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace: this.cluster.clusterNamespace },
      spec: Lazy.any({ produce: spec }),
    } as ApiObjectProps));
  }

  private get dns(): any[] {
    return [dnsEgress(this.props.dns)];
  }

  private get kubernetesApi(): any {
    return kubernetesApiEgress(this.props.kubernetesApiCidrs, this.props.kubernetesApiPorts);
  }

  private objectStorage(ports: number[]): any {
    return { to: (this.props.objectStorageCidrs ?? ['0.0.0.0/0']).map((cidr) => ({ ipBlock: { cidr } })), ports: ports.map(tcp) };
  }

  /**
   * The operator's pods: its namespace and pod labels when the operator is declared in the app (PostgresOperator
   * or ExternalPostgresOperator), else every pod of `operatorNamespace`.
   */
  private operatorPeer(): any {
    const s = this.settings;
    if (s.operatorNamespace === undefined) return NetworkPeer.podsInNamespace(this.props.operatorNamespace ?? 'postgres-operator')._toJson();
    const labels = s.operatorPodLabels;
    return {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': s.operatorNamespace } },
      ...(Object.keys(labels).length ? { podSelector: { matchLabels: { ...labels } } } : {}),
    };
  }

  private get spiloPods(): any {
    return { podSelector: { matchLabels: this.cluster.endpoints.podSelector } };
  }

  private spiloPolicy(): any {
    const c = this.cluster;
    const f = c.features;
    const ingress: any[] = [
      { from: [this.spiloPods], ports: [tcp(POSTGRES_PORT), tcp(PATRONI_PORT)] },
      { from: [this.operatorPeer()], ports: [tcp(PATRONI_PORT), tcp(POSTGRES_PORT)] },
    ];
    const monitoring = f.monitoring;
    if (monitoring) {
      const ports = [tcp(PATRONI_PORT)];
      if (monitoring.postgresExporter) ports.unshift(tcp(POSTGRES_EXPORTER_PORT));
      if (monitoring.walgExporter) ports.push(tcp(WALG_EXPORTER_PORT));
      ingress.push({ from: [NetworkPeer.podsInNamespace(this.props.monitoringNamespace ?? 'monitoring')._toJson()], ports });
    }
    if (f.pooler) ingress.push({ from: [{ podSelector: { matchLabels: c.endpoints.allPoolerPodsSelector } }], ports: [tcp(POSTGRES_PORT)] });
    if (c.logicalBackup) {
      ingress.push({ from: [{ podSelector: { matchLabels: c.endpoints.logicalBackupPodSelector } }], ports: [tcp(POSTGRES_PORT)] });
    }

    const egress: any[] = [
      ...this.dns,
      this.kubernetesApi,
      { to: [this.spiloPods], ports: [tcp(POSTGRES_PORT), tcp(PATRONI_PORT)] },
    ];
    // Object storage: the archive the cluster writes, and the one it clones from or follows.
    const source = f.dataSource;
    const readsArchive = source?.kind === DataSourceKind.ARCHIVE_CLONE || source?.kind === DataSourceKind.ARCHIVE_STANDBY;
    const archives = [f.archive?.location, readsArchive ? source?.archive : undefined].filter((a): a is BackupLocation => a !== undefined);
    const ports = [...new Set(archives.flatMap((a) => storePorts(a)))].sort((a, b) => a - b);
    if (ports.length) egress.push(this.objectStorage(ports));
    // The node-local token endpoint of keyless credentials (GKE metadata server, Azure IMDS), only when used.
    egress.push(...this.metadataEgress(archives));
    if (source?.kind === DataSourceKind.STREAMING_STANDBY) {
      // A cluster of this app: its Spilo pods; else an address range.
      const to = source.sourceClusterName && source.sourceNamespace
        ? [NetworkPeer.pods(this.settings.clusterSelector(source.sourceClusterName), source.sourceNamespace)._toJson()]
        : (this.props.standbySourceCidrs ?? ['0.0.0.0/0']).map((cidr) => ({ ipBlock: { cidr } }));
      egress.push({ to, ports: [tcp(source.port ?? POSTGRES_PORT)] });
    }
    if (source?.kind === DataSourceKind.BASEBACKUP_CLONE) {
      egress.push({
        to: [{ podSelector: { matchLabels: this.settings.clusterSelector(source.sourceClusterName!) } }],
        ports: [tcp(POSTGRES_PORT)],
      });
    }
    return { podSelector: { matchLabels: c.endpoints.podSelector }, policyTypes: ['Ingress', 'Egress'], ingress, egress };
  }

  /** One rule per node-local token endpoint the archives' credentials need (PLATFORM-FACTS §1), sorted. */
  private metadataEgress(archives: BackupLocation[]): any[] {
    const byCidr = new Map<string, Set<number>>();
    for (const e of archives.flatMap((a) => metadataEndpoints(a.credentials, this.props.gkeDataplane))) {
      byCidr.set(e.cidr, (byCidr.get(e.cidr) ?? new Set()).add(e.port));
    }
    return [...byCidr.keys()].sort().map((cidr) => ({
      to: [{ ipBlock: { cidr } }],
      ports: [...byCidr.get(cidr)!].sort((a, b) => a - b).map(tcp),
    }));
  }

  private poolerPolicy(): any {
    const c = this.cluster;
    return {
      podSelector: { matchLabels: c.endpoints.allPoolerPodsSelector },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{
        from: [
          NetworkPeer.podsInNamespace(this.props.monitoringNamespace ?? 'monitoring')._toJson(),
          // the MonitoringStack's pgbouncer exporters in the cluster's namespace
          {
            podSelector: {
              matchLabels: { [PoolerExporterLabels.NAME]: PoolerExporterLabels.NAME_VALUE, [PoolerExporterLabels.CLUSTER]: c.name },
            },
          },
        ],
        ports: [tcp(POSTGRES_PORT)],
      }],
      egress: [...this.dns, { to: [this.spiloPods], ports: [tcp(POSTGRES_PORT)] }],
    };
  }

  private logicalBackupPolicy(): any {
    return {
      podSelector: { matchLabels: this.cluster.endpoints.logicalBackupPodSelector },
      policyTypes: ['Ingress', 'Egress'],
      egress: [...this.dns, this.kubernetesApi, { to: [this.spiloPods], ports: [tcp(POSTGRES_PORT)] }, this.objectStorage([443])],
    };
  }

  private clientPolicy(target: ConnectionTarget): any {
    const rules = this.clients.filter((r) => r.target === target);
    return {
      podSelector: { matchLabels: this.cluster.endpoints.podSelectorOf(target) },
      policyTypes: ['Ingress'],
      // sorted, so that the order of allowFrom calls does not change the output
      ingress: [{ from: unique(rules.map((r) => r.peer._toJson())).sort(byJson), ports: [tcp(POSTGRES_PORT)] }],
    };
  }
}
