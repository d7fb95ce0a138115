import type { Account } from '../../src-shared/contract/ledger';
import type { CurrencyCode } from '../../src-shared/domain';

/*
 * What the synthetic household-plus-side-business looks like: its accounts, how often
 * each category occurs, how much it usually costs and where it is paid from. The
 * numbers are rough but shaped like real spending (many small coffees, a rent a month,
 * a long tail of large one-off purchases), which is what the queries' costs depend on.
 */

export type AccountKey = 'checking' | 'savings' | 'visa' | 'cash' | 'euro';

export interface AccountSpec {
  key: AccountKey;
  name: string;
  type: Account['type'];
  currency: CurrencyCode;
  openingBalance: number;
}

/** Two currencies, so reports must keep their series apart. */
export const ACCOUNTS: readonly AccountSpec[] = [
  {
    key: 'checking',
    name: 'Everyday Checking',
    type: 'checking',
    currency: 'USD',
    openingBalance: 250_000,
  },
  {
    key: 'savings',
    name: 'Rainy Day Savings',
    type: 'savings',
    currency: 'USD',
    openingBalance: 1_000_000,
  },
  { key: 'visa', name: 'Visa Card', type: 'credit_card', currency: 'USD', openingBalance: 0 },
  { key: 'cash', name: 'Wallet Cash', type: 'cash', currency: 'USD', openingBalance: 20_000 },
  { key: 'euro', name: 'Euro Account', type: 'checking', currency: 'EUR', openingBalance: 100_000 },
];

export const accountSpec = (key: AccountKey): AccountSpec => {
  const spec = ACCOUNTS.find((account) => account.key === key);
  if (!spec) throw new Error(`unknown account ${key}`);
  return spec;
};

/** How card spending shows up in a memo: "store" is the common search term on purpose. */
export type Channel = 'card' | 'bill' | 'income' | 'none';

export interface CategoryProfile {
  /** A category name from the vault's default taxonomy (migration 0002). */
  category: string;
  /** Relative frequency among random (non-recurring) rows. */
  weight: number;
  /** Typical amount in minor units, and the log-normal spread around it. */
  median: number;
  sigma: number;
  /** -1 spending, +1 income. */
  sign: -1 | 1;
  accounts: Partial<Record<AccountKey, number>>;
  /** Payee name endings, and how many distinct payees the category has. */
  nouns: readonly string[];
  payees: number;
  channel: Channel;
  /** Rounded to this many minor units (fuel is cents, rent is whole dollars). */
  round?: number;
}

const CARD = { visa: 6, checking: 3, cash: 1 };

export const CATEGORY_PROFILES: readonly CategoryProfile[] = [
  // prettier-ignore
  { category: 'Groceries', weight: 18, median: 6_500, sigma: 0.6, sign: -1, accounts: { visa: 5, checking: 3, cash: 2 }, nouns: ['Market', 'Grocery', 'Foods', 'Supermarket', 'Food Store', 'Farm Store'], payees: 220, channel: 'card' },
  // prettier-ignore
  { category: 'Restaurants', weight: 10, median: 3_200, sigma: 0.6, sign: -1, accounts: { visa: 6, checking: 2, cash: 1, euro: 0.3 }, nouns: ['Grill', 'Bistro', 'Kitchen', 'Pizza', 'Diner', 'Sushi', 'Tacos', 'Noodle House'], payees: 450, channel: 'card' },
  // prettier-ignore
  { category: 'Coffee', weight: 12, median: 480, sigma: 0.3, sign: -1, accounts: { cash: 4, visa: 4, checking: 1, euro: 0.2 }, nouns: ['Coffee', 'Cafe', 'Roasters', 'Espresso Bar', 'Bakery'], payees: 160, channel: 'card', round: 5 },
  // prettier-ignore
  { category: 'Fuel', weight: 5, median: 4_500, sigma: 0.35, sign: -1, accounts: { visa: 7, checking: 3 }, nouns: ['Gas', 'Fuel', 'Petroleum', 'Service Station'], payees: 90, channel: 'card' },
  // prettier-ignore
  { category: 'Public transport', weight: 6, median: 275, sigma: 0.4, sign: -1, accounts: { visa: 5, cash: 5, euro: 0.5 }, nouns: ['Transit', 'Metro', 'Rail', 'Bus Lines'], payees: 15, channel: 'card', round: 25 },
  // prettier-ignore
  { category: 'Car', weight: 1, median: 12_000, sigma: 1, sign: -1, accounts: { checking: 5, visa: 5 }, nouns: ['Auto Repair', 'Tire Store', 'Car Wash', 'Motors'], payees: 60, channel: 'card' },
  // prettier-ignore
  { category: 'Parking', weight: 2, median: 800, sigma: 0.6, sign: -1, accounts: { visa: 5, cash: 5 }, nouns: ['Parking', 'Garage', 'Park & Ride'], payees: 40, channel: 'card', round: 25 },
  // prettier-ignore
  { category: 'Health', weight: 2, median: 4_000, sigma: 1, sign: -1, accounts: CARD, nouns: ['Pharmacy', 'Dental', 'Clinic', 'Drug Store', 'Optical'], payees: 110, channel: 'card' },
  // prettier-ignore
  { category: 'Shopping', weight: 9, median: 4_500, sigma: 1, sign: -1, accounts: { visa: 7, checking: 2, cash: 1, euro: 0.3 }, nouns: ['Store', 'Outlet', 'Boutique', 'Shop', 'Department Store', 'Hardware', 'Books'], payees: 380, channel: 'card' },
  // prettier-ignore
  { category: 'Entertainment', weight: 4, median: 2_500, sigma: 0.7, sign: -1, accounts: CARD, nouns: ['Cinema', 'Theater', 'Games', 'Bowling', 'Music Hall'], payees: 120, channel: 'card' },
  // prettier-ignore
  { category: 'Travel', weight: 1.5, median: 18_000, sigma: 1, sign: -1, accounts: { visa: 5, euro: 4, checking: 1 }, nouns: ['Hotel', 'Airlines', 'Inn', 'Car Rental', 'Resort'], payees: 90, channel: 'card' },
  // prettier-ignore
  { category: 'Subscriptions', weight: 2, median: 1_299, sigma: 0.5, sign: -1, accounts: { visa: 9, checking: 1 }, nouns: ['Plus', 'Cloud', 'Stream', 'Digital'], payees: 30, channel: 'bill' },
  // prettier-ignore
  { category: 'Gifts', weight: 1.5, median: 5_000, sigma: 0.8, sign: -1, accounts: CARD, nouns: ['Gifts', 'Florist', 'Toys', 'Cards & Gifts'], payees: 60, channel: 'card' },
  // prettier-ignore
  { category: 'Maintenance', weight: 0.8, median: 15_000, sigma: 1.1, sign: -1, accounts: { checking: 6, visa: 4 }, nouns: ['Plumbing', 'Electric', 'Home Supply', 'Handyman'], payees: 50, channel: 'bill' },
  // prettier-ignore
  { category: 'Office supplies', weight: 2, median: 3_500, sigma: 0.8, sign: -1, accounts: { visa: 8, checking: 2 }, nouns: ['Office', 'Paper Co', 'Print Shop', 'Office Store'], payees: 40, channel: 'card' },
  // prettier-ignore
  { category: 'Software', weight: 1.5, median: 2_900, sigma: 0.7, sign: -1, accounts: { visa: 10 }, nouns: ['Software', 'Labs', 'Apps', 'Systems'], payees: 35, channel: 'bill' },
  // prettier-ignore
  { category: 'Professional services', weight: 0.4, median: 60_000, sigma: 0.8, sign: -1, accounts: { checking: 10 }, nouns: ['Accounting', 'Law Office', 'Consulting', 'Design Studio'], payees: 30, channel: 'bill' },
  // prettier-ignore
  { category: 'Mileage', weight: 0.5, median: 3_000, sigma: 0.5, sign: -1, accounts: { checking: 10 }, nouns: ['Mileage Log'], payees: 1, channel: 'none' },
  // prettier-ignore
  { category: 'Business travel', weight: 0.5, median: 35_000, sigma: 0.9, sign: -1, accounts: { visa: 8, euro: 2 }, nouns: ['Airways', 'Suites', 'Conference Center'], payees: 25, channel: 'card' },
  // prettier-ignore
  { category: 'Bank fees', weight: 0.5, median: 300, sigma: 0.3, sign: -1, accounts: { checking: 7, euro: 3 }, nouns: ['Bank'], payees: 2, channel: 'none', round: 100 },
  // The two rare categories: the "filtered by a rare category" page must look far.
  // prettier-ignore
  { category: 'Sales tax', weight: 0.1, median: 90_000, sigma: 0.5, sign: -1, accounts: { checking: 10 }, nouns: ['Revenue Department'], payees: 2, channel: 'bill', round: 100 },
  // prettier-ignore
  { category: 'Income tax', weight: 0.02, median: 250_000, sigma: 0.5, sign: -1, accounts: { checking: 10 }, nouns: ['Tax Authority'], payees: 1, channel: 'bill', round: 100 },
  // prettier-ignore
  { category: 'Business income', weight: 1, median: 150_000, sigma: 0.8, sign: 1, accounts: { checking: 10 }, nouns: ['LLC', 'Inc', 'Partners', 'Group'], payees: 40, channel: 'income' },
  // prettier-ignore
  { category: 'Other income', weight: 0.3, median: 5_000, sigma: 0.8, sign: 1, accounts: { checking: 6, cash: 4 }, nouns: ['Marketplace', 'Resale'], payees: 10, channel: 'income' },
];

/** A bill that comes every month on the same day (rent, salary, phone…). */
export interface RecurringSpec {
  day: number;
  account: AccountKey;
  category: string;
  payee: string | null;
  memo: string;
  /** Minor units; null = computed (salary balances spending; interest follows savings). */
  amount: number | null;
  sigma: number;
}

/** In priority order: small ledgers keep only the first few (see recurringCount). */
export const RECURRING: readonly RecurringSpec[] = [
  // prettier-ignore
  { day: 25, account: 'checking', category: 'Salary', payee: 'Northwind Payroll', memo: 'salary', amount: null, sigma: 0 },
  // prettier-ignore
  { day: 1, account: 'checking', category: 'Rent or mortgage', payee: 'Parkview Apartments', memo: 'rent', amount: -180_000, sigma: 0 },
  // prettier-ignore
  { day: 12, account: 'checking', category: 'Utilities', payee: 'City Power & Light', memo: 'electricity bill', amount: -9_000, sigma: 0.25 },
  // prettier-ignore
  { day: 18, account: 'visa', category: 'Utilities', payee: 'FiberNet', memo: 'internet', amount: -6_500, sigma: 0 },
  // prettier-ignore
  { day: 5, account: 'checking', category: 'Insurance', payee: 'Acme Mutual Insurance', memo: 'policy premium', amount: -14_500, sigma: 0 },
  // prettier-ignore
  { day: 9, account: 'visa', category: 'Subscriptions', payee: 'StreamFlix', memo: 'monthly plan', amount: -1_599, sigma: 0 },
  // prettier-ignore
  { day: 14, account: 'visa', category: 'Subscriptions', payee: 'Tunely', memo: 'monthly plan', amount: -1_099, sigma: 0 },
  // prettier-ignore
  { day: 21, account: 'visa', category: 'Utilities', payee: 'Mobile One', memo: 'phone bill', amount: -4_500, sigma: 0.1 },
  // prettier-ignore
  { day: 28, account: 'savings', category: 'Interest', payee: null, memo: 'interest', amount: null, sigma: 0 },
];

/** Small ledgers keep rent and salary; from ~10k rows every recurring bill is there. */
export function recurringCount(rows: number): number {
  return Math.max(2, Math.min(RECURRING.length, Math.floor(rows / 1_100)));
}

/** Categories a split purchase divides into (a supermarket trip with household goods…). */
export const SPLIT_PAIRS: readonly [primary: string, secondary: string][] = [
  ['Groceries', 'Shopping'],
  ['Restaurants', 'Entertainment'],
  ['Travel', 'Restaurants'],
  ['Business travel', 'Restaurants'],
  ['Shopping', 'Gifts'],
  ['Office supplies', 'Shopping'],
];

/** The ledger spans ten whole years, fixed so runs on different days stay comparable. */
export const FIRST_DAY = '2016-01-01';
export const LAST_DAY = '2025-12-31';
export const LAST_YEAR = 2025;

/** Share of rows that are one side of a transfer, and of split parents. */
export const TRANSFER_ROW_SHARE = 0.02;
export const SPLIT_ROW_SHARE = 0.03;
export const UNCATEGORIZED_SHARE = 0.03;
export const REFUND_SHARE = 0.01;

/** Memo words. "warranty" is the rare full-text term (about 1 row in 20,000). */
export const RARE_TERM = 'warranty';
export const RARE_TERM_SHARE = 1 / 20_000;
export const COMMON_TERM = 'store';
