import type { Business, BusinessInput } from '../../../src-shared/contract/invoices';
import { invalid } from '../coreError';
import { imageKind } from '../exports/pdf/pdfBlocks';
import type { SqlDatabase } from '../db/openDatabase';
import type { InvoiceVault } from './invoiceWrite';

/** The business on the invoice header, kept in the vault's settings (encrypted with it). */
const KEYS = {
  name: 'business.name',
  email: 'business.email',
  address: 'business.address',
  taxId: 'business.taxId',
  logo: 'business.logo',
} as const;

const MAX_LOGO_BYTES = 1024 * 1024;

export interface BusinessDetails {
  name: string;
  email: string;
  address: string;
  taxId: string;
  logo: Buffer | null;
}

function setting(db: SqlDatabase, key: string): string {
  const value = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as
    string | undefined;
  return value ?? '';
}

/** The details with the logo's bytes, for the invoice PDF. */
export function getBusinessDetails(db: SqlDatabase): BusinessDetails {
  const logo = setting(db, KEYS.logo);
  return {
    name: setting(db, KEYS.name),
    email: setting(db, KEYS.email),
    address: setting(db, KEYS.address),
    taxId: setting(db, KEYS.taxId),
    logo: logo ? Buffer.from(logo, 'base64') : null,
  };
}

export function getBusiness(db: SqlDatabase): Business {
  const details = getBusinessDetails(db);
  return {
    name: details.name,
    email: details.email,
    address: details.address,
    taxId: details.taxId,
    hasLogo: details.logo !== null,
  };
}

/**
 * Saves the details. The logo must be a PNG or JPEG of at most 1 MiB, checked by its
 * content; `logoBase64` unset keeps the current one and null removes it.
 */
export function setBusiness(
  vault: InvoiceVault,
  input: Required<Omit<BusinessInput, 'logoBase64'>> & { logoBase64?: string | null | undefined },
): Business {
  const db = vault.db;
  let logo: string | null | undefined;
  if (typeof input.logoBase64 === 'string') {
    const bytes = Buffer.from(input.logoBase64, 'base64');
    if (bytes.length > MAX_LOGO_BYTES) throw invalid('the logo is larger than 1 MiB');
    if (!imageKind(bytes)) throw invalid('the logo must be a PNG or JPEG image');
    logo = bytes.toString('base64');
  } else {
    logo = input.logoBase64;
  }
  const upsert = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  db.transaction(() => {
    upsert.run(KEYS.name, input.name);
    upsert.run(KEYS.email, input.email);
    upsert.run(KEYS.address, input.address);
    upsert.run(KEYS.taxId, input.taxId);
    if (logo === null) db.prepare('DELETE FROM settings WHERE key = ?').run(KEYS.logo);
    else if (logo !== undefined) upsert.run(KEYS.logo, logo);
  })();
  vault.audit('settings.changed', { setting: 'business', logo: logo !== undefined });
  return getBusiness(db);
}
