import { looksLikeAmount } from './csvAmounts';
import { cleanCell } from './csvCells';
import { looksLikeDate } from './csvDates';
import { NOT_AN_AMOUNT, normalizeHeader } from './csvHeaderNames';

/*
 * The sampled columns of a file as column detection (csvColumns.ts) sees them: what
 * their cells look like, their normalized names, and which have a role already.
 */

/** A cell that reads as a negative amount: a leading minus or bracket, or a trailing one. */
export const NEGATIVE = /^\s*[-\u2212(]|[-\u2212)]\s*$/;

/** What the cells of one column look like over the sampled rows. */
export interface ColumnStats {
  values: string[];
  nonEmpty: number;
  dates: number;
  amounts: number;
  negatives: number;
  withFraction: number;
  distinct: number;
  averageLength: number;
}

export const isDates = (s: ColumnStats) => s.nonEmpty > 0 && s.dates >= s.nonEmpty * 0.8;
export const isText = (s: ColumnStats) =>
  s.nonEmpty > 0 && s.dates < s.nonEmpty * 0.5 && s.amounts < s.nonEmpty * 0.5;

/** The sampled columns, their normalized names, and which ones have a role already. */
export class Columns {
  readonly width: number;
  private readonly all: ColumnStats[];
  private readonly names: string[] | null;
  private readonly claimed = new Set<number>();

  constructor(headers: readonly string[] | null, rows: readonly string[][]) {
    this.width = Math.max(headers?.length ?? 0, ...rows.map((row) => row.length));
    this.all = Array.from({ length: this.width }, (_, column) => columnStats(rows, column));
    this.names = headers?.map(normalizeHeader) ?? null;
  }

  stats(column: number): ColumnStats {
    return this.all[column] ?? columnStats([], 0);
  }

  name(column: number): string {
    return this.names?.[column] ?? '';
  }

  claim(column: number | null): number | null {
    if (column !== null) this.claimed.add(column);
    return column;
  }

  unclaim(column: number): void {
    this.claimed.delete(column);
  }

  /** The free column whose name best matches the list (exact before prefix, earlier entries first). */
  byName(list: readonly string[], accept: (column: number) => boolean): number | null {
    let best: number | null = null;
    let bestScore = Infinity;
    this.names?.forEach((name, column) => {
      if (this.claimed.has(column) || !accept(column)) return;
      const score = nameScore(name, list);
      if (score < bestScore) {
        best = column;
        bestScore = score;
      }
    });
    return best;
  }

  /** Every free column named like an entry of the list, in column order. */
  allByName(list: readonly string[]): number[] {
    const found: number[] = [];
    this.names?.forEach((name, column) => {
      if (!this.claimed.has(column) && nameScore(name, list) < Infinity) found.push(column);
    });
    return found;
  }

  /** The first free column whose content passes. */
  byContent(accept: (s: ColumnStats, column: number) => boolean): number | null {
    const column = this.all.findIndex((s, index) => !this.claimed.has(index) && accept(s, index));
    return column < 0 ? null : column;
  }

  /**
   * A free column of amounts, not named as a balance, a fee or a foreign amount. A named
   * column may have some cells that do not read (at least half must; the import names
   * the lines of the rest);
   * a column found by content alone must be all amounts.
   */
  isAmounts(column: number, named = true): boolean {
    const s = this.stats(column);
    return (
      !this.claimed.has(column) &&
      (named ? s.amounts >= s.nonEmpty * 0.5 : s.amounts === s.nonEmpty) &&
      s.dates === 0 &&
      !this.name(column)
        .split(' ')
        .some((word) => NOT_AN_AMOUNT.has(word))
    );
  }

  /** Without a name to go by: the free amount column with the most decimals and signs. */
  bestAmount(): number | null {
    let best: number | null = null;
    let bestScore = -1;
    this.all.forEach((s, column) => {
      if (s.nonEmpty === 0 || !this.isAmounts(column, false)) return;
      const score = s.withFraction * 2 + s.negatives;
      if (score > bestScore) {
        best = column;
        bestScore = score;
      }
    });
    return best;
  }

  /** Without a name to go by: the free text column with the longest, most varied values. */
  bestText(): number | null {
    let best: number | null = null;
    let bestScore = 0;
    this.all.forEach((s, column) => {
      if (this.claimed.has(column) || !isText(s) || s.averageLength <= 3) return;
      const score = s.averageLength * s.distinct;
      if (score > bestScore) {
        best = column;
        bestScore = score;
      }
    });
    return best;
  }
}

/** 0… for an exact match (earlier entries lower), 1000… for a prefix match, Infinity for none. */
function nameScore(name: string, list: readonly string[]): number {
  let score = Infinity;
  list.forEach((entry, index) => {
    if (name === entry) score = Math.min(score, index);
    else if (name.startsWith(`${entry} `)) score = Math.min(score, 1000 + index);
  });
  return score;
}

function columnStats(rows: readonly string[][], column: number): ColumnStats {
  const values = rows.map((row) => cleanCell(row[column] ?? ''));
  const filled = values.filter((v) => v !== '');
  const amounts = filled.filter(looksLikeAmount);
  return {
    values,
    nonEmpty: filled.length,
    dates: filled.filter(looksLikeDate).length,
    amounts: amounts.length,
    negatives: amounts.filter((v) => NEGATIVE.test(v)).length,
    withFraction: amounts.filter((v) => /[.,]\d{1,2}\D*$/.test(v)).length,
    distinct: new Set(filled).size,
    averageLength:
      filled.length === 0 ? 0 : filled.reduce((sum, v) => sum + v.length, 0) / filled.length,
  };
}
