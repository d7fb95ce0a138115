import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The Electron entry (src-main/index.ts) cannot run here: there is no Electron binary. The
// policies it installs are tested on their own; this checks, from the parsed source, that
// the entry really installs each of them, and that no other code goes around them.

const root = path.resolve(import.meta.dirname, '../..');

/** Shipped TypeScript under src-main (no tests, no `_` helpers), repository-relative. */
function shippedSources(): string[] {
  return fs
    .readdirSync(path.join(root, 'src-main'), { recursive: true, encoding: 'utf8' })
    .map((rel) => `src-main/${rel.split(path.sep).join('/')}`)
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
    .filter((file) => !path.posix.basename(file).startsWith('_'))
    .sort();
}

/** Every call in a file, as `callee` text plus its argument texts. */
function calls(file: string): Array<{ callee: string; args: string[]; text: string }> {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Array<{ callee: string; args: string[]; text: string }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      found.push({
        callee: (ts.isNewExpression(node) ? 'new ' : '') + node.expression.getText(sf),
        args: (node.arguments ?? []).map((a) => a.getText(sf)),
        text: node.getText(sf),
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('Electron entry wiring (src-main/index.ts)', () => {
  const entry = calls('src-main/index.ts');
  const find = (callee: string, firstArg?: string) =>
    entry.filter((c) => c.callee === callee && (firstArg === undefined || c.args[0] === firstArg));

  it('sandboxes every renderer, takes the single-instance lock and registers app:// first', () => {
    expect(find('app.enableSandbox')).toHaveLength(1);
    expect(find('app.requestSingleInstanceLock')).toHaveLength(1);
    expect(find('protocol.registerSchemesAsPrivileged', '[APP_SCHEME_PRIVILEGES]')).toHaveLength(1);
    expect(find('protocol.handle', 'APP_SCHEME')).toHaveLength(1);
  });

  it('hardens every WebContents and denies all permissions on the session', () => {
    const created = find('app.on', "'web-contents-created'");
    expect(created).toHaveLength(1);
    expect(created[0]?.text).toMatch(/hardenWebContents\(contents,/);
    expect(find('denyAllPermissions', 'session.defaultSession')).toHaveLength(1);
  });

  it('routes deep links, locks on OS lock or suspend, and starts the updater', () => {
    expect(find('app.on', "'second-instance'")[0]?.text).toMatch(/deepLinkFromArgv\(argv\)/);
    expect(find('app.on', "'open-url'")[0]?.text).toMatch(/parseDeepLink\(url\)/);
    expect(find('lockOnSystemLock', 'powerMonitor')).toHaveLength(1);
    expect(find('startAutoUpdates')).toHaveLength(1);
  });

  it('loads only the app:// entry, never a file:// page', () => {
    expect(find('window.loadURL', 'APP_ENTRY_URL')).toHaveLength(1);
    expect(entry.filter((c) => /\.loadURL$|\.loadFile$/.test(c.callee))).toHaveLength(1);
  });

  it('builds windows only through the factory, and opens external URLs only behind the allowlist', () => {
    const shipped = shippedSources();
    const windows = shipped.flatMap((file) =>
      calls(file)
        .filter((c) =>
          /^new (BrowserWindow|BaseWindow|WebContentsView|BrowserView)$/.test(c.callee),
        )
        .map(() => file),
    );
    expect(windows).toEqual(['src-main/app/windowFactory.ts']);

    const openers = shipped.flatMap((file) =>
      calls(file)
        .filter((c) => /\.openExternal$/.test(c.callee))
        .map((c) => `${file}: ${c.callee}`),
    );
    // The one call to Electron's shell sits in the callback hardenWebContents invokes only
    // for allowed URLs (hardening.ts calls that callback after allowedExternalUrl).
    expect(openers).toEqual(['src-main/index.ts: shell.openExternal']);
  });
});
