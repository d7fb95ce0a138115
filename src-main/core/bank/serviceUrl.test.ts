import { describe, expect, it } from 'vitest';
import { checkServiceUrl } from './serviceUrl';

const PROD = 'https://cloud.casike.app';
const LOCAL = 'http://127.0.0.1:4000';

describe('checkServiceUrl', () => {
  it('accepts https links from any server, normalised', () => {
    expect(checkServiceUrl('https://hosted.plaid.com/link/abc', PROD)).toBe(
      'https://hosted.plaid.com/link/abc',
    );
    expect(checkServiceUrl('HTTPS://checkout.stripe.com/c/pay/cs_1', LOCAL)).toBe(
      'https://checkout.stripe.com/c/pay/cs_1',
    );
  });

  it('accepts http only when both the link and the cloud server are on loopback', () => {
    expect(checkServiceUrl('http://127.0.0.1:5555/hosted-link/x', LOCAL)).toBe(
      'http://127.0.0.1:5555/hosted-link/x',
    );
    expect(() => checkServiceUrl('http://127.0.0.1:5555/hosted-link/x', PROD)).toThrow(/not https/);
    expect(() => checkServiceUrl('http://evil.example/x', LOCAL)).toThrow(/not https/);
  });

  it.each([
    'file:///etc/passwd',
    'smb://host/share',
    'javascript:alert(1)',
    'casike://auth',
    'https://user:pw@checkout.stripe.com/',
    'not a url',
    `https://checkout.stripe.com/${'a'.repeat(3000)}`,
  ])('refuses %j', (raw) => {
    expect(() => checkServiceUrl(raw, LOCAL)).toThrow(/refusing|not a URL/);
  });
});
