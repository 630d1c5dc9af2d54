/**
 * The example's pull-request workflow: its shape, its shell steps pass shellcheck, and the severities it fails on
 * are ones the plan command knows.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { parseSeverity } from '../../src/plan/severity';

const FILE = path.join(__dirname, '..', '..', 'examples', 'gitops', '.github', 'workflows', 'plan.yml');
const workflow: any = yaml.load(fs.readFileSync(FILE, 'utf-8'));
const steps: any[] = workflow.jobs.plan.steps;

test('runs on pull requests with the permission to comment', () => {
  expect(Object.keys(workflow.on)).toEqual(['pull_request']);
  expect(workflow.permissions).toEqual({ 'contents': 'read', 'pull-requests': 'write' });
  expect(steps.find((s) => s.uses?.startsWith('actions/checkout@')).with['fetch-depth']).toBe(0);
});

test('synthesizes, plans against the base branch in Markdown, posts it and fails on the chosen severities', () => {
  const names = steps.map((s) => s.name ?? s.uses ?? s.run);
  const order = ['Synthesize', 'Plan every environment against the base branch', 'Post the plan on the pull request', 'Fail on the chosen severities'].map((n) => names.indexOf(n));
  expect(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]))).toBe(true);
  const plan = steps.find((s) => s.id === 'plan');
  expect(plan.env.BASE).toBe('origin/${{ github.base_ref }}');
  expect(plan.run).toContain('npx cdk8s-zalando-postgres plan "$before" "deploy/$env_name" --format markdown --fail-on "$FAIL_ON"');
  expect(steps.find((s) => s.name === 'Post the plan on the pull request').run).toContain('--body-file plan.md');
  expect(steps.find((s) => s.name === 'Fail on the chosen severities').if).toBe("steps.plan.outputs.status != '0'");
});

test('FAIL_ON names only severities the command knows', () => {
  const ids = String(workflow.env.FAIL_ON).split(',');
  expect(ids.length).toBeGreaterThan(3);
  for (const id of ids) expect(parseSeverity(id)).toBeDefined();
});

test('every run step passes shellcheck', () => {
  for (const step of steps.filter((s) => s.run)) {
    // GitHub expressions are substituted before the shell runs; stand in a plain word
    const script = `#!/bin/bash\nset -eo pipefail\n${String(step.run).replace(/\$\{\{[^}]*\}\}/g, 'EXPR')}`;
    const r = spawnSync('shellcheck', ['-s', 'bash', '-'], { input: script, encoding: 'utf-8' });
    expect(`${step.name}: ${r.stdout}`).toBe(`${step.name}: `);
    expect(r.status).toBe(0);
  }
});
