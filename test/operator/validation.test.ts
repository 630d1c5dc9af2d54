/**
 * Every operator configuration rule: its code, the construct path, the value and the fix in the message.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Cron, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { MaintenanceWindow, PoolerMode, PostgresVersion } from '../../src';
import { LogicalBackupProvider, OperatorConfigurationProps, PvcRetention } from '../../src/operator/configuration';
import { ExternalPostgresOperator, ExternalPostgresOperatorProps } from '../../src/operator/external-postgres-operator';
import { PostgresOperator, PostgresOperatorProps } from '../../src/operator/postgres-operator';
import { OperatorSettings } from '../../src/operator/settings';
import { RuleCode } from '../../src/validation/rule-code';
import { expectRule, thrownBy } from '../support/rules';
import { newChart, validateConstructs } from '../support/synth';

/** The error of a PostgresOperator `operator` in chart `test` (namespace `postgres-operator` unless given). */
function errorOf(props: PostgresOperatorProps, namespace: string | null = 'postgres-operator', after?: (op: PostgresOperator) => void): Error {
  const { chart } = newChart(namespace);
  return thrownBy(() => {
    const op = new PostgresOperator(chart, 'operator', props);
    after?.(op);
    validateConstructs(chart);
    Testing.synth(chart);
  });
}
const config = (configuration: OperatorConfigurationProps) => errorOf({ configuration });

function externalError(props: ExternalPostgresOperatorProps): Error {
  return thrownBy(() => new ExternalPostgresOperator(Testing.chart(), 'operator', props));
}

/** Asserts a ValidationError of `code` raised for the operator (construct path `test/operator`). */
function expectOperatorRule(e: Error, code: string, ...fragments: (string | RegExp)[]) {
  expectRule(e, code, 'test/operator', fragments);
}

describe('operator configuration rules', () => {
  test('ZPG-OPERATOR-NAME', () => {
    expectOperatorRule(errorOf({ name: 'Postgres_Operator' }), 'ZPG-OPERATOR-NAME', '[test/operator] name:', 'Got: "Postgres_Operator"', 'Allowed: a DNS label');
    expectOperatorRule(config({ kubernetes: { podServiceAccountName: 'Spilo Pods' } }), 'ZPG-OPERATOR-NAME', 'configuration.kubernetes.podServiceAccountName', 'not a Kubernetes object name');
    expectOperatorRule(config({ logicalBackup: { logicalBackupCronjobEnvironmentSecret: 'aws/keys' } }), 'ZPG-OPERATOR-NAME', 'logicalBackupCronjobEnvironmentSecret');
    expectOperatorRule(externalError({ releaseName: 'My_Release' }), 'ZPG-OPERATOR-NAME', 'releaseName', 'not a Helm release name');
  });

  test('ZPG-OPERATOR-NAMESPACE', () => {
    expectOperatorRule(errorOf({ operatorNamespace: 'Postgres' }, null), 'ZPG-OPERATOR-NAMESPACE', 'operatorNamespace: not a namespace name', 'Got: "Postgres"');
    expectOperatorRule(errorOf({ operatorNamespace: 'ops' }, 'db'), 'ZPG-OPERATOR-NAMESPACE', 'the Chart stamps another namespace', 'Got: operatorNamespace "ops", chart namespace "db"');
    expectOperatorRule(errorOf({ install: {} }, null), 'ZPG-OPERATOR-NAMESPACE', 'the install needs the operator\'s namespace', 'Fix: set operatorNamespace');
    expectOperatorRule(config({ kubernetes: { watchedNamespace: 'Team A' } }), 'ZPG-OPERATOR-NAMESPACE', 'configuration.kubernetes.watchedNamespace');
  });

  test('ZPG-OPERATOR-CHART-NAMESPACE', () => {
    expectOperatorRule(errorOf({ install: {} }, 'postgres-operator'), 'ZPG-OPERATOR-CHART-NAMESPACE',
      '[test/operator] install: the install renders ClusterRoles', 'Got: chart namespace "postgres-operator"',
      'Fix: create the PostgresOperator in a Chart without a namespace', 'operatorNamespace: "postgres-operator"');
  });

  test('ZPG-OPERATOR-UNKNOWN-FIELD', () => {
    expectOperatorRule(config({ kubernetes: { cluster_labels: { a: 'b' } } as any }), 'ZPG-OPERATOR-UNKNOWN-FIELD', 'configuration.kubernetes.cluster_labels', 'Fix: use clusterLabels.');
    expectOperatorRule(config({ enableTeamsApi: true } as any), 'ZPG-OPERATOR-UNKNOWN-FIELD', 'configuration.enableTeamsApi', 'no such setting in this group');
    expectOperatorRule(config({ workers: '8' } as any), 'ZPG-OPERATOR-INTEGER');
    expectOperatorRule(config({ enableShmVolume: 'yes' } as any), 'ZPG-OPERATOR-UNKNOWN-FIELD', 'expected true or false', 'Got: "yes"');
    expectOperatorRule(config({ resyncPeriod: '30m' } as any), 'ZPG-OPERATOR-UNKNOWN-FIELD', 'expected a Duration');
    expectOperatorRule(config({ connectionPooler: { connectionPoolerMode: PoolerMode.STATEMENT } }), 'ZPG-OPERATOR-UNKNOWN-FIELD', 'Got: "statement"', 'Allowed: "session", "transaction"');
    expectOperatorRule(externalError({ configScalyr: {} } as any), 'ZPG-OPERATOR-UNKNOWN-FIELD', 'configScalyr', 'not a value of the v2.0.1 chart');
  });

  test('ZPG-OPERATOR-INTEGER', () => {
    expectOperatorRule(config({ workers: 0 }), 'ZPG-OPERATOR-INTEGER', 'configuration.workers', 'Got: 0', 'Allowed: 1 to 2147483647');
    expectOperatorRule(config({ minInstances: 1.5 }), 'ZPG-OPERATOR-INTEGER', 'configuration.minInstances', 'Got: 1.5');
    expectOperatorRule(config({ loggingRestApi: { apiPort: 70000 } }), 'ZPG-OPERATOR-INTEGER', 'apiPort', 'Allowed: 1 to 65535');
    const { chart } = newChart(null);
    expectOperatorRule(errorOfInstall(chart, { replicas: 2 }), 'ZPG-OPERATOR-INTEGER', 'install.replicas', 'Got: 2', 'Allowed: 0 to 1');
  });

  test('ZPG-OPERATOR-DURATION', () => {
    expectOperatorRule(config({ timeouts: { patroniApiCheckInterval: Duration.millis(500) } }), 'ZPG-OPERATOR-DURATION',
      'configuration.timeouts.patroniApiCheckInterval', 'whole seconds', 'Got: 0.5 seconds');
    expectOperatorRule(config({ users: { passwordRotationInterval: Duration.hours(36) } }), 'ZPG-OPERATOR-DURATION', 'passwordRotationInterval', 'whole days');
    expectOperatorRule(config({ resyncPeriod: Duration.seconds(NaN) }), 'ZPG-OPERATOR-DURATION', 'Got: NaN');
    expectOperatorRule(config({ repairPeriod: Duration.seconds(0) }), 'ZPG-OPERATOR-DURATION', 'at least 1');
  });

  test('ZPG-OPERATOR-QUANTITY', () => {
    expectOperatorRule(config({ postgresPodResources: { defaultCpuRequest: Cpu.millis(0.5) } }), 'ZPG-OPERATOR-QUANTITY', 'defaultCpuRequest', 'Got: "0.5m"');
    expectOperatorRule(config({ postgresPodResources: { defaultMemoryLimit: Size.gibibytes(NaN) } }), 'ZPG-OPERATOR-QUANTITY', 'defaultMemoryLimit', 'Got: NaN');
    expectOperatorRule(config({ connectionPooler: { connectionPoolerDefaultMemoryRequest: Size.kibibytes(Infinity) } }), 'ZPG-OPERATOR-QUANTITY');
    expectOperatorRule(config({ logicalBackup: { logicalBackupCpuLimit: Cpu.units(0) } }), 'ZPG-OPERATOR-QUANTITY', 'above 0');
  });

  test('ZPG-OPERATOR-RESOURCES', () => {
    expectOperatorRule(config({ postgresPodResources: { defaultCpuRequest: Cpu.units(2), defaultCpuLimit: Cpu.units(1) } }), 'ZPG-OPERATOR-RESOURCES',
      'defaultCpuRequest: the CPU request is above the limit', 'Got: request 2, limit 1');
    expectOperatorRule(config({ postgresPodResources: { defaultMemoryLimit: Size.mebibytes(200) } }), 'ZPG-OPERATOR-RESOURCES',
      'defaultMemoryLimit', 'silently raise this default to minMemoryLimit', 'Got: defaultMemoryLimit 200Mi, minMemoryLimit 250Mi');
    expectOperatorRule(config({ postgresPodResources: { maxCpuRequest: Cpu.millis(50) } }), 'ZPG-OPERATOR-RESOURCES', 'silently lower this default to maxCpuRequest');
    expectOperatorRule(config({ connectionPooler: { connectionPoolerDefaultMemoryRequest: Size.gibibytes(1) } }), 'ZPG-OPERATOR-RESOURCES', 'connectionPoolerDefaultMemoryRequest');
    const { chart } = newChart(null);
    expectOperatorRule(errorOfInstall(chart, { resources: { memory: { request: Size.gibibytes(1) } } }), 'ZPG-OPERATOR-RESOURCES', 'install.resources', 'request is above its limit');
  });

  test('ZPG-OPERATOR-INSTANCE-LIMITS', () => {
    expectOperatorRule(config({ minInstances: 5, maxInstances: 3 }), 'ZPG-OPERATOR-INSTANCE-LIMITS', 'configuration.minInstances', 'Got: minInstances 5, maxInstances 3');
  });

  test('ZPG-OPERATOR-LABEL-KEY', () => {
    expectOperatorRule(config({ kubernetes: { clusterNameLabel: 'cluster name' } }), 'ZPG-OPERATOR-LABEL-KEY', 'configuration.kubernetes.clusterNameLabel', 'Got: "cluster name"');
    expectOperatorRule(config({ kubernetes: { inheritedLabels: ['ok', '-bad'] } }), 'ZPG-OPERATOR-LABEL-KEY', 'inheritedLabels', 'Got: "-bad"');
    expectOperatorRule(config({ kubernetes: { customPodAnnotations: { 'a/b/c': 'x' } } }), 'ZPG-OPERATOR-LABEL-KEY', 'annotation key');
    expectOperatorRule(config({ kubernetes: { deleteAnnotationDateKey: 'x'.repeat(64) } }), 'ZPG-OPERATOR-LABEL-KEY', 'deleteAnnotationDateKey');
  });

  test('ZPG-OPERATOR-LABEL-VALUE', () => {
    expectOperatorRule(config({ kubernetes: { clusterLabels: { application: 'spilo db' } } }), 'ZPG-OPERATOR-LABEL-VALUE', 'configuration.kubernetes.clusterLabels.application', 'Got: "spilo db"');
  });

  test('ZPG-OPERATOR-LABEL-CONFLICT', () => {
    expectOperatorRule(config({ kubernetes: { clusterLabels: { 'application': 'spilo', 'cluster-name': 'x' } } }), 'ZPG-OPERATOR-LABEL-CONFLICT', 'clusterNameLabel', '"cluster-name" is also a key of clusterLabels');
    expectOperatorRule(config({ kubernetes: { podRoleLabel: 'cluster-name' } }), 'ZPG-OPERATOR-LABEL-CONFLICT', 'podRoleLabel', 'the same key');
  });

  test('ZPG-OPERATOR-IMAGE', () => {
    expectOperatorRule(config({ dockerImage: 'ghcr.io/zalando/spilo-18' }), 'ZPG-OPERATOR-IMAGE', 'configuration.dockerImage', 'not pinned', 'Got: "ghcr.io/zalando/spilo-18"');
    expectOperatorRule(config({ connectionPooler: { connectionPoolerImage: 'Not An Image' } }), 'ZPG-OPERATOR-IMAGE', 'not an image reference');
    expectOperatorRule(config({ sidecarDockerImages: { exporter: 'exporter' } }), 'ZPG-OPERATOR-IMAGE', 'sidecarDockerImages.exporter');
    const { chart } = newChart(null);
    expectOperatorRule(errorOfInstall(chart, { image: 'postgres-operator' }), 'ZPG-OPERATOR-IMAGE', 'install.image');
  });

  test('ZPG-OPERATOR-NAME-TEMPLATE', () => {
    expectOperatorRule(config({ kubernetes: { secretNameTemplate: '{username}.credentials' } }), 'ZPG-OPERATOR-NAME-TEMPLATE', 'secretNameTemplate', 'without {cluster}');
    expectOperatorRule(config({ kubernetes: { secretNameTemplate: '{username}.{cluster}.{namespace}' } }), 'ZPG-OPERATOR-NAME-TEMPLATE', 'unknown placeholder {namespace}');
    expectOperatorRule(config({ kubernetes: { pdbNameFormat: 'PDB_{cluster}' } }), 'ZPG-OPERATOR-NAME-TEMPLATE', 'pdbNameFormat', 'does not produce a PodDisruptionBudget name');
    expectOperatorRule(config({ loadBalancer: { masterDnsNameFormat: '{namespace}.{hostedzone}' } }), 'ZPG-OPERATOR-NAME-TEMPLATE', 'masterDnsNameFormat');
  });

  test('ZPG-OPERATOR-SYSTEM-USERS', () => {
    expectOperatorRule(config({ connectionPooler: { connectionPoolerUser: 'postgres' } }), 'ZPG-OPERATOR-SYSTEM-USERS',
      'configuration.connectionPooler.connectionPoolerUser', 'equals superUsername', 'panics');
    expectOperatorRule(config({ users: { replicationUsername: 'Standby User' } }), 'ZPG-OPERATOR-SYSTEM-USERS', 'not a role name');
  });

  test('ZPG-OPERATOR-DELETE-ANNOTATIONS-IGNORED', () => {
    expectOperatorRule(config({ kubernetes: { enableOwnerReferences: true, deleteAnnotationNameKey: 'delete-clustername' } }), 'ZPG-OPERATOR-DELETE-ANNOTATIONS-IGNORED',
      'deleteAnnotationNameKey', 'with enableOwnerReferences the operator never checks the delete annotations', 'Fix: choose one');
    expectOperatorRule(config({ kubernetes: { enableFinalizers: true, deleteAnnotationDateKey: 'delete-date' } }), 'ZPG-OPERATOR-DELETE-ANNOTATIONS-IGNORED', 'enableFinalizers');
  });

  test('ZPG-OPERATOR-PVC-RETENTION', () => {
    expectOperatorRule(config({ kubernetes: { persistentVolumeClaimRetentionPolicy: { whenDeleted: PvcRetention.DELETE } } }), 'ZPG-OPERATOR-PVC-RETENTION',
      'persistentVolumeClaimRetentionPolicy', 'contradicting enablePersistentVolumeClaimDeletion: false');
  });

  test('ZPG-OPERATOR-MAJOR-VERSION', () => {
    expectOperatorRule(config({ majorVersionUpgrade: { minimalMajorVersion: PostgresVersion.V17, targetMajorVersion: PostgresVersion.V16 } }), 'ZPG-OPERATOR-MAJOR-VERSION', 'Got: minimal 17, target 16');
    expectOperatorRule(config({ majorVersionUpgrade: { targetMajorVersion: PostgresVersion.of(13) } }), 'ZPG-OPERATOR-MAJOR-VERSION', 'targetMajorVersion', 'Got: 13', 'Allowed: 14, 15, 16, 17, 18');
  });

  test('ZPG-OPERATOR-IRSA-ROLE', () => {
    expectOperatorRule(config({ awsOrGcp: { irsaRoleArn: 'postgres-backup' } }), 'ZPG-OPERATOR-IRSA-ROLE', 'configuration.awsOrGcp.irsaRoleArn', 'Got: "postgres-backup"');
  });

  test('ZPG-OPERATOR-IRSA-ANNOTATION', () => {
    expectOperatorRule(config({ kubernetes: { podServiceAccountDefinition: { annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/a' } } } }),
      'ZPG-OPERATOR-IRSA-ANNOTATION', 'podServiceAccountDefinition.annotations', 'removes it on every sync', 'Fix: set awsOrGcp.irsaRoleArn');
  });

  test('ZPG-OPERATOR-WAL-STORES', () => {
    expectOperatorRule(config({ awsOrGcp: { walS3Bucket: 'a', walGsBucket: 'b' } }), 'ZPG-OPERATOR-WAL-STORES', 'walGsBucket', 'S3, then GCS, then Azure', 'Got: walS3Bucket="a", walGsBucket="b"');
    expectOperatorRule(externalError({ configAwsOrGcp: { walGsBucket: 'b', walAzStorageAccount: 'c' } }), 'ZPG-OPERATOR-WAL-STORES', 'configAwsOrGcp.walAzStorageAccount');
  });

  test('ZPG-OPERATOR-LOGICAL-BACKUP-PROVIDER', () => {
    expectOperatorRule(config({ logicalBackup: { logicalBackupProvider: LogicalBackupProvider.AZ, logicalBackupAzureStorageAccountName: 'acct' } }),
      'ZPG-OPERATOR-LOGICAL-BACKUP-PROVIDER', 'logicalBackupAzureStorageContainer', 'need the storage account and the container');
    expectOperatorRule(config({ logicalBackup: { logicalBackupAzureStorageContainer: 'dumps' } }), 'ZPG-OPERATOR-LOGICAL-BACKUP-PROVIDER', 'never used', 'Got: logicalBackupProvider "s3"');
    expectOperatorRule(config({ logicalBackup: { logicalBackupGoogleApplicationCredentials: '/k.json' } }), 'ZPG-OPERATOR-LOGICAL-BACKUP-PROVIDER', 'GCS credentials');
  });

  test('ZPG-OPERATOR-CREDENTIAL-LITERAL', () => {
    const e = errorOf({}, 'postgres-operator', (op) => op.addJsonPatch(JsonPatch.add('/configuration/logical_backup/logical_backup_s3_secret_access_key', 'abc')));
    expectOperatorRule(e, 'ZPG-OPERATOR-CREDENTIAL-LITERAL', 'logical_backup_s3_secret_access_key would be a credential', 'logicalBackupCronjobEnvironmentSecret');
  });

  test('ZPG-OPERATOR-CONTROLLER-ID', () => {
    expectOperatorRule(errorOf({ controllerId: 'second operator' }), 'ZPG-OPERATOR-CONTROLLER-ID', 'controllerId', 'Got: "second operator"');
    expectOperatorRule(externalError({ controllerId: '' }), 'ZPG-OPERATOR-CONTROLLER-ID');
  });

  test('ZPG-OPERATOR-DUPLICATE', () => {
    const a = Testing.app();
    const ops = new Chart(a, 'ops');
    const db = new Chart(a, 'db', { namespace: 'db' });
    new PostgresOperator(ops, 'first', { name: 'first', operatorNamespace: 'ops' });
    new ExternalPostgresOperator(ops, 'second');
    expect(() => validateConstructs(ops)).toThrow(/ZPG-OPERATOR-DUPLICATE \[ops\/second\] controllerId: ops\/first has the same CONTROLLER_ID \(none\).*Fix: /);
    expect(() => OperatorSettings.of(new Construct(db, 'cluster'))).toThrow(/ZPG-OPERATOR-DUPLICATE \[db\/cluster\] operator: 2 operators in this app have no CONTROLLER_ID.*Got: ops\/first, ops\/second/);

    // two installs rendering the same cluster-scoped objects
    const b = Testing.app();
    const chart = new Chart(b, 'ops');
    new PostgresOperator(chart, 'blue', { name: 'blue', operatorNamespace: 'ops', install: {} });
    new PostgresOperator(chart, 'green', { name: 'green', operatorNamespace: 'ops', controllerId: 'green', install: {} });
    expect(() => validateConstructs(chart)).toThrow(/ZPG-OPERATOR-DUPLICATE \[ops\/green\] install: ops\/blue renders the same cluster-scoped objects.*Got: ClusterRole postgres-pod, ClusterRole zalando-postgres-operator:users:admin/);
  });

  test('ZPG-OPERATOR-NOT-FOUND', () => {
    const a = Testing.app();
    new PostgresOperator(new Chart(a, 'ops'), 'operator', { operatorNamespace: 'ops' });
    const db = new Chart(a, 'db');
    expect(() => OperatorSettings.of(db, 'blue')).toThrow(/ZPG-OPERATOR-NOT-FOUND \[db\] operator: .*acid.zalan.do\/controller: blue.*Allowed: ops\/operator \(no CONTROLLER_ID\).*Fix: /);
  });

  test('ZPG-OPERATOR-OVERRIDE-TYPED', () => {
    const e = errorOf({}, 'postgres-operator', (op) => op.addJsonPatch(JsonPatch.replace('/configuration/kubernetes/enable_secrets_deletion', true)));
    expectOperatorRule(e, 'ZPG-OPERATOR-OVERRIDE-TYPED', '[test/operator] addJsonPatch: the patch changes /configuration/kubernetes/enable_secrets_deletion', 'Got: true', 'Fix: set the typed property');
    const added = errorOf({}, 'postgres-operator', (op) => op.addJsonPatch(JsonPatch.add('/configuration/aws_or_gcp/wal_s3_bucket', 'b')));
    expectOperatorRule(added, 'ZPG-OPERATOR-OVERRIDE-TYPED', '/configuration/aws_or_gcp/wal_s3_bucket');
    const broken = errorOf({}, 'postgres-operator', (op) => op.addJsonPatch(JsonPatch.remove('/configuration/no/such/path')));
    expectOperatorRule(broken, 'ZPG-OPERATOR-OVERRIDE-TYPED', 'does not apply');
  });

  test('ZPG-OPERATOR-TOLERATION', () => {
    expectOperatorRule(config({ kubernetes: { toleration: { key: 'db', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 } } }), 'ZPG-OPERATOR-TOLERATION', 'drops tolerationSeconds', 'Got: 60');
    expectOperatorRule(config({ kubernetes: { toleration: { key: 'db', operator: 'Exists', value: 'x' } } }), 'ZPG-OPERATOR-TOLERATION', 'an Exists toleration has no value');
    expectOperatorRule(config({ kubernetes: { toleration: { key: 'db', effect: 'Never' } } }), 'ZPG-OPERATOR-TOLERATION', 'effect must be');
  });

  test('ZPG-OPERATOR-MAINTENANCE-WINDOW', () => {
    expectOperatorRule(config({ maintenanceWindows: [MaintenanceWindow.daily('23:00', '01:00')] }), 'ZPG-OPERATOR-MAINTENANCE-WINDOW', 'across midnight', 'Got: "23:00-01:00"');
    expectOperatorRule(config({ maintenanceWindows: [MaintenanceWindow.of('Sunday 1-5')] }), 'ZPG-OPERATOR-MAINTENANCE-WINDOW', 'not a maintenance window the CRD accepts');
  });

  test('ZPG-OPERATOR-HELM-VALUES', () => {
    expectOperatorRule(externalError({ podServiceAccountName: 'a', configKubernetes: { podServiceAccountName: 'b' } }), 'ZPG-OPERATOR-HELM-VALUES',
      'configKubernetes.podServiceAccountName', 'Got: podServiceAccountName "a", configKubernetes.podServiceAccountName "b"', 'Fix: set only podServiceAccountName');
  });

  test('ZPG-OPERATOR-CRON', () => {
    expectOperatorRule(config({ logicalBackup: { logicalBackupSchedule: Cron.schedule({ minute: '0', hour: '1-5' }) } }), 'ZPG-OPERATOR-CRON', 'logicalBackupSchedule', 'Got: "0 1-5 * * *"');
  });

  test('every operator rule code has a test here (the checks of clusters against their operator: in the rules table)', () => {
    const source = fs.readFileSync(__filename, 'utf-8');
    const table = fs.readFileSync(path.join(__dirname, '..', 'validation', 'rules.test.ts'), 'utf-8');
    const codes = Object.entries(RuleCode).filter(([k]) => k.startsWith('OPERATOR_'));
    expect(codes.length).toBeGreaterThan(25);
    for (const [key, code] of codes) {
      expect([code, source.includes(`'${code}'`) || table.includes(`[RuleCode.${key}]: [`)]).toEqual([code, true]);
    }
  });
});

function errorOfInstall(chart: Construct, install: PostgresOperatorProps['install']): Error {
  return thrownBy(() => new PostgresOperator(chart, 'operator', { operatorNamespace: 'postgres-operator', install }));
}
