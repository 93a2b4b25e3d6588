// Measuring real work, for graders that grade parallelism for real.
// Instruments, each answering one question:
// - measureCpu: how much CPU did the whole process (every thread) burn per
//   second of wall time? Above 1 means several threads really ran at once.
// - loopBusyDuring: was THIS thread's event loop busy while something ran?
//   Near 1 means the work ran right here instead of in a worker.
// - osThreadCount: how many OS threads does the process have (Linux only)?
//   A pool that closed properly gives its threads back.
// - StallMeter, threadSchedMs: when this thread's event loop was late, was it
//   busy with its own work, or waiting for a core that other programs held?
// - activeResources: which handles (threads' ports, processes, sockets,
//   timers) does this thread still hold?
// - within: a real-time deadline that names what never happened.
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { CheckFailure } from './feedback';

/** Cores this process may use (respects CPU affinity, e.g. `taskset -c 0` simulates a one-core machine). */
export function availableCores(): number {
  return os.availableParallelism();
}

export interface CpuMeasure<T> {
  value: T;
  wallMs: number;
  /** User + system CPU time of the whole process, all threads included. */
  cpuMs: number;
  /** cpuMs / wallMs: about the number of threads that were busy at once. */
  cpuPerWall: number;
}

/** Run `fn`, measuring its wall time and the process's CPU time meanwhile. */
export async function measureCpu<T>(fn: () => Promise<T>): Promise<CpuMeasure<T>> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { value, wallMs, cpuMs, cpuPerWall: cpuMs / Math.max(wallMs, 1e-3) };
}

/** Wall time of `fn` in milliseconds, with its value. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

/**
 * The share of time (0..1) this thread's event loop was busy while `fn` ran.
 * Work handed to another thread leaves it near 0; work done right here, even
 * behind an `await`, pushes it towards 1.
 */
export async function loopBusyDuring<T>(fn: () => Promise<T>): Promise<{ value: T; busy: number; ms: number }> {
  const before = performance.eventLoopUtilization();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  return { value, busy: performance.eventLoopUtilization(before).utilization, ms };
}

/** OS threads of this process, or undefined where /proc is missing (macOS, Windows). */
export function osThreadCount(): number | undefined {
  try {
    return fs.readdirSync('/proc/self/task').length;
  } catch {
    return undefined;
  }
}

/** A duration for messages: "312 ms", "1.25 s". */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** This thread's active resources by type, e.g. { MessagePort: 2, Timeout: 1 } (process.getActiveResourcesInfo). */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** Resources held now beyond `before`, as "2 MessagePort, 1 Timeout" ('' when none). */
export function extraResources(before: Record<string, number>, now = activeResources()): string {
  return Object.entries(now)
    .filter(([type, n]) => n > (before[type] ?? 0))
    .map(([type, n]) => `${n - (before[type] ?? 0)} ${type}`)
    .join(', ');
}

/**
 * `promise`, or a CheckFailure once `ms` of real time have passed saying that
 * `what` never settled. A learner's promise that never settles then costs one
 * clear message instead of the whole check's timeout.
 */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new CheckFailure(`${what} had not settled after ${formatMs(ms)}. Is a promise never resolved, or a worker stuck?`)),
      ms,
    );
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Real-time sleep. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * This OS thread's scheduler accounting so far, in ms, from Linux's
 * /proc/thread-self/schedstat: `cpu`, the time it ran; `waiting`, the time it
 * was ready to run but waited for a core held by others. Undefined where that
 * file is missing (macOS, Windows).
 */
export function threadSchedMs(): { cpu: number; waiting: number } | undefined {
  try {
    const [cpu, waiting] = fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return { cpu: cpu / 1e6, waiting: waiting / 1e6 };
  } catch {
    return undefined;
  }
}

/** CPU time this OS thread has run so far, in ms (Linux), or undefined. */
export function threadCpuMs(): number | undefined {
  return threadSchedMs()?.cpu;
}

/**
 * Measures the event loop's OWN stalls on this thread. A timer samples every
 * `resolutionMs`; for each interval between two samples it takes the time the
 * thread really ran (its CPU time on Linux; elsewhere the loop's busy time from
 * eventLoopUtilization). A loop blocked by its own work runs for the whole
 * interval; a loop that was only waiting for a core, while other programs held
 * them, hardly runs at all, however late its timer fired. So `maxOwnMs` says
 * "the loop itself stalled this long", where monitorEventLoopDelay's max only
 * says "some timer fired this late".
 */
export class StallMeter {
  private timer: NodeJS.Timeout | undefined;
  private maxOwn = 0;
  private lastCpu: number | undefined;
  private lastElu = performance.eventLoopUtilization();

  constructor(private readonly resolutionMs = 10) {}

  start(): void {
    this.lastCpu = threadCpuMs();
    this.lastElu = performance.eventLoopUtilization();
    this.timer = setInterval(() => this.sample(), this.resolutionMs);
  }

  private sample(): void {
    const cpu = threadCpuMs();
    const elu = performance.eventLoopUtilization();
    const own = cpu !== undefined && this.lastCpu !== undefined ? cpu - this.lastCpu : performance.eventLoopUtilization(elu, this.lastElu).active;
    this.maxOwn = Math.max(this.maxOwn, own);
    this.lastCpu = cpu;
    this.lastElu = elu;
  }

  /** Stop; the longest the loop ran its own work without a break, in ms. */
  stop(): { maxOwnMs: number } {
    this.sample();
    clearInterval(this.timer);
    return { maxOwnMs: this.maxOwn };
  }
}
