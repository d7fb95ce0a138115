import { useMemo, useState, type ReactNode } from 'react';
import { call, hasCall } from '../../api/client';
import { useAction } from '../../api/hooks';
import { AccountsScreen } from '../accounts/AccountsScreen';
import { BanksScreen } from '../banks/BanksScreen';
import { BudgetsScreen } from '../budgets/BudgetsScreen';
import { DashboardScreen } from '../dashboard/DashboardScreen';
import { ExpensesScreen } from '../expenses/ExpensesScreen';
import { ImportScreen } from '../import/ImportScreen';
import { InvoicesScreen } from '../invoices/InvoicesScreen';
import { ReportsScreen } from '../reports/ReportsScreen';
import { RulesScreen } from '../rules/RulesScreen';
import { SettingsScreen } from '../settings/SettingsScreen';
import { TransactionsScreen } from '../transactions/TransactionsScreen';
import { NavIcon } from './NavIcon';
import { NavigationContext, type Navigation, type RouteParams } from './navigation';
import { ROUTES, type RouteId } from './routes';
import './shell.css';

/**
 * Whether a screen's contract is on this bridge. Screens whose calls do not exist yet are
 * shown as "coming soon" rather than failing; they light up when the calls are wired in.
 */
function available(route: RouteId): boolean {
  switch (route) {
    case 'budgets':
      return hasCall('budgets.get');
    case 'reports':
      return hasCall('reports.spendingByCategory');
    case 'import':
      return hasCall('imports.preview');
    case 'rules':
      return hasCall('rules.list');
    case 'expenses':
      return hasCall('expenses.list');
    case 'invoices':
      return hasCall('invoices.list');
    case 'banks':
      return hasCall('banks.list');
    default:
      return true;
  }
}

function screenFor(route: RouteId, params: RouteParams): ReactNode {
  switch (route) {
    case 'dashboard':
      return <DashboardScreen />;
    case 'transactions':
      return <TransactionsScreen initialAccountId={params.accountId} />;
    case 'accounts':
      return <AccountsScreen />;
    case 'budgets':
      return <BudgetsScreen />;
    case 'reports':
      return <ReportsScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'import':
      return <ImportScreen />;
    case 'rules':
      return <RulesScreen />;
    case 'expenses':
      return <ExpensesScreen />;
    case 'invoices':
      return <InvoicesScreen />;
    case 'banks':
      return <BanksScreen />;
  }
}

/** The unlocked app: left navigation and the current screen. */
export function Shell() {
  const [route, setRoute] = useState<RouteId>('dashboard');
  const [params, setParams] = useState<RouteParams>({});
  // Params are part of the key, so opening Transactions for another account starts fresh.
  const [visit, setVisit] = useState(0);
  const lock = useAction(() => call('vault.lock', {}));

  const navigation = useMemo<Navigation>(
    () => ({
      route,
      params,
      navigate: (next, nextParams = {}) => {
        setRoute(next);
        setParams(nextParams);
        setVisit((v) => v + 1);
      },
    }),
    [route, params],
  );

  return (
    <NavigationContext.Provider value={navigation}>
      <div className="shell">
        <nav className="nav" aria-label="Main">
          <div className="nav-brand">
            <span className="vault-logo" aria-hidden="true">
              C
            </span>
            Casike
          </div>
          <ul className="nav-list">
            {ROUTES.map((item) => {
              const soon = !available(item.id);
              return (
                <li key={item.id}>
                  <button
                    type="button"
                    className="nav-link"
                    aria-current={item.id === route ? 'page' : undefined}
                    onClick={() => navigation.navigate(item.id)}
                  >
                    <NavIcon id={item.id} />
                    <span className="nav-label">{item.label}</span>
                    {soon && <span className="badge nav-soon">Soon</span>}
                  </button>
                </li>
              );
            })}
          </ul>
          <div className="nav-footer">
            <button
              type="button"
              className="button nav-lock"
              onClick={() => void lock.run()}
              disabled={lock.pending}
            >
              <svg className="nav-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M6 11h12v10H6zM8 11V7a4 4 0 0 1 8 0v4" />
              </svg>
              Lock vault
            </button>
          </div>
        </nav>
        <div className="main" key={`${route}-${visit}`}>
          {screenFor(route, params)}
        </div>
      </div>
    </NavigationContext.Provider>
  );
}
