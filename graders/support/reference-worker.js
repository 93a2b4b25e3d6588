// One thread of the kit's ReferencePool (a piscina pool): registers the TS
// loader (ts-register.js) so the module named in workerData.tasks can be
// TypeScript, then answers calls.
// Errors come back as data ({ error: WireError }, wire-error.ts, required
// through the TS registration) so a custom name such as 'NotImplemented'
// survives the trip between threads.
require('./ts-register');
const { workerData } = require('piscina');
const { errorToWire } = require('./wire-error');

/** @type {Record<string, unknown>} */
let tasks = {};
/** @type {unknown} */
let loadError;
try {
  tasks = require(workerData.tasks);
} catch (error) {
  loadError = error;
}

/** @param {{ fn: string, args: unknown[] }} call */
module.exports = async function call({ fn, args }) {
  if (loadError) return { error: errorToWire(loadError) };
  // '__ready__' holds its thread for a moment, so `size` of them land on `size` different threads.
  if (fn === '__ready__') {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
    return { value: true };
  }
  try {
    const f = tasks[fn];
    if (typeof f !== 'function') throw new TypeError(`${workerData.tasks} exports no function "${fn}"`);
    return { value: await /** @type {(...a: unknown[]) => unknown} */ (f)(...args) };
  } catch (error) {
    return { error: errorToWire(error) };
  }
};
