import { ApiObject, ApiObjectProps, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { Certificate } from '../../imports/cert-manager.io';
import { ICluster } from '../cluster/cluster-ref';
import { ConnectionTarget } from '../cluster/endpoints';
import { OperatorSettings } from '../operator/settings';
import { registerObject } from '../validation/chart-objects';
import { checkDnsLabel, checkDnsSubdomain, checkDuration, goDuration } from '../validation/checks';
import { fail, show } from '../validation/errors';
import { RuleCode } from '../validation/rule-code';

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

/** Properties of a `PostgresCertificate`. */
export interface PostgresCertificateProps {
  /** The cluster to serve TLS for. */
  readonly cluster: ICluster;
  /** The issuer that signs the certificate. */
  readonly issuer: IssuerReference;
  /**
   * Secret cert-manager writes. The operator mounts it as a pod volume of the same name, so it must be a
   * DNS-1123 label (no dots).
   * @default `<cluster>-tls`
   */
  readonly secretName?: string;
  /**
   * Lifetime of the certificate (at least 1 hour, whole seconds).
   * @default Duration.days(90)
   */
  readonly duration?: Duration;
  /**
   * How long before expiry cert-manager renews it (shorter than the duration, whole seconds).
   * @default Duration.days(30)
   */
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

/**
 * A cert-manager Certificate for every Service of a cluster (`<c>`, `<c>-repl`, and the poolers' Services
 * when the cluster has them, each also as `.<ns>`, `.<ns>.svc` and `.<ns>.svc.<cluster_domain>`), wired into the
 * cluster's TLS feature (Secret mounted at /tls, CA from the Secret's `ca.crt`), with
 * `ssl_min_protocol_version` and the fsGroup (103) Spilo needs to read the key. Clients can then use
 * `sslmode=verify-full`. One certificate per cluster.
 */
export class PostgresCertificate extends Construct {
  /**
   * pg_hba.conf requiring TLS for remote connections (Spilo's own rules, with scram-sha-256), rendered when
   * `requireTls` is on. The replication rules name `standby`: they are rendered with the operator's
   * `replication_username`.
   */
  public static readonly TLS_PG_HBA: string[] = [
    'local all all trust',
    'local replication standby trust',
    'host all all 127.0.0.1/32 scram-sha-256',
    'host all all ::1/128 scram-sha-256',
    'hostssl replication standby all scram-sha-256',
    'hostnossl all all all reject',
    'hostssl all +zalandos all pam',
    'hostssl all all all scram-sha-256',
  ];

  /** Secret cert-manager writes (`tls.crt`, `tls.key`, `ca.crt`). */
  public readonly secretName: string;
  /** The Certificate. */
  public readonly resource: ApiObject;
  private readonly cluster: ICluster;

  constructor(scope: Construct, id: string, props: PostgresCertificateProps) {
    super(scope, id);
    const { cluster } = props;
    this.cluster = cluster;
    this.secretName = props.secretName ?? `${cluster.name}-tls`;
    checkDnsLabel(this, 'secretName', this.secretName, 'Secret name (the operator mounts it as a volume of that name)', 'use a name without dots, e.g. "pg-tls".');
    checkDnsSubdomain(this, 'issuer.name', props.issuer?.name, 'issuer name', 'name your cert-manager Issuer or ClusterIssuer.');
    const kind = props.issuer.kind ?? IssuerKind.CLUSTER_ISSUER;
    if (!(Object.values(IssuerKind) as string[]).includes(kind)) {
      fail(this, { rule: RuleCode.CERTIFICATE_INVALID, property: 'issuer.kind', problem: 'not an issuer kind.', value: show(kind), fix: 'use IssuerKind.ISSUER or IssuerKind.CLUSTER_ISSUER.' });
    }
    if (props.issuer.group !== undefined) checkDnsSubdomain(this, 'issuer.group', props.issuer.group, 'API group', 'e.g. "cert-manager.io".');
    const minTls = props.minTlsVersion ?? TlsVersion.TLS_1_2;
    if (!(Object.values(TlsVersion) as string[]).includes(minTls)) {
      fail(this, { rule: RuleCode.CERTIFICATE_INVALID, property: 'minTlsVersion', problem: 'not a TLS version PostgreSQL accepts here.', value: show(minTls), fix: 'use TlsVersion.TLS_1_2 or TLS_1_3.' });
    }
    const range = { stepMillis: 1000, maxMillis: 100 * 365 * 86_400_000 };
    const duration = checkDuration(this, 'duration', props.duration ?? Duration.days(90), { ...range, minMillis: 3_600_000, fix: 'use e.g. Duration.days(90) (cert-manager requires at least 1 hour).' });
    const renewBefore = checkDuration(this, 'renewBefore', props.renewBefore ?? Duration.days(30), { ...range, minMillis: 1000, fix: 'use e.g. Duration.days(30).' });
    if (renewBefore >= duration) {
      fail(this, {
        rule: RuleCode.CERTIFICATE_INVALID,
        property: 'renewBefore',
        problem: 'must be shorter than the duration, or cert-manager renews continuously.',
        value: `${goDuration(renewBefore)} of ${goDuration(duration)}`,
        fix: 'e.g. duration 90 days, renewBefore 30 days.',
      });
    }
    const ns = cluster.clusterNamespace;
    this.resource = registerObject(new ApiObject(this, 'Resource', {
      ...Certificate.GVK,
      metadata: { name: `${cluster.name}-tls`, namespace: ns },
      spec: {
        secretName: this.secretName,
        commonName: cluster.endpoints.serviceName(ConnectionTarget.PRIMARY),
        dnsNames: Lazy.any({ produce: () => this.dnsNames }),
        duration: goDuration(duration),
        renewBefore: goDuration(renewBefore),
        issuerRef: { name: props.issuer.name, kind, group: props.issuer.group ?? 'cert-manager.io' },
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
        usages: ['server auth', 'digital signature', 'key encipherment'],
      },
    } as ApiObjectProps));

    cluster.features.registerTls(this, {
      secretName: this.secretName,
      certificateFile: 'tls.crt',
      privateKeyFile: 'tls.key',
      caFile: 'ca.crt',
      minProtocolVersion: minTls,
      pgHba: props.requireTls ?? true ? [...PostgresCertificate.TLS_PG_HBA] : undefined,
      coversServices: true,
    });
  }

  /** DNS names of the certificate: every Service of the cluster that exists, in every form a client may use. */
  public get dnsNames(): string[] {
    const pooler = this.cluster.features.pooler;
    const targets = [ConnectionTarget.PRIMARY, ConnectionTarget.REPLICA];
    if (pooler?.primary) targets.push(ConnectionTarget.POOLER);
    if (pooler?.replica) targets.push(ConnectionTarget.REPLICA_POOLER);
    const ns = this.cluster.clusterNamespace;
    // the full name with the operator's cluster_domain (read when asked: the dnsNames are rendered at synth time)
    const domain = OperatorSettings.forCluster(this.cluster).clusterDomain;
    return targets.map((t) => this.cluster.endpoints.serviceName(t))
      .flatMap((s) => (ns ? [s, `${s}.${ns}`, `${s}.${ns}.svc`, `${s}.${ns}.svc.${domain}`] : [s]));
  }
}
