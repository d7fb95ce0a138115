import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../../../db/openDatabase';
import { _openTempVault } from '../../../vault/_testSupport';
import { findMapping, saveMapping } from '../../savedMappings';
import { previewCsv } from './index';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixture = (name: string) => createReadStream(FIXTURES + name, { highWaterMark: 4096 });
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

async function* chunked(text: string, size: number): AsyncGenerator<Uint8Array> {
  const all = Buffer.from(text, 'utf8');
  for (let i = 0; i < all.length; i += size) {
    await Promise.resolve(); // like a file stream: each chunk arrives later
    yield new Uint8Array(all.subarray(i, i + size));
  }
}

/** A statement whose dates all fall on days 1–12, optionally with one later line that settles it. */
function ambiguous(lines: number, settle?: string): string {
  const out = ['Date,Payee,Amount'];
  for (let i = 0; i < lines; i++) {
    const day = String(1 + (Math.floor(i / 40) % 12)).padStart(2, '0');
    out.push(`${day}/01/2026,Corner Shop ${i},-${1 + (i % 90)}.25`);
  }
  if (settle) out.push(`${settle},Late Shop,-3.00`);
  return `${out.join('\n')}\n`;
}

let db: SqlDatabase;
let close: () => void;
beforeAll(async () => {
  const temp = await _openTempVault();
  db = temp.vault.db;
  close = temp.close;
});
afterAll(() => close());

describe('previewCsv', () => {
  it('asks for the date format when the whole file fits both DD/MM and MM/DD', async () => {
    const preview = await previewCsv(bytes(ambiguous(30)), { currency: 'GBP' });
    expect(preview.needsDateFormatChoice).toBe(true);
    // Read as DD/MM the dates run in order (1, 2, 3 January); as MM/DD they do too
    // (January, February, March 1st), so both stay, in the list's order.
    expect(preview.dateFormatCandidates).toEqual(['MM/DD/YYYY', 'DD/MM/YYYY']);
    const chosen = await previewCsv(bytes(ambiguous(30)), {
      currency: 'GBP',
      dialect: { dateFormat: 'DD/MM/YYYY' },
    });
    expect(chosen.needsDateFormatChoice).toBe(false);
    expect(chosen.rows[0]).toMatchObject({
      date: '2026-01-01',
      amount: -125,
      payee: 'Corner Shop 0',
    });
  });

  it('reads on past the head, through the file, to settle the date format', async () => {
    const text = ambiguous(12_000, '13/01/2026'); // ~400 KB: the deciding line is past the head
    expect(text.length).toBeGreaterThan(300 * 1024);
    const settled = await previewCsv(chunked(text, 16 * 1024), { currency: 'GBP' });
    expect(settled.dateFormatCandidates).toEqual(['DD/MM/YYYY']);
    expect(settled.needsDateFormatChoice).toBe(false);
    const capped = await previewCsv(chunked(text, 16 * 1024), {
      currency: 'GBP',
      maxScanBytes: 32 * 1024,
    });
    expect(capped.needsDateFormatChoice).toBe(true);
  });

  it('settles Barclays from its tail when the head is only the ambiguous first days', async () => {
    const preview = await previewCsv(fixture('barclays.csv'), { currency: 'GBP', headBytes: 2048 });
    expect(preview.dateFormatCandidates).toEqual(['DD/MM/YYYY']);
  });

  it('reports the first bad line with the rows before it', async () => {
    const text = 'Date,Payee,Amount\n2026-01-02,A,-1.00\n2026-01-03,B,12.3.4\n2026-01-04,C,-2.00\n';
    const preview = await previewCsv(bytes(text), { currency: 'USD' });
    expect(preview.rows).toHaveLength(1);
    expect(preview.error).toMatchObject({ line: 3 });
    expect(preview.error?.message).toMatch(/^line 3: "12.3.4" is not an amount/);
  });

  it('refuses what is not a statement', async () => {
    await expect(previewCsv(new Uint8Array(0), { currency: 'USD' })).rejects.toThrow(
      'the file is empty',
    );
    await expect(previewCsv(bytes('Date,Payee,Amount\n'), { currency: 'USD' })).rejects.toThrow(
      /no rows below its header/,
    );
  });

  it('reuses a saved mapping for the same bank layout, and only for it', async () => {
    const first = await previewCsv(fixture('starling-utf16.csv'), {
      currency: 'GBP',
      findSaved: (s) => findMapping(db, s),
    });
    expect(first.savedMappingUsed).toBe(false);
    // The user drops the Notes column from the memo and confirms.
    const corrected = { ...first.mapping, memo: [2] };
    saveMapping(db, first.signature, { dialect: first.dialect, mapping: corrected });

    const again = await previewCsv(fixture('starling-utf16.csv'), {
      currency: 'GBP',
      findSaved: (s) => findMapping(db, s),
    });
    expect(again).toMatchObject({
      savedMappingUsed: true,
      signature: first.signature,
      mapping: corrected,
    });
    const other = await previewCsv(fixture('monzo.csv'), {
      currency: 'GBP',
      findSaved: (s) => findMapping(db, s),
    });
    expect(other.savedMappingUsed).toBe(false);
  });

  it('keeps a date format the user chose, through the saved mapping', async () => {
    const first = await previewCsv(bytes(ambiguous(10)), {
      currency: 'GBP',
      findSaved: (s) => findMapping(db, s),
    });
    expect(first.needsDateFormatChoice).toBe(true);
    saveMapping(db, first.signature, {
      dialect: { ...first.dialect, dateFormat: 'DD/MM/YYYY' },
      mapping: first.mapping,
    });
    const next = await previewCsv(bytes(ambiguous(5)), {
      currency: 'GBP',
      findSaved: (s) => findMapping(db, s),
    });
    expect(next).toMatchObject({
      savedMappingUsed: true,
      needsDateFormatChoice: false,
      dateFormatCandidates: ['DD/MM/YYYY'],
    });
  });

  it('keys the layout by its header, not by the summary block above it', async () => {
    const block = (iban: string) =>
      `IBAN;${iban}\nSaldo;1,00;EUR\n\nBuchung;Auftraggeber/Empfänger;Betrag\n02.01.2026;REWE;-1,00\n03.01.2026;dm;-2,00\n`;
    const a = await previewCsv(bytes(block('DE10 1111')), { currency: 'EUR' });
    const b = await previewCsv(bytes(block('DE99 2222 3333')), { currency: 'EUR' });
    expect(a.dialect.skipRecords).toBe(3);
    expect(a.signature).toBe(b.signature);
  });

  it('ignores a stored mapping that no longer parses', () => {
    db.prepare(
      'INSERT OR REPLACE INTO import_mappings (signature, mapping, updated_at) VALUES (?, ?, ?)',
    ).run('csv1:broken', '{"dialect":1}', 'now');
    expect(findMapping(db, 'csv1:broken')).toBeNull();
    expect(findMapping(db, 'csv1:absent')).toBeNull();
  });
});
