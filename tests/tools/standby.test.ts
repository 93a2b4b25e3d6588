// The runner's standby (watch mode): a jest process started ahead of its grade.
// It must be an ordinary fresh grading process that merely started early: no
// learner code runs before "go", the code graded is the code on disk at go (also
// when contained, where the copy is made at go), the score is the same as
// without a standby, and a standby that does not fit, died, or is dropped
// leaves no process behind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { containment } from '../../tools/containment';
import { graderFile, repoRoot } from '../../tools/kit';
import { loadManifest, selectExercises } from '../../tools/manifest';
import { runExercise, Standby, type GradeJob } from '../../tools/run-exercise';

const [exercise] = selectExercises(loadManifest(), ['02']);
const solution = fs.readFileSync(path.join(repoRoot, 'solutions', exercise.slug, 'index.ts'), 'utf8');

let tmp: string;
let dir: string;

beforeEach(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kit-standby-test-')));
  dir = path.join(tmp, 'code', exercise.slug);
  fs.cpSync(path.join(repoRoot, 'solutions', exercise.slug), dir, { recursive: true });
});

afterEach(() => {
  for (const pid of processesUnder(tmp)) process.kill(pid, 'SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Live grading processes of this test (the jobs pass KIT_TEST_MARK=<its folder> to them). */
function processesUnder(base: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').some((v) => v === `KIT_TEST_MARK=${base}`)) found.push(Number(entry));
    } catch {
      // gone, or not ours
    }
  }
  return found;
}

const cpuTicks = (pid: number) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
};

/** Wait until the standby's processes exist and have used no CPU for a second: they wait at the gate. */
async function atTheGate(): Promise<void> {
  const end = Date.now() + 60_000;
  let last = '';
  let quietSince = Date.now();
  for (;;) {
    const pids = processesUnder(tmp);
    let now: string;
    try {
      now = pids.map((p) => `${p}:${cpuTicks(p)}`).join(',');
    } catch {
      now = ''; // one ended meanwhile: not at rest
    }
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    } else if (pids.length > 0 && Date.now() - quietSince > 1_000) {
      return;
    }
    if (Date.now() > end) throw new Error('the standby never came to rest at its gate');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const job = (over: Partial<GradeJob> = {}): GradeJob => ({ exercise, exerciseDir: dir, graderFile: graderFile(exercise.slug), env: { KIT_TEST_MARK: tmp }, ...over });

/** The solution, plus a line that records every time the module is loaded. */
function withLoadRecorder(recorder: string): string {
  return `import { appendFileSync as recordLoad } from 'node:fs';\nrecordLoad(${JSON.stringify(recorder)}, 'loaded\\n');\n${solution}`;
}

test('a standby runs no learner code before go, grades the code on disk at go, and scores as a fresh run does', async () => {
  const recorder = path.join(tmp, 'loads.txt');
  const standby = new Standby(job());
  expect(standby.error).toBeUndefined();
  await atTheGate();
  // Saved after the standby started: the standby must grade this version, and load it once.
  fs.writeFileSync(path.join(dir, 'index.ts'), withLoadRecorder(recorder));
  expect(fs.existsSync(recorder)).toBe(false);
  const viaStandby = await runExercise(job(), standby);
  expect(fs.readFileSync(recorder, 'utf8')).toBe('loaded\n');
  expect(processesUnder(tmp)).toEqual([]);

  const fresh = await runExercise(job());
  const summary = (r: typeof fresh) => ({ status: r.status, score: r.score, maxScore: r.maxScore, error: r.error, checks: r.checks.map((c) => [c.name, c.score, c.passed]) });
  expect(summary(viaStandby)).toEqual(summary(fresh));
  expect(viaStandby.score).toBe(exercise.points);

  // The starter's code saved now scores what the starter scores: nothing of the last grade carries over.
  fs.cpSync(path.join(repoRoot, 'starters', exercise.slug), dir, { recursive: true });
  const starter = await runExercise(job(), new Standby(job()));
  expect(starter.score).toBe(0);
  expect(processesUnder(tmp)).toEqual([]);
}, 180_000);

test('a standby that does not fit, or whose process died, is not used; dropped ones leave nothing behind', async () => {
  // Another folder: not this job's standby. It is dropped and the grade starts its own process.
  const other = path.join(tmp, 'other', exercise.slug);
  fs.cpSync(path.join(repoRoot, 'starters', exercise.slug), other, { recursive: true });
  const misfit = new Standby(job({ exerciseDir: other }));
  const graded = await runExercise(job(), misfit);
  expect(graded.score).toBe(exercise.points); // the solution in `dir`, not the starter in `other`
  expect(processesUnder(tmp)).toEqual([]);

  // A standby whose process was killed before go: the runner starts a fresh process instead.
  const dead = new Standby(job());
  await atTheGate();
  for (const pid of processesUnder(tmp)) process.kill(pid, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 300));
  const afterDeath = await runExercise(job(), dead);
  expect(afterDeath.error).toBeNull();
  expect(afterDeath.score).toBe(exercise.points);

  // Dropped unused: its process is gone.
  const unused = new Standby(job());
  await atTheGate();
  await unused.drop();
  expect(processesUnder(tmp)).toEqual([]);
}, 180_000);

test('a contained standby (template copy, sandbox) grades the copy made at go', async () => {
  const contained = containment(true);
  const contain = { kitRoot: contained.kitRoot, sandbox: contained.mechanism, graderFile: graderFile(exercise.slug, path.join(contained.kitRoot, 'graders')) };
  fs.cpSync(path.join(repoRoot, 'starters', exercise.slug), dir, { recursive: true });
  const standby = new Standby(job(contain));
  await atTheGate();
  fs.writeFileSync(path.join(dir, 'index.ts'), solution); // saved after the standby started
  const graded = await runExercise(job(contain), standby);
  expect(graded.sandbox).toBe(contained.mechanism);
  expect(graded.error).toBeNull();
  expect(graded.score).toBe(exercise.points);
  expect(processesUnder(tmp)).toEqual([]);
}, 180_000);
