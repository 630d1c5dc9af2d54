/**
 * The package as the other languages and npm see it: compiled by jsii (any warning fails), the Python, Java, .NET
 * and Go code jsii-pacmak generates, the export list, the README translated by jsii-rosetta and the tarball's
 * contents.
 * Built once, in a temporary copy of the project.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { bin, buildCopy, BuiltCopy, ROOT, run, RunResult } from './built-copy';
import { readmeParts } from '../docs/readme';

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

test('jsii-pacmak generates Python, Java, .NET and Go code under the configured names', () => {
  ok(copy.jsii);
  const out = path.join(copy.dir, 'dist-code');
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
}, 300_000);

test('jsii-rosetta compiles and translates every README block and doc example for the other languages', () => {
  ok(copy.jsii);
  const tablet = path.join(copy.dir, 'translations.tabl.json');
  const r = run(bin('jsii-rosetta'), ['extract', '--compile', '--cache-to', tablet, path.join(copy.dir, '.jsii')], copy.dir);
  ok(r);
  // README blocks that do not compose yet (test/docs/readme.ts KNOWN_BROKEN) are reported by the README test
  const broken = new Set(readmeParts().broken.map((b) => `README-L${b.line}.ts`));
  const diagnostics = r.output.split('\n').filter((l) => / - error /.test(l) && ![...broken].some((b) => l.includes(b)));
  expect(diagnostics).toEqual([]);
  const snippets = Object.values<any>(JSON.parse(fs.readFileSync(tablet, 'utf-8')).snippets)
    .filter((s) => !(s.location.api.api === 'moduleReadme' && broken.has(`README-L${s.location.field.line}.ts`)));
  expect(snippets.length).toBeGreaterThan(0);
  for (const s of snippets) {
    expect({ at: s.location, didCompile: s.didCompile }).toEqual({ at: s.location, didCompile: true });
    expect(Object.keys(s.translations).sort()).toEqual(['$', 'csharp', 'go', 'java', 'python']);
  }
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
