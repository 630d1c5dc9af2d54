/**
 * The repository URL is named once (.projenrc.ts -> package.json); the alerts' default runbook links follow it and
 * the version: the release tag of a published version, main for the unreleased repository build.
 */
import * as fs from 'fs';
import * as path from 'path';
import { defaultRunbookUrl, runbookUrl } from '../../src/project-info';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8'));

test('a released version links to its tag, the unreleased build to main', () => {
  expect(runbookUrl('https://github.com/acme/pg', '0.4.2')).toBe('https://github.com/acme/pg/blob/v0.4.2/runbooks/postgres.md');
  expect(runbookUrl('https://github.com/acme/pg', '0.0.0')).toBe('https://github.com/acme/pg/blob/main/runbooks/postgres.md');
});

test('the default comes from package.json: its repository and version', () => {
  expect(pkg.repository.url).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+\.git$/);
  expect(pkg.homepage).toBe(pkg.repository.url.replace(/\.git$/, ''));
  const ref = pkg.version === '0.0.0' ? 'main' : `v${pkg.version}`;
  expect(defaultRunbookUrl()).toBe(`${pkg.homepage}/blob/${ref}/runbooks/postgres.md`);
});

test('the placeholder URL is written nowhere else in src/', () => {
  const hits: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (fs.readFileSync(p, 'utf-8').includes('github.com/cdk8s-zalando-postgres')) hits.push(p);
    }
  };
  walk(path.join(__dirname, '..', '..', 'src'));
  expect(hits).toEqual([]);
});

test('the runbooks the default links to are shipped with the package', () => {
  expect(fs.existsSync(path.join(__dirname, '..', '..', 'runbooks', 'postgres.md'))).toBe(true);
  expect(fs.readFileSync(path.join(__dirname, '..', '..', '.npmignore'), 'utf-8').split('\n')).not.toContain('/runbooks/');
});
