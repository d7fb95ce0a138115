import type { FastifyInstance } from 'fastify';

/*
 * Headers on every response, errors and 404s included (an onSend hook sees them all).
 * The API serves JSON only, so the CSP allows nothing at all; a page the server serves
 * later gets its own, equally strict, policy. No Access-Control-Allow-* header is ever
 * sent: browsers on other origins can't read our responses (CORS closed by default).
 */

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
  'content-security-policy':
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  // Responses carry tokens and account data: no shared or browser cache keeps them.
  'cache-control': 'no-store',
};

export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.headers(SECURITY_HEADERS);
    reply.removeHeader('access-control-allow-origin');
    reply.removeHeader('access-control-allow-credentials');
    return payload;
  });
}
