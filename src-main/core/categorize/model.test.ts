import { describe, expect, it } from 'vitest';
import { CategoryModel } from './model';

describe('the local category model', () => {
  it('remembers merchants and explains with counts', () => {
    const model = CategoryModel.train([
      { text: 'BLUE BOTTLE COFFEE #1', categoryId: 'coffee', weight: 14 },
      { text: 'BLUE BOTTLE COFFEE #2', categoryId: 'groceries', weight: 1 },
    ]);
    const prediction = model.predict('SQ *BLUE BOTTLE COFFEE 0042 OAKLAND');
    expect(prediction?.categoryId).toBe('coffee');
    expect(prediction?.reason).toEqual({
      kind: 'merchant',
      merchant: 'BLUE BOTTLE COFFEE',
      filed: 14,
      total: 15,
    });
    expect(prediction?.confidence).toBeCloseTo(15 / 17, 5);
  });

  it('generalises from words to a merchant it never saw', () => {
    const model = CategoryModel.train([
      { text: 'CVS PHARMACY', categoryId: 'health', weight: 3 },
      { text: 'LLOYDS PHARMACY', categoryId: 'health', weight: 2 },
      { text: 'SHELL OIL', categoryId: 'fuel', weight: 4 },
      { text: 'DOMINOS PIZZA', categoryId: 'restaurants', weight: 2 },
    ]);
    const prediction = model.predict('DUANE READE PHARMACY #12');
    expect(prediction?.categoryId).toBe('health');
    expect(prediction?.reason).toEqual({ kind: 'similar', words: ['PHARMACY'] });
    expect(prediction?.confidence).toBeLessThan(1);
  });

  it('learns incrementally: one more choice changes the answer', () => {
    const model = CategoryModel.train([
      { text: 'ACME SUPPLIES', categoryId: 'shopping', weight: 1 },
    ]);
    expect(model.predict('ACME SUPPLIES')?.categoryId).toBe('shopping');
    model.learn({ text: 'ACME SUPPLIES', categoryId: 'office', weight: 2 });
    expect(model.predict('ACME SUPPLIES')?.categoryId).toBe('office');
  });

  it('says nothing rather than guessing when it has no evidence', () => {
    expect(new CategoryModel().predict('ANYTHING')).toBeNull();
    const model = CategoryModel.train([{ text: 'SHELL OIL', categoryId: 'fuel', weight: 1 }]);
    expect(model.predict('ZZZQX')).toBeNull();
  });
});
