import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

// How every app window is built, as plain data: the factory (windowFactory.ts) passes
// this to `new BrowserWindow`, and windowOptions.test.ts checks it without Electron.
// Every security option is spelled out even where it is Electron's default, so a change
// of default in a future Electron cannot quietly weaken a window.

/**
 * The renderer is untrusted (DESIGN.md, principle 3): sandboxed, isolated from the
 * preload's world, without Node, with the same-origin policy on, and unable to embed a
 * `<webview>` (whose own webPreferences could be weaker).
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    webviewTag: false,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false, // a dropped file must never replace the app page
    safeDialogs: true,
    // Off: on Windows and Linux it downloads dictionaries from a Chromium CDN, a network
    // call the user never asked for in a local-first app.
    spellcheck: false,
  };
}

/** The main window: layout plus `secureWebPreferences`. */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    title: 'Casike',
    show: false, // shown on 'ready-to-show', so the user never sees a blank frame
    webPreferences: secureWebPreferences(preloadPath),
  };
}
