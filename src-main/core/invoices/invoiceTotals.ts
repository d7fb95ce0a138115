import type { InvoiceDiscount } from '../../../src-shared/contract/invoices';
import { allocate } from '../../../src-shared/domain';
import { invalid } from '../coreError';

/** One line as the arithmetic sees it: integers only. */
export interface LineFigures {
  /** Thousandths: "1.5" is 1500. */
  quantityMilli: number;
  unitPrice: number;
  taxRateBp: number;
  discountBp: number;
}

export interface ComputedLine {
  gross: number;
  /** After the line discount. */
  amount: number;
  /** This line's share of the invoice discount. */
  invoiceDiscountShare: number;
}

export interface ComputedTotals {
  lines: ComputedLine[];
  subtotal: number;
  discount: number;
  taxes: { rateBp: number; base: number; tax: number }[];
  tax: number;
  total: number;
}

/** "1.5" → 1500, "2" → 2000, "0.125" → 125. The contract has checked the shape. */
export function quantityToMilli(text: string): number {
  const [whole = '0', fraction = ''] = text.trim().split('.');
  return Number(whole) * 1000 + Number(fraction.padEnd(3, '0'));
}

/** 1500 → "1.5", 2000 → "2", 125 → "0.125". */
export function milliToQuantity(milli: number): string {
  const whole = Math.floor(milli / 1000);
  const fraction = String(milli % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** `numerator / denominator` rounded half up; both non-negative. */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

function safe(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw invalid('the invoice amounts are too large');
  return n;
}

/**
 * The invoice arithmetic, exact in minor units (see the contract's notes and
 * docs/invoices.md). Rounding is half up (all figures are non-negative, so this is
 * also half away from zero), applied:
 *   1. per line: gross = quantity × unit price; line discount = gross × discount %;
 *   2. once for the invoice discount when it is a percentage of the subtotal;
 *   3. once per tax rate: tax = (sum of the discounted amounts at that rate) × rate.
 * The invoice discount is spread over the lines by largest remainder (`allocate`), so
 * the shares add up to it exactly and each is within one minor unit of its exact share.
 * Everything runs in bigint; a result outside the safe integer range is refused.
 */
export function computeInvoiceTotals(
  lines: readonly LineFigures[],
  discount: InvoiceDiscount | null,
): ComputedTotals {
  const computed = lines.map((line) => {
    const gross = divideHalfUp(BigInt(line.quantityMilli) * BigInt(line.unitPrice), 1000n);
    const lineDiscount = divideHalfUp(gross * BigInt(line.discountBp), 10_000n);
    return { gross: safe(gross), amount: safe(gross - lineDiscount) };
  });
  const subtotal = safe(computed.reduce((total, line) => total + BigInt(line.amount), 0n));

  let invoiceDiscount = 0;
  if (discount?.kind === 'percent') {
    invoiceDiscount = safe(divideHalfUp(BigInt(subtotal) * BigInt(discount.basisPoints), 10_000n));
  } else if (discount?.kind === 'amount') {
    if (discount.minor > subtotal) throw invalid('the discount is larger than the subtotal');
    invoiceDiscount = discount.minor;
  }
  const shares =
    subtotal > 0
      ? allocate(
          invoiceDiscount,
          computed.map((line) => line.amount),
        )
      : computed.map(() => 0);

  const bases = new Map<number, bigint>();
  lines.forEach((line, index) => {
    const taxable = BigInt((computed[index]?.amount ?? 0) - (shares[index] ?? 0));
    bases.set(line.taxRateBp, (bases.get(line.taxRateBp) ?? 0n) + taxable);
  });
  const taxes = [...bases.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rateBp, base]) => ({
      rateBp,
      base: safe(base),
      tax: safe(divideHalfUp(base * BigInt(rateBp), 10_000n)),
    }));
  const tax = safe(taxes.reduce((total, entry) => total + BigInt(entry.tax), 0n));
  return {
    lines: computed.map((line, index) => ({ ...line, invoiceDiscountShare: shares[index] ?? 0 })),
    subtotal,
    discount: invoiceDiscount,
    taxes,
    tax,
    total: safe(BigInt(subtotal) - BigInt(invoiceDiscount) + BigInt(tax)),
  };
}
