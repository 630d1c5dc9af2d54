/** How a Service the operator creates (primary, replicas, poolers) is exposed. */
export class ServiceExposure {
  /** Inside the cluster only (type ClusterIP). Rendered explicitly, because the operator's own default for the primary is a LoadBalancer. */
  public static clusterIp(): ServiceExposure {
    return new ServiceExposure(false, false);
  }

  /** A cloud load balancer. The cluster must set `allowedSourceRanges`. */
  public static loadBalancer(): ServiceExposure {
    return new ServiceExposure(true, false);
  }

  /**
   * A NodePort. The port is auto-assigned unless given (30000-32767).
   */
  public static nodePort(port?: number): ServiceExposure {
    return new ServiceExposure(false, true, port);
  }

  private constructor(
    /** Whether the Service is a LoadBalancer. */
    public readonly isLoadBalancer: boolean,
    /** Whether the Service is a NodePort. */
    public readonly isNodePort: boolean,
    /** The NodePort number, if fixed. */
    public readonly nodePortNumber?: number,
  ) {}
}
