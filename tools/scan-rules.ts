// The kinds of API the forgery scan (tools/scan.ts) flags, each with the words
// a teacher reads. An exercise that needs one of them says so in its
// exercises.json "allow" field (validated by tools/manifest.ts against this list).

export const SCAN_KINDS = {
  vm: 'the vm module (runs code the grader cannot see)',
  child_process: 'child processes (child_process, cluster)',
  'process-spawn': 'starting a program other than a Node worker (exec, spawn, execFile: a shell or any binary)',
  worker_threads: 'worker threads',
  fs: 'the file system (fs): no exercise reads or writes files',
  'module-internals': "the module system's internals (require.cache, Module._cache, module.constructor, the module builtin)",
  'process-internals': "process internals (process.kill, process.binding, inspector, v8, ...)",
  'jest-globals': "the test framework's globals (test, expect, describe, it, jest, hooks)",
  'kit-env': "the kit's or GitHub's environment variables (KIT_*, GITHUB_*, ACTIONS_*, RUNNER_*)",
  'kit-paths': 'a path out of the exercise folder (graders/, tools/, solutions/, grades/, node_modules/..., /proc, ..)',
  eval: 'code built from strings (eval, new Function, a constructor, a Worker with eval: true, node -e / --require)',
  'dynamic-access': 'dynamic access the scan cannot follow (computed names on globalThis/process/require/module, require or import of a computed path)',
  'argv-require': 'loading the module named on the command line (a worker bootstrap)',
  package: "a package from node_modules (the exercises use Node's built-ins only)",
  'builtin-patch': "patching a built-in shared with the grader (Object, Array, Promise, globalThis, console, process, a Node module's exports, ...)",
  'fake-output': "text that imitates the kit's output (a Points line, result=, a workflow command, terminal escapes)",
  unscannable: 'a file the scan cannot read as code (symbolic link, native addon, too large)',
} as const;

export type ScanKind = keyof typeof SCAN_KINDS;

export const isScanKind = (value: unknown): value is ScanKind => typeof value === 'string' && Object.hasOwn(SCAN_KINDS, value);
