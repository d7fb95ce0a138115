import { useCall } from '../../api/hooks';
import { money } from '../../ui/format';
import { ErrorNote, Loading } from '../../ui/StateViews';

type PerCurrency = readonly { currency: string; amount: number }[];

/** Amounts in several currencies side by side: currencies are never added together. */
function Amounts({ values }: { values: PerCurrency }) {
  if (values.length === 0) return <span className="muted">None</span>;
  return (
    <span className="invoice-metric-values">
      {values.map((value) => (
        <span key={value.currency} className="amount">
          {money(value.amount, value.currency)}
        </span>
      ))}
    </span>
  );
}

/** Outstanding, overdue, paid this month, average days to pay and revenue by client. */
export function InvoiceMetrics() {
  const metrics = useCall('invoices.metrics', {});
  if (metrics.status === 'loading') return <Loading label="Adding up your invoices…" />;
  if (metrics.status === 'error')
    return <ErrorNote error={metrics.error} onRetry={metrics.reload} />;
  const data = metrics.data;
  if (!data) return null;
  return (
    <div className="invoice-metrics">
      <dl className="invoice-metric-tiles">
        <div className="card invoice-metric">
          <dt>Outstanding</dt>
          <dd>
            <Amounts values={data.outstanding} />
          </dd>
        </div>
        <div
          className={
            data.overdueCount > 0 ? 'card invoice-metric is-overdue' : 'card invoice-metric'
          }
        >
          <dt>Overdue{data.overdueCount > 0 ? ` (${data.overdueCount})` : ''}</dt>
          <dd>
            <Amounts values={data.overdue} />
          </dd>
        </div>
        <div className="card invoice-metric">
          <dt>Paid this month</dt>
          <dd>
            <Amounts values={data.paidThisMonth} />
          </dd>
        </div>
        <div className="card invoice-metric">
          <dt>Average days to pay</dt>
          <dd>
            {data.averageDaysToPay === null ? (
              <span className="muted">No paid invoices yet</span>
            ) : (
              `${Math.round(data.averageDaysToPay * 10) / 10} days`
            )}
          </dd>
        </div>
      </dl>
      {data.revenueByClient.length > 0 && (
        <div className="card card-flush">
          <table className="data-table">
            <caption className="invoice-caption">Revenue by client</caption>
            <thead>
              <tr>
                <th scope="col">Client</th>
                <th scope="col" className="num">
                  Revenue
                </th>
              </tr>
            </thead>
            <tbody>
              {data.revenueByClient.map((row) => (
                <tr key={`${row.clientId}-${row.currency}`}>
                  <th scope="row">{row.clientName}</th>
                  <td className="num amount">{money(row.amount, row.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
