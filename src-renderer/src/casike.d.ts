import type { CasikeApi } from '../../src-shared/contract';

// `window.casike` is installed by the preload (desktop) or the web harness client. It is
// the renderer's only door to data; its type is derived from the contract, never rewritten.
declare global {
  interface Window {
    readonly casike: CasikeApi;
  }
}

export {};
