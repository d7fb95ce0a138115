import type { InvoiceTotals } from '../../../../src-shared/contract';
import { money } from '../../ui/format';
import { percentText } from './invoiceForm';

/** The totals exactly as the core computed them (rounding lives in the core, not here). */
export function TotalsView({
  totals,
  currency,
  label = 'Invoice totals',
}: {
  totals: InvoiceTotals;
  currency: string;
  label?: string;
}) {
  return (
    <dl className="invoice-totals" aria-label={label}>
      <div>
        <dt>Subtotal</dt>
        <dd className="amount" data-testid="invoice-subtotal">
          {money(totals.subtotal, currency)}
        </dd>
      </div>
      {totals.discount !== 0 && (
        <div>
          <dt>Discount</dt>
          <dd className="amount" data-testid="invoice-discount">
            −{money(totals.discount, currency)}
          </dd>
        </div>
      )}
      {totals.taxes
        .filter((row) => row.rateBp > 0)
        .map((row) => (
          <div key={row.rateBp}>
            <dt>
              Tax {percentText(row.rateBp)}% on {money(row.base, currency)}
            </dt>
            <dd className="amount">{money(row.tax, currency)}</dd>
          </div>
        ))}
      <div>
        <dt>Tax</dt>
        <dd className="amount" data-testid="invoice-tax">
          {money(totals.tax, currency)}
        </dd>
      </div>
      <div className="invoice-total-row">
        <dt>Total</dt>
        <dd className="amount" data-testid="invoice-total">
          {money(totals.total, currency)}
        </dd>
      </div>
    </dl>
  );
}
