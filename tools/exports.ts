// The names a TypeScript file exports, read from its text. Enough to prove a
// starter, its solution and its mutants offer the learner the same API.
import fs from 'node:fs';

const DECLARATION = /^export\s+(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:abstract\s+)?(?:function\*?|class|const|let|var|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm;
const LIST = /^export\s+(?:type\s+)?\{([^}]*)\}/gm;

export function exportedNames(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const names = new Set<string>();
  for (const m of text.matchAll(DECLARATION)) names.add(m[1]);
  for (const m of text.matchAll(LIST)) {
    for (const part of m[1].split(',')) {
      const name = part.trim().split(/\s+as\s+/).pop()?.replace(/^type\s+/, '');
      if (name) names.add(name);
    }
  }
  return [...names].sort();
}
