/**
 * Unit tests of the operator/Spilo/WAL-G behaviour model (src/model/spilo-model.ts) against the upstream
 * facts: ../shared/ZALANDO-FACTS.md §b.4–b.6 and §g, ../shared/CHANGE-FACTS.md §3, and the operator's own unit
 * test cases (pkg/cluster/k8sres_test.go TestGenerateSpiloPodEnvVars). Every manifest here is written by hand
 * (no library code) and every expected value is derived by hand from the cited source, not from the model.
 */
import {
  backupsKept,
  compareEnv,
  configureSpilo,
  envChange,
  generateSpiloPodEnvVars,
  IRSA_TOKEN_FILE,
  patroniEnv,
  rollReasons,
  spiloModel,
  walgView,
} from '../../src/model/spilo-model';
import { schemaErrors } from '../support/schema';

const UID = '11111111-2222-3333-4444-555555555555';
const TS = '2026-04-11T14:30:00+00:00';
const ROLE = 'arn:aws:iam::123456789012:role/pg-backup';
const S3 = 's3://pg-backups/spilo/acid-main/wal/17';
const GS = 'gs://pg-backups/spilo/acid-main/wal/17';
const AZ = 'azure://wal/spilo/acid-main/wal/17';
const WALG = [{ name: 'USE_WALG_BACKUP', value: 'true' }, { name: 'USE_WALG_RESTORE', value: 'true' }];
const NO_SCOPE = [{ name: 'WAL_BUCKET_SCOPE_PREFIX', value: '' }, { name: 'WAL_BUCKET_SCOPE_SUFFIX', value: '' }];

/** A postgresql object as a user would write it (validated against the v2.0.1 CRD). */
function pg(spec: Record<string, any> = {}, metadata: Record<string, any> = {}): any {
  const manifest = {
    apiVersion: 'acid.zalan.do/v1',
    kind: 'postgresql',
    metadata: { name: 'acid-main', namespace: 'db', ...metadata },
    spec: { teamId: 'acid', numberOfInstances: 2, volume: { size: '10Gi' }, postgresql: { version: '17' }, ...spec },
  };
  expect(schemaErrors(manifest)).toEqual([]);
  return manifest;
}

const names = (env: Array<{ name: string }>) => env.map((e) => e.name);
const value = (env: Array<{ name: string; value?: string }>, name: string) => env.filter((e) => e.name === name).map((e) => e.value);

describe('1. the env the operator assembles (generateSpiloPodEnvVars)', () => {
  test('always-set variables first, in code order, then the conditional ones (operator defaults)', () => {
    const { env } = generateSpiloPodEnvVars(pg());
    // k8sres.go generateSpiloPodEnvVars: the hard-coded list, then ENABLE_WAL_PATH_COMPAT (off), PGVERSION
    // (enable_pgversion_env_var=true), KUBERNETES_LABELS, SPILO_CONFIGURATION, DCS_ENABLE_KUBERNETES_API (no
    // etcd_host), KUBERNETES_BOOTSTRAP_LABELS (PDBs on), KUBERNETES_USE_CONFIGMAPS (true in v2)
    expect(names(env)).toEqual([
      'SCOPE', 'PGROOT', 'POD_IP', 'POD_NAMESPACE', 'PGUSER_SUPERUSER', 'KUBERNETES_SCOPE_LABEL', 'KUBERNETES_ROLE_LABEL',
      'PGPASSWORD_SUPERUSER', 'PGUSER_STANDBY', 'PGPASSWORD_STANDBY', 'PAM_OAUTH2', 'HUMAN_ROLE',
      'PGVERSION', 'KUBERNETES_LABELS', 'SPILO_CONFIGURATION', 'DCS_ENABLE_KUBERNETES_API', 'KUBERNETES_BOOTSTRAP_LABELS', 'KUBERNETES_USE_CONFIGMAPS',
    ]);
    expect(env.find((e) => e.name === 'PGPASSWORD_STANDBY')!.valueFrom).toEqual({
      secretKeyRef: { name: 'standby.acid-main.credentials.postgresql.acid.zalan.do', key: 'password' },
    });
    expect(value(env, 'KUBERNETES_LABELS')).toEqual(['{"application":"spilo"}']);
    expect(value(env, 'PGVERSION')).toEqual(['17']);
    expect(value(env, 'KUBERNETES_BOOTSTRAP_LABELS')).toEqual(['{"critical-operation":"true"}']);
  });

  test('conditional variables follow the operator settings', () => {
    const { env } = generateSpiloPodEnvVars(pg(), { enableSpiloWalPathCompat: true, enablePgversionEnvVar: false, etcdHost: 'etcd:2379' });
    expect(value(env, 'ENABLE_WAL_PATH_COMPAT')).toEqual(['true']);
    expect(value(env, 'PGVERSION')).toEqual([]);
    expect(value(env, 'ETCD_HOST')).toEqual(['etcd:2379']);
    expect(names(env)).not.toContain('DCS_ENABLE_KUBERNETES_API');
    expect(names(env)).not.toContain('KUBERNETES_USE_CONFIGMAPS');
    // without PGVERSION the major goes into SPILO_CONFIGURATION as bin_dir
    expect(JSON.parse(value(env, 'SPILO_CONFIGURATION')[0]!).postgresql.bin_dir).toBe('/usr/lib/postgresql/17/bin');
  });

  test('local parameters are exactly isBootstrapOnlyParameter\'s map (k8sres.go): no pattern', () => {
    const parameters = { 'ssl_cert_file': '/tls/tls.crt', 'bg_mon.listen_address': '0.0.0.0', 'ssl_dh_params_file': '/tls/dh.pem', 'bg_mon.naptime': '1', 'extwlist.foo': 'x', 'work_mem': '8MB' };
    const { env } = generateSpiloPodEnvVars(pg({ postgresql: { version: '17', parameters } }), {});
    const spilo = JSON.parse(value(env, 'SPILO_CONFIGURATION')[0]!);
    expect(Object.keys(spilo.postgresql.parameters).sort()).toEqual(['bg_mon.listen_address', 'ssl_cert_file']);
    expect(Object.keys(spilo.bootstrap.dcs.postgresql.parameters).sort()).toEqual(['bg_mon.naptime', 'extwlist.foo', 'ssl_dh_params_file', 'work_mem']);
  });

  test('spec.env cannot override the hard-coded variables; the comparison is case-insensitive', () => {
    // upstream TestGenerateSpiloPodEnvVars "will not override global config KUBERNETES_SCOPE_LABEL parameter"
    const { env, skipped } = generateSpiloPodEnvVars(pg({ env: [{ name: 'KUBERNETES_SCOPE_LABEL', value: 'my-scope-label' }, { name: 'scope', value: 'x' }] }));
    expect(value(env, 'KUBERNETES_SCOPE_LABEL')).toEqual(['cluster-name']);
    expect(names(env)).not.toContain('scope');
    expect(skipped).toEqual([
      { name: 'KUBERNETES_SCOPE_LABEL', origin: 'spec.env', shadowedBy: 'operator' },
      { name: 'scope', origin: 'spec.env', shadowedBy: 'operator' },
    ]);
  });

  test('precedence: spec.env > pod_environment_secret > pod_environment_configmap > operator-config WAL vars', () => {
    const settings = {
      walS3Bucket: 'global-s3-bucket',
      podEnvironmentConfigMap: { wal_s3_bucket: 'global-s3-bucket-configmap', custom_variable: 'configmap-test', ONLY_CM: 'cm' },
      podEnvironmentSecret: { name: 'pod-env-secret', keys: ['custom_variable', 'CUSTOM_VARIABLE_2'] },
    };
    const { env } = generateSpiloPodEnvVars(pg({ env: [{ name: 'CUSTOM_VARIABLE_2', value: 'spec-env-test' }] }), settings, UID);
    // upstream cases: the configmap's lower-case wal_s3_bucket shadows the global WAL_S3_BUCKET; the secret wins
    // over the configmap for custom_variable; spec.env wins over the secret
    expect(value(env, 'CUSTOM_VARIABLE_2')).toEqual(['spec-env-test']);
    expect(env.filter((e) => e.name.toLowerCase() === 'custom_variable')).toEqual([
      { name: 'custom_variable', valueFrom: { secretKeyRef: { name: 'pod-env-secret', key: 'custom_variable' } }, origin: 'pod_environment_secret' },
    ]);
    expect(env.filter((e) => e.name.toLowerCase() === 'wal_s3_bucket')).toEqual([
      { name: 'wal_s3_bucket', value: 'global-s3-bucket-configmap', origin: 'pod_environment_configmap' },
    ]);
    // the global bucket's scope variables are still appended (only the bucket name was shadowed)
    expect(value(env, 'WAL_BUCKET_SCOPE_SUFFIX')).toEqual([`/${UID}`]);
    expect(value(env, 'ONLY_CM')).toEqual(['cm']);
  });

  test('global buckets: bucket, "/<uid>" suffix and empty prefix; a second bucket\'s scope variables are skipped', () => {
    const { env, skipped } = generateSpiloPodEnvVars(pg(), { walS3Bucket: 's3b', walGsBucket: 'gsb', gcpCredentials: '/creds.json' }, UID);
    expect(env.filter((e) => e.origin === 'operator_config').map((e) => `${e.name}=${e.value}`)).toEqual([
      'WAL_S3_BUCKET=s3b', `WAL_BUCKET_SCOPE_SUFFIX=/${UID}`, 'WAL_BUCKET_SCOPE_PREFIX=', 'WAL_GS_BUCKET=gsb', 'GOOGLE_APPLICATION_CREDENTIALS=/creds.json',
    ]);
    expect(skipped.map((s) => s.name)).toEqual(['WAL_BUCKET_SCOPE_SUFFIX', 'WAL_BUCKET_SCOPE_PREFIX']);
  });

  test('aws_region does not reach the Spilo env', () => {
    const { env } = generateSpiloPodEnvVars(pg(), { awsRegion: 'us-west-2' });
    expect(env.filter((e) => e.value === 'us-west-2')).toEqual([]);
  });

  test('clone env: basebackup from the same namespace', () => {
    const { env } = generateSpiloPodEnvVars(pg({ clone: { cluster: 'acid-source' } }));
    expect(env.filter((e) => e.origin === 'clone')).toEqual([
      { name: 'CLONE_SCOPE', value: 'acid-source', origin: 'clone' },
      { name: 'CLONE_METHOD', value: 'CLONE_WITH_BASEBACKUP', origin: 'clone' },
      { name: 'CLONE_HOST', value: 'acid-source', origin: 'clone' },
      { name: 'CLONE_PORT', value: '5432', origin: 'clone' },
      { name: 'CLONE_USER', value: 'standby', origin: 'clone' },
      { name: 'CLONE_PASSWORD', valueFrom: { secretKeyRef: { name: 'standby.acid-source.credentials.postgresql.acid.zalan.do', key: 'password' } }, origin: 'clone' },
    ]);
  });

  test('clone env: s3_wal_path wins over the global bucket; endpoint copied raw; path style as 1/0', () => {
    // upstream "will set CLONE_ parameters from spec and not global config or pod environment config map"
    const { env } = generateSpiloPodEnvVars(pg({
      clone: { cluster: 'acid-source', uid: UID, timestamp: TS, s3_wal_path: 's3://another-bucket', s3_endpoint: 'https://minio:9000', s3_force_path_style: false },
    }), { walS3Bucket: 'global-s3-bucket' });
    expect(env.filter((e) => e.origin === 'clone').map((e) => `${e.name}=${e.value}`)).toEqual([
      'CLONE_SCOPE=acid-source', 'CLONE_WALE_S3_PREFIX=s3://another-bucket', 'CLONE_METHOD=CLONE_WITH_WALE', `CLONE_TARGET_TIME=${TS}`,
      'CLONE_WAL_BUCKET_SCOPE_PREFIX=', 'CLONE_AWS_ENDPOINT=https://minio:9000', 'CLONE_WALE_S3_ENDPOINT=https://minio:9000', 'CLONE_AWS_S3_FORCE_PATH_STYLE=0',
    ]);
  });

  test('clone env: without s3_wal_path the first global bucket and the clone UID', () => {
    // upstream "will set CLONE_AWS_ENDPOINT parameter from pod environment config map": CLONE_WAL_S3_BUCKET + suffix
    const { env } = generateSpiloPodEnvVars(pg({ clone: { cluster: 'acid-source', uid: UID, timestamp: TS } }), { walS3Bucket: 'global-s3-bucket', walGsBucket: 'g' });
    expect(env.filter((e) => e.origin === 'clone').map((e) => `${e.name}=${e.value}`)).toEqual([
      'CLONE_SCOPE=acid-source', 'CLONE_WAL_S3_BUCKET=global-s3-bucket', `CLONE_WAL_BUCKET_SCOPE_SUFFIX=/${UID}`, 'CLONE_METHOD=CLONE_WITH_WALE',
      `CLONE_TARGET_TIME=${TS}`, 'CLONE_WAL_BUCKET_SCOPE_PREFIX=',
    ]);
  });

  test('standby env: host, port and slot; s3_wal_path; gs_wal_path', () => {
    const host = generateSpiloPodEnvVars(pg({ standby: { standby_host: 'primary.example', standby_port: '6432', standby_primary_slot_name: 'dr' } })).env;
    expect(host.filter((e) => e.origin === 'standby').map((e) => `${e.name}=${e.value}`)).toEqual([
      'STANDBY_HOST=primary.example', 'STANDBY_PORT=6432', 'STANDBY_PRIMARY_SLOT_NAME=dr',
    ]);
    const s3 = generateSpiloPodEnvVars(pg({ standby: { s3_wal_path: S3 } })).env;
    expect(s3.filter((e) => e.origin === 'standby').map((e) => `${e.name}=${e.value}`)).toEqual([
      `STANDBY_WALE_S3_PREFIX=${S3}`, 'STANDBY_METHOD=STANDBY_WITH_WALE', 'STANDBY_WAL_BUCKET_SCOPE_PREFIX=',
    ]);
    const gs = generateSpiloPodEnvVars(pg({ standby: { gs_wal_path: GS } })).env;
    expect(gs.filter((e) => e.origin === 'standby').map((e) => `${e.name}=${e.value}`)).toEqual([
      `STANDBY_WALE_GS_PREFIX=${GS}`, 'STANDBY_METHOD=STANDBY_WITH_WALE', 'STANDBY_WAL_BUCKET_SCOPE_PREFIX=',
    ]);
  });

  test('irsa_role_arn adds CLONE_/STANDBY_ role and token variables (k8sres.go:2220-2222, 2270-2272)', () => {
    const clone = generateSpiloPodEnvVars(pg({ clone: { cluster: 'acid-source', timestamp: TS, s3_wal_path: S3 } }), { irsaRoleArn: ROLE }).env;
    expect(clone.filter((e) => /AWS_(ROLE_ARN|WEB_IDENTITY)/.test(e.name)).map((e) => `${e.name}=${e.value}`)).toEqual([
      `CLONE_AWS_ROLE_ARN=${ROLE}`, `CLONE_AWS_WEB_IDENTITY_TOKEN_FILE=${IRSA_TOKEN_FILE}`,
    ]);
    const standby = generateSpiloPodEnvVars(pg({ standby: { s3_wal_path: S3 } }), { irsaRoleArn: ROLE }).env;
    expect(standby.filter((e) => /AWS_(ROLE_ARN|WEB_IDENTITY)/.test(e.name)).map((e) => `${e.name}=${e.value}`)).toEqual([
      `STANDBY_AWS_ROLE_ARN=${ROLE}`, `STANDBY_AWS_WEB_IDENTITY_TOKEN_FILE=${IRSA_TOKEN_FILE}`,
    ]);
  });

  test('TLS env: default file names, a CA secret mounted at /tlsca; skipped when spec.env has the name', () => {
    const { env } = generateSpiloPodEnvVars(pg({ tls: { secretName: 'tls-secret', caFile: 'ca.crt', caSecretName: 'ca-secret' } }));
    expect(env.filter((e) => e.origin === 'tls').map((e) => `${e.name}=${e.value}`)).toEqual([
      'SSL_CERTIFICATE_FILE=/tls/tls.crt', 'SSL_PRIVATE_KEY_FILE=/tls/tls.key', 'SSL_CA_FILE=/tlsca/ca.crt',
    ]);
    const own = generateSpiloPodEnvVars(pg({ env: [{ name: 'SSL_CERTIFICATE_FILE', value: '/etc/mine.crt' }], tls: { secretName: 'tls-secret' } }));
    expect(value(own.env, 'SSL_CERTIFICATE_FILE')).toEqual(['/etc/mine.crt']);
  });
});

describe('2. rolling updates on every sync (compareEnv, CHANGE-FACTS §3)', () => {
  test('IRSA-set operator + our own CLONE_AWS_ROLE_ARN with another value: a duplicate that rolls every sync (§g.1)', () => {
    const manifest = pg({
      clone: { cluster: 'acid-source', timestamp: TS, s3_wal_path: S3 },
      env: [{ name: 'CLONE_AWS_ROLE_ARN', value: 'arn:aws:iam::123456789012:role/our-own' }],
    });
    const model = spiloModel(manifest, { settings: { irsaRoleArn: ROLE } });
    expect(model.duplicates).toEqual(['CLONE_AWS_ROLE_ARN']);
    expect(model.rolls).toEqual([expect.stringMatching(/^postgres env: CLONE_AWS_ROLE_ARN is set 2 times with different values .*cluster\.go:701-718/)]);
    // the kubelet uses the last entry: the operator's role, and the clone env-dir gets it
    expect(model.containerEnv.CLONE_AWS_ROLE_ARN).toBe(ROLE);
    expect(model.overridden).toEqual([{ name: 'CLONE_AWS_ROLE_ARN', wanted: 'arn:aws:iam::123456789012:role/our-own', actual: ROLE }]);
    expect(model.spilo.envDirs.clone!.files.AWS_ROLE_ARN).toBe(ROLE);
    expect(model.walg.clone!.problems).toContain(`CLONE_AWS_ROLE_ARN: the manifest sets arn:aws:iam::123456789012:role/our-own, the container gets ${ROLE} (a later entry with the same name wins)`);
    // with default operator settings the same manifest is stable
    expect(spiloModel(manifest).rolls).toEqual([]);
  });

  test('a duplicate with the same value is harmless', () => {
    const manifest = pg({ clone: { cluster: 'acid-source', timestamp: TS, s3_wal_path: S3 }, env: [{ name: 'CLONE_AWS_ROLE_ARN', value: ROLE }] });
    const model = spiloModel(manifest, { settings: { irsaRoleArn: ROLE } });
    expect(model.duplicates).toEqual(['CLONE_AWS_ROLE_ARN']);
    expect(model.rolls).toEqual([]);
  });

  test('our CLONE_HOST next to a basebackup clone: appended twice, rolls every sync', () => {
    expect(rollReasons(pg({ clone: { cluster: 'acid-source' }, env: [{ name: 'CLONE_HOST', value: 'elsewhere' }] })))
      .toEqual([expect.stringContaining('CLONE_HOST is set 2 times with different values (spec.env=elsewhere vs clone=acid-source)')]);
  });

  test('fieldRef without apiVersion, envFrom: [], topologySpreadConstraints: [], probes without defaults', () => {
    const reasons = rollReasons(pg({
      env: [{ name: 'MY_NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
      envFrom: [],
      topologySpreadConstraints: [],
      livenessProbe: { httpGet: { port: 8008 } },
    }));
    expect(reasons).toEqual([
      expect.stringMatching(/^postgres env: MY_NODE has a fieldRef without apiVersion/),
      expect.stringMatching(/^spec\.livenessProbe omits timeoutSeconds, periodSeconds, successThreshold, failureThreshold, httpGet\.path, httpGet\.scheme/),
      expect.stringMatching(/^spec\.envFrom is an explicit empty list/),
      expect.stringMatching(/^spec\.topologySpreadConstraints is an explicit empty list/),
    ]);
  });

  test('compareEnv: order-insensitive, exact names, valueFrom compared when both values are empty', () => {
    const a = [{ name: 'A', value: '1' }, { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }];
    expect(compareEnv(a, [...a].reverse())).toBe(true);
    expect(compareEnv(a, [{ name: 'a', value: '1' }, a[1]])).toBe(false);
    expect(compareEnv(a, [a[0], { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'other' } } }])).toBe(false);
    expect(compareEnv(a, [a[0]])).toBe(false);
  });

  test('promotion (removing spec.standby) changes the operator env: one rolling update (§g.4)', () => {
    const stage1 = pg({ standby: { s3_wal_path: S3 }, env: [{ name: 'STANDBY_WALG_S3_PREFIX', value: S3 }] });
    const { standby: _removed, ...rest } = stage1.spec;
    const stage2 = { ...stage1, spec: rest };
    expect(envChange(stage1, stage2)).toEqual(['-STANDBY_METHOD', '-STANDBY_WALE_S3_PREFIX', '-STANDBY_WAL_BUCKET_SCOPE_PREFIX']);
    expect(envChange(stage2, stage2)).toEqual([]);
  });
});

describe('webhooks and the IRSA annotation', () => {
  const manifest = pg({ env: [...WALG, { name: 'WALG_S3_PREFIX', value: S3 }, { name: 'AWS_REGION', value: 'us-east-1' }] });

  test('irsa_role_arn empty: the operator removes the SA annotation, the webhook does nothing, no token is mounted', () => {
    const model = spiloModel(manifest);
    expect(model.podEnv.filter((e) => e.origin === 'eks-webhook')).toEqual([]);
    expect(model.walg.backup.credentials).toBe('aws-default-chain');
  });

  test('irsa_role_arn set: the webhook injects the role and token file (unless present) and mounts the token', () => {
    const model = spiloModel(manifest, { settings: { irsaRoleArn: ROLE } });
    expect(model.podEnv.filter((e) => e.origin === 'eks-webhook').map((e) => `${e.name}=${e.value}`)).toEqual([
      'AWS_STS_REGIONAL_ENDPOINTS=regional', `AWS_ROLE_ARN=${ROLE}`, `AWS_WEB_IDENTITY_TOKEN_FILE=${IRSA_TOKEN_FILE}`,
    ]);
    // configure_spilo.py copies AWS_ROLE_ARN/AWS_WEB_IDENTITY_TOKEN_FILE into the env-dir (s3_names)
    expect(model.walg.backup).toMatchObject({ credentials: 'web-identity', credentialVars: ['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE'] });
    const own = spiloModel(pg({ env: [...manifest.spec.env, { name: 'AWS_ROLE_ARN', value: 'arn:aws:iam::123456789012:role/mine' }] }), { settings: { irsaRoleArn: ROLE } });
    expect(own.podEnv.filter((e) => e.origin === 'eks-webhook').map((e) => e.name)).toEqual(['AWS_STS_REGIONAL_ENDPOINTS']);
  });

  test('WAL-G <= 3.0.5 fails AssumeRole for IRSA (no RoleSessionName); 3.0.6 does not', () => {
    const old = spiloModel(manifest, { settings: { irsaRoleArn: ROLE } }).walg.backup;
    expect(old.problems).toEqual([expect.stringMatching(/wal-g 3\.0\.5 calls sts:AssumeRole without RoleSessionName/)]);
    expect(spiloModel(manifest, { settings: { irsaRoleArn: ROLE }, walgVersion: '3.0.6' }).walg.backup.problems).toEqual([]);
  });
});

describe('3. Spilo (configure_spilo.py) and what wal-g sees', () => {
  test('a global wal_s3_bucket redirects a GCS cluster\'s archive to S3 (§g.2)', () => {
    const manifest = pg({ env: [...WALG, { name: 'WALG_GS_PREFIX', value: GS }, { name: 'WALE_GS_PREFIX', value: GS }, ...NO_SCOPE] });
    expect(spiloModel(manifest).walg.backup).toMatchObject({ store: 'gs', prefix: GS, credentials: 'gcp-metadata-server', problems: [] });
    const model = spiloModel(manifest, { settings: { walS3Bucket: 'global' }, uid: UID });
    // S3 is found first; spec.env's WAL_BUCKET_SCOPE_SUFFIX="" shadows the operator's "/<uid>"
    expect(model.walg.backup).toMatchObject({ store: 's3', tool: 'wal-g', prefix: 's3://global/spilo/acid-main/wal/17' });
    expect(model.walg.backup.problems).toContain('WALG_GS_PREFIX is set but Spilo picked s3 first: the archive goes elsewhere');
    expect(model.spilo.envDirs.backup!.files.WALG_GS_PREFIX).toBeUndefined();
  });

  test('a global wal_gs_bucket redirects an Azure cluster\'s archive to GCS; wal_az_storage_account does not', () => {
    const manifest = pg({ env: [...WALG, { name: 'WALG_AZ_PREFIX', value: AZ }, { name: 'AZURE_STORAGE_ACCOUNT', value: 'acct' }, ...NO_SCOPE] });
    expect(spiloModel(manifest, { settings: { walGsBucket: 'g' } }).walg.backup).toMatchObject({ store: 'gs', prefix: 'gs://g/spilo/acid-main/wal/17' });
    expect(spiloModel(manifest, { settings: { walAzStorageAccount: 'other' } }).walg.backup).toMatchObject({ store: 'az', prefix: AZ });
  });

  test('a GCS clone under a wal_s3_bucket operator reads from S3 (§g.2)', () => {
    const manifest = pg({
      clone: { cluster: 'acid-source', uid: UID, timestamp: TS },
      env: [{ name: 'CLONE_USE_WALG_RESTORE', value: 'true' }, { name: 'CLONE_WALG_GS_PREFIX', value: GS }],
    });
    const clone = spiloModel(manifest, { settings: { walS3Bucket: 'global' } }).walg.clone!;
    // CLONE_WAL_S3_BUCKET + CLONE_SCOPE select S3; the prefix is built without a version (CLONE_PGVERSION is unset)
    expect(clone).toMatchObject({ store: 's3', prefix: `s3://global/spilo/acid-source/${UID}/wal/` });
    expect(clone.prefixCandidates![0]).toBe(`s3://global/spilo/acid-source/${UID}/wal/18/`);
  });

  test('Azure managed identity with a client id never reaches WAL-G (§g.3)', () => {
    const manifest = pg({ env: [...WALG, { name: 'WALG_AZ_PREFIX', value: AZ }, { name: 'AZURE_STORAGE_ACCOUNT', value: 'acct' }, { name: 'AZURE_CLIENT_ID', value: 'cid' }] });
    const model = spiloModel(manifest);
    expect(model.containerEnv.AZURE_CLIENT_ID).toBe('cid');
    expect(model.spilo.envDirs.backup!.files.AZURE_CLIENT_ID).toBeUndefined();
    expect(patroniEnv(model.containerEnv).AZURE_CLIENT_ID).toBeUndefined();
    expect(model.walg.backup).toMatchObject({ store: 'az', prefix: AZ, credentials: 'azure-default-identity', credentialVars: [] });
    expect(model.walg.backup.problems).toEqual([expect.stringMatching(/^AZURE_CLIENT_ID is in the container env but never reaches WAL-G/)]);
  });

  test('Azure Workload Identity: the webhook\'s variables do not reach WAL-G either (§g.3)', () => {
    const manifest = pg({ env: [...WALG, { name: 'WALG_AZ_PREFIX', value: AZ }, { name: 'AZURE_STORAGE_ACCOUNT', value: 'acct' }] },
      { labels: { 'azure.workload.identity/use': 'true' } });
    const model = spiloModel(manifest, { settings: { inheritedLabels: ['azure.workload.identity/use'] }, azureWorkloadIdentityClientId: 'wi-client' });
    expect(model.containerEnv.AZURE_FEDERATED_TOKEN_FILE).toBe('/var/run/secrets/azure/tokens/azure-identity-token');
    expect(model.walg.backup.credentials).toBe('azure-default-identity');
    expect(model.walg.backup.problems).toEqual([
      expect.stringMatching(/^AZURE_CLIENT_ID is in the container env but never reaches WAL-G/),
      expect.stringMatching(/^AZURE_FEDERATED_TOKEN_FILE \(Workload Identity\) is in the container env but not in WAL-G's/),
    ]);
    // without the inherited label the webhook does not touch the pod
    expect(spiloModel(manifest, { azureWorkloadIdentityClientId: 'wi-client' }).containerEnv.AZURE_FEDERATED_TOKEN_FILE).toBeUndefined();
  });

  test('Azure credentials that work: account key, SAS token, service principal; the key wins over a SAS token', () => {
    const az = (extra: Array<{ name: string; value?: string; valueFrom?: any }>) =>
      spiloModel(pg({ env: [...WALG, { name: 'WALG_AZ_PREFIX', value: AZ }, { name: 'AZURE_STORAGE_ACCOUNT', value: 'acct' }, ...extra] }));
    const ref = (k: string) => ({ secretKeyRef: { name: 'az', key: k } });
    expect(az([{ name: 'AZURE_STORAGE_SAS_TOKEN', valueFrom: ref('sas') }]).walg.backup).toMatchObject({ credentials: 'sas-token', problems: [] });
    expect(az([{ name: 'AZURE_CLIENT_ID', value: 'c' }, { name: 'AZURE_CLIENT_SECRET', valueFrom: ref('s') }, { name: 'AZURE_TENANT_ID', value: 't' }]).walg.backup)
      .toMatchObject({ credentials: 'service-principal', credentialVars: ['AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_TENANT_ID'], problems: [] });
    const both = az([{ name: 'AZURE_STORAGE_ACCESS_KEY', valueFrom: ref('key') }, { name: 'AZURE_STORAGE_SAS_TOKEN', valueFrom: ref('sas') }]);
    expect(both.walg.backup.credentials).toBe('account-key');
    expect(Object.keys(both.spilo.envDirs.backup!.files)).not.toContain('AZURE_STORAGE_SAS_TOKEN');
    expect(both.spilo.warnings).toEqual([expect.stringMatching(/^Multiple authentication options .* using AZURE_STORAGE_ACCESS_KEY/)]);
  });

  test('a promoted manifest with leftover STANDBY_* env still bootstraps as a standby (§g.4)', () => {
    const leftovers = [
      { name: 'STANDBY_USE_WALG_RESTORE', value: 'true' }, { name: 'STANDBY_WALG_S3_PREFIX', value: 's3://old/spilo/acid-old/wal/17' },
      { name: 'STANDBY_AWS_REGION', value: 'us-east-1' },
    ];
    const promoted = spiloModel(pg({ env: leftovers }));
    expect(promoted.spilo.bootstrap).toEqual({
      kind: 'standby',
      createReplicaMethods: ['bootstrap_standby_with_wale', 'basebackup_fast_xlog'],
      restoreCommand: 'envdir "/run/etc/wal-e.d/env-standby" timeout "0" /scripts/restore_command.sh "%f" "%p"',
    });
    // STANDBY_SCOPE and STANDBY_PGVERSION are never set: the derived WAL-E prefix is malformed
    expect(promoted.spilo.envDirs.standby!.files.WALE_S3_PREFIX).toBe('s3:///spilo//wal/');
    expect(promoted.walg.standby).toMatchObject({ store: 's3', tool: 'wal-g', prefix: 's3://old/spilo/acid-old/wal/17' });
    // the same cluster without leftovers bootstraps as a primary
    expect(spiloModel(pg()).spilo.bootstrap).toEqual({ kind: 'initdb' });
  });

  test('a plain https:// custom endpoint forces path style; https+virtualhost:// does not; SSE off by default (§g.5)', () => {
    const s3 = (endpoint: Array<{ name: string; value: string }>) => spiloModel(pg({
      env: [...WALG, { name: 'WALG_S3_PREFIX', value: S3 }, { name: 'AWS_REGION', value: 'us-east-1' }, ...endpoint],
    }));
    const plain = s3([{ name: 'AWS_ENDPOINT', value: 'https://s3.example.com' }, { name: 'WALE_S3_ENDPOINT', value: 'https://s3.example.com' }, { name: 'AWS_S3_FORCE_PATH_STYLE', value: 'false' }]);
    expect(plain.spilo.warnings).toEqual(['Invalid WALE_S3_ENDPOINT, the format is protocol+convention://hostname:port, but got https://s3.example.com']);
    expect(plain.walg.backup).toMatchObject({ endpoint: 'https://s3.example.com', pathStyle: true, region: 'us-east-1' });
    expect(plain.walg.backup.sse).toBeUndefined();
    expect(plain.walg.backup.problems).toEqual([expect.stringMatching(/^virtual-hosted addressing was asked for \(AWS_S3_FORCE_PATH_STYLE=false\)/)]);
    const vhost = s3([{ name: 'WALE_S3_ENDPOINT', value: 'https+virtualhost://s3.example.com' }]);
    expect(vhost.walg.backup).toMatchObject({ endpoint: 'https://s3.example.com', pathStyle: false, problems: [] });
    expect(vhost.spilo.envDirs.backup!.files.WALG_DISABLE_S3_SSE).toBe('true');
    const path = s3([{ name: 'AWS_ENDPOINT', value: 'http://minio:9000' }]);
    expect(path.walg.backup).toMatchObject({ endpoint: 'http://minio:9000', pathStyle: true });
    expect(path.spilo.envDirs.backup!.files.WALE_S3_ENDPOINT).toBe('http+path://minio:9000');
    // an explicit WALG_S3_SSE is still written next to WALG_DISABLE_S3_SSE=true (Spilo's name; WAL-G does not
    // read it), and WAL-G sends it: an explicit choice, reported as sse, not as a problem
    const sse = s3([{ name: 'AWS_ENDPOINT', value: 'http://minio:9000' }, { name: 'WALG_S3_SSE', value: 'AES256' }]);
    expect(sse.spilo.envDirs.backup!.files).toMatchObject({ WALG_S3_SSE: 'AES256', WALG_DISABLE_S3_SSE: 'true' });
    expect(sse.walg.backup).toMatchObject({ sse: 'AES256', problems: [] });
  });

  test('a CLONE_WALE_S3_ENDPOINT with a scheme and no CLONE_AWS_ENDPOINT: Spilo derives the endpoint from it', () => {
    // configure_spilo.py:875-891: AWS_ENDPOINT = protocol + "://" + host when only WALE_S3_ENDPOINT is given
    const manifest = pg({
      env: [
        { name: 'CLONE_USE_WALG_RESTORE', value: 'true' }, { name: 'CLONE_WALG_S3_PREFIX', value: S3 },
        { name: 'CLONE_WALE_S3_ENDPOINT', value: 'https+virtualhost://s3.example.com' },
      ],
      clone: { cluster: 'acid-source', timestamp: TS, s3_wal_path: S3 },
    });
    expect(spiloModel(manifest).walg.clone).toMatchObject({ store: 's3', endpoint: 'https://s3.example.com', pathStyle: false, problems: [] });
  });

  test('EKS Pod Identity does not reach WAL-G: AWS_CONTAINER_* is neither on Patroni\'s allow-list nor in the env-dir', () => {
    // runit/patroni/run:27-28 (allow-list) and configure_spilo.py:837-840 (the S3 names written to the env-dir)
    const model = spiloModel(pg({
      env: [
        ...WALG, { name: 'WALG_S3_PREFIX', value: S3 }, { name: 'AWS_REGION', value: 'us-east-1' },
        { name: 'AWS_CONTAINER_CREDENTIALS_FULL_URI', value: 'http://169.254.170.23/v1/credentials' },
        { name: 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE', value: '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token' },
      ],
    }));
    expect(model.containerEnv.AWS_CONTAINER_CREDENTIALS_FULL_URI).toBe('http://169.254.170.23/v1/credentials');
    expect(Object.keys(model.spilo.envDirs.backup!.files).filter((k) => k.startsWith('AWS_CONTAINER'))).toEqual([]);
    expect(model.walg.backup).toMatchObject({ credentials: 'aws-default-chain', credentialVars: [] });
  });

  test('a clone gets the raw s3_endpoint: path style is forced even with s3_force_path_style false (§g.5)', () => {
    const manifest = pg({ clone: { cluster: 'acid-source', timestamp: TS, s3_wal_path: S3, s3_endpoint: 'https://s3.example.com', s3_force_path_style: false } });
    const clone = spiloModel(manifest).walg.clone!;
    expect(clone).toMatchObject({ store: 's3', tool: 'wal-g', prefix: S3, endpoint: 'https://s3.example.com', pathStyle: true });
    expect(clone.problems).toEqual([expect.stringMatching(/^virtual-hosted addressing was asked for \(CLONE_AWS_S3_FORCE_PATH_STYLE=0\)/)]);
  });

  test('archive_command: /bin/true without a store; wal-g with USE_WALG_BACKUP; wal-e otherwise', () => {
    expect(spiloModel(pg()).spilo).toMatchObject({ archiving: false, archiveCommand: '/bin/true' });
    expect(spiloModel(pg()).spilo.backupCron).toBeUndefined();
    const walg = spiloModel(pg({ env: [...WALG, { name: 'WALG_S3_PREFIX', value: S3 }, { name: 'AWS_REGION', value: 'r' }] })).spilo;
    expect(walg.archiveCommand).toBe('envdir "/run/etc/wal-e.d/env" wal-g wal-push "%p"');
    expect(walg.backupCron).toBe('0 1 * * * envdir "/run/etc/wal-e.d/env" /scripts/postgres_backup.sh "/home/postgres/pgdata/pgroot/pgdata"');
    const wale = spiloModel(pg(), { settings: { walGsBucket: 'g' } }).spilo;
    expect(wale.archiveCommand).toBe('envdir "/run/etc/wal-e.d/env" wal-e wal-push "%p"');
    // SPILO_CONFIGURATION's archive_command (a local parameter) replaces Spilo's
    expect(spiloModel(pg({ postgresql: { version: '17', parameters: { archive_command: 'my-archiver %p' } } })).spilo.archiveCommand).toBe('my-archiver %p');
  });

  test('a bucket given only through env gets Spilo\'s "<namespace>-" scope prefix (pitfall #6); WALG_*_PREFIX wins', () => {
    const bucketOnly = spiloModel(pg({ env: [{ name: 'WAL_S3_BUCKET', value: 'b' }, { name: 'AWS_REGION', value: 'r' }] }));
    expect(bucketOnly.walg.backup).toMatchObject({ store: 's3', tool: 'wal-e', prefix: 's3://b/spilo/db-acid-main/wal/17' });
    const inDefault = spiloModel(pg({ env: [{ name: 'WAL_S3_BUCKET', value: 'b' }, { name: 'AWS_REGION', value: 'r' }] }, { namespace: 'default' }));
    expect(inDefault.walg.backup.prefix).toBe('s3://b/spilo/acid-main/wal/17');
    // region from the bucket name when AWS_REGION is missing (configure_spilo.py:835-843)
    expect(spiloModel(pg({ env: [{ name: 'WAL_S3_BUCKET', value: 'acme-eu-west-1-pg' }] })).walg.backup.region).toBe('eu-west-1');
  });

  test('retention: BACKUP_NUM_TO_RETAIN is a count and a number of days (at least 2), only in the main env-dir (§g.7)', () => {
    const model = spiloModel(pg({
      env: [...WALG, { name: 'WALG_S3_PREFIX', value: S3 }, { name: 'AWS_REGION', value: 'r' }, { name: 'BACKUP_NUM_TO_RETAIN', value: '14' },
        { name: 'BACKUP_SCHEDULE', value: '0 * * * *' }, { name: 'STANDBY_WALG_S3_PREFIX', value: S3 }],
    }));
    expect(model.spilo.retention).toEqual({ count: 14, days: 14 });
    expect(model.spilo.envDirs.backup!.files.BACKUP_NUM_TO_RETAIN).toBe('14');
    expect(model.spilo.envDirs.standby!.files.BACKUP_NUM_TO_RETAIN).toBeUndefined();
    expect(spiloModel(pg({ env: [{ name: 'BACKUP_NUM_TO_RETAIN', value: '1' }] })).spilo.retention).toEqual({ count: 2, days: 2 });
    // hourly, N=14: every backup younger than 14 days (24 x 14 = 336), the newest older one, and the new one
    expect(backupsKept('0 * * * *', 14)).toBe(338);
    // daily, N=7: the 7 younger than 7 days, the one just over 7 days, and the new one
    expect(backupsKept('0 1 * * *', 7)).toBe(9);
  });

  test('Patroni starts with an allow-listed env (runit/patroni/run)', () => {
    const env = patroniEnv({ POD_NAMESPACE: 'db', POD_IP: '1', KUBERNETES_SERVICE_HOST: 'h', KUBERNETES_ROLE_LABEL: 'spilo-role', AWS_ROLE_ARN: 'a', PGVERSION: '17', PATH: '/bin' });
    expect(env).toEqual({ POD_NAMESPACE: 'db', POD_IP: '1', KUBERNETES_SERVICE_HOST: 'h', KUBERNETES_ROLE_LABEL: 'spilo-role', PATH: '/bin', HOME: '/home/postgres' });
  });
});

describe('4. bootstrap mode', () => {
  test('PITR clone from an explicit prefix: clone_with_wale with target time, wal-g, one candidate', () => {
    const model = spiloModel(pg({ clone: { cluster: 'acid-source', timestamp: TS, s3_wal_path: S3 }, env: [{ name: 'CLONE_WALG_S3_PREFIX', value: S3 }] }));
    expect(model.spilo.bootstrap).toEqual({ kind: 'clone-wal', envDir: '/run/etc/wal-e.d/env-clone-acid-source', targetTime: TS, timeline: 'latest', inclusive: true });
    // S3 clones default to WAL-G (CLONE_USE_WALG=true, configure_spilo.py:600)
    expect(model.walg.clone).toMatchObject({ store: 's3', tool: 'wal-g', prefix: S3, prefixCandidates: [S3] });
  });

  test('basebackup clone and host standby', () => {
    expect(spiloModel(pg({ clone: { cluster: 'acid-source' } })).spilo.bootstrap)
      .toEqual({ kind: 'clone-basebackup', host: 'acid-source', port: '5432', user: 'standby' });
    expect(spiloModel(pg({ standby: { standby_host: 'h.example', standby_port: '5433' } })).spilo.bootstrap)
      .toEqual({ kind: 'standby', host: 'h.example', port: '5433', createReplicaMethods: ['basebackup_fast_xlog'] });
  });

  test('an Azure clone with only the operator\'s CLONE_AZURE_STORAGE_ACCOUNT is no WAL clone: the cluster is initdb\'d', () => {
    const model = spiloModel(pg({ clone: { cluster: 'acid-source', timestamp: TS } }), { settings: { walAzStorageAccount: 'acct' } });
    expect(model.spilo.warnings).toEqual([expect.stringMatching(/^Cloning with WAL-E is only possible when/)]);
    expect(model.spilo.bootstrap).toEqual({ kind: 'initdb' });
    expect(model.walg.clone).toBeUndefined();
  });

  test('an Azure clone needs CLONE_USE_WALG_RESTORE: otherwise clone_with_wale.py finds no WALE_*_PREFIX', () => {
    const env = [{ name: 'CLONE_WALG_AZ_PREFIX', value: AZ }, { name: 'CLONE_AZURE_STORAGE_ACCOUNT', value: 'acct' }];
    const without = spiloModel(pg({ clone: { cluster: 'acid-source', timestamp: TS }, env }));
    expect(without.walg.clone!.problems).toEqual(['clone_with_wale.py finds 0 WALE_*_PREFIX variables, expected 1: the clone fails']);
    const withWalg = spiloModel(pg({ clone: { cluster: 'acid-source', timestamp: TS }, env: [...env, { name: 'CLONE_USE_WALG_RESTORE', value: 'true' }] }));
    expect(withWalg.walg.clone).toMatchObject({ store: 'az', tool: 'wal-g', prefix: AZ, problems: [] });
  });

  test('configureSpilo and walgView also work on a bare env', () => {
    const env = { SCOPE: 'c', POD_NAMESPACE: 'default', DCS_ENABLE_KUBERNETES_API: 'true', PGVERSION: '16', WALG_GS_PREFIX: 'gs://b/p', USE_WALG_BACKUP: 'true' };
    const spilo = configureSpilo(env);
    expect(walgView(env, spilo, 'backup')).toEqual({ store: 'gs', tool: 'wal-g', prefix: 'gs://b/p', credentials: 'gcp-metadata-server', credentialVars: [], problems: [] });
    // only WALE_* is derived from the bucket when missing (configure_spilo.py:896-904); the copy goes WALE -> WALG
    expect(spilo.envDirs.backup!.files.WALE_GS_PREFIX).toBe('gs:///spilo/c/wal/16');
  });
});
