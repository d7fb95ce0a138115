import { CoreError } from '../coreError';
import { importFile, previewImportFile } from '../imports';
import { loadRuleEngine } from '../rules';
import { autoCategorize } from '../categorize';
import type { DomainChannels, HandlerMap } from './handlerTypes';

/** Imports in flight, by task id, so `imports.cancel` can stop one. */
const running = new Map<string, AbortController>();

export const importsHandlers: HandlerMap<DomainChannels<'imports'>> = {
  'imports.chooseFile': (_input, { session }) => session.chooseFile('import'),
  'imports.preview': ({ fileToken, ...options }, { session }) =>
    previewImportFile(session.requireVault().db, session.files.resolve(fileToken), options),
  'imports.run': async ({ fileToken, taskId, dryRun, ...options }, { session }) => {
    const vault = session.requireVault();
    const path = session.files.resolve(fileToken);
    const id = taskId ?? `import-${Date.now()}`;
    if (running.has(id))
      throw new CoreError('CONFLICT', 'an import with this task id is already running');
    const controller = new AbortController();
    running.set(id, controller);
    try {
      const outcome = await importFile(vault.db, path, {
        ...options,
        dryRun,
        transform: loadRuleEngine(vault.db).transformDraft,
        signal: controller.signal,
        onProgress: (done) => {
          session.touch();
          session.emit('task.progress', { taskId: id, kind: 'import', done, total: null });
        },
      });
      if (!dryRun) {
        vault.audit('import.completed', {
          format: outcome.format,
          added: outcome.added,
          duplicates: outcome.duplicates,
        });
        // The user's auto-apply confidence, if set, files what the local model is sure of.
        autoCategorize(vault, Math.min(outcome.added, 100_000));
      }
      return outcome;
    } catch (error) {
      if (controller.signal.aborted)
        throw new CoreError('CONFLICT', 'the import was cancelled; nothing was added');
      throw error;
    } finally {
      running.delete(id);
    }
  },
  'imports.cancel': ({ taskId }) => {
    running.get(taskId)?.abort();
    return { ok: true } as const;
  },
};
