import { BackupStorageKind } from './storage';

/** How the Spilo pods authenticate to the backup store. */
export enum BackupCredentialsKind {
  /** AWS IAM Roles for Service Accounts (EKS). */
  AWS_IRSA = 'aws-irsa',
  /** GKE Workload Identity. */
  GKE_WORKLOAD_IDENTITY = 'gke-workload-identity',
  /** Azure Workload Identity. */
  AZURE_WORKLOAD_IDENTITY = 'azure-workload-identity',
  /** Azure managed identity of the nodes (IMDS). */
  AZURE_MANAGED_IDENTITY = 'azure-managed-identity',
  /** Static keys from a Kubernetes Secret. */
  SECRET = 'secret',
}

/** Keys of a credentials Secret. Only the keys of the storage's kind are used. */
export interface BackupSecretKeys {
  /**
   * S3: key holding the access key id.
   * @default AWS_ACCESS_KEY_ID
   */
  readonly accessKeyId?: string;
  /**
   * S3: key holding the secret access key.
   * @default AWS_SECRET_ACCESS_KEY
   */
  readonly secretAccessKey?: string;
  /**
   * GCS: key holding the service account JSON key file.
   * @default key.json
   */
  readonly serviceAccountKey?: string;
  /**
   * Azure: key holding the storage account access key (use this or `sasToken`).
   * @default AZURE_STORAGE_ACCESS_KEY unless `sasToken` is given
   */
  readonly storageAccessKey?: string;
  /**
   * Azure: key holding a SAS token.
   * @default - an access key is used
   */
  readonly sasToken?: string;
}

/**
 * Credentials of the backup store. Keyless first (`awsIrsa`, `gkeWorkloadIdentity`,
 * `azureWorkloadIdentity`, `azureManagedIdentity`); static keys only from a Secret (`fromSecret`).
 */
export class BackupCredentials {
  /**
   * AWS IAM Roles for Service Accounts: the pods' ServiceAccount is annotated with the role; WAL-G
   * exchanges the projected token for credentials (WAL-E cannot, so WAL-G is always used).
   */
  public static awsIrsa(roleArn: string): BackupCredentials {
    return new BackupCredentials(BackupCredentialsKind.AWS_IRSA, [BackupStorageKind.S3], roleArn);
  }

  /** GKE Workload Identity: the pods' ServiceAccount is bound to a Google service account. */
  public static gkeWorkloadIdentity(serviceAccountEmail: string): BackupCredentials {
    return new BackupCredentials(BackupCredentialsKind.GKE_WORKLOAD_IDENTITY, [BackupStorageKind.GCS], serviceAccountEmail);
  }

  /**
   * Azure Workload Identity: the pods' ServiceAccount is annotated with the managed identity's client id.
   * The pods also need the label `azure.workload.identity/use: "true"`, which only the operator can put on
   * them (its `inherited_labels` must include that key; the label is set on the `postgresql`).
   */
  public static azureWorkloadIdentity(clientId: string): BackupCredentials {
    return new BackupCredentials(BackupCredentialsKind.AZURE_WORKLOAD_IDENTITY, [BackupStorageKind.AZURE], clientId);
  }

  /**
   * Azure managed identity from the instance metadata service (the node pool's identity, or a
   * user-assigned identity given by client id).
   */
  public static azureManagedIdentity(clientId?: string): BackupCredentials {
    return new BackupCredentials(BackupCredentialsKind.AZURE_MANAGED_IDENTITY, [BackupStorageKind.AZURE], clientId);
  }

  /** Static keys from a Secret in the cluster's namespace; the YAML only references it. */
  public static fromSecret(secretName: string, keys: BackupSecretKeys = {}): BackupCredentials {
    return new BackupCredentials(
      BackupCredentialsKind.SECRET,
      [BackupStorageKind.S3, BackupStorageKind.GCS, BackupStorageKind.AZURE],
      undefined,
      secretName,
      keys,
    );
  }

  private constructor(
    /** Kind of credentials. */
    public readonly kind: BackupCredentialsKind,
    /** Stores these credentials work with. */
    public readonly supportedStorage: BackupStorageKind[],
    /** Role ARN, service account email or client id. */
    public readonly identity?: string,
    /** Secret name for static keys. */
    public readonly secretName?: string,
    /** Keys of the Secret. */
    public readonly secretKeys?: BackupSecretKeys,
  ) {}

  /** Whether the credentials are keyless (identity federation or managed identity). */
  public get keyless(): boolean {
    return this.kind !== BackupCredentialsKind.SECRET;
  }
}
