/** The app's screens, in navigation order. */
export const ROUTES = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'transactions', label: 'Transactions' },
  { id: 'accounts', label: 'Accounts' },
  { id: 'banks', label: 'Banks' },
  { id: 'budgets', label: 'Budgets' },
  { id: 'reports', label: 'Reports' },
  { id: 'rules', label: 'Rules' },
  { id: 'import', label: 'Import' },
  { id: 'expenses', label: 'Expenses' },
  { id: 'invoices', label: 'Invoices' },
  { id: 'settings', label: 'Settings' },
] as const;

export type RouteId = (typeof ROUTES)[number]['id'];
