import { ApiObject, Chart, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { BackupCredentials, BackupCredentialsKind } from './credentials';
import type { ICluster } from '../cluster/cluster-ref';
import { OperatorSettings } from '../operator/settings';
import { registerObject } from '../validation/chart-objects';
import { checkDnsSubdomain } from '../validation/checks';
import { fail, show } from '../validation/errors';
import { RuleCode } from '../validation/rule-code';

/**
 * ServiceAccount annotation that binds the pods to a cloud identity, if the credentials need one the library
 * declares. Only GKE Workload Identity: the operator owns `eks.amazonaws.com/role-arn` (it writes its
 * `irsa_role_arn` there and removes any other value on every sync, pkg/cluster/sync.go:1821-1846), and the Azure
 * identities that need an annotation cannot reach WAL-G (rejected in store-validation.ts).
 */
function identityAnnotation(credentials: BackupCredentials): [string, string] | undefined {
  return credentials.kind === BackupCredentialsKind.GKE_WORKLOAD_IDENTITY ? ['iam.gke.io/gcp-service-account', credentials.identity!] : undefined;
}

/**
 * Declares the pod ServiceAccount of a namespace (the operator's `pod_service_account_name`, one per namespace
 * and operator, shared by every cluster there) with the annotation of a cloud identity. Two clusters in one
 * namespace must use the same identity. Its name is the operator's `pod_service_account_name`, read at synth
 * time; a `serviceAccount` given explicitly must be that name.
 */
function ensurePodServiceAccount(
  requester: IConstruct,
  cluster: ICluster,
  annotation: [string, string],
  serviceAccount?: string,
): k8s.KubeServiceAccount {
  if (serviceAccount !== undefined) {
    checkDnsSubdomain(requester, 'podServiceAccountName', serviceAccount, 'ServiceAccount name', 'use the operator\'s pod_service_account_name (default "postgres-pod").');
    requester.node.addValidation({ validate: () => checkServiceAccount(requester, cluster, serviceAccount) });
  }
  const namespace = cluster.clusterNamespace;
  const chart = Chart.of(requester);
  const id = `PodServiceAccount-${namespace ?? 'default'}${cluster.controllerId ? `-${cluster.controllerId}` : ''}`;
  const existing = chart.node.tryFindChild(id) as k8s.KubeServiceAccount | undefined;
  if (existing) {
    const current = ((existing as ApiObject).metadata.toJson().annotations ?? {})[annotation[0]];
    if (current !== undefined && current !== annotation[1]) {
      fail(requester, {
        rule: RuleCode.BACKUP_IDENTITY_CONFLICT,
        property: 'credentials',
        problem: `the pod ServiceAccount of namespace ${namespace ?? '(chart default)'} is shared by all clusters there and is already bound to another identity.`,
        value: `${annotation[0]}=${annotation[1]} vs ${current}`,
        fix: 'use the same identity for all clusters of a namespace, or put the clusters in separate namespaces.',
      });
    }
    if (current === undefined) (existing as ApiObject).metadata.addAnnotation(annotation[0], annotation[1]);
    return existing;
  }
  const sa = new k8s.KubeServiceAccount(chart, id, {
    metadata: {
      name: Lazy.any({ produce: () => OperatorSettings.forCluster(cluster).podServiceAccountName }),
      namespace,
      annotations: { [annotation[0]]: annotation[1] },
    },
  });
  registerObject(sa);
  return sa;
}

/** An explicit ServiceAccount name must be the one the operator runs the pods as. */
function checkServiceAccount(requester: IConstruct, cluster: ICluster, serviceAccount: string): string[] {
  const settings = OperatorSettings.forCluster(cluster);
  if (settings.podServiceAccountName === serviceAccount) return [];
  fail(requester, {
    rule: RuleCode.OPERATOR_POD_SERVICE_ACCOUNT,
    property: 'podServiceAccountName',
    problem: `the operator (${settings.source}) runs the Spilo pods as ${show(settings.podServiceAccountName)} (pod_service_account_name): an annotation on ${show(serviceAccount)} would bind no pod.`,
    value: show(serviceAccount),
    allowed: show(settings.podServiceAccountName),
    fix: 'leave podServiceAccountName out (the operator\'s name is used), or change pod_service_account_name on the operator.',
  });
}

/** Binds the cluster's pods to a keyless identity (the ServiceAccount annotation of GKE Workload Identity). */
export function bindIdentity(scope: IConstruct, cluster: ICluster, credentials: BackupCredentials, serviceAccount?: string): void {
  const annotation = identityAnnotation(credentials);
  if (!annotation) return;
  ensurePodServiceAccount(scope, cluster, annotation, serviceAccount);
}
