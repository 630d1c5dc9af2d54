/**
 * Generates the README's table of validation rules from `src/validation/rule-code.ts` (`npx projen docs:rules`):
 * one row per rule code, grouped by the class's sections, with the first sentence of its doc comment. A test
 * fails when the README and the code disagree.
 */
import * as fs from 'fs';
import * as path from 'path';
import { replaceBetweenMarkers } from './readme-markers';

const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';
const SOURCE = path.join(__dirname, '..', 'src', 'validation', 'rule-code.ts');

/** The rules of rule-code.ts in source order: section, code and summary. */
export function rules(source: string = fs.readFileSync(SOURCE, 'utf-8')): Array<{ section: string; code: string; summary: string }> {
  const out: Array<{ section: string; code: string; summary: string }> = [];
  let section = '';
  let doc = '';
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    const heading = /^\/\/ --- (.+?) -+$/.exec(line);
    if (heading) {
      section = heading[1];
      continue;
    }
    if (line === '*/') continue;
    const comment = /^\/\*\*\s*(.*?)\s*(\*\/)?$/.exec(line) ?? /^\*\s?(.*?)\s*(\*\/)?$/.exec(line);
    if (comment && !line.startsWith('public')) {
      doc = `${doc} ${comment[1]}`.trim();
      continue;
    }
    const constant = /^public static readonly [A-Z0-9_]+ = '([A-Z0-9-]+)';$/.exec(line);
    if (constant) out.push({ section, code: constant[1], summary: firstSentence(doc) });
    doc = '';
  }
  return out;
}

/** The first sentence (up to a period followed by a space and a capital, or the end). */
function firstSentence(text: string): string {
  const m = /^(.+?\.)(\s+[A-Z`]|$)/.exec(text);
  return (m ? m[1] : text).replace(/\|/g, '\\|');
}

/** The markdown tables: one per section. */
export function ruleTable(): string {
  const all = rules();
  const sections = [...new Set(all.map((r) => r.section))];
  return sections.map((s) => [
    `**${s}**`,
    '',
    '| code | raised when |',
    '|---|---|',
    ...all.filter((r) => r.section === s).map((r) => `| \`${r.code}\` | ${r.summary} |`),
  ].join('\n')).join('\n\n');
}

/** The README with the table between the markers replaced. */
export function readmeWithRuleTable(readme: string): string {
  return replaceBetweenMarkers(readme, START, END, ruleTable());
}

if (require.main === module) {
  const file = path.join(__dirname, '..', 'README.md');
  fs.writeFileSync(file, readmeWithRuleTable(fs.readFileSync(file, 'utf-8')));
  console.log('README.md: rule table regenerated');
}
