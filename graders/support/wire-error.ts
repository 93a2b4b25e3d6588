// The one owner of errors that cross threads and processes. An Error does not
// survive postMessage or a JSON trip intact (a custom name such as
// 'NotImplemented' is lost, a class never arrives), and an error that does
// arrive comes from another realm, where `instanceof Error` is false. So errors
// travel as data, { name, message, stack? }, and are judged by shape and name.
//
// JS files running in worker threads (graders/support/reference-worker.js)
// require this module through the TS bootstrap (ts-register.js), so there is no
// JS copy of it.

/** An error as data: what crosses a thread or process boundary. */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
}

/** Error-like, judged by shape: errors from other realms (worker threads, Node internals) are not `instanceof Error` here. */
export function isErrorLike(value: unknown): value is { name: string; message: string; stack?: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** The starters' stubs throw an error named 'NotImplemented'; recognised by name, never by class. */
export function isNotImplemented(error: unknown): error is { name: 'NotImplemented'; message: string; stack?: unknown } {
  return isErrorLike(error) && error.name === 'NotImplemented';
}

function describe(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value); // e.g. an object without a prototype
  }
}

/** Whatever was thrown, as data that survives the trip (a non-Error value is described in the message). */
export function errorToWire(error: unknown): WireError {
  if (!isErrorLike(error)) return { name: 'Error', message: `a non-Error value was thrown: ${describe(error)}` };
  const wire: WireError = { name: error.name, message: error.message };
  if (typeof error.stack === 'string') wire.stack = error.stack;
  return wire;
}

/** The error again, on this side: an Error of this realm with the same name, message and (if sent) stack. */
export function errorFromWire(wire: WireError): Error {
  const error = new Error(wire.message);
  error.name = wire.name;
  if (wire.stack !== undefined) error.stack = wire.stack;
  return error;
}
