// Learner processes that leave their process group (detached, setsid) are
// still found by the step's token and ended; processes without it are not touched.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { newRunToken, processesWithToken, RUN_TOKEN_VAR, sweepLeftovers } from '../../tools/sweep';

const linux = fs.existsSync('/proc/self/environ');
const gone = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').startsWith('Z');
  } catch {
    return true;
  }
};
const until = async (ok: () => boolean) => {
  for (let i = 0; i < 50 && !ok(); i++) await new Promise((r) => setTimeout(r, 100));
};

(linux ? test : test.skip)('a detached grandchild carrying the token is killed; a bystander is not', async () => {
  const token = newRunToken();
  // the child starts a detached grandchild in its own session, prints its pid and exits
  const script = "const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' }); c.unref(); console.log(c.pid);";
  const child = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, [RUN_TOKEN_VAR]: token }, encoding: 'utf8' });
  const grandchild = Number(child.stdout.trim());
  const bystander = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { env: { ...process.env, [RUN_TOKEN_VAR]: newRunToken() }, stdio: 'ignore' });
  try {
    await until(() => processesWithToken(token).includes(grandchild));
    expect(processesWithToken(token)).toEqual([grandchild]);
    expect(sweepLeftovers(token)).toBe(1);
    await until(() => gone(grandchild));
    expect(gone(grandchild)).toBe(true);
    expect(gone(bystander.pid!)).toBe(false);
    expect(sweepLeftovers(token)).toBe(0);
  } finally {
    bystander.kill('SIGKILL');
    try {
      process.kill(grandchild, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});
