// The forgery scan: reads a learner's exercise folder as code (the TypeScript
// parser, not regexes over raw text) and reports every use of an API the
// exercise has no use for: the ways a submission could forge or peek at its
// grade from inside the grading process. A hit changes no score; it flags the
// exercise for a teacher. Comments never count, and neither do strings that are
// only words; names reached by computation (globalThis['ev' + 'al'],
// require(someVariable), import(notALiteral)) count as "dynamic access",
// because the scan cannot tell what they reach.
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import type { Exercise } from './manifest';
import { SCAN_KINDS, type ScanKind } from './scan-rules';

export interface ScanHit {
  /** Relative to the exercise folder, with forward slashes. */
  file: string;
  line: number;
  kind: ScanKind;
  /** What was seen, e.g. "require('vm')" or "process.kill". */
  what: string;
}

const CODE_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_FLAGS = 12;

const JEST_GLOBALS = new Set(['test', 'expect', 'describe', 'it', 'jest', 'fit', 'xit', 'xtest', 'xdescribe', 'fdescribe', 'beforeAll', 'beforeEach', 'afterAll', 'afterEach']);
const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);
/** Globals whose members a submission has no business replacing. */
const BUILTINS = new Set([
  ...GLOBAL_OBJECTS, 'Object', 'Array', 'Promise', 'JSON', 'Math', 'Date', 'String', 'Number', 'Boolean', 'BigInt', 'Symbol', 'Function',
  'Reflect', 'Proxy', 'Error', 'TypeError', 'RangeError', 'AggregateError', 'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'RegExp',
  'Atomics', 'SharedArrayBuffer', 'ArrayBuffer', 'Int32Array', 'Uint8Array', 'Float64Array', 'Iterator', 'console', 'process',
  'performance', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate', 'queueMicrotask',
  'structuredClone', 'AbortController', 'AbortSignal', 'EventTarget', 'Event', 'Buffer', 'require', 'module',
]);
const PROCESS_INTERNALS = new Set([
  'kill', 'binding', '_linkedBinding', 'dlopen', 'reallyExit', 'abort', 'mainModule', '_getActiveHandles', '_getActiveRequests',
  'setuid', 'setgid', 'seteuid', 'setegid', 'setgroups', 'chdir', 'umask', '_rawDebug', 'openStdin', 'report', 'permission',
]);
const MODULE_KINDS: Record<string, ScanKind> = {
  vm: 'vm',
  child_process: 'child_process',
  cluster: 'child_process',
  worker_threads: 'worker_threads',
  fs: 'fs',
  'fs/promises': 'fs',
  module: 'module-internals',
  inspector: 'process-internals',
  'inspector/promises': 'process-internals',
  v8: 'process-internals',
  repl: 'process-internals',
  wasi: 'process-internals',
  trace_events: 'process-internals',
};
/** The one package a learner file may load: the worker bootstraps' TypeScript loader. */
const ALLOWED_PACKAGES = new Set(['ts-node']);
const ENV_NAME = /\b(KIT|GITHUB|ACTIONS|RUNNER)_[A-Z0-9_]*|\bNODE_OPTIONS\b/;
/** Node command-line options that run code given as text or load extra modules, in a child's argv or execArgv. */
const CODE_FLAGS = new Set(['-e', '--eval', '-p', '--print', '-r', '--require', '--import', '--loader', '--experimental-loader', '-c']);
/** What a lesson that starts processes needs from child_process: fork (a Node worker), and its types. */
const FORK_ONLY = new Set(['fork', 'ChildProcess', 'ForkOptions', 'Serializable', 'SendHandle']);
const KIT_PATH = /(^|[\\/])(graders|tools|solutions|grades|\.github|\.git)([\\/]|$)|node_modules[\\/]+[^\\/]|^\/proc([\\/]|$)|^\/dev[\\/]/;
const FAKE_OUTPUT = [
  /\bPoints\s+\d+\s*\/\s*\d+/i,
  /(^|\n)\s*result(=|<<)/,
  /(^|\n)\s*::[a-z-]+( [^:\n]*)?::/i,
  /##\[[a-z-]+/i,
  /[\u001b\u009b]/,
];

/** Names declared in each scope node (function, block, for, catch, file), for telling globals from locals. */
function declaredNames(file: ts.SourceFile): Map<ts.Node, Set<string>> {
  const scopes = new Map<ts.Node, Set<string>>();
  const add = (scope: ts.Node, name: ts.BindingName | undefined) => {
    if (!name) return;
    if (ts.isIdentifier(name)) {
      if (!scopes.has(scope)) scopes.set(scope, new Set());
      scopes.get(scope)!.add(name.text);
      return;
    }
    for (const element of name.elements) if (!ts.isOmittedExpression(element)) add(scope, element.name);
  };
  const isFunctionScope = (n: ts.Node) => ts.isFunctionLike(n) || ts.isSourceFile(n);
  const isBlockScope = (n: ts.Node) =>
    isFunctionScope(n) || ts.isBlock(n) || ts.isModuleBlock(n) || ts.isCaseBlock(n) || ts.isForStatement(n) || ts.isForOfStatement(n) || ts.isForInStatement(n) || ts.isCatchClause(n);
  const enclosing = (n: ts.Node, test: (n: ts.Node) => boolean) => {
    let at = n.parent;
    while (at && !test(at)) at = at.parent;
    return at ?? file;
  };
  const visit = (n: ts.Node) => {
    if (ts.isVariableDeclaration(n)) {
      if (ts.isCatchClause(n.parent)) add(n.parent, n.name);
      else {
        const list = n.parent as ts.VariableDeclarationList;
        const blockScoped = (list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) !== 0;
        add(enclosing(list, blockScoped ? isBlockScope : isFunctionScope), n.name);
      }
    } else if (ts.isParameter(n)) add(n.parent, n.name);
    else if ((ts.isFunctionExpression(n) || ts.isClassExpression(n)) && n.name) add(n, n.name);
    else if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isEnumDeclaration(n)) && n.name) add(enclosing(n, isBlockScope), n.name);
    else if (ts.isImportClause(n) && n.name) add(file, n.name);
    else if (ts.isNamespaceImport(n) || ts.isImportSpecifier(n) || ts.isImportEqualsDeclaration(n)) add(file, n.name);
    ts.forEachChild(n, visit);
  };
  visit(file);
  return scopes;
}

/** Is this identifier a value reference (not a property name, a declaration's name, a label or a type)? */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if (ts.isQualifiedName(p)) return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  const named = p as ts.Node & { name?: ts.Node };
  if (named.name === id && !ts.isShorthandPropertyAssignment(p) && !ts.isPropertyAccessExpression(p)) return false;
  if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p) || ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  for (let at: ts.Node = id; at.parent; at = at.parent) {
    if (ts.isExpressionWithTypeArguments(at) && ts.isHeritageClause(at.parent) && at.parent.token === ts.SyntaxKind.ExtendsKeyword && ts.isClassLike(at.parent.parent)) return true;
    if (ts.isTypeNode(at) || ts.isTypeAliasDeclaration(at) || ts.isInterfaceDeclaration(at)) return false;
    if (ts.isStatement(at) || ts.isFunctionLike(at)) break;
  }
  return true;
}

const unwrap = (e: ts.Expression): ts.Expression =>
  ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)
    ? unwrap(e.expression)
    : e;

const literalText = (e: ts.Node | undefined): string | undefined =>
  e && (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isNumericLiteral(e)) ? e.text : undefined;

/** Scan one file's text. Unfiltered: the exercise's allowances are applied by scanExercise. */
export function scanSource(fileName: string, text: string, siblings: string[] = []): ScanHit[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, /\.[jt]sx$/.test(fileName) ? ts.ScriptKind.TSX : undefined);
  const scopes = declaredNames(file);
  const hits: ScanHit[] = [];
  const hit = (node: ts.Node, kind: ScanKind, what: string) =>
    hits.push({ file: fileName, line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1, kind, what: what.length > 80 ? `${what.slice(0, 77)}...` : what });
  const snippet = (node: ts.Node) => node.getText(file).replace(/\s+/g, ' ');

  const isLocal = (id: ts.Identifier) => {
    for (let at: ts.Node | undefined = id.parent; at; at = at.parent) if (scopes.get(at)?.has(id.text)) return true;
    return false;
  };
  /** require('x') with a literal x: the module name, else undefined. */
  const requiredModule = (e: ts.Expression): string | undefined => {
    const c = unwrap(e);
    if (!ts.isCallExpression(c) || c.arguments.length !== 1) return undefined;
    const callee = unwrap(c.expression);
    if (!ts.isIdentifier(callee) || callee.text !== 'require' || isLocal(callee)) return undefined;
    return literalText(unwrap(c.arguments[0]));
  };
  // Local names bound to a whole Node module: `import util from 'node:util'`,
  // `import * as proc from 'process'`, `const assert = require('assert')`.
  // Their members are shared with the grader, so assigning to them is patching;
  // and a name for the process module is another name for process.
  const moduleNames = new Map<string, string>();
  const spawnHits: Array<[ts.Node, string]> = [];
  const bindModule = (name: ts.Node | undefined, spec: string | undefined) => {
    if (name && ts.isIdentifier(name) && spec !== undefined) moduleNames.set(name.text, spec.replace(/^node:/, ''));
  };
  const collectModules = (n: ts.Node) => {
    if (ts.isImportDeclaration(n) && n.importClause) {
      const spec = literalText(n.moduleSpecifier);
      bindModule(n.importClause.name, spec);
      if (n.importClause.namedBindings && ts.isNamespaceImport(n.importClause.namedBindings)) bindModule(n.importClause.namedBindings.name, spec);
    }
    if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference)) bindModule(n.name, literalText(n.moduleReference.expression));
    if (ts.isVariableDeclaration(n) && n.initializer) {
      bindModule(n.name, requiredModule(n.initializer));
      // const { exec } = require('child_process')
      if (ts.isObjectBindingPattern(n.name) && /^(node:)?child_process$/.test(requiredModule(n.initializer) ?? '')) {
        for (const el of n.name.elements) {
          const key = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : ts.isIdentifier(el.name) ? el.name.text : '';
          if (!FORK_ONLY.has(key)) spawnHits.push([el, key]);
        }
      }
    }
    // import { exec } from 'child_process'
    if (ts.isImportDeclaration(n) && /^(node:)?child_process$/.test(literalText(n.moduleSpecifier) ?? '')) {
      const named = n.importClause?.namedBindings;
      if (named && ts.isNamedImports(named)) {
        for (const el of named.elements) if (!FORK_ONLY.has((el.propertyName ?? el.name).text)) spawnHits.push([el, (el.propertyName ?? el.name).text]);
      }
    }
    ts.forEachChild(n, collectModules);
  };
  collectModules(file);
  spawnHits.forEach(([node, name]) => hit(node, 'process-spawn', `child_process ${name}`));
  const isProcessAlias = (name: string) => moduleNames.get(name) === 'process';

  /** The global a (possibly globalThis-qualified) expression names: process, globalThis.process, global['require'] ... */
  const globalName = (expr: ts.Expression): string | undefined => {
    const e = unwrap(expr);
    if (ts.isIdentifier(e)) {
      if (isProcessAlias(e.text)) return 'process';
      return isLocal(e) ? undefined : e.text;
    }
    if (/^(node:)?process$/.test(requiredModule(e) ?? '')) return 'process';
    const member = memberOf(e);
    if (member && member.name !== undefined && GLOBAL_OBJECTS.has(globalName(member.object) ?? '')) return member.name;
    return undefined;
  };
  /** obj.name / obj['name'] → { object, name }; obj[computed] → name undefined. */
  const memberOf = (e: ts.Expression): { object: ts.Expression; name: string | undefined } | undefined => {
    if (ts.isPropertyAccessExpression(e)) return { object: e.expression, name: e.name.text };
    if (ts.isElementAccessExpression(e)) return { object: e.expression, name: literalText(unwrap(e.argumentExpression)) };
    return undefined;
  };

  const checkModule = (node: ts.Node, spec: string, how: string) => {
    const bare = spec.replace(/^node:/, '');
    if (builtinModules.includes(bare) || spec.startsWith('node:')) {
      const kind = MODULE_KINDS[bare];
      if (kind) hit(node, kind, how);
      return;
    }
    if (spec.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(spec)) return hit(node, 'kit-paths', how);
    if (spec.startsWith('.')) {
      if (escapesExercise(path.posix.join(path.posix.dirname(fileName), spec.replace(/\\/g, '/')), siblings)) hit(node, 'kit-paths', how);
      return;
    }
    const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    if (!ALLOWED_PACKAGES.has(name)) hit(node, 'package', how);
  };

  /** require(x) / import(x) with x not a literal. */
  const checkComputedLoad = (node: ts.Node, arg: ts.Expression | undefined) => {
    const a = arg && unwrap(arg);
    // require(path.resolve(process.argv[2])), with path the node:path module and process the
    // real one: a bootstrap loading the file it was started with.
    const isArgv = (e: ts.Expression) => {
      const m = memberOf(unwrap(e));
      const argv = m && m.name !== undefined && /^\d+$/.test(m.name) && memberOf(unwrap(m.object));
      return Boolean(argv && argv.name === 'argv' && globalName(argv.object) === 'process');
    };
    const callee = a && ts.isCallExpression(a) ? memberOf(unwrap(a.expression)) : undefined;
    const viaPath =
      a && ts.isCallExpression(a) && a.arguments.length === 1 && callee && ['resolve', 'join'].includes(callee.name ?? '') &&
      ts.isIdentifier(unwrap(callee.object)) && moduleNames.get((unwrap(callee.object) as ts.Identifier).text) === 'path' && isArgv(a.arguments[0]);
    if (a && (viaPath || isArgv(a))) {
      hit(node, 'argv-require', snippet(node));
      return;
    }
    // require(tsNode) where every value of tsNode is require.resolve('<literal>'): that literal is what loads.
    if (a && ts.isIdentifier(a)) {
      const resolved = resolvedLiterals(a.text);
      if (resolved) return resolved.forEach((spec) => checkModule(node, spec, snippet(node)));
    }
    hit(node, 'dynamic-access', snippet(node));
  };
  /**
   * The literals x can hold, when x is declared once in the file and every write to it is
   * `x = require.resolve('<literal>', ...)` (or that initializer); else undefined.
   */
  const resolvedLiterals = (name: string): string[] | undefined => {
    if ([...scopes.values()].filter((names) => names.has(name)).length !== 1) return undefined;
    const values: Array<ts.Expression | undefined> = [];
    const visit = (n: ts.Node) => {
      if (ts.isIdentifier(n) && n.text === name) {
        const p = n.parent;
        if (ts.isVariableDeclaration(p) && p.name === n) values.push(p.initializer ?? ts.factory.createIdentifier('undefined'));
        else if (ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
          values.push(p.operatorToken.kind === ts.SyntaxKind.EqualsToken ? p.right : undefined);
        } else if (isWritten(n)) values.push(undefined);
      }
      ts.forEachChild(n, visit);
    };
    visit(file);
    const specs = values.filter((v) => !(v && ts.isIdentifier(v) && v.text === 'undefined')).map((v) => {
      const c = v && unwrap(v);
      return c && ts.isCallExpression(c) && snippet(c.expression) === 'require.resolve' ? literalText(c.arguments[0]) : undefined;
    });
    return specs.length > 0 && specs.every((s) => s !== undefined) ? (specs as string[]) : undefined;
  };
  /** Written other than by a plain assignment: x++, for (x of ...), [x] = ..., ({ x } = ...). */
  const isWritten = (id: ts.Identifier): boolean => {
    const p = id.parent;
    if ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && [ts.SyntaxKind.PlusPlusToken, ts.SyntaxKind.MinusMinusToken].includes(p.operator)) return true;
    if ((ts.isForOfStatement(p) || ts.isForInStatement(p)) && p.initializer === id) return true;
    for (let at: ts.Node = id; at.parent; at = at.parent) {
      const up = at.parent;
      if (ts.isBinaryExpression(up) && up.left === at && up.operatorToken.kind === ts.SyntaxKind.EqualsToken) return at !== id;
      if (!(ts.isArrayLiteralExpression(up) || ts.isObjectLiteralExpression(up) || ts.isPropertyAssignment(up) || ts.isShorthandPropertyAssignment(up) || ts.isSpreadElement(up) || ts.isSpreadAssignment(up) || ts.isParenthesizedExpression(up))) return false;
    }
    return false;
  };

  /** `whole`: the literal is the whole string ('..', 'graders'), not a piece of a template between substitutions (`${a}..${b}`). */
  const checkText = (node: ts.Node, value: string, whole: boolean) => {
    if (ENV_NAME.test(value)) hit(node, 'kit-env', snippet(node));
    if (/\bjest\b|JEST_/i.test(value)) hit(node, 'jest-globals', snippet(node));
    const bare = whole && (/^(graders|tools|solutions|grades)$/.test(value) || dotDotEscapes(value, siblings));
    const inPath = /[\\/]/.test(value) && (KIT_PATH.test(value) || dotDotEscapes(value, siblings));
    if (bare || inPath || /^\/(proc|dev)\b/.test(value)) hit(node, 'kit-paths', snippet(node));
    if (FAKE_OUTPUT.some((re) => re.test(value))) hit(node, 'fake-output', JSON.stringify(value));
    if (whole && (CODE_FLAGS.has(value) || /^--(eval|print|require|import|loader|experimental-loader)=/.test(value))) hit(node, 'eval', snippet(node));
  };

  /** A member access on a global: process.kill, require.cache, globalThis[x], process.env.GITHUB_TOKEN ... */
  const checkMember = (node: ts.Node, objectName: string, name: string | undefined) => {
    const what = snippet(node);
    if (name === undefined) {
      if (GLOBAL_OBJECTS.has(objectName) || ['process', 'require', 'module', 'Reflect'].includes(objectName)) hit(node, 'dynamic-access', what);
      return;
    }
    if (GLOBAL_OBJECTS.has(objectName)) {
      if (JEST_GLOBALS.has(name)) hit(node, 'jest-globals', what);
      if (name === 'eval' || name === 'Function') hit(node, 'eval', what);
    }
    if (objectName === 'process' && PROCESS_INTERNALS.has(name)) hit(node, 'process-internals', what);
    if (objectName === 'require' && name !== 'resolve') hit(node, 'module-internals', what);
    if (objectName === 'module' && name !== 'exports') hit(node, 'module-internals', what);
  };

  const isAssignmentTarget = (n: ts.Node): boolean => {
    const p = n.parent;
    if (ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return true;
    if ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && [ts.SyntaxKind.PlusPlusToken, ts.SyntaxKind.MinusMinusToken].includes(p.operator)) return true;
    return ts.isDeleteExpression(p);
  };
  /** The global a member chain starts from: Array.prototype.map → Array. */
  const chainRoot = (e: ts.Expression): string | undefined => {
    const u = unwrap(e);
    const m = memberOf(u);
    const inner = m && chainRoot(m.object);
    if (inner !== undefined) return inner;
    if (ts.isIdentifier(u) && moduleNames.has(u.text) && !isProcessAlias(u.text)) return `module:${moduleNames.get(u.text)}`;
    const required = requiredModule(u);
    if (required !== undefined && !/^(node:)?process$/.test(required)) return `module:${required}`;
    // Object.getPrototypeOf(x) reaches a shared prototype (Object.prototype, Array.prototype, ...)
    if (ts.isCallExpression(u) && /^(Object|Reflect)\.getPrototypeOf$/.test(snippet(u.expression))) return 'Object';
    return globalName(u);
  };
  const isShared = (root: string | undefined) => root !== undefined && (BUILTINS.has(root) || root.startsWith('module:'));

  const visit = (node: ts.Node) => {
    // import ... from 'x', export ... from 'x', import x = require('x')
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      const spec = literalText(node.moduleSpecifier);
      if (spec !== undefined) checkModule(node, spec, snippet(node.moduleSpecifier));
    }
    if (ts.isExternalModuleReference(node)) {
      const spec = literalText(node.expression);
      if (spec !== undefined) checkModule(node, spec, snippet(node));
      else checkComputedLoad(node, node.expression);
    }
    if (ts.isCallExpression(node)) {
      const callee = unwrap(node.expression);
      const arg = node.arguments[0];
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      if (isImport || globalName(callee) === 'require') {
        const spec = literalText(arg && unwrap(arg));
        if (spec !== undefined) checkModule(node, spec, snippet(node));
        else checkComputedLoad(node, arg);
      }
      // Object.defineProperty(Array.prototype, ...), Reflect.set(globalThis, ...), Object.assign(console, ...)
      const m = memberOf(callee);
      if (m && m.name && ['Object', 'Reflect'].includes(globalName(m.object) ?? '') && /^(defineProperty|defineProperties|setPrototypeOf|assign|set|deleteProperty)$/.test(m.name)) {
        const target = arg && chainRoot(arg);
        if (isShared(target)) hit(node, 'builtin-patch', snippet(node));
      }
    }
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const m = memberOf(node)!;
      const objectName = globalName(m.object);
      if (objectName !== undefined) checkMember(node, objectName, m.name);
      if (m.name !== undefined && ENV_NAME.test(m.name)) hit(node, 'kit-env', snippet(node));
      const objectModule = ts.isIdentifier(unwrap(m.object)) ? moduleNames.get((unwrap(m.object) as ts.Identifier).text) : requiredModule(m.object)?.replace(/^node:/, '');
      if (objectModule === 'child_process' && !FORK_ONLY.has(m.name ?? '')) hit(node, 'process-spawn', snippet(node));
      // process.env as a whole (spread, enumerated, passed on), or process.env[computed]
      if (m.name === 'env' && objectName === 'process') {
        const p = node.parent;
        const inner = memberOf(p as ts.Expression);
        if (!inner || inner.object !== node) hit(node, 'kit-env', `${snippet(node)} (the whole environment)`);
        else if (inner.name === undefined) hit(p, 'dynamic-access', snippet(p));
      }
      if (m.name === 'constructor') {
        const p = node.parent;
        const named = ts.isPropertyAccessExpression(p) && p.name.text === 'name';
        const compared = ts.isBinaryExpression(p) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken].includes(p.operatorToken.kind);
        if (!named && !compared) hit(node, 'eval', snippet(node));
      }
      if (m.name === 'caller' || m.name === 'callee' || m.name === '__proto__') hit(node, 'dynamic-access', snippet(node));
      if (isAssignmentTarget(node)) {
        const root = chainRoot(node);
        // `Symbol.dispose ??= ...`, `Promise.withResolvers ??= ...`: a polyfill only fills in what
        // Node 20 lacks on a built-in itself (06, 09 starters); never on a prototype or the global object.
        const polyfill =
          ts.isBinaryExpression(node.parent) && node.parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionEqualsToken &&
          BUILTINS.has(globalName(m.object) ?? '') && !GLOBAL_OBJECTS.has(globalName(m.object) ?? '');
        if (isShared(root) && !polyfill && !/^module\.exports\b/.test(snippet(node))) hit(node, 'builtin-patch', snippet(node.parent));
      }
    }
    if (ts.isIdentifier(node) && isReference(node) && !isLocal(node) && !isProcessAlias(node.text)) {
      const name = node.text;
      // see through (x as any), (x)!, (x): what matters is what the expression is used for
      let used: ts.Node = node;
      while (ts.isParenthesizedExpression(used.parent) || ts.isAsExpression(used.parent) || ts.isNonNullExpression(used.parent) || ts.isTypeAssertionExpression(used.parent) || ts.isSatisfiesExpression(used.parent)) used = used.parent;
      const p = used.parent;
      const asObject = (ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === used;
      const asCallee = ts.isCallExpression(p) && p.expression === used;
      if (JEST_GLOBALS.has(name)) hit(node, 'jest-globals', name);
      if (name === 'eval') hit(node, 'eval', name);
      if (name === 'Function' && !(ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword && p.right === used) && !asObject) hit(node, 'eval', snippet(p));
      if ((GLOBAL_OBJECTS.has(name) || ['require', 'module', 'process'].includes(name)) && !asObject && !(asCallee && name === 'require')) {
        // destructuring a global is reading its members: const { kill } = process
        if (ts.isVariableDeclaration(p) && p.initializer === used && ts.isObjectBindingPattern(p.name)) {
          for (const el of p.name.elements) {
            const key = el.propertyName ? (ts.isIdentifier(el.propertyName) ? el.propertyName.text : literalText(el.propertyName)) : ts.isIdentifier(el.name) ? el.name.text : undefined;
            checkMember(el, name, key);
            if (name === 'process' && key === 'env') hit(el, 'kit-env', 'process.env (the whole environment)');
          }
        } else if (!ts.isTypeOfExpression(p)) {
          hit(node, name === 'module' || name === 'require' ? 'module-internals' : 'dynamic-access', `${name} used as a value`);
        }
      }
      if (ENV_NAME.test(name)) hit(node, 'kit-env', name);
    }
    // { eval: true } (a Worker that runs a string), { test } ...
    if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && ts.isIdentifier(node.name) && node.name.text === 'eval') hit(node, 'eval', snippet(node));
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      checkText(node, node.text, ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  // one hit per file, line, kind and thing seen
  const seen = new Set<string>();
  return hits.filter((h) => {
    const key = `${h.file}:${h.line}:${h.kind}:${h.what}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** A path (from the exercise folder) that leaves it, except into a sibling exercise folder (05 may import ../04-cpu-parallel). */
function escapesExercise(joined: string, siblings: string[]): boolean {
  const normal = path.posix.normalize(joined);
  if (path.posix.isAbsolute(normal) || /^[a-zA-Z]:/.test(normal)) return true;
  if (!normal.startsWith('../') && normal !== '..') return false;
  const [, sibling, ...rest] = normal.split('/');
  return !(siblings.includes(sibling) && !rest.includes('..'));
}

/** A string holding a `..` path segment that climbs out of the exercise folder. */
function dotDotEscapes(value: string, siblings: string[]): boolean {
  if (!/(^|[\\/])\.\.([\\/]|$)/.test(value)) return false;
  const normal = value.replace(/\\/g, '/');
  const at = normal.indexOf('..');
  return escapesExercise(normal.slice(at), siblings);
}

/** Every code file under the folder, and the hits for files the scan cannot read as code. */
function listFiles(dir: string): { files: string[]; unscannable: ScanHit[] } {
  const files: string[] = [];
  const unscannable: ScanHit[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const name = path.posix.join(rel, entry.name);
      if (entry.isSymbolicLink()) unscannable.push({ file: name, line: 0, kind: 'unscannable', what: 'a symbolic link' });
      else if (entry.isDirectory()) {
        if (entry.name === 'node_modules') unscannable.push({ file: name, line: 0, kind: 'package', what: 'a node_modules folder' });
        else walk(name);
      } else if (entry.name.endsWith('.node')) unscannable.push({ file: name, line: 0, kind: 'unscannable', what: 'a native addon' });
      else if (CODE_FILE.test(entry.name)) {
        if (fs.statSync(path.join(dir, name)).size > MAX_FILE_BYTES) unscannable.push({ file: name, line: 0, kind: 'unscannable', what: 'a code file over 1 MiB' });
        else files.push(name);
      }
    }
  };
  walk('');
  return { files: files.sort(), unscannable };
}

/**
 * Scan an exercise folder: every code file in it (the manifest's files and any
 * the learner added), minus the API kinds the exercise's "allow" grants.
 * `siblings`: the exercise folder names a file may import from (../04-cpu-parallel).
 */
export function scanExercise(dir: string, exercise: Pick<Exercise, 'allow'>, siblings: string[] = []): ScanHit[] {
  if (!fs.existsSync(dir)) return [];
  const { files, unscannable } = listFiles(dir);
  const allow = exercise.allow ?? {};
  const allowed = (hit: ScanHit) => [...(allow['*'] ?? []), ...(allow[hit.file] ?? [])].includes(hit.kind);
  const hits = files.flatMap((f) => scanSource(f, fs.readFileSync(path.join(dir, f), 'utf8'), siblings));
  return [...unscannable, ...hits].filter((h) => !allowed(h));
}

/** The reasons a teacher reads, one per hit (at most a dozen, then a count). */
export function flagReasons(hits: ScanHit[]): string[] {
  const reasons = hits.map((h) => `${h.file}${h.line ? `:${h.line}` : ''}: ${h.what}: ${SCAN_KINDS[h.kind]}`);
  return reasons.length > MAX_FLAGS ? [...reasons.slice(0, MAX_FLAGS - 1), `and ${reasons.length - MAX_FLAGS + 1} more`] : reasons;
}

/** The flags for one exercise folder; a folder the scan cannot read is itself a flag. */
export function forgeryFlags(dir: string, exercise: Pick<Exercise, 'allow'>, siblings: string[] = []): string[] {
  try {
    return flagReasons(scanExercise(dir, exercise, siblings));
  } catch (error) {
    return [`the forgery scan could not read this folder (${(error as Error).message})`];
  }
}
