import { BrowserWindow, dialog } from 'electron';

/**
 * The OS open dialog for imports. The renderer never names paths: it asks the main
 * process, which shows this dialog and hands back an opaque token for the chosen file.
 */
export async function pickImportFile(): Promise<string | null> {
  const options: Electron.OpenDialogOptions = {
    title: 'Import a bank statement',
    properties: ['openFile'],
    filters: [
      { name: 'Bank statements', extensions: ['csv', 'txt', 'ofx', 'qfx', 'qif', 'xml'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const parent = BrowserWindow.getFocusedWindow();
  const result = parent
    ? await dialog.showOpenDialog(parent, options)
    : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}
