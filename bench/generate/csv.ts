import { closeSync, openSync, writeSync } from 'node:fs';
import { toDecimalString } from '../../src-shared/domain';
import type { GeneratedTransaction } from './dataset';
import { accountSpec } from './profiles';

/**
 * The generated ledger as one bank-export CSV (date, payee, memo, amount, account),
 * for the CSV import scenario and the peers (hledger reads CSV). Each account's
 * lines are what its bank would print: a transfer is a line in both accounts, a split
 * purchase is one line (banks know nothing of splits). Amounts are decimal strings
 * in the account's currency, outflows negative.
 */
export class CsvWriter {
  private readonly fd: number;
  private buffer: string[] = [];
  lines = 0;

  constructor(file: string) {
    this.fd = openSync(file, 'w', 0o600);
    this.buffer.push('date,payee,memo,amount,account');
  }

  add(record: GeneratedTransaction): void {
    this.line(record.date, record.payee ?? '', record.memo, record.amount, record.account);
    if (record.transfer) {
      this.line(record.date, '', record.memo, record.transfer.amount, record.transfer.to);
    }
    // Buffered: one write per ~10k lines keeps a 1M-row export to a few hundred syscalls.
    if (this.buffer.length >= 10_000) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private line(
    date: string,
    payee: string,
    memo: string,
    amount: number,
    account: GeneratedTransaction['account'],
  ): void {
    const spec = accountSpec(account);
    // prettier-ignore
    this.buffer.push([date, quote(payee), quote(memo), toDecimalString(amount, spec.currency), quote(spec.name)].join(','));
    this.lines += 1;
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, `${this.buffer.join('\n')}\n`);
    this.buffer = [];
  }
}

/** RFC 4180: quote a field holding a comma, quote or line break; double inner quotes. */
function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
