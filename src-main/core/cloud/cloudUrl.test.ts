import { describe, expect, it } from 'vitest';
import { CloudError } from './cloudErrors';
import { checkCloudUrl, cloudUrlFrom } from './cloudUrl';

describe('cloud URL policy (encryption in transit)', () => {
  it('accepts https anywhere and http only on loopback', () => {
    expect(checkCloudUrl('https://cloud.casike.app/some/path').href).toBe(
      'https://cloud.casike.app/',
    );
    expect(checkCloudUrl('http://127.0.0.1:8787').href).toBe('http://127.0.0.1:8787/');
    expect(checkCloudUrl('http://127.8.9.1:1').origin).toBe('http://127.8.9.1:1');
    expect(checkCloudUrl('http://localhost:8787').origin).toBe('http://localhost:8787');
    expect(checkCloudUrl('http://[::1]:8787').origin).toBe('http://[::1]:8787');
  });

  it.each([
    'http://cloud.casike.app',
    'http://192.168.1.10:8787',
    'http://10.0.0.1',
    'http://0.0.0.0:8787',
    'http://127.0.0.1.evil.example',
    'http://localhost.evil.example',
    'ftp://cloud.casike.app',
    'ws://127.0.0.1:8787',
  ])('refuses %s', (raw) => {
    expect(() => checkCloudUrl(raw)).toThrow(CloudError);
    try {
      checkCloudUrl(raw);
    } catch (error) {
      expect((error as CloudError).failure).toMatch(/insecure_url|bad_url/);
    }
  });

  it('refuses credentials in the URL and things that are not URLs', () => {
    expect(() => checkCloudUrl('https://user:pw@cloud.casike.app')).toThrow(/user or password/);
    expect(() => checkCloudUrl('not a url')).toThrow(/not a URL/);
  });

  it('reads CASIKE_CLOUD_URL when no explicit URL is given', () => {
    expect(cloudUrlFrom(undefined, { CASIKE_CLOUD_URL: 'https://a.example' })?.origin).toBe(
      'https://a.example',
    );
    expect(cloudUrlFrom(undefined, {})).toBeUndefined();
    expect(() => cloudUrlFrom(undefined, { CASIKE_CLOUD_URL: 'http://a.example' })).toThrow(
      /https/,
    );
  });
});
