// End to end through the real runner: a sequential dashboard (the classic await
// in a loop) fails its timing checks, and each failed check's result carries the
// structured timeline that its message draws in ASCII and report.html in SVG.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderTimeline } from '../../graders/support/timeline';
import { gradeTarget } from '../../tools/grading';
import { repoRoot } from '../../tools/kit';
import { loadManifest, selectExercises } from '../../tools/manifest';
import { toHtml } from '../../tools/report/html';
import { toResultsJson } from '../../tools/report/json';

test('a failed timing check carries its timeline record; message and report draw that record', async () => {
  const [dashboard] = selectExercises(loadManifest(), ['02']);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-timeline-'));
  const dir = path.join(root, dashboard.slug);
  fs.cpSync(path.join(repoRoot, 'solutions', dashboard.slug), dir, { recursive: true });
  const file = path.join(dir, 'index.ts');
  const solved = fs.readFileSync(file, 'utf8');
  const sequential = solved.replace(
    'const values = await Promise.all(names.map((name) => sources[name]()));',
    'const values: T[] = [];\n  for (const name of names) values.push(await sources[name]());',
  );
  expect(sequential).not.toBe(solved); // the solution still has the line this test rewrites
  fs.writeFileSync(file, sequential);
  try {
    const run = await gradeTarget({ name: 'sequential', dir: root }, [dashboard]);
    const overlap = run.exercises[0].checks.find((c) => c.name === 'dashboard overlaps every wait: total time = the slowest source')!;
    expect(overlap.passed).toBe(false);
    const timeline = overlap.timeline!;
    expect(timeline.spans.length).toBeGreaterThan(0);
    // one after another: each source starts when the one before ends
    timeline.spans.slice(1).forEach((s, i) => expect(s.start).toBe(timeline.spans[i].end));
    // the expected shape: every source from 0 ms
    expect(timeline.expected?.every((s) => s.start === 0)).toBe(true);
    expect(overlap.message).toContain(renderTimeline(timeline));
    expect(toResultsJson(run).exercises[0].checks.find((c) => c.name === overlap.name)).toHaveProperty('timeline', timeline);
    const html = toHtml(run);
    const drawn = run.exercises[0].checks.flatMap((c) => (c.timeline ? [...c.timeline.spans, ...(c.timeline.expected ?? [])] : []));
    expect(html.match(/<svg class="gantt"/g)?.length).toBe(run.exercises[0].checks.filter((c) => c.timeline).length);
    expect(html.match(/<rect class="bar /g)?.length).toBe(drawn.length);
    // checks that passed carry none
    expect(run.exercises[0].checks.filter((c) => c.passed).every((c) => c.timeline === undefined)).toBe(true);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}, 120_000);
