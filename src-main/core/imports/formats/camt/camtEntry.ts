import { isValidDate, type CurrencyCode, type DateString } from '../../../../../src-shared/domain';
import { ImportFileError, type ImportedRow } from '../../importedRow';
import { readStatementAmount } from '../shared/statementAmount';
import { attribute, child, children, textAt, type XmlNode } from '../shared/xmlElements';

/** What became of one `Ntry`: a row, or skipped with the reason (an information-only entry). */
export type EntryOutcome = { row: ImportedRow } | { skipped: string };

/**
 * One CAMT.053 entry (`Ntry`) as a row:
 *
 * - amount: `Amt` (its `Ccy` must be the account's), negative when `CdtDbtInd` is DBIT;
 *   a reversal (`RvslInd`) already carries the reversed direction in `CdtDbtInd`;
 * - date: `BookgDt/Dt` or `BookgDt/DtTm` (its date part), else the value date `ValDt`;
 * - pending: `Sts` (or `Sts/Cd` from version 08) PDNG or FUTR; INFO entries are skipped;
 * - payee: the counterparty — the creditor of a debit, the debtor of a credit —
 *   `RltdPties/Cdtr/Nm` (or `…/Cdtr/Pty/Nm` from version 08);
 * - memo: `RmtInf/Ustrd` lines, else a structured reference, else `AddtlTxInf` or
 *   `AddtlNtryInf`;
 * - externalId: see `externalIdOf`.
 *
 * A batch entry (several `TxDtls`, e.g. a collective transfer) is one row with the
 * entry's amount — it is one line on the bank statement and one movement of the
 * balance; its payee is the counterparty only when all parts share it, and its memo
 * says how many parts it has.
 */
export function entryOutcome(entry: XmlNode, currency: CurrencyCode): EntryOutcome {
  const status = (
    textAt(entry, 'Sts/Cd') ||
    textAt(entry, 'Sts/Prtry') ||
    textAt(entry, 'Sts')
  ).toUpperCase();
  if (status === 'INFO')
    return { skipped: 'an information-only entry (Sts INFO), not a booking; skipped' };
  const amountNode = child(entry, 'Amt');
  if (!amountNode) throw new ImportFileError('an entry (Ntry) without an amount (Amt)', entry.line);
  const code = (attribute(amountNode, 'Ccy') ?? currency).toUpperCase();
  if (code !== currency) {
    throw new ImportFileError(
      `this entry is in ${code.slice(0, 8)}, but the account is in ${currency}`,
      amountNode.line,
    );
  }
  const magnitude = readStatementAmount(amountNode.text, currency, 'Amt', amountNode.line);
  if (magnitude < 0)
    throw new ImportFileError(
      `Amt "${amountNode.text}" is negative; the direction belongs in CdtDbtInd`,
      amountNode.line,
    );
  const direction = textAt(entry, 'CdtDbtInd').toUpperCase();
  if (direction !== 'CRDT' && direction !== 'DBIT') {
    throw new ImportFileError(
      `CdtDbtInd "${direction.slice(0, 10)}" is neither CRDT nor DBIT`,
      child(entry, 'CdtDbtInd')?.line ?? entry.line,
    );
  }
  const amount = direction === 'DBIT' ? -magnitude : magnitude;
  const details = children(entry, 'NtryDtls/TxDtls');
  const date = bookingDate(entry);
  const pending = status === 'PDNG' || status === 'FUTR';
  const externalId = externalIdOf(entry, details, date, amount);
  return {
    row: {
      line: entry.line,
      date,
      amount,
      payee: payeeOf(details, direction),
      memo: memoOf(entry, details),
      // Some banks keep the reference when a pending entry is booked; a booked entry must
      // then not look like a duplicate of the pending one, but replace it.
      externalId: pending && externalId !== null ? `pending:${externalId}` : externalId,
      pending,
    },
  };
}

function bookingDate(entry: XmlNode): DateString {
  for (const path of ['BookgDt/Dt', 'BookgDt/DtTm', 'ValDt/Dt', 'ValDt/DtTm']) {
    const node = child(entry, path);
    if (!node) continue;
    const date = node.text.slice(0, 10);
    if (!isValidDate(date) || (node.text.length > 10 && node.text[10] !== 'T')) {
      throw new ImportFileError(
        `${path.replace('/', ' ')} "${node.text.slice(0, 40)}" is not a date`,
        node.line,
      );
    }
    return date;
  }
  throw new ImportFileError(
    'an entry (Ntry) without a booking date (BookgDt) or value date (ValDt)',
    entry.line,
  );
}

// The counterparty's name in each part; one name for the row when all parts agree.
function payeeOf(details: readonly XmlNode[], direction: 'CRDT' | 'DBIT'): string {
  const party = direction === 'DBIT' ? 'Cdtr' : 'Dbtr';
  const names = new Set(
    details.map((detail) => {
      const parties = child(detail, 'RltdPties');
      return (
        textAt(parties, `${party}/Nm`) ||
        textAt(parties, `${party}/Pty/Nm`) ||
        textAt(parties, `Ultmt${party}/Nm`) ||
        textAt(parties, `Ultmt${party}/Pty/Nm`)
      );
    }),
  );
  const [only] = names;
  return names.size === 1 && only !== undefined ? only : '';
}

function memoOf(entry: XmlNode, details: readonly XmlNode[]): string {
  const entryInfo = textAt(entry, 'AddtlNtryInf');
  if (details.length > 1)
    return [entryInfo, `batch of ${details.length} transactions`].filter(Boolean).join(' · ');
  const detail = details[0];
  const unstructured = children(detail, 'RmtInf/Ustrd')
    .map((line) => line.text)
    .filter(Boolean)
    .join(' ');
  return (
    unstructured ||
    textAt(detail, 'RmtInf/Strd/CdtrRefInf/Ref') ||
    textAt(detail, 'AddtlTxInf') ||
    entryInfo
  );
}

/**
 * The bank's id for the entry, in order of trust:
 * 1. `AcctSvcrRef` (entry, else its single `TxDtls/Refs`): the bank's unique reference,
 *    used as is;
 * 2. `NtryRef`, and 3. `TxDtls/Refs/EndToEndId` (not "NOTPROVIDED"): these are only
 *    unique within one statement (many banks number entries 1, 2, 3…) or are chosen by
 *    the payer (an invoice number reused every month), so they are combined with the date
 *    and amount — otherwise next month's entry 1 would be dropped as a "duplicate".
 * Without any of them: null, and the import's fingerprint dedupes the row.
 */
export function externalIdOf(
  entry: XmlNode,
  details: readonly XmlNode[],
  date: DateString,
  amount: number,
): string | null {
  const single = details.length === 1 ? details[0] : undefined;
  const servicer = textAt(entry, 'AcctSvcrRef') || textAt(single, 'Refs/AcctSvcrRef');
  if (servicer) return servicer;
  const entryRef = textAt(entry, 'NtryRef');
  if (entryRef) return `NtryRef:${entryRef}:${date}:${amount}`;
  const endToEnd = textAt(single, 'Refs/EndToEndId');
  if (endToEnd && endToEnd.toUpperCase() !== 'NOTPROVIDED')
    return `EndToEndId:${endToEnd}:${date}:${amount}`;
  return null;
}
