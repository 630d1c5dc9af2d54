/** Resolution and validation of the postgres container's resources. */
import { Size } from 'cdk8s';
import { ContainerResources, Cpu } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { ClusterSize } from './size-preset';
import { checkCpuQuantity, checkSize } from '../validation/checks';
import { fail } from '../validation/errors';
import { bytesToQuantity, cpuMillis } from '../validation/quantity';
import { RuleCode } from '../validation/rule-code';

const MiB = 2 ** 20;
const GiB = 2 ** 30;
const TiB = 2 ** 40;

/** The resources of the postgres container as rendered, with the numbers the tuning needs. */
export interface ResolvedResources {
  readonly requests: Record<string, string>;
  readonly limits: Record<string, string>;
  readonly memoryLimitBytes: number;
  readonly cpuMillis: number;
  readonly hugePages: boolean;
}

function checkCpu(scope: IConstruct, property: string, cpu: Cpu): number {
  return cpuMillis(checkCpuQuantity(scope, property, cpu?.amount));
}

function hugePages(scope: IConstruct, property: string, size: Size | undefined, pageBytes: number): string | undefined {
  if (size === undefined) return undefined;
  const bytes = checkSize(scope, property, size, pageBytes, TiB, `use a whole number of ${bytesToQuantity(pageBytes)} pages, e.g. Size.gibibytes(2).`);
  if (bytes % pageBytes !== 0) {
    fail(scope, {
      rule: RuleCode.RESOURCES_INVALID,
      property,
      problem: 'huge pages are requested in whole pages.',
      value: bytesToQuantity(bytes),
      allowed: `multiples of ${bytesToQuantity(pageBytes)}`,
      fix: 'round the size to whole pages.',
    });
  }
  return bytesToQuantity(bytes);
}

/** The postgres container's resources: the preset, overridden by `resources`. Requests never above limits. */
export function resolveResources(scope: IConstruct, resources: ContainerResources | undefined, preset: ClusterSize,
  hugePages2Mi: Size | undefined, hugePages1Gi: Size | undefined): ResolvedResources {
  const r = resources ?? {};
  const presetCpu = checkCpu(scope, 'size.cpu', preset.cpu);
  const presetMem = checkSize(scope, 'size.memory', preset.memory, 64 * MiB, TiB, 'use at least Size.mebibytes(64).');
  const cpuRequest = r.cpu?.request ? checkCpu(scope, 'resources.cpu.request', r.cpu.request) : undefined;
  const cpuLimit = r.cpu?.limit ? checkCpu(scope, 'resources.cpu.limit', r.cpu.limit) : undefined;
  const memFix = 'use e.g. Size.gibibytes(4) (at least 64Mi).';
  const memRequest = r.memory?.request ? checkSize(scope, 'resources.memory.request', r.memory.request, 64 * MiB, TiB, memFix) : undefined;
  const memLimit = r.memory?.limit ? checkSize(scope, 'resources.memory.limit', r.memory.limit, 64 * MiB, TiB, memFix) : undefined;

  // Without a limit, the limit is the preset's, raised to the request when the request is larger.
  const cpuReqText = r.cpu?.request?.amount ?? preset.cpu.amount;
  const cpuLimText = r.cpu?.limit?.amount ?? ((cpuRequest ?? 0) > presetCpu ? r.cpu!.request!.amount : preset.cpu.amount);
  const cpuReq = cpuRequest ?? presetCpu;
  const cpuLim = cpuLimit ?? Math.max(cpuReq, presetCpu);
  const memReq = memRequest ?? presetMem;
  const memLim = memLimit ?? Math.max(memReq, presetMem);
  if (cpuReq > cpuLim) {
    fail(scope, {
      rule: RuleCode.RESOURCES_INVALID,
      property: 'resources.cpu',
      problem: 'the CPU request is above the limit; Kubernetes rejects the pod.',
      value: `request ${cpuReqText}, limit ${cpuLimText}`,
      fix: 'raise the limit or lower the request.',
    });
  }
  if (memReq > memLim) {
    fail(scope, {
      rule: RuleCode.RESOURCES_INVALID,
      property: 'resources.memory',
      problem: 'the memory request is above the limit; Kubernetes rejects the pod.',
      value: `request ${bytesToQuantity(memReq)}, limit ${bytesToQuantity(memLim)}`,
      fix: 'raise the limit or lower the request.',
    });
  }
  const requests: Record<string, string> = { cpu: cpuReqText, memory: bytesToQuantity(memReq) };
  const limits: Record<string, string> = { cpu: cpuLimText, memory: bytesToQuantity(memLim) };
  const h2 = hugePages(scope, 'hugePages2Mi', hugePages2Mi, 2 * MiB);
  const h1 = hugePages(scope, 'hugePages1Gi', hugePages1Gi, GiB);
  if (h2) requests['hugepages-2Mi'] = limits['hugepages-2Mi'] = h2;
  if (h1) requests['hugepages-1Gi'] = limits['hugepages-1Gi'] = h1;
  return { requests, limits, memoryLimitBytes: memLim, cpuMillis: Math.max(cpuLim, cpuReq), hugePages: !!(h1 || h2) };
}
