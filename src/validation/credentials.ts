/**
 * Detection of credentials written as literal values, so that none ever reaches the YAML: only references
 * to Secrets (`valueFrom.secretKeyRef`, Secret volumes), `$(VAR)` references to such variables, and file
 * paths are allowed.
 */

/** Names of variables that hold credentials (not `*_FILE`, `*_PATH`, `*_ID` or `*_ARN` names). */
const CREDENTIAL_NAME = /(PASS|SECRET|TOKEN|(^|_)KEY($|_)|PRIVATE|CREDENTIAL|AUTH|API_?KEY|SAS)/i;
const NOT_A_CREDENTIAL_NAME = /(_FILE|_PATH|_DIR|_ID|_ARN|_TRANSFORM|_METHOD|_MODE|_TYPE|_HOST|_URL|_URI|_ENDPOINT|_NAME|_USER|_USERNAME|_REGION)$/i;

/** Values that embed a credential whatever the variable is called. */
const CREDENTIAL_VALUE = [
  /(^|[\s;,?&])(password|pgpass|passwd|pwd|secret|token|api_?key)\s*=\s*[^\s;,&$]/i,
  /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^@\s$]+@/i,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\bAKIA[0-9A-Z]{16}\b/,
];

/** A value made only of `$(VAR)` references, a file path, or empty. */
function isReference(value: string): boolean {
  return value === '' || /^(\$\([A-Za-z_][A-Za-z0-9_]*\))+$/.test(value) || value.startsWith('/');
}

/** Why the env var `name=value` looks like a credential literal, or undefined. */
export function credentialLiteralReason(name: string, value: string | undefined): string | undefined {
  if (value === undefined || isReference(value)) return undefined;
  if (CREDENTIAL_NAME.test(name) && !NOT_A_CREDENTIAL_NAME.test(name) && !/^(true|false|on|off|yes|no|0|1)$/i.test(value)) {
    return `${name} names a credential and has a literal value`;
  }
  if (CREDENTIAL_VALUE.some((re) => re.test(value))) {
    return `the value of ${name} embeds a password, token or key`;
  }
  return undefined;
}
