/**
 * The operator's own example manifests (the pinned Zalando release, test/support/zalando-reference.ts), rebuilt through the typed API and
 * compared field by field. Differences are listed explicitly below, each with its reason.
 */
import { JsonPatch, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as yaml from 'js-yaml';
import { Cluster, ClusterSize, PostgresVersion, ServiceExposure, TopologySpread, UserFlag } from '../../src';
import { newChart, only, synthValid } from '../support/synth';
import { zalandoText } from '../support/zalando-reference';

function upstream(file: string): any {
  return yaml.load(zalandoText(file));
}

/** Removes a dotted path from an object (for the listed differences). */
function drop(obj: any, dotted: string): void {
  const parts = dotted.split('.');
  const last = parts.pop()!;
  const parent = parts.reduce((o, k) => (o ? o[k] : undefined), obj);
  if (parent) delete parent[last];
}

/** Fields that `postgresql` v2 no longer has (docs/migrate.md); none of the upstream v2 examples uses them. */
const REMOVED_IN_V2 = ['spec.init_containers', 'spec.pod_priority_class_name', 'spec.useLoadBalancer', 'spec.replicaLoadBalancer'];

describe('upstream minimal-postgres-manifest.yaml', () => {
  test('is rebuilt exactly through the typed API (with the secure defaults switched off)', () => {
    const expected = upstream('minimal-postgres-manifest.yaml');
    const { chart } = newChart(null);
    new Cluster(chart, 'minimal', {
      name: 'acid-minimal-cluster',
      teamId: 'acid',
      size: ClusterSize.custom('upstream-minimal', Cpu.millis(100), Size.mebibytes(100), Size.gibibytes(1), 2),
      // what the operator gives a manifest without resources (its default_* requests and limits, above its minimums)
      resources: { cpu: { request: Cpu.millis(100), limit: Cpu.units(1) }, memory: { request: Size.mebibytes(100), limit: Size.mebibytes(500) } },
      version: PostgresVersion.V18,
      users: [{ name: 'zalando', flags: [UserFlag.SUPERUSER, UserFlag.CREATEDB] }, { name: 'foo_user' }],
      databases: [{ name: 'foo', owner: 'zalando' }],
      preparedDatabases: [{ name: 'bar' }],
      deletionProtection: false,
      topologySpread: TopologySpread.none(),
      autoTune: false,
      hardened: false, // upstream's zalando user is a superuser, and the pods run with the operator's defaults
    });
    const actual = only(synthValid(chart), 'postgresql');

    // What our defaults always add to a manifest, each on purpose:
    const added = {
      'spec.postgresql.parameters': { password_encryption: 'scram-sha-256' }, // secure default (also the v2 operator default)
      'spec.resources': { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '1', memory: '500Mi' } }, // explicit: the operator's defaults
      'spec.patroni': { ttl: 30, loop_wait: 10, retry_timeout: 10, maximum_lag_on_failover: 33554432, synchronous_mode: false, initdb: { 'data-checksums': 'true' } },
      'spec.enableMasterLoadBalancer': false, // the operator's code default is true
      'spec.enableReplicaLoadBalancer': false,
      'spec.enableShmVolume': true,
    };
    for (const [field, value] of Object.entries(added)) {
      const parts = field.split('.');
      expect(parts.reduce((o: any, k) => o[k], actual)).toEqual(value);
      drop(actual, field);
    }
    for (const f of REMOVED_IN_V2) drop(expected, f);
    expect(actual).toEqual(expected);
  });
});

describe('upstream complete-postgres-manifest.yaml', () => {
  test('is rebuilt field by field through the typed API', () => {
    const expected = upstream('complete-postgres-manifest.yaml');
    const { chart } = newChart(null);
    const cluster = new Cluster(chart, 'complete', {
      name: 'acid-test-cluster',
      teamId: 'acid',
      dockerImage: 'ghcr.io/zalando/spilo-18:4.1-p2',
      instances: 2,
      version: PostgresVersion.V18,
      storage: Size.gibibytes(1),
      users: [{ name: 'zalando', flags: [UserFlag.SUPERUSER, UserFlag.CREATEDB] }, { name: 'foo_user' }],
      databases: [{ name: 'foo', owner: 'zalando' }],
      preparedDatabases: [{
        name: 'bar',
        defaultUsers: true,
        extensions: [{ name: 'pg_partman', schema: 'public' }, { name: 'pgcrypto', schema: 'public' }],
        schemas: [{ name: 'data' }, { name: 'history', defaultRoles: true, defaultUsers: false }],
      }],
      primaryService: ServiceExposure.clusterIp(),
      replicaService: ServiceExposure.clusterIp(),
      primaryPoolerService: ServiceExposure.clusterIp(),
      replicaPoolerService: ServiceExposure.clusterIp(),
      allowedSourceRanges: ['127.0.0.1/32'],
      parameters: { shared_buffers: '32MB', max_connections: '25', log_statement: 'all' },
      autoTune: false,
      additionalVolumes: [{ name: 'empty', mountPath: '/opt/empty', targetContainers: ['all'], emptyDir: {} }],
      shmVolume: true,
      resources: {
        cpu: { request: Cpu.millis(10), limit: Cpu.millis(500) },
        memory: { request: Size.mebibytes(100), limit: Size.mebibytes(500) },
      },
      patroni: {
        failsafeMode: false,
        initdb: { encoding: 'UTF8', locale: 'en_US.UTF-8' },
        synchronousMode: false,
      },
      initContainers: [{ name: 'date', image: 'busybox', command: ['/bin/date'] }],
      deletionProtection: false,
      topologySpread: TopologySpread.none(),
      hardened: false,
    });
    // Pooler switches: the upstream example turns both poolers off explicitly, which the typed API expresses
    // by having no pooler; the documented escape hatch renders the explicit `false`.
    cluster.apiObject.addJsonPatch(JsonPatch.add('/spec/enableConnectionPooler', false), JsonPatch.add('/spec/enableReplicaConnectionPooler', false));
    const actual = only(synthValid(chart), 'postgresql');

    // Differences, each with its reason:
    // 1. upstream's `tls` has an empty secretName, which the operator treats as "no TLS"; we reject an
    //    empty Secret name rather than render a no-op section.
    drop(expected, 'spec.tls');
    // 2. upstream sets synchronous_mode_strict/synchronous_node_count although synchronous_mode is off;
    //    they have no effect, and we render them only with synchronous mode.
    drop(expected, 'spec.patroni.synchronous_mode_strict');
    drop(expected, 'spec.patroni.synchronous_node_count');
    // 3. our secure default adds scram-sha-256 (also the v2 operator's default).
    expect(actual.spec.postgresql.parameters.password_encryption).toBe('scram-sha-256');
    drop(actual, 'spec.postgresql.parameters.password_encryption');
    // 4. upstream's max_connections of 10 is below Patroni's minimum of 25, so Patroni ignores it and runs
    //    with 100 (patroni/postgresql/config.py); we reject it (ZPG-PARAM-PATRONI-MINIMUM) and render 25.
    expect(expected.spec.postgresql.parameters.max_connections).toBe('10');
    expected.spec.postgresql.parameters.max_connections = '25';
    for (const f of REMOVED_IN_V2) drop(expected, f);

    expect(actual).toEqual(expected);
  });
});
