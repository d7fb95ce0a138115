import type { z } from 'zod';
import type { ParsedInputOf } from '../../../src-shared/contract/defineCall';
import { rulesCalls } from '../../../src-shared/contract/rules';
import {
  applyRules,
  createRule,
  deleteRule,
  listRules,
  previewRules,
  reorderRules,
  updateRule,
} from '../rules';
import type { DomainChannels, HandlerContext, HandlerMap } from './handlerTypes';

type RulesCalls = typeof rulesCalls;

/**
 * The rules' handlers typed from `rulesCalls` directly. Once CONTRACT spreads
 * rulesCalls this is the same type as HandlerMap<DomainChannels<'rules'>>; until then
 * that one is empty, and the intersection below keeps both states compiling.
 */
type RulesHandlerMap = {
  readonly [K in keyof RulesCalls]: (
    input: ParsedInputOf<RulesCalls[K]>,
    ctx: HandlerContext,
  ) => z.input<RulesCalls[K]['output']> | Promise<z.input<RulesCalls[K]['output']>>;
};

export const rulesHandlers: HandlerMap<DomainChannels<'rules'>> & RulesHandlerMap = {
  'rules.list': (_input, { session }) => listRules(session.requireVault().db),
  'rules.create': (input, { session }) => createRule(session.requireVault().db, input),
  'rules.update': (input, { session }) => updateRule(session.requireVault().db, input),
  'rules.delete': ({ id }, { session }) => {
    deleteRule(session.requireVault().db, id);
    return { deleted: 1 };
  },
  'rules.reorder': ({ ids }, { session }) => reorderRules(session.requireVault().db, ids),
  'rules.preview': ({ limit, ...selection }, { session }) =>
    previewRules(session.requireVault().db, selection, limit),
  'rules.apply': (selection, { session }) => ({
    changed: applyRules(session.requireVault().db, selection),
  }),
};
