import { Cron, Duration, JsonPatch, Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  Cluster,
  ClusterSize,
  ConnectionTarget,
  ExternalPostgresOperatorProps,
  MaintenanceWindow,
  PoolerMode,
  PostgresVersion,
  SecretRotation,
  ServiceExposure,
  SlotType,
  StorageKind,
  TopologySpread,
  UserFlag,
  Weekday,
  Workload,
} from '../../src';
import { schemaErrors } from '../support/schema';
import { newChart, only, synthValid } from '../support/synth';

function render(props: Partial<ConstructorParameters<typeof Cluster>[2]> = {}, id = 'main', operator?: ExternalPostgresOperatorProps) {
  const { chart } = newChart('db', { operator });
  const cluster = new Cluster(chart, id, { teamId: 'acid', ...props });
  const pg = only(synthValid(chart), 'postgresql');
  return { chart, cluster, pg, spec: pg.spec };
}

/** As `render`, under an operator installed elsewhere with these Helm values. */
function renderUnder(operator: ExternalPostgresOperatorProps, props: Partial<ConstructorParameters<typeof Cluster>[2]> = {}) {
  return render(props, 'main', operator);
}

describe('Cluster defaults', () => {
  const { cluster, pg, spec } = render();

  test('renders one acid.zalan.do/v1 postgresql named <teamId>-<id> with child id Resource', () => {
    expect(pg.apiVersion).toBe('acid.zalan.do/v1');
    expect(pg.kind).toBe('postgresql');
    expect(pg.metadata.name).toBe('acid-main');
    expect(pg.metadata.namespace).toBe('db');
    expect(cluster.apiObject.node.id).toBe('Resource');
    expect(cluster.name).toBe('acid-main');
  });

  test('is production-grade: 3 instances of the SMALL preset with requests equal to limits, PG 18', () => {
    expect(spec.teamId).toBe('acid');
    expect(spec.numberOfInstances).toBe(3);
    expect(spec.postgresql.version).toBe('18');
    expect(spec.volume).toEqual({ size: '50Gi' });
    expect(spec.resources).toEqual({ requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '2', memory: '8Gi' } });
  });

  test('runs Spilo as its non-root postgres user (hardened profile)', () => {
    expect([spec.spiloRunAsUser, spec.spiloRunAsGroup, spec.spiloFSGroup]).toEqual([101, 103, 103]);
    const relaxed = render({ hardened: false }).spec;
    expect([relaxed.spiloRunAsUser, relaxed.spiloRunAsGroup, relaxed.spiloFSGroup]).toEqual([undefined, undefined, undefined]);
  });

  test('has secure defaults: scram-sha-256, data checksums, no load balancers, shm, deletion protection', () => {
    expect(spec.postgresql.parameters.password_encryption).toBe('scram-sha-256');
    expect(spec.patroni.initdb).toEqual({ 'data-checksums': 'true' });
    expect(spec.enableMasterLoadBalancer).toBe(false);
    expect(spec.enableReplicaLoadBalancer).toBe(false);
    expect(spec.enableShmVolume).toBe(true);
    expect(pg.metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-options': 'Delete=false,Prune=false',
      'kustomize.toolkit.fluxcd.io/prune': 'disabled',
    });
  });

  test('renders Patroni timings explicitly', () => {
    expect(spec.patroni).toEqual({
      ttl: 30,
      loop_wait: 10,
      retry_timeout: 10,
      maximum_lag_on_failover: 33554432,
      synchronous_mode: false,
      initdb: { 'data-checksums': 'true' },
    });
  });

  test('spreads pods over zones (soft) and hosts (hard) with an explicit labelSelector', () => {
    const selector = { matchLabels: { 'application': 'spilo', 'cluster-name': 'acid-main' } };
    expect(spec.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector },
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector },
    ]);
  });

  test('tunes the parameters to 2 CPU / 8Gi (pgtune, web, network storage)', () => {
    expect(spec.postgresql.parameters).toEqual({
      password_encryption: 'scram-sha-256',
      max_connections: '200',
      shared_buffers: '2GB',
      effective_cache_size: '6GB',
      maintenance_work_mem: '512MB',
      checkpoint_completion_target: '0.9',
      wal_buffers: '16MB',
      default_statistics_target: '100',
      random_page_cost: '1.1',
      effective_io_concurrency: '300',
      min_wal_size: '1GB',
      max_wal_size: '4GB',
      huge_pages: 'off',
      work_mem: '10082kB',
      // current pgtune for PostgreSQL 18 (the default version): JIT off for web, lz4 WAL compression,
      // io_method worker (the documented deviation from pgtune's io_uring)
      jit: 'off',
      wal_compression: 'lz4',
      io_method: 'worker',
    });
  });

  test('exposes service names, secrets, selectors and a connection string without password', () => {
    expect(cluster.primaryServiceName).toBe('acid-main');
    expect(cluster.replicaServiceName).toBe('acid-main-repl');
    expect(cluster.poolerServiceName).toBe('acid-main-pooler');
    expect(cluster.replicaPoolerServiceName).toBe('acid-main-pooler-repl');
    expect(cluster.secretName('app_user')).toBe('app-user.acid-main.credentials.postgresql.acid.zalan.do');
    expect(cluster.secretName('other.app_user')).toBe('app-user.acid-main.credentials.postgresql.acid.zalan.do');
    expect(cluster.podSelector).toEqual({ 'application': 'spilo', 'cluster-name': 'acid-main' });
    expect(cluster.endpoints.primaryPodSelector).toEqual({ 'application': 'spilo', 'cluster-name': 'acid-main', 'spilo-role': 'master' });
    expect(cluster.endpoints.replicaPodSelector).toEqual({ 'application': 'spilo', 'cluster-name': 'acid-main', 'spilo-role': 'replica' });
    expect(cluster.endpoints.poolerPodSelector).toEqual({ 'connection-pooler': 'acid-main-pooler' });
    expect(cluster.endpoints.replicaPoolerPodSelector).toEqual({ 'connection-pooler': 'acid-main-pooler-repl' });
    expect(cluster.host()).toBe('acid-main.db.svc.cluster.local');
    expect(cluster.connectionUri('app_user', 'app')).toBe(
      'postgresql://app_user@acid-main.db.svc.cluster.local:5432/app?sslmode=require',
    );
    expect(cluster.connectionUri('app_user', 'app', ConnectionTarget.REPLICA_POOLER)).toBe(
      'postgresql://app_user@acid-main-pooler-repl.db.svc.cluster.local:5432/app?sslmode=require',
    );
  });
});

describe('Cluster props', () => {
  test('identity: explicit name, namespace, labels, annotations; deletion protection can be turned off', () => {
    const { pg } = render({
      name: 'acid-orders',
      clusterNamespace: 'orders',
      labels: { environment: 'production' },
      annotations: { owner: 'team-a' },
      deletionProtection: false,
    });
    expect(pg.metadata).toEqual({
      name: 'acid-orders',
      namespace: 'orders',
      labels: { environment: 'production' },
      annotations: { owner: 'team-a' },
    });
  });

  test('deletion protection keeps the user\'s other Argo CD sync options', () => {
    const { pg } = render({ annotations: { 'argocd.argoproj.io/sync-options': 'ServerSideApply=true' } });
    expect(pg.metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-options': 'ServerSideApply=true,Delete=false,Prune=false',
      'kustomize.toolkit.fluxcd.io/prune': 'disabled',
    });
  });

  test('the namespace of the host follows the namespace prop', () => {
    const { cluster } = render({ clusterNamespace: 'orders' });
    expect(cluster.host(ConnectionTarget.REPLICA)).toBe('acid-main-repl.orders.svc.cluster.local');
  });

  test('a size preset sets resources, storage and instances; explicit values win', () => {
    const dev = render({ size: ClusterSize.DEVELOPMENT }).spec;
    expect(dev.numberOfInstances).toBe(1);
    expect(dev.volume.size).toBe('10Gi');
    expect(dev.resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '500m', memory: '1Gi' } });

    const large = render({ size: ClusterSize.LARGE, instances: 3, storage: Size.gibibytes(750) }).spec;
    expect(large.numberOfInstances).toBe(3);
    expect(large.volume.size).toBe('750Gi');
    expect(large.resources.limits).toEqual({ cpu: '8', memory: '32Gi' });

    expect(render({ size: ClusterSize.MEDIUM }).spec.resources.limits).toEqual({ cpu: '4', memory: '16Gi' });
    const ent = render({ size: ClusterSize.ENTERPRISE }).spec;
    expect(ent.volume.size).toBe('1Ti');
    expect(ent.numberOfInstances).toBe(5);
  });

  test('resources: requests below limits as in the seed (2-4 CPU, 8-16Gi), huge pages', () => {
    const { spec } = render({
      resources: {
        cpu: { request: Cpu.units(2), limit: Cpu.units(4) },
        memory: { request: Size.gibibytes(8), limit: Size.gibibytes(16) },
      },
      hugePages2Mi: Size.mebibytes(512),
    });
    expect(spec.resources).toEqual({
      requests: { 'cpu': '2', 'memory': '8Gi', 'hugepages-2Mi': '512Mi' },
      limits: { 'cpu': '4', 'memory': '16Gi', 'hugepages-2Mi': '512Mi' },
    });
    // tuning follows the limits, huge pages requested -> try
    expect(spec.postgresql.parameters.shared_buffers).toBe('4GB');
    expect(spec.postgresql.parameters.max_worker_processes).toBe('4');
    expect(spec.postgresql.parameters.huge_pages).toBe('try');
  });

  test('a request above the preset raises the limit with it instead of producing request > limit', () => {
    const { spec } = render({ resources: { memory: { request: Size.gibibytes(12) } } });
    expect(spec.resources.requests.memory).toBe('12Gi');
    expect(spec.resources.limits.memory).toBe('12Gi');
  });

  test('volume: storage class, iops, throughput, type, selector, subPath', () => {
    const { spec } = render({
      storage: Size.gibibytes(100),
      storageClassName: 'ebs-gp3-postgres',
      volumeIops: 6000,
      volumeThroughput: 400,
      volumeType: 'gp3',
      volumeSelector: { matchLabels: { tier: 'db' } },
      volumeSubPath: 'pg',
    });
    expect(spec.volume).toEqual({
      size: '100Gi',
      storageClass: 'ebs-gp3-postgres',
      iops: 6000,
      throughput: 400,
      type: 'gp3',
      selector: { matchLabels: { tier: 'db' } },
      subPath: 'pg',
    });
  });

  test('explicit parameters win over tuning; autoTune off keeps only the secure default', () => {
    const tuned = render({ parameters: { shared_buffers: '1GB', log_statement: 'ddl' } }).spec.postgresql.parameters;
    expect(tuned.shared_buffers).toBe('1GB');
    expect(tuned.log_statement).toBe('ddl');
    expect(tuned.effective_cache_size).toBe('6GB');

    const plain = render({ autoTune: false, parameters: { max_connections: '50' } }).spec.postgresql.parameters;
    expect(plain).toEqual({ password_encryption: 'scram-sha-256', max_connections: '50' });

    const md5 = render({ parameters: { password_encryption: 'md5' } }).spec.postgresql.parameters;
    expect(md5.password_encryption).toBe('md5');
  });

  test('explicit max_connections feeds the work_mem formula', () => {
    const p = render({ parameters: { max_connections: '100' } }).spec.postgresql.parameters;
    // (8388608 - 2097152) / ((100 + 8) * 3) = 19418.07
    expect(p.work_mem).toBe('19418kB');
  });

  test('workload and storage kind change the tuning', () => {
    const p = render({ workload: Workload.DATA_WAREHOUSE, storageKind: StorageKind.HDD }).spec.postgresql.parameters;
    expect(p.max_connections).toBe('40');
    expect(p.default_statistics_target).toBe('500');
    expect(p.random_page_cost).toBe('4');
    expect(p.effective_io_concurrency).toBe('2');
    expect(p.maintenance_work_mem).toBe('1GB');
    expect(p.max_wal_size).toBe('16GB');
  });

  test('version', () => {
    expect(render({ version: PostgresVersion.V16 }).spec.postgresql.version).toBe('16');
    expect(render({ version: PostgresVersion.of(14) }).spec.postgresql.version).toBe('14');
  });

  test('patroni: synchronous mode, failover limit, failsafe, slots, pg_hba, initdb', () => {
    const { spec, cluster } = render({
      patroni: {
        ttl: Duration.seconds(40),
        loopWait: Duration.seconds(10),
        retryTimeout: Duration.seconds(15),
        synchronousMode: true,
        synchronousModeStrict: true,
        synchronousNodeCount: 2,
        maximumLagOnFailover: Size.mebibytes(64),
        failsafeMode: true,
        slots: [
          { name: 'cdc', slotType: SlotType.LOGICAL, database: 'app', plugin: 'pgoutput' },
          { name: 'dr_site', slotType: SlotType.PHYSICAL },
        ],
        pgHba: ['local all all trust', 'hostssl replication standby all scram-sha-256', 'hostssl all all all scram-sha-256'],
        initdb: { encoding: 'UTF8', locale: 'en_US.UTF-8' },
      },
    });
    expect(spec.patroni).toEqual({
      ttl: 40,
      loop_wait: 10,
      retry_timeout: 15,
      maximum_lag_on_failover: 67108864,
      synchronous_mode: true,
      synchronous_mode_strict: true,
      synchronous_node_count: 2,
      failsafe_mode: true,
      slots: {
        cdc: { type: 'logical', database: 'app', plugin: 'pgoutput' },
        dr_site: { type: 'physical' },
      },
      pg_hba: ['local all all trust', 'hostssl replication standby all scram-sha-256', 'hostssl all all all scram-sha-256'],
      initdb: { 'data-checksums': 'true', 'encoding': 'UTF8', 'locale': 'en_US.UTF-8' },
    });
    expect(cluster.patroniSettings.synchronousMode).toBe(true);
    expect(cluster.patroniSettings.maximumLagOnFailoverBytes).toBe(67108864);
  });

  test('data checksums can be turned off', () => {
    expect(render({ patroni: { dataChecksums: false } }).spec.patroni.initdb).toBeUndefined();
  });

  test('users with flags and rotation, databases, prepared databases', () => {
    const { spec, cluster } = render({
      allowSuperuserUsers: true,
      users: [
        { name: 'zalando', flags: [UserFlag.SUPERUSER, UserFlag.CREATEDB] },
        { name: 'foo_user', secretRotation: SecretRotation.IN_PLACE },
        { name: 'batch', secretRotation: SecretRotation.NEW_ROLE },
        { name: 'legacy', secretRotation: SecretRotation.IGNORE, flags: [UserFlag.NOLOGIN] },
      ],
      databases: [{ name: 'foo', owner: 'zalando' }],
      preparedDatabases: [{
        name: 'bar',
        defaultUsers: true,
        extensions: [{ name: 'pg_partman', schema: 'public' }],
        schemas: [{ name: 'data' }, { name: 'history', defaultRoles: true, defaultUsers: false }],
      }],
    });
    expect(spec.users).toEqual({ zalando: ['superuser', 'createdb'], foo_user: [], batch: [], legacy: ['nologin'] });
    expect(spec.databases).toEqual({ foo: 'zalando' });
    expect(spec.usersWithInPlaceSecretRotation).toEqual(['foo_user']);
    expect(spec.usersWithSecretRotation).toEqual(['batch']);
    expect(spec.usersIgnoringSecretRotation).toEqual(['legacy']);
    expect(spec.preparedDatabases).toEqual({
      bar: {
        defaultUsers: true,
        extensions: { pg_partman: 'public' },
        schemas: { data: {}, history: { defaultRoles: true, defaultUsers: false } },
      },
    });
    expect(cluster.userNames).toEqual(['zalando', 'foo_user', 'batch', 'legacy']);
  });

  test('scheduling: tolerations, node affinity, priority class, scheduler, custom spread gets the selector', () => {
    const { spec } = render({
      tolerations: [{ key: 'database', operator: 'Equal', value: 'postgres', effect: 'NoSchedule' }],
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'workload-type', operator: 'In', values: ['database'] }] }],
        },
      },
      topologySpread: TopologySpread.custom([{ maxSkew: 2, topologyKey: 'rack', whenUnsatisfiable: 'DoNotSchedule' }]),
      priorityClassName: 'postgres-pod-priority',
      schedulerName: 'custom-scheduler',
    });
    expect(spec.tolerations).toEqual([{ key: 'database', operator: 'Equal', value: 'postgres', effect: 'NoSchedule' }]);
    expect(spec.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0]).toEqual(
      { key: 'workload-type', operator: 'In', values: ['database'] },
    );
    expect(spec.topologySpreadConstraints).toEqual([{
      maxSkew: 2,
      topologyKey: 'rack',
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { 'application': 'spilo', 'cluster-name': 'acid-main' } },
    }]);
    expect(spec.podPriorityClassName).toBe('postgres-pod-priority');
    expect(spec.schedulerName).toBe('custom-scheduler');
    expect(render({ topologySpread: TopologySpread.none() }).spec.topologySpreadConstraints).toBeUndefined();
    expect(render({ topologySpread: TopologySpread.strictZonesAndHosts() }).spec.topologySpreadConstraints
      .map((c: any) => c.whenUnsatisfiable)).toEqual(['DoNotSchedule', 'DoNotSchedule']);
  });

  test('services: load balancers with source ranges, node ports, annotations', () => {
    const { spec } = render({
      primaryService: ServiceExposure.loadBalancer(),
      replicaService: ServiceExposure.nodePort(30432),
      primaryPoolerService: ServiceExposure.clusterIp(),
      replicaPoolerService: ServiceExposure.nodePort(),
      allowedSourceRanges: ['10.0.0.0/8', '2001:db8::/32'],
      serviceAnnotations: { a: '1' },
      primaryServiceAnnotations: { b: '2' },
      replicaServiceAnnotations: { c: '3' },
      podAnnotations: { 'prometheus.io/scrape': 'true' },
    });
    expect(spec.enableMasterLoadBalancer).toBe(true);
    expect(spec.enableReplicaLoadBalancer).toBe(false);
    expect(spec.enableReplicaNodePort).toBe(true);
    expect(spec.replicaNodePort).toBe(30432);
    expect(spec.enableMasterPoolerLoadBalancer).toBe(false);
    expect(spec.enableReplicaPoolerLoadBalancer).toBe(false);
    expect(spec.enableReplicaPoolerNodePort).toBe(true);
    expect(spec.replicaPoolerNodePort).toBeUndefined();
    expect(spec.allowedSourceRanges).toEqual(['10.0.0.0/8', '2001:db8::/32']);
    expect(spec.serviceAnnotations).toEqual({ a: '1' });
    expect(spec.masterServiceAnnotations).toEqual({ b: '2' });
    expect(spec.replicaServiceAnnotations).toEqual({ c: '3' });
    expect(spec.podAnnotations).toEqual({ 'prometheus.io/scrape': 'true' });
  });

  test('containers: sidecars are normalised, init containers, volumes, env, envFrom, security context, probe', () => {
    const { spec } = render({
      sidecars: [{
        name: 'exporter',
        image: 'quay.io/prometheuscommunity/postgres-exporter:v0.20.1',
        ports: [{ name: 'exporter', containerPort: 9187 }],
        env: [{ name: 'DATA_SOURCE_PASS', value: '$(POSTGRES_PASSWORD)' }],
      }],
      initContainers: [{ name: 'date', image: 'busybox:1.36', command: ['/bin/date'] }],
      additionalVolumes: [
        { name: 'empty', mountPath: '/opt/empty', targetContainers: ['all'], emptyDir: {} },
        { name: 'conf', mountPath: '/etc/extra', secret: { secretName: 'extra-conf', defaultMode: 0o440 } },
      ],
      env: [
        { name: 'ALLOW_NOSSL', value: 'false' },
        { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'backup', key: 'secret' } } },
      ],
      envFrom: [{ configMapRef: { name: 'pod-env' } }],
      shmVolume: false,
      spiloRunAsUser: 101,
      spiloRunAsGroup: 103,
      spiloFsGroup: 103,
      livenessProbe: { httpGet: { path: '/liveness', port: k8s.IntOrString.fromNumber(8008) }, periodSeconds: 10 },
    });
    expect(spec.sidecars).toEqual([{
      name: 'exporter',
      image: 'quay.io/prometheuscommunity/postgres-exporter:v0.20.1',
      env: [{ name: 'DATA_SOURCE_PASS', value: '$(POSTGRES_PASSWORD)' }],
      ports: [{ name: 'exporter', containerPort: 9187, protocol: 'TCP' }],
      resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
    }]);
    expect(spec.initContainers).toEqual([{ name: 'date', image: 'busybox:1.36', command: ['/bin/date'] }]);
    expect(spec.additionalVolumes).toEqual([
      { name: 'empty', mountPath: '/opt/empty', targetContainers: ['all'], volumeSource: { emptyDir: {} } },
      { name: 'conf', mountPath: '/etc/extra', volumeSource: { secret: { secretName: 'extra-conf', defaultMode: 288 } } },
    ]);
    expect(spec.env).toEqual([
      { name: 'ALLOW_NOSSL', value: 'false' },
      { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'backup', key: 'secret' } } },
    ]);
    expect(spec.envFrom).toEqual([{ configMapRef: { name: 'pod-env' } }]);
    expect(spec.enableShmVolume).toBe(false);
    expect([spec.spiloRunAsUser, spec.spiloRunAsGroup, spec.spiloFSGroup]).toEqual([101, 103, 103]);
    // rendered as the API server stores it, so the operator never sees a difference (CHANGE-FACTS §3b)
    expect(spec.livenessProbe).toEqual({
      httpGet: { path: '/liveness', port: 8008, scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3,
    });
  });

  test('max_connections and shared_buffers are read as PostgreSQL reads them, whatever autoTune says', () => {
    // PostgreSQL accepts 1.5GB (rounded to 8kB pages) and 200.0; the tuning uses them
    const { spec } = render({ parameters: { shared_buffers: '1.5GB', max_connections: '200.0' }, resources: { memory: { limit: Size.gibibytes(8) } } });
    expect(spec.postgresql.parameters).toMatchObject({ shared_buffers: '1.5GB', max_connections: '200.0' });
    for (const autoTune of [true, false]) {
      expect(() => render({ autoTune, parameters: { max_connections: '-5' } })).toThrow(/^ZPG-PARAM-RANGE \[test\/main\]/);
      expect(() => render({ autoTune, parameters: { shared_buffers: '7GB' }, resources: { memory: { request: Size.gibibytes(4), limit: Size.gibibytes(4) } } }))
        .toThrow(/^ZPG-PARAMETER-INVALID \[test\/main\] parameters.shared_buffers: shared_buffers is not smaller than the container's memory limit/);
    }
  });

  test('"postgres" and "standby" are ordinary names under an operator with other system users', () => {
    const { spec, cluster } = renderUnder({ configUsers: { superUsername: 'dba', replicationUsername: 'replicator' } }, { users: [{ name: 'postgres' }] });
    expect(spec.users).toEqual({ postgres: [] });
    cluster.addConnectionPooler({ user: 'standby' });
    expect(() => synthValid(cluster.node.scope as any)).not.toThrow();
  });

  test('maintenance windows, logical backup, TLS (with the fsGroup Spilo needs to read the key)', () => {
    const { spec } = renderUnder({ configLogicalBackup: { logicalBackupS3Bucket: 'pg-dumps' } }, {
      maintenanceWindows: [MaintenanceWindow.weekly(Weekday.SATURDAY, '00:00', '04:00'), MaintenanceWindow.daily('01:00', '02:00')],
      logicalBackup: { schedule: Cron.schedule({ minute: '30', hour: '0' }), retention: '3 months' },
      tls: { secretName: 'pg-tls', caFile: 'ca.crt' },
    });
    expect(spec.maintenanceWindows).toEqual(['Sat:00:00-04:00', '01:00-02:00']);
    expect(spec.enableLogicalBackup).toBe(true);
    expect(spec.logicalBackupSchedule).toBe('30 0 * * *');
    expect(spec.logicalBackupRetention).toBe('3 months');
    expect(spec.tls).toEqual({ secretName: 'pg-tls', certificateFile: 'tls.crt', privateKeyFile: 'tls.key', caFile: 'ca.crt' });
    expect(spec.spiloFSGroup).toBe(103);
    expect(render({ hardened: false, tls: { secretName: 'pg-tls' } }).spec.spiloFSGroup).toBe(103);
  });

  test('docker image', () => {
    expect(render({ dockerImage: 'ghcr.io/zalando/spilo-18:4.1-p2' }).spec.dockerImage).toBe('ghcr.io/zalando/spilo-18:4.1-p2');
  });

  test('escape hatch: a JSON patch on apiObject addresses the final field names', () => {
    const { chart } = newChart();
    const cluster = new Cluster(chart, 'main', { teamId: 'acid' });
    cluster.apiObject.addJsonPatch(JsonPatch.add('/spec/streams', [{
      applicationId: 'orders', database: 'app', tables: { 'public.orders': { eventType: 'orders-event' } },
    }]));
    const pg = only(synthValid(chart), 'postgresql');
    expect(pg.spec.streams[0].applicationId).toBe('orders');
  });
});

describe('contribution API', () => {
  test('env, sidecars, volumes, parameters, pod annotations and features from other constructs are merged', () => {
    const { chart } = newChart();
    const cluster = new Cluster(chart, 'main', { teamId: 'acid', env: [{ name: 'A', value: '1' }] });
    const contributor = new Construct(chart, 'Backup');
    cluster.addEnv(contributor, { name: 'USE_WALG_BACKUP', value: 'true' });
    cluster.addEnv(contributor, { name: 'A', value: '1' }); // identical: fine, not duplicated
    cluster.addSidecar(contributor, { name: 'walg-exporter', image: 'example/walg-exporter:1.0', ports: [{ name: 'metrics', containerPort: 9351 }] });
    cluster.addVolume(contributor, { name: 'token', mountPath: '/var/run/token', projected: { sources: [] } });
    cluster.addParameter(contributor, 'archive_timeout', '600');
    cluster.addParameter(contributor, 'shared_buffers', '1GB'); // wins over the tuning
    cluster.addPodAnnotation(contributor, 'example.com/backup', 'walg');
    cluster.features.registerPooler(contributor, {
      primary: true,
      replica: false,
      instances: 2,
      mode: PoolerMode.TRANSACTION,
      schema: 'pooler',
      user: 'pooler',
      maxDbConnections: 60,
      resources: { requests: { cpu: '500m', memory: '100Mi' }, limits: { cpu: '1', memory: '100Mi' } },
    });
    const spec = only(synthValid(chart), 'postgresql').spec;
    expect(spec.env).toEqual([{ name: 'A', value: '1' }, { name: 'USE_WALG_BACKUP', value: 'true' }]);
    expect(spec.sidecars.map((s: any) => s.name)).toEqual(['walg-exporter']);
    expect(spec.additionalVolumes.map((v: any) => v.name)).toEqual(['token']);
    expect(spec.postgresql.parameters.archive_timeout).toBe('600');
    expect(spec.postgresql.parameters.shared_buffers).toBe('1GB');
    expect(spec.podAnnotations).toEqual({ 'example.com/backup': 'walg' });
    expect(spec.enableConnectionPooler).toBe(true);
    expect(spec.enableReplicaConnectionPooler).toBe(false);
    expect(cluster.features.pooler?.user).toBe('pooler');
    expect(cluster.postgresParameters().archive_timeout).toBe('600');
  });
});

describe('schema check of the test harness', () => {
  test('rejects a field the CRD does not know (the API server would prune it)', () => {
    const errors = schemaErrors({
      apiVersion: 'acid.zalan.do/v1',
      kind: 'postgresql',
      metadata: { name: 'acid-x' },
      spec: { teamId: 'acid', numberOfInstances: 1, postgresql: { version: '18' }, volume: { size: '1Gi' }, useLoadBalancer: true },
    });
    expect(errors.join('\n')).toMatch(/useLoadBalancer/);
  });

  test('rejects a version the CRD does not know and a number where a string is required', () => {
    const errors = schemaErrors({
      apiVersion: 'acid.zalan.do/v1',
      kind: 'postgresql',
      metadata: { name: 'acid-x' },
      spec: { teamId: 'acid', numberOfInstances: 1, postgresql: { version: 13 }, volume: { size: '1Gi' } },
    });
    expect(errors.join('\n')).toMatch(/\/spec\/postgresql\/version/);
  });
});

describe('core schemas in the test harness', () => {
  test('validate Kubernetes objects and report their errors', () => {
    expect(schemaErrors({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'postgres-pod' } })).toEqual([]);
    expect(schemaErrors({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 'two' } }).length).toBeGreaterThan(0);
    expect(schemaErrors({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } })).toEqual(['no schema for v1/Pod: add one to test/support/schema.ts before emitting this kind']);
  });
});
