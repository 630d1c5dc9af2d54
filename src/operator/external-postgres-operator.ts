import { Construct } from 'constructs';
import { checkConfiguration } from './checks';
import {
  OperatorAwsOrGcpConfig,
  OperatorConnectionPoolerConfig,
  OperatorDebugConfig,
  OperatorGeneralConfig,
  OperatorKubernetesConfig,
  OperatorLoadBalancerConfig,
  OperatorLoggingRestApiConfig,
  OperatorLogicalBackupConfig,
  OperatorMajorVersionUpgradeConfig,
  OperatorPatroniConfig,
  OperatorPostgresPodResourcesConfig,
  OperatorTeamsApiConfig,
  OperatorTimeoutsConfig,
  OperatorUsersConfig,
} from './configuration';
import { chartDefaults, OPERATOR_NAME } from './defaults';
import { checkControllerId, checkKnown, checkNamespaceName, GROUPS, GroupDef, Grouped, mergeGrouped, renderGrouped, snake } from './fields';
import { IPostgresOperator, markOperator, OperatorSettings, checkUniqueControllerId } from './settings';
import { fail, show } from '../validation/errors';
import { Patterns } from '../validation/patterns';
import { RuleCode } from '../validation/rule-code';

/**
 * The values of a v2.0.1 Helm chart release (a typed subset of its `values.yaml`). Each `configX` group takes the
 * chart's keys in camelCase (`configKubernetes.cluster_labels` → `configKubernetes.clusterLabels`). As with
 * Helm, string maps are merged into the chart's defaults key by key and lists replace them.
 */
export interface ExternalPostgresOperatorProps {
  /**
   * Helm release name (selects the operator pod: `app.kubernetes.io/instance`; names the OAuth token Secret).
   * @default postgres-operator
   */
  readonly releaseName?: string;
  /**
   * Namespace of the release (for network policies and an empty `watchedNamespace`).
   * @default - unknown
   */
  readonly operatorNamespace?: string;
  /** `controllerID.create: true` with `controllerID.name`. @default - no controller ID */
  readonly controllerId?: string;
  /** `podServiceAccount.name`. @default postgres-pod */
  readonly podServiceAccountName?: string;
  /** `podPriorityClassName.name`. @default - none */
  readonly podPriorityClassName?: string;
  /** `configGeneral`. @default - the chart's */
  readonly configGeneral?: OperatorGeneralConfig;
  /** `configUsers`. @default - the chart's */
  readonly configUsers?: OperatorUsersConfig;
  /** `configMajorVersionUpgrade`. @default - the chart's */
  readonly configMajorVersionUpgrade?: OperatorMajorVersionUpgradeConfig;
  /** `configKubernetes`. @default - the chart's */
  readonly configKubernetes?: OperatorKubernetesConfig;
  /** `configPostgresPodResources`. @default - the chart's */
  readonly configPostgresPodResources?: OperatorPostgresPodResourcesConfig;
  /** `configTimeouts`. @default - the chart's */
  readonly configTimeouts?: OperatorTimeoutsConfig;
  /** `configLoadBalancer`. @default - the chart's */
  readonly configLoadBalancer?: OperatorLoadBalancerConfig;
  /** `configAwsOrGcp`. @default - the chart's */
  readonly configAwsOrGcp?: OperatorAwsOrGcpConfig;
  /** `configLogicalBackup`. @default - the chart's */
  readonly configLogicalBackup?: OperatorLogicalBackupConfig;
  /** `configDebug`. @default - the chart's */
  readonly configDebug?: OperatorDebugConfig;
  /** `configTeamsApi`. @default - the chart's */
  readonly configTeamsApi?: OperatorTeamsApiConfig;
  /** `configLoggingRestApi`. @default - the chart's */
  readonly configLoggingRestApi?: OperatorLoggingRestApiConfig;
  /** `configConnectionPooler`. @default - the chart's */
  readonly configConnectionPooler?: OperatorConnectionPoolerConfig;
  /** `configPatroni`. @default - the chart's */
  readonly configPatroni?: OperatorPatroniConfig;
}

const TOP_LEVEL = ['releaseName', 'operatorNamespace', 'controllerId', 'podServiceAccountName', 'podPriorityClassName'];

/**
 * An operator installed outside this app (by the Helm chart, Kustomize, another repository), declared with the
 * Helm values it runs with, so that the app's clusters are checked against its settings. Renders nothing.
 * Operators installed otherwise: describe their OperatorConfiguration in the same groups.
 */
export class ExternalPostgresOperator extends Construct implements IPostgresOperator {
  /** The resolved settings of this operator. */
  public readonly settings: OperatorSettings;

  constructor(scope: Construct, id: string, props: ExternalPostgresOperatorProps = {}) {
    super(scope, id);
    const release = props.releaseName ?? OPERATOR_NAME;
    if (!Patterns.DNS_1123_LABEL.test(release) || release.length > 53) {
      fail(this, {
        rule: RuleCode.OPERATOR_NAME,
        property: 'releaseName',
        problem: 'not a Helm release name.',
        value: show(release),
        allowed: 'lower-case letters, digits and "-", at most 53 characters',
        fix: 'use the name the chart was installed with, e.g. "postgres-operator".',
      });
    }
    if (props.operatorNamespace !== undefined) checkNamespaceName(this, 'operatorNamespace', props.operatorNamespace);
    checkControllerId(this, 'controllerId', props.controllerId);
    // the chart's full name (templates/_helpers.tpl postgres-operator.fullname)
    const fullname = (release.includes(OPERATOR_NAME) ? release : `${release}-${OPERATOR_NAME}`).slice(0, 63).replace(/-+$/, '');

    const user: Grouped = {};
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || TOP_LEVEL.includes(key)) continue;
      const group = GROUPS.find((g) => g.helm === key && g.prop !== 'scalyr');
      if (!group) {
        fail(this, {
          rule: RuleCode.OPERATOR_UNKNOWN_FIELD,
          property: key,
          problem: 'not a value of the v2.0.1 chart that this library reads.',
          value: show(key),
          fix: `use ${[...TOP_LEVEL, ...GROUPS.filter((g) => g.prop !== 'scalyr').map((g) => g.helm)].join(', ')}.`,
        });
      }
      user[group.prop] = { ...(value as object) };
    }
    const prefixOf = (g: GroupDef) => `${g.helm}.`;
    checkKnown(this, user, prefixOf);

    const k = user.kubernetes ?? {};
    for (const [top, field] of [['podServiceAccountName', 'podServiceAccountName'], ['podPriorityClassName', 'podPriorityClassName']] as const) {
      if (props[top] !== undefined && k[field] !== undefined && props[top] !== k[field]) {
        fail(this, {
          rule: RuleCode.OPERATOR_HELM_VALUES,
          property: `configKubernetes.${field}`,
          problem: `the chart's template writes ${top} as kubernetes.${snake(field)} too: the two values contradict each other.`,
          value: `${top} ${show(props[top])}, configKubernetes.${field} ${show(k[field])}`,
          fix: `set only ${top}.`,
        });
      }
    }
    const template: Grouped = { kubernetes: {} };
    if (props.podServiceAccountName !== undefined) template.kubernetes.podServiceAccountName = props.podServiceAccountName;
    if (props.podPriorityClassName !== undefined) template.kubernetes.podPriorityClassName = props.podPriorityClassName;

    const resolved = mergeGrouped(mergeGrouped(chartDefaults(fullname), template), user, true);
    renderGrouped(this, resolved, prefixOf, { podServiceAccountName: resolved.kubernetes.podServiceAccountName || 'postgres-pod' });
    checkConfiguration(this, resolved, prefixOf);

    this.settings = OperatorSettings._fromGrouped(resolved, {
      source: this.node.path,
      controllerId: props.controllerId,
      operatorNamespace: props.operatorNamespace,
      operatorPodLabels: { 'app.kubernetes.io/name': OPERATOR_NAME, 'app.kubernetes.io/instance': release },
    });
    markOperator(this);
    this.node.addValidation({ validate: () => checkUniqueControllerId(this) });
  }
}
