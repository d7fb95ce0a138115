import type { CsvDialect, CsvMapping } from '../../../../../src-shared/contract/csvImport';
import {
  MoneyParseError,
  isCurrencyCode,
  type CurrencyCode,
} from '../../../../../src-shared/domain';
import { ImportFileError, type ImportedRow } from '../../importedRow';
import { amountReader } from './csvAmounts';
import { cleanCell, cleanId, quoteCell } from './csvCells';
import { dateReader } from './csvDates';
import { normalizeHeader } from './csvHeaderNames';
import type { CsvRecord } from './csvTokenizer';

const MAX_EXTERNAL_ID = 200;

/**
 * Turns CSV records into ImportedRows with one dialect and mapping. Shared by the parser
 * and the preview, so what the user confirms is what gets imported.
 *
 * Strict where a wrong guess would import wrong money: a date or amount that does not
 * read is an error naming the line. Lenient for lines that are plainly not transactions:
 * blank lines, lines with no date (a bank's "Endsaldo" footer), lines with no amount
 * (a "Beginning balance" line), a zero amount, and short footer lines whose field count
 * differs from the table's are skipped, with a warning except for blank lines.
 */
export class CsvRowReader {
  private readonly readDate;
  private readonly readAmount;
  private readonly widest: number;
  private readonly debit: ReadonlySet<string>;
  private readonly credit: ReadonlySet<string>;
  private readonly pending: readonly string[];
  private lastDateText = '';
  private lastDate: string | null = null;
  /** Fields per line in this file's table (from its header or first row); null until known. */
  columnCount: number | null = null;

  constructor(
    private readonly dialect: CsvDialect,
    private readonly mapping: CsvMapping,
    private readonly currency: CurrencyCode,
  ) {
    this.readDate = dateReader(dialect.dateFormat);
    this.readAmount = amountReader(currency, dialect.decimalSeparator);
    const amount = mapping.amount;
    const used = [mapping.date, mapping.payee ?? 0, ...mapping.memo, mapping.externalId ?? 0];
    used.push(mapping.status?.column ?? 0, mapping.currency ?? 0);
    if (amount.kind === 'signed') used.push(amount.column);
    else if (amount.kind === 'debitCredit') used.push(amount.debit, amount.credit);
    else used.push(amount.column, amount.indicator);
    this.widest = Math.max(...used);
    this.debit = new Set(
      amount.kind === 'indicator' ? amount.debitValues.map(normalizeHeader) : [],
    );
    this.credit = new Set(
      amount.kind === 'indicator' ? amount.creditValues.map(normalizeHeader) : [],
    );
    this.pending = mapping.status?.pendingValues.map((value) => value.toLowerCase()) ?? [];
  }

  /** The row for a record, or null for a line that is skipped. Throws ImportFileError. */
  read(record: CsvRecord, warn: (line: number, message: string) => void): ImportedRow | null {
    const fields = record.fields;
    const line = record.line;
    if (fields.length === 1 && (fields[0] ?? '').trim() === '') return null;
    const mapping = this.mapping;
    const dateText = cleanCell(fields[mapping.date] ?? '');
    if (dateText === '') {
      warn(line, 'no date, so not a transaction; skipped');
      return null;
    }
    // Statements list several lines per day: reuse the last date read.
    if (dateText !== this.lastDateText) {
      this.lastDateText = dateText;
      this.lastDate = this.readDate(dateText);
    }
    const date = this.lastDate;
    if (date === null) {
      const width = this.columnCount;
      if (width !== null && fields.length !== width && fields.length !== width + 1) {
        warn(line, `not a transaction (${fields.length} fields instead of ${width}); skipped`);
        return null;
      }
      throw new ImportFileError(
        `${quoteCell(dateText)} is not a date (${this.dialect.dateFormat})`,
        line,
      );
    }
    if (fields.length <= this.widest) {
      throw new ImportFileError(
        `the line has ${fields.length} fields, but column ${this.widest + 1} is mapped`,
        line,
      );
    }
    const amount = this.amountOf(fields, line);
    if (amount === null) {
      warn(line, 'no amount; skipped');
      return null;
    }
    if (amount === 0) {
      warn(line, 'the amount is zero; skipped');
      return null;
    }
    if (mapping.currency !== null)
      this.checkCurrency(cleanCell(fields[mapping.currency] ?? ''), line);
    const payee = mapping.payee === null ? '' : cleanCell(fields[mapping.payee] ?? '');
    let memo = '';
    for (const column of mapping.memo) {
      const text = cleanCell(fields[column] ?? '');
      if (text === '' || text === payee) continue;
      memo = memo === '' ? text : `${memo} · ${text}`;
    }
    const externalId = mapping.externalId === null ? '' : cleanId(fields[mapping.externalId] ?? '');
    const status =
      mapping.status === null ? '' : (fields[mapping.status.column] ?? '').toLowerCase();
    return {
      line,
      date,
      amount,
      payee,
      memo,
      externalId: externalId === '' ? null : externalId.slice(0, MAX_EXTERNAL_ID),
      pending: status !== '' && this.isPending(status),
    };
  }

  /** Minor units, negative = money out; null when the line has no amount at all. */
  // No closures in here: this runs once per row, and a closure per row costs more than
  // the parsing (and esbuild's keep-names helper makes each one costlier still).
  private amountOf(fields: readonly string[], line: number): number | null {
    const amount = this.mapping.amount;
    if (amount.kind === 'signed') {
      const text = cleanCell(fields[amount.column] ?? '');
      if (text === '') return null;
      const value = this.amount(text, line);
      return amount.invert ? -value || 0 : value;
    }
    if (amount.kind === 'debitCredit') {
      const out = cleanCell(fields[amount.debit] ?? '');
      const into = cleanCell(fields[amount.credit] ?? '');
      if (out === '' && into === '') return null;
      const credit = into === '' ? 0 : Math.abs(this.amount(into, line));
      return credit - (out === '' ? 0 : Math.abs(this.amount(out, line)));
    }
    const text = cleanCell(fields[amount.column] ?? '');
    if (text === '') return null;
    const value = Math.abs(this.amount(text, line));
    const rawIndicator = cleanCell(fields[amount.indicator] ?? '');
    const indicator = normalizeHeader(rawIndicator);
    if (this.debit.has(indicator)) return -value || 0;
    if (this.credit.has(indicator)) return value;
    throw new ImportFileError(
      `${quoteCell(rawIndicator)} is neither debit (${amount.debitValues.join('/')}) nor credit (${amount.creditValues.join('/')})`,
      line,
    );
  }

  private amount(text: string, line: number): number {
    try {
      return this.readAmount(text);
    } catch (error) {
      if (error instanceof MoneyParseError) {
        throw new ImportFileError(`${quoteCell(text)} is not an amount (${reason(error)})`, line);
      }
      throw error;
    }
  }

  private isPending(status: string): boolean {
    for (const value of this.pending) if (status.includes(value)) return true;
    return false;
  }

  private checkCurrency(code: string, line: number): void {
    if (code === '' || code.toUpperCase() === this.currency) return;
    const named = code.toUpperCase();
    throw new ImportFileError(
      isCurrencyCode(named)
        ? `the amount is in ${named}, but the account is in ${this.currency}`
        : `${quoteCell(code)} is not a currency code`,
      line,
    );
  }
}

/** The part of a MoneyParseError's message after "Cannot read … amount: ". */
function reason(error: MoneyParseError): string {
  const at = error.message.indexOf(': ');
  return at < 0 ? error.message : error.message.slice(at + 2);
}
