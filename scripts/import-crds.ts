/**
 * Regenerates imports/ from the upstream CRDs in ../shared/reference (see its SOURCES.md).
 *
 * `cdk8s import` of several CRDs of one API group one at a time keeps only the last one, so the
 * prometheus-operator CRDs are concatenated into one multi-document file first. The output is
 * deterministic: the same CRDs produce byte-identical files.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const reference = path.resolve(root, '..', 'shared', 'reference');
const outdir = path.join(root, 'imports');

/** module name -> CRD files (relative to ../shared/reference) */
const modules: Record<string, string[]> = {
  'acid.zalan.do': ['zalando/postgresql.crd.yaml'],
  'monitoring.coreos.com': [
    'prometheus-operator/monitoring.coreos.com_podmonitors.yaml',
    'prometheus-operator/monitoring.coreos.com_prometheusrules.yaml',
    'prometheus-operator/monitoring.coreos.com_servicemonitors.yaml',
  ],
  'cert-manager.io': ['cert-manager/cert-manager.io_certificates.yaml'],
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crd-import-'));
fs.rmSync(outdir, { recursive: true, force: true });
fs.mkdirSync(outdir, { recursive: true });
const cli = path.join(root, 'node_modules', '.bin', 'cdk8s');

for (const [name, files] of Object.entries(modules)) {
  const combined = files
    .map((f) => fs.readFileSync(path.join(reference, f), 'utf-8').trim())
    .map((doc) => (doc.startsWith('---') ? doc : `---\n${doc}`))
    .join('\n');
  const input = path.join(tmp, `${name}.yaml`);
  fs.writeFileSync(input, combined + '\n');
  console.log(`importing ${name} from ${files.join(', ')}`);
  execFileSync(cli, ['import', input, '--output', outdir, '--no-check-upgrade', '--language', 'typescript'], {
    cwd: root,
    stdio: 'inherit',
  });
}
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`imports written to ${path.relative(root, outdir)}/: ${fs.readdirSync(outdir).sort().join(', ')}`);
