import { Chart, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { StorageKind } from '../cluster/tuning';
import { registerObject } from '../validation/chart-objects';
import { checkSize } from '../validation/checks';
import { fail, show } from '../validation/errors';
import { Patterns } from '../validation/patterns';
import { RuleCode } from '../validation/rule-code';

/** EBS volume types for PostgreSQL. */
export enum EbsVolumeType {
  /** General purpose SSD with provisioned IOPS (3000-80000) and throughput (125-2000 MiB/s). */
  GP3 = 'gp3',
  /** Provisioned IOPS SSD (100-256000 IOPS, up to 1000 IOPS/GiB). */
  IO2 = 'io2',
}

/** EKS: the EBS CSI driver. */
export interface EksStorageProps {
  /** @default ebs-gp3-postgres (or ebs-io2-postgres) */
  readonly name?: string;
  /** @default EbsVolumeType.GP3 */
  readonly volumeType?: EbsVolumeType;
  /** Provisioned IOPS. @default 3000 for gp3; required for io2 */
  readonly iops?: number;
  /** gp3 throughput in MiB/s. @default 125 */
  readonly throughputMiBps?: number;
  /** Encrypt at rest. @default true */
  readonly encrypted?: boolean;
  /** KMS key for encryption. @default - the account's aws/ebs key */
  readonly kmsKeyId?: string;
}

/** Azure managed disk SKUs for PostgreSQL. */
export enum AzureDiskSku {
  /** Premium SSD. */
  PREMIUM_LRS = 'Premium_LRS',
  /** Premium SSD v2 with provisioned IOPS and throughput (no host caching). */
  PREMIUM_V2_LRS = 'PremiumV2_LRS',
  /** Premium SSD, zone-redundant. */
  PREMIUM_ZRS = 'Premium_ZRS',
}

/** Host caching of an Azure disk. */
export enum AzureCachingMode {
  NONE = 'None',
  READ_ONLY = 'ReadOnly',
}

/** AKS: the Azure Disk CSI driver. */
export interface AksStorageProps {
  /** @default managed-premium-postgres */
  readonly name?: string;
  /** @default AzureDiskSku.PREMIUM_LRS */
  readonly skuName?: AzureDiskSku;
  /** Host caching (not available on Premium SSD v2). @default ReadOnly for Premium SSD, None for v2 */
  readonly cachingMode?: AzureCachingMode;
  /** Premium SSD v2 IOPS (3000-80000). @default - 3000 */
  readonly iops?: number;
  /** Premium SSD v2 throughput in MB/s (125-1200). @default - 125 */
  readonly throughputMBps?: number;
  /** Disk encryption set for customer-managed keys. @default - platform-managed keys (always encrypted) */
  readonly diskEncryptionSetId?: string;
}

/** Persistent Disk types for PostgreSQL. */
export enum GcePersistentDiskType {
  PD_SSD = 'pd-ssd',
  PD_BALANCED = 'pd-balanced',
  /** Hyperdisk Balanced with provisioned IOPS (3000-160000) and throughput (140-2400 MiB/s). */
  HYPERDISK_BALANCED = 'hyperdisk-balanced',
}

/** GKE: the Compute Engine Persistent Disk CSI driver. */
export interface GkeStorageProps {
  /** @default ssd-postgres */
  readonly name?: string;
  /** @default GcePersistentDiskType.PD_SSD */
  readonly diskType?: GcePersistentDiskType;
  /** Hyperdisk provisioned IOPS. @default - the disk's baseline */
  readonly iops?: number;
  /** Hyperdisk provisioned throughput in MiB/s. @default - the disk's baseline */
  readonly throughputMiBps?: number;
  /** Regional persistent disk (replicated across two zones). @default false */
  readonly regional?: boolean;
  /** Cloud KMS key for CMEK. @default - Google-managed keys (always encrypted) */
  readonly kmsKey?: string;
}

/** Longhorn data locality. */
export enum LonghornDataLocality {
  DISABLED = 'disabled',
  BEST_EFFORT = 'best-effort',
  STRICT_LOCAL = 'strict-local',
}

/** Bare metal: Longhorn (e.g. k3s/Rancher). */
export interface LonghornStorageProps {
  /** @default longhorn-postgres */
  readonly name?: string;
  /**
   * Longhorn replicas per volume. PostgreSQL already replicates between instances, so fewer copies are
   * often enough. @default 3 (the seed guide's)
   */
  readonly numberOfReplicas?: number;
  /** @default LonghornDataLocality.BEST_EFFORT */
  readonly dataLocality?: LonghornDataLocality;
  /** Minutes before a failed replica is removed (at least 1). @default 30 */
  readonly staleReplicaTimeoutMinutes?: number;
}

/** Any CSI driver. */
export interface GenericStorageProps {
  readonly name: string;
  readonly provisioner: string;
  /** @default - none */
  readonly parameters?: { [key: string]: string };
  /** @default StorageKind.NETWORK */
  readonly storageKind?: StorageKind;
}

/**
 * A StorageClass for PostgreSQL data volumes on a platform, with safe defaults: `reclaimPolicy: Retain`,
 * `volumeBindingMode: WaitForFirstConsumer` (volumes in the zone of the pod), `allowVolumeExpansion: true`,
 * encryption where the platform has it. A StorageClass is cluster-scoped: create it in a Chart without a
 * namespace. Pass it to a Cluster's `storageClass`.
 */
export class PlatformStorage extends Construct {
  /** EBS gp3/io2 on EKS. */
  public static eks(scope: Construct, id: string, props: EksStorageProps = {}): PlatformStorage {
    const type = props.volumeType ?? EbsVolumeType.GP3;
    const s = new PlatformStorage(scope, id, props.name ?? `ebs-${type}-postgres`, 'ebs.csi.aws.com', StorageKind.NETWORK);
    const params: Record<string, string> = { 'type': type, 'csi.storage.k8s.io/fstype': 'ext4' };
    if (type === EbsVolumeType.GP3) {
      const iops = props.iops ?? 3000;
      const throughput = props.throughputMiBps ?? 125;
      s.range('iops', iops, 3000, 80000, 'gp3 IOPS');
      s.range('throughputMiBps', throughput, 125, 2000, 'gp3 throughput (MiB/s)');
      if (throughput > iops / 4) {
        fail(s, {
          rule: RuleCode.STORAGE_CLASS_INVALID,
          property: 'throughputMiBps',
          problem: 'gp3 allows at most 0.25 MiB/s of throughput per provisioned IOPS.',
          value: `${throughput} MiB/s with ${iops} IOPS`,
          allowed: `at most ${Math.floor(iops / 4)} MiB/s with ${iops} IOPS`,
          fix: `raise iops to ${throughput * 4} or lower the throughput.`,
        });
      }
      params.iops = `${iops}`;
      params.throughput = `${throughput}`;
      s.maxIopsPerGiB = 500;
      s.provisionedIops = iops;
    } else {
      if (props.iops === undefined) fail(s, { rule: RuleCode.STORAGE_CLASS_INVALID, property: 'iops', problem: 'io2 volumes need provisioned IOPS.', fix: 'set iops (100-256000).' });
      s.range('iops', props.iops, 100, 256000, 'io2 IOPS');
      if (props.throughputMiBps !== undefined) {
        fail(s, { rule: RuleCode.STORAGE_CLASS_INVALID, property: 'throughputMiBps', problem: 'io2 throughput is not provisioned separately.', value: show(props.throughputMiBps), fix: 'remove throughputMiBps.' });
      }
      params.iops = `${props.iops}`;
      s.maxIopsPerGiB = 1000;
      s.provisionedIops = props.iops;
    }
    if (props.encrypted ?? true) {
      params.encrypted = 'true';
      if (props.kmsKeyId) {
        s.pattern('kmsKeyId', props.kmsKeyId, Patterns.AWS_KMS_KEY, 'a KMS key ARN, alias or id');
        params.kmsKeyId = props.kmsKeyId;
      }
    } else if (props.kmsKeyId) {
      fail(s, { rule: RuleCode.STORAGE_CLASS_INVALID, property: 'kmsKeyId', problem: 'a KMS key needs encryption on.', fix: 'remove encrypted: false.' });
    }
    s.render(params);
    return s;
  }

  /** Azure Disk (Premium SSD, Premium SSD v2) on AKS. */
  public static aks(scope: Construct, id: string, props: AksStorageProps = {}): PlatformStorage {
    const sku = props.skuName ?? AzureDiskSku.PREMIUM_LRS;
    const s = new PlatformStorage(scope, id, props.name ?? 'managed-premium-postgres', 'disk.csi.azure.com', StorageKind.NETWORK);
    const v2 = sku === AzureDiskSku.PREMIUM_V2_LRS;
    const caching = props.cachingMode ?? (v2 ? AzureCachingMode.NONE : AzureCachingMode.READ_ONLY);
    const params: Record<string, string> = { skuName: sku, cachingMode: caching };
    if (v2) {
      if (caching !== AzureCachingMode.NONE) {
        fail(s, { rule: RuleCode.STORAGE_CLASS_INVALID, property: 'cachingMode', problem: 'Premium SSD v2 disks do not support host caching.', value: caching, allowed: 'None', fix: 'remove cachingMode.' });
      }
      const iops = props.iops ?? 3000;
      const mbps = props.throughputMBps ?? 125;
      s.range('iops', iops, 3000, 80000, 'Premium SSD v2 IOPS');
      s.range('throughputMBps', mbps, 125, 1200, 'Premium SSD v2 throughput (MB/s)');
      params.DiskIOPSReadWrite = `${iops}`;
      params.DiskMBpsReadWrite = `${mbps}`;
    } else if (props.iops !== undefined || props.throughputMBps !== undefined) {
      fail(s, {
        rule: RuleCode.STORAGE_CLASS_INVALID,
        property: 'iops',
        problem: `${sku} performance follows the disk size; only Premium SSD v2 takes provisioned IOPS and throughput.`,
        fix: 'use skuName: AzureDiskSku.PREMIUM_V2_LRS or remove iops/throughputMBps.',
      });
    }
    if (props.diskEncryptionSetId) {
      s.pattern('diskEncryptionSetId', props.diskEncryptionSetId, /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/diskEncryptionSets\/[^/]+$/i, 'a disk encryption set resource id');
      params.diskEncryptionSetID = props.diskEncryptionSetId;
    }
    s.render(params);
    return s;
  }

  /** Persistent Disk / Hyperdisk on GKE. */
  public static gke(scope: Construct, id: string, props: GkeStorageProps = {}): PlatformStorage {
    const type = props.diskType ?? GcePersistentDiskType.PD_SSD;
    const s = new PlatformStorage(scope, id, props.name ?? 'ssd-postgres', 'pd.csi.storage.gke.io', StorageKind.NETWORK);
    const params: Record<string, string> = { 'type': type, 'csi.storage.k8s.io/fstype': 'ext4' };
    if (type === GcePersistentDiskType.HYPERDISK_BALANCED) {
      if (props.iops !== undefined) {
        s.range('iops', props.iops, 3000, 160000, 'Hyperdisk Balanced IOPS');
        params['provisioned-iops-on-create'] = `${props.iops}`;
      }
      if (props.throughputMiBps !== undefined) {
        s.range('throughputMiBps', props.throughputMiBps, 140, 2400, 'Hyperdisk Balanced throughput (MiB/s)');
        params['provisioned-throughput-on-create'] = `${props.throughputMiBps}Mi`;
      }
      if (props.regional) {
        fail(s, { rule: RuleCode.STORAGE_CLASS_INVALID, property: 'regional', problem: 'hyperdisk-balanced has no regional replication through this parameter.', fix: 'use pd-ssd or pd-balanced for regional disks.' });
      }
    } else if (props.iops !== undefined || props.throughputMiBps !== undefined) {
      fail(s, {
        rule: RuleCode.STORAGE_CLASS_INVALID,
        property: 'iops',
        problem: `${type} performance follows the disk size; only Hyperdisk takes provisioned IOPS and throughput.`,
        fix: 'use diskType: GcePersistentDiskType.HYPERDISK_BALANCED or remove iops/throughputMiBps.',
      });
    }
    if (props.regional) params['replication-type'] = 'regional-pd';
    if (props.kmsKey) {
      s.pattern('kmsKey', props.kmsKey, /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/, 'projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>');
      params['disk-encryption-kms-key'] = props.kmsKey;
    }
    s.render(params);
    return s;
  }

  /** Longhorn on bare metal (k3s, Rancher). */
  public static longhorn(scope: Construct, id: string, props: LonghornStorageProps = {}): PlatformStorage {
    const s = new PlatformStorage(scope, id, props.name ?? 'longhorn-postgres', 'driver.longhorn.io', StorageKind.NETWORK);
    const replicas = props.numberOfReplicas ?? 3;
    const timeout = props.staleReplicaTimeoutMinutes ?? 30;
    s.range('numberOfReplicas', replicas, 1, 10, 'Longhorn replicas');
    s.range('staleReplicaTimeoutMinutes', timeout, 1, 43200, 'stale replica timeout (minutes)');
    s.render({
      numberOfReplicas: `${replicas}`,
      staleReplicaTimeout: `${timeout}`,
      dataLocality: props.dataLocality ?? LonghornDataLocality.BEST_EFFORT,
      fsType: 'ext4',
    });
    return s;
  }

  /** Any other CSI driver. */
  public static generic(scope: Construct, id: string, props: GenericStorageProps): PlatformStorage {
    const s = new PlatformStorage(scope, id, props.name, props.provisioner, props.storageKind ?? StorageKind.NETWORK);
    s.pattern('provisioner', props.provisioner, /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?)?$/, 'a CSI driver name, e.g. "ebs.csi.aws.com"');
    for (const [k, v] of Object.entries(props.parameters ?? {})) {
      s.pattern(`parameters.${k}`, k, /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/, 'a parameter name');
      if (typeof v !== 'string') s.pattern(`parameters.${k}`, `${v}`, /^$/, 'a string value');
    }
    s.render({ ...(props.parameters ?? {}) });
    return s;
  }

  /** Name of the StorageClass. */
  public readonly storageClassName: string;
  /** CSI provisioner. */
  public readonly provisioner: string;
  /** What the tuning should assume about the storage. */
  public readonly storageKind: StorageKind;
  private storageClass?: k8s.KubeStorageClass;
  private maxIopsPerGiB?: number;
  private provisionedIops?: number;

  private constructor(scope: Construct, id: string, name: string, provisioner: string, kind: StorageKind) {
    super(scope, id);
    this.storageClassName = name;
    this.provisioner = provisioner;
    this.storageKind = kind;
    if (!Patterns.DNS_1123_SUBDOMAIN.test(name) || name.length > 253) {
      fail(this, { rule: RuleCode.STORAGE_CLASS_INVALID, property: 'name', problem: 'not a StorageClass name.', value: show(name), fix: 'use lower-case letters, digits, "-" and ".".' });
    }
    const ns = Chart.of(this).namespace;
    if (ns) {
      fail(this, {
        rule: RuleCode.STORAGE_CLASS_INVALID,
        property: 'scope',
        problem: 'a StorageClass is cluster-scoped, but this Chart stamps the namespace on every object.',
        value: `chart namespace ${show(ns)}`,
        fix: 'create the PlatformStorage in a Chart without a namespace (e.g. new Chart(app, "platform")).',
      });
    }
  }

  /** The StorageClass. */
  public get resource(): k8s.KubeStorageClass {
    return this.storageClass!; // every factory renders it before returning
  }

  /**
   * Checks a volume size against the provisioned IOPS (EBS: gp3 at most 500 IOPS/GiB, io2 1000 IOPS/GiB).
   * Returns a problem description, or undefined when the size fits.
   */
  public checkVolumeSize(size: Size): string | undefined {
    if (!this.maxIopsPerGiB || !this.provisionedIops) return undefined;
    const gib = checkSize(this, 'storage', size, 1, 2 ** 60, 'use a finite size.') / 2 ** 30;
    if (this.provisionedIops > gib * this.maxIopsPerGiB) {
      return `${this.provisionedIops} IOPS need at least ${Math.ceil(this.provisionedIops / this.maxIopsPerGiB)}Gi (${this.maxIopsPerGiB} IOPS/GiB), the volume has ${gib}Gi`;
    }
    return undefined;
  }

  private pattern(property: string, value: string, re: RegExp, allowed: string) {
    if (typeof value !== 'string' || !re.test(value)) {
      fail(this, { rule: RuleCode.STORAGE_CLASS_INVALID, property, problem: 'malformed.', value: show(value), allowed, fix: `give ${allowed}.` });
    }
  }

  private range(property: string, value: number, min: number, max: number, what: string) {
    if (!Number.isInteger(value) || value < min || value > max) {
      fail(this, { rule: RuleCode.STORAGE_CLASS_INVALID, property, problem: `${what} out of range.`, value: show(value), allowed: `${min} to ${max}`, fix: `choose a value between ${min} and ${max}.` });
    }
  }

  private render(parameters: Record<string, string>) {
    this.storageClass = registerObject(new k8s.KubeStorageClass(this, 'Resource', {
      metadata: { name: this.storageClassName },
      provisioner: this.provisioner,
      parameters,
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    })) as k8s.KubeStorageClass;
  }
}
