import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { z } from 'zod';
import {
  EVENTS,
  type CallResult,
  type EventName,
  type EventPayload,
} from '../../src-shared/contract';
import type { Dispatch } from '../core/api';
import { decodeWire, encodeWire } from './wireCodec';

/** The WebSocket endpoint's path. */
export const SOCKET_PATH = '/casike-ws';
/** The subprotocol the client asks for and the server selects. */
export const SOCKET_PROTOCOL = 'casike.v1';
/** The token travels as a second subprotocol, `casike.token.<token>`, checked at upgrade. */
export const TOKEN_PROTOCOL_PREFIX = 'casike.token.';
/** Larger messages close the connection (ws answers with close code 1009). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** The only message a client may send: one contract call. */
const CallMessage = z.strictObject({
  type: z.literal('call'),
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  channel: z.string().max(200),
  // Left to `dispatch`, which parses it with the channel's own schema. Optional because
  // JSON drops an `undefined` input, which dispatch then refuses as VALIDATION.
  input: z.unknown().optional(),
});

const CallId = CallMessage.shape.id;

export interface SocketBridgeOptions {
  dispatch: Dispatch;
  token: string;
  /** `http://127.0.0.1:PORT`: the only Origin allowed to open the socket. */
  origin: string;
  /** `127.0.0.1:PORT`: the only Host allowed. */
  host: string;
}

export interface SocketBridge {
  /** For the HTTP server's 'upgrade' event: authorises, then opens the socket or refuses. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** The core's `emit`: pushes a contract event to every connected page. */
  broadcast<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Drops every connection. */
  close(): void;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The upgrade is allowed only on our path, for our Host, from our own page's Origin
 * (so no other website the browser has open can connect, even over loopback), and with
 * this run's token as a subprotocol.
 */
export function isAuthorizedUpgrade(
  request: IncomingMessage,
  expected: Pick<SocketBridgeOptions, 'token' | 'origin' | 'host'>,
): boolean {
  if (request.url !== SOCKET_PATH) return false;
  if (request.headers.host !== expected.host) return false;
  if (request.headers.origin !== expected.origin) return false;
  const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  if (!offered.includes(SOCKET_PROTOCOL)) return false;
  const tokens = offered.filter((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
  const [token] = tokens;
  return (
    tokens.length === 1 &&
    token !== undefined &&
    sameSecret(token.slice(TOKEN_PROTOCOL_PREFIX.length), expected.token)
  );
}

function refuse(socket: Duplex): void {
  socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  socket.destroy();
}

function send(ws: WebSocket, message: unknown): void {
  if (ws.readyState !== ws.OPEN) return;
  let text: string;
  try {
    text = encodeWire(message);
  } catch {
    return;
  }
  ws.send(text);
}

/**
 * Answers a message that is not a valid call. When it carries a usable `id`, the reply
 * names it, so the page's pending call fails at once instead of waiting forever.
 */
function malformed(ws: WebSocket, message: string, decoded?: unknown): void {
  const candidate =
    typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded)
      ? (decoded as Record<string, unknown>).id
      : undefined;
  const id = CallId.safeParse(candidate);
  send(ws, {
    type: 'error',
    ...(id.success ? { id: id.data } : {}),
    error: { code: 'VALIDATION', message },
  });
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

/**
 * The harness's WebSocket side: authorised upgrades only, one zod-checked message shape,
 * every call handed to the core's `dispatch`, results and events sent back as JSON.
 * A bad message gets an error reply; it never closes the connection or the server.
 */
export function createSocketBridge(options: SocketBridgeOptions): SocketBridge {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // No compression: a small compressed frame could inflate past the size limit's intent.
    perMessageDeflate: false,
    clientTracking: true,
    handleProtocols: (protocols) => (protocols.has(SOCKET_PROTOCOL) ? SOCKET_PROTOCOL : false),
  });

  const onMessage = (ws: WebSocket, data: RawData, isBinary: boolean): void => {
    if (isBinary) return malformed(ws, 'binary messages are not accepted');
    let decoded: unknown;
    try {
      decoded = decodeWire(textOf(data));
    } catch {
      return malformed(ws, 'message is not JSON');
    }
    const parsed = CallMessage.safeParse(decoded);
    if (!parsed.success) return malformed(ws, 'unknown message shape', decoded);
    const { id, channel, input } = parsed.data;
    void options
      .dispatch(channel, input)
      .catch((): CallResult<never> => ({
        ok: false,
        error: { code: 'INTERNAL', message: 'internal error' },
      }))
      .then((result) => send(ws, { type: 'result', id, result }));
  };

  return {
    handleUpgrade(request, socket, head) {
      // A client that resets mid-handshake must not crash the harness.
      socket.on('error', () => socket.destroy());
      if (!isAuthorizedUpgrade(request, options)) return refuse(socket);
      wss.handleUpgrade(request, socket, head, (ws) => {
        // Oversized frames and protocol errors surface here; ws then closes the socket.
        ws.on('error', () => undefined);
        ws.on('message', (data, isBinary) => onMessage(ws, data, isBinary));
      });
    },

    broadcast(event, payload) {
      if (!Object.hasOwn(EVENTS, event)) return;
      const parsed = EVENTS[event].safeParse(payload);
      if (!parsed.success) return;
      for (const ws of wss.clients) send(ws, { type: 'event', event, payload: parsed.data });
    },

    close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
