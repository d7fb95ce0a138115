import fs from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHANNELS, EVENT_NAMES } from '../../src-shared/contract';
import { MIME_TYPES } from '../app/mimeTypes';

/** Where the page loads the harness client from. */
export const HARNESS_SCRIPT_PATH = '/casike-harness.js';

const CLIENT_FILE = fileURLToPath(new URL('./client/casike-harness.js', import.meta.url));

interface Asset {
  body: Buffer;
  type: string;
}

/** The built renderer is not where it should be: `npm run build` has not run. */
export class RendererMissingError extends Error {
  constructor(rendererDir: string) {
    super(`no built renderer in ${rendererDir}; run \`npm run build\` first`);
    this.name = 'RendererMissingError';
  }
}

/**
 * Reads the built renderer into memory: URL path → file. Serving only from this map
 * means no request can name a file outside it (no `..`, encoding or symlink tricks to
 * guard against). Symlinks and dotfiles are left out. Restart the harness after a build.
 */
export async function readRendererFiles(rendererDir: string): Promise<Map<string, Asset>> {
  const files = new Map<string, Asset>();
  const walk = async (relative: string): Promise<void> => {
    const entries = await fs.readdir(path.join(rendererDir, relative), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) {
        files.set(`/${child}`, {
          body: await fs.readFile(path.join(rendererDir, child)),
          type: MIME_TYPES[path.extname(entry.name).toLowerCase()] ?? 'application/octet-stream',
        });
      }
    }
  };
  try {
    await walk('');
  } catch {
    throw new RendererMissingError(rendererDir);
  }
  if (!files.has('/index.html')) throw new RendererMissingError(rendererDir);
  return files;
}

const NAME = /^[a-z]+\.[a-zA-Z]+$/;

/** The client's script tag. Names are checked, so no attribute can be broken out of. */
export function harnessScriptTag(
  channels: readonly string[] = CHANNELS,
  events: readonly string[] = EVENT_NAMES,
): string {
  for (const name of [...channels, ...events]) {
    if (!NAME.test(name)) throw new Error(`bad contract name: ${name}`);
  }
  return `<script src="${HARNESS_SCRIPT_PATH}" data-channels="${channels.join(' ')}" data-events="${events.join(' ')}"></script>`;
}

/**
 * Puts the harness client's tag before the page's first script, so `window.casike`
 * exists before the app's code runs. A classic script with `src`: the CSP's
 * `script-src 'self'` allows it, and no inline script is ever added.
 */
export function injectHarnessScript(html: string, tag: string = harnessScriptTag()): string {
  const at = html.search(/<script\b/i);
  if (at >= 0) return `${html.slice(0, at)}${tag}\n    ${html.slice(at)}`;
  const head = html.search(/<\/head>/i);
  if (head < 0) throw new Error('index.html has neither a script nor a </head>');
  return `${html.slice(0, head)}${tag}\n  ${html.slice(head)}`;
}

export interface SiteOptions {
  files: ReadonlyMap<string, Asset>;
  /** `127.0.0.1:PORT`: any other Host header is refused (DNS rebinding). */
  host: string;
  /** Sent on every response. */
  contentSecurityPolicy: string;
}

/** Builds the HTTP handler that serves the renderer, its injected index and the client. */
export async function createSiteHandler(
  options: SiteOptions,
): Promise<(req: IncomingMessage, res: ServerResponse) => void> {
  const index = options.files.get('/index.html');
  if (!index) throw new Error('no index.html');
  const assets = new Map(options.files);
  const page = {
    body: Buffer.from(injectHarnessScript(index.body.toString('utf8'))),
    type: index.type,
  };
  assets.set('/index.html', page);
  assets.set('/', page);
  assets.set(HARNESS_SCRIPT_PATH, {
    body: await fs.readFile(CLIENT_FILE),
    type: MIME_TYPES['.js'] ?? 'text/javascript',
  });

  const headers = {
    'Content-Security-Policy': options.contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
  const answer = (res: ServerResponse, status: number, asset?: Asset, head = false): void => {
    res.writeHead(status, {
      ...headers,
      'Content-Type': asset?.type ?? 'text/plain; charset=utf-8',
      'Content-Length': asset?.body.length ?? 0,
    });
    res.end(asset && !head ? asset.body : undefined);
  };

  return (req, res) => {
    if (req.headers.host !== options.host) return answer(res, 403);
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405);
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return answer(res, 400);
    }
    const asset = assets.get(pathname);
    if (!asset) return answer(res, 404);
    answer(res, 200, asset, req.method === 'HEAD');
  };
}
