/**
 * The resolved settings clusters are checked against: (a) from a PostgresOperator in the same app, (b) from the
 * Helm values of an operator installed elsewhere, (c) the v2.0.1 chart defaults when nothing is declared.
 */
import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CHART_VALUES } from './reference';
import { PoolerMode, PostgresVersion } from '../../src';
import {
  LogicalBackupProvider,
  MajorVersionUpgradeMode,
  OperatorPodManagementPolicy,
  PvcRetention,
} from '../../src/operator/configuration';
import { ExternalPostgresOperator } from '../../src/operator/external-postgres-operator';
import { PostgresOperator } from '../../src/operator/postgres-operator';
import { OperatorSettings } from '../../src/operator/settings';
import { cpuMillis, cpuToMillis, memoryBytes, sizeToBytes } from '../../src/validation/quantity';
import { validateConstructs } from '../support/synth';

function app(): { app: App; platform: Chart; db: Chart } {
  const a = Testing.app();
  return { app: a, platform: new Chart(a, 'platform'), db: new Chart(a, 'db', { namespace: 'db' }) };
}

describe('(c) the v2.0.1 chart defaults when no operator is declared', () => {
  test('every resolved setting equals the chart\'s value (or the CRD/operator default where the chart sets none)', () => {
    const { db } = app();
    const s = OperatorSettings.of(new Construct(db, 'cluster'));
    const v = CHART_VALUES;
    const k = v.configKubernetes;
    expect(s.source).toMatch(/chart defaults/);
    expect(s.controllerId).toBeUndefined();
    expect(s.operatorNamespace).toBeUndefined();
    expect(s.operatorPodLabels).toEqual({});
    expect(s.clusterLabels).toEqual(k.cluster_labels);
    expect(s.clusterNameLabel).toBe(k.cluster_name_label);
    expect(s.podRoleLabel).toBe(k.pod_role_label);
    expect(s.inheritedLabels).toEqual([]);
    expect(s.inheritedAnnotations).toEqual([]);
    expect(s.podServiceAccountName).toBe(v.podServiceAccount.name);
    expect(s.watchedNamespace).toBe(k.watched_namespace);
    expect(s.watchesNamespace('anything')).toBe(true);
    expect(s.enableTeamIdClusternamePrefix).toBe(v.configGeneral.enable_team_id_clustername_prefix);
    expect(s.enableSidecars).toBe(k.enable_sidecars);
    expect(s.enableInitContainers).toBe(k.enable_init_containers);
    expect(s.enableTeamsApi).toBe(v.configTeamsApi.enable_teams_api);
    expect(s.kubernetesUseConfigmaps).toBe(v.configGeneral.kubernetes_use_configmaps);
    expect(s.enablePodAntiaffinity).toBe(k.enable_pod_antiaffinity);
    expect(s.enableReadinessProbe).toBe(k.enable_readiness_probe);
    expect(s.podManagementPolicy).toBe(k.pod_management_policy);
    expect(s.enableCrossNamespaceSecret).toBe(k.enable_cross_namespace_secret);
    expect(s.minInstances).toBe(v.configGeneral.min_instances);
    expect(s.maxInstances).toBe(v.configGeneral.max_instances);
    expect(s.dockerImage).toBe(v.configGeneral.docker_image);
    expect(s.superUsername).toBe(v.configUsers.super_username);
    expect(s.replicationUsername).toBe(v.configUsers.replication_username);
    expect(s.irsaRoleArn).toBeUndefined();
    expect(s.awsRegion).toBe(v.configAwsOrGcp.aws_region);
    expect([s.walS3Bucket, s.walGsBucket, s.walAzStorageAccount, s.gcpCredentials]).toEqual([undefined, undefined, undefined, undefined]);
    expect(s.podEnvironmentConfigmap).toBeUndefined();
    expect(s.podEnvironmentSecret).toBeUndefined();
    const lb = v.configLogicalBackup;
    expect(s.logicalBackupProvider).toBe(lb.logical_backup_provider);
    expect(s.logicalBackupS3Bucket).toBe(lb.logical_backup_s3_bucket);
    expect(s.logicalBackupS3BucketPrefix).toBe(lb.logical_backup_s3_bucket_prefix);
    expect(s.logicalBackupS3Region).toBeUndefined(); // "" in the chart
    expect(s.logicalBackupS3Endpoint).toBeUndefined();
    expect(s.logicalBackupS3RetentionTime).toBeUndefined();
    expect(s.logicalBackupJobPrefix).toBe(lb.logical_backup_job_prefix);
    expect(s.logicalBackupSchedule).toBe(lb.logical_backup_schedule);
    const r = v.configPostgresPodResources;
    expect(cpuToMillis(s.defaultCpuRequest!)).toBe(cpuMillis(r.default_cpu_request));
    expect(cpuToMillis(s.defaultCpuLimit!)).toBe(cpuMillis(r.default_cpu_limit));
    expect(sizeToBytes(s.defaultMemoryRequest!)).toBe(memoryBytes(r.default_memory_request));
    expect(sizeToBytes(s.defaultMemoryLimit!)).toBe(memoryBytes(r.default_memory_limit));
    expect(cpuToMillis(s.minCpuLimit!)).toBe(cpuMillis(r.min_cpu_limit));
    expect(sizeToBytes(s.minMemoryLimit!)).toBe(memoryBytes(r.min_memory_limit));
    expect(s.maxCpuRequest).toBeUndefined();
    expect(s.maxMemoryRequest).toBeUndefined();
    expect(s.setMemoryRequestToLimit).toBe(false);
    const mv = v.configMajorVersionUpgrade;
    expect(s.majorVersionUpgradeMode).toBe(mv.major_version_upgrade_mode);
    expect(s.minimalMajorVersion.toString()).toBe(mv.minimal_major_version);
    expect(s.targetMajorVersion.toString()).toBe(mv.target_major_version);
    expect(s.enableOwnerReferences).toBe(k.enable_owner_references);
    expect(s.enableFinalizers).toBe(k.enable_finalizers);
    expect(s.enableSecretsDeletion).toBe(k.enable_secrets_deletion);
    expect(s.enablePersistentVolumeClaimDeletion).toBe(k.enable_persistent_volume_claim_deletion);
    expect(s.pvcRetentionWhenDeleted).toBe(k.persistent_volume_claim_retention_policy.when_deleted);
    expect(s.pvcRetentionWhenScaled).toBe(k.persistent_volume_claim_retention_policy.when_scaled);
    expect(s.deleteAnnotationDateKey).toBeUndefined();
    expect(s.deleteAnnotationNameKey).toBeUndefined();
    expect(s.deletionProtection).toBe(false);
    expect(s.secretNameTemplate).toBe(k.secret_name_template);
    const cp = v.configConnectionPooler;
    expect(s.connectionPoolerImage).toBe(cp.connection_pooler_image);
    expect(s.connectionPoolerNumberOfInstances).toBe(cp.connection_pooler_number_of_instances);
    expect(s.connectionPoolerMode).toBe(cp.connection_pooler_mode);
    expect(s.connectionPoolerMaxDbConnections).toBe(cp.connection_pooler_max_db_connections);
    expect(s.connectionPoolerUser).toBe(cp.connection_pooler_user);
    expect(s.connectionPoolerSchema).toBe(cp.connection_pooler_schema);
    expect(cpuToMillis(s.connectionPoolerDefaultCpuRequest!)).toBe(cpuMillis(cp.connection_pooler_default_cpu_request));
    expect(sizeToBytes(s.connectionPoolerDefaultMemoryLimit!)).toBe(memoryBytes(cp.connection_pooler_default_memory_limit));
  });

  test('helpers: the Secret name of a user (underscores become dashes) and the selector of a cluster', () => {
    const s = OperatorSettings.chartDefaults();
    expect(s.secretName('foo_user', 'acid-minimal')).toBe('foo-user.acid-minimal.credentials.postgresql.acid.zalan.do');
    expect(s.clusterSelector('acid-minimal')).toEqual({ 'application': 'spilo', 'cluster-name': 'acid-minimal' });
  });
});

describe('(a) from a PostgresOperator in the same app', () => {
  test('the settings are the operator\'s resolved configuration, whatever the creation order', () => {
    const { platform, db } = app();
    const cluster = new Construct(db, 'cluster');
    let seen: OperatorSettings | undefined;
    cluster.node.addValidation({ validate: () => { seen = OperatorSettings.of(cluster); return []; } });
    const op = new PostgresOperator(platform, 'operator', {
      operatorNamespace: 'postgres-operator',
      install: {},
      configuration: {
        kubernetes: {
          clusterLabels: { app: 'postgres' },
          clusterNameLabel: 'postgres.example.com/cluster',
          podRoleLabel: 'postgres.example.com/role',
          inheritedLabels: ['azure.workload.identity/use'],
          watchedNamespace: '',
          podEnvironmentSecret: { name: 'pod-env', keys: ['WALG_S3_PREFIX'] },
          secretNameTemplate: '{cluster}-{username}',
          enableOwnerReferences: true,
          persistentVolumeClaimRetentionPolicy: { whenScaled: PvcRetention.DELETE },
        },
        awsOrGcp: { irsaRoleArn: 'arn:aws:iam::123456789012:role/pg', awsRegion: 'us-east-1', walS3Bucket: 'wal' },
        postgresPodResources: { maxCpuRequest: Cpu.units(4), maxMemoryRequest: Size.gibibytes(16) },
        logicalBackup: { logicalBackupS3Bucket: 'dumps', logicalBackupS3RetentionTime: Duration.days(30) },
        majorVersionUpgrade: { majorVersionUpgradeMode: MajorVersionUpgradeMode.OFF, targetMajorVersion: PostgresVersion.V17 },
        connectionPooler: { connectionPoolerMode: PoolerMode.SESSION, connectionPoolerNumberOfInstances: 3 },
      },
    });
    validateConstructs(db);
    expect(seen).toBe(op.settings);
    const s = op.settings;
    expect(s.source).toBe('platform/operator');
    expect(s.operatorNamespace).toBe('postgres-operator');
    expect(s.operatorPodLabels).toEqual({ 'app.kubernetes.io/instance': 'postgres-operator', 'app.kubernetes.io/name': 'postgres-operator' });
    expect(s.clusterSelector('orders')).toEqual({ 'app': 'postgres', 'postgres.example.com/cluster': 'orders' });
    expect(s.podRoleLabel).toBe('postgres.example.com/role');
    expect(s.inheritedLabels).toEqual(['azure.workload.identity/use']);
    // an empty watched_namespace is the operator's own namespace (pkg/controller/controller.go getEffectiveNamespace)
    expect(s.watchedNamespace).toBe('postgres-operator');
    expect(s.watchesNamespace('db')).toBe(false);
    expect(s.watchesNamespace('postgres-operator')).toBe(true);
    expect(s.podEnvironmentSecret).toEqual({ name: 'pod-env', keys: ['WALG_S3_PREFIX'] });
    expect(s.secretName('app_user', 'orders')).toBe('orders-app-user');
    expect(s.irsaRoleArn).toBe('arn:aws:iam::123456789012:role/pg');
    expect(s.awsRegion).toBe('us-east-1');
    expect(s.walS3Bucket).toBe('wal');
    expect(cpuToMillis(s.maxCpuRequest!)).toBe(4000);
    expect(sizeToBytes(s.maxMemoryRequest!)).toBe(16 * 2 ** 30);
    expect(s.logicalBackupS3Bucket).toBe('dumps');
    expect(s.logicalBackupS3RetentionTime?.toDays()).toBe(30);
    expect(s.majorVersionUpgradeMode).toBe(MajorVersionUpgradeMode.OFF);
    expect(s.targetMajorVersion).toBe(PostgresVersion.V17);
    expect(s.connectionPoolerMode).toBe(PoolerMode.SESSION);
    expect(s.connectionPoolerNumberOfInstances).toBe(3);
    // the library's data-safe deletion defaults; owner references leave the annotation keys out
    expect(s.enableOwnerReferences).toBe(true);
    expect(s.enableSecretsDeletion).toBe(false);
    expect(s.enablePersistentVolumeClaimDeletion).toBe(false);
    expect(s.deleteAnnotationDateKey).toBeUndefined();
    expect(s.deletionProtection).toBe(false);
    expect(s.pvcRetentionWhenDeleted).toBe(PvcRetention.RETAIN);
    expect(s.pvcRetentionWhenScaled).toBe(PvcRetention.DELETE);
  });

  test('the library\'s defaults protect deletions with both annotation keys', () => {
    const { platform } = app();
    const s = new PostgresOperator(platform, 'operator', { operatorNamespace: 'postgres-operator' }).settings;
    expect([s.deleteAnnotationDateKey, s.deleteAnnotationNameKey, s.deletionProtection]).toEqual(['delete-date', 'delete-clustername', true]);
    expect([s.enableOwnerReferences, s.enableFinalizers]).toEqual([false, false]);
    expect([s.enableSecretsDeletion, s.enablePersistentVolumeClaimDeletion]).toEqual([false, false]);
    expect(s.logicalBackupS3Bucket).toBeUndefined();
    expect(s.operatorPodLabels).toEqual({}); // not installed by this app: its pods are unknown
  });

  test('two operators with different CONTROLLER_IDs: clusters say which one', () => {
    const { platform, db } = app();
    const first = new PostgresOperator(platform, 'first', { name: 'first', operatorNamespace: 'ops', install: {} });
    const second = new PostgresOperator(platform, 'second', {
      name: 'second',
      operatorNamespace: 'ops',
      controllerId: 'second',
      install: { userFacingClusterRoles: false },
      configuration: { kubernetes: { podServiceAccountName: 'postgres-pod-2' } },
    });
    validateConstructs(platform);
    expect(OperatorSettings.of(db)).toBe(first.settings);
    expect(OperatorSettings.of(db, 'second')).toBe(second.settings);
    expect(second.settings.controllerId).toBe('second');
  });
});

describe('(b) an operator installed elsewhere, declared with its Helm values', () => {
  test('the chart\'s defaults overlaid with the values; maps are merged and lists replaced as Helm does', () => {
    const { platform, db } = app();
    const ext = new ExternalPostgresOperator(platform, 'operator', {
      releaseName: 'pg',
      operatorNamespace: 'operators',
      podServiceAccountName: 'spilo',
      configGeneral: { enableTeamIdClusternamePrefix: true },
      configKubernetes: { clusterLabels: { team: 'dba' }, inheritedLabels: ['environment'], watchedNamespace: 'db', podManagementPolicy: OperatorPodManagementPolicy.PARALLEL },
      configAwsOrGcp: { walGsBucket: 'wal', gcpCredentials: '/meta/credentials/key.json' },
      configLogicalBackup: { logicalBackupProvider: LogicalBackupProvider.GCS, logicalBackupS3Bucket: 'dumps' },
      configTeamsApi: { protectedRoleNames: ['admin'] },
    });
    const s = OperatorSettings.of(db);
    expect(s).toBe(ext.settings);
    expect(s.source).toBe('platform/operator');
    expect(s.clusterLabels).toEqual({ application: 'spilo', team: 'dba' });
    expect(s.inheritedLabels).toEqual(['environment']);
    expect(s.watchesNamespace('db')).toBe(true);
    expect(s.watchesNamespace('other')).toBe(false);
    expect(s.podServiceAccountName).toBe('spilo');
    expect(s.enableTeamIdClusternamePrefix).toBe(true);
    expect(s.podManagementPolicy).toBe(OperatorPodManagementPolicy.PARALLEL);
    expect(s.walGsBucket).toBe('wal');
    expect(s.gcpCredentials).toBe('/meta/credentials/key.json');
    expect(s.logicalBackupProvider).toBe(LogicalBackupProvider.GCS);
    expect(s.logicalBackupS3Bucket).toBe('dumps');
    expect(s.operatorNamespace).toBe('operators');
    // the chart's pod labels (templates/deployment.yaml): chart name and release
    expect(s.operatorPodLabels).toEqual({ 'app.kubernetes.io/instance': 'pg', 'app.kubernetes.io/name': 'postgres-operator' });
    // the chart's defaults, not the library's
    expect(s.enableSecretsDeletion).toBe(true);
    expect(s.enablePersistentVolumeClaimDeletion).toBe(true);
    expect(s.deletionProtection).toBe(false);
  });

  test('a release with a controller ID manages only annotated clusters', () => {
    const { platform, db } = app();
    const ext = new ExternalPostgresOperator(platform, 'operator', { controllerId: 'blue' });
    expect(OperatorSettings.of(db, 'blue')).toBe(ext.settings);
    expect(() => OperatorSettings.of(db)).toThrow(/ZPG-OPERATOR-NOT-FOUND \[db\] operator: no operator declared in this app manages clusters without a controller annotation.*Allowed: platform\/operator \(CONTROLLER_ID "blue"\).*Fix: /);
  });
});
