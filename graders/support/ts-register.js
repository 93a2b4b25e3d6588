// Lets a worker thread load TypeScript. Worker threads do not go through jest's
// transform, so each registers ts-node (transpile-only: types are checked by
// `tsc --noEmit`, not here), finding the kit's tsconfig from this folder even
// when the code under test lives outside the kit. @swc/core is not an option:
// it segfaults inside workers.
require('ts-node').register({ transpileOnly: true, projectSearchDir: __dirname, compilerOptions: { module: 'commonjs' } });
