/**
 * The number of pods the operator runs for a `postgresql` that asks for `requested`, under `min_instances` and
 * `max_instances` (negative: no limit). A standby of one pod is left alone; otherwise the maximum applies first,
 * then the minimum (pkg/cluster/k8sres.go getNumberOfInstances, v2.0.1). The ignore-limits annotation is the
 * caller's to check.
 */
export function operatorInstanceCount(requested: number, minInstances: number, maxInstances: number, standby: boolean): number {
  if (standby && requested === 1) return requested;
  let n = requested;
  if (maxInstances >= 0 && n > maxInstances) n = maxInstances;
  if (minInstances >= 0 && n < minInstances) n = minInstances;
  return n;
}
