import type { WebContents } from 'electron';
import { isAllowedSender } from './senderPolicy';

/**
 * The parts of a sending frame the check reads. Electron's `WebFrameMain` has all of
 * them; naming only these lets tests use small fakes. Reading a destroyed frame throws
 * in Electron, hence `isDestroyed()` first and the try/catch below.
 */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
  readonly detached: boolean;
  isDestroyed(): boolean;
}

/** The parts of an `IpcMainInvokeEvent` the check reads. */
export interface SenderEvent<Contents> {
  readonly sender: Contents;
  /** Null once the frame has navigated away or been destroyed (electron.d.ts). */
  readonly senderFrame: SenderFrame | null;
}

export interface TrustedSenderOptions<Contents> {
  /** Exactly the origin our pages are served from (`APP_ORIGIN`, `app://casike`). */
  appOrigin: string;
  /** True for the WebContents of one of our own windows. */
  isOurContents: (contents: Contents) => boolean;
}

/**
 * Builds the check `registerContractHandlers` runs before every call: the call must come
 * from one of our windows, from its main frame, showing a page of our `app://` origin.
 * Any doubt (no frame, a destroyed or detached frame, a getter that throws) is a refusal.
 */
export function createTrustedSenderCheck<Contents = WebContents>(
  options: TrustedSenderOptions<Contents>,
): (event: SenderEvent<Contents>) => boolean {
  return (event) => {
    try {
      const frame = event.senderFrame;
      if (frame === null || frame.isDestroyed() || frame.detached) return false;
      if (!options.isOurContents(event.sender)) return false;
      return isAllowedSender(
        { frameUrl: frame.url, isMainFrame: frame.parent === null },
        options.appOrigin,
      );
    } catch {
      return false;
    }
  };
}
