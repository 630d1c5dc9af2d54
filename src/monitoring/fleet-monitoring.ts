import { ApiObject, ApiObjectProps, Duration, Yaml } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { buildFleetRules, FLEET_ALERT_NAMES, FLEET_DEFAULTS } from './fleet-rules';
import { postgresqlCustomResourceStateConfig, postgresqlRbacRule } from './kube-state-metrics';
import { renderRuleGroups, RuleGroups } from './rules';
import { PrometheusRule } from '../../imports/monitoring.coreos.com';
import { defaultRunbookUrl } from '../project-info';
import { registerObject } from '../validation/chart-objects';
import { checkDnsLabel, checkDnsSubdomain, checkDuration, checkLabels, checkNamespace, checkRunbookBaseUrl } from '../validation/checks';
import { fail, show } from '../validation/errors';
import { RuleCode } from '../validation/rule-code';


/** Properties of `FleetMonitoring`. */
export interface FleetMonitoringProps {
  /**
   * Namespace of the operator's Deployment (watched for availability).
   */
  readonly operatorNamespace: string;
  /**
   * Name of the operator's Deployment.
   * @default "postgres-operator" (the upstream manifests and Helm chart)
   */
  readonly operatorDeploymentName?: string;
  /**
   * Namespace of the kube-state-metrics ConfigMap and of the PrometheusRule. A pod can only mount a
   * ConfigMap of its own namespace: use kube-state-metrics' namespace (kube-prometheus-stack: its release
   * namespace).
   * @default - the chart's namespace
   */
  readonly kubeStateMetricsNamespace?: string;
  /**
   * Labels on the PrometheusRule, so that your Prometheus selects it (kube-prometheus-stack:
   * `release: <helm release>`).
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * How long a cluster may be `CreateFailed`, `UpdateFailed` or `SyncFailed` before PostgresClusterStatusFailed
   * fires. The operator retries failed clusters every `repair_period` (5 minutes).
   * @default Duration.minutes(15)
   */
  readonly failedStatusFor?: Duration;
  /**
   * How long a cluster may be `Creating` or `Updating` before PostgresClusterStuck fires.
   * @default Duration.hours(1)
   */
  readonly progressingStatusFor?: Duration;
  /**
   * How long a cluster may have no status (or one this version does not know) before
   * PostgresClusterStatusUnknown fires.
   * @default Duration.minutes(15)
   */
  readonly unknownStatusFor?: Duration;
  /**
   * Fleet alerts to leave out, by name.
   * @default - none
   */
  readonly excludeRules?: string[];
  /**
   * Base URL of the runbooks. Each alert links to `<base>#<alert name in lower case>`.
   * @default - runbooks/postgres.md of this version on GitHub (`<repository>/blob/v<version>/runbooks/postgres.md`; the package ships the file too)
   */
  readonly runbookBaseUrl?: string;
  /**
   * Name of the ConfigMap with the kube-state-metrics CustomResourceState configuration.
   * @default "zalando-postgres-ksm-config"
   */
  readonly configMapName?: string;
  /**
   * Whether to emit the ConfigMap. Leave it out when kube-prometheus-stack renders the configuration from
   * `kubePrometheusStackValues` instead.
   * @default true
   */
  readonly emitConfigMap?: boolean;
  /**
   * Name of the PrometheusRule.
   * @default "zalando-postgres-fleet"
   */
  readonly ruleName?: string;
}

/**
 * Monitoring of the operator and of every `postgresql` resource in the cluster, once per fleet.
 *
 * The operator exposes no metrics (zalando/postgres-operator#264), so kube-state-metrics reads the
 * resources: a CustomResourceState configuration turns `status.PostgresClusterStatus` into a StateSet
 * (`kube_customresource_postgresql_status{status=...}`), and the instances, PostgreSQL version, team and the
 * major upgrade annotations into gauges. It is emitted in two forms:
 * - a ConfigMap (key `config.yaml`) for the kube-state-metrics chart to mount: see `kubeStateMetricsChartValues`;
 * - a values fragment for kube-prometheus-stack with the configuration inline: `kubePrometheusStackValues`.
 *
 * kube-state-metrics must be scraped with `honor_labels` (kube-prometheus-stack does), so that the `namespace`
 * label is the resource's.
 *
 * The PrometheusRule alerts on clusters that failed, are Invalid, are stuck Creating/Updating, have no known
 * status or a failed major upgrade, on the operator Deployment being unavailable and on pooler Deployments with
 * fewer available replicas than desired. Logical backups and volumes are watched per cluster by MonitoringStack.
 */
export class FleetMonitoring extends Construct {
  /** Data key of the configuration in the ConfigMap. */
  public static readonly CONFIG_KEY = 'config.yaml';

  /** The rule groups of the PrometheusRule (for promtool and for your own tooling). */
  public readonly ruleGroups: RuleGroups;
  /** Names of the alerts emitted. */
  public readonly alertNames: string[];
  /** Name of the ConfigMap with the kube-state-metrics configuration. */
  public readonly configMapName: string;
  /** The kube-state-metrics CustomResourceState configuration (YAML), the file `--custom-resource-state-config-file` reads. */
  public readonly customResourceStateConfig: string;
  /**
   * Values for kube-prometheus-stack (YAML): `kube-state-metrics.customResourceState` with the configuration
   * inline and `kube-state-metrics.rbac.extraRules` to list and watch `postgresqls`.
   */
  public readonly kubePrometheusStackValues: string;
  /**
   * Values for the kube-state-metrics chart (YAML) that mount the emitted ConfigMap
   * (`customResourceState.create: false`, `name`, `key`) and grant access to `postgresqls`. Under
   * kube-prometheus-stack, nest them under `kube-state-metrics:`. kube-state-metrics must run in the
   * ConfigMap's namespace; restart it after the configuration changes.
   */
  public readonly kubeStateMetricsChartValues: string;

  constructor(scope: Construct, id: string, props: FleetMonitoringProps) {
    super(scope, id);
    const operatorDeployment = props.operatorDeploymentName ?? 'postgres-operator';
    this.configMapName = props.configMapName ?? 'zalando-postgres-ksm-config';
    const ruleName = props.ruleName ?? 'zalando-postgres-fleet';
    checkDnsLabel(this, 'operatorNamespace', props.operatorNamespace, 'namespace name', 'e.g. "postgres-operator".');
    checkDnsSubdomain(this, 'operatorDeploymentName', operatorDeployment, 'Deployment name', 'e.g. "postgres-operator".');
    checkNamespace(this, 'kubeStateMetricsNamespace', props.kubeStateMetricsNamespace);
    checkDnsSubdomain(this, 'configMapName', this.configMapName, 'ConfigMap name', 'e.g. "zalando-postgres-ksm-config".');
    checkDnsSubdomain(this, 'ruleName', ruleName, 'PrometheusRule name', 'e.g. "zalando-postgres-fleet".');
    checkLabels(this, 'labels', props.labels);
    const runbooks = checkRunbookBaseUrl(this, RuleCode.MONITORING_INVALID, props.runbookBaseUrl, defaultRunbookUrl);
    for (const name of props.excludeRules ?? []) {
      if (!FLEET_ALERT_NAMES.includes(name)) {
        fail(this, {
          rule: RuleCode.EXCLUDE_RULE_UNKNOWN,
          property: 'excludeRules',
          problem: 'not an alert of the fleet rules, so leaving it out has no effect.',
          value: show(name),
          allowed: FLEET_ALERT_NAMES.join(', '),
          fix: 'use one of the allowed names; per-cluster alerts are left out with MonitoringStack excludeRules.',
        });
      }
    }

    this.ruleGroups = buildFleetRules({
      operatorNamespace: props.operatorNamespace,
      operatorDeployment,
      failedStatusForSeconds: this.seconds('failedStatusFor', props.failedStatusFor, FLEET_DEFAULTS.failedStatusForSeconds),
      progressingStatusForSeconds: this.seconds('progressingStatusFor', props.progressingStatusFor, FLEET_DEFAULTS.progressingStatusForSeconds),
      unknownStatusForSeconds: this.seconds('unknownStatusFor', props.unknownStatusFor, FLEET_DEFAULTS.unknownStatusForSeconds),
    }, runbooks, props.excludeRules ?? []);
    this.alertNames = this.ruleGroups.groups.flatMap((g) => g.rules.filter((r) => r.alert).map((r) => r.alert!));

    const config = postgresqlCustomResourceStateConfig();
    this.customResourceStateConfig = Yaml.stringify(config);
    this.kubePrometheusStackValues = Yaml.stringify({
      'kube-state-metrics': {
        rbac: { extraRules: [postgresqlRbacRule()] },
        customResourceState: { enabled: true, config },
      },
    });
    this.kubeStateMetricsChartValues = Yaml.stringify({
      rbac: { extraRules: [postgresqlRbacRule()] },
      customResourceState: { enabled: true, create: false, name: this.configMapName, key: FleetMonitoring.CONFIG_KEY },
    });

    if (props.emitConfigMap ?? true) {
      registerObject(new k8s.KubeConfigMap(this, 'KubeStateMetricsConfig', {
        metadata: { name: this.configMapName, namespace: props.kubeStateMetricsNamespace },
        data: { [FleetMonitoring.CONFIG_KEY]: this.customResourceStateConfig },
      }));
    }
    registerObject(new ApiObject(this, 'PrometheusRule', {
      ...PrometheusRule.GVK,
      metadata: { name: ruleName, namespace: props.kubeStateMetricsNamespace, labels: props.labels },
      spec: renderRuleGroups(this.ruleGroups),
    } as ApiObjectProps));
  }

  private seconds(property: string, value: Duration | undefined, defaultSeconds: number): number {
    if (value === undefined) return defaultSeconds;
    return checkDuration(this, property, value, { minMillis: 0, maxMillis: 30 * 86_400_000, stepMillis: 1000, fix: 'use e.g. Duration.minutes(15).' }) / 1000;
  }
}
