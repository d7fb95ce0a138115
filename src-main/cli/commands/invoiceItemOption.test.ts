import { describe, expect, it } from 'vitest';
import { parseDiscount, parseItem, rateToBasisPoints } from './invoiceItemOption';

describe('--item', () => {
  it('reads description, quantity, price and an optional tax rate', () => {
    expect(parseItem('Design:3:150.00')).toEqual({
      description: 'Design',
      quantity: '3',
      unitPrice: '150.00',
      taxRate: null,
    });
    expect(parseItem('Hosting:1.5:20:19%')).toMatchObject({ quantity: '1.5', taxRate: '19%' });
    expect(parseItem('Support: March:10:80.00:5.5')).toMatchObject({
      description: 'Support: March',
      unitPrice: '80.00',
      taxRate: '5.5',
    });
  });

  it('refuses what it cannot read, with the reason', () => {
    expect(() => parseItem('Design:3')).toThrow(/description:quantity:unit price/);
    expect(() => parseItem(':3:10')).toThrow(/needs a description/);
    expect(() => parseItem('Design:0:10')).toThrow(/not a quantity/);
    expect(() => parseItem('Design:1.2345:10')).toThrow(/not a quantity/);
  });

  it('reads rates and discounts', () => {
    expect(rateToBasisPoints('20%')).toBe(2000);
    expect(rateToBasisPoints('5.5')).toBe(550);
    expect(() => rateToBasisPoints('101%')).toThrow(/more than 100%/);
    expect(parseDiscount('10%', 'EUR')).toEqual({ kind: 'percent', basisPoints: 1000 });
    expect(parseDiscount('25.00', 'EUR')).toEqual({ kind: 'amount', minor: 2500 });
  });
});
