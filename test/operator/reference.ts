/**
 * The upstream reference files the operator tests compare against (the pinned Zalando release,
 * test/support/zalando-reference.ts), read independently of the library's code.
 */
import * as yaml from 'js-yaml';
import { zalandoText } from '../support/zalando-reference';

export function loadReference(file: string): any[] {
  return (yaml.loadAll(zalandoText(file)) as any[]).filter(Boolean);
}

/** The v2.0.1 chart's values.yaml. */
export const CHART_VALUES: any = loadReference('charts-postgres-operator-values.yaml')[0];

/** The chart's value groups and the `configuration` key each is rendered under (templates/operatorconfiguration.yaml). */
export const CHART_GROUPS: Record<string, string> = {
  configGeneral: '',
  configUsers: 'users',
  configMajorVersionUpgrade: 'major_version_upgrade',
  configKubernetes: 'kubernetes',
  configPostgresPodResources: 'postgres_pod_resources',
  configTimeouts: 'timeouts',
  configLoadBalancer: 'load_balancer',
  configAwsOrGcp: 'aws_or_gcp',
  configLogicalBackup: 'logical_backup',
  configDebug: 'debug',
  configTeamsApi: 'teams_api',
  configLoggingRestApi: 'logging_rest_api',
  configConnectionPooler: 'connection_pooler',
  configPatroni: 'patroni',
};

/**
 * The `configuration` the chart renders for release `postgres-operator` with its default values: each group under
 * its key, plus what the template itself adds to `kubernetes` (`pod_service_account_name` from
 * podServiceAccount.name, `oauth_token_secret_name` = the release's full name). Empty strings are dropped (the
 * operator reads them as unset).
 */
export function chartConfiguration(): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [group, key] of Object.entries(CHART_GROUPS)) {
    const values = JSON.parse(JSON.stringify(CHART_VALUES[group]));
    for (const [k, v] of Object.entries(values)) if (v === '') delete values[k];
    if (key === '') Object.assign(out, values);
    else out[key] = values;
  }
  out.kubernetes.pod_service_account_name = CHART_VALUES.podServiceAccount.name;
  out.kubernetes.oauth_token_secret_name = 'postgres-operator';
  return out;
}

/** The OperatorConfiguration CRD's `configuration` schema. */
export function configurationSchema(): any {
  const crd = loadReference('operatorconfiguration.crd.yaml')[0];
  return crd.spec.versions[0].schema.openAPIV3Schema.properties.configuration;
}

/** Every key of the CRD's `configuration` as a path (`kubernetes.cluster_labels`), groups expanded one level. */
export function crdKeys(): string[] {
  const keys: string[] = [];
  for (const [k, v] of Object.entries<any>(configurationSchema().properties)) {
    if (v.type === 'object' && v.properties && k !== 'sidecars') {
      for (const k2 of Object.keys(v.properties)) keys.push(`${k}.${k2}`);
    } else {
      keys.push(k);
    }
  }
  return keys.sort();
}

/** RBAC rules as comparable tuples: one sorted list of `group resource verb` per rule. */
export function normalizeRules(rules: any[]): string[][] {
  return rules.map((r) => r.apiGroups.flatMap((g: string) => r.resources.flatMap((res: string) => r.verbs.map((v: string) => `${g}|${res}|${v}`))).sort());
}
