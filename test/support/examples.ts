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
 * (e.g. `DR_PROMOTE=true`) and returns every object it wrote.
 */
export function synthExampleObjects(name: string, env: Record<string, string> = {}): any[] {
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
  const files = (fs.readdirSync(outdir, { recursive: true }) as string[]).filter((f) => f.endsWith('.yaml')).sort();
  const objects = files.flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(outdir, f), 'utf-8')) as any[]).filter(Boolean);
  fs.rmSync(outdir, { recursive: true, force: true });
  return objects;
}
