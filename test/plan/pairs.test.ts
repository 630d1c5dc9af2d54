/**
 * The change plan on hand-written before/after pairs: at least one pair per row of CHANGE-FACTS.md §1 (manifest
 * fields, the StatefulSet comparison table, §5 deletion) and §3 (equality rules, rolls on every sync). Each
 * expectation is read off the cited row, not off the planner's output.
 */
import * as fc from 'fast-check';
import { planChanges } from '../../src/plan/plan';
import { ChangeSeverity as S } from '../../src/plan/severity';
import { ClusterChange } from '../../src/plan/types';

const BASE = {
  apiVersion: 'acid.zalan.do/v1',
  kind: 'postgresql',
  metadata: { name: 'acid-main', namespace: 'db' },
  spec: {
    teamId: 'acid',
    numberOfInstances: 3,
    postgresql: { version: '17', parameters: { max_connections: '100', work_mem: '4MB' } },
    volume: { size: '10Gi' },
    resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '2', memory: '4Gi' } },
    users: { app: ['CREATEDB'] },
    databases: { app: 'app' },
  },
};

type Doc = any;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));
const mutate = (f?: (d: Doc) => void, from: Doc = BASE) => {
  const d = clone(from);
  f?.(d);
  return d;
};
const operatorConfig = (configuration: Record<string, unknown>) => ({
  apiVersion: 'acid.zalan.do/v1', kind: 'OperatorConfiguration', metadata: { name: 'postgres-operator', namespace: 'ops' }, configuration,
});

interface Row {
  /** The CHANGE-FACTS row the pair exercises. */
  readonly row: string;
  readonly before?: (d: Doc) => void;
  readonly after: (d: Doc) => void;
  /** Operator settings (a bare map) for both sides. */
  readonly op?: Record<string, unknown>;
  /** [severity, field] of every consequence, in plan order (most severe first, then by field). */
  readonly expected: Array<[S, string]>;
  /** Patterns the summaries (joined) must match. */
  readonly says?: RegExp[];
  /** Patterns the cluster notes must match. */
  readonly notes?: RegExp[];
}

function run(r: Row) {
  const before = mutate(r.before);
  const after = mutate(r.after, before);
  const plan = planChanges([before], [after], r.op ? { operatorConfiguration: [r.op] } : {});
  expect(plan.clusters).toHaveLength(1);
  return plan.clusters[0];
}

const ROWS: Row[] = [
  // ---- §1 manifest fields ------------------------------------------------------------------------------------
  { row: '§1 numberOfInstances up', after: (d) => { d.spec.numberOfInstances = 5; }, expected: [[S.APPLIED_IN_PLACE, 'spec.numberOfInstances']], says: [/2 pod\(s\) added/, /nothing restarts/] },
  { row: '§1 numberOfInstances down', after: (d) => { d.spec.numberOfInstances = 2; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.numberOfInstances']], says: [/acid-main-2\.\.2 are removed/, /switches over to acid-main-0/, /PVCs are kept/] },
  { row: '§1 numberOfInstances down (when_scaled: delete)', op: { persistent_volume_claim_retention_policy: { when_deleted: 'retain', when_scaled: 'delete' } }, after: (d) => { d.spec.numberOfInstances = 1; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.numberOfInstances']], says: [/PVCs are deleted/] },
  { row: '§1 numberOfInstances: 0', after: (d) => { d.spec.numberOfInstances = 0; }, expected: [[S.OUTAGE, 'spec.numberOfInstances']] },
  { row: '§1 numberOfInstances clamped (max_instances)', op: { max_instances: 3 }, after: (d) => { d.spec.numberOfInstances = 5; }, expected: [[S.NO_EFFECT, 'spec.numberOfInstances']] },
  {
    row: '§1 standby of one pod under min_instances: left alone (getNumberOfInstances)',
    op: { min_instances: 2 },
    before: (d) => { d.spec.standby = { s3_wal_path: 's3://src/spilo/acid-src/wal/17' }; d.spec.numberOfInstances = 3; },
    after: (d) => { d.spec.numberOfInstances = 1; },
    expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.numberOfInstances']],
    says: [/acid-main-1\.\.2 are removed/],
  },
  // max applies first, then min: min_instances 4 over max_instances 2 runs 4 pods
  { row: '§1 numberOfInstances with min_instances above max_instances', op: { min_instances: 4, max_instances: 2 }, after: (d) => { d.spec.numberOfInstances = 2; }, expected: [[S.NO_EFFECT, 'spec.numberOfInstances']], says: [/stays 4/] },
  {
    row: '§1 standby cluster instance count',
    before: (d) => { d.spec.standby = { s3_wal_path: 's3://src/spilo/acid-src/wal/17' }; d.spec.numberOfInstances = 1; },
    after: (d) => { d.spec.numberOfInstances = 2; },
    expected: [[S.APPLIED_IN_PLACE, 'spec.numberOfInstances']],
    notes: [/standby clusters with 1 pod only/],
  },
  { row: '§1 postgresql.version up (manual, no windows)', after: (d) => { d.spec.postgresql.version = '18'; }, expected: [[S.MAJOR_UPGRADE, 'spec.postgresql.version'], [S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.postgresql.version']], says: [/17 -> 18/, /at the next sync/] },
  {
    row: '§1 postgresql.version up with a maintenance window',
    before: (d) => { d.spec.maintenanceWindows = ['Sat:01:00-03:00']; },
    after: (d) => { d.spec.postgresql.version = '18'; },
    expected: [[S.MAJOR_UPGRADE, 'spec.postgresql.version'], [S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.postgresql.version']],
    says: [/in the next maintenance window \(Sat:01:00-03:00/],
  },
  { row: '§1 major upgrade execution: mode off', op: { major_version_upgrade_mode: 'off' }, after: (d) => { d.spec.postgresql.version = '18'; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.postgresql.version'], [S.REJECTED_OR_STUCK, 'spec.postgresql.version']], says: [/Spilo keeps starting the 17 binaries/] },
  { row: '§1 major upgrade execution: team allow list', op: { major_version_upgrade_mode: 'off', major_version_upgrade_team_allow_list: ['acid'] }, after: (d) => { d.spec.postgresql.version = '18'; }, expected: [[S.MAJOR_UPGRADE, 'spec.postgresql.version'], [S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.postgresql.version']] },
  {
    row: '§1 major upgrade execution: failure annotation blocks',
    after: (d) => { d.spec.postgresql.version = '18'; d.metadata.annotations = { 'last-major-upgrade-failure': '2026-01-01T00:00:00Z' }; },
    expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.postgresql.version'], [S.REJECTED_OR_STUCK, 'spec.postgresql.version'], [S.NO_EFFECT, 'metadata.annotations']],
    says: [/blocked: the last-major-upgrade-failure annotation/],
  },
  { row: '§1 major upgrade execution: full mode below minimal', op: { major_version_upgrade_mode: 'full', minimal_major_version: '16', target_major_version: '18' }, before: (d) => { d.spec.postgresql.version = '15'; }, after: () => undefined, expected: [[S.MAJOR_UPGRADE, 'spec.postgresql.version']], says: [/upgrades it to 18/, /drift/] },
  { row: '§1 postgresql.version down', after: (d) => { d.spec.postgresql.version = '16'; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.postgresql.version'], [S.REJECTED_OR_STUCK, 'spec.postgresql.version']], says: [/downgrade is not possible/] },
  { row: '§1 parameters: DCS-bound, reload', after: (d) => { d.spec.postgresql.parameters.work_mem = '8MB'; }, expected: [[S.RELOAD_ONLY, 'spec.postgresql.parameters.work_mem']] },
  { row: '§1 parameters: DCS-bound, restart (§2 replicas first, primary in place)', after: (d) => { d.spec.postgresql.parameters.max_connections = '200'; }, expected: [[S.RESTARTS_PRIMARY_IN_PLACE, 'spec.postgresql.parameters.max_connections']], says: [/replicas first, then the primary in place \(no switchover\)/] },
  { row: '§2 restart order: a decrease restarts the primary first', after: (d) => { d.spec.postgresql.parameters.max_connections = '50'; }, expected: [[S.RESTARTS_PRIMARY_IN_PLACE, 'spec.postgresql.parameters.max_connections']], says: [/the primary first/] },
  { row: '§1 parameters: local', after: (d) => { d.spec.postgresql.parameters.shared_buffers = '1GB'; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.postgresql.parameters.shared_buffers']] },
  { row: '§1 parameter removed: DCS-bound', after: (d) => { delete d.spec.postgresql.parameters.work_mem; }, expected: [[S.NO_EFFECT, 'spec.postgresql.parameters.work_mem']], says: [/4MB stays/] },
  { row: '§1 parameter removed: local', before: (d) => { d.spec.postgresql.parameters.log_destination = 'csvlog'; }, after: (d) => { delete d.spec.postgresql.parameters.log_destination; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.postgresql.parameters.log_destination']] },
  { row: '§1 parameter unknown to the version', after: (d) => { d.spec.postgresql.parameters.work_memory = '8MB'; }, expected: [[S.REJECTED_OR_STUCK, 'spec.postgresql.parameters.work_memory']] },
  {
    row: '§1 postgresql.version up: a parameter the new version removed (PostgreSQL 16 release notes: vacuum_defer_cleanup_age)',
    before: (d) => { d.spec.postgresql.version = '15'; d.spec.postgresql.parameters.vacuum_defer_cleanup_age = '0'; },
    after: (d) => { d.spec.postgresql.version = '16'; },
    expected: [[S.MAJOR_UPGRADE, 'spec.postgresql.version'], [S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.postgresql.version'], [S.REJECTED_OR_STUCK, 'spec.postgresql.parameters.vacuum_defer_cleanup_age']],
    says: [/PostgreSQL 16 does not know this parameter: after the upgrade/],
  },
  { row: '§1 parameters of a version without a catalog are not judged', before: (d) => { d.spec.postgresql.version = '19'; }, after: (d) => { d.spec.postgresql.parameters.work_mem = '8MB'; }, expected: [[S.RELOAD_ONLY, 'spec.postgresql.parameters.work_mem']] },
  { row: '§1 (implicit) streams present', after: (d) => { d.spec.streams = [{ applicationId: 'x', database: 'app', tables: { t: { eventType: 'e' } } }]; }, expected: [[S.RESTARTS_PRIMARY_IN_PLACE, 'spec.streams']], says: [/wal_level=logical/] },
  { row: '§1 patroni.ttl set', after: (d) => { d.spec.patroni = { ttl: 40 }; }, expected: [[S.RELOAD_ONLY, 'spec.patroni.ttl']] },
  { row: '§1 patroni.ttl removed', before: (d) => { d.spec.patroni = { ttl: 40 }; }, after: (d) => { delete d.spec.patroni.ttl; }, expected: [[S.NO_EFFECT, 'spec.patroni.ttl']], says: [/never resets the DCS/] },
  { row: '§1 patroni.synchronous_mode removed', before: (d) => { d.spec.patroni = { synchronous_mode: true }; }, after: (d) => { delete d.spec.patroni.synchronous_mode; }, expected: [[S.RELOAD_ONLY, 'spec.patroni.synchronous_mode']] },
  { row: '§1 patroni.failsafe_mode', after: (d) => { d.spec.patroni = { failsafe_mode: true }; }, expected: [[S.RELOAD_ONLY, 'spec.patroni.failsafe_mode']] },
  { row: '§1 patroni.slots removed', before: (d) => { d.spec.patroni = { slots: { cdc: { type: 'logical', database: 'app', plugin: 'pgoutput' } } }; }, after: (d) => { d.spec.patroni.slots = {}; }, expected: [[S.RELOAD_ONLY, 'spec.patroni.slots']], says: [/only if this operator process remembers them/] },
  { row: '§1 patroni.pg_hba', after: (d) => { d.spec.patroni = { pg_hba: ['hostssl all all 0.0.0.0/0 scram-sha-256'] }; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.patroni.pg_hba']] },
  { row: '§1 patroni.initdb', after: (d) => { d.spec.patroni = { initdb: { encoding: 'UTF8' } }; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.patroni.initdb']], says: [/no effect on existing data/] },
  { row: '§1 resources', after: (d) => { d.spec.resources.limits.cpu = '4'; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.resources']], says: [/all 3 pods are recreated/] },
  { row: '§1 dockerImage', after: (d) => { d.spec.dockerImage = 'ghcr.io/zalando/spilo-18:4.1-p3'; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.dockerImage']] },
  { row: '§1 dockerImage with enable_lazy_spilo_upgrade (§1 table: image with lazy upgrade)', op: { enable_lazy_spilo_upgrade: true }, after: (d) => { d.spec.dockerImage = 'ghcr.io/zalando/spilo-18:4.1-p3'; }, expected: [[S.APPLIED_IN_PLACE, 'spec.dockerImage']] },
  { row: '§1 env (§1 table: containers)', after: (d) => { d.spec.env = [{ name: 'TZ', value: 'UTC' }]; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.env']], says: [/\+TZ/] },
  { row: '§1 env that the operator sets itself', after: (d) => { d.spec.env = [{ name: 'SCOPE', value: 'other' }]; }, expected: [[S.NO_EFFECT, 'spec.env']] },
  { row: '§1 envFrom', after: (d) => { d.spec.envFrom = [{ configMapRef: { name: 'extra' } }]; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.envFrom']] },
  { row: '§1 sidecars add', after: (d) => { d.spec.sidecars = [{ name: 'exporter', image: 'exporter:1' }]; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.sidecars']] },
  { row: '§1 sidecars[*] image', before: (d) => { d.spec.sidecars = [{ name: 'exporter', image: 'exporter:1' }]; }, after: (d) => { d.spec.sidecars[0].image = 'exporter:2'; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.sidecars[0]']] },
  { row: '§1 sidecars[*] command (not compared)', before: (d) => { d.spec.sidecars = [{ name: 'exporter', image: 'exporter:1' }]; }, after: (d) => { d.spec.sidecars[0].command = ['run', '--fast']; }, expected: [[S.REJECTED_OR_STUCK, 'spec.sidecars[0]']] },
  { row: '§1 initContainers image', before: (d) => { d.spec.initContainers = [{ name: 'init', image: 'busybox:1' }]; }, after: (d) => { d.spec.initContainers[0].image = 'busybox:2'; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.initContainers[0]']] },
  { row: '§1 initContainers args (not compared)', before: (d) => { d.spec.initContainers = [{ name: 'init', image: 'busybox:1' }]; }, after: (d) => { d.spec.initContainers[0].args = ['x']; }, expected: [[S.REJECTED_OR_STUCK, 'spec.initContainers[0]']] },
  {
    row: '§1 livenessProbe',
    after: (d) => { d.spec.livenessProbe = { httpGet: { path: '/liveness', port: 8008, scheme: 'HTTP' }, timeoutSeconds: 5, periodSeconds: 10, successThreshold: 1, failureThreshold: 6 }; },
    expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.livenessProbe']],
  },
  { row: '§1 volume.size up (pvc)', after: (d) => { d.spec.volume.size = '20Gi'; }, expected: [[S.APPLIED_IN_PLACE, 'spec.volume.size']], says: [/allowVolumeExpansion/] },
  { row: '§1 volume.size up (storage_resize_mode off)', op: { storage_resize_mode: 'off' }, after: (d) => { d.spec.volume.size = '20Gi'; }, expected: [[S.REJECTED_OR_STUCK, 'spec.volume.size']] },
  { row: '§1 volume.size sub-GiB difference', after: (d) => { d.spec.volume.size = '10500Mi'; }, expected: [[S.NO_EFFECT, 'spec.volume.size']] },
  { row: '§1 volume.size down', after: (d) => { d.spec.volume.size = '5Gi'; }, expected: [[S.REJECTED_OR_STUCK, 'spec.volume.size']], says: [/cannot shrink/] },
  { row: '§1 volume.storageClass (§1 table: volumeClaimTemplates)', after: (d) => { d.spec.volume.storageClass = 'fast'; }, expected: [[S.REJECTED_OR_STUCK, 'spec.volume.storageClass']], says: [/existing PVCs are not migrated/] },
  { row: '§1 volume.iops (pvc mode)', after: (d) => { d.spec.volume.iops = 6000; }, expected: [[S.NO_EFFECT, 'spec.volume.iops']] },
  { row: '§1 volume.iops (mixed mode)', op: { storage_resize_mode: 'mixed' }, after: (d) => { d.spec.volume.iops = 6000; }, expected: [[S.APPLIED_IN_PLACE, 'spec.volume.iops']] },
  { row: '§1 tolerations count', after: (d) => { d.spec.tolerations = [{ key: 'db', operator: 'Exists', effect: 'NoSchedule' }]; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.tolerations']] },
  {
    row: '§1 tolerations same count, other content',
    before: (d) => { d.spec.tolerations = [{ key: 'db', operator: 'Exists', effect: 'NoSchedule' }]; },
    after: (d) => { d.spec.tolerations = [{ key: 'postgres', operator: 'Exists', effect: 'NoSchedule' }]; },
    expected: [[S.REJECTED_OR_STUCK, 'spec.tolerations']],
    says: [/compares only the count/],
  },
  { row: '§1 nodeAffinity (§1 table: affinity)', after: (d) => { d.spec.nodeAffinity = { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'db', operator: 'Exists' }] }] } }; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.nodeAffinity']] },
  { row: '§1 topologySpreadConstraints', after: (d) => { d.spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }]; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.topologySpreadConstraints']] },
  { row: '§1 schedulerName (not compared)', after: (d) => { d.spec.schedulerName = 'custom'; }, expected: [[S.REJECTED_OR_STUCK, 'spec.schedulerName']] },
  { row: '§1 podPriorityClassName (§1 table: priorityClassName)', after: (d) => { d.spec.podPriorityClassName = 'db-critical'; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.podPriorityClassName']] },
  { row: '§1 podAnnotations (§1 table: pod template annotations)', after: (d) => { d.spec.podAnnotations = { team: 'acid' }; }, expected: [[S.APPLIED_IN_PLACE, 'spec.podAnnotations']], says: [/patched in place/] },
  { row: '§1 serviceAnnotations added', after: (d) => { d.spec.serviceAnnotations = { 'a.b/c': 'd' }; }, expected: [[S.APPLIED_IN_PLACE, 'spec.serviceAnnotations']] },
  { row: '§1 serviceAnnotations removed', before: (d) => { d.spec.serviceAnnotations = { 'a.b/c': 'd' }; }, after: (d) => { delete d.spec.serviceAnnotations; }, expected: [[S.NO_EFFECT, 'spec.serviceAnnotations']], says: [/stay on the Services/] },
  { row: '§1 enableMasterLoadBalancer', after: (d) => { d.spec.enableMasterLoadBalancer = true; d.spec.allowedSourceRanges = ['10.0.0.0/8']; }, expected: [[S.APPLIED_IN_PLACE, 'spec.allowedSourceRanges'], [S.APPLIED_IN_PLACE, 'spec.enableMasterLoadBalancer']] },
  { row: '§1 allowedSourceRanges without a load balancer', after: (d) => { d.spec.allowedSourceRanges = ['10.0.0.0/8']; }, expected: [[S.NO_EFFECT, 'spec.allowedSourceRanges']] },
  { row: '§1 users add', after: (d) => { d.spec.users.bob_x = []; }, expected: [[S.APPLIED_IN_PLACE, 'spec.users.bob_x']], says: [/Secret bob-x\.acid-main\.credentials\.postgresql\.acid\.zalan\.do\./] },
  {
    row: '§1 users add (secret_name_template repeating a placeholder)',
    op: { secret_name_template: '{cluster}-{username}-{cluster}' },
    after: (d) => { d.spec.users.bob = []; },
    expected: [[S.APPLIED_IN_PLACE, 'spec.users.bob']],
    says: [/Secret acid-main-bob-acid-main\./],
  },
  { row: '§1 users remove', after: (d) => { delete d.spec.users.app; }, expected: [[S.NO_EFFECT, 'spec.users.app']], says: [/not dropped and keeps LOGIN/] },
  { row: '§1 user flags added', after: (d) => { d.spec.users.app = ['CREATEDB', 'CREATEROLE']; }, expected: [[S.APPLIED_IN_PLACE, 'spec.users.app']], says: [/ALTER ROLE app CREATEROLE/] },
  { row: '§1 user flags removed', after: (d) => { d.spec.users.app = []; }, expected: [[S.NO_EFFECT, 'spec.users.app']], says: [/keeps CREATEDB/] },
  { row: '§1 user flags: explicit NO flag', after: (d) => { d.spec.users.app = ['NOCREATEDB']; }, expected: [[S.APPLIED_IN_PLACE, 'spec.users.app']] },
  { row: '§1 user flags: NOLOGIN is dropped', after: (d) => { d.spec.users.app = ['CREATEDB', 'NOLOGIN']; }, expected: [[S.NO_EFFECT, 'spec.users.app']] },
  { row: '§1 role passwords (password_encryption read at cluster build)', after: (d) => { d.spec.postgresql.parameters.password_encryption = 'md5'; }, expected: [[S.RELOAD_ONLY, 'spec.postgresql.parameters.password_encryption']], says: [/only when it builds the cluster object/] },
  { row: '§1 databases add', after: (d) => { d.spec.databases.shop = 'app'; }, expected: [[S.APPLIED_IN_PLACE, 'spec.databases.shop']] },
  { row: '§1 databases owner change', after: (d) => { d.spec.users.bob = []; d.spec.databases.app = 'bob'; }, expected: [[S.APPLIED_IN_PLACE, 'spec.databases.app'], [S.APPLIED_IN_PLACE, 'spec.users.bob']] },
  { row: '§1 databases remove', after: (d) => { delete d.spec.databases.app; }, expected: [[S.NO_EFFECT, 'spec.databases.app']], says: [/never dropped/] },
  { row: '§1 preparedDatabases add', after: (d) => { d.spec.preparedDatabases = { shop: { schemas: { data: {} } } }; }, expected: [[S.APPLIED_IN_PLACE, 'spec.preparedDatabases']] },
  { row: '§1 preparedDatabases remove a schema', before: (d) => { d.spec.preparedDatabases = { shop: { schemas: { data: {}, old: {} } } }; }, after: (d) => { delete d.spec.preparedDatabases.shop.schemas.old; }, expected: [[S.NO_EFFECT, 'spec.preparedDatabases']], says: [/shop\.schemas\.old stay/] },
  { row: '§1 usersWithSecretRotation add', after: (d) => { d.spec.usersWithSecretRotation = ['app']; }, expected: [[S.APPLIED_IN_PLACE, 'spec.usersWithSecretRotation']], says: [/username AND password change/] },
  { row: '§1 usersWithInPlaceSecretRotation (system user)', after: (d) => { d.spec.usersWithInPlaceSecretRotation = ['postgres']; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.usersWithInPlaceSecretRotation']] },
  { row: '§1 user removed from a rotation list', before: (d) => { d.spec.usersWithSecretRotation = ['app']; }, after: (d) => { delete d.spec.usersWithSecretRotation; }, expected: [[S.APPLIED_IN_PLACE, 'spec.usersWithSecretRotation']], says: [/NEW random password/] },
  { row: '§1 enableConnectionPooler: true', after: (d) => { d.spec.enableConnectionPooler = true; }, expected: [[S.POOLER_CREATED, 'spec.enableConnectionPooler']], says: [/acid-main-pooler is created/] },
  { row: '§1 connectionPooler section with enableConnectionPooler unset', after: (d) => { d.spec.connectionPooler = { numberOfInstances: 2 }; }, expected: [[S.POOLER_CREATED, 'spec.connectionPooler']] },
  { row: '§1 enableConnectionPooler: false', before: (d) => { d.spec.enableConnectionPooler = true; }, after: (d) => { d.spec.enableConnectionPooler = false; }, expected: [[S.POOLER_DELETED, 'spec.enableConnectionPooler']], says: [/lose the database/] },
  { row: '§1 enableReplicaConnectionPooler', after: (d) => { d.spec.enableReplicaConnectionPooler = true; }, expected: [[S.POOLER_CREATED, 'spec.enableReplicaConnectionPooler']], says: [/acid-main-pooler-repl/] },
  { row: '§1 connectionPooler.*', before: (d) => { d.spec.enableConnectionPooler = true; d.spec.connectionPooler = { numberOfInstances: 2 }; }, after: (d) => { d.spec.connectionPooler.numberOfInstances = 3; }, expected: [[S.APPLIED_IN_PLACE, 'spec.connectionPooler']] },
  { row: '§1 connectionPooler: tolerations not detected by the pooler sync', before: (d) => { d.spec.enableConnectionPooler = true; }, after: (d) => { d.spec.tolerations = [{ key: 'db', operator: 'Exists' }]; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.tolerations'], [S.REJECTED_OR_STUCK, 'spec.connectionPooler']] },
  { row: '§1 enableLogicalBackup on', after: (d) => { d.spec.enableLogicalBackup = true; }, expected: [[S.APPLIED_IN_PLACE, 'spec.enableLogicalBackup']] },
  { row: '§1 logicalBackupSchedule', after: (d) => { d.spec.logicalBackupSchedule = '0 1 * * *'; }, expected: [[S.APPLIED_IN_PLACE, 'spec.logicalBackupSchedule']] },
  { row: '§1 tls', after: (d) => { d.spec.tls = { secretName: 'acid-main-tls' }; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.tls']] },
  { row: '§1 additionalVolumes add (§1 table: len(volumes))', after: (d) => { d.spec.additionalVolumes = [{ name: 'extra', mountPath: '/extra', volumeSource: { emptyDir: {} } }]; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.additionalVolumes']] },
  {
    row: '§1 additionalVolumes volumeSource only',
    before: (d) => { d.spec.additionalVolumes = [{ name: 'extra', mountPath: '/extra', volumeSource: { emptyDir: {} } }]; },
    after: (d) => { d.spec.additionalVolumes[0].volumeSource = { configMap: { name: 'x' } }; },
    expected: [[S.REJECTED_OR_STUCK, 'spec.additionalVolumes']],
  },
  { row: '§1 spiloFSGroup (§1 table: pod securityContext)', after: (d) => { d.spec.spiloFSGroup = 103; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.spiloFSGroup']] },
  { row: '§1 enableShmVolume: false does not override the operator', after: (d) => { d.spec.enableShmVolume = false; }, expected: [[S.NO_EFFECT, 'spec.enableShmVolume']] },
  { row: '§1 enableShmVolume: true with enable_shm_volume=false', op: { enable_shm_volume: false }, after: (d) => { d.spec.enableShmVolume = true; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.enableShmVolume']] },
  {
    row: '§1 standby added to a running cluster',
    after: (d) => { d.spec.standby = { s3_wal_path: 's3://src/spilo/acid-src/wal/17' }; },
    expected: [[S.DEMOTES, 'spec.standby'], [S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.standby']],
  },
  {
    row: '§1 standby removed (promotion)',
    before: (d) => { d.spec.standby = { s3_wal_path: 's3://src/spilo/acid-src/wal/17' }; d.spec.numberOfInstances = 1; },
    after: (d) => { delete d.spec.standby; },
    expected: [[S.PROMOTES, 'spec.standby'], [S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.standby']],
    says: [/single pod is recreated without switchover/, /standby_cluster: null/],
  },
  {
    row: '§1 standby fields changed',
    before: (d) => { d.spec.standby = { s3_wal_path: 's3://src/spilo/acid-src/wal/17' }; d.spec.numberOfInstances = 1; },
    after: (d) => { d.spec.standby.s3_wal_path = 's3://other/spilo/acid-src/wal/17'; },
    expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.standby'], [S.SOURCE_CHANGED, 'spec.standby']],
  },
  {
    row: '§1 clone changed after creation',
    before: (d) => { d.spec.clone = { cluster: 'acid-src' }; },
    after: (d) => { d.spec.clone = { cluster: 'acid-other' }; },
    expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.clone'], [S.SOURCE_CHANGED, 'spec.clone']],
    says: [/not re-cloned/, /secretKeyRef to the standby Secret of acid-other/],
  },
  { row: '§1 clone removed after creation', before: (d) => { d.spec.clone = { cluster: 'acid-src' }; }, after: (d) => { delete d.spec.clone; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.clone'], [S.SOURCE_CHANGED, 'spec.clone']] },
  { row: '§1 teamId (§1 table: template labels)', after: (d) => { d.spec.teamId = 'beta'; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.teamId']] },
  { row: '§1 metadata.annotations: inherited (§1 table: STS annotations)', op: { inherited_annotations: ['owner'] }, after: (d) => { d.metadata.annotations = { owner: 'acid' }; }, expected: [[S.APPLIED_IN_PLACE, 'metadata.annotations']] },
  { row: '§3a annotations: ignored_annotations are skipped', op: { inherited_annotations: ['owner'], ignored_annotations: ['owner'] }, after: (d) => { d.metadata.annotations = { owner: 'acid' }; }, expected: [] },
  { row: '§1 metadata.annotations: other', after: (d) => { d.metadata.annotations = { note: 'x' }; }, expected: [[S.NO_EFFECT, 'metadata.annotations']] },
  { row: '§1 metadata.labels: inherited', op: { inherited_labels: ['env'] }, after: (d) => { d.metadata.labels = { env: 'prod' }; }, expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'metadata.labels']], says: [/next periodic sync/] },
  { row: '§1 metadata.labels: other', after: (d) => { d.metadata.labels = { env: 'prod' }; }, expected: [[S.NO_EFFECT, 'metadata.labels']] },
  { row: '§1 maintenanceWindows', after: (d) => { d.spec.maintenanceWindows = ['Sun:02:00-04:00']; }, expected: [[S.NO_EFFECT, 'spec.maintenanceWindows']] },
  {
    row: '§1 NOT gated by windows: a restart with windows defined',
    before: (d) => { d.spec.maintenanceWindows = ['Sun:02:00-04:00']; },
    after: (d) => { d.spec.postgresql.parameters.max_connections = '300'; },
    expected: [[S.RESTARTS_PRIMARY_IN_PLACE, 'spec.postgresql.parameters.max_connections']],
    says: [/not gated by maintenance windows/],
  },

  // ---- §3a equality rules -------------------------------------------------------------------------------------
  {
    row: '§3a container list is compared by index (reorder)',
    before: (d) => { d.spec.sidecars = [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }]; },
    after: (d) => { d.spec.sidecars.reverse(); },
    expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.sidecars']],
    says: [/reordered/],
  },
  { row: '§3a env order is ignored', before: (d) => { d.spec.env = [{ name: 'A', value: '1' }, { name: 'B', value: '2' }]; }, after: (d) => { d.spec.env.reverse(); }, expected: [] },
  {
    row: '§3a env value vs valueFrom: valueFrom compared when both values are empty',
    before: (d) => { d.spec.env = [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's1', key: 'k' } } }]; },
    after: (d) => { d.spec.env[0].valueFrom.secretKeyRef.name = 's2'; },
    expected: [[S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.env']],
  },
  {
    row: '§3a SPILO_CONFIGURATION: only the local part counts (a DCS parameter does not roll)',
    after: (d) => { d.spec.postgresql.parameters.random_page_cost = '1.1'; },
    expected: [[S.RELOAD_ONLY, 'spec.postgresql.parameters.random_page_cost']],
  },
  {
    row: '§3a ports: order-insensitive, protocol "" = TCP',
    before: (d) => { d.spec.sidecars = [{ name: 'x', image: 'x:1', ports: [{ containerPort: 1 }, { containerPort: 2, protocol: 'TCP' }] }]; },
    after: (d) => { d.spec.sidecars[0].ports = [{ containerPort: 2 }, { containerPort: 1, protocol: 'TCP' }]; },
    expected: [],
  },
  { row: '§3a resources: quantities compared semantically', after: (d) => { d.spec.resources.limits.memory = '4096Mi'; }, expected: [[S.NO_EFFECT, 'spec.resources']] },
  {
    row: '§3a volumeMounts: order-insensitive',
    before: (d) => { d.spec.sidecars = [{ name: 'x', image: 'x:1', volumeMounts: [{ name: 'a', mountPath: '/a' }, { name: 'b', mountPath: '/b' }] }]; },
    after: (d) => { d.spec.sidecars[0].volumeMounts.reverse(); },
    expected: [],
  },
  // ---- §3b rolls on every sync ------------------------------------------------------------------------------
  {
    row: '§3b livenessProbe omitting defaults',
    after: (d) => { d.spec.livenessProbe = { httpGet: { path: '/liveness', port: 8008 } }; },
    expected: [[S.ROLLS_ON_EVERY_SYNC, 'spec.livenessProbe'], [S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.livenessProbe']],
    says: [/timeoutSeconds, periodSeconds, successThreshold, failureThreshold, httpGet.scheme/],
  },
  {
    row: '§3b probes on sidecars with omitted defaults',
    after: (d) => { d.spec.sidecars = [{ name: 'exp', image: 'e:1', readinessProbe: { tcpSocket: { port: 9187 } } }]; },
    expected: [[S.ROLLS_ON_EVERY_SYNC, 'spec.sidecars[0]'], [S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.sidecars']],
  },
  {
    row: '§3b fieldRef without apiVersion',
    after: (d) => { d.spec.env = [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }]; },
    expected: [[S.ROLLS_ON_EVERY_SYNC, 'spec.env'], [S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.env']],
  },
  {
    row: '§3b the same env name twice: spec.env also generated by clone',
    before: (d) => { d.spec.clone = { cluster: 'acid-src' }; },
    after: (d) => { d.spec.env = [{ name: 'CLONE_HOST', value: 'acid-src.other' }]; },
    expected: [[S.ROLLS_ON_EVERY_SYNC, 'spec.env'], [S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.env']],
    says: [/CLONE_HOST is set 2 times/],
  },
  { row: '§3b envFrom: []', after: (d) => { d.spec.envFrom = []; }, expected: [[S.ROLLS_ON_EVERY_SYNC, 'spec.envFrom'], [S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.envFrom']] },
  { row: '§3b topologySpreadConstraints: []', after: (d) => { d.spec.topologySpreadConstraints = []; }, expected: [[S.ROLLS_ON_EVERY_SYNC, 'spec.topologySpreadConstraints'], [S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.topologySpreadConstraints']] },
  {
    row: '§3b a manifest that already rolled on every sync is a note, not a consequence',
    before: (d) => { d.spec.envFrom = []; },
    after: (d) => { d.spec.postgresql.parameters.work_mem = '8MB'; },
    expected: [[S.RELOAD_ONLY, 'spec.postgresql.parameters.work_mem']],
    notes: [/already rolls on every sync.*envFrom/],
  },
];

describe('CHANGE-FACTS pairs', () => {
  test.each(ROWS.map((r) => [r.row, r]))('%s', (_name, r) => {
    const cluster = run(r as Row);
    const row = r as Row;
    expect(cluster.consequences.map((c) => [c.severity, c.field])).toEqual(row.expected);
    const text = cluster.consequences.map((c) => c.summary).join('\n');
    for (const p of row.says ?? []) expect(text).toMatch(p);
    for (const p of row.notes ?? []) expect(cluster.notes.join('\n')).toMatch(p);
    const differs = JSON.stringify(mutate(row.before)) !== JSON.stringify(mutate(row.after, mutate(row.before)));
    expect(cluster.change).toBe(row.expected.length || differs ? ClusterChange.CHANGED : ClusterChange.UNCHANGED);
  });

  test('an unchanged manifest has no consequences', () => {
    const plan = planChanges([clone(BASE)], [clone(BASE)]);
    expect(plan.clusters[0].change).toBe(ClusterChange.UNCHANGED);
    expect(plan.clusters[0].consequences).toEqual([]);
  });
});

describe('§1 comparison table: operator settings that change the StatefulSet of every cluster', () => {
  const withOp = (c: Record<string, unknown>) => [operatorConfig(c), clone(BASE)];
  test.each([
    ['STS ownerReferences', { enable_owner_references: true }, [[S.APPLIED_IN_PLACE, '(operator) enable_owner_references']]],
    ['podManagementPolicy', { pod_management_policy: 'parallel' }, [[S.APPLIED_IN_PLACE, '(operator) pod_management_policy']]],
    ['PVC retention policy', { persistent_volume_claim_retention_policy: { when_deleted: 'delete', when_scaled: 'retain' } }, [[S.APPLIED_IN_PLACE, '(operator) persistent_volume_claim_retention_policy']]],
    // selector/template labels: cluster_labels reach the pods through KUBERNETES_LABELS
    ['template labels (cluster_labels)', { kubernetes: { cluster_labels: { application: 'db' } } }, [[S.ROLLS_PODS_WITH_SWITCHOVER, '(operator) configuration']]],
    ['docker_image for clusters without spec.dockerImage', { docker_image: 'ghcr.io/zalando/spilo-18:4.1-p3' }, [[S.ROLLS_PODS_WITH_SWITCHOVER, '(operator) docker_image']]],
    // the defaults written out change nothing the operator compares
    ['explicit defaults', { enable_owner_references: false, pod_management_policy: 'ordered_ready', persistent_volume_claim_retention_policy: { when_deleted: 'retain', when_scaled: 'retain' } }, []],
  ] as Array<[string, Record<string, unknown>, Array<[S, string]>]>)('%s', (_name, config, expected) => {
    const plan = planChanges(withOp({}), withOp(config));
    expect(plan.clusters[0].consequences.map((c) => [c.severity, c.field])).toEqual(expected);
    expect(plan.notes.join('\n')).toMatch(/the operator settings change/);
  });
});

describe('which operator settings the plan uses', () => {
  const configMap = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'postgres-operator' }, data });
  test('the same choice from the manifests and from --operator-settings: the OperatorConfiguration before a ConfigMap', () => {
    const docs = [configMap({ docker_image: 'x', enable_persistent_volume_claim_deletion: 'true' }), operatorConfig({ kubernetes: { enable_persistent_volume_claim_deletion: false } })];
    for (const plan of [planChanges([...docs, clone(BASE)], [...docs]), planChanges([clone(BASE)], [], { operatorConfiguration: docs })]) {
      expect(plan.clusters[0].consequences[0].summary).toMatch(/volumes .* are kept/);
    }
  });
  test('two OperatorConfigurations in the settings file: a note, and the defaults', () => {
    const plan = planChanges([clone(BASE)], [], { operatorConfiguration: [operatorConfig({}), { ...operatorConfig({}), metadata: { name: 'second' } }] });
    expect(plan.notes.join('\n')).toMatch(/the operator settings file has 2 operator configurations \(postgres-operator, second\)/);
    expect(plan.notes.join('\n')).toMatch(/operator settings: the operator v2.0.1 defaults/);
  });
});

describe('§5 deletion, with and without the operator\'s deletion settings', () => {
  const gone = (op?: Record<string, unknown>, annotate?: Record<string, string>) => {
    const before = mutate((d) => { if (annotate) d.metadata.annotations = annotate; });
    return planChanges([before], [], op ? { operatorConfiguration: [op] } : {}).clusters[0];
  };
  test('defaults: PVCs and Secrets are deleted', () => {
    const c = gone();
    expect(c.change).toBe(ClusterChange.DELETED);
    expect(c.consequences.map((x) => [x.severity, x.field])).toEqual([[S.DELETES_DATA, 'metadata.name']]);
    expect(c.consequences[0].summary).toMatch(/pgdata-acid-main-0, pgdata-acid-main-1, pgdata-acid-main-2/);
    expect(c.consequences[0].summary).toMatch(/Secrets \(passwords\) are deleted/);
    expect(c.consequences[0].instead).toMatch(/deletionProtection/);
  });
  test('enable_persistent_volume_claim_deletion=false: an outage, volumes kept', () => {
    const c = gone({ enable_persistent_volume_claim_deletion: false, enable_secrets_deletion: false });
    expect(c.consequences.map((x) => [x.severity, x.field])).toEqual([[S.OUTAGE, 'metadata.name']]);
    expect(c.consequences[0].summary).toMatch(/are kept \(enable_persistent_volume_claim_deletion=false\).*Secrets are kept/);
  });
  test('owner references with when_deleted: delete delete the volumes through GC', () => {
    const c = gone({ enable_persistent_volume_claim_deletion: false, enable_owner_references: true, persistent_volume_claim_retention_policy: { when_deleted: 'delete' } });
    expect(c.consequences.map((x) => x.severity)).toEqual([S.DELETES_DATA]);
  });
  test('owner references with when_deleted: retain (examples/operator.ts): volumes kept, Secrets garbage-collected', () => {
    const c = gone({ enable_persistent_volume_claim_deletion: false, enable_secrets_deletion: false, enable_owner_references: true, persistent_volume_claim_retention_policy: { when_deleted: 'retain' } });
    expect(c.consequences.map((x) => x.severity)).toEqual([S.OUTAGE]);
    expect(c.consequences[0].summary).toMatch(/volumes \(pgdata-acid-main-0, .*\) are kept/);
    expect(c.consequences[0].summary).toMatch(/Secrets \(passwords\) are deleted by Kubernetes garbage collection/);
  });
  test('delete annotations configured but missing: the operator drops the delete', () => {
    const c = gone({ delete_annotation_date_key: 'delete-date', delete_annotation_name_key: 'delete-clustername' });
    expect(c.consequences.map((x) => x.severity)).toEqual([S.REJECTED_OR_STUCK]);
    expect(c.consequences[0].summary).toMatch(/orphaned/);
  });
  test('delete annotations present: data is deleted if the date is today', () => {
    const c = gone({ delete_annotation_date_key: 'delete-date', delete_annotation_name_key: 'delete-clustername' }, { 'delete-date': '2026-11-22', 'delete-clustername': 'acid-main' });
    expect(c.consequences.map((x) => x.severity)).toEqual([S.DELETES_DATA]);
    expect(c.consequences[0].summary).toMatch(/if the date is the operator's today/);
  });
  test('delete annotations with finalizers on are not checked (§5 enable_finalizers)', () => {
    const c = gone({ delete_annotation_date_key: 'delete-date', enable_finalizers: true });
    expect(c.consequences.map((x) => x.severity)).toEqual([S.DELETES_DATA]);
  });
  test('Argo CD Prune=false and Flux prune: disabled keep it running', () => {
    const c = gone(undefined, { 'argocd.argoproj.io/sync-options': 'Delete=false,Prune=false', 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
    expect(c.consequences.map((x) => x.severity)).toEqual([S.NO_EFFECT]);
    expect(c.consequences[0].summary).toMatch(/OutOfSync/);
  });
  test('only Argo CD protection: Flux would prune it', () => {
    const c = gone(undefined, { 'argocd.argoproj.io/sync-options': 'Prune=false' });
    expect(c.consequences.map((x) => x.severity)).toEqual([S.DELETES_DATA]);
    expect(c.consequences[0].summary).toMatch(/only Argo CD is told not to prune it/);
  });
  test('§1 metadata.name: a rename is a delete plus a create', () => {
    const renamed = mutate((d) => { d.metadata.name = 'acid-main2'; });
    const plan = planChanges([clone(BASE)], [renamed]);
    expect(plan.clusters.map((c) => [c.name, c.change, c.consequences.map((x) => x.severity)])).toEqual([
      ['acid-main', ClusterChange.DELETED, [S.DELETES_DATA]],
      ['acid-main2', ClusterChange.CREATED, [S.CREATES]],
    ]);
    expect(plan.clusters[0].notes.join()).toMatch(/looks like a rename to acid-main2/);
    expect(plan.clusters[1].notes.join()).toMatch(/looks like a rename of acid-main/);
  });
});

describe('archive paths (behaviour model)', () => {
  test('a new bucket moves WAL and base backups: PITR continuity breaks', () => {
    const before = mutate((d) => { d.spec.env = [{ name: 'WAL_S3_BUCKET', value: 'old-bucket' }]; });
    const after = mutate((d) => { d.spec.env[0].value = 'new-bucket'; }, before);
    const c = planChanges([before], [after]).clusters[0];
    expect(c.consequences.map((x) => [x.severity, x.field])).toEqual([
      [S.ARCHIVE_PATH_CHANGES, 'spec.env WAL_S3_BUCKET'],
      [S.ROLLS_PODS_WITH_SWITCHOVER, 'spec.env'],
    ]);
    // configure_spilo.py: s3://<bucket>/spilo/<WAL_BUCKET_SCOPE_PREFIX = "<namespace>-"><scope><suffix>/wal/<PGVERSION>
    expect(c.consequences[0].before).toBe('s3://old-bucket/spilo/db-acid-main/wal/17');
    expect(c.consequences[0].after).toBe('s3://new-bucket/spilo/db-acid-main/wal/17');
  });
  test('a major upgrade moves a derived prefix to /wal/<new version>', () => {
    const before = mutate((d) => { d.spec.env = [{ name: 'WAL_S3_BUCKET', value: 'b' }]; });
    const after = mutate((d) => { d.spec.postgresql.version = '18'; }, before);
    const c = planChanges([before], [after]).clusters[0];
    const archive = c.consequences.find((x) => x.severity === S.ARCHIVE_PATH_CHANGES)!;
    expect([archive.field, archive.before, archive.after]).toEqual(['spec.postgresql.version', 's3://b/spilo/db-acid-main/wal/17', 's3://b/spilo/db-acid-main/wal/18']);
  });
  test('the operator\'s global bucket changes every cluster\'s path', () => {
    const b = [operatorConfig({ aws_or_gcp: { wal_s3_bucket: 'one' } }), clone(BASE)];
    const a = [operatorConfig({ aws_or_gcp: { wal_s3_bucket: 'two' } }), clone(BASE)];
    const c = planChanges(b, a).clusters[0];
    expect(c.consequences.map((x) => [x.severity, x.field])).toEqual([
      [S.ARCHIVE_PATH_CHANGES, '(operator) wal_s3_bucket'],
      [S.ROLLS_PODS_WITH_SWITCHOVER, '(operator) configuration'],
    ]);
    // the global bucket adds WAL_BUCKET_SCOPE_SUFFIX=/<uid> (the uid is unknown from YAML)
    expect(c.consequences[0].after).toBe('s3://two/spilo/acid-main/<uid>/wal/17');
  });
  test('removing the bucket stops archiving', () => {
    const before = mutate((d) => { d.spec.env = [{ name: 'WAL_S3_BUCKET', value: 'b' }]; });
    const after = mutate((d) => { delete d.spec.env; }, before);
    const c = planChanges([before], [after]).clusters[0];
    expect(c.consequences[0].severity).toBe(S.ARCHIVE_PATH_CHANGES);
    expect(c.consequences[0].summary).toMatch(/WAL archiving stops/);
  });
});

describe('created clusters', () => {
  test('a new cluster, its source and the manifests that would roll on every sync', () => {
    const added = mutate((d) => { d.spec.clone = { cluster: 'acid-src', timestamp: '2026-01-01T00:00:00+00:00' }; d.spec.envFrom = []; });
    const c = planChanges([], [added]).clusters[0];
    expect(c.change).toBe(ClusterChange.CREATED);
    expect(c.consequences.map((x) => [x.severity, x.field])).toEqual([[S.ROLLS_ON_EVERY_SYNC, 'spec.envFrom'], [S.CREATES, 'metadata.name']]);
    expect(c.consequences[1].summary).toMatch(/point-in-time clone of acid-src at 2026-01-01T00:00:00\+00:00/);
  });
});

describe('determinism', () => {
  test('the order of the documents never changes the plan; a side against itself has no consequences', () => {
    const docs = [
      clone(BASE),
      mutate((d) => { d.metadata.name = 'acid-two'; d.spec.numberOfInstances = 1; }),
      mutate((d) => { d.metadata.name = 'acid-three'; d.spec.enableConnectionPooler = true; }),
      operatorConfig({ kubernetes: { enable_persistent_volume_claim_deletion: false } }),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'unrelated' }, data: { a: 'b' } },
    ];
    const after = [
      mutate((d) => { d.spec.postgresql.parameters.max_connections = '300'; }),
      mutate((d) => { d.metadata.name = 'acid-three'; }),
      operatorConfig({ kubernetes: { enable_persistent_volume_claim_deletion: false } }),
    ];
    const reference = planChanges(docs, after).toJson();
    fc.assert(fc.property(fc.shuffledSubarray(docs, { minLength: docs.length }), fc.shuffledSubarray(after, { minLength: after.length }), (b, a) => {
      expect(planChanges(b, a).toJson()).toBe(reference);
      expect(planChanges(b, b).consequences).toEqual([]);
    }), { numRuns: 25 });
  });
});
