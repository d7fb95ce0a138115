import { ImportFileError, type ImportedRow } from '../../importedRow';
import type { ParseContext } from '../../parserTypes';
import { maskedAccount as masked } from '../shared/maskedAccount';
import type { Attribute } from '../shared/markupTokenizer';
import { textAt, type XmlEvents, type XmlNode } from '../shared/xmlElements';
import { entryOutcome } from './camtEntry';

const CAMT_NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:camt\.(\d{3})\.001\.(\d{2})$/;
const OTHER_MESSAGES: Readonly<Record<string, string>> = {
  '052': 'a camt.052 intraday account report',
  '054': 'a camt.054 debit/credit notification',
  BkToCstmrAcctRpt: 'a camt.052 intraday account report',
  BkToCstmrDbtCdtNtfctn: 'a camt.054 debit/credit notification',
};

/**
 * Reads a CAMT.053 bank-to-customer statement (`Document/BkToCstmrStmt/Stmt/Ntry`), any
 * message version (001.02 to 001.13 share the parts used here). Only the statement's
 * account (`Acct`) and its entries are kept in memory, one entry at a time. Statements
 * for several accounts in one file are refused, naming them by their last four
 * characters; an account or entry in another currency than the target account's is
 * refused too.
 */
export class CamtStatementReader implements XmlEvents {
  private ready: ImportedRow[] = [];
  private firstAccount: string | null = null;
  private statements = 0;

  constructor(private readonly ctx: ParseContext) {}

  /** The rows completed since the last call. */
  take(): ImportedRow[] {
    const rows = this.ready;
    this.ready = [];
    return rows;
  }

  start(
    name: string,
    attributes: readonly Attribute[],
    line: number,
    path: readonly string[],
  ): boolean {
    const depth = path.length;
    if (depth === 0) this.checkRoot(name, attributes, line);
    else if (depth === 1) {
      const other = OTHER_MESSAGES[name];
      if (other) throw new ImportFileError(`this is ${other}, not a camt.053 statement`, line);
    } else if (depth === 2 && path[1] === 'BkToCstmrStmt' && name === 'Stmt') this.statements += 1;
    return depth === 3 && path[2] === 'Stmt' && (name === 'Acct' || name === 'Ntry');
  }

  element(node: XmlNode): void {
    if (node.name === 'Acct') this.checkAccount(node);
    else {
      const outcome = entryOutcome(node, this.ctx.currency);
      if ('row' in outcome) this.ready.push(outcome.row);
      else this.ctx.warn(node.line, outcome.skipped);
    }
  }

  /** The input is over: a file without a statement is refused. */
  end(line: number): void {
    if (this.statements === 0)
      throw new ImportFileError('this CAMT file holds no statement (BkToCstmrStmt/Stmt)', line);
  }

  private checkRoot(name: string, attributes: readonly Attribute[], line: number): void {
    if (name !== 'Document')
      throw new ImportFileError(
        `this XML file is not a CAMT.053 statement (its root is <${name}>)`,
        line,
      );
    for (const [key, value] of attributes) {
      if (key !== 'xmlns' && !key.startsWith('xmlns:')) continue;
      const match = CAMT_NAMESPACE.exec(value.trim());
      if (!match) continue;
      const other = OTHER_MESSAGES[match[1] ?? ''];
      if (other) throw new ImportFileError(`this is ${other}, not a camt.053 statement`, line);
      if (match[1] !== '053')
        throw new ImportFileError(
          `this is an ISO 20022 camt.${match[1]} message, not a camt.053 statement`,
          line,
        );
    }
  }

  private checkAccount(account: XmlNode): void {
    const currency = textAt(account, 'Ccy').toUpperCase();
    if (currency !== '' && currency !== (this.ctx.currency as string)) {
      throw new ImportFileError(
        `this statement is for an account in ${currency.slice(0, 8)}, but the account is in ${this.ctx.currency}`,
        account.line,
      );
    }
    const id = textAt(account, 'Id/IBAN') || textAt(account, 'Id/Othr/Id');
    if (this.firstAccount === null) {
      this.firstAccount = id;
      return;
    }
    if (id !== this.firstAccount) {
      throw new ImportFileError(
        `this file holds statements for more than one account (${masked(this.firstAccount)} and ${masked(id)}); export one account at a time`,
        account.line,
      );
    }
  }
}
