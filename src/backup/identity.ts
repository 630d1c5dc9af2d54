import { ApiObject, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { BackupCredentials, BackupCredentialsKind } from './credentials';
import type { ICluster } from '../cluster/cluster-ref';
import { registerObject } from '../validation/chart-objects';
import { checkDnsSubdomain } from '../validation/checks';
import { fail } from '../validation/errors';
import { RuleCode } from '../validation/rule-code';

/** The operator's default `pod_service_account_name`. */
export const DEFAULT_POD_SERVICE_ACCOUNT = 'postgres-pod';

/**
 * ServiceAccount annotation that binds the pods to a cloud identity, if the credentials need one the library
 * declares. Only GKE Workload Identity: the operator owns `eks.amazonaws.com/role-arn` (it writes its
 * `irsa_role_arn` there and removes any other value on every sync, pkg/cluster/sync.go:1821-1846), and the Azure
 * identities that need an annotation cannot reach WAL-G (rejected in store-validation.ts).
 */
export function identityAnnotation(credentials: BackupCredentials): [string, string] | undefined {
  return credentials.kind === BackupCredentialsKind.GKE_WORKLOAD_IDENTITY ? ['iam.gke.io/gcp-service-account', credentials.identity!] : undefined;
}

/**
 * Declares the pod ServiceAccount of a namespace (the operator's `pod_service_account_name`, one per
 * namespace, shared by every cluster there) with the annotation of a cloud identity. Two clusters in one
 * namespace must use the same identity.
 */
export function ensurePodServiceAccount(
  requester: IConstruct,
  namespace: string | undefined,
  name: string,
  annotation: [string, string],
): k8s.KubeServiceAccount {
  checkDnsSubdomain(requester, 'podServiceAccountName', name, 'ServiceAccount name', 'use the operator\'s pod_service_account_name (default "postgres-pod").');
  const chart = Chart.of(requester);
  const id = `PodServiceAccount-${namespace ?? 'default'}-${name}`;
  const existing = chart.node.tryFindChild(id) as k8s.KubeServiceAccount | undefined;
  if (existing) {
    const current = ((existing as ApiObject).metadata.toJson().annotations ?? {})[annotation[0]];
    if (current !== undefined && current !== annotation[1]) {
      fail(requester, {
        rule: RuleCode.BACKUP_IDENTITY_CONFLICT,
        property: 'credentials',
        problem: `the ServiceAccount ${name} of namespace ${namespace ?? '(chart default)'} is shared by all clusters there and is already bound to another identity.`,
        value: `${annotation[0]}=${annotation[1]} vs ${current}`,
        fix: 'use the same identity for all clusters of a namespace, or put the clusters in separate namespaces.',
      });
    }
    if (current === undefined) (existing as ApiObject).metadata.addAnnotation(annotation[0], annotation[1]);
    return existing;
  }
  const sa = new k8s.KubeServiceAccount(chart, id, {
    metadata: { name, namespace, annotations: { [annotation[0]]: annotation[1] } },
  });
  registerObject(sa);
  return sa;
}

/** Binds the cluster's pods to a keyless identity (the ServiceAccount annotation of GKE Workload Identity). */
export function bindIdentity(scope: IConstruct, cluster: ICluster, credentials: BackupCredentials, serviceAccount?: string): void {
  const annotation = identityAnnotation(credentials);
  if (!annotation) return;
  ensurePodServiceAccount(scope, cluster.clusterNamespace, serviceAccount ?? DEFAULT_POD_SERVICE_ACCOUNT, annotation);
}
