// What a grader declares, read from its source text, never by running it:
// each `check(points, 'name', body, { rules: [...] })` call. Static on purpose:
// the runner trusts this list (not the learner's process) for which checks exist
// and what they are worth, and verify uses it for the rules map.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { errors } from './errors';
import { repoRoot } from './kit';

export interface DeclaredCheck {
  name: string;
  points: number;
  /** Ids of the lesson rules this check proves (README `## Rules`). */
  rules: string[];
  /** 1-based line of the check() call, for messages. */
  line: number;
}

const literalText = (node: ts.Node | undefined): string | undefined =>
  node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;

/** Every check() call at any depth of the grader, in source order. */
export function declaredChecks(graderFile: string, shown = path.relative(repoRoot, graderFile)): DeclaredCheck[] {
  let text: string;
  try {
    text = fs.readFileSync(graderFile, 'utf8');
  } catch (error) {
    throw errors.badOption('grader', `cannot read ${graderFile} (${(error as Error).message})`);
  }
  const source = ts.createSourceFile(graderFile, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: DeclaredCheck[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'check') {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      const where = `${shown}:${line}`;
      const [pointsArg, nameArg, , optionsArg] = node.arguments;
      const name = literalText(nameArg);
      if (!pointsArg || !ts.isNumericLiteral(pointsArg) || name === undefined) {
        throw errors.manifestInvalid(where, 'check() needs literal points and a literal name, e.g. check(3, \'name\', body)');
      }
      found.push({ name, points: Number(pointsArg.text), rules: rulesOf(optionsArg, where), line });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function rulesOf(options: ts.Expression | undefined, where: string): string[] {
  if (!options) return [];
  if (!ts.isObjectLiteralExpression(options)) {
    // An options variable (e.g. SLOW) may carry timeouts only; rules must be visible at the call.
    return [];
  }
  const prop = options.properties.find(
    (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'rules',
  );
  if (!prop) return [];
  if (!ts.isArrayLiteralExpression(prop.initializer)) {
    throw errors.manifestInvalid(where, 'rules must be a literal array of rule ids, e.g. { rules: [\'overlap\'] }');
  }
  return prop.initializer.elements.map((el) => {
    const id = literalText(el);
    if (id === undefined) throw errors.manifestInvalid(where, 'each rule id must be a string literal');
    return id;
  });
}
