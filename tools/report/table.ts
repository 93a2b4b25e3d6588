// The terminal score table: per exercise, each check with ✓/✗, its points and
// the message that teaches. Colour only when writing to a terminal. Learner
// text goes through terminalText first, so only the kit's own colours remain.
import { integrityFindings, type GradeRun } from '../results';
import { terminalLine, terminalText } from './escape';

const paint = (on: boolean) => ({
  green: (s: string) => (on ? `\u001b[32m${s}\u001b[0m` : s),
  red: (s: string) => (on ? `\u001b[31m${s}\u001b[0m` : s),
  yellow: (s: string) => (on ? `\u001b[33m${s}\u001b[0m` : s),
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
  const out: string[] = [c.dim(`Target: ${terminalLine(run.target)}`), ...run.notices.map((n) => c.red(`⚠ ${terminalLine(n)}`)), ''];
  for (const e of run.exercises) {
    const score = `${e.score}/${e.maxScore}`;
    const mark = e.status === 'pass' ? c.green('✓') : c.red(e.status === 'error' ? '!' : '✗');
    const flagged = e.flags.length > 0 ? `  ${c.yellow('⚑ flagged')}` : '';
    out.push(`${mark} ${c.bold(`${e.id} ${terminalLine(e.title)}`)}  ${score}${flagged}`);
    for (const flag of e.flags) out.push(`    ${c.yellow(`⚑ ${terminalLine(flag)}`)}`);
    if (e.error) out.push(indent(c.red(terminalText(e.error)), '    '));
    for (const check of e.checks) {
      const points = `${check.score}/${check.points}`.padStart(5);
      out.push(`  ${check.passed ? c.green('✓') : c.red('✗')} ${points}  ${terminalLine(check.name)}`);
      const message = terminalText(check.message);
      if (message) out.push(indent(check.passed ? c.dim(message) : message, '            '));
    }
    out.push('');
  }
  const findings = integrityFindings(run);
  if (findings.length > 0) {
    out.push(c.yellow(`⚑ Flagged for a teacher's review (${findings.length}): the score stands, but a person will look.`));
  }
  const next = run.exercises.find((e) => e.status !== 'pass');
  if (next) out.push(c.dim(`Next: npm test -- ${next.id}   (${next.slug}/README.md explains the lesson; npm run hint -- ${next.id} for a nudge)`));
  out.push(`Points ${run.score}/${run.maxScore}`);
  return out.join('\n');
}
