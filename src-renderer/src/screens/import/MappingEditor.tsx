import {
  CSV_DATE_FORMATS,
  type CsvAmountMapping,
  type CsvDateFormat,
  type CsvMapping,
  type CsvPreview,
} from '../../../../src-shared/contract';
import { SelectField } from '../../ui/Field';
import { columnRoles } from './csvLabels';

interface Props {
  csv: CsvPreview;
  mapping: CsvMapping;
  dateFormat: CsvDateFormat;
  onMapping: (mapping: CsvMapping) => void;
  onDateFormat: (format: CsvDateFormat) => void;
}

const NONE = '';

function ColumnOptions({ columns, none }: { columns: readonly string[]; none?: string }) {
  return (
    <>
      {none !== undefined && <option value={NONE}>{none}</option>}
      {columns.map((name, index) => (
        <option key={index} value={String(index)}>
          {name}
        </option>
      ))}
    </>
  );
}

/**
 * Which column means what, as detected, with the chance to correct it. Each change asks
 * the core for a fresh preview, so the rows below always show what would be imported.
 */
export function MappingEditor({ csv, mapping, dateFormat, onMapping, onDateFormat }: Props) {
  const columns = csv.columns;
  const dateFormats =
    csv.needsDateFormatChoice && csv.dateFormatCandidates.length > 0
      ? csv.dateFormatCandidates
      : CSV_DATE_FORMATS;
  const roles = columnRoles(mapping);
  const column = (value: string): number | null => (value === NONE ? null : Number(value));

  return (
    <div className="import-mapping">
      <div className="import-mapping-fields">
        <SelectField
          label="Date column"
          value={String(mapping.date)}
          onChange={(v) => onMapping({ ...mapping, date: Number(v) })}
        >
          <ColumnOptions columns={columns} />
        </SelectField>
        <SelectField
          label={csv.needsDateFormatChoice ? 'Date format (please choose)' : 'Date format'}
          value={dateFormat}
          onChange={(v) => onDateFormat(v as CsvDateFormat)}
          className={csv.needsDateFormatChoice ? 'field-attention' : undefined}
        >
          {dateFormats.map((format) => (
            <option key={format} value={format}>
              {format}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Payee column"
          value={mapping.payee === null ? NONE : String(mapping.payee)}
          onChange={(v) => onMapping({ ...mapping, payee: column(v) })}
        >
          <ColumnOptions columns={columns} none="No payee column" />
        </SelectField>
        <SelectField
          label="Memo column"
          value={mapping.memo[0] === undefined ? NONE : String(mapping.memo[0])}
          onChange={(v) => {
            const first = column(v);
            onMapping({
              ...mapping,
              memo: first === null ? [] : [first, ...mapping.memo.slice(1)],
            });
          }}
        >
          <ColumnOptions columns={columns} none="No memo column" />
        </SelectField>
        <AmountFields
          amount={mapping.amount}
          columns={columns}
          onChange={(amount) => onMapping({ ...mapping, amount })}
        />
      </div>
      {csv.sample.length > 0 && (
        <div
          className="import-sample"
          tabIndex={0}
          aria-label="The first lines of the file, as read"
        >
          <table className="data-table">
            <caption className="visually-hidden">The first lines of the file, as read</caption>
            <thead>
              <tr>
                {columns.map((name, index) => (
                  <th key={index} scope="col">
                    {name}
                    {roles.has(index) && (
                      <span className="badge import-role">{roles.get(index)}</span>
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {csv.sample.slice(0, 5).map((cells, row) => (
                <tr key={row}>
                  {columns.map((_name, index) => (
                    <td key={index}>{cells[index] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function AmountFields({
  amount,
  columns,
  onChange,
}: {
  amount: CsvAmountMapping;
  columns: readonly string[];
  onChange: (amount: CsvAmountMapping) => void;
}) {
  switch (amount.kind) {
    case 'signed':
      return (
        <>
          <SelectField
            label="Amount column"
            value={String(amount.column)}
            onChange={(v) => onChange({ ...amount, column: Number(v) })}
          >
            <ColumnOptions columns={columns} />
          </SelectField>
          <label className="checkbox import-invert">
            <input
              type="checkbox"
              checked={amount.invert}
              onChange={(e) => onChange({ ...amount, invert: e.target.checked })}
            />
            Purchases are positive in this file (flip the sign)
          </label>
        </>
      );
    case 'debitCredit':
      return (
        <>
          <SelectField
            label="Money out column"
            value={String(amount.debit)}
            onChange={(v) => onChange({ ...amount, debit: Number(v) })}
          >
            <ColumnOptions columns={columns} />
          </SelectField>
          <SelectField
            label="Money in column"
            value={String(amount.credit)}
            onChange={(v) => onChange({ ...amount, credit: Number(v) })}
          >
            <ColumnOptions columns={columns} />
          </SelectField>
        </>
      );
    case 'indicator':
      return (
        <p className="field-hint">
          The amount is in “{columns[amount.column]}” and its direction in “
          {columns[amount.indicator]}” ({amount.debitValues.join(', ')} means money out).
        </p>
      );
  }
}
