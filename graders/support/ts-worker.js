// Bootstrap for worker threads that run TypeScript. Worker threads do not go
// through jest's transform, so each one registers ts-node (transpile-only:
// types are checked by `tsc --noEmit`, not here) and then loads the module
// named in argv. @swc/core is not an option: it segfaults inside workers.
require('ts-node').register({ transpileOnly: true, projectSearchDir: __dirname, compilerOptions: { module: 'commonjs' } });
require(process.argv[2]);
