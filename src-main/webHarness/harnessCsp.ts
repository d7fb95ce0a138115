import { CONTENT_SECURITY_POLICY } from '../app/contentSecurityPolicy';

/**
 * The app's own Content-Security-Policy, with one change: `connect-src` also allows the
 * harness's WebSocket origin. Derived from the app's policy rather than copied, so the
 * page under test is held to the same rules as the shipped app.
 */
export function harnessContentSecurityPolicy(
  wsOrigin: string,
  appPolicy = CONTENT_SECURITY_POLICY,
): string {
  if (!/^ws:\/\/127\.0\.0\.1:\d{1,5}$/.test(wsOrigin)) throw new Error('not a loopback ws origin');
  let found = false;
  const directives = appPolicy.split(';').map((directive) => {
    const trimmed = directive.trim();
    if (!/^connect-src(\s|$)/.test(trimmed)) return trimmed;
    found = true;
    return `${trimmed} ${wsOrigin}`;
  });
  if (!found) throw new Error('the app policy has no connect-src directive');
  return directives.filter((d) => d !== '').join('; ');
}
