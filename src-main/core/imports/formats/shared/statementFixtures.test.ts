import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../../../db/openDatabase';
import { createAccount } from '../../../ledger';
import { _openTempVault } from '../../../vault/_testSupport';
import { detectFormat, DETECT_HEAD_BYTES } from '../../detectFormat';
import { runImport } from '../../runImport';
import {
  _chunked,
  _context,
  _PARSERS,
  _statementFixtures,
  type _Expected,
} from './_parseTestSupport';

// Every fixture under formats/{ofx,qif,camt}/fixtures goes through the real pipeline into
// a real encrypted vault: detected by content, parsed, imported, imported again.

let db: SqlDatabase;
let close: () => void;

beforeAll(async () => {
  const temp = await _openTempVault();
  db = temp.vault.db;
  close = temp.close;
});
afterAll(() => close());

let accounts = 0;
function newAccount(expected: _Expected): string {
  accounts += 1;
  return createAccount(db, {
    name: `Fixture ${accounts}`,
    type: expected.accountType,
    currency: expected.currency,
    openingBalance: 0,
  }).id;
}

async function importFixture(
  name: string,
  bytes: Uint8Array,
  expected: _Expected,
  accountId: string,
) {
  const ctx = _context(expected.currency);
  const result = await runImport(
    db,
    _PARSERS[expected.format](_chunked(bytes, [4096, 9000]), ctx),
    {
      accountId,
      fileName: name,
      format: expected.format,
      dryRun: false,
      transform: (draft) => draft,
    },
  );
  return { result, parserWarnings: ctx.warnings };
}

const stats = (accountId: string) =>
  db
    .prepare(
      `SELECT count(*) AS count, coalesce(sum(amount), 0) AS total,
              coalesce(sum(status = 'pending'), 0) AS pending
       FROM transactions WHERE account_id = ?`,
    )
    .get(accountId) as { count: number; total: number; pending: number };

describe('statement fixtures', () => {
  const fixtures = _statementFixtures();

  it('are all there: OFX 1.x, OFX 2.x, QFX, QIF with splits, CAMT.053, and the malformed ones', () => {
    expect(fixtures.map((fixture) => fixture.name)).toEqual([
      'checking-ofx1.ofx',
      'creditcard-ofx2.ofx',
      'savings.qfx',
      'truncated.ofx',
      'bank-splits.qif',
      'creditcard.qif',
      'split-mismatch.qif',
      'statement-v02.camt053.xml',
      'statement-v08-prefixed.camt053.xml',
      'wrong-currency.camt053.xml',
    ]);
  });

  for (const { name, bytes, expected } of fixtures) {
    it(`${name}: detected as ${expected.format} from its content`, () => {
      expect(detectFormat(bytes.subarray(0, DETECT_HEAD_BYTES), name)).toEqual({
        format: expected.format,
      });
      // The name does not matter (except .qfx vs .ofx, which are one format).
      const detected = detectFormat(bytes.subarray(0, DETECT_HEAD_BYTES), 'download.csv').format;
      expect(detected).toBe(expected.format === 'qfx' ? 'ofx' : expected.format);
    });

    if (expected.error !== undefined) {
      it(`${name}: refused with one line naming the line, and nothing is added`, async () => {
        const accountId = newAccount(expected);
        const attempt = importFixture(name, bytes, expected, accountId);
        await expect(attempt).rejects.toThrow(expected.error);
        const message = await attempt.then(
          () => '',
          (error: Error) => error.message,
        );
        expect(message).toBe(expected.error);
        expect(message).toMatch(/^line \d+: [^\n]+$/);
        expect(stats(accountId).count).toBe(0);
      });
      continue;
    }

    it(`${name}: imports ${expected.count} rows totalling ${expected.total}, then nothing the second time`, async () => {
      const accountId = newAccount(expected);
      const first = await importFixture(name, bytes, expected, accountId);
      expect(first.result.added).toBe(expected.count);
      expect(first.parserWarnings.length + first.result.warnings.length).toBe(expected.warnings);
      expect(stats(accountId)).toEqual({
        count: expected.count,
        total: expected.total,
        pending: expected.pending,
      });

      const second = await importFixture(name, bytes, expected, accountId);
      expect(second.result).toMatchObject({
        added: 0,
        duplicates: expected.count,
        pendingMatched: 0,
      });
      expect(stats(accountId)).toEqual({
        count: expected.count,
        total: expected.total,
        pending: expected.pending,
      });
    });
  }
});
