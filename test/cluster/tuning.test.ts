import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Cluster, ClusterSize, StorageKind, Workload } from '../../src';
import { tune } from '../../src/cluster/tuning';
import { newChart, only, synthValid } from '../support/synth';

const Gi = 2 ** 30;
const Mi = 2 ** 20;

/**
 * Expected values computed by hand from pgtune's formulas (le0pard/pgtune, 2025): shared_buffers = RAM/4,
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

describe('tuning grid', () => {
  test.each(grid)('$name', ({ memory, cpuMillis, workload, storage, hugePages, expected }) => {
    expect(tune({ memoryBytes: memory, cpuMillis, workload, storage, hugePagesRequested: !!hugePages })).toEqual(expected);
  });

  test('fractional CPUs round up (1500m counts as 2, no parallel settings below 4)', () => {
    const p = tune({ memoryBytes: 4 * Gi, cpuMillis: 1500, workload: Workload.WEB, storage: StorageKind.SSD, hugePagesRequested: false });
    expect(p.max_worker_processes).toBeUndefined();
    const p4 = tune({ memoryBytes: 4 * Gi, cpuMillis: 3500, workload: Workload.WEB, storage: StorageKind.SSD, hugePagesRequested: false });
    expect(p4.max_worker_processes).toBe('4');
  });

  test('wal_buffers between 14MB and 16MB round up to 16MB', () => {
    // shared_buffers 480MB -> 3% = 14745kB -> 16MB
    const p = tune({ memoryBytes: 1920 * Mi, cpuMillis: 1000, workload: Workload.WEB, storage: StorageKind.SSD, hugePagesRequested: false });
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
    expect(params).toEqual({ password_encryption: 'scram-sha-256', ...grid[2].expected });
  });
});
