import type { z } from 'zod';
import type { ParsedInputOf } from '../../../src-shared/contract/defineCall';
import { reportsCalls } from '../../../src-shared/contract/reports';
import { cashFlow, incomeVsExpense, netWorth, spendingByCategory, topPayees } from '../reports';
import type { HandlerContext } from './handlerTypes';

type Calls = typeof reportsCalls;

/**
 * The same shape as HandlerMap<DomainChannels<'reports'>>, spelled from reportsCalls so
 * it compiles before CONTRACT spreads them in; once it does, the two types are equal.
 */
type ReportsHandlerMap = {
  readonly [K in keyof Calls]: (
    input: ParsedInputOf<Calls[K]>,
    ctx: HandlerContext,
  ) => z.input<Calls[K]['output']>;
};

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
