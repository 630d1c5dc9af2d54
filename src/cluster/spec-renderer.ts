/** Renders a cluster's `postgresql` spec from its resolved state and its features. */
import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import type { Contributions } from './contributions';
import { renderClone, renderStandby } from './data-source';
import { ServiceExposure } from './exposure';
import type { ClusterFeatures } from './features';
import { renderPatroni, ResolvedPatroni } from './patroni-config';
import type { ClusterProps } from './props';
import type { ResolvedResources } from './resources';
import { TopologySpread } from './scheduling';
import type { UserRegistry } from './user-registry';
import { SecretRotation } from './users';
import type { PostgresVersion } from './version';
import { bytesToQuantity } from '../validation/quantity';

/** Everything the spec is rendered from. */
export interface SpecInputs {
  readonly scope: IConstruct;
  readonly props: ClusterProps;
  readonly instances: number;
  readonly version: PostgresVersion;
  readonly storageBytes: number;
  readonly resources: ResolvedResources;
  readonly patroni: ResolvedPatroni;
  readonly parameters: { [name: string]: string };
  readonly users: UserRegistry;
  readonly contributions: Contributions;
  readonly features: ClusterFeatures;
  /** The sidecars as rendered (`Contributions.renderedSidecars`). */
  readonly sidecars: any[];
  /** The operator's `replication_username` (the replication rules of the certificate's pg_hba name it). */
  readonly replicationUsername: string;
  readonly hardened: boolean;
  readonly tolerations?: any[];
  readonly nodeAffinity?: any;
  readonly topologySpread?: any[];
  readonly livenessProbe?: any;
  readonly initContainers?: any[];
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length ? list : undefined;
}

function nonEmptyMap<T>(map: { [k: string]: T }): { [k: string]: T } | undefined {
  return Object.keys(map).length ? map : undefined;
}

function renderExposure(role: string, exposure: ServiceExposure): Record<string, any> {
  const out: Record<string, any> = { [`enable${role}LoadBalancer`]: exposure.isLoadBalancer };
  if (exposure.isNodePort) {
    out[`enable${role}NodePort`] = true;
    if (exposure.nodePortNumber !== undefined) out[`${role.charAt(0).toLowerCase()}${role.slice(1)}NodePort`] = exposure.nodePortNumber;
  }
  return out;
}

/** The topology spread constraints with an explicit label selector (the operator's own attempt has no effect). */
export function renderTopologySpread(spread: TopologySpread, podSelector: { [key: string]: string }): any[] | undefined {
  if (!spread.constraints.length) return undefined;
  return spread.constraints.map((c) => k8s.toJson_TopologySpreadConstraint({
    ...c,
    labelSelector: c.labelSelector ?? { matchLabels: podSelector },
  }));
}

/** The `postgresql` spec. */
export function renderSpec(i: SpecInputs): Record<string, any> {
  const p = i.props;
  const f = i.features;
  const pooler = f.pooler;
  const tls = f.tls;
  const source = f.dataSource;
  // the certificate's rules name Spilo's replication user as `standby`: the operator's replication_username
  const pgHba = i.patroni.pgHba ?? tls?.pgHba?.map((r) => r.replace(/^(\s*\S+\s+replication\s+)standby(\s)/, `$1${i.replicationUsername}$2`));
  const spec: Record<string, any> = {
    teamId: p.teamId,
    numberOfInstances: i.instances,
    dockerImage: p.dockerImage,
    postgresql: { version: i.version.toString(), parameters: i.parameters },
    volume: {
      size: bytesToQuantity(i.storageBytes),
      storageClass: p.storageClassName ?? p.storageClass?.storageClassName,
      iops: p.volumeIops,
      throughput: p.volumeThroughput,
      type: p.volumeType,
      selector: p.volumeSelector ? k8s.toJson_LabelSelector(p.volumeSelector) : undefined,
      subPath: p.volumeSubPath,
    },
    resources: { requests: i.resources.requests, limits: i.resources.limits },
    patroni: renderPatroni(i.patroni, pgHba),
    users: i.users.renderUsers(),
    databases: i.users.renderDatabases(),
    preparedDatabases: i.users.renderPreparedDatabases(),
    usersWithSecretRotation: i.users.usersWithRotation(SecretRotation.NEW_ROLE),
    usersWithInPlaceSecretRotation: i.users.usersWithRotation(SecretRotation.IN_PLACE),
    usersIgnoringSecretRotation: i.users.usersWithRotation(SecretRotation.IGNORE),
    tolerations: i.tolerations,
    nodeAffinity: i.nodeAffinity,
    topologySpreadConstraints: i.topologySpread,
    podPriorityClassName: p.priorityClassName,
    schedulerName: p.schedulerName,
    allowedSourceRanges: p.allowedSourceRanges?.length ? [...p.allowedSourceRanges] : undefined,
    serviceAnnotations: p.serviceAnnotations,
    masterServiceAnnotations: p.primaryServiceAnnotations,
    replicaServiceAnnotations: p.replicaServiceAnnotations,
    podAnnotations: nonEmptyMap(i.contributions.renderedPodAnnotations()),
    sidecars: nonEmpty(i.sidecars),
    initContainers: i.initContainers,
    additionalVolumes: nonEmpty(i.contributions.renderedVolumes()),
    env: nonEmpty(i.contributions.renderedEnv()),
    envFrom: nonEmpty(i.contributions.renderedEnvFrom()),
    enableShmVolume: p.shmVolume ?? true,
    spiloRunAsUser: p.spiloRunAsUser ?? (i.hardened ? 101 : undefined),
    spiloRunAsGroup: p.spiloRunAsGroup ?? (i.hardened ? 103 : undefined),
    spiloFSGroup: p.spiloFsGroup ?? (i.hardened || tls ? 103 : undefined),
    livenessProbe: i.livenessProbe,
    maintenanceWindows: p.maintenanceWindows?.length ? p.maintenanceWindows.map((w) => w.expression) : undefined,
    tls: tls ? {
      secretName: tls.secretName,
      certificateFile: tls.certificateFile,
      privateKeyFile: tls.privateKeyFile,
      caFile: tls.caFile,
      caSecretName: tls.caSecretName,
    } : undefined,
    clone: renderClone(source),
    standby: renderStandby(source),
    ...renderExposure('Master', p.primaryService ?? ServiceExposure.clusterIp()),
    ...renderExposure('Replica', p.replicaService ?? ServiceExposure.clusterIp()),
    ...(p.primaryPoolerService ? renderExposure('MasterPooler', p.primaryPoolerService) : {}),
    ...(p.replicaPoolerService ? renderExposure('ReplicaPooler', p.replicaPoolerService) : {}),
  };
  if (pooler) {
    spec.enableConnectionPooler = pooler.primary;
    spec.enableReplicaConnectionPooler = pooler.replica;
    spec.connectionPooler = {
      numberOfInstances: pooler.instances,
      mode: pooler.mode,
      schema: pooler.schema,
      user: pooler.user,
      maxDBConnections: pooler.maxDbConnections,
      dockerImage: pooler.dockerImage,
      resources: pooler.resources,
    };
  }
  if (p.logicalBackup) {
    spec.enableLogicalBackup = true;
    spec.logicalBackupSchedule = p.logicalBackup.schedule?.expressionString;
    spec.logicalBackupRetention = p.logicalBackup.retention;
  }
  return spec;
}
