// What this machine offers to contain a grading process, probed once per run of
// a tool, and how to wrap a command in it. Layers, strongest first:
//   bubblewrap   OS sandbox: only system folders, the kit copy and node_modules are
//                visible (read-only); the run's scratch folder is the only writable place;
//                private /tmp, no network, own pid namespace (ending it ends everything),
//                dies with its parent.
//   permission   Node's permission model: fs writes only to the scratch folder, no child
//                processes (a check that needs them gets its own run, see run-exercise.ts).
//   none         the hard runner only (private channel, validated records, kill sweep, limits).
// Independent of the layer: prlimit (memory, open files, file size) and, where this
// process may create one, a pids cgroup (process count, and a kill that misses nothing).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type Mechanism = 'bubblewrap' | 'permission' | 'none';
export type SandboxChoice = Mechanism | 'auto';

export interface Machine {
  bubblewrap: { ok: true } | { ok: false; why: string };
  /** The flag that turns Node's permission model on, or why there is none. */
  permission: { ok: true; flag: string } | { ok: false; why: string };
  prlimit: boolean;
  /** A pids cgroup folder this process may create children in (cgroup v1 or v2), or null. */
  cgroup: string | null;
}

/** Resource bounds for one grading process (and everything it starts). */
export const LIMITS = {
  heapMb: 1536, // --max-old-space-size: per V8 isolate (the jest process, each worker thread)
  dataBytes: 2 * 1024 ** 3, // RLIMIT_DATA: all private memory of one process (heap, buffers, stacks)
  openFiles: 4096,
  fileBytes: 256 * 1024 ** 2, // RLIMIT_FSIZE: no single file written may exceed this
  processes: 512, // pids cgroup: processes + threads of the run
  outputBytes: 16 * 1024 ** 2, // stdout + stderr; beyond this the run is stopped
};

let probed: Machine | undefined;

const firstLine = (text: string) => text.trim().split('\n')[0] || 'no message';

function probeBubblewrap(): Machine['bubblewrap'] {
  if (process.platform !== 'linux') return { ok: false, why: `bubblewrap is Linux-only (this is ${process.platform})` };
  const run = spawnSync('bwrap', ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--unshare-all', '--die-with-parent', '--', 'true'], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (run.error) return { ok: false, why: (run.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'bwrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)' : run.error.message };
  if (run.status !== 0) return { ok: false, why: `bwrap is installed but refused to start a sandbox here: ${firstLine(run.stderr)}` };
  return { ok: true };
}

function probePermission(): Machine['permission'] {
  const major = Number(process.versions.node.split('.')[0]);
  const flag = major >= 22 ? '--permission' : '--experimental-permission';
  if (major < 20) return { ok: false, why: `Node ${process.versions.node} has no permission model (Node 20+)` };
  const run = spawnSync(process.execPath, [flag, '--allow-fs-read=*', '-e', '0'], { encoding: 'utf8', timeout: 10_000 });
  return run.status === 0 ? { ok: true, flag } : { ok: false, why: `node ${flag} failed: ${firstLine(run.stderr)}` };
}

function probeCgroup(): string | null {
  if (process.platform !== 'linux') return null;
  for (const base of ['/sys/fs/cgroup/pids', '/sys/fs/cgroup']) {
    const dir = path.join(base, `concurrency-kit-probe-${process.pid}`);
    try {
      fs.mkdirSync(dir);
      const usable = fs.existsSync(path.join(dir, 'pids.max')) && fs.existsSync(path.join(dir, 'cgroup.procs'));
      fs.rmdirSync(dir);
      if (usable) return base;
    } catch {
      // not there, or not ours to write
    }
  }
  return null;
}

export function machine(): Machine {
  probed ??= {
    bubblewrap: probeBubblewrap(),
    permission: probePermission(),
    prlimit: process.platform === 'linux' && spawnSync('prlimit', ['--version']).status === 0,
    cgroup: probeCgroup(),
  };
  return probed;
}

/** The sandbox a run asked for (KIT_SANDBOX, else the caller's default) resolved against this machine. */
export function chooseMechanism(choice: SandboxChoice): { mechanism: Mechanism; notes: string[] } {
  const m = machine();
  const notes: string[] = [];
  const want = choice;
  if (want === 'bubblewrap' || want === 'auto') {
    if (m.bubblewrap.ok) return { mechanism: 'bubblewrap', notes };
    notes.push(`no OS sandbox: ${m.bubblewrap.why}`);
  }
  if (want !== 'none') {
    if (m.permission.ok) return { mechanism: 'permission', notes };
    notes.push(`no Node permission model: ${m.permission.why}`);
  }
  return { mechanism: 'none', notes };
}

export function sandboxChoice(defaultChoice: SandboxChoice): SandboxChoice {
  const value = process.env.KIT_SANDBOX?.trim();
  if (!value) return defaultChoice;
  if (['auto', 'bubblewrap', 'permission', 'none'].includes(value)) return value as SandboxChoice;
  throw new Error(`KIT_SANDBOX must be auto, bubblewrap, permission or none, got "${value}"`);
}

/** One line for people: which layers a run used. */
export function describeLayers(mechanism: Mechanism): string {
  const m = machine();
  const layer = {
    bubblewrap: 'bubblewrap (read-only kit copy, private /tmp, no network, own pid namespace) + Node permission model',
    permission: `Node permission model (${m.permission.ok ? m.permission.flag : ''}: writes only to scratch, no child processes)`,
    none: 'no sandbox (hard runner only)',
  }[mechanism];
  const extra = [m.prlimit ? 'prlimit' : null, m.cgroup ? 'pids cgroup' : null].filter(Boolean);
  return `${layer}${extra.length ? `; limits: heap ${LIMITS.heapMb} MiB, ${extra.join(', ')}` : `; limits: heap ${LIMITS.heapMb} MiB only (no prlimit/cgroup here)`}`;
}

export interface Wrap {
  mechanism: Mechanism;
  /** Node flags for the jest process. */
  nodeFlags: string[];
  /** Prefix before `node` (prlimit, bwrap). */
  prefix: string[];
}

export interface WrapOptions {
  mechanism: Mechanism;
  scratch: string;
  /** The kit the jest process runs from (a learner-template copy when contained). */
  kitRoot: string;
  /** The real node_modules folder the kit copy resolves packages from. */
  nodeModules: string;
  /** Allow child processes (04's process runtime); under bubblewrap they stay inside it. */
  childProcesses: boolean;
}

export function wrap(options: WrapOptions): Wrap {
  const m = machine();
  const nodeFlags = [`--max-old-space-size=${LIMITS.heapMb}`];
  if (options.mechanism !== 'none' && m.permission.ok) {
    nodeFlags.push(m.permission.flag, '--allow-fs-read=*', `--allow-fs-write=${options.scratch}/*`, '--allow-worker', '--allow-addons');
    if (options.childProcesses) nodeFlags.push('--allow-child-process');
  }
  const prefix: string[] = [];
  if (m.prlimit) {
    prefix.push('prlimit', `--data=${LIMITS.dataBytes}`, `--nofile=${LIMITS.openFiles}`, `--fsize=${LIMITS.fileBytes}`, '--core=0', '--');
  }
  if (options.mechanism === 'bubblewrap') {
    const nodeDir = path.dirname(path.dirname(fs.realpathSync(process.execPath)));
    const system = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/etc'];
    prefix.push('bwrap');
    for (const dir of system) prefix.push('--ro-bind-try', dir, dir);
    prefix.push('--ro-bind-try', nodeDir, nodeDir);
    prefix.push('--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp');
    prefix.push('--ro-bind', options.nodeModules, options.nodeModules);
    prefix.push('--ro-bind', options.kitRoot, options.kitRoot);
    prefix.push('--bind', options.scratch, options.scratch);
    prefix.push('--unshare-all', '--die-with-parent', '--new-session', '--cap-drop', 'ALL', '--chdir', options.kitRoot, '--');
  }
  return { mechanism: options.mechanism, nodeFlags, prefix };
}
