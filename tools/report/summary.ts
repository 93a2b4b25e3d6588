// A markdown summary for $GITHUB_STEP_SUMMARY: integrity findings, one row per
// exercise, then the failed checks with their messages. Every learner-controlled
// field goes through markdownText (tools/report/escape.ts).
import { integrityFindings, type GradeRun } from '../results';
import { markdownText } from './escape';

/** The Classroom workflow uploads grades/report.html under this artifact name (classroom/.github/workflows/classroom.yml). */
export const REPORT_ARTIFACT = 'grade-report';

const statusOf = (e: GradeRun['exercises'][number]) =>
  `${e.status === 'pass' ? '✅' : e.status === 'error' ? '⚠️ error' : '❌'}${e.flags.length > 0 ? ' ⚑ flagged' : ''}`;

export function toMarkdown(run: GradeRun): string {
  const lines = [`### Points ${run.score}/${run.maxScore}`, ''];
  const findings = integrityFindings(run);
  if (findings.length > 0) {
    lines.push("> ⚑ **Flagged for a teacher's review.** The score stands; these are the reasons to look:", '>');
    for (const f of findings) lines.push(`> - ${markdownText(f)}`);
    lines.push('');
  }
  lines.push('| Exercise | Score | Status |', '| --- | ---: | --- |');
  for (const e of run.exercises) lines.push(`| ${e.id} ${markdownText(e.title)} | ${e.score}/${e.maxScore} | ${statusOf(e)} |`);
  const problems = run.exercises.filter((e) => e.status !== 'pass');
  if (problems.length > 0) lines.push('', '<details><summary>What to fix</summary>', '');
  for (const e of problems) {
    lines.push(`**${e.id} ${markdownText(e.title)}**`, '');
    if (e.error) lines.push(`- ⚠️ ${markdownText(e.error)}`);
    for (const c of e.checks.filter((c) => !c.passed)) lines.push(`- ❌ ${markdownText(c.name)} (${c.points} pt): ${markdownText(c.message)}`);
    lines.push('');
  }
  if (problems.length > 0) lines.push('</details>');
  lines.push(
    '',
    `📄 **Full report**, every message with your tasks' timelines drawn to scale: download this run's **${REPORT_ARTIFACT}** artifact ` +
      '(Summary page of the run → Artifacts) and open `report.html`. On your machine, `npm test` writes it to `grades/report.html`.',
  );
  return `${lines.join('\n')}\n`;
}
