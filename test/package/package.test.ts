/**
 * The package as the other languages and npm see it: compiled by jsii (any warning fails), the Python, Java, .NET
 * and Go code jsii-pacmak generates, the export list, the README translated by jsii-rosetta, the tarball's
 * contents, and the path a user takes: the tarball installed into a fresh cdk8s app, synthesized with the cdk8s CLI.
 * Built once, in a temporary copy of the project.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import * as ts from 'typescript';
import { bin, buildCopy, BuiltCopy, ROOT, run, RunResult } from './built-copy';
import { codeBlocks } from '../docs/readme';
import { expectValid } from '../support/schema';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));

function ok(r: RunResult): void {
  if (r.status !== 0) throw new Error(`exit ${r.status}\n${r.output}`);
}

let copy: BuiltCopy;
beforeAll(() => {
  copy = buildCopy();
}, 300_000);
afterAll(() => copy?.dispose());

/** The copy's compiled assembly; fails the calling test with jsii's output when compilation failed. */
function assembly(): any {
  ok(copy.jsii);
  return JSON.parse(fs.readFileSync(path.join(copy.dir, '.jsii'), 'utf-8'));
}

test('jsii compiles the library without a warning (reserved words renamed, not silenced)', () => {
  ok(copy.jsii);
  expect(copy.jsii.output).not.toMatch(/JSII\d{4}/);
});

test('every export of src/index.ts is part of the jsii assembly (nothing TypeScript-only)', () => {
  const types = assembly().types as Record<string, unknown>;
  const program = ts.createProgram([path.join(copy.dir, 'lib', 'src', 'index.d.ts')], { skipLibCheck: true });
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(path.join(copy.dir, 'lib', 'src', 'index.d.ts'))!;
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(index)!).map((s) => s.name).sort();
  expect(exported.length).toBeGreaterThan(100);
  const missing = exported.filter((name) => !(`${pkg.name}.${name}` in types));
  expect(missing).toEqual([]);
});

test('no `any` in the public API but the argument of Errors.isValidationError (anything may have been thrown)', () => {
  const anys: string[] = [];
  const visit = (where: string, ref: any) => {
    if (!ref) return;
    if (ref.primitive === 'any') anys.push(where);
    if (ref.collection) visit(`${where}[]`, ref.collection.elementtype);
    for (const u of ref.union?.types ?? []) visit(where, u);
  };
  for (const [fqn, t] of Object.entries<any>(assembly().types)) {
    for (const p of t.initializer?.parameters ?? []) visit(`${fqn}(${p.name})`, p.type);
    for (const m of t.methods ?? []) {
      visit(`${fqn}#${m.name}()`, m.returns?.type);
      for (const p of m.parameters ?? []) visit(`${fqn}#${m.name}(${p.name})`, p.type);
    }
    for (const p of t.properties ?? []) visit(`${fqn}.${p.name}`, p.type);
  }
  expect(anys).toEqual([`${pkg.name}.Errors#isValidationError(thrown)`]);
});

test('no import cycle in src/, type-only imports included', () => {
  const files = (fs.readdirSync(path.join(ROOT, 'src'), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts')).map((f) => path.join(ROOT, 'src', f));
  const resolve = (from: string, spec: string) => [`${spec}.ts`, path.join(spec, 'index.ts')]
    .map((c) => path.resolve(path.dirname(from), c)).find((c) => fs.existsSync(c));
  const edges = new Map(files.map((f) => [f, [...fs.readFileSync(f, 'utf-8').matchAll(/^(?:import|export)\b[^;]*?\bfrom '(\.[^']*)'/gms)]
    .map((m) => resolve(f, m[1])).filter((t): t is string => t !== undefined)]));
  expect([...edges.values()].flat().length).toBeGreaterThan(200);
  // depth-first search; a back edge is a cycle
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (f: string, trail: string[]) => {
    state.set(f, 'open');
    for (const t of edges.get(f) ?? []) {
      const here = [...trail, f];
      if (state.get(t) === 'open') cycles.push([...here.slice(here.indexOf(t)), t].map((x) => path.relative(ROOT, x)).join(' -> '));
      else if (!state.has(t)) visit(t, here);
    }
    state.set(f, 'done');
  };
  for (const f of files.sort()) if (!state.has(f)) visit(f, []);
  expect(cycles).toEqual([]);
});

test('API docs: every summary is a whole sentence and no doc has a literal {@link}', () => {
  // jsii (and so API.md and Construct Hub) takes as summary the first sentence, which ends at `.`, `;`, `!` or `?`
  // followed by a space: a `;` or an abbreviation cuts it, a `{@link X}` is printed as is (write `X` in backticks).
  const problems: string[] = [];
  const check = (where: string, docs: any) => {
    const summary: string = docs?.summary ?? '';
    if (/;$/.test(summary)) problems.push(`${where}: summary cut at ";": ${summary}`);
    if (/\b(e\.g|i\.e|etc|vs|cf)\.$/.test(summary)) problems.push(`${where}: summary cut at an abbreviation: ${summary}`);
    const depth = [...summary].reduce((d, c) => d + (c === '(' ? 1 : c === ')' ? -1 : 0), 0);
    if (depth !== 0 || (summary.match(/`/g) ?? []).length % 2 !== 0) problems.push(`${where}: summary cut inside parentheses or code: ${summary}`);
    for (const [k, v] of Object.entries(docs ?? {})) if (typeof v === 'string' && v.includes('{@link')) problems.push(`${where}: {@link in ${k}`);
  };
  for (const [fqn, t] of Object.entries<any>(assembly().types)) {
    check(fqn, t.docs);
    for (const p of t.initializer?.parameters ?? []) check(`${fqn}(${p.name})`, p.docs);
    for (const m of t.methods ?? []) {
      check(`${fqn}#${m.name}`, m.docs);
      for (const p of m.parameters ?? []) check(`${fqn}#${m.name}(${p.name})`, p.docs);
    }
    for (const p of [...(t.properties ?? []), ...(t.members ?? [])]) check(`${fqn}.${p.name}`, p.docs);
  }
  expect(problems).toEqual([]);
});

test('jsii-pacmak generates Python, Java, .NET and Go code under the configured names', () => {
  ok(copy.jsii);
  // outside the copy, so that the tarball test sees the copy as a build leaves it
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-zalando-postgres-pacmak-'));
  try {
    const languages = ['python', 'java', 'dotnet', 'go'];
    expect(Object.keys(pkg.jsii.targets).sort()).toEqual([...languages].sort());
    const r = run(bin('jsii-pacmak'), ['--code-only', '--no-npmignore', '--outdir', out, ...languages.flatMap((l) => ['--target', l])], copy.dir);
    ok(r);
    expect(r.output).not.toMatch(/warn|error/i);

    const { python, java, dotnet, go } = pkg.jsii.targets;
    // Python: the module, and it is valid Python (reserved words would be syntax errors)
    const pyModule = path.join(out, 'python', 'src', python.module);
    expect(fs.readFileSync(path.join(pyModule, '__init__.py'), 'utf-8')).toMatch(/^class Cluster\(/m);
    ok(run('python3', ['-m', 'compileall', '-q', pyModule], copy.dir));
    expect(fs.readFileSync(path.join(out, 'python', 'setup.py'), 'utf-8')).toContain(`"name": "${python.distName}"`);
    // Java: the package directory and the Maven coordinates
    const javaFile = path.join(out, 'java', 'src', 'main', 'java', ...java.package.split('.'), 'Cluster.java');
    expect(fs.readFileSync(javaFile, 'utf-8')).toContain(`package ${java.package};`);
    const pom = fs.readFileSync(path.join(out, 'java', 'pom.xml'), 'utf-8');
    expect(pom).toContain(`<groupId>${java.maven.groupId}</groupId>`);
    expect(pom).toContain(`<artifactId>${java.maven.artifactId}</artifactId>`);
    // .NET: the package and its namespace
    const csFile = path.join(out, 'dotnet', dotnet.packageId, ...dotnet.namespace.split('.'), 'Cluster.cs');
    expect(fs.readFileSync(csFile, 'utf-8')).toContain(`namespace ${dotnet.namespace}`);
    // Go: the package and its module path
    const goDir = path.join(out, 'go', go.packageName);
    expect(fs.readFileSync(path.join(goDir, 'go.mod'), 'utf-8')).toMatch(new RegExp(`^module ${go.moduleName}/${go.packageName}$`, 'm'));
    expect(fs.readFileSync(path.join(goDir, 'Cluster.go'), 'utf-8')).toMatch(/^package cdk8szalandopostgres$/m);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}, 300_000);

test('jsii-rosetta compiles and translates every README block and doc example for the other languages', () => {
  ok(copy.jsii);
  const tablet = path.join(os.tmpdir(), `cdk8s-zalando-postgres-${process.pid}.tabl.json`);
  const r = run(bin('jsii-rosetta'), ['extract', '--compile', '--cache-to', tablet, path.join(copy.dir, '.jsii')], copy.dir);
  // rosetta also leaves its implicit tablet beside the assembly; a build does not
  fs.rmSync(path.join(copy.dir, '.jsii.tabl.json'), { force: true });
  ok(r);
  const diagnostics = r.output.split('\n').filter((l) => / - error /.test(l));
  expect(diagnostics).toEqual([]);
  const snippets = Object.values<any>(JSON.parse(fs.readFileSync(tablet, 'utf-8')).snippets);
  expect(snippets.length).toBeGreaterThan(0);
  for (const s of snippets) {
    expect({ at: s.location, didCompile: s.didCompile }).toEqual({ at: s.location, didCompile: true });
    expect(Object.keys(s.translations).sort()).toEqual(['$', 'csharp', 'go', 'java', 'python']);
  }
  fs.rmSync(tablet, { force: true });
}, 300_000);

/** Files of the tarball, from `npm pack --dry-run`. */
function tarballFiles(): string[] {
  const r = run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], copy.dir);
  ok(r);
  return JSON.parse(r.stdout)[0].files.map((f: any) => f.path).sort();
}

test('the npm tarball holds what users need and nothing else', () => {
  ok(copy.jsii);
  const files = tarballFiles();
  const allowed = [
    /^package\.json$/, /^README\.md$/, /^LICENSE$/, /^\.jsii$/,
    /^lib\/(src|imports)\/.+\.(js|d\.ts)$/,
    /^bin\/cdk8s-zalando-postgres$/,
    /^runbooks\/[a-z-]+\.md$/, // the alerts' runbook_url points at them
    /^rosetta\/[a-z-]+\.ts-fixture$/, // Construct Hub translates the README with it
  ];
  expect(files.filter((f) => !allowed.some((a) => a.test(f)))).toEqual([]);
  expect(files).toEqual(expect.arrayContaining([
    'package.json', 'README.md', 'LICENSE', '.jsii', 'lib/src/index.js', 'lib/src/index.d.ts', 'bin/cdk8s-zalando-postgres',
    'runbooks/postgres.md', 'rosetta/default.ts-fixture',
  ]));
  expect(pkg.version).toMatch(/^0\./);
  expect(pkg.stability).toBe('experimental');
  expect(pkg.engines.node).toMatch(/^>= ?\d+\.\d+\.\d+$/);
  expect(JSON.stringify(pkg.author)).not.toMatch(/example\.com/);
}, 120_000);

/**
 * What a user does (README "Start from cdk8s init"): a cdk8s app as `cdk8s init typescript-app` scaffolds it (its
 * template's tsconfig.json, cdk8s.yaml and toolchain versions, from the installed cdk8s-cli), the packed library and
 * only its declared peers installed from the npm registry, the README's main.ts, `npx cdk8s synth`.
 * Needs the npm registry (or npm's cache).
 */
test('the packed library installs into a fresh cdk8s app with its peers, and `cdk8s synth` renders the README main.ts', () => {
  ok(copy.jsii);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-zalando-postgres-user-'));
  try {
    const packed = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], copy.dir);
    ok(packed);
    const tarball = path.join(work, JSON.parse(packed.stdout)[0].filename);

    const template = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app');
    const scaffold = JSON.parse(fs.readFileSync(path.join(template, 'package.json'), 'utf-8'));
    const app = path.join(work, 'app');
    fs.mkdirSync(app);
    for (const f of ['tsconfig.json', 'cdk8s.yaml']) fs.copyFileSync(path.join(template, f), path.join(app, f));
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    const main = codeBlocks(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8')).find((b) => b.meta.file === 'main.ts');
    expect(main).toBeDefined();
    fs.writeFileSync(path.join(app, 'main.ts'), main!.code);

    const cli = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'cdk8s-cli', 'package.json'), 'utf-8')).version;
    const tools = ['ts-node', 'typescript', '@types/node'].map((t) => `${t}@${scaffold.devDependencies[t]}`);
    const peers = Object.entries<string>(pkg.peerDependencies).map(([name, range]) => `${name}@${range}`);
    const npmEnv = { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
    ok(run('npm', ['install', '--prefer-offline', `cdk8s-cli@${cli}`, ...tools, tarball, ...peers], app, npmEnv, 600_000));
    // only the declared peers besides the library (what the tarball itself would pull in is nothing else)
    const installed = JSON.parse(fs.readFileSync(path.join(app, 'node_modules', 'cdk8s-zalando-postgres', 'package.json'), 'utf-8'));
    expect(installed.dependencies ?? {}).toEqual({});

    const synth = run('npx', ['cdk8s', 'synth'], app, {}, 600_000);
    ok(synth);
    const outputs = fs.readdirSync(path.join(app, 'dist')).filter((f) => f.endsWith('.k8s.yaml'));
    expect(outputs).toEqual(['orders-db.k8s.yaml']);
    const objects = (yaml.loadAll(fs.readFileSync(path.join(app, 'dist', outputs[0]), 'utf-8')) as any[]).filter(Boolean);
    expectValid(objects);
    const db = objects.find((o) => o.kind === 'postgresql');
    expect(db.metadata).toEqual(expect.objectContaining({ name: 'acid-orders', namespace: 'databases' }));
    expect(objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name)).toEqual(expect.arrayContaining(['acid-orders-default-deny']));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}, 900_000);
