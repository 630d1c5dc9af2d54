/**
 * The rule codes of every validation error this library raises. A validation error message starts with its
 * code (`ZPG-NAME-LENGTH [path] ...`), so that users of every jsii language can match it; the README's table
 * of rules is generated from this class (`npx projen docs:rules`).
 *
 * Each constant's first doc sentence is the rule's summary in that table.
 */
export class RuleCode {
  // --- validation: generic input checks ------------------------------------------------------------

  // --- cluster ---------------------------------------------------------------------------------------

  // --- pooler ----------------------------------------------------------------------------------------

  // --- backup, restore, standby ------------------------------------------------------------------------

  // --- network -----------------------------------------------------------------------------------------

  // --- TLS -------------------------------------------------------------------------------------------

  // --- storage -----------------------------------------------------------------------------------------

  // --- monitoring --------------------------------------------------------------------------------------

  // --- postgres parameters ---------------------------------------------------------------------------
  /** A parameter name the cluster's PostgreSQL version does not know (with a "did you mean" suggestion). */
  public static readonly PARAM_UNKNOWN = 'ZPG-PARAM-UNKNOWN';
  /** A parameter that exists in other PostgreSQL versions but not in the cluster's (removed, renamed or not yet added). */
  public static readonly PARAM_NOT_IN_VERSION = 'ZPG-PARAM-NOT-IN-VERSION';
  /** A read-only parameter (context `internal`: fixed when PostgreSQL was built or initdb ran). */
  public static readonly PARAM_READ_ONLY = 'ZPG-PARAM-READ-ONLY';
  /** A parameter Patroni or Spilo set themselves, which must not be set in `parameters`. */
  public static readonly PARAM_MANAGED = 'ZPG-PARAM-MANAGED';
  /** A value Patroni refuses and silently replaces with its own default (e.g. max_connections below 25). */
  public static readonly PARAM_PATRONI_MINIMUM = 'ZPG-PARAM-PATRONI-MINIMUM';
  /** A value that is not of the parameter's type (boolean, integer, number) or contains a line break. */
  public static readonly PARAM_TYPE = 'ZPG-PARAM-TYPE';
  /** A unit the parameter does not accept (units are case-sensitive: `64MB`, not `64mb`). */
  public static readonly PARAM_UNIT = 'ZPG-PARAM-UNIT';
  /** A number outside the parameter's range (after unit conversion, as PostgreSQL rounds). */
  public static readonly PARAM_RANGE = 'ZPG-PARAM-RANGE';
  /** A value that is not one of the enum parameter's values. */
  public static readonly PARAM_ENUM = 'ZPG-PARAM-ENUM';
  /** A time zone PostgreSQL does not know (`timezone`, `log_timezone`). */
  public static readonly PARAM_TIMEZONE = 'ZPG-PARAM-TIMEZONE';
  /** An extension parameter whose library is not preloaded: PostgreSQL keeps it as an unused placeholder. */
  public static readonly PARAM_EXTENSION_NOT_LOADED = 'ZPG-PARAM-EXTENSION-NOT-LOADED';

  // --- operator configuration ----------------------------------------------------------------------------

  // --- disaster recovery -----------------------------------------------------------------------------

  private constructor() {}
}
