import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type DestinationStream, type Logger } from 'pino';
import { sanitizeForLog, scrubString } from './redact';

/*
 * The one logger. Fastify gets this instance (`loggerInstance`), so request logs pass the
 * same filters as our own. Request URLs are logged without their query string and no
 * header is logged at all: headers carry authorization and cookies, queries carry tokens.
 */

export interface LoggerOptions {
  level?: string;
  /** Where lines go; tests pass a capturing stream. Default stdout. */
  destination?: DestinationStream;
}

function pathOnly(url: string | undefined): string {
  if (url === undefined) return '';
  const cut = url.search(/[?#]/);
  return scrubString(cut < 0 ? url : url.slice(0, cut));
}

const SERIALIZED = new Set(['req', 'res', 'err']);

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      formatters: {
        // Runs on every object logged, before the serializers. Keys that have a serializer
        // are left to it (each is safe by construction, and reads getters a copy would lose).
        log: (object) =>
          Object.fromEntries(
            Object.entries(object).map(([key, value]) => [
              key,
              SERIALIZED.has(key) ? value : sanitizeForLog(value),
            ]),
          ),
      },
      hooks: {
        // Message strings and format arguments get the same scrubbing as object fields.
        logMethod(args, method) {
          const clean = args.map((a: unknown) => (typeof a === 'string' ? scrubString(a) : a));
          return method.apply(this, clean as Parameters<typeof method>);
        },
      },
      serializers: {
        req: (req: IncomingMessage & { id?: string }) => ({
          id: req.id,
          method: req.method,
          url: pathOnly(req.url),
        }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
        err: (err: Error & { code?: unknown; statusCode?: unknown }) => ({
          type: err.name,
          message: scrubString(err.message),
          code: typeof err.code === 'string' ? err.code : undefined,
          statusCode: typeof err.statusCode === 'number' ? err.statusCode : undefined,
          stack: err.stack === undefined ? undefined : scrubString(err.stack),
        }),
      },
    },
    options.destination,
  );
}
