import { Cron, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Cluster, ClusterProps, Errors, MaintenanceWindow, PostgresVersion, ServiceExposure, SlotType, UserFlag } from '../../src';
import { newChart, synthValid } from '../support/synth';

/** Builds a cluster (id `main` in chart `test`) and returns the error it raises. */
function errorOf(props: Partial<ClusterProps>, after?: (c: Cluster, chart: Construct) => void, id = 'main'): Error {
  const { chart } = newChart();
  try {
    const c = new Cluster(chart, id, { teamId: 'acid', ...props });
    after?.(c, chart);
    synthValid(chart);
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a ValidationError, got none');
}

/** Asserts the message names the construct path, and contains every fragment. */
function expectMessage(e: Error, ...fragments: (string | RegExp)[]) {
  expect(e.message).toContain('[test/');
  for (const f of fragments) {
    if (typeof f === 'string') expect(e.message).toContain(f);
    else expect(e.message).toMatch(f);
  }
}

describe('every bad input is a ValidationError with path, value, allowed values and fix', () => {
  test('errors are recognisable from every language', () => {
    const e = errorOf({ name: 'Acid_Main' });
    expect(Errors.isValidationError(e)).toBe(true);
    expect(Errors.isValidationError(new Error('x'))).toBe(false);
  });

  test('cluster name must be DNS-1035', () => {
    expectMessage(errorOf({ name: 'acid_Main' }), '[test/main] name:', 'not a DNS-1035 label', 'Got: "acid_Main"', 'Allowed: lower-case letters', 'Fix:');
  });

  test('a derived name from an invalid construct id says to set the name', () => {
    expectMessage(errorOf({}, undefined, 'Main_DB'), 'Got: "acid-main_db"', 'give the construct a lower-case id or set `name`');
  });

  test('cluster name at most 58 characters', () => {
    const name = `acid-${'x'.repeat(54)}`;
    expectMessage(errorOf({ name }), `${name.length} characters`, '"<name>-repl" must fit 63', 'Allowed: at most 58 characters');
  });

  test('cluster name at most 51 characters with a replica pooler', () => {
    const name = `acid-${'x'.repeat(47)}`;
    const e = errorOf({ name }, (c, chart) => c.setSpecField(new Construct(chart, 'Pooler'), 'enableReplicaConnectionPooler', true));
    expectMessage(e, '[test/main] name:', 'enabled by test/Pooler', '"<name>-pooler-repl" must fit 63', 'Allowed: at most 51 characters');
  });

  test('cluster name must carry the team prefix unless turned off', () => {
    expectMessage(errorOf({ name: 'orders-db' }), 'team prefix "acid-"', 'Got: "orders-db"', 'rename it to "acid-orders-db"', 'requireTeamPrefix: false');
    expect(() => new Cluster(newChart().chart, 'x', { teamId: 'acid', name: 'orders-db', requireTeamPrefix: false })).not.toThrow();
    expectMessage(errorOf({ name: 'acid' }), 'team prefix', 'Got: "acid"');
  });

  test('annotations that let GitOps prune the database contradict deletion protection', () => {
    expectMessage(errorOf({ annotations: { 'argocd.argoproj.io/sync-options': 'Prune=true' } }), 'annotations:', 'Got: "Prune=true"', 'deletionProtection: false');
    expectMessage(errorOf({ annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'enabled' } }), 'kustomize.toolkit.fluxcd.io/prune: enabled');
  });

  test('teamId must not be empty', () => {
    expectMessage(errorOf({ teamId: '', name: 'x-main' }), 'teamId: must not be empty');
  });

  test('version must be one the operator supports', () => {
    expectMessage(errorOf({ version: PostgresVersion.of(13) }), 'version:', 'Got: 13', 'Allowed: 14, 15, 16, 17, 18');
  });

  test('instances must be a whole number >= 0', () => {
    expectMessage(errorOf({ instances: -1 }), 'instances:', 'Got: -1');
    expectMessage(errorOf({ instances: 1.5 }), 'instances:', 'Got: 1.5');
  });

  test('user names follow the operator\'s pattern; reserved and duplicate users', () => {
    expectMessage(errorOf({ users: [{ name: 'App-User!' }] }), 'users[].name', 'Got: "App-User!"', 'Allowed: lower-case letters');
    expectMessage(errorOf({ users: [{ name: 'postgres' }] }), 'managed by the operator', 'postgres.acid-main.credentials.postgresql.acid.zalan.do');
    expectMessage(errorOf({ users: [{ name: 'standby' }] }), 'managed by the operator');
    expectMessage(errorOf({ users: [{ name: 'a' }, { name: 'a' }] }), 'declared twice');
  });

  test('database names follow the operator\'s pattern; the owner must be a user; no duplicates', () => {
    expectMessage(errorOf({ users: [{ name: 'app' }], databases: [{ name: '1app', owner: 'app' }] }), 'databases[].name', 'Got: "1app"');
    expectMessage(errorOf({ users: [{ name: 'app' }], databases: [{ name: 'app', owner: 'zalando' }] }),
      'databases[app].owner', 'not one of the cluster\'s users', 'Got: "zalando"', 'Allowed: "app"', "add { name: 'zalando' } to users");
    expectMessage(errorOf({ databases: [{ name: 'app', owner: 'x' }] }), 'Allowed: a user declared in `users`');
    expectMessage(errorOf({ users: [{ name: 'app' }], databases: [{ name: 'a', owner: 'app' }, { name: 'a', owner: 'app' }] }), 'declared twice');
    expectMessage(errorOf({ preparedDatabases: [{ name: 'bad-name' }] }), 'preparedDatabases[].name', 'Got: "bad-name"');
    expectMessage(errorOf({ preparedDatabases: [{ name: 'ok', schemas: [{ name: 'no-dash' }] }] }), 'preparedDatabases[ok].schemas[].name');
  });

  test('no superuser application users under the hardened profile', () => {
    expectMessage(errorOf({ users: [{ name: 'app', flags: [UserFlag.SUPERUSER] }] }),
      'users[app].flags', 'SUPERUSER can bypass every permission', 'allowSuperuserUsers: true');
    expect(() => new Cluster(newChart().chart, 'ok', { teamId: 'acid', allowSuperuserUsers: true, users: [{ name: 'app', flags: [UserFlag.SUPERUSER] }] })).not.toThrow();
  });

  test('spec fields set both by props and by a construct', () => {
    expectMessage(errorOf({ tls: { secretName: 'a' } }, (c, chart) => c.setSpecField(new Construct(chart, 'Cert'), 'tls', { secretName: 'b' })),
      'spec.tls', 'test/Cert sets it, but the cluster\'s own props render it differently');
  });

  test('CPU quantities follow the CRD pattern', () => {
    expectMessage(errorOf({ resources: { cpu: { request: Cpu.units(0.0005) } } }), 'resources.cpu.request', 'Got: "0.0005"', 'Cpu.millis(500)');
  });

  test('requests above limits', () => {
    expectMessage(errorOf({ resources: { cpu: { request: Cpu.units(4), limit: Cpu.units(2) } } }), 'resources.cpu', 'request 4, limit 2');
    expectMessage(errorOf({ resources: { memory: { request: Size.gibibytes(16), limit: Size.gibibytes(8) } } }), 'resources.memory', 'request 16Gi, limit 8Gi');
  });

  test('volume of at least 1Gi; iops and throughput in range', () => {
    expectMessage(errorOf({ storage: Size.mebibytes(500) }), 'storage:', 'Got: "500Mi"', 'Size.gibibytes(1)');
    expectMessage(errorOf({ volumeIops: 100000 }), 'volumeIops', 'Got: 100000', 'Allowed: 1 to 80000');
    expectMessage(errorOf({ volumeThroughput: 4000 }), 'volumeThroughput', 'Allowed: 1 to 2000');
  });

  test('explicit shared_buffers larger than the memory limit', () => {
    expectMessage(errorOf({ parameters: { shared_buffers: '16GB' } }), 'parameters.shared_buffers', 'OOM-killed', '16GB with a memory limit of 8Gi');
    expectMessage(errorOf({ parameters: { shared_buffers: 'lots' } }), 'not a PostgreSQL memory value', 'Got: "lots"');
    // a bare number counts 8kB blocks: 1048576 * 8kB = 8GB
    expectMessage(errorOf({ parameters: { shared_buffers: '1048576' } }), 'OOM-killed');
  });

  test('parameter names and max_connections', () => {
    expectMessage(errorOf({ parameters: { 'Shared Buffers': '1GB' } }), 'not a PostgreSQL parameter name');
    expectMessage(errorOf({ parameters: { max_connections: 'many' } }), 'parameters.max_connections', 'whole number', 'Got: "many"');
    expectMessage(errorOf({ parameters: { work_mem: 64 as any } }), 'values must be strings', 'write it as "64"');
  });

  test('synchronous mode needs at least two instances; node count and strict mode are checked', () => {
    expectMessage(errorOf({ instances: 1, patroni: { synchronousMode: true } }), 'patroni.synchronousMode', 'fewer than 2 instances', 'instances 1');
    expectMessage(errorOf({ patroni: { synchronousMode: true, synchronousNodeCount: 3 } }), 'patroni.synchronousNodeCount', 'Allowed: 1 to 2');
    expectMessage(errorOf({ patroni: { synchronousNodeCount: 1 } }), 'no effect without synchronousMode');
    expectMessage(errorOf({ patroni: { synchronousModeStrict: true } }), 'patroni.synchronousModeStrict');
  });

  test('Patroni timing rule ttl >= loop_wait + 2 * retry_timeout', () => {
    expectMessage(errorOf({ patroni: { ttl: Duration.seconds(20), loopWait: Duration.seconds(10), retryTimeout: Duration.seconds(10) } }),
      'patroni.ttl', 'ttl 20s, loop_wait 10s, retry_timeout 10s', 'Allowed: ttl of at least 30s', 'raise ttl to 30s');
    expectMessage(errorOf({ patroni: { loopWait: Duration.millis(500) } }), 'patroni.loopWait', 'whole number of seconds');
  });

  test('slots and pg_hba', () => {
    expectMessage(errorOf({ patroni: { slots: [{ name: 'cdc', type: SlotType.LOGICAL }] } }), 'logical slot needs a database and a plugin');
    expectMessage(errorOf({ patroni: { slots: [{ name: 'Bad-Slot', type: SlotType.PHYSICAL }] } }), 'not a replication slot name');
    expectMessage(errorOf({ patroni: { pgHba: ['hostssl all all 0.0.0.0/0 md5', 'host all all 0.0.0.0/0 md5'] } }),
      'patroni.pgHba', 'no replication rule', 'hostssl replication standby all scram-sha-256');
  });

  test('a credential-looking env var given as a literal', () => {
    expectMessage(errorOf({ env: [{ name: 'AWS_SECRET_ACCESS_KEY', value: 'wJalrXUtnFEMI' }] }),
      'env AWS_SECRET_ACCESS_KEY', 'literal value', 'Got: (hidden)', 'secretKeyRef');
    const sidecar = errorOf({ sidecars: [{ name: 'x', image: 'x:1', env: [{ name: 'DATA_SOURCE_PASS', value: 'hunter2' }] }] });
    expectMessage(sidecar, 'sidecars[x].env DATA_SOURCE_PASS');
    expect(sidecar.message).not.toContain('hunter2');
    expectMessage(errorOf({ initContainers: [{ name: 'i', image: 'i:1', env: [{ name: 'API_TOKEN', value: 'abc' }] }] }), 'initContainers[i].env API_TOKEN');
    expectMessage(errorOf({ env: [{ name: 'WALG_LIBSODIUM_KEY', value: 'abc' }] }), 'WALG_LIBSODIUM_KEY');
    // references, paths and files are fine
    expect(() => new Cluster(newChart().chart, 'ok', {
      teamId: 'acid',
      env: [
        { name: 'DATA_SOURCE_PASS', value: '$(POSTGRES_PASSWORD)' },
        { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token' },
        { name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/var/secrets/google/key.json' },
        { name: 'AZURE_STORAGE_ACCESS_KEY', value: '' },
      ],
    })).not.toThrow();
  });

  test('load balancers need allowedSourceRanges; CIDRs and node ports are checked', () => {
    expectMessage(errorOf({ primaryService: ServiceExposure.loadBalancer() }), 'allowedSourceRanges:', '127.0.0.1/32', 'Fix: list the client CIDRs');
    expectMessage(errorOf({ allowedSourceRanges: ['10.0.0.0/33'] }), 'not a CIDR', 'Got: "10.0.0.0/33"');
    expectMessage(errorOf({ allowedSourceRanges: ['2001:db8::1::/64'] }), 'not a CIDR');
    expectMessage(errorOf({ replicaService: ServiceExposure.nodePort(8080) }), 'NodePort range', 'Allowed: 30000 to 32767');
  });

  test('sidecars: name, image, unique name, port names', () => {
    expectMessage(errorOf({ sidecars: [{ name: '', image: 'x:1' }] }), 'sidecars[].name', 'sidecar-<i>');
    expectMessage(errorOf({ sidecars: [{ name: 'x', image: '' }] }), 'sidecars[x].image', 'shut down the pods');
    expectMessage(errorOf({ sidecars: [{ name: 'x', image: 'x:1' }, { name: 'x', image: 'y:1' }] }), 'already added by test/main');
    expectMessage(errorOf({ sidecars: [{ name: 'postgres', image: 'x:1' }] }), 'taken by the operator');
    expectMessage(errorOf({ sidecars: [{ name: 'x', image: 'x:1', ports: [{ name: 'metrics_port_long', containerPort: 1 }] }] }), 'not a valid port name');
  });

  test('init containers need an image', () => {
    expectMessage(errorOf({ initContainers: [{ name: 'init', image: '' }] }), 'initContainers[init].image');
  });

  test('volumes need exactly one source', () => {
    expectMessage(errorOf({ additionalVolumes: [{ name: 'v', mountPath: '/v' }] }), 'additionalVolumes[v]', 'exactly one source', 'Got: none');
    expectMessage(errorOf({ additionalVolumes: [{ name: 'v', mountPath: '/v', emptyDir: {}, secret: { secretName: 's' } }] }), 'Got: secret, emptyDir');
  });

  test('maintenance windows, logical backup schedule and TLS secret follow the CRD', () => {
    expectMessage(errorOf({ maintenanceWindows: [MaintenanceWindow.of('Sat 00:00-04:00')] }), 'maintenanceWindows', 'Got: "Sat 00:00-04:00"', 'MaintenanceWindow.daily');
    expectMessage(errorOf({ maintenanceWindows: [MaintenanceWindow.daily('25:00', '26:00')] }), 'Got: "25:00-26:00"');
    expectMessage(errorOf({ logicalBackup: { schedule: Cron.schedule({ minute: '0', hour: '1-5' }) } }),
      'logicalBackup.schedule', 'Got: "0 1-5 * * *"', 'no ranges, lists or names');
    expectMessage(errorOf({ tls: { secretName: 'PG TLS' } }), 'tls.secretName');
  });

  test('contributions that disagree', () => {
    const conflict = (f: (c: Cluster, other: Construct) => void, props: Partial<ClusterProps> = {}) =>
      errorOf(props, (c, chart) => f(c, new Construct(chart, 'Other')));
    expectMessage(conflict((c, o) => c.addEnv(o, { name: 'use_walg_backup', value: 'false' }), { env: [{ name: 'USE_WALG_BACKUP', value: 'true' }] }),
      '[test/Other] env use_walg_backup', 'set by test/main');
    expectMessage(conflict((c, o) => c.addParameter(o, 'wal_level', 'logical'), { parameters: { wal_level: 'replica' } }),
      'parameters.wal_level', 'explicit parameters');
    expectMessage(conflict((c, o) => { c.addParameter(o, 'archive_timeout', '60'); c.addParameter(c, 'archive_timeout', '120'); }),
      'parameters.archive_timeout', 'set by test/Other');
    expectMessage(conflict((c, o) => { c.setSpecField(o, 'enableConnectionPooler', true); c.setSpecField(c, 'enableConnectionPooler', false); }),
      'spec.enableConnectionPooler', 'set by test/Other');
    expectMessage(conflict((c, o) => c.addPodAnnotation(o, 'a', '2'), { podAnnotations: { a: '1' } }), 'podAnnotations.a');
    expectMessage(conflict((c, o) => c.addVolume(o, { name: 'v', mountPath: '/w', emptyDir: {} }), { additionalVolumes: [{ name: 'v', mountPath: '/v', emptyDir: {} }] }),
      'additionalVolumes[v]', 'added by test/main');
  });
});
