import fs from 'node:fs';
import type { SecureContextOptions, TlsOptions } from 'node:tls';
import { ConfigError, type ServerConfig } from './env';

/*
 * TLS when the server terminates it itself (TLS_CERT_FILE + TLS_KEY_FILE). TLS 1.2 is the
 * floor (policy 000: "TLS 1.2 or later"); TLS 1.3 uses OpenSSL's suites, all AEAD. For
 * 1.2, only forward-secret ECDHE with AEAD ciphers (Mozilla's "intermediate" list): no
 * CBC, no RSA key exchange, no SHA-1 MACs. Behind a proxy that terminates TLS instead,
 * set TRUST_PROXY=1 and apply the same floor at the proxy (docs/deploy.md); the server
 * keeps sending HSTS either way.
 */

export const TLS_MIN_VERSION = 'TLSv1.2';

export const TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

export type ServerTlsOptions = TlsOptions & SecureContextOptions;

/** The https options for Fastify, or undefined when TLS is not configured. */
export function loadTlsOptions(config: ServerConfig): ServerTlsOptions | undefined {
  if (config.tls === undefined) return undefined;
  const read = (name: string, file: string) => {
    try {
      return fs.readFileSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new ConfigError([`${name} cannot be read (${code}): ${file}`]);
    }
  };
  return tlsOptions(
    read('TLS_CERT_FILE', config.tls.certFile),
    read('TLS_KEY_FILE', config.tls.keyFile),
  );
}

export function tlsOptions(cert: Buffer, key: Buffer): ServerTlsOptions {
  return {
    cert,
    key,
    minVersion: TLS_MIN_VERSION,
    ciphers: TLS12_CIPHERS,
    honorCipherOrder: true,
  };
}
