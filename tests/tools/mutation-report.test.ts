import { renderStrengthDoc, scoreReport, type StrykerReport } from '../../tools/mutation/report';
import type { Exercise } from '../../tools/manifest';

const exercise = { id: '02', slug: '02-x', title: 'X', exclusive: false } as Exercise;
const source = 'export function f(a: number) {\n  return a > 1 ? a : 0;\n}\n';
const at = (line: number, c0: number, c1: number) => ({ start: { line, column: c0 }, end: { line, column: c1 } });

const report: StrykerReport = {
  files: {
    'solutions/02-x/index.ts': {
      source,
      mutants: [
        { mutatorName: 'EqualityOperator', replacement: 'a >= 1', status: 'Survived', location: at(2, 10, 15) },
        { mutatorName: 'ConditionalExpression', replacement: 'true', status: 'Killed', location: at(2, 10, 15) },
        { mutatorName: 'BlockStatement', replacement: '{}', status: 'Timeout', location: at(1, 30, 2) },
        { mutatorName: 'ConditionalExpression', replacement: 'false', status: 'NoCoverage', location: at(2, 10, 15) },
      ],
    },
  },
};

describe('scoreReport', () => {
  it('counts killed and timed-out mutants as killed and keys survivors by code, not line', () => {
    const s = scoreReport(exercise, report, {}, 12, 5);
    expect([s.total, s.killed, s.equivalent, s.survivors.length]).toEqual([4, 2, 0, 2]);
    expect(s.percent).toBe(50);
    expect(s.survivors[0]).toMatchObject({ original: 'a > 1', replacement: 'a >= 1', line: 2, mutator: 'EqualityOperator' });
    expect(s.survivors[0].key).toBe('02-x/index.ts | EqualityOperator | a > 1 → a >= 1');
  });

  it('takes an explained survivor out of the denominator and shows why', () => {
    const key = '02-x/index.ts | EqualityOperator | a > 1 → a >= 1';
    const s = scoreReport(exercise, report, { [key]: 'a is never 1 here.' }, 12, 5);
    expect([s.equivalent, s.survivors.length]).toEqual([1, 1]);
    expect(s.percent).toBeCloseTo((100 * 2) / 3);
    const doc = renderStrengthDoc([exercise], { [exercise.slug]: s });
    expect(doc).toMatch(/\| 02 \| X \| 5 \| 4 \| 2 \| 1 \| 1 \| \*\*66\.7%\*\*/);
    expect(doc).toMatch(/`a > 1` → `a >= 1`\. a is never 1 here\./);
  });
});
