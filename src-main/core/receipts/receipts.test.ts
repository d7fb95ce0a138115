import { randomBytes } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import sharp from 'sharp';
import { MAX_RECEIPT_BYTES } from '../../../src-shared/contract/expenses';
import { createAccount, createTransaction, deleteTransaction } from '../ledger';
import type { UnlockedVault } from '../vault';
import { _openTempVault, _tempDataDir } from '../vault/_testSupport';
import { _filesContaining } from './_plaintextScan';
import {
  _htmlPage,
  _jpegWithMarker,
  _linuxExecutable,
  _pdfWithMarker,
  _pngWithMarker,
  _windowsExecutable,
} from './_receiptFixtures';
import {
  attachReceipts,
  deleteReceipt,
  listReceipts,
  prepareReceipt,
  readReceiptBytes,
  readReceiptBytesCheckedLater,
  ReceiptHashWorker,
  readReceiptThumbnail,
  RECEIPT_CHUNK_BYTES,
  sniffReceiptType,
} from './index';

let vault: UnlockedVault;
let dataDir: string;
let close: () => void;
let transactionId: string;

beforeEach(async () => {
  ({ vault, dataDir, close } = await _openTempVault());
  const account = createAccount(vault.db, {
    name: 'Checking',
    type: 'checking',
    currency: 'USD',
    openingBalance: 0,
  });
  transactionId = createTransaction(vault.db, {
    accountId: account.id,
    date: '2026-11-02',
    amount: -4_250,
    payee: 'Office Depot',
    memo: '',
    categoryId: null,
    status: 'cleared',
    tags: [],
    splits: [],
    externalId: null,
  }).id;
});
afterEach(() => close());

const count = (table: string) =>
  (vault.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('receipts at rest', () => {
  it('never leaves a receipt byte in plaintext in the data dir or the OS temp dir', async () => {
    // Whole-second floor: some file systems keep coarse timestamps.
    const started = Math.floor(Date.now() / 1000) * 1000 - 1000;
    const marker = `CASIKE-RECEIPT-MARKER-${randomBytes(12).toString('hex')}`;
    // A PDF spanning several stored chunks (the marker in its first and every later chunk),
    // a JPEG and a PNG that go through sharp for thumbnails, each carrying the marker.
    const pdf = _pdfWithMarker(marker, RECEIPT_CHUNK_BYTES * 3);
    const padded = Buffer.concat([pdf, Buffer.from(`\n% ${marker}\n`)]);
    const receipts = await Promise.all([
      prepareReceipt('invoice.pdf', padded),
      prepareReceipt('photo.jpg', await _jpegWithMarker(marker)),
      prepareReceipt('scan.png', await _pngWithMarker(marker)),
    ]);
    const stored = attachReceipts(vault.db, transactionId, receipts);
    expect(stored.map((receipt) => receipt.mediaType)).toEqual([
      'application/pdf',
      'image/jpeg',
      'image/png',
    ]);
    expect(readReceiptBytes(vault.db, stored[0]?.id ?? '').equals(padded)).toBe(true);

    const needle = Buffer.from(marker, 'latin1');
    // The scan itself must work: it finds the marker in a plain copy, even across its
    // 4 MiB read blocks (the control file is removed before the real scan).
    const control = _tempDataDir();
    writeFileSync(
      join(control.dir, 'plain.bin'),
      Buffer.concat([Buffer.alloc(4 * 1024 * 1024 - 5), needle]),
    );
    expect(_filesContaining([control.dir], needle)).toHaveLength(1);
    control.cleanup();
    // While the vault is open (the WAL holds the new pages), then after it is closed.
    // The data dir is read whole; the shared OS temp dir, every file changed since start.
    const scan = () => [
      ..._filesContaining([dataDir], needle),
      ..._filesContaining([tmpdir()], needle, { changedSince: started }),
    ];
    expect(scan()).toEqual([]);
    vault.lock();
    expect(readdirSync(dataDir).sort()).toEqual(['casike.db', 'vault.json']);
    expect(scan()).toEqual([]);
  });
});

describe('receipt types by content', () => {
  it.each([
    ['a Windows program', _windowsExecutable(), /is a Windows program, not a receipt/],
    ['a Linux program', _linuxExecutable(), /is a Linux program, not a receipt/],
    ['an HTML page', _htmlPage(), /is a web page \(HTML\), not a receipt/],
    [
      'an SVG',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'),
      /SVG image/,
    ],
    ['plain text', Buffer.from('just some text, no receipt'), /is not a JPEG, PNG, HEIC or PDF/],
  ])(
    'refuses %s renamed receipt.jpg, with a clear one-line message',
    async (_what, bytes, message) => {
      await expect(prepareReceipt('receipt.jpg', bytes)).rejects.toMatchObject({
        code: 'VALIDATION',
        message: expect.stringMatching(message) as unknown,
      });
      await expect(prepareReceipt('receipt.jpg', bytes)).rejects.toThrow(/^"receipt\.jpg" /);
    },
  );

  it('refuses bytes that start like a JPEG but are not one (a polyglot)', async () => {
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), _htmlPage()]);
    await expect(prepareReceipt('x.jpg', fake)).rejects.toThrow(
      /starts like a JPEG image but cannot be read/,
    );
  });

  it('judges by content, whatever the name says', async () => {
    const png = await _pngWithMarker('m');
    const receipt = await prepareReceipt('looks-like.pdf', png);
    expect(receipt.mediaType).toBe('image/png');
    expect(sniffReceiptType(_pdfWithMarker('m'))).toBe('application/pdf');
    const heic = Buffer.concat([
      Buffer.from([0, 0, 0, 0x18]),
      Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'),
    ]);
    expect(sniffReceiptType(heic)).toBe('image/heic');
    const stored = await prepareReceipt('IMG_0001.HEIC', heic);
    expect(stored.thumbnail).toBeNull(); // no HEVC decoder here: kept, without a thumbnail
  });

  it('refuses an empty file and one over 25 MB', async () => {
    await expect(prepareReceipt('empty.pdf', Buffer.alloc(0))).rejects.toThrow(/is empty/);
    const big = Buffer.alloc(MAX_RECEIPT_BYTES + 1);
    Buffer.from('%PDF-1.4\n').copy(big);
    await expect(prepareReceipt('big.pdf', big)).rejects.toThrow(/larger than 25 MB/);
    const justFits = Buffer.alloc(MAX_RECEIPT_BYTES);
    Buffer.from('%PDF-1.4\n').copy(justFits);
    const receipt = await prepareReceipt('fits.pdf', justFits);
    const [meta] = attachReceipts(vault.db, transactionId, [receipt]);
    expect(meta?.size).toBe(MAX_RECEIPT_BYTES);
    expect(count('receipt_chunks')).toBe(MAX_RECEIPT_BYTES / RECEIPT_CHUNK_BYTES);
  });
});

describe('thumbnails and reading back', () => {
  it('stores a JPEG thumbnail that fits 320 px, turned upright, and the original exactly', async () => {
    const photo = await _jpegWithMarker('m', 900, 1200);
    const [meta] = attachReceipts(vault.db, transactionId, [
      await prepareReceipt('C:\\Users\\me\\photo.jpg', photo),
    ]);
    expect(meta).toMatchObject({
      fileName: 'photo.jpg',
      width: 900,
      height: 1200,
      hasThumbnail: true,
    });
    const thumbnail = readReceiptThumbnail(vault.db, meta?.id ?? '');
    const info = await sharp(thumbnail ?? Buffer.alloc(0)).metadata();
    expect([info.format, info.width, info.height]).toEqual(['jpeg', 240, 320]);
    expect(readReceiptBytes(vault.db, meta?.id ?? '').equals(photo)).toBe(true);
  });

  it('detects a stored receipt whose bytes were altered', async () => {
    const [meta] = attachReceipts(vault.db, transactionId, [
      await prepareReceipt('a.pdf', _pdfWithMarker('m')),
    ]);
    vault.db
      .prepare("UPDATE receipt_chunks SET data = x'00' WHERE receipt_id = ?")
      .run(meta?.id ?? '');
    expect(() => readReceiptBytes(vault.db, meta?.id ?? '')).toThrow(/does not match/);
  });

  it('checks a receipt read for a report against its recorded hash off the main thread', async () => {
    const photo = await _jpegWithMarker('later', 300, 400);
    const [meta] = attachReceipts(vault.db, transactionId, [
      await prepareReceipt('later.jpg', photo),
    ]);
    const id = meta?.id ?? '';
    const hasher = new ReceiptHashWorker();
    onTestFinished(() => hasher.close());
    const read = readReceiptBytesCheckedLater(vault.db, id, hasher);
    expect(read.bytes.equals(photo)).toBe(true);
    await expect(read.check()).resolves.toBeUndefined();
    expect(read.bytes).toHaveLength(0); // handed over to the worker, not copied

    // The same size with one byte changed: only the hash can tell.
    const altered = Buffer.from(photo);
    altered[altered.length - 20] = (altered[altered.length - 20] ?? 0) ^ 0x01;
    vault.db.prepare('UPDATE receipt_chunks SET data = ? WHERE receipt_id = ?').run(altered, id);
    await expect(readReceiptBytesCheckedLater(vault.db, id, hasher).check()).rejects.toThrow(
      /does not match its recorded hash/,
    );
    expect(() => readReceiptBytes(vault.db, id)).toThrow(/does not match/);
    // A piece cut short fails at once, before any hashing.
    vault.db
      .prepare('UPDATE receipt_chunks SET data = ? WHERE receipt_id = ?')
      .run(photo.subarray(0, 100), id);
    expect(() => readReceiptBytesCheckedLater(vault.db, id, hasher)).toThrow(/does not match/);
  });
});

describe('deleting', () => {
  it('deletes a transaction’s receipts, chunks and thumbnails with it', async () => {
    attachReceipts(vault.db, transactionId, [
      await prepareReceipt('a.pdf', _pdfWithMarker('m', RECEIPT_CHUNK_BYTES * 2)),
      await prepareReceipt('b.png', await _pngWithMarker('m')),
    ]);
    expect(count('receipts')).toBe(2);
    expect(count('receipt_chunks')).toBe(4);
    expect(deleteTransaction(vault.db, transactionId)).toBe(1);
    expect(count('receipts')).toBe(0);
    expect(count('receipt_chunks')).toBe(0);
  });

  it('deletes one receipt and its chunks, leaving the others', async () => {
    const [first, second] = attachReceipts(vault.db, transactionId, [
      await prepareReceipt('a.pdf', _pdfWithMarker('m')),
      await prepareReceipt('b.pdf', _pdfWithMarker('n')),
    ]);
    expect(deleteReceipt(vault.db, first?.id ?? '')).toBe(1);
    expect(listReceipts(vault.db, transactionId).map((receipt) => receipt.id)).toEqual([
      second?.id,
    ]);
    expect(count('receipt_chunks')).toBe(1);
  });

  it('refuses to attach to a transaction that does not exist, storing nothing', async () => {
    const receipt = await prepareReceipt('a.pdf', _pdfWithMarker('m'));
    expect(() =>
      attachReceipts(vault.db, '01900000-0000-7000-8000-000000000000', [receipt]),
    ).toThrow(/transaction not found/);
    expect(count('receipts')).toBe(0);
  });
});
