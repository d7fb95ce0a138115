import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_DATE_FORMATS } from '../../../../../src-shared/contract/csvImport';
import { parseAmount, toDecimalString } from '../../../../../src-shared/domain';
import { amountReader, detectNumberFormat, looksLikeAmount } from './csvAmounts';
import { DateFormatVote, dateReader } from './csvDates';

describe('dates', () => {
  it.each([
    ['YYYY-MM-DD', '2026-01-31', '2026-01-31'],
    ['YYYY-MM-DD', '2026-01-05 10:23:11', '2026-01-05'],
    ['MM/DD/YYYY', '1/5/2026', '2026-01-05'],
    ['DD/MM/YYYY', '31/01/2026', '2026-01-31'],
    ['DD.MM.YYYY', '29.02.2024', '2024-02-29'],
    ['YYYYMMDD', '20260131', '2026-01-31'],
    ['DD-MM-YYYY', '31-01-2026', '2026-01-31'],
    ['YYYY/MM/DD', '2026/01/31', '2026-01-31'],
    ['MM/DD/YY', '01/31/26', '2026-01-31'],
    ['DD.MM.YY', '30.12.99', '1999-12-30'],
    ['DD/MM/YY', '01/02/69', '2069-02-01'],
    ['DD MMM YYYY', '05 Jan 2026', '2026-01-05'],
    ['DD MMM YYYY', '5-Sept-2026', '2026-09-05'],
  ] as const)('%s reads %s', (format, text, date) => {
    expect(dateReader(format)(text)).toBe(date);
  });

  it('refuses impossible dates', () => {
    expect(dateReader('DD/MM/YYYY')('31/31/2026')).toBeNull();
    expect(dateReader('DD.MM.YYYY')('29.02.2026')).toBeNull();
    expect(dateReader('YYYYMMDD')('12345678')).toBeNull();
  });

  it('settles DD/MM against MM/DD with one day above 12, and otherwise ranks by order', () => {
    const vote = new DateFormatVote();
    for (const d of ['01/02/2026', '03/02/2026', '07/02/2026']) vote.add(d);
    // Sorted as DD/MM (1, 3, 7 Feb); as MM/DD the dates jump between months but also rise.
    expect(vote.candidates()).toEqual(['MM/DD/YYYY', 'DD/MM/YYYY']);
    vote.add('13/02/2026');
    expect(vote.candidates()).toEqual(['DD/MM/YYYY']);

    const unsorted = new DateFormatVote();
    for (const d of ['02/01/2026', '05/01/2026', '09/01/2026', '01/02/2026']) unsorted.add(d);
    expect(unsorted.candidates()).toEqual(['DD/MM/YYYY', 'MM/DD/YYYY']);
  });

  it('ignores a value no format reads (the import names its line)', () => {
    const vote = new DateFormatVote();
    for (const d of ['31.01.2026', 'Kontostand', '30.01.2026']) vote.add(d);
    expect(vote.candidates()).toEqual(['DD.MM.YYYY']);
  });

  it('every format reads what it formats (property)', () => {
    const day = fc.date({
      min: new Date('1970-01-01T00:00:00Z'),
      max: new Date('2069-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(day, fc.constantFrom(...CSV_DATE_FORMATS), (date, format) => {
        const [y, m, d] = date.toISOString().slice(0, 10).split('-') as [string, string, string];
        const months = [
          'Jan',
          'Feb',
          'Mar',
          'Apr',
          'May',
          'Jun',
          'Jul',
          'Aug',
          'Sep',
          'Oct',
          'Nov',
          'Dec',
        ];
        const text = format
          .replace('YYYY', y)
          .replace('YY', y.slice(2))
          .replace('MMM', months[Number(m) - 1] ?? '')
          .replace('MM', m)
          .replace('DD', d);
        expect(dateReader(format)(text)).toBe(`${y}-${m}-${d}`);
      }),
    );
  });
});

describe('amounts', () => {
  it('reads plain cells on the fast path exactly as parseAmount does (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.constantFrom('USD', 'JPY', 'KWD', 'EUR'),
        fc.constantFrom('.', ','),
        (minor, currency, decimal) => {
          const text = toDecimalString(minor, currency).replace('.', decimal);
          expect(amountReader(currency, decimal)(text)).toBe(minor);
          expect(amountReader(currency, decimal)(text)).toBe(
            parseAmount(text, currency, { decimalSeparator: decimal }),
          );
        },
      ),
    );
  });

  it('hands everything else to parseAmount', () => {
    const usd = amountReader('USD', '.');
    expect(usd('"1,234.56"'.slice(1, -1))).toBe(123456);
    expect(usd('£1,234.50')).toBe(123450);
    expect(usd('12.34-')).toBe(-1234);
    expect(usd('-7.5')).toBe(-750);
    expect(amountReader('EUR', ',')('-1.234,56')).toBe(-123456);
    expect(amountReader('EUR', ',')('1 250,00')).toBe(125000);
    expect(() => usd('12,34')).toThrow(/is not between groups of three digits/);
  });

  it('recognises amount cells', () => {
    for (const yes of ['-12.34', '£1,234.56', '1.234,56', '(12.00)', '12,5 €', '100', 'EUR 5'])
      expect(looksLikeAmount(yes)).toBe(true);
    for (const no of ['', 'Tesco', '01/02/2026', '12.34.56.78', 'DE12 5001'])
      expect(looksLikeAmount(no)).toBe(false);
  });

  it('detects decimal commas and thousands separators', () => {
    expect(detectNumberFormat(['-12,34', '1.234,56'])).toEqual({
      decimalSeparator: ',',
      thousandsSeparator: '.',
    });
    expect(detectNumberFormat(['-12.34', '1,234.56'])).toEqual({
      decimalSeparator: '.',
      thousandsSeparator: ',',
    });
    expect(detectNumberFormat(['-1 250,00', '12,00'])).toEqual({
      decimalSeparator: ',',
      thousandsSeparator: ' ',
    });
    expect(detectNumberFormat(["1'234.50"])).toEqual({
      decimalSeparator: '.',
      thousandsSeparator: "'",
    });
    expect(detectNumberFormat(['1,234'], ',')).toEqual({
      decimalSeparator: ',',
      thousandsSeparator: '',
    });
  });
});
