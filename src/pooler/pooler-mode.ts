/** PgBouncer pool mode. */
export enum PoolerMode {
  /** A server connection per transaction (the default): efficient. Session state does not survive a transaction. */
  TRANSACTION = 'transaction',
  /** A server connection per client session: full compatibility, less pooling. */
  SESSION = 'session',
  /** Not supported by the operator (the CRD allows only session and transaction): raises a validation error. */
  STATEMENT = 'statement',
}
