// `check(points, name, body)` declares one graded check. It is a jest `test`
// whose title carries the points ("name [3 pts]"); tools/jest/check-reporter.js
// reads them back. Keeping points in the title means a grader is a flat list of
// checks that reads like a spec sheet, and nothing but this file knows the format.
import { explain } from './feedback';
import { jestTest } from './pristine';

export interface CheckOptions {
  /** Real-time budget for this check; a body still running then fails with a timeout message. */
  timeoutMs?: number;
  /**
   * Ids of the lesson rules this check proves (the README's `## Rules` list). Read statically by
   * tools/catalog.ts, so write them as a literal array at the call: `{ rules: ['overlap'] }`.
   */
  rules?: readonly string[];
}

export function checkTitle(points: number, name: string): string {
  return `${name} [${points} ${points === 1 ? 'pt' : 'pts'}]`;
}

export function check(points: number, name: string, body: () => unknown, options: CheckOptions = {}): void {
  if (!Number.isInteger(points) || points <= 0) {
    throw new Error(`check("${name}"): points must be a positive whole number, got ${points}`);
  }
  jestTest(
    checkTitle(points, name),
    async () => {
      try {
        await body();
      } catch (error) {
        throw explain(error);
      }
    },
    options.timeoutMs ?? 10_000,
  );
}
