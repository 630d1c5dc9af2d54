/**
 * Creation order never changes the output: the same app built with its operator, pooler, backup, restore,
 * monitoring, TLS, network policies and restore drills created in any order synthesizes byte-identical YAML.
 */
import { App, Chart, Size, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  BackupCredentials,
  BackupLocation,
  BackupStorage,
  Cluster,
  ConnectionTarget,
  DrillCheck,
  ExternalPostgresOperator,
  GrafanaDashboards,
  MonitoringStack,
  NetworkPeer,
  PointInTime,
  PostgresCertificate,
  PostgresVersion,
  Restore,
  RestoreDrill,
  UpgradeRehearsal,
  WalgBackup,
} from '../../src';

type Step = (ctx: { chart: Chart; main: Cluster; clone: Cluster }) => void;

const IRSA_ROLE = 'arn:aws:iam::123456789012:role/pg-backup';

const steps: { [name: string]: Step } = {
  // the operator, with its own label names, Secret names, users, namespace and pod ServiceAccount: declared first or last
  operator: ({ chart }) => new ExternalPostgresOperator(chart, 'operator', {
    controllerId: 'second',
    operatorNamespace: 'zalando',
    releaseName: 'pg',
    podServiceAccountName: 'spilo-pods',
    configKubernetes: {
      clusterNameLabel: 'pg-cluster',
      podRoleLabel: 'pg-role',
      clusterLabels: { application: 'db' },
      secretNameTemplate: '{username}.{cluster}.pg-credentials',
    },
    configUsers: { superUsername: 'dba' },
    // IRSA needs the operator's irsa_role_arn to be the backup role (one role per operator)
    configAwsOrGcp: { irsaRoleArn: IRSA_ROLE },
  }),
  cloneBackup: ({ chart, clone }) => new WalgBackup(chart, 'CloneBackup', {
    cluster: clone,
    storage: BackupStorage.gcs({ bucket: 'pg-clone-backups' }),
    credentials: BackupCredentials.gkeWorkloadIdentity('pg-backup@acme.iam.gserviceaccount.com'),
  }),
  pooler: ({ main }) => main.addConnectionPooler({ replica: true }),
  backup: ({ chart, main }) => new WalgBackup(chart, 'Backup', {
    cluster: main,
    storage: BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-west-1' }),
    credentials: BackupCredentials.awsIrsa(IRSA_ROLE),
  }),
  monitoring: ({ chart, main }) => new MonitoringStack(chart, 'Monitoring', { cluster: main, labels: { release: 'kps' } }),
  cloneMonitoring: ({ chart, clone }) => new MonitoringStack(chart, 'CloneMonitoring', { cluster: clone }),
  tls: ({ chart, main }) => new PostgresCertificate(chart, 'Tls', { cluster: main, issuer: { name: 'internal-ca' } }),
  network: ({ main }) => main.addNetworkPolicy({ kubernetesApiCidrs: ['10.0.0.0/16'] }),
  clientsA: ({ main }) => main.allowFrom(NetworkPeer.pods({ app: 'api' }, 'shop'), ConnectionTarget.POOLER, ConnectionTarget.PRIMARY),
  clientsB: ({ main }) => main.allowFrom(NetworkPeer.podsInNamespace('reporting'), ConnectionTarget.REPLICA_POOLER, ConnectionTarget.POOLER),
  cloneNetwork: ({ clone }) => clone.addNetworkPolicy(),
  dashboards: ({ chart }) => new GrafanaDashboards(chart, 'Dashboards'),
  // drills read the backup, the operator and the cluster's endpoints: before or after them
  drill: ({ chart, main }) => new RestoreDrill(chart, 'Drill', { cluster: main, storage: Size.gibibytes(20), checks: [DrillCheck.minimumRows('public.orders', 1)] }),
  rehearsal: ({ chart, main }) => new UpgradeRehearsal(chart, 'Rehearsal', { cluster: main, storage: Size.gibibytes(20), upgradeTo: PostgresVersion.V18 }),
};

function synth(order: string[]): string {
  const app: App = Testing.app();
  const chart = new Chart(app, 'db', { namespace: 'db' });
  const main = new Cluster(chart, 'main', { teamId: 'acid', version: PostgresVersion.V17, controllerId: 'second' });
  const location = BackupWithLocation.location();
  const clone = new Cluster(chart, 'restored', {
    teamId: 'acid',
    version: PostgresVersion.V17,
    controllerId: 'second',
    restore: Restore.fromBackup(location, PointInTime.parse('2026-04-11T14:30:00+00:00')),
  });
  for (const name of order) steps[name]({ chart, main, clone });
  return app.synthYaml();
}

/** The archive the restored cluster reads (the one WalgBackup writes for acid-main). */
class BackupWithLocation {
  public static location() {
    return BackupLocation.of({
      storage: BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-west-1' }),
      credentials: BackupCredentials.awsIrsa(IRSA_ROLE),
      clusterName: 'acid-main',
      version: PostgresVersion.V17,
    });
  }
}

describe('creation order', () => {
  const names = Object.keys(steps);
  const reference = synth(names);

  test('the reference app renders every add-on', () => {
    for (const fragment of ['kind: PrometheusRule', 'acid-main-pooler-repl-exporter', 'kind: Certificate', 'acid-main-clients-replica-pooler',
      'WALG_S3_PREFIX', 'CLONE_WALG_S3_PREFIX', 'zalando-pg-overview-dashboard', 'PostgresWalArchivingFailing', 'acid-restored-spilo',
      // the operator's settings, whenever it is declared
      'pg-cluster: acid-main', 'pg-role: master', '__meta_kubernetes_pod_label_pg_role', 'name: pooler.acid-main.pg-credentials',
      'name: spilo-pods', 'app.kubernetes.io/instance: pg', 'kubernetes.io/metadata.name: zalando',
      // the drills, and their clones rendered for the same operator
      'name: acid-main-drill', 'name: acid-main-upgrade', 'pooler.acid-main.pg-credentials', 'dba.acid-main-drill.pg-credentials']) {
      expect(reference).toContain(fragment);
    }
  });

  test('no label, selector or Secret name of the operator\'s defaults is left', () => {
    for (const fragment of ['cluster-name', 'spilo-role', 'application: spilo\n', 'credentials.postgresql.acid.zalan.do', 'postgres-pod']) {
      expect([fragment, reference.includes(fragment)]).toEqual([fragment, false]);
    }
  });

  test('reversed order gives byte-identical YAML', () => {
    expect(synth([...names].reverse())).toEqual(reference);
  });

  test('monitoring and network policies before the pooler and the backup still see them', () => {
    const yaml = synth(['drill', 'monitoring', 'network', 'tls', 'clientsB', 'clientsA', 'pooler', 'rehearsal', 'backup', 'cloneMonitoring', 'cloneNetwork', 'dashboards',
      'cloneBackup', 'operator']);
    expect(yaml).toEqual(reference);
  });

  test('any permutation gives byte-identical YAML (property)', () => {
    fc.assert(fc.property(fc.shuffledSubarray(names, { minLength: names.length, maxLength: names.length }), (order) => {
      expect(synth(order)).toEqual(reference);
    }), { numRuns: Number(process.env.ORDER_RUNS ?? 40), seed: 424242 });
  });

  test('synthesizing twice gives the same YAML', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'db', { namespace: 'db' });
    const main = new Cluster(chart, 'main', { teamId: 'acid' });
    main.addConnectionPooler();
    new MonitoringStack(chart, 'M', { cluster: main });
    expect(app.synthYaml()).toEqual(app.synthYaml());
  });

  test('adding the same pooler twice is idempotent', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'db', { namespace: 'db' });
    const main = new Cluster(chart, 'main', { teamId: 'acid' });
    const a = main.addConnectionPooler({ replica: true });
    const b = main.addConnectionPooler({ replica: true });
    expect(b).toBe(a);
    expect(app.synthYaml()).toContain('enableReplicaConnectionPooler: true');
  });
});
