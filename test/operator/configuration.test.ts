/**
 * The OperatorConfiguration: every CRD field typed, the chart's defaults with the documented deviations, values
 * rendered the way the operator parses them, and schema validity with the closed CRD schema.
 */
import { Cron, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { chartConfiguration, crdKeys } from './reference';
import { MaintenanceWindow, PoolerMode, PostgresVersion, Weekday } from '../../src';
import {
  LogicalBackupProvider,
  MajorVersionUpgradeMode,
  NodeReadinessLabelMerge,
  OperatorConfigurationProps,
  OperatorExternalTrafficPolicy,
  OperatorPodManagementPolicy,
  PvcRetention,
  StorageResizeMode,
} from '../../src/operator/configuration';
import { PostgresOperator } from '../../src/operator/postgres-operator';
import { memoryBytes } from '../../src/validation/quantity';
import { schemaErrors } from '../support/schema';
import { newChart, only, synthValid, validateConstructs } from '../support/synth';

function render(configuration: OperatorConfigurationProps = {}): any {
  const { chart } = newChart('postgres-operator');
  new PostgresOperator(chart, 'operator', { configuration });
  return only(synthValid(chart), 'OperatorConfiguration');
}

/** Every typed property set to a non-default value. */
const FULL: OperatorConfigurationProps = {
  crdCategories: ['all', 'databases'],
  dockerImage: 'ghcr.io/zalando/spilo-17:4.0-p3',
  enableCrdRegistration: false,
  enableLazySpiloUpgrade: true,
  enableMaintenanceWindows: false,
  enablePgversionEnvVar: false,
  enableShmVolume: false,
  enableSpiloWalPathCompat: true,
  enableTeamIdClusternamePrefix: true,
  etcdHost: 'etcd.example.com:2379',
  ignoreInstanceLimitsAnnotationKey: 'example.com/ignore-instance-limits',
  ignoreResourcesLimitsAnnotationKey: 'example.com/ignore-resource-limits',
  kubernetesUseConfigmaps: false,
  maintenanceWindows: [MaintenanceWindow.weekly(Weekday.SUNDAY, '01:00', '05:00'), MaintenanceWindow.daily('02:00', '03:30')],
  maxInstances: 5,
  minInstances: 2,
  repairPeriod: Duration.minutes(10),
  resyncPeriod: Duration.hours(1),
  setMemoryRequestToLimit: true,
  sidecarDockerImages: { logshipper: 'registry.example.com/logshipper:1.2.3' },
  workers: 4,
  users: {
    additionalOwnerRoles: ['cron_admin'],
    enablePasswordRotation: true,
    passwordRotationInterval: Duration.days(30),
    passwordRotationUserRetention: Duration.days(60),
    replicationUsername: 'replicator',
    superUsername: 'dba',
  },
  majorVersionUpgrade: {
    majorVersionUpgradeMode: MajorVersionUpgradeMode.FULL,
    majorVersionUpgradeTeamAllowList: ['acid'],
    minimalMajorVersion: PostgresVersion.V15,
    targetMajorVersion: PostgresVersion.V17,
  },
  kubernetes: {
    additionalPodCapabilities: ['SYS_NICE'],
    clusterDomain: 'cluster.example',
    clusterLabels: { application: 'spilo', environment: 'prod' },
    clusterNameLabel: 'example.com/cluster',
    customPodAnnotations: { 'example.com/owner': 'dba' },
    deleteAnnotationDateKey: 'example.com/delete-date',
    deleteAnnotationNameKey: 'example.com/delete-name',
    downscalerAnnotations: ['deployment-time', 'downscaler/*'],
    enableCrossNamespaceSecret: true,
    enableFinalizers: false,
    enableInitContainers: false,
    enableOwnerReferences: false,
    enablePersistentVolumeClaimDeletion: true,
    enablePodAntiaffinity: true,
    enablePodDisruptionBudget: false,
    enableReadinessProbe: true,
    enableSecretsDeletion: true,
    enableSidecars: false,
    ignoredAnnotations: ['k8s.v1.cni.cncf.io/network-status'],
    infrastructureRolesSecretName: 'postgres-operator/infrastructure-roles',
    infrastructureRolesSecrets: [{ secretName: 'monitoring-roles', userKey: 'user', passwordKey: 'password', roleKey: 'inrole', defaultUserValue: 'mon', defaultRoleValue: 'pg_monitor', details: 'inrole: [pg_monitor]', template: false }],
    inheritedAnnotations: ['owned-by'],
    inheritedLabels: ['azure.workload.identity/use', 'environment'],
    livenessProbe: { httpGet: { path: '/liveness', port: k8s.IntOrString.fromNumber(8008), scheme: 'HTTP' }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
    masterPodMoveTimeout: Duration.minutes(20),
    nodeReadinessLabel: { status: 'ready' },
    nodeReadinessLabelMerge: NodeReadinessLabelMerge.AND,
    oauthTokenSecretName: 'postgres-operator/oauth',
    pdbMasterLabelSelector: false,
    pdbNameFormat: 'pdb-{cluster}',
    persistentVolumeClaimRetentionPolicy: { whenDeleted: PvcRetention.DELETE, whenScaled: PvcRetention.DELETE },
    podAntiaffinityPreferredDuringScheduling: true,
    podAntiaffinityTopologyKey: 'topology.kubernetes.io/zone',
    podEnvironmentConfigmap: { name: 'pod-env', namespaceName: 'postgres-operator', keys: ['BACKUP_SCHEDULE'] },
    podEnvironmentSecret: { name: 'pod-env-secret', keys: ['AWS_SECRET_ACCESS_KEY'] },
    podManagementPolicy: OperatorPodManagementPolicy.PARALLEL,
    podPriorityClassName: 'postgres-pod-priority',
    podRoleLabel: 'example.com/role',
    podServiceAccountDefinition: { annotations: { 'iam.gke.io/gcp-service-account': 'pg@p.iam.gserviceaccount.com' }, labels: { team: 'dba' }, automountServiceAccountToken: true, imagePullSecrets: ['regcred'] },
    podServiceAccountName: 'spilo',
    podServiceAccountRoleBindingDefinition: { clusterRoleName: 'spilo-pod', name: 'spilo-binding' },
    podTerminateGracePeriod: Duration.seconds(90),
    secretNameTemplate: '{username}.{cluster}.credentials',
    sharePgsocketWithSidecars: true,
    spiloAllowPrivilegeEscalation: false,
    spiloFsgroup: 103,
    spiloPrivileged: true,
    spiloRunasgroup: 103,
    spiloRunasuser: 101,
    storageResizeMode: StorageResizeMode.MIXED,
    toleration: { key: 'db-only', operator: 'Exists', effect: 'NoSchedule' },
    watchedNamespace: 'databases',
  },
  postgresPodResources: {
    defaultCpuLimit: Cpu.units(2),
    defaultCpuRequest: Cpu.millis(500),
    defaultMemoryLimit: Size.gibibytes(2),
    defaultMemoryRequest: Size.gibibytes(1),
    maxCpuRequest: Cpu.units(4),
    maxMemoryRequest: Size.gibibytes(8),
    minCpuLimit: Cpu.millis(500),
    minMemoryLimit: Size.mebibytes(512),
  },
  timeouts: {
    patroniApiCheckInterval: Duration.seconds(2),
    patroniApiCheckTimeout: Duration.seconds(10),
    podDeletionWaitTimeout: Duration.minutes(15),
    podLabelWaitTimeout: Duration.minutes(15),
    readyWaitInterval: Duration.seconds(4),
    readyWaitTimeout: Duration.minutes(1),
    resourceCheckInterval: Duration.seconds(5),
    resourceCheckTimeout: Duration.minutes(20),
  },
  loadBalancer: {
    customServiceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' },
    dbHostedZone: 'db.example.org',
    enableMasterLoadBalancer: true,
    enableMasterNodePort: true,
    enableMasterPoolerLoadBalancer: true,
    enableMasterPoolerNodePort: true,
    enableReplicaLoadBalancer: true,
    enableReplicaNodePort: true,
    enableReplicaPoolerLoadBalancer: true,
    enableReplicaPoolerNodePort: true,
    externalTrafficPolicy: OperatorExternalTrafficPolicy.LOCAL,
    masterDnsNameFormat: '{cluster}.{namespace}.db.{hostedzone}',
    masterLegacyDnsNameFormat: '{cluster}.{team}.db.{hostedzone}',
    replicaDnsNameFormat: '{cluster}-ro.{namespace}.{hostedzone}',
    replicaLegacyDnsNameFormat: '{cluster}-ro.{team}.{hostedzone}',
  },
  awsOrGcp: {
    additionalSecretMount: 'cloud-credentials',
    additionalSecretMountPath: '/meta/credentials',
    awsRegion: 'us-east-1',
    gcpCredentials: '/meta/credentials/gcp.json',
    irsaRoleArn: 'arn:aws:iam::123456789012:role/postgres-backup',
    kubeIamRole: 'postgres-kiam',
    logS3Bucket: 'pg-logs',
    walS3Bucket: 'pg-wal',
  },
  logicalBackup: {
    logicalBackupCpuLimit: Cpu.units(1),
    logicalBackupCpuRequest: Cpu.millis(250),
    logicalBackupCronjobEnvironmentSecret: 'logical-backup-env',
    logicalBackupDockerImage: 'ghcr.io/zalando/postgres-operator/logical-backup:v2.0.1',
    logicalBackupFailedJobsHistoryLimit: 5,
    logicalBackupJobPrefix: 'dump-',
    logicalBackupMemoryLimit: Size.gibibytes(1),
    logicalBackupMemoryRequest: Size.mebibytes(256),
    logicalBackupGoogleApplicationCredentials: '/meta/credentials/gcs.json',
    logicalBackupProvider: LogicalBackupProvider.GCS,
    logicalBackupS3Bucket: 'pg-dumps',
    logicalBackupS3BucketPrefix: 'dumps',
    logicalBackupS3Endpoint: 'https://minio.example.com',
    logicalBackupS3Region: 'us-east-1',
    logicalBackupS3RetentionTime: Duration.days(14),
    logicalBackupS3Sse: 'aws:kms',
    logicalBackupSchedule: Cron.schedule({ minute: '15', hour: '3' }),
    logicalBackupSuccessfulJobsHistoryLimit: 1,
    logicalBackupTtlSecondsAfterFinished: Duration.hours(6),
  },
  debug: { debugLogging: false, enableDatabaseAccess: false },
  teamsApi: {
    enableAdminRoleForUsers: false,
    enablePostgresTeamCrd: true,
    enablePostgresTeamCrdSuperusers: true,
    enableTeamMemberDeprecation: true,
    enableTeamSuperuser: true,
    enableTeamsApi: true,
    pamConfiguration: 'https://info.example.com/oauth2/tokeninfo?access_token= uid realm=/employees',
    pamRoleName: 'humans',
    postgresSuperuserTeams: ['dba'],
    protectedRoleNames: ['admin'],
    roleDeletionSuffix: '_gone',
    teamAdminRole: 'team_admin',
    teamApiRoleConfiguration: { log_statement: 'ddl' },
    teamsApiUrl: 'https://teams.example.com/api/',
  },
  loggingRestApi: { apiPort: 8081, clusterHistoryEntries: 500, ringLogLines: 50 },
  connectionPooler: {
    connectionPoolerDefaultCpuLimit: Cpu.units(2),
    connectionPoolerDefaultCpuRequest: Cpu.millis(250),
    connectionPoolerDefaultMemoryLimit: Size.mebibytes(200),
    connectionPoolerDefaultMemoryRequest: Size.mebibytes(150),
    connectionPoolerImage: 'ghcr.io/zalando/postgres-operator/pgbouncer:v2.0.1',
    connectionPoolerMaxDbConnections: 100,
    connectionPoolerMode: PoolerMode.SESSION,
    connectionPoolerNumberOfInstances: 3,
    connectionPoolerSchema: 'bouncer',
    connectionPoolerUser: 'bouncer',
  },
  patroni: { enablePatroniFailsafeMode: true },
  scalyr: {
    scalyrCpuLimit: Cpu.units(1),
    scalyrCpuRequest: Cpu.millis(100),
    scalyrImage: 'registry.example.com/scalyr:1.0.0',
    scalyrMemoryLimit: Size.mebibytes(500),
    scalyrMemoryRequest: Size.mebibytes(50),
    scalyrServerUrl: 'https://upload.eu.scalyr.com',
  },
};

/** FULL with Azure logical backups (the Azure and the GCS settings exclude each other). */
const FULL_AZURE: OperatorConfigurationProps = {
  ...FULL,
  logicalBackup: {
    ...FULL.logicalBackup,
    logicalBackupGoogleApplicationCredentials: undefined,
    logicalBackupProvider: LogicalBackupProvider.AZ,
    logicalBackupAzureStorageAccountName: 'pgdumps',
    logicalBackupAzureStorageContainer: 'dumps',
  },
  awsOrGcp: { ...FULL.awsOrGcp, walS3Bucket: undefined, walAzStorageAccount: 'pgwal' },
};

/** FULL with a global GCS WAL bucket (the global WAL stores exclude each other). */
const FULL_GCS: OperatorConfigurationProps = { ...FULL, awsOrGcp: { ...FULL.awsOrGcp, walS3Bucket: undefined, walGsBucket: 'pg-wal' } };

/** A parser of Go's time.ParseDuration for the units the operator's defaults use (an independent oracle). */
function goSeconds(text: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!m || text === '') throw new Error(`not a Go duration: ${text}`);
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

describe('OperatorConfiguration', () => {
  test('defaults: the chart\'s values except the documented deviations', () => {
    const expected = chartConfiguration();
    // the library's deviations (PostgresOperator's doc table), for data safety
    expected.kubernetes.enable_persistent_volume_claim_deletion = false;
    expected.kubernetes.enable_secrets_deletion = false;
    expected.kubernetes.delete_annotation_date_key = 'delete-date';
    expected.kubernetes.delete_annotation_name_key = 'delete-clustername';
    expect(expected.logical_backup.logical_backup_s3_bucket).toBe('my-bucket-url');
    delete expected.logical_backup.logical_backup_s3_bucket; // the chart's placeholder

    const object = render();
    expect(object.apiVersion).toBe('acid.zalan.do/v1');
    expect(object.kind).toBe('OperatorConfiguration');
    expect(object.metadata).toEqual({
      name: 'postgres-operator',
      namespace: 'postgres-operator',
      labels: { 'app.kubernetes.io/name': 'postgres-operator', 'app.kubernetes.io/instance': 'postgres-operator' },
    });
    expect(object.configuration).toEqual(expected);
  });

  test('every field of the CRD is typed, except sidecars and the credential fields', () => {
    const keysOf = (rendered: Record<string, any>) => Object.entries<any>(rendered).flatMap(([k, v]) =>
      (v && typeof v === 'object' && !Array.isArray(v) && k !== 'sidecar_docker_images' ? Object.keys(v).map((k2) => `${k}.${k2}`) : [k]));
    const keys = [...new Set([FULL, FULL_AZURE, FULL_GCS].flatMap((c) => keysOf(render(c).configuration)))].sort();
    const notOffered = [
      'sidecars',
      'logical_backup.logical_backup_s3_access_key_id',
      'logical_backup.logical_backup_s3_secret_access_key',
      'logical_backup.logical_backup_azure_storage_account_key',
      'scalyr.scalyr_api_key',
    ];
    const crd = crdKeys();
    for (const k of notOffered) expect(crd).toContain(k);
    expect(keys).toEqual(crd.filter((k) => !notOffered.includes(k)));
  });

  test('a configuration with every field validates against the closed CRD schema (nothing pruned)', () => {
    // synthValid validates against the CRD with additionalProperties: false on every object schema
    expect(render(FULL).configuration.kubernetes.watched_namespace).toBe('databases');
    expect(render(FULL_AZURE).configuration.logical_backup.logical_backup_provider).toBe('az');
    expect(render(FULL_GCS).configuration.aws_or_gcp.wal_gs_bucket).toBe('pg-wal');
  });

  test('values are rendered the way the operator parses them', () => {
    const c = render(FULL).configuration;
    // Go durations
    expect(c.resync_period).toBe('1h');
    expect(c.repair_period).toBe('10m');
    expect(goSeconds(c.kubernetes.pod_terminate_grace_period)).toBe(90);
    expect(goSeconds(c.timeouts.ready_wait_timeout)).toBe(60);
    for (const [k, v] of Object.entries<string>(c.timeouts)) expect([k, goSeconds(v) > 0]).toEqual([k, true]);
    // days, seconds and date(1) text
    expect(c.users.password_rotation_interval).toBe(30);
    expect(c.users.password_rotation_user_retention).toBe(60);
    expect(c.logical_backup.logical_backup_ttl_seconds_after_finished).toBe(6 * 3600);
    expect(c.logical_backup.logical_backup_s3_retention_time).toBe('14 days');
    // quantities, cron, versions, windows
    expect(c.postgres_pod_resources).toEqual({
      default_cpu_limit: '2',
      default_cpu_request: '500m',
      default_memory_limit: '2Gi',
      default_memory_request: '1Gi',
      max_cpu_request: '4',
      max_memory_request: '8Gi',
      min_cpu_limit: '500m',
      min_memory_limit: '512Mi',
    });
    expect(c.logical_backup.logical_backup_schedule).toBe('15 3 * * *');
    expect(c.major_version_upgrade.minimal_major_version).toBe('15');
    expect(c.major_version_upgrade.target_major_version).toBe('17');
    expect(c.maintenance_windows).toEqual(['Sun:01:00-05:00', '02:00-03:30']);
    // references as the operator reads them
    expect(c.kubernetes.pod_environment_configmap).toBe('postgres-operator/pod-env');
    expect(c.kubernetes.pod_environment_secret).toBe('pod-env-secret');
    expect(c.kubernetes.toleration).toEqual({ key: 'db-only', operator: 'Exists', effect: 'NoSchedule' });
    expect(c.kubernetes.persistent_volume_claim_retention_policy).toEqual({ when_deleted: 'delete', when_scaled: 'delete' });
    expect(c.kubernetes.infrastructure_roles_secrets).toEqual([{
      secretname: 'monitoring-roles',
      userkey: 'user',
      passwordkey: 'password',
      rolekey: 'inrole',
      defaultuservalue: 'mon',
      defaultrolevalue: 'pg_monitor',
      details: 'inrole: [pg_monitor]',
      template: false,
    }]);
    expect(c.kubernetes.liveness_probe).toEqual({
      httpGet: { path: '/liveness', port: 8008, scheme: 'HTTP' }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3,
    });
  });

  test('the pod ServiceAccount and RoleBinding definitions are the manifests the operator parses', () => {
    const c = render(FULL).configuration.kubernetes;
    expect(JSON.parse(c.pod_service_account_definition)).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'spilo', annotations: { 'iam.gke.io/gcp-service-account': 'pg@p.iam.gserviceaccount.com' }, labels: { team: 'dba' } },
      automountServiceAccountToken: true,
      imagePullSecrets: [{ name: 'regcred' }],
    });
    expect(JSON.parse(c.pod_service_account_role_binding_definition)).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'spilo-binding' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'spilo-pod' },
      subjects: [{ kind: 'ServiceAccount', name: 'spilo' }],
    });
  });

  test('owner references or finalizers: the inert delete annotation keys are left out', () => {
    for (const flag of ['enableOwnerReferences', 'enableFinalizers'] as const) {
      const k = render({ kubernetes: { [flag]: true } }).configuration.kubernetes;
      expect(k.delete_annotation_date_key).toBeUndefined();
      expect(k.delete_annotation_name_key).toBeUndefined();
      expect(k.enable_persistent_volume_claim_deletion).toBe(false);
      expect(k.enable_secrets_deletion).toBe(false);
    }
  });

  test('an explicit setting replaces a default map; empty strings are left out', () => {
    const c = render({ kubernetes: { clusterLabels: { app: 'db' }, watchedNamespace: '' } }).configuration;
    expect(c.kubernetes.cluster_labels).toEqual({ app: 'db' });
    expect(c.kubernetes.watched_namespace).toBeUndefined();
  });

  test('escape hatch: metadata and settings newer than v2.0.1 can be added', () => {
    const { chart } = newChart('postgres-operator');
    const op = new PostgresOperator(chart, 'operator');
    op.addJsonPatch(JsonPatch.add('/metadata/annotations', { 'argocd.argoproj.io/sync-wave': '-1' }));
    expect(only(synthValid(chart), 'OperatorConfiguration').metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-1' });

    // a setting the v2.0.1 CRD does not know: rendered, and (as the closed schema shows) pruned by a v2.0.1 API server
    op.addJsonPatch(JsonPatch.add('/configuration/kubernetes/future_setting', 'on'));
    validateConstructs(chart);
    const object = only(Testing.synth(chart), 'OperatorConfiguration');
    expect(object.configuration.kubernetes.future_setting).toBe('on');
    expect(schemaErrors(object)).toEqual(['/configuration/kubernetes must NOT have additional properties (future_setting)']);
  });

  test('property: any whole number of seconds renders a Go duration of the same length; fractions are refused', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000 }), (n) => {
      expect(goSeconds(render({ resyncPeriod: Duration.seconds(n) }).configuration.resync_period)).toBe(n);
    }), { numRuns: 50 });
    fc.assert(fc.property(fc.double({ min: 0.001, max: 1e6, noNaN: true }).filter((x) => !Number.isInteger(x)), (x) => {
      expect(() => render({ resyncPeriod: Duration.seconds(x) })).toThrow(/ZPG-OPERATOR-DURATION/);
    }), { numRuns: 50 });
  });

  test('property: any memory size of whole bytes renders the same number of bytes', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (kib) => {
      const resources = { defaultMemoryLimit: Size.kibibytes(kib), defaultMemoryRequest: Size.kibibytes(1), minMemoryLimit: Size.kibibytes(1) };
      const q = render({ postgresPodResources: resources })
        .configuration.postgres_pod_resources.default_memory_limit;
      expect(memoryBytes(q)).toBe(kib * 1024);
    }), { numRuns: 50 });
  });

  test('output is deterministic: sorted keys, byte-identical across synths', () => {
    const a = JSON.stringify(render(FULL));
    expect(JSON.stringify(render(FULL))).toBe(a);
    const c = render(FULL).configuration;
    expect(Object.keys(c)).toEqual([...Object.keys(c)].sort());
    expect(Object.keys(c.kubernetes)).toEqual([...Object.keys(c.kubernetes)].sort());
  });
});
