/** Runs promtool (Debian package `prometheus`, installed by .ci/run) on rule groups. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';

export interface PromtoolResult {
  readonly ok: boolean;
  readonly output: string;
}

function promtool(args: string[], cwd: string): PromtoolResult {
  const r = spawnSync('promtool', args, { cwd, encoding: 'utf-8' });
  if (r.error) throw new Error(`promtool not found (apt-get install prometheus; .ci/run does): ${r.error.message}`);
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/** `promtool check rules` on the groups of a PrometheusRule spec. */
export function checkRules(spec: any): PromtoolResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promtool-'));
  fs.writeFileSync(path.join(dir, 'rules.yml'), yaml.dump(spec, { lineWidth: -1 }));
  try {
    return promtool(['check', 'rules', 'rules.yml'], dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `promtool test rules` with the given tests against the groups of a PrometheusRule spec. */
export function testRules(spec: any, tests: any[]): PromtoolResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promtool-'));
  fs.writeFileSync(path.join(dir, 'rules.yml'), yaml.dump(spec, { lineWidth: -1 }));
  // Without group_eval_order promtool evaluates the groups in an unspecified order, so an alert reading a recording
  // rule would see the recorded value of this or of the previous evaluation at random: evaluate in spec order
  // (the recording groups come first).
  const groupEvalOrder = (spec.groups ?? []).map((g: any) => g.name);
  fs.writeFileSync(path.join(dir, 'tests.yml'), yaml.dump({ rule_files: ['rules.yml'], evaluation_interval: '1m', group_eval_order: groupEvalOrder, tests }, { lineWidth: -1 }));
  try {
    return promtool(['test', 'rules', 'tests.yml'], dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
