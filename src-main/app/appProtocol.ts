import fs from 'node:fs';
import path from 'node:path';
import type { CustomScheme } from 'electron';
import { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy';
import { MIME_TYPES } from './mimeTypes';

// The renderer is served from `app://casike/` instead of `file://`: a file:// page can
// read any file the user can, while this origin maps to exactly one folder (the built
// renderer) and lets us attach the Content-Security-Policy header to every response.
// The handler only uses the web `Request`/`Response` types and Node's `fs`, so it can be
// exercised by a plain Node test; index.ts hands it to Electron's `protocol.handle`.

export const APP_SCHEME = 'app';
export const APP_HOST = 'casike';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Must be registered before `app` is ready. `standard` gives the scheme a real origin
 * (relative URLs, same-origin checks, storage); `secure` makes it a secure context.
 * No `bypassCSP`, no `corsEnabled`: other origins get nothing from it.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true },
};

type Resolution = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404 };

function isInside(rootDir: string, candidate: string): boolean {
  const rel = path.relative(rootDir, candidate);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/**
 * Maps an `app://casike/...` URL to a file inside `rootDir`, or says why not. `rootDir`
 * must already be a real path (no symlinks). Anything that resolves outside it, whether
 * through `..`, percent-encoded separators, an absolute or drive path, or a symlink, is
 * refused with 403.
 */
export async function resolveAppFile(rootDir: string, requestUrl: string): Promise<Resolution> {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) {
    return { ok: false, status: 404 };
  }

  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (pathname.includes('\0')) return { ok: false, status: 400 };

  const relativePath = pathname.replace(/^\/+/, '') || 'index.html';
  const candidate = path.resolve(rootDir, relativePath);
  if (!isInside(rootDir, candidate)) return { ok: false, status: 403 };

  // Resolve symlinks too: a link inside the folder must not lead outside it.
  let real: string;
  try {
    real = await fs.promises.realpath(candidate);
    if (!(await fs.promises.stat(real)).isFile()) return { ok: false, status: 404 };
  } catch {
    return { ok: false, status: 404 };
  }
  if (!isInside(rootDir, real)) return { ok: false, status: 403 };
  return { ok: true, file: real };
}

function respond(status: number, body: Uint8Array | null, contentType: string): Response {
  return new Response(body, {
    status,
    headers: {
      'Content-Type': contentType,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/**
 * Builds the `app://` handler serving files from `rendererDir` (the built renderer).
 * Errors are bare status codes: never a path or a stack.
 */
export function createAppProtocolHandler(
  rendererDir: string,
): (request: Request) => Promise<Response> {
  let realRoot: Promise<string> | undefined;

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return respond(405, null, 'text/plain; charset=utf-8');
    }
    try {
      realRoot ??= fs.promises.realpath(rendererDir);
      const resolved = await resolveAppFile(await realRoot, request.url);
      if (!resolved.ok) return respond(resolved.status, null, 'text/plain; charset=utf-8');

      const type =
        MIME_TYPES[path.extname(resolved.file).toLowerCase()] ?? 'application/octet-stream';
      const body = request.method === 'HEAD' ? null : await fs.promises.readFile(resolved.file);
      return respond(200, body, type);
    } catch {
      realRoot = undefined; // e.g. the renderer folder was missing; try again next time
      return respond(500, null, 'text/plain; charset=utf-8');
    }
  };
}
