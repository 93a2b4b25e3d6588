// `npm run watch [-- <exercise>] [--target DIR]`: regrade an exercise on every
// save of its files. Clears the screen, shows that exercise's checks and its
// first failing check's message, and "next: …" once it is full; with no
// exercise named it starts at the first unfinished one and moves on by itself.
//
// Why chokidar (4.x: Node 20-compatible, no native parts): Node 20's recursive
// fs.watch on Linux is young (added in 19.1) and reports an editor's atomic
// save (write to a temp file, rename over) as rename events on names that come
// and go; chokidar turns those into one change of the real file on Linux, macOS
// and Windows alike. Saves are debounced (an editor's "save all" is one grade).
//
// Every grade runs in a fresh jest process with the same containment and signed
// records as npm test; to save its start-up, the next grade's process is started
// ahead ("standby", tools/run-exercise.ts) and waits before any grader or learner
// code loads, so a save only opens its gate (about 1 s less per save).
// A save during a grade cancels it: the runner kills that jest process group
// (runExercise's signal) and a new grade starts. A syntax error is shown with
// the compiler's message (tools/syntax.ts) without starting jest. Ctrl-C kills
// a grade in flight and the standby before exiting, so no process is left behind.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { watch, type FSWatcher } from 'chokidar';
import { containment, type Containment } from './containment';
import { errors, runCli } from './errors';
import { gradeTarget, standbyFor } from './grading';
import { paths, repoRoot } from './kit';
import { loadManifest, selectExercises, type Exercise } from './manifest';
import { terminalLine } from './report/escape';
import { watchView } from './report/watch-view';
import type { ExerciseResult } from './results';
import type { Standby } from './run-exercise';
import { syntaxErrors } from './syntax';
import { exerciseDir, resolveTarget, type Target } from './target';

const USAGE = `Usage: npm run watch [-- <exercise>] [--target starters|DIR]
  <exercise>   id (02), number (2) or slug; none: the first unfinished one, then the next ones
  --target     the code to grade (default: $KIT_TARGET, else starters)`;

/** Quiet time after a save event before grading: one save can be several events (truncate, write; save all). */
const DEBOUNCE_MS = 30;

/** The first exercise (with a folder in the target) the last `npm test` (grades/results.json) did not see full; else the first. */
function firstUnfinished(all: Exercise[], target: Target): Exercise {
  const present = all.filter((e) => fs.existsSync(exerciseDir(target, e)));
  try {
    const last = JSON.parse(fs.readFileSync(path.join(paths.grades, 'results.json'), 'utf8')) as { target?: string; exercises?: Array<{ id: string; status: string }> };
    if (last.target === target.name) {
      const passed = new Set((last.exercises ?? []).filter((e) => e.status === 'pass').map((e) => e.id));
      return present.find((e) => !passed.has(e.id)) ?? present[0] ?? all[0];
    }
  } catch {
    // no earlier run: start at the beginning
  }
  return present[0] ?? all[0];
}

class WatchSession {
  private current: Exercise;
  private watcher: FSWatcher;
  private debounce: NodeJS.Timeout | undefined;
  private inFlight: { controller: AbortController; done: Promise<void> } | undefined;
  private savedAt: number | undefined;
  private stopped = false;
  /** The next grade's jest process, started and waiting at its gate (tools/jest/gated-environment.js). */
  private standby: Standby | undefined;

  constructor(
    private readonly all: Exercise[],
    private readonly target: Target,
    start: Exercise,
    private readonly fixed: boolean,
    private readonly out: NodeJS.WriteStream,
    private readonly contained: Containment,
  ) {
    this.current = start;
    this.watcher = watch(this.dirOf(start), { ignoreInitial: true, ignored: (p) => p.split(path.sep).includes('node_modules') });
    this.watcher.on('all', (_event, file) => this.saved(file));
    this.watcher.on('error', (error) => this.say(`watcher: ${(error as Error).message}`));
  }

  private dirOf = (e: Exercise) => exerciseDir(this.target, e);
  private color = () => this.out.isTTY === true && !process.env.NO_COLOR;

  private say(text: string) {
    this.out.write(`${text}\n`);
  }

  private clear() {
    // A terminal gets a clean screen; a pipe (tests, CI logs) a separator line.
    this.out.write(this.out.isTTY ? '\u001b[2J\u001b[3J\u001b[H' : `\n${'─'.repeat(60)}\n`);
  }

  private saved(file: string) {
    if (this.stopped) return;
    this.savedAt ??= Date.now();
    this.inFlight?.controller.abort(); // a newer save: that grade is stale
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.grade(`saved ${path.basename(file)}`), DEBOUNCE_MS);
  }

  async grade(why: string): Promise<void> {
    if (this.stopped) return;
    await this.inFlight?.done; // the cancelled grade's processes are gone before a new one starts
    const controller = new AbortController();
    let finish!: () => void;
    this.inFlight = { controller, done: new Promise<void>((resolve) => (finish = resolve)) };
    const exercise = this.current;
    const since = this.savedAt ?? Date.now();
    this.savedAt = undefined;
    try {
      // The last result stays on screen while this grade runs; the new one replaces it.
      this.say(`\nGrading ${exercise.id} ${terminalLine(exercise.title)} (${why}) ...`);
      const broken = syntaxErrors(this.dirOf(exercise));
      if (broken.length > 0) {
        this.clear();
        this.say(`✗ ${exercise.id} ${terminalLine(exercise.title)}: your code does not compile, so it was not graded.\n`);
        this.say(broken.map(terminalLine).join('\n'));
        this.say(`\nFix it and save again. Watching ${exercise.slug}/ for saves. Ctrl-C to stop.`);
        return;
      }
      const standby = this.standby;
      this.standby = undefined;
      const grading = gradeTarget(this.target, [exercise], { signal: controller.signal, concurrency: 1, containment: this.contained, standby });
      const run = await grading;
      if (controller.signal.aborted || this.stopped) return; // a newer save restarts it
      const result = run.exercises[0];
      this.clear();
      this.say(watchView(result, { color: this.color(), next: this.nextAfter(exercise), seconds: (Date.now() - since) / 1000 }));
      if (result.status === 'pass' && !this.fixed) this.moveOn(result);
    } catch (error) {
      // The watcher never dies of one bad grade: say what happened, keep watching.
      this.say(`Could not grade ${exercise.id}: ${terminalLine((error as Error).message ?? String(error))}. Save again to retry.`);
    } finally {
      finish();
      if (this.inFlight?.controller === controller) this.inFlight = undefined;
      // The next grade's process starts now, after this one: started during a grade it took CPU
      // from it (02: save → result 1.05 s median against 0.69 s), and a learner rarely saves
      // again within the second it needs to reach its gate.
      if (!this.standby) this.prepare(this.current);
    }
  }

  /** Start a standby process for the next grade of `exercise` (replacing one for another exercise). */
  private prepare(exercise: Exercise) {
    if (this.stopped) return;
    void this.standby?.drop();
    this.standby = undefined;
    try {
      this.standby = standbyFor(this.target, exercise, { containment: this.contained });
    } catch {
      // no standby (e.g. no scratch folder): the next grade starts its own process
    }
  }

  /** The next exercise in the manifest that the target has a folder for. */
  private nextAfter(e: Exercise): Exercise | undefined {
    return this.all.slice(this.all.indexOf(e) + 1).find((n) => fs.existsSync(this.dirOf(n)));
  }

  private moveOn(done: ExerciseResult) {
    const next = this.nextAfter(this.current);
    if (!next) return;
    this.watcher.unwatch(this.dirOf(this.current));
    this.current = next;
    this.watcher.add(this.dirOf(next));
    void this.grade(`${done.id} is complete; on to ${next.id}`);
  }

  /** Stop watching; kill a grade in flight and wait until its processes are gone. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.debounce);
    this.inFlight?.controller.abort();
    const standby = this.standby;
    this.standby = undefined;
    await Promise.all([this.watcher.close(), this.inFlight?.done, standby?.drop()]);
  }
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { target: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    throw errors.badOption('arguments', (error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length > 1) throw errors.badOption('arguments', `watch one exercise at a time, got ${positionals.join(' ')}`);
  const all = loadManifest();
  const named = positionals.length === 1 ? selectExercises(all, positionals)[0] : undefined;
  const target = resolveTarget(values.target ?? process.env.KIT_TARGET, named ? [named] : all);
  const start = named ?? firstUnfinished(all, target);
  if (!fs.existsSync(exerciseDir(target, start))) throw errors.badOption('<exercise>', `no folder ${exerciseDir(target, start)}`);

  // The same containment as npm test: code that is not the kit's own starters/solutions is a submission.
  const foreign = !['starters', 'solutions'].map((d) => path.join(repoRoot, d)).includes(target.dir);
  const contained = containment(foreign);
  if (foreign || contained.mechanism !== 'none') process.stdout.write(`Sandbox: ${contained.description}\n`);
  const session = new WatchSession(all, target, start, named !== undefined, process.stdout, contained);
  const stopped = new Promise<number>((resolve) => {
    const stop = () => void session.stop().then(() => resolve(0));
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, stop);
  });
  void session.grade('started');
  return stopped;
}

runCli(main);
