// Learner processes that outlive grading. A run's detached or setsid children
// leave its process group, so the group kill cannot reach them. Every process
// a grading step starts inherits a token of that step (KIT_RUN_TOKEN); after
// grading, every process still alive that carries it is killed, before the
// step writes its result. Linux only (/proc). A process that cleared its own
// environment carries no token and is not found: the runner's containment is
// the defence against that.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';

export const RUN_TOKEN_VAR = 'KIT_RUN_TOKEN';
export const newRunToken = () => randomUUID();

/** Pids of live processes (not zombies) whose environment holds the token. */
export function processesWithToken(token: string): number[] {
  if (!fs.existsSync('/proc/self/environ')) return [];
  const marker = `${RUN_TOKEN_VAR}=${token}`;
  const found: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').startsWith('Z')) continue;
      if (fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker)) found.push(pid);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/** Kill every process carrying the token (again, while new ones appear); how many were killed. */
export function sweepLeftovers(token: string): number {
  const killed = new Set<number>();
  for (let pass = 0; pass < 5; pass++) {
    const alive = processesWithToken(token);
    if (alive.length === 0) break;
    for (const pid of alive) {
      try {
        process.kill(pid, 'SIGKILL');
        killed.add(pid);
      } catch {
        // already gone
      }
    }
  }
  return killed.size;
}
