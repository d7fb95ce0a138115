import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectFormat } from './detectFormat';

const utf8 = (text: string) => new TextEncoder().encode(text);
const bytes = (...values: number[]) => Uint8Array.from(values);

function crc32(data: Uint8Array): number {
  let crc = ~0;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function u32(value: number, littleEndian = false): number[] {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, value, littleEndian);
  return [...new Uint8Array(view.buffer)];
}
const u16 = (value: number) => [value & 0xff, value >> 8];

/** A real 1×1 PNG, built here so no binary is committed. */
function tinyPng(): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const typed = Uint8Array.from([...utf8(type), ...data]);
    return [...u32(data.length), ...typed, ...u32(crc32(typed))];
  };
  const header = Uint8Array.from([...u32(1), ...u32(1), 8, 6, 0, 0, 0]);
  const pixels = deflateSync(Uint8Array.from([0, 255, 0, 0, 255]));
  return Uint8Array.from([
    0x89,
    ...utf8('PNG\r\n\x1a\n'),
    ...chunk('IHDR', header),
    ...chunk('IDAT', pixels),
    ...chunk('IEND', new Uint8Array()),
  ]);
}

/** A real ZIP archive (stored, one entry per file), built here so no binary is committed. */
function tinyZip(files: Record<string, string>): Uint8Array {
  const local: number[] = [];
  const central: number[] = [];
  for (const [name, text] of Object.entries(files)) {
    const data = utf8(text);
    const nameBytes = [...utf8(name)];
    const common = [
      ...u16(20),
      ...u16(0),
      ...u16(0),
      ...u16(0),
      ...u16(0),
      ...u32(crc32(data), true),
      ...u32(data.length, true),
      ...u32(data.length, true),
      ...u16(nameBytes.length),
      ...u16(0),
    ];
    central.push(
      ...u32(0x02014b50, true),
      ...u16(20),
      ...common,
      ...u16(0),
      ...u16(0),
      ...u16(0),
      ...u32(0),
      ...u32(local.length, true),
      ...nameBytes,
    );
    local.push(...u32(0x04034b50, true), ...common, ...nameBytes, ...data);
  }
  const count = Object.keys(files).length;
  const end = [
    ...u32(0x06054b50, true),
    ...u16(0),
    ...u16(0),
    ...u16(count),
    ...u16(count),
    ...u32(central.length, true),
    ...u32(local.length, true),
    ...u16(0),
  ];
  return Uint8Array.from([...local, ...central, ...end]);
}

const refusal = (head: Uint8Array, name?: string) => {
  try {
    detectFormat(head, name);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('not refused');
};

describe('detectFormat', () => {
  it('recognises each statement format by its content, whatever the file is called', () => {
    expect(detectFormat(utf8('OFXHEADER:100\r\nDATA:OFXSGML\r\n\r\n<OFX>'), 'x.csv')).toEqual({
      format: 'ofx',
    });
    expect(detectFormat(utf8('\r\n<OFX>\r\n<SIGNONMSGSRSV1>'))).toEqual({ format: 'ofx' });
    expect(
      detectFormat(utf8('<?xml version="1.0"?>\n<?OFX OFXHEADER="200" VERSION="220"?>\n<OFX>')),
    ).toEqual({ format: 'ofx' });
    expect(detectFormat(utf8('OFXHEADER:100\r\n<OFX>'), 'Download.QFX')).toEqual({ format: 'qfx' });
    expect(
      detectFormat(
        utf8(
          '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">',
        ),
      ),
    ).toEqual({ format: 'camt' });
    expect(detectFormat(utf8('<Document><BkToCstmrStmt>'))).toEqual({ format: 'camt' });
    expect(detectFormat(utf8('!Type:Bank\nD1/5/26\n'), 'statement.txt')).toEqual({ format: 'qif' });
    expect(detectFormat(utf8('!Account\nNChecking\n'))).toEqual({ format: 'qif' });
    expect(detectFormat(utf8('Date;Amount;Payee\n05.01.2026;-12,50;Bäcker\n'), 'x.qif')).toEqual({
      format: 'csv',
    });
  });

  it('understands byte-order marks and UTF-16', () => {
    expect(detectFormat(bytes(0xef, 0xbb, 0xbf, ...utf8('!Type:CCard\n')))).toEqual({
      format: 'qif',
    });
    const utf16le = (text: string) => [...text].flatMap((char) => [char.charCodeAt(0), 0]);
    expect(
      detectFormat(bytes(0xff, 0xfe, ...utf16le('Date,Amount\r\n2026-01-05,1.00\r\n'))),
    ).toEqual({ format: 'csv' });
    expect(detectFormat(bytes(...utf16le('OFXHEADER:100\r\n<OFX>')))).toEqual({ format: 'ofx' });
  });

  it('refuses images, documents, archives and programs by their magic numbers, even when renamed', () => {
    expect(refusal(tinyPng(), 'statement.csv')).toBe(
      'this is a PNG image, not a bank statement; export CSV, OFX, QIF or CAMT.053 from your bank',
    );
    expect(refusal(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), 'scan.ofx')).toMatch(
      /^this is a JPEG image, not a bank statement/,
    );
    expect(refusal(utf8('%PDF-1.7\n%âãÏÓ\n'))).toMatch(
      /^this is a PDF document, not a bank statement/,
    );
    expect(refusal(bytes(0x1f, 0x8b, 8, 0))).toMatch(/^this is a gzip-compressed file/);
    expect(refusal(bytes(0x7f, ...utf8('ELF'), 2, 1, 1))).toMatch(
      /^this is a program \(Linux executable\)/,
    );
    expect(refusal(bytes(...utf8('MZ'), 0x90, 0, 3, 0))).toMatch(
      /^this is a program \(Windows executable\)/,
    );
    expect(refusal(bytes(0xcf, 0xfa, 0xed, 0xfe, 7, 0))).toMatch(
      /^this is a program \(macOS executable\)/,
    );
    expect(refusal(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1))).toMatch(
      /^this is an old-style Office file/,
    );
  });

  it('tells a workbook from another ZIP archive', () => {
    expect(refusal(tinyZip({ 'statement.csv': 'Date,Amount\n' }), 'statement.csv')).toBe(
      'this is a ZIP archive (an .xlsx workbook?), not a bank statement; unzip it, or export CSV, OFX, QIF or CAMT.053 from your bank',
    );
    expect(
      refusal(
        tinyZip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' }),
        'export.csv',
      ),
    ).toBe(
      'this is an Excel workbook (.xlsx), not a bank statement; save it as CSV, or export CSV, OFX, QIF or CAMT.053 from your bank',
    );
  });

  it('refuses empty files, other binaries, web pages and other XML with one line', () => {
    expect(refusal(new Uint8Array())).toBe('the file is empty');
    expect(refusal(utf8(' \r\n\t\n'))).toBe('the file is empty');
    expect(refusal(bytes(1, 2, 3, 0, 5, 6, 7, 8))).toMatch(
      /^this is a binary file, not a bank statement/,
    );
    expect(refusal(utf8('<!DOCTYPE html>\n<html><body>Session expired</body></html>'))).toBe(
      'this is a web page (HTML), not a bank statement; if it came from your bank, download the statement again',
    );
    expect(
      refusal(
        utf8(
          '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">',
        ),
      ),
    ).toBe(
      'this is a camt.054 debit/credit notification, not a camt.053 statement; download the account statement (camt.053) instead',
    );
    expect(
      refusal(
        utf8(
          '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03">',
        ),
      ),
    ).toMatch(/^this is an XML file, but not an OFX or CAMT.053 statement/);
    expect(refusal(utf8('{"transactions": []}'))).toMatch(/^this is a JSON file/);
    for (const message of [
      refusal(tinyPng()),
      refusal(new Uint8Array()),
      refusal(tinyZip({ a: 'b' })),
    ])
      expect(message).not.toMatch(/\n/);
  });
});
