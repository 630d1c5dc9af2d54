/**
 * Default-deny egress and keyless credentials (issue 10, item 7; PLATFORM-FACTS §1): each keyless kind whose
 * token endpoint is node-local reaches exactly that endpoint, and nothing else is opened compared with the same
 * cluster using static keys from a Secret. Evaluated with the NetworkPolicy semantics model (test/support/netpol).
 *
 * Expected endpoints, from PLATFORM-FACTS §1: GKE Workload Identity 169.254.169.254/32 TCP 80 on Dataplane V2 and
 * 169.254.169.252/32 TCP 988 on the legacy dataplane (Google's "About Workload Identity Federation for GKE"); the
 * Azure managed identity IMDS at 169.254.169.254 TCP 80; IRSA (STS) and Azure service principals (Entra ID) only
 * need 443, already open for the store. EKS Pod Identity (169.254.170.23:80) is not offered: its variables never
 * reach WAL-G in Spilo (test/model/spilo-model.test.ts).
 */
import {
  BackupCredentials,
  BackupLocation,
  BackupStorage,
  Cluster,
  ClusterNetworkPolicyOptions,
  PointInTime,
  PostgresVersion,
  Restore,
  StandbyCluster,
  StandbySource,
  WalgBackup,
} from '../../src';
import { GkeDataplane } from '../../src/backup/metadata-endpoints';
import { External, NetworkModel, Pod } from '../support/netpol';
import { newChart, only, synthValid } from '../support/synth';

const V = PostgresVersion.V17;
const ROLE = 'arn:aws:iam::123456789012:role/pg-backup';
const spilo = (cluster: string): Pod => ({
  name: `${cluster}-0`, namespace: 'db', labels: { 'application': 'spilo', 'cluster-name': cluster, 'spilo-role': 'master', 'team': 'acid' },
});

/** Destinations a Spilo pod might try: the link-local metadata addresses of every cloud, and the internet. */
const IPS = ['169.254.169.254', '169.254.169.252', '169.254.170.23', '169.254.170.2', '127.0.0.1', '93.184.216.34'];
const PORTS = [22, 53, 80, 443, 987, 988, 2703, 5432, 8080, 9000];

function reachable(objects: any[], pod: Pod): Set<string> {
  const net = new NetworkModel(objects, {});
  const out = new Set<string>();
  for (const ip of IPS) {
    for (const port of PORTS) {
      if (net.allowed(pod, { ip } as External, port)) out.add(`${ip}:${port}`);
      if (port === 53 && net.allowed(pod, { ip } as External, port, 'UDP')) out.add(`${ip}:${port}/udp`);
    }
  }
  return out;
}

type Use = 'backup' | 'clone' | 'standby';

/** A cluster of `use` with these credentials on `storage`, its network policies, and what its primary reaches. */
function egress(use: Use, storage: BackupStorage, credentials: BackupCredentials, options: ClusterNetworkPolicyOptions = {}): Set<string> {
  const { chart } = newChart('db', { operator: { configAwsOrGcp: { irsaRoleArn: ROLE } } });
  const location = BackupLocation.of({ storage, credentials, clusterName: 'acid-source', version: V });
  let cluster: Cluster;
  if (use === 'backup') {
    cluster = new Cluster(chart, 'main', { teamId: 'acid', version: V });
    new WalgBackup(chart, 'Backup', { cluster, storage, credentials });
  } else if (use === 'clone') {
    cluster = new Cluster(chart, 'main', { teamId: 'acid', version: V, restore: Restore.fromBackup(location, PointInTime.parse('2026-04-11T14:30:00+00:00')) });
  } else {
    cluster = new StandbyCluster(chart, 'main', { teamId: 'acid', version: V, source: StandbySource.fromArchive(location) });
  }
  cluster.addNetworkPolicy(options);
  return reachable(synthValid(chart), spilo('acid-main'));
}

const difference = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x)).sort();

const gcs = () => BackupStorage.gcs({ bucket: 'pg-backups' });
const azure = () => BackupStorage.azure({ storageAccount: 'pgbackups', container: 'wal' });
const s3 = () => BackupStorage.s3({ bucket: 'pg-backups', region: 'us-east-1' });
const wi = () => BackupCredentials.gkeWorkloadIdentity('pg-backup@proj.iam.gserviceaccount.com');

describe('keyless credentials reach their token endpoint and nothing else new', () => {
  test.each([
    ['GKE Workload Identity, Dataplane V2', gcs, wi, { gkeDataplane: GkeDataplane.V2 }, ['169.254.169.254:80']],
    ['GKE Workload Identity, legacy dataplane', gcs, wi, { gkeDataplane: GkeDataplane.LEGACY }, ['169.254.169.252:988']],
    ['GKE Workload Identity, dataplane not given (both)', gcs, wi, {}, ['169.254.169.252:988', '169.254.169.254:80']],
    ['Azure managed identity (IMDS)', azure, () => BackupCredentials.azureManagedIdentity(), {}, ['169.254.169.254:80']],
    ['Azure service principal (Entra ID on 443, already open)', azure, () => BackupCredentials.azureServicePrincipal('az-sp'), {}, []],
    ['AWS IRSA (STS on 443, already open)', s3, () => BackupCredentials.awsIrsa(ROLE), {}, []],
  ] as const)('%s', (_name, storage, credentials, options, expected) => {
    const uses: Use[] = storage().kind === 'azure' ? ['backup', 'clone'] : ['backup', 'clone', 'standby'];
    for (const use of uses) {
      const keyless = egress(use, storage(), credentials(), options);
      const keys = egress(use, storage(), BackupCredentials.fromSecret('keys'), options);
      expect({ use, opened: difference(keyless, keys), closed: difference(keys, keyless) }).toEqual({ use, opened: expected, closed: [] });
    }
  });

  test('with static keys the metadata addresses are reachable only on 443 (the store and Kubernetes API rules, 0.0.0.0/0 by default)', () => {
    for (const [storage, use] of [[gcs, 'backup'], [azure, 'clone'], [s3, 'standby']] as const) {
      const keys = egress(use, storage(), BackupCredentials.fromSecret('keys'));
      expect([...keys].filter((d) => d.startsWith('169.254.') || d.startsWith('93.')).sort()).toEqual([
        '169.254.169.252:443', '169.254.169.254:443', '169.254.170.23:443', '169.254.170.2:443', '93.184.216.34:443',
      ]);
    }
  });

  test('a promoted standby no longer reads the archive: its credentials open no metadata port', () => {
    const { chart } = newChart();
    const location = BackupLocation.of({ storage: gcs(), credentials: wi(), clusterName: 'acid-source', version: V });
    new StandbyCluster(chart, 'main', { teamId: 'acid', version: V, source: StandbySource.fromArchive(location), promote: true }).addNetworkPolicy();
    expect([...reachable(synthValid(chart), spilo('acid-main'))].filter((d) => d.startsWith('169.254.') && !d.endsWith(':443'))).toEqual([]);
  });

  test('the rules are rendered once per endpoint, sorted, next to the object storage rule', () => {
    const { chart } = newChart();
    const source = BackupLocation.of({ storage: gcs(), credentials: wi(), clusterName: 'acid-source', version: V });
    const restore = Restore.fromBackup(source, PointInTime.parse('2026-04-11T14:30:00+00:00'));
    const cluster = new Cluster(chart, 'main', { teamId: 'acid', version: V, restore });
    new WalgBackup(chart, 'Backup', { cluster, storage: gcs(), credentials: wi() });
    cluster.addNetworkPolicy();
    const policy = only(synthValid(chart), 'NetworkPolicy', 'acid-main-spilo');
    expect(policy.spec.egress.slice(-3)).toEqual([
      { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] },
      { to: [{ ipBlock: { cidr: '169.254.169.252/32' } }], ports: [{ protocol: 'TCP', port: 988 }] },
      { to: [{ ipBlock: { cidr: '169.254.169.254/32' } }], ports: [{ protocol: 'TCP', port: 80 }] },
    ]);
  });

  test('a GKE dataplane that is not one is a validation error', () => {
    const { chart } = newChart();
    const cluster = new Cluster(chart, 'main', { teamId: 'acid' });
    expect(() => cluster.addNetworkPolicy({ gkeDataplane: 'v3' as GkeDataplane }))
      .toThrow(/^ZPG-NETWORK-POLICY-INVALID \[test\/main\/NetworkPolicy\] gkeDataplane: not a GKE dataplane. Got: "v3". Fix: use GkeDataplane.V2 or GkeDataplane.LEGACY/);
  });
});
