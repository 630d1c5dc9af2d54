import { Cron, Size } from 'cdk8s';
import { ContainerResources, k8s } from 'cdk8s-plus-28';
import type { ServiceExposure } from './exposure';
import type { MaintenanceWindow } from './maintenance';
import type { PatroniOptions } from './patroni';
import type { TopologySpread } from './scheduling';
import type { Sidecar } from './sidecar';
import type { ClusterSize } from './size-preset';
import type { StorageKind, Workload } from './tuning';
import type { Database, DatabaseUser, PreparedDatabase } from './users';
import type { PostgresVersion } from './version';
import type { AdditionalVolume } from './volumes';
import type { Restore } from '../backup/restore';
import type { PlatformStorage } from '../platform/storage';

export interface LogicalBackupOptions {
  /**
   * Schedule (UTC), 5 fields with numbers, `*` and `/step` only.
   * @default - the operator's `logical_backup_schedule` (`30 00 * * *`)
   */
  readonly schedule?: Cron;
  /**
   * How long dumps are kept, e.g. `3 months` (S3 only; `logicalBackupRetention`).
   * @default - the operator's `logical_backup_s3_retention_time` (k8sres.go getLogicalBackupRetentionTime):
   * `logicalBackupS3RetentionTime` of the PostgresOperator / ExternalPostgresOperator; only when that is empty too
   * (the v2.0.1 chart's value) are dumps never deleted
   */
  readonly retention?: string;
}

/** TLS for PostgreSQL from a Secret (e.g. one cert-manager writes). */
export interface TlsOptions {
  /** Secret with the certificate and key, mounted at `/tls`. */
  readonly secretName: string;
  /**
   * Certificate file name in the Secret.
   * @default tls.crt
   */
  readonly certificateFile?: string;
  /**
   * Private key file name in the Secret.
   * @default tls.key
   */
  readonly privateKeyFile?: string;
  /**
   * CA file name (in `caSecretName`, else in `secretName`).
   * @default - no CA file
   */
  readonly caFile?: string;
  /**
   * Secret holding the CA, mounted at `/tlsca`.
   * @default - the CA is in `secretName`
   */
  readonly caSecretName?: string;
}

/** Properties of a `Cluster`. */
export interface ClusterProps {
  /**
   * Team that owns the cluster (`teamId`). The default name starts with `<teamId>-`; whether a given name must,
   * see `requireTeamPrefix`.
   */
  readonly teamId: string;
  /**
   * Name of the `postgresql` resource, and so of its StatefulSet, Services and Secrets: a DNS-1035 label
   * of at most 52 characters (the StatefulSet's pods carry `controller-revision-hash: <name>-<hash>`), 49 with a
   * replica pooler (its `<name>-pooler-repl-u` volume). See the name budget in the README.
   * @default - `<teamId>-<construct id>` in lower case
   */
  readonly name?: string;
  /**
   * Require the `<teamId>-` name prefix. The operator rejects a cluster without it when its
   * `enable_team_id_clustername_prefix` is on (off in the v2.0.1 chart); `true` makes it a house rule under any
   * operator, and `false` under an operator that enforces it is a validation error.
   * @default - what the operator that manages the cluster enforces
   */
  readonly requireTeamPrefix?: boolean;
  /**
   * The `CONTROLLER_ID` of the operator that manages this cluster, rendered as the annotation
   * `acid.zalan.do/controller`; an operator manages only the clusters whose annotation equals its controller ID
   * (and, without one, those without the annotation). The cluster is checked against that operator's settings.
   * @default - none: the operator without a controller ID manages it
   */
  readonly controllerId?: string;
  /**
   * Namespace of the `postgresql` resource.
   * @default - the chart's namespace
   */
  readonly clusterNamespace?: string;
  /**
   * Labels of the `postgresql` resource.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the `postgresql` resource.
   * @default - none besides the deletion protection annotations
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Annotate the `postgresql` so that Argo CD and Flux never prune or delete it (deleting it deletes the
   * database): `argocd.argoproj.io/sync-options: Delete=false,Prune=false` and
   * `kustomize.toolkit.fluxcd.io/prune: disabled`.
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * Capacity preset: CPU, memory, storage and instances from the sizing table.
   * @default ClusterSize.SMALL (2 CPU, 8Gi, 50Gi, 3 instances)
   */
  readonly size?: ClusterSize;
  /**
   * Number of pods (one primary, the rest streaming replicas).
   * @default - the size preset's (3 for SMALL)
   */
  readonly instances?: number;
  /**
   * PostgreSQL major version.
   * @default PostgresVersion.V18
   */
  readonly version?: PostgresVersion;
  /**
   * Spilo image. Its WAL-G version matters for IRSA: when the operator has `irsa_role_arn` set (which
   * `BackupCredentials.awsIrsa` requires), the EKS webhook puts `AWS_ROLE_ARN` into every Spilo pod, and WAL-G up
   * to 3.0.5 (Spilo 4.0-p3) then calls `sts:AssumeRole` without a `RoleSessionName` and fails (spilo#1009,
   * postgres-operator#2747): S3 backups, clones and standbys of such an operator need an image with WAL-G
   * 3.0.6 or later (wal-g#1906). The operator v2.0.1's default, `spilo-18:4.1-p2`, is built after Spilo added
   * PostgreSQL 18 together with WAL-G 3.0.8 (spilo#1196), so it qualifies; Spilo 4.0 images pin 3.0.5.
   * @default - the operator's `docker_image`
   */
  readonly dockerImage?: string;

  /**
   * Volume size per instance.
   * @default - the size preset's
   */
  readonly storage?: Size;
  /**
   * StorageClass of the data volumes, by name.
   * @default - `storageClass`'s, else the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * StorageClass of the data volumes, from a PlatformStorage: sets the class name, the storage kind of the
   * tuning and checks the volume size against provisioned IOPS.
   * @default - `storageClassName`
   */
  readonly storageClass?: PlatformStorage;
  /**
   * Provisioned IOPS (EBS gp3/io2, at most 80000).
   * @default - the StorageClass's
   */
  readonly volumeIops?: number;
  /**
   * Provisioned throughput in MiB/s (EBS gp3, at most 2000).
   * @default - the StorageClass's
   */
  readonly volumeThroughput?: number;
  /**
   * EBS volume type (used with `storage_resize_mode: ebs`).
   * @default - the StorageClass's
   */
  readonly volumeType?: string;
  /**
   * Selector of pre-provisioned PersistentVolumes.
   * @default - dynamic provisioning
   */
  readonly volumeSelector?: k8s.LabelSelector;
  /**
   * Sub-path of the volume to mount as pgdata.
   * @default - the whole volume
   */
  readonly volumeSubPath?: string;

  /**
   * Resources of the postgres container. Any value given overrides the size preset's.
   * @default - the size preset's, requests equal to limits
   */
  readonly resources?: ContainerResources;
  /**
   * Huge pages of 2Mi for the postgres container (request = limit). Turns `huge_pages` to `try`.
   * @default - none
   */
  readonly hugePages2Mi?: Size;
  /**
   * Huge pages of 1Gi for the postgres container (request = limit). Turns `huge_pages` to `try`.
   * @default - none
   */
  readonly hugePages1Gi?: Size;

  /**
   * PostgreSQL parameters. They always win over the derived tuning.
   * @default - the tuning derived from the resources, and `password_encryption: scram-sha-256`
   */
  readonly parameters?: { [key: string]: string };
  /**
   * Expected size of the data, for the tuning (pgtune's "fits in RAM" choice: data warehouses whose data does
   * not fit in memory keep `random_page_cost = 4`).
   * @default - unknown: assumed not to fit in memory for data warehouses
   */
  readonly databaseSize?: Size;
  /**
   * Derive memory, WAL, planner and parallelism parameters from the resources (pgtune).
   * @default true
   */
  readonly autoTune?: boolean;
  /**
   * Workload the tuning is derived for.
   * @default Workload.WEB
   */
  readonly workload?: Workload;
  /**
   * Storage the tuning is derived for.
   * @default StorageKind.NETWORK
   */
  readonly storageKind?: StorageKind;

  /**
   * Patroni settings.
   * @default - ttl 30s, loop_wait 10s, retry_timeout 10s, asynchronous replication, data checksums
   */
  readonly patroni?: PatroniOptions;

  /**
   * Roles to create, each with a Secret `<user>.<cluster>.credentials.postgresql.acid.zalan.do`.
   * @default - none
   */
  readonly users?: DatabaseUser[];
  /**
   * Databases to create, each owned by one of `users`.
   * @default - none
   */
  readonly databases?: Database[];
  /**
   * Databases the operator prepares with default roles, schemas and extensions.
   * @default - none
   */
  readonly preparedDatabases?: PreparedDatabase[];

  /**
   * Tolerations of the Spilo pods (replace the operator's `toleration`).
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * Node affinity of the Spilo pods.
   * @default - none
   */
  readonly nodeAffinity?: k8s.NodeAffinity;
  /**
   * Spread of the Spilo pods over zones and nodes, always with an explicit label selector.
   * @default TopologySpread.zonesAndHosts()
   */
  readonly topologySpread?: TopologySpread;
  /**
   * PriorityClass of the Spilo pods.
   * @default - the operator's `pod_priority_class_name`
   */
  readonly priorityClassName?: string;
  /**
   * Scheduler of the Spilo pods.
   * @default - the default scheduler
   */
  readonly schedulerName?: string;

  /**
   * Exposure of the primary Service `<cluster>`.
   * @default ServiceExposure.clusterIp()
   */
  readonly primaryService?: ServiceExposure;
  /**
   * Exposure of the replica Service `<cluster>-repl`.
   * @default ServiceExposure.clusterIp()
   */
  readonly replicaService?: ServiceExposure;
  /**
   * Exposure of the primary pooler Service `<cluster>-pooler`.
   * @default - the operator's default (ClusterIP)
   */
  readonly primaryPoolerService?: ServiceExposure;
  /**
   * Exposure of the replica pooler Service `<cluster>-pooler-repl`.
   * @default - the operator's default (ClusterIP)
   */
  readonly replicaPoolerService?: ServiceExposure;
  /**
   * CIDRs allowed to reach load balancers. Required with any load balancer: the operator's
   * default (`127.0.0.1/32`) lets nobody in.
   * @default - none
   */
  readonly allowedSourceRanges?: string[];
  /**
   * Annotations of every Service of the cluster.
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };
  /**
   * Annotations of the primary Service (win over `serviceAnnotations`).
   * @default - none
   */
  readonly primaryServiceAnnotations?: { [key: string]: string };
  /**
   * Annotations of the replica Service (win over `serviceAnnotations`).
   * @default - none
   */
  readonly replicaServiceAnnotations?: { [key: string]: string };
  /**
   * Annotations of the Spilo pods.
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };

  /**
   * Containers next to Spilo in every pod.
   * @default - none
   */
  readonly sidecars?: Sidecar[];
  /**
   * Init containers of the Spilo pods.
   * @default - none
   */
  readonly initContainers?: k8s.Container[];
  /**
   * Extra volumes.
   * @default - none
   */
  readonly additionalVolumes?: AdditionalVolume[];
  /**
   * Environment of the Spilo container (Spilo and WAL-G settings). Credentials only through
   * `valueFrom.secretKeyRef`.
   * @default - none
   */
  readonly env?: k8s.EnvVar[];
  /**
   * Environment of the Spilo container from ConfigMaps and Secrets.
   * @default - none
   */
  readonly envFrom?: k8s.EnvFromSource[];
  /**
   * Mount a memory-backed `/dev/shm` (PostgreSQL's dynamic shared memory: parallel queries need it).
   * @default true
   */
  readonly shmVolume?: boolean;
  /**
   * The hardened profile: Spilo runs as its non-root `postgres` user (uid 101, gid 103, fsGroup 103) and
   * no user may have the SUPERUSER flag unless `allowSuperuserUsers`. Turn off to keep the operator's
   * defaults (Spilo starts as root and drops privileges).
   * @default true
   */
  readonly hardened?: boolean;
  /**
   * Allow application users with the SUPERUSER flag.
   * @default false
   */
  readonly allowSuperuserUsers?: boolean;
  /**
   * UID of the Spilo container.
   * @default 101 with the hardened profile, else the operator's `spilo_runasuser`
   */
  readonly spiloRunAsUser?: number;
  /**
   * GID of the Spilo container.
   * @default 103 with the hardened profile, else the operator's `spilo_runasgroup`
   */
  readonly spiloRunAsGroup?: number;
  /**
   * fsGroup of the Spilo pods.
   * @default 103 with the hardened profile or TLS (so that Spilo can read the key), else the operator's `spilo_fsgroup`
   */
  readonly spiloFsGroup?: number;
  /**
   * Liveness probe of the Spilo container.
   * @default - the operator's `liveness_probe` (none)
   */
  readonly livenessProbe?: k8s.Probe;
  /**
   * Windows (UTC) in which the operator may run major version upgrades.
   * @default - any time
   */
  readonly maintenanceWindows?: MaintenanceWindow[];
  /**
   * Scheduled logical backups (pg_dumpall) by the operator.
   * @default - off
   */
  readonly logicalBackup?: LogicalBackupOptions;
  /**
   * TLS certificate for PostgreSQL.
   * @default - Spilo's self-signed certificate
   */
  readonly tls?: TlsOptions;
  /**
   * Start from another cluster's data: `Restore.fromBackup(location, pointInTime)` (point-in-time clone
   * from a WAL-G archive) or `Restore.fromCluster(cluster)` (live basebackup, same namespace).
   * @default - a new, empty cluster
   */
  readonly restore?: Restore;
}
