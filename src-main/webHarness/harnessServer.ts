import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createCoreApi } from '../core/api';
import type { KeychainStore } from '../core/vault';
import { harnessContentSecurityPolicy } from './harnessCsp';
import { createSocketBridge, type SocketBridge } from './socketBridge';
import { createFileUploads } from './fileUpload';
import { createSiteHandler, readRendererFiles } from './staticSite';

/** The built renderer, as `npm run build` leaves it. */
export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

export interface WebHarnessOptions {
  /** The vault's folder. Tests and e2e runs pass a temporary one. */
  dataDir: string;
  /** Fixed port; default: a random free one. */
  port?: number;
  /** The built renderer to serve; default `out/renderer`. */
  rendererDir?: string;
  /** Default: none, so the harness never touches the real OS keychain. */
  keychain?: KeychainStore;
  /**
   * Stands in for the system browser (Plaid Hosted Link, Stripe links): e2e tests capture
   * the URL here. Default: the link is printed for the developer to open.
   */
  openUrl?: (url: string) => Promise<void>;
}

export interface WebHarness {
  /** `http://127.0.0.1:PORT/#token=…`: open this in the browser. */
  url: string;
  /** This run's secret (also in `url`'s fragment). */
  token: string;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  /** Locks the vault, drops every connection and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts the web harness (development and e2e only, never shipped): the built renderer
 * served on 127.0.0.1 with the app's CSP, and `window.casike` provided by a small client
 * that sends the contract's calls over a WebSocket to the same core `dispatch` the
 * desktop app uses. Loopback only, random port, random per-run token, Origin checked.
 */
export async function startWebHarness(options: WebHarnessOptions): Promise<WebHarness> {
  const files = await readRendererFiles(options.rendererDir ?? DEFAULT_RENDERER_DIR);
  const token = randomBytes(32).toString('base64url');

  let handler: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | undefined;
  const server = http.createServer((req, res) => {
    if (handler) return handler(req, res);
    res.writeHead(503).end();
  });

  // Only loopback: the harness serves a vault with no authentication beyond the token.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;
  const origin = `http://${host}`;

  // The OS open dialog's stand-in for imports.chooseFile (see fileUpload.ts).
  const uploads = createFileUploads({ token, origin, host });
  try {
    const site = await createSiteHandler({
      files,
      host,
      contentSecurityPolicy: harnessContentSecurityPolicy(`ws://${host}`),
    });
    handler = (req, res) => {
      if (!uploads.handle(req, res)) site(req, res);
    };
  } catch (error) {
    uploads.close();
    server.close();
    throw error;
  }
  const pickFile = (): Promise<string | null> => Promise.resolve(uploads.take());

  // The bridge and the core refer to each other (calls one way, events the other); the
  // bridge reaches `core` only when a call arrives, after both exist.
  const sockets: SocketBridge = createSocketBridge({
    dispatch: (channel, input) => core.dispatch(channel, input),
    token,
    origin,
    host,
  });
  const core = createCoreApi({
    dataDir: options.dataDir,
    keychain: options.keychain,
    pickFile,
    emit: (event, payload) => sockets.broadcast(event, payload),
    openUrl:
      options.openUrl ??
      ((url) => {
        process.stderr.write(`casike web: open this link in your browser: ${url}\n`);
        return Promise.resolve();
      }),
  });
  server.on('upgrade', (request, socket, head) => sockets.handleUpgrade(request, socket, head));

  let closed: Promise<void> | undefined;
  return {
    url: `${origin}/#token=${token}`,
    token,
    origin,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        core.session.lock('exit');
        sockets.close();
        uploads.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
