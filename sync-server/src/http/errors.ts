import type { FastifyError, FastifyInstance } from 'fastify';
import { z } from 'zod';
import { RequestValidationError } from './zodSchemas';

/*
 * One error shape for every failure: `{"error": {"code", "message"}}` (plus `issues` for
 * validation). One handler maps everything to it. Client errors say what was wrong; a
 * 5xx says only that something failed and carries the request id to find it in the log:
 * never a stack, SQL, a path or a secret.
 */

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string().optional(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** An expected failure with a status, a stable code and a message fit for the caller. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// Fastify's own request errors, by code, with messages of ours.
const FASTIFY_ERRORS: Readonly<Record<string, [number, string, string]>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'malformed_json', 'The request body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'malformed_json', 'The request body is empty.'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'The request body is too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    415,
    'unsupported_media_type',
    'Send the body as application/json.',
  ],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad_request', 'The Content-Length header is wrong.'],
};

function body(code: string, message: string, requestId?: string): ErrorBody {
  return { error: { code, message, ...(requestId === undefined ? {} : { requestId }) } };
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    if (err instanceof ApiError) {
      void reply.code(err.statusCode).headers(err.headers).send(body(err.code, err.message));
      return;
    }
    if (err instanceof RequestValidationError) {
      void reply.code(400).send({
        error: {
          code: 'validation_failed',
          message: `The request ${err.part} is invalid.`,
          issues: [...err.issues],
        },
      });
      return;
    }
    const code = 'code' in err && typeof err.code === 'string' ? err.code : undefined;
    const known = code === undefined ? undefined : FASTIFY_ERRORS[code];
    if (known !== undefined) {
      void reply.code(known[0]).send(body(known[1], known[2]));
      return;
    }
    const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      // Other framework-level client errors: a generic message rather than Fastify's text.
      void reply.code(status).send(body('bad_request', 'The request could not be processed.'));
      return;
    }
    request.log.error({ err }, 'request failed');
    void reply.code(500).send(body('internal', 'Something went wrong on our side.', request.id));
  });

  app.setNotFoundHandler((_request, reply) => {
    void reply.code(404).send(body('not_found', 'No such route.'));
  });
}
