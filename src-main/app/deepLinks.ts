import { z } from 'zod';

// `casike://` links come from outside: a browser finishing an OAuth sign-in, a magic
// link in an email, Stripe's return page, or any web page that tries its luck. The OS
// hands them to the running app (macOS 'open-url'; Windows and Linux start a second
// instance, whose argv reaches the first through 'second-instance'). Each link is parsed
// here against the exact set of shapes we issue, and anything else is dropped: an unknown
// host or path, an unknown, missing or repeated parameter, a fragment, credentials, a
// port, whitespace or control characters, or a value outside its character set.

export const DEEP_LINK_SCHEME = 'casike';
export const MAX_DEEP_LINK_LENGTH = 2048;

/** Opaque values (OAuth code and state, magic-link token): URL-safe characters only. */
const opaque = z.string().regex(/^[A-Za-z0-9._~-]{16,512}$/);

// One strict schema per route; `.strict()` refuses any parameter not named here.
const ROUTES = {
  'auth/callback': z.union([
    z.strictObject({ code: opaque, state: opaque }).transform((p) => ({
      kind: 'auth.callback' as const,
      code: p.code,
      state: p.state,
    })),
    z
      .strictObject({ error: z.string().regex(/^[a-z_]{1,64}$/), state: opaque })
      .transform((p) => ({ kind: 'auth.error' as const, error: p.error, state: p.state })),
  ]),
  'auth/magic-link': z
    .strictObject({ token: opaque })
    .transform((p) => ({ kind: 'auth.magicLink' as const, token: p.token })),
  'billing/return': z
    .strictObject({ status: z.enum(['success', 'cancelled']) })
    .transform((p) => ({ kind: 'billing.return' as const, status: p.status })),
} as const;

type Route = keyof typeof ROUTES;

/** A validated deep link: only these shapes ever reach the rest of the app. */
export type DeepLink = z.output<(typeof ROUTES)[Route]>;
export type DeepLinkKind = DeepLink['kind'];

/** Printable ASCII without spaces; `new URL` would silently strip tabs and newlines. */
const PLAIN_URL = /^[\x21-\x7e]+$/;

/** The validated link, or null for anything that is not exactly one of ours. */
export function parseDeepLink(raw: unknown): DeepLink | null {
  if (typeof raw !== 'string' || raw.length > MAX_DEEP_LINK_LENGTH) return null;
  if (!PLAIN_URL.test(raw) || !raw.startsWith(`${DEEP_LINK_SCHEME}://`)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username !== '' || url.password !== '' || url.port !== '' || url.hash !== '') {
    return null;
  }
  if (raw.includes('#')) return null; // an empty fragment leaves url.hash empty
  const route = `${url.host}${url.pathname}`;
  if (!Object.hasOwn(ROUTES, route)) return null;

  const params: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (Object.hasOwn(params, name)) return null; // a repeated parameter is ambiguous
    params[name] = value;
  }
  const parsed = ROUTES[route as Route].safeParse(params);
  return parsed.success ? parsed.data : null;
}

/**
 * The deep link in a command line (Windows and Linux pass it as an argument). Exactly one
 * argument may look like a link; two or more is not something the OS does, so none wins.
 */
export function deepLinkFromArgv(argv: readonly string[]): DeepLink | null {
  const candidates = argv.filter((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`));
  return candidates.length === 1 ? parseDeepLink(candidates[0]) : null;
}

type Handler<K extends DeepLinkKind> = (link: Extract<DeepLink, { kind: K }>) => void;

/** Codes and tokens in links are short-lived; an unclaimed link older than this is dropped. */
export const DEEP_LINK_MAX_AGE_MS = 10 * 60_000;

/**
 * Where validated links wait for the part of the app that handles their kind (the cloud
 * sign-in flow takes `auth.*`, billing takes `billing.return`). A link that arrives before
 * its handler registers (say, the app was started by the link) is kept, newest per kind,
 * for DEEP_LINK_MAX_AGE_MS.
 */
export class DeepLinkInbox {
  private readonly handlers = new Map<DeepLinkKind, (link: DeepLink) => void>();
  private readonly pending = new Map<DeepLinkKind, { link: DeepLink; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  deliver(link: DeepLink): void {
    const handler = this.handlers.get(link.kind);
    if (handler) handler(link);
    else this.pending.set(link.kind, { link, at: this.now() });
  }

  /** Registers the one handler for `kind` and hands it a waiting link, if still fresh. */
  onLink<K extends DeepLinkKind>(kind: K, handler: Handler<K>): void {
    this.handlers.set(kind, handler as (link: DeepLink) => void);
    const waiting = this.pending.get(kind);
    this.pending.delete(kind);
    if (waiting && this.now() - waiting.at <= DEEP_LINK_MAX_AGE_MS) {
      handler(waiting.link as Extract<DeepLink, { kind: K }>);
    }
  }
}
