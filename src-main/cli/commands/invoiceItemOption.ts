import { InvalidArgumentError } from 'commander';
import { parseAmount, type CurrencyCode } from '../../../src-shared/domain';

export interface ItemText {
  description: string;
  quantity: string;
  unitPrice: string;
  taxRate: string | null;
}

const NUMBER = /^\d+(\.\d+)?$/;
const RATE = /^\d+(\.\d{1,2})?%?$/;

/**
 * Reads `--item "desc:qty:unit_price[:tax%]"`. Read from the right, so a description
 * may itself hold colons ("Support: March:10:80.00:20%"). The price is checked later,
 * once the invoice currency is known.
 */
export function parseItem(text: string): ItemText {
  const parts = text.split(':');
  const last = parts.at(-1)?.trim() ?? '';
  const hasTax =
    parts.length >= 4 &&
    RATE.test(last) &&
    NUMBER.test(parts.at(-3)?.trim() ?? '') &&
    !NUMBER.test(parts.at(-4)?.trim() ?? '');
  const fields = hasTax ? parts.slice(0, -1) : parts;
  if (fields.length < 3)
    throw new InvalidArgumentError('expected "description:quantity:unit price[:tax%]"');
  const unitPrice = fields.at(-1)?.trim() ?? '';
  const quantity = fields.at(-2)?.trim() ?? '';
  const description = fields.slice(0, -2).join(':').trim();
  if (!description) throw new InvalidArgumentError('an item needs a description');
  if (!/^\d{1,9}(\.\d{1,3})?$/.test(quantity) || !/[1-9]/.test(quantity))
    throw new InvalidArgumentError(`"${quantity}" is not a quantity (up to 3 decimals)`);
  return { description, quantity, unitPrice, taxRate: hasTax ? last : null };
}

export function collectItem(value: string, previous: ItemText[] = []): ItemText[] {
  return [...previous, parseItem(value)];
}

/** "20" or "20%" or "5.5%" → basis points (2000, 550). */
export function rateToBasisPoints(text: string): number {
  const clean = text.trim().replace(/%$/, '');
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) throw new InvalidArgumentError(`"${text}" is not a rate`);
  const [whole = '0', fraction = ''] = clean.split('.');
  const basisPoints = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (basisPoints > 10_000) throw new InvalidArgumentError(`${text} is more than 100%`);
  return basisPoints;
}

/** `--discount 5%` (of the subtotal) or `--discount 25.00` (a fixed amount). */
export function parseDiscount(
  text: string,
  currency: CurrencyCode,
): { kind: 'percent'; basisPoints: number } | { kind: 'amount'; minor: number } {
  return text.trim().endsWith('%')
    ? { kind: 'percent', basisPoints: rateToBasisPoints(text) }
    : { kind: 'amount', minor: parseAmount(text, currency) };
}
