import { BackupStorageKind } from './storage';

/** How the Spilo pods authenticate to the backup store. */
export enum BackupCredentialsKind {
  /** AWS IAM Roles for Service Accounts (EKS): the operator's one `irsa_role_arn`. */
  AWS_IRSA = 'aws-irsa',
  /** GKE Workload Identity. */
  GKE_WORKLOAD_IDENTITY = 'gke-workload-identity',
  /** Azure Workload Identity: cannot work with Spilo's WAL-G (a validation error explains why). */
  AZURE_WORKLOAD_IDENTITY = 'azure-workload-identity',
  /** The Azure managed identity IMDS returns without a client id. */
  AZURE_MANAGED_IDENTITY = 'azure-managed-identity',
  /** An Azure service principal (client id, client secret and tenant id from a Secret). */
  AZURE_SERVICE_PRINCIPAL = 'azure-service-principal',
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

/** Keys of the Secret that holds an Azure service principal. */
export interface AzureServicePrincipalKeys {
  /**
   * Key holding the application (client) id.
   * @default AZURE_CLIENT_ID
   */
  readonly clientId?: string;
  /**
   * Key holding the client secret.
   * @default AZURE_CLIENT_SECRET
   */
  readonly clientSecret?: string;
  /**
   * Key holding the directory (tenant) id.
   * @default AZURE_TENANT_ID
   */
  readonly tenantId?: string;
}

/**
 * Credentials of the backup store: keyless where the Spilo image's WAL-G can use it (`awsIrsa`,
 * `gkeWorkloadIdentity`, `azureManagedIdentity()`), otherwise references to a Secret (`fromSecret`,
 * `azureServicePrincipal`). No credential is ever written into the YAML.
 *
 * What reaches WAL-G was checked against Spilo 4.0-p3's `configure_spilo.py` and the operator v2.0.1: Patroni,
 * and with it `archive_command`, restores, clones and the backup cron, starts with the container environment
 * stripped to an allow-list, and WAL-G only sees what Spilo writes into its env-dir.
 *
 * Not offered, because WAL-G in Spilo cannot use them: Azure AD Workload Identity and a user-assigned managed
 * identity selected by client id (validation errors that explain why), and EKS Pod Identity: Spilo passes neither
 * `AWS_CONTAINER_CREDENTIALS_FULL_URI` nor `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` to WAL-G (they are not on
 * Patroni's allow-list, runit/patroni/run:27-28, nor among the S3 names written to the env-dir,
 * configure_spilo.py:837-840), so WAL-G would fall back to the node's instance role. Use IRSA on EKS.
 */
export class BackupCredentials {
  /**
   * AWS IAM Roles for Service Accounts. The operator v2.0.1 allows **one role per operator**: it writes its
   * `irsa_role_arn` onto the pod ServiceAccount (`eks.amazonaws.com/role-arn`) on every sync and removes any
   * other annotation there, and adds `CLONE_`/`STANDBY_AWS_ROLE_ARN` for clones and standbys itself. So
   * `roleArn` must be the operator's `irsa_role_arn`: set `irsaRoleArn` on the `PostgresOperator`
   * (`configuration.awsOrGcp`) or `ExternalPostgresOperator` (`configAwsOrGcp`) declared in the app; another
   * role is a validation error at synth time. The library renders none of the variables the EKS pod
   * identity webhook or the operator inject (`AWS_ROLE_ARN`, `AWS_WEB_IDENTITY_TOKEN_FILE` and their
   * `CLONE_`/`STANDBY_` twins), and no ServiceAccount annotation.
   *
   * Needs WAL-G 3.0.6 or later in the Spilo image: WAL-G up to 3.0.5 (Spilo 4.0-p3) calls `sts:AssumeRole`
   * without a `RoleSessionName` whenever `AWS_ROLE_ARN` is set and fails (spilo#1009,
   * postgres-operator#2747; fixed by wal-g#1906). The operator's default image `spilo-18:4.1-p2` ships WAL-G
   * 3.0.8 (Spilo added PostgreSQL 18 with WAL-G 3.0.8, spilo#1196). This holds for every S3 archive of an operator with
   * `irsa_role_arn`, because the webhook puts `AWS_ROLE_ARN` into every Spilo pod. WAL-G is always used
   * (WAL-E has no web identity support). Egress: STS and S3 on 443.
   */
  public static awsIrsa(roleArn: string): BackupCredentials {
    return new BackupCredentials(BackupCredentialsKind.AWS_IRSA, [BackupStorageKind.S3], roleArn);
  }

  /**
   * GKE Workload Identity: the namespace's pod ServiceAccount is annotated with the Google service account
   * (`iam.gke.io/gcp-service-account`); WAL-G gets tokens from the GKE metadata server. A
   * `ClusterNetworkPolicy` opens the metadata server (see its `gkeDataplane` option).
   */
  public static gkeWorkloadIdentity(serviceAccountEmail: string): BackupCredentials {
    return new BackupCredentials(BackupCredentialsKind.GKE_WORKLOAD_IDENTITY, [BackupStorageKind.GCS], serviceAccountEmail);
  }

  /**
   * Azure AD Workload Identity does **not** work with Spilo's WAL-G, and using it is a validation error
   * (ZPG-BACKUP-CREDENTIALS-UNSUPPORTED): the webhook's `AZURE_FEDERATED_TOKEN_FILE`, `AZURE_TENANT_ID` and
   * `AZURE_CLIENT_ID` never reach WAL-G, because Patroni starts with an allow-listed environment and Spilo
   * writes `AZURE_CLIENT_ID` into WAL-G's env-dir only together with a client secret and a tenant id
   * (configure_spilo.py, Spilo 4.0-p3; WAL-G v3.0.5 `pkg/storages/azure/storage.go` uses
   * `azidentity.NewDefaultAzureCredential(nil)`).
   *
   * Use `azureManagedIdentity()`, `azureServicePrincipal(...)` or `fromSecret(...)` (account key or SAS token).
   *
   * @deprecated cannot work with Spilo's WAL-G; kept so that the validation error can explain why.
   */
  public static azureWorkloadIdentity(clientId: string): BackupCredentials {
    return new BackupCredentials(BackupCredentialsKind.AZURE_WORKLOAD_IDENTITY, [BackupStorageKind.AZURE], clientId);
  }

  /**
   * The Azure managed identity that the instance metadata service (IMDS, 169.254.169.254:80) returns
   * **without a client id**: the node's system-assigned identity, or its only user-assigned one (on AKS the
   * kubelet identity, when it is the node pool's only one). Grant it "Storage Blob Data Contributor" on the
   * container. A `ClusterNetworkPolicy` opens IMDS.
   *
   * Selecting a user-assigned identity by client id is not possible with Spilo's WAL-G: passing `clientId`
   * is a validation error (ZPG-BACKUP-CREDENTIALS-UNSUPPORTED) that explains why (Spilo writes
   * `AZURE_CLIENT_ID` into WAL-G's env-dir only with a client secret and tenant id, so WAL-G asks IMDS for
   * the default identity).
   *
   * @param clientId not supported (a validation error). Leave it out
   */
  public static azureManagedIdentity(clientId?: string): BackupCredentials {
    return new BackupCredentials(BackupCredentialsKind.AZURE_MANAGED_IDENTITY, [BackupStorageKind.AZURE], clientId);
  }

  /**
   * An Azure service principal whose client id, client secret and tenant id are keys of a Secret in the
   * cluster's namespace: rendered as `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET` and `AZURE_TENANT_ID`
   * references, which Spilo writes into WAL-G's env-dir together (WAL-G's DefaultAzureCredential then uses
   * them). Token egress: `login.microsoftonline.com` on 443.
   */
  public static azureServicePrincipal(secretName: string, keys: AzureServicePrincipalKeys = {}): BackupCredentials {
    return new BackupCredentials(BackupCredentialsKind.AZURE_SERVICE_PRINCIPAL, [BackupStorageKind.AZURE], undefined, secretName, undefined, keys);
  }

  /**
   * Static keys from a Secret in the cluster's namespace. The YAML only references it. S3: an access key
   * pair; GCS: a service account key file (mounted); Azure: a storage account key or a SAS token.
   */
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
    /** Secret name for static keys or a service principal. */
    public readonly secretName?: string,
    /** Keys of the Secret (static keys). */
    public readonly secretKeys?: BackupSecretKeys,
    /** Keys of the Secret (service principal). */
    public readonly servicePrincipalKeys?: AzureServicePrincipalKeys,
  ) {}

  /** Whether the credentials are keyless (identity federation or managed identity). */
  public get keyless(): boolean {
    return this.kind !== BackupCredentialsKind.SECRET && this.kind !== BackupCredentialsKind.AZURE_SERVICE_PRINCIPAL;
  }
}
