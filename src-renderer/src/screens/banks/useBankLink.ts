import { useEffect, useState } from 'react';
import { call } from '../../api/client';
import { useAction } from '../../api/hooks';
import { cloudCall, cloudErrorText } from './cloudText';

/** How often to ask whether the user finished in the browser. */
const POLL_MS = 2000;

export type LinkState =
  | { kind: 'idle' }
  | { kind: 'waiting'; linkId: string; reconnect: boolean }
  | { kind: 'done'; text: string }
  | { kind: 'failed'; text: string };

/**
 * Linking a bank: `banks.link` opens Plaid Hosted Link in the system browser, then this
 * polls `banks.linkStatus` until the user finishes (or leaves) there. Each poll is a short
 * call, so the rest of the app stays responsive while the browser is open.
 */
export function useBankLink(onLinked: () => void) {
  const [state, setState] = useState<LinkState>({ kind: 'idle' });
  const start = useAction(async (itemId?: string) => {
    const started = await cloudCall(call('banks.link', itemId === undefined ? {} : { itemId }));
    setState({ kind: 'waiting', linkId: started.linkId, reconnect: itemId !== undefined });
    return started;
  });

  useEffect(() => {
    if (state.kind !== 'waiting') return;
    let stopped = false;
    let timer: number | undefined;
    const check = async () => {
      try {
        const result = await call('banks.linkStatus', { linkId: state.linkId });
        if (stopped) return;
        switch (result.status) {
          case 'pending':
            timer = window.setTimeout(() => void check(), POLL_MS);
            return;
          case 'exited':
            setState({
              kind: 'done',
              text: 'Linking was cancelled in the browser; nothing changed.',
            });
            return;
          case 'expired':
            setState({
              kind: 'failed',
              text: 'The bank link expired. Start again with Link a bank.',
            });
            return;
          case 'linked':
          case 'reconnected': {
            const names = result.institutions.join(', ');
            setState({
              kind: 'done',
              text:
                result.status === 'linked'
                  ? `Linked ${names}.`
                  : `Reconnected ${names}. It syncs again.`,
            });
            onLinked();
            return;
          }
        }
      } catch (error) {
        if (!stopped) setState({ kind: 'failed', text: cloudErrorText(error) });
      }
    };
    timer = window.setTimeout(() => void check(), POLL_MS);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [state, onLinked]);

  return {
    state,
    start,
    /** Stops waiting here (the browser page may still be open; nothing is linked from it). */
    cancel: () => setState({ kind: 'idle' }),
    dismiss: () => setState({ kind: 'idle' }),
  };
}
