import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Yaml } from 'cdk8s';

/** Options of `ManifestSet.fromGitRevision`. */
export interface GitRevisionOptions {
  /**
   * A directory inside the git work tree to run git in.
   * @default - the current working directory
   */
  readonly cwd?: string;
}

/** The file extensions read from directories and git trees. */
const YAML_FILE = /\.ya?ml$/i;

/**
 * A set of Kubernetes manifests: what one side of a change plan is. Built from YAML (a directory of synthesized
 * files, a git revision of one, a text) or from cdk8s charts; only the documents are kept, so manifests that this
 * library did not write work too.
 */
export class ManifestSet {
  /** No documents (e.g. the before side of a first commit). */
  public static empty(): ManifestSet {
    return new ManifestSet([], 'nothing');
  }

  /** The documents of a YAML text (several documents separated by `---`). */
  public static fromYaml(text: string): ManifestSet {
    return new ManifestSet(parseYaml(text), 'YAML text');
  }

  /** The documents of a JSON text: one object or an array of objects. */
  public static fromJson(text: string): ManifestSet {
    const parsed = JSON.parse(text);
    return new ManifestSet(Array.isArray(parsed) ? parsed : [parsed], 'JSON text');
  }

  /** Every `*.yaml` / `*.yml` file under a directory (recursively, in path order), or one YAML file. */
  public static fromDirectory(directory: string): ManifestSet {
    const stat = fs.statSync(directory);
    const files = stat.isDirectory() ? listYamlFiles(directory) : [directory];
    const text = files.map((f) => fs.readFileSync(f, 'utf-8')).join('\n---\n');
    return new ManifestSet(parseYaml(text), directory);
  }

  /**
   * The YAML files of a directory (or one file) as committed in a git revision: `git show <revision>:<path>`.
   * @param revision a commit, branch or tag (e.g. `origin/main`)
   * @param filePath the directory or file, relative to the top of the work tree
   */
  public static fromGitRevision(revision: string, filePath: string, options: GitRevisionOptions = {}): ManifestSet {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: top, encoding: 'utf-8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
    const top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: options.cwd ?? process.cwd(), encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    const clean = filePath.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    const type = git('cat-file', '-t', `${revision}:${clean}`).trim();
    const files = type === 'tree'
      ? git('ls-tree', '-r', '--name-only', '--full-tree', revision, '--', clean).split('\n').filter((f) => YAML_FILE.test(f)).sort()
      : [clean];
    const text = files.map((f) => git('show', `${revision}:${f}`)).join('\n---\n');
    return new ManifestSet(parseYaml(text), `${revision}:${clean}`);
  }

  /** The objects of cdk8s charts, as they would be synthesized. */
  public static fromCharts(charts: Chart[]): ManifestSet {
    return new ManifestSet(charts.flatMap((c) => c.toJson()), `${charts.length} chart(s)`);
  }

  /** @internal Documents as objects (tests and the TypeScript `planChanges`). */
  public static _fromDocuments(documents: any[], description = 'objects'): ManifestSet {
    return new ManifestSet(documents, description);
  }

  /** Where the documents come from (a directory, a revision, ...). */
  public readonly source: string;
  /** @internal */
  public readonly _documents: any[];

  private constructor(documents: any[], source: string) {
    this._documents = documents.filter((d) => d && typeof d === 'object' && !Array.isArray(d));
    this.source = source;
  }

  /** The number of documents. */
  public get size(): number {
    return this._documents.length;
  }

  /** The documents as JSON (an array). */
  public toJson(): string {
    return JSON.stringify(this._documents);
  }
}

function listYamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listYamlFiles(p));
    else if (YAML_FILE.test(entry.name)) out.push(p);
  }
  return out;
}

/** Parses YAML with cdk8s's own parser (YAML 1.1, as cdk8s and kubectl read manifests). */
function parseYaml(text: string): any[] {
  if (!text.trim()) return [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zpg-plan-'));
  const file = path.join(dir, 'manifests.yaml');
  try {
    fs.writeFileSync(file, text);
    return Yaml.load(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
