/**
 * Names of objects the Zalando operator (v2.0.1) creates itself, as the monitoring rules must match them.
 */
import { logicalBackupJobName } from '../cluster/naming';

/**
 * Names the Zalando operator gives to objects it creates, for matching them in alerts and dashboards.
 */
export class OperatorObjectNames {
  /**
   * Name of the logical backup CronJob of a cluster, exactly as the operator builds it:
   * `getLogicalBackupJobName` = `trimCronjobName(logical_backup_job_prefix + cluster name)`
   * (zalando/postgres-operator v2.0.1 `pkg/cluster/k8sres.go:2648-2651` and `pkg/cluster/util.go:654-661`):
   * the name is cut to 52 characters and trailing dashes are removed. Jobs of the CronJob are named
   * `<cronjob>-<scheduled time in Unix minutes>` by the Kubernetes CronJob controller (`getJobName`,
   * kubernetes `pkg/controller/cronjob/cronjob_controllerv2.go`).
   *
   * @param clusterName the `postgresql` resource's name
   * @param jobPrefix the operator's `logical_backup_job_prefix` (default `logical-backup-`)
   */
  public static logicalBackupCronJob(clusterName: string, jobPrefix?: string): string {
    return logicalBackupJobName(clusterName, jobPrefix);
  }

  private constructor() {}
}
