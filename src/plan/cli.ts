/**
 * `cdk8s-zalando-postgres plan <before> <after>`: the change plan of two sets of manifests, each a directory (or
 * file) of YAML or a git revision of one (`<rev>:<path>`, as `git show` takes it).
 *
 * Exit codes: 0 = no consequence matched `--fail-on`; 2 = one did; 1 = usage or input error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ManifestSet } from './manifest-set';
import { ChangePlan } from './plan';
import { ChangeSeverity, parseSeverity, SEVERITY_ORDER, severityId } from './severity';

export const USAGE = `usage: cdk8s-zalando-postgres plan <before> <after> [options]

  <before>, <after>   a directory (or file) of YAML manifests, or a git revision of one: <rev>:<path>
                      (e.g. origin/main:dist), or "-" for nothing
options:
  --format text|markdown|json   output format (default text)
  --output <file>               write the plan to a file instead of stdout
  --fail-on <severities>        comma-separated severities that make the command exit 2, e.g.
                                deletes-data,promotes,outage ("any" = every severity but no-effect)
  --operator-settings <yaml>    the operator's configuration (OperatorConfiguration, its ConfigMap, or a
                                map of its keys); default: the one found in each side, else v2.0.1 defaults
  -C <dir>                      run git in <dir> (default: the current directory)

severities, most severe first:
  ${SEVERITY_ORDER.map(severityId).join(', ')}
`;

/** What `main` writes. Injectable for tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd?: string;
}

class UsageError extends Error {}

function side(arg: string, cwd: string): ManifestSet {
  if (arg === '-') return ManifestSet.empty();
  const resolved = path.resolve(cwd, arg);
  if (fs.existsSync(resolved)) return ManifestSet.fromDirectory(resolved);
  const m = /^([^:]+):(.*)$/.exec(arg);
  if (m) return ManifestSet.fromGitRevision(m[1], m[2] || '.', { cwd });
  throw new UsageError(`${arg}: no such directory or file, and not a git revision (<rev>:<path>)`);
}

/** Runs the command. Returns the exit code. */
export function main(argv: string[], io: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }): number {
  try {
    return run(argv, io);
  } catch (e: any) {
    if (e instanceof UsageError) {
      io.stderr(`error: ${e.message}\n\n${USAGE}`);
    } else {
      const detail = e?.stderr ? String(e.stderr).trim() : '';
      io.stderr(`error: ${e?.message ?? e}${detail && !String(e?.message).includes(detail) ? `\n${detail}` : ''}\n`);
    }
    return 1;
  }
}

function run(argv: string[], io: CliIo): number {
  const args = [...argv];
  if (args[0] === 'plan') {args.shift();} else if (args[0] === undefined || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    io.stdout(USAGE);
    return args[0] === undefined ? 1 : 0;
  } else {
    throw new UsageError(`unknown command ${args[0]}`);
  }
  let cwd = io.cwd ?? process.cwd();
  let format = 'text';
  let output: string | undefined;
  let failOn: ChangeSeverity[] = [];
  let operatorSettings: string | undefined;
  const positional: string[] = [];
  while (args.length) {
    const a = args.shift()!;
    const value = () => {
      const v = args.shift();
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--help' || a === '-h') {
      io.stdout(USAGE);
      return 0;
    } else if (a === '--format') {
      format = value();
      if (!['text', 'markdown', 'json'].includes(format)) throw new UsageError(`--format ${format}: use text, markdown or json`);
    } else if (a === '--output' || a === '-o') {
      output = value();
    } else if (a === '--fail-on') {
      failOn = value().split(',').map((s) => s.trim()).filter((s) => s).flatMap((s) => {
        if (s === 'any') return SEVERITY_ORDER.filter((x) => x !== ChangeSeverity.NO_EFFECT);
        const sev = parseSeverity(s);
        if (!sev) throw new UsageError(`--fail-on: unknown severity ${s}`);
        return [sev];
      });
    } else if (a === '--operator-settings') {
      operatorSettings = value();
    } else if (a === '-C') {
      cwd = path.resolve(cwd, value());
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option ${a}`);
    } else {
      positional.push(a);
    }
  }
  if (positional.length !== 2) throw new UsageError('plan needs exactly two arguments: <before> <after>');
  const before = side(positional[0], cwd);
  const after = side(positional[1], cwd);
  const operatorConfiguration = operatorSettings ? ManifestSet.fromDirectory(path.resolve(cwd, operatorSettings)) : undefined;
  const plan = ChangePlan.compute(before, after, operatorConfiguration ? { operatorConfiguration } : {});
  const text = format === 'json' ? plan.toJson() : format === 'markdown' ? plan.toMarkdown() : plan.toText();
  if (output) fs.writeFileSync(path.resolve(cwd, output), text);
  else io.stdout(text);
  if (failOn.length && plan.hasAny(failOn)) {
    const hit = SEVERITY_ORDER.filter((s) => failOn.includes(s) && plan.count(s) > 0).map(severityId);
    io.stderr(`plan: failing on ${hit.join(', ')}\n`);
    return 2;
  }
  return 0;
}
