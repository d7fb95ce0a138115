import { useCall } from '../../api/hooks';
import { BarChart } from '../../ui/BarChart';
import { money } from '../../ui/format';
import { Empty, ErrorNote, Loading } from '../../ui/StateViews';

const TOP = 8;

/** This month's spending by category, one chart per currency, largest first. */
export function SpendingChart({ month }: { month: string }) {
  const report = useCall('reports.spendingByCategory', { from: month, to: month });
  const series = (report.data?.series ?? []).filter((s) => s.total > 0);
  return (
    <section className="card" aria-labelledby="spending-title">
      <h2 id="spending-title" className="card-title">
        Spending by category
      </h2>
      {report.status === 'loading' && <Loading />}
      {report.status === 'error' && <ErrorNote error={report.error} onRetry={report.reload} />}
      {report.status === 'success' && series.length === 0 && (
        <Empty title="No spending this month" />
      )}
      {series.map((s) => {
        const shown = s.categories.slice(0, TOP);
        const rest = s.categories.slice(TOP).reduce((total, c) => total + c.total, 0);
        const bars = shown.map((c) => ({
          label: c.name,
          value: c.total,
          display: money(c.total, s.currency),
        }));
        if (rest > 0)
          bars.push({ label: 'Everything else', value: rest, display: money(rest, s.currency) });
        return (
          <div key={s.currency} className="spending-series">
            {series.length > 1 && <h3>{s.currency}</h3>}
            <BarChart bars={bars} title={`Spending by category in ${s.currency}`} />
            <p className="muted dashboard-note">Total: {money(s.total, s.currency)}</p>
          </div>
        );
      })}
    </section>
  );
}
