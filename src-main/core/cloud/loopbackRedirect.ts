import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudError } from './cloudErrors';

/*
 * The loopback redirect of a native app's OIDC sign-in (RFC 8252 §7.3): a one-shot HTTP
 * listener on 127.0.0.1 and an ephemeral port, which the provider sends the system browser
 * back to. It answers only GET /callback carrying the state this flow expects (anything
 * else gets a 404 or 400 and the wait goes on, so a stray or hostile local request cannot
 * end or hijack the sign-in), hands that URL over, and closes.
 */

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function page(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, PAGE_HEADERS);
  res.end(`<!doctype html><meta charset="utf-8"><title>Casike</title><p>${text}</p>`);
}

export interface LoopbackRedirect {
  /** http://127.0.0.1:PORT/callback */
  redirectUri: string;
  /** Resolves with the full callback URL once the browser brings back `state`. */
  waitFor(state: string, timeoutMs: number): Promise<URL>;
  close(): Promise<void>;
}

export async function openLoopbackRedirect(): Promise<LoopbackRedirect> {
  let expected: string | undefined;
  let deliver: ((url: URL) => void) | undefined;
  let refuse: ((error: Error) => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', redirectUri);
    if (req.method !== 'GET' || url.pathname !== '/callback') {
      page(res, 404, 'Not found.');
      return;
    }
    if (expected === undefined || url.searchParams.get('state') !== expected) {
      page(res, 400, 'This sign-in link does not belong to the sign-in Casike is waiting for.');
      return;
    }
    expected = undefined;
    const error = url.searchParams.get('error');
    if (error !== null) {
      page(res, 200, 'Sign-in was cancelled or refused. You can close this tab.');
      // The provider's error code is a short token (RFC 6749 §4.1.2.1); keep it printable.
      const code = error.replace(/[^\w.-]/g, '').slice(0, 60);
      refuse?.(new CloudError('rejected', `the sign-in provider refused the sign-in (${code})`));
      return;
    }
    page(res, 200, 'Signed in to Casike. You can close this tab and go back to the app.');
    deliver?.(url);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  return {
    redirectUri,
    waitFor(state, timeoutMs) {
      expected = state;
      return new Promise<URL>((resolve, reject) => {
        timer = setTimeout(() => {
          expected = undefined;
          reject(
            new CloudError(
              'rejected',
              `the browser did not come back within ${Math.round(timeoutMs / 1000)} s; run the sign-in again`,
            ),
          );
        }, timeoutMs);
        deliver = (url) => {
          clearTimeout(timer);
          resolve(url);
        };
        refuse = (error) => {
          clearTimeout(timer);
          reject(error);
        };
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
