import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DateStringSchema,
  InstantSchema,
  MonthStringSchema,
  addDays,
  addMonths,
  compareDates,
  daysInMonth,
  isValidDate,
  isValidInstant,
  isValidMonth,
  monthOf,
  monthRange,
  nowInstant,
  shiftMonth,
  toInstant,
  todayLocal,
} from './dates';

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const ymd = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;

/** Any valid date, built independently of the code under test. */
const dateArb = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ year, month, day }) => {
    // Clamp with Date's own calendar, an implementation independent of daysInMonth.
    const probe = new Date(0);
    probe.setUTCFullYear(year, month, 0); // day 0 of the next month = last day of this one
    return ymd(year, month, Math.min(day, probe.getUTCDate()));
  });

describe('isValidDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2024-04-30', true],
    ['2024-04-31', false],
    ['2024-12-31', true],
    ['2024-13-01', false],
    ['2024-00-10', false],
    ['2024-01-00', false],
    ['0000-01-01', true],
    ['9999-12-31', true],
    ['2024-1-01', false],
    ['24-01-01', false],
    [' 2024-01-01', false],
    ['2024-01-01T00:00', false],
    ['2024/01/01', false],
    ['２０２４-01-01', false],
  ])('%j → %s', (value, expected) => {
    expect(isValidDate(value)).toBe(expected);
  });

  it('agrees with the JavaScript calendar for every year, month and day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, day) => {
          const probe = new Date(0);
          probe.setUTCFullYear(year, month - 1, day);
          const real =
            month >= 1 &&
            month <= 12 &&
            day >= 1 &&
            probe.getUTCMonth() === month - 1 &&
            probe.getUTCDate() === day;
          expect(isValidDate(ymd(year, month, day))).toBe(real);
        },
      ),
    );
  });

  it('backs DateStringSchema', () => {
    expect(DateStringSchema.parse('2024-02-29')).toBe('2024-02-29');
    const bad = DateStringSchema.safeParse('2023-02-29');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('Expected a calendar date as YYYY-MM-DD');
    expect(DateStringSchema.safeParse(20240229).success).toBe(false);
  });
});

describe('months', () => {
  it('validates YYYY-MM', () => {
    expect(isValidMonth('2024-12')).toBe(true);
    expect(isValidMonth('2024-13')).toBe(false);
    expect(isValidMonth('2024-00')).toBe(false);
    expect(isValidMonth('2024-1')).toBe(false);
    expect(MonthStringSchema.safeParse('2024-07').success).toBe(true);
    expect(MonthStringSchema.safeParse('2024-07-01').success).toBe(false);
  });

  it('monthOf takes the month of a valid date only', () => {
    expect(monthOf('2024-03-15')).toBe('2024-03');
    expect(() => monthOf('2024-02-30')).toThrow('Not a calendar date: "2024-02-30"');
  });

  it('daysInMonth knows leap years', () => {
    expect([2023, 2024, 1900, 2000].map((y) => daysInMonth(y, 2))).toEqual([28, 29, 28, 29]);
    expect([1, 4, 6, 9, 11, 12].map((m) => daysInMonth(2024, m))).toEqual([31, 30, 30, 30, 30, 31]);
  });

  it('shiftMonth crosses year boundaries', () => {
    expect(shiftMonth('2024-12', 1)).toBe('2025-01');
    expect(shiftMonth('2024-01', -1)).toBe('2023-12');
    expect(shiftMonth('2024-05', -29)).toBe('2021-12');
    expect(() => shiftMonth('9999-12', 1)).toThrow(RangeError);
  });

  it('monthRange lists every month, both ends included', () => {
    expect(monthRange('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthRange('2024-05', '2024-05')).toEqual(['2024-05']);
    expect(monthRange('2025-02', '2024-11')).toEqual([]);
    expect(() => monthRange('2024-13', '2025-01')).toThrow(RangeError);
  });

  it('monthRange has consecutive months of the right count', () => {
    const monthArb = dateArb.map((date) => date.slice(0, 7));
    fc.assert(
      fc.property(monthArb, fc.integer({ min: 0, max: 60 }), (from, span) => {
        let to: string;
        try {
          to = shiftMonth(from, span);
        } catch {
          return; // past year 9999
        }
        const months = monthRange(from, to);
        expect(months).toHaveLength(span + 1);
        expect(months[0]).toBe(from);
        expect(months.at(-1)).toBe(to);
        months.slice(1).forEach((month, i) => expect(shiftMonth(months[i] ?? '', 1)).toBe(month));
      }),
    );
  });
});

describe('addMonths', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2024-05-31', 1, '2024-06-30'],
    ['2024-12-15', 1, '2025-01-15'],
    ['2025-01-15', -1, '2024-12-15'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2024-06-10', 0, '2024-06-10'],
  ])('%s %+d → %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('refuses invalid dates, fractional counts and years past 9999', () => {
    expect(() => addMonths('2024-02-30', 1)).toThrow(RangeError);
    expect(() => addMonths('2024-01-01', 1.5)).toThrow(RangeError);
    expect(() => addMonths('9999-12-01', 1)).toThrow('Year 10000 is outside 0000–9999');
    expect(() => addMonths('0000-01-01', -1)).toThrow(RangeError);
  });

  it('always lands on a valid date in the shifted month, keeping or clamping the day', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -1200, max: 1200 }), (date, months) => {
        let result: string;
        try {
          result = addMonths(date, months);
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
          const year =
            Number(date.slice(0, 4)) + Math.floor((Number(date.slice(5, 7)) - 1 + months) / 12);
          expect(year < 0 || year > 9999).toBe(true);
          return;
        }
        expect(isValidDate(result)).toBe(true);
        expect(monthOf(result)).toBe(shiftMonth(monthOf(date), months));
        const [y, m] = [Number(result.slice(0, 4)), Number(result.slice(5, 7))];
        expect(Number(result.slice(8))).toBe(Math.min(Number(date.slice(8)), daysInMonth(y, m)));
      }),
    );
  });

  it('undoes itself when the day exists in every month', () => {
    fc.assert(
      fc.property(
        dateArb.filter((date) => Number(date.slice(8)) <= 28 && date >= '0100' && date < '9900'),
        fc.integer({ min: -1000, max: 1000 }),
        (date, months) => {
          expect(addMonths(addMonths(date, months), -months)).toBe(date);
        },
      ),
    );
  });
});

describe('addDays', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2023-12-31', 1, '2024-01-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['0099-06-01', 1, '0099-06-02'],
    ['0001-01-01', -1, '0000-12-31'],
    ['2024-01-01', 366, '2025-01-01'],
  ])('%s %+d → %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('moves forward one valid date at a time and undoes itself', () => {
    fc.assert(
      fc.property(
        dateArb.filter((date) => date >= '0100' && date < '9900'),
        fc.integer({ min: -20_000, max: 20_000 }),
        (date, days) => {
          const next = addDays(date, 1);
          expect(isValidDate(next)).toBe(true);
          expect(compareDates(date, next)).toBe(-1);
          expect(addDays(addDays(date, days), -days)).toBe(date);
        },
      ),
    );
  });

  it('refuses years past 9999', () => {
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
  });
});

describe('compareDates', () => {
  it('orders like the calendar', () => {
    expect(compareDates('2024-01-31', '2024-02-01')).toBe(-1);
    expect(compareDates('2024-02-01', '2024-02-01')).toBe(0);
    expect(compareDates('2025-01-01', '2024-12-31')).toBe(1);
  });

  it('sorts dates as their (year, month, day) tuples sort', () => {
    fc.assert(
      fc.property(fc.array(dateArb, { maxLength: 30 }), (dates) => {
        const byTuple = [...dates].sort((a, b) => {
          const [ay, am, ad] = a.split('-').map(Number);
          const [by, bm, bd] = b.split('-').map(Number);
          return (ay ?? 0) - (by ?? 0) || (am ?? 0) - (bm ?? 0) || (ad ?? 0) - (bd ?? 0);
        });
        expect([...dates].sort(compareDates)).toEqual(byTuple);
      }),
    );
  });
});

describe('todayLocal', () => {
  it('uses the local calendar date, not the UTC one', () => {
    expect(todayLocal(new Date(2024, 1, 29, 23, 59, 59))).toBe('2024-02-29');
    expect(todayLocal(new Date(2025, 0, 1, 0, 0, 1))).toBe('2025-01-01');
  });

  it('defaults to now', () => {
    // sv-SE writes dates as YYYY-MM-DD: an independent local-calendar reading.
    const before = new Date().toLocaleDateString('sv-SE');
    const today = todayLocal();
    const after = new Date().toLocaleDateString('sv-SE');
    expect([before, after]).toContain(today);
  });
});

describe('instants', () => {
  it.each([
    ['2024-03-15T09:26:53.589Z', true],
    ['1970-01-01T00:00:00.000Z', true],
    ['2024-02-29T23:59:59.999Z', true],
    ['2024-03-15T09:26:53Z', false],
    ['2024-03-15T09:26:53.5Z', false],
    ['2024-03-15T10:26:53.589+01:00', false],
    ['2024-03-15 09:26:53.589Z', false],
    ['2024-03-15T09:26:53.589z', false],
    ['2023-02-29T00:00:00.000Z', false],
    ['2024-04-31T00:00:00.000Z', false],
    ['2024-03-15T24:00:00.000Z', false],
    ['2024-03-15T09:60:00.000Z', false],
    ['2024-03-15T09:26:60.000Z', false],
  ])('%s valid: %s', (value, expected) => {
    expect(isValidInstant(value)).toBe(expected);
    expect(InstantSchema.safeParse(value).success).toBe(expected);
  });

  it('normalises other representations to the canonical form', () => {
    expect(toInstant('2024-03-15T10:26:53.589+01:00')).toBe('2024-03-15T09:26:53.589Z');
    expect(toInstant(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(toInstant(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)))).toBe('2024-01-02T03:04:05.006Z');
    expect(() => toInstant('yesterday')).toThrow('Not a point in time: "yesterday"');
    expect(() => toInstant(Date.UTC(10000, 0, 1))).toThrow(RangeError);
  });

  it('nowInstant is a canonical instant', () => {
    expect(isValidInstant(nowInstant())).toBe(true);
    expect(nowInstant(new Date(86_400_000))).toBe('1970-01-02T00:00:00.000Z');
  });

  it('string order is time order', () => {
    const timeArb = fc.integer({
      min: Date.parse('0000-01-01T00:00:00.000Z'),
      max: Date.parse('9999-12-31T23:59:59.999Z'),
    });
    fc.assert(
      fc.property(timeArb, timeArb, (a, b) => {
        const [ia, ib] = [toInstant(a), toInstant(b)];
        expect(isValidInstant(ia)).toBe(true);
        expect(ia < ib ? -1 : ia > ib ? 1 : 0).toBe(Math.sign(a - b));
      }),
    );
  });
});
