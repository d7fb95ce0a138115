import { useCall } from '../../api/hooks';
import { Amount } from '../../ui/Amount';
import { Empty, ErrorNote, Loading } from '../../ui/StateViews';
import { useNavigation } from '../shell/navigation';

/** Unpaid and overdue invoices: totals per currency (never summed across them) and a count. */
export function InvoicesCard() {
  const metrics = useCall('invoices.metrics', {});
  const { navigate } = useNavigation();
  const data = metrics.data;
  const currencies = data
    ? [...new Set([...data.outstanding, ...data.overdue].map((m) => m.currency))].sort()
    : [];
  const total = (list: readonly { currency: string; amount: number }[], currency: string) =>
    list.find((m) => m.currency === currency)?.amount ?? 0;

  return (
    <section className="card" aria-labelledby="invoices-card-title">
      <div className="card-header">
        <h2 id="invoices-card-title">Unpaid invoices</h2>
        <button type="button" className="button-link" onClick={() => navigate('invoices')}>
          View invoices
        </button>
      </div>
      {metrics.status === 'loading' && <Loading />}
      {metrics.status === 'error' && <ErrorNote error={metrics.error} onRetry={metrics.reload} />}
      {data && currencies.length === 0 && (
        <Empty title="Nothing outstanding">
          <p className="muted">Every issued invoice is paid.</p>
        </Empty>
      )}
      {data && currencies.length > 0 && (
        <>
          <table className="data-table invoices-card-table">
            <caption className="visually-hidden">Unpaid and overdue invoice totals</caption>
            <thead>
              <tr>
                <th scope="col">Currency</th>
                <th scope="col" className="amount">
                  Outstanding
                </th>
                <th scope="col" className="amount">
                  Overdue
                </th>
              </tr>
            </thead>
            <tbody>
              {currencies.map((currency) => (
                <tr key={currency}>
                  <th scope="row">{currency}</th>
                  <td className="amount">
                    <Amount minor={total(data.outstanding, currency)} currency={currency} />
                  </td>
                  <td className="amount">
                    <Amount minor={total(data.overdue, currency)} currency={currency} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p
            className={
              data.overdueCount > 0 ? 'dashboard-note invoices-overdue' : 'dashboard-note muted'
            }
          >
            {data.overdueCount === 0
              ? 'No invoice is overdue.'
              : `${data.overdueCount} invoice${data.overdueCount === 1 ? ' is' : 's are'} overdue.`}
          </p>
        </>
      )}
    </section>
  );
}
