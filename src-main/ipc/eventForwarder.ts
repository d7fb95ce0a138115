import { EVENTS, type EventName, type EventPayload } from '../../src-shared/contract';

/** Where events go: Electron's `WebContents` fits. */
export interface EventSink {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** The core's `emit`: pushes one contract event to the UI. */
export type EmitEvent = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Why an event was not sent (for logging; nothing is reported to the renderer). */
export type DropReason = 'unknown-event' | 'invalid-payload' | 'no-window';

/**
 * Builds the core's `emit` for the desktop app: the payload is parsed with the event's
 * contract schema (so only declared fields cross, and a core bug cannot push garbage),
 * then sent to the window `getWebContents` returns, if it still exists.
 */
export function createEventForwarder(
  getWebContents: () => EventSink | null | undefined,
  onDropped: (event: string, reason: DropReason) => void = () => undefined,
): EmitEvent {
  return (event, payload) => {
    if (typeof event !== 'string' || !Object.hasOwn(EVENTS, event)) {
      onDropped(String(event), 'unknown-event');
      return;
    }
    const parsed = EVENTS[event].safeParse(payload);
    if (!parsed.success) {
      onDropped(event, 'invalid-payload');
      return;
    }
    const target = getWebContents();
    if (!target || target.isDestroyed()) {
      onDropped(event, 'no-window');
      return;
    }
    target.send(event, parsed.data);
  };
}
