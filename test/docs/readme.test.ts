/**
 * The README's TypeScript compiles and runs as one app, read in order (conventions: test/docs/readme.ts), and what
 * it synthesizes is valid. jsii-rosetta's translation of the same blocks is checked in test/package/package.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compose, fixtureDeclarations, README, readmeParts, runProgram, typeErrors } from './readme';
import { credentialLiterals } from '../support/credentials';
import { expectValid } from '../support/schema';

const parts = readmeParts();

let outdir: string;
beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-app-'));
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

test('the README has an app and the cdk8s init walk-through main.ts', () => {
  expect(parts.app.length).toBeGreaterThan(0);
  expect(parts.standalone.filter((b) => b.meta.file === 'main.ts')).toHaveLength(1);
});

test('the README app type-checks, its blocks read in order', () => {
  // a README names things to show them: unused variables are fine there
  expect(typeErrors(compose(parts.app), { noUnusedLocals: false })).toEqual([]);
}, 120_000);

test('rosetta/default.ts-fixture declares only variables the README app declares, with the same types', () => {
  const declared = fixtureDeclarations();
  expect(declared.length).toBeGreaterThan(0);
  const checks = declared.map((d, i) => `const __fixture${i}: ${d.type} = ${d.name}; void __fixture${i};`);
  expect(typeErrors(compose(parts.app, checks), { noUnusedLocals: false })).toEqual([]);
}, 120_000);

test.each(parts.standalone.map((b) => [`README.md:${b.line}`, b] as const))('the complete program at %s type-checks alone', (_, block) => {
  expect(typeErrors(compose([block]))).toEqual([]);
}, 120_000);

test('the README app synthesizes valid objects without a credential literal', () => {
  const objects = runProgram(compose(parts.app), outdir);
  expect(objects.map((o) => o.kind)).toContain('postgresql');
  expectValid(objects);
  expect(credentialLiterals(objects)).toEqual([]);
});

test.each(parts.standalone.map((b) => [`README.md:${b.line}`, b] as const))('the complete program at %s synthesizes valid objects', (_, block) => {
  const objects = runProgram(compose([block]), outdir);
  expect(objects.map((o) => o.kind)).toContain('postgresql');
  expectValid(objects);
});

test('the install section names the packages package.json publishes, and the peers it declares', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8'));
  const readme = fs.readFileSync(README, 'utf-8');
  const install = readme.slice(readme.indexOf('## Install'), readme.indexOf('\n## ', readme.indexOf('## Install') + 1));
  const { python, java, dotnet, go } = pkg.jsii.targets;
  for (const name of [
    `npm install ${pkg.name}`, python.distName, python.module, `${java.maven.groupId}:${java.maven.artifactId}`, java.package,
    dotnet.packageId, `${go.moduleName}/${go.packageName}`,
  ]) {
    expect(install).toContain(name);
  }
  for (const [peer, range] of Object.entries<string>(pkg.peerDependencies)) expect(install).toContain(`\`${peer}\` >= ${range.replace(/^\^/, '')}`);
  expect(install).toContain(`Node.js >= ${pkg.engines.node.replace(/^>=\s*/, '').replace(/\.0$/, '')}`);
});

test('every README link works on npm and Construct Hub: absolute, and into this repository only to files and runbook headings that exist', () => {
  const readme = fs.readFileSync(README, 'utf-8');
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8'));
  const repo = `${String(pkg.repository.url).replace(/^git\+/, '').replace(/\.git$/, '')}/blob/main/`;
  const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  expect(links.length).toBeGreaterThan(20);
  expect(links.filter((l) => !/^https?:\/\//.test(l))).toEqual([]);
  const runbook = fs.readFileSync(path.join(__dirname, '..', '..', 'runbooks', 'postgres.md'), 'utf-8');
  const anchors = new Set([...runbook.matchAll(/^#+ (.+)$/gm)].map((m) => m[1].trim().toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));
  const broken: string[] = [];
  for (const link of links.filter((l) => l.startsWith(repo))) {
    const [file, anchor] = link.slice(repo.length).split('#');
    if (!fs.existsSync(path.join(__dirname, '..', '..', file))) broken.push(link);
    else if (anchor && file === 'runbooks/postgres.md' && !anchors.has(anchor)) broken.push(link);
  }
  expect(broken).toEqual([]);
});
