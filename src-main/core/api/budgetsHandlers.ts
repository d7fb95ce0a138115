import { copyBudgetsFromPreviousMonth, getBudgetMonth, setBudget } from '../budgets';
import type { DomainChannels, HandlerMap } from './handlerTypes';

type BudgetsHandlerMap = HandlerMap<DomainChannels<'budgets'>>;

/** Budgets: the month view, setting one budget, copying last month's. */
export const budgetsHandlers: BudgetsHandlerMap = {
  'budgets.get': ({ month }, { session }) => getBudgetMonth(session.requireVault().db, month),
  'budgets.set': (input, { session }) => setBudget(session.requireVault().db, input),
  'budgets.copyFromPreviousMonth': ({ month, overwrite }, { session }) => ({
    copied: copyBudgetsFromPreviousMonth(session.requireVault().db, month, overwrite),
  }),
};
