import { useEffect, useMemo, useReducer } from 'react';
import { PagedRows, type Filters } from './pagedRows';

/**
 * One PagedRows per distinct filter set (and per `generation`, bumped after writes that can
 * change which rows match); `version` changes whenever rows arrive so the grid re-renders.
 */
export function usePagedRows(filters: Filters, generation: number) {
  const [version, bump] = useReducer((n: number) => n + 1, 0);
  const key = JSON.stringify(filters);
  const rows = useMemo(
    () => new PagedRows(JSON.parse(key) as Filters, bump),
    // `generation` is a deliberate dependency: a new value means "start over".
    [key, generation],
  );
  // The first page is asked for here, not by the grid: the grid only mounts once there is
  // something to show. No cleanup: a replaced PagedRows is simply dropped (an answer that
  // arrives for it later only re-renders), which also keeps StrictMode's double effects safe.
  useEffect(() => rows.ensure(0, 0), [rows]);
  return { rows, version };
}
