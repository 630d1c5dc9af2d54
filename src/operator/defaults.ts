/**
 * Defaults of the OperatorConfiguration: the v2.0.1 Helm chart's values
 * (`../shared/reference/zalando/charts-postgres-operator-values.yaml`, rendered by
 * charts/postgres-operator/templates/operatorconfiguration.yaml) and the library's deviations from them.
 */
import { Cron, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  LogicalBackupProvider,
  MajorVersionUpgradeMode,
  OperatorExternalTrafficPolicy,
  OperatorPodManagementPolicy,
  PvcRetention,
  StorageResizeMode,
} from './configuration';
import { Grouped } from './fields';
import { PostgresVersion } from '../cluster/version';
import { PoolerMode } from '../pooler/pooler-mode';

/** The operator image this library installs. */
export const OPERATOR_IMAGE = 'ghcr.io/zalando/postgres-operator:v2.0.1';
/** Name of the operator (Helm chart name, and default name of its objects). */
export const OPERATOR_NAME = 'postgres-operator';

/**
 * The chart's values as typed configuration. Empty strings of the chart (`etcd_host`, the logical backup
 * credentials, region, endpoint, retention and environment secret) are left out: the operator reads an empty
 * string as unset. The template adds `kubernetes.pod_service_account_name` (podServiceAccount.name) and
 * `kubernetes.oauth_token_secret_name` (the release's full name, `oauthTokenSecretName`).
 */
export function chartDefaults(oauthTokenSecretName: string = OPERATOR_NAME): Grouped {
  return {
    '': {
      enableCrdRegistration: true,
      crdCategories: ['all'],
      enableLazySpiloUpgrade: false,
      enableMaintenanceWindows: true,
      enablePgversionEnvVar: true,
      enableShmVolume: true,
      enableTeamIdClusternamePrefix: false,
      dockerImage: 'ghcr.io/zalando/spilo-18:4.1-p2',
      kubernetesUseConfigmaps: true,
      minInstances: -1,
      maxInstances: -1,
      repairPeriod: Duration.minutes(5),
      resyncPeriod: Duration.minutes(30),
      workers: 8,
    },
    'users': {
      enablePasswordRotation: false,
      passwordRotationInterval: Duration.days(90),
      passwordRotationUserRetention: Duration.days(180),
      replicationUsername: 'standby',
      superUsername: 'postgres',
    },
    'majorVersionUpgrade': {
      majorVersionUpgradeMode: MajorVersionUpgradeMode.MANUAL,
      minimalMajorVersion: PostgresVersion.V14,
      targetMajorVersion: PostgresVersion.V18,
    },
    'kubernetes': {
      podServiceAccountName: 'postgres-pod',
      oauthTokenSecretName,
      clusterDomain: 'cluster.local',
      clusterLabels: { application: 'spilo' },
      clusterNameLabel: 'cluster-name',
      enableCrossNamespaceSecret: false,
      enableFinalizers: false,
      enableInitContainers: true,
      enableOwnerReferences: false,
      enablePersistentVolumeClaimDeletion: true,
      enablePodAntiaffinity: false,
      enablePodDisruptionBudget: true,
      enableReadinessProbe: false,
      enableSecretsDeletion: true,
      enableSidecars: true,
      pdbMasterLabelSelector: true,
      pdbNameFormat: 'postgres-{cluster}-pdb',
      persistentVolumeClaimRetentionPolicy: { whenDeleted: PvcRetention.RETAIN, whenScaled: PvcRetention.RETAIN },
      podAntiaffinityPreferredDuringScheduling: false,
      podAntiaffinityTopologyKey: 'kubernetes.io/hostname',
      podManagementPolicy: OperatorPodManagementPolicy.ORDERED_READY,
      podRoleLabel: 'spilo-role',
      podTerminateGracePeriod: Duration.minutes(5),
      secretNameTemplate: '{username}.{cluster}.credentials.{tprkind}.{tprgroup}',
      sharePgsocketWithSidecars: false,
      spiloPrivileged: false,
      spiloAllowPrivilegeEscalation: true,
      storageResizeMode: StorageResizeMode.PVC,
      watchedNamespace: '*',
    },
    'postgresPodResources': {
      defaultCpuLimit: Cpu.units(1),
      defaultCpuRequest: Cpu.millis(100),
      defaultMemoryLimit: Size.mebibytes(500),
      defaultMemoryRequest: Size.mebibytes(100),
      minCpuLimit: Cpu.millis(250),
      minMemoryLimit: Size.mebibytes(250),
    },
    'timeouts': {
      patroniApiCheckInterval: Duration.seconds(1),
      patroniApiCheckTimeout: Duration.seconds(5),
      podDeletionWaitTimeout: Duration.minutes(10),
      podLabelWaitTimeout: Duration.minutes(10),
      readyWaitInterval: Duration.seconds(3),
      readyWaitTimeout: Duration.seconds(30),
      resourceCheckInterval: Duration.seconds(3),
      resourceCheckTimeout: Duration.minutes(10),
    },
    'loadBalancer': {
      dbHostedZone: 'db.example.com',
      enableMasterLoadBalancer: false,
      enableMasterPoolerLoadBalancer: false,
      enableReplicaLoadBalancer: false,
      enableReplicaPoolerLoadBalancer: false,
      externalTrafficPolicy: OperatorExternalTrafficPolicy.CLUSTER,
      masterDnsNameFormat: '{cluster}.{namespace}.{hostedzone}',
      masterLegacyDnsNameFormat: '{cluster}.{team}.{hostedzone}',
      replicaDnsNameFormat: '{cluster}-repl.{namespace}.{hostedzone}',
      replicaLegacyDnsNameFormat: '{cluster}-repl.{team}.{hostedzone}',
    },
    'awsOrGcp': {
      awsRegion: 'eu-central-1',
    },
    'logicalBackup': {
      logicalBackupDockerImage: 'ghcr.io/zalando/postgres-operator/logical-backup:v2.0.1',
      logicalBackupJobPrefix: 'logical-backup-',
      logicalBackupProvider: LogicalBackupProvider.S3,
      logicalBackupS3Bucket: 'my-bucket-url',
      logicalBackupS3BucketPrefix: 'spilo',
      logicalBackupS3Sse: 'AES256',
      logicalBackupSchedule: Cron.schedule({ minute: '30', hour: '00' }),
      logicalBackupSuccessfulJobsHistoryLimit: 3,
      logicalBackupFailedJobsHistoryLimit: 3,
      logicalBackupTtlSecondsAfterFinished: Duration.seconds(86400),
    },
    'debug': {
      debugLogging: true,
      enableDatabaseAccess: true,
    },
    'teamsApi': {
      enableAdminRoleForUsers: true,
      enablePostgresTeamCrd: false,
      enablePostgresTeamCrdSuperusers: false,
      enableTeamMemberDeprecation: false,
      enableTeamSuperuser: false,
      enableTeamsApi: false,
      pamRoleName: 'zalandos',
      postgresSuperuserTeams: ['postgres_superusers'],
      protectedRoleNames: ['admin', 'cron_admin'],
      roleDeletionSuffix: '_deleted',
      teamAdminRole: 'admin',
      teamApiRoleConfiguration: { log_statement: 'all' },
    },
    'loggingRestApi': {
      apiPort: 8080,
      clusterHistoryEntries: 1000,
      ringLogLines: 100,
    },
    'connectionPooler': {
      connectionPoolerSchema: 'pooler',
      connectionPoolerUser: 'pooler',
      connectionPoolerImage: 'ghcr.io/zalando/postgres-operator/pgbouncer:v2.0.1',
      connectionPoolerMaxDbConnections: 60,
      connectionPoolerMode: PoolerMode.TRANSACTION,
      connectionPoolerNumberOfInstances: 2,
      connectionPoolerDefaultCpuRequest: Cpu.millis(500),
      connectionPoolerDefaultMemoryRequest: Size.mebibytes(100),
      connectionPoolerDefaultCpuLimit: Cpu.units(1),
      connectionPoolerDefaultMemoryLimit: Size.mebibytes(100),
    },
    'patroni': {
      enablePatroniFailsafeMode: false,
    },
    'scalyr': {},
  };
}

/** Delete-annotation keys the library's operator checks (the names the chart suggests in its comments). */
export const DELETE_DATE_KEY = 'delete-date';
export const DELETE_NAME_KEY = 'delete-clustername';

/**
 * The library's defaults: the chart's, except for data safety (see PostgresOperator's documentation for the
 * table and the reasons). `deleteKeys` is false when owner references or finalizers are on: the operator then
 * never checks the annotations, and rendering them would only pretend a protection.
 */
export function libraryDefaults(oauthTokenSecretName: string, deleteKeys: boolean): Grouped {
  const d = chartDefaults(oauthTokenSecretName);
  d.kubernetes.enablePersistentVolumeClaimDeletion = false;
  d.kubernetes.enableSecretsDeletion = false;
  if (deleteKeys) {
    d.kubernetes.deleteAnnotationDateKey = DELETE_DATE_KEY;
    d.kubernetes.deleteAnnotationNameKey = DELETE_NAME_KEY;
  }
  delete d.logicalBackup.logicalBackupS3Bucket;
  return d;
}
