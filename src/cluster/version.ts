/**
 * A PostgreSQL major version the Zalando operator v2.0 supports (CRD enum "14" to "18").
 */
export class PostgresVersion {
  /** PostgreSQL 14 */
  public static readonly V14 = new PostgresVersion(14);
  /** PostgreSQL 15 */
  public static readonly V15 = new PostgresVersion(15);
  /** PostgreSQL 16 */
  public static readonly V16 = new PostgresVersion(16);
  /** PostgreSQL 17 */
  public static readonly V17 = new PostgresVersion(17);
  /** PostgreSQL 18: the version the operator's default image (`ghcr.io/zalando/spilo-18:4.1-p2`) runs. */
  public static readonly V18 = new PostgresVersion(18);

  /** Every supported version, oldest first. */
  public static readonly SUPPORTED: PostgresVersion[] = [
    PostgresVersion.V14,
    PostgresVersion.V15,
    PostgresVersion.V16,
    PostgresVersion.V17,
    PostgresVersion.V18,
  ];

  /** The default: the newest version the operator's default Spilo image runs. */
  public static readonly DEFAULT = PostgresVersion.V18;

  /**
   * A version by major number. Unsupported majors are reported by the Cluster with a ValidationError.
   */
  public static of(major: number): PostgresVersion {
    return PostgresVersion.SUPPORTED.find((v) => v.major === major) ?? new PostgresVersion(major);
  }

  private constructor(
    /** The major version number, e.g. 17. */
    public readonly major: number,
  ) {}

  /** True when the operator v2.0 supports this major version. */
  public get isSupported(): boolean {
    return PostgresVersion.SUPPORTED.some((v) => v.major === this.major);
  }

  /** The version as the CRD wants it: a string. */
  public toString(): string {
    return `${this.major}`;
  }
}
