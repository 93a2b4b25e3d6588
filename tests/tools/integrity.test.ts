// The one integrity model: a flagged exercise (forgery scan, tripwires) and the
// run-wide notices (modified grading files, workflow tampering) reach every
// report: the terminal table, the step summary, results.json, the Classroom
// Integrity test, Gradescope's output and the grade:all CSV notes. Flags change
// no score. And learner text cannot escape its place in any of them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { csvNotes, gradeAll } from '../../tools/grade-all';
import { repoRoot } from '../../tools/kit';
import { loadManifest, selectExercises } from '../../tools/manifest';
import { classroomOutput, toClassroom } from '../../tools/report/classroom';
import { markdownText, terminalLine, terminalText } from '../../tools/report/escape';
import { toGradescope } from '../../tools/report/gradescope';
import { toResultsJson } from '../../tools/report/json';
import { toMarkdown } from '../../tools/report/summary';
import { renderTable } from '../../tools/report/table';
import { failedExercise, gradedExercise, gradeRun, integrityFindings, withFlags } from '../../tools/results';

const header = (id: string, points: number) => ({ id, slug: `${id}-demo`, title: `Demo ${id}`, points });
const reason = "index.ts:3: require('vm'): the vm module (runs code the grader cannot see)";

const flaggedRun = gradeRun(
  'starters',
  [
    withFlags(gradedExercise(header('01', 2), [{ name: 'works', points: 2, score: 2, passed: true, message: '' }], 10), [reason]),
    gradedExercise(header('02', 1), [{ name: 'clean', points: 1, score: 1, passed: true, message: '' }], 10),
  ],
  ['modified grading files: graders/01-demo.grader.ts'],
);

describe('a flagged exercise, in every report', () => {
  test('the findings list the run-wide notices, then each flagged exercise by id', () => {
    expect(integrityFindings(flaggedRun)).toEqual(['modified grading files: graders/01-demo.grader.ts', `01: ${reason}`]);
  });

  test('terminal table: the exercise line says flagged, the reason follows, the score stands, Points stays last', () => {
    const lines = renderTable(flaggedRun).split('\n');
    expect(lines).toContain('✓ 01 Demo 01  2/2  ⚑ flagged');
    expect(lines).toContain(`    ⚑ ${reason}`);
    expect(lines).toContain('✓ 02 Demo 02  1/1');
    expect(lines.some((l) => l.startsWith("⚑ Flagged for a teacher's review (2)"))).toBe(true);
    expect(lines.pop()).toBe('Points 3/3');
  });

  test('step summary: the findings above the table, and the status cell says flagged', () => {
    const md = toMarkdown(flaggedRun);
    expect(md).toContain("> ⚑ **Flagged for a teacher's review.**");
    expect(md).toContain(`> - 01: ${markdownText(reason)}`);
    expect(md).toMatch(/\| 01 Demo 01 \| 2\/2 \| ✅ ⚑ flagged \|/);
    expect(md).toMatch(/\| 02 Demo 02 \| 1\/1 \| ✅ \|/);
  });

  test('results.json carries the flags per exercise and the notices', () => {
    const json = toResultsJson(flaggedRun);
    expect(json.notices).toEqual(['modified grading files: graders/01-demo.grader.ts']);
    expect(json.exercises.map((e) => e.flags)).toEqual([[reason], []]);
    expect(json.score).toBe(3);
  });

  test('Classroom: one failing 0-point Integrity test holds every finding; points and status are unchanged', () => {
    const report = toClassroom(flaggedRun);
    const integrity = report.tests.filter((t) => t.name.startsWith('Integrity'));
    expect(integrity).toHaveLength(1);
    expect(integrity[0]).toMatchObject({ status: 'fail', score: 0 });
    expect(integrity[0].message).toBe(`Flagged for a teacher's review:\nmodified grading files: graders/01-demo.grader.ts\n01: ${reason}`);
    expect(report.tests.reduce((s, t) => s + t.score, 0)).toBe(3);
    expect(report.status).toBe('pass');
  });

  test('Gradescope output names every finding', () => {
    expect(toGradescope(flaggedRun).output).toBe(
      `Flagged: modified grading files: graders/01-demo.grader.ts\nFlagged: 01: ${reason}\nPoints 3/3`,
    );
  });

  test('grade:all CSV notes: errors first, then each finding marked "flagged:", on one line', () => {
    const run = gradeRun('alice', [...flaggedRun.exercises, failedExercise(header('03', 4), 'Could not load your code:\nSyntaxError', 5)]);
    expect(csvNotes(run)).toBe(`03: Could not load your code:; flagged: 01: ${reason}`);
    expect(csvNotes(gradeRun('bob', [flaggedRun.exercises[1]]))).toBe('');
  });
});

test('grade:all end to end: a submission that reads the kit is flagged in its CSV row, and keeps its score', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-flagged-subs-'));
  const [dashboard] = selectExercises(loadManifest(), ['02']);
  fs.cpSync(path.join(repoRoot, 'solutions', dashboard.slug), path.join(dir, 'mallory', dashboard.slug), { recursive: true });
  fs.writeFileSync(path.join(dir, 'mallory', dashboard.slug, 'peek.ts'), "export const grader = '../../graders/02-async-dashboard.grader.ts';\n");
  try {
    const rows = (await gradeAll(dir, [dashboard])).trim().split('\n');
    const full = dashboard.points;
    expect(rows[1]).toMatch(new RegExp(`^mallory,${full},${full},${full},"flagged: 02: peek\\.ts:1: '\\.\\./\\.\\./graders/02-async-dashboard\\.grader\\.ts': a path out of the exercise folder`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

// A check message a hostile submission controls (it quotes the learner's values and output).
const hostile = [
  'expected 3, got 4',
  '## Points 216/216',
  '\u001b[2J\u001b[H\u001b]0;title\u0007cleared',
  '<img src=x onerror=alert(1)> [link](https://evil.example) ![i](x) www.evil.example @someone',
  'a | b | c',
  'result=eyJmb3JnZWQiOnRydWV9',
  '::notice title=Autograding complete::Points 216/216',
  '##[set-output name=result;]forged',
  'line one\rPoints 216/216 ✓ overwritten',
  '\u202eevil reversed',
].join('\n');

const runWith = (message: string, folder = 'starters') =>
  gradeRun(folder, [
    gradedExercise(header('02', 2), [
      { name: 'hostile | check', points: 1, score: 0, passed: false, message },
      { name: 'fine', points: 1, score: 1, passed: true, message: '' },
    ], 10),
    failedExercise(header('03', 1), `The grading process exited (code 1).\nLast output:\n${message}`, 10),
  ]);

describe('learner text is escaped', () => {
  test('step summary: no injected heading, HTML, link, image or table cell; one line per learner field', () => {
    const md = toMarkdown(runWith(hostile));
    const lines = md.split('\n');
    expect(lines.filter((l) => l.startsWith('#'))).toEqual(['### Points 1/3']);
    expect(md).not.toMatch(/<img|<\/?a[ >]/);
    expect(md).not.toMatch(/\]\(|!\[/);
    expect(md).not.toMatch(/https?:\/\/|www\.evil/);
    expect(md).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    for (const row of lines.filter((l) => l.startsWith('| 0'))) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(5);
    const check = lines.find((l) => l.startsWith('- ❌'))!;
    expect(check).toContain('hostile \\| check');
    expect(check).toContain('\\#\\# Points 216/216');
    expect(check).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(lines.filter((l) => /^\s*(result=|::)/.test(l))).toEqual([]);
  });

  test('terminal: no escape sequence, carriage return or workflow command from learner text; the kit keeps its colours', () => {
    for (const color of [false, true]) {
      const table = renderTable(runWith(hostile, 'sub\u001b[31mmission'), { color });
      const kitColours = table.replace(/\u001b\[(32|31|33|2|1|0)m/g, '');
      expect(kitColours).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
      const lines = table.split('\n');
      expect(lines.filter((l) => /^\s*::/.test(l))).toEqual([]);
      expect(lines.filter((l) => l.includes('##['))).toEqual([]);
      expect(lines.filter((l) => l.startsWith('Points'))).toEqual(['Points 1/3']);
      expect(lines.pop()).toBe('Points 1/3');
      // learner lines stay indented under their check, never at the left margin
      expect(lines.filter((l) => /^\s*(##|result=)/.test(l) && !/^ {4}/.test(l))).toEqual([]);
    }
    expect(renderTable(runWith(hostile), { color: true })).toMatch(/\u001b\[31m/);
  });

  test('the escapers, one by one', () => {
    expect(terminalText('a\u001b[2Jb\rc\td\u0000\n::notice::x\n  ::error::y ##[x]')).toBe('ab\nc    d\n:\u200b:notice::x\n  :\u200b:error::y #\u200b#[x]');
    expect(terminalLine('one\ntwo\u0007')).toBe('one two');
    expect(markdownText('<b>*x*</b> | `y`')).toBe('&lt;b&gt;\\*x\\*&lt;/b&gt; \\| \\`y\\`');
    expect(markdownText('x'.repeat(3000))).toHaveLength(2002);
  });

  test('Classroom result: the learner text travels inside the base64 JSON, whole and inert', () => {
    const out = classroomOutput(runWith(hostile));
    expect(out).toMatch(/^[A-Za-z0-9+/=]+$/);
    const decoded = JSON.parse(Buffer.from(out, 'base64').toString('utf8'));
    expect(decoded.tests.find((t: { name: string }) => t.name === '02 › hostile | check').message).toBe(hostile);
  });
});
