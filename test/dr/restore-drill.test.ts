/**
 * RestoreDrill and UpgradeRehearsal: the objects they render, the Role's exact rules, the NetworkPolicy's reach,
 * the clone's manifest through the CRD schema and the behaviour model, the alerts through promtool, and one test
 * per validation rule.
 */
import { Chart, Cron, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  BackupCredentials,
  BackupEncryption,
  BackupStorage,
  Cluster,
  ExternalPostgresOperatorProps,
  NetworkPeer,
  PostgresVersion,
  S3Encryption,
  WalgBackup,
} from '../../src';
import { DrillCheck } from '../../src/dr/drill-check';
import { RestoreDrill, RestoreDrillProps, UpgradeRehearsal } from '../../src/dr/restore-drill';
import { SpiloModelSettings as ModelSettings, spiloModel } from '../../src/model/spilo-model';
import { credentialLiterals } from '../support/credentials';
import { NetworkModel } from '../support/netpol';
import { checkRules, testRules } from '../support/promtool';
import { expectRule, thrownBy } from '../support/rules';
import { expectValid } from '../support/schema';
import { newChart, only, synthValid, validateConstructs } from '../support/synth';
import { RUNBOOKS } from '../support/topology';

const ROLE = 'arn:aws:iam::123456789012:role/pg-backup';
const PLACEHOLDER = '1970-01-01T00:00:00+00:00';
const TS = '2026-04-11T14:30:00+00:00';

interface Setup {
  readonly chart: Chart;
  readonly cluster: Cluster;
}

function setup(
  version = PostgresVersion.V17,
  clusterProps: Partial<ConstructorParameters<typeof Cluster>[2]> = {},
  operator?: ExternalPostgresOperatorProps,
): Setup {
  const { chart } = newChart('db', { operator });
  const cluster = new Cluster(chart, 'orders', { teamId: 'acid', version, ...clusterProps });
  new WalgBackup(chart, 'backup', { cluster, storage: BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-west-1' }), credentials: BackupCredentials.fromSecret('aws-creds') });
  return { chart, cluster };
}

/** The one object of a kind named `name` (the drill's by default). */
const ofKind = (objects: any[], kind: string, name = 'acid-orders-drill') => only(objects, kind, name);

/** The clone's manifest from the drill's ConfigMap, with the target time the script would fill in. */
function cloneOf(objects: any[], name = 'acid-orders-drill', ts = TS): any {
  const text: string = ofKind(objects, 'ConfigMap', name).data['clone.json'];
  expect(text.split(PLACEHOLDER)).toHaveLength(2);
  return JSON.parse(text.replace(PLACEHOLDER, ts));
}

function drillObjects(props: Partial<RestoreDrillProps> = {}, version = PostgresVersion.V17) {
  const { chart, cluster } = setup(version);
  new RestoreDrill(chart, 'drill', { cluster, storage: Size.gibibytes(20), ...props });
  return synthValid(chart);
}

describe('objects', () => {
  test('the clone\'s host, Secret and pods follow the operator\'s cluster_domain, secret_name_template and labels', () => {
    const { chart, cluster } = setup(PostgresVersion.V17, {}, {
      configKubernetes: { clusterDomain: 'corp.internal', secretNameTemplate: '{cluster}-{username}-{cluster}', clusterNameLabel: 'pg-cluster' },
      configUsers: { superUsername: 'dba' },
    });
    new RestoreDrill(chart, 'drill', { cluster, storage: Size.gibibytes(20) });
    const objects = synthValid(chart);
    const env = Object.fromEntries(ofKind(objects, 'CronJob').spec.jobTemplate.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({
      CLONE_HOST: 'acid-orders-drill.db.svc.corp.internal',
      CLONE_USER: 'dba',
      CREDENTIALS_NAME: 'acid-orders-drill-dba-acid-orders-drill',
    });
    expect(ofKind(objects, 'Role').rules[3].resourceNames).toEqual(['acid-orders-drill-dba-acid-orders-drill']);
    const toClone = ofKind(objects, 'NetworkPolicy').spec.egress.find((e: any) => e.ports[0].port === 5432);
    expect(toClone.to[0].podSelector.matchLabels).toMatchObject({ 'pg-cluster': 'acid-orders-drill' });
  });

  test('ServiceAccount, Role, RoleBinding, ConfigMap, CronJob, NetworkPolicy and PrometheusRule, valid against their schemas', () => {
    const objects = drillObjects();
    const drill = objects.filter((o) => o.metadata.labels?.['postgres.cdk8s.io/restore-drill'] === 'acid-orders-drill');
    expect(drill.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/db/acid-orders-drill', 'CronJob/db/acid-orders-drill', 'NetworkPolicy/db/acid-orders-drill',
      'PrometheusRule/db/acid-orders-drill', 'Role/db/acid-orders-drill', 'RoleBinding/db/acid-orders-drill', 'ServiceAccount/db/acid-orders-drill',
    ]);
    // the clone itself is not applied by GitOps: only the CronJob creates it
    expect(objects.filter((o) => o.kind === 'postgresql').map((o) => o.metadata.name)).toEqual(['acid-orders']);
    expect(ofKind(objects, 'RoleBinding')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'acid-orders-drill' },
      subjects: [{ kind: 'ServiceAccount', name: 'acid-orders-drill', namespace: 'db' }],
    });
  });

  test('the Role grants exactly what the script does, on the clone only', () => {
    expect(ofKind(drillObjects(), 'Role').rules).toEqual([
      // create cannot be limited to a name (RBAC authorizes it before the object exists); it cannot change existing objects
      { apiGroups: ['acid.zalan.do'], resources: ['postgresqls'], verbs: ['create'] },
      { apiGroups: ['acid.zalan.do'], resources: ['postgresqls'], resourceNames: ['acid-orders-drill'], verbs: ['delete', 'get'] },
      { apiGroups: [''], resources: ['persistentvolumeclaims'], resourceNames: ['pgdata-acid-orders-drill-0'], verbs: ['delete', 'get'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['postgres.acid-orders-drill.credentials.postgresql.acid.zalan.do'], verbs: ['get'] },
    ]);
  });

  test('the Role and the script follow the operator\'s secret_name_template, super_username and min_instances', () => {
    const { chart, cluster } = setup(PostgresVersion.V17, {}, {
      configGeneral: { minInstances: 2 },
      configKubernetes: { secretNameTemplate: '{username}.{cluster}.pg-credentials' },
      configUsers: { superUsername: 'db_admin' },
    });
    new RestoreDrill(chart, 'drill', { cluster, storage: Size.gibibytes(20) });
    const objects = synthValid(chart);
    const rules = ofKind(objects, 'Role').rules;
    expect(rules[2].resourceNames).toEqual(['pgdata-acid-orders-drill-0', 'pgdata-acid-orders-drill-1']);
    expect(rules[3].resourceNames).toEqual(['db-admin.acid-orders-drill.pg-credentials']);
    const env = envOf(objects);
    expect(env.CREDENTIALS_NAME).toBe('db-admin.acid-orders-drill.pg-credentials');
    expect(env.CLONE_USER).toBe('db_admin');
    expect(env.CLONE_PVCS).toBe('pgdata-acid-orders-drill-0 pgdata-acid-orders-drill-1');
  });

  test('the CronJob: weekly, one run at a time, no retries, its own ServiceAccount, pinned images, hardened pod', () => {
    const objects = drillObjects();
    const cj = ofKind(objects, 'CronJob');
    expect(cj.spec).toMatchObject({
      schedule: '0 3 * * 0',
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      suspend: false,
      jobTemplate: { spec: { backoffLimit: 0, activeDeadlineSeconds: 4 * 3600 + 3600 } },
    });
    const pod = cj.spec.jobTemplate.spec.template.spec;
    expect(pod).toMatchObject({ serviceAccountName: 'acid-orders-drill', restartPolicy: 'Never', terminationGracePeriodSeconds: 360 });
    expect(pod.initContainers[0]).toMatchObject({ image: 'registry.k8s.io/kubectl:v1.33.4', command: ['cp', '/bin/kubectl', '/tools/kubectl'] });
    const [c] = pod.containers;
    expect(c).toMatchObject({ image: 'docker.io/library/postgres:18.1-alpine3.22', command: ['/bin/sh', '/drill/drill.sh'] });
    expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(pod.volumes).toContainEqual({ name: 'drill', configMap: { name: 'acid-orders-drill' } });
    // the drill pods are not Spilo pods: no cluster-name label, so no cluster's policies select them
    expect(Object.keys(pod.containers[0].env ? cj.spec.jobTemplate.spec.template.metadata.labels : {})).not.toContain('cluster-name');
    expect(envOf(objects)).toMatchObject({
      NAMESPACE: 'db',
      SOURCE_CLUSTER: 'acid-orders',
      CLONE_NAME: 'acid-orders-drill',
      CLONE_HOST: 'acid-orders-drill.db.svc.cluster.local',
      CLONE_PORT: '5432',
      CLONE_USER: 'postgres',
      CLONE_PVCS: 'pgdata-acid-orders-drill-0',
      DRILL_KIND: 'restore',
      EXPECT_MAJOR: '17',
      TARGET_AGE_SECONDS: '3600',
      RESTORE_TIMEOUT_SECONDS: '14400',
      TIMESTAMP_PLACEHOLDER: PLACEHOLDER,
      PGSSLMODE: 'require',
      PUSHGATEWAY_URL: 'http://prometheus-pushgateway.monitoring.svc.cluster.local:9091',
      LABEL_JSONPATH: 'postgres\\.cdk8s\\.io/restore-drill',
    });
    expect(credentialLiterals(objects)).toEqual([]);
  });

  test('the ConfigMap: the script, the clone, the checks and the freshness query', () => {
    const data = ofKind(drillObjects({
      database: 'app',
      checks: [
        DrillCheck.minimumRows('public.orders', 1000),
        DrillCheck.valueEquals('ledger-checksum', 'SELECT md5(string_agg(id::text, \',\' ORDER BY id)) FROM ledger;  ', 'it\'s', 'finance'),
        DrillCheck.query('recent', 'SELECT max(created_at) > now() - interval \'2 days\' FROM orders'),
      ],
      freshnessQuery: 'SELECT max(created_at) FROM orders;',
    }), 'ConfigMap').data;
    expect(Object.keys(data)).toEqual([
      'check-01.db', 'check-01.name', 'check-01.sql', 'check-02.db', 'check-02.name', 'check-02.sql', 'check-03.db', 'check-03.name', 'check-03.sql',
      'clone.json', 'drill.sh', 'freshness.db', 'freshness.sql',
    ]);
    expect([data['check-01.name'], data['check-01.db'], data['check-01.sql']]).toEqual(['rows-public-orders', 'app', 'SELECT count(*) >= 1000 FROM public.orders;\n']);
    expect([data['check-02.name'], data['check-02.db'], data['check-02.sql']]).toEqual([
      'ledger-checksum', 'finance', 'SELECT (SELECT md5(string_agg(id::text, \',\' ORDER BY id)) FROM ledger)::text IS NOT DISTINCT FROM \'it\'\'s\';\n',
    ]);
    expect(data['check-03.sql']).toBe('SELECT max(created_at) > now() - interval \'2 days\' FROM orders;\n');
    expect(data['freshness.sql']).toBe('SELECT floor(extract(epoch FROM (SELECT max(created_at) FROM orders)))::bigint;\n');
    expect(data['freshness.db']).toBe('app');
    expect(data['drill.sh'].startsWith('#!/bin/sh\n')).toBe(true);
  });

  test('the order of construction does not change the output (drill before or after the backup)', () => {
    const after = drillObjects({ checks: [DrillCheck.minimumRows('orders', 1)] });
    const { chart } = newChart();
    const cluster = new Cluster(chart, 'orders', { teamId: 'acid', version: PostgresVersion.V17 });
    new RestoreDrill(chart, 'drill', { cluster, storage: Size.gibibytes(20), checks: [DrillCheck.minimumRows('orders', 1)] });
    new WalgBackup(chart, 'backup', { cluster, storage: BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-west-1' }), credentials: BackupCredentials.fromSecret('aws-creds') });
    expect(synthValid(chart)).toEqual(after);
  });
});

function envOf(objects: any[], name = 'acid-orders-drill'): Record<string, string> {
  const c = ofKind(objects, 'CronJob', name).spec.jobTemplate.spec.template.spec.containers[0];
  return Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));
}

describe('network policy', () => {
  const objects = () => drillObjects({ pushgatewayPeer: NetworkPeer.pods({ 'app.kubernetes.io/name': 'prometheus-pushgateway' }, 'monitoring') });
  const drillPod = { name: 'drill', namespace: 'db', labels: { 'app.kubernetes.io/name': 'postgres-restore-drill', 'postgres.cdk8s.io/restore-drill': 'acid-orders-drill' } };
  const clonePod = { name: 'acid-orders-drill-0', namespace: 'db', labels: { 'application': 'spilo', 'cluster-name': 'acid-orders-drill', 'spilo-role': 'master' } };
  const sourcePod = { name: 'acid-orders-0', namespace: 'db', labels: { 'application': 'spilo', 'cluster-name': 'acid-orders', 'spilo-role': 'master' } };
  const pushgateway = { name: 'pgw', namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus-pushgateway' } };
  const dns = { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };

  test('the drill pod reaches DNS, the API server, its clone and the Pushgateway, and nothing else', () => {
    const model = new NetworkModel(objects(), {});
    expect(model.allowed(drillPod, dns, 53, 'UDP')).toBe(true);
    expect(model.allowed(drillPod, { ip: '10.0.0.1' }, 443)).toBe(true);
    expect(model.allowed(drillPod, clonePod, 5432)).toBe(true);
    expect(model.allowed(drillPod, pushgateway, 9091)).toBe(true);
    // never the source cluster, not even on its PostgreSQL port; no other port of the clone
    expect(model.allowed(drillPod, sourcePod, 5432)).toBe(false);
    expect(model.allowed(drillPod, clonePod, 8008)).toBe(false);
    expect(model.allowed(drillPod, { name: 'other', namespace: 'monitoring', labels: {} }, 9091)).toBe(false);
    // nothing connects to the drill pod
    expect(model.allowed(sourcePod, drillPod, 8080)).toBe(false);
  });

  test('with the source\'s network policies, the source cluster stays closed to the drill pod', () => {
    const { chart, cluster } = setup();
    cluster.addNetworkPolicy();
    new RestoreDrill(chart, 'drill', { cluster, storage: Size.gibibytes(20) });
    const model = new NetworkModel(synthValid(chart), {});
    expect(model.allowed(drillPod, sourcePod, 5432)).toBe(false);
    expect(model.allowed(drillPod, clonePod, 5432)).toBe(true);
  });
});

// --- the clone through the CRD schema and the behaviour model ------------------------------------------------------

interface Row {
  readonly name: string;
  readonly storage: () => BackupStorage;
  readonly credentials: () => BackupCredentials;
  readonly encryption?: () => BackupEncryption;
  readonly settings?: ModelSettings;
  readonly walgVersion?: string;
}

const ROWS: Row[] = [
  // the supported IRSA setup with operator v2.0.1: irsa_role_arn = the cluster's role, WAL-G >= 3.0.6
  { name: 'S3 + IRSA', storage: () => BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-west-1' }), credentials: () => BackupCredentials.awsIrsa(ROLE), settings: { irsaRoleArn: ROLE }, walgVersion: '3.0.6' },
  { name: 'S3 + keys from a Secret', storage: () => BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-west-1' }), credentials: () => BackupCredentials.fromSecret('aws-creds') },
  {
    name: 'MinIO + keys, client-side encryption',
    storage: () => BackupStorage.s3({ bucket: 'pg-backups', region: 'us-east-1', endpoint: 'https://minio.storage.svc:9000', encryption: S3Encryption.none() }),
    credentials: () => BackupCredentials.fromSecret('minio-creds'),
    encryption: () => BackupEncryption.libsodium('walg-key'),
  },
  { name: 'GCS + Workload Identity', storage: () => BackupStorage.gcs({ bucket: 'pg-backups' }), credentials: () => BackupCredentials.gkeWorkloadIdentity('pg-backup@proj.iam.gserviceaccount.com') },
  { name: 'GCS + key from a Secret', storage: () => BackupStorage.gcs({ bucket: 'pg-backups' }), credentials: () => BackupCredentials.fromSecret('gcs-key', { serviceAccountKey: 'sa.json' }) },
  { name: 'Azure + account key from a Secret', storage: () => BackupStorage.azure({ storageAccount: 'pgbackups', container: 'wal' }), credentials: () => BackupCredentials.fromSecret('az-key', { storageAccessKey: 'key' }) },
];

/** Every secretKeyRef of a container env, as `name/key`. */
const secretRefs = (env: any[]) => env.filter((e) => e.valueFrom?.secretKeyRef).map((e) => `${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`);
/** The operator's own Secrets of a cluster (superuser and replication user). */
const ownSecrets = (cluster: string) => [`postgres.${cluster}.credentials.postgresql.acid.zalan.do/password`, `standby.${cluster}.credentials.postgresql.acid.zalan.do/password`];

describe.each([
  ['restore drill', undefined, 'acid-orders-drill'],
  ['upgrade rehearsal', PostgresVersion.V18, 'acid-orders-upgrade'],
] as const)('%s: the clone through the behaviour model', (_what, upgradeTo, cloneName) => {
  test.each(ROWS.map((r) => [r.name, r] as const))('%s: WAL-G reads the source\'s archive at its version path with the source\'s credentials only', (_n, row) => {
    // IRSA needs the operator's one role (§g.1)
    const { chart } = newChart('db', row.settings?.irsaRoleArn ? { operator: { configAwsOrGcp: { irsaRoleArn: row.settings.irsaRoleArn } } } : {});
    const cluster = new Cluster(chart, 'orders', { teamId: 'acid', version: PostgresVersion.V17, parameters: { max_connections: '400' } });
    const backup = new WalgBackup(chart, 'backup', { cluster, storage: row.storage(), credentials: row.credentials(), encryption: row.encryption?.() });
    new RestoreDrill(chart, 'drill', { cluster, storage: Size.gibibytes(20), upgradeTo });
    const objects = synthValid(chart);
    const source = objects.find((o) => o.kind === 'postgresql');
    const clone = cloneOf(objects, cloneName);
    expectValid([clone]);
    expect(credentialLiterals([clone])).toEqual([]);

    const options = { settings: row.settings, walgVersion: row.walgVersion };
    const sourceModel = spiloModel(source, options);
    const model = spiloModel(clone, options);
    expect(model.rolls).toEqual([]);
    expect(model.overridden).toEqual([]);
    // with irsa_role_arn the operator appends the clone's role variables itself, and the clone renders none (§g.1)
    expect(model.duplicates).toEqual([]);
    // a point-in-time clone of the source's archive, at the source's version path
    expect(model.spilo.bootstrap).toEqual({ kind: 'clone-wal', envDir: '/run/etc/wal-e.d/env-clone-acid-orders', targetTime: TS, timeline: 'latest', inclusive: true });
    expect(backup.walPath.endsWith('/spilo/acid-orders/wal/17')).toBe(true);
    expect(model.walg.clone).toMatchObject({ tool: 'wal-g', prefix: backup.walPath, prefixCandidates: [backup.walPath], problems: [] });
    expect(model.walg.clone!.store).toBe(sourceModel.walg.backup.store);
    expect(model.walg.clone!.prefix).toBe(sourceModel.walg.backup.prefix);
    // the credentials WAL-G uses for the clone are the source's, value for value
    expect(model.walg.clone!.credentials).toBe(sourceModel.walg.backup.credentials);
    expect(model.walg.clone!.credentialVars).toEqual(sourceModel.walg.backup.credentialVars);
    for (const v of model.walg.clone!.credentialVars) {
      const value = model.spilo.envDirs.clone!.files[v];
      // a key file is mounted at the clone's own path, from the source's Secret (the volumes below)
      if (v !== 'GOOGLE_APPLICATION_CREDENTIALS') expect(value).toBe(sourceModel.spilo.envDirs.backup!.files[v]);
    }
    // and the pod gets no Secret the source does not have, besides the clone's own system users
    const extra = secretRefs(model.operator.env).filter((r) => !ownSecrets(cloneName).includes(r));
    const sourceSecrets = secretRefs(sourceModel.operator.env).filter((r) => !ownSecrets('acid-orders').includes(r));
    expect(extra.filter((r) => !sourceSecrets.includes(r))).toEqual([]);
    const mounted = (pg: any) => (pg.spec.additionalVolumes ?? []).map((v: any) => v.volumeSource.secret?.secretName).filter(Boolean);
    expect(mounted(clone).filter((n: string) => !mounted(source).includes(n))).toEqual([]);
    if (row.name === 'GCS + key from a Secret') expect(mounted(clone)).toEqual(['gcs-key']);
    // the clone writes nothing into the store: no archive of its own
    expect(model.spilo).toMatchObject({ archiving: false, archiveCommand: '/bin/true' });
    // the version: the source's for a drill, the next for a rehearsal (Spilo upgrades while it bootstraps)
    expect(model.containerEnv.PGVERSION).toBe(upgradeTo ? '18' : '17');
    expect(envOf(objects, cloneName).EXPECT_MAJOR).toBe(upgradeTo ? '18' : '17');
    expect(envOf(objects, cloneName).DRILL_KIND).toBe(upgradeTo ? 'upgrade' : 'restore');
    // one small instance, the source's connection limit (recovery refuses lower hot-standby settings), no pooler
    expect(clone.spec).toMatchObject({ numberOfInstances: 1, volume: { size: '20Gi' }, resources: { limits: { cpu: '500m', memory: '1Gi' } } });
    expect(clone.spec.postgresql.parameters.max_connections).toBe('400');
    expect(clone.spec.enableConnectionPooler).toBeUndefined();
    expect(clone.metadata).toEqual({ name: cloneName, namespace: 'db', labels: { 'postgres.cdk8s.io/restore-drill': cloneName } });
  });
});

test('UpgradeRehearsal: the next major version by default, checks as configured', () => {
  const { chart, cluster } = setup(PostgresVersion.V16);
  const r = new UpgradeRehearsal(chart, 'rehearsal', { cluster, storage: Size.gibibytes(20), checks: [DrillCheck.minimumRows('orders', 1)] });
  expect(r.cloneVersion).toBe(PostgresVersion.V17);
  expect(r.cloneName).toBe('acid-orders-upgrade');
  const objects = synthValid(chart);
  expect(cloneOf(objects, 'acid-orders-upgrade').spec.postgresql.version).toBe('17');
  expect(cloneOf(objects, 'acid-orders-upgrade').spec.clone.s3_wal_path).toBe('s3://pg-backups/spilo/acid-orders/wal/16');
  expect(ofKind(objects, 'ConfigMap', 'acid-orders-upgrade').data['check-01.sql']).toBe('SELECT count(*) >= 1 FROM orders;\n');
  // a drill and a rehearsal of one cluster side by side, on one schedule
  new RestoreDrill(chart, 'drill', { cluster, storage: Size.gibibytes(20), schedule: Cron.weekly() });
  expect(() => validateConstructs(chart)).not.toThrow();
});

// --- alerts -----------------------------------------------------------------------------------------------------------

describe('alerts', () => {
  const SEL = 'job="pg_restore_drill",namespace="db",cluster="acid-orders",drill="acid-orders-drill",kind="restore"';
  const LABELS = { job: 'pg_restore_drill', namespace: 'db', cluster: 'acid-orders', drill: 'acid-orders-drill', kind: 'restore' };
  const spec = () => ofKind(drillObjects({ rto: Duration.hours(1), rpo: Duration.hours(3), freshnessQuery: 'SELECT max(ts) FROM t' }), 'PrometheusRule').spec;

  test('five alerts with runbooks; RTO and RPO alerts only when stated', () => {
    // promtool's lint too (e.g. duplicate rules), not only its exit code
    expect(checkRules(spec()).output).toMatch(/SUCCESS: 5 rules found/);
    const rules = spec().groups[0].rules;
    expect(rules.map((r: any) => r.alert)).toEqual([
      'PostgresRestoreDrillFailed', 'PostgresRestoreDrillNotRun', 'PostgresRestoreDrillNoResult', 'PostgresRestoreDrillSlow', 'PostgresRestoreDrillDataBehind',
    ]);
    for (const r of rules) {
      expect(r.annotations.runbook_url).toBe(`${RUNBOOKS}#${r.alert.toLowerCase()}`);
    }
    const plain = ofKind(drillObjects(), 'PrometheusRule').spec.groups[0].rules.map((r: any) => r.alert);
    expect(plain).toEqual(['PostgresRestoreDrillFailed', 'PostgresRestoreDrillNotRun', 'PostgresRestoreDrillNoResult']);
    expect(ofKind(drillObjects({ alertRules: false }), 'CronJob')).toBeDefined();
    expect(drillObjects({ alertRules: false }).filter((o) => o.kind === 'PrometheusRule')).toEqual([]);
  });

  const alertOf = (name: string, severity: string, summary: string, description: string) => ({
    exp_labels: { ...LABELS, severity },
    exp_annotations: { summary, description, runbook_url: `${RUNBOOKS}#${name.toLowerCase()}` },
  });

  test('promtool: failed, slow and stale-data drills alert; a good one does not', () => {
    const r = testRules(spec(), [{
      interval: '1m',
      input_series: [
        { series: `pg_restore_drill_success{${SEL}}`, values: '1 1 0 0' },
        { series: `pg_restore_drill_last_run_timestamp_seconds{${SEL}}`, values: '0x3' },
        { series: `pg_restore_drill_restore_duration_seconds{${SEL}}`, values: '3000 3000 3601 3601' },
        { series: `pg_restore_drill_data_lag_seconds{${SEL}}`, values: '10800 10800 NaN 10801' },
      ],
      alert_rule_test: [
        { eval_time: '1m', alertname: 'PostgresRestoreDrillFailed', exp_alerts: [] },
        {
          eval_time: '2m',
          alertname: 'PostgresRestoreDrillFailed',
          exp_alerts: [alertOf('PostgresRestoreDrillFailed', 'critical', 'The last restore drill acid-orders-drill of db/acid-orders failed.',
            'The last restore drill did not restore a working clone or a check failed (see the drill Job\'s log). Until a drill passes, it is not known that the cluster can be restored from its backups.')],
        },
        { eval_time: '1m', alertname: 'PostgresRestoreDrillSlow', exp_alerts: [] },
        {
          eval_time: '2m',
          alertname: 'PostgresRestoreDrillSlow',
          exp_alerts: [alertOf('PostgresRestoreDrillSlow', 'warning', 'The restore drill acid-orders-drill of db/acid-orders took longer than the RTO.',
            'The last restore took 1h 0m 1s; the stated RTO is 1h.')],
        },
        { eval_time: '1m', alertname: 'PostgresRestoreDrillDataBehind', exp_alerts: [] },
        // NaN: the data's age is unknown (the restore failed); the failure alert covers it
        { eval_time: '2m', alertname: 'PostgresRestoreDrillDataBehind', exp_alerts: [] },
        {
          eval_time: '3m',
          alertname: 'PostgresRestoreDrillDataBehind',
          exp_alerts: [alertOf('PostgresRestoreDrillDataBehind', 'warning', 'The data restored by the restore drill acid-orders-drill of db/acid-orders is older than the RPO.',
            'The newest restored data was 3h 0m 1s older than the restore\'s target time; the stated RPO is 3h.')],
        },
        { eval_time: '3m', alertname: 'PostgresRestoreDrillNotRun', exp_alerts: [] },
        { eval_time: '3m', alertname: 'PostgresRestoreDrillNoResult', exp_alerts: [] },
      ],
    }]);
    expect(r.output).toContain('SUCCESS');
    expect(r.ok).toBe(true);
  });

  test('promtool: a drill whose last run is older than 8 days is not run; a drill without result, after 8 days', () => {
    const r = testRules(spec(), [
      {
        interval: '1m',
        // a drill that ran at time 0 and never again (the Pushgateway keeps serving its last result)
        input_series: [{ series: `pg_restore_drill_last_run_timestamp_seconds{${SEL}}`, values: '0x11600' }],
        alert_rule_test: [
          { eval_time: '192h', alertname: 'PostgresRestoreDrillNotRun', exp_alerts: [] },
          { eval_time: '192h1m', alertname: 'PostgresRestoreDrillNoResult', exp_alerts: [] },
          {
            eval_time: '192h1m',
            alertname: 'PostgresRestoreDrillNotRun',
            exp_alerts: [alertOf('PostgresRestoreDrillNotRun', 'warning', 'The restore drill acid-orders-drill of db/acid-orders has not run for 192h.',
              'The last result of the restore drill is 8d 0h 1m 0s old: the CronJob is suspended, or its Job fails before the script runs (image, RBAC, NetworkPolicy, quota).')],
          },
        ],
      },
      {
        interval: '1h',
        input_series: [{ series: 'up{job="pushgateway"}', values: '1x300' }],
        alert_rule_test: [
          { eval_time: '1d', alertname: 'PostgresRestoreDrillNoResult', exp_alerts: [] },
          { eval_time: '193h', alertname: 'PostgresRestoreDrillNotRun', exp_alerts: [] },
          {
            eval_time: '193h',
            alertname: 'PostgresRestoreDrillNoResult',
            exp_alerts: [alertOf('PostgresRestoreDrillNoResult', 'warning', 'The restore drill acid-orders-drill of db/acid-orders has no result.',
              'No result of the restore drill has been seen for 192h: it never ran, the Pushgateway lost its metrics (no persistence), or Prometheus scrapes the Pushgateway without honorLabels (the labels become exported_*).')],
          },
        ],
      },
    ]);
    expect(r.output).toContain('SUCCESS');
    expect(r.ok).toBe(true);
  });

  test('promtool catches a wrong expectation (the harness can fail)', () => {
    const r = testRules(spec(), [{
      interval: '1m',
      input_series: [{ series: `pg_restore_drill_success{${SEL}}`, values: '1 1' }],
      alert_rule_test: [{ eval_time: '1m', alertname: 'PostgresRestoreDrillFailed', exp_alerts: [{ exp_labels: { ...LABELS, severity: 'critical' } }] }],
    }]);
    expect(r.ok).toBe(false);
  });

  test('an upgrade rehearsal that fails is a warning, with its own selector', () => {
    const { chart, cluster } = setup();
    new UpgradeRehearsal(chart, 'rehearsal', { cluster, storage: Size.gibibytes(20) });
    const rules = ofKind(synthValid(chart), 'PrometheusRule', 'acid-orders-upgrade').spec.groups[0].rules;
    expect(rules[0]).toMatchObject({
      alert: 'PostgresRestoreDrillFailed',
      expr: 'pg_restore_drill_success{job="pg_restore_drill",namespace="db",cluster="acid-orders",drill="acid-orders-upgrade",kind="upgrade"} == 0',
      labels: { severity: 'warning' },
    });
  });
});

// --- validation rules -------------------------------------------------------------------------------------------------

/** Synthesizes as `cdk8s synth` does and returns the error. */
function errorOf(build: (chart: Chart) => void): Error {
  const { app, chart } = newChart();
  return thrownBy(() => {
    build(chart);
    app.synthYaml();
  });
}

function withBackup(chart: Chart, version = PostgresVersion.V17, name?: string): Cluster {
  const cluster = new Cluster(chart, 'orders', { teamId: 'acid', version, name });
  new WalgBackup(chart, 'backup', { cluster, storage: BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-west-1' }), credentials: BackupCredentials.fromSecret('aws-creds') });
  return cluster;
}

const base = (chart: Chart, props: Partial<RestoreDrillProps> = {}) => new RestoreDrill(chart, 'drill', { cluster: withBackup(chart), storage: Size.gibibytes(20), ...props });

const cases: Array<[string, string, (chart: Chart) => void, Array<string | RegExp>]> = [
  ['ZPG-DRILL-NO-BACKUP', 'a cluster without WalgBackup', (chart) => {
    new RestoreDrill(chart, 'drill', { cluster: new Cluster(chart, 'orders', { teamId: 'acid' }), storage: Size.gibibytes(20) });
  }, ['cluster: cluster acid-orders has no WalgBackup', 'Fix: add a WalgBackup for acid-orders']],
  ['ZPG-DRILL-CLONE-NAME', 'a derived name over the name budget', (chart) => {
    new RestoreDrill(chart, 'drill', { cluster: withBackup(chart, PostgresVersion.V17, `acid-${'x'.repeat(45)}`), storage: Size.gibibytes(20) });
  }, ['is 56 characters long', 'Allowed: at most 52 characters', 'Fix: the derived name']],
  ['ZPG-DRILL-CLONE-NAME', 'the name of another cluster of the app', (chart) => {
    base(chart);
    new Cluster(chart, 'other', { teamId: 'acid', name: 'acid-orders-drill' });
  }, ['cloneName: cluster test/other has this name in namespace db; the drill would delete it after every run', 'Got: "acid-orders-drill"']],
  ['ZPG-DRILL-CLONE-NAME', 'the cluster\'s own name', (chart) => base(chart, { cloneName: 'acid-orders' }), ['would have the name of the cluster it restores']],
  ['ZPG-DRILL-CLONE-NAME', 'without the team prefix', (chart) => base(chart, { cloneName: 'drill-orders' }), ['does not start with the team prefix "acid-"']],
  ['ZPG-DRILL-CLONE-INVALID', 'a clone the cluster checks reject', (chart) => base(chart, { cloneResources: { cpu: { request: Cpu.millis(500), limit: Cpu.millis(100) } } }),
    [/clone: the drill's clone would be rejected: ZPG-RESOURCES-INVALID \[drill\/clone\] resources\.cpu: the CPU request is above the limit/, 'Fix: adjust the drill\'s storage']],
  ['ZPG-DRILL-UPGRADE-VERSION', 'a rehearsal of the newest version', (chart) => {
    new UpgradeRehearsal(chart, 'drill', { cluster: withBackup(chart, PostgresVersion.V18), storage: Size.gibibytes(20) });
  }, ['upgradeTo: an upgrade rehearsal restores into a higher major version', 'Got: cluster 18, upgradeTo 19', 'Allowed: none (the cluster runs the newest version)']],
  ['ZPG-DRILL-UPGRADE-VERSION', 'a lower version', (chart) => base(chart, { upgradeTo: PostgresVersion.V16 }), ['Got: cluster 17, upgradeTo 16', 'Allowed: 18']],
  ['ZPG-DRILL-TIMING', 'an RTO not below the restore timeout', (chart) => base(chart, { rto: Duration.hours(4) }), ['rto: the RTO is not below the restore timeout', 'Got: rto 14400s, restoreTimeout 14400s']],
  ['ZPG-DRILL-TIMING', 'a target the archive cannot cover yet', (chart) => base(chart, { targetAge: Duration.minutes(20) }),
    ['targetAge: the drill restores to 1200s before it starts, but the cluster archives WAL only every 1800s', 'Fix: set targetAge to at least 1800s']],
  ['ZPG-DRILL-TIMING', 'a staleness window under a day', (chart) => base(chart, { staleAfter: Duration.hours(6) }), ['staleAfter: a restore takes hours']],
  ['ZPG-DRILL-RPO-WITHOUT-FRESHNESS', 'an RPO without a freshness query', (chart) => base(chart, { rpo: Duration.hours(1) }), ['rpo: an RPO needs a freshnessQuery', 'Fix: set freshnessQuery']],
  ['ZPG-DRILL-CHECK-INVALID', 'two checks with one name', (chart) => base(chart, { checks: [DrillCheck.query('a', 'SELECT true'), DrillCheck.query('a', 'SELECT 1 = 1')] }),
    ['checks: two checks have the same name', 'Got: "a"']],
  ['ZPG-DRILL-CHECK-INVALID', 'a table name that is not an identifier', (chart) => base(chart, { checks: [DrillCheck.minimumRows('orders; DROP TABLE x', 1)] }),
    ['checks[0]: not a table name']],
  ['ZPG-DRILL-CHECK-INVALID', 'an empty query', (chart) => base(chart, { checks: [DrillCheck.query('empty', ' ; ')] }), ['checks[0]: the query is empty']],
  ['ZPG-DRILL-INVALID', 'a Pushgateway that is not a URL', (chart) => base(chart, { pushgatewayUrl: 'pushgateway:9091' }), ['pushgatewayUrl: not an http(s) URL of a Pushgateway']],
];

describe('validation rules', () => {
  test.each(cases)('%s: %s', (rule, _name, build, fragments) => {
    expectRule(errorOf(build), rule, 'test/drill', fragments);
  });

  test('a cluster whose namespace is not known', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const cluster = new Cluster(chart, 'orders', { teamId: 'acid' });
    expect(() => new RestoreDrill(chart, 'drill', { cluster, storage: Size.gibibytes(20) })).toThrow(/^ZPG-NAMESPACE-UNKNOWN \[test\/drill\] cluster: the namespace of cluster acid-orders is not known/);
  });

  test('an archive_timeout set on the cluster is what the target age is compared with', () => {
    const e = errorOf((chart) => {
      const cluster = new Cluster(chart, 'orders', { teamId: 'acid', parameters: { archive_timeout: '2h' } });
      new WalgBackup(chart, 'backup', { cluster, storage: BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-west-1' }), credentials: BackupCredentials.fromSecret('aws-creds') });
      new RestoreDrill(chart, 'drill', { cluster, storage: Size.gibibytes(20) });
    });
    expect(e.message).toMatch(/^ZPG-DRILL-TIMING .*archives WAL only every 7200s/);
  });
});
