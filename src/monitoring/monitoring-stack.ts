import { ApiObject, ApiObjectProps, Duration, Lazy, Size } from 'cdk8s';
import { ContainerResources, Cpu, k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { OperatorObjectNames } from './operator-names';
import { AlertThresholds, buildRules, ClusterTopology, FULL_TOPOLOGY, renderRuleGroups, RuleGroups } from './rules';
import { PodMonitor, PrometheusRule, ServiceMonitor } from '../../imports/monitoring.coreos.com';
import { ICluster } from '../cluster/cluster-ref';
import { ConnectionTarget } from '../cluster/endpoints';
import { ClusterFeatures, IFeatureListener } from '../cluster/features';
import {
  PATRONI_PORT,
  PGBOUNCER_EXPORTER_PORT,
  PoolerExporterLabels,
  POSTGRES_EXPORTER_PORT,
  POSTGRES_PORT,
  WALG_EXPORTER_PORT,
} from '../cluster/naming';
import { OperatorSettings } from '../operator/settings';
import { parseInteger } from '../postgres/values';
import { defaultRunbookUrl } from '../project-info';
import { registerObject } from '../validation/chart-objects';
import { checkDuration, checkImage, checkLabels, checkNamespace, checkRunbookBaseUrl, promDuration } from '../validation/checks';
import { fail, show } from '../validation/errors';
import { RuleCode } from '../validation/rule-code';

const POSTGRES_EXPORTER_IMAGE = 'quay.io/prometheuscommunity/postgres-exporter:v0.20.1';
const PGBOUNCER_EXPORTER_IMAGE = 'quay.io/prometheuscommunity/pgbouncer-exporter:v0.10.2';

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
  /**
   * Resources of the exporter sidecar.
   * @default - 10m/200m CPU, 64Mi/256Mi memory
   */
  readonly resources?: ContainerResources;
}

/** Properties of a `MonitoringStack`. */
export interface MonitoringStackProps {
  /** The cluster to monitor (before or after its pooler and backups: the rules follow its features). */
  readonly cluster: ICluster;
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
  readonly monitorNamespace?: string;
  /** @default MonitorKind.POD_MONITOR */
  readonly monitorKind?: MonitorKind;
  /**
   * Scrape interval, from 1 second to 2 minutes (the rules' 5-minute windows need at least two samples).
   * @default Duration.seconds(30)
   */
  readonly scrapeInterval?: Duration;
  /** Alert thresholds. @default - see AlertThresholds */
  readonly thresholds?: AlertThresholds;
  /** Alerts to leave out, by name. @default - none */
  readonly excludeRules?: string[];
  /** Base URL of the runbooks. Each alert links to `<base>#<alert name in lower case>`. @default - runbooks/postgres.md of this version on GitHub (`<repository>/blob/v<version>/runbooks/postgres.md`; the package ships the file too) */
  readonly runbookBaseUrl?: string;
  /**
   * postgres_exporter image, pinned.
   * @default MonitoringStack.POSTGRES_EXPORTER_IMAGE
   */
  readonly exporterImage?: string;
  /** @default requests 20m / 64Mi, limits 200m / 128Mi */
  readonly exporterResources?: ContainerResources;
  /**
   * pgbouncer_exporter image, pinned.
   * @default MonitoringStack.PGBOUNCER_EXPORTER_IMAGE
   */
  readonly pgbouncerExporterImage?: string;
  /**
   * Base backup freshness and archive integrity from a wal-g exporter sidecar (needs a WalgBackup).
   * @default - none: WAL archiving is watched through the archiver metrics only
   */
  readonly walgExporter?: WalgExporterOptions;
}

/** `given` with each of its unset requests and limits taken from `defaults` (a partial setting keeps the rest). */
function withDefaults(given: ContainerResources | undefined, defaults: ContainerResources): ContainerResources {
  if (given === undefined || given === null || typeof given !== 'object') return given ?? defaults; // invalid input: the sidecar check reports it
  return {
    ...given,
    cpu: { request: given.cpu?.request ?? defaults.cpu?.request, limit: given.cpu?.limit ?? defaults.cpu?.limit },
    memory: { request: given.memory?.request ?? defaults.memory?.request, limit: given.memory?.limit ?? defaults.memory?.limit },
  };
}

/** Threshold pairs that must be ordered (warning below critical, or above for "free" ratios). */
const THRESHOLD_PAIRS: Array<[keyof AlertThresholds, keyof AlertThresholds, 'below' | 'above']> = [
  ['replicationLagWarningSeconds', 'replicationLagCriticalSeconds', 'below'],
  ['replicationLagWarningBytes', 'replicationLagCriticalBytes', 'below'],
  ['connectionsWarningRatio', 'connectionsCriticalRatio', 'below'],
  ['volumeFreeWarningRatio', 'volumeFreeCriticalRatio', 'above'],
  ['poolerWaitWarningSeconds', 'poolerWaitCriticalSeconds', 'below'],
];

/** The meta label Prometheus' Kubernetes discovery gives a pod label (strutil.SanitizeLabelName). */
function podLabelMeta(label: string): string {
  return `__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/** `archive_timeout` in seconds, if set (PostgreSQL's own parsing: a bare number is seconds; 0 turns it off). */
function archiveTimeoutSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseInteger(value, 's');
  return parsed.value !== undefined && !parsed.error ? parsed.value : undefined;
}

let catalog: string[] | undefined;

/** Every alert name the catalog can emit (the topology that emits all of them), computed once. */
function catalogAlertNames(): string[] {
  if (catalog) return catalog;
  const groups = buildRules(FULL_TOPOLOGY, {}, '', []);
  catalog = groups.groups.flatMap((g) => g.rules.filter((r) => r.alert).map((r) => r.alert!));
  return catalog;
}

/**
 * Monitoring of a cluster for Prometheus Operator: a postgres_exporter sidecar on the Spilo pods
 * (credentials from the operator-injected `POSTGRES_USER`/`POSTGRES_PASSWORD`), monitors for the exporter
 * and for Patroni's `/metrics` on 8008 (labels `role` and `cluster` from the pod labels), one
 * pgbouncer_exporter per pooler (the operator's pooler takes no sidecars), and a PrometheusRule whose
 * alerts follow the cluster's topology. Everything that depends on the cluster's features (poolers,
 * backups, logical backups) is read at synth time, so the stack may be created before or after them.
 */
export class MonitoringStack extends Construct implements IFeatureListener {
  /** The postgres_exporter image used by default. */
  public static readonly POSTGRES_EXPORTER_IMAGE = POSTGRES_EXPORTER_IMAGE;
  /** The pgbouncer_exporter image used by default. */
  public static readonly PGBOUNCER_EXPORTER_IMAGE = PGBOUNCER_EXPORTER_IMAGE;
  /** Port of the postgres_exporter sidecar. */
  public static readonly POSTGRES_EXPORTER_PORT = POSTGRES_EXPORTER_PORT;
  /** Port of the pgbouncer_exporter Deployments. */
  public static readonly PGBOUNCER_EXPORTER_PORT = PGBOUNCER_EXPORTER_PORT;
  /** Port of the optional wal-g exporter sidecar. */
  public static readonly WALG_EXPORTER_PORT = WALG_EXPORTER_PORT;

  /** The PrometheusRule. */
  public readonly prometheusRule: ApiObject;
  private readonly cluster: ICluster;
  private readonly props: MonitoringStackProps;
  private readonly runbookBaseUrl: string;
  private readonly ns: string;
  private readonly monitorNs: string;
  private readonly interval: string;
  private readonly exporters = new Set<string>();

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id);
    const { cluster } = props;
    this.cluster = cluster;
    this.props = props;
    const ns = cluster.clusterNamespace;
    if (!ns) {
      fail(this, {
        rule: RuleCode.NAMESPACE_UNKNOWN,
        property: 'cluster',
        problem: 'the cluster\'s namespace is not known, and the alerts and monitors select by namespace.',
        fix: 'give the Chart a namespace or set the cluster\'s namespace prop.',
      });
    }
    this.ns = ns;
    checkNamespace(this, 'monitorNamespace', props.monitorNamespace);
    checkLabels(this, 'labels', props.labels);
    this.monitorNs = props.monitorNamespace ?? ns;
    this.interval = promDuration(checkDuration(this, 'scrapeInterval', props.scrapeInterval ?? Duration.seconds(30), {
      minMillis: 1000, maxMillis: 120_000, stepMillis: 1, fix: 'use e.g. Duration.seconds(30).',
    }));
    const kind = props.monitorKind ?? MonitorKind.POD_MONITOR;
    if (!(Object.values(MonitorKind) as string[]).includes(kind)) {
      fail(this, { rule: RuleCode.MONITORING_INVALID, property: 'monitorKind', problem: 'not a monitor kind.', value: show(kind), fix: 'use MonitorKind.POD_MONITOR or MonitorKind.SERVICE_MONITOR.' });
    }
    this.checkThresholds(props.thresholds ?? {});
    const known = props.excludeRules?.length ? catalogAlertNames() : [];
    for (const name of props.excludeRules ?? []) {
      if (!known.includes(name)) {
        fail(this, {
          rule: RuleCode.EXCLUDE_RULE_UNKNOWN,
          property: 'excludeRules',
          problem: 'not an alert of the catalog, so excluding it does nothing (a typo keeps the alert on).',
          value: show(name),
          allowed: known.join(', '),
          fix: 'use the exact alert name, e.g. "PostgresDeadlocks".',
        });
      }
    }
    this.runbookBaseUrl = checkRunbookBaseUrl(this, RuleCode.MONITORING_INVALID, props.runbookBaseUrl, defaultRunbookUrl);
    if (props.exporterImage !== undefined) checkImage(this, 'exporterImage', props.exporterImage, true);
    if (props.pgbouncerExporterImage !== undefined) checkImage(this, 'pgbouncerExporterImage', props.pgbouncerExporterImage, true);
    if (props.walgExporter) checkImage(this, 'walgExporter.image', props.walgExporter.image, true);

    // 1. postgres_exporter sidecar
    const flags = ['--collector.database_wraparound', '--collector.long_running_transactions', '--collector.postmaster'];
    if (cluster.version.major >= 17) flags.push('--collector.stat_checkpointer');
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
      resources: withDefaults(props.exporterResources, {
        cpu: { request: Cpu.millis(20), limit: Cpu.millis(200) },
        memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
      }),
    });
    if (props.walgExporter) {
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
        resources: withDefaults(props.walgExporter.resources,
          { cpu: { request: Cpu.millis(10), limit: Cpu.millis(200) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) } }),
      });
    }
    cluster.features.registerMonitoring(this, {
      postgresExporter: true,
      walgExporter: !!props.walgExporter,
      metricsService: kind === MonitorKind.SERVICE_MONITOR,
      monitorNamespace: this.monitorNs,
    });

    // 2. Spilo monitors, with the operator's label names (read at synth time: the operator may be declared later)
    const settings = () => OperatorSettings.forCluster(cluster);
    const relabel = (job: string) => [
      { sourceLabels: [podLabelMeta(settings().podRoleLabel)], targetLabel: 'role' },
      { sourceLabels: [podLabelMeta(settings().clusterNameLabel)], targetLabel: 'cluster' },
      { targetLabel: 'job', replacement: job },
    ];
    const interval = this.interval;
    if (kind === MonitorKind.POD_MONITOR) {
      this.obj('PodMonitor', PodMonitor.GVK, `${cluster.name}-postgres`, Lazy.any({
        produce: () => ({
          selector: { matchLabels: cluster.endpoints.podSelector },
          namespaceSelector: { matchNames: [ns] },
          podMetricsEndpoints: [
            { port: 'exporter', path: '/metrics', interval, relabelings: relabel('postgres-exporter') },
            { portNumber: PATRONI_PORT, path: '/metrics', interval, relabelings: relabel('patroni') },
            ...(props.walgExporter ? [{ port: 'walg', path: '/metrics', interval, relabelings: relabel('wal-g-exporter') }] : []),
          ],
        }),
      }));
    } else {
      // the metrics Service carries labels of its own (not the operator's, which are known only at synth time)
      const serviceLabels = { 'postgres.cdk8s.io/metrics': 'true', 'postgres.cdk8s.io/cluster': cluster.name };
      registerObject(new ApiObject(this, 'MetricsService', {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: `${cluster.name}-metrics`, namespace: ns, labels: serviceLabels },
        spec: Lazy.any({ produce: () => this.metricsServiceSpec() }),
      } as ApiObjectProps));
      this.obj('ServiceMonitor', ServiceMonitor.GVK, `${cluster.name}-postgres`, Lazy.any({
        produce: () => ({
          selector: { matchLabels: serviceLabels },
          namespaceSelector: { matchNames: [ns] },
          endpoints: [
            { port: 'exporter', path: '/metrics', interval, relabelings: relabel('postgres-exporter') },
            { port: 'patroni', path: '/metrics', interval, relabelings: relabel('patroni') },
            ...(props.walgExporter ? [{ port: 'walg', path: '/metrics', interval, relabelings: relabel('wal-g-exporter') }] : []),
          ],
        }),
      }));
    }

    // 3. Rules, from the features at synth time
    this.prometheusRule = this.obj('PrometheusRule', PrometheusRule.GVK, `${cluster.name}-postgres`, Lazy.any({
      produce: () => renderRuleGroups(this.ruleGroups),
    }));
    this.node.addValidation({ validate: () => this.validateAtSynth() });

    // 4. One pgbouncer_exporter per pooler, now or when the pooler is added
    cluster.features.subscribe(this);
  }

  /** The rule groups of the PrometheusRule, from the cluster's features as they are now. */
  public get ruleGroups(): RuleGroups {
    const c = this.cluster;
    const f = c.features;
    const patroni = c.patroniSettings;
    const topology: ClusterTopology = {
      namespace: this.ns,
      cluster: c.name,
      instances: c.instances,
      synchronousMode: patroni.synchronousMode,
      synchronousNodeCount: patroni.synchronousNodeCount,
      maximumLagOnFailoverBytes: patroni.maximumLagOnFailoverBytes,
      patroniTtlSeconds: patroni.ttlSeconds,
      failsafeMode: patroni.failsafeMode,
      primaryPooler: f.pooler?.primary ?? false,
      replicaPooler: f.pooler?.replica ?? false,
      walArchiving: f.archive !== undefined,
      walgExporter: !!this.props.walgExporter,
      logicalBackup: c.logicalBackup !== undefined,
      logicalBackupJobName: OperatorObjectNames.logicalBackupCronJob(c.name, OperatorSettings.forCluster(c).logicalBackupJobPrefix),
      archiveTimeoutSeconds: archiveTimeoutSeconds(c.postgresParameters().archive_timeout),
      pgMajor: c.version.major,
    };
    const groups = buildRules(topology, this.props.thresholds ?? {}, this.runbookBaseUrl, this.props.excludeRules ?? []);
    // A stopped cluster (0 instances) is parked: its alerts would only report that it is stopped.
    return c.instances === 0 ? { groups: groups.groups.filter((g) => !g.name.endsWith('.alerts')) } : groups;
  }

  /** Names of the alerts emitted. */
  public get alertNames(): string[] {
    return this.ruleGroups.groups.flatMap((g) => g.rules.filter((x) => x.alert).map((x) => x.alert!));
  }

  /** Creates the pgbouncer exporters of the cluster's poolers (called by the cluster's features). */
  public featuresChanged(features: ClusterFeatures): void {
    const pooler = features.pooler;
    if (pooler?.primary) this.poolerExporter(this.cluster.endpoints.serviceName(ConnectionTarget.POOLER), pooler.user);
    if (pooler?.replica) this.poolerExporter(this.cluster.endpoints.serviceName(ConnectionTarget.REPLICA_POOLER), pooler.user);
  }

  /** The headless metrics Service: the cluster's Spilo pods, selected with the operator's labels. */
  private metricsServiceSpec(): any {
    return {
      clusterIP: 'None',
      selector: this.cluster.endpoints.podSelector,
      ports: [
        { name: 'exporter', port: POSTGRES_EXPORTER_PORT, targetPort: POSTGRES_EXPORTER_PORT, protocol: 'TCP' },
        { name: 'patroni', port: PATRONI_PORT, targetPort: PATRONI_PORT, protocol: 'TCP' },
        ...(this.props.walgExporter ? [{ name: 'walg', port: WALG_EXPORTER_PORT, targetPort: WALG_EXPORTER_PORT, protocol: 'TCP' }] : []),
      ],
    };
  }

  private validateAtSynth(): string[] {
    if (this.props.walgExporter && !this.cluster.features.archive) {
      fail(this, {
        rule: RuleCode.MONITORING_INVALID,
        property: 'walgExporter',
        problem: 'the wal-g exporter reads the cluster\'s WAL-G backups, but the cluster has no WalgBackup.',
        fix: 'add a WalgBackup for the cluster, or remove walgExporter.',
      });
    }
    return [];
  }

  private checkThresholds(th: AlertThresholds) {
    for (const [k, v] of Object.entries(th)) {
      if (v === undefined) continue;
      const ratio = /Ratio$/.test(k);
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (ratio && v > 1)) {
        fail(this, {
          rule: RuleCode.THRESHOLD_INVALID,
          property: `thresholds.${k}`,
          problem: ratio ? 'a ratio must be a number above 0 and at most 1.' : 'a threshold must be a finite number above 0.',
          value: show(v),
          allowed: ratio ? '(0, 1]' : '> 0',
          fix: ratio ? 'e.g. 0.8 for 80%.' : 'use a positive number.',
        });
      }
    }
    for (const [warn, crit, order] of THRESHOLD_PAIRS) {
      const w = th[warn];
      const c = th[crit];
      if (w !== undefined && c !== undefined && (order === 'below' ? w >= c : w <= c)) {
        fail(this, {
          rule: RuleCode.THRESHOLD_INVALID,
          property: `thresholds.${warn}`,
          problem: `the warning level must be ${order} the critical level, or the warning never comes first.`,
          value: `${warn} ${w}, ${crit} ${c}`,
          fix: `set ${warn} ${order} ${crit}.`,
        });
      }
    }
  }

  private poolerExporter(pooler: string, user: string) {
    if (this.exporters.has(pooler)) return;
    this.exporters.add(pooler);
    const c = this.cluster;
    const ns = this.ns;
    const L = PoolerExporterLabels;
    const labels = { [L.NAME]: L.NAME_VALUE, 'app.kubernetes.io/instance': pooler, [L.CLUSTER]: c.name, [L.POOLER]: pooler };
    // the pooler role's Secret, named by the operator's secret_name_template (read at synth time)
    const secret = Lazy.any({ produce: () => c.endpoints.secretName(user) }) as unknown as string;
    registerObject(new k8s.KubeDeployment(this, `Exporter-${pooler}`, {
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
              image: this.props.pgbouncerExporterImage ?? PGBOUNCER_EXPORTER_IMAGE,
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
    }));
    this.obj('PodMonitor', PodMonitor.GVK, `${pooler}-exporter`, {
      selector: { matchLabels: labels },
      namespaceSelector: { matchNames: [ns] },
      podMetricsEndpoints: [{
        port: 'metrics',
        path: '/metrics',
        interval: this.interval,
        relabelings: [
          { sourceLabels: [podLabelMeta(L.CLUSTER)], targetLabel: 'cluster' },
          { sourceLabels: [podLabelMeta(L.POOLER)], targetLabel: 'pooler' },
          { targetLabel: 'job', replacement: 'pgbouncer-exporter' },
        ],
      }],
    }, `PodMonitor-${pooler}`);
  }

  private obj(kind: string, gvk: { apiVersion: string; kind: string }, name: string, spec: any, id: string = kind): ApiObject {
    const metadata = { name, namespace: this.monitorNs, labels: this.props.labels };
    return registerObject(new ApiObject(this, id, { ...gvk, metadata, spec } as ApiObjectProps));
  }
}
