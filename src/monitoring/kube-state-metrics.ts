/**
 * kube-state-metrics CustomResourceState configuration for the Zalando `postgresql` resource
 * (acid.zalan.do/v1), written for kube-state-metrics v2.20.0 (kube-state-metrics chart 8.4.0, the one
 * kube-prometheus-stack 88.x ships). See ../shared/PLATFORM-FACTS.md §2.
 *
 * What kube-state-metrics does with it (`pkg/customresourcestate/registry_factory.go`):
 * - every metric is named `kube_customresource_<name>` (default prefix) and carries the labels
 *   `customresource_group`, `customresource_version`, `customresource_kind`, plus the resource-level
 *   `labelsFromPath` below: `namespace`, `cluster` (the resource's name, which is the cluster's name and the
 *   `cluster` label of the per-cluster alerts) and `team` (`spec.teamId`);
 * - a StateSet emits one series per listed value, 1 where `status.PostgresClusterStatus` equals it. An empty or
 *   unlisted status makes every series 0, and a missing status (a resource the operator has not touched)
 *   emits no series at all. So "unknown status" is derived from the instances gauge, which every resource has
 *   (`numberOfInstances` is required by the CRD): a cluster with an instances series and no status series at 1;
 * - a Gauge on a missing annotation emits 0 with `nilIsZero`; the operator writes the major upgrade annotations
 *   as RFC 3339 UTC timestamps (`metav1.Now().Format("2006-01-02T15:04:05Z")`, `pkg/cluster/majorversionupgrade.go`),
 *   which kube-state-metrics converts to Unix seconds.
 */

/** kube-state-metrics version this configuration and the fleet alerts are written for. */
export const KUBE_STATE_METRICS_VERSION = 'v2.20.0';

/** The values of `status.PostgresClusterStatus` (postgres-operator `pkg/apis/acid.zalan.do/v1/const.go:4-13`, without `""`). */
export const POSTGRESQL_STATUSES = ['Running', 'Creating', 'Updating', 'UpdateFailed', 'SyncFailed', 'CreateFailed', 'Invalid'];

/** Default metric name prefix of kube-state-metrics custom resource metrics (`config.go` GetMetricNamePrefix). */
const PREFIX = 'kube_customresource';

/** The metrics the configuration produces (full names, as Prometheus stores them). */
export const POSTGRESQL_RESOURCE_METRICS = {
  /** StateSet over `POSTGRESQL_STATUSES`, label `status`. */
  status: `${PREFIX}_postgresql_status`,
  /** Info (value 1), label `pg_version` (`spec.postgresql.version`). */
  info: `${PREFIX}_postgresql_info`,
  /** Gauge: `spec.numberOfInstances`. Present for every `postgresql`. */
  instances: `${PREFIX}_postgresql_instances`,
  /** Gauge: the `last-major-upgrade-success` annotation as Unix seconds, 0 when absent. */
  majorUpgradeSuccess: `${PREFIX}_postgresql_major_upgrade_success_timestamp_seconds`,
  /** Gauge: the `last-major-upgrade-failure` annotation as Unix seconds, 0 when absent. */
  majorUpgradeFailure: `${PREFIX}_postgresql_major_upgrade_failure_timestamp_seconds`,
};

/** The CustomResourceStateMetrics document (the file `--custom-resource-state-config-file` reads). */
export function postgresqlCustomResourceStateConfig(): any {
  const name = (full: string) => full.slice(PREFIX.length + 1);
  const M = POSTGRESQL_RESOURCE_METRICS;
  return {
    kind: 'CustomResourceStateMetrics',
    spec: {
      resources: [{
        groupVersionKind: { group: 'acid.zalan.do', version: 'v1', kind: 'postgresql' },
        labelsFromPath: {
          namespace: ['metadata', 'namespace'],
          cluster: ['metadata', 'name'],
          team: ['spec', 'teamId'],
        },
        metrics: [
          {
            name: name(M.status),
            help: 'status.PostgresClusterStatus of a Zalando postgresql (no series while the operator has not set it)',
            each: {
              type: 'StateSet',
              stateSet: { labelName: 'status', path: ['status', 'PostgresClusterStatus'], list: POSTGRESQL_STATUSES },
            },
          },
          {
            name: name(M.info),
            help: 'PostgreSQL major version of a Zalando postgresql',
            each: { type: 'Info', info: { path: ['spec', 'postgresql'], labelsFromPath: { pg_version: ['version'] } } },
          },
          {
            name: name(M.instances),
            help: 'spec.numberOfInstances of a Zalando postgresql',
            each: { type: 'Gauge', gauge: { path: ['spec', 'numberOfInstances'] } },
          },
          {
            name: name(M.majorUpgradeSuccess),
            help: 'Time of the last successful in-place major upgrade (annotation last-major-upgrade-success), 0 if none',
            each: { type: 'Gauge', gauge: { path: ['metadata', 'annotations', 'last-major-upgrade-success'], nilIsZero: true } },
          },
          {
            name: name(M.majorUpgradeFailure),
            help: 'Time of the last failed in-place major upgrade (annotation last-major-upgrade-failure, removed once the version is reached), 0 if none',
            each: { type: 'Gauge', gauge: { path: ['metadata', 'annotations', 'last-major-upgrade-failure'], nilIsZero: true } },
          },
        ],
      }],
    },
  };
}

/**
 * The RBAC rule kube-state-metrics needs to list and watch `postgresql` resources (the chart adds the CRD
 * list/watch rule itself when `customResourceState.enabled`).
 */
export function postgresqlRbacRule(): any {
  return { apiGroups: ['acid.zalan.do'], resources: ['postgresqls'], verbs: ['list', 'watch'] };
}
