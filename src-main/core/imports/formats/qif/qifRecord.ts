import type { CurrencyCode } from '../../../../../src-shared/domain';
import { toDecimalString } from '../../../../../src-shared/domain';
import { ImportFileError, type ImportedRow } from '../../importedRow';
import { withCheckNumber } from '../shared/checkNumber';
import { readStatementAmount } from '../shared/statementAmount';
import { readQifDate, type QifDate } from './qifDates';

interface Field {
  value: string;
  line: number;
}

interface Split {
  category: string;
  memo: string;
  amount: Field | null;
}

/** A transaction record's fields as read, up to its closing `^`. */
export class QifRecord {
  readonly fields = new Map<string, Field>();
  readonly splits: Split[] = [];

  constructor(readonly line: number) {}

  /** One field line: its code (first character) and value. Unknown codes are ignored. */
  add(code: string, value: string, line: number): void {
    if (code === 'S') this.splits.push({ category: value, memo: '', amount: null });
    else if (code === 'E') this.currentSplit().memo = value;
    else if (code === '$') {
      const split = this.currentSplit();
      // Two amounts in a row without an S line: writers that omit empty S lines.
      if (split.amount) this.splits.push({ category: '', memo: '', amount: { value, line } });
      else split.amount = { value, line };
    } else if (!this.fields.has(code)) this.fields.set(code, { value, line });
  }

  private currentSplit(): Split {
    const last = this.splits[this.splits.length - 1];
    if (last) return last;
    const split: Split = { category: '', memo: '', amount: null };
    this.splits.push(split);
    return split;
  }
}

/** A record made into a row, except for its date, which waits for the file's date order. */
export interface UndatedRow {
  /** Complete but for `date`, which is '' until `dated` fills it in. */
  row: ImportedRow;
  date: QifDate;
}

/**
 * A bank, cash or card record as a row:
 * - D date (see `readQifDate`), T amount (else U, the same amount at higher precision),
 *   with thousands separators, and a decimal comma where the file uses one;
 * - P payee, M memo, N cheque number (folded into the memo when numeric);
 * - L category "Group:Category" (a "/Class" suffix is dropped); "[Account]" is a
 *   transfer: no category, and the memo says where the money went;
 * - S/E/$ split lines (category, memo, amount): two or more become `splits` and must add
 *   up to T, else the record is refused; a single split is just the row's category.
 */
export function recordToRow(record: QifRecord, currency: CurrencyCode): UndatedRow {
  const field = (code: string) => record.fields.get(code);
  const dateField = field('D');
  const amountField = field('T') ?? field('U');
  if (!dateField) throw new ImportFileError('a record without a date (D line)', record.line);
  if (!amountField) throw new ImportFileError('a record without an amount (T line)', record.line);
  const amount = readAmount(amountField, currency);
  const category = readCategory(field('L')?.value ?? '');
  let memo = withCheckNumber(
    withTransfer(field('M')?.value ?? '', category.transfer),
    field('N')?.value ?? '',
  );
  const splits = record.splits.map((split) => {
    const target = readCategory(split.category);
    if (!split.amount)
      throw new ImportFileError('a split (S line) without an amount ($ line)', record.line);
    return {
      category: target.name,
      amount: readAmount(split.amount, currency),
      memo: withTransfer(split.memo, target.transfer),
    };
  });
  const row: ImportedRow = {
    line: record.line,
    date: '',
    amount,
    payee: field('P')?.value ?? '',
    memo,
    externalId: null,
    pending: false,
    category: category.name,
  };
  const [onlySplit] = splits;
  if (splits.length === 1 && onlySplit) {
    if (onlySplit.amount !== amount) throw mismatch(record, onlySplit.amount, amount, currency);
    if (memo === '') memo = onlySplit.memo;
    return {
      row: { ...row, memo, category: onlySplit.category },
      date: readQifDate(dateField.value, dateField.line),
    };
  }
  if (splits.length > 1) {
    const total = splits.reduce((sum, split) => sum + split.amount, 0);
    if (total !== amount) throw mismatch(record, total, amount, currency);
    return {
      row: { ...row, category: null, splits },
      date: readQifDate(dateField.value, dateField.line),
    };
  }
  return { row, date: readQifDate(dateField.value, dateField.line) };
}

function readAmount(field: Field, currency: CurrencyCode): number {
  return readStatementAmount(field.value, currency, 'amount', field.line, {
    decimalSeparator: 'either',
  });
}

function mismatch(
  record: QifRecord,
  total: number,
  amount: number,
  currency: CurrencyCode,
): ImportFileError {
  return new ImportFileError(
    `the split lines add up to ${toDecimalString(total, currency)}, not the amount ${toDecimalString(amount, currency)}`,
    record.line,
  );
}

/** "Food:Groceries/Business" → "Food:Groceries"; "[Savings]" → a transfer to Savings. */
export function readCategory(text: string): { name: string | null; transfer: string | null } {
  const withoutClass = text.startsWith('[') ? text : (text.split('/')[0] ?? '');
  const transfer = /^\[([^\]]*)\]/.exec(withoutClass.trim());
  if (transfer) return { name: null, transfer: (transfer[1] ?? '').trim() };
  const name = withoutClass.trim();
  return { name: name === '' ? null : name, transfer: null };
}

function withTransfer(memo: string, account: string | null): string {
  if (account === null) return memo;
  return memo === '' ? `Transfer: ${account}` : `${memo} (transfer: ${account})`;
}
