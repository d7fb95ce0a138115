import type { Prng } from './prng';
import type { AccountKey } from './profiles';

export interface TransferMove {
  from: AccountKey;
  to: AccountKey;
  /** Leaves `from`, positive, in its currency. */
  amount: number;
  /** Arrives in `to`, in its currency (differs only for the euro account). */
  toAmount: number;
  memo: string;
}

/** USD → EUR at a fixed rate: the generator must not depend on real exchange rates. */
const EUR_PER_USD = 0.92;

/**
 * Money moving between the user's own accounts, sized from the current balances the
 * way a person would: pay the card off, top the wallet up, sweep spare cash to
 * savings (or back when checking runs low), buy euros before a trip.
 */
export function nextTransfer(rng: Prng, balance: (account: AccountKey) => number): TransferMove {
  const roll = rng.next();
  if (roll < 0.45) {
    const owed = -balance('visa');
    return same('checking', 'visa', Math.max(5_000, owed), 'credit card payment');
  }
  if (roll < 0.7) {
    const topUp = Math.max(4_000, 30_000 - balance('cash'));
    return same('checking', 'cash', Math.ceil(topUp / 2_000) * 2_000, 'atm withdrawal');
  }
  if (roll < 0.9) {
    const checking = balance('checking');
    if (checking < 100_000 && balance('savings') > 150_000) {
      const need = Math.min(balance('savings') - 50_000, 250_000 - checking);
      return same('savings', 'checking', roundTo(need, 100), 'transfer from savings');
    }
    const spare = Math.max(10_000, Math.round((checking - 250_000) / 2));
    return same('checking', 'savings', roundTo(spare, 100), 'transfer to savings');
  }
  const euros = Math.max(20_000, 150_000 - balance('euro'));
  const dollars = roundTo(Math.ceil(euros / EUR_PER_USD), 100);
  return {
    from: 'checking',
    to: 'euro',
    amount: dollars,
    toAmount: Math.round(dollars * EUR_PER_USD),
    memo: 'currency exchange',
  };
}

function same(from: AccountKey, to: AccountKey, amount: number, memo: string): TransferMove {
  return { from, to, amount, toAmount: amount, memo };
}

const roundTo = (value: number, unit: number): number =>
  Math.max(unit, Math.round(value / unit) * unit);
