import { crc32 } from 'node:zlib';
import sharp from 'sharp';

/** Test-only: real receipt files built in memory, optionally carrying a text marker. */

/** A real JPEG photo-like image, with `marker` in a JPEG comment (COM) segment. */
export async function _jpegWithMarker(marker: string, width = 900, height = 1200): Promise<Buffer> {
  const jpeg = await sharp({
    create: { width, height, channels: 3, background: { r: 240, g: 236, b: 220 } },
  })
    .jpeg({ quality: 80 })
    .toBuffer();
  const text = Buffer.from(marker, 'latin1');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(text.length + 2);
  // SOI, then COM (FF FE) with the marker, then the rest of the real JPEG after its SOI.
  return Buffer.concat([
    jpeg.subarray(0, 2),
    Buffer.from([0xff, 0xfe]),
    length,
    text,
    jpeg.subarray(2),
  ]);
}

/** A real PNG with `marker` in a tEXt chunk right after IHDR. */
export async function _pngWithMarker(marker: string): Promise<Buffer> {
  const png = await sharp({
    create: {
      width: 600,
      height: 400,
      channels: 4,
      background: { r: 10, g: 90, b: 200, alpha: 0.5 },
    },
  })
    .png()
    .toBuffer();
  const data = Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.from(marker, 'latin1')]);
  const type = Buffer.from('tEXt', 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([type, data])));
  const afterHeader = 8 + 25; // signature + IHDR chunk (4 + 4 + 13 + 4)
  return Buffer.concat([
    png.subarray(0, afterHeader),
    length,
    type,
    data,
    crc,
    png.subarray(afterHeader),
  ]);
}

/**
 * A small but well-formed PDF whose page text is `marker`, padded with a stream of
 * `padBytes` so a test can make it span several stored chunks.
 */
export function _pdfWithMarker(marker: string, padBytes = 0): Buffer {
  const content = `BT /F1 12 Tf 72 720 Td (${marker}) Tj ET\n% ${'x'.repeat(padBytes)}\n`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A Windows executable's first bytes (MZ header and the DOS stub's message). */
export function _windowsExecutable(): Buffer {
  const bytes = Buffer.alloc(512);
  bytes.write('MZ', 0, 'latin1');
  bytes.write('This program cannot be run in DOS mode.', 78, 'latin1');
  return bytes;
}

/** A Linux ELF executable's first bytes. */
export function _linuxExecutable(): Buffer {
  const bytes = Buffer.alloc(256);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(bytes);
  return bytes;
}

/** An HTML page with a script. */
export function _htmlPage(): Buffer {
  return Buffer.from('<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n');
}
