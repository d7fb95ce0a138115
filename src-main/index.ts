import path from 'node:path';
import { app, dialog, protocol, session, type BrowserWindow } from 'electron';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
} from './app/appProtocol';
import { denyAllPermissions, hardenWebContents } from './app/hardening';
import { createMainWindow } from './app/windowFactory';

// Electron entry. It only wires things together: each piece lives in app/ (and, as they
// arrive, ipc/ and core/), where it can be read and tested on its own.

// Built layout (electron.vite.config.ts): out/main/index.js, out/preload/index.cjs,
// out/renderer/. In a package these sit inside app.asar; Electron's fs reads from it.
const outDir = path.resolve(import.meta.dirname, '..');
const preloadPath = path.join(outDir, 'preload', 'index.cjs');
const rendererDir = path.join(outDir, 'renderer');

// Both must happen before 'ready'.
app.enableSandbox(); // every renderer sandboxed, whatever a window's options say
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

let mainWindow: BrowserWindow | undefined;

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

  app
    .whenReady()
    .then(() => {
      denyAllPermissions(session.defaultSession);
      protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
      openMainWindow();
    })
    .catch(failStartup);
}
