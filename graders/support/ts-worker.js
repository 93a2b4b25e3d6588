// Bootstrap for worker threads that run TypeScript (see ts-register.js): loads
// the module named in argv.
require('./ts-register');
require(process.argv[2]);
