// What watch mode shows after each grade: the exercise's score line, one line
// per check, the first failing check's message in full, and what to do next.
// Shorter than the full table (tools/report/table.ts) so it fits one screen.
import type { ExerciseResult } from '../results';
import { terminalLine, terminalText } from './escape';

const paint = (on: boolean, code: number) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

export interface WatchViewOptions {
  color?: boolean;
  /** The exercise after this one ("next: …" once this one is full); none: it was the last. */
  next?: { id: string; title: string; slug: string };
  /** Seconds from the save to this result, shown on the status line. */
  seconds?: number;
}

export function watchView(e: ExerciseResult, options: WatchViewOptions = {}): string {
  const color = options.color ?? false;
  const [green, red, yellow, dim, bold] = [32, 31, 33, 2, 1].map((c) => paint(color, c));
  const full = e.status === 'pass';
  const mark = full ? green('✓') : red(e.status === 'error' ? '!' : '✗');
  const out = [`${mark} ${bold(`${e.id} ${terminalLine(e.title)}`)}  ${e.score}/${e.maxScore}${e.flags.length > 0 ? `  ${yellow('⚑ flagged')}` : ''}`];
  for (const flag of e.flags) out.push(`    ${yellow(`⚑ ${terminalLine(flag)}`)}`);
  for (const c of e.checks) out.push(`  ${c.passed ? green('✓') : red('✗')} ${`${c.score}/${c.points}`.padStart(5)}  ${terminalLine(c.name)}`);
  out.push('');
  const failing = e.checks.find((c) => !c.passed);
  if (e.error) out.push(red(terminalText(e.error)), '');
  else if (failing) out.push(bold(`First failing check: ${terminalLine(failing.name)}`), terminalText(failing.message), '');
  if (full) {
    out.push(
      green(`✓ ${e.id} is complete.`) +
        (options.next ? ` next: ${options.next.id} ${terminalLine(options.next.title)} (${options.next.slug}/README.md)` : ' next: every exercise is done. Run npm test for the whole table.'),
    );
  }
  const took = options.seconds === undefined ? '' : ` (save → result ${options.seconds.toFixed(1)} s)`;
  out.push(dim(`Watching ${e.slug}/ for saves${took}. Ctrl-C to stop.`));
  return out.join('\n');
}
