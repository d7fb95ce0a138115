import type { Transaction, TransactionQuery } from '../../../../src-shared/contract';
import { call } from '../../api/client';

/** Rows per `transactions.list` call (the contract allows up to 500). */
export const PAGE_SIZE = 250;
/** Pages kept in memory at once: 48 × 250 = 12,000 rows, whatever the ledger's size. */
export const MAX_CACHED_PAGES = 48;

export type Filters = Omit<TransactionQuery, 'cursor' | 'limit'>;

/**
 * The transaction list as pages fetched by keyset cursor, for a virtualized view.
 *
 * Page p is always fetched with the cursor that page p−1 returned, so the list grows as the
 * user scrolls toward its end. Cursors are kept for every page seen (a few bytes each, so
 * even 4,000 pages for a million rows are cheap), but page contents live in a bounded LRU:
 * scrolling back re-fetches an evicted page from its stored cursor instead of holding a
 * million rows in memory. `onChange` fires when rows arrive, so the view re-renders.
 */
export class PagedRows {
  private readonly pages = new Map<number, Transaction[]>();
  /** cursors[p] fetches page p; cursors[0] is undefined (the first page). */
  private readonly cursors: (string | undefined)[] = [undefined];
  private readonly inflight = new Set<number>();
  /** Pages fetched at least once, contiguous from 0. */
  private knownPages = 0;
  private lastPageLength = 0;
  private finished = false;
  error: unknown = null;

  constructor(
    private readonly filters: Filters,
    private readonly onChange: () => void,
  ) {}

  /** Rows known so far (all of them once `done`). */
  get rowCount(): number {
    if (this.knownPages === 0) return 0;
    return this.finished
      ? (this.knownPages - 1) * PAGE_SIZE + this.lastPageLength
      : this.knownPages * PAGE_SIZE;
  }

  /** Whether the last page has been seen, so rowCount is the full count. */
  get done(): boolean {
    return this.finished;
  }

  /** True before the first page has answered. */
  get loading(): boolean {
    return this.knownPages === 0 && this.error === null;
  }

  get loadingMore(): boolean {
    return !this.finished && this.inflight.has(this.knownPages);
  }

  row(index: number): Transaction | undefined {
    const page = this.pages.get(Math.floor(index / PAGE_SIZE));
    return page?.[index % PAGE_SIZE];
  }

  /**
   * Makes sure rows first..last are loaded or loading, and fetches the next page when the
   * range comes within a page of the known end. Pages in the range are marked recently used.
   */
  ensure(first: number, last: number): void {
    const firstPage = Math.max(0, Math.floor(first / PAGE_SIZE));
    const lastPage = Math.floor(Math.max(first, last) / PAGE_SIZE);
    for (let p = firstPage; p <= lastPage && p < this.knownPages; p += 1) {
      const page = this.pages.get(p);
      if (page) {
        // Re-insert: Map order is the LRU order.
        this.pages.delete(p);
        this.pages.set(p, page);
      } else {
        this.fetch(p, firstPage, lastPage);
      }
    }
    const nearEnd = last >= this.rowCount - PAGE_SIZE;
    if (!this.finished && nearEnd && this.error === null)
      this.fetch(this.knownPages, firstPage, lastPage);
  }

  /** Replaces a row in place after an edit that cannot change its place (same date/amount). */
  patch(updated: Transaction): void {
    for (const page of this.pages.values()) {
      const index = page.findIndex((row) => row.id === updated.id);
      if (index >= 0) page[index] = updated;
    }
    this.onChange();
  }

  /** Applies a change to every loaded row whose id is in `ids` (bulk edits). */
  patchMany(ids: ReadonlySet<string>, change: (row: Transaction) => Transaction): void {
    for (const page of this.pages.values()) {
      for (let i = 0; i < page.length; i += 1) {
        const row = page[i];
        if (row && ids.has(row.id)) page[i] = change(row);
      }
    }
    this.onChange();
  }

  /** Ids of every loaded row, in order (for "select all loaded"). */
  loadedIds(limit: number): string[] {
    const ids: string[] = [];
    const pageNumbers = [...this.pages.keys()].sort((a, b) => a - b);
    for (const p of pageNumbers) {
      for (const row of this.pages.get(p) ?? []) {
        if (ids.length >= limit) return ids;
        ids.push(row.id);
      }
    }
    return ids;
  }

  /** Clears a failed fetch and asks again (the grid re-asks for its own range on render). */
  retry(): void {
    this.error = null;
    this.ensure(0, 0);
    this.onChange();
  }

  private fetch(page: number, keepFrom: number, keepTo: number): void {
    if (this.inflight.has(page) || page > this.knownPages) return;
    if (page > 0 && this.cursors[page] === undefined) return;
    this.inflight.add(page);
    const query: TransactionQuery = { ...this.filters, limit: PAGE_SIZE };
    const cursor = this.cursors[page];
    if (cursor !== undefined) query.cursor = cursor;
    call('transactions.list', query).then(
      (result) => {
        this.inflight.delete(page);
        this.pages.set(page, result.items);
        if (page === this.knownPages) {
          this.knownPages += 1;
          if (result.nextCursor === null) {
            this.finished = true;
            this.lastPageLength = result.items.length;
          } else {
            this.cursors[page + 1] = result.nextCursor;
          }
        }
        this.evict(keepFrom, keepTo);
        this.onChange();
      },
      (error: unknown) => {
        this.inflight.delete(page);
        this.error = error;
        this.onChange();
      },
    );
  }

  private evict(keepFrom: number, keepTo: number): void {
    for (const p of this.pages.keys()) {
      if (this.pages.size <= MAX_CACHED_PAGES) break;
      if (p >= keepFrom - 1 && p <= keepTo + 1) continue;
      this.pages.delete(p);
    }
  }
}
