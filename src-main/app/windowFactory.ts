import { BrowserWindow } from 'electron';

// One place that decides how an app window is built, so its security settings cannot
// drift between call sites. Every option below is the safe value, spelled out even
// where it is Electron's default, so a reader (and a future test) can see it.

export interface MainWindowOptions {
  /** Absolute path of the built preload (out/preload/index.cjs). */
  preloadPath: string;
}

export function createMainWindow({ preloadPath }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    title: 'Casike',
    show: false, // shown on 'ready-to-show', so the user never sees a blank frame
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Off: on Windows and Linux it downloads dictionaries from a Chromium CDN, a network
      // call the user never asked for in a local-first app.
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  return window;
}
