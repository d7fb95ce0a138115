import type { CsvAmountMapping, CsvMapping } from '../../../../../src-shared/contract/csvImport';
import { looksLikeAmount } from './csvAmounts';
import { cleanId } from './csvCells';
import { Columns, NEGATIVE, isDates, isText, type ColumnStats } from './csvColumnSet';
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
  PAYEE_NAMES,
  PENDING_VALUES,
  STATUS_NAMES,
  normalizeHeader,
} from './csvHeaderNames';

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
  // A column named as the payee is the payee whatever it holds (numbers, or nothing yet);
  // only a column of dates is refused.
  const namedText = (c: number) => columns.stats(c).dates <= columns.stats(c).nonEmpty * 0.5;
  const payee = columns.claim(
    columns.byName(PAYEE_NAMES, namedText) ??
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

/** The indicator family every value of the column belongs to, or null. */
export function indicatorFamily(
  values: readonly string[],
): { debit: string[]; credit: string[] } | null {
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
function shouldInvert(
  amounts: ColumnStats,
  payees: ColumnStats | null,
  hints: MappingHints,
): boolean {
  const signed = amounts.values.map((v, row) => ({ v, row })).filter(({ v }) => looksLikeAmount(v));
  if (signed.length === 0) return false;
  const negatives = signed.filter(({ v }) => NEGATIVE.test(v));
  if (negatives.length / signed.length >= 0.3) return false;
  if (hints.accountType === 'credit_card') return true;
  return (
    negatives.length > 0 &&
    negatives.every(({ row }) => CARD_PAYMENT.test(payees?.values[row] ?? ''))
  );
}
