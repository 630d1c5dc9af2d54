import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';

/**
 * Capacity presets from the sizing table of the project's seed guide (CPU, memory, storage, instances).
 * Requests equal limits, so that PostgreSQL pods get the Guaranteed QoS class and the tuning
 * derived from the memory limit is memory the pod really has.
 */
export class ClusterSize {
  /** Development: 500m CPU, 1Gi memory, 10Gi storage, 1 instance. */
  public static readonly DEVELOPMENT = new ClusterSize('development', Cpu.millis(500), Size.gibibytes(1), Size.gibibytes(10), 1);
  /** Small production: 2 cores, 8Gi memory, 50Gi storage, 3 instances. */
  public static readonly SMALL = new ClusterSize('small', Cpu.units(2), Size.gibibytes(8), Size.gibibytes(50), 3);
  /** Medium production: 4 cores, 16Gi memory, 200Gi storage, 3 instances. */
  public static readonly MEDIUM = new ClusterSize('medium', Cpu.units(4), Size.gibibytes(16), Size.gibibytes(200), 3);
  /** Large production: 8 cores, 32Gi memory, 500Gi storage, 5 instances. */
  public static readonly LARGE = new ClusterSize('large', Cpu.units(8), Size.gibibytes(32), Size.gibibytes(500), 5);
  /** Enterprise / analytics: 16 cores, 64Gi memory, 1Ti storage, 5 instances. */
  public static readonly ENTERPRISE = new ClusterSize('enterprise', Cpu.units(16), Size.gibibytes(64), Size.tebibytes(1), 5);

  /** A custom preset. */
  public static custom(name: string, cpu: Cpu, memory: Size, storage: Size, instances: number): ClusterSize {
    return new ClusterSize(name, cpu, memory, storage, instances);
  }

  private constructor(
    /** Name of the preset. */
    public readonly name: string,
    /** CPU request and limit of the postgres container. */
    public readonly cpu: Cpu,
    /** Memory request and limit of the postgres container. */
    public readonly memory: Size,
    /** Volume size per instance. */
    public readonly storage: Size,
    /** Number of instances. */
    public readonly instances: number,
  ) {}
}
