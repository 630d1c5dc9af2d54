/**
 * The cluster contract: what pooler, backup, restore, standby, monitoring, network policies and
 * certificates depend on, instead of on the `Cluster` class.
 */
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import type { ClusterEndpoints } from './endpoints';
import type { ClusterFeatures } from './features';
import type { Sidecar } from './sidecar';
import type { PostgresVersion } from './version';
import type { AdditionalVolume } from './volumes';
import type { IOperatorManaged } from '../operator/settings';

/** Patroni settings as rendered. */
export interface PatroniSettings {
  /** Leader lock TTL in seconds. */
  readonly ttlSeconds: number;
  /** Seconds between Patroni loops. */
  readonly loopWaitSeconds: number;
  /** Retry timeout in seconds. */
  readonly retryTimeoutSeconds: number;
  /** Whether synchronous mode is on. */
  readonly synchronousMode: boolean;
  /** Number of synchronous standbys (0 without synchronous mode). */
  readonly synchronousNodeCount: number;
  /** `maximum_lag_on_failover` in bytes. */
  readonly maximumLagOnFailoverBytes: number;
  /** Whether failsafe mode is on. */
  readonly failsafeMode: boolean;
}

/** Scheduled logical backups as rendered. */
export interface LogicalBackupSettings {
  /**
   * Schedule (cron, UTC).
   * @default - the operator's `logical_backup_schedule`
   */
  readonly schedule?: string;
  /**
   * Retention of the dumps (e.g. `3 months`).
   * @default - the operator's `logical_backup_s3_retention_time`
   */
  readonly retention?: string;
}

/**
 * A PostgreSQL cluster run by the Zalando operator, as seen by the constructs that add to it.
 */
export interface ICluster extends IOperatorManaged {
  /** The name of the `postgresql` resource (and of its StatefulSet and primary Service). */
  readonly name: string;
  /** The owning team. */
  readonly teamId: string;
  /**
   * Namespace of the cluster.
   * @default - not known (the chart has no namespace and none was set)
   */
  readonly clusterNamespace?: string;
  /** PostgreSQL major version. */
  readonly version: PostgresVersion;
  /** Number of instances. */
  readonly instances: number;
  /** Services, hosts, Secrets and selectors. */
  readonly endpoints: ClusterEndpoints;
  /** The typed features registered by add-ons. */
  readonly features: ClusterFeatures;
  /** Patroni settings as rendered. */
  readonly patroniSettings: PatroniSettings;
  /**
   * Logical backups.
   * @default - none
   */
  readonly logicalBackup?: LogicalBackupSettings;
  /** The `postgresql` API object (escape hatch: `addJsonPatch`). */
  readonly apiObject: ApiObject;

  /**
   * Adds an environment variable to the Spilo container. The same name (compared case-insensitively, as the
   * operator does) with another value is a validation error.
   */
  addEnv(contributor: IConstruct, env: k8s.EnvVar): void;
  /** Adds a sidecar. Names and ports must be unique in the pod. */
  addSidecar(contributor: IConstruct, sidecar: Sidecar): void;
  /** Adds a volume. The same name with another definition is a validation error. */
  addVolume(contributor: IConstruct, volume: AdditionalVolume): void;
  /** Sets a PostgreSQL parameter. Another value from elsewhere is a validation error. */
  addParameter(contributor: IConstruct, name: string, value: string): void;
  /** Adds an annotation to the Spilo pods. */
  addPodAnnotation(contributor: IConstruct, key: string, value: string): void;
  /**
   * Adds a label to the `postgresql` resource (the operator copies labels listed in its `inherited_labels`
   * to the pods).
   */
  addResourceLabel(contributor: IConstruct, key: string, value: string): void;
  /** The PostgreSQL parameters as rendered (tuning, contributions and explicit parameters). */
  postgresParameters(): { [name: string]: string };
}
