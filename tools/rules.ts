// The rules map: the lesson's rules (README `## Rules`, one `- \`id\`: sentence` line each)
// against the rules each check declares (tools/catalog.ts). Every rule needs a check,
// every check proves at least one rule, and no check names a rule the lesson lacks.
import fs from 'node:fs';
import path from 'node:path';
import { declaredChecks, type DeclaredCheck } from './catalog';
import { graderFile, repoRoot } from './kit';
import type { Exercise } from './manifest';

export interface Rule {
  id: string;
  text: string;
}

const RULE_LINE = /^- `([a-z0-9]+(?:-[a-z0-9]+)*)`: (.+)$/;

/** The rules listed in a lesson: the `## Rules` section, up to the next `## ` heading. */
export function lessonRules(readme: string, shown = readme): { rules: Rule[]; problems: string[] } {
  const lines = fs.existsSync(readme) ? fs.readFileSync(readme, 'utf8').split('\n') : [];
  const start = lines.findIndex((l) => l.trim() === '## Rules');
  if (start === -1) return { rules: [], problems: [`${shown} has no "## Rules" section`] };
  const rules: Rule[] = [];
  const problems: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break;
    if (!line.startsWith('- ')) continue;
    const m = line.match(RULE_LINE);
    if (!m) {
      problems.push(`rule line not of the form "- \`rule-id\`: sentence": ${line}`);
      continue;
    }
    if (rules.some((r) => r.id === m[1])) problems.push(`rule "${m[1]}" is listed twice`);
    rules.push({ id: m[1], text: m[2] });
  }
  if (rules.length === 0) problems.push(`${shown}: the "## Rules" section lists no rules`);
  return { rules, problems };
}

export interface RulesMap {
  rules: Array<Rule & { checks: string[] }>;
  checks: DeclaredCheck[];
  problems: string[];
}

export function rulesMap(exercise: Exercise, root = repoRoot): RulesMap {
  const readme = path.join(root, 'starters', exercise.slug, 'README.md');
  const { rules, problems } = lessonRules(readme, path.relative(root, readme));
  const checks = declaredChecks(graderFile(exercise.slug, path.join(root, 'graders')));
  const known = new Set(rules.map((r) => r.id));
  const names = new Set<string>();
  for (const c of checks) {
    if (names.has(c.name)) problems.push(`two checks are named "${c.name}"`);
    names.add(c.name);
    if (c.rules.length === 0) problems.push(`check "${c.name}" (line ${c.line}) names no rule: add { rules: [...] }`);
    for (const id of c.rules) if (!known.has(id)) problems.push(`check "${c.name}" names rule "${id}", which the lesson's ## Rules does not list`);
  }
  const mapped = rules.map((r) => ({ ...r, checks: checks.filter((c) => c.rules.includes(r.id)).map((c) => c.name) }));
  for (const r of mapped) if (r.checks.length === 0) problems.push(`rule "${r.id}" has no check proving it`);
  return { rules: mapped, checks, problems };
}

/** The map as text: each rule, then the checks that prove it. */
export function renderRulesMap(exercise: Exercise, map: RulesMap): string {
  const out = [`${exercise.slug}: ${map.rules.length} rules, ${map.checks.length} checks`];
  for (const r of map.rules) {
    out.push(`  ${r.checks.length ? '✓' : '✗'} ${r.id}: ${r.text}`);
    for (const c of r.checks) out.push(`      ← ${c}`);
  }
  for (const p of map.problems) out.push(`  ! ${p}`);
  return out.join('\n');
}
