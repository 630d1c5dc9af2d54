import { formatPgKilobytes } from '../validation/quantity';

/** The kind of workload the tuning is derived for (pgtune's "DB type"). */
export enum Workload {
  /** Web applications: many short queries, 200 connections. */
  WEB = 'web',
  /** Online transaction processing: 300 connections, larger WAL. */
  OLTP = 'oltp',
  /** Data warehouse / analytics: 40 connections, large work_mem, statistics and WAL. */
  DATA_WAREHOUSE = 'dw',
  /** Mixed workloads: 100 connections. */
  MIXED = 'mixed',
}

/** The kind of storage under the data volume. */
export enum StorageKind {
  /** Local SSD. */
  SSD = 'ssd',
  /** Local NVMe. */
  NVME = 'nvme',
  /** Spinning disks. */
  HDD = 'hdd',
  /** Network block storage (EBS, Persistent Disk, Azure Disk, Longhorn, Ceph): pgtune's "SAN". */
  NETWORK = 'san',
}

/** Inputs of the tuning. */
export interface TuningInput {
  /** Memory available to PostgreSQL in bytes (the container's memory limit). */
  readonly memoryBytes: number;
  /** CPUs available (the container's CPU limit, else its request), in millicores. */
  readonly cpuMillis: number;
  /** Workload kind. */
  readonly workload: Workload;
  /** Storage kind. */
  readonly storage: StorageKind;
  /**
   * max_connections, if the user chose it.
   * @default - by workload: web 200, oltp 300, dw 40, mixed 100
   */
  readonly maxConnections?: number;
  /** Whether the container requests huge pages (hugepages-2Mi or hugepages-1Gi). */
  readonly hugePagesRequested: boolean;
}

const KB = 1;
const MB = 1024 * KB;
const GB = 1024 * MB;

const DEFAULT_MAX_CONNECTIONS: Record<Workload, number> = {
  [Workload.WEB]: 200,
  [Workload.OLTP]: 300,
  [Workload.DATA_WAREHOUSE]: 40,
  [Workload.MIXED]: 100,
};
const MIN_WAL: Record<Workload, number> = {
  [Workload.WEB]: 1 * GB,
  [Workload.OLTP]: 2 * GB,
  [Workload.DATA_WAREHOUSE]: 4 * GB,
  [Workload.MIXED]: 1 * GB,
};
const MAX_WAL: Record<Workload, number> = {
  [Workload.WEB]: 4 * GB,
  [Workload.OLTP]: 8 * GB,
  [Workload.DATA_WAREHOUSE]: 16 * GB,
  [Workload.MIXED]: 4 * GB,
};
const RANDOM_PAGE_COST: Record<StorageKind, string> = {
  [StorageKind.HDD]: '4',
  [StorageKind.SSD]: '1.1',
  [StorageKind.NETWORK]: '1.1',
  [StorageKind.NVME]: '1.1',
};
const EFFECTIVE_IO_CONCURRENCY: Record<StorageKind, number> = {
  [StorageKind.HDD]: 2,
  [StorageKind.SSD]: 200,
  [StorageKind.NETWORK]: 300,
  [StorageKind.NVME]: 1000,
};

/**
 * PostgreSQL parameters derived from the container's resources, following pgtune (le0pard/pgtune,
 * Linux, the 2025 formulas) with one Kubernetes-specific change: `huge_pages` is `try` only when the
 * container requests huge pages, and `off` otherwise, because a pod without a hugetlb allowance can be
 * killed with SIGBUS when PostgreSQL maps huge pages the node has but the pod may not use.
 *
 * All sizes are in kB internally and rendered with pgtune's units (GB, MB or kB, whichever is exact).
 */
export function tune(input: TuningInput): Record<string, string> {
  const totalKb = Math.floor(input.memoryBytes / 1024);
  const cpus = Math.max(1, Math.ceil(input.cpuMillis / 1000));
  const w = input.workload;
  const dw = w === Workload.DATA_WAREHOUSE;
  const maxConnections = input.maxConnections ?? DEFAULT_MAX_CONNECTIONS[w];

  const sharedBuffers = Math.floor(totalKb / 4);
  const effectiveCacheSize = Math.floor((totalKb * 3) / 4);
  let maintenanceWorkMem = dw ? Math.floor(totalKb / 8) : Math.floor(totalKb / 16);
  if (maintenanceWorkMem >= 8 * GB) maintenanceWorkMem = 8 * GB;

  let walBuffers = Math.floor((3 * sharedBuffers) / 100);
  if (walBuffers > 16 * MB) walBuffers = 16 * MB;
  if (walBuffers > 14 * MB && walBuffers < 16 * MB) walBuffers = 16 * MB;
  if (walBuffers < 32) walBuffers = 32;

  const params: Record<string, string> = {
    max_connections: `${maxConnections}`,
    shared_buffers: formatPgKilobytes(sharedBuffers),
    effective_cache_size: formatPgKilobytes(effectiveCacheSize),
    maintenance_work_mem: formatPgKilobytes(maintenanceWorkMem),
    checkpoint_completion_target: '0.9',
    wal_buffers: formatPgKilobytes(walBuffers),
    default_statistics_target: dw ? '500' : '100',
    random_page_cost: RANDOM_PAGE_COST[input.storage],
    effective_io_concurrency: `${EFFECTIVE_IO_CONCURRENCY[input.storage]}`,
    min_wal_size: formatPgKilobytes(MIN_WAL[w]),
    max_wal_size: formatPgKilobytes(MAX_WAL[w]),
    huge_pages: input.hugePagesRequested ? 'try' : 'off',
  };

  // Parallel query settings from 4 CPUs on; below that PostgreSQL's defaults stay.
  let workerProcesses = 8; // PostgreSQL's default max_worker_processes
  if (cpus >= 4) {
    workerProcesses = cpus;
    const perGather = Math.ceil(cpus / 2);
    params.max_worker_processes = `${cpus}`;
    params.max_parallel_workers_per_gather = `${dw ? perGather : Math.min(perGather, 4)}`;
    params.max_parallel_workers = `${cpus}`;
    params.max_parallel_maintenance_workers = `${Math.min(Math.ceil(cpus / 2), 4)}`;
  }

  // (RAM - shared_buffers) / ((max_connections + max_worker_processes) * 3), halved for dw and mixed,
  // at least 4MB.
  const workMemBase = (totalKb - sharedBuffers) / ((maxConnections + workerProcesses) * 3);
  let workMem = Math.floor(dw || w === Workload.MIXED ? workMemBase / 2 : workMemBase);
  if (workMem < 4 * MB) workMem = 4 * MB;
  params.work_mem = formatPgKilobytes(workMem);

  // Autovacuum workers each may use maintenance_work_mem: cap them at 2GB.
  if (maintenanceWorkMem >= 2 * GB) params.autovacuum_work_mem = formatPgKilobytes(2 * GB);
  if (cpus >= 32) params.autovacuum_max_workers = '5';
  else if (cpus >= 16) params.autovacuum_max_workers = '4';

  return params;
}
