import { Size } from 'cdk8s';
import { bytesOf } from './checks';
import { Patterns } from './patterns';

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** Bytes of a cdk8s Size (NaN when not finite). */
export function sizeToBytes(size: Size): number {
  return bytesOf(size);
}

/**
 * Renders a Size as a Kubernetes quantity in the largest binary unit that represents it exactly
 * (`16Gi`, `1536Mi`, `100Ki`), or in bytes. Callers validate the size first (`checkSize`).
 */
export function sizeToQuantity(size: Size): string {
  return bytesToQuantity(bytesOf(size));
}

/** Renders bytes as a Kubernetes quantity (see `sizeToQuantity`). */
export function bytesToQuantity(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return `${bytes}`;
  for (const unit of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
    const n = bytes / BINARY[unit];
    if (n >= 1 && Number.isInteger(n)) return `${n}${unit}`;
  }
  return `${Math.round(bytes)}`;
}

/** Bytes of a Kubernetes memory quantity string (`16Gi`, `500M`, `1e9`). NaN if it is not one the CRD accepts. */
export function memoryBytes(q: string | undefined): number {
  if (typeof q !== 'string' || !Patterns.MEMORY.test(q)) return NaN;
  const m = /^(\d+(?:\.\d+)?)(?:e(\d+))?([EPTGMK]i?)?$/.exec(q);
  if (!m) return NaN;
  let n = Number(m[1]) * (m[2] ? 10 ** Number(m[2]) : 1);
  const unit = m[3];
  if (unit) n *= unit.endsWith('i') ? BINARY[unit] : DECIMAL[unit];
  return n;
}

/** Millicores of a CPU quantity string the CRD accepts (`500m`, `2`, `1.5`); NaN otherwise. */
export function cpuMillis(q: string | undefined): number {
  if (typeof q !== 'string' || !Patterns.CPU.test(q)) return NaN;
  return q.endsWith('m') ? Number(q.slice(0, -1)) : Math.round(Number(q) * 1000);
}

/** Renders kibibytes as PostgreSQL does in pgtune: GB, MB or kB, whichever is exact. */
export function formatPgKilobytes(kb: number): string {
  const v = Math.floor(kb);
  if (v % (1024 * 1024) === 0) return `${v / (1024 * 1024)}GB`;
  if (v % 1024 === 0) return `${v / 1024}MB`;
  return `${v}kB`;
}

/** Millicores of a cdk8s-plus Cpu. NaN when its amount is not a CPU quantity the CRD accepts. */
export function cpuToMillis(cpu: { readonly amount: string }): number {
  return cpuMillis(cpu?.amount);
}
