/**
 * `npm run synth`: synthesizes every app in examples/ into dist/examples/<example>/.
 *
 * Each example is a plain cdk8s app (`new App()` ... `app.synth()`) that imports the library by its package
 * name; here that name is mapped to src/ (tsconfig.examples.json). The apps run in this one process, each
 * with CDK8S_OUTDIR pointing at its own folder.
 */
import * as fs from 'fs';
import * as path from 'path';
import { register } from 'tsconfig-paths';

const root = path.resolve(__dirname, '..');
register({ baseUrl: root, paths: { 'cdk8s-zalando-postgres': ['src/index.ts'] } });

const examplesDir = path.join(root, 'examples');
const outRoot = path.join(root, 'dist', 'examples');
const only = process.argv.slice(2);
const examples = fs.readdirSync(examplesDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();

for (const name of examples) {
  const outdir = path.join(outRoot, name);
  fs.rmSync(outdir, { recursive: true, force: true });
  process.env.CDK8S_OUTDIR = outdir;
  require(path.join(examplesDir, name));
  console.log(`${path.relative(root, outdir)}/: ${yamlFiles(outdir).join(', ')}`);
}

/** The YAML files under `dir`, with their paths relative to it (the GitOps example writes folders). */
function yamlFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? yamlFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : e.name.endsWith('.yaml') ? [`${prefix}${e.name}`] : []));
}
