import { ImportFileError, type ImportedRow } from '../../importedRow';
import type { ParseContext } from '../../parserTypes';
import { dateIn, likelierOrder, orderForcedBy, type DateOrder, type QifDate } from './qifDates';
import { QifRecord, recordToRow, type UndatedRow } from './qifRecord';

type Section = 'none' | 'transactions' | 'account' | 'skip';

const TRANSACTION_TYPES = new Set(['bank', 'cash', 'ccard', 'oth a', 'oth l']);
const INVESTMENT_TYPES = new Set(['invst', 'port']);
/**
 * Rows held while the month/day order is still open. A file whose dates all fit both
 * orders is decided from the rows held when this many are reached (or at the end).
 */
const MAX_UNDECIDED = 50_000;

/**
 * Reads QIF line by line: `!Type:` and `!Account` headers, records ending in `^`.
 * Transaction records of bank, cash, credit-card and other asset/liability accounts
 * become rows (see `recordToRow`); category, class and memorized-transaction lists are
 * skipped; investment accounts are refused, as are transactions for more than one
 * account. Quicken's "Opening Balance" record (a transfer to the account itself) is
 * skipped with a warning: it is the account's opening balance, set on the account.
 *
 * Dates: see `QifOptions.dateOrder`.
 */
export class QifReader {
  private section: Section = 'none';
  private autoSwitch = false;
  private accountName = '';
  private rowsSeen = 0;
  private firstAccount: string | null = null;
  private record: QifRecord | null = null;
  private order: { order: DateOrder; by: QifDate | null } | null;
  private held: UndatedRow[] = [];
  private ready: ImportedRow[] = [];
  private sawType = false;

  constructor(
    private readonly ctx: ParseContext,
    dateOrder: DateOrder | undefined,
  ) {
    this.order = dateOrder ? { order: dateOrder, by: null } : null;
  }

  /** The rows completed since the last call. */
  take(): ImportedRow[] {
    const rows = this.ready;
    this.ready = [];
    return rows;
  }

  line(raw: string, line: number): void {
    const text = raw.trim();
    if (text === '') return;
    if (text.startsWith('!')) return this.header(text, line);
    const code = text.charAt(0);
    if (code === '^') return this.endRecord();
    if (this.section === 'none')
      throw new ImportFileError('a QIF line before any !Type header', line);
    this.record ??= new QifRecord(line);
    this.record.add(code, text.slice(1).trim(), line);
  }

  /** The input is over: flushes rows held for the date order. */
  end(line: number): void {
    if (this.record)
      throw new ImportFileError(
        'the file ends in the middle of a record (no closing ^); it looks truncated',
        line,
      );
    if (!this.sawType) throw new ImportFileError('this QIF file has no !Type header', line);
    this.release(this.order?.order ?? likelierOrder(this.held.map((held) => held.date)));
  }

  private header(text: string, line: number): void {
    if (this.record)
      throw new ImportFileError(
        `${text.slice(0, 30)} inside a record (the record before it has no closing ^)`,
        line,
      );
    const lower = text.toLowerCase();
    if (lower.startsWith('!type:')) {
      this.sawType = true;
      const type = lower.slice(6).trim();
      if (INVESTMENT_TYPES.has(type)) {
        throw new ImportFileError(
          'this QIF file holds an investment account (!Type:Invst); Casike imports bank, cash and credit-card accounts',
          line,
        );
      }
      this.section = TRANSACTION_TYPES.has(type) ? 'transactions' : 'skip';
    } else if (lower === '!account') this.section = 'account';
    else if (lower === '!option:autoswitch') this.autoSwitch = true;
    else if (lower === '!clear:autoswitch') this.autoSwitch = false;
    else if (lower === '!option:mdydates' || lower === '!option:dmydates') {
      this.order ??= { order: lower.includes('mdy') ? 'MDY' : 'DMY', by: null };
    }
  }

  private endRecord(): void {
    const record = this.record;
    this.record = null;
    if (!record) return;
    if (this.section === 'account') return this.endAccountRecord(record);
    if (this.section !== 'transactions') return;
    this.checkOneAccount(record.line);
    const undated = recordToRow(record, this.ctx.currency);
    const first = this.rowsSeen === 0;
    this.rowsSeen += 1;
    if (first && isOpeningBalance(undated)) {
      this.ctx.warn(
        record.line,
        'the "Opening Balance" record was skipped; set the opening balance on the account instead',
      );
      return;
    }
    this.hold(undated);
  }

  private endAccountRecord(record: QifRecord): void {
    // Inside !Option:AutoSwitch, !Account records are only a list of the accounts.
    if (this.autoSwitch) return;
    this.accountName = record.fields.get('N')?.value ?? '';
  }

  private checkOneAccount(line: number): void {
    const name = this.accountName;
    if (this.firstAccount === null) this.firstAccount = name;
    else if (name !== this.firstAccount) {
      const label = (text: string) =>
        text === '' ? 'an unnamed account' : `"${text.slice(0, 40)}"`;
      throw new ImportFileError(
        `this QIF file holds transactions for more than one account (${label(this.firstAccount)} and ${label(name)}); export one account at a time`,
        line,
      );
    }
  }

  private hold(undated: UndatedRow): void {
    const forced = orderForcedBy(undated.date);
    if (this.order && forced && forced !== this.order.order) {
      const by = this.order.by;
      const first = this.order.order === 'MDY' ? 'month' : 'day';
      const reason = by
        ? `"${by.text}" on line ${by.line} puts the ${first} first`
        : `the file is read ${first} first`;
      throw new ImportFileError(
        `date "${undated.date.text}" does not fit the file's date order (${reason})`,
        undated.date.line,
      );
    }
    if (!this.order && forced) this.order = { order: forced, by: undated.date };
    if (this.order) {
      this.release(this.order.order);
      this.ready.push(dated(undated, this.order.order));
      return;
    }
    this.held.push(undated);
    if (this.held.length >= MAX_UNDECIDED) {
      this.order = { order: likelierOrder(this.held.map((held) => held.date)), by: null };
      this.release(this.order.order);
    }
  }

  private release(order: DateOrder): void {
    for (const undated of this.held) this.ready.push(dated(undated, order));
    this.held = [];
  }
}

// Quicken starts each account's export with its opening balance, written as a transfer
// from the account to itself.
function isOpeningBalance(undated: UndatedRow): boolean {
  return (
    undated.row.payee.trim().toLowerCase() === 'opening balance' &&
    undated.row.memo.startsWith('Transfer: ')
  );
}

// Fills in the row's date in place: no copy per row of a large file.
function dated(undated: UndatedRow, order: DateOrder): ImportedRow {
  undated.row.date = dateIn(undated.date, order);
  return undated.row;
}
