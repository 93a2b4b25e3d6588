// @ts-check
// The only place that knows both jest and checks. It turns jest's test results
// for ONE grader file into plain per-check records and sends them to the runner
// (tools/run-exercise.ts) over a private channel; reporters never see jest.
// Plain JS because jest loads reporters without a TypeScript transform.
//
// The channel: the runner passes a socket as file descriptor KIT_CHANNEL_FD and
// writes a one-time key into it. This reporter is constructed before any test
// file (so before any learner code) loads: it reads the key at once, keeps it
// only in this module's closure, and signs its one records message with it
// (HMAC-SHA256). Learner code shares this process, so it can still write to the
// socket, but without the key its lines are rejected as forged; no file holds
// results, and a process outside the run cannot open the socket. What stays
// possible in-realm (patching this reporter or jest through the real module
// cache) is made visible: the tripwires below and the runner's cross-checks.
const crypto = require('node:crypto');
const fs = require('node:fs');

// Pristine references, taken before learner code can patch anything.
const readSync = fs.readSync;
const writeSync = fs.writeSync;
const closeSync = fs.closeSync;
const createHmac = crypto.createHmac;
const stringify = JSON.stringify;

/** @type {{ fd: number, key: string } | null} */
let channel = null;

/** Read the key the runner wrote (64 hex characters and a newline), synchronously. */
function openChannel() {
  const fd = Number(process.env.KIT_CHANNEL_FD);
  delete process.env.KIT_CHANNEL_FD; // test environments copy process.env later
  if (!Number.isInteger(fd) || fd < 3) return null;
  const buffer = Buffer.alloc(65);
  let got = 0;
  while (got < 65) {
    const n = readSync(fd, buffer, got, 65 - got, null);
    if (n === 0) return null;
    got += n;
  }
  return { fd, key: buffer.toString('utf8', 0, 64) };
}

/** @param {unknown} payload */
function send(payload) {
  if (!channel) return;
  const body = stringify(payload);
  const mac = createHmac('sha256', channel.key).update(body).digest('hex');
  const line = Buffer.from(`${stringify({ body, mac })}\n`);
  let sent = 0;
  while (sent < line.length) sent += writeSync(channel.fd, line, sent, line.length - sent);
  try {
    closeSync(channel.fd);
  } catch {
    // already closed by learner code: the runner sees whatever arrived
  }
  channel = null;
}

const TITLE = /^(.*) \[(\d+) pts?\]$/; // written by graders/support/check.ts (checkTitle)
const ANSI = /\u001b\[[0-9;]*m/g;

/** The learner-facing part of a jest failure message: no stack, no colour, no "Error:" prefix. */
/** @param {unknown} message */
function clean(message) {
  const text = String(message ?? '').replace(ANSI, '');
  const timeout = text.match(/Exceeded timeout of (\d+) ms/);
  if (timeout) {
    return (
      `Did not finish within ${Number(timeout[1]) / 1000} s of real time. ` +
      'Something never settled (a promise that is never resolved, a lock never released) or the work was far too slow.'
    );
  }
  const lines = text.split('\n');
  const stackStart = lines.findIndex((l) => /^\s+at /.test(l));
  const body = (stackStart === -1 ? lines : lines.slice(0, stackStart)).join('\n').trimEnd();
  return body.replace(/^(CheckFailure|Error|thrown): /, '').replace(/^\s*\n/, '');
}

/**
 * Why a grader file could not run at all (usually: the learner's module threw
 * while loading). Keeps the error's name and points at the learner's line.
 * @param {{ message?: string, stack?: string | null }} error
 */
function suiteError(error) {
  const stack = String(error.stack || error.message || '').replace(ANSI, '');
  const lines = stack.split('\n');
  const head = lines.find((l) => l.trim() !== '') ?? 'unknown error';
  const dir = process.env.KIT_EXERCISE_DIR;
  const frame = dir ? lines.find((l) => /^\s+at /.test(l) && l.includes(dir)) : undefined;
  const where = frame?.match(/([^\s(]+):(\d+):\d+\)?\s*$/);
  const file = where && dir ? where[1].slice(dir.length).replace(/^[\\/]/, '') : null;
  return `${head.trim()}${file ? ` (at ${file}:${where?.[2]})` : ''}`;
}

/**
 * A check body's failures all arrive as CheckFailure (check.ts words them with
 * explain()). Anything else that failed a check was raised outside the body, by
 * jest's global handlers: an error nobody handled, usually a promise the
 * learner's code rejected and never awaited or caught. Worded as that lesson,
 * pointing at the learner's line, instead of the bare error.
 * @param {unknown} detail jest's failureDetails[0]: the thrown value itself
 * @param {unknown} message jest's failureMessages[0]
 */
function failureText(detail, message) {
  const text = clean(message);
  const fromBody = detail && typeof detail === 'object' && /** @type {{ name?: unknown }} */ (detail).name === 'CheckFailure';
  if (fromBody || text.startsWith('Did not finish within')) return text;
  const where = suiteError({ stack: String(message ?? '').replace(ANSI, '') }).match(/ \(at ([^)]+)\)$/);
  const head = text.split('\n')[0] || 'an error';
  return (
    `Your code raised ${head}${where ? ` (at ${where[1]})` : ''}, and nothing handled it: most likely a promise that rejected ` +
    'with nobody awaiting it or calling .catch() (or a throw inside a timer callback). Node ends a program on an unhandled rejection. ' +
    'Await every promise you start (Promise.all for several), return it to your caller, or handle its error where it is created.'
  );
}

/**
 * The structured timeline a failing check carries (graders/support/feedback.ts,
 * CheckFailure.timeline), if any. It is read from the thrown error itself, so the
 * terminal's ASCII picture and the HTML report's SVG draw one record.
 * @param {unknown} error
 */
function timelineOf(error) {
  try {
    const timeline = error && typeof error === 'object' ? /** @type {{ timeline?: unknown }} */ (error).timeline : undefined;
    return timeline && typeof timeline === 'object' ? JSON.parse(stringify(timeline)) : undefined;
  } catch {
    return undefined; // not plain data: the runner validates what arrives anyway
  }
}

/** Notes graders left on checks (graders/support/note.ts), by full test name. */
/** @param {string | undefined} file */
function readNotes(file) {
  /** @type {Map<string, string>} */
  const notes = new Map();
  let text;
  try {
    // Learner code can reach this file (a directory, a huge file): notes are informative only.
    if (!file || !fs.statSync(file).isFile() || fs.statSync(file).size > 1024 * 1024) return notes;
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return notes;
  }
  for (const line of text.split('\n').filter(Boolean)) {
    try {
      const { test, text } = JSON.parse(line);
      notes.set(test, notes.has(test) ? `${notes.get(test)}\n${text}` : text);
    } catch {
      // a torn line: ignore it, notes are informative only
    }
  }
  return notes;
}

class CheckReporter {
  constructor() {
    if (channel === null) channel = openChannel();
    /** @type {{ error: string | null, checks: any[], unscored: string[] }} */
    this.results = { error: null, checks: [], unscored: [] };
  }

  /** @param {unknown} _test @param {import('@jest/test-result').TestResult} result */
  onTestResult(_test, result) {
    genuineCalls += 1;
    if (result.testExecError) {
      this.results.error = suiteError(result.testExecError);
    }
    const notes = readNotes(process.env.KIT_NOTES_FILE);
    for (const t of result.testResults) {
      const match = t.title.match(TITLE);
      if (!match) {
        this.results.unscored.push(t.title);
        continue;
      }
      const passed = t.status === 'passed';
      const timeline = t.status === 'failed' ? timelineOf(t.failureDetails?.[0]) : undefined;
      this.results.checks.push({
        name: match[1],
        points: Number(match[2]),
        passed,
        message: passed ? notes.get([...t.ancestorTitles, t.title].join(' ')) ?? '' : t.status === 'failed' ? failureText(t.failureDetails?.[0], t.failureMessages[0]) : `Check did not run (${t.status}).`,
        durationMs: t.duration ?? 0,
        ...(timeline ? { timeline } : {}),
      });
    }
  }

  /** @param {unknown} _contexts @param {import('@jest/test-result').AggregatedResult} aggregated */
  onRunComplete(_contexts, aggregated) {
    send({
      ...this.results,
      // jest's own counts, computed before reporters see the results: the runner compares them with the records.
      jest: {
        total: aggregated?.numTotalTests,
        passed: aggregated?.numPassedTests,
        failed: aggregated?.numFailedTests,
        suiteErrors: aggregated?.numRuntimeErrorTestSuites,
      },
      tripwires: tripwires(),
    });
  }

  getLastError() {
    return undefined;
  }
}

// Tripwires: was this reporter (or what it relies on) replaced while the run went on?
let genuineCalls = 0;
const pristine = Object.getOwnPropertyNames(CheckReporter.prototype).map((name) => [name, Object.getOwnPropertyDescriptor(CheckReporter.prototype, name)?.value]);
function tripwires() {
  const hits = [];
  for (const [name, value] of pristine) {
    if (Object.getOwnPropertyDescriptor(CheckReporter.prototype, name)?.value !== value) hits.push(`the check reporter's ${name} was replaced`);
  }
  if (genuineCalls !== 1) hits.push(`the check reporter saw ${genuineCalls} result sets instead of 1`);
  if (fs.writeSync !== writeSync || fs.readSync !== readSync) hits.push('node:fs was patched');
  if (crypto.createHmac !== createHmac || JSON.stringify !== stringify) hits.push('node:crypto or JSON was patched');
  return hits;
}

module.exports = CheckReporter;
module.exports.clean = clean;
module.exports.timelineOf = timelineOf;
module.exports.failureText = failureText;
