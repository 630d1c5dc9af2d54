import { App, Chart, Size, Testing } from 'cdk8s';
import {
  AksStorageProps,
  AzureCachingMode,
  AzureDiskSku,
  Cluster,
  EbsVolumeType,
  EksStorageProps,
  GcePersistentDiskType,
  GkeStorageProps,
  LonghornDataLocality,
  PlatformStorage,
  StorageKind,
} from '../../src';
import { only, synthValid } from '../support/synth';

function platform(): { app: App; chart: Chart } {
  const app = Testing.app();
  return { app, chart: new Chart(app, 'platform') };
}

const DEFAULTS = { reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true };


/** The object of a name (the output is sorted by kind and name, not by creation). */
function named(objects: any[], name: string): any {
  const found = objects.find((o) => o.metadata.name === name);
  if (!found) throw new Error(`no object ${name}`);
  return found;
}

describe('PlatformStorage', () => {
  test('EKS gp3: IOPS, throughput, encryption with a KMS key', () => {
    const { chart } = platform();
    PlatformStorage.eks(chart, 'gp3', { iops: 6000, throughputMiBps: 400, kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' });
    expect(only(synthValid(chart), 'StorageClass')).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'ebs-gp3-postgres' },
      provisioner: 'ebs.csi.aws.com',
      parameters: { 'type': 'gp3', 'csi.storage.k8s.io/fstype': 'ext4', 'iops': '6000', 'throughput': '400', 'encrypted': 'true', 'kmsKeyId': 'arn:aws:kms:us-east-1:123456789012:key/k' },
      ...DEFAULTS,
    });
  });

  test('EKS io2', () => {
    const { chart } = platform();
    PlatformStorage.eks(chart, 'io2', { volumeType: EbsVolumeType.IO2, iops: 20000 });
    expect(only(synthValid(chart), 'StorageClass').parameters).toEqual({ 'type': 'io2', 'csi.storage.k8s.io/fstype': 'ext4', 'iops': '20000', 'encrypted': 'true' });
  });

  test('AKS Premium SSD (ReadOnly caching) and Premium SSD v2 (provisioned, no caching)', () => {
    const { chart } = platform();
    PlatformStorage.aks(chart, 'premium');
    PlatformStorage.aks(chart, 'v2', { name: 'premium-v2-postgres', skuName: AzureDiskSku.PREMIUM_V2_LRS, iops: 5000, throughputMBps: 200 });
    const objects = synthValid(chart);
    const premium = named(objects, 'managed-premium-postgres');
    const v2 = named(objects, 'premium-v2-postgres');
    expect(premium.parameters).toEqual({ skuName: 'Premium_LRS', cachingMode: 'ReadOnly' });
    expect(premium.provisioner).toBe('disk.csi.azure.com');
    expect(v2.parameters).toEqual({ skuName: 'PremiumV2_LRS', cachingMode: 'None', DiskIOPSReadWrite: '5000', DiskMBpsReadWrite: '200' });
  });

  test('GKE pd-ssd (regional, CMEK) and Hyperdisk Balanced', () => {
    const { chart } = platform();
    PlatformStorage.gke(chart, 'ssd', { regional: true, kmsKey: 'projects/p/locations/l/keyRings/r/cryptoKeys/k' });
    PlatformStorage.gke(chart, 'hd', { name: 'hyperdisk-postgres', diskType: GcePersistentDiskType.HYPERDISK_BALANCED, iops: 10000, throughputMiBps: 400 });
    const objects = synthValid(chart);
    const ssd = named(objects, 'ssd-postgres');
    const hd = named(objects, 'hyperdisk-postgres');
    expect(ssd.parameters).toEqual({
      'type': 'pd-ssd', 'csi.storage.k8s.io/fstype': 'ext4', 'replication-type': 'regional-pd', 'disk-encryption-kms-key': 'projects/p/locations/l/keyRings/r/cryptoKeys/k',
    });
    expect(hd.parameters).toEqual({
      'type': 'hyperdisk-balanced', 'csi.storage.k8s.io/fstype': 'ext4', 'provisioned-iops-on-create': '10000', 'provisioned-throughput-on-create': '400Mi',
    });
  });

  test('Longhorn and a generic CSI driver', () => {
    const { chart } = platform();
    PlatformStorage.longhorn(chart, 'lh', { numberOfReplicas: 2, dataLocality: LonghornDataLocality.STRICT_LOCAL, staleReplicaTimeoutMinutes: 60 });
    PlatformStorage.generic(chart, 'ceph', { name: 'ceph-rbd-postgres', provisioner: 'rbd.csi.ceph.com', parameters: { pool: 'pg' } });
    const objects = synthValid(chart);
    const lh = named(objects, 'longhorn-postgres');
    const ceph = named(objects, 'ceph-rbd-postgres');
    expect(lh).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'longhorn-postgres' },
      provisioner: 'driver.longhorn.io',
      parameters: { numberOfReplicas: '2', staleReplicaTimeout: '60', dataLocality: 'strict-local', fsType: 'ext4' },
      ...DEFAULTS,
    });
    expect(ceph.parameters).toEqual({ pool: 'pg' });
  });

  test('a Cluster takes the storage directly: class name and tuning', () => {
    const app = Testing.app();
    const storage = PlatformStorage.longhorn(new Chart(app, 'platform'), 'lh');
    const chart = new Chart(app, 'db', { namespace: 'db' });
    new Cluster(chart, 'main', { teamId: 'acid', storageClass: storage });
    expect(storage.resource.node.path).toBe('platform/lh/Resource');
    const spec = only(synthValid(chart), 'postgresql').spec;
    expect(spec.volume.storageClass).toBe('longhorn-postgres');
    expect(storage.storageKind).toBe(StorageKind.NETWORK);
    expect(spec.postgresql.parameters.effective_io_concurrency).toBe('300');
  });

  test.each<[string, (c: Chart) => void, RegExp]>([
    ['gp3 IOPS out of range', (c) => PlatformStorage.eks(c, 's', { iops: 100000 } as EksStorageProps), /\[platform\/s\] iops: gp3 IOPS out of range. Got: 100000. Allowed: 3000 to 80000/],
    ['gp3 throughput out of range', (c) => PlatformStorage.eks(c, 's', { iops: 16000, throughputMiBps: 3000 }), /throughputMiBps: gp3 throughput \(MiB\/s\) out of range/],
    ['gp3 throughput above 0.25 MiB/s per IOPS', (c) => PlatformStorage.eks(c, 's', { iops: 3000, throughputMiBps: 1000 }),
      /throughputMiBps: gp3 allows at most 0.25 MiB\/s of throughput per provisioned IOPS. Got: 1000 MiB\/s with 3000 IOPS. Allowed: at most 750 MiB\/s.*Fix: raise iops to 4000/],
    ['io2 without IOPS', (c) => PlatformStorage.eks(c, 's', { volumeType: EbsVolumeType.IO2 }), /io2 volumes need provisioned IOPS/],
    ['io2 with throughput', (c) => PlatformStorage.eks(c, 's', { volumeType: EbsVolumeType.IO2, iops: 1000, throughputMiBps: 100 }), /io2 throughput is not provisioned/],
    ['KMS key without encryption', (c) => PlatformStorage.eks(c, 's', { encrypted: false, kmsKeyId: 'k' }), /a KMS key needs encryption on/],
    ['Premium SSD v2 with caching', (c) => PlatformStorage.aks(c, 's', { skuName: AzureDiskSku.PREMIUM_V2_LRS, cachingMode: AzureCachingMode.READ_ONLY } as AksStorageProps),
      /cachingMode: Premium SSD v2 disks do not support host caching/],
    ['Premium SSD v2 IOPS out of range', (c) => PlatformStorage.aks(c, 's', { skuName: AzureDiskSku.PREMIUM_V2_LRS, iops: 100 }), /Allowed: 3000 to 80000/],
    ['Premium SSD with provisioned IOPS', (c) => PlatformStorage.aks(c, 's', { iops: 5000 }), /only Premium SSD v2 takes provisioned IOPS/],
    ['pd-ssd with provisioned IOPS', (c) => PlatformStorage.gke(c, 's', { iops: 5000 } as GkeStorageProps), /only Hyperdisk takes provisioned IOPS/],
    ['Hyperdisk IOPS out of range', (c) => PlatformStorage.gke(c, 's', { diskType: GcePersistentDiskType.HYPERDISK_BALANCED, iops: 200000 }), /Allowed: 3000 to 160000/],
    ['regional Hyperdisk', (c) => PlatformStorage.gke(c, 's', { diskType: GcePersistentDiskType.HYPERDISK_BALANCED, regional: true }), /regional/],
    ['Longhorn replicas', (c) => PlatformStorage.longhorn(c, 's', { numberOfReplicas: 0 }), /numberOfReplicas: Longhorn replicas out of range/],
    ['bad name', (c) => PlatformStorage.generic(c, 's', { name: 'Bad_Name', provisioner: 'x' }), /name: not a StorageClass name/],
  ])('rejects %s', (_name, build, message) => {
    expect(() => build(platform().chart)).toThrow(message);
  });

  test('rejects a namespaced chart (the namespace would be stamped on the cluster-scoped StorageClass)', () => {
    const chart = new Chart(Testing.app(), 'db', { namespace: 'db' });
    expect(() => PlatformStorage.longhorn(chart, 'lh')).toThrow(/\[db\/lh\] scope: a StorageClass is cluster-scoped.*Fix: create the PlatformStorage in a Chart without a namespace/);
  });

  test('rejects a volume too small for the provisioned IOPS, and two different class names', () => {
    const app = Testing.app();
    const gp3 = PlatformStorage.eks(new Chart(app, 'platform'), 'gp3', { iops: 16000, throughputMiBps: 500 });
    const chart = new Chart(app, 'db', { namespace: 'db' });
    expect(() => new Cluster(chart, 'a', { teamId: 'acid', storageClass: gp3, storage: Size.gibibytes(20) }))
      .toThrow(/\[db\/a\] storage: the volume is too small for the StorageClass's provisioned IOPS: 16000 IOPS need at least 32Gi \(500 IOPS\/GiB\), the volume has 20Gi/);
    expect(() => new Cluster(chart, 'b', { teamId: 'acid', storageClass: gp3, storageClassName: 'other' })).toThrow(/both storageClass and storageClassName are set/);
  });
});
