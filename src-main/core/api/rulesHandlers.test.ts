import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { rulesCalls } from '../../../src-shared/contract/rules';
import { TransactionInputSchema } from '../../../src-shared/contract/ledger';
import { CoreError } from '../coreError';
import { findCategoryByName } from '../ledger';
import { applyRulesToDraft } from '../rules';
import { AppSession } from '../session/appSession';
import { _tempDataDir } from '../vault/_testSupport';
import type { HandlerContext } from './handlerTypes';
import { ledgerHandlers } from './ledgerHandlers';
import { rulesHandlers } from './rulesHandlers';

let ctx: HandlerContext;
let cleanup: () => void;

beforeEach(async () => {
  const temp = _tempDataDir();
  cleanup = temp.cleanup;
  ctx = { session: new AppSession({ dataDir: temp.dir }) };
  await ctx.session.create('rules handler passphrase');
});
afterEach(() => {
  ctx.session.lock('user');
  cleanup();
});

type RulesChannel = keyof typeof rulesCalls;

/** The dispatcher's path for one call: input schema → handler → output schema. */
async function call(channel: RulesChannel, input: unknown): Promise<unknown> {
  const spec = rulesCalls[channel] as { input: z.ZodType; output: z.ZodType };
  const parsed = spec.input.safeParse(input);
  if (!parsed.success) return { error: 'VALIDATION' };
  const handler = rulesHandlers[channel] as (input: unknown, ctx: HandlerContext) => unknown;
  try {
    return spec.output.parse(await handler(parsed.data, ctx));
  } catch (error) {
    if (error instanceof CoreError) return { error: error.code };
    throw error;
  }
}

describe('rules handlers', () => {
  it('create, list, update, reorder, preview, apply and delete through the contract', async () => {
    const db = ctx.session.requireVault().db;
    const coffee = findCategoryByName(db, 'Coffee').id;
    const ledger = ledgerHandlers(applyRulesToDraft);
    const account = await ledger['accounts.create'](
      { name: 'Checking', type: 'checking', currency: 'USD', openingBalance: 0 },
      ctx,
    );
    const old = await ledger['transactions.create'](
      TransactionInputSchema.parse({
        accountId: account.id,
        date: '2026-01-02',
        amount: -300,
        payee: 'Blue Bottle',
      }),
      ctx,
    );

    const a = (await call('rules.create', {
      name: 'Coffee',
      conditions: [{ field: 'payee', op: 'contains', value: 'bottle' }],
      actions: [{ type: 'set_category', categoryId: coffee }],
    })) as { id: string; position: number };
    const b = (await call('rules.create', {
      name: 'Tag',
      enabled: false,
      conditions: [{ field: 'amount', sign: 'outflow' }],
      actions: [{ type: 'add_tags', tags: ['spent'] }],
    })) as { id: string };
    expect(a.position).toBe(1);
    expect(await call('rules.update', { id: b.id, enabled: true })).toMatchObject({
      enabled: true,
    });
    expect(
      ((await call('rules.reorder', { ids: [b.id, a.id] })) as { name: string }[]).map(
        (r) => r.name,
      ),
    ).toEqual(['Tag', 'Coffee']);

    // New transactions go through the rules unless the caller turns them off.
    const fresh = await ledger['transactions.create'](
      TransactionInputSchema.parse({
        accountId: account.id,
        date: '2026-01-03',
        amount: -450,
        payee: 'Blue Bottle',
      }),
      ctx,
    );
    expect(fresh).toMatchObject({ categoryId: coffee, tags: ['spent'] });
    const raw = await ledger['transactions.create'](
      TransactionInputSchema.parse({
        accountId: account.id,
        date: '2026-01-04',
        amount: -450,
        payee: 'Blue Bottle',
        applyRules: false,
      }),
      ctx,
    );
    expect(raw).toMatchObject({ categoryId: null, tags: [] });

    const preview = (await call('rules.preview', { limit: 1 })) as {
      total: number;
      items: { transactionId: string }[];
    };
    expect(preview.total).toBe(2);
    expect(preview.items.map((i) => i.transactionId)).toEqual([old.id]);
    expect(
      await call('rules.preview', { accountId: account.id, from: '2026-01-04' }),
    ).toMatchObject({
      total: 1,
    });
    expect(await call('rules.apply', {})).toEqual({ changed: 2 });
    expect(await call('rules.delete', { id: a.id })).toEqual({ deleted: 1 });
    expect(await call('rules.delete', { id: a.id })).toEqual({ error: 'NOT_FOUND' });
    expect(await call('rules.list', {})).toMatchObject([{ name: 'Tag', position: 1 }]);
  });

  it('refuses malformed input before any handler runs', async () => {
    const base = { name: 'x', conditions: [{ field: 'payee', op: 'is', value: 'a' }] };
    const tag = { type: 'add_tags', tags: ['t'] };
    const refused = [
      { ...base, actions: [tag], extra: 1 },
      { ...base, actions: [] },
      { ...base, conditions: [], actions: [tag] },
      { ...base, conditions: [{ field: 'payee', op: 'matches', value: '(a+)+$' }], actions: [tag] },
      { ...base, conditions: [{ field: 'amount' }], actions: [tag] },
      { ...base, conditions: [{ field: 'amount', min: 10, max: 5 }], actions: [tag] },
      { ...base, conditions: [{ field: 'amount', min: -1 }], actions: [tag] },
      { ...base, conditions: [{ field: 'amount', min: 1.5 }], actions: [tag] },
      {
        ...base,
        actions: [
          {
            type: 'split_percent',
            parts: [
              { categoryId: null, basisPoints: 5000 },
              { categoryId: null, basisPoints: 4999 },
            ],
          },
        ],
      },
      { ...base, actions: [{ type: 'split_fixed', parts: [{ amount: 0 }], remainder: {} }] },
      { ...base, name: 'n'.repeat(121), actions: [tag] },
      {
        ...base,
        actions: [{ type: 'add_tags', tags: Array.from({ length: 21 }, (_, i) => `${i}`) }],
      },
      { ...base, actions: Array.from({ length: 11 }, () => tag) },
    ];
    for (const input of refused) {
      expect(await call('rules.create', input), JSON.stringify(input)).toEqual({
        error: 'VALIDATION',
      });
    }
    expect(await call('rules.preview', { limit: 0 })).toEqual({ error: 'VALIDATION' });
    expect(await call('rules.preview', { search: 'x' })).toEqual({ error: 'VALIDATION' });
    expect(await call('rules.reorder', { ids: ['not-an-id'] })).toEqual({ error: 'VALIDATION' });
    expect(await call('rules.list', {})).toEqual([]);
  });
});
