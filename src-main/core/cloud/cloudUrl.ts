import { isIP } from 'node:net';
import { CloudError } from './cloudErrors';

/*
 * Where the sync server is. Encryption in transit is not optional: the client refuses any
 * URL that is not https:, except loopback (127.0.0.0/8, ::1, localhost) for development
 * and tests, where the traffic never leaves the machine. Nothing is pinned: the system's
 * certificate store decides, so a certificate rotation never breaks the app.
 */

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/** Parses and checks a server URL; returns its origin as a URL with no path. */
export function checkCloudUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new CloudError('bad_url', 'the cloud server address is not a URL');
  }
  if (url.username !== '' || url.password !== '')
    throw new CloudError('bad_url', 'the cloud server address must not contain a user or password');
  if (url.protocol === 'https:') return new URL(url.origin);
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return new URL(url.origin);
  throw new CloudError(
    'insecure_url',
    `refusing ${url.protocol}//${url.host}: the cloud server must use https:// (plain http is allowed only on this machine's loopback address)`,
  );
}

/** The server the user asked for: an explicit value, else CASIKE_CLOUD_URL. */
export function cloudUrlFrom(explicit: string | undefined, env = process.env): URL | undefined {
  const raw = explicit ?? env.CASIKE_CLOUD_URL;
  return raw === undefined || raw.trim() === '' ? undefined : checkCloudUrl(raw);
}
