import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { SOCKET_PATH, SOCKET_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from './socketBridge';
import type { WebHarness } from './harnessServer';

/** Test-only helpers for the web harness. Never import from production code. */

/** A tiny built renderer, shaped like electron-vite's output, in `dir`. */
export function _writeFixtureRenderer(dir: string): void {
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(
    join(dir, 'index.html'),
    [
      '<!doctype html>',
      '<html lang="en">',
      '  <head>',
      '    <meta charset="UTF-8" />',
      '    <title>Casike</title>',
      '    <script type="module" crossorigin src="./assets/index-abc.js"></script>',
      '    <link rel="stylesheet" crossorigin href="./assets/index-abc.css">',
      '  </head>',
      '  <body><div id="root"></div></body>',
      '</html>',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'document.title = "fixture";\n');
  writeFileSync(join(dir, 'assets', 'index-abc.css'), 'body { margin: 0; }\n');
}

export interface SocketOptions {
  token?: string;
  origin?: string | null;
  protocols?: string[];
  path?: string;
}

/** Opens a WebSocket to the harness the way the page's client does, unless told otherwise. */
export function _socketFor(harness: WebHarness, options: SocketOptions = {}): WebSocket {
  const url = `${harness.origin.replace('http:', 'ws:')}${options.path ?? SOCKET_PATH}`;
  const protocols = options.protocols ?? [
    SOCKET_PROTOCOL,
    `${TOKEN_PROTOCOL_PREFIX}${options.token ?? harness.token}`,
  ];
  const origin = options.origin === undefined ? harness.origin : options.origin;
  return new WebSocket(url, protocols, origin === null ? {} : { origin });
}

/** Resolves when the socket opens; rejects with the HTTP status when the upgrade is refused. */
export function _opened(ws: WebSocket): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`refused with HTTP ${res.statusCode}`));
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

/** The next message, parsed. */
export function _nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return _waitFor(ws, () => true);
}

/** The first message `match` accepts; rejects if the socket closes first. */
function _waitFor(
  ws: WebSocket,
  match: (message: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: Buffer): void => {
      const message = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
      if (!match(message)) return;
      done();
      resolve(message);
    };
    const onClose = (code: number): void => {
      done();
      reject(new Error(`closed with ${code}`));
    };
    const done = (): void => {
      ws.off('message', onMessage);
      ws.off('close', onClose);
    };
    ws.on('message', onMessage);
    ws.on('close', onClose);
  });
}

let nextId = 1;

/** Sends one contract call and waits for its result. */
export async function _call(ws: WebSocket, channel: unknown, input: unknown): Promise<unknown> {
  const id = nextId++;
  const reply = _waitFor(ws, (message) => message.type === 'result' && message.id === id);
  ws.send(JSON.stringify({ type: 'call', id, channel, input }));
  return (await reply).result;
}
