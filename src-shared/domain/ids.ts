import { z } from 'zod';

/*
 * Row ids are UUIDv7 (RFC 9562): a 48-bit Unix-millisecond timestamp, the version nibble
 * 7, the variant bits 10, and 74 bits that are random at the start of each millisecond.
 * Lower-case hex only, so string order, byte order and creation order agree and SQLite
 * can index the text directly with new rows landing at the end of the index.
 *
 * Within one millisecond (or if the clock steps back) the generator reuses the last
 * timestamp and adds one to the 74-bit tail (RFC 9562 §6.2, method 2), so every id from a
 * generator sorts after the previous one. That makes ids predictable from their
 * neighbours: they are identifiers, never secrets or tokens.
 */

/** A UUIDv7 string in lower case, e.g. "0190b6e4-5c3a-7d2e-9f41-6a2b3c4d5e6f". */
export type Id = string;

const ID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MAX_TIMESTAMP = 2 ** 48 - 1;

/** True for a lower-case UUID with version 7 and the RFC 9562 variant. */
export function isValidId(value: string): boolean {
  return ID_SHAPE.test(value);
}

/** Zod schema for an `Id`. Upper-case hex is refused: ids are compared as strings. */
export const IdSchema = z.string().regex(ID_SHAPE, { message: 'Expected a lower-case UUIDv7' });

/** The Unix time in milliseconds encoded in a UUIDv7 (when the row was created). */
export function idTimestamp(id: Id): number {
  if (!isValidId(id)) throw new RangeError(`Not a UUIDv7: ${JSON.stringify(id.slice(0, 40))}`);
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

/** Sources of time and randomness for `createIdGenerator`; tests replace them. */
export interface IdGeneratorOptions {
  /** Current Unix time in ms. Default `Date.now`. */
  now?: () => number;
  /** Fill the array with cryptographically random bytes. Default `crypto.getRandomValues`. */
  fillRandom?: (bytes: Uint8Array<ArrayBuffer>) => void;
}

const hex16 = (n: number) => n.toString(16).padStart(4, '0');
const hex32 = (n: number) => n.toString(16).padStart(8, '0');
// Random bytes are drawn in batches: one getRandomValues call per id would dominate the
// cost of generating ids for a million-row import.
const RANDOM_BYTES_PER_ID = 10;
const POOL_IDS = 256;

/**
 * A UUIDv7 generator with its own monotonic state. `newId` is the shared instance; make
 * a separate one only to inject a clock or randomness in tests.
 */
export function createIdGenerator(options: IdGeneratorOptions = {}): () => Id {
  const now = options.now ?? (() => Date.now());
  const fillRandom =
    options.fillRandom ??
    ((bytes: Uint8Array<ArrayBuffer>) => void globalThis.crypto.getRandomValues(bytes));
  const pool = new Uint8Array(RANDOM_BYTES_PER_ID * POOL_IDS);
  let poolOffset = pool.length;

  let lastMs = -1;
  // The 74-bit tail as three unsigned integers: 12 bits (rand_a), 30 + 32 bits (rand_b).
  let randA = 0;
  let randBHigh = 0;
  let randBLow = 0;

  const reseed = () => {
    if (poolOffset + RANDOM_BYTES_PER_ID > pool.length) {
      fillRandom(pool);
      poolOffset = 0;
    }
    const b = pool.subarray(poolOffset, poolOffset + RANDOM_BYTES_PER_ID);
    poolOffset += RANDOM_BYTES_PER_ID;
    const byte = (i: number) => b[i] ?? 0;
    // Top bit of the tail starts at 0, leaving at least 2^73 increments before it could
    // overflow within one millisecond.
    randA = ((byte(0) & 0x07) << 8) | byte(1);
    randBHigh = (((byte(2) & 0x3f) << 24) | (byte(3) << 16) | (byte(4) << 8) | byte(5)) >>> 0;
    randBLow = ((byte(6) << 24) | (byte(7) << 16) | (byte(8) << 8) | byte(9)) >>> 0;
  };

  const increment = () => {
    randBLow = (randBLow + 1) >>> 0;
    if (randBLow !== 0) return;
    randBHigh = (randBHigh + 1) & 0x3fffffff;
    if (randBHigh !== 0) return;
    randA = (randA + 1) & 0xfff;
    if (randA !== 0) return;
    // The whole tail wrapped: borrow the next millisecond rather than repeat an id.
    lastMs += 1;
    reseed();
  };

  return () => {
    const time = now();
    if (!Number.isSafeInteger(time) || time < 0 || time > MAX_TIMESTAMP) {
      throw new RangeError(`Clock value ${String(time)} cannot be encoded in a UUIDv7`);
    }
    if (time > lastMs) {
      lastMs = time;
      reseed();
    } else {
      increment(); // same millisecond, or the clock stepped back: stay monotonic
    }
    if (lastMs > MAX_TIMESTAMP) throw new RangeError('UUIDv7 timestamp space exhausted');

    const msHigh = Math.floor(lastMs / 2 ** 32); // top 16 bits of the 48-bit timestamp
    const msLow = hex32(lastMs >>> 0);
    return (
      hex16(msHigh) +
      msLow.slice(0, 4) +
      '-' +
      msLow.slice(4) +
      '-' +
      hex16(0x7000 | randA) +
      '-' +
      hex16(0x8000 | (randBHigh >>> 16)) +
      '-' +
      hex16(randBHigh & 0xffff) +
      hex32(randBLow)
    );
  };
}

/** A new UUIDv7, greater than every id this process generated before. */
export const newId: () => Id = createIdGenerator();
