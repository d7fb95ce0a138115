import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_AUDIT_RETENTION_DAYS, loadConfig } from '../src/config/env';
import { ephemeralDevKeyRing } from '../src/config/devSecrets';
import { loadTlsOptions, TLS_MIN_VERSION } from '../src/config/tls';
import { scrubString } from '../src/logging/redact';

/* Configuration added for operations: TLS files, audit retention; log scrubbing of new secrets. */

const load = (env: Record<string, string>) =>
  loadConfig(env, { devKeyRing: ephemeralDevKeyRing, cwd: '/nonexistent' }).config;

describe('operations configuration', () => {
  it('TLS files come as a pair, and an unreadable one is named', () => {
    expect(() => load({ TLS_CERT_FILE: '/x/cert.pem' })).toThrow(ConfigError);
    expect(() => load({ TLS_CERT_FILE: '/x/cert.pem' })).toThrow(/TLS_CERT_FILE and TLS_KEY_FILE/);
    const config = load({
      TLS_CERT_FILE: '/nonexistent/cert.pem',
      TLS_KEY_FILE: '/nonexistent/key.pem',
    });
    expect(config.tls).toEqual({
      certFile: '/nonexistent/cert.pem',
      keyFile: '/nonexistent/key.pem',
    });
    expect(() => loadTlsOptions(config)).toThrow(/TLS_CERT_FILE cannot be read \(ENOENT\)/);
    expect(loadTlsOptions(load({}))).toBeUndefined();
    expect(TLS_MIN_VERSION).toBe('TLSv1.2');
  });

  it('audit retention defaults to 400 days and refuses less than 30', () => {
    expect(load({}).retention.auditLogDays).toBe(DEFAULT_AUDIT_RETENTION_DAYS);
    expect(load({ AUDIT_RETENTION_DAYS: '90' }).retention.auditLogDays).toBe(90);
    expect(() => load({ AUDIT_RETENTION_DAYS: '7' })).toThrow(
      /AUDIT_RETENTION_DAYS must be at least 30/,
    );
  });

  it('scrubs MFA challenges, trusted-device tokens and OIDC states from log lines', () => {
    for (const prefix of ['cmf_', 'ctd_', 'cos_']) {
      const secret = `${prefix}${'Ab9_-'.repeat(8)}xyz`;
      expect(scrubString(`token ${secret} here`)).toBe('token [redacted] here');
    }
  });
});
