// Does a learner template contain solution code? We compare runs of three
// consecutive code lines (comments, imports and blank lines skipped): a run
// from solutions/NN-slug/<file> that the starter's same file does not have is
// solution code, and must not appear anywhere in the exported tree. Runs, not
// single lines, so a generic line like `constructor(message: string) {` that a
// grader also happens to contain is not a false alarm. Type member declarations
// (`start: number;`) are skipped too: they are shapes, not logic, and a grader's
// model of the rules may well describe a job with the same fields as a solution.
import fs from 'node:fs';
import path from 'node:path';

const RUN = 3;
/** `name: Type;` or `readonly name?: Type;`: a declaration with no initialiser and no call. */
const TYPE_MEMBER = /^(readonly\s+)?[\w$]+\??:\s*[^=(){}]+;$/;

function codeLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(
      (l) =>
        l.length > 0 &&
        !/^(\/\/|\/\*|\*|import\s|export\s+(type\s+)?\{.*\}\s+from\s)/.test(l) &&
        !/^[{}()[\];,]+$/.test(l) &&
        !TYPE_MEMBER.test(l),
    );
}

function runsOf(text: string): Set<string> {
  const lines = codeLines(text);
  const runs = new Set<string>();
  for (let i = 0; i + RUN <= lines.length; i++) runs.add(lines.slice(i, i + RUN).join('\n'));
  return runs;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name))
    .filter((f) => !f.split(path.sep).includes('node_modules'));
}

/** Solution-only runs, per solution file (relative to the kit root). */
export function solutionRuns(kitRoot: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const file of filesUnder(path.join(kitRoot, 'solutions')).filter((f) => /\.(ts|js|mjs|cjs)$/.test(f))) {
    const rel = path.relative(path.join(kitRoot, 'solutions'), file);
    const starter = path.join(kitRoot, 'starters', rel);
    const given = fs.existsSync(starter) ? runsOf(fs.readFileSync(starter, 'utf8')) : new Set<string>();
    const own = [...runsOf(fs.readFileSync(file, 'utf8'))].filter((r) => !given.has(r));
    if (own.length > 0) out.set(path.join('solutions', rel), new Set(own));
  }
  return out;
}

/** Where solution code appears in `dir`: "file: first line of the run (from solutions/x)". */
export function findSolutionLeaks(kitRoot: string, dir: string): string[] {
  const solutions = solutionRuns(kitRoot);
  const leaks: string[] = [];
  for (const file of filesUnder(dir)) {
    const text = fs.readFileSync(file, 'utf8');
    if (text.includes('\u0000')) continue;
    const mine = runsOf(text);
    for (const [source, own] of solutions) {
      const hit = [...own].find((r) => mine.has(r));
      if (hit) leaks.push(`${path.relative(dir, file)}: "${hit.split('\n')[0]}" (from ${source})`);
    }
  }
  return leaks;
}
