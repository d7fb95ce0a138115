import { createHash } from 'node:crypto';
import type { CsvDialect } from '../../../../../src-shared/contract/csvImport';
import { looksLikeAmount } from './csvAmounts';
import { looksLikeDate } from './csvDates';
import { normalizeHeader } from './csvHeaderNames';

/**
 * Identifies a bank's layout, so a mapping the user confirmed once is reused for the
 * next file from the same bank: the normalized column names and the delimiter. The
 * summary block above the table is left out on purpose: it holds account numbers and
 * dates that change from file to file. A file without a header is known by its width
 * and the kind of each column (d = dates, n = amounts, t = text, blank = empty).
 * Hashed, so the key is short and fixed-length; it is only compared, never read back.
 */
export function csvSignature(
  delimiter: CsvDialect['delimiter'],
  headers: readonly string[] | null,
  rows: readonly string[][],
): string {
  const shape = headers ? ['header', headers.map(normalizeHeader)] : ['columns', columnKinds(rows)];
  const digest = createHash('sha256')
    .update(JSON.stringify(['csv', 1, delimiter, shape]))
    .digest('base64url');
  return `csv1:${digest.slice(0, 32)}`;
}

function columnKinds(rows: readonly string[][]): string {
  const width = Math.max(0, ...rows.map((row) => row.length));
  let kinds = '';
  for (let column = 0; column < width; column++) {
    const cells = rows.map((row) => (row[column] ?? '').trim()).filter((cell) => cell !== '');
    const most = (test: (cell: string) => boolean) =>
      cells.length > 0 && cells.filter(test).length >= cells.length * 0.8;
    kinds += most(looksLikeDate) ? 'd' : most(looksLikeAmount) ? 'n' : cells.length > 0 ? 't' : ' ';
  }
  return kinds;
}
