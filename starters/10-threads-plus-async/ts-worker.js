// GIVEN: you do not need to change this file.
// Worker threads and child processes start as plain Node.js, which cannot read
// TypeScript. This bootstrap registers ts-node (transpile-only: types are
// checked by `npm run typecheck`, not here), then loads the TypeScript file
// named by its first argument. Start a worker through it:
//   new Worker(BOOTSTRAP, { argv: [file, ...more] })     // a thread
//   fork(BOOTSTRAP, [file, ...more])                      // a process
// and `file` sees process.argv[2] === file, process.argv[3...] === more.
const path = require('node:path');

// ts-node is found from this folder, or else from the current directory: a
// teacher may grade a copy of this folder that lives outside the kit.
let tsNode;
try {
  tsNode = require.resolve('ts-node', { paths: [__dirname, process.cwd()] });
} catch {
  throw new Error(`ts-worker.js: cannot find the kit (its ts-node) from ${__dirname} or ${process.cwd()}. Run it from the kit's folder, after npm install.`);
}
const kitRoot = tsNode.slice(0, tsNode.lastIndexOf(`${path.sep}node_modules${path.sep}`));
require(tsNode).register({ transpileOnly: true, projectSearchDir: kitRoot, compilerOptions: { module: 'commonjs' } });
require(path.resolve(process.argv[2]));
