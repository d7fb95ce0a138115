import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/*
 * A real OpenID Provider (node-oidc-provider 9) on 127.0.0.1 for the sign-in tests. Its
 * login page is replaced by an automatic one: whoever `nextAccount` names is signed in
 * and consents, so a test drives the whole browser leg with plain HTTP requests
 * (`browse`), following redirects and keeping the provider's cookies like a browser.
 */

export interface FakeAccount {
  sub: string;
  email: string;
  emailVerified: boolean;
}

export interface FakeOidc {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who signs in at the next login prompt. */
  nextAccount: FakeAccount;
  /** Plays the browser from the authorization URL to the redirect back to the device. */
  browse(authorizationUrl: string, stopAt: string): Promise<string>;
  close(): Promise<void>;
}

export async function startFakeOidc(): Promise<FakeOidc> {
  const clientId = 'casike-desktop';
  const clientSecret = 'fake-oidc-client-secret-0123456789';
  const accounts = new Map<string, FakeAccount>();
  const state: { next: FakeAccount } = {
    next: { sub: 'alice', email: 'alice@example.test', emailVerified: true },
  };

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        application_type: 'native',
        redirect_uris: ['http://127.0.0.1/callback', 'casike://auth/oidc'],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    features: { devInteractions: { enabled: false } },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    cookies: { keys: ['fake-oidc-cookie-key'] },
    findAccount: (_ctx: unknown, sub: string) => {
      const account = accounts.get(sub);
      if (account === undefined) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, email: account.email, email_verified: account.emailVerified }),
      };
    },
  });
  const handle = provider.callback();

  server.on('request', (req, res) => {
    const url = req.url ?? '/';
    if (!url.startsWith('/interaction/')) {
      handle(req, res);
      return;
    }
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      const account = state.next;
      accounts.set(account.sub, account);
      const grant = new provider.Grant({ accountId: account.sub, clientId });
      grant.addOIDCScope('openid email');
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: account.sub }, consent: { grantId }, prompt: details.prompt.name },
        { mergeWithLastSubmission: false },
      );
    })().catch(() => {
      res.statusCode = 500;
      res.end('interaction failed');
    });
  });

  return {
    issuer,
    clientId,
    clientSecret,
    get nextAccount() {
      return state.next;
    },
    set nextAccount(account: FakeAccount) {
      state.next = account;
    },
    async browse(authorizationUrl, stopAt) {
      const jar = new Map<string, string>();
      let url = authorizationUrl;
      for (let hop = 0; hop < 20; hop++) {
        if (url.startsWith(stopAt)) return url;
        const res = await fetch(url, {
          redirect: 'manual',
          headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
        });
        for (const line of res.headers.getSetCookie()) {
          const [pair = ''] = line.split(';');
          const eq = pair.indexOf('=');
          jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
        }
        const location = res.headers.get('location');
        if (location === null)
          throw new Error(`browser stopped at ${res.status} ${url}: ${await res.text()}`);
        url = new URL(location, url).href;
      }
      throw new Error('too many redirects');
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
