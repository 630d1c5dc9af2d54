import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Cluster, ClusterSize, StorageKind, Workload } from '../../src';
import { PostgresTuning, tune } from '../../src/cluster/tuning';
import { newChart, only, synthValid } from '../support/synth';

const Gi = 2 ** 30;
const Mi = 2 ** 20;

/**
 * Expected values computed by hand from pgtune's formulas (le0pard/pgtune configurationSlice.js at 7caef27): shared_buffers = RAM/4,
 * effective_cache_size = 3/4 RAM, maintenance_work_mem = RAM/16 (dw RAM/8, capped at 8GB),
 * wal_buffers = 3% of shared_buffers (max 16MB), work_mem = (RAM - shared_buffers) /
 * ((max_connections + max_worker_processes) * 3) (halved for dw and mixed, at least 4MB).
 */
interface Row {
  name: string;
  memory: number;
  cpuMillis: number;
  workload: Workload;
  storage: StorageKind;
  hugePages?: boolean;
  expected: Record<string, string>;
}

const grid: Row[] = [
  {
    name: 'tiny pod: 256Mi, 250m, web, network storage (work_mem floor, no parallel settings)',
    memory: 256 * Mi,
    cpuMillis: 250,
    workload: Workload.WEB,
    storage: StorageKind.NETWORK,
    expected: {
      max_connections: '200',
      shared_buffers: '64MB',
      effective_cache_size: '192MB',
      maintenance_work_mem: '16MB',
      checkpoint_completion_target: '0.9',
      wal_buffers: '1966kB',
      default_statistics_target: '100',
      random_page_cost: '1.1',
      effective_io_concurrency: '300',
      min_wal_size: '1GB',
      max_wal_size: '4GB',
      huge_pages: 'off',
      work_mem: '4MB',
    },
  },
  {
    name: '1Gi, 500m, OLTP, SSD',
    memory: 1 * Gi,
    cpuMillis: 500,
    workload: Workload.OLTP,
    storage: StorageKind.SSD,
    expected: {
      max_connections: '300',
      shared_buffers: '256MB',
      effective_cache_size: '768MB',
      maintenance_work_mem: '64MB',
      checkpoint_completion_target: '0.9',
      wal_buffers: '7864kB',
      default_statistics_target: '100',
      random_page_cost: '1.1',
      effective_io_concurrency: '200',
      min_wal_size: '2GB',
      max_wal_size: '8GB',
      huge_pages: 'off',
      work_mem: '4MB',
    },
  },
  {
    name: '16Gi, 4 CPU, mixed, NVMe (parallel settings from 4 CPUs)',
    memory: 16 * Gi,
    cpuMillis: 4000,
    workload: Workload.MIXED,
    storage: StorageKind.NVME,
    expected: {
      max_connections: '100',
      shared_buffers: '4GB',
      effective_cache_size: '12GB',
      maintenance_work_mem: '1GB',
      checkpoint_completion_target: '0.9',
      wal_buffers: '16MB',
      default_statistics_target: '100',
      random_page_cost: '1.1',
      effective_io_concurrency: '1000',
      min_wal_size: '1GB',
      max_wal_size: '4GB',
      huge_pages: 'off',
      max_worker_processes: '4',
      max_parallel_workers_per_gather: '2',
      max_parallel_workers: '4',
      max_parallel_maintenance_workers: '2',
      work_mem: '20164kB',
    },
  },
  {
    name: '64Gi, 16 CPU, data warehouse, HDD (maintenance_work_mem cap, uncapped workers per gather)',
    memory: 64 * Gi,
    cpuMillis: 16000,
    workload: Workload.DATA_WAREHOUSE,
    storage: StorageKind.HDD,
    expected: {
      max_connections: '40',
      shared_buffers: '16GB',
      effective_cache_size: '48GB',
      maintenance_work_mem: '8GB',
      checkpoint_completion_target: '0.9',
      wal_buffers: '16MB',
      default_statistics_target: '500',
      random_page_cost: '4',
      effective_io_concurrency: '2',
      min_wal_size: '4GB',
      max_wal_size: '16GB',
      huge_pages: 'off',
      max_worker_processes: '16',
      max_parallel_workers_per_gather: '8',
      max_parallel_workers: '16',
      max_parallel_maintenance_workers: '4',
      work_mem: '149796kB',
      autovacuum_work_mem: '2GB',
      autovacuum_max_workers: '4',
    },
  },
  {
    name: 'huge pod: 256Gi, 64 CPU, web, SSD, huge pages requested',
    memory: 256 * Gi,
    cpuMillis: 64000,
    workload: Workload.WEB,
    storage: StorageKind.SSD,
    hugePages: true,
    expected: {
      max_connections: '200',
      shared_buffers: '64GB',
      effective_cache_size: '192GB',
      maintenance_work_mem: '8GB',
      checkpoint_completion_target: '0.9',
      wal_buffers: '16MB',
      default_statistics_target: '100',
      random_page_cost: '1.1',
      effective_io_concurrency: '200',
      min_wal_size: '1GB',
      max_wal_size: '4GB',
      huge_pages: 'try',
      max_worker_processes: '64',
      max_parallel_workers_per_gather: '4',
      max_parallel_workers: '64',
      max_parallel_maintenance_workers: '4',
      work_mem: '254200kB',
      autovacuum_work_mem: '2GB',
      autovacuum_max_workers: '5',
    },
  },
];

const WEB_SSD_17 = { workload: Workload.WEB, storage: StorageKind.SSD, pgMajor: 17, hugePagesRequested: false };

describe('tuning grid', () => {
  test.each(grid)('$name', ({ memory, cpuMillis, workload, storage, hugePages, expected }) => {
    // PostgreSQL 16: no io settings; wal_compression lz4; jit off except for data warehouses; a data warehouse on
    // non-HDD storage whose size is unknown keeps random_page_cost 4 (pgtune selectRandomPageCost)
    const dwExtra = workload === Workload.DATA_WAREHOUSE ? {} : { jit: 'off' };
    expect(tune({ memoryBytes: memory, cpuMillis, workload, storage, pgMajor: 16, hugePagesRequested: !!hugePages }))
      .toEqual({ ...expected, ...dwExtra, wal_compression: 'lz4' });
  });

  test('fractional CPUs round up (1500m counts as 2, no parallel settings below 4)', () => {
    const p = tune({ memoryBytes: 4 * Gi, cpuMillis: 1500, ...WEB_SSD_17 });
    expect(p.max_worker_processes).toBeUndefined();
    const p4 = tune({ memoryBytes: 4 * Gi, cpuMillis: 3500, ...WEB_SSD_17 });
    expect(p4.max_worker_processes).toBe('4');
  });

  test('wal_buffers between 14MB and 16MB round up to 16MB', () => {
    // shared_buffers 480MB -> 3% = 14745kB -> 16MB
    const p = tune({ memoryBytes: 1920 * Mi, cpuMillis: 1000, ...WEB_SSD_17 });
    expect(p.shared_buffers).toBe('480MB');
    expect(p.wal_buffers).toBe('16MB');
  });

  test('a Cluster tunes from the memory limit, not the request, and from the larger of CPU limit and request', () => {
    const { chart } = newChart();
    new Cluster(chart, 'main', {
      teamId: 'acid',
      size: ClusterSize.MEDIUM,
      resources: { memory: { request: Size.gibibytes(4), limit: Size.gibibytes(16) }, cpu: { request: Cpu.units(4), limit: Cpu.units(4) } },
      workload: Workload.MIXED,
      storageKind: StorageKind.NVME,
    });
    const params = only(synthValid(chart), 'postgresql').spec.postgresql.parameters;
    // the Cluster's default version is 18: io_method worker, no io_workers below 16 CPUs
    expect(params).toEqual({ password_encryption: 'scram-sha-256', ...grid[2].expected, jit: 'off', wal_compression: 'lz4', io_method: 'worker' });
  });
});

/**
 * The grid: memory x CPU x workload x storage x database size x version. The expectation restates pgtune's
 * selectors (configurationSlice.js) independently of src/cluster/tuning.ts, in bytes rather than kB, with the two
 * documented deviations (huge_pages, io_method).
 */
describe('grid against pgtune\'s formulas', () => {
  const MEMORY = [256 * Mi, 512 * Mi, 1 * Gi, 2 * Gi, 4 * Gi, 8 * Gi, 16 * Gi, 64 * Gi, 256 * Gi];
  const CPUS = [250, 1000, 2000, 4000, 16000, 64000];
  const WORKLOADS = [Workload.WEB, Workload.OLTP, Workload.DATA_WAREHOUSE, Workload.MIXED];
  const STORAGE = [StorageKind.HDD, StorageKind.SSD, StorageKind.NETWORK, StorageKind.NVME];
  const SIZES: Array<(m: number) => number | undefined> = [() => undefined, (m) => m / 2, (m) => m * 4];
  const VERSIONS = [14, 15, 16, 17, 18];

  /** bytes -> pgtune's rendering (GB/MB/kB whichever is exact) */
  const fmt = (bytes: number) =>
    bytes % Gi === 0 ? `${bytes / Gi}GB` : bytes % Mi === 0 ? `${bytes / Mi}MB` : `${bytes / 1024}kB`;
  const floorKb = (bytes: number) => Math.floor(bytes / 1024) * 1024;

  function expected(memory: number, cpuMillis: number, w: Workload, st: StorageKind, size: number | undefined,
    major: number) {
    const cpus = Math.max(1, Math.ceil(cpuMillis / 1000));
    const conns = { web: 200, oltp: 300, dw: 40, mixed: 100 }[w];
    const sb = floorKb(memory / 4);
    let mwm = floorKb(w === Workload.DATA_WAREHOUSE ? memory / 8 : memory / 16);
    if (mwm >= 8 * Gi) mwm = 8 * Gi;
    let wal = floorKb(sb * 0.03);
    if (wal > 16 * Mi) wal = 16 * Mi;
    if (wal > 14 * Mi && wal < 16 * Mi) wal = 16 * Mi;
    if (wal < 32 * 1024) wal = 32 * 1024;
    const fits = size !== undefined && size <= memory;
    const larger = size !== undefined && size > memory;
    const rpc = fits ? '1.1' : st === StorageKind.HDD ? '4' : w === Workload.DATA_WAREHOUSE ? '4' : '1.1';
    const out: Record<string, string> = {
      max_connections: `${conns}`,
      shared_buffers: fmt(sb),
      effective_cache_size: fmt(floorKb(memory * 0.75)),
      maintenance_work_mem: fmt(mwm),
      checkpoint_completion_target: '0.9',
      wal_buffers: fmt(wal),
      default_statistics_target: w === Workload.DATA_WAREHOUSE ? '500' : '100',
      random_page_cost: rpc,
      effective_io_concurrency: `${{ hdd: 2, ssd: 200, san: 300, nvme: 1000 }[st]}`,
      min_wal_size: { web: '1GB', oltp: '2GB', dw: '4GB', mixed: '1GB' }[w],
      max_wal_size: { web: '4GB', oltp: '8GB', dw: '16GB', mixed: '4GB' }[w],
      huge_pages: 'off',
      wal_compression: major >= 15 ? 'lz4' : 'on',
    };
    if (w !== Workload.DATA_WAREHOUSE) out.jit = 'off';
    let workers = 8;
    if (cpus >= 4) {
      workers = cpus;
      out.max_worker_processes = `${cpus}`;
      const perGather = Math.ceil(cpus / 2);
      out.max_parallel_workers_per_gather = `${w === Workload.DATA_WAREHOUSE ? perGather : Math.min(4, perGather)}`;
      out.max_parallel_workers = `${cpus}`;
      out.max_parallel_maintenance_workers = `${Math.min(4, Math.ceil(cpus / 2))}`;
    }
    const perConnKb = (memory / 1024 - sb / 1024) / ((conns + workers) * 3);
    let wm = Math.floor(w === Workload.DATA_WAREHOUSE || w === Workload.MIXED ? perConnKb / 2 : perConnKb);
    if (fits) wm = Math.floor(wm * 1.3);
    if (larger) wm = Math.floor(wm * 0.9);
    out.work_mem = fmt(Math.max(wm, 4096) * 1024);
    if (mwm >= 2 * Gi) out.autovacuum_work_mem = '2GB';
    if (cpus >= 32) out.autovacuum_max_workers = '5';
    else if (cpus >= 16) out.autovacuum_max_workers = '4';
    if (major >= 18) {
      out.io_method = 'worker';
      if (Math.floor(cpus / 4) > 3) out.io_workers = `${Math.min(32, Math.floor(cpus / 4))}`;
    }
    return out;
  }

  test.each(VERSIONS)('PostgreSQL %i: every point of 9 memory x 6 CPU x 4 workload x 4 storage x 3 database sizes', (major) => {
    for (const memory of MEMORY) {
      for (const cpuMillis of CPUS) {
        for (const workload of WORKLOADS) {
          for (const storage of STORAGE) {
            for (const size of SIZES) {
              const databaseSizeBytes = size(memory);
              const input = { memoryBytes: memory, cpuMillis, workload, storage, pgMajor: major, databaseSizeBytes, hugePagesRequested: false };
              expect([input, tune(input)]).toEqual([input, expected(memory, cpuMillis, workload, storage, databaseSizeBytes, major)]);
            }
          }
        }
      }
    }
  });

  test('data warehouse: random_page_cost 4 on any storage unless the data fits in RAM', () => {
    const base = { memoryBytes: 16 * Gi, cpuMillis: 4000, workload: Workload.DATA_WAREHOUSE, pgMajor: 17, hugePagesRequested: false };
    for (const storage of [StorageKind.SSD, StorageKind.NVME, StorageKind.NETWORK, StorageKind.HDD]) {
      expect(tune({ ...base, storage }).random_page_cost).toBe('4');
      expect(tune({ ...base, storage, databaseSizeBytes: 64 * Gi }).random_page_cost).toBe('4');
      expect(tune({ ...base, storage, databaseSizeBytes: 8 * Gi }).random_page_cost).toBe('1.1');
    }
    // other workloads: 4 only on HDD, and not even there when the data fits in RAM
    expect(tune({ ...base, workload: Workload.OLTP, storage: StorageKind.SSD }).random_page_cost).toBe('1.1');
    expect(tune({ ...base, workload: Workload.OLTP, storage: StorageKind.HDD }).random_page_cost).toBe('4');
    expect(tune({ ...base, workload: Workload.OLTP, storage: StorageKind.HDD, databaseSizeBytes: Gi }).random_page_cost).toBe('1.1');
  });

  test('database size moves work_mem: +30% when it fits in RAM, -10% when it does not (16Gi, 4 CPU, web)', () => {
    const base = { memoryBytes: 16 * Gi, cpuMillis: 4000, workload: Workload.WEB, storage: StorageKind.SSD, pgMajor: 18, hugePagesRequested: false };
    // (16GiB - 4GiB) in kB / ((200 + 4) * 3) = 12582912 / 612 = 20560.3 -> 20560kB
    expect(tune(base).work_mem).toBe('20560kB');
    expect(tune({ ...base, databaseSizeBytes: 10 * Gi }).work_mem).toBe('26728kB'); // floor(20560 * 1.3)
    expect(tune({ ...base, databaseSizeBytes: 100 * Gi }).work_mem).toBe('18504kB'); // floor(20560 * 0.9)
  });

  test('PostgreSQL 18: io_method worker (deviation from pgtune\'s io_uring), io_workers a quarter of the CPUs above 3', () => {
    const base = { memoryBytes: 64 * Gi, workload: Workload.OLTP, storage: StorageKind.NVME, pgMajor: 18, hugePagesRequested: true };
    expect(tune({ ...base, cpuMillis: 8000 })).toMatchObject({ io_method: 'worker', huge_pages: 'try' });
    expect(tune({ ...base, cpuMillis: 8000 }).io_workers).toBeUndefined();
    expect(tune({ ...base, cpuMillis: 16000 }).io_workers).toBe('4');
    expect(tune({ ...base, cpuMillis: 256000 }).io_workers).toBe('32');
    expect(tune({ ...base, cpuMillis: 16000, pgMajor: 17 }).io_method).toBeUndefined();
    expect(tune({ ...base, cpuMillis: 16000, pgMajor: 14 }).wal_compression).toBe('on');
  });

  test('PostgresTuning.recommend is the jsii face of the same tuning', () => {
    const input = {
      memoryBytes: 8 * Gi, cpuMillis: 2000, workload: Workload.MIXED, storage: StorageKind.NETWORK, pgMajor: 16, hugePagesRequested: false,
    };
    expect(PostgresTuning.recommend(input)).toEqual(tune(input));
  });
});
