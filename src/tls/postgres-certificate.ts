import { ApiObject, ApiObjectProps, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Certificate } from '../../imports/cert-manager.io';
import type { Cluster } from '../cluster/cluster';
import { ConnectionTarget } from '../cluster/cluster';
import { fail, show } from '../validation/errors';
import { Patterns } from '../validation/patterns';

/** Kind of a cert-manager issuer. */
export enum IssuerKind {
  ISSUER = 'Issuer',
  CLUSTER_ISSUER = 'ClusterIssuer',
}

/** Lowest TLS version PostgreSQL accepts. */
export enum TlsVersion {
  TLS_1_2 = 'TLSv1.2',
  TLS_1_3 = 'TLSv1.3',
}

/** A cert-manager issuer. */
export interface IssuerReference {
  /** Issuer name. */
  readonly name: string;
  /** @default IssuerKind.CLUSTER_ISSUER */
  readonly kind?: IssuerKind;
  /** @default cert-manager.io */
  readonly group?: string;
}

/** Properties of a {@link PostgresCertificate}. */
export interface PostgresCertificateProps {
  /** The cluster to serve TLS for. */
  readonly cluster: Cluster;
  /** The issuer that signs the certificate. */
  readonly issuer: IssuerReference;
  /** @default `<cluster>-tls` */
  readonly secretName?: string;
  /** @default Duration.days(90) */
  readonly duration?: Duration;
  /** @default Duration.days(30) */
  readonly renewBefore?: Duration;
  /** @default TlsVersion.TLS_1_2 */
  readonly minTlsVersion?: TlsVersion;
  /**
   * Render pg_hba.conf explicitly: TLS (scram-sha-256) for every remote connection, non-TLS remote
   * connections rejected, local socket and loopback access for Spilo's own tools and sidecars kept.
   * @default true
   */
  readonly requireTls?: boolean;
}

/** pg_hba.conf requiring TLS for remote connections (Spilo's own rules, with scram-sha-256). */
export const TLS_PG_HBA = [
  'local all all trust',
  'local replication standby trust',
  'host all all 127.0.0.1/32 scram-sha-256',
  'host all all ::1/128 scram-sha-256',
  'hostssl replication standby all scram-sha-256',
  'hostnossl all all all reject',
  'hostssl all +zalandos all pam',
  'hostssl all all all scram-sha-256',
];

/**
 * A cert-manager Certificate for every Service of a cluster (`<c>`, `<c>-repl`, `<c>-pooler`,
 * `<c>-pooler-repl`, each also as `.<ns>`, `.<ns>.svc` and `.<ns>.svc.cluster.local`), wired into the
 * cluster's `tls` (Secret mounted at /tls, CA from the Secret's `ca.crt`), with `ssl_min_protocol_version`
 * and the fsGroup (103) Spilo needs to read the key. Clients can then use `sslmode=verify-full`.
 */
export class PostgresCertificate extends Construct {
  /** Secret cert-manager writes (`tls.crt`, `tls.key`, `ca.crt`). */
  public readonly secretName: string;
  /** DNS names of the certificate. */
  public readonly dnsNames: string[];
  /** The Certificate. */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: PostgresCertificateProps) {
    super(scope, id);
    const { cluster } = props;
    this.secretName = props.secretName ?? `${cluster.name}-tls`;
    if (!Patterns.DNS_1123_SUBDOMAIN.test(this.secretName)) {
      fail(this, { property: 'secretName', problem: 'not a Secret name.', value: show(this.secretName), fix: 'use a DNS-1123 name.' });
    }
    if (!props.issuer.name) fail(this, { property: 'issuer.name', problem: 'must not be empty.', fix: 'name your cert-manager Issuer or ClusterIssuer.' });
    const duration = props.duration ?? Duration.days(90);
    const renewBefore = props.renewBefore ?? Duration.days(30);
    if (renewBefore.toMinutes() >= duration.toMinutes()) {
      fail(this, {
        property: 'renewBefore',
        problem: 'must be shorter than the duration, or cert-manager renews continuously.',
        value: `${renewBefore.toHumanString()} of ${duration.toHumanString()}`,
        fix: 'e.g. duration 90 days, renewBefore 30 days.',
      });
    }
    const ns = cluster.namespace;
    const services = [ConnectionTarget.PRIMARY, ConnectionTarget.REPLICA, ConnectionTarget.POOLER, ConnectionTarget.REPLICA_POOLER]
      .map((t) => cluster.serviceName(t));
    this.dnsNames = services.flatMap((s) => (ns ? [s, `${s}.${ns}`, `${s}.${ns}.svc`, `${s}.${ns}.svc.cluster.local`] : [s]));

    this.resource = new ApiObject(this, 'Resource', {
      ...Certificate.GVK,
      metadata: { name: `${cluster.name}-tls`, namespace: ns },
      spec: {
        secretName: this.secretName,
        commonName: services[0],
        dnsNames: this.dnsNames,
        duration: goDuration(duration),
        renewBefore: goDuration(renewBefore),
        issuerRef: { name: props.issuer.name, kind: props.issuer.kind ?? IssuerKind.CLUSTER_ISSUER, group: props.issuer.group ?? 'cert-manager.io' },
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
        usages: ['server auth', 'digital signature', 'key encipherment'],
      },
    } as ApiObjectProps);

    cluster.setSpecField(this, 'tls', { secretName: this.secretName, certificateFile: 'tls.crt', privateKeyFile: 'tls.key', caFile: 'ca.crt' });
    cluster.addParameter(this, 'ssl_min_protocol_version', props.minTlsVersion ?? TlsVersion.TLS_1_2);
    if (props.requireTls ?? true) cluster.setPgHba(this, TLS_PG_HBA);
  }
}

function goDuration(d: Duration): string {
  const minutes = d.toMinutes({ integral: false });
  return `${Math.floor(minutes / 60)}h${Math.round(minutes % 60)}m0s`;
}
