import { contextBridge, ipcRenderer } from 'electron';
import { buildCasikeApi } from './buildApi';

// The only door between the untrusted renderer and the main process. This runs
// sandboxed: besides `electron` it imports only the contract's channel names (bundled
// in, no zod), and exposes frozen functions built from them, never `ipcRenderer` itself
// or an IPC event. The main side (src-main/ipc) checks the sender and validates input.
contextBridge.exposeInMainWorld(
  'casike',
  buildCasikeApi({
    invoke: (channel, input) => ipcRenderer.invoke(channel, input) as Promise<unknown>,
    on: (event, listener) => {
      ipcRenderer.on(event, listener);
    },
    off: (event, listener) => {
      ipcRenderer.removeListener(event, listener);
    },
  }),
);
