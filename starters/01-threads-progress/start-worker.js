// PROVIDED: you do not need to edit this file.
//
// A worker thread runs plain JavaScript. This bootstrap teaches the new thread
// to load TypeScript (ts-node, transpile-only: `npm run typecheck` checks the
// types), then runs the .ts file named as the worker's first argv entry:
//
//   new Worker(path.join(__dirname, 'start-worker.js'), {
//     argv: [path.join(__dirname, 'download-worker.ts')],
//     workerData: { ... },
//   });
const path = require('node:path');

// ts-node is found from this folder (inside the kit) or else from the current
// directory (the kit, when `npm test` grades a copy of this folder kept elsewhere).
let tsNode;
try {
  tsNode = require.resolve('ts-node', { paths: [__dirname, process.cwd()] });
} catch {
  throw new Error(`start-worker.js: cannot find ts-node from ${__dirname} or ${process.cwd()}. Run npm install in the kit.`);
}
// The kit's tsconfig.json sits beside the node_modules that holds ts-node.
const kitRoot = tsNode.slice(0, tsNode.lastIndexOf(`${path.sep}node_modules${path.sep}`));
require(tsNode).register({ transpileOnly: true, projectSearchDir: kitRoot, compilerOptions: { module: 'commonjs' } });
require(path.resolve(process.argv[2]));
