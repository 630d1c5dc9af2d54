import { k8s, ContainerResources } from 'cdk8s-plus-28';

/** Network protocol of a sidecar port. */
export enum PortProtocol {
  TCP = 'TCP',
  UDP = 'UDP',
  SCTP = 'SCTP',
}

/** A named port of a sidecar. */
export interface SidecarPort {
  /** Port name (IANA_SVC_NAME: up to 15 lower-case letters, digits and `-`). */
  readonly name: string;
  /** Port number. */
  readonly containerPort: number;
  /**
   * Protocol. Always rendered: a port without it makes the operator see a difference from the
   * API server's defaulted spec on every sync and roll the pods.
   * @default PortProtocol.TCP
   */
  readonly protocol?: PortProtocol;
}

/**
 * A container that runs next to Spilo in every pod. The operator injects `POD_NAME`, `POD_NAMESPACE`,
 * `POSTGRES_USER` and `POSTGRES_PASSWORD` (from the superuser Secret) and mounts pgdata.
 * The CRD has no `args`, `volumeMounts` or probes for sidecars.
 */
export interface Sidecar {
  /** Container name. */
  readonly name: string;
  /** Image, pinned to a tag or digest. */
  readonly image: string;
  /**
   * Command (entrypoint and its arguments).
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * Environment. Credentials must come from `valueFrom.secretKeyRef` or `$(POSTGRES_PASSWORD)`.
   * @default - none besides what the operator injects
   */
  readonly env?: k8s.EnvVar[];
  /**
   * Ports.
   * @default - none
   */
  readonly ports?: SidecarPort[];
  /**
   * Resources. Always rendered.
   * @default - requests 10m CPU / 32Mi, limits 200m CPU / 128Mi
   */
  readonly resources?: ContainerResources;
}
