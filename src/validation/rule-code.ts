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

  // --- operator configuration ----------------------------------------------------------------------------

  // --- disaster recovery -----------------------------------------------------------------------------

  private constructor() {}
}
