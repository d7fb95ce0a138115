import { CHANNELS, type CallResult } from '../../src-shared/contract';
import type { Dispatch } from '../core/api';

/**
 * The one method of Electron's `ipcMain` this module uses. Generic over the event type
 * so a test can pass a small fake; `ipcMain` itself fits with `IpcMainInvokeEvent`.
 */
export interface InvokeHandlerRegistry<Event> {
  handle(
    channel: string,
    listener: (event: Event, ...args: unknown[]) => Promise<CallResult<unknown>>,
  ): void;
}

export interface ContractHandlers {
  /**
   * From now on every call is answered BUSY without reaching the core. Called when the
   * app starts quitting, so no late call can reopen the vault it has just locked.
   */
  refuseCalls(): void;
}

function refusal(code: 'FORBIDDEN' | 'BUSY' | 'VALIDATION' | 'INTERNAL', message: string) {
  return { ok: false, error: { code, message } } as const;
}

/** A sender check that throws (say, on a disposed frame) counts as a refusal. */
function checkSender<Event>(isTrustedSender: (event: Event) => boolean, event: Event): boolean {
  try {
    return isTrustedSender(event) === true;
  } catch {
    return false;
  }
}

/**
 * The only place the app registers IPC handlers: one `handle` per contract channel
 * (from CHANNELS, never a hand-written list) and nothing else. Each call is checked in
 * this order before the core sees it: the app is not quitting, the sender is trusted
 * (our window, its main frame, our `app://` origin), exactly one argument was sent.
 * `dispatch` then validates the input with the contract's schema. Every reply is a
 * `CallResult`; nothing is thrown across the bridge, so no stack or path can leak.
 */
export function registerContractHandlers<Event>(
  ipcMain: InvokeHandlerRegistry<Event>,
  dispatch: Dispatch,
  isTrustedSender: (event: Event) => boolean,
): ContractHandlers {
  let refusing = false;
  const registered = new Set<string>();

  for (const channel of CHANNELS) {
    // CHANNELS is checked against CONTRACT by a test; a duplicate here would be a bug.
    if (registered.has(channel)) throw new Error(`channel ${channel} listed twice`);
    registered.add(channel);

    ipcMain.handle(channel, async (event, ...args) => {
      if (refusing) return refusal('BUSY', 'the app is closing');
      if (!checkSender(isTrustedSender, event)) {
        return refusal('FORBIDDEN', 'call refused: not from the app window');
      }
      // The preload always sends exactly one argument; more means it was not our preload.
      if (args.length > 1) return refusal('VALIDATION', 'a call takes one argument');
      try {
        return await dispatch(channel, args[0]);
      } catch {
        // dispatch never rejects by contract; this keeps a broken promise from reaching
        // the renderer as an Error whose message could carry internals.
        return refusal('INTERNAL', 'internal error');
      }
    });
  }

  return {
    refuseCalls: () => {
      refusing = true;
    },
  };
}
