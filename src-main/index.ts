import path from 'node:path';
import {
  app,
  dialog,
  ipcMain,
  powerMonitor,
  protocol,
  session,
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
import { denyAllPermissions, hardenWebContents } from './app/hardening';
import { createMainWindow } from './app/windowFactory';
import { pickImportFile, pickSaveFile } from './app/filePicker';
import { createCoreApi } from './core/api';
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

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Before any window exists, so no WebContents escapes the hardening.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

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
    })
    .catch(failStartup);
}
