import { BrowserWindow, dialog } from 'electron';

const DIALOGS: Record<'import' | 'receipt', Electron.OpenDialogOptions> = {
  import: {
    title: 'Import a bank statement',
    properties: ['openFile'],
    filters: [
      { name: 'Bank statements', extensions: ['csv', 'txt', 'ofx', 'qfx', 'qif', 'xml'] },
      { name: 'All files', extensions: ['*'] },
    ],
  },
  // The filter only helps the user; the core checks every receipt by its content.
  receipt: {
    title: 'Attach a receipt',
    properties: ['openFile'],
    filters: [
      { name: 'Receipts', extensions: ['jpg', 'jpeg', 'png', 'heic', 'heif', 'pdf'] },
      { name: 'All files', extensions: ['*'] },
    ],
  },
};

/**
 * The OS open dialog for imports and receipts. The renderer never names paths: it asks
 * the main process, which shows this dialog and hands back an opaque token for the file.
 */
export async function pickImportFile(
  purpose: 'import' | 'receipt' = 'import',
): Promise<string | null> {
  const options = DIALOGS[purpose];
  const parent = BrowserWindow.getFocusedWindow();
  const result = parent
    ? await dialog.showOpenDialog(parent, options)
    : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/**
 * The OS save dialog for exports. The dialog itself asks before replacing a file, so
 * the export may replace what the user confirmed. Only a token for the path reaches the UI.
 */
export async function pickSaveFile(suggestedName: string): Promise<string | null> {
  const options: Electron.SaveDialogOptions = {
    title: 'Save export',
    defaultPath: suggestedName.replace(/[\\/]/g, '_'),
    filters: [
      { name: 'PDF documents', extensions: ['pdf'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const parent = BrowserWindow.getFocusedWindow();
  const result = parent
    ? await dialog.showSaveDialog(parent, options)
    : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}
