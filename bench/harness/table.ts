import type { ResultRow, Unit } from './types';

const HEADERS = ['scenario', 'size', 'median', 'p95', 'unit', 'baseline', 'ratio'];

/** Three significant digits for small values, whole numbers with separators for large ones. */
export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return '—';
  if (unit === 'rows/s' || Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function cells(row: ResultRow): string[] {
  // A goal is a round number: print it as one ("goal 50", not "goal 50.0").
  const reference =
    row.baseline !== null && Number.isInteger(row.baseline)
      ? row.baseline.toLocaleString('en-US')
      : formatValue(row.baseline ?? Number.NaN, row.unit);
  const baseline = row.baseline === null ? '' : `${row.baselineLabel ?? ''} ${reference}`.trim();
  return [
    row.scenario,
    row.size,
    formatValue(row.median, row.unit),
    formatValue(row.p95, row.unit),
    row.unit,
    baseline,
    row.ratio === null ? '' : `${row.ratio.toFixed(2)}×`,
  ];
}

/** The terminal table: left-aligned text, right-aligned numbers. */
export function textTable(rows: readonly ResultRow[]): string {
  const body = rows.map(cells);
  const widths = HEADERS.map((header, column) =>
    Math.max(header.length, ...body.map((line) => line[column]?.length ?? 0)),
  );
  const numeric = new Set([2, 3, 5, 6]);
  const format = (line: readonly string[]) =>
    line
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [format(HEADERS), rule, ...body.map(format)].join('\n');
}

/** The same table in Markdown, with notes, for docs/performance.md. */
export function markdownTable(rows: readonly ResultRow[]): string {
  const header = [...HEADERS, 'note'];
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_h, column) => ([2, 3, 5, 6].includes(column) ? '---:' : '---')).join(' | ')} |`,
  ];
  for (const row of rows) lines.push(`| ${[...cells(row), row.note ?? ''].join(' | ')} |`);
  return lines.join('\n');
}
