import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, CONTRACT, type CallResult } from '../../../src-shared/contract';
import type { SqlDatabase } from '../db/openDatabase';
import { initVault, vaultFilePath } from '../vault';
import { _tempDataDir } from '../vault/_testSupport';
import { createCoreApi, type CoreApi } from './index';

// The contract's fuzz test (issue 3, "Acceptance"): every channel gets malformed and
// near-valid payloads on a real, unlocked vault. Whatever arrives, `dispatch` must
// resolve (never throw or reject) to a CallResult; input the channel's schema refuses
// must come back as VALIDATION; and a call that does not succeed must leave the vault
// exactly as it was (no partial write).
//
// Inputs are what a transport can deliver: structured-clonable values (Electron IPC)
// and JSON (the web harness), not getters or proxies, which neither can carry.

/**
 * Vault lifecycle calls change keys or the session itself (lock, unlock, rotate, …).
 * Their malformed inputs are fuzzed like any other; their valid ones are not sent,
 * because they would lock or re-key the vault under the test (vault.test.ts covers them).
 * Every other channel's valid inputs are sent too, and checked for no partial write.
 */
function skipWhenValid(channel: string): boolean {
  return channel.startsWith('vault.') && channel !== 'vault.status' && channel !== 'vault.touch';
}

const RUNS_PER_CHANNEL = 150;
const PASSPHRASE = 'fuzzing passphrase, long enough';

// ---- What the vault looks like, cheaply ----

/**
 * A hash of everything a call could change: the schema, every row of every table (the
 * audit log included, since only successful calls may append to it), and vault.json.
 * Generic over sqlite_master, so tables added by later migrations are covered.
 */
function fingerprint(db: SqlDatabase, dataDir: string): string {
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify(
      db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY type, name').all(),
    ),
  );
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all() as string[];
  for (const table of tables) {
    const rows = db
      .prepare(`SELECT * FROM "${table.replaceAll('"', '""')}"`)
      .raw()
      .all() as unknown[][];
    const lines = rows.map((row) =>
      JSON.stringify(row, (_key, value: unknown) =>
        Buffer.isBuffer(value) ? `hex:${value.toString('hex')}` : value,
      ),
    );
    hash.update(`\n${table} ${rows.length}\n${lines.sort().join('\n')}`);
  }
  hash.update(readFileSync(vaultFilePath(dataDir)));
  return hash.digest('hex');
}

// ---- Payloads ----

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

let deep: unknown = 'bottom';
for (let i = 0; i < 2_000; i += 1) deep = i % 2 === 0 ? [deep] : { nested: deep };

const strange: unknown[] = [
  null,
  undefined,
  0,
  -0,
  NaN,
  Infinity,
  -Infinity,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  '',
  ' ',
  '\u0000',
  '\u202e',
  'x'.repeat(1_100_000),
  '💥'.repeat(5_000),
  "'; DROP TABLE transactions; --",
  '../../../../etc/passwd',
  '=HYPERLINK("http://evil")',
  '2024-02-30',
  '99999-01-01',
  '12.345',
  '1e3',
  true,
  false,
  [],
  [null],
  {},
  { __proto__: null },
  JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
  { constructor: { prototype: { polluted: true } } },
  deep,
  new Date(NaN),
  new Date(0),
  new Uint8Array(16),
  new Map([['a', 1]]),
  new Set([1]),
  10n,
  Array.from({ length: 20_000 }, (_, i) => i),
];

const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    withBoxedValues: true,
    withMap: true,
    withSet: true,
    withBigInt: true,
    withDate: true,
    withTypedArray: true,
    withSparseArray: true,
    withNullPrototype: true,
    withObjectString: true,
  }),
  fc.constantFrom(...strange),
  fc.string({ maxLength: 300, unit: 'binary' }),
  fc.double(),
  fc.array(fc.jsonValue(), { maxLength: 5 }),
);

/** Strings that pass typical checks (dates, months, amounts) as well as random ones. */
const plausibleString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc
    .date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc
    .date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 7)),
  fc.integer({ min: -1e9, max: 1e9 }).map((n) => (n / 100).toFixed(2)),
  fc.uuid({ version: 7 }),
  fc.constantFrom('USD', 'EUR', 'JPY', 'KWD'),
);

/**
 * Ids of rows that exist right now (any table with an `id` column), so valid-looking
 * inputs also reach the paths past "not found": updates, merges, transfers, conflicts.
 * Read when a value is generated, hence a function of the generated index.
 */
function existingId(index: number): string | undefined {
  const tables = db
    .prepare(
      "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c ON c.name = 'id' WHERE m.type = 'table' ORDER BY m.name",
    )
    .pluck()
    .all() as string[];
  const ids = tables.flatMap((table) =>
    db
      .prepare(`SELECT id FROM "${table.replaceAll('"', '""')}" ORDER BY id LIMIT 50`)
      .pluck()
      .all(),
  );
  const id = ids.filter((value): value is string => typeof value === 'string')[
    index % Math.max(ids.length, 1)
  ];
  return id;
}

/** Sets `key` as an own property, even `__proto__`, the way JSON.parse and IPC do. */
function withKey(
  object: Record<string, unknown>,
  key: string,
  value: unknown,
): Record<string, unknown> {
  const copy = { ...object };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Mostly shaped like the schema, with garbage, missing and extra keys mixed in at every level. */
function nearValid(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (depth > 5) return garbage;
  return fc.oneof(
    { weight: 6, arbitrary: shaped(schema, depth) },
    { weight: 1, arbitrary: garbage },
  );
}

function shaped(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (union && union.length > 0)
    return fc.oneof(...union.map((branch) => nearValid(branch, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return shapedObject(schema, depth);
    case 'array':
      return fc.array(nearValid(schema.items ?? {}, depth + 1), {
        minLength: Math.min(schema.minItems ?? 0, 3),
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'string':
      return schema.pattern
        ? fc.oneof(
            fc.stringMatching(new RegExp(schema.pattern)),
            fc.nat().map((n) => existingId(n) ?? 'no-rows-yet'),
            plausibleString,
          )
        : fc.oneof(
            plausibleString,
            fc.string({
              minLength: schema.minLength ?? 0,
              maxLength: Math.min(schema.maxLength ?? 60, 60),
            }),
          );
    case 'integer':
      return fc.oneof(
        fc.integer({
          min: Math.max(schema.minimum ?? -1e12, Number.MIN_SAFE_INTEGER),
          max: Math.min(schema.maximum ?? 1e12, Number.MAX_SAFE_INTEGER),
        }),
        fc.integer(),
      );
    case 'number':
      return fc.oneof(fc.integer({ min: -1e12, max: 1e12 }), fc.double({ noNaN: true }));
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.oneof(fc.jsonValue(), garbage);
  }
}

function shapedObject(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const keys = Object.keys(properties);
  const model = Object.fromEntries(
    keys.map((key) => [key, nearValid(properties[key] ?? {}, depth + 1)]),
  );
  const required = (schema.required ?? []).filter((key) => keys.includes(key));
  const base = fc.record(model, { requiredKeys: required }) as fc.Arbitrary<
    Record<string, unknown>
  >;
  const extraKey = fc.oneof(
    { weight: 5, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'id')),
        garbage,
      ),
    },
  );
  const dropKey =
    required.length > 0
      ? fc.oneof(
          { weight: 5, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.constantFrom(...required) },
        )
      : fc.constant(undefined);
  return fc.tuple(base, extraKey, dropKey).map(([object, extra, drop]) => {
    let result = object;
    if (drop !== undefined) {
      result = { ...result };
      delete result[drop];
    }
    if (extra) result = withKey(result, extra[0], extra[1]);
    return result;
  });
}

function inputSchemaOf(channel: string): JsonSchema {
  const spec = CONTRACT[channel as keyof typeof CONTRACT];
  try {
    return z.toJSONSchema(spec.input as z.ZodType, {
      io: 'input',
      unrepresentable: 'any',
    }) as JsonSchema;
  } catch {
    return {}; // a schema JSON Schema cannot describe still gets the garbage
  }
}

/** Whether the channel's own schema accepts `input` (what dispatch must agree with). */
function accepts(channel: string, input: unknown): boolean {
  return CONTRACT[channel as keyof typeof CONTRACT].input.safeParse(input).success;
}

// ---- The vault under test ----

let api: CoreApi;
let db: SqlDatabase;
const temp = _tempDataDir();

beforeAll(async () => {
  await initVault(temp.dir, PASSPHRASE);
  api = createCoreApi({ dataDir: temp.dir });
  await api.session.unlock({ method: 'passphrase', passphrase: PASSPHRASE });
  db = api.session.requireVault().db;
});

afterAll(() => {
  api.session.lock('user');
  temp.cleanup();
});

function expectCallResult(result: CallResult<unknown>): void {
  expect(typeof result).toBe('object');
  if (result.ok) return;
  expect(typeof result.error.code).toBe('string');
  expect(typeof result.error.message).toBe('string');
  expect(result.error.message.length).toBeLessThanOrEqual(500);
  expect(Object.keys(result.error).sort()).toEqual(['code', 'message']);
}

describe('dispatch under fuzzed payloads', () => {
  it('covers every channel of the contract', () => {
    expect(Object.keys(CONTRACT).sort()).toEqual([...CHANNELS].sort());
  });

  describe.each(Object.keys(CONTRACT))('%s', (channel) => {
    it('refuses what its schema refuses, never throws, never writes on failure', async () => {
      const arbitrary = fc.oneof(
        { weight: 3, arbitrary: nearValid(inputSchemaOf(channel), 0) },
        { weight: 1, arbitrary: garbage },
      );
      let before = fingerprint(db, temp.dir);

      await fc.assert(
        fc.asyncProperty(arbitrary, async (input) => {
          const valid = accepts(channel, input);
          if (valid && skipWhenValid(channel)) return;

          const result = await api.dispatch(channel, input);
          expectCallResult(result);
          if (!valid) {
            expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
          } else {
            // Valid input may be refused (NOT_FOUND, CONFLICT, …), but never as a crash.
            if (!result.ok) expect(result.error.code).not.toBe('INTERNAL');
          }

          const after = fingerprint(db, temp.dir);
          if (!result.ok) expect(after).toBe(before); // no partial write
          before = after;
        }),
        { numRuns: RUNS_PER_CHANNEL },
      );

      expect(api.session.isUnlocked()).toBe(true);
    });
  });

  it('answers UNKNOWN_CALL for any channel name that is not in the contract', async () => {
    const before = fingerprint(db, temp.dir);
    const names = fc.oneof(
      fc.string({ maxLength: 60 }).filter((s) => !Object.hasOwn(CONTRACT, s)),
      fc.constantFrom(
        '__proto__',
        'constructor',
        'toString',
        'hasOwnProperty',
        'valueOf',
        'vault',
        'vault.',
        '.status',
        'vault.status ',
        ' vault.status',
        'VAULT.STATUS',
        'vault.status\u0000',
        'vault/status',
        'vault.status.extra',
      ),
    );
    await fc.assert(
      fc.asyncProperty(names, garbage, async (channel, input) => {
        await expect(api.dispatch(channel, input)).resolves.toMatchObject({
          ok: false,
          error: { code: 'UNKNOWN_CALL' },
        });
      }),
      { numRuns: 300 },
    );
    expect(fingerprint(db, temp.dir)).toBe(before);
  });

  it('answers UNKNOWN_CALL for a channel that is not a string', async () => {
    const notStrings = fc
      .oneof(
        garbage,
        fc.constantFrom<unknown>(
          null,
          undefined,
          0,
          {},
          ['vault.status'],
          new String('vault.status'),
        ),
      )
      .filter((value) => typeof value !== 'string');
    await fc.assert(
      fc.asyncProperty(notStrings, async (channel) => {
        await expect(api.dispatch(channel as string, {})).resolves.toMatchObject({
          ok: false,
          error: { code: 'UNKNOWN_CALL' },
        });
      }),
      { numRuns: 200 },
    );
  });

  it('leaves the audit chain intact', () => {
    expect(api.session.requireVault().verifyAudit()).toMatchObject({ ok: true });
  });
});
