import { ApiObject, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { BackupCredentials, BackupCredentialsKind } from './credentials';
import { fail } from '../validation/errors';

/** The operator's default `pod_service_account_name`. */
export const DEFAULT_POD_SERVICE_ACCOUNT = 'postgres-pod';

/** ServiceAccount annotation that binds the pods to a cloud identity, if the credentials need one. */
export function identityAnnotation(credentials: BackupCredentials): [string, string] | undefined {
  switch (credentials.kind) {
    case BackupCredentialsKind.AWS_IRSA:
      return ['eks.amazonaws.com/role-arn', credentials.identity!];
    case BackupCredentialsKind.GKE_WORKLOAD_IDENTITY:
      return ['iam.gke.io/gcp-service-account', credentials.identity!];
    case BackupCredentialsKind.AZURE_WORKLOAD_IDENTITY:
      return ['azure.workload.identity/client-id', credentials.identity!];
    default:
      return undefined;
  }
}

/**
 * Declares the pod ServiceAccount of a namespace (the operator's `pod_service_account_name`, one per
 * namespace, shared by every cluster there) with the annotation of a cloud identity. The operator only
 * creates this ServiceAccount when it is missing, so declaring it here is how the annotation gets there
 * without touching the operator's global `irsa_role_arn`. Two clusters in one namespace must use the same
 * identity.
 */
export function ensurePodServiceAccount(
  requester: IConstruct,
  namespace: string | undefined,
  name: string,
  annotation: [string, string],
): k8s.KubeServiceAccount {
  const chart = Chart.of(requester);
  const id = `PodServiceAccount-${namespace ?? 'default'}-${name}`;
  const existing = chart.node.tryFindChild(id) as k8s.KubeServiceAccount | undefined;
  if (existing) {
    const current = (existing.toJson().metadata?.annotations ?? {})[annotation[0]];
    if (current !== undefined && current !== annotation[1]) {
      fail(requester, {
        property: 'credentials',
        problem: `the ServiceAccount ${name} of namespace ${namespace ?? '(chart default)'} is shared by all clusters there and is already bound to another identity.`,
        value: `${annotation[0]}=${annotation[1]} vs ${current}`,
        fix: 'use the same identity for all clusters of a namespace, or put the clusters in separate namespaces.',
      });
    }
    if (current === undefined) (existing as ApiObject).metadata.addAnnotation(annotation[0], annotation[1]);
    return existing;
  }
  return new k8s.KubeServiceAccount(chart, id, {
    metadata: { name, namespace, annotations: { [annotation[0]]: annotation[1] } },
  });
}
