// The compiler's syntax errors in an exercise's TypeScript files, found in
// milliseconds before a grade starts: watch mode shows them instead of
// starting jest on code that cannot load (and never crashes on them).
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const CODE = /\.(ts|mts|cts|tsx)$/;

/** One line per syntax error: `file:line:col error TSnnnn: message`, relative to `dir`. Empty: none. */
export function syntaxErrors(dir: string): string[] {
  const found: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((n) => CODE.test(n) && !n.split(path.sep).includes('node_modules')).sort();
  } catch {
    return [];
  }
  for (const name of names) {
    const file = path.join(dir, name);
    let source: string;
    try {
      if (!fs.statSync(file).isFile()) continue;
      source = fs.readFileSync(file, 'utf8');
    } catch {
      continue; // deleted between the listing and the read: the next save tells
    }
    const out = ts.transpileModule(source, { fileName: file, reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS } });
    for (const d of out.diagnostics ?? []) {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const at = where ? `${name}:${where.line + 1}:${where.character + 1}` : name;
      found.push(`${at} error TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    }
  }
  return found;
}
