import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import type { CategoryGroup, Transaction } from '../../../../src-shared/contract';
import type { PagedRows } from './pagedRows';
import { TransactionEditRow, type RowEdit } from './TransactionEditRow';
import { rowId, TransactionRow, type RowLookups } from './TransactionRow';
import { scrollTopToReveal, windowGeometry } from './windowing';

export const ROW_HEIGHT = 40;
const HEADER_HEIGHT = 36;
const OVERSCAN = 8;

interface Props {
  rows: PagedRows;
  /** Bumped by the owner whenever rows arrive or change, to re-render. */
  version: number;
  lookups: RowLookups;
  groups: readonly CategoryGroup[];
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onSelectAllLoaded: () => void;
  onClearSelection: () => void;
  editingId: string | null;
  onEdit: (tx: Transaction | null) => void;
  savingEdit: boolean;
  onSaveEdit: (tx: Transaction, edit: RowEdit) => void;
  onSplit: (tx: Transaction) => void;
  onDelete: (tx: Transaction) => void;
}

/**
 * The transaction list as an ARIA grid with hand-written windowing: fixed row height, only
 * the visible rows plus a small overscan are in the DOM, rows are placed absolutely inside
 * a spacer. The grid itself holds focus and points at the active row with
 * aria-activedescendant; ↑/↓/PageUp/PageDown/Home/End move, Space selects, Enter edits.
 */
export function TransactionGrid({
  rows,
  version,
  lookups,
  groups,
  selected,
  onToggle,
  onSelectAllLoaded,
  onClearSelection,
  editingId,
  onEdit,
  savingEdit,
  onSaveEdit,
  onSplit,
  onDelete,
}: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const [active, setActive] = useState(0);
  const frame = useRef(0);
  const rowCount = rows.rowCount;
  const bodyViewport = Math.max(ROW_HEIGHT, viewport - HEADER_HEIGHT);
  const geometry = windowGeometry(rowCount, ROW_HEIGHT, scrollTop, bodyViewport, OVERSCAN);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    setViewport(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    rows.ensure(geometry.first, geometry.last);
  }, [rows, version, geometry.first, geometry.last]);

  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const onScroll = () => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      if (scrollRef.current) setScrollTop(scrollRef.current.scrollTop);
    });
  };

  const moveTo = useCallback(
    (index: number) => {
      if (rowCount === 0) return;
      const next = Math.max(0, Math.min(rowCount - 1, index));
      setActive(next);
      const element = scrollRef.current;
      if (element) {
        const top = scrollTopToReveal(next, rowCount, ROW_HEIGHT, element.scrollTop, bodyViewport);
        if (Math.abs(top - element.scrollTop) > 0.5) {
          element.scrollTop = top;
          setScrollTop(element.scrollTop);
        }
      }
    },
    [rowCount, bodyViewport],
  );

  const toggleAt = useCallback(
    (index: number) => {
      const tx = rows.row(index);
      if (tx) onToggle(tx.id);
    },
    [rows, onToggle],
  );
  const activate = useCallback((index: number) => {
    setActive(index);
    scrollRef.current?.focus({ preventScroll: true });
  }, []);
  const editAt = useCallback(
    (index: number) => {
      setActive(index);
      const tx = rows.row(index);
      if (tx) onEdit(tx);
    },
    [rows, onEdit],
  );

  const pageRows = Math.max(1, Math.floor(bodyViewport / ROW_HEIGHT) - 1);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const extend = event.shiftKey;
    const go = (index: number) => {
      event.preventDefault();
      moveTo(index);
      if (extend) {
        const tx = rows.row(Math.max(0, Math.min(rowCount - 1, index)));
        if (tx && !selected.has(tx.id)) onToggle(tx.id);
      }
    };
    switch (event.key) {
      case 'ArrowDown':
        return go(active + 1);
      case 'ArrowUp':
        return go(active - 1);
      case 'PageDown':
        return go(active + pageRows);
      case 'PageUp':
        return go(active - pageRows);
      case 'Home':
        return go(0);
      case 'End':
        return go(rowCount - 1);
      case ' ':
        event.preventDefault();
        toggleAt(active);
        return;
      case 'Enter':
        event.preventDefault();
        editAt(active);
        return;
      case 'Escape':
        if (selected.size > 0) {
          event.preventDefault();
          onClearSelection();
        }
        return;
      case 'a':
        if (event.ctrlKey || event.metaKey) {
          event.preventDefault();
          onSelectAllLoaded();
        }
        return;
      default:
        return;
    }
  };

  const stopEditing = () => {
    onEdit(null);
    scrollRef.current?.focus({ preventScroll: true });
  };

  const activeTx = rows.row(active);
  const rendered = [];
  for (let index = geometry.first; index <= geometry.last; index += 1) {
    const tx = rows.row(index);
    const top = geometry.topOf(index);
    if (tx && tx.id === editingId) {
      rendered.push(
        <TransactionEditRow
          key={`edit-${tx.id}`}
          tx={tx}
          index={index}
          top={top}
          lookups={lookups}
          groups={groups}
          saving={savingEdit}
          onSave={(edit) => onSaveEdit(tx, edit)}
          onCancel={stopEditing}
          onSplit={() => onSplit(tx)}
          onDelete={() => onDelete(tx)}
        />,
      );
    } else {
      rendered.push(
        <TransactionRow
          key={index}
          tx={tx}
          index={index}
          top={top}
          active={index === active}
          selected={tx !== undefined && selected.has(tx.id)}
          lookups={lookups}
          onActivate={activate}
          onToggle={toggleAt}
          onEdit={editAt}
        />,
      );
    }
  }

  const allLoadedSelected = selected.size > 0 && selected.size >= Math.min(rowCount, 10_000);
  return (
    <div
      ref={scrollRef}
      className="tx-grid"
      role="grid"
      aria-label="Transactions"
      aria-rowcount={rows.done ? rowCount + 1 : -1}
      aria-multiselectable="true"
      aria-activedescendant={editingId === null && activeTx ? rowId(active) : undefined}
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
    >
      <div role="row" aria-rowindex={1} className="tx-row tx-header">
        <div role="columnheader" className="tx-cell tx-check">
          <input
            type="checkbox"
            tabIndex={-1}
            aria-label="Select all loaded transactions"
            checked={allLoadedSelected}
            onChange={() => (allLoadedSelected ? onClearSelection() : onSelectAllLoaded())}
          />
        </div>
        <div role="columnheader" className="tx-cell tx-date">
          Date
        </div>
        <div role="columnheader" className="tx-cell tx-account">
          Account
        </div>
        <div role="columnheader" className="tx-cell tx-payee">
          Payee
        </div>
        <div role="columnheader" className="tx-cell tx-category">
          Category
        </div>
        <div role="columnheader" className="tx-cell tx-memo">
          Memo
        </div>
        <div role="columnheader" className="tx-cell tx-amount">
          Amount
        </div>
        <div role="columnheader" className="tx-cell tx-actions">
          <span className="visually-hidden">Actions</span>
        </div>
      </div>
      <div role="rowgroup" className="tx-body" style={{ height: geometry.spacerPx }}>
        {rendered}
      </div>
    </div>
  );
}
