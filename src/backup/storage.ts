/** Where WAL-G keeps base backups and WAL. */
export enum BackupStorageKind {
  /** Amazon S3 or an S3-compatible store (MinIO, Cloudflare R2, Ceph RGW). */
  S3 = 's3',
  /** Google Cloud Storage. */
  GCS = 'gcs',
  /** Azure Blob Storage. */
  AZURE = 'azure',
}

/** Server-side encryption of S3 backups. */
export class S3Encryption {
  /** SSE-S3 (AES256), the default for AWS S3. With a custom endpoint only when the store supports it. */
  public static sseS3(): S3Encryption {
    return new S3Encryption('AES256');
  }

  /** SSE-KMS with a customer managed key (the pods' role needs kms:Encrypt, Decrypt and GenerateDataKey). */
  public static kms(keyId: string): S3Encryption {
    return new S3Encryption('aws:kms', keyId);
  }

  /** No server-side encryption (S3-compatible stores without SSE, e.g. MinIO without KMS). */
  public static none(): S3Encryption {
    return new S3Encryption(undefined);
  }

  private constructor(
    /** The WALG_S3_SSE value, or undefined for none. */
    public readonly algorithm?: string,
    /** The KMS key id or ARN. */
    public readonly kmsKeyId?: string,
  ) {}
}

/** An S3 bucket (or S3-compatible store). */
export interface S3StorageProps {
  /** Bucket name. */
  readonly bucket: string;
  /** Region of the bucket, e.g. `us-east-1` (S3-compatible stores: any value they accept, e.g. `auto` for R2). */
  readonly region: string;
  /**
   * Path inside the bucket under which the `spilo/<cluster>/wal/<version>` layout is placed.
   * @default - the bucket's root
   */
  readonly prefix?: string;
  /**
   * Endpoint of an S3-compatible store, e.g. `https://minio.storage.svc:9000`.
   * @default - AWS S3
   */
  readonly endpoint?: string;
  /**
   * Path-style addressing (`https://host/bucket`), needed by most S3-compatible stores. `false` selects
   * virtual-hosted addressing (`https://bucket.host`). With a custom endpoint it is rendered as the scheme of
   * `WALE_S3_ENDPOINT` (`https+path://` or `https+virtualhost://`), which is what Spilo reads.
   * @default - true with a custom endpoint, false for AWS
   */
  readonly forcePathStyle?: boolean;
  /**
   * Server-side encryption of new backups.
   * @default - S3Encryption.sseS3() for AWS S3; none with a custom endpoint (Spilo's own default there: many
   * S3-compatible stores, e.g. MinIO without KMS, reject SSE headers)
   */
  readonly encryption?: S3Encryption;
}

/** A Google Cloud Storage bucket. */
export interface GcsStorageProps {
  /** Bucket name. */
  readonly bucket: string;
  /**
   * Path inside the bucket.
   * @default - the bucket's root
   */
  readonly prefix?: string;
}

/** An Azure Blob Storage container. */
export interface AzureStorageProps {
  /** Storage account name. */
  readonly storageAccount: string;
  /** Container name. */
  readonly container: string;
  /**
   * Path inside the container.
   * @default - the container's root
   */
  readonly prefix?: string;
}

/**
 * Object storage for WAL-G backups: `BackupStorage.s3(...)`, `BackupStorage.gcs(...)`, `BackupStorage.azure(...)`.
 */
export class BackupStorage {
  /** Amazon S3 or an S3-compatible store. */
  public static s3(props: S3StorageProps): BackupStorage {
    return new BackupStorage(BackupStorageKind.S3, props.bucket, props.prefix, props);
  }

  /** Google Cloud Storage. */
  public static gcs(props: GcsStorageProps): BackupStorage {
    return new BackupStorage(BackupStorageKind.GCS, props.bucket, props.prefix);
  }

  /** Azure Blob Storage. */
  public static azure(props: AzureStorageProps): BackupStorage {
    return new BackupStorage(BackupStorageKind.AZURE, props.container, props.prefix, undefined, props.storageAccount);
  }

  private constructor(
    /** Kind of store. */
    public readonly kind: BackupStorageKind,
    /** Bucket (S3, GCS) or container (Azure). */
    public readonly bucket: string,
    /** Path inside the bucket, without leading or trailing slashes. */
    public readonly prefix: string | undefined,
    /** S3 settings. */
    public readonly s3Options?: S3StorageProps,
    /** Azure storage account. */
    public readonly storageAccount?: string,
  ) {
    this.prefix = prefix?.replace(/^\/+|\/+$/g, '') || undefined;
  }

  /** URL scheme WAL-G uses for this store. */
  public get scheme(): string {
    return { [BackupStorageKind.S3]: 's3', [BackupStorageKind.GCS]: 'gs', [BackupStorageKind.AZURE]: 'azure' }[this.kind];
  }

  /**
   * The archive location of a cluster: `<scheme>://<bucket>[/<prefix>]/spilo/<scope><suffix>/wal/<major>`,
   * Spilo's own layout (so that tools that expect it find the backups), without the operator's UID suffix.
   */
  public walPath(scope: string, pgMajor: number, scopeSuffix: string = ''): string {
    const base = `${this.scheme}://${this.bucket}${this.prefix ? `/${this.prefix}` : ''}`;
    return `${base}/spilo/${scope}${scopeSuffix}/wal/${pgMajor}`;
  }
}
