import { describe, expect, it } from 'vitest';
import { EXTERNAL_LINK_HOSTS, allowedExternalUrl, allowedServiceUrl } from './externalLinks';

describe('allowedExternalUrl', () => {
  it('allows https links to our own hosts, normalised', () => {
    for (const host of EXTERNAL_LINK_HOSTS) {
      expect(allowedExternalUrl(`https://${host}/help?topic=vault#top`)).toBe(
        `https://${host}/help?topic=vault#top`,
      );
    }
    expect(allowedExternalUrl('HTTPS://CASIKE.APP/Privacy')).toBe('https://casike.app/Privacy');
  });

  it.each([
    'http://casike.app/',
    'https://evil.example/',
    'https://casike.app.evil.example/',
    'https://evilcasike.app/',
    'https://docs.casike.app/', // subdomains are not trusted by default
    'https://casike.app./',
    'https://casike.app:8443/',
    'https://user:pw@casike.app/',
    'https://user@casike.app/',
    'file:///etc/passwd',
    'smb://casike.app/share',
    'javascript:alert(1)',
    'data:text/html,<h1>x</h1>',
    'mailto:security@casike.com',
    'casike://auth/callback',
    'app://casike/index.html',
    'ms-settings:privacy',
    '//casike.app/',
    '',
    'not a url',
  ])('refuses %j', (url) => {
    expect(allowedExternalUrl(url)).toBeNull();
  });

  it('refuses non-strings and over-long URLs', () => {
    expect(allowedExternalUrl(null)).toBeNull();
    expect(allowedExternalUrl(new URL('https://casike.app/'))).toBeNull();
    expect(allowedExternalUrl(`https://casike.app/${'a'.repeat(3000)}`)).toBeNull();
  });
});

describe('allowedServiceUrl', () => {
  it('allows https links to Plaid Hosted Link and Stripe only', () => {
    expect(allowedServiceUrl('https://hosted.plaid.com/link/lp1')).toBe(
      'https://hosted.plaid.com/link/lp1',
    );
    expect(allowedServiceUrl('https://checkout.stripe.com/c/pay/cs_1')).toBe(
      'https://checkout.stripe.com/c/pay/cs_1',
    );
    expect(allowedServiceUrl('https://billing.stripe.com/p/session/x')).toBe(
      'https://billing.stripe.com/p/session/x',
    );
  });

  it.each([
    'http://checkout.stripe.com/',
    'https://stripe.com.evil.example/',
    'https://evil.example/',
    'https://casike.app/', // our own site is for clicked links, not for these calls
    'https://user@checkout.stripe.com/',
    'https://checkout.stripe.com:444/',
    'file:///etc/passwd',
    'http://127.0.0.1:4000/hosted-link/x',
  ])('refuses %j', (url) => {
    expect(allowedServiceUrl(url)).toBeNull();
  });
});
