import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

// Test-only static check: every IPC handler in src-main is registered through
// `registerContractHandlers` (registerContractHandlers.ts), which checks the sender before
// anything else. It reads the sources with TypeScript's parser, so comments and strings
// never count, and aliases (`import { ipcMain as m }`), namespace imports
// (`electron.ipcMain`) and `require('electron')` are all seen.

export interface IpcViolation {
  file: string;
  line: number;
  message: string;
}

/** The only file that may hold Electron's `ipcMain`, and what it may do with it. */
export const ENTRY_FILE = 'src-main/index.ts';
export const REGISTRAR = 'registerContractHandlers';
/** The only file that may call `.handle` on it (its parameter is named `ipcMain`). */
export const REGISTRAR_FILE = 'src-main/ipc/registerContractHandlers.ts';

const LISTENER_METHODS = new Set([
  'handle',
  'handleOnce',
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
]);

function isElectronRequire(node: ts.Node): boolean {
  return (
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'require' &&
    node.arguments.length === 1 &&
    ts.isStringLiteralLike(node.arguments[0]!) &&
    node.arguments[0].text === 'electron'
  );
}

/** Violations in one source file; `file` is repository-relative with forward slashes. */
export function scanSource(file: string, text: string): IpcViolation[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const violations: IpcViolation[] = [];
  const report = (node: ts.Node, message: string) =>
    violations.push({
      file,
      line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1,
      message,
    });

  // Local names bound to Electron's ipcMain, and to the whole electron module.
  const ipcMainNames = new Set<string>();
  const electronNames = new Set<string>();

  for (const statement of sf.statements) {
    if (
      ts.isImportDeclaration(statement) &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      statement.moduleSpecifier.text === 'electron'
    ) {
      const clause = statement.importClause;
      if (clause?.name) electronNames.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) electronNames.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          const imported = (element.propertyName ?? element.name).text;
          if (imported === 'ipcMain' && !element.isTypeOnly && !clause?.isTypeOnly) {
            ipcMainNames.add(element.name.text);
            if (file !== ENTRY_FILE) {
              report(element, `imports ipcMain from electron; only ${ENTRY_FILE} may`);
            }
          }
        }
      }
    }
  }

  const visit = (node: ts.Node): void => {
    // const { ipcMain } = require('electron') / const electron = require('electron')
    if (ts.isVariableDeclaration(node) && node.initializer && isElectronRequire(node.initializer)) {
      if (ts.isIdentifier(node.name)) electronNames.add(node.name.text);
      else report(node, `destructures require('electron'); import it instead`);
    }
    // electron.ipcMain, require('electron').ipcMain
    if (
      ts.isPropertyAccessExpression(node) &&
      node.name.text === 'ipcMain' &&
      ((ts.isIdentifier(node.expression) && electronNames.has(node.expression.text)) ||
        isElectronRequire(node.expression))
    ) {
      report(node, 'reaches ipcMain through the electron module object');
    }
    // ipcMain.on(...) and friends, whatever the receiver's local name is.
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      LISTENER_METHODS.has(node.expression.name.text)
    ) {
      const receiver = node.expression.expression.text;
      const method = node.expression.name.text;
      const isRegistrar = file === REGISTRAR_FILE && receiver === 'ipcMain' && method === 'handle';
      if ((receiver === 'ipcMain' || ipcMainNames.has(receiver)) && !isRegistrar) {
        report(node, `registers an IPC listener (${receiver}.${method}) outside ${REGISTRAR}`);
      }
    }
    // In the entry file, Electron's ipcMain may only be handed to the registrar.
    if (ts.isIdentifier(node) && ipcMainNames.has(node.text) && file === ENTRY_FILE) {
      const parent = node.parent;
      const inImport = ts.isImportSpecifier(parent);
      const handedToRegistrar =
        ts.isCallExpression(parent) &&
        ts.isIdentifier(parent.expression) &&
        parent.expression.text === REGISTRAR &&
        parent.arguments[0] === node;
      if (!inImport && !handedToRegistrar) {
        report(node, `uses ipcMain other than as the first argument of ${REGISTRAR}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return violations;
}

/** Shipped TypeScript files under `dir` (tests and `_` helpers excluded). */
export function shippedSources(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const child = path.join(abs, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (
        /\.[cm]?tsx?$/.test(entry.name) &&
        !/\.test\.tsx?$/.test(entry.name) &&
        !entry.name.startsWith('_')
      ) {
        out.push(path.relative(root, child).split(path.sep).join('/'));
      }
    }
  };
  walk(path.join(root, dir));
  return out.sort();
}
