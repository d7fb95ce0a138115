import { cashFlow, incomeVsExpense, netWorth, spendingByCategory, topPayees } from '../reports';
import type { DomainChannels, HandlerMap } from './handlerTypes';

type ReportsHandlerMap = HandlerMap<DomainChannels<'reports'>>;

/** Reports: read-only, per currency, from the maintained totals. */
export const reportsHandlers: ReportsHandlerMap = {
  'reports.spendingByCategory': (range, { session }) =>
    spendingByCategory(session.requireVault().db, range),
  'reports.incomeVsExpense': (range, { session }) =>
    incomeVsExpense(session.requireVault().db, range),
  'reports.netWorth': (range, { session }) => netWorth(session.requireVault().db, range),
  'reports.cashFlow': (input, { session }) => cashFlow(session.requireVault().db, input),
  'reports.topPayees': (input, { session }) => topPayees(session.requireVault().db, input),
};
