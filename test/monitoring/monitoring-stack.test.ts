import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  BackupCredentials,
  BackupStorage,
  Cluster,
  ClusterProps,
  ConnectionTarget,
  ExternalPostgresOperator,
  MonitoringStack,
  MonitoringStackProps,
  MonitorKind,
  NetworkPeer,
  PostgresVersion,
  WalgBackup,
} from '../../src';
import { knownMetrics } from '../../src/monitoring/metric-catalog';
import { NetworkModel, Pod } from '../support/netpol';
import { parsePromQL, queryProblems } from '../support/promql';
import { newChart, only, synthValid } from '../support/synth';

function stack(clusterProps: Partial<ClusterProps> = {}, opts: { backup?: boolean; pooler?: boolean; replicaPooler?: boolean } = {},
  props: Partial<MonitoringStackProps> = {}) {
  // IRSA needs the operator's irsa_role_arn to be the backup role (one role per operator); logical backups its bucket
  const { chart } = newChart('db', {
    operator: { configAwsOrGcp: { irsaRoleArn: 'arn:aws:iam::123456789012:role/r' }, configLogicalBackup: { logicalBackupS3Bucket: 'pg-dumps' } },
  });
  const cluster = new Cluster(chart, 'main', { teamId: 'acid', ...clusterProps });
  if (opts.backup) {
    new WalgBackup(chart, 'Backup', { cluster, storage: BackupStorage.s3({ bucket: 'pg-backups', region: 'eu-west-1' }), credentials: BackupCredentials.awsIrsa('arn:aws:iam::123456789012:role/r') });
  }
  if (opts.pooler || opts.replicaPooler) cluster.addConnectionPooler({ replica: !!opts.replicaPooler });
  const monitoring = new MonitoringStack(chart, 'Monitoring', { cluster, ...props });
  return { chart, cluster, monitoring, objects: synthValid(chart) };
}

describe('MonitoringStack', () => {
  test('adds a normalised postgres_exporter sidecar using the operator-injected credentials', () => {
    const { objects } = stack({ version: PostgresVersion.V18 });
    expect(only(objects, 'postgresql').spec.sidecars).toEqual([{
      name: 'exporter',
      image: 'quay.io/prometheuscommunity/postgres-exporter:v0.20.1',
      command: ['/bin/postgres_exporter', '--collector.database_wraparound', '--collector.long_running_transactions', '--collector.postmaster', '--collector.stat_checkpointer'],
      env: [
        { name: 'DATA_SOURCE_URI', value: '127.0.0.1:5432/postgres?sslmode=disable' },
        { name: 'DATA_SOURCE_USER', value: '$(POSTGRES_USER)' },
        { name: 'DATA_SOURCE_PASS', value: '$(POSTGRES_PASSWORD)' },
        { name: 'PG_EXPORTER_COLLECTION_TIMEOUT', value: '20s' },
      ],
      ports: [{ name: 'exporter', containerPort: 9187, protocol: 'TCP' }],
      resources: { requests: { cpu: '20m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
    }]);
    // the checkpointer collector only exists for PostgreSQL 17+
    const pg16 = only(stack({ version: PostgresVersion.V16 }).objects, 'postgresql');
    expect(pg16.spec.sidecars[0].command).not.toContain('--collector.stat_checkpointer');
  });

  test('partial exporter resources keep the documented defaults for what is not given', () => {
    const image = 'ghcr.io/thedatabaseme/wal-g-prometheus-exporter@sha256:1111111111111111111111111111111111111111111111111111111111111111';
    const { objects } = stack({}, { backup: true }, {
      exporterResources: { memory: { limit: Size.mebibytes(256) } },
      walgExporter: { image, resources: { cpu: { limit: Cpu.millis(500) } } },
    });
    const sidecars = only(objects, 'postgresql').spec.sidecars;
    expect(sidecars.find((x: any) => x.name === 'exporter').resources).toEqual({ requests: { cpu: '20m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } });
    expect(sidecars.find((x: any) => x.name === 'walg-exporter').resources).toEqual({ requests: { cpu: '10m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    // a limit below the default request is checked after the merge
    expect(() => stack({}, {}, { exporterResources: { memory: { limit: Size.mebibytes(32) } } })).toThrow(/ZPG-RESOURCES-INVALID \[test\/Monitoring\] sidecars\[exporter\]\.resources/);
  });

  test('a PodMonitor scrapes the exporter and Patroni, relabelling spilo-role and cluster-name', () => {
    const { objects } = stack({}, {}, { labels: { release: 'kube-prometheus-stack' }, scrapeInterval: Duration.seconds(15) });
    const relabel = (job: string) => [
      { sourceLabels: ['__meta_kubernetes_pod_label_spilo_role'], targetLabel: 'role' },
      { sourceLabels: ['__meta_kubernetes_pod_label_cluster_name'], targetLabel: 'cluster' },
      { targetLabel: 'job', replacement: job },
    ];
    expect(only(objects, 'PodMonitor')).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'acid-main-postgres', namespace: 'db', labels: { release: 'kube-prometheus-stack' } },
      spec: {
        selector: { matchLabels: { 'application': 'spilo', 'cluster-name': 'acid-main' } },
        namespaceSelector: { matchNames: ['db'] },
        podMetricsEndpoints: [
          { port: 'exporter', path: '/metrics', interval: '15s', relabelings: relabel('postgres-exporter') },
          { portNumber: 8008, path: '/metrics', interval: '15s', relabelings: relabel('patroni') },
        ],
      },
    });
    expect(only(objects, 'PrometheusRule').metadata.labels).toEqual({ release: 'kube-prometheus-stack' });
  });

  test('as an option, a headless metrics Service and a ServiceMonitor', () => {
    const { objects } = stack({}, {}, { monitorKind: MonitorKind.SERVICE_MONITOR, monitorNamespace: 'monitoring' });
    const svc = only(objects, 'Service');
    expect(svc.spec).toEqual({
      clusterIP: 'None',
      selector: { 'application': 'spilo', 'cluster-name': 'acid-main' },
      ports: [{ name: 'exporter', port: 9187, targetPort: 9187, protocol: 'TCP' }, { name: 'patroni', port: 8008, targetPort: 8008, protocol: 'TCP' }],
    });
    const sm = only(objects, 'ServiceMonitor');
    expect(sm.metadata.namespace).toBe('monitoring');
    expect(sm.spec.namespaceSelector).toEqual({ matchNames: ['db'] });
    expect(sm.spec.endpoints.map((e: any) => e.port)).toEqual(['exporter', 'patroni']);
    expect(objects.filter((o) => o.kind === 'PodMonitor')).toEqual([]);
  });

  test('one pgbouncer_exporter Deployment and PodMonitor per pooler, connecting with TLS through the pooler user\'s Secret', () => {
    const { objects } = stack({}, { replicaPooler: true });
    const deployments = objects.filter((o) => o.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata.name)).toEqual(['acid-main-pooler-exporter', 'acid-main-pooler-repl-exporter']);
    const c = deployments[0].spec.template.spec.containers[0];
    expect(c.args).toEqual(['--pgBouncer.connectionString=postgres://$(PGBOUNCER_USER):$(PGBOUNCER_PASSWORD)@acid-main-pooler.db.svc:5432/pgbouncer?sslmode=require']);
    expect(c.env).toEqual([
      { name: 'PGBOUNCER_USER', valueFrom: { secretKeyRef: { name: 'pooler.acid-main.credentials.postgresql.acid.zalan.do', key: 'username' } } },
      { name: 'PGBOUNCER_PASSWORD', valueFrom: { secretKeyRef: { name: 'pooler.acid-main.credentials.postgresql.acid.zalan.do', key: 'password' } } },
    ]);
    expect(deployments[0].spec.template.metadata.labels['cluster-name']).toBeUndefined();
    const monitors = objects.filter((o) => o.kind === 'PodMonitor').map((o) => o.metadata.name);
    expect(monitors).toEqual(['acid-main-postgres', 'acid-main-pooler-exporter', 'acid-main-pooler-repl-exporter']);
  });

  test('the cluster\'s NetworkPolicies let the pgbouncer exporter reach the pooler, and Prometheus the Spilo pods', () => {
    const { chart, cluster } = stack({}, { pooler: true });
    cluster.addNetworkPolicy();
    cluster.allowFrom(NetworkPeer.podsInNamespace('apps'), ConnectionTarget.POOLER);
    const model = new NetworkModel(synthValid(chart), {});
    const exporterPod: Pod = {
      name: 'exp',
      namespace: 'db',
      labels: { 'app.kubernetes.io/name': 'pgbouncer-exporter', 'app.kubernetes.io/instance': 'acid-main-pooler', 'postgres.cdk8s.io/cluster': 'acid-main', 'postgres.cdk8s.io/pooler': 'acid-main-pooler' },
    };
    const poolerPod: Pod = { name: 'p', namespace: 'db', labels: { 'application': 'db-connection-pooler', 'connection-pooler': 'acid-main-pooler', 'cluster-name': 'acid-main' } };
    const spilo: Pod = { name: 's', namespace: 'db', labels: { 'application': 'spilo', 'cluster-name': 'acid-main', 'spilo-role': 'master' } };
    const prometheus: Pod = { name: 'prom', namespace: 'monitoring', labels: {} };
    expect(model.allowed(exporterPod, poolerPod, 5432)).toBe(true);
    expect(model.allowed(prometheus, exporterPod, 9127)).toBe(true);
    expect(model.allowed(prometheus, spilo, 9187)).toBe(true);
    expect(model.allowed(exporterPod, spilo, 5432)).toBe(false);
  });

  test('every rule parses and reads only metrics of the pinned exporters (or recorded by the rules)', () => {
    const { monitoring } = stack(
      { logicalBackup: {}, patroni: { synchronousMode: true, failsafeMode: true } },
      { backup: true, replicaPooler: true },
    );
    const rules = monitoring.ruleGroups.groups.flatMap((g) => g.rules);
    const recorded = new Set(rules.filter((r) => r.record).map((r) => r.record!));
    expect(queryProblems(rules.map((r) => [r.alert ?? r.record!, r.expr]), knownMetrics(), recorded)).toEqual([]);
  });

  test('the metric check catches what public alert sets get wrong', () => {
    const known = knownMetrics();
    for (const dead of ['pg_replication_lag', 'patroni_master', 'pgbouncer_config_max_client_conn', 'pg_stat_bgwriter_checkpoints_req']) {
      expect(parsePromQL(`${dead} > 0`).metrics.filter((m) => !known.has(m))).toEqual([dead]);
    }
    expect(parsePromQL('sum(rate(foo[5m]) by').errors.length).toBeGreaterThan(0);
  });

  test.each<[string, Partial<ClusterProps>, { backup?: boolean; pooler?: boolean }, string[], string[]]>([
    ['a single instance gets no replication alerts', { size: undefined, instances: 1 }, {},
      ['PostgresDown', 'PatroniNoLeader'],
      ['PatroniStandbysMissing', 'PatroniReplicaNotStreaming', 'PostgresReplicationLag', 'PostgresReplicationLagBytes', 'PatroniReplicaLagAboveFailoverLimit']],
    ['synchronous mode adds the sync-standby alert', { patroni: { synchronousMode: true } }, {}, ['PatroniSyncStandbyMissing'], []],
    ['asynchronous replication has no sync-standby alert', {}, {}, ['PatroniStandbysMissing'], ['PatroniSyncStandbyMissing']],
    ['no archive alerts without WalgBackup', {}, {}, [], ['PostgresWalArchivingFailing', 'PostgresWalArchiveStale']],
    ['archive alerts with WalgBackup', {}, { backup: true }, ['PostgresWalArchivingFailing', 'PostgresWalArchiveStale'], []],
    ['archive_timeout off: failures only, no staleness', { parameters: { archive_timeout: '0' } }, { backup: true }, ['PostgresWalArchivingFailing'], ['PostgresWalArchiveStale']],
    ['pooler alerts only with a pooler', {}, {}, [], ['PgbouncerDown', 'PgbouncerClientsWaiting']],
    ['pooler alerts with a pooler', {}, { pooler: true }, ['PgbouncerDown', 'PgbouncerClientsWaiting', 'PgbouncerClientConnectionsHigh'], []],
    ['failsafe alert only with failsafe mode', {}, {}, [], ['PatroniFailsafeActive']],
    ['logical backup alert only with logical backups', { logicalBackup: {} }, {}, ['PostgresLogicalBackupFailed'], []],
  ])('topology: %s', (_name, clusterProps, opts, present, absent) => {
    const { monitoring } = stack(clusterProps, opts);
    for (const a of present) expect(monitoring.alertNames).toContain(a);
    for (const a of absent) expect(monitoring.alertNames).not.toContain(a);
  });

  test('failsafe mode from the operator (enable_patroni_failsafe_mode) unless the cluster sets its own', () => {
    const under = (patroni: Partial<ClusterProps['patroni']>) => {
      const { chart } = newChart();
      // declared after the cluster and the stack: read at synth time
      const cluster = new Cluster(chart, 'main', { teamId: 'acid', patroni });
      const monitoring = new MonitoringStack(chart, 'Monitoring', { cluster });
      new ExternalPostgresOperator(chart, 'operator', { configPatroni: { enablePatroniFailsafeMode: true } });
      synthValid(chart);
      return { failsafe: cluster.patroniSettings.failsafeMode, alert: monitoring.alertNames.includes('PatroniFailsafeActive') };
    };
    expect(under({})).toEqual({ failsafe: true, alert: true });
    expect(under({ failsafeMode: false })).toEqual({ failsafe: false, alert: false });
  });

  test('checkpoint alerts read the checkpointer on PostgreSQL 17+ and the bgwriter before', () => {
    const expr = (v: PostgresVersion) => stack({ version: v }).monitoring.ruleGroups.groups.flatMap((g) => g.rules)
      .find((r) => r.alert === 'PostgresCheckpointsTooFrequent')!.expr;
    expect(expr(PostgresVersion.V17)).toContain('pg_stat_checkpointer_num_requested_total');
    expect(expr(PostgresVersion.V16)).toContain('pg_stat_bgwriter_checkpoints_req_total');
    expect(expr(PostgresVersion.V16)).not.toContain('checkpointer');
  });

  test('thresholds, the failover limit and the member count come from the cluster and the props', () => {
    const { monitoring } = stack({ instances: 5, patroni: { maximumLagOnFailover: Size.mebibytes(64) } }, {},
      { thresholds: { replicationLagWarningSeconds: 10 }, excludeRules: ['PostgresDeadlocks'] });
    const rules = Object.fromEntries(monitoring.ruleGroups.groups.flatMap((g) => g.rules).filter((r) => r.alert).map((r) => [r.alert, r.expr]));
    expect(rules.PatroniStandbysMissing).toMatch(/< 4$/);
    expect(rules.PatroniReplicaLagAboveFailoverLimit).toMatch(/> 67108864$/);
    expect(rules.PostgresReplicationLag).toMatch(/> 10$/);
    expect(rules.PostgresDeadlocks).toBeUndefined();
  });

  test('the optional wal-g exporter shares /run/etc with Spilo, is scraped, and adds the base backup alerts', () => {
    const image = 'ghcr.io/thedatabaseme/wal-g-prometheus-exporter@sha256:1111111111111111111111111111111111111111111111111111111111111111';
    const { objects, monitoring } = stack({}, { backup: true }, { walgExporter: { image } });
    const spec = only(objects, 'postgresql').spec;
    expect(spec.additionalVolumes).toEqual([
      { name: 'walg-env', mountPath: '/run/etc', targetContainers: ['postgres', 'walg-exporter'], volumeSource: { emptyDir: {} } },
    ]);
    const sidecar = spec.sidecars.find((x: any) => x.name === 'walg-exporter');
    expect(sidecar.image).toBe(image);
    expect(sidecar.ports).toEqual([{ name: 'walg', containerPort: 9351, protocol: 'TCP' }]);
    expect(sidecar.env).toContainEqual({ name: 'PGPASSWORD', value: '$(POSTGRES_PASSWORD)' });
    expect(only(objects, 'PodMonitor').spec.podMetricsEndpoints.map((e: any) => e.port ?? e.portNumber)).toEqual(['exporter', 8008, 'walg']);
    expect(monitoring.alertNames).toEqual(expect.arrayContaining(['WalgBaseBackupTooOld', 'WalgWalIntegrityFailure']));
    expect(stack({}, { backup: true }).monitoring.alertNames).not.toContain('WalgBaseBackupTooOld');
    const withService = stack({}, { backup: true }, { walgExporter: { image }, monitorKind: MonitorKind.SERVICE_MONITOR }).objects;
    expect(only(withService, 'ServiceMonitor').spec.endpoints.map((e: any) => e.port)).toEqual(['exporter', 'patroni', 'walg']);
  });

  test('bad input', () => {
    const { chart } = newChart(null);
    const cluster = new Cluster(chart, 'main', { teamId: 'acid' });
    expect(() => new MonitoringStack(chart, 'M', { cluster })).toThrow(/ZPG-NAMESPACE-UNKNOWN \[test\/M\] cluster: the cluster's namespace is not known/);
    const other = newChart();
    const c2 = new Cluster(other.chart, 'main', { teamId: 'acid' });
    expect(() => new MonitoringStack(other.chart, 'M', { cluster: c2, excludeRules: ['not an alert'] })).toThrow(/ZPG-EXCLUDE-RULE-UNKNOWN \[test\/M\] excludeRules: not an alert of the catalog/);
    expect(() => stack({}, {}, { walgExporter: { image: `ghcr.io/example/walg-exporter@sha256:${'0'.repeat(64)}` } })).toThrow(/walgExporter: the wal-g exporter reads the cluster's WAL-G backups, but the cluster has no WalgBackup/);
    expect(() => stack({}, { backup: true }, { walgExporter: { image: 'ghcr.io/thedatabaseme/wal-g-prometheus-exporter:latest' } }))
      .toThrow(/walgExporter.image: the image must be pinned/);
  });
});
