import { createHmac } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { deriveSubkey, newestKey } from '../config/keyRing';
import type { RateLimitRule } from '../config/rateLimits';
import type { Queryable } from '../db/types';
import { ApiError } from '../http/errors';

/*
 * Fixed-window counters in Postgres (table rate_limits), shared by every replica. One
 * upsert per check, in its own short transaction, so a refused request is counted even
 * though its own work never runs. Over the limit: 429 with Retry-After and the usual
 * JSON error body.
 */

export interface RateLimiter {
  /** Counts one hit of `rule` for `subject`; throws a 429 ApiError when over the limit. */
  hit(rule: RateLimitRule, subject: string): Promise<void>;
  /**
   * Counts one hit inside the caller's transaction (saves a round trip) and returns the
   * 429 to throw once that transaction has committed, or undefined when within the limit.
   */
  count(tx: Queryable, rule: RateLimitRule, subject: string): Promise<ApiError | undefined>;
  /** A hook that limits by client address; use it as onRequest, before the body is read. */
  perIp(rule: RateLimitRule): (request: FastifyRequest) => Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    rateLimit: RateLimiter;
  }
}

const HitsRow = z.object({ hits: z.coerce.number() });
// Old windows are swept now and then by whichever request draws the short straw.
const SWEEP_PROBABILITY = 0.01;
const SWEEP_AGE_MS = 24 * 3600 * 1000;

export const rateLimitPlugin = fp(
  (app, _options, done) => {
    const key = deriveSubkey(newestKey(app.config.keyRing), 'rate-limit-bucket-v1');
    const bucketOf = (rule: RateLimitRule, subject: string) =>
      createHmac('sha256', key).update(`${rule}\0${subject}`).digest('base64url');

    const limiter: RateLimiter = {
      async count(tx, rule, subject) {
        const { limit, windowSeconds } = app.config.rateLimits[rule];
        const now = app.clock().getTime();
        const windowMs = windowSeconds * 1000;
        const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
        const { rows } = await tx.query(
          `INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1)
           ON CONFLICT (bucket) DO UPDATE SET
             hits = CASE WHEN rate_limits.window_start = EXCLUDED.window_start
                         THEN rate_limits.hits + 1 ELSE 1 END,
             window_start = EXCLUDED.window_start
           RETURNING hits`,
          [bucketOf(rule, subject), windowStart],
        );
        if (Math.random() < SWEEP_PROBABILITY) {
          await tx.query('DELETE FROM rate_limits WHERE window_start < $1', [
            new Date(now - SWEEP_AGE_MS),
          ]);
        }
        if (HitsRow.parse(rows[0]).hits <= limit) return undefined;
        app.metrics.rateLimitHits.inc({ rule });
        const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now) / 1000));
        return new ApiError(429, 'rate_limited', 'Too many requests. Try again later.', {
          'retry-after': String(retryAfter),
        });
      },
      async hit(rule, subject) {
        // Its own short transaction: the hit is counted even if the request fails later.
        const refusal = await app.db.transaction((tx) => limiter.count(tx, rule, subject));
        if (refusal !== undefined) throw refusal;
      },
      perIp(rule) {
        return async (request) => {
          await limiter.hit(rule, request.ip);
        };
      },
    };
    app.decorate('rateLimit', limiter);
    done();
  },
  { name: 'casike-rate-limit', dependencies: ['casike-config', 'casike-db', 'casike-metrics'] },
);
