import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the page's client posts the file the user picked for `imports.chooseFile`. */
export const UPLOAD_PATH = '/casike-upload';
/** The per-run token travels in this header (never in the URL). */
export const UPLOAD_TOKEN_HEADER = 'x-casike-token';
/** The picked file's name, URI-encoded. */
export const UPLOAD_NAME_HEADER = 'x-casike-file-name';
/** Bank exports are small; a ten-year CSV of 1M rows is about 80 MiB. */
export const MAX_UPLOAD_BYTES = 128 * 1024 * 1024;

export interface UploadOptions {
  token: string;
  /** `http://127.0.0.1:PORT`: the only Origin that may post. */
  origin: string;
  /** `127.0.0.1:PORT`: the only Host. */
  host: string;
}

export interface FileUploads {
  /** For the HTTP server: true when it handled the request (our path). */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** The core's `pickFile`: the last uploaded file's path, once; null if none is waiting. */
  take(): string | null;
  /** Removes every uploaded file. */
  close(): void;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A plain file name: no folders, no control characters, no leading dots, bounded. */
export function safeFileName(raw: string): string | null {
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex
  name = name.replace(/[\u0000-\u001f\u007f/\\:]/g, '_').replace(/^\.+/, '');
  name = name.trim().slice(0, 200);
  return name === '' ? null : name;
}

/**
 * The web harness's stand-in for the OS open dialog (development and e2e only). In the
 * desktop app `imports.chooseFile` shows a dialog in the main process; a browser cannot
 * hand a page's file to Node, so the harness client shows an `<input type=file>`, posts
 * the chosen file here, then makes the ordinary `imports.chooseFile` call, whose
 * `pickFile` takes the waiting upload. The renderer still never names a path: it gets
 * the same opaque file token either way. Same fences as the socket: Host, Origin, token.
 */
export function createFileUploads(options: UploadOptions): FileUploads {
  const dir = mkdtempSync(join(tmpdir(), 'casike-web-uploads-'));
  let waiting: string | null = null;

  const refuse = (res: ServerResponse, status: number, message: string): void => {
    res.writeHead(status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    res.end(message);
  };

  return {
    handle(req, res) {
      const pathname = (req.url ?? '').split('?')[0];
      if (pathname !== UPLOAD_PATH) return false;
      if (req.method !== 'POST') {
        refuse(res, 405, 'POST only');
        return true;
      }
      const token = req.headers[UPLOAD_TOKEN_HEADER];
      if (
        req.headers.host !== options.host ||
        req.headers.origin !== options.origin ||
        typeof token !== 'string' ||
        !sameSecret(token, options.token)
      ) {
        refuse(res, 403, 'forbidden');
        return true;
      }
      const nameHeader = req.headers[UPLOAD_NAME_HEADER];
      const name = typeof nameHeader === 'string' ? safeFileName(nameHeader) : null;
      if (name === null) {
        refuse(res, 400, 'missing file name');
        return true;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_UPLOAD_BYTES) {
          tooLarge = true;
          refuse(res, 413, 'file too large');
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => {
        if (tooLarge) return;
        // Each upload in its own folder, so the file keeps the user's own name (the
        // import shows it) and two picks of the same name never collide.
        const folder = join(dir, randomBytes(9).toString('hex'));
        mkdirSync(folder, { mode: 0o700 });
        const path = join(folder, name);
        writeFileSync(path, Buffer.concat(chunks), { mode: 0o600 });
        waiting = path;
        res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      });
      req.on('error', () => undefined);
      return true;
    },
    take() {
      const path = waiting;
      waiting = null;
      return path;
    },
    close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
