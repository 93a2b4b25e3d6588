// A fresh temporary folder for each test of a file, removed after the test. Call it
// at the top of a test file: `const temp = tempDirPerTest('kit-x-')`, then temp.dir,
// temp.path('cache'), temp.write('a.ts', source).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TempDir {
  /** The current test's folder (a new one for each test). */
  readonly dir: string;
  /** A path inside it. */
  path(...parts: string[]): string;
  /** Write `source` to `name` inside it; returns the file's path. */
  write(name: string, source: string): string;
}

export function tempDirPerTest(prefix: string): TempDir {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    get dir() {
      return dir;
    },
    path: (...parts) => path.join(dir, ...parts),
    write(name, source) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, source);
      return file;
    },
  };
}
