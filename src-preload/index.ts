import { contextBridge } from 'electron';

// The only door between the untrusted renderer and the main process. This runs
// sandboxed: besides `electron` it may import only `src-shared/contract` (bundled in),
// and it exposes plain frozen data and functions, never `ipcRenderer` or an IPC event.
//
// The contract-generated API (one frozen function per contract call, plus `subscribe`
// for the contract's events) is added to this object when the typed IPC contract lands.
const casike = Object.freeze({
  /** Version of the bridge's shape, so the renderer can refuse a mismatched preload. */
  version: 1,
});

contextBridge.exposeInMainWorld('casike', casike);
