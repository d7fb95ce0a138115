import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';
import type { Tx } from '../db/database';
import { CORE_EXPORT_SECTIONS } from './exportSections';

/*
 * Account rights are one feature spread over many tables and services: every area that
 * keeps something about a user plugs into these two lists, so "export everything" and
 * "delete everything" stay true as areas are added.
 *
 *  - app.accountHooks.onExport({ name, collect }): a section of GET /v1/account/export.
 *  - app.accountHooks.onDelete({ name, run }): called by DELETE /v1/account inside the
 *    deletion's transaction (scoped to the user by RLS), before the user row goes. Remove
 *    what a cascade cannot reach (backup blobs, Plaid items, the Stripe subscription). A
 *    hook that throws aborts the deletion, so nothing is left half-deleted; the caller
 *    sees a 500 and can retry.
 *
 * Register from your plugin: `app.accountHooks.onDelete({ name: 'plaid-items', run })`.
 */

export interface AccountDeletionContext {
  tx: Tx;
  userId: string;
  now: Date;
  log: FastifyBaseLogger;
}

export interface AccountDeletionHook {
  name: string;
  run(ctx: AccountDeletionContext): Promise<void>;
}

export interface AccountExportSection {
  name: string;
  /** JSON-serialisable facts about the user; never secrets or their hashes. */
  collect(tx: Tx, userId: string): Promise<unknown>;
}

export interface AccountHooks {
  onDelete(hook: AccountDeletionHook): void;
  onExport(section: AccountExportSection): void;
  readonly deletion: readonly AccountDeletionHook[];
  readonly export: readonly AccountExportSection[];
}

declare module 'fastify' {
  interface FastifyInstance {
    accountHooks: AccountHooks;
  }
}

export function createAccountHooks(): AccountHooks {
  const deletion: AccountDeletionHook[] = [];
  const sections: AccountExportSection[] = [];
  const unique = (names: readonly { name: string }[], name: string, what: string) => {
    if (names.some((n) => n.name === name))
      throw new Error(`${what} "${name}" is registered twice`);
  };
  return {
    onDelete(hook) {
      unique(deletion, hook.name, 'account deletion hook');
      deletion.push(hook);
    },
    onExport(section) {
      unique(sections, section.name, 'account export section');
      sections.push(section);
    },
    deletion,
    export: sections,
  };
}

export const accountHooksPlugin = fp(
  (app, _options, done) => {
    const hooks = createAccountHooks();
    for (const section of CORE_EXPORT_SECTIONS) hooks.onExport(section);
    app.decorate('accountHooks', hooks);
    done();
  },
  { name: 'casike-account-hooks' },
);
