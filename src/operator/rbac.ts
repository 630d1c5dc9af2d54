/**
 * RBAC of the operator v2.0.1, as upstream ships it (manifests/operator-service-account-rbac.yaml and
 * manifests/user-facing-clusterroles.yaml; copies in ../shared/reference/zalando/). The commented-out upstream
 * rules (Zalando-internal event streams, pod security policies) are not granted.
 */
import { k8s } from 'cdk8s-plus-28';

const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** Rules of the operator's ClusterRole. */
export const OPERATOR_RULES: k8s.PolicyRule[] = [
  // all verbs on the operator's own resources
  { apiGroups: ['acid.zalan.do'], resources: ['postgresqls', 'postgresqls/status', 'operatorconfigurations'], verbs: ALL },
  // PostgresTeams are only read
  { apiGroups: ['acid.zalan.do'], resources: ['postgresteams'], verbs: ['get', 'list', 'watch'] },
  // CRD registration at start (enable_crd_registration)
  { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['create', 'get', 'patch', 'update'] },
  // configuration and Patroni's DCS in ConfigMaps
  { apiGroups: [''], resources: ['configmaps'], verbs: ALL },
  // events on the postgresql objects
  { apiGroups: [''], resources: ['events'], verbs: ['create', 'get', 'list', 'patch', 'update', 'watch'] },
  // Endpoints (Patroni DCS in Endpoints mode)
  { apiGroups: [''], resources: ['endpoints'], verbs: ALL },
  // user Secrets
  { apiGroups: [''], resources: ['secrets'], verbs: ['create', 'delete', 'get', 'update', 'patch'] },
  // node readiness label
  { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
  // PVCs: read, resize, delete (created by the StatefulSets)
  { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['delete', 'get', 'list', 'patch', 'update'] },
  // PVs: read, update for EBS resizing
  { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'update'] },
  // Spilo pods: rolling updates
  { apiGroups: [''], resources: ['pods'], verbs: ['delete', 'get', 'list', 'patch', 'update', 'watch'] },
  // filesystem resize inside the pods
  { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
  // Services of the clusters
  { apiGroups: [''], resources: ['services'], verbs: ['create', 'delete', 'get', 'patch', 'update'] },
  // StatefulSets (Spilo) and Deployments (pooler)
  { apiGroups: ['apps'], resources: ['statefulsets', 'deployments'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update'] },
  // logical backup CronJobs
  { apiGroups: ['batch'], resources: ['cronjobs'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update'] },
  // namespaces clusters run in
  { apiGroups: [''], resources: ['namespaces'], verbs: ['get'] },
  // PodDisruptionBudgets (updated by delete and create)
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ['create', 'delete', 'get'] },
  // the pod ServiceAccount in each watched namespace
  { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get', 'create'] },
  // the pod ServiceAccount's RoleBinding
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: ['get', 'create'] },
];

/** Rules of the ClusterRole the Spilo pods' ServiceAccount is bound to (Patroni on the Kubernetes DCS). */
export const POD_RULES: k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['configmaps'], verbs: ALL },
  { apiGroups: [''], resources: ['endpoints'], verbs: ALL },
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'patch', 'update', 'watch'] },
  { apiGroups: [''], resources: ['services'], verbs: ['create'] },
];

/** ClusterRoles aggregated into Kubernetes' admin, edit and view roles, so that users may manage `postgresql` objects. */
export const USER_FACING_ROLES: Array<{ name: string; aggregateTo: string; rules: k8s.PolicyRule[] }> = [
  {
    name: 'zalando-postgres-operator:users:admin',
    aggregateTo: 'admin',
    rules: [{ apiGroups: ['acid.zalan.do'], resources: ['postgresqls', 'postgresqls/status'], verbs: ALL }],
  },
  {
    name: 'zalando-postgres-operator:users:edit',
    aggregateTo: 'edit',
    rules: [{ apiGroups: ['acid.zalan.do'], resources: ['postgresqls'], verbs: ['create', 'update', 'patch', 'delete'] }],
  },
  {
    name: 'zalando-postgres-operator:users:view',
    aggregateTo: 'view',
    rules: [{ apiGroups: ['acid.zalan.do'], resources: ['postgresqls', 'postgresqls/status'], verbs: ['get', 'list', 'watch'] }],
  },
];
