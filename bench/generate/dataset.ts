import { memoFor } from './memos';
import { buildPayeePools, type PayeePool } from './payees';
import { Prng, WeightedPicker } from './prng';
import {
  CATEGORY_PROFILES,
  FIRST_DAY,
  LAST_DAY,
  RECURRING,
  recurringCount,
  REFUND_SHARE,
  SPLIT_PAIRS,
  SPLIT_ROW_SHARE,
  TRANSFER_ROW_SHARE,
  UNCATEGORIZED_SHARE,
  type AccountKey,
  type CategoryProfile,
  type RecurringSpec,
} from './profiles';
import { nextTransfer } from './transfers';

export interface GeneratedSplit {
  category: string;
  amount: number;
  memo: string;
}

/**
 * One generated ledger entry, in the vault's terms: minor units in the account's
 * currency, categories by their default-taxonomy name. A transfer is one record
 * that becomes two rows (source negative, destination positive).
 */
export interface GeneratedTransaction {
  date: string;
  account: AccountKey;
  amount: number;
  payee: string | null;
  memo: string;
  category: string | null;
  splits: readonly GeneratedSplit[];
  transfer: { to: AccountKey; amount: number } | null;
}

/** Rows a record adds to the transactions table. */
export const rowsOf = (record: GeneratedTransaction): number => (record.transfer ? 2 : 1);

export interface DatasetPlan {
  /** Transaction rows, exactly (both sides of a transfer count). */
  rows: number;
  seed: number;
}

/** Bump when the generator's output changes, so cached vaults are rebuilt. */
export const GENERATOR_VERSION = 1;

/** Per non-transfer event, the chance it is a transfer / a split (see the shares). */
const TRANSFER_EVENT_SHARE = TRANSFER_ROW_SHARE / (2 - TRANSFER_ROW_SHARE);
const SPLIT_EVENT_SHARE = SPLIT_ROW_SHARE / (1 - TRANSFER_ROW_SHARE);

/**
 * Yields the ledger in date order, deterministically for (rows, seed). Recurring
 * bills come first each day, then that day's share of the random rows; the rows are
 * spread evenly over the ten years so the total is exactly `plan.rows`.
 */
export function* generateTransactions(plan: DatasetPlan): Generator<GeneratedTransaction> {
  const state = new GeneratorState(plan);
  const days = dayList(FIRST_DAY, LAST_DAY);
  const recurring = RECURRING.slice(0, recurringCount(plan.rows));
  const randomRows = plan.rows - recurring.length * monthsIn(days);
  if (randomRows < 0) throw new Error(`${plan.rows} rows is too few for ten years of bills`);

  let emitted = 0;
  for (const [index, date] of days.entries()) {
    const dayOfMonth = Number(date.slice(8, 10));
    for (const bill of recurring) {
      if (bill.day === dayOfMonth) yield state.record(state.recurring(date, bill));
    }
    // Cumulative rounding: day i gets its fair share and the sum is exact.
    const target = Math.floor(((index + 1) * randomRows) / days.length);
    while (emitted < target) {
      // A transfer may overshoot the day's share by one row (the next day takes one
      // fewer), but never the ledger's total.
      const lastDay = index === days.length - 1;
      const record =
        (!lastDay || target - emitted >= 2) && state.rng.chance(TRANSFER_EVENT_SHARE)
          ? state.transfer(date)
          : state.rng.chance(SPLIT_EVENT_SHARE)
            ? state.split(date)
            : state.plain(date);
      emitted += rowsOf(record);
      yield state.record(record);
    }
  }
}

/** The running state: PRNG, payee pools, and account balances (transfers follow them). */
class GeneratorState {
  readonly rng: Prng;
  readonly balances = new Map<AccountKey, number>();
  private readonly pools: Map<string, PayeePool>;
  private readonly categories = new WeightedPicker(
    CATEGORY_PROFILES,
    CATEGORY_PROFILES.map((profile) => profile.weight),
  );
  private readonly accountPickers = new Map<CategoryProfile, WeightedPicker<AccountKey>>();
  private readonly salary: number;

  constructor(plan: DatasetPlan) {
    this.rng = new Prng(plan.seed);
    this.pools = buildPayeePools(plan.seed);
    for (const profile of CATEGORY_PROFILES) {
      const entries = Object.entries(profile.accounts) as [AccountKey, number][];
      this.accountPickers.set(
        profile,
        new WeightedPicker(
          entries.map(([key]) => key),
          entries.map(([, weight]) => weight),
        ),
      );
    }
    this.salary = salaryFor(plan.rows);
  }

  record(record: GeneratedTransaction): GeneratedTransaction {
    this.add(record.account, record.amount);
    if (record.transfer) this.add(record.transfer.to, record.transfer.amount);
    return record;
  }

  balance(account: AccountKey): number {
    return this.balances.get(account) ?? 0;
  }

  recurring(date: string, bill: RecurringSpec): GeneratedTransaction {
    let amount: number;
    if (bill.category === 'Salary') amount = this.salary;
    else if (bill.category === 'Interest')
      amount = Math.max(1, Math.round(this.balance('savings') * 0.0015));
    else amount = Math.round((bill.amount ?? 0) * Math.exp(bill.sigma * this.rng.normal()));
    return {
      date,
      account: bill.account,
      amount,
      payee: bill.payee,
      memo: bill.memo,
      category: bill.category,
      splits: [],
      transfer: null,
    };
  }

  plain(date: string): GeneratedTransaction {
    const profile = this.categories.pick(this.rng);
    const refund = profile.sign < 0 && profile.channel === 'card' && this.rng.chance(REFUND_SHARE);
    const amount = this.amountFor(profile);
    return {
      date,
      account: this.accountFor(profile),
      amount: refund ? -Math.round(amount / 2) || 1 : amount,
      payee: this.payeeFor(profile),
      memo: memoFor(this.rng, profile.channel, refund),
      category: this.rng.chance(UNCATEGORIZED_SHARE) ? null : profile.category,
      splits: [],
      transfer: null,
    };
  }

  /** A purchase divided between two or three categories; the parts add up exactly. */
  split(date: string): GeneratedTransaction {
    const [primary, secondary] = this.rng.pick(SPLIT_PAIRS);
    const profile = profileOf(primary);
    const total = Math.min(this.amountFor(profile), -600);
    const first = Math.round(total * (0.45 + 0.35 * this.rng.next()));
    const parts: GeneratedSplit[] = [{ category: primary, amount: first, memo: '' }];
    if (this.rng.chance(0.25)) {
      const second = Math.round((total - first) / 2);
      const [, third] = this.rng.pick(SPLIT_PAIRS);
      parts.push({ category: secondary, amount: second, memo: '' });
      parts.push({ category: third, amount: total - first - second, memo: 'extra' });
    } else {
      parts.push({ category: secondary, amount: total - first, memo: '' });
    }
    return {
      date,
      account: this.accountFor(profile),
      amount: total,
      payee: this.payeeFor(profile),
      memo: memoFor(this.rng, profile.channel, false),
      category: null,
      splits: parts,
      transfer: null,
    };
  }

  transfer(date: string): GeneratedTransaction {
    const move = nextTransfer(this.rng, (account) => this.balance(account));
    return {
      date,
      account: move.from,
      amount: -move.amount,
      payee: null,
      memo: move.memo,
      category: null,
      splits: [],
      transfer: { to: move.to, amount: move.toAmount },
    };
  }

  private add(account: AccountKey, amount: number): void {
    this.balances.set(account, this.balance(account) + amount);
  }

  private amountFor(profile: CategoryProfile): number {
    const unit = profile.round ?? 1;
    const raw = this.rng.logNormal(profile.median, profile.sigma);
    return profile.sign * Math.max(unit, Math.round(raw / unit) * unit);
  }

  private accountFor(profile: CategoryProfile): AccountKey {
    const picker = this.accountPickers.get(profile);
    if (!picker) throw new Error(`no accounts for ${profile.category}`);
    return picker.pick(this.rng);
  }

  private payeeFor(profile: CategoryProfile): string {
    const pool = this.pools.get(profile.category);
    if (!pool) throw new Error(`no payees for ${profile.category}`);
    return pool.picker.pick(this.rng);
  }
}

function profileOf(category: string): CategoryProfile {
  const profile = CATEGORY_PROFILES.find((entry) => entry.category === category);
  if (!profile) throw new Error(`no profile for ${category}`);
  return profile;
}

/**
 * A salary that roughly covers the expected spending (plus a little saving), so the
 * balances and net worth stay plausible at every ledger size.
 */
function salaryFor(rows: number): number {
  const months = 120;
  const recurring = RECURRING.slice(0, recurringCount(rows));
  const randomEventsPerMonth = ((rows - recurring.length * months) / months) * 0.98;
  const totalWeight = CATEGORY_PROFILES.reduce((sum, profile) => sum + profile.weight, 0);
  const meanFlow =
    CATEGORY_PROFILES.reduce(
      (sum, profile) =>
        sum + profile.weight * profile.sign * profile.median * Math.exp(profile.sigma ** 2 / 2),
      0,
    ) / totalWeight;
  const billsPerMonth = recurring.reduce((sum, bill) => sum + Math.min(0, bill.amount ?? 0), 0);
  const spending = -(randomEventsPerMonth * meanFlow + billsPerMonth);
  return Math.max(100_000, Math.round((spending * 1.04) / 100) * 100);
}

/** Every day from `first` to `last`, both included, as YYYY-MM-DD (UTC arithmetic). */
export function dayList(first: string, last: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${last}T00:00:00Z`);
  for (let time = Date.parse(`${first}T00:00:00Z`); time <= end; time += 86_400_000) {
    days.push(new Date(time).toISOString().slice(0, 10));
  }
  return days;
}

function monthsIn(days: readonly string[]): number {
  return new Set(days.map((day) => day.slice(0, 7))).size;
}
