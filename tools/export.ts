// `npm run classroom:export -- <dir>`: write the learner repository for a
// GitHub Classroom assignment: starters, graders, the grading tools, the
// Classroom workflow, learner hooks and README. Never solutions, mutants or
// the kit's self-tests; the export proves that before it finishes.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { errors, runCli } from './errors';
import { repoRoot } from './kit';
import { findSolutionLeaks } from './leaks';

/** Tools only maintainers and teachers run; learners never need them. */
export const MAINTAINER_TOOLS = ['verify.ts', 'layout.ts', 'exports.ts', 'mutant-verdict.ts', 'edit-mutant.ts', 'export.ts', 'leaks.ts', 'grade-all.ts', 'bench.ts', 'csv.ts', 'sync.ts', 'scaffold.ts', 'report/class-overview.ts', 'bench-models.ts', 'bench', 'mutation.ts', 'mutation'];
/** Scripts the learner repo keeps. */
export const LEARNER_SCRIPTS = ['test', 'watch', 'hint', 'typecheck', 'typecheck:staged', 'grade:classroom', 'prepare'];
/** The learner's `npm run typecheck`: graders and starters together, with the template's own tsconfig.json. */
const LEARNER_TYPECHECK = 'tsc --noEmit -p .';
/** Dev dependencies only the authoring repo needs. */
export const MAINTAINER_DEPENDENCIES = ['@action-validator/cli', 'eslint', '@eslint/js', 'typescript-eslint', 'lint-staged', 'playwright-core', 'p-limit', 'p-retry', '@stryker-mutator/core', '@stryker-mutator/jest-runner', 'ts-jest'];

const copy = (from: string, to: string, filter?: (src: string) => boolean) =>
  fs.cpSync(path.join(repoRoot, from), to, { recursive: true, filter: filter ? (src) => filter(src) : undefined });

function learnerPackageJson(): string {
  const kit = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const scripts = Object.fromEntries(Object.entries(kit.scripts as Record<string, string>).filter(([k]) => LEARNER_SCRIPTS.includes(k)));
  // The kit also checks the graders against solutions/ (tsconfig.solutions.json); the template has none.
  scripts.typecheck = LEARNER_TYPECHECK;
  const devDependencies = Object.fromEntries(
    Object.entries(kit.devDependencies as Record<string, string>).filter(([k]) => !MAINTAINER_DEPENDENCIES.includes(k)),
  );
  const learner = {
    name: 'concurrency-exercises',
    version: kit.version,
    private: true,
    description: 'Concurrency on Node.js: exercises graded on every push. Start with README.md.',
    license: kit.license,
    engines: kit.engines,
    scripts,
    devDependencies,
  };
  return `${JSON.stringify(learner, null, 2)}\n`;
}

function learnerTsconfig(): string {
  const config = JSON.parse(fs.readFileSync(path.join(repoRoot, 'tsconfig.json'), 'utf8'));
  config.compilerOptions.paths = { '@exercise/*': ['starters/*'] };
  config.include = ['starters', 'graders', 'tools'];
  return `${JSON.stringify(config, null, 2)}\n`;
}

export function exportTemplate(out: string): void {
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0) {
    throw errors.badOption('<dir>', `${out} is not empty; export into a new or empty folder so nothing is overwritten`);
  }
  fs.mkdirSync(out, { recursive: true });
  copy('starters', path.join(out, 'starters'));
  copy('graders', path.join(out, 'graders'));
  copy('tools', path.join(out, 'tools'), (src) => !MAINTAINER_TOOLS.includes(path.relative(path.join(repoRoot, 'tools'), src)));
  copy('exercises.json', path.join(out, 'exercises.json'));
  copy('.devcontainer', path.join(out, '.devcontainer'));
  copy('.gitignore', path.join(out, '.gitignore'));
  copy('docs/img/report.png', path.join(out, 'docs', 'img', 'report.png')); // the learner README shows it
  // The learner-only overlay: README, Classroom workflow, husky hooks.
  fs.cpSync(path.join(repoRoot, 'classroom'), out, { recursive: true });
  fs.writeFileSync(path.join(out, 'package.json'), learnerPackageJson());
  fs.writeFileSync(path.join(out, 'tsconfig.json'), learnerTsconfig());
  fs.copyFileSync(path.join(repoRoot, 'package-lock.json'), path.join(out, 'package-lock.json'));
  // Prune the lock to the learner's dependencies. Offline: every package is already in the npm cache.
  execFileSync('npm', ['install', '--package-lock-only', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: out,
    stdio: ['ignore', 'ignore', 'pipe'],
  });

  const leaks = findSolutionLeaks(repoRoot, out);
  if (leaks.length > 0) {
    fs.rmSync(out, { recursive: true, force: true });
    throw errors.badOption('export', `solution code would leak into the template, so nothing was written:\n${leaks.join('\n')}`);
  }
}

async function main(): Promise<number> {
  const [dir, ...rest] = process.argv.slice(2);
  if (!dir || rest.length > 0) throw errors.badOption('arguments', 'usage: npm run classroom:export -- <new folder>');
  const out = path.resolve(process.cwd(), dir);
  exportTemplate(out);
  process.stdout.write(
    `Learner template written to ${out}\nNext: cd ${dir} && git init && git add -A && git commit -m "Template" , push it to GitHub, ` +
      'mark it as a template repository, and pick it as the starter code of a Classroom assignment (README, "For teachers").\n',
  );
  return 0;
}

if (require.main === module) runCli(main);
