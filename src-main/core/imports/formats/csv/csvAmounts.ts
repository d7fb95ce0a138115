import type { CsvDialect } from '../../../../../src-shared/contract/csvImport';
import { minorUnits, parseAmount, type CurrencyCode } from '../../../../../src-shared/domain';

type Decimal = CsvDialect['decimalSeparator'];
type Thousands = CsvDialect['thousandsSeparator'];

const POWERS = [1, 10, 100, 1000];

/**
 * Reads amount cells as minor units of `currency`. Most cells are plain ("-12.34"), so
 * those take a fast path that builds the integer from the digits; anything else (signs
 * at the end, parentheses, currency symbols, grouping) goes through `parseAmount`, which
 * also produces the error for a cell that is not an amount.
 */
export function amountReader(currency: CurrencyCode, decimal: Decimal): (text: string) => number {
  const digits = minorUnits(currency);
  const scale = POWERS[digits] ?? 10 ** digits;
  // At most 12 whole digits, so digits × 1000 stays a safe integer; longer goes the slow way.
  const plain =
    decimal === '.' ? /^([+-]?)(\d{1,12})(?:\.(\d{1,3}))?$/ : /^([+-]?)(\d{1,12})(?:,(\d{1,3}))?$/;
  return (text) => {
    const match = plain.exec(text);
    if (match) {
      const fraction = match[3] ?? '';
      if (fraction.length <= digits) {
        const value =
          Number(match[2]) * scale +
          (fraction === '' ? 0 : Number(fraction) * (POWERS[digits - fraction.length] ?? 1));
        return match[1] === '-' ? -value || 0 : value;
      }
    }
    return parseAmount(text, currency, { decimalSeparator: decimal });
  };
}

// What is left of an amount cell once signs, brackets, currency symbols and codes go.
const NUMBER_CORE = /[\d][\d.,'\u2019 \u00a0\u202f]*[\d]|\d/;
const GROUPED = /^\d{1,3}(?:[.,'\u2019 \u00a0\u202f]\d{3})+(?:[.,]\d{1,3})?$/;
const UNGROUPED = /^\d+(?:[.,]\d{1,3})?$/;

/** True when the cell reads as a money amount in some common notation. */
export function looksLikeAmount(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > 40) return false;
  const core = NUMBER_CORE.exec(trimmed)?.[0];
  if (!core) return false;
  // Everything around the number must be signs, brackets, spaces or a currency marker.
  const rest = trimmed.replace(core, '').replace(/[\s()+\-\u2212]/g, '');
  if (rest.length > 3 || /\d/.test(rest)) return false;
  return GROUPED.test(core) || UNGROUPED.test(core);
}

/**
 * Decides the decimal and thousands separators from amount cells. "1.234,56" and
 * "12,34" say decimal comma; "1,234.56" and "12.34" say decimal point; "1 234" and
 * "1'234" say how thousands are grouped. "1,234" alone says nothing (a thousand, or
 * 1.234 of a three-decimal currency), so it does not vote. Ties go to `fallback`.
 */
export function detectNumberFormat(
  cells: readonly string[],
  fallback: Decimal = '.',
): { decimalSeparator: Decimal; thousandsSeparator: Thousands } {
  let comma = 0;
  let point = 0;
  const groupings = new Map<Thousands, number>();
  const vote = (separator: Thousands) =>
    groupings.set(separator, (groupings.get(separator) ?? 0) + 1);
  for (const cell of cells) {
    const core = NUMBER_CORE.exec(cell.trim())?.[0]
      ?.replace(/[\u00a0\u202f]/g, ' ')
      .replace(/\u2019/g, "'");
    if (!core || !/[.,' ]/.test(core)) continue;
    const lastComma = core.lastIndexOf(',');
    const lastPoint = core.lastIndexOf('.');
    if (lastComma >= 0 && lastPoint >= 0) {
      if (lastComma > lastPoint) {
        comma++;
        vote('.');
      } else {
        point++;
        vote(',');
      }
      continue;
    }
    const tail = /([.,])(\d+)$/.exec(core);
    const separators = core.match(/[.,' ]/g) ?? [];
    if (tail && (tail[2]?.length ?? 0) !== 3 && separators.length === 1) {
      if (tail[1] === ',') comma++;
      else point++;
    } else if (tail && separators.length > 1 && new Set(separators).size === 1) {
      vote(tail[1] === ',' ? ',' : '.'); // 1,234,567 or 1.234.567: grouping, no fraction
    }
    if (core.includes(' ')) vote(' ');
    if (core.includes("'")) vote("'");
  }
  const decimalSeparator: Decimal = comma > point ? ',' : point > comma ? '.' : fallback;
  const best = [...groupings.entries()]
    .filter(([separator]) => separator !== decimalSeparator)
    .sort((a, b) => b[1] - a[1])[0];
  return { decimalSeparator, thousandsSeparator: best ? best[0] : '' };
}
