import { BrowserWindow } from 'electron';
import { mainWindowOptions } from './windowOptions';

// One place that builds app windows, so their security settings cannot drift between
// call sites. The options themselves are plain data in windowOptions.ts.

export interface MainWindowOptions {
  /** Absolute path of the built preload (out/preload/index.cjs). */
  preloadPath: string;
}

export function createMainWindow({ preloadPath }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(preloadPath));
  window.once('ready-to-show', () => window.show());
  return window;
}
