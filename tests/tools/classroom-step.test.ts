// Simulates the Classroom grading step as GitHub runs it, then reads its output
// exactly as classroom-resources/autograding-grading-reporter does.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finishStep, foreignWrites } from '../../tools/classroom-step';
import { declaredChecks } from '../../tools/catalog';
import { graderFile, repoRoot } from '../../tools/kit';
import { loadManifest, selectExercises } from '../../tools/manifest';
import { gradedExercise, gradeRun } from '../../tools/results';
import { tamperNotices } from '../../tools/tamper';

interface StepFiles {
  before?: Partial<Record<'output' | 'summary' | 'env', string>>;
  extraEnv?: Record<string, string>;
}

function stepFiles() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-gha-'));
  return { dir, output: path.join(dir, 'output'), summary: path.join(dir, 'summary.md'), env: path.join(dir, 'env') };
}

/** Runs the step; its files are removed after, unless the caller passed its own. */
function runStep(target: string, { before = {}, extraEnv = {} }: StepFiles = {}, own?: ReturnType<typeof stepFiles>) {
  const files = own ?? stepFiles();
  for (const [k, text] of Object.entries(before)) fs.writeFileSync(files[k as 'output' | 'summary' | 'env'], text);
  const step = spawnSync('npm', ['run', '-s', 'grade:classroom', '--', '02'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, KIT_TARGET: target, GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary, GITHUB_ENV: files.env, ...extraEnv },
  });
  const output = fs.readFileSync(files.output, 'utf8');
  const lines = output.trim().split('\n');
  const result = JSON.parse(Buffer.from(lines.find((l) => l.startsWith('result='))!.slice('result='.length), 'base64').toString('utf8'));
  const md = fs.readFileSync(files.summary, 'utf8');
  const env = fs.readFileSync(files.env, 'utf8');
  if (!own) fs.rmSync(files.dir, { recursive: true, force: true });
  return { step, output, result, md, env };
}

function killSurvivors(marker: string) {
  for (const name of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      if (fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(marker)) process.kill(Number(name), 'SIGKILL');
    } catch {
      // gone, or not readable
    }
  }
}

// The reporter: sum tests[].score over runners with a non-zero max_score.
/** Exercise 02's full score: the step below grades 02 only. */
const FULL = selectExercises(loadManifest(), ['02'])[0].points;
const points = (result: { max_score: number; tests: Array<{ score: number }> }) =>
  `${result.tests.reduce((s, t) => s + t.score, 0)}/${result.max_score}`;
const integrityOf = (result: { tests: Array<{ name: string; status: string; message: string }> }) => {
  const found = result.tests.filter((t) => t.name.startsWith('Integrity'));
  expect(found).toHaveLength(1);
  return found[0];
};

test('solutions: full points, status pass; the Integrity test fails only if grading files were modified; exit 0', () => {
  const { step, result, md } = runStep('solutions');
  expect(step.status).toBe(0);
  expect(points(result)).toBe(`${FULL}/${FULL}`);
  const flagged = tamperNotices(repoRoot).length > 0;
  expect(integrityOf(result).status).toBe(flagged ? 'fail' : 'pass');
  expect(result.status).toBe('pass');
  expect(md).toContain(`### Points ${FULL}/${FULL}`);
}, 60_000);

test('starters: a complete result at 0 points with one test per check, and the step still exits 0', () => {
  const { step, result, md } = runStep('starters');
  expect(step.status).toBe(0);
  expect(points(result)).toBe(`0/${FULL}`);
  expect(result.status).toBe('fail');
  expect(result.tests.filter((t: { name: string }) => t.name.startsWith('02 ›'))).toHaveLength(declaredChecks(graderFile('02-async-dashboard')).length);
  expect(md).toContain('What to fix');
}, 60_000);

test('a forging submission: flagged in the Integrity test, earlier workflow writes discarded, survivors ended, result= and the summary written once, last', async () => {
  const sub = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-forger-'));
  const slug = '02-async-dashboard';
  fs.cpSync(path.join(repoRoot, 'solutions', slug), path.join(sub, slug), { recursive: true });
  fs.writeFileSync(path.join(sub, slug, 'sneaky.ts'), "export const file = process.env.KIT_RESULTS_FILE;\n");
  const forged = Buffer.from(JSON.stringify({ version: 1, status: 'pass', max_score: 216, tests: [{ name: 'x', status: 'pass', score: 216 }] })).toString('base64');
  // At import, index.ts leaves a detached process that waits for the kit's result= and then adds its own.
  const files = stepFiles();
  const survivor = `const fs = require('fs'); setInterval(() => { try { if (fs.readFileSync(${JSON.stringify(files.output)}, 'utf8').includes('result=ey')) fs.appendFileSync(${JSON.stringify(files.output)}, 'result=${forged}\\n'); } catch {} }, 50);`;
  fs.appendFileSync(
    path.join(sub, slug, 'index.ts'),
    `\nrequire('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(survivor)}], { detached: true, stdio: 'ignore' }).unref();\n`,
  );
  const { step, output: written, result, md, env } = runStep(sub, {
    before: { output: `result=${forged}\n`, summary: '### Points 216/216\n', env: 'NODE_OPTIONS=--require /tmp/evil.js\n' },
    extraEnv: { GITHUB_ACTIONS: 'true' },
  }, files);
  await new Promise((resolve) => setTimeout(resolve, 500)); // a survivor would have written by now
  const output = fs.existsSync(files.output) ? fs.readFileSync(files.output, 'utf8') : written;
  killSurvivors(files.output); // only if the kit failed to: this test's own process, found by its command line
  fs.rmSync(files.dir, { recursive: true, force: true });
  fs.rmSync(sub, { recursive: true, force: true });
  expect(step.status).toBe(0);
  // exactly one result=, the kit's: the honest score of the honest code beside the flag
  expect(output.split('\n').filter((l) => l.startsWith('result'))).toHaveLength(1);
  expect(output).not.toContain(forged);
  expect(points(result)).toBe(`${FULL}/${FULL}`);
  const integrity = integrityOf(result);
  expect(integrity.status).toBe('fail');
  expect(integrity.message).toContain('02: sneaky.ts:1: process.env.KIT_RESULTS_FILE');
  expect(integrity.message).toContain('$GITHUB_OUTPUT already held');
  expect(integrity.message).toContain('$GITHUB_STEP_SUMMARY already held');
  expect(integrity.message).toContain('$GITHUB_ENV already held');
  expect(integrity.message).toContain('02: index.ts:');
  expect(integrity.message).toMatch(/1 learner process\(es\) were still running after grading/);
  expect(md).not.toContain('216');
  expect(md.match(/^### Points/gm)).toEqual(['### Points']);
  expect(md).toMatch(new RegExp(`\\| 02 .* \\| ${FULL}/${FULL} \\| ✅ ⚑ flagged \\|`));
  expect(env).toBe('');
  // on GitHub Actions the table is fenced so learner text cannot be a workflow command
  const printed = step.stdout.split('\n');
  const token = printed[0].match(/^::stop-commands::([0-9a-f-]{36})$/)?.[1];
  expect(token).toBeDefined();
  expect(printed).toContain(`::${token}::`);
}, 60_000);

describe('the step files', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-stepfiles-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const run = gradeRun('starters', [gradedExercise({ id: '02', slug: '02-demo', title: 'Demo', points: 1 }, [{ name: 'a', points: 1, score: 1, passed: true, message: '' }], 1)]);

  test('untouched (absent or empty) files are no finding', () => {
    fs.writeFileSync(path.join(dir, 'out'), '');
    expect(foreignWrites({ GITHUB_OUTPUT: path.join(dir, 'out'), GITHUB_STEP_SUMMARY: path.join(dir, 'missing') })).toEqual([]);
    expect(foreignWrites({})).toEqual([]);
  });

  test('a file replaced by a link or a folder is a finding, and the kit writes a fresh plain file over it', () => {
    const elsewhere = path.join(dir, 'elsewhere');
    fs.writeFileSync(elsewhere, '');
    fs.symlinkSync(elsewhere, path.join(dir, 'out'));
    fs.mkdirSync(path.join(dir, 'summary'));
    const env = { GITHUB_OUTPUT: path.join(dir, 'out'), GITHUB_STEP_SUMMARY: path.join(dir, 'summary') };
    expect(foreignWrites(env)).toEqual([
      '$GITHUB_OUTPUT was replaced (no longer a plain file): learner code tampered with the workflow; the kit wrote a fresh one',
      '$GITHUB_STEP_SUMMARY was replaced (no longer a plain file): learner code tampered with the workflow; the kit wrote a fresh one',
    ]);
    finishStep(run, env);
    expect(fs.lstatSync(env.GITHUB_OUTPUT).isFile()).toBe(true);
    expect(fs.readFileSync(elsewhere, 'utf8')).toBe('');
    expect(fs.readFileSync(env.GITHUB_OUTPUT, 'utf8')).toMatch(/^result=[A-Za-z0-9+/=]+\n$/);
    expect(fs.readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toMatch(/^### Points 1\/1\n/);
  });

  test('finishing twice still leaves one result= line (the files are written whole, never appended)', () => {
    const env = { GITHUB_OUTPUT: path.join(dir, 'out'), GITHUB_PATH: path.join(dir, 'path') };
    fs.writeFileSync(env.GITHUB_PATH, '/tmp/evil-bin\n');
    finishStep(run, env);
    finishStep(run, env);
    expect(fs.readFileSync(env.GITHUB_OUTPUT, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
    expect(fs.readFileSync(env.GITHUB_PATH, 'utf8')).toBe('');
  });
});
