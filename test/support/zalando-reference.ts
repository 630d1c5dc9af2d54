/**
 * The Zalando Postgres Operator files the tests validate and compare against (CRDs, example and install manifests,
 * the Helm chart's values), pinned to release v2.0.1 by commit and sha256.
 *
 * - By default each file is downloaded once from GitHub into node_modules/.cache/cdk8s-zalando-postgres/ and
 *   checked against its sha256 before it is kept.
 * - `CDK8S_ZALANDO_POSTGRES_REFERENCE=<dir>` reads them from a local copy instead (the same file names as the keys
 *   of ZALANDO_FILES; e.g. `../shared/reference/zalando`) and never downloads. Its files are checked too.
 * - Without it, a copy beside the project (`../shared/reference/zalando`, as in the workspace this project is
 *   developed in, which has no internet) is used when it exists, before anything is downloaded.
 *
 * A file whose checksum differs is an error, never a silent update: to move to another release, change
 * ZALANDO_RELEASE and every sha256 together.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export const OVERRIDE_ENV = 'CDK8S_ZALANDO_POSTGRES_REFERENCE';

/** zalando/postgres-operator release v2.0.1 (the tag's commit, so that the URLs cannot move). */
export const ZALANDO_RELEASE = { tag: 'v2.0.1', commit: 'a7aaad0a0b9517bb46077f2925eb80ae8ebe1a0c' };

/** Local name -> path in the upstream repository and sha256 of its content at ZALANDO_RELEASE. */
export const ZALANDO_FILES: Record<string, { readonly upstream: string; readonly sha256: string }> = {
  'postgresql.crd.yaml': { upstream: 'manifests/postgresql.crd.yaml', sha256: 'dbe5b8b548bd9570fdcd094ba7636d306a6d41e1dbd0954bedcba788d396473d' },
  'operatorconfiguration.crd.yaml': { upstream: 'manifests/operatorconfiguration.crd.yaml', sha256: 'b2d5ddc3ea47b6d8f99f853c79cf81bdd9e02cf927d261aa06df4591c9432b64' },
  'charts-postgres-operator-values.yaml': { upstream: 'charts/postgres-operator/values.yaml', sha256: '7cc661e65779cfc02b7b8471539417fbfe77ea2251f65c15d6e73968fcb197aa' },
  'complete-postgres-manifest.yaml': { upstream: 'manifests/complete-postgres-manifest.yaml', sha256: '23d7afe8230b3c33b9e4e0396855f9126556fcf6203ff7a086054c95cd8aa612' },
  'minimal-postgres-manifest.yaml': { upstream: 'manifests/minimal-postgres-manifest.yaml', sha256: '0e4135df818c027840fed1be31e29cdb9f2944009ce5e31ae58869096561b074' },
  'operator-service-account-rbac.yaml': { upstream: 'manifests/operator-service-account-rbac.yaml', sha256: 'e2afc6cb25d38bcd3720ba7469d0f917deaec2189eedb85275e1b2024dfa650c' },
  'postgres-operator.yaml': { upstream: 'manifests/postgres-operator.yaml', sha256: 'df53a0041b1a77fdaab1936effd050afbd1af63f3fc2ee7fe1d247899c7bdcd2' },
  'user-facing-clusterroles.yaml': { upstream: 'manifests/user-facing-clusterroles.yaml', sha256: '4446309ae4b9da95c5e260a1b1a09119745000b5770ef154d1cdfc2832851bc4' },
};

const ROOT = path.resolve(__dirname, '..', '..');
export const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'cdk8s-zalando-postgres', `zalando-${ZALANDO_RELEASE.commit}`);

export function upstreamUrl(name: string): string {
  return `https://raw.githubusercontent.com/zalando/postgres-operator/${ZALANDO_RELEASE.commit}/${known(name).upstream}`;
}

function known(name: string): { upstream: string; sha256: string } {
  const f = ZALANDO_FILES[name];
  if (!f) throw new Error(`${name} is not one of the pinned Zalando files (${Object.keys(ZALANDO_FILES).join(', ')}): add it to ZALANDO_FILES with its sha256`);
  return f;
}

export function sha256(content: Buffer): string {
  return crypto.createHash('sha256').update(content).digest('hex');
}

/** Throws unless `content` is the pinned content of `name`; `source` says where it came from. */
export function verify(name: string, content: Buffer, source: string): void {
  const actual = sha256(content);
  if (actual !== known(name).sha256) {
    throw new Error(`${source}: sha256 ${actual}, expected ${known(name).sha256} (${name} of zalando/postgres-operator ${ZALANDO_RELEASE.tag}). `
      + 'Use the file of that release, or change ZALANDO_RELEASE and the checksums in test/support/zalando-reference.ts together.');
  }
}

/** Fetches a URL's bytes; throws on failure. */
export type Fetcher = (url: string) => Buffer;

/** Downloads with Node's fetch in a child process (the tests read these files synchronously). */
export const httpFetcher: Fetcher = (url) => {
  const script = 'fetch(process.argv[1]).then(async (r) => { if (!r.ok) throw new Error(`HTTP ${r.status}`);'
    + ' process.stdout.write(Buffer.from(await r.arrayBuffer()).toString("base64")); })'
    + '.catch((e) => { process.stderr.write(String(e)); process.exit(1); });';
  const r = spawnSync(process.execPath, ['-e', script, url], { encoding: 'utf-8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${r.stderr || r.error || `exit ${r.status}`}`);
  return Buffer.from(r.stdout, 'base64');
};

/** The copy beside the project that is read when there is no override (before any download). */
export const SIBLING_COPY = path.join(ROOT, '..', 'shared', 'reference', 'zalando');

export interface ReferenceOptions {
  /** The local copy to read instead of downloading (default: $CDK8S_ZALANDO_POSTGRES_REFERENCE). */
  readonly override?: string;
  /** A copy read, when it has the file, before downloading (default: SIBLING_COPY). */
  readonly sibling?: string;
  readonly cacheDir?: string;
  readonly fetcher?: Fetcher;
}

/** Path of a verified copy of a pinned Zalando file (downloaded into the cache when needed). */
export function zalandoFile(name: string, options: ReferenceOptions = {}): string {
  known(name);
  const override = 'override' in options ? options.override : process.env[OVERRIDE_ENV];
  if (override) {
    const file = path.resolve(override, name);
    if (!fs.existsSync(file)) {
      throw new Error(`${file} does not exist: ${OVERRIDE_ENV}=${override} must be a directory with the Zalando ${ZALANDO_RELEASE.tag} files `
        + `(${Object.keys(ZALANDO_FILES).join(', ')}); unset it to download them from GitHub`);
    }
    verify(name, fs.readFileSync(file), file);
    return file;
  }
  const sibling = 'sibling' in options ? options.sibling : SIBLING_COPY;
  if (sibling && fs.existsSync(path.join(sibling, name))) {
    const copy = path.join(sibling, name);
    verify(name, fs.readFileSync(copy), copy);
    return copy;
  }
  const dir = options.cacheDir ?? CACHE_DIR;
  const file = path.join(dir, name);
  if (fs.existsSync(file)) {
    verify(name, fs.readFileSync(file), file);
    return file;
  }
  const url = upstreamUrl(name);
  let content: Buffer;
  try {
    content = (options.fetcher ?? httpFetcher)(url);
  } catch (e) {
    throw new Error(`cannot download ${url} (${e}). Without internet, set ${OVERRIDE_ENV} to a directory with the Zalando ${ZALANDO_RELEASE.tag} files.`);
  }
  verify(name, content, url);
  fs.mkdirSync(dir, { recursive: true });
  // atomically: jest workers may download the same file at once
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
  return file;
}

/** The verified text of a pinned Zalando file. */
export function zalandoText(name: string): string {
  return fs.readFileSync(zalandoFile(name), 'utf-8');
}
