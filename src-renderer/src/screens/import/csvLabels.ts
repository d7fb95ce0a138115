import type { CsvAmountMapping, CsvDialect, CsvMapping } from '../../../../src-shared/contract';

/** Plain words for what detection found, so the user can check it at a glance. */
export const DELIMITER_NAMES: Record<CsvDialect['delimiter'], string> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'vertical bar',
};

export const ENCODING_NAMES: Record<CsvDialect['encoding'], string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 (with byte order mark)',
  'utf-16le': 'UTF-16 (little-endian)',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Windows-1252 (Western European)',
};

export const FORMAT_NAMES = {
  csv: 'CSV (comma-separated values)',
  ofx: 'OFX (Open Financial Exchange)',
  qfx: 'QFX (Quicken Web Connect)',
  qif: 'QIF (Quicken Interchange Format)',
  camt: 'camt.053 (ISO 20022 bank statement)',
} as const;

export function dialectSummary(dialect: CsvDialect): string {
  const parts = [
    ENCODING_NAMES[dialect.encoding],
    `${DELIMITER_NAMES[dialect.delimiter]}-separated`,
    dialect.hasHeader ? 'with a header row' : 'without a header row',
    `decimal ${dialect.decimalSeparator === ',' ? 'comma' : 'point'}`,
  ];
  if (dialect.skipRecords > 0) {
    parts.push(
      `${dialect.skipRecords} line${dialect.skipRecords === 1 ? '' : 's'} skipped above the table`,
    );
  }
  return parts.join(', ');
}

/** The role each column plays in the mapping, for the sample table's header. */
export function columnRoles(mapping: CsvMapping): Map<number, string> {
  const roles = new Map<number, string>();
  const add = (column: number | null, role: string) => {
    if (column === null) return;
    roles.set(column, roles.has(column) ? `${roles.get(column)}, ${role}` : role);
  };
  add(mapping.date, 'Date');
  add(mapping.payee, 'Payee');
  mapping.memo.forEach((column) => add(column, 'Memo'));
  amountColumns(mapping.amount).forEach(([column, role]) => add(column, role));
  add(mapping.externalId, 'Bank id');
  add(mapping.status?.column ?? null, 'Status');
  add(mapping.currency, 'Currency');
  return roles;
}

function amountColumns(amount: CsvAmountMapping): [number, string][] {
  switch (amount.kind) {
    case 'signed':
      return [[amount.column, 'Amount']];
    case 'debitCredit':
      return [
        [amount.debit, 'Money out'],
        [amount.credit, 'Money in'],
      ];
    case 'indicator':
      return [
        [amount.column, 'Amount'],
        [amount.indicator, 'In/out indicator'],
      ];
  }
}
