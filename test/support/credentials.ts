/**
 * Finds credentials written into synthesized objects as literals. Allowed: references to Secrets
 * (`valueFrom.secretKeyRef`, `secretName`), `$(VAR)` references, file paths and empty values.
 */
const CREDENTIAL_ENV = /(PASSWORD|PASSWD|(^|_)PASS$|SECRET|TOKEN|(^|_)KEY$|ACCESS_KEY|PRIVATE_KEY|API_KEY|CREDENTIALS?$)/i;
const CREDENTIAL_FIELD =
  /^(password|passwd|secret_access_key|s3_secret_access_key|s3_access_key_id|access_key|private_key|token|api_key)$/i;

function isReference(v: string): boolean {
  return v === '' || /^(\$\([A-Za-z_][A-Za-z0-9_]*\))+$/.test(v) || v.startsWith('/');
}

/** Paths (`kind/name: json.path`) of credential literals. */
export function credentialLiterals(objects: any[]): string[] {
  const found: string[] = [];
  const walk = (node: any, where: string) => {
    if (Array.isArray(node)) {
      node.forEach((n, i) => walk(n, `${where}[${i}]`));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (typeof node.name === 'string' && typeof node.value === 'string' && CREDENTIAL_ENV.test(node.name)
      && !/_(FILE|PATH)$/i.test(node.name) && !isReference(node.value)) {
      found.push(`${where} (env ${node.name})`);
    }
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === 'string' && CREDENTIAL_FIELD.test(k) && !isReference(v)) found.push(`${where}.${k}`);
      walk(v, `${where}.${k}`);
    }
  };
  for (const o of objects) walk(o, `${o?.kind}/${o?.metadata?.name}`);
  return found;
}
