import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { call, type CallInput, type CallOutput, type KnownChannel } from './client';
import { humanMessage } from './errors';
import { queryStore, type QueryState } from './queryStore';

/**
 * Reads one contract call through the shared cache. The key is the channel plus its input,
 * so two screens asking the same question share one answer, and `invalidate('accounts.')`
 * refreshes every accounts query.
 */
export function useCall<C extends KnownChannel>(
  channel: C,
  input: CallInput<C>,
  options: { enabled?: boolean } = {},
): QueryState<CallOutput<C>> & { reload: () => void } {
  const enabled = options.enabled ?? true;
  const key = `${channel}:${JSON.stringify(input)}`;
  const inputRef = useRef(input);
  inputRef.current = input;

  const subscribe = useCallback(
    (listener: () => void) => queryStore.subscribe(key, listener),
    [key],
  );
  const getSnapshot = useCallback(() => queryStore.snapshot(key), [key]);
  const state = useSyncExternalStore(subscribe, getSnapshot) as QueryState<CallOutput<C>>;

  useEffect(() => {
    if (enabled) queryStore.ensure(key, () => call(channel, inputRef.current));
  }, [channel, key, enabled, state]);

  const reload = useCallback(() => queryStore.invalidate(key), [key]);
  return { ...state, reload };
}

export interface Action<A extends unknown[], R> {
  run: (...args: A) => Promise<R | undefined>;
  pending: boolean;
  /** A human sentence, or null. */
  error: string | null;
  clearError: () => void;
}

/**
 * Wraps a write: tracks pending state and turns a failure into a human sentence. `run`
 * resolves with the result, or undefined when it failed (the error is in `error`), so
 * wrapped functions return a value (the saved row, or `true`) to signal success.
 */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>): Action<A, R> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async (...args: A): Promise<R | undefined> => {
    setPending(true);
    setError(null);
    try {
      return await fnRef.current(...args);
    } catch (caught) {
      if (mounted.current) setError(humanMessage(caught));
      return undefined;
    } finally {
      if (mounted.current) setPending(false);
    }
  }, []);
  const clearError = useCallback(() => setError(null), []);
  return { run, pending, error, clearError };
}

/** A value that follows `value` after it has stopped changing for `delayMs`. */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), delayMs);
    return () => window.clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}
