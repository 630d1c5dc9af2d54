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

/** Inputs of the tuning (pgtune's form, for a Kubernetes pod). */
export interface TuningInput {
  /** Memory available to PostgreSQL in bytes (the container's memory limit). */
  readonly memoryBytes: number;
  /** CPUs available (the container's CPU limit, else its request), in millicores. */
  readonly cpuMillis: number;
  /** Workload kind. */
  readonly workload: Workload;
  /** Storage kind. */
  readonly storage: StorageKind;
  /** PostgreSQL major version (14-18): wal_compression, io_method and io_workers depend on it. */
  readonly pgMajor: number;
  /**
   * Expected database size in bytes: pgtune's "DB size" choice. At most the memory: the data fits in RAM
   * (random_page_cost 1.1 on any storage, work_mem +30%); more than the memory: it does not (work_mem -10%).
   * @default - unknown: pgtune's default choice (no work_mem adjustment; data-warehouse random_page_cost 4)
   */
  readonly databaseSizeBytes?: number;
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
const EFFECTIVE_IO_CONCURRENCY: Record<StorageKind, number> = {
  [StorageKind.HDD]: 2,
  [StorageKind.SSD]: 200,
  [StorageKind.NETWORK]: 300,
  [StorageKind.NVME]: 1000,
};

/** pgtune's "DB size" choices (DB_SIZE_LESS_RAM / _MID_RAM / _GREATER_RAM). */
enum DbSize { LESS_THAN_RAM, UNKNOWN, GREATER_THAN_RAM }

function dbSize(input: TuningInput): DbSize {
  if (input.databaseSizeBytes === undefined) return DbSize.UNKNOWN;
  return input.databaseSizeBytes <= input.memoryBytes ? DbSize.LESS_THAN_RAM : DbSize.GREATER_THAN_RAM;
}

/** pgtune selectRandomPageCost. */
function randomPageCost(input: TuningInput, size: DbSize): string {
  // the whole database is served from the page cache: seeks do not matter, even on HDD
  if (size === DbSize.LESS_THAN_RAM) return '1.1';
  if (input.storage === StorageKind.HDD) return '4';
  // a data warehouse that does not fit in RAM keeps PostgreSQL's default, so that large reads stay sequential
  if (input.workload === Workload.DATA_WAREHOUSE) return '4';
  return '1.1';
}

/**
 * PostgreSQL parameters derived from the container's resources, following current pgtune (le0pard/pgtune,
 * `src/features/configuration/configurationSlice.js`, Linux, at 7caef27 of 2026-07-30) for PostgreSQL 14-18,
 * with these deliberate deviations for Kubernetes:
 *
 * - `huge_pages` is `try` only when the container requests huge pages, `off` otherwise (pgtune: `try` from 2GB of
 *   shared_buffers): a pod without a hugetlb allowance can be killed with SIGBUS when PostgreSQL maps huge pages
 *   the node has but the pod may not use.
 * - `io_method` (PostgreSQL 18) is `worker`, PostgreSQL's default (pgtune: `io_uring` on Linux): the default
 *   seccomp profiles of container runtimes block the io_uring system calls, and PostgreSQL then refuses to start.
 *   io_workers follows pgtune, which sizes it for the worker method.
 *
 * All sizes are in kB internally and rendered with pgtune's units (GB, MB or kB, whichever is exact).
 * Internal to the library (the Cluster calls it); other code uses PostgresTuning.recommend.
 */
export function tune(input: TuningInput): Record<string, string> {
  const totalKb = Math.floor(input.memoryBytes / 1024);
  const cpus = Math.max(1, Math.ceil(input.cpuMillis / 1000));
  const w = input.workload;
  const dw = w === Workload.DATA_WAREHOUSE;
  const size = dbSize(input);
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
    random_page_cost: randomPageCost(input, size),
    effective_io_concurrency: `${EFFECTIVE_IO_CONCURRENCY[input.storage]}`,
    min_wal_size: formatPgKilobytes(MIN_WAL[w]),
    max_wal_size: formatPgKilobytes(MAX_WAL[w]),
    // deviation: see above
    huge_pages: input.hugePagesRequested ? 'try' : 'off',
    // pgtune selectWalCompression: lz4 from 15 (PGDG builds have lz4), pglz ("on") before
    wal_compression: input.pgMajor >= 15 ? 'lz4' : 'on',
  };
  // pgtune selectJit: JIT off for short queries; data warehouses keep PostgreSQL's default
  if (!dw) params.jit = 'off';

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
  // +30% when the data fits in RAM, -10% when it does not, at least 4MB.
  const workMemBase = (totalKb - sharedBuffers) / ((maxConnections + workerProcesses) * 3);
  let workMem = Math.floor(dw || w === Workload.MIXED ? workMemBase / 2 : workMemBase);
  if (size === DbSize.LESS_THAN_RAM) workMem = Math.floor(workMem * 1.3);
  else if (size === DbSize.GREATER_THAN_RAM) workMem = Math.floor(workMem * 0.9);
  if (workMem < 4 * MB) workMem = 4 * MB;
  params.work_mem = formatPgKilobytes(workMem);

  // Autovacuum workers each may use maintenance_work_mem: cap them at 2GB.
  if (maintenanceWorkMem >= 2 * GB) params.autovacuum_work_mem = formatPgKilobytes(2 * GB);
  if (cpus >= 32) params.autovacuum_max_workers = '5';
  else if (cpus >= 16) params.autovacuum_max_workers = '4';

  if (input.pgMajor >= 18) {
    // deviation: see above (pgtune selectIoMethod says io_uring)
    params.io_method = 'worker';
    // pgtune selectIoWorkers: a quarter of the cores, 3 to 32, only when above the default 3
    const ioWorkers = Math.min(32, Math.max(3, Math.floor(cpus / 4)));
    if (ioWorkers > 3) params.io_workers = `${ioWorkers}`;
  }
  return params;
}

/**
 * PostgreSQL parameters recommended for a pod's resources, workload, storage and version: current pgtune's
 * formulas with the Kubernetes deviations documented on the README (huge_pages only with huge pages requested,
 * io_method worker). The Cluster applies them unless `autoTune` is false; explicit `parameters` always win.
 */
export class PostgresTuning {
  /** The recommended parameters (name -> value as PostgreSQL accepts it). */
  public static recommend(input: TuningInput): Record<string, string> {
    return tune(input);
  }

  private constructor() {}
}
