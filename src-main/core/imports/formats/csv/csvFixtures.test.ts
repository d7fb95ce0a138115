import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CsvPreview } from '../../../../../src-shared/contract/csvImport';
import type { CurrencyCode } from '../../../../../src-shared/domain';
import type { SqlDatabase } from '../../../db/openDatabase';
import { createAccount } from '../../../ledger';
import { _openTempVault } from '../../../vault/_testSupport';
import { runImport } from '../../runImport';
import { parseCsv, previewCsv } from './index';

/*
 * Every bank fixture, written from the bank's documented export layout with invented
 * data, imports into a real SQLCipher vault with the count and total its
 * .expected.json states (computed from the source data, not by this parser), and a
 * second import of the same file adds nothing.
 */

const DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));

interface Expected {
  bank: string;
  country: string;
  currency: CurrencyCode;
  count: number;
  total: number;
  dialect: Record<string, unknown>;
  amountKind: string;
  warnings: number;
  invert?: boolean;
  externalIds?: boolean;
  pending?: number;
}

const fixtures = readdirSync(DIR)
  .filter((name) => name.endsWith('.csv') && !name.startsWith('bad-'))
  .map((name) => ({
    name,
    expected: JSON.parse(
      readFileSync(join(DIR, name.replace(/\.csv$/, '.expected.json')), 'utf8'),
    ) as Expected,
  }));

let db: SqlDatabase;
let close: () => void;
beforeAll(async () => {
  const temp = await _openTempVault();
  db = temp.vault.db;
  close = temp.close;
});
afterAll(() => close());

const stream = (name: string, chunk = 64 * 1024) =>
  createReadStream(join(DIR, name), { highWaterMark: chunk });

async function importFile(
  name: string,
  preview: CsvPreview,
  accountId: string,
  currency: CurrencyCode,
  chunk?: number,
) {
  const warnings: string[] = [];
  const result = await runImport(
    db,
    parseCsv(preview.dialect, preview.mapping)(stream(name, chunk), {
      currency,
      warn: (line, message) => warnings.push(`${line}: ${message}`),
    }),
    { accountId, fileName: name, format: 'csv', dryRun: false, transform: (draft) => draft },
  );
  return { result, warnings };
}

const totals = (accountId: string) =>
  db
    .prepare(
      'SELECT count(*) AS n, coalesce(sum(amount), 0) AS total, sum(status = ?) AS pending FROM transactions WHERE account_id = ?',
    )
    .get('pending', accountId) as { n: number; total: number; pending: number };

describe('CSV bank fixtures', () => {
  it('covers at least eight banks across the US, the UK and the euro area', () => {
    const countries = new Set(fixtures.map((f) => f.expected.country));
    expect(fixtures.length).toBeGreaterThanOrEqual(8);
    expect([...countries]).toEqual(expect.arrayContaining(['US', 'GB', 'DE', 'FR', 'NL']));
  });

  it.each(fixtures)(
    '$name: detects the layout, imports the expected count and total, and re-imports nothing',
    async ({ name, expected }) => {
      const preview = await previewCsv(stream(name), { currency: expected.currency });
      expect(preview.error).toBeNull();
      expect(preview.needsDateFormatChoice).toBe(false);
      expect(preview.dialect).toMatchObject(expected.dialect);
      expect(preview.mapping.amount.kind).toBe(expected.amountKind);
      if (expected.invert) expect(preview.mapping.amount).toMatchObject({ invert: true });
      expect(preview.mapping.externalId !== null).toBe(expected.externalIds ?? false);
      expect(preview.rows.length).toBe(Math.min(20, expected.count));

      const account = createAccount(db, {
        name: expected.bank,
        type: 'checking',
        currency: expected.currency,
        openingBalance: 0,
      }).id;
      const first = await importFile(name, preview, account, expected.currency);
      expect(first.result.added).toBe(expected.count);
      expect(first.warnings).toHaveLength(expected.warnings);
      expect(totals(account)).toMatchObject({
        n: expected.count,
        total: expected.total,
        pending: expected.pending ?? 0,
      });

      // Again, in 7-byte chunks: characters, CRLFs and quoted fields cut anywhere.
      const again = await importFile(name, preview, account, expected.currency, 7);
      expect(again.result).toMatchObject({ added: 0, duplicates: expected.count });
      expect(totals(account)).toMatchObject({ n: expected.count, total: expected.total });
    },
  );

  it('reads the multi-line quoted memos of the Amex export whole', async () => {
    const preview = await previewCsv(stream('amex.csv'), { currency: 'USD' });
    const row = preview.rows.find((r) => r.amount < 0);
    expect(row?.memo.split('\n').length).toBeGreaterThan(3);
    expect(row?.externalId).toMatch(/^3202\d+$/); // the single quotes Amex adds are gone
  });

  it('keeps Windows-1252 umlauts and the pound sign', async () => {
    const sparkasse = await previewCsv(stream('sparkasse-camt-v2.csv'), { currency: 'EUR' });
    expect(
      sparkasse.rows.map((r) => r.payee).join(' ') + sparkasse.sample.flat().join(' '),
    ).toMatch(/Bäckerei Müller|Schäfer/);
    const nationwide = await previewCsv(stream('nationwide.csv'), { currency: 'GBP' });
    expect(nationwide.sample[0]?.join(' ')).toMatch(/£/);
  });
});

describe('a malformed CSV', () => {
  it('with a bad date on line 57 gives one error naming line 57 and adds nothing', async () => {
    const expected = JSON.parse(
      readFileSync(join(DIR, 'bad-date-line-57.expected.json'), 'utf8'),
    ) as { error: string };
    const preview = await previewCsv(stream('bad-date-line-57.csv'), { currency: 'GBP' });
    expect(preview.dialect.dateFormat).toBe('DD/MM/YYYY');
    const account = createAccount(db, {
      name: 'Bad date',
      type: 'checking',
      currency: 'GBP',
      openingBalance: 0,
    }).id;
    const failure = importFile('bad-date-line-57.csv', preview, account, 'GBP');
    await expect(failure).rejects.toThrow(expected.error);
    await failure.catch((error: Error) => expect(error.message).toBe(expected.error));
    expect(totals(account).n).toBe(0);
  });

  it('that is a PNG renamed .csv is refused in one line', async () => {
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
        '1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082',
      'hex',
    );
    await expect(previewCsv(new Uint8Array(png), { currency: 'USD' })).rejects.toThrow(
      /^this is not a text file/,
    );
  });
});
