import { useCall } from '../../api/hooks';
import { money } from '../../ui/format';
import { Progress } from '../../ui/Progress';
import { Empty, ErrorNote, Loading } from '../../ui/StateViews';
import { useNavigation } from '../shell/navigation';

/** This month against the budget: planned, spent, left to spend, the busiest categories. */
export function BudgetSummary({ month }: { month: string }) {
  const budget = useCall('budgets.get', { month });
  const { navigate } = useNavigation();
  const data = budget.data;
  const currency = data?.currency ?? null;
  const planned = data ? data.totals.budgeted + data.totals.carriedIn : 0;
  const spent = data ? data.totals.spent + data.totals.uncategorizedSpent : 0;
  const lines = (data?.lines ?? [])
    .filter((l) => l.kind === 'expense' && l.budgeted + l.carriedIn > 0)
    .sort((a, b) => b.actual / (b.budgeted + b.carriedIn) - a.actual / (a.budgeted + a.carriedIn))
    .slice(0, 5);
  return (
    <section className="card" aria-labelledby="budget-title">
      <div className="card-header">
        <h2 id="budget-title">This month vs budget</h2>
        <button type="button" className="button-link" onClick={() => navigate('budgets')}>
          Budgets
        </button>
      </div>
      {budget.status === 'loading' && <Loading />}
      {budget.status === 'error' && <ErrorNote error={budget.error} onRetry={budget.reload} />}
      {data && currency === null && <Empty title="No budget yet" />}
      {data && currency !== null && (
        <>
          {planned === 0 ? (
            <Empty title="No budget for this month">
              <button
                type="button"
                className="button button-small"
                onClick={() => navigate('budgets')}
              >
                Set a budget
              </button>
            </Empty>
          ) : (
            <div className="budget-summary">
              <div className="budget-figures">
                <span>
                  Spent <strong>{money(spent, currency)}</strong> of {money(planned, currency)}
                </span>
                <span className={data.totals.leftToSpend < 0 ? 'amount-negative' : 'muted'}>
                  {data.totals.leftToSpend < 0
                    ? `${money(-data.totals.leftToSpend, currency)} over`
                    : `${money(data.totals.leftToSpend, currency)} left`}
                </span>
              </div>
              <Progress value={spent} max={planned} label="Spent of this month's budget" />
              <ul className="budget-lines">
                {lines.map((line) => (
                  <li key={line.categoryId}>
                    <div className="budget-line-head">
                      <span>{line.name}</span>
                      <span className="muted">
                        {money(line.actual, currency)} /{' '}
                        {money(line.budgeted + line.carriedIn, currency)}
                      </span>
                    </div>
                    <Progress
                      value={line.actual}
                      max={line.budgeted + line.carriedIn}
                      label={`${line.name}: spent of budget`}
                    />
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </section>
  );
}
