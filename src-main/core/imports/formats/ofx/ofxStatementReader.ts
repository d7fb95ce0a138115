import type { CurrencyCode } from '../../../../../src-shared/domain';
import { ImportFileError, type ImportedRow } from '../../importedRow';
import { readStatementAmount } from '../shared/statementAmount';
import { withCheckNumber } from '../shared/checkNumber';
import { maskedAccount as masked } from '../shared/maskedAccount';
import { readOfxDate } from './ofxDate';
import type { OfxEvents } from './ofxStructure';

interface Field {
  value: string;
  line: number;
}

/** The STMTTRN fields used; a fixed shape (not a Map) because there are millions. */
interface Transaction {
  line: number;
  posted: Field | null;
  amount: Field | null;
  fitid: string;
  name: string;
  memo: string;
  checkNumber: string;
  payeeName: string;
  currency: { symbol: string; line: number } | null;
}

interface Statement {
  line: number;
  account: Map<string, string>;
}

const STATEMENTS = new Set(['STMTRS', 'CCSTMTRS']);
const ACCOUNTS = new Set(['BANKACCTFROM', 'CCACCTFROM']);
const UNSUPPORTED: Readonly<Record<string, string>> = {
  INVSTMTRS: 'an investment statement',
  LOANSTMTRS: 'a loan statement',
};

/**
 * Turns the element events of an OFX file into rows: the transactions (STMTTRN) of
 * bank (STMTRS) and credit-card (CCSTMTRS) statements. Several statements are fine when
 * they are all for one account; statements for different accounts are refused, naming
 * them by their last four characters. CURDEF must be the account's currency.
 */
export class OfxStatementReader implements OfxEvents {
  private ready: ImportedRow[] = [];
  private statement: Statement | null = null;
  private transaction: Transaction | null = null;
  private inPayee = false;
  private inCurrency = false;
  private firstAccount: string | null = null;
  private statements = 0;
  private bankMessage: string | null = null;

  constructor(private readonly currency: CurrencyCode) {}

  /** The rows completed since the last call. */
  take(): ImportedRow[] {
    const rows = this.ready;
    this.ready = [];
    return rows;
  }

  aggregateOpen(name: string, line: number): void {
    const unsupported = UNSUPPORTED[name];
    if (unsupported) {
      throw new ImportFileError(
        `this OFX file holds ${unsupported}; Casike imports bank and credit-card statements`,
        line,
      );
    }
    if (STATEMENTS.has(name)) {
      this.statement = { line, account: new Map() };
      this.statements += 1;
    } else if (name === 'STMTTRN' && this.statement) {
      this.transaction = {
        line,
        posted: null,
        amount: null,
        fitid: '',
        name: '',
        memo: '',
        checkNumber: '',
        payeeName: '',
        currency: null,
      };
    } else if (name === 'PAYEE') this.inPayee = true;
    else if (name === 'CURRENCY') this.inCurrency = true;
  }

  aggregateClose(name: string, line: number): void {
    if (STATEMENTS.has(name)) this.statement = null;
    else if (ACCOUNTS.has(name) && this.statement) this.checkAccount(this.statement, line);
    else if (name === 'STMTTRN' && this.transaction) {
      this.ready.push(this.toRow(this.transaction));
      this.transaction = null;
    } else if (name === 'PAYEE') this.inPayee = false;
    else if (name === 'CURRENCY') this.inCurrency = false;
  }

  leaf(name: string, value: string, line: number, parent: string | undefined): void {
    const transaction = this.transaction;
    if (transaction && parent === 'STMTTRN') setField(transaction, name, value, line);
    else if (transaction && this.inPayee && name === 'NAME') transaction.payeeName = value;
    else if (transaction && this.inCurrency && name === 'CURSYM')
      transaction.currency = { symbol: value, line };
    else if (this.statement && parent !== undefined && ACCOUNTS.has(parent))
      this.statement.account.set(name, value);
    else if (
      this.statement &&
      parent !== undefined &&
      STATEMENTS.has(parent) &&
      name === 'CURDEF'
    ) {
      this.checkCurrency(value, 'this statement is', line);
    } else if (parent === 'STATUS' && name === 'MESSAGE') this.bankMessage = value;
  }

  /** The input is over: a file without any bank or card statement is refused. */
  end(line: number): void {
    if (this.statements > 0) return;
    const said = this.bankMessage ? ` (the bank says: "${this.bankMessage.slice(0, 120)}")` : '';
    throw new ImportFileError(`this OFX file holds no bank or credit-card statement${said}`, line);
  }

  private checkCurrency(code: string, what: string, line: number): void {
    const upper = code.trim().toUpperCase();
    if (upper !== this.currency) {
      throw new ImportFileError(
        `${what} in ${upper.slice(0, 8) || '(no currency)'}, but the account is in ${this.currency}`,
        line,
      );
    }
  }

  private checkAccount(statement: Statement, line: number): void {
    const id = statement.account.get('ACCTID') ?? '';
    const key = [statement.account.get('BANKID') ?? '', id].join('/');
    if (this.firstAccount === null) {
      this.firstAccount = key;
      return;
    }
    if (key !== this.firstAccount) {
      const first = this.firstAccount.split('/')[1] ?? '';
      throw new ImportFileError(
        `this file holds statements for more than one account (${masked(first)} and ${masked(id)}); export one account at a time`,
        line,
      );
    }
  }

  private toRow(transaction: Transaction): ImportedRow {
    const { posted, amount } = transaction;
    if (!posted)
      throw new ImportFileError(
        'a transaction (STMTTRN) without a date (DTPOSTED)',
        transaction.line,
      );
    if (!amount)
      throw new ImportFileError(
        'a transaction (STMTTRN) without an amount (TRNAMT)',
        transaction.line,
      );
    if (transaction.currency)
      this.checkCurrency(
        transaction.currency.symbol,
        'this transaction is',
        transaction.currency.line,
      );
    return {
      line: transaction.line,
      date: readOfxDate(posted.value, 'DTPOSTED', posted.line),
      amount: readStatementAmount(amount.value, this.currency, 'TRNAMT', amount.line, {
        decimalSeparator: 'either',
      }),
      payee: transaction.name || transaction.payeeName,
      memo: withCheckNumber(transaction.memo, transaction.checkNumber),
      externalId: transaction.fitid === '' ? null : transaction.fitid,
      pending: false,
    };
  }
}

// The first value of each field wins, as with any repeated element.
function setField(transaction: Transaction, name: string, value: string, line: number): void {
  switch (name) {
    case 'DTPOSTED':
      transaction.posted ??= { value, line };
      break;
    case 'TRNAMT':
      transaction.amount ??= { value, line };
      break;
    case 'FITID':
      transaction.fitid ||= value;
      break;
    case 'NAME':
      transaction.name ||= value;
      break;
    case 'MEMO':
      transaction.memo ||= value;
      break;
    case 'CHECKNUM':
      transaction.checkNumber ||= value;
      break;
  }
}
