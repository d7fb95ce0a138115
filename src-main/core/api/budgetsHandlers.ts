import type { z } from 'zod';
import { budgetsCalls } from '../../../src-shared/contract/budgets';
import type { ParsedInputOf } from '../../../src-shared/contract/defineCall';
import { copyBudgetsFromPreviousMonth, getBudgetMonth, setBudget } from '../budgets';
import type { HandlerContext } from './handlerTypes';

type Calls = typeof budgetsCalls;

/**
 * The same shape as HandlerMap<DomainChannels<'budgets'>>, spelled from budgetsCalls so
 * it compiles before CONTRACT spreads them in; once it does, the two types are equal.
 */
type BudgetsHandlerMap = {
  readonly [K in keyof Calls]: (
    input: ParsedInputOf<Calls[K]>,
    ctx: HandlerContext,
  ) => z.input<Calls[K]['output']>;
};

/** Budgets: the month view, setting one budget, copying last month's. */
export const budgetsHandlers: BudgetsHandlerMap = {
  'budgets.get': ({ month }, { session }) => getBudgetMonth(session.requireVault().db, month),
  'budgets.set': (input, { session }) => setBudget(session.requireVault().db, input),
  'budgets.copyFromPreviousMonth': ({ month, overwrite }, { session }) => ({
    copied: copyBudgetsFromPreviousMonth(session.requireVault().db, month, overwrite),
  }),
};
