import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InvoiceDiscount } from '../../../src-shared/contract/invoices';
import {
  computeInvoiceTotals,
  milliToQuantity,
  quantityToMilli,
  type LineFigures,
} from './invoiceTotals';

// An independent reference: exact rationals (bigint numerator / denominator), rounded
// by floor-plus-remainder rather than the (2n + d) / 2d trick the code uses, and the
// invoice discount spread by its own largest-remainder pass.

interface Rational {
  n: bigint;
  d: bigint;
}
const rational = (n: bigint, d = 1n): Rational => ({ n, d });
const times = (a: Rational, b: Rational): Rational => rational(a.n * b.n, a.d * b.d);

/** Round a non-negative rational to the nearest integer, exact halves up. */
function roundHalfUp(r: Rational): bigint {
  const floor = r.n / r.d;
  const rest = r.n - floor * r.d;
  return rest * 2n >= r.d ? floor + 1n : floor;
}

function referenceTotals(lines: readonly LineFigures[], discount: InvoiceDiscount | null) {
  const amounts = lines.map((line) => {
    const gross = roundHalfUp(
      times(rational(BigInt(line.quantityMilli), 1000n), rational(BigInt(line.unitPrice))),
    );
    const off = roundHalfUp(times(rational(gross), rational(BigInt(line.discountBp), 10_000n)));
    return { gross, amount: gross - off };
  });
  const subtotal = amounts.reduce((sum, line) => sum + line.amount, 0n);
  const invoiceDiscount =
    discount === null
      ? 0n
      : discount.kind === 'amount'
        ? BigInt(discount.minor)
        : roundHalfUp(times(rational(subtotal), rational(BigInt(discount.basisPoints), 10_000n)));

  // Exact shares D × a_i / S; floors first, then one unit each to the largest remainders.
  const shares = amounts.map((line) =>
    subtotal === 0n ? 0n : (invoiceDiscount * line.amount) / subtotal,
  );
  if (subtotal > 0n) {
    let left = invoiceDiscount - shares.reduce((sum, share) => sum + share, 0n);
    const byRemainder = amounts
      .map((line, index) => ({ index, rest: (invoiceDiscount * line.amount) % subtotal }))
      .sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
    for (const { index } of byRemainder) {
      if (left === 0n) break;
      shares[index] = (shares[index] ?? 0n) + 1n;
      left -= 1n;
    }
  }

  const rates = [...new Set(lines.map((line) => line.taxRateBp))].sort((a, b) => a - b);
  const taxes = rates.map((rateBp) => {
    let base = 0n;
    lines.forEach((line, index) => {
      if (line.taxRateBp === rateBp) base += (amounts[index]?.amount ?? 0n) - (shares[index] ?? 0n);
    });
    return {
      rateBp,
      base,
      tax: roundHalfUp(times(rational(base), rational(BigInt(rateBp), 10_000n))),
    };
  });
  const tax = taxes.reduce((sum, entry) => sum + entry.tax, 0n);
  return {
    amounts,
    subtotal,
    invoiceDiscount,
    shares,
    taxes,
    tax,
    total: subtotal - invoiceDiscount + tax,
  };
}

const taxRate = fc.oneof(
  fc.constantFrom(0, 500, 700, 1000, 1900, 2000, 2100, 2500),
  fc.integer({ min: 0, max: 10_000 }),
);
const line: fc.Arbitrary<LineFigures> = fc.record({
  quantityMilli: fc.oneof(
    fc.integer({ min: 1, max: 5_000 }),
    fc.integer({ min: 1, max: 10_000_000 }),
  ),
  unitPrice: fc.oneof(
    fc.integer({ min: 0, max: 10_000 }),
    fc.integer({ min: 0, max: 100_000_000 }),
  ),
  taxRateBp: taxRate,
  discountBp: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10_000 })),
});
/** A discount kind; a fixed amount is drawn as a fraction of the subtotal, found later. */
const discountChoice = fc.oneof(
  fc.constant(null),
  fc.record({
    kind: fc.constant('percent' as const),
    basisPoints: fc.integer({ min: 0, max: 10_000 }),
  }),
  fc.record({
    kind: fc.constant('amount' as const),
    fraction: fc.integer({ min: 0, max: 10_000 }),
  }),
);

describe('invoice totals', () => {
  it('match an exact rational reference for any mix of quantities, rates and discounts', () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 30 }),
        discountChoice,
        (lines, choice) => {
          const plain = computeInvoiceTotals(lines, null);
          const discount: InvoiceDiscount | null =
            choice === null
              ? null
              : choice.kind === 'percent'
                ? choice
                : {
                    kind: 'amount',
                    minor: Math.floor((plain.subtotal * choice.fraction) / 10_000),
                  };
          const got = computeInvoiceTotals(lines, discount);
          const want = referenceTotals(lines, discount);

          expect(got.lines.map((l) => [BigInt(l.gross), BigInt(l.amount)])).toEqual(
            want.amounts.map((l) => [l.gross, l.amount]),
          );
          expect(BigInt(got.subtotal)).toBe(want.subtotal);
          expect(BigInt(got.discount)).toBe(want.invoiceDiscount);
          expect(got.lines.map((l) => BigInt(l.invoiceDiscountShare))).toEqual(want.shares);
          expect(got.taxes.map((t) => [t.rateBp, BigInt(t.base), BigInt(t.tax)])).toEqual(
            want.taxes.map((t) => [t.rateBp, t.base, t.tax]),
          );
          expect(BigInt(got.tax)).toBe(want.tax);
          expect(BigInt(got.total)).toBe(want.total);

          // Invariants a reader can check on the PDF.
          expect(got.total).toBe(got.subtotal - got.discount + got.tax);
          expect(got.lines.reduce((s, l) => s + l.invoiceDiscountShare, 0)).toBe(got.discount);
          expect(got.taxes.reduce((s, t) => s + t.base, 0)).toBe(got.subtotal - got.discount);
          for (const l of got.lines) {
            expect(l.amount).toBeGreaterThanOrEqual(0);
            expect(l.invoiceDiscountShare).toBeLessThanOrEqual(l.amount);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rounds exact halves up, per line and once per tax rate', () => {
    // 1.5 × 0.01 = 0.015 → 0.02; 0.333 × 3 = 0.999 → 1; 10 % of 0.05 = 0.005 → 0.01.
    const totals = computeInvoiceTotals(
      [
        { quantityMilli: 1500, unitPrice: 1, taxRateBp: 0, discountBp: 0 },
        { quantityMilli: 333, unitPrice: 3, taxRateBp: 0, discountBp: 0 },
        { quantityMilli: 1000, unitPrice: 5, taxRateBp: 1000, discountBp: 0 },
      ],
      null,
    );
    expect(totals.lines.map((l) => l.gross)).toEqual([2, 1, 5]);
    expect(totals.taxes).toEqual([
      { rateBp: 0, base: 3, tax: 0 },
      { rateBp: 1000, base: 5, tax: 1 },
    ]);
    expect(totals.total).toBe(9);
  });

  it('spreads a fixed discount over the lines before tax', () => {
    // 100.00 at 20 % and 50.00 at 0 %, 15.00 off → 10.00 and 5.00 off → tax 18.00.
    const totals = computeInvoiceTotals(
      [
        { quantityMilli: 1000, unitPrice: 10_000, taxRateBp: 2000, discountBp: 0 },
        { quantityMilli: 1000, unitPrice: 5_000, taxRateBp: 0, discountBp: 0 },
      ],
      { kind: 'amount', minor: 1_500 },
    );
    expect(totals.lines.map((l) => l.invoiceDiscountShare)).toEqual([1_000, 500]);
    expect(totals.tax).toBe(1_800);
    expect(totals.total).toBe(15_000 - 1_500 + 1_800);
  });

  it('refuses a fixed discount larger than the subtotal', () => {
    expect(() =>
      computeInvoiceTotals([{ quantityMilli: 1000, unitPrice: 100, taxRateBp: 0, discountBp: 0 }], {
        kind: 'amount',
        minor: 101,
      }),
    ).toThrow(/larger than the subtotal/);
  });

  it('refuses totals beyond the exact integer range instead of rounding them', () => {
    expect(() =>
      computeInvoiceTotals(
        [
          {
            quantityMilli: 999_999_999_999,
            unitPrice: 9_000_000_000_000,
            taxRateBp: 0,
            discountBp: 0,
          },
        ],
        null,
      ),
    ).toThrow(/too large/);
  });

  it('reads and writes quantities in thousandths', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999_999 }), (milli) => {
        expect(quantityToMilli(milliToQuantity(milli))).toBe(milli);
      }),
    );
    expect(quantityToMilli('1.5')).toBe(1500);
    expect(quantityToMilli('0.125')).toBe(125);
    expect(milliToQuantity(2000)).toBe('2');
  });
});
