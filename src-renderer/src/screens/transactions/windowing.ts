/**
 * Fixed-row-height windowing with a scaled scrollbar. Browsers cap an element's height
 * (about 33.5M px in Chromium), so a million 36 px rows cannot have a 1:1 spacer; past
 * MAX_SPACER_PX the scrollbar maps proportionally onto the virtual height instead.
 */
export const MAX_SPACER_PX = 30_000_000;

export interface WindowGeometry {
  /** Height of the spacer element that gives the scrollbar its range. */
  spacerPx: number;
  /** First and last row indexes to render (overscan included), last inclusive. */
  first: number;
  last: number;
  /** Where row `index` goes, in px from the top of the spacer. */
  topOf: (index: number) => number;
}

export function scrollRatio(totalPx: number, spacerPx: number, viewportPx: number): number {
  const virtualRange = totalPx - viewportPx;
  const scrollRange = spacerPx - viewportPx;
  return virtualRange > 0 && scrollRange > 0 ? virtualRange / scrollRange : 1;
}

export function windowGeometry(
  rowCount: number,
  rowHeight: number,
  scrollTop: number,
  viewportPx: number,
  overscan: number,
): WindowGeometry {
  const totalPx = rowCount * rowHeight;
  const spacerPx = Math.min(totalPx, MAX_SPACER_PX);
  const ratio = scrollRatio(totalPx, spacerPx, viewportPx);
  const virtualTop = scrollTop * ratio;
  const firstVisible = Math.floor(virtualTop / rowHeight);
  const visibleCount = Math.ceil(viewportPx / rowHeight) + 1;
  const first = Math.max(0, firstVisible - overscan);
  const last = Math.min(rowCount - 1, firstVisible + visibleCount + overscan);
  return {
    spacerPx,
    first,
    last,
    topOf: (index) => scrollTop + (index * rowHeight - virtualTop),
  };
}

/** The scrollTop that shows row `index` fully, moving as little as possible. */
export function scrollTopToReveal(
  index: number,
  rowCount: number,
  rowHeight: number,
  scrollTop: number,
  viewportPx: number,
): number {
  const totalPx = rowCount * rowHeight;
  const spacerPx = Math.min(totalPx, MAX_SPACER_PX);
  const ratio = scrollRatio(totalPx, spacerPx, viewportPx);
  const virtualTop = scrollTop * ratio;
  const rowTop = index * rowHeight;
  let nextVirtualTop = virtualTop;
  if (rowTop < virtualTop) nextVirtualTop = rowTop;
  else if (rowTop + rowHeight > virtualTop + viewportPx)
    nextVirtualTop = rowTop + rowHeight - viewportPx;
  return nextVirtualTop / ratio;
}
