// Tamper flags: which grading files differ from the repository's first commit
// (the teacher's template, in a Classroom repo). The learner is still graded;
// the flag tells the teacher where to look.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadManifest } from './manifest';

/**
 * Paths whose change can change a grade. package.json is compared field by
 * field below. The lock file and .npmrc decide what `npm ci` installs and how
 * npm starts node (node-options), so they count too.
 */
export const GRADING_PATHS = ['graders', 'tools', 'exercises.json', 'tsconfig.json', '.github/workflows', 'package-lock.json', '.npmrc', 'npm-shrinkwrap.json'];
/** GRADING_PATHS plus every exercise's given files (exercises.json `given`), which the grade relies on too. */
export function gradingPaths(repoDir: string): string[] {
  let given: string[] = [];
  try {
    given = loadManifest(path.join(repoDir, 'exercises.json')).flatMap((e) => (e.given ?? []).map((file) => `starters/${e.slug}/${file}`));
  } catch {
    // an unreadable exercises.json is itself a modified grading file, reported below
  }
  return [...GRADING_PATHS, ...given];
}
const PACKAGE_FIELDS = ['scripts', 'dependencies', 'devDependencies', 'overrides'] as const;

const git = (dir: string, args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

/**
 * Grading files changed since the first commit (committed, staged, unstaged or
 * untracked), or null when there is no git history to compare with.
 */
export function modifiedGradingFiles(repoDir: string): string[] | null {
  let root: string;
  try {
    root = git(repoDir, ['rev-list', '--max-parents=0', 'HEAD']).split('\n').pop()!;
  } catch {
    return null;
  }
  const changed = new Set<string>();
  const list = (args: string[]) => git(repoDir, args).split('\n').filter(Boolean).forEach((f) => changed.add(f));
  list(['diff', '--name-only', root, '--', ...gradingPaths(repoDir)]);
  list(['ls-files', '--others', '--exclude-standard', '--', ...gradingPaths(repoDir)]);

  let original: Record<string, unknown> = {};
  try {
    original = JSON.parse(git(repoDir, ['show', `${root}:package.json`]));
  } catch {
    // no package.json in the first commit: any package.json counts as changed below
  }
  const currentFile = path.join(repoDir, 'package.json');
  const current: Record<string, unknown> = fs.existsSync(currentFile) ? JSON.parse(fs.readFileSync(currentFile, 'utf8')) : {};
  const fields = PACKAGE_FIELDS.filter((f) => JSON.stringify(original[f] ?? null) !== JSON.stringify(current[f] ?? null));
  if (fields.length > 0) changed.add(`package.json (${fields.join(', ')})`);
  return [...changed].sort();
}

/** The notice for reports, or none. */
export function tamperNotices(repoDir: string): string[] {
  const modified = modifiedGradingFiles(repoDir);
  if (modified === null) return ['grading files not checked: no git history here'];
  return modified.length > 0 ? [`modified grading files: ${modified.join(', ')}`] : [];
}
