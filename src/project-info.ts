/**
 * What the library knows about itself, read from its own package.json (which .projenrc.ts writes from one
 * constant: the GitHub repository): where the repository is, which version this is, and so where the runbooks of
 * this version are.
 */
import * as fs from 'fs';
import * as path from 'path';

interface PackageInfo {
  readonly repository: string;
  readonly version: string;
}

let cached: PackageInfo | undefined;

/** The package's own package.json: the first one named `cdk8s-zalando-postgres` above this file (src/ or lib/src/). */
function packageInfo(): PackageInfo {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf-8'));
      if (pkg.name === 'cdk8s-zalando-postgres') {
        const url: string = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository.url;
        cached = { repository: url.replace(/^git\+/, '').replace(/\.git$/, ''), version: pkg.version };
        return cached;
      }
    }
    if (path.dirname(dir) === dir) {
      // e.g. the app was bundled into one file: the package's files are not beside its code
      throw new Error(`cdk8s-zalando-postgres: its package.json is not found above ${__dirname}, so the default runbook URL is unknown. `
        + 'Set runbookBaseUrl on MonitoringStack, FleetMonitoring and RestoreDrill.');
    }
  }
}

/**
 * The runbooks (runbooks/postgres.md, shipped in the package too) of a version on GitHub: at its release tag
 * `v<version>`, or on `main` for an unreleased build (version 0.0.0, as in the repository).
 */
export function runbookUrl(repository: string, version: string): string {
  const ref = version === '0.0.0' ? 'main' : `v${version}`;
  return `${repository}/blob/${ref}/runbooks/postgres.md`;
}

/** The default base URL of the alerts' runbooks: this version's runbooks/postgres.md on GitHub (read when first needed). */
export function defaultRunbookUrl(): string {
  const info = packageInfo();
  return runbookUrl(info.repository, info.version);
}
