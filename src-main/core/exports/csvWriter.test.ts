import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomically } from './atomicFile';
import { csvLine, neutralizeFormula } from './csvFormat';
import { writeCsv, type CsvColumn } from './csvWriter';

interface Row {
  text: string;
  amount: string;
}
const columns: CsvColumn<Row>[] = [
  { header: 'Text', value: (row) => row.text },
  { header: 'Amount', value: (row) => row.amount, numeric: true },
];

async function render(rows: Row[], bom = false): Promise<string> {
  let out = '';
  await writeCsv(rows, columns, { write: (text) => void (out += text) }, { bom });
  return out;
}

describe('writeCsv', () => {
  it('writes RFC 4180 with a header row and CRLF, quoting only where needed', async () => {
    expect(
      await render([
        { text: 'plain', amount: '1.00' },
        { text: 'a,"b"\nc', amount: '-2.50' },
      ]),
    ).toBe('Text,Amount\r\nplain,1.00\r\n"a,""b""\nc",-2.50\r\n');
  });

  it('starts with a BOM only when asked', async () => {
    expect((await render([], true)).charCodeAt(0)).toBe(0xfeff);
    expect((await render([])).charCodeAt(0)).toBe('T'.charCodeAt(0));
  });

  it.each(['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\r=1', '＝1'])(
    'neutralises a text cell starting like a formula: %j',
    async (text) => {
      const out = await render([{ text, amount: '1.00' }]);
      const cell = out.split('\r\n')[1] ?? '';
      expect(cell.replace(/^"/, '')).toMatch(/^'/);
      expect(neutralizeFormula(text)).toBe(`'${text}`);
    },
  );

  it('leaves generated amounts as numbers, but neutralises anything that is not a plain number', async () => {
    expect(await render([{ text: 'x', amount: '-12.34' }])).toContain('x,-12.34\r\n');
    expect(await render([{ text: 'x', amount: '-1+cmd' }])).toContain("x,'-1+cmd\r\n");
  });

  it('counts rows from an async source', async () => {
    function* rows() {
      for (let i = 0; i < 3000; i++) yield { text: `row ${i}`, amount: `${i}.00` };
    }
    let chunks = 0;
    const count = await writeCsv(rows(), columns, { write: () => void chunks++ });
    expect(count).toBe(3000);
    expect(chunks).toBeGreaterThan(0);
  });

  it('csvLine is what the importer reads back (the tokenizer tests round-trip through it)', () => {
    expect(csvLine(['a', ''])).toBe('a,\r\n');
  });
});

describe('writeFileAtomically', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'casike-export-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('puts the whole file in place, readable by the owner only', async () => {
    const target = join(dir, 'out.csv');
    await writeFileAtomically(
      target,
      async (sink) => {
        await sink.write('a,b\r\n');
        await sink.write('1,2\r\n');
      },
      { overwrite: false },
    );
    expect(readFileSync(target, 'utf8')).toBe('a,b\r\n1,2\r\n');
    expect(readdirSync(dir)).toEqual(['out.csv']);
    if (process.platform !== 'win32')
      expect((await import('node:fs')).statSync(target).mode & 0o777).toBe(0o600);
  });

  it('leaves nothing behind when writing fails, and never a half file at the target', async () => {
    const target = join(dir, 'out.csv');
    await expect(
      writeFileAtomically(
        target,
        async (sink) => {
          await sink.write('partial,data\r\n');
          throw new Error('disk on fire');
        },
        { overwrite: false },
      ),
    ).rejects.toThrow('disk on fire');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses to replace an existing file unless told to', async () => {
    const target = join(dir, 'out.csv');
    writeFileSync(target, 'keep me');
    const write = async (sink: { write(text: string): Promise<void> | void }) =>
      void (await sink.write('new'));
    await expect(writeFileAtomically(target, write, { overwrite: false })).rejects.toThrow(
      /already exists/,
    );
    expect(readFileSync(target, 'utf8')).toBe('keep me');
    await writeFileAtomically(target, write, { overwrite: true });
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('says plainly when the folder does not exist', async () => {
    await expect(
      writeFileAtomically(join(dir, 'missing', 'out.csv'), () => Promise.resolve(), {
        overwrite: false,
      }),
    ).rejects.toThrow('the folder to write to does not exist');
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});
