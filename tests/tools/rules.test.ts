import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { declaredChecks } from '../../tools/catalog';
import { lessonRules, rulesMap } from '../../tools/rules';
import type { Exercise } from '../../tools/manifest';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kit-rules-'));

const GRADER = `
import { check } from './support';
check(3, 'first check', () => {}, { rules: ['a-rule', 'b-rule'] });
describe('nested', () => {
  check(1, \`second check\`, async () => {}, { timeoutMs: 5 });
});
check(2, "third check", () => {}, SLOW);
`;

describe('declaredChecks', () => {
  it('reads every check() with its points, name and rules, at any depth', () => {
    const dir = tmp();
    const file = path.join(dir, 'x.grader.ts');
    fs.writeFileSync(file, GRADER);
    expect(declaredChecks(file).map(({ name, points, rules }) => ({ name, points, rules }))).toEqual([
      { name: 'first check', points: 3, rules: ['a-rule', 'b-rule'] },
      { name: 'second check', points: 1, rules: [] },
      { name: 'third check', points: 2, rules: [] },
    ]);
  });

  it('refuses a check whose points or name are not literals, naming the line', () => {
    const dir = tmp();
    const file = path.join(dir, 'x.grader.ts');
    fs.writeFileSync(file, `const n = 3;\ncheck(n, 'name', () => {});\n`);
    expect(() => declaredChecks(file, 'x.grader.ts')).toThrow(/x\.grader\.ts:2: check\(\) needs literal points and a literal name/);
    fs.writeFileSync(file, `check(1, 'n', () => {}, { rules: ids });\n`);
    expect(() => declaredChecks(file, 'x.grader.ts')).toThrow(/rules must be a literal array/);
  });
});

describe('rules map', () => {
  function kit(readme: string, grader: string) {
    const root = tmp();
    fs.mkdirSync(path.join(root, 'starters', '91-x'), { recursive: true });
    fs.mkdirSync(path.join(root, 'graders'));
    fs.writeFileSync(path.join(root, 'starters', '91-x', 'README.md'), readme);
    fs.writeFileSync(path.join(root, 'graders', '91-x.grader.ts'), grader);
    return root;
  }
  const exercise = { id: '91', slug: '91-x' } as Exercise;

  it('parses the ## Rules list and stops at the next heading', () => {
    const root = kit('# L\n## Rules\nIntro.\n- `a-rule`: A holds.\n- `b-rule`: B holds.\n## Hints\n- `c-rule`: not a rule.\n', '');
    expect(lessonRules(path.join(root, 'starters', '91-x', 'README.md')).rules).toEqual([
      { id: 'a-rule', text: 'A holds.' },
      { id: 'b-rule', text: 'B holds.' },
    ]);
  });

  it('is clean when every rule has a check and every check a known rule', () => {
    const root = kit('## Rules\n- `a-rule`: A.\n- `b-rule`: B.\n', GRADER.replace(/\{ timeoutMs: 5 \}/, "{ rules: ['a-rule'] }").replace('SLOW', "{ rules: ['b-rule'] }"));
    const map = rulesMap(exercise, root);
    expect(map.problems).toEqual([]);
    expect(map.rules.find((r) => r.id === 'a-rule')?.checks).toEqual(['first check', 'second check']);
  });

  it('names a rule without a check, a check without a rule, an unknown rule and a malformed line', () => {
    const root = kit('## Rules\n- `a-rule`: A.\n- `lonely`: nobody checks me.\n- bad line\n', GRADER);
    const problems = rulesMap(exercise, root).problems.join('\n');
    expect(problems).toMatch(/rule "lonely" has no check/);
    expect(problems).toMatch(/check "second check" \(line 5\) names no rule/);
    expect(problems).toMatch(/names rule "b-rule", which the lesson's ## Rules does not list/);
    expect(problems).toMatch(/rule line not of the form/);
  });

  it('reports a lesson with no ## Rules section', () => {
    const root = kit('# Lesson\n', GRADER);
    expect(rulesMap(exercise, root).problems[0]).toMatch(/starters\/91-x\/README\.md has no "## Rules" section/);
  });
});
