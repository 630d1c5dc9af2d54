/**
 * CrossClusterStandby: the two charts, the External Secrets objects (valid against the ESO schemas) that copy the
 * `postgres` and `standby` Secrets under the names the operator gives the standby's, the network policies of both
 * sides, promotion, and its validation rules.
 */
import { Chart, Duration, Testing } from 'cdk8s';
import { Cluster, PostgresVersion, RuleCode, ServiceExposure } from '../../src';
import { CredentialsTransport, CrossClusterStandby, CrossClusterStandbyProps, SecretStoreKind } from '../../src/dr/cross-cluster-standby';
import { credentialSecretName, spiloModel } from '../../src/model/spilo-model';
import { synthExampleObjects } from '../support/examples';
import { NetworkModel } from '../support/netpol';
import { expectRule, thrownBy } from '../support/rules';
import { expectValid, schemaErrors } from '../support/schema';
import { synthValid, validateConstructs } from '../support/synth';

const PRIMARY_LB = '203.0.113.10';

function primaryApp(networkPolicy: 'before' | 'after' | 'none' = 'none') {
  const app = Testing.app();
  const primaryChart = new Chart(app, 'primary', { namespace: 'db' });
  const primary = new Cluster(primaryChart, 'orders', {
    teamId: 'acid',
    version: PostgresVersion.V17,
    primaryService: ServiceExposure.loadBalancer(),
    allowedSourceRanges: ['198.51.100.0/24'],
  });
  if (networkPolicy === 'before') primary.addNetworkPolicy();
  return { app, primaryChart, primary, addPolicy: () => primary.addNetworkPolicy() };
}

function pair(transport: CredentialsTransport, extra: Partial<CrossClusterStandbyProps> = {}, networkPolicy: 'before' | 'after' | 'none' = 'none') {
  const p = primaryApp(networkPolicy);
  const dr = new CrossClusterStandby(p.app, 'orders-dr', {
    primary: p.primary,
    primaryHost: PRIMARY_LB,
    primaryCidrs: [`${PRIMARY_LB}/32`],
    standbyCidrs: ['198.51.100.0/24'],
    standby: { teamId: 'acid', name: 'acid-orders-dr', clusterNamespace: 'db-dr', instances: 2 },
    credentials: transport,
    ...extra,
  });
  if (networkPolicy === 'after') p.addPolicy();
  return { ...p, dr };
}

const ofKind = (objects: any[], kind: string) => objects.filter((o) => o.kind === kind);
/** The Secret an env var of the operator-built Spilo container reads (independent of the library: the model). */
const secretOf = (pg: any, env: string) => spiloModel(pg).operator.env.find((e) => e.name === env)!.valueFrom.secretKeyRef.name;

describe('credentials pulled by ExternalSecrets on the standby side', () => {
  const built = () => {
    const p = pair(CredentialsTransport.pull('primary-cluster', { storeKind: SecretStoreKind.CLUSTER_SECRET_STORE, refreshInterval: Duration.minutes(15) }));
    const [primaryObjects, standbyObjects, drPrimary] = [p.primaryChart, p.dr.standbyChart, p.dr.primaryChart].map(synthValid);
    return { ...p, primaryObjects, standbyObjects, drPrimary };
  };

  test('two charts: the standby side has the standby and two ExternalSecrets, valid against the ESO schema', () => {
    const { app, standbyObjects, drPrimary } = built();
    expect(app.charts.map((c) => c.node.path).sort()).toEqual(['orders-dr/Primary', 'orders-dr/Standby', 'primary']);
    expect(drPrimary).toEqual([]);
    expect(standbyObjects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(expect.arrayContaining([
      'postgresql/acid-orders-dr', 'ExternalSecret/acid-orders-dr-postgres-credentials', 'ExternalSecret/acid-orders-dr-standby-credentials',
    ]));
    expectValid(ofKind(standbyObjects, 'ExternalSecret'));
    expect(ofKind(standbyObjects, 'ExternalSecret').every((o) => o.apiVersion === 'external-secrets.io/v1' && o.metadata.namespace === 'db-dr')).toBe(true);
  });

  test('the copies carry the names the operator reads for the standby, from the primary\'s Secrets', () => {
    const { primaryObjects, standbyObjects } = built();
    const primaryPg = ofKind(primaryObjects, 'postgresql')[0];
    const standbyPg = ofKind(standbyObjects, 'postgresql')[0];
    const [superuser, replication] = ofKind(standbyObjects, 'ExternalSecret').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    // what the operator puts into the standby's pods, and what it reads on the primary
    expect(superuser.spec.target.name).toBe(secretOf(standbyPg, 'PGPASSWORD_SUPERUSER'));
    expect(replication.spec.target.name).toBe(secretOf(standbyPg, 'PGPASSWORD_STANDBY'));
    expect(superuser.spec.target.name).toBe(credentialSecretName('postgres', 'acid-orders-dr'));
    expect(replication.spec.target.name).toBe('standby.acid-orders-dr.credentials.postgresql.acid.zalan.do');
    for (const [es, env] of [[superuser, 'PGPASSWORD_SUPERUSER'], [replication, 'PGPASSWORD_STANDBY']] as const) {
      expect(es.spec.data).toEqual(['username', 'password'].map((key) => ({ secretKey: key, remoteRef: { key: secretOf(primaryPg, env), property: key } })));
      expect(es.spec).toMatchObject({
        refreshInterval: '15m0s',
        secretStoreRef: { name: 'primary-cluster', kind: 'ClusterSecretStore' },
        target: { creationPolicy: 'Orphan', deletionPolicy: 'Retain' },
      });
      // applied before the postgresql by Argo CD
      expect(es.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-1' });
    }
  });

  test('the standby streams from the primary\'s load balancer and runs its major version', () => {
    const { standbyObjects } = built();
    const pg = ofKind(standbyObjects, 'postgresql')[0];
    expect(pg.spec.standby).toEqual({ standby_host: PRIMARY_LB, standby_port: '5432' });
    expect(pg.spec.postgresql.version).toBe('17');
    expect(pg.metadata.namespace).toBe('db-dr');
    expect(spiloModel(pg).spilo.bootstrap).toMatchObject({ kind: 'standby', host: PRIMARY_LB, port: '5432' });
  });

  test('the ESO schema check catches a broken ExternalSecret (the harness can fail)', () => {
    const [es] = ofKind(built().standbyObjects, 'ExternalSecret');
    expect(schemaErrors(es)).toEqual([]);
    expect(schemaErrors({ ...es, spec: { ...es.spec, data: [{ secretKey: 'password', remoteRef: {} }] } }).length).toBeGreaterThan(0);
    expect(schemaErrors({ ...es, spec: { ...es.spec, target: { ...es.spec.target, creationPolicy: 'Sometimes' } } }).length).toBeGreaterThan(0);
  });
});

describe('credentials pushed by PushSecrets on the primary side', () => {
  test('two PushSecrets next to the primary, valid against the ESO schema, writing the standby\'s names with its labels', () => {
    const p = pair(CredentialsTransport.push('standby-cluster'));
    const pushed = synthValid(p.dr.primaryChart);
    const standbyObjects = synthValid(p.dr.standbyChart);
    expect(ofKind(standbyObjects, 'ExternalSecret')).toEqual([]);
    const secrets = ofKind(pushed, 'PushSecret').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    expect(secrets.map((o) => `${o.apiVersion} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'external-secrets.io/v1alpha1 db/acid-orders-dr-postgres-credentials', 'external-secrets.io/v1alpha1 db/acid-orders-dr-standby-credentials',
    ]);
    expectValid(secrets);
    const primaryPg = ofKind(synthValid(p.primaryChart), 'postgresql')[0];
    const standbyPg = ofKind(standbyObjects, 'postgresql')[0];
    for (const [ps, env] of [[secrets[0], 'PGPASSWORD_SUPERUSER'], [secrets[1], 'PGPASSWORD_STANDBY']] as const) {
      expect(ps.spec.selector).toEqual({ secret: { name: secretOf(primaryPg, env) } });
      expect(ps.spec).toMatchObject({ refreshInterval: '1h0m0s', secretStoreRefs: [{ name: 'standby-cluster', kind: 'SecretStore' }], updatePolicy: 'Replace', deletionPolicy: 'None' });
      expect(ps.spec.data.map((d: any) => d.match)).toEqual(['username', 'password'].map((key) => ({ secretKey: key, remoteRef: { remoteKey: secretOf(standbyPg, env), property: key } })));
      // the copy gets the standby's labels, not the primary's (the provider merges the source's labels by default)
      for (const d of ps.spec.data) {
        expect(d.metadata).toEqual({
          apiVersion: 'kubernetes.external-secrets.io/v1alpha1',
          kind: 'PushSecretMetadata',
          spec: { sourceMergePolicy: 'Replace', labels: { 'application': 'spilo', 'cluster-name': 'acid-orders-dr', 'team': 'acid' } },
        });
      }
    }
  });
});

describe('network policies of both sides', () => {
  const standbyPod = { name: 'acid-orders-dr-0', namespace: 'db-dr', labels: { 'application': 'spilo', 'cluster-name': 'acid-orders-dr', 'spilo-role': 'master' } };
  const primaryPod = { name: 'acid-orders-0', namespace: 'db', labels: { 'application': 'spilo', 'cluster-name': 'acid-orders', 'spilo-role': 'master' } };
  const replicaPod = { ...primaryPod, name: 'acid-orders-1', labels: { ...primaryPod.labels, 'spilo-role': 'replica' } };

  test('the standby may reach the primary\'s load balancer on 5432, and nothing else there', () => {
    const p = pair(CredentialsTransport.pull('primary-cluster'));
    const model = new NetworkModel(synthValid(p.dr.standbyChart), {});
    expect(model.allowed(standbyPod, { ip: PRIMARY_LB }, 5432)).toBe(true);
    expect(model.allowed(standbyPod, { ip: '203.0.113.11' }, 5432)).toBe(false);
    expect(model.allowed(standbyPod, { ip: PRIMARY_LB }, 22)).toBe(false);
  });

  test.each(['before', 'after'] as const)('the primary admits the standby\'s CIDRs on 5432 (its policies created %s the pair)', (when) => {
    const p = pair(CredentialsTransport.pull('primary-cluster'), {}, when);
    const objects = synthValid(p.primaryChart);
    const model = new NetworkModel(objects, {});
    expect(model.allowed({ ip: '198.51.100.7' }, primaryPod, 5432)).toBe(true);
    expect(model.allowed({ ip: '192.0.2.7' }, primaryPod, 5432)).toBe(false);
    expect(model.allowed({ ip: '198.51.100.7' }, replicaPod, 5432)).toBe(false);
    expect(model.allowed({ ip: '198.51.100.7' }, primaryPod, 8008)).toBe(false);
  });

  test('the order does not change the primary\'s policies', () => {
    const before = synthValid(pair(CredentialsTransport.pull('s'), {}, 'before').primaryChart);
    const after = synthValid(pair(CredentialsTransport.pull('s'), {}, 'after').primaryChart);
    expect(after).toEqual(before);
  });

  test('a primary without network policies gets none from the pair (it is not isolated)', () => {
    const objects = synthValid(pair(CredentialsTransport.pull('s')).primaryChart);
    expect(ofKind(objects, 'NetworkPolicy')).toEqual([]);
  });
});

test('promotion is one switch: no standby section, and the credentials are no longer copied', () => {
  const p = pair(CredentialsTransport.pull('primary-cluster'), { promote: true });
  const objects = synthValid(p.dr.standbyChart);
  const pg = ofKind(objects, 'postgresql')[0];
  expect(pg.spec.standby).toBeUndefined();
  expect(ofKind(objects, 'ExternalSecret')).toEqual([]);
  expect(p.dr.standbyCluster.promoted).toBe(true);
  const pushed = pair(CredentialsTransport.push('standby-cluster'), { promote: true });
  expect(ofKind(synthValid(pushed.dr.primaryChart), 'PushSecret')).toEqual([]);
});

describe('validation rules', () => {
  function errorOf(extra: Partial<CrossClusterStandbyProps>, standby: any = { teamId: 'acid', name: 'acid-orders-dr' }): Error {
    const p = primaryApp();
    return thrownBy(() => {
      new CrossClusterStandby(p.app, 'dr', {
        primary: p.primary, primaryHost: PRIMARY_LB, standbyCidrs: ['198.51.100.0/24'], standby, credentials: CredentialsTransport.pull('s'), ...extra,
      });
      p.app.synthYaml();
    });
  }

  test.each([
    ['no standby CIDRs', { standbyCidrs: [] }, undefined, /^ZPG-STANDBY-PAIR-INVALID \[dr\] standbyCidrs: the primary must admit the standby's addresses.*Fix: list the standby cluster's egress/],
    ['another major version', {}, { teamId: 'acid', name: 'acid-orders-dr', version: PostgresVersion.V18 },
      /^ZPG-STANDBY-PAIR-INVALID \[dr\] standby\.version: a standby runs the primary's major version \(17\)\. Got: 18\. Fix: leave standby\.version out/],
    ['an empty list of primary CIDRs', { primaryCidrs: [] }, undefined, /^ZPG-STANDBY-PAIR-INVALID \[dr\] primaryCidrs: an empty list admits nothing/],
    ['not a CredentialsTransport', { credentials: { storeName: 's' } as any }, undefined, /^ZPG-STANDBY-PAIR-INVALID \[dr\] credentials: not a CredentialsTransport/],
  ])('%s', (_name, extra, standby, message) => {
    expectRule(errorOf(extra as Partial<CrossClusterStandbyProps>, standby), RuleCode.STANDBY_PAIR_INVALID, 'dr', [message]);
  });

  test('a store name that is not a Kubernetes name', () => {
    expectRule(errorOf({ credentials: CredentialsTransport.pull('Primary Cluster') }), RuleCode.NAME_INVALID, 'dr', [/^ZPG-NAME-INVALID \[dr\] credentials\.storeName/]);
  });

  test('a bad primary host is the StandbyCluster\'s rule', () => {
    expectRule(errorOf({ primaryHost: 'not a host' }), RuleCode.STANDBY_INVALID, 'dr/Standby/Cluster', [/^ZPG-STANDBY-INVALID \[dr\/Standby\/Cluster\] source\.host/]);
  });

  test('a valid pair passes every check', () => {
    const p = pair(CredentialsTransport.pull('s'));
    for (const chart of p.app.charts) expect(() => validateConstructs(chart)).not.toThrow();
  });
});

describe('the dr-drill example', () => {
  test('stage 1: the drill\'s and rehearsal\'s clones read the cluster\'s archive; the standby gets both Secrets', () => {
    const objects = synthExampleObjects('dr-drill');
    const clones = objects.filter((o) => o.kind === 'ConfigMap' && o.data?.['clone.json'])
      .map((o) => JSON.parse(o.data['clone.json'].replace('1970-01-01T00:00:00+00:00', '2026-04-11T14:30:00+00:00')));
    expect(clones.map((c) => `${c.metadata.name} ${c.spec.postgresql.version}`)).toEqual(['acid-orders-drill 17', 'acid-orders-upgrade 18']);
    for (const clone of clones) {
      const model = spiloModel(clone, { settings: { irsaRoleArn: 'arn:aws:iam::123456789012:role/pg-orders-backup' }, walgVersion: '3.0.6' });
      expect(model.rolls).toEqual([]);
      expect(model.walg.clone).toMatchObject({ store: 's3', tool: 'wal-g', prefix: 's3://acme-pg-backups/spilo/acid-orders/wal/17', credentials: 'web-identity', problems: [] });
    }
    expect(objects.filter((o) => o.kind === 'ExternalSecret').map((o) => o.spec.target.name).sort()).toEqual([
      'postgres.acid-orders.credentials.postgresql.acid.zalan.do', 'standby.acid-orders.credentials.postgresql.acid.zalan.do',
    ]);
  });

  test('stage 2 (DR_PROMOTE=true): the standby is promoted and nothing is copied any more', () => {
    const objects = synthExampleObjects('dr-drill', { DR_PROMOTE: 'true' });
    const standby = objects.filter((o) => o.kind === 'postgresql' && o.metadata.namespace === 'databases' && !o.spec.enableMasterLoadBalancer);
    expect(standby.map((o) => o.spec.standby)).toEqual([undefined]);
    expect(objects.filter((o) => o.kind === 'ExternalSecret')).toEqual([]);
  });
});
