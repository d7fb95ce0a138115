import { useState } from 'react';
import {
  isCurrencyCode,
  monthOf,
  shiftMonth,
  toDecimalString,
  todayLocal,
} from '../../../../src-shared/domain';
import { call, hasCall } from '../../api/client';
import { useAction, useCall } from '../../api/hooks';
import { UserInputError } from '../../api/errors';
import { invalidate } from '../../api/queryStore';
import { money, monthName, readAmount } from '../../ui/format';
import { Progress } from '../../ui/Progress';
import { Empty, ErrorNote, FormError, Loading } from '../../ui/StateViews';
import { ComingSoon } from '../placeholder/ComingSoon';
import type { BudgetLine } from '../../../../src-shared/contract/budgets';
import './budgets.css';

/** The month's budget: an amount per category, rollover, actual, what is left. */
export function BudgetsScreen() {
  if (!hasCall('budgets.get')) {
    return <ComingSoon title="Budgets">Monthly budgets per category with rollover.</ComingSoon>;
  }
  return <BudgetMonthView />;
}

function BudgetMonthView() {
  const [month, setMonth] = useState(monthOf(todayLocal()));
  const budget = useCall('budgets.get', { month });
  const copy = useAction(async () => {
    const result = await call('budgets.copyFromPreviousMonth', { month });
    invalidate('budgets.');
    return result;
  });
  const data = budget.data;
  const currency = data?.currency ?? null;
  const expense = (data?.lines ?? []).filter((l) => l.kind === 'expense');
  const income = (data?.lines ?? []).filter((l) => l.kind === 'income');

  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">Budgets</h1>
        <div className="screen-header-actions month-picker">
          <button
            type="button"
            className="icon-button"
            aria-label="Previous month"
            onClick={() => setMonth(shiftMonth(month, -1))}
          >
            <span aria-hidden="true">‹</span>
          </button>
          <span className="month-label" aria-live="polite">
            {monthName(month)}
          </span>
          <button
            type="button"
            className="icon-button"
            aria-label="Next month"
            onClick={() => setMonth(shiftMonth(month, 1))}
          >
            <span aria-hidden="true">›</span>
          </button>
          <button
            type="button"
            className="button"
            onClick={() => void copy.run()}
            disabled={copy.pending}
          >
            Copy last month
          </button>
        </div>
      </header>
      <FormError message={copy.error} />
      {budget.status === 'loading' && <Loading />}
      {budget.status === 'error' && <ErrorNote error={budget.error} onRetry={budget.reload} />}
      {data && currency === null && (
        <div className="card">
          <Empty title="Add an account first">
            Budgets use the currency of your first account.
          </Empty>
        </div>
      )}
      {data && currency !== null && (
        <>
          <div className="budget-totals">
            <Figure
              label="Budgeted"
              value={money(data.totals.budgeted + data.totals.carriedIn, currency)}
            />
            <Figure label="Spent" value={money(data.totals.spent, currency)} />
            <Figure
              label="Unplanned (uncategorized)"
              value={money(data.totals.uncategorizedSpent, currency)}
            />
            <Figure
              label="Left to spend"
              value={money(data.totals.leftToSpend, currency)}
              tone={data.totals.leftToSpend < 0 ? 'amount-negative' : undefined}
            />
          </div>
          <div className="card card-flush">
            <BudgetTable title="Expenses" lines={expense} month={month} currency={currency} />
          </div>
          {income.length > 0 && (
            <div className="card card-flush">
              <BudgetTable title="Income" lines={income} month={month} currency={currency} />
            </div>
          )}
          <section className="card" aria-labelledby="ie-title">
            <h2 id="ie-title">Income vs expenses</h2>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Currency</th>
                  <th scope="col" className="amount">
                    Income
                  </th>
                  <th scope="col" className="amount">
                    Expenses
                  </th>
                  <th scope="col" className="amount">
                    Net
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.incomeVsExpense.map((row) => (
                  <tr key={row.currency}>
                    <th scope="row">{row.currency}</th>
                    <td className="amount">{money(row.income, row.currency)}</td>
                    <td className="amount">{money(row.expense, row.currency)}</td>
                    <td className={row.net < 0 ? 'amount amount-negative' : 'amount'}>
                      {money(row.net, row.currency)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </section>
  );
}

function Figure({
  label,
  value,
  tone,
}: {
  label: string;
  value: string;
  tone?: string | undefined;
}) {
  return (
    <div className="card budget-figure">
      <span className="muted">{label}</span>
      <strong className={tone}>{value}</strong>
    </div>
  );
}

function BudgetTable({
  title,
  lines,
  month,
  currency,
}: {
  title: string;
  lines: readonly BudgetLine[];
  month: string;
  currency: string;
}) {
  return (
    <table className="data-table budget-table">
      <caption className="budget-caption">{title}</caption>
      <thead>
        <tr>
          <th scope="col">Category</th>
          <th scope="col" className="amount">
            Budgeted
          </th>
          <th scope="col">Rollover</th>
          <th scope="col" className="amount">
            Carried in
          </th>
          <th scope="col" className="amount">
            {title === 'Income' ? 'Received' : 'Spent'}
          </th>
          <th scope="col" className="amount">
            Available
          </th>
          <th scope="col" className="budget-progress-col">
            <span className="visually-hidden">Progress</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.length === 0 && (
          <tr>
            <td colSpan={7} className="muted">
              No categories. Add some in Settings.
            </td>
          </tr>
        )}
        {lines.map((line) => (
          <BudgetRow
            key={`${line.categoryId}-${line.budgeted}-${line.rollover}`}
            line={line}
            month={month}
            currency={currency}
          />
        ))}
      </tbody>
    </table>
  );
}

function BudgetRow({
  line,
  month,
  currency,
}: {
  line: BudgetLine;
  month: string;
  currency: string;
}) {
  const initial = isCurrencyCode(currency)
    ? toDecimalString(line.budgeted, currency)
    : String(line.budgeted);
  const [text, setText] = useState(initial);
  const save = useAction(async (patch: { amountText?: string; rollover?: boolean }) => {
    const typed = patch.amountText?.trim();
    const amount =
      typed === undefined
        ? line.budgeted
        : typed === ''
          ? 0
          : readAmount(typed, currency, 'budget');
    if (amount < 0) throw new UserInputError('A budget cannot be negative.');
    const saved = await call('budgets.set', {
      month,
      categoryId: line.categoryId,
      amount,
      ...(patch.rollover !== undefined ? { rollover: patch.rollover } : {}),
    });
    invalidate('budgets.');
    return saved;
  });
  const commit = () => {
    if (text !== initial) void save.run({ amountText: text });
  };
  const planned = line.budgeted + line.carriedIn;
  return (
    <tr>
      <th scope="row">
        {line.name}
        <span className="muted budget-group"> · {line.groupName}</span>
        <FormError message={save.error} />
      </th>
      <td className="amount">
        <input
          className="input budget-input"
          inputMode="decimal"
          aria-label={`Budget for ${line.name} in ${currency}`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') setText(initial);
          }}
        />
      </td>
      <td>
        <input
          type="checkbox"
          className="budget-rollover"
          aria-label={`Roll the unspent rest of ${line.name} into next month`}
          checked={line.rollover}
          disabled={line.kind === 'income'}
          onChange={(e) => void save.run({ rollover: e.target.checked })}
        />
      </td>
      <td className="amount muted">{money(line.carriedIn, currency)}</td>
      <td className="amount">
        {money(line.actual, currency)}
        {line.otherCurrencies.map((o) => (
          <div key={o.currency} className="muted budget-foreign">
            + {money(o.actual, o.currency)}
          </div>
        ))}
      </td>
      <td className={line.available < 0 ? 'amount amount-negative' : 'amount'}>
        {money(line.available, currency)}
      </td>
      <td className="budget-progress-col">
        {planned > 0 && (
          <Progress value={line.actual} max={planned} label={`${line.name}: ${title(line)}`} />
        )}
      </td>
    </tr>
  );
}

function title(line: BudgetLine): string {
  return line.kind === 'income' ? 'received of budget' : 'spent of budget';
}
