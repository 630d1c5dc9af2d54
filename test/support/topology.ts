/**
 * Rule sets built directly from explicit topologies (not through the constructs), so that the alert, runbook
 * and dashboard tests do not depend on how the cluster constructs derive a topology.
 */
import { buildFleetRules, FLEET_DEFAULTS } from '../../src/monitoring/fleet-rules';
import { AlertThresholds, buildRules, ClusterTopology, FULL_TOPOLOGY, renderRuleGroups, RuleGroups } from '../../src/monitoring/rules';

/** A pinned (placeholder) wal-g exporter image for tests. */
export const TEST_WALG_EXPORTER_IMAGE =
  'ghcr.io/thedatabaseme/wal-g-prometheus-exporter@sha256:0000000000000000000000000000000000000000000000000000000000000000';

/** The runbook base URL the constructs use by default. */
export const RUNBOOKS = 'https://github.com/cdk8s-zalando-postgres/cdk8s-zalando-postgres/blob/main/runbooks/postgres.md';

export { FULL_TOPOLOGY };

/** A rule set as the PrometheusRule carries it. */
export interface Rules {
  readonly ruleGroups: RuleGroups;
  readonly alertNames: string[];
  /** The PrometheusRule spec (undefined fields dropped, as the constructs render them). */
  readonly spec: any;
}

function asRules(ruleGroups: RuleGroups): Rules {
  return {
    ruleGroups,
    alertNames: ruleGroups.groups.flatMap((g) => g.rules.filter((r) => r.alert).map((r) => r.alert!)),
    spec: renderRuleGroups(ruleGroups),
  };
}

/** The cluster rules of a topology (full by default). */
export function clusterRules(overrides: Partial<ClusterTopology> = {}, thresholds: AlertThresholds = {}): Rules {
  return asRules(buildRules({ ...FULL_TOPOLOGY, ...overrides }, thresholds, RUNBOOKS));
}

/** The fleet rules with the defaults (operator `postgres-operator/postgres-operator`). */
export function fleetRules(): Rules {
  return asRules(buildFleetRules({ operatorNamespace: 'postgres-operator', operatorDeployment: 'postgres-operator', ...FLEET_DEFAULTS }, RUNBOOKS));
}

/** Cluster and fleet rules in one spec (as Prometheus loads both PrometheusRules). */
export function allRules(): Rules {
  const c = clusterRules();
  const f = fleetRules();
  return asRules({ groups: [...c.ruleGroups.groups, ...f.ruleGroups.groups] });
}
