import { describe, expect, it } from 'vitest';
import { EXTERNAL_LINK_HOSTS, allowedExternalUrl } from './externalLinks';

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
