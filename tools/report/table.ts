// The terminal score table: per exercise, each check with ✓/✗, its points and
// the message that teaches. Colour only when writing to a terminal.
import type { GradeRun } from '../results';

const paint = (on: boolean) => ({
  green: (s: string) => (on ? `\u001b[32m${s}\u001b[0m` : s),
  red: (s: string) => (on ? `\u001b[31m${s}\u001b[0m` : s),
  dim: (s: string) => (on ? `\u001b[2m${s}\u001b[0m` : s),
  bold: (s: string) => (on ? `\u001b[1m${s}\u001b[0m` : s),
});

const indent = (text: string, pad: string) =>
  text
    .split('\n')
    .map((line) => (line ? pad + line : line))
    .join('\n');

export function renderTable(run: GradeRun, options: { color?: boolean } = {}): string {
  const c = paint(options.color ?? false);
  const out: string[] = [c.dim(`Target: ${run.target}`), ...run.notices.map((n) => c.red(`⚠ ${n}`)), ''];
  for (const e of run.exercises) {
    const score = `${e.score}/${e.maxScore}`;
    const mark = e.status === 'pass' ? c.green('✓') : c.red(e.status === 'error' ? '!' : '✗');
    out.push(`${mark} ${c.bold(`${e.id} ${e.title}`)}  ${score}`);
    if (e.error) out.push(indent(c.red(e.error), '    '));
    for (const check of e.checks) {
      const points = `${check.score}/${check.points}`.padStart(5);
      out.push(`  ${check.passed ? c.green('✓') : c.red('✗')} ${points}  ${check.name}`);
      if (check.message) out.push(indent(check.passed ? c.dim(check.message) : check.message, '            '));
    }
    out.push('');
  }
  const next = run.exercises.find((e) => e.status !== 'pass');
  if (next) out.push(c.dim(`Next: npm test -- ${next.id}   (${next.slug}/README.md explains the lesson; npm run hint -- ${next.id} for a nudge)`));
  out.push(`Points ${run.score}/${run.maxScore}`);
  return out.join('\n');
}
