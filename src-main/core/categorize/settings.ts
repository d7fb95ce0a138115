import { z } from 'zod';
import type { SqlDatabase } from '../db/openDatabase';

/**
 * Categorization settings, kept in the vault's settings table (so inside the
 * encrypted database, including the user's own OpenAI key). Parsed with zod on the way
 * out: a value written by an older or newer build is replaced by its default, never trusted.
 */
export const AI_MODES = ['own-key', 'relay'] as const;

export const CategorizeSettingsSchema = z.object({
  /** Suggestions at or above this are filed automatically; null = never automatically. */
  autoApplyConfidence: z.number().min(0.5).max(1).nullable().default(null),
  aiEnabled: z.boolean().default(false),
  aiMode: z.enum(AI_MODES).default('own-key'),
  /** Set once the user has seen the exact payload (`ai preview`); nothing is sent before. */
  aiPreviewSeen: z.boolean().default(false),
  aiModel: z.string().min(1).max(100).default('gpt-4o-mini'),
  /** Only for the user's own key: where the OpenAI-compatible API lives. */
  aiBaseUrl: z.string().url().nullable().default(null),
});
export type CategorizeSettings = z.infer<typeof CategorizeSettingsSchema>;

const SETTINGS_KEY = 'categorize.settings';
const API_KEY = 'categorize.openaiApiKey';

export function readCategorizeSettings(db: SqlDatabase): CategorizeSettings {
  const raw = readSetting(db, SETTINGS_KEY);
  let parsed: unknown;
  try {
    parsed = raw === null ? {} : (JSON.parse(raw) as unknown);
  } catch {
    parsed = {};
  }
  const result = CategorizeSettingsSchema.safeParse(parsed);
  return result.success ? result.data : CategorizeSettingsSchema.parse({});
}

export function writeCategorizeSettings(
  db: SqlDatabase,
  patch: Partial<CategorizeSettings>,
): CategorizeSettings {
  const next = CategorizeSettingsSchema.parse({ ...readCategorizeSettings(db), ...patch });
  writeSetting(db, SETTINGS_KEY, JSON.stringify(next));
  return next;
}

/** The user's own OpenAI key. Stored in the encrypted vault; never returned to the UI. */
export function readOpenAiKey(db: SqlDatabase): string | null {
  return readSetting(db, API_KEY);
}

export function writeOpenAiKey(db: SqlDatabase, key: string | null): void {
  if (key === null) db.prepare('DELETE FROM settings WHERE key = ?').run(API_KEY);
  else writeSetting(db, API_KEY, key);
}

function readSetting(db: SqlDatabase, key: string): string | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row?.value ?? null;
}

function writeSetting(db: SqlDatabase, key: string, value: string): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}
