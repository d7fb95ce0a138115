/**
 * The core's API: every contract call's handler, merged from the domains, behind one
 * dispatcher. Transports (src-main/ipc for Electron, the web harness) call `dispatch`.
 */
import type { Channel } from '../../../src-shared/contract';
import { AppSession, type AppSessionOptions } from '../session/appSession';
import { createDispatcher, mergeHandlers, type Dispatch } from './dispatch';
import type { HandlerMap } from './handlerTypes';
import { ledgerHandlers } from './ledgerHandlers';
import { applyRulesToDraft } from '../rules';
import { rulesHandlers } from './rulesHandlers';
import { importsHandlers } from './importsHandlers';
import { budgetsHandlers } from './budgetsHandlers';
import { reportsHandlers } from './reportsHandlers';
import { categorizeHandlers } from './categorizeHandlers';
import { vaultHandlers } from './vaultHandlers';
import { clientsHandlers, invoicesHandlers, pdfExportHandlers } from './invoicesHandlers';
import { expensesHandlers } from './expensesHandlers';
import { banksHandlers } from './banksHandlers';

const ledger = ledgerHandlers(applyRulesToDraft);

// A channel may be handled by one domain only (checked at start-up, like Actual's app merge).
mergeHandlers(
  vaultHandlers,
  ledger,
  rulesHandlers,
  importsHandlers,
  budgetsHandlers,
  reportsHandlers,
  categorizeHandlers,
  clientsHandlers,
  invoicesHandlers,
  pdfExportHandlers,
  expensesHandlers,
  banksHandlers,
);

/** Every handler. TypeScript checks that each contract call has one. */
export const HANDLERS: HandlerMap<Channel> = {
  ...vaultHandlers,
  ...ledger,
  ...rulesHandlers,
  ...importsHandlers,
  ...budgetsHandlers,
  ...reportsHandlers,
  ...categorizeHandlers,
  ...clientsHandlers,
  ...invoicesHandlers,
  ...pdfExportHandlers,
  ...expensesHandlers,
  ...banksHandlers,
};

export interface CoreApi {
  session: AppSession;
  dispatch: Dispatch;
}

export function createCoreApi(
  options: AppSessionOptions,
  onInternalError?: (channel: string, error: unknown) => void,
): CoreApi {
  const session = new AppSession(options);
  return { session, dispatch: createDispatcher(HANDLERS, { session }, onInternalError) };
}

export { AppSession, DEFAULT_AUTO_LOCK_MINUTES } from '../session/appSession';
export type { Dispatch } from './dispatch';
export type { HandlerContext, HandlerMap, DomainChannels } from './handlerTypes';
