import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { _filesContaining } from '../../core/receipts/_plaintextScan';
import {
  _htmlPage,
  _jpegWithMarker,
  _pdfWithMarker,
  _windowsExecutable,
} from '../../core/receipts/_receiptFixtures';
import { _tempDataDir } from '../../core/vault/_testSupport';
import { _expectOneLineError, _runCasike } from '../_cliTestSupport';

const PASS = 'expense cli passphrase';
// Each command is a real process that derives the key with Argon2id: seconds apiece on a
// loaded 2-core machine, so these tests get more time than the default.
const SLOW = 180_000;
let root: string;
let dataDir: string;
let privateTmp: string;
let documents: string;
let cleanup: () => void;

beforeEach(() => {
  ({ dir: root, cleanup } = _tempDataDir());
  dataDir = join(root, 'vault');
  // The command runs with its own empty temp folder, so anything it (or sharp, or SQLite)
  // writes to "the OS temp dir" lands where the test reads every byte.
  privateTmp = join(root, 'tmp');
  documents = join(root, 'documents');
  for (const dir of [dataDir, privateTmp, documents]) mkdirSync(dir);
  expect(casike(['init']).code).toBe(0);
  expect(casike(['account', 'add', 'Checking', '--currency', 'USD']).code).toBe(0);
});
afterEach(() => cleanup());

const casike = (args: string[]) =>
  _runCasike(dataDir, PASS, args, { TMPDIR: privateTmp, TMP: privateTmp, TEMP: privateTmp });

const json = <T>(args: string[]): T => {
  const run = casike([...args, '--json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as T;
};

interface PrintedExpense {
  id: string;
  amount: number;
  categoryId: string | null;
  flags: {
    business: boolean;
    taxDeductible: boolean;
    reimbursable: boolean;
    reimbursementStatus: string | null;
  };
  mileage: { distanceHundredths: number; unit: string; rateMilliMinor: number } | null;
  receipts: { id: string; fileName: string; mediaType: string; hasThumbnail: boolean }[];
}

describe('casike add expense with receipts', () => {
  it(
    'stores receipts only encrypted: the marker is in no file of the data dir or temp dirs',
    async () => {
      const started = Math.floor(Date.now() / 1000) * 1000 - 1000;
      const marker = `CASIKE-CLI-RECEIPT-${randomBytes(12).toString('hex')}`;
      const pdf = join(documents, 'hotel.pdf');
      const photo = join(documents, 'taxi.jpg');
      writeFileSync(pdf, _pdfWithMarker(marker, 1_200_000));
      writeFileSync(photo, await _jpegWithMarker(marker));

      const expense = json<PrintedExpense>([
        'add',
        'expense',
        '--amount',
        '230.40',
        '--payee',
        'Hotel Adlon',
        '--category',
        'Business travel',
        '--date',
        '2026-10-12',
        '--business',
        '--tax-deductible',
        '--reimbursable',
        '--receipt',
        pdf,
        '--receipt',
        photo,
      ]);
      expect(expense.amount).toBe(-23_040);
      expect(expense.flags).toEqual({
        business: true,
        taxDeductible: true,
        reimbursable: true,
        reimbursementStatus: 'to_submit',
      });
      expect(expense.receipts.map((r) => [r.fileName, r.mediaType, r.hasThumbnail])).toEqual([
        ['hotel.pdf', 'application/pdf', false],
        ['taxi.jpg', 'image/jpeg', true],
      ]);

      const needle = Buffer.from(marker, 'latin1');
      const originals = new Set([pdf, photo]);
      expect(_filesContaining([dataDir, privateTmp], needle)).toEqual([]);
      expect(
        _filesContaining([tmpdir()], needle, { exclude: originals, changedSince: started }),
      ).toEqual([]);
      // The scan would have seen the marker: it is in the user's own originals.
      expect(_filesContaining([documents], needle).sort()).toEqual([pdf, photo].sort());

      // Exported only where asked, byte for byte, and audited.
      const out = join(documents, 'copy.pdf');
      const receiptId = expense.receipts[0]?.id ?? '';
      expect(casike(['receipt', 'export', receiptId, '--out', out]).code).toBe(0);
      expect(readFileSync(out).equals(readFileSync(pdf))).toBe(true);
      expect(casike(['audit', 'list']).stdout).toMatch(/export\.created.*"kind":"receipt"/);
      expect(_filesContaining([dataDir, privateTmp], needle)).toEqual([]);
    },
    SLOW,
  );

  it.each([
    [
      'a renamed Windows program',
      _windowsExecutable(),
      /"receipt\.jpg" is a Windows program, not a receipt/,
    ],
    ['a renamed web page', _htmlPage(), /"receipt\.jpg" is a web page \(HTML\), not a receipt/],
  ])(
    'refuses %s as .jpg with one line, and stores nothing',
    (_what, bytes, message) => {
      const file = join(documents, 'receipt.jpg');
      writeFileSync(file, bytes);
      _expectOneLineError(
        casike(['add', 'expense', '--amount', '9.99', '--receipt', file]),
        1,
        message,
      );
      expect(json<unknown[]>(['expense', 'list'])).toEqual([]);
      expect(json<unknown[]>(['list'])).toEqual([]);
    },
    SLOW,
  );

  it(
    'attaches to any transaction, and deleting the expense deletes its receipts',
    () => {
      const pdf = join(documents, 'a.pdf');
      writeFileSync(pdf, _pdfWithMarker('a'));
      const plain = json<{ id: string }>(['add', 'income', '--amount', '10']);
      const attached = json<{ id: string }[]>(['receipt', 'add', plain.id, pdf]);
      expect(attached).toHaveLength(1);
      expect(json<unknown[]>(['receipt', 'list', plain.id])).toHaveLength(1);

      const expense = json<PrintedExpense>(['add', 'expense', '--amount', '1', '--receipt', pdf]);
      expect(casike(['expense', 'delete', expense.id]).stdout).toMatch(
        /Deleted expense .* and its receipts/,
      );
      _expectOneLineError(casike(['receipt', 'list', expense.id]), 1, /transaction not found/);
      _expectOneLineError(
        casike([
          'receipt',
          'export',
          expense.receipts[0]?.id ?? '',
          '--out',
          join(documents, 'x.pdf'),
        ]),
        1,
        /receipt not found/,
      );
      expect(casike(['audit', 'list']).stdout).toMatch(/expense\.deleted.*"receipts":1/);
    },
    SLOW,
  );
});

describe('casike add mileage', () => {
  it(
    'computes distance × rate exactly, from the default rate or --rate',
    () => {
      _expectOneLineError(
        casike(['add', 'mileage', '--distance', '10']),
        1,
        /no mileage rate is set/,
      );
      expect(
        casike(['expense', 'rate', '--set', '0.655', '--unit', 'mi', '--currency', 'usd']).stdout,
      ).toMatch(/Mileage rate: 0\.655 USD per mi/);
      const trip = json<PrintedExpense>([
        'add',
        'mileage',
        '--distance',
        '12.5',
        '--reimbursable',
        '--reimbursement-status',
        'submitted',
      ]);
      expect(trip.amount).toBe(-819); // 12.5 × 65.5 ¢ = 818.75 ¢, half up
      expect(trip.mileage).toEqual({
        distanceHundredths: 1250,
        unit: 'mi',
        rateMilliMinor: 65_500,
      });
      expect(trip.flags.reimbursementStatus).toBe('submitted');
      const explicit = casike([
        'add',
        'mileage',
        '--distance',
        '100',
        '--unit',
        'km',
        '--rate',
        '0.30',
      ]);
      expect(explicit.stdout).toMatch(/Recorded mileage 30\.00 USD .*\(100 km × 0\.30\)/);
      _expectOneLineError(
        casike(['add', 'mileage', '--distance', '1.234']),
        1,
        /at most 2 decimal places/,
      );
      _expectOneLineError(
        casike(['add', 'mileage', '--distance', '5', '--unit', 'km']),
        1,
        /default mileage rate is per mi; give a rate per km/,
      );
      _expectOneLineError(
        casike(['add', 'expense', '--amount', '1', '--reimbursement-status', 'submitted']),
        1,
        /needs --reimbursable/,
      );
      const listed = json<PrintedExpense[]>(['expense', 'list', '--status', 'submitted']);
      expect(listed.map((row) => row.amount)).toEqual([-819]);
    },
    SLOW,
  );
});
