import type { FastifyInstance, FastifyTypeProvider } from 'fastify';
import { z } from 'zod';

/*
 * Routes declare zod schemas (params, query, body, and one response schema per status).
 * Fastify validates requests and serializes responses through these two compilers, and
 * the type provider gives handlers the parsed types. A response that does not match its
 * schema is a bug on our side: serialization throws, and the error handler answers 500
 * without leaking the half-built body.
 */

export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

/** A request part that failed its schema. `issues` are safe to show the caller. */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  constructor(
    readonly part: string,
    readonly issues: readonly { path: string; message: string }[],
  ) {
    super(`invalid ${part}`);
    this.name = 'RequestValidationError';
  }
}

/** A key a caller may see again: a plain identifier, as every field we define is. */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;

/** The path to a bad value; a key that is not a plain identifier is not echoed. */
function safePath(path: readonly PropertyKey[]): string {
  return path
    .map((key) => (typeof key === 'number' || PLAIN_KEY.test(String(key)) ? String(key) : '?'))
    .join('.');
}

/**
 * zod names unknown keys in its message, and a key is input like any other (it may be
 * SQL, markup or a token): name plain identifiers only, count the rest.
 */
function safeMessage(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'unrecognized_keys') return issue.message;
  const plain = issue.keys.filter((key) => PLAIN_KEY.test(key));
  const others = issue.keys.length - plain.length;
  const named = plain.map((key) => `"${key}"`);
  if (others > 0) named.push(`${others} other${others === 1 ? '' : 's'}`);
  return `Unrecognized key${issue.keys.length === 1 ? '' : 's'}: ${named.join(', ')}`;
}

function isZodSchema(value: unknown): value is z.ZodType {
  return value instanceof z.ZodType;
}

export function installZodCompilers(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) => {
    if (!isZodSchema(schema))
      throw new Error(`route schema for ${httpPart ?? 'request'} must be a zod schema`);
    return (data: unknown) => {
      const result = schema.safeParse(data);
      if (result.success) return { value: result.data };
      return {
        error: new RequestValidationError(
          httpPart ?? 'request',
          // Messages only, never the rejected input: it may be a token or a secret.
          result.error.issues
            .slice(0, 20)
            .map((i) => ({ path: safePath(i.path), message: safeMessage(i) })),
        ),
      };
    };
  });
  app.setSerializerCompiler(({ schema, url, method }) => {
    if (!isZodSchema(schema))
      throw new Error(`response schema of ${method} ${url} must be a zod schema`);
    return (data: unknown) => JSON.stringify(schema.parse(data));
  });
}
