// Containment for code that is not the kit's own (grade:all, KIT_TARGET=<folder>):
// the jest process never runs from a tree that holds solutions/. It runs from a
// learner-template copy of the kit (tools/export.ts makes it, and proves it holds
// no solution code), made once per tool run and removed when the tool exits.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './kit';
import { chooseMechanism, describeLayers, sandboxChoice, type Mechanism, type SandboxChoice } from './sandbox';

const kits = new Map<string, string>();
const PREFIX = 'concurrency-kit-template-';

/** Copies left by tools that were killed before their exit handler ran (their pid is in the name). */
function removeStaleKits(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const pid = Number(name.slice(PREFIX.length).split('-')[0]);
    if (!name.startsWith(PREFIX) || !Number.isInteger(pid) || pid <= 0) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
    }
  }
}

/**
 * A learner-template copy of this kit, with node_modules linked in.
 * `fixtures`: kit-relative folders (tests/fixtures/...) the kit's own tests grade, copied too.
 */
export function learnerKit(fixtures: string[] = []): string {
  // A learner repository is already a template (and has no tools/export.ts): grade from it as it is.
  if (!fs.existsSync(path.join(repoRoot, 'solutions')) && fixtures.length === 0) return repoRoot;
  const cacheKey = fixtures.join('\n');
  const cached = kits.get(cacheKey);
  if (cached) return cached;
  removeStaleKits();
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `${PREFIX}${process.pid}-`)));
  process.on('exit', () => fs.rmSync(base, { recursive: true, force: true }));
  const kit = path.join(base, 'kit');
  // Loaded here, not at the top: tools/export.ts is a maintainer tool the learner template leaves out.
  const { exportTemplate } = require('./export') as typeof import('./export');
  exportTemplate(kit);
  fs.symlinkSync(fs.realpathSync(path.join(repoRoot, 'node_modules')), path.join(kit, 'node_modules'));
  for (const dir of fixtures) fs.cpSync(path.join(repoRoot, dir), path.join(kit, dir), { recursive: true });
  kits.set(cacheKey, kit);
  return kit;
}

export interface Containment {
  mechanism: Mechanism;
  /** The kit the jest processes run from. */
  kitRoot: string;
  /** For people: which layers, and why a stronger one was not used. */
  description: string;
}

/**
 * The containment a run uses. `foreign`: code that is not the kit's own starters/solutions
 * (a submission): graded from a template copy, in the strongest sandbox the machine has.
 * KIT_SANDBOX (auto, bubblewrap, permission, none) overrides the sandbox either way.
 */
export function containment(foreign: boolean, fixtures: string[] = []): Containment {
  const choice: SandboxChoice = sandboxChoice(foreign ? 'auto' : 'none');
  const { mechanism, notes } = chooseMechanism(choice);
  const kitRoot = foreign || mechanism !== 'none' ? learnerKit(fixtures) : repoRoot;
  const fallback = notes.length > 0 ? ` (${notes.join('; ')})` : '';
  const copy = kitRoot === repoRoot ? '' : '; graded from a learner-template copy of the kit, each submission in a fresh copy';
  return { mechanism, kitRoot, description: `${describeLayers(mechanism)}${copy}${fallback}` };
}
