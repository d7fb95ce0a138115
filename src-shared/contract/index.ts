/**
 * The IPC contract: every call the UI can make, each with a zod schema for its input
 * and its output. Main validates both; the preload exposes exactly these names; the
 * renderer's types are derived from here and never written twice.
 *
 * Adding a call: add it to its domain's file, make sure the domain's calls are spread
 * into CONTRACT below, add its name to channels.ts (a test keeps them equal), and
 * give it a handler in src-main/core/api.
 */
import type { CallResult } from './errors';
import type { InputOf, OutputOf } from './defineCall';
import type { EventName, EventPayload } from './events';
import { ledgerCalls } from './ledger';
import { rulesCalls } from './rules';
import { importsCalls } from './imports';
import { budgetsCalls } from './budgets';
import { reportsCalls } from './reports';
import { categorizeCalls } from './categorize';
import { vaultCalls } from './vault';
import { clientsCalls, invoicesCalls, pdfExportCalls } from './invoices';
import { expensesCalls, receiptsCalls } from './expenses';
import { banksCalls, billingCalls } from './banks';

export const CONTRACT = {
  ...vaultCalls,
  ...ledgerCalls,
  ...rulesCalls,
  ...importsCalls,
  ...budgetsCalls,
  ...reportsCalls,
  ...categorizeCalls,
  ...clientsCalls,
  ...invoicesCalls,
  ...pdfExportCalls,
  ...expensesCalls,
  ...receiptsCalls,
  ...banksCalls,
  ...billingCalls,
} as const;

export type Contract = typeof CONTRACT;
export type Channel = keyof Contract;

type DomainOf<C extends string> = C extends `${infer D}.${string}` ? D : never;
type MethodOf<C extends string, D extends string> = C extends `${D}.${infer M}` ? M : never;

/** `window.casike`: one async function per call, grouped by domain, plus subscribe. */
export type CasikeApi = {
  readonly [D in DomainOf<Channel>]: {
    readonly [C in Channel as MethodOf<C, D>]: (
      input: InputOf<Contract[C]>,
    ) => Promise<CallResult<OutputOf<Contract[C]>>>;
  };
} & {
  readonly subscribe: <E extends EventName>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ) => () => void;
};

export { CHANNELS, EVENT_NAMES } from './channels';
export { EVENTS, type EventName, type EventPayload } from './events';
export {
  ERROR_CODES,
  CallErrorSchema,
  type CallError,
  type CallResult,
  type ErrorCode,
} from './errors';
export { call, type CallSpec, type InputOf, type OutputOf, type ParsedInputOf } from './defineCall';
export * from './vault';
export * from './ledger';
export * from './rules';
export * from './imports';
export * from './csvImport';
export * from './budgets';
export * from './reports';
export * from './categorize';
export * from './invoices';
export * from './expenses';
export * from './banks';
