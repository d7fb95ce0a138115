import { createHash, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { startFakeHttp, type FakeRequest, type FakeResponse } from './_http';

/*
 * A fake Plaid on 127.0.0.1 that speaks Plaid's wire format (JSON POSTs, PLAID-CLIENT-ID /
 * PLAID-SECRET headers, Plaid's error body), so the official `plaid` SDK is what the tests
 * exercise. It covers Hosted Link (link token create/get), public token exchange,
 * /transactions/sync with cursors and pages, balances, /item/remove, webhook verification
 * keys, /sandbox/public_token/create, error injection and ES256-signed webhooks.
 */

export interface FakeTransaction {
  transaction_id: string;
  account_id: string;
  amount: number;
  iso_currency_code: string | null;
  unofficial_currency_code: string | null;
  date: string;
  authorized_date: string | null;
  name: string;
  merchant_name: string | null;
  pending: boolean;
  pending_transaction_id: string | null;
  personal_finance_category: { primary: string; detailed: string; confidence_level: string } | null;
  payment_channel: string;
  [extra: string]: unknown;
}

export interface SyncPage {
  added?: FakeTransaction[];
  modified?: FakeTransaction[];
  removed?: { transaction_id: string; account_id: string }[];
}

interface FakeItem {
  itemId: string;
  accessToken: string;
  institution: { institution_id: string; name: string };
  accounts: ReturnType<typeof defaultAccounts>;
  pages: SyncPage[];
  removed: boolean;
}

interface FakeLinkToken {
  token: string;
  request: Record<string, unknown>;
  createdAt: string;
  expiration: string;
  sessions: Record<string, unknown>[];
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
  createdAt: number;
  expiredAt: number | null;
}

export interface WebhookSignOptions {
  /** "none" or "HS256" make a header with that algorithm instead of ES256. */
  alg?: 'ES256' | 'none' | 'HS256';
  kid?: string;
  /** Sign with a key Plaid marked expired. */
  expiredKey?: boolean;
  /** Seconds added to now for iat (negative = older). */
  iatOffset?: number;
  /** Claim this body hash instead of the real one. */
  bodyHash?: string;
  /** Sign with a key Plaid never published under this kid (wrong signature). */
  forgeKey?: boolean;
}

export function defaultAccounts(itemId: string) {
  const suffix = itemId.slice(-6);
  return [
    {
      account_id: `acc-chk-${suffix}`,
      name: 'Plaid Checking',
      official_name: 'Plaid Gold Standard 0% Interest Checking',
      mask: '0000',
      type: 'depository',
      subtype: 'checking',
      balances: {
        available: 100.12,
        current: 110.94,
        limit: null,
        iso_currency_code: 'USD',
        unofficial_currency_code: null,
      },
    },
    {
      account_id: `acc-cc-${suffix}`,
      name: 'Plaid Credit Card',
      official_name: 'Plaid Diamond 12.5% APR Interest Credit Card',
      mask: '3333',
      type: 'credit',
      subtype: 'credit card',
      balances: {
        available: null,
        current: 410.5,
        limit: 2000,
        iso_currency_code: 'USD',
        unofficial_currency_code: null,
      },
    },
  ];
}

/** A transaction object shaped like Plaid's, with the fields a real one carries. */
export function plaidTransaction(
  fields: Partial<FakeTransaction> &
    Pick<FakeTransaction, 'transaction_id' | 'account_id' | 'amount'>,
): FakeTransaction {
  return {
    account_owner: null,
    authorized_date: fields.date ?? '2026-02-20',
    authorized_datetime: null,
    category: null,
    category_id: null,
    check_number: null,
    counterparties: [],
    date: '2026-02-20',
    datetime: null,
    iso_currency_code: 'USD',
    location: {
      address: null,
      city: null,
      region: null,
      postal_code: null,
      country: null,
      lat: null,
      lon: null,
      store_number: null,
    },
    logo_url: null,
    merchant_entity_id: null,
    merchant_name: null,
    name: 'Purchase',
    payment_channel: 'in store',
    payment_meta: {
      by_order_of: null,
      payee: null,
      payer: null,
      payment_method: null,
      payment_processor: null,
      ppd_id: null,
      reason: null,
      reference_number: null,
    },
    pending: false,
    pending_transaction_id: null,
    personal_finance_category: {
      primary: 'GENERAL_MERCHANDISE',
      detailed: 'GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE',
      confidence_level: 'HIGH',
    },
    personal_finance_category_icon_url:
      'https://plaid-category-icons.plaid.com/PFC_GENERAL_MERCHANDISE.png',
    transaction_code: null,
    transaction_type: 'place',
    unofficial_currency_code: null,
    website: null,
    ...fields,
  };
}

function plaidError(status: number, type: string, code: string, message: string): FakeResponse {
  return {
    status,
    body: {
      error_type: type,
      error_code: code,
      error_message: message,
      display_message: null,
      request_id: randomUUID(),
      causes: [],
      status,
      documentation_url: 'https://plaid.com/docs/errors/',
      suggested_action: null,
    },
  };
}

export class FakePlaid {
  url = '';
  readonly calls: { path: string; body: Record<string, unknown> }[] = [];
  readonly linkTokens = new Map<string, FakeLinkToken>();
  readonly items = new Map<string, FakeItem>();
  private readonly publicTokens = new Map<string, { itemId: string; used: boolean }>();
  private readonly byAccessToken = new Map<string, string>();
  private readonly injected = new Map<string, { type: string; code: string; skip: number }[]>();
  private readonly keys = new Map<string, SigningKey>();
  private currentKid = '';
  private closeServer: () => Promise<void> = () => Promise.resolve();

  private constructor(
    readonly clientId: string,
    readonly secret: string,
    private readonly clock: () => Date,
  ) {}

  static async start(
    options: { clientId?: string; secret?: string; clock?: () => Date } = {},
  ): Promise<FakePlaid> {
    const fake = new FakePlaid(
      options.clientId ?? 'fake-client-id',
      options.secret ?? 'fake-plaid-secret',
      options.clock ?? (() => new Date()),
    );
    fake.currentKid = await fake.addKey(null);
    await fake.addKey(Math.floor(fake.clock().getTime() / 1000) - 3600, 'expired-kid');
    const running = await startFakeHttp((r) => fake.handle(r));
    fake.url = running.url;
    fake.closeServer = () => running.close();
    return fake;
  }

  close(): Promise<void> {
    return this.closeServer();
  }

  private async addKey(expiredAt: number | null, kid: string = randomUUID()): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = await exportJWK(publicKey);
    this.keys.set(kid, {
      kid,
      privateKey,
      jwk,
      createdAt: Math.floor(this.clock().getTime() / 1000) - 86_400,
      expiredAt,
    });
    return kid;
  }

  /** A coming call to `path` (the next, or the one after `skip` more) fails with this error. */
  failNext(path: string, code: string, options: { type?: string; skip?: number } = {}): void {
    const queue = this.injected.get(path) ?? [];
    queue.push({ type: options.type ?? 'TRANSACTIONS_ERROR', code, skip: options.skip ?? 0 });
    this.injected.set(path, queue);
  }

  callsTo(path: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.path === path).map((c) => c.body);
  }

  private newItem(institution: { institution_id: string; name: string }): FakeItem {
    const itemId = `item-${randomUUID()}`;
    const item: FakeItem = {
      itemId,
      accessToken: `access-sandbox-${randomUUID()}`,
      institution,
      accounts: defaultAccounts(itemId),
      pages: [],
      removed: false,
    };
    this.items.set(itemId, item);
    this.byAccessToken.set(item.accessToken, itemId);
    return item;
  }

  private newPublicToken(itemId: string): string {
    const token = `public-sandbox-${randomUUID()}`;
    this.publicTokens.set(token, { itemId, used: false });
    return token;
  }

  /**
   * The user finishes Hosted Link for `linkToken`. Returns the new item (none in update
   * mode or on exit) and the LINK/SESSION_FINISHED webhook body Plaid would send.
   */
  completeHostedLink(
    linkToken: string,
    options: { exit?: boolean; institution?: { institution_id: string; name: string } } = {},
  ): { item: FakeItem | undefined; webhook: Record<string, unknown> } {
    const link = this.linkTokens.get(linkToken);
    if (link === undefined) throw new Error('unknown link token');
    const sessionId = randomUUID();
    const now = this.clock().toISOString();
    const update = typeof link.request.access_token === 'string';
    let item: FakeItem | undefined;
    let publicToken: string | undefined;
    if (!options.exit && !update) {
      item = this.newItem(
        options.institution ?? { institution_id: 'ins_109508', name: 'First Platypus Bank' },
      );
      publicToken = this.newPublicToken(item.itemId);
    }
    const institution = item === undefined ? null : item.institution;
    link.sessions.push({
      link_session_id: sessionId,
      started_at: now,
      finished_at: now,
      // Update mode succeeds with a public token that needs no exchange.
      on_success: options.exit
        ? null
        : {
            public_token: publicToken ?? `public-sandbox-${randomUUID()}`,
            metadata: { institution, accounts: [], link_session_id: sessionId },
          },
      exit: options.exit
        ? { error: null, metadata: { status: 'requires_credentials', link_session_id: sessionId } }
        : null,
      results: {
        item_add_results:
          publicToken === undefined
            ? []
            : [{ public_token: publicToken, accounts: [], institution }],
        cra_item_add_results: [],
        cra_update_results: [],
        bank_income_results: [],
        payroll_income_results: [],
        document_income_results: null,
      },
    });
    const webhook = {
      webhook_type: 'LINK',
      webhook_code: 'SESSION_FINISHED',
      status: options.exit ? 'EXITED' : 'SUCCESS',
      link_session_id: sessionId,
      link_token: linkToken,
      public_tokens: publicToken === undefined ? [] : [publicToken],
      environment: 'sandbox',
    };
    return { item, webhook };
  }

  setPages(itemId: string, pages: SyncPage[]): void {
    const item = this.items.get(itemId);
    if (item === undefined) throw new Error('unknown item');
    item.pages = pages;
  }

  itemByAccessToken(token: string): FakeItem | undefined {
    const id = this.byAccessToken.get(token);
    return id === undefined ? undefined : this.items.get(id);
  }

  /** A Plaid-Verification header for `body`, with the given deviations. */
  async signWebhook(body: string, options: WebhookSignOptions = {}): Promise<string> {
    const alg = options.alg ?? 'ES256';
    const iat = Math.floor(this.clock().getTime() / 1000) + (options.iatOffset ?? 0);
    const claims = {
      iat,
      request_body_sha256: options.bodyHash ?? createHash('sha256').update(body).digest('hex'),
    };
    const kid = options.kid ?? (options.expiredKey ? 'expired-kid' : this.currentKid);
    if (alg === 'none') {
      const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
      return `${enc({ alg: 'none', kid, typ: 'JWT' })}.${enc(claims)}.`;
    }
    if (alg === 'HS256') {
      // The classic confusion attack: the public key's bytes used as an HMAC secret.
      const key = this.keys.get(this.currentKid);
      const secret = new TextEncoder().encode(JSON.stringify(key?.jwk));
      return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid, typ: 'JWT' }).sign(secret);
    }
    let signer = this.keys.get(kid)?.privateKey;
    if (options.forgeKey || signer === undefined)
      signer = (await generateKeyPair('ES256')).privateKey;
    return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' }).sign(signer);
  }

  /** POSTs a signed webhook the way Plaid does; returns the HTTP status. */
  async deliverWebhook(
    targetUrl: string,
    payload: Record<string, unknown>,
    options: WebhookSignOptions = {},
  ): Promise<number> {
    const body = JSON.stringify(payload, null, 2);
    const header = await this.signWebhook(body, options);
    const response = await fetch(targetUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'plaid-verification': header },
      body,
    });
    return response.status;
  }

  private handle(request: FakeRequest): FakeResponse {
    if (request.method !== 'POST')
      return plaidError(404, 'INVALID_REQUEST', 'NOT_FOUND', 'not found');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body === '' ? '{}' : request.body) as Record<string, unknown>;
    } catch {
      return plaidError(400, 'INVALID_REQUEST', 'INVALID_BODY', 'body is not JSON');
    }
    this.calls.push({ path: request.path, body });
    const clientId = request.headers['plaid-client-id'] ?? body.client_id;
    const secret = request.headers['plaid-secret'] ?? body.secret;
    if (clientId !== this.clientId || secret !== this.secret)
      return plaidError(
        400,
        'INVALID_INPUT',
        'INVALID_API_KEYS',
        'invalid client_id or secret provided',
      );
    const queue = this.injected.get(request.path);
    const head = queue?.[0];
    if (head !== undefined && head.skip > 0) head.skip -= 1;
    else if (head !== undefined) {
      queue?.shift();
      return plaidError(400, head.type, head.code, 'injected error');
    }

    const item = () => {
      const token = body.access_token;
      const found = typeof token === 'string' ? this.itemByAccessToken(token) : undefined;
      return found === undefined || found.removed ? undefined : found;
    };
    const invalidToken = () =>
      plaidError(
        400,
        'INVALID_INPUT',
        'INVALID_ACCESS_TOKEN',
        'provided access token is in an invalid format',
      );
    const ok = (data: Record<string, unknown>): FakeResponse => ({
      status: 200,
      body: { ...data, request_id: randomUUID() },
    });

    switch (request.path) {
      case '/link/token/create': {
        const token = `link-sandbox-${randomUUID()}`;
        const created = this.clock();
        const expiration = new Date(created.getTime() + 4 * 3600 * 1000).toISOString();
        this.linkTokens.set(token, {
          token,
          request: body,
          createdAt: created.toISOString(),
          expiration,
          sessions: [],
        });
        return ok({
          link_token: token,
          expiration,
          hosted_link_url: `${this.url}/hosted-link/${token.slice(-12)}`,
        });
      }
      case '/link/token/get': {
        const link =
          typeof body.link_token === 'string' ? this.linkTokens.get(body.link_token) : undefined;
        if (link === undefined)
          return plaidError(400, 'INVALID_INPUT', 'INVALID_LINK_TOKEN', 'invalid link_token');
        return ok({
          link_token: link.token,
          created_at: link.createdAt,
          expiration: link.expiration,
          metadata: {
            initial_products: link.request.products ?? [],
            webhook: link.request.webhook ?? null,
            country_codes: link.request.country_codes,
            language: link.request.language,
            account_filters: null,
            redirect_uri: null,
            client_name: link.request.client_name,
          },
          link_sessions: link.sessions,
        });
      }
      case '/sandbox/public_token/create': {
        const created = this.newItem({
          institution_id:
            typeof body.institution_id === 'string' ? body.institution_id : 'ins_109508',
          name: 'First Platypus Bank',
        });
        return ok({ public_token: this.newPublicToken(created.itemId) });
      }
      case '/item/public_token/exchange': {
        const entry =
          typeof body.public_token === 'string'
            ? this.publicTokens.get(body.public_token)
            : undefined;
        if (entry === undefined || entry.used)
          return plaidError(
            400,
            'INVALID_INPUT',
            'INVALID_PUBLIC_TOKEN',
            'provided public token is expired or already used',
          );
        entry.used = true;
        const found = this.items.get(entry.itemId);
        if (found === undefined) return invalidToken();
        return ok({ access_token: found.accessToken, item_id: found.itemId });
      }
      case '/item/remove': {
        const found = item();
        if (found === undefined) return invalidToken();
        found.removed = true;
        return ok({});
      }
      case '/accounts/balance/get':
      case '/accounts/get': {
        const found = item();
        if (found === undefined) return invalidToken();
        return ok({
          accounts: found.accounts,
          item: { item_id: found.itemId, institution_id: found.institution.institution_id },
        });
      }
      case '/transactions/sync': {
        const found = item();
        if (found === undefined) return invalidToken();
        const cursor =
          typeof body.cursor === 'string' && body.cursor !== ''
            ? body.cursor
            : `c0-${found.itemId}`;
        const match = /^c(\d+)-/.exec(cursor);
        if (match?.[1] === undefined || !cursor.endsWith(found.itemId))
          return plaidError(400, 'INVALID_INPUT', 'INVALID_FIELD', 'cursor is invalid');
        const index = Number(match[1]);
        const page = found.pages[index];
        const next = page === undefined ? index : index + 1;
        return ok({
          accounts: found.accounts,
          added: page?.added ?? [],
          modified: page?.modified ?? [],
          removed: page?.removed ?? [],
          next_cursor: `c${next}-${found.itemId}`,
          has_more: next < found.pages.length,
          transactions_update_status: 'HISTORICAL_UPDATE_COMPLETE',
        });
      }
      case '/webhook_verification_key/get': {
        const key = typeof body.key_id === 'string' ? this.keys.get(body.key_id) : undefined;
        if (key === undefined)
          return plaidError(
            400,
            'INVALID_INPUT',
            'INVALID_WEBHOOK_VERIFICATION_KEY_ID',
            'invalid key_id provided',
          );
        return ok({
          key: {
            ...key.jwk,
            alg: 'ES256',
            kid: key.kid,
            use: 'sig',
            created_at: key.createdAt,
            expired_at: key.expiredAt,
          },
        });
      }
      default:
        return plaidError(404, 'INVALID_REQUEST', 'NOT_FOUND', `unknown route ${request.path}`);
    }
  }
}
