import type { z } from 'zod';
import type { Channel, Contract, ParsedInputOf } from '../../../src-shared/contract';
import type { AppSession } from '../session/appSession';

export interface HandlerContext {
  session: AppSession;
}

/** A handler gets parsed input and returns what the output schema will check. */
export type Handler<C extends Channel> = (
  input: ParsedInputOf<Contract[C]>,
  ctx: HandlerContext,
) => Promise<z.input<Contract[C]['output']>> | z.input<Contract[C]['output']>;

export type HandlerMap<C extends Channel> = { readonly [K in C]: Handler<K> };

/** The channels of one domain, e.g. DomainChannels<'vault'>. */
export type DomainChannels<D extends string> = Extract<Channel, `${D}.${string}`>;
