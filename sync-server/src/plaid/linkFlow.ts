import type { CountryCode, PlaidApi, Products } from 'plaid';
import { z } from 'zod';

/*
 * The Plaid side of Hosted Link: creating a link token (only the transactions product;
 * balances come with it) and reading a finished session's public tokens from
 * /link/token/get. The same results also arrive in the LINK/SESSION_FINISHED webhook; the
 * client's exchange call reads them here either way, so linking completes even when the
 * webhook cannot reach this server (a laptop without a public URL).
 */

// The SDK's enums are values of a module loaded lazily (plaidClient.ts); these are the same
// strings, checked against the enums' types.
const TRANSACTIONS = 'transactions' satisfies `${Products}`;
const COUNTRIES = ['US', 'CA'] satisfies `${CountryCode}`[];

export interface CreatedLinkToken {
  linkToken: string;
  hostedLinkUrl: string;
  expiration: Date;
}

export async function createLinkToken(
  plaid: PlaidApi,
  options: { userId: string; webhookUrl: string; accessToken?: string },
): Promise<CreatedLinkToken> {
  const response = await plaid.linkTokenCreate({
    user: { client_user_id: options.userId },
    client_name: 'Casike',
    language: 'en',
    country_codes: COUNTRIES as CountryCode[],
    webhook: options.webhookUrl,
    hosted_link: {},
    // Update mode (reconnect) names the item by its token and asks for no product.
    ...(options.accessToken === undefined
      ? { products: [TRANSACTIONS as Products], transactions: { days_requested: 730 } }
      : { access_token: options.accessToken }),
  });
  const data = z
    .object({ link_token: z.string(), expiration: z.string(), hosted_link_url: z.string() })
    .parse(response.data);
  return {
    linkToken: data.link_token,
    hostedLinkUrl: data.hosted_link_url,
    expiration: new Date(data.expiration),
  };
}

const Institution = z
  .object({ institution_id: z.string().nullish(), name: z.string().nullish() })
  .nullish();

const Session = z.object({
  finished_at: z.string().nullish(),
  on_success: z
    .object({
      public_token: z.string(),
      metadata: z.object({ institution: Institution }).nullish(),
    })
    .nullish(),
  exit: z.unknown().nullish(),
  results: z
    .object({
      item_add_results: z
        .array(z.object({ public_token: z.string(), institution: Institution }))
        .nullish(),
    })
    .nullish(),
});

export interface LinkedInstitution {
  publicToken: string;
  institutionId: string | null;
  institutionName: string | null;
}

export type LinkOutcome =
  { state: 'pending' } | { state: 'exited' } | { state: 'success'; results: LinkedInstitution[] };

/** What the user did in Hosted Link so far. */
export async function readLinkOutcome(plaid: PlaidApi, linkToken: string): Promise<LinkOutcome> {
  const response = await plaid.linkTokenGet({ link_token: linkToken });
  const sessions =
    z.object({ link_sessions: z.array(Session).nullish() }).parse(response.data).link_sessions ??
    [];
  const byToken = new Map<string, LinkedInstitution>();
  let finishedWithout = false;
  for (const s of sessions) {
    for (const r of s.results?.item_add_results ?? []) {
      byToken.set(r.public_token, {
        publicToken: r.public_token,
        institutionId: r.institution?.institution_id ?? null,
        institutionName: r.institution?.name ?? null,
      });
    }
    if (s.on_success != null && !byToken.has(s.on_success.public_token)) {
      const inst = s.on_success.metadata?.institution;
      byToken.set(s.on_success.public_token, {
        publicToken: s.on_success.public_token,
        institutionId: inst?.institution_id ?? null,
        institutionName: inst?.name ?? null,
      });
    }
    if (
      s.finished_at != null &&
      s.on_success == null &&
      (s.results?.item_add_results ?? []).length === 0
    )
      finishedWithout = true;
  }
  if (byToken.size > 0) return { state: 'success', results: [...byToken.values()] };
  return finishedWithout ? { state: 'exited' } : { state: 'pending' };
}

/** Update mode finishes without a new public token: success is a finished session that did not exit. */
export async function updateModeSucceeded(
  plaid: PlaidApi,
  linkToken: string,
): Promise<LinkOutcome> {
  const response = await plaid.linkTokenGet({ link_token: linkToken });
  const sessions =
    z.object({ link_sessions: z.array(Session).nullish() }).parse(response.data).link_sessions ??
    [];
  const finished = sessions.filter((s) => s.finished_at != null);
  if (finished.some((s) => s.exit == null)) return { state: 'success', results: [] };
  return finished.length > 0 ? { state: 'exited' } : { state: 'pending' };
}
