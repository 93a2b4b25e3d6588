// GIVEN: you do not need to change this file.
// Worker threads and child processes start as plain Node.js, which cannot read
// TypeScript. This bootstrap hands over to the kit's own
// (graders/support/ts-worker.js): it teaches the new thread or process
// TypeScript (transpile only: `npm run typecheck` checks the types, not this),
// then loads the file named by its first argument. Start a worker through it:
//   new Worker(BOOTSTRAP, { argv: [file, ...more], workerData })   // a thread
//   fork(BOOTSTRAP, [file, ...more])                                // a process
// and `file` sees process.argv[2] === file, process.argv[3...] === more.
const fs = require('node:fs');
const path = require('node:path');

// The kit is found from this folder, or else from the current directory: a
// teacher may grade a copy of this folder that lives outside the kit.
function kitBootstrap() {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const bootstrap = path.join(dir, 'graders', 'support', 'ts-worker.js');
      if (fs.existsSync(bootstrap)) return bootstrap;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(`ts-worker.js: cannot find the kit (graders/support/ts-worker.js) from ${__dirname} or ${process.cwd()}. Run it from the kit's folder.`);
}

require(kitBootstrap());
