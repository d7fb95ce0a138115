import path from 'node:path';
import {
  app,
  dialog,
  ipcMain,
  powerMonitor,
  protocol,
  session,
  shell,
  type BrowserWindow,
  type WebContents,
} from 'electron';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
} from './app/appProtocol';
import { lockOnSystemLock } from './app/autoLock';
import {
  DEEP_LINK_SCHEME,
  DeepLinkInbox,
  deepLinkFromArgv,
  parseDeepLink,
  type DeepLink,
} from './app/deepLinks';
import { allowedServiceUrl } from './app/externalLinks';
import { denyAllPermissions, hardenWebContents } from './app/hardening';
import { startAutoUpdates } from './app/updater';
import { createMainWindow } from './app/windowFactory';
import { pickImportFile, pickSaveFile } from './app/filePicker';
import { createCoreApi } from './core/api';
import { CoreError } from './core/coreError';
import { OsKeychain } from './core/vault';
import { createEventForwarder, createTrustedSenderCheck, registerContractHandlers } from './ipc';

// Electron entry. It only wires things together: each piece lives in app/, ipc/ and
// core/, where it can be read and tested on its own.

// Built layout (electron.vite.config.ts): out/main/index.js, out/preload/index.cjs,
// out/renderer/. In a package these sit inside app.asar; Electron's fs reads from it.
const outDir = path.resolve(import.meta.dirname, '..');
const preloadPath = path.join(outDir, 'preload', 'index.cjs');
const rendererDir = path.join(outDir, 'renderer');

// Both must happen before 'ready'.
app.enableSandbox(); // every renderer sandboxed, whatever a window's options say
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

let mainWindow: BrowserWindow | undefined;

function mainWebContents(): WebContents | undefined {
  return mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : undefined;
}

// Start-up failures mean a broken install (e.g. missing bundles). Tell the user and stop;
// the message names no path and shows no stack. Electron's error `code` (such as
// ERR_FILE_NOT_FOUND) is enough to diagnose it.
function failStartup(error: unknown): void {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  dialog.showErrorBox(
    'Casike could not start',
    `Please reinstall Casike.${code ? ` (${code})` : ''}`,
  );
  app.exit(1);
}

// Only the channel and the error's class: messages may carry user data, and logs must not.
function logInternalError(channel: string, error: unknown): void {
  const kind = error instanceof Error ? error.name : typeof error;
  process.stderr.write(`casike: internal error in ${channel} (${kind})\n`);
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

// Only links our own code issued get past deepLinks.ts; the rest are dropped without
// echoing them (a link may carry a token). The code that consumes a kind of link (the
// cloud sign-in flow, billing) registers with `deepLinks.onLink(kind, handler)`.
const deepLinks = new DeepLinkInbox();
function routeDeepLink(link: DeepLink | null): void {
  if (link === null) {
    process.stderr.write('casike: ignored a casike:// link that is not one of ours\n');
    return;
  }
  focusMainWindow();
  deepLinks.deliver(link);
}

// The only call to Electron's shell. Every caller hands it a URL an allowlist accepted
// (externalLinks.ts): links clicked in the app, and the cloud's Plaid and Stripe links.
function openInSystemBrowser(url: string): Promise<void> {
  return shell.openExternal(url);
}

/** Plaid Hosted Link and Stripe pages for the bank and billing calls (core/bank). */
async function openServiceLink(url: string): Promise<void> {
  const allowed = allowedServiceUrl(url);
  if (allowed === null)
    throw new CoreError('FORBIDDEN', 'refusing to open a link that is not Plaid or Stripe');
  await openInSystemBrowser(allowed);
}

function openMainWindow(): void {
  const window = createMainWindow({ preloadPath });
  mainWindow = window;
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
  });
  window.loadURL(APP_ENTRY_URL).catch(failStartup);
}

// Two instances would open the same vault twice; the second one hands over and exits.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // userData is the folder core/vault/dataDir.ts computes for the CLI, so both share a vault.
  const core = createCoreApi(
    {
      dataDir: app.getPath('userData'),
      keychain: new OsKeychain(),
      emit: createEventForwarder(mainWebContents),
      pickFile: pickImportFile,
      pickSaveFile,
      openUrl: openServiceLink,
    },
    logInternalError,
  );

  // The only ipcMain registration in the app: every contract channel, behind the check
  // that the caller is our window's main frame on our app:// origin.
  const contractHandlers = registerContractHandlers(
    ipcMain,
    core.dispatch,
    createTrustedSenderCheck({
      appOrigin: APP_ORIGIN,
      isOurContents: (contents) => contents === mainWebContents(),
    }),
  );

  // A second launch (Windows, Linux) hands its command line over, deep link included.
  app.on('second-instance', (_event, argv) => {
    focusMainWindow();
    if (argv.some((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`))) {
      routeDeepLink(deepLinkFromArgv(argv));
    }
  });
  // macOS delivers links as an event, possibly before 'ready' when a link starts the app.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    routeDeepLink(parseDeepLink(url));
  });
  // Windows and Linux: the first instance may itself have been started by a link.
  if (process.argv.some((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`))) {
    routeDeepLink(deepLinkFromArgv(process.argv));
  }
  // Packaged builds also declare the scheme (electron-builder.config.ts `protocols`);
  // a development build must not take it over from an installed Casike.
  if (app.isPackaged) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);

  // Before any window exists, so no WebContents escapes the hardening. Allowed links
  // (externalLinks.ts) open in the system browser, never in the app.
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, (url) => {
      openInSystemBrowser(url).catch(() => undefined);
    }),
  );

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (app.isReady() && !mainWindow) openMainWindow();
  });

  // Refuse further calls first, so nothing can reopen the vault while the app quits.
  app.on('before-quit', () => {
    contractHandlers.refuseCalls();
    core.session.lock('exit');
  });

  app
    .whenReady()
    .then(() => {
      denyAllPermissions(session.defaultSession);
      protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
      lockOnSystemLock(powerMonitor, () => core.session.lock('system'));
      openMainWindow();
      startAutoUpdates({
        isPackaged: app.isPackaged,
        beforeInstall: () => {
          contractHandlers.refuseCalls();
          core.session.lock('exit');
        },
        log: (message) => process.stderr.write(`${message}\n`),
      });
    })
    .catch(failStartup);
}
