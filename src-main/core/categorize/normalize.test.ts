import { describe, expect, it } from 'vitest';
import { features, merchantKey, merchantWords } from './normalize';

describe('merchant normalization', () => {
  it('gives the same key to the many ways a bank writes one merchant', () => {
    const variants = [
      'SQ *BLUE BOTTLE COFFEE #0042 SAN FRANCISCO CA',
      'Blue Bottle Coffee 118 Oakland CA 03/14',
      'POS PURCHASE BLUE BOTTLE COFFEE 03/14 CARD 4411',
      'CHECKCARD 0314 BLUE BOTTLE COFFEE 24492154074',
      'blue bottle coffee',
    ];
    expect(new Set(variants.map(merchantKey))).toEqual(new Set(['BLUE BOTTLE COFFEE']));
  });

  it('strips card numbers, store numbers, dates, times and reference codes', () => {
    const words = merchantWords(
      'AMZN MKTP US*2K4HJ8QW0 AMZN.COM/BILL WA 12/03 14:22 XXXX1234 #5521 REF 99AB12',
    );
    expect(words.join(' ')).not.toMatch(/\d/);
    expect(words).toContain('AMZN');
    expect(words).toContain('MKTP');
  });

  it('drops payment boilerplate and a trailing state code, keeps the merchant', () => {
    expect(merchantWords('DEBIT CARD PURCHASE SHELL OIL 57442 SEATTLE WA')).toEqual([
      'SHELL',
      'OIL',
      'SEATTLE',
    ]);
    expect(merchantKey('VISA DEBIT TESCO STORES 3021')).toBe('TESCO STORES');
  });

  it('folds accents and case', () => {
    expect(merchantKey('Café Müller')).toBe(merchantKey('CAFE MULLER'));
  });

  it('has nothing to say about a description made only of numbers', () => {
    expect(merchantKey('123456 7890')).toBe('');
    expect(features('123456')).toEqual([]);
  });

  it('features include words, word pairs and trigrams', () => {
    const f = features('PEETS COFFEE');
    expect(f).toContain('w:PEETS');
    expect(f).toContain('b:PEETS_COFFEE');
    expect(f).toContain('c:^CO');
  });
});
