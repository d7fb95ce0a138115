import type { Account } from '../../../src-shared/contract/ledger';
import {
  isCurrencyCode,
  minorUnits,
  type CurrencyCode,
} from '../../../src-shared/domain/currencies';
import { assertMinorUnits } from '../../../src-shared/domain/money';
import type { SqlDatabase } from '../db/openDatabase';

/*
 * Plaid's conventions turned into Casike's, in one place so each happens exactly once:
 * amounts (decimal, positive = money out) to integer minor units (negative = money out),
 * account type/subtype to our account types, and the personal finance category to the
 * vault's default categories.
 */

/** A Plaid decimal amount as minor units of `currency`, sign unchanged. */
export function decimalToMinor(value: number, currency: CurrencyCode): number {
  const digits = minorUnits(currency);
  const negative = value < 0;
  // The shortest round-trip text of the number is the decimal Plaid sent ("12.34"), so
  // the digits are read from it instead of multiplying a binary float by 100.
  let text = String(Math.abs(value));
  if (/e/i.test(text)) text = Math.abs(value).toFixed(digits);
  const [whole = '0', fraction = ''] = text.split('.');
  let minor = BigInt(whole) * 10n ** BigInt(digits);
  const kept = fraction.slice(0, digits).padEnd(digits, '0');
  if (digits > 0) minor += BigInt(kept);
  // More decimals than the currency has (rare: some feeds send 3): round half away from zero.
  if (fraction.length > digits && Number(fraction[digits]) >= 5) minor += 1n;
  const result = Number(negative ? -minor : minor);
  return assertMinorUnits(result, 'bank amount');
}

/** Plaid's amount (positive = money out) as a Casike amount (negative = money out). */
export function plaidAmountToMinor(plaidAmount: number, currency: CurrencyCode): number {
  const minor = decimalToMinor(plaidAmount, currency);
  return minor === 0 ? 0 : -minor;
}

/** A Plaid balance in minor units, or null when Plaid has none. */
export function balanceToMinor(
  value: number | null | undefined,
  currency: CurrencyCode,
): number | null {
  return value === null || value === undefined ? null : decimalToMinor(value, currency);
}

/** The currency of a Plaid account or transaction; unofficial (crypto) codes are refused. */
export function currencyOf(iso: string | null, fallback?: CurrencyCode): CurrencyCode {
  if (iso !== null && isCurrencyCode(iso)) return iso;
  if (iso === null && fallback !== undefined) return fallback;
  throw new Error(`the bank reports a currency Casike does not support (${iso ?? 'none'})`);
}

const SAVINGS_SUBTYPES = new Set(['savings', 'money market', 'cd', 'hsa', 'cash management']);

export function accountTypeFor(type: string, subtype: string | null): Account['type'] {
  switch (type) {
    case 'depository':
      return subtype !== null && SAVINGS_SUBTYPES.has(subtype) ? 'savings' : 'checking';
    case 'credit':
      return 'credit_card';
    case 'loan':
      return 'loan';
    default:
      return 'other';
  }
}

/**
 * Plaid's personal finance categories (v2 taxonomy) → the default category names. The
 * detailed code is tried first, then the primary. Transfers and anything absent stay
 * uncategorized (a transfer is not spending), as does a mapped name the user has since
 * renamed or deleted.
 */
const BY_DETAILED: Readonly<Record<string, string>> = {
  INCOME_WAGES: 'Salary',
  INCOME_INTEREST_EARNED: 'Interest',
  INCOME_DIVIDENDS: 'Interest',
  INCOME_TAX_REFUND: 'Refunds',
  INCOME_OTHER_INCOME: 'Other income',
  FOOD_AND_DRINK_GROCERIES: 'Groceries',
  FOOD_AND_DRINK_COFFEE: 'Coffee',
  FOOD_AND_DRINK_RESTAURANT: 'Restaurants',
  FOOD_AND_DRINK_FAST_FOOD: 'Restaurants',
  RENT_AND_UTILITIES_RENT: 'Rent or mortgage',
  LOAN_PAYMENTS_MORTGAGE_PAYMENT: 'Rent or mortgage',
  LOAN_PAYMENTS_CAR_PAYMENT: 'Car',
  TRANSPORTATION_GAS: 'Fuel',
  TRANSPORTATION_PUBLIC_TRANSIT: 'Public transport',
  TRANSPORTATION_TAXIS_AND_RIDE_SHARES: 'Public transport',
  TRANSPORTATION_PARKING: 'Parking',
  GENERAL_SERVICES_INSURANCE: 'Insurance',
  GENERAL_SERVICES_ACCOUNTING_AND_FINANCIAL_PLANNING: 'Professional services',
  GENERAL_SERVICES_CONSULTING_AND_LEGAL: 'Professional services',
  GENERAL_SERVICES_AUTOMOTIVE: 'Car',
  GENERAL_MERCHANDISE_OFFICE_SUPPLIES: 'Office supplies',
  GENERAL_MERCHANDISE_GIFTS_AND_NOVELTIES: 'Gifts',
  ENTERTAINMENT_TV_AND_MOVIES: 'Subscriptions',
  ENTERTAINMENT_MUSIC_AND_AUDIO: 'Subscriptions',
  GOVERNMENT_AND_NON_PROFIT_TAX_PAYMENT: 'Income tax',
  GOVERNMENT_AND_NON_PROFIT_DONATIONS: 'Gifts',
};
const BY_PRIMARY: Readonly<Record<string, string>> = {
  INCOME: 'Other income',
  FOOD_AND_DRINK: 'Restaurants',
  RENT_AND_UTILITIES: 'Utilities',
  HOME_IMPROVEMENT: 'Maintenance',
  TRANSPORTATION: 'Car',
  TRAVEL: 'Travel',
  MEDICAL: 'Health',
  PERSONAL_CARE: 'Health',
  GENERAL_MERCHANDISE: 'Shopping',
  ENTERTAINMENT: 'Entertainment',
  BANK_FEES: 'Bank fees',
};

export function categoryNameFor(pfc: { primary: string; detailed: string } | null): string | null {
  if (pfc === null) return null;
  return BY_DETAILED[pfc.detailed] ?? BY_PRIMARY[pfc.primary] ?? null;
}

/** Resolves mapped names to this vault's category ids, once per sync. */
export class CategoryMapper {
  private readonly ids = new Map<string, string | null>();
  constructor(private readonly db: SqlDatabase) {}

  idFor(pfc: { primary: string; detailed: string } | null): string | null {
    const name = categoryNameFor(pfc);
    if (name === null) return null;
    if (!this.ids.has(name)) {
      const rows = this.db
        .prepare('SELECT id FROM categories WHERE name = ? COLLATE NOCASE LIMIT 2')
        .all(name) as { id: string }[];
      // Two categories of that name: which one is meant is the user's call, not ours.
      this.ids.set(name, rows.length === 1 ? (rows[0]?.id ?? null) : null);
    }
    return this.ids.get(name) ?? null;
  }
}
