import { ACCOUNT_TYPES, type Account } from '../../../../src-shared/contract';

export const ACCOUNT_TYPE_LABELS: Record<Account['type'], string> = {
  checking: 'Checking',
  savings: 'Savings',
  credit_card: 'Credit card',
  cash: 'Cash',
  loan: 'Loan',
  other: 'Other',
};

export const ACCOUNT_TYPE_OPTIONS = ACCOUNT_TYPES.map((type) => ({
  value: type,
  label: ACCOUNT_TYPE_LABELS[type],
}));

/** The currency to suggest for a new account: the user's locale's, else USD. */
export function defaultCurrency(existing: readonly Account[]): string {
  const first = existing[0];
  if (first) return first.currency;
  try {
    const region = new Intl.Locale(navigator.language).maximize().region;
    const byRegion: Record<string, string> = {
      US: 'USD',
      GB: 'GBP',
      CA: 'CAD',
      AU: 'AUD',
      JP: 'JPY',
      CH: 'CHF',
      IN: 'INR',
      DE: 'EUR',
      FR: 'EUR',
      ES: 'EUR',
      IT: 'EUR',
      NL: 'EUR',
      BE: 'EUR',
      AT: 'EUR',
      IE: 'EUR',
      PT: 'EUR',
      FI: 'EUR',
      SE: 'SEK',
      NO: 'NOK',
      DK: 'DKK',
      PL: 'PLN',
      BR: 'BRL',
      MX: 'MXN',
      NZ: 'NZD',
    };
    return (region && byRegion[region]) ?? 'USD';
  } catch {
    return 'USD';
  }
}
