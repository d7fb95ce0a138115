import { ImportFileError } from '../../importedRow';
import type { Attribute, MarkupHandler } from '../shared/markupTokenizer';

/** What the statement reader hears from an OFX document, SGML or XML alike. */
export interface OfxEvents {
  aggregateOpen(name: string, line: number): void;
  aggregateClose(name: string, line: number): void;
  /** A data element; `parent` is the nearest enclosing aggregate this module knows. */
  leaf(name: string, value: string, line: number, parent: string | undefined): void;
}

/**
 * The OFX aggregates (elements that contain elements) this parser knows. In OFX 1.x
 * SGML only aggregates have end tags; knowing them lets a missing end tag on an
 * aggregate be reported instead of silently re-nesting the rest of the file.
 */
const AGGREGATES = new Set([
  'OFX', 'SIGNONMSGSRSV1', 'SONRS', 'STATUS', 'FI', 'BANKMSGSRSV1', 'STMTTRNRS', 'STMTRS',
  'BANKACCTFROM', 'BANKACCTTO', 'BANKTRANLIST', 'STMTTRN', 'LEDGERBAL', 'AVAILBAL', 'BALLIST',
  'BAL', 'CREDITCARDMSGSRSV1', 'CCSTMTTRNRS', 'CCSTMTRS', 'CCACCTFROM', 'CCACCTTO', 'PAYEE',
  'CURRENCY', 'ORIGCURRENCY', 'STMTENDTRNRS', 'STMTENDRS', 'CCSTMTENDTRNRS', 'CCSTMTENDRS',
  'CLOSING', 'INVSTMTMSGSRSV1', 'INVSTMTTRNRS', 'INVSTMTRS', 'SIGNUPMSGSRSV1', 'ACCTINFOTRNRS',
  'ACCTINFORS', 'ACCTINFO', 'BANKACCTINFO', 'CCACCTINFO', 'SECLISTMSGSRSV1', 'SECLIST',
  'IMAGEDATA', 'REWARDINFO', 'LOANSTMTRS', 'LOANSTMTTRNRS', 'LOANMSGSRSV1',
]); // prettier-ignore

/**
 * Data elements closed by the next tag even when they are empty: in SGML an empty
 * `<NAME>` followed by `<MEMO>` would otherwise swallow the MEMO as its child.
 */
const LEAVES = new Set([
  'TRNTYPE', 'DTPOSTED', 'DTUSER', 'DTAVAIL', 'TRNAMT', 'FITID', 'CORRECTFITID',
  'CORRECTACTION', 'SRVRTID', 'CHECKNUM', 'REFNUM', 'SIC', 'PAYEEID', 'NAME', 'EXTDNAME',
  'MEMO', 'CURDEF', 'BANKID', 'BRANCHID', 'ACCTID', 'ACCTTYPE', 'ACCTKEY', 'DTSTART', 'DTEND',
  'BALAMT', 'DTASOF', 'CODE', 'SEVERITY', 'MESSAGE', 'DTSERVER', 'LANGUAGE', 'DTPROFUP',
  'DTACCTUP', 'ORG', 'FID', 'TRNUID', 'CLTCOOKIE', 'CURSYM', 'CURRATE', 'MKTGINFO', 'ADDR1',
  'ADDR2', 'ADDR3', 'CITY', 'STATE', 'POSTALCODE', 'COUNTRY', 'PHONE', 'INV401KSOURCE',
  'INTU.BID', 'INTU.USERID',
]); // prettier-ignore

const MAX_DEPTH = 64;
const MAX_VALUE = 4096;

interface Open {
  name: string;
  line: number;
  aggregate: boolean;
  text: string;
  hasText: boolean;
  hasChildren: boolean;
}

/**
 * Gives OFX markup its element structure, for SGML (1.x) and XML (2.x) alike: a data
 * element is closed by its own end tag, or — SGML's rule — by the next start tag once it
 * has a value (or is a known data element). Aggregates must be closed explicitly, so a
 * truncated file is caught. Depth is bounded.
 */
export class OfxStructure implements MarkupHandler {
  private readonly stack: Open[] = [];
  private readonly upper = new Map<string, string>();
  private sawElement = false;

  constructor(private readonly events: OfxEvents) {}

  open(rawName: string, _attributes: readonly Attribute[], line: number): void {
    const name = this.normalName(rawName);
    this.sawElement = true;
    for (
      let top = this.top();
      top && !top.aggregate && (top.hasText || LEAVES.has(top.name));
      top = this.top()
    ) {
      this.pop();
    }
    if (this.stack.length >= MAX_DEPTH)
      throw new ImportFileError(`elements nested more than ${MAX_DEPTH} deep`, line);
    const parent = this.top();
    if (parent) parent.hasChildren = true;
    const aggregate = AGGREGATES.has(name);
    this.stack.push({ name, line, aggregate, text: '', hasText: false, hasChildren: false });
    if (aggregate) this.events.aggregateOpen(name, line);
  }

  text(text: string): void {
    const top = this.top();
    if (!top || top.aggregate || top.hasChildren) return;
    if (top.text.length < MAX_VALUE)
      top.text += text.length > MAX_VALUE ? text.slice(0, MAX_VALUE) : text;
    if (!top.hasText && /\S/.test(text)) top.hasText = true;
  }

  close(rawName: string, line: number): void {
    const name = this.normalName(rawName);
    let index = this.stack.length - 1;
    while (index >= 0 && this.stack[index]?.name !== name) index -= 1;
    if (index < 0) {
      // SGML writers sometimes close a data element that the next tag already closed.
      if (!AGGREGATES.has(name)) return;
      throw new ImportFileError(`</${name}> has no matching <${name}>`, line);
    }
    while (this.stack.length - 1 > index) {
      const inner = this.top();
      if (inner?.aggregate) {
        throw new ImportFileError(
          `</${name}> closes <${inner.name}> (line ${inner.line}), which was never closed`,
          line,
        );
      }
      this.pop();
    }
    this.pop();
  }

  /** The input is over: every aggregate must have been closed. */
  end(line: number): void {
    if (!this.sawElement)
      throw new ImportFileError('this is not an OFX file (no <OFX> element)', line);
    for (let top = this.top(); top; top = this.top()) {
      if (top.aggregate) {
        throw new ImportFileError(
          `the file ends before </${top.name}> (opened on line ${top.line}); it looks truncated`,
          line,
        );
      }
      this.pop();
    }
  }

  // OFX names are upper case; a few writers use lower case. Cached: names repeat.
  private normalName(name: string): string {
    let upper = this.upper.get(name);
    if (upper === undefined) {
      upper = name.toUpperCase();
      if (this.upper.size < 1024) this.upper.set(name, upper);
    }
    return upper;
  }

  private top(): Open | undefined {
    return this.stack[this.stack.length - 1];
  }

  private pop(): void {
    const element = this.stack.pop();
    if (!element) return;
    if (element.aggregate) this.events.aggregateClose(element.name, element.line);
    else if (!element.hasChildren)
      this.events.leaf(element.name, element.text.trim(), element.line, this.nearestAggregate());
  }

  private nearestAggregate(): string | undefined {
    for (let index = this.stack.length - 1; index >= 0; index -= 1) {
      const element = this.stack[index];
      if (element?.aggregate) return element.name;
    }
    return undefined;
  }
}
