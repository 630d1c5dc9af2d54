import { ApiObject, ApiObjectProps, App, Chart, Cron, Duration, Lazy, Size } from 'cdk8s';
import { ContainerResources } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DrillCheck, RenderedDrillCheck, bareQuery } from './drill-check';
import { drillRuleGroups } from './drill-rules';
import { DRILL_SCRIPT, TIMESTAMP_PLACEHOLDER } from './drill-script';
import { PointInTime, Restore } from '../backup/restore';
import { Cluster } from '../cluster/cluster';
import { ICluster } from '../cluster/cluster-ref';
import { ClusterEndpoints } from '../cluster/endpoints';
import { ClusterFeatures } from '../cluster/features';
import { MAX_CLUSTER_NAME_LENGTH, POSTGRES_PORT } from '../cluster/naming';
import { TopologySpread } from '../cluster/scheduling';
import { ClusterSize } from '../cluster/size-preset';
import { PostgresVersion } from '../cluster/version';
import { renderRuleGroups, SPILO_ARCHIVE_TIMEOUT_SECONDS } from '../monitoring/rules';
import { dnsEgress, kubernetesApiEgress, tcp, urlPort } from '../network/egress';
import { NetworkPeer } from '../network/peer';
import { OperatorSettings, pinOperator } from '../operator/settings';
import { parseInteger } from '../postgres/values';
import { defaultRunbookUrl } from '../project-info';
import { registerObject } from '../validation/chart-objects';
import { checkCidr, checkDuration, checkImage, checkLabels, checkPort, checkRunbookBaseUrl, checkSize, isIdentifier } from '../validation/checks';
import { Errors, fail, show } from '../validation/errors';
import { Patterns } from '../validation/patterns';
import { RuleCode } from '../validation/rule-code';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const GiB = 2 ** 30;

/** The label on a drill's clone (value: the clone's name); the script deletes nothing without it. */
export const DRILL_LABEL = 'postgres.cdk8s.io/restore-drill';
/** Parameters a PITR clone needs at least as high as its source (PostgreSQL refuses hot standby otherwise) or the same. */
const COPIED_PARAMETERS = [
  'max_connections', 'max_locks_per_transaction', 'max_prepared_transactions', 'max_wal_senders', 'max_worker_processes',
  'shared_preload_libraries',
];
const CLEANUP_TIMEOUT_SECONDS = 300;
/** psql statement_timeout of each check, and the time the Job keeps for checks and clean-up after the restore. */
const CHECK_TIMEOUT_SECONDS = 600;
const AFTER_RESTORE_SECONDS = 3600;

/** Properties of a `RestoreDrill`. */
export interface RestoreDrillProps {
  /** The cluster to drill, which must have a `WalgBackup` (its archive is what the drill restores). */
  readonly cluster: ICluster;
  /**
   * Volume of the clone: at least the size of the cluster's data (the restore fills it).
   */
  readonly storage: Size;
  /**
   * When the drill runs (UTC, the CronJob's 5-field schedule).
   * @default - weekly, Sundays at 03:00 (`0 3 * * 0`)
   */
  readonly schedule?: Cron;
  /**
   * How far back from the drill's start it restores to. The archive must hold WAL with a commit after that
   * moment (PostgreSQL 13+ fails a recovery that ends before its target), so it must be longer than the
   * cluster's `archive_timeout` (Spilo: 30 minutes) plus the time a WAL segment takes to upload. A cluster that
   * commits nothing for longer than that (an idle staging database) fails its drill although its backups are
   * fine: give it a heartbeat, e.g. a `pg_cron` job that updates one row every few minutes.
   * @default Duration.hours(1)
   */
  readonly targetAge?: Duration;
  /**
   * How long the drill waits for the clone to run before it fails.
   * @default Duration.hours(4)
   */
  readonly restoreTimeout?: Duration;
  /**
   * The stated recovery time objective: an alert fires when a restore takes longer.
   * @default - no RTO alert
   */
  readonly rto?: Duration;
  /**
   * The stated recovery point objective: an alert fires when the newest restored data (`freshnessQuery`) is older
   * than this, measured from the restore's target time. Needs `freshnessQuery`.
   * @default - no RPO alert
   */
  readonly rpo?: Duration;
  /**
   * A query returning the time (`timestamptz`) of the newest data, e.g. `SELECT max(created_at) FROM orders`:
   * the drill reports how far it is behind the target time (and fails when it returns NULL).
   * @default - the data's age is not measured
   */
  readonly freshnessQuery?: string;
  /**
   * Database of the checks and the freshness query (each check may name its own).
   * @default postgres
   */
  readonly database?: string;
  /**
   * SQL checks run against the clone as its superuser, each must return `true`. The drill always checks
   * that the clone accepts connections as a primary and runs the expected major version.
   * @default - none besides those
   */
  readonly checks?: DrillCheck[];
  /**
   * Restore into a higher major version (the operator's upgrade on cloning): an upgrade rehearsal.
   * @default - the cluster's version
   */
  readonly upgradeTo?: PostgresVersion;
  /**
   * Name of the clone (and of the drill's CronJob, ServiceAccount, Role, ConfigMap and NetworkPolicy). It must
   * not be the name of a cluster: the drill deletes its clone after every run.
   * @default - `<cluster>-drill` (`<cluster>-upgrade` for an upgrade rehearsal)
   */
  readonly cloneName?: string;
  /**
   * CPU and memory of the clone.
   * @default - 500m CPU and 1Gi memory (ClusterSize.DEVELOPMENT)
   */
  readonly cloneResources?: ContainerResources;
  /**
   * StorageClass of the clone's volume.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Pushgateway the result is pushed to (`pg_restore_drill_*` metrics, job `pg_restore_drill`). Scrape it with
   * `honorLabels: true` (the prometheus-community Pushgateway chart's ServiceMonitor does).
   * @default http://prometheus-pushgateway.monitoring.svc.cluster.local:9091
   */
  readonly pushgatewayUrl?: string;
  /**
   * Where the Pushgateway's pods are, for the drill's NetworkPolicy.
   * @default - every pod of the `monitoring` namespace
   */
  readonly pushgatewayPeer?: NetworkPeer;
  /**
   * A drill whose last result is older than this is reported as not run.
   * @default Duration.days(8)
   */
  readonly staleAfter?: Duration;
  /**
   * Render a PrometheusRule with the drill's alerts (Prometheus Operator).
   * @default true
   */
  readonly alertRules?: boolean;
  /**
   * Labels of the PrometheusRule, so that your Prometheus selects it (kube-prometheus-stack: `release: <helm release>`).
   * @default - none
   */
  readonly ruleLabels?: { [key: string]: string };
  /**
   * Base URL of the runbooks: each alert links to `<base>#<alert name in lower case>`.
   * @default - this project's runbooks/postgres.md
   */
  readonly runbookBaseUrl?: string;
  /**
   * Image of the drill container: needs `psql`, a POSIX shell, `wget`, `sed`, `base64` and `date`.
   * @default RestoreDrill.DEFAULT_IMAGE
   */
  readonly image?: string;
  /**
   * Image the `kubectl` binary is copied from (`/bin/kubectl`, with `cp`).
   * @default RestoreDrill.DEFAULT_KUBECTL_IMAGE
   */
  readonly kubectlImage?: string;
  /**
   * Where the Kubernetes API is, after the `kubernetes` Service's DNAT (the drill's NetworkPolicy).
   * @default - 0.0.0.0/0
   */
  readonly kubernetesApiCidrs?: string[];
  /**
   * Ports of the Kubernetes API.
   * @default [443, 6443]
   */
  readonly kubernetesApiPorts?: number[];
  /**
   * The cluster DNS.
   * @default - pods `k8s-app=kube-dns` in `kube-system`
   */
  readonly dns?: NetworkPeer;
  /**
   * Suspend the CronJob.
   * @default false
   */
  readonly suspend?: boolean;
}

interface CloneRendering {
  readonly key: string;
  readonly json: string;
}

/**
 * A scheduled restore drill: a CronJob that creates a throw-away point-in-time clone of a cluster from its WAL-G
 * archive (a `postgresql` with the cluster's store and credentials, one small instance, no pooler), waits until it
 * runs, checks it with SQL as the clone's own superuser, records how long the restore took and how old the newest
 * restored data is, deletes the clone again (also after failures) and pushes the result to a Prometheus
 * Pushgateway, with alerts for a failed drill, a drill that did not run, a restore slower than the RTO and data
 * older than the RPO.
 *
 * **Why a Pushgateway.** A drill is a service-level batch job, the one case the Prometheus documentation recommends
 * the Pushgateway for: the last result stays scrapable between runs, the numbers (restore seconds, data age) are
 * plain gauges the alerts compare with the RTO and RPO, and nothing cluster-wide has to be reconfigured.
 * kube-state-metrics only exposes the Job's success and its times by default; exposing our numbers through it
 * needs its global `--metric-annotations-allowlist` or a CustomResourceState configuration, usually owned by
 * another team, and still yields labels, not values. Deploy the prometheus-community `prometheus-pushgateway` chart
 * with its ServiceMonitor (`honorLabels: true`).
 *
 * **Safe by construction.**
 * - The clone's name is fixed, derived (`<cluster>-drill`), checked against the name budget and against every
 *   cluster of the app, and carries the label `postgres.cdk8s.io/restore-drill`; the script deletes a
 *   `postgresql` of that name only when it carries that label, so a drill never deletes anything else.
 * - Its Role may `get` and `delete` only the clone (`resourceNames`), `get` only the clone's superuser Secret and
 *   `get`/`delete` only the clone's volumes. Kubernetes authorizes `create` before the object (and so its name)
 *   exists, so no Role can limit `create` to a name or prefix: the drill may create `postgresql` objects, but
 *   creating cannot change an existing one (an existing name fails with AlreadyExists). A `DrillAdmissionPolicy`
 *   (Kubernetes 1.30+) closes that gap: it rejects every `postgresql` the drills' ServiceAccounts create but their
 *   own clones. The Role has no `update`, `patch` or `list`, and nothing on the source cluster.
 * - Its NetworkPolicy lets the drill pod reach DNS, the Kubernetes API, the clone's pods and the Pushgateway only:
 *   not the source cluster.
 * - The clone only reads the archive (it has no WalgBackup, so it archives nothing into the source's store) and
 *   is deleted with its volumes after every run, after a failure and on SIGTERM; the next run first removes what
 *   a killed run left behind.
 *
 * The clone's manifest is rendered by this library at synth time (a `Cluster` with `Restore.fromBackup` in a
 * detached app), so it passes every check a cluster does; the script fills in the target time.
 */
export class RestoreDrill extends Construct {
  /** The drill container's default image: the official PostgreSQL image (psql, busybox sh and wget). */
  public static readonly DEFAULT_IMAGE = 'docker.io/library/postgres:18.1-alpine3.22';
  /** The default image the `kubectl` binary is copied from: the Kubernetes project's own kubectl image. */
  public static readonly DEFAULT_KUBECTL_IMAGE = 'registry.k8s.io/kubectl:v1.33.4';
  /** The default Pushgateway. */
  public static readonly DEFAULT_PUSHGATEWAY_URL = 'http://prometheus-pushgateway.monitoring.svc.cluster.local:9091';

  /** The cluster drilled. */
  public readonly cluster: ICluster;
  /** Name of the clone, and of the drill's CronJob, ServiceAccount, Role, RoleBinding, ConfigMap and NetworkPolicy. */
  public readonly cloneName: string;
  /** Namespace of the cluster, the drill and the clone. */
  public readonly namespaceName: string;
  /** The clone's PostgreSQL version (higher than the cluster's for an upgrade rehearsal). */
  public readonly cloneVersion: PostgresVersion;
  /** `restore`, or `upgrade` for an upgrade rehearsal (the `kind` label of the metrics). */
  public readonly kind: string;

  private readonly props: RestoreDrillProps;
  private readonly targetAgeSeconds: number;
  private readonly restoreTimeoutSeconds: number;
  private readonly checks: RenderedDrillCheck[];
  private readonly freshness?: { sql: string; database: string };
  private readonly podLabels: Record<string, string>;
  private rendering?: CloneRendering;

  constructor(scope: Construct, id: string, props: RestoreDrillProps) {
    super(scope, id);
    this.props = props;
    const cluster = props.cluster;
    this.cluster = cluster;
    const namespace = cluster.clusterNamespace;
    if (!namespace) {
      fail(this, {
        rule: RuleCode.NAMESPACE_UNKNOWN,
        property: 'cluster',
        problem: `the namespace of cluster ${cluster.name} is not known; the drill's Role, clone and CronJob live in it.`,
        fix: 'set the cluster\'s namespace or its chart\'s namespace.',
      });
    }
    this.namespaceName = namespace;

    const upgradeTo = props.upgradeTo;
    this.kind = upgradeTo ? 'upgrade' : 'restore';
    if (upgradeTo !== undefined && (!(upgradeTo instanceof PostgresVersion) || !upgradeTo.isSupported || upgradeTo.major <= cluster.version.major)) {
      fail(this, {
        rule: RuleCode.DRILL_UPGRADE_VERSION,
        property: 'upgradeTo',
        problem: 'an upgrade rehearsal restores into a higher major version than the cluster runs, which the operator supports.',
        value: `cluster ${cluster.version.major}, upgradeTo ${show(upgradeTo?.major)}`,
        allowed: PostgresVersion.SUPPORTED.filter((v) => v.major > cluster.version.major).map((v) => v.major).join(', ') || 'none (the cluster runs the newest version)',
        fix: 'choose a higher supported version, or leave upgradeTo out for a plain restore drill.',
      });
    }
    this.cloneVersion = upgradeTo ?? cluster.version;
    this.cloneName = props.cloneName ?? `${cluster.name}-${upgradeTo ? 'upgrade' : 'drill'}`;
    this.checkCloneName(props.cloneName === undefined);

    checkSize(this, 'storage', props.storage, GiB, 2 ** 50, 'use at least the size of the cluster\'s data, e.g. Size.gibibytes(50).');
    this.targetAgeSeconds = checkDuration(this, 'targetAge', props.targetAge ?? Duration.hours(1), {
      minMillis: MINUTE, maxMillis: 30 * DAY, stepMillis: SECOND, fix: 'e.g. Duration.hours(1): longer than the cluster\'s archive_timeout.',
    }) / SECOND;
    this.restoreTimeoutSeconds = checkDuration(this, 'restoreTimeout', props.restoreTimeout ?? Duration.hours(4), {
      minMillis: 5 * MINUTE, maxMillis: 7 * DAY, stepMillis: SECOND, fix: 'e.g. Duration.hours(4).',
    }) / SECOND;
    const staleSeconds = this.staleAfterSeconds();
    const rto = this.optionalSeconds('rto', props.rto);
    const rpo = this.optionalSeconds('rpo', props.rpo);
    if (rto !== undefined && rto >= this.restoreTimeoutSeconds) {
      fail(this, {
        rule: RuleCode.DRILL_TIMING,
        property: 'rto',
        problem: 'the RTO is not below the restore timeout: a restore that slow fails the drill instead of raising the RTO alert.',
        value: `rto ${rto}s, restoreTimeout ${this.restoreTimeoutSeconds}s`,
        fix: 'raise restoreTimeout above the RTO (e.g. to twice the RTO).',
      });
    }
    if (rpo !== undefined && props.freshnessQuery === undefined) {
      fail(this, {
        rule: RuleCode.DRILL_RPO_WITHOUT_FRESHNESS,
        property: 'rpo',
        problem: 'an RPO needs a freshnessQuery: without it the drill cannot tell how old the restored data is.',
        value: `${rpo}s`,
        fix: 'set freshnessQuery, e.g. "SELECT max(created_at) FROM orders", or leave the RPO out.',
      });
    }
    const database = props.database ?? 'postgres';
    if (!isIdentifier(database)) {
      fail(this, { rule: RuleCode.DRILL_CHECK_INVALID, property: 'database', problem: 'not a database name.', value: show(database), fix: 'e.g. "app".' });
    }
    this.checks = (props.checks ?? []).map((c, i) => {
      if (!(c instanceof DrillCheck)) {
        fail(this, { rule: RuleCode.DRILL_CHECK_INVALID, property: `checks[${i}]`, problem: 'not a DrillCheck.', value: show(c), fix: 'use DrillCheck.query/minimumRows/valueEquals.' });
      }
      return c._render(this, `checks[${i}]`, database);
    });
    const names = this.checks.map((c) => c.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate !== undefined) {
      fail(this, { rule: RuleCode.DRILL_CHECK_INVALID, property: 'checks', problem: 'two checks have the same name.', value: show(duplicate), fix: 'give each check its own name.' });
    }
    if (props.freshnessQuery !== undefined) {
      const sql = typeof props.freshnessQuery === 'string' ? bareQuery(props.freshnessQuery) : '';
      if (!sql || sql.includes('\u0000')) {
        fail(this, { rule: RuleCode.DRILL_CHECK_INVALID, property: 'freshnessQuery', problem: 'the query is empty or contains a NUL character.', value: show(props.freshnessQuery), fix: 'e.g. "SELECT max(created_at) FROM orders".' });
      }
      this.freshness = { sql: `SELECT floor(extract(epoch FROM (${sql})))::bigint;\n`, database };
    }
    this.checkSettings();

    this.podLabels = { 'app.kubernetes.io/name': 'postgres-restore-drill', [DRILL_LABEL]: this.cloneName };
    this.render(staleSeconds, rto, rpo);
    this.node.addValidation({ validate: () => (this.checkCollisions(), this.clone(), []) });
  }

  // ---------------------------------------------------------------------------------------------
  // Objects

  private render(staleSeconds: number, rto: number | undefined, rpo: number | undefined) {
    const name = this.cloneName;
    const namespace = this.namespaceName;
    const object = (id: string, apiVersion: string, kind: string, body: Record<string, any>) =>
      registerObject(new ApiObject(this, id, {
        apiVersion, kind, metadata: { name, namespace, labels: { ...this.podLabels } }, ...body,
      } as ApiObjectProps));

    object('ServiceAccount', 'v1', 'ServiceAccount', { automountServiceAccountToken: true });
    object('Role', 'rbac.authorization.k8s.io/v1', 'Role', { rules: Lazy.any({ produce: () => this.roleRules() }) });
    object('RoleBinding', 'rbac.authorization.k8s.io/v1', 'RoleBinding', {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    });
    object('ConfigMap', 'v1', 'ConfigMap', { data: Lazy.any({ produce: () => this.configMapData() }) });
    object('CronJob', 'batch/v1', 'CronJob', { spec: Lazy.any({ produce: () => this.cronJobSpec() }) });
    object('NetworkPolicy', 'networking.k8s.io/v1', 'NetworkPolicy', { spec: Lazy.any({ produce: () => this.networkPolicySpec() }) });
    if (this.props.alertRules ?? true) {
      registerObject(new ApiObject(this, 'PrometheusRule', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: { name, namespace, labels: { ...this.podLabels, ...(this.props.ruleLabels ?? {}) } },
        spec: renderRuleGroups(drillRuleGroups({
          namespace,
          cluster: this.cluster.name,
          drill: name,
          kind: this.kind,
          staleAfterSeconds: staleSeconds,
          rtoSeconds: rto,
          rpoSeconds: rpo,
          runbookBase: this.props.runbookBaseUrl ?? defaultRunbookUrl(),
        })),
      } as ApiObjectProps));
    }
  }

  /** The Role: exactly what the script does. */
  private roleRules(): any[] {
    return [
      { apiGroups: ['acid.zalan.do'], resources: ['postgresqls'], verbs: ['create'] },
      { apiGroups: ['acid.zalan.do'], resources: ['postgresqls'], resourceNames: [this.cloneName], verbs: ['delete', 'get'] },
      { apiGroups: [''], resources: ['persistentvolumeclaims'], resourceNames: this.clonePvcs(), verbs: ['delete', 'get'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: [this.credentialsName()], verbs: ['get'] },
    ];
  }

  private configMapData(): Record<string, string> {
    const data: Record<string, string> = { 'clone.json': this.clone().json, 'drill.sh': DRILL_SCRIPT };
    this.checks.forEach((c, i) => {
      const key = `check-${String(i + 1).padStart(2, '0')}`;
      data[`${key}.name`] = c.name;
      data[`${key}.db`] = c.database;
      data[`${key}.sql`] = c.sql;
    });
    if (this.freshness) {
      data['freshness.db'] = this.freshness.database;
      data['freshness.sql'] = this.freshness.sql;
    }
    return Object.fromEntries(Object.keys(data).sort().map((k) => [k, data[k]]));
  }

  private cronJobSpec(): any {
    const p = this.props;
    const restricted = {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    };
    const env: Record<string, string> = {
      NAMESPACE: this.namespaceName,
      SOURCE_CLUSTER: this.cluster.name,
      CLONE_NAME: this.cloneName,
      CLONE_HOST: this.cloneEndpoints().host(),
      CLONE_PORT: `${POSTGRES_PORT}`,
      CLONE_USER: this.settings().superUsername,
      CLONE_PVCS: this.clonePvcs().join(' '),
      CREDENTIALS_NAME: this.credentialsName(),
      DRILL_KIND: this.kind,
      LABEL_JSONPATH: DRILL_LABEL.replace(/\./g, '\\.'),
      TIMESTAMP_PLACEHOLDER,
      EXPECT_MAJOR: `${this.cloneVersion.major}`,
      TARGET_AGE_SECONDS: `${this.targetAgeSeconds}`,
      RESTORE_TIMEOUT_SECONDS: `${this.restoreTimeoutSeconds}`,
      CLEANUP_TIMEOUT_SECONDS: `${CLEANUP_TIMEOUT_SECONDS}`,
      POLL_SECONDS: '10',
      PUSHGATEWAY_URL: this.pushgatewayUrl().replace(/\/+$/, ''),
      PGSSLMODE: 'require',
      PGOPTIONS: `-c statement_timeout=${CHECK_TIMEOUT_SECONDS}s`,
      DRILL_DIR: '/drill',
      HOME: '/tmp',
      TMPDIR: '/tmp',
      PATH: '/tools:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    };
    return {
      schedule: p.schedule?.expressionString ?? '0 3 * * 0',
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      suspend: p.suspend ?? false,
      jobTemplate: {
        metadata: { labels: { ...this.podLabels } },
        spec: {
          // a retry would create a new clone; the next scheduled run is the retry
          backoffLimit: 0,
          activeDeadlineSeconds: this.restoreTimeoutSeconds + AFTER_RESTORE_SECONDS,
          template: {
            metadata: { labels: { ...this.podLabels } },
            spec: {
              serviceAccountName: this.cloneName,
              automountServiceAccountToken: true,
              restartPolicy: 'Never',
              // the script's clean-up after SIGTERM (activeDeadlineSeconds) waits up to CLEANUP_TIMEOUT_SECONDS
              terminationGracePeriodSeconds: CLEANUP_TIMEOUT_SECONDS + 60,
              securityContext: { runAsNonRoot: true, runAsUser: 70, runAsGroup: 70, fsGroup: 70, seccompProfile: { type: 'RuntimeDefault' } },
              initContainers: [{
                name: 'kubectl',
                image: p.kubectlImage ?? RestoreDrill.DEFAULT_KUBECTL_IMAGE,
                command: ['cp', '/bin/kubectl', '/tools/kubectl'],
                volumeMounts: [{ name: 'tools', mountPath: '/tools' }],
                resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
                securityContext: restricted,
              }],
              containers: [{
                name: 'drill',
                image: p.image ?? RestoreDrill.DEFAULT_IMAGE,
                command: ['/bin/sh', '/drill/drill.sh'],
                env: Object.entries(env).map(([n, value]) => ({ name: n, value })),
                volumeMounts: [
                  { name: 'drill', mountPath: '/drill', readOnly: true },
                  { name: 'tools', mountPath: '/tools', readOnly: true },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
                resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
                securityContext: restricted,
              }],
              volumes: [
                { name: 'drill', configMap: { name: this.cloneName } },
                { name: 'tools', emptyDir: {} },
                { name: 'tmp', emptyDir: {} },
              ],
            },
          },
        },
      },
    };
  }

  private networkPolicySpec(): any {
    const p = this.props;
    const pushgateway = (p.pushgatewayPeer ?? NetworkPeer.podsInNamespace('monitoring'))._toJson();
    const clonePods = this.cloneEndpoints().podSelector;
    return {
      podSelector: { matchLabels: { ...this.podLabels } },
      policyTypes: ['Ingress', 'Egress'],
      egress: [
        dnsEgress(p.dns),
        kubernetesApiEgress(p.kubernetesApiCidrs, p.kubernetesApiPorts),
        { to: [{ podSelector: { matchLabels: clonePods } }], ports: [tcp(POSTGRES_PORT)] },
        { to: [pushgateway], ports: [tcp(urlPort(this.pushgatewayUrl(), 80))] },
      ],
    };
  }

  // ---------------------------------------------------------------------------------------------
  // The clone

  /** The clone's `postgresql` manifest, rendered (once per change of the cluster's features) and checked. */
  private clone(): CloneRendering {
    const features = this.cluster.features;
    const key = `${features._version}`;
    if (this.rendering?.key === key) return this.rendering;
    const archive = features.archive;
    if (!archive) {
      fail(this, {
        rule: RuleCode.DRILL_NO_BACKUP,
        property: 'cluster',
        problem: `cluster ${this.cluster.name} has no WalgBackup: there is no archive to restore from.`,
        fix: `add a WalgBackup for ${this.cluster.name}, or drill a cluster that has one.`,
      });
    }
    const sourceParameters = this.cluster.postgresParameters();
    this.checkTargetAge(sourceParameters.archive_timeout);
    const parameters: Record<string, string> = {};
    for (const k of COPIED_PARAMETERS) if (sourceParameters[k] !== undefined) parameters[k] = sourceParameters[k];

    const app = new App();
    // the clone is checked against the settings of the operator that manages the cluster
    pinOperator(app, this.settings());
    const chart = new Chart(app, 'drill', { namespace: this.namespaceName });
    let objects: any[];
    try {
      new Cluster(chart, 'clone', {
        teamId: this.cluster.teamId,
        name: this.cloneName,
        requireTeamPrefix: this.settings().enableTeamIdClusternamePrefix,
        controllerId: this.cluster.controllerId,
        clusterNamespace: this.namespaceName,
        version: this.cloneVersion,
        size: ClusterSize.DEVELOPMENT,
        // one pod, or as many as the operator's min_instances makes it run (the PVCs the script deletes)
        instances: this.cloneInstances(),
        storage: this.props.storage,
        storageClassName: this.props.storageClassName,
        resources: this.props.cloneResources,
        parameters,
        topologySpread: TopologySpread.none(),
        deletionProtection: false,
        labels: { [DRILL_LABEL]: this.cloneName },
        restore: Restore.fromBackup(archive.location, PointInTime.parse(TIMESTAMP_PLACEHOLDER)),
      });
      objects = chart.toJson();
    } catch (e) {
      if (!Errors.isValidationError(e)) throw e;
      fail(this, {
        rule: RuleCode.DRILL_CLONE_INVALID,
        property: 'clone',
        problem: `the drill's clone would be rejected: ${(e as Error).message}`,
        fix: 'adjust the drill\'s storage, cloneResources or storageClassName (the clone also takes the cluster\'s connection and preload settings).',
      });
    }
    const manifest = objects.find((o) => o.kind === 'postgresql');
    const json = JSON.stringify(manifest, undefined, 2);
    if (json.split(TIMESTAMP_PLACEHOLDER).length !== 2) {
      throw new Error(`internal: the clone manifest must contain ${TIMESTAMP_PLACEHOLDER} exactly once (as clone.timestamp)`);
    }
    this.rendering = { key, json: `${json}\n` };
    return this.rendering;
  }

  // ---------------------------------------------------------------------------------------------
  // Names and settings

  /** The settings of the operator that manages the cluster (and so the clone, which carries its controller ID). */
  private settings(): OperatorSettings {
    return OperatorSettings.forCluster(this.cluster);
  }

  /** The clone's pods: one, or the operator's `min_instances`. */
  private cloneInstances(): number {
    return Math.max(1, this.settings().minInstances);
  }

  /** The clone's Services, Secrets and pods, as the operator of the drilled cluster names them. */
  private cloneEndpoints(): ClusterEndpoints {
    return new ClusterEndpoints(this.cloneName, this.namespaceName, this.settings());
  }

  /** The clone's superuser Secret (`secret_name_template`). */
  private credentialsName(): string {
    return this.cloneEndpoints().secretName(this.settings().superUsername);
  }

  /** The clone's volumes: `pgdata-<clone>-<ordinal>` (one instance, or the operator's `min_instances`). */
  private clonePvcs(): string[] {
    const count = this.cloneInstances();
    return Array.from({ length: count }, (_, i) => `pgdata-${this.cloneName}-${i}`);
  }

  private pushgatewayUrl(): string {
    return this.props.pushgatewayUrl ?? RestoreDrill.DEFAULT_PUSHGATEWAY_URL;
  }

  // ---------------------------------------------------------------------------------------------
  // Checks

  private checkCloneName(derived: boolean) {
    const name = this.cloneName;
    const fix = derived
      ? `the derived name ${show(name)} does not fit; set cloneName, e.g. "${this.cluster.teamId.toLowerCase()}-${this.kind}-drill".`
      : 'choose another cloneName.';
    const problem = (what: string, allowed?: string) => fail(this, { rule: RuleCode.DRILL_CLONE_NAME, property: 'cloneName', problem: what, value: show(name), allowed, fix });
    if (typeof name !== 'string' || !Patterns.DNS_1035.test(name)) {
      problem('the clone\'s name is not a cluster name (a DNS-1035 label).', 'lower-case letters, digits and "-", starting with a letter');
    }
    if (name.length > MAX_CLUSTER_NAME_LENGTH) {
      problem(`the clone's name is ${name.length} characters long; the name budget of a cluster without pooler allows ${MAX_CLUSTER_NAME_LENGTH} (its pods carry controller-revision-hash=<name>-<hash>), which also fits the CronJob name limit (52).`,
        `at most ${MAX_CLUSTER_NAME_LENGTH} characters`);
    }
    if (name === this.cluster.name) problem('the clone would have the name of the cluster it restores: the drill deletes its clone after every run.');
    const prefix = `${this.cluster.teamId.toLowerCase()}-`;
    if (this.cluster.name.startsWith(prefix) && !name.startsWith(prefix)) {
      problem(`the clone's name does not start with the team prefix "${prefix}" the cluster's name has (the operator rejects it when enable_team_id_clustername_prefix is on).`, `"${prefix}<something>"`);
    }
  }

  /** The clone's name is no cluster's or other drill's name in this namespace (checked once the app is complete). */
  private checkCollisions() {
    for (const c of this.node.root.node.findAll()) {
      if (c === this || c === this.cluster) continue;
      const other = c instanceof RestoreDrill ? { name: c.cloneName, namespace: c.namespaceName, what: 'the clone of drill' }
        : isCluster(c) ? { name: c.name, namespace: c.clusterNamespace, what: 'cluster' } : undefined;
      if (other && other.name === this.cloneName && other.namespace === this.namespaceName) {
        fail(this, {
          rule: RuleCode.DRILL_CLONE_NAME,
          property: 'cloneName',
          problem: `${other.what} ${c.node.path} has this name in namespace ${this.namespaceName}; the drill would delete it after every run.`,
          value: show(this.cloneName),
          fix: 'give the drill another cloneName.',
        });
      }
    }
  }

  private checkTargetAge(archiveTimeout: string | undefined) {
    const seconds = archiveTimeout === undefined ? SPILO_ARCHIVE_TIMEOUT_SECONDS : parseInteger(archiveTimeout, 's').value;
    if (seconds === undefined || seconds <= 0) return; // archive_timeout off: only full segments are archived, nothing to compare
    if (this.targetAgeSeconds <= seconds) {
      fail(this, {
        rule: RuleCode.DRILL_TIMING,
        property: 'targetAge',
        problem: `the drill restores to ${this.targetAgeSeconds}s before it starts, but the cluster archives WAL only every ${seconds}s (archive_timeout): the archive may not reach the target yet, and PostgreSQL fails a recovery that ends before its target.`,
        value: `targetAge ${this.targetAgeSeconds}s, archive_timeout ${archiveTimeout ?? '1800s (Spilo)'}`,
        allowed: `more than ${seconds}s`,
        fix: `set targetAge to at least ${seconds}s plus the upload time, e.g. Duration.seconds(${seconds + 1800}).`,
      });
    }
  }

  private staleAfterSeconds(): number {
    const seconds = checkDuration(this, 'staleAfter', this.props.staleAfter ?? Duration.days(8), {
      minMillis: MINUTE, maxMillis: 365 * DAY, stepMillis: SECOND, fix: 'e.g. Duration.days(8) for a weekly drill.',
    }) / SECOND;
    if (seconds * SECOND < DAY) {
      fail(this, {
        rule: RuleCode.DRILL_TIMING,
        property: 'staleAfter',
        problem: 'a restore takes hours: a drill reported as not run after less than a day alerts during every drill.',
        value: `${seconds}s`,
        allowed: 'at least 1 day, more than the schedule\'s interval',
        fix: 'e.g. Duration.days(8) for a weekly drill, Duration.days(2) for a daily one.',
      });
    }
    return seconds;
  }

  private optionalSeconds(property: string, d: Duration | undefined): number | undefined {
    if (d === undefined) return undefined;
    return checkDuration(this, property, d, { minMillis: MINUTE, maxMillis: 30 * DAY, stepMillis: SECOND, fix: 'e.g. Duration.hours(1).' }) / SECOND;
  }

  private checkSettings() {
    const p = this.props;
    if (p.schedule !== undefined && !/^(\S+\s+){4}\S+$/.test(p.schedule.expressionString?.trim() ?? '')) {
      fail(this, { rule: RuleCode.CRON_INVALID, property: 'schedule', problem: 'a CronJob schedule has 5 fields.', value: show(p.schedule.expressionString), fix: 'e.g. Cron.weekly() or Cron.schedule({ minute: "0", hour: "3", weekDay: "0" }).' });
    }
    const url = this.pushgatewayUrl();
    if (typeof url !== 'string' || !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~\/-]*)?$/.test(url)) {
      fail(this, {
        rule: RuleCode.DRILL_INVALID,
        property: 'pushgatewayUrl',
        problem: 'not an http(s) URL of a Pushgateway.',
        value: show(url),
        fix: `e.g. "${RestoreDrill.DEFAULT_PUSHGATEWAY_URL}".`,
      });
    }
    checkPort(this, 'pushgatewayUrl', urlPort(url, 80), 'use a port from 1 to 65535.');
    checkImage(this, 'image', p.image ?? RestoreDrill.DEFAULT_IMAGE, true);
    checkImage(this, 'kubectlImage', p.kubectlImage ?? RestoreDrill.DEFAULT_KUBECTL_IMAGE, true);
    checkLabels(this, 'ruleLabels', p.ruleLabels);
    checkRunbookBaseUrl(this, RuleCode.DRILL_INVALID, p.runbookBaseUrl, defaultRunbookUrl);
    for (const cidr of p.kubernetesApiCidrs ?? []) checkCidr(this, 'kubernetesApiCidrs', cidr);
    for (const port of p.kubernetesApiPorts ?? []) checkPort(this, 'kubernetesApiPorts', port, 'usually 443 or 6443.');
    for (const [k, v] of [['kubernetesApiCidrs', p.kubernetesApiCidrs], ['kubernetesApiPorts', p.kubernetesApiPorts]] as const) {
      if (v !== undefined && !v.length) {
        fail(this, { rule: RuleCode.DRILL_INVALID, property: k, problem: 'an empty list cuts the drill off the Kubernetes API.', value: '[]', fix: `remove ${k} for the default.` });
      }
    }
    p.dns?._check(this, 'dns');
    p.pushgatewayPeer?._check(this, 'pushgatewayPeer');
  }
}

function isCluster(c: unknown): c is ICluster {
  return typeof c === 'object' && c !== null && (c as any).features instanceof ClusterFeatures && typeof (c as any).name === 'string';
}

/** Properties of an `UpgradeRehearsal`. */
export interface UpgradeRehearsalProps extends RestoreDrillProps {}

/**
 * An upgrade rehearsal: a `RestoreDrill` whose clone runs the next major version (or `upgradeTo`). Spilo
 * upgrades the restored data directory while the clone bootstraps (the operator's "upgrade on cloning"), and the
 * checks run against the upgraded clone, on the same schedule as a drill unless `schedule` says otherwise. Rehearse
 * every major upgrade this way before raising the cluster's `version`.
 */
export class UpgradeRehearsal extends RestoreDrill {
  constructor(scope: Construct, id: string, props: UpgradeRehearsalProps) {
    super(scope, id, { ...props, upgradeTo: props.upgradeTo ?? nextMajor(props.cluster) });
  }
}

function nextMajor(cluster: ICluster): PostgresVersion {
  return PostgresVersion.of((cluster?.version?.major ?? 0) + 1);
}
