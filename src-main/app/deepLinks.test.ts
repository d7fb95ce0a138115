import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  DEEP_LINK_MAX_AGE_MS,
  DeepLinkInbox,
  deepLinkFromArgv,
  parseDeepLink,
  type DeepLink,
} from './deepLinks';

const CODE = 'c0de_c0de-c0de.c0de~1234';
const STATE = 'st4te-st4te-st4te-st4te';
const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';

describe('parseDeepLink', () => {
  it('accepts exactly the links we issue', () => {
    expect(parseDeepLink(`casike://auth/callback?code=${CODE}&state=${STATE}`)).toEqual({
      kind: 'auth.callback',
      code: CODE,
      state: STATE,
    });
    expect(parseDeepLink(`casike://auth/callback?state=${STATE}&error=access_denied`)).toEqual({
      kind: 'auth.error',
      error: 'access_denied',
      state: STATE,
    });
    expect(parseDeepLink(`casike://auth/magic-link?token=${TOKEN}`)).toEqual({
      kind: 'auth.magicLink',
      token: TOKEN,
    });
    expect(parseDeepLink('casike://billing/return?status=cancelled')).toEqual({
      kind: 'billing.return',
      status: 'cancelled',
    });
  });

  it.each([
    // other schemes and spellings
    `https://auth/callback?code=${CODE}&state=${STATE}`,
    `CASIKE://auth/callback?code=${CODE}&state=${STATE}`,
    `casike:auth/callback?code=${CODE}&state=${STATE}`,
    `casike:///auth/callback?code=${CODE}&state=${STATE}`,
    // unknown host or path
    `casike://auth/callback/?code=${CODE}&state=${STATE}`,
    `casike://auth/../auth/callback?code=${CODE}&state=${STATE}`,
    `casike://vault/unlock?passphrase=${TOKEN}`,
    'casike://billing/return/extra?status=success',
    'casike://',
    // parameters: unknown, missing, repeated, both shapes at once, bad values
    `casike://auth/callback?code=${CODE}&state=${STATE}&redirect=https://evil.example`,
    `casike://auth/callback?code=${CODE}`,
    `casike://auth/callback?code=${CODE}&code=${CODE}&state=${STATE}`,
    `casike://auth/callback?code=${CODE}&error=access_denied&state=${STATE}`,
    `casike://auth/callback?code=short&state=${STATE}`,
    `casike://auth/callback?code=${CODE}%3Cscript%3E&state=${STATE}`,
    `casike://auth/callback?code=${'a'.repeat(513)}&state=${STATE}`,
    `casike://auth/callback?error=Access-Denied&state=${STATE}`,
    'casike://billing/return?status=paid',
    // fragments, credentials, ports, whitespace and control characters
    `casike://auth/magic-link?token=${TOKEN}#x`,
    `casike://auth/magic-link?token=${TOKEN}#`,
    `casike://user:pw@auth/magic-link?token=${TOKEN}`,
    `casike://auth:80/magic-link?token=${TOKEN}`,
    ` casike://auth/magic-link?token=${TOKEN}`,
    `casike://auth/magic-link?token=${TOKEN}\n`,
    `casike://auth/magic-\tlink?token=${TOKEN}`,
    `casike://auth/magic-link?token=${TOKEN.slice(0, 10)}\u0000${TOKEN}`,
    `casike://аuth/magic-link?token=${TOKEN}`, // Cyrillic "а"
    '',
  ])('refuses %j', (raw) => {
    expect(parseDeepLink(raw)).toBeNull();
  });

  it('refuses non-strings and over-long links', () => {
    expect(parseDeepLink(undefined)).toBeNull();
    expect(parseDeepLink(new URL(`casike://auth/magic-link?token=${TOKEN}`))).toBeNull();
    expect(parseDeepLink(`casike://auth/magic-link?token=${TOKEN}${'a'.repeat(2100)}`)).toBeNull();
  });

  it('never throws, and whatever it accepts is one of the four shapes', () => {
    const kinds = new Set(['auth.callback', 'auth.error', 'auth.magicLink', 'billing.return']);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.webUrl().map((u) => u.replace(/^https?/, 'casike')),
          fc
            .tuple(
              fc.constantFrom('auth/callback', 'auth/magic-link', 'billing/return'),
              fc.string(),
            )
            .map(([route, query]) => `casike://${route}?${query}`),
        ),
        (raw) => {
          const link = parseDeepLink(raw);
          if (link !== null) expect(kinds.has(link.kind)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('deepLinkFromArgv', () => {
  const link = `casike://auth/magic-link?token=${TOKEN}`;

  it('finds the one link among the arguments a second instance was started with', () => {
    expect(deepLinkFromArgv(['/opt/Casike/casike', '--no-sandbox-is-ignored', link])).toMatchObject(
      { kind: 'auth.magicLink' },
    );
    expect(deepLinkFromArgv(['C:\\Casike\\Casike.exe', '--', link])).toMatchObject({
      kind: 'auth.magicLink',
    });
  });

  it('finds nothing without a link, and refuses two links or an invalid one', () => {
    expect(deepLinkFromArgv(['/opt/Casike/casike'])).toBeNull();
    expect(deepLinkFromArgv(['casike', link, link])).toBeNull();
    expect(deepLinkFromArgv(['casike', 'casike://vault/export?to=/tmp'])).toBeNull();
  });
});

describe('DeepLinkInbox', () => {
  const magic: DeepLink = { kind: 'auth.magicLink', token: TOKEN };

  it('routes a link to the handler of its kind', () => {
    const inbox = new DeepLinkInbox();
    const auth = vi.fn();
    const billing = vi.fn();
    inbox.onLink('auth.magicLink', auth);
    inbox.onLink('billing.return', billing);
    inbox.deliver(magic);
    expect(auth).toHaveBeenCalledExactlyOnceWith(magic);
    expect(billing).not.toHaveBeenCalled();
  });

  it('keeps a link that came first for its handler, but not once it is stale', () => {
    let now = 1_000;
    const inbox = new DeepLinkInbox(() => now);
    inbox.deliver(magic);
    const early = vi.fn();
    inbox.onLink('auth.magicLink', early);
    expect(early).toHaveBeenCalledExactlyOnceWith(magic);

    const stale = new DeepLinkInbox(() => now);
    stale.deliver({ kind: 'billing.return', status: 'success' });
    now += DEEP_LINK_MAX_AGE_MS + 1;
    const late = vi.fn();
    stale.onLink('billing.return', late);
    expect(late).not.toHaveBeenCalled();
  });
});
