/**
 * A tiny query cache: results keyed by a string, shared by every component that asks for
 * the same key, refetched when invalidated after a write. No external library (the
 * renderer's allow-list is react, react-dom and zod).
 */
export type QueryState<T> =
  | { status: 'loading'; data: T | undefined; error: undefined }
  | { status: 'success'; data: T; error: undefined }
  | { status: 'error'; data: T | undefined; error: unknown };

interface Entry {
  state: QueryState<unknown>;
  stale: boolean;
  /** Bumped per fetch, so a slow earlier answer never overwrites a newer one. */
  generation: number;
  fetcher: (() => Promise<unknown>) | undefined;
}

const LOADING: QueryState<unknown> = { status: 'loading', data: undefined, error: undefined };

class QueryStore {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Map<string, Set<() => void>>();

  snapshot(key: string): QueryState<unknown> {
    return this.entries.get(key)?.state ?? LOADING;
  }

  subscribe(key: string, listener: () => void): () => void {
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }

  /** Fetches when nothing is cached for the key or the cache is stale. */
  ensure(key: string, fetcher: () => Promise<unknown>): void {
    const entry = this.entries.get(key);
    if (entry) entry.fetcher = fetcher;
    if (entry && !entry.stale) return;
    this.fetch(key, fetcher);
  }

  private fetch(key: string, fetcher: () => Promise<unknown>): void {
    const previous = this.entries.get(key);
    const entry: Entry = {
      state: { status: 'loading', data: previous?.state.data, error: undefined },
      stale: false,
      generation: (previous?.generation ?? 0) + 1,
      fetcher,
    };
    this.entries.set(key, entry);
    // A refetch keeps showing the old data (no flash of a spinner); only a first load shows
    // the loading state.
    if (previous?.state.data === undefined) this.emit(key);
    const generation = entry.generation;
    fetcher().then(
      (data) => this.settle(key, generation, { status: 'success', data, error: undefined }),
      (error: unknown) =>
        this.settle(key, generation, { status: 'error', data: entry.state.data, error }),
    );
  }

  private settle(key: string, generation: number, state: QueryState<unknown>): void {
    const entry = this.entries.get(key);
    if (!entry || entry.generation !== generation) return;
    entry.state = state;
    this.emit(key);
  }

  /** Marks every key starting with one of `prefixes` stale; watched ones refetch now. */
  invalidate(...prefixes: string[]): void {
    for (const [key, entry] of this.entries) {
      if (!prefixes.some((prefix) => key.startsWith(prefix))) continue;
      if (this.listeners.has(key) && entry.fetcher) this.fetch(key, entry.fetcher);
      else this.entries.delete(key);
    }
  }

  /** Forgets everything (on lock: no decrypted data stays in memory). */
  clear(): void {
    this.entries.clear();
    for (const key of [...this.listeners.keys()]) this.emit(key);
  }

  private emit(key: string): void {
    for (const listener of this.listeners.get(key) ?? []) listener();
  }
}

export const queryStore = new QueryStore();

/** Invalidate queries after a write: `invalidate('accounts.', 'transactions.')`. */
export function invalidate(...prefixes: string[]): void {
  queryStore.invalidate(...prefixes);
}
