/**
 * Bare metal: k3s with Longhorn storage and MetalLB, as in the seed guide. The primary is exposed on the
 * LAN through a LoadBalancer restricted to the office network; everything else stays inside the cluster.
 *
 *   npm run synth   ->  dist/examples/k3s-longhorn/{platform,k3s-longhorn}.k8s.yaml
 *
 * MetalLB Services SNAT client addresses to node addresses unless the operator's
 * `external_traffic_policy` is `Local`; the NetworkPolicy therefore admits the LAN, which holds both.
 */
import { App, Chart, Size } from 'cdk8s';
import {
  Cluster,
  ClusterSize,
  ConnectionTarget,
  LonghornDataLocality,
  NetworkPeer,
  PlatformStorage,
  PostgresVersion,
  ServiceExposure,
} from 'cdk8s-zalando-postgres';

const app = new App();
const platform = new Chart(app, 'platform');
const chart = new Chart(app, 'k3s-longhorn', { namespace: 'databases' });

// Patroni already keeps 3 copies; 2 Longhorn replicas per volume keep a node loss cheap to repair.
const longhorn = PlatformStorage.longhorn(platform, 'longhorn', {
  numberOfReplicas: 2,
  dataLocality: LonghornDataLocality.BEST_EFFORT,
  staleReplicaTimeoutMinutes: 30,
});

const cluster = new Cluster(chart, 'homelab', {
  teamId: 'ops',
  version: PostgresVersion.V17,
  size: ClusterSize.SMALL,
  storage: Size.gibibytes(50),
  storageClass: longhorn,
  primaryService: ServiceExposure.loadBalancer(),
  allowedSourceRanges: ['192.168.1.0/24'],
  users: [{ name: 'nextcloud' }, { name: 'gitea' }],
  databases: [{ name: 'nextcloud', owner: 'nextcloud' }, { name: 'gitea', owner: 'gitea' }],
});

// k3s serves the API on 6443 from the server nodes.
cluster.addNetworkPolicy({ kubernetesApiCidrs: ['192.168.1.0/24'], kubernetesApiPorts: [6443] });
cluster.allowFrom(NetworkPeer.cidr('192.168.1.0/24'), ConnectionTarget.PRIMARY);
cluster.allowFrom(NetworkPeer.podsInNamespace('apps'), ConnectionTarget.PRIMARY);

app.synth();
