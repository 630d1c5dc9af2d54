/**
 * The node-local token endpoints that keyless credentials need (PLATFORM-FACTS §1): a default-deny egress
 * policy cuts them off, while IRSA, Azure service principals and static keys only need 443 (STS, Entra ID, the
 * store), which the object storage rule already opens.
 */
import { BackupCredentials, BackupCredentialsKind } from './credentials';

/**
 * The GKE dataplane, which decides where a NetworkPolicy must let pods reach the GKE metadata server (GKE
 * Workload Identity). Google: "If you have a strict cluster network policy in place, you must allow egress to
 * 169.254.169.252/32 on port 988. For clusters running GKE Dataplane V2, ensure that you allowed egress to
 * 169.254.169.254/32 on port 80." (About Workload Identity Federation for GKE; Dataplane V2 evaluates policy
 * before the metadata server's NAT.)
 */
export enum GkeDataplane {
  /** GKE Dataplane V2 (always on Autopilot): 169.254.169.254/32 on TCP 80. */
  V2 = 'v2',
  /** The legacy dataplane with Calico network policy (GKE 1.21.0-gke.1000 and later): 169.254.169.252/32 on TCP 988. */
  LEGACY = 'legacy',
}

/** One node-local endpoint a credential kind needs. */
export interface MetadataEndpoint {
  /** The address, as a /32 CIDR. */
  readonly cidr: string;
  /** The TCP port. */
  readonly port: number;
}

const GKE_V2: MetadataEndpoint = { cidr: '169.254.169.254/32', port: 80 };
const GKE_LEGACY: MetadataEndpoint = { cidr: '169.254.169.252/32', port: 988 };
/** Azure IMDS: `http://169.254.169.254/metadata/identity/oauth2/token` (PLATFORM-FACTS §1b). */
const AZURE_IMDS: MetadataEndpoint = { cidr: '169.254.169.254/32', port: 80 };

/**
 * The node-local endpoints WAL-G needs for these credentials: GKE Workload Identity the metadata server of the
 * dataplane (both when it is not known), the Azure managed identity IMDS. Nothing for the other kinds.
 */
export function metadataEndpoints(credentials: BackupCredentials, gkeDataplane?: GkeDataplane): MetadataEndpoint[] {
  switch (credentials.kind) {
    case BackupCredentialsKind.GKE_WORKLOAD_IDENTITY:
      if (gkeDataplane === GkeDataplane.V2) return [GKE_V2];
      if (gkeDataplane === GkeDataplane.LEGACY) return [GKE_LEGACY];
      return [GKE_V2, GKE_LEGACY];
    case BackupCredentialsKind.AZURE_MANAGED_IDENTITY:
      return [AZURE_IMDS];
    default:
      return [];
  }
}
