import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CurrencyCode } from '../../../../../src-shared/domain';
import type { ImportedRow } from '../../importedRow';
import type { ImportFormat, ParseContext, StatementParser } from '../../parserTypes';
import { parseCamt053 } from '../camt/parseCamt053';
import { parseOfx } from '../ofx/parseOfx';
import { parseQif } from '../qif/parseQif';

/** Test-only helpers for the statement parsers. Never import from production code. */

/** The statement parsers by format (CSV has its own tests). */
export const _PARSERS: Readonly<Record<Exclude<ImportFormat, 'csv'>, StatementParser>> = {
  ofx: parseOfx,
  qfx: parseOfx,
  qif: (chunks, ctx) => parseQif(chunks, ctx),
  camt: parseCamt053,
};

/** What a fixture's sibling `.expected.json` says. */
export interface _Expected {
  format: Exclude<ImportFormat, 'csv'>;
  currency: CurrencyCode;
  accountType: 'checking' | 'savings' | 'credit_card';
  count?: number;
  total?: number;
  pending?: number;
  warnings?: number;
  error?: string;
}

/** Every statement fixture with its expectations. */
export function _statementFixtures(): { name: string; bytes: Uint8Array; expected: _Expected }[] {
  const root = join(import.meta.dirname, '..');
  return ['ofx', 'qif', 'camt'].flatMap((folder) => {
    const dir = join(root, folder, 'fixtures');
    return readdirSync(dir)
      .filter((file) => file.endsWith('.expected.json'))
      .sort()
      .map((file) => {
        const name = file.slice(0, -'.expected.json'.length);
        return {
          name,
          bytes: new Uint8Array(readFileSync(join(dir, name))),
          expected: JSON.parse(readFileSync(join(dir, file), 'utf8')) as _Expected,
        };
      });
  });
}

/**
 * The bytes as a stream cut at the given offsets (sorted, any out-of-range ignored).
 * Each piece arrives in a later microtask, as a file read's would.
 */
export async function* _chunked(
  bytes: Uint8Array,
  cuts: readonly number[] = [],
): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= start || cut >= bytes.length) continue;
    yield await Promise.resolve(bytes.subarray(start, cut));
    start = cut;
  }
  yield await Promise.resolve(bytes.subarray(start));
}

/** Text as UTF-8 bytes. */
export const _utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A parse context that records warnings. */
export function _context(
  currency: CurrencyCode,
): ParseContext & { warnings: { line: number; message: string }[] } {
  const warnings: { line: number; message: string }[] = [];
  return { currency, warnings, warn: (line, message) => warnings.push({ line, message }) };
}

/** Every row the parser yields, or the error it throws (as `{ error }`). */
export async function _parseAll(
  parser: StatementParser,
  bytes: Uint8Array,
  currency: CurrencyCode,
  cuts: readonly number[] = [],
): Promise<{ rows: ImportedRow[]; warnings: { line: number; message: string }[]; error?: string }> {
  const ctx = _context(currency);
  const rows: ImportedRow[] = [];
  try {
    for await (const row of parser(_chunked(bytes, cuts), ctx)) rows.push(row);
  } catch (error) {
    return { rows, warnings: ctx.warnings, error: (error as Error).message };
  }
  return { rows, warnings: ctx.warnings };
}
