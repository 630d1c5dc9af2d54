import { k8s } from 'cdk8s-plus-28';

/**
 * An extra volume mounted into the Spilo container (and, with `targetContainers`, into sidecars).
 * Exactly one source must be given.
 */
export interface AdditionalVolume {
  /** Volume name. */
  readonly name: string;
  /** Where it is mounted. */
  readonly mountPath: string;
  /**
   * Sub-path of the volume to mount.
   * @default - the whole volume
   */
  readonly subPath?: string;
  /**
   * Whether `subPath` is an expression with `$(VAR)` references.
   * @default false
   */
  readonly isSubPathExpr?: boolean;
  /**
   * Containers to mount it into (`all` for every container).
   * @default - the postgres container only
   */
  readonly targetContainers?: string[];
  /** Source: a Secret. @default - not a Secret */
  readonly secret?: k8s.SecretVolumeSource;
  /** Source: a ConfigMap. @default - not a ConfigMap */
  readonly configMap?: k8s.ConfigMapVolumeSource;
  /** Source: an emptyDir. @default - not an emptyDir */
  readonly emptyDir?: k8s.EmptyDirVolumeSource;
  /** Source: a PersistentVolumeClaim. @default - not a PVC */
  readonly persistentVolumeClaim?: k8s.PersistentVolumeClaimVolumeSource;
  /** Source: a projected volume (e.g. a service account token). @default - not projected */
  readonly projected?: k8s.ProjectedVolumeSource;
  /** Source: a CSI volume (e.g. the Secrets Store CSI driver). @default - not CSI */
  readonly csi?: k8s.CsiVolumeSource;
}
