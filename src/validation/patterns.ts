/**
 * Patterns from the Zalando `postgresql` CRD (v2.0.1) and the operator's Go-side checks
 * (see ../shared/ZALANDO-FACTS.md §a). Kept verbatim so that what passes here passes the API server.
 */
export const Patterns = {
  /** `resources.*.cpu` */
  CPU: /^(\d+m|\d+(\.\d{1,3})?)$/,
  /** `resources.*.memory`, `volume.size`, hugepages */
  MEMORY: /^(\d+(e\d+)?|\d+(\.\d+)?(e\d+)?[EPTGMK]i?)$/,
  /** `clone.timestamp`: RFC 3339 with a mandatory numeric offset (`Z` is rejected) */
  TIMESTAMP:
    /^([0-9]+)-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]|60)(\.[0-9]+)?(([+-]([01][0-9]|2[0-3]):[0-5][0-9]))$/,
  /** `logicalBackupSchedule`: 5 fields, numbers, `*` and `/step` only */
  CRON: /^(\d+|\*)(\/\d+)?(\s+(\d+|\*)(\/\d+)?){4}$/,
  /** `maintenanceWindows[]` */
  MAINTENANCE_WINDOW:
    /^\ *((Mon|Tue|Wed|Thu|Fri|Sat|Sun):(2[0-3]|[01]?\d):([0-5]?\d)|(2[0-3]|[01]?\d):([0-5]?\d))-((2[0-3]|[01]?\d):([0-5]?\d)|(2[0-3]|[01]?\d):([0-5]?\d))\ *$/,
  /** A PostgreSQL parameter name as this library accepts it in `parameters`: lower case, one optional `extension.` part */
  PARAMETER_NAME: /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/,
  /** DNS-1035 label (cluster names) */
  DNS_1035: /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
  /** DNS-1123 label (Services, containers, volumes, namespaces) */
  DNS_1123_LABEL: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  /** DNS-1123 subdomain (Secret and other object names) */
  DNS_1123_SUBDOMAIN: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
  /** Role names the operator accepts (pkg/cluster/cluster.go) */
  USER_NAME: /^[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*$/,
  /** Database and schema names the operator accepts */
  DATABASE_NAME: /^[a-zA-Z_][a-zA-Z0-9_]*$/,
  /** The name part of a label or annotation key (at most 63 characters, checked separately) */
  QUALIFIED_NAME_PART: /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/,
  /** A label value (at most 63 characters, checked separately) */
  LABEL_VALUE: /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/,
  /** A container image reference: [registry[:port]/]path[:tag][@sha256:digest] */
  IMAGE: /^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/,
  /** IPv4 CIDR */
  CIDR_V4: /^(\d|[1-9]\d|1\d\d|2[0-4]\d|25[0-5])(\.(\d|[1-9]\d|1\d\d|2[0-4]\d|25[0-5])){3}\/([0-9]|[12][0-9]|3[0-2])$/,
  /** An AWS KMS key: a key or alias ARN, `alias/<name>`, or a key id (`mrk-` for multi-Region keys) */
  AWS_KMS_KEY: /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_+=,.@-]+|alias\/[A-Za-z0-9/_-]+|(mrk-)?[0-9a-f-]{32,36})$/,
};


/** True for a valid IPv4 or IPv6 CIDR. */
export function isCidr(value: string): boolean {
  if (Patterns.CIDR_V4.test(value)) return true;
  const m = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(value);
  if (!m || !m[1].includes(':')) return false;
  const prefix = Number(m[2]);
  if (prefix > 128) return false;
  const address = m[1];
  const doubleColons = address.split('::').length - 1;
  if (doubleColons > 1) return false;
  const groups = address.split(':').filter((g) => g !== '');
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return doubleColons === 1 ? groups.length < 8 : groups.length === 8;
}

function parseIp(ip: string): { value: bigint; bits: number } | undefined {
  if (ip.includes(':')) {
    const halves = ip.split('::');
    if (halves.length > 2) return undefined;
    const head = halves[0] ? halves[0].split(':') : [];
    const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
    const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
    if (fill < 0 || (halves.length === 1 && head.length !== 8)) return undefined;
    const groups = [...head, ...Array(fill).fill('0'), ...tail];
    if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
    return { value: groups.reduce((acc, g) => acc * 65536n + BigInt(parseInt(g, 16)), 0n), bits: 128 };
  }
  const octets = ip.split('.');
  if (octets.length !== 4 || octets.some((o) => !/^\d{1,3}$/.test(o) || Number(o) > 255)) return undefined;
  return { value: octets.reduce((acc, o) => acc * 256n + BigInt(Number(o)), 0n), bits: 32 };
}

/** True when CIDR `inner` lies within CIDR `outer` (same address family). */
export function cidrContains(outer: string, inner: string): boolean {
  const [oNet, oLen] = outer.split('/');
  const [iNet, iLen] = inner.split('/');
  const o = parseIp(oNet);
  const i = parseIp(iNet);
  if (!o || !i || o.bits !== i.bits || Number(iLen) < Number(oLen)) return false;
  const block = 2n ** BigInt(o.bits - Number(oLen));
  return o.value / block === i.value / block;
}
