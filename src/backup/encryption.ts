/** How a libsodium key is encoded in its Secret. */
export enum KeyTransform {
  /** The key is base64-encoded. */
  BASE64 = 'base64',
  /** The key is hex-encoded. */
  HEX = 'hex',
  /** The raw key (32 bytes). */
  NONE = 'none',
}

/**
 * Client-side encryption of backups by WAL-G (in addition to the store's server-side encryption).
 * The key is needed to restore: clones and standbys get it too.
 */
export class BackupEncryption {
  /** libsodium with a key from a Secret. */
  public static libsodium(secretName: string, key: string = 'WALG_LIBSODIUM_KEY', transform: KeyTransform = KeyTransform.BASE64): BackupEncryption {
    return new BackupEncryption(secretName, key, transform);
  }

  private constructor(
    /** Secret with the key. */
    public readonly secretName: string,
    /** Key in the Secret. */
    public readonly secretKey: string,
    /** Encoding of the key. */
    public readonly transform: KeyTransform,
  ) {}
}
