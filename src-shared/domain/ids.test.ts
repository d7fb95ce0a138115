import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdSchema, createIdGenerator, idTimestamp, isValidId, newId } from './ids';

// RFC 9562 appendix A.6 example UUIDv7, lower-cased.
const RFC_EXAMPLE = '017f22e2-79b0-7cc3-98c4-dc0c0c07398f';

/** Byte-wise view of an id, to check the bit layout independently of the string form. */
function bytesOf(id: string): number[] {
  const hex = id.replace(/-/g, '');
  return Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

describe('newId', () => {
  it('produces lower-case UUIDs with version 7 and the RFC variant', () => {
    const id = newId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const bytes = bytesOf(id);
    expect((bytes[6] ?? 0) >> 4).toBe(7);
    expect((bytes[8] ?? 0) >> 6).toBe(0b10);
    expect(isValidId(id)).toBe(true);
  });

  it('encodes the current time', () => {
    const before = Date.now();
    const at = idTimestamp(newId());
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
  });

  it('sorts in generation order and never repeats, even within one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('createIdGenerator', () => {
  it('lays out timestamp, version, tail and variant bits as RFC 9562 says', () => {
    const next = createIdGenerator({
      now: () => 0x017f22e279b0,
      fillRandom: (bytes) => bytes.fill(0xff),
    });
    // All-ones randomness: the tail's top bit is kept clear for in-millisecond increments.
    expect(next()).toBe('017f22e2-79b0-77ff-bfff-ffffffffffff');
    // Same millisecond: +1 carries through rand_b into rand_a.
    expect(next()).toBe('017f22e2-79b0-7800-8000-000000000000');
    expect(next()).toBe('017f22e2-79b0-7800-8000-000000000001');
  });

  it('stays ordered whatever the clock does, including going backwards', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 ** 48 - 1 }), { minLength: 1, maxLength: 200 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 200 }),
        (clock, repeats) => {
          // Each clock reading is used for 1–4 ids, so many ids share a millisecond.
          const readings = clock.flatMap((t, i) =>
            Array<number>((repeats[i % repeats.length] ?? 0) + 1).fill(t),
          );
          let call = 0;
          const next = createIdGenerator({ now: () => readings[call++] ?? 0 });
          const ids = readings.map(() => next());
          expect(ids.every(isValidId)).toBe(true);
          expect(new Set(ids).size).toBe(ids.length);
          expect([...ids].sort()).toEqual(ids);
          // The timestamp is the largest clock value seen so far (monotonic, never invented).
          let highest = -1;
          ids.forEach((id, i) => {
            highest = Math.max(highest, readings[i] ?? 0);
            expect(idTimestamp(id)).toBe(highest);
          });
        },
      ),
    );
  });

  it('draws randomness in batches, fresh for each new millisecond', () => {
    let fills = 0;
    let time = 1_700_000_000_000;
    const next = createIdGenerator({
      now: () => time++,
      fillRandom: (bytes) => {
        fills += 1;
        globalThis.crypto.getRandomValues(bytes);
      },
    });
    const ids = Array.from({ length: 300 }, () => next());
    expect(fills).toBe(2); // 256 ids per batch
    // The 74-bit tails differ, so two devices creating rows in the same ms do not collide.
    expect(new Set(ids.map((id) => id.slice(15))).size).toBe(300);
  });

  it('gives independent generators different ids in the same millisecond', () => {
    const a = createIdGenerator({ now: () => 1_700_000_000_000 });
    const b = createIdGenerator({ now: () => 1_700_000_000_000 });
    expect(a()).not.toBe(b());
  });

  it('refuses clock values a UUIDv7 cannot hold', () => {
    for (const bad of [-1, 2 ** 48, 1.5, Number.NaN]) {
      expect(() => createIdGenerator({ now: () => bad })()).toThrow(RangeError);
    }
  });
});

describe('idTimestamp / IdSchema', () => {
  it('reads the RFC example timestamp', () => {
    expect(idTimestamp(RFC_EXAMPLE)).toBe(1645557742000);
    expect(new Date(idTimestamp(RFC_EXAMPLE)).toISOString()).toBe('2022-02-22T19:22:22.000Z');
  });

  it('accepts only lower-case version-7 UUIDs with the RFC variant', () => {
    expect(IdSchema.parse(RFC_EXAMPLE)).toBe(RFC_EXAMPLE);
    const bad = [
      RFC_EXAMPLE.toUpperCase(),
      '017f22e2-79b0-4cc3-98c4-dc0c0c07398f', // version 4
      '017f22e2-79b0-7cc3-c8c4-dc0c0c07398f', // variant 110
      '017f22e279b07cc398c4dc0c0c07398f', // no hyphens
      `{${RFC_EXAMPLE}}`,
      '',
    ];
    for (const value of bad) {
      expect(isValidId(value)).toBe(false);
      expect(IdSchema.safeParse(value).success).toBe(false);
      expect(() => idTimestamp(value)).toThrow(RangeError);
    }
    expect(IdSchema.safeParse(RFC_EXAMPLE.toUpperCase()).error?.issues[0]?.message).toBe(
      'Expected a lower-case UUIDv7',
    );
  });
});
