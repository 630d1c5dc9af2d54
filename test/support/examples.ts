import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';

export const EXAMPLES_DIR = path.join(__dirname, '..', '..', 'examples');

/** The example apps in examples/, by name. */
export function exampleNames(): string[] {
  return fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => f.replace(/\.ts$/, '')).sort();
}

/**
 * Runs an example app (as `npm run synth` does) into a fresh directory with extra environment variables
 * (e.g. `DR_PROMOTE=true`) and returns every YAML file it wrote: file name (relative to the output directory,
 * recursively: a GitOps layout such as examples/gitops.ts writes one folder per environment and team) -> YAML text.
 */
export function synthExampleFiles(name: string, env: Record<string, string> = {}): Record<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `example-${name}-`));
  const saved: Record<string, string | undefined> = {};
  for (const k of ['CDK8S_OUTDIR', ...Object.keys(env)]) saved[k] = process.env[k];
  Object.assign(process.env, env, { CDK8S_OUTDIR: outdir });
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    jest.isolateModules(() => require(path.join(EXAMPLES_DIR, name)));
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  const files: Record<string, string> = {};
  for (const f of (fs.readdirSync(outdir, { recursive: true }) as string[]).filter((x) => x.endsWith('.yaml')).sort()) {
    files[f] = fs.readFileSync(path.join(outdir, f), 'utf-8');
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  return files;
}

/** Every object of YAML files (file name -> YAML text), in file order; empty documents are dropped. */
export function objectsOfFiles(files: Record<string, string>): any[] {
  return Object.values(files).flatMap((text) => yaml.loadAll(text) as any[]).filter(Boolean);
}

/** Every object an example app writes (see synthExampleFiles), in file order. */
export function synthExampleObjects(name: string, env: Record<string, string> = {}): any[] {
  return objectsOfFiles(synthExampleFiles(name, env));
}
