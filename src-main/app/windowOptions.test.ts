import { describe, expect, it } from 'vitest';
import { mainWindowOptions, secureWebPreferences } from './windowOptions';

describe('window options', () => {
  const preload = '/app/out/preload/index.cjs';

  it('builds every window sandboxed, isolated, without Node, with web security and no webview', () => {
    const prefs = secureWebPreferences(preload);
    expect(prefs).toMatchObject({
      preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
    // Nothing that widens what a page may do.
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
    expect(prefs).not.toHaveProperty('partition');
  });

  it('gives the main window exactly those preferences and a size that fits 1280×800', () => {
    const options = mainWindowOptions(preload);
    expect(options.webPreferences).toEqual(secureWebPreferences(preload));
    expect(options.show).toBe(false);
    expect(options.width).toBeLessThanOrEqual(1280);
    expect(options.height).toBeLessThanOrEqual(800);
  });
});
