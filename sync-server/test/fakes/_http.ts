import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/* Test-only: a tiny HTTP server on 127.0.0.1 for the fake Plaid and Stripe services. */

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeResponse {
  status: number;
  body: unknown;
}

export interface RunningFake {
  url: string;
  close(): Promise<void>;
}

export async function startFakeHttp(
  handle: (request: FakeRequest) => Promise<FakeResponse> | FakeResponse,
): Promise<RunningFake> {
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      void Promise.resolve(
        handle({
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      )
        .catch((error: unknown) => ({
          status: 500,
          body: { error: String(error instanceof Error ? error.message : error) },
        }))
        .then((out) => {
          const text = JSON.stringify(out.body);
          res.writeHead(out.status, {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(text),
            'request-id': `req_${Math.random().toString(36).slice(2, 12)}`,
          });
          res.end(text);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
