import { k8s } from 'cdk8s-plus-28';

/** How the Spilo pods of a cluster are spread over failure domains. */
export class TopologySpread {
  /**
   * One pod per node at most (hard: `DoNotSchedule` on `kubernetes.io/hostname`) and an even spread over
   * zones where possible (soft: `ScheduleAnyway` on `topology.kubernetes.io/zone`). The default.
   */
  public static zonesAndHosts(): TopologySpread {
    return new TopologySpread([
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' },
    ]);
  }

  /** Zones and hosts, both hard (`DoNotSchedule`): pods stay Pending rather than share a zone unevenly. */
  public static strictZonesAndHosts(): TopologySpread {
    return new TopologySpread([
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' },
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' },
    ]);
  }

  /** No topology spread constraints. */
  public static none(): TopologySpread {
    return new TopologySpread([]);
  }

  /**
   * Your own constraints. A constraint without `labelSelector` gets the cluster's pod selector
   * (the operator's own attempt to add it has no effect).
   */
  public static custom(constraints: k8s.TopologySpreadConstraint[]): TopologySpread {
    return new TopologySpread(constraints);
  }

  private constructor(
    /** The constraints, without the cluster's label selector. */
    public readonly constraints: k8s.TopologySpreadConstraint[],
  ) {}
}
