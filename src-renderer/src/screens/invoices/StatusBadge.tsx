import type { InvoiceSummary } from '../../../../src-shared/contract';
import { statusText } from './invoiceLabels';

/** The status as a colored badge; overdue is shown in the danger color and in words. */
export function StatusBadge({ invoice }: { invoice: Pick<InvoiceSummary, 'status' | 'overdue'> }) {
  const tone = invoice.overdue ? 'overdue' : invoice.status;
  return (
    <span className={`badge invoice-status invoice-status-${tone}`} data-testid="invoice-status">
      {statusText(invoice)}
    </span>
  );
}
