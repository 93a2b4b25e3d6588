// `npm run new -- NN-slug "Title"`: a new exercise with every file the kit
// needs, so an author only writes what needs real writing. It adds the
// manifest entry, a typed starter stub, a solution, the lesson README with the
// standard sections (## Rules included), a grader with one example check, one
// example mutant (a patch against the solution), then rewrites the exercise tables.
// Every generated piece works as is: the solution scores full, the starter 0,
// the mutant fails the check it names, and the rules map is complete.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KitError, runCli } from './errors';
import { graderFile, repoRoot } from './kit';
import { loadManifest, withExercise } from './manifest';
import { git } from './mutants';
import { syncTables } from './sync';

const SLUG = /^(\d{2})-([a-z][a-z0-9]*(?:-[a-z0-9]+)*)$/;
const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await async'.split(' '),
);

const refuse = (problem: string) => new KitError(`npm run new: ${problem}`);

/** The exported function of the example: the slug's words in camelCase ("07-rate-limiter" → rateLimiter). */
export function functionName(slug: string): string {
  const words = slug.replace(SLUG, '$2').split('-');
  const name = words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
  return RESERVED.has(name) ? `run${name[0].toUpperCase()}${name.slice(1)}` : name;
}

/** Why `slug` and `title` cannot become a new exercise under `root`, or nothing. */
export function refusal(root: string, slug: string, title: string): string | undefined {
  const m = SLUG.exec(slug);
  if (!m) return `"${slug}" is not an exercise name: use two digits, a dash, then lowercase words joined by dashes (e.g. 07-rate-limiter)`;
  if (!title.trim()) return `give the exercise a title: npm run new -- ${slug} "Title"`;
  if (/[\u0000-\u001f`]/.test(title)) return 'the title must be one line of plain text (no backticks or control characters)';
  const [, id, words] = m;
  const taken = loadManifest(path.join(root, 'exercises.json'));
  const sameId = taken.find((e) => e.id === id);
  if (sameId) return `id ${id} is taken by ${sameId.slug}`;
  const sameWords = taken.find((e) => e.slug.slice(3) === words);
  if (sameWords) return `the name "${words}" is taken by ${sameWords.slug} (npm test -- ${words} must name one exercise)`;
  for (const p of [`starters/${slug}`, `solutions/${slug}`, `graders/${slug}.grader.ts`, `tests/mutants/${slug}`]) {
    if (fs.existsSync(path.join(root, p))) return `${p} already exists; remove it or pick another id`;
  }
  return undefined;
}

/** What the generated files are named after. */
interface Names {
  id: string;
  slug: string;
  title: string;
  /** The example's exported function. */
  fn: string;
}

function starter({ id, slug, title, fn }: Names): string {
  return `// Exercise ${id}: ${title}. Read README.md beside this file first.
// Fill in the function body; keep its name and signature.
// Check your work with:  npm test -- ${id}

function todo(name: string): never {
  const error = new Error(\`\${name}() in ${slug}/index.ts\`);
  error.name = 'NotImplemented';
  throw error;
}

/**
 * TODO(author): what \`${fn}\` does, as the lesson's contract.
 * - Resolve with \`items\`, in the same order.
 */
export async function ${fn}(items: number[]): Promise<number[]> {
  // TODO: your code here.
  return todo('${fn}');
}
`;
}

const MUTATED_LINE = (fn: string) => `  return [...items].reverse(); // MUTANT: ${fn} reverses the order; the rule says the same order`;

function solution({ id, title, fn }: Names): string {
  return `// Exercise ${id}: ${title}. The reference solution (never shipped to learners).

/** TODO(author): the reference implementation of the contract in the starter. */
export async function ${fn}(items: number[]): Promise<number[]> {
  return [...items];
}
`;
}

function lesson({ id, title, fn }: Names): string {
  return `# ${id} · ${title}

**Lesson:** TODO(author): the one idea this exercise teaches, in two sentences.

## The idea in Node terms
TODO(author): explain the idea with a short example, and say what the Python
course used for it.

| Python | Node |
| --- | --- |
| TODO(author): the Python construct | its Node counterpart |

## What to write (\`index.ts\`)
- \`${fn}(items)\`: resolve with \`items\`, in the same order.

## Rules
- \`same-order\`: \`${fn}(items)\` resolves with \`items\`, in the same order.

## How it is graded
The grader runs your code on a **fake clock** with random inputs (fast-check),
one check per rule above. Run \`npm test -- ${id}\` to grade just this exercise.

## Hints
1. TODO(author): a first nudge.
2. TODO(author): a stronger one.
`;
}

function grader({ slug, fn }: Names): string {
  return `// Grader for ${slug}. Lesson: TODO(author), in one line.
// One check per rule of the lesson's ## Rules, each declaring the rules it proves.
import { isDeepStrictEqual } from 'node:util';
import { ${fn} } from '@exercise/${slug}';
import { check, fail, fc, holds, onVirtualClock, show, valueOf } from './support';

check(1, '${fn} resolves with its input, in the same order', () =>
  holds(
    fc.asyncProperty(fc.array(fc.integer()), (items) =>
      onVirtualClock(async (clock) => {
        const got = valueOf(await clock.run(() => ${fn}([...items])), \`${fn}(\${show(items)})\`);
        if (!isDeepStrictEqual(got, items)) {
          fail(\`${fn}(\${show(items)}) resolved with \${show(got)}\`, \`it should resolve with \${show(items)}\`, 'TODO(author): the likely mistake.');
        }
      }),
    ),
  ), { rules: ['same-order'] });
`;
}

/** The example mutant's patch: made by git from the solution and its one-line mutation, like a hand-written one. */
function mutantPatch(solutionText: string, fn: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-new-'));
  const run = (...args: string[]) => {
    const r = git(dir, args);
    if (r.code !== 0) throw new KitError(`npm run new: git ${args[0]} failed while writing the example mutant: ${r.stderr.trim()}`);
    return r.stdout;
  };
  try {
    fs.writeFileSync(path.join(dir, 'index.ts'), solutionText);
    run('init', '-q');
    run('add', 'index.ts');
    fs.writeFileSync(path.join(dir, 'index.ts'), solutionText.replace('  return [...items];', MUTATED_LINE(fn)));
    return run('diff', '--no-color', '--no-ext-diff', '--src-prefix=a/', '--dst-prefix=b/');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Create the exercise under `root`; returns the files written (relative), manifest and tables included. */
export function scaffold(root: string, slug: string, title: string): string[] {
  const problem = refusal(root, slug, title);
  if (problem) throw refuse(problem);
  const id = slug.slice(0, 2);
  const fn = functionName(slug);
  const written: string[] = [];
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
    written.push(file);
  };
  const manifest = path.join(root, 'exercises.json');
  const entry = { id, slug, title: title.trim(), gradedWith: 'fake clock, fast-check', points: 1, files: ['index.ts'], timeoutSeconds: 60, exclusive: false };
  const manifestText = withExercise(fs.readFileSync(manifest, 'utf8'), entry, manifest);
  const names: Names = { id, slug, title: entry.title, fn };
  const solutionText = solution(names);
  write(`starters/${slug}/index.ts`, starter(names));
  write(`starters/${slug}/README.md`, lesson(names));
  write(`solutions/${slug}/index.ts`, solutionText);
  write(path.relative(root, graderFile(slug, path.join(root, 'graders'))), grader(names));
  write(`tests/mutants/${slug}/reversed/mutant.json`, `${JSON.stringify({ description: `${fn} resolves with the items reversed`, mustFail: [`${fn} resolves with its input, in the same order`] }, null, 2)}\n`);
  write(`tests/mutants/${slug}/reversed/mutant.patch`, mutantPatch(solutionText, fn));
  fs.writeFileSync(manifest, manifestText);
  written.push('exercises.json', ...syncTables(root));
  return written;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length !== 2) throw new KitError('arguments: usage: npm run new -- NN-slug "Title" (e.g. npm run new -- 07-rate-limiter "Rate limiting")');
  const [slug, title] = args;
  for (const file of scaffold(repoRoot, slug, title)) process.stdout.write(`wrote ${file}\n`);
  process.stdout.write(`\nNext: write the lesson, the solution and the checks (TODO(author) marks the places), then npm run verify -- ${slug.slice(0, 2)}\n`);
  return 0;
}

if (require.main === module) runCli(main);
