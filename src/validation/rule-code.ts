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
  /** A monitoring duration that is not a whole, non-negative number of seconds. */
  public static readonly MONITORING_DURATION = 'ZPG-MONITORING-DURATION';
  /** A name or namespace for monitoring objects that Kubernetes does not accept. */
  public static readonly MONITORING_NAME = 'ZPG-MONITORING-NAME';
  /** A label of a monitoring object whose key or value Kubernetes does not accept. */
  public static readonly MONITORING_LABEL = 'ZPG-MONITORING-LABEL';
  /** An alert to leave out that the rule set does not contain. */
  public static readonly MONITORING_EXCLUDE_UNKNOWN = 'ZPG-MONITORING-EXCLUDE-UNKNOWN';
  /** A runbook base URL that is not an absolute http(s) URL without a fragment. */
  public static readonly MONITORING_RUNBOOK_URL = 'ZPG-MONITORING-RUNBOOK-URL';

  // --- postgres parameters ---------------------------------------------------------------------------

  // --- operator configuration ----------------------------------------------------------------------------

  // --- disaster recovery -----------------------------------------------------------------------------

  private constructor() {}
}
