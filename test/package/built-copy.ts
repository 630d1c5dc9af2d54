/**
 * A copy of the project in a temporary directory, compiled by jsii there: what `npx projen compile` makes,
 * without touching the working tree (jsii writes lib/ and .jsii; pacmak and `npm pack` write beside them).
 * node_modules is a symlink to the project's.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');

/** What a build leaves in the working tree; never copied. */
const NOT_COPIED = new Set(['node_modules', 'lib', 'dist', 'coverage', 'test-reports', '.git', '.jsii', 'tsconfig.tsbuildinfo', 'API.md.tmp']);

/** A binary of the project's devDependencies. */
export function bin(name: string): string {
  return path.join(ROOT, 'node_modules', '.bin', name);
}

export interface RunResult {
  readonly status: number | null;
  /** stdout and stderr, for messages. */
  readonly output: string;
  readonly stdout: string;
}

/** Runs a command; never throws (tests assert on `status` and show `output`). */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 300_000): RunResult {
  const r: SpawnSyncReturns<string> = spawnSync(command, args, {
    cwd,
    encoding: 'utf-8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20', NODE_OPTIONS: '', ...env },
  });
  const stdout = r.stdout ?? '';
  const output = `$ ${command} ${args.join(' ')}\n${stdout}${r.stderr ?? ''}${r.error ? `\n${r.error}` : ''}`;
  return { status: r.status, output, stdout };
}

export interface BuiltCopy {
  /** The copy's root: package.json, lib/, .jsii. */
  readonly dir: string;
  /** What `jsii --fail-on-warnings` printed, and its exit status. */
  readonly jsii: RunResult;
  /** Removes the copy. */
  dispose(): void;
}

/** Copies the project (without build outputs) and compiles it with jsii, failing on any warning. */
export function buildCopy(): BuiltCopy {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-zalando-postgres-build-'));
  for (const entry of fs.readdirSync(ROOT)) {
    if (NOT_COPIED.has(entry)) continue;
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true, verbatimSymlinks: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const jsii = run(bin('jsii'), ['--fail-on-warnings'], dir);
  return { dir, jsii, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
