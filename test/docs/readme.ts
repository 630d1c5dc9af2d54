/**
 * The README's TypeScript as a reader runs it.
 *
 * Conventions (README authors):
 * - Every ```ts (or ```typescript) block belongs to ONE app, the "README app": the blocks are read in order and
 *   concatenated. A block imports the names it uses first (never a name an earlier block imported), and may use
 *   every variable an earlier block declared. Ids and variable names are unique across the whole README.
 * - A block whose fence says `nofixture` (```ts nofixture) is a complete program on its own (e.g. a whole
 *   `main.ts`); it is checked and run alone. `file=main.ts` names the block the user-path test
 *   (test/package/package.test.ts) synthesizes in a fresh `cdk8s init` app.
 * - Blocks in other languages (sh, yaml, python, ...) are not checked.
 * - jsii-rosetta compiles each block of the README app alone, with `rosetta/default.ts-fixture`, which declares
 *   the variables earlier blocks define (`declare const db: import('cdk8s-zalando-postgres').Cluster;`). The
 *   test checks that every variable the fixture declares is declared by the README app with that type.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import * as ts from 'typescript';

export const ROOT = path.resolve(__dirname, '..', '..');
export const README = path.join(ROOT, 'README.md');
export const FIXTURE = path.join(ROOT, 'rosetta', 'default.ts-fixture');

export interface CodeBlock {
  /** 1-based line of the opening fence (jsii-rosetta names the snippet `...-README-L<line>`). */
  readonly line: number;
  /** The fence's language, lower case. */
  readonly language: string;
  /** The fence's other words: `nofixture`, `file=main.ts`, `fixture=name`. */
  readonly meta: Record<string, string>;
  readonly code: string;
}

/** The fenced code blocks of a markdown text, in order. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, language, rest] = open;
    const meta: Record<string, string> = {};
    for (const word of rest.split(/\s+/).filter(Boolean)) {
      const eq = word.indexOf('=');
      if (eq < 0) meta[word] = '';
      else meta[word.slice(0, eq)] = word.slice(eq + 1);
    }
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !(lines[j].startsWith(indent + fence[0].repeat(fence.length)) && lines[j].trim().replace(/^[`~]+/, '') === '')) {
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
      j++;
    }
    blocks.push({ line: i + 1, language: language.toLowerCase(), meta, code: body.join('\n') });
    i = j;
  }
  return blocks;
}

export function isTypeScript(b: CodeBlock): boolean {
  return b.language === 'ts' || b.language === 'typescript';
}

export interface ReadmeParts {
  /** Blocks of the README app, in order. */
  readonly app: CodeBlock[];
  /** Complete programs (`nofixture`). */
  readonly standalone: CodeBlock[];
}

export function readmeParts(markdown = fs.readFileSync(README, 'utf-8')): ReadmeParts {
  const blocks = codeBlocks(markdown).filter(isTypeScript);
  return { app: blocks.filter((b) => !('nofixture' in b.meta)), standalone: blocks.filter((b) => 'nofixture' in b.meta) };
}

/** A program made of README blocks: its source and, per line, the README line it came from. */
export interface Composition {
  readonly source: string;
  /** `readmeLine[i]` is the README line of source line i (0-based); 0 for lines the harness added. */
  readonly readmeLine: number[];
}

export function compose(blocks: CodeBlock[], extra: string[] = []): Composition {
  const source: string[] = [];
  const readmeLine: number[] = [];
  for (const b of blocks) {
    b.code.split('\n').forEach((l, i) => {
      source.push(l);
      readmeLine.push(b.line + 1 + i);
    });
  }
  for (const l of extra) {
    source.push(l);
    readmeLine.push(0);
  }
  return { source: source.join('\n'), readmeLine };
}

/** Compiler options of the examples (the package name mapped to src/), as a reader's app would compile. */
function compilerOptions(overrides: ts.CompilerOptions): ts.CompilerOptions {
  const file = path.join(ROOT, 'examples', 'tsconfig.json');
  const config = ts.readConfigFile(file, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, path.dirname(file));
  return { ...parsed.options, noEmit: true, ...overrides };
}

/**
 * Type-checks a composed program (as `tsc --noEmit` would) and returns its errors as
 * `README.md:<line>: TS<code> <message>`.
 */
export function typeErrors(c: Composition, overrides: ts.CompilerOptions = {}): string[] {
  // beside the examples, so that the package name and node_modules resolve as for them
  const virtual = path.join(ROOT, 'examples', '__readme__.ts');
  const options = compilerOptions(overrides);
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) =>
    (path.resolve(name) === virtual ? ts.createSourceFile(name, c.source, lang, true) : getSourceFile(name, lang, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === virtual || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (path.resolve(name) === virtual ? c.source : readFile(name));
  const program = ts.createProgram([virtual], options, host);
  const file = program.getSourceFile(virtual)!;
  return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (d.start === undefined) return `TS${d.code} ${text}`;
    const line = file.getLineAndCharacterOfPosition(d.start).line;
    const where = c.readmeLine[line] ? `README.md:${c.readmeLine[line]}` : `(harness line: ${c.source.split('\n')[line]})`;
    return `${where}: TS${d.code} ${text}`;
  });
}

/** The variables `rosetta/default.ts-fixture` declares, as `name: type` source text. */
export function fixtureDeclarations(): Array<{ name: string; type: string }> {
  const text = fs.readFileSync(FIXTURE, 'utf-8');
  const file = ts.createSourceFile(FIXTURE, text, ts.ScriptTarget.ES2022, true);
  const out: Array<{ name: string; type: string }> = [];
  for (const s of file.statements) {
    if (!ts.isVariableStatement(s)) continue;
    for (const d of s.declarationList.declarations) out.push({ name: d.name.getText(file), type: d.type!.getText(file) });
  }
  return out;
}

/**
 * Runs a composed program in this process with the package name mapped to src/ (jest's moduleNameMapper), and
 * returns every object of every cdk8s App it created (synthesized after the program ran, so that what it adds
 * after its own `app.synth()` counts too). Its own `app.synth()` writes into a temporary directory.
 */
export function runProgram(c: Composition, outdir: string): any[] {
  const js = ts.transpileModule(c.source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cdk8s = require('cdk8s');
  const apps: any[] = [];
  const TrackedApp: any = new Proxy(cdk8s.App, {
    construct(target, args, newTarget): object {
      const app: object = Reflect.construct(target, args, newTarget === TrackedApp ? target : newTarget);
      apps.push(app);
      return app;
    },
  });
  const modules: Record<string, any> = { cdk8s: { ...cdk8s, App: TrackedApp } };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const req = (id: string) => modules[id] ?? require(id);
  const saved = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    const module = { exports: {} };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('require', 'module', 'exports', js)(req, module, module.exports);
  } finally {
    if (saved === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = saved;
  }
  if (apps.length === 0) throw new Error('the program created no cdk8s App');
  return apps.flatMap((app) => (yaml.loadAll(app.synthYaml()) as any[]).filter(Boolean));
}
