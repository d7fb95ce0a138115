import { createHmac, randomBytes } from 'node:crypto';
import { startFakeHttp, type FakeRequest, type FakeResponse } from './_http';

/*
 * A fake Stripe on 127.0.0.1 speaking Stripe's wire format (form-encoded bodies with
 * bracket keys, bearer secret key, Idempotency-Key, Stripe's error body), so the official
 * `stripe` SDK is what the tests exercise. It keeps customers, Checkout and portal
 * sessions and subscriptions, and delivers events signed like Stripe's
 * (`Stripe-Signature: t=<unix>,v1=<HMAC-SHA256(secret, "<t>.<body>")>`).
 */

type Json = Record<string, unknown>;

export interface StripeEvent {
  id: string;
  object: 'event';
  type: string;
  created: number;
  data: { object: Json };
  [extra: string]: unknown;
}

const id = (prefix: string) =>
  `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;

/** Parses Stripe's form encoding (`a[b][0][c]=v`) into nested objects and arrays. */
export function parseStripeForm(body: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.replace(/\]/g, '').split('[');
    let node: Record<string, unknown> | unknown[] = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const container = node as Record<string, unknown>;
      if (last) {
        container[part] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(parts[i + 1] ?? '');
      container[part] ??= nextIsIndex ? [] : {};
      node = container[part] as Record<string, unknown>;
    });
  }
  return root;
}

function stripeError(status: number, message: string, code?: string): FakeResponse {
  return {
    status,
    body: {
      error: { type: 'invalid_request_error', message, ...(code === undefined ? {} : { code }) },
    },
  };
}

export class FakeStripe {
  url = '';
  readonly customers = new Map<string, Json>();
  readonly checkoutSessions = new Map<string, Json>();
  readonly subscriptions = new Map<string, Json>();
  readonly portalSessions: Json[] = [];
  readonly calls: { method: string; path: string; body: Json }[] = [];
  private readonly idempotent = new Map<string, FakeResponse>();
  private closeServer: () => Promise<void> = () => Promise.resolve();

  private constructor(
    readonly secretKey: string,
    readonly webhookSecret: string,
    private readonly clock: () => Date,
  ) {}

  static async start(
    options: { secretKey?: string; webhookSecret?: string; clock?: () => Date } = {},
  ): Promise<FakeStripe> {
    const fake = new FakeStripe(
      options.secretKey ?? `sk_test_${randomBytes(16).toString('hex')}`,
      options.webhookSecret ?? `whsec_${randomBytes(24).toString('base64url')}`,
      options.clock ?? (() => new Date()),
    );
    const running = await startFakeHttp((r) => fake.handle(r));
    fake.url = running.url;
    fake.closeServer = () => running.close();
    return fake;
  }

  close(): Promise<void> {
    return this.closeServer();
  }

  private now(): number {
    return Math.floor(this.clock().getTime() / 1000);
  }

  event(type: string, object: Json): StripeEvent {
    return {
      id: id('evt'),
      object: 'event',
      api_version: '2026-10-28.endive',
      created: this.now(),
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
  }

  private invoice(subscription: Json): Json {
    return {
      id: id('in'),
      object: 'invoice',
      customer: subscription.customer,
      status: 'paid',
      amount_paid: 500,
      currency: 'usd',
      parent: {
        type: 'subscription_details',
        quote_details: null,
        subscription_details: { metadata: {}, subscription: subscription.id },
      },
    };
  }

  /**
   * The customer pays on the Checkout page: a subscription appears and Stripe would send
   * these events (in this order, though delivery order is not guaranteed).
   */
  completeCheckout(
    sessionId: string,
    status = 'active',
  ): { subscription: Json; events: StripeEvent[] } {
    const session = this.checkoutSessions.get(sessionId);
    if (session === undefined) throw new Error('unknown checkout session');
    const price = ((session.line_items as Json[] | undefined)?.[0]?.price as string) ?? 'price_x';
    const subscription: Json = {
      id: id('sub'),
      object: 'subscription',
      customer: session.customer,
      status,
      cancel_at_period_end: false,
      created: this.now(),
      items: {
        object: 'list',
        data: [
          {
            id: id('si'),
            object: 'subscription_item',
            price: { id: price, object: 'price', currency: 'usd', unit_amount: 500 },
            quantity: 1,
            current_period_start: this.now(),
            current_period_end: this.now() + 30 * 86_400,
          },
        ],
        has_more: false,
      },
      metadata: {},
    };
    this.subscriptions.set(subscription.id as string, subscription);
    Object.assign(session, {
      status: 'complete',
      subscription: subscription.id,
      payment_status: 'paid',
    });
    return {
      subscription,
      events: [
        this.event('checkout.session.completed', session),
        this.event('customer.subscription.created', subscription),
        this.event('invoice.paid', this.invoice(subscription)),
      ],
    };
  }

  /** Stripe changes the subscription (a failed renewal, a cancellation); returns the event. */
  setStatus(subscriptionId: string, status: string, extra: Json = {}): StripeEvent {
    const subscription = this.subscriptions.get(subscriptionId);
    if (subscription === undefined) throw new Error('unknown subscription');
    Object.assign(subscription, { status, ...extra });
    if (status === 'canceled') return this.event('customer.subscription.deleted', subscription);
    if (status === 'past_due')
      return this.event('invoice.payment_failed', {
        ...this.invoice(subscription),
        status: 'open',
      });
    return this.event('customer.subscription.updated', subscription);
  }

  /** The Stripe-Signature header for `payload` at `timestamp` (default now). */
  signature(payload: string, options: { timestamp?: number; secret?: string } = {}): string {
    const t = options.timestamp ?? this.now();
    const v1 = createHmac('sha256', options.secret ?? this.webhookSecret)
      .update(`${t}.${payload}`)
      .digest('hex');
    return `t=${t},v1=${v1}`;
  }

  /** POSTs an event like Stripe does; returns the HTTP status. */
  async deliver(
    targetUrl: string,
    event: StripeEvent,
    options: { timestamp?: number; secret?: string; tamper?: boolean } = {},
  ): Promise<number> {
    const payload = JSON.stringify(event, null, 2);
    const header = this.signature(payload, options);
    const response = await fetch(targetUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': header },
      body: options.tamper ? payload.replace('"livemode": false', '"livemode": true') : payload,
    });
    return response.status;
  }

  private handle(request: FakeRequest): FakeResponse {
    if (request.headers.authorization !== `Bearer ${this.secretKey}`)
      return {
        status: 401,
        body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } },
      };
    const body = parseStripeForm(request.body);
    this.calls.push({ method: request.method, path: request.path, body });
    const key = request.headers['idempotency-key'];
    const cacheKey =
      typeof key === 'string' ? `${request.method} ${request.path} ${key}` : undefined;
    if (cacheKey !== undefined) {
      const seen = this.idempotent.get(cacheKey);
      if (seen !== undefined) return seen;
    }
    const response = this.route(request, body);
    if (cacheKey !== undefined && request.method === 'POST')
      this.idempotent.set(cacheKey, response);
    return response;
  }

  private route(request: FakeRequest, body: Json): FakeResponse {
    const ok = (data: Json): FakeResponse => ({ status: 200, body: data });
    const m = `${request.method} ${request.path}`;
    if (m === 'POST /v1/customers') {
      const customer = {
        id: id('cus'),
        object: 'customer',
        email: body.email ?? null,
        metadata: body.metadata ?? {},
        created: this.now(),
      };
      this.customers.set(customer.id, customer);
      return ok(customer);
    }
    if (m === 'POST /v1/checkout/sessions') {
      if (body.mode !== 'subscription') return stripeError(400, 'mode must be subscription here');
      if (typeof body.customer !== 'string' || !this.customers.has(body.customer))
        return stripeError(400, `No such customer: '${String(body.customer)}'`, 'resource_missing');
      const session = {
        id: id('cs_test'),
        object: 'checkout.session',
        mode: 'subscription',
        customer: body.customer,
        client_reference_id: body.client_reference_id ?? null,
        line_items: body.line_items,
        success_url: body.success_url,
        cancel_url: body.cancel_url,
        status: 'open',
        payment_status: 'unpaid',
        subscription: null,
        url: '',
      };
      session.url = `${this.url}/c/pay/${session.id}`;
      this.checkoutSessions.set(session.id, session);
      return ok(session);
    }
    if (m === 'POST /v1/billing_portal/sessions') {
      if (typeof body.customer !== 'string' || !this.customers.has(body.customer))
        return stripeError(400, `No such customer: '${String(body.customer)}'`, 'resource_missing');
      const session = {
        id: id('bps'),
        object: 'billing_portal.session',
        customer: body.customer,
        return_url: body.return_url,
        url: `${this.url}/p/session/${id('x')}`,
      };
      this.portalSessions.push(session);
      return ok(session);
    }
    const sub = /^\/v1\/subscriptions\/([A-Za-z0-9_]+)$/.exec(request.path);
    if (sub?.[1] !== undefined) {
      const subscription = this.subscriptions.get(sub[1]);
      if (subscription === undefined)
        return stripeError(404, `No such subscription: '${sub[1]}'`, 'resource_missing');
      if (request.method === 'GET') return ok(subscription);
      if (request.method === 'DELETE') {
        Object.assign(subscription, { status: 'canceled', canceled_at: this.now() });
        return ok(subscription);
      }
    }
    return stripeError(404, `Unrecognized request URL (${m})`);
  }
}
