// The kit's bootstrap for threads and processes that run TypeScript: registers
// the TS loader (ts-register.js), then loads the file named by the first
// argument. Every exercise's ts-worker.js hands over to this file, so the kit
// has one bootstrap with one behaviour:
//   new Worker(BOOTSTRAP, { argv: [file, ...more] })     // a thread
//   fork(BOOTSTRAP, [file, ...more])                      // a process
// and `file` sees process.argv[2] === file, process.argv[3...] === more.
const path = require('node:path');

require('./ts-register');
require(path.resolve(process.argv[2]));
