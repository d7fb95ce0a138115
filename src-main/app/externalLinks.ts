// Which links may leave the app for the user's browser. The renderer can never navigate
// itself (hardening.ts); a click on an allowed link opens the system browser instead, and
// anything else is dropped. An allowlist, not a blocklist: a compromised renderer must not
// be able to send the user to a phishing page, or make the OS open a `file:`, `smb:` or
// custom-protocol URL that starts another program.

/**
 * Hosts we publish (DESIGN.md, package.json `homepage`). Exact names, no wildcards: a
 * subdomain someone else could host content on is not trusted by accident. Add a host
 * here in the change that adds the link, with the reason.
 */
export const EXTERNAL_LINK_HOSTS: ReadonlySet<string> = new Set([
  'casike.app',
  'www.casike.app',
  'casike.com',
  'www.casike.com',
]);

/** Longer URLs are refused outright; no link of ours comes near this. */
export const MAX_EXTERNAL_URL_LENGTH = 2048;

/**
 * The normalised URL to hand to `shell.openExternal`, or null when `candidate` is not an
 * allowed link: it must parse, be `https:`, name an allowlisted host exactly, carry no
 * user name or password, and use the default port.
 */
export function allowedExternalUrl(candidate: unknown): string | null {
  if (typeof candidate !== 'string' || candidate.length > MAX_EXTERNAL_URL_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '' || url.port !== '') return null;
  if (!EXTERNAL_LINK_HOSTS.has(url.hostname)) return null;
  return url.href;
}

/**
 * Hosts the cloud's own links may open (Plaid Hosted Link, Stripe Checkout and Customer
 * Portal), after the core has checked that the link came from the sync server's answer
 * (core/bank/serviceUrl.ts). Separate from EXTERNAL_LINK_HOSTS: the renderer can never
 * open these by a click, only the main process by the bank and billing calls.
 */
export const SERVICE_LINK_HOSTS: ReadonlySet<string> = new Set([
  'hosted.plaid.com',
  'secure.plaid.com',
  'checkout.stripe.com',
  'billing.stripe.com',
]);

/** Like allowedExternalUrl, for SERVICE_LINK_HOSTS. */
export function allowedServiceUrl(candidate: unknown): string | null {
  if (typeof candidate !== 'string' || candidate.length > MAX_EXTERNAL_URL_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '' || url.port !== '') return null;
  if (!SERVICE_LINK_HOSTS.has(url.hostname)) return null;
  return url.href;
}
