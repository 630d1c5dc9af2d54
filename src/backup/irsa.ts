/**
 * IRSA with the operator v2.0.1: one role per operator. The operator writes its `irsa_role_arn` onto the pod
 * ServiceAccount (`eks.amazonaws.com/role-arn`) on every sync, and deletes the annotation when `irsa_role_arn` is
 * empty (pkg/cluster/sync.go:1821-1846, ZALANDO-FACTS §g.1); it also appends `CLONE_`/`STANDBY_AWS_ROLE_ARN` with
 * that role (k8sres.go:2220-2222, 2270-2272). So the role of `BackupCredentials.awsIrsa` must be that one.
 */
import { IConstruct } from 'constructs';
import { BackupCredentials, BackupCredentialsKind } from './credentials';
import type { ICluster } from '../cluster/cluster-ref';
import { OperatorSettings } from '../operator/settings';
import { fail, show } from '../validation/errors';
import { RuleCode } from '../validation/rule-code';

/**
 * Adds a synth-time check to `scope`: IRSA credentials name the role of the operator that manages `cluster`
 * (`OperatorSettings.forCluster`, read at synth time so that the operator may be declared after the cluster).
 */
export function requireOperatorIrsaRole(scope: IConstruct, cluster: ICluster, property: string, credentials: BackupCredentials): void {
  if (credentials.kind !== BackupCredentialsKind.AWS_IRSA) return;
  scope.node.addValidation({
    validate: () => {
      checkOperatorIrsaRole(scope, cluster, property, credentials);
      return [];
    },
  });
}

function checkOperatorIrsaRole(scope: IConstruct, cluster: ICluster, property: string, credentials: BackupCredentials): void {
  const settings = OperatorSettings.forCluster(cluster);
  const operatorRole = settings.irsaRoleArn;
  const role = credentials.identity;
  if (operatorRole === role) return;
  fail(scope, {
    rule: RuleCode.BACKUP_IRSA_ROLE_MISMATCH,
    property: `${property}.roleArn`,
    problem: operatorRole
      ? `the operator (${settings.source}) has irsa_role_arn ${operatorRole}: it writes that one role onto the pod ServiceAccount on every sync and gives it to clones and standbys, so the pods never assume ${role} (operator v2.0.1 supports one IRSA role per operator).`
      : `the operator (${settings.source}) has no irsa_role_arn, so it deletes the eks.amazonaws.com/role-arn annotation from the pod ServiceAccount on every sync: the pods get no web identity token and WAL-G cannot authenticate (operator v2.0.1 supports one IRSA role per operator).`,
    value: `awsIrsa(${show(role)}), irsa_role_arn ${operatorRole ? show(operatorRole) : '(none)'}`,
    fix: `set irsaRoleArn: ${show(role)} on the PostgresOperator (configuration.awsOrGcp) or the ExternalPostgresOperator (configAwsOrGcp) declared in this app`
      + (operatorRole ? `, or use BackupCredentials.awsIrsa(${show(operatorRole)}).` : '.'),
  });
}
