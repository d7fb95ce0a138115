import type { CategorizeSettingsView } from '../../../src-shared/contract/categorize';
import type { SqlDatabase } from '../db/openDatabase';
import {
  aiPreview,
  applySuggestions,
  disableAi,
  enableAi,
  readCategorizeSettings,
  readOpenAiKey,
  suggest,
  writeCategorizeSettings,
} from '../categorize';
import type { DomainChannels, HandlerMap } from './handlerTypes';

type CategorizeHandlerMap = HandlerMap<DomainChannels<'categorize'> | DomainChannels<'ai'>>;

/** The settings as the UI sees them: whether a key is stored, never the key. */
function settingsView(db: SqlDatabase): CategorizeSettingsView {
  return { ...readCategorizeSettings(db), hasApiKey: readOpenAiKey(db) !== null };
}

/** Categorization suggestions, applying them, and the opt-in AI helper's switches. */
export const categorizeHandlers: CategorizeHandlerMap = {
  'categorize.suggest': ({ limit }, { session }) => suggest(session.requireVault(), { limit }),
  'categorize.apply': ({ minConfidence }, { session }) =>
    applySuggestions(session.requireVault(), minConfidence),
  'categorize.getSettings': (_input, { session }) => settingsView(session.requireVault().db),
  'categorize.setAutoApply': ({ autoApplyConfidence }, { session }) => {
    const vault = session.requireVault();
    writeCategorizeSettings(vault.db, { autoApplyConfidence });
    vault.audit('settings.changed', {
      setting: 'categorize.autoApplyConfidence',
      value: autoApplyConfidence,
    });
    return settingsView(vault.db);
  },
  'ai.preview': (_input, { session }) => {
    const preview = aiPreview(session.requireVault());
    return { ...preview, requests: preview.requests.map((body) => ({ ...body })) };
  },
  'ai.enable': (input, { session }) => {
    const vault = session.requireVault();
    enableAi(vault, input);
    return settingsView(vault.db);
  },
  'ai.disable': (_input, { session }) => {
    const vault = session.requireVault();
    disableAi(vault);
    return settingsView(vault.db);
  },
};
