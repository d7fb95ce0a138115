import type { Invoice } from '../../../../src-shared/contract';
import { money } from '../../ui/format';
import { emptyLine, type LineForm } from './invoiceForm';

/** The editable line table; each line's amount comes from the last draft the core saved. */
export function LineItemsEditor({
  lines,
  currency,
  saved,
  onChange,
}: {
  lines: LineForm[];
  currency: string;
  saved: Invoice | null;
  onChange: (lines: LineForm[]) => void;
}) {
  const update = (key: number, patch: Partial<LineForm>) =>
    onChange(lines.map((line) => (line.key === key ? { ...line, ...patch } : line)));
  let savedIndex = 0;
  return (
    <div className="invoice-lines">
      <table className="data-table invoice-lines-table">
        <caption className="visually-hidden">Line items</caption>
        <thead>
          <tr>
            <th scope="col">Description</th>
            <th scope="col">Quantity</th>
            <th scope="col">Unit price</th>
            <th scope="col">Tax %</th>
            <th scope="col">Discount %</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, index) => {
            const n = index + 1;
            const blank = line.description.trim() === '' && line.unitPrice.trim() === '';
            const amount = blank ? undefined : saved?.lines[savedIndex++]?.amount;
            return (
              <tr key={line.key}>
                <td>
                  <input
                    className="input invoice-line-description"
                    aria-label={`Line ${n} description`}
                    value={line.description}
                    onChange={(e) => update(line.key, { description: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    className="input invoice-line-number"
                    aria-label={`Line ${n} quantity`}
                    inputMode="decimal"
                    value={line.quantity}
                    onChange={(e) => update(line.key, { quantity: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    className="input invoice-line-number"
                    aria-label={`Line ${n} unit price`}
                    inputMode="decimal"
                    value={line.unitPrice}
                    onChange={(e) => update(line.key, { unitPrice: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    className="input invoice-line-percent"
                    aria-label={`Line ${n} tax rate in percent`}
                    inputMode="decimal"
                    value={line.taxRate}
                    onChange={(e) => update(line.key, { taxRate: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    className="input invoice-line-percent"
                    aria-label={`Line ${n} discount in percent`}
                    inputMode="decimal"
                    value={line.discount}
                    onChange={(e) => update(line.key, { discount: e.target.value })}
                  />
                </td>
                <td className="num amount" data-testid={`line-${n}-amount`}>
                  {amount === undefined ? '—' : money(amount, currency)}
                </td>
                <td>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove line ${n}`}
                    disabled={lines.length === 1}
                    onClick={() => onChange(lines.filter((l) => l.key !== line.key))}
                  >
                    <span aria-hidden="true">×</span>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button
        type="button"
        className="button button-small"
        onClick={() => onChange([...lines, emptyLine()])}
      >
        Add line
      </button>
    </div>
  );
}
