import type { CsvAmountMapping, CsvMapping } from '../../../../../src-shared/contract/csvImport';
import { looksLikeAmount } from './csvAmounts';
import { cleanCell, cleanId } from './csvCells';
import { looksLikeDate } from './csvDates';
import {
  AMOUNT_NAMES,
  CREDIT_NAMES,
  CURRENCY_NAMES,
  DATE_NAMES,
  DEBIT_NAMES,
  DESCRIPTION_NAMES,
  EXTERNAL_ID_NAMES,
  INDICATOR_FAMILIES,
  INDICATOR_NAMES,
  MEMO_NAMES,
  NOT_AN_AMOUNT,
  PAYEE_NAMES,
  PENDING_VALUES,
  STATUS_NAMES,
  normalizeHeader,
} from './csvHeaderNames';

/** What the cells of one column look like over the sampled rows. */
interface ColumnStats {
  values: string[];
  nonEmpty: number;
  dates: number;
  amounts: number;
  negatives: number;
  withFraction: number;
  distinct: number;
  averageLength: number;
}

/** A guessed mapping, and what could not be guessed (the user then picks it). */
export interface MappingGuess {
  mapping: CsvMapping;
  problem: string | null;
}

export interface MappingHints {
  /** A credit card account makes "mostly positive amounts" mean purchases (Amex). */
  accountType?: string;
}

const MAX_MEMO_COLUMNS = 3;
const NEGATIVE = /^\s*[-\u2212(]|[-\u2212)]\s*$/;
// Words on the rare negative line of a card export that writes purchases as positive.
const CARD_PAYMENT =
  /payment|thank you|autopay|pymt|refund|zahlung|gutschrift|paiement|remboursement|betaling|pago|pagamento/i;

/**
 * Guesses which column means what: by header name first (English, German, French,
 * Dutch, Spanish, Italian; see csvHeaderNames.ts), then by content (a column of dates,
 * a column of signed numbers, the longest varied text) for files without a header or
 * with names we do not know. Each column gets at most one role.
 */
export function detectMapping(
  headers: readonly string[] | null,
  rows: readonly string[][],
  hints: MappingHints = {},
): MappingGuess {
  const columns = new Columns(headers, rows);
  const date = columns.claim(
    columns.byName(DATE_NAMES, (c) => isDates(columns.stats(c))) ?? columns.byContent(isDates),
  );
  const amount = detectAmount(columns);
  const currency = columns.claim(
    columns.byName(CURRENCY_NAMES, (c) =>
      columns.stats(c).values.every((v) => v === '' || /^[A-Za-z]{3}$/.test(v)),
    ),
  );
  const status = columns.claim(
    columns.byName(
      STATUS_NAMES,
      (c) => columns.stats(c).nonEmpty > 0 && columns.stats(c).values.every((v) => v.length <= 40),
    ),
  );
  const externalId = columns.claim(
    columns.byName(EXTERNAL_ID_NAMES, (c) => isIdColumn(columns.stats(c), rows.length)),
  );
  const payee = columns.claim(
    columns.byName(PAYEE_NAMES, (c) => isText(columns.stats(c))) ??
      columns.byName(DESCRIPTION_NAMES, (c) => isText(columns.stats(c))) ??
      columns.bestText(),
  );
  const memo = columns.allByName(MEMO_NAMES).slice(0, MAX_MEMO_COLUMNS);

  if (
    amount?.kind === 'signed' &&
    shouldInvert(columns.stats(amount.column), payee === null ? null : columns.stats(payee), hints)
  ) {
    amount.invert = true;
  }
  const problem =
    date === null
      ? 'could not tell which column holds the date; choose it'
      : amount === null
        ? 'could not tell which column holds the amount; choose it'
        : null;
  return {
    mapping: {
      date: date ?? 0,
      payee,
      memo,
      amount: amount ?? {
        kind: 'signed',
        column: Math.min(1, Math.max(0, columns.width - 1)),
        invert: false,
      },
      externalId,
      status: status === null ? null : { column: status, pendingValues: [...PENDING_VALUES] },
      currency,
    },
    problem,
  };
}

const isDates = (s: ColumnStats) => s.nonEmpty > 0 && s.dates >= s.nonEmpty * 0.8;
const isText = (s: ColumnStats) =>
  s.nonEmpty > 0 && s.dates < s.nonEmpty * 0.5 && s.amounts < s.nonEmpty * 0.5;

/** The sampled columns, their normalized names, and which ones have a role already. */
class Columns {
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

/** One signed column, debit and credit columns, or an unsigned amount with a DR/CR-style indicator. */
function detectAmount(columns: Columns): CsvAmountMapping | null {
  const familyOf = (column: number) => indicatorFamily(columns.stats(column).values);
  const indicator =
    columns.byName(INDICATOR_NAMES, (c) => familyOf(c) !== null) ??
    columns.byContent((s, c) => s.nonEmpty >= 3 && familyOf(c) !== null);
  const withIndicator = (column: number): CsvAmountMapping => {
    columns.claim(column);
    const family = indicator === null ? null : familyOf(indicator);
    if (indicator === null || !family || columns.stats(column).negatives > 0) {
      return { kind: 'signed', column, invert: false };
    }
    columns.claim(indicator);
    return {
      kind: 'indicator',
      column,
      indicator,
      debitValues: family.debit,
      creditValues: family.credit,
    };
  };
  // Never take the indicator column itself as an amount.
  if (indicator !== null) columns.claim(indicator);
  const signed = columns.byName(
    AMOUNT_NAMES,
    (c) => columns.isAmounts(c) && columns.stats(c).nonEmpty > 0,
  );
  if (signed !== null) return release(columns, indicator, withIndicator(signed));
  const debit = columns.byName(
    DEBIT_NAMES,
    (c) => columns.isAmounts(c) && !/\b(credit|haben|bij)\b/.test(columns.name(c)),
  );
  const credit =
    debit === null
      ? null
      : columns.byName(CREDIT_NAMES, (c) => c !== debit && columns.isAmounts(c));
  if (debit !== null && credit !== null) {
    columns.claim(debit);
    columns.claim(credit);
    return release(columns, indicator, { kind: 'debitCredit', debit, credit });
  }
  const found = columns.bestAmount();
  return release(columns, indicator, found === null ? null : withIndicator(found));
}

/** An indicator column that ended up unused is free for other roles again. */
function release(
  columns: Columns,
  indicator: number | null,
  amount: CsvAmountMapping | null,
): CsvAmountMapping | null {
  if (indicator !== null && amount?.kind !== 'indicator') columns.unclaim(indicator);
  return amount;
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
    averageLength: filled.length === 0 ? 0 : filled.reduce((sum, v) => sum + v.length, 0) / filled.length,
  };
}

/** The indicator family every value of the column belongs to, or null. */
export function indicatorFamily(values: readonly string[]): { debit: string[]; credit: string[] } | null {
  const seen = new Set(values.map((v) => normalizeHeader(v)).filter((v) => v !== ''));
  if (seen.size === 0) return null;
  return (
    INDICATOR_FAMILIES.find((family) =>
      [...seen].every((v) => family.debit.includes(v) || family.credit.includes(v)),
    ) ?? null
  );
}

/** A bank id column: one per row, all different, no spaces, with a digit in each. */
function isIdColumn(s: ColumnStats, rows: number): boolean {
  return (
    rows > 0 &&
    s.nonEmpty === rows &&
    s.distinct === rows &&
    s.values
      .map(cleanId)
      .every((v) => v.length >= 4 && v.length <= 200 && !/\s/.test(v) && /\d/.test(v))
  );
}

/**
 * Card exports that write purchases as positive (American Express) look like a bank
 * account that mostly receives money. Invert when most amounts are positive and either
 * the account is a credit card or the few negative lines read like card payments.
 */
function shouldInvert(amounts: ColumnStats, payees: ColumnStats | null, hints: MappingHints): boolean {
  const signed = amounts.values.map((v, row) => ({ v, row })).filter(({ v }) => looksLikeAmount(v));
  if (signed.length === 0) return false;
  const negatives = signed.filter(({ v }) => NEGATIVE.test(v));
  if (negatives.length / signed.length >= 0.3) return false;
  if (hints.accountType === 'credit_card') return true;
  return negatives.length > 0 && negatives.every(({ row }) => CARD_PAYMENT.test(payees?.values[row] ?? ''));
}
