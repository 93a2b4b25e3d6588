// Every report is made from the one results model and has exactly its documented shape.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classroomOutput, toClassroom } from '../../tools/report/classroom';
import { toGradescope } from '../../tools/report/gradescope';
import { toResultsJson } from '../../tools/report/json';
import { toMarkdown } from '../../tools/report/summary';
import { renderTable } from '../../tools/report/table';
import { writeReports } from '../../tools/report/write';
import { sampleRun } from './sample-run';

const keys = (o: object) => Object.keys(o).sort();

describe('results.json', () => {
  const json = toResultsJson(sampleRun);
  test('has exactly the documented fields at every level', () => {
    expect(keys(json)).toEqual(['exercises', 'maxScore', 'notices', 'score', 'target']);
    for (const e of json.exercises) {
      expect(keys(e)).toEqual(['checks', 'durationMs', 'error', 'flags', 'id', 'maxScore', 'score', 'slug', 'status', 'title']);
      for (const c of e.checks) expect(keys(c).filter((k) => k !== 'durationMs')).toEqual(['message', 'name', 'passed', 'points', 'score']);
    }
  });
  test('carries the real time of each exercise, and of each check when jest measured it, in whole ms', () => {
    expect(json.exercises.map((e) => e.durationMs)).toEqual([1200, 800, 300]);
    expect(json.exercises[0].checks.map((c) => c.durationMs)).toEqual([640, undefined]);
  });
  test('scores are sums of passed checks; an error scores 0 out of the manifest points', () => {
    expect(json).toMatchObject({ target: 'starters', score: 8, maxScore: 15 });
    expect(json.exercises.map((e) => [e.id, e.score, e.maxScore, e.status])).toEqual([
      ['01', 5, 5, 'pass'],
      ['02', 3, 4, 'fail'],
      ['03', 0, 6, 'error'],
    ]);
    expect(json.exercises[2].error).toBe('Could not load your code: SyntaxError');
  });
});

describe('classroom.json', () => {
  const report = toClassroom(sampleRun);
  test('has the runner shape with a score per check (partial credit)', () => {
    expect(keys(report)).toEqual(['max_score', 'status', 'tests', 'version']);
    expect(report).toMatchObject({ version: 1, status: 'error', max_score: 15 });
    for (const t of report.tests) {
      expect(keys(t)).toEqual(['duration', 'filename', 'line_no', 'message', 'name', 'score', 'status', 'test_code']);
      expect(['pass', 'fail', 'error']).toContain(t.status);
    }
    expect(report.tests).toHaveLength(6); // the Integrity test, then one per check
    expect(report.tests[0]).toMatchObject({ name: 'Integrity: no tamper or forgery flags', status: 'pass', score: 0 });
  });
  test('decodes as the grading reporter does: base64 → JSON → sum of scores over max_score', () => {
    const decoded = JSON.parse(Buffer.from(classroomOutput(sampleRun), 'base64').toString('utf8'));
    const total = decoded.tests.reduce((sum: number, t: { score: number }) => sum + t.score, 0);
    expect(`${total}/${decoded.max_score}`).toBe('8/15');
  });
  test('status is pass only at full marks', () => {
    const full = { ...sampleRun, exercises: sampleRun.exercises.slice(0, 1), score: 5, maxScore: 5 };
    expect(toClassroom(full).status).toBe('pass');
    const partial = { ...sampleRun, exercises: sampleRun.exercises.slice(0, 2), score: 8, maxScore: 9 };
    expect(toClassroom(partial).status).toBe('fail');
  });
});

describe('gradescope.json', () => {
  const report = toGradescope(sampleRun);
  test('has the autograder shape with one test per check', () => {
    expect(keys(report)).toEqual(['execution_time', 'output', 'score', 'stdout_visibility', 'tests', 'visibility']);
    expect(report.score).toBe(8);
    for (const t of report.tests) {
      expect(keys(t)).toEqual(['max_score', 'name', 'number', 'output', 'score', 'status', 'tags', 'visibility']);
      expect(['passed', 'failed']).toContain(t.status);
    }
    expect(report.tests.reduce((s, t) => s + t.max_score, 0)).toBe(15);
  });
});

describe('terminal table', () => {
  test('plain text without a TTY, ✓/✗ per check, messages, and the Points line last', () => {
    const table = renderTable(sampleRun, { color: false });
    expect(table).not.toMatch(/\u001b\[/);
    expect(table).toContain('✓   3/3  overlaps waits');
    expect(table).toContain('✗   0/1  rejects early');
    expect(table).toContain('rejected at 500 ms,');
    expect(table).toContain('Could not load your code: SyntaxError');
    expect(table.trim().split('\n').pop()).toBe('Points 8/15');
  });
  test('colours only when asked', () => {
    expect(renderTable(sampleRun, { color: true })).toMatch(/\u001b\[32m/);
  });
});

describe('writing reports', () => {
  test('writes the three files and appends the markdown summary to $GITHUB_STEP_SUMMARY', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-reports-'));
    const summary = path.join(dir, 'summary.md');
    fs.writeFileSync(summary, 'earlier step\n');
    writeReports(sampleRun, path.join(dir, 'grades'), { GITHUB_STEP_SUMMARY: summary });
    expect(fs.readdirSync(path.join(dir, 'grades')).sort()).toEqual(['classroom.json', 'gradescope.json', 'report.html', 'results.json']);
    const md = fs.readFileSync(summary, 'utf8');
    expect(md.startsWith('earlier step\n### Points 8/15')).toBe(true);
    expect(md).toContain('02 Demo 02');
    expect(md).toContain('rejects early');
    fs.rmSync(dir, { recursive: true, force: true });
  });
  test('markdown escapes table pipes and flattens newlines', () => {
    const md = toMarkdown(sampleRun);
    expect(md).toContain('rejected at 500 ms, but expected 100 ms');
    expect(md).toMatch(/\| 02 Demo 02 \| 3\/4 \| ❌ \|/);
  });
});
