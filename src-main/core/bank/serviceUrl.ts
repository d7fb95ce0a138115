import { checkCloudUrl, CloudError } from '../cloud';

/*
 * The links Casike opens in the system browser for the cloud (Plaid Hosted Link, Stripe
 * Checkout and Customer Portal) come from the sync server's answers. Before anything opens
 * one it must be a plain https: URL with no user name or password; plain http is accepted
 * only when both the link and the cloud server itself are on this machine's loopback
 * address (development and tests against the local fakes), so a server on the network
 * can never make the app open http: or another scheme (file:, smb:, a custom protocol).
 */

export const MAX_SERVICE_URL_LENGTH = 2048;

/** The normalised link to open, or a CloudError saying why it is refused. */
export function checkServiceUrl(raw: string, cloudServerUrl: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CloudError('server_error', 'the cloud server sent a link that is not a URL');
  }
  const refuse = (why: string) =>
    new CloudError('server_error', `refusing to open the link from the cloud server: ${why}`);
  if (raw.length > MAX_SERVICE_URL_LENGTH) throw refuse('it is too long');
  if (url.username !== '' || url.password !== '') throw refuse('it carries a user or password');
  if (url.protocol === 'https:') return url.href;
  if (url.protocol !== 'http:') throw refuse(`${url.protocol} is not https:`);
  // checkCloudUrl accepts http: only on loopback; both ends must be loopback.
  const loopback = (candidate: string): boolean => {
    try {
      return new URL(candidate).protocol === 'http:' && checkCloudUrl(candidate).href !== '';
    } catch {
      return false;
    }
  };
  if (loopback(raw) && loopback(cloudServerUrl)) return url.href;
  throw refuse('it is not https:');
}
