/**
 * The pinned Zalando files: checksums are enforced for the local copy and for downloads, the override never
 * downloads, and a download is kept only when its checksum matches. Downloads are simulated with a fetcher that
 * serves local bytes (there is no network in CI).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Fetcher, OVERRIDE_ENV, sha256, upstreamUrl, verify, ZALANDO_FILES, ZALANDO_RELEASE, zalandoFile } from './zalando-reference';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zalando-reference-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const NAME = 'minimal-postgres-manifest.yaml';
/** The pinned bytes, from wherever this run reads them (the override in CI, else the cache). */
const pinned = (name: string) => fs.readFileSync(zalandoFile(name));

const failingFetcher: Fetcher = (url) => {
  throw new Error(`unexpected download of ${url}`);
};

test('every pinned file is readable here and has its checksum', () => {
  for (const [name, f] of Object.entries(ZALANDO_FILES)) expect(sha256(pinned(name))).toBe(f.sha256);
});

test('the URLs point at the release commit in zalando/postgres-operator', () => {
  expect(ZALANDO_RELEASE.commit).toMatch(/^[0-9a-f]{40}$/);
  expect(upstreamUrl('postgresql.crd.yaml')).toBe(`https://raw.githubusercontent.com/zalando/postgres-operator/${ZALANDO_RELEASE.commit}/manifests/postgresql.crd.yaml`);
  expect(upstreamUrl('charts-postgres-operator-values.yaml')).toMatch(/\/charts\/postgres-operator\/values\.yaml$/);
});

test('a local copy with other content fails with both checksums and the way out', () => {
  const copy = path.join(tmp, NAME);
  fs.writeFileSync(copy, Buffer.concat([pinned(NAME), Buffer.from('\n# edited\n')]));
  const actual = sha256(fs.readFileSync(copy));
  expect(() => zalandoFile(NAME, { override: tmp, fetcher: failingFetcher }))
    .toThrow(new RegExp(`${copy}: sha256 ${actual}, expected ${ZALANDO_FILES[NAME].sha256} .*v2\\.0\\.1`));
});

test('the override reads the local copy and never downloads, even when a file is missing', () => {
  fs.writeFileSync(path.join(tmp, NAME), pinned(NAME));
  expect(zalandoFile(NAME, { override: tmp, fetcher: failingFetcher })).toBe(path.join(tmp, NAME));
  expect(() => zalandoFile('postgresql.crd.yaml', { override: tmp, fetcher: failingFetcher }))
    .toThrow(new RegExp(`postgresql\\.crd\\.yaml does not exist: ${OVERRIDE_ENV}=${tmp} must be a directory`));
});

test('without the override, a file is downloaded once into the cache, verified first', () => {
  const fetched: string[] = [];
  const fetcher: Fetcher = (url) => {
    fetched.push(url);
    return pinned(NAME);
  };
  const cache = path.join(tmp, 'cache');
  const file = zalandoFile(NAME, { override: undefined, sibling: undefined, cacheDir: cache, fetcher });
  expect(file).toBe(path.join(cache, NAME));
  expect(sha256(fs.readFileSync(file))).toBe(ZALANDO_FILES[NAME].sha256);
  expect(zalandoFile(NAME, { override: undefined, sibling: undefined, cacheDir: cache, fetcher })).toBe(file);
  expect(fetched).toEqual([upstreamUrl(NAME)]);
});

test('a download with other content is rejected and not cached; a failed download names the override', () => {
  const cache = path.join(tmp, 'cache');
  expect(() => zalandoFile(NAME, { override: undefined, sibling: undefined, cacheDir: cache, fetcher: () => Buffer.from('<html>rate limited</html>') }))
    .toThrow(/raw\.githubusercontent\.com.*: sha256 [0-9a-f]{64}, expected /);
  expect(fs.existsSync(path.join(cache, NAME))).toBe(false);
  expect(() => zalandoFile(NAME, { override: undefined, sibling: undefined, cacheDir: cache, fetcher: failingFetcher }))
    .toThrow(new RegExp(`cannot download .*unexpected download.*set ${OVERRIDE_ENV} to a directory`));
});

test('without the override, a copy beside the project is read (verified) before anything is downloaded', () => {
  const sibling = path.join(tmp, 'sibling');
  fs.mkdirSync(sibling);
  fs.writeFileSync(path.join(sibling, NAME), pinned(NAME));
  const cache = path.join(tmp, 'cache');
  expect(zalandoFile(NAME, { override: undefined, sibling, cacheDir: cache, fetcher: failingFetcher })).toBe(path.join(sibling, NAME));
  expect(fs.existsSync(path.join(cache, NAME))).toBe(false);
  fs.appendFileSync(path.join(sibling, NAME), '# edited\n');
  expect(() => zalandoFile(NAME, { override: undefined, sibling, cacheDir: cache, fetcher: failingFetcher })).toThrow(/sha256 .*expected/);
});

test('a cached file that changed afterwards fails too', () => {
  const cache = path.join(tmp, 'cache');
  fs.mkdirSync(cache);
  fs.writeFileSync(path.join(cache, NAME), 'kind: postgresql\n');
  expect(() => zalandoFile(NAME, { override: undefined, sibling: undefined, cacheDir: cache, fetcher: failingFetcher })).toThrow(/sha256 .*expected/);
});

test('only pinned files can be asked for', () => {
  expect(() => zalandoFile('standby-manifest.yaml')).toThrow(/not one of the pinned Zalando files .*add it to ZALANDO_FILES with its sha256/);
  expect(() => verify('postgresql.crd.yaml', Buffer.from(''), 'x')).toThrow(/^x: sha256 e3b0c442/);
});
