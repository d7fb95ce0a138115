import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeStripe } from '../../../sync-server/test/fakes/fakeStripe';

/*
 * Test-only: the real sync server (`sync-server/src/main.ts`, embedded PGlite in a temp
 * folder) as a child process on 127.0.0.1, and a TCP proxy in front of it that tests use
 * to play a bad network or a malicious server: drop connections mid-upload, flip a byte
 * in what the server sends, swap one backup id for another in what the client asks,
 * and record every byte the client sends (what the server stores).
 *
 * The server is wired to the fake Stripe (unless the caller brings its own), so a test of
 * a paid cloud feature (backups, bank sync, AI relay) subscribes its user the real way:
 * Checkout, then Stripe's signed webhooks (`subscribe`, `setSubscriptionStatus`).
 */

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface _TestServer {
  url: string;
  /** The sign-in token of the newest mail to `email` (the server prints mail without SMTP). */
  tokenFor(email: string): Promise<string>;
  output(): string;
  /**
   * Gives an account an active subscription through Checkout and Stripe's webhooks;
   * returns the subscription id. Given an access token (a vault's session), Checkout is
   * called with it; given an email (signed in by the test, e.g. through the CLI), it signs
   * in a session of its own for the call and signs it out again.
   */
  subscribe(who: string | { accessToken: string }): Promise<string>;
  /** Stripe changes the subscription (`canceled`, `past_due`, …) and tells the server. */
  setSubscriptionStatus(subscriptionId: string, status: string): Promise<void>;
  close(): Promise<void>;
}

const PRICE_ID = 'price_cloud_test';

const mailsTo = (output: string, email: string): string[] =>
  output.split('--- development mail').filter((m) => m.includes(`To: ${email}`));

async function postJson(
  url: string,
  body: unknown,
  accessToken?: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(accessToken === undefined ? {} : { authorization: `Bearer ${accessToken}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

export async function _startServer(env: Record<string, string> = {}): Promise<_TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'casike-server-'));
  const port = await freePort();
  // The caller's own fake Stripe (bank tests) wins; otherwise one of ours.
  const stripe = env.STRIPE_SECRET_KEY === undefined ? await FakeStripe.start() : undefined;
  const stripeEnv: Record<string, string> =
    stripe === undefined
      ? {}
      : {
          STRIPE_SECRET_KEY: stripe.secretKey,
          STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
          STRIPE_PRICE_ID: PRICE_ID,
          STRIPE_API_URL: stripe.url,
        };
  let out = '';
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO, 'sync-server/src/main.ts')],
    {
      cwd: join(REPO, 'sync-server'),
      env: {
        ...process.env,
        DATABASE_URL: '',
        SMTP_URL: '',
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        CASIKE_SERVER_DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        ...stripeEnv,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 200_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stripe?.close();
      throw new Error(`sync server exited:\n${out}`);
    }
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`sync server did not start:\n${out}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const needStripe = (): FakeStripe => {
    if (stripe === undefined)
      throw new Error('this server uses the caller’s fake Stripe; subscribe through it');
    return stripe;
  };
  const deliverAll = async (events: Parameters<FakeStripe['deliver']>[1][]) => {
    for (const event of events) {
      const status = await needStripe().deliver(`${url}/webhooks/stripe`, event);
      if (status !== 200) throw new Error(`the server refused a Stripe webhook (${status})`);
    }
  };
  /** A session of its own for `email` (by magic link); returns its access token. */
  const signInAs = async (email: string): Promise<string> => {
    const verifier = randomBytes(32).toString('base64url');
    const before = mailsTo(out, email).length;
    const asked = await postJson(`${url}/v1/auth/magic-link`, {
      email,
      codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
      codeChallengeMethod: 'S256',
      deviceName: 'Test billing helper',
    });
    if (asked.status !== 202) throw new Error(`magic link refused (${asked.status})`);
    let token: string | undefined;
    for (let i = 0; i < 50 && token === undefined; i += 1) {
      const mails = mailsTo(out, email);
      if (mails.length > before) token = /\bcml_[A-Za-z0-9_-]{43}\b/.exec(mails.at(-1) ?? '')?.[0];
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (token === undefined) throw new Error(`no sign-in mail for ${email}`);
    const signedIn = await postJson(`${url}/v1/auth/magic-link/verify`, {
      token,
      codeVerifier: verifier,
    });
    const accessToken = signedIn.json.accessToken;
    if (typeof accessToken !== 'string')
      throw new Error(`helper sign-in failed (${signedIn.status}): is MFA on for ${email}?`);
    return accessToken;
  };
  return {
    url,
    output: () => out,
    async subscribe(who) {
      const fake = needStripe();
      const own = typeof who === 'string' ? await signInAs(who) : undefined;
      const accessToken = own ?? (who as { accessToken: string }).accessToken;
      const checkout = await postJson(`${url}/v1/billing/checkout`, undefined, accessToken);
      if (checkout.status !== 200) throw new Error(`checkout refused (${checkout.status})`);
      const sessionId = [...fake.checkoutSessions.keys()].at(-1);
      if (sessionId === undefined) throw new Error('no checkout session');
      const { subscription, events } = fake.completeCheckout(sessionId);
      await deliverAll(events);
      if (own !== undefined) await postJson(`${url}/v1/auth/sign-out`, undefined, own);
      return subscription.id as string;
    },
    async setSubscriptionStatus(subscriptionId, status) {
      await deliverAll([needStripe().setStatus(subscriptionId, status)]);
    },
    async tokenFor(email) {
      for (let i = 0; i < 50; i += 1) {
        const mails = mailsTo(out, email);
        const token = /\bcml_[A-Za-z0-9_-]{43}\b/.exec(mails.at(-1) ?? '')?.[0];
        if (token !== undefined) return token;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no sign-in mail for ${email}`);
    },
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await stripe?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type _ProxyMode =
  | { kind: 'pass' }
  /** Cut the connection once this many more request bytes have gone through, once. */
  | { kind: 'dropAfter'; bytes: number }
  /** Refuse every connection (the network is down). */
  | { kind: 'down' }
  /** Flip one byte deep inside the next large response body. */
  | { kind: 'flipResponse' }
  /** Replace one id with another (same length) in requests. */
  | { kind: 'swapId'; from: string; to: string };

export interface _Proxy {
  url: string;
  mode: _ProxyMode;
  /** Every byte clients sent through the proxy. */
  sent: Buffer[];
  close(): Promise<void>;
}

export async function _startProxy(target: string): Promise<_Proxy> {
  const { port: targetPort } = new URL(target);
  const sockets = new Set<Socket>();
  const proxy: _Proxy = {
    url: '',
    mode: { kind: 'pass' },
    sent: [],
    close: () => Promise.resolve(),
  };
  const server: Server = createServer((client) => {
    sockets.add(client);
    if (proxy.mode.kind === 'down') {
      client.destroy();
      return;
    }
    const upstream = new Socket();
    sockets.add(upstream);
    upstream.connect(Number(targetPort), '127.0.0.1');
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      const mode = proxy.mode;
      let data = chunk;
      if (mode.kind === 'swapId')
        data = Buffer.from(chunk.toString('latin1').split(mode.from).join(mode.to), 'latin1');
      if (mode.kind === 'dropAfter') {
        if (data.length >= mode.bytes) {
          proxy.mode = { kind: 'pass' };
          upstream.write(data.subarray(0, Math.max(0, mode.bytes - 1)));
          proxy.sent.push(data.subarray(0, Math.max(0, mode.bytes - 1)));
          cut();
          return;
        }
        mode.bytes -= data.length;
      }
      if (proxy.mode.kind === 'down') {
        cut();
        return;
      }
      proxy.sent.push(Buffer.from(data));
      upstream.write(data);
    });
    upstream.on('data', (chunk: Buffer) => {
      let data = chunk;
      if (proxy.mode.kind === 'flipResponse' && chunk.length > 4096) {
        data = Buffer.from(chunk);
        const at = data.length - 200;
        data[at] = (data[at] ?? 0) ^ 0x01;
        proxy.mode = { kind: 'pass' };
      }
      client.write(data);
    });
    client.on('error', cut);
    upstream.on('error', cut);
    client.on('close', () => {
      upstream.destroy();
      sockets.delete(client);
    });
    upstream.on('close', () => {
      client.destroy();
      sockets.delete(upstream);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  proxy.url = `http://127.0.0.1:${address.port}`;
  proxy.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}
