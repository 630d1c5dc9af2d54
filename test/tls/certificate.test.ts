import { Duration } from 'cdk8s';
import { Cluster, ExternalPostgresOperator, IssuerKind, PostgresCertificate, TlsVersion } from '../../src';
import { newChart, only, synthValid } from '../support/synth';

describe('PostgresCertificate', () => {
  test('under an operator with its own replication user and cluster domain, the pg_hba and the DNS names follow them', () => {
    const { chart } = newChart();
    const cluster = new Cluster(chart, 'main', { teamId: 'acid' });
    new PostgresCertificate(chart, 'Tls', { cluster, issuer: { name: 'internal-ca' } });
    // declared after the certificate: read at synth time
    new ExternalPostgresOperator(chart, 'operator', { configUsers: { replicationUsername: 'replicator' }, configKubernetes: { clusterDomain: 'k8s.example' } });
    const objects = synthValid(chart);
    const hba: string[] = only(objects, 'postgresql').spec.patroni.pg_hba;
    expect(hba.filter((r) => / replication /.test(r))).toEqual(['local replication replicator trust', 'hostssl replication replicator all scram-sha-256']);
    expect(only(objects, 'Certificate').spec.dnsNames).toContain('acid-main.db.svc.k8s.example');
    expect(only(objects, 'Certificate').spec.dnsNames.filter((n: string) => n.endsWith('cluster.local'))).toEqual([]);
  });

  test('covers every Service name, wires tls, the minimum TLS version and a TLS-only pg_hba', () => {
    const { chart } = newChart();
    const cluster = new Cluster(chart, 'main', { teamId: 'acid' });
    const cert = new PostgresCertificate(chart, 'Tls', { cluster, issuer: { name: 'internal-ca' }, minTlsVersion: TlsVersion.TLS_1_3 });
    // added after the certificate: its Services are covered all the same
    cluster.addConnectionPooler({ replica: true });
    const objects = synthValid(chart);
    const certificate = only(objects, 'Certificate');
    const names = (s: string) => [s, `${s}.db`, `${s}.db.svc`, `${s}.db.svc.cluster.local`];
    expect(certificate).toEqual({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'acid-main-tls', namespace: 'db' },
      spec: {
        secretName: 'acid-main-tls',
        commonName: 'acid-main',
        dnsNames: [...names('acid-main'), ...names('acid-main-repl'), ...names('acid-main-pooler'), ...names('acid-main-pooler-repl')],
        duration: '2160h0m0s',
        renewBefore: '720h0m0s',
        issuerRef: { name: 'internal-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' },
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
        usages: ['server auth', 'digital signature', 'key encipherment'],
      },
    });
    const spec = only(objects, 'postgresql').spec;
    expect(spec.tls).toEqual({ secretName: 'acid-main-tls', certificateFile: 'tls.crt', privateKeyFile: 'tls.key', caFile: 'ca.crt' });
    expect(spec.spiloFSGroup).toBe(103);
    expect(spec.postgresql.parameters.ssl_min_protocol_version).toBe('TLSv1.3');
    expect(spec.patroni.pg_hba).toEqual([
      'local all all trust',
      'local replication standby trust',
      'host all all 127.0.0.1/32 scram-sha-256',
      'host all all ::1/128 scram-sha-256',
      'hostssl replication standby all scram-sha-256',
      'hostnossl all all all reject',
      'hostssl all +zalandos all pam',
      'hostssl all all all scram-sha-256',
    ]);
    expect(cert.dnsNames).toHaveLength(16);
  });

  test('options: issuer kind, secret, durations; pg_hba left to Spilo', () => {
    const { chart } = newChart();
    const cluster = new Cluster(chart, 'main', { teamId: 'acid', hardened: false });
    new PostgresCertificate(chart, 'Tls', {
      cluster, issuer: { name: 'ns-ca', kind: IssuerKind.ISSUER }, secretName: 'pg-cert', duration: Duration.days(30), renewBefore: Duration.hours(240), requireTls: false,
    });
    const objects = synthValid(chart);
    const c = only(objects, 'Certificate').spec;
    expect([c.secretName, c.issuerRef.kind, c.duration, c.renewBefore]).toEqual(['pg-cert', 'Issuer', '720h0m0s', '240h0m0s']);
    const spec = only(objects, 'postgresql').spec;
    expect(spec.patroni.pg_hba).toBeUndefined();
    expect(spec.spiloFSGroup).toBe(103);
    expect(spec.postgresql.parameters.ssl_min_protocol_version).toBe('TLSv1.2');
  });

  test('bad input', () => {
    const { chart } = newChart();
    const cluster = new Cluster(chart, 'main', { teamId: 'acid' });
    expect(() => new PostgresCertificate(chart, 'A', { cluster, issuer: { name: 'ca' }, renewBefore: Duration.days(100) }))
      .toThrow(/\[test\/A\] renewBefore: must be shorter than the duration/);
    expect(() => new PostgresCertificate(chart, 'B', { cluster, issuer: { name: '' } })).toThrow(/ZPG-NAME-INVALID \[test\/B\] issuer.name: not a valid issuer name/);
    const c2 = newChart();
    const other = new Cluster(c2.chart, 'other', { teamId: 'acid', patroni: { pgHba: ['local all all trust', 'hostssl replication standby all md5'] } });
    new PostgresCertificate(c2.chart, 'C', { cluster: other, issuer: { name: 'ca' } });
    expect(() => synthValid(c2.chart)).toThrow(/ZPG-PG-HBA-INVALID \[test\/other\] patroni.pgHba: the certificate requires TLS with its own pg_hba rules/);
  });
});
