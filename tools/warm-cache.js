// @ts-check
// `npm ci` and `npm install` run this ("prepare" in package.json): every
// TypeScript file of the kit goes through the kit's loader once
// (graders/support/ts-register.js), so the first `npm test` after a fresh clone
// finds them transpiled and none of its jest processes or threads loads the
// compiler. Best effort and quiet: a file it cannot read is skipped, and
// grading works the same without it, only slower the first time.
const fs = require('node:fs');
const path = require('node:path');
const { compiled } = require('../graders/support/ts-register');

const root = path.resolve(__dirname, '..');

/** The .ts files under `dir` (none in node_modules or dot-folders); none if it cannot be read. @param {string} dir */
function tsFiles(dir) {
  try {
    return /** @type {string[]} */ (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }))
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.split(path.sep).some((part) => part === 'node_modules' || part.startsWith('.')))
      .map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

let count = 0;
for (const file of ['graders', 'starters', 'solutions', 'tools'].flatMap((d) => tsFiles(path.join(root, d)))) {
  try {
    compiled(fs.readFileSync(file, 'utf8'), file);
    count += 1;
  } catch {
    // not ours to report: the real load does
  }
}
if (process.argv.includes('--verbose')) process.stdout.write(`warm-cache: ${count} TypeScript files transpiled or already cached\n`);
