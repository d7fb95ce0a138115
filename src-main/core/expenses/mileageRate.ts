import { MileageRateSchema, type MileageRate } from '../../../src-shared/contract/expenses';
import type { UnlockedVault } from '../vault';
import type { SqlDatabase } from '../db/openDatabase';

/** Where the default mileage rate lives in the vault's settings table. */
export const MILEAGE_RATE_SETTING = 'expenses.mileageRate';

/** The vault's default mileage rate, or null when none was set (or it no longer parses). */
export function getMileageRate(db: SqlDatabase): MileageRate | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(MILEAGE_RATE_SETTING) as
    { value: string } | undefined;
  if (!row) return null;
  try {
    const parsed = MileageRateSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Sets the default mileage rate (a settings change, so it is audited). */
export function setMileageRate(
  vault: Pick<UnlockedVault, 'db' | 'audit'>,
  rate: MileageRate,
): MileageRate {
  const checked = MileageRateSchema.parse(rate);
  vault.db
    .prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    )
    .run(MILEAGE_RATE_SETTING, JSON.stringify(checked));
  vault.audit('settings.changed', {
    setting: MILEAGE_RATE_SETTING,
    currency: checked.currency,
    unit: checked.unit,
    rateMilliMinor: checked.rateMilliMinor,
  });
  return checked;
}
