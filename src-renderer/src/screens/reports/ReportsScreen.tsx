import { useState } from 'react';
import { monthOf, shiftMonth, todayLocal } from '../../../../src-shared/domain';
import { hasCall } from '../../api/client';
import { useCall } from '../../api/hooks';
import { BarChart } from '../../ui/BarChart';
import { money, monthName } from '../../ui/format';
import { Empty, ErrorNote, Loading } from '../../ui/StateViews';
import { ComingSoon } from '../placeholder/ComingSoon';
import { ColumnChart } from './ColumnChart';
import './reports.css';

const RANGES = [
  { months: 1, label: 'This month' },
  { months: 3, label: 'Last 3 months' },
  { months: 6, label: 'Last 6 months' },
  { months: 12, label: 'Last 12 months' },
] as const;

/** Spending by category, income vs expenses, net worth and top payees over a range. */
export function ReportsScreen() {
  if (!hasCall('reports.spendingByCategory')) {
    return (
      <ComingSoon title="Reports">Spending, income, net worth and payees over time.</ComingSoon>
    );
  }
  return <Reports />;
}

function Reports() {
  const [months, setMonths] = useState<number>(6);
  const to = monthOf(todayLocal());
  const from = shiftMonth(to, -(months - 1));
  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">Reports</h1>
        <div className="screen-header-actions">
          <select
            className="input"
            aria-label="Period"
            value={months}
            onChange={(e) => setMonths(Number(e.target.value))}
          >
            {RANGES.map((r) => (
              <option key={r.months} value={r.months}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
      </header>
      <div className="reports-grid">
        <Spending from={from} to={to} />
        <IncomeExpense from={from} to={to} />
        <NetWorth from={from} to={to} />
        <TopPayees from={from} to={to} />
      </div>
    </section>
  );
}

interface Range {
  from: string;
  to: string;
}

function Spending({ from, to }: Range) {
  const report = useCall('reports.spendingByCategory', { from, to });
  const series = (report.data?.series ?? []).filter((s) => s.total > 0);
  return (
    <section className="card" aria-labelledby="r-spending">
      <h2 id="r-spending" className="card-title">
        Spending by category
      </h2>
      {report.status === 'loading' && <Loading />}
      {report.status === 'error' && <ErrorNote error={report.error} onRetry={report.reload} />}
      {report.status === 'success' && series.length === 0 && (
        <Empty title="No spending in this period" />
      )}
      {series.map((s) => (
        <div key={s.currency}>
          {series.length > 1 && <h3>{s.currency}</h3>}
          <BarChart
            title={`Spending by category in ${s.currency}`}
            bars={s.categories
              .slice(0, 12)
              .map((c) => ({ label: c.name, value: c.total, display: money(c.total, s.currency) }))}
          />
        </div>
      ))}
    </section>
  );
}

function IncomeExpense({ from, to }: Range) {
  const report = useCall('reports.incomeVsExpense', { from, to });
  const series = report.data?.series ?? [];
  return (
    <section className="card" aria-labelledby="r-ie">
      <h2 id="r-ie" className="card-title">
        Income vs expenses
      </h2>
      {report.status === 'loading' && <Loading />}
      {report.status === 'error' && <ErrorNote error={report.error} onRetry={report.reload} />}
      {report.status === 'success' && series.length === 0 && <Empty title="No accounts yet" />}
      {series.map((s) => (
        <div key={s.currency}>
          {series.length > 1 && <h3>{s.currency}</h3>}
          <ColumnChart
            title={`Income and expenses per month in ${s.currency}`}
            labels={s.points.map((p) => monthName(p.month))}
            series={[
              { name: 'Income', tone: 'positive', values: s.points.map((p) => p.income) },
              { name: 'Expenses', tone: 'negative', values: s.points.map((p) => p.expense) },
            ]}
            format={(v) => money(v, s.currency)}
          />
          <p className="muted report-note">
            Net over the period: {money(s.totals.net, s.currency)}
          </p>
        </div>
      ))}
    </section>
  );
}

function NetWorth({ from, to }: Range) {
  const report = useCall('reports.netWorth', { from, to });
  const series = report.data?.series ?? [];
  return (
    <section className="card" aria-labelledby="r-nw">
      <h2 id="r-nw" className="card-title">
        Net worth
      </h2>
      {report.status === 'loading' && <Loading />}
      {report.status === 'error' && <ErrorNote error={report.error} onRetry={report.reload} />}
      {series.map((s) => (
        <div key={s.currency}>
          {series.length > 1 && <h3>{s.currency}</h3>}
          <ColumnChart
            title={`Net worth at each month's end in ${s.currency}`}
            labels={s.points.map((p) => monthName(p.month))}
            series={[
              { name: 'Net worth', tone: 'accent', values: s.points.map((p) => p.netWorth) },
            ]}
            format={(v) => money(v, s.currency)}
          />
        </div>
      ))}
    </section>
  );
}

function TopPayees({ from, to }: Range) {
  const report = useCall('reports.topPayees', { from, to, limit: 10, direction: 'outflow' });
  const series = (report.data?.series ?? []).filter((s) => s.payees.length > 0);
  return (
    <section className="card" aria-labelledby="r-payees">
      <h2 id="r-payees" className="card-title">
        Top payees
      </h2>
      {report.status === 'loading' && <Loading />}
      {report.status === 'error' && <ErrorNote error={report.error} onRetry={report.reload} />}
      {report.status === 'success' && series.length === 0 && (
        <Empty title="No payments in this period" />
      )}
      {series.map((s) => (
        <table key={s.currency} className="data-table">
          <caption className="visually-hidden">Top payees in {s.currency}</caption>
          <thead>
            <tr>
              <th scope="col">Payee</th>
              <th scope="col" className="amount">
                Transactions
              </th>
              <th scope="col" className="amount">
                Paid
              </th>
            </tr>
          </thead>
          <tbody>
            {s.payees.map((p) => (
              <tr key={p.payeeId}>
                <th scope="row">{p.name}</th>
                <td className="amount">{p.count.toLocaleString()}</td>
                <td className="amount">{money(p.amount, s.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}
