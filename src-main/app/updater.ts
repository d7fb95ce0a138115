import { BrowserWindow, dialog } from 'electron';
import electronUpdater from 'electron-updater';
import { displayVersion, startUpdateFlow, type UpdateFlow } from './updatePolicy';

// Electron side of the update flow (the logic and its tests are in updatePolicy.ts).
// electron-updater is CommonJS whose `autoUpdater` is a getter Node's ESM loader cannot
// see as a named export, hence the default import.

async function askToRestart(version: string): Promise<boolean> {
  const options: Electron.MessageBoxOptions = {
    type: 'question',
    title: 'Update ready',
    message: `Casike ${displayVersion(version)} is ready to install.`,
    detail:
      'Restarting locks your vault, installs the update and opens Casike again. ' +
      'Nothing is installed until you choose to restart.',
    buttons: ['Restart and update', 'Later'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
  const parent = BrowserWindow.getFocusedWindow();
  const { response } = parent
    ? await dialog.showMessageBox(parent, options)
    : await dialog.showMessageBox(options);
  return response === 0;
}

/**
 * Starts checking for updates (on start and every 6 hours). Only packaged builds update:
 * a development build has no signed feed to compare itself with.
 */
export function startAutoUpdates(options: {
  isPackaged: boolean;
  beforeInstall: () => void;
  log: (message: string) => void;
}): UpdateFlow | null {
  if (!options.isPackaged) return null;
  const updater = electronUpdater.autoUpdater;
  updater.logger = null; // our own one-line messages only (updatePolicy.ts)
  return startUpdateFlow({
    updater,
    timers: { setInterval, clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout) },
    askToRestart,
    beforeInstall: options.beforeInstall,
    log: options.log,
  });
}
