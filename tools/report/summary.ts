// A markdown summary for $GITHUB_STEP_SUMMARY: one row per exercise, then the
// failed checks with their messages.
import type { GradeRun } from '../results';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function toMarkdown(run: GradeRun): string {
  const lines = [`### Points ${run.score}/${run.maxScore}`, '', ...run.notices.map((n) => `> ⚠️ ${cell(n)}\n`), '| Exercise | Score | Status |', '| --- | ---: | --- |'];
  for (const e of run.exercises) lines.push(`| ${e.id} ${cell(e.title)} | ${e.score}/${e.maxScore} | ${e.status === 'pass' ? '✅' : e.status === 'error' ? '⚠️ error' : '❌'} |`);
  const problems = run.exercises.filter((e) => e.status !== 'pass');
  if (problems.length > 0) lines.push('', '<details><summary>What to fix</summary>', '');
  for (const e of problems) {
    lines.push(`**${e.id} ${cell(e.title)}**`, '');
    if (e.error) lines.push(`- ⚠️ ${cell(e.error)}`);
    for (const c of e.checks.filter((c) => !c.passed)) lines.push(`- ❌ ${cell(c.name)} (${c.points} pt): ${cell(c.message)}`);
    lines.push('');
  }
  if (problems.length > 0) lines.push('</details>');
  return `${lines.join('\n')}\n`;
}
