import { toDecimalString, type CurrencyCode } from '../../../../src-shared/domain';

/**
 * An amount for a PDF column: the exact decimal with thousands grouping and no symbol
 * ("-1,234.56", "1,234" for JPY); the currency is named once in the column header or
 * totals label. Built from the integer's digits, never a float.
 */
export function pdfAmount(minor: number, currency: CurrencyCode): string {
  const decimal = toDecimalString(minor, currency);
  const negative = decimal.startsWith('-');
  const [whole = '0', fraction] = (negative ? decimal.slice(1) : decimal).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** A rate in basis points as a percentage: 2000 → "20%", 550 → "5.5%", 0 → "0%". */
export function pdfPercent(basisPoints: number): string {
  const whole = Math.floor(basisPoints / 100);
  const fraction = String(basisPoints % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''}%`;
}
