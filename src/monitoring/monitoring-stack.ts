import { ApiObject, ApiObjectProps, Duration, Size } from 'cdk8s';
import { ContainerResources, Cpu, k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AlertThresholds, buildRules, ClusterTopology, RuleGroups } from './rules';
import { PodMonitor, PrometheusRule, ServiceMonitor } from '../../imports/monitoring.coreos.com';
import type { Cluster } from '../cluster/cluster';
import { ConnectionTarget } from '../cluster/cluster';
import {
  credentialsSecretName,
  PATRONI_PORT,
  PGBOUNCER_EXPORTER_PORT,
  PoolerExporterLabels,
  POSTGRES_EXPORTER_PORT,
  POSTGRES_PORT,
  WALG_EXPORTER_PORT,
} from '../cluster/naming';
import { fail, show, ValidationError } from '../validation/errors';

/** postgres_exporter image (pinned). */
export const POSTGRES_EXPORTER_IMAGE = 'quay.io/prometheuscommunity/postgres-exporter:v0.20.1';
/** pgbouncer_exporter image (pinned). */
export const PGBOUNCER_EXPORTER_IMAGE = 'quay.io/prometheuscommunity/pgbouncer-exporter:v0.10.2';

/** How Prometheus Operator discovers the targets. */
export enum MonitorKind {
  /** PodMonitors selecting the pods directly (follows failovers without moving targets). */
  POD_MONITOR = 'PodMonitor',
  /** A headless metrics Service per cluster and ServiceMonitors. */
  SERVICE_MONITOR = 'ServiceMonitor',
}

/**
 * The wal-g exporter sidecar (thedatabaseme/wal-g-exporter): base backup and archive metrics from
 * `wal-g backup-list` and `wal-g wal-verify`, reported by the primary only. It reads Spilo's WAL-G
 * environment from `/run/etc/wal-e.d/env`, so `/run/etc` becomes a volume shared by the postgres
 * container and the sidecar (the exporter's documented setup).
 */
export interface WalgExporterOptions {
  /** Image, pinned to a tag or digest you have vetted (the project publishes no versioned tags). */
  readonly image: string;
}

/** Properties of a {@link MonitoringStack}. */
export interface MonitoringStackProps {
  /** The cluster to monitor. Create the MonitoringStack after its pooler and backups. */
  readonly cluster: Cluster;
  /**
   * Labels on the monitors and the PrometheusRule, so that your Prometheus selects them
   * (kube-prometheus-stack: `release: <helm release>`).
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Namespace of the monitors and the PrometheusRule.
   * @default - the cluster's namespace
   */
  readonly namespace?: string;
  /** @default MonitorKind.POD_MONITOR */
  readonly monitorKind?: MonitorKind;
  /** @default Duration.seconds(30) */
  readonly scrapeInterval?: Duration;
  /** Alert thresholds. @default - see AlertThresholds */
  readonly thresholds?: AlertThresholds;
  /** Alerts to leave out, by name. @default - none */
  readonly excludeRules?: string[];
  /** Base URL of the runbooks; each alert links to `<base>#<alert name in lower case>`. @default - this project's runbooks/postgres.md */
  readonly runbookBaseUrl?: string;
  /** @default POSTGRES_EXPORTER_IMAGE */
  readonly exporterImage?: string;
  /** @default requests 20m / 64Mi, limits 200m / 128Mi */
  readonly exporterResources?: ContainerResources;
  /** @default PGBOUNCER_EXPORTER_IMAGE */
  readonly pgbouncerExporterImage?: string;
  /**
   * Base backup freshness and archive integrity from a wal-g exporter sidecar (needs a WalgBackup).
   * @default - none: WAL archiving is watched through the archiver metrics only
   */
  readonly walgExporter?: WalgExporterOptions;
}

const DEFAULT_RUNBOOKS = 'https://github.com/cdk8s-zalando-postgres/cdk8s-zalando-postgres/blob/main/runbooks/postgres.md';

/**
 * Monitoring of a cluster for Prometheus Operator: a postgres_exporter sidecar on the Spilo pods
 * (credentials from the operator-injected `POSTGRES_USER`/`POSTGRES_PASSWORD`), monitors for the exporter
 * and for Patroni's `/metrics` on 8008 (labels `role` and `cluster` from the pod labels), one
 * pgbouncer_exporter per pooler (the operator's pooler takes no sidecars), and a PrometheusRule whose
 * alerts follow the cluster's topology.
 */
export class MonitoringStack extends Construct {
  /** The rule groups of the PrometheusRule (for promtool and for your own tooling). */
  public readonly ruleGroups: RuleGroups;
  /** Names of the alerts emitted. */
  public readonly alertNames: string[];

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id);
    const { cluster } = props;
    const ns = cluster.namespace;
    if (!ns) {
      fail(this, {
        property: 'cluster',
        problem: 'the cluster\'s namespace is not known, and the alerts and monitors select by namespace.',
        fix: 'give the Chart a namespace or set the cluster\'s namespace prop.',
      });
    }
    const monitorNs = props.namespace ?? ns;
    const interval = `${(props.scrapeInterval ?? Duration.seconds(30)).toSeconds()}s`;
    const kind = props.monitorKind ?? MonitorKind.POD_MONITOR;
    const poolers = {
      primary: cluster.specField('enableConnectionPooler') === true,
      replica: cluster.specField('enableReplicaConnectionPooler') === true,
    };

    // 1. postgres_exporter sidecar
    const flags = ['--collector.database_wraparound', '--collector.long_running_transactions', '--collector.postmaster'];
    if (cluster.version.major >= 17) flags.push('--collector.stat_checkpointer');
    const r = props.exporterResources;
    cluster.addSidecar(this, {
      name: 'exporter',
      image: props.exporterImage ?? POSTGRES_EXPORTER_IMAGE,
      command: ['/bin/postgres_exporter', ...flags],
      ports: [{ name: 'exporter', containerPort: POSTGRES_EXPORTER_PORT }],
      env: [
        { name: 'DATA_SOURCE_URI', value: `127.0.0.1:${POSTGRES_PORT}/postgres?sslmode=disable` },
        { name: 'DATA_SOURCE_USER', value: '$(POSTGRES_USER)' },
        { name: 'DATA_SOURCE_PASS', value: '$(POSTGRES_PASSWORD)' },
        { name: 'PG_EXPORTER_COLLECTION_TIMEOUT', value: '20s' },
      ],
      resources: r ?? {
        cpu: { request: Cpu.millis(20), limit: Cpu.millis(200) },
        memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
      },
    });

    const walArchiving = cluster.environment().some((e) => e.name === 'USE_WALG_BACKUP');
    if (props.walgExporter) {
      if (!walArchiving) {
        fail(this, {
          property: 'walgExporter',
          problem: 'the wal-g exporter reads the cluster\'s WAL-G backups, but the cluster has no WalgBackup.',
          fix: 'add a WalgBackup for the cluster before the MonitoringStack, or remove walgExporter.',
        });
      }
      if (!props.walgExporter.image || /:latest$/.test(props.walgExporter.image) || !/[:@]/.test(props.walgExporter.image)) {
        fail(this, {
          property: 'walgExporter.image',
          problem: 'the image must be pinned to a tag or digest (a floating tag changes the pods under GitOps).',
          value: show(props.walgExporter.image),
          fix: 'e.g. "ghcr.io/thedatabaseme/wal-g-prometheus-exporter@sha256:<digest>".',
        });
      }
      cluster.addVolume(this, { name: 'walg-env', mountPath: '/run/etc', targetContainers: ['postgres', 'walg-exporter'], emptyDir: {} });
      cluster.addSidecar(this, {
        name: 'walg-exporter',
        image: props.walgExporter.image,
        ports: [{ name: 'walg', containerPort: WALG_EXPORTER_PORT }],
        env: [
          { name: 'PGHOST', value: '127.0.0.1' },
          { name: 'PGPORT', value: `${POSTGRES_PORT}` },
          { name: 'PGUSER', value: '$(POSTGRES_USER)' },
          { name: 'PGPASSWORD', value: '$(POSTGRES_PASSWORD)' },
          { name: 'PGSSLMODE', value: 'disable' },
          { name: 'HTTP_PORT', value: `${WALG_EXPORTER_PORT}` },
        ],
        resources: { cpu: { request: Cpu.millis(10), limit: Cpu.millis(200) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) } },
      });
    }

    // 2. Spilo monitors
    const relabel = (job: string) => [
      { sourceLabels: ['__meta_kubernetes_pod_label_spilo_role'], targetLabel: 'role' },
      { sourceLabels: ['__meta_kubernetes_pod_label_cluster_name'], targetLabel: 'cluster' },
      { targetLabel: 'job', replacement: job },
    ];
    if (kind === MonitorKind.POD_MONITOR) {
      this.obj('PodMonitor', PodMonitor.GVK, `${cluster.name}-postgres`, monitorNs, props.labels, {
        selector: { matchLabels: cluster.podSelector },
        namespaceSelector: { matchNames: [ns] },
        podMetricsEndpoints: [
          { port: 'exporter', path: '/metrics', interval, relabelings: relabel('postgres-exporter') },
          { portNumber: PATRONI_PORT, path: '/metrics', interval, relabelings: relabel('patroni') },
          ...(props.walgExporter ? [{ port: 'walg', path: '/metrics', interval, relabelings: relabel('wal-g-exporter') }] : []),
        ],
      });
    } else {
      const serviceLabels = { ...cluster.podSelector, 'postgres.cdk8s.io/metrics': 'true' };
      new k8s.KubeService(this, 'MetricsService', {
        metadata: { name: `${cluster.name}-metrics`, namespace: ns, labels: serviceLabels },
        spec: {
          clusterIp: 'None',
          selector: cluster.podSelector,
          ports: [
            { name: 'exporter', port: POSTGRES_EXPORTER_PORT, targetPort: k8s.IntOrString.fromNumber(POSTGRES_EXPORTER_PORT), protocol: 'TCP' },
            { name: 'patroni', port: PATRONI_PORT, targetPort: k8s.IntOrString.fromNumber(PATRONI_PORT), protocol: 'TCP' },
            ...(props.walgExporter
              ? [{ name: 'walg', port: WALG_EXPORTER_PORT, targetPort: k8s.IntOrString.fromNumber(WALG_EXPORTER_PORT), protocol: 'TCP' }]
              : []),
          ],
        },
      });
      this.obj('ServiceMonitor', ServiceMonitor.GVK, `${cluster.name}-postgres`, monitorNs, props.labels, {
        selector: { matchLabels: serviceLabels },
        namespaceSelector: { matchNames: [ns] },
        endpoints: [
          { port: 'exporter', path: '/metrics', interval, relabelings: relabel('postgres-exporter') },
          { port: 'patroni', path: '/metrics', interval, relabelings: relabel('patroni') },
          ...(props.walgExporter ? [{ port: 'walg', path: '/metrics', interval, relabelings: relabel('wal-g-exporter') }] : []),
        ],
      });
    }

    // 3. One pgbouncer_exporter per pooler
    const poolerServices = [
      ...(poolers.primary ? [cluster.serviceName(ConnectionTarget.POOLER)] : []),
      ...(poolers.replica ? [cluster.serviceName(ConnectionTarget.REPLICA_POOLER)] : []),
    ];
    for (const pooler of poolerServices) this.poolerExporter(cluster, ns!, monitorNs!, pooler, interval, props);
    this.node.addValidation({
      validate: () => {
        const late = (cluster.specField('enableConnectionPooler') === true) !== poolers.primary
          || (cluster.specField('enableReplicaConnectionPooler') === true) !== poolers.replica;
        return late
          ? [ValidationError.format({ rule: 'ZPG-UNCLASSIFIED',
            path: this.node.path,
            property: 'cluster',
            problem: 'a pooler was added after the MonitoringStack, so it is not monitored.',
            fix: 'create the MonitoringStack after addConnectionPooler().',
          })]
          : [];
      },
    });

    // 4. Rules
    const patroni = cluster.patroniSettings;
    const topology: ClusterTopology = {
      namespace: ns!,
      cluster: cluster.name,
      instances: cluster.instances,
      synchronousMode: cluster.synchronousMode,
      synchronousNodeCount: patroni.synchronousNodeCount,
      maximumLagOnFailoverBytes: cluster.maximumLagOnFailoverBytes,
      patroniTtlSeconds: patroni.ttlSeconds,
      failsafeMode: patroni.failsafeMode,
      primaryPooler: poolers.primary,
      replicaPooler: poolers.replica,
      walArchiving,
      walgExporter: !!props.walgExporter,
      logicalBackup: cluster.logicalBackupEnabled,
      pgMajor: cluster.version.major,
    };
    for (const name of props.excludeRules ?? []) {
      if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) fail(this, { property: 'excludeRules', problem: 'not an alert name.', value: show(name), fix: 'use names as listed in the README, e.g. "PostgresDeadlocks".' });
    }
    this.ruleGroups = buildRules(topology, props.thresholds ?? {}, props.runbookBaseUrl ?? DEFAULT_RUNBOOKS, props.excludeRules ?? []);
    this.alertNames = this.ruleGroups.groups.flatMap((g) => g.rules.filter((x) => x.alert).map((x) => x.alert!));
    this.obj('PrometheusRule', PrometheusRule.GVK, `${cluster.name}-postgres`, monitorNs, props.labels, {
      groups: this.ruleGroups.groups.map((g) => ({
        name: g.name,
        rules: g.rules.map((rule) => Object.fromEntries(Object.entries(rule).filter(([, v]) => v !== undefined))),
      })),
    });
  }

  private poolerExporter(cluster: Cluster, ns: string, monitorNs: string, pooler: string, interval: string, props: MonitoringStackProps) {
    const L = PoolerExporterLabels;
    const labels = { [L.NAME]: L.NAME_VALUE, 'app.kubernetes.io/instance': pooler, [L.CLUSTER]: cluster.name, [L.POOLER]: pooler };
    const secret = credentialsSecretName(cluster.poolerUser, cluster.name);
    new k8s.KubeDeployment(this, `Exporter-${pooler}`, {
      metadata: { name: `${pooler}-exporter`, namespace: ns, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'pgbouncer-exporter',
              image: props.pgbouncerExporterImage ?? PGBOUNCER_EXPORTER_IMAGE,
              args: [`--pgBouncer.connectionString=postgres://$(PGBOUNCER_USER):$(PGBOUNCER_PASSWORD)@${pooler}.${ns}.svc:${POSTGRES_PORT}/pgbouncer?sslmode=require`],
              env: [
                { name: 'PGBOUNCER_USER', valueFrom: { secretKeyRef: { name: secret, key: 'username' } } },
                { name: 'PGBOUNCER_PASSWORD', valueFrom: { secretKeyRef: { name: secret, key: 'password' } } },
              ],
              ports: [{ name: 'metrics', containerPort: PGBOUNCER_EXPORTER_PORT, protocol: 'TCP' }],
              readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(PGBOUNCER_EXPORTER_PORT) }, periodSeconds: 10 },
              resources: {
                requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('32Mi') },
                limits: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('64Mi') },
              },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            }],
          },
        },
      },
    });
    this.obj('PodMonitor', PodMonitor.GVK, `${pooler}-exporter`, monitorNs, props.labels, {
      selector: { matchLabels: labels },
      namespaceSelector: { matchNames: [ns] },
      podMetricsEndpoints: [{
        port: 'metrics',
        path: '/metrics',
        interval,
        relabelings: [
          { sourceLabels: [`__meta_kubernetes_pod_label_${L.CLUSTER.replace(/[./-]/g, '_')}`], targetLabel: 'cluster' },
          { sourceLabels: [`__meta_kubernetes_pod_label_${L.POOLER.replace(/[./-]/g, '_')}`], targetLabel: 'pooler' },
          { targetLabel: 'job', replacement: 'pgbouncer-exporter' },
        ],
      }],
    }, `PodMonitor-${pooler}`);
  }

  private obj(kind: string, gvk: { apiVersion: string; kind: string }, name: string, namespace: string | undefined,
    labels: Record<string, string> | undefined, spec: any, id: string = kind) {
    return new ApiObject(this, id, { ...gvk, metadata: { name, namespace, labels }, spec } as ApiObjectProps);
  }
}
