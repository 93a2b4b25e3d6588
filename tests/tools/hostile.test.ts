// Hostile submissions (issue 10, points 1, 2 and 4): each attack in
// tests/fixtures/hostile/mallory/ is either impossible or flagged, and the honest
// submissions graded before and after it in the same grade:all batch keep their
// exact scores. No process survives a run; every run ends within its limit.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { containment } from '../../tools/containment';
import { gradeAll } from '../../tools/grade-all';
import { gradeTarget } from '../../tools/grading';
import { repoRoot } from '../../tools/kit';
import { machine } from '../../tools/sandbox';
import type { Exercise } from '../../tools/manifest';

const fixtures = path.join(repoRoot, 'tests', 'fixtures', 'hostile');
const gradersDir = path.join(fixtures, 'graders');
const LIMIT_S = 20;
const exercise = (slug: string): Exercise => ({ id: slug.slice(0, 2), slug, title: slug, points: 3, files: ['index.ts'], timeoutSeconds: LIMIT_S, exclusive: false });
const attacks = fs.readdirSync(path.join(fixtures, 'mallory')).sort();
const honest = fs.readdirSync(path.join(fixtures, 'honest')).sort();
// Fixture 81 writes here and into a classmate's folder: the batch must live at this exact path.
const batch = '/tmp/kit-hostile-batch';
const MARK = 'hostile-fixture-wrote-this';

/** RFC 4180 rows (as tools/csv.ts writes them) keyed by the header. */
function parseCsv(text: string): Record<string, string>[] {
  const lines: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && ch === '\n') {
      lines.push([...row, field]);
      row = [];
      field = '';
    } else {
      field += ch;
    }
  }
  const [header, ...body] = lines;
  return body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
}

/** Processes a hostile fixture leaves behind carry this in their arguments. */
function survivors(): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.split('\n').filter((l) => /kit-hostile-sleeper|sleep 600/.test(l) && !/\bps\b/.test(l));
}

afterAll(() => {
  // If a defence ever fails, do not leave the fixtures' processes on the machine.
  for (const line of survivors()) {
    try {
      process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
    } catch {
      // gone
    }
  }
});

describe('a grade:all batch with a hostile submission between two honest ones', () => {
  let rows: Record<string, string>[];
  let contained: ReturnType<typeof containment>;
  let seconds: number;
  const row = (name: string) => rows.find((r) => r.submission === name)!;

  beforeAll(async () => {
    fs.rmSync(batch, { recursive: true, force: true });
    for (const name of ['alice', 'zoe']) for (const slug of honest) fs.cpSync(path.join(fixtures, 'honest', slug), path.join(batch, name, slug), { recursive: true });
    for (const slug of attacks) fs.cpSync(path.join(fixtures, 'mallory', slug), path.join(batch, 'mallory', slug), { recursive: true });
    // Always the machine's strongest layer here (never KIT_SANDBOX=none): fixture 81 really tries to write into the kit.
    const asked = process.env.KIT_SANDBOX;
    delete process.env.KIT_SANDBOX;
    contained = containment(true, ['tests/fixtures/hostile']);
    if (asked !== undefined) process.env.KIT_SANDBOX = asked;
    if (contained.mechanism === 'none') throw new Error(`no sandbox on this machine (${contained.description}): not running the hostile batch`);
    const started = Date.now();
    await gradeAll(batch, [...honest, ...attacks].map(exercise), () => undefined, { out: path.join(batch, 'grades.csv'), containment: contained, gradersDir });
    seconds = (Date.now() - started) / 1000;
    rows = parseCsv(fs.readFileSync(path.join(batch, 'grades.csv'), 'utf8'));
  }, 240_000);

  test('runs contained: a template copy of the kit, and the strongest sandbox here', () => {
    expect(contained.kitRoot).not.toBe(repoRoot);
    expect(fs.existsSync(path.join(contained.kitRoot, 'solutions'))).toBe(false);
    expect(contained.mechanism).not.toBe('none');
  });

  test('the honest submissions, before and after, keep their exact scores', () => {
    for (const name of ['alice', 'zoe']) expect(row(name)).toMatchObject({ '70': '3', '71': '2' });
    expect(fs.readFileSync(path.join(batch, 'zoe', '70-honest', 'index.ts'), 'utf8')).toBe(fs.readFileSync(path.join(fixtures, 'honest', '70-honest', 'index.ts'), 'utf8'));
  });

  test('forged, inflated, flipped or hollowed results earn nothing; harmless attacks keep an honest add', () => {
    const m = row('mallory');
    const expected = Object.fromEntries(attacks.map((slug) => [slug.slice(0, 2), ['79', '81', '82', '85'].includes(slug.slice(0, 2)) ? '3' : '0']));
    expect(m).toMatchObject(expected);
    expect(m.total).toBe('12');
  });

  test('each forgery that reached the runner is rejected with a reason, and flagged', () => {
    const notes = row('mallory').notes;
    expect(notes).toMatch(/flagged: 72: 1 forged result line\(s\)/);
    expect(notes).toMatch(/74: The grading process was killed .*never count/);
    expect(notes).toMatch(/76: The results do not match the checks the grader declares.*claims 1024 points/);
    expect(notes).toMatch(/flagged: 76: tripwire: the check reporter's onTestResult was replaced/);
    expect(notes).toMatch(/77: The results were tampered with inside the grading process/);
    expect(notes).toMatch(/83: Your code printed more than 16 MiB/);
    expect(notes).toMatch(/84: .*(memory|allocation failed)/i);
  });

  test('nothing outside the scratch folders was written: kit, kit copy, classmates, grades', () => {
    const realRoot = path.dirname(fs.realpathSync(path.join(repoRoot, 'node_modules')));
    for (const root of [repoRoot, realRoot, contained.kitRoot]) {
      for (const dir of ['', 'grades', 'graders']) expect(fs.existsSync(path.join(root, dir, MARK))).toBe(false);
    }
    expect(fs.readFileSync(path.join(batch, 'grades.csv'), 'utf8')).not.toMatch(/999/);
  });

  test('no process survives, and the batch ends in about the time its runs need', () => {
    expect(survivors()).toEqual([]);
    // 19 runs, two at a time; a run that waited on a held pipe or a stopped neighbour would take LIMIT_S.
    expect(seconds).toBeLessThan(150);
  });
});

test('without a sandbox (a learner\'s own npm test), forged records are still rejected and escapees still ended', async () => {
  // A child that sheds the run's session and environment is found only through a pids cgroup (README: what is left).
  const slugs = ['72-forge-at-import', '75-detached-forger', '79-setsid-holds-pipe', ...(machine().cgroup ? ['80-outlives-the-run'] : [])];
  const run = await gradeTarget({ name: 'mallory', dir: path.join(fixtures, 'mallory') }, slugs.map(exercise), {
    gradersDir,
    containment: { mechanism: 'none', kitRoot: repoRoot, description: 'none' },
  });
  const [forge, detached, setsid] = run.exercises;
  expect(forge).toMatchObject({ score: 0, flags: expect.arrayContaining([expect.stringMatching(/forged result line/)]) });
  expect(detached).toMatchObject({ score: 0, flags: expect.arrayContaining([expect.stringMatching(/forged result line/)]) });
  // The setsid/detached children hold the output pipe for ten minutes: the run ends anyway.
  expect(setsid).toMatchObject({ score: 3, status: 'pass' });
  for (const e of run.exercises) expect(e.durationMs).toBeLessThan((LIMIT_S - 5) * 1000);
  expect(survivors()).toEqual([]);
}, 120_000);
