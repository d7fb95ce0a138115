import { useState } from 'react';
import type { CallOutput } from '../../api/client';
import { call } from '../../api/client';
import { useAction, useCall } from '../../api/hooks';
import { invalidate } from '../../api/queryStore';
import { Field, SelectField } from '../../ui/Field';
import { ErrorNote, FormError, Loading } from '../../ui/StateViews';
import './ai.css';

type Preview = CallOutput<'ai.preview'>;
const THRESHOLDS = ['0.7', '0.8', '0.9', '0.95', '0.99'];

function AutoApply({ current }: { current: number | null }) {
  const [value, setValue] = useState(current === null ? '' : String(current));
  const save = useAction(async (next: string) => {
    const result = await call('categorize.setAutoApply', {
      autoApplyConfidence: next === '' ? null : Number(next),
    });
    invalidate('categorize.');
    return result;
  });
  return (
    <div className="form-stack">
      <SelectField
        label="Auto-apply suggestions"
        value={value}
        disabled={save.pending}
        onChange={(next) => {
          setValue(next);
          void save.run(next);
        }}
      >
        <option value="">Never (I review every suggestion)</option>
        {THRESHOLDS.map((t) => (
          <option key={t} value={t}>
            When at least {Math.round(Number(t) * 100)}% sure
          </option>
        ))}
      </SelectField>
      <p className="field-hint">
        Suggestions come from a model trained only on how you filed your own transactions, kept in
        this vault. Rules always win over suggestions.
      </p>
      <FormError message={save.error} />
    </div>
  );
}

/** The exact request bodies, pretty-printed: this is what would leave the device. */
function PreviewView({ preview }: { preview: Preview }) {
  if (preview.requests.length === 0) {
    return (
      <p className="muted" role="status">
        Nothing would be sent right now: no uncategorized transaction needs help.
      </p>
    );
  }
  return (
    <div className="ai-preview">
      <p role="status">
        {preview.items} scrubbed {preview.items === 1 ? 'description' : 'descriptions'} from{' '}
        {preview.transactions} uncategorized{' '}
        {preview.transactions === 1 ? 'transaction' : 'transactions'}, in {preview.requests.length}{' '}
        {preview.requests.length === 1 ? 'request' : 'requests'}. No amounts, account names or
        numbers.
      </p>
      <pre className="ai-preview-json" aria-label="What will be sent" tabIndex={0}>
        {JSON.stringify(preview.requests, null, 2)}
      </pre>
    </div>
  );
}

/** Auto-apply confidence and the opt-in AI helper, with its "what will be sent" preview. */
export function AiSection() {
  const settings = useCall('categorize.getSettings', {});
  const [mode, setMode] = useState<'own-key' | 'relay'>('own-key');
  const [apiKey, setApiKey] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);

  const showPreview = useAction(async () => {
    const result = await call('ai.preview', {});
    setPreview(result);
    invalidate('categorize.getSettings');
    return result;
  });
  const enable = useAction(async () => {
    const result = await call('ai.enable', {
      mode,
      ...(mode === 'own-key' && apiKey.trim() !== '' ? { apiKey: apiKey.trim() } : {}),
    });
    setApiKey('');
    invalidate('categorize.');
    return result;
  });
  const disable = useAction(async () => {
    const result = await call('ai.disable', {});
    invalidate('categorize.');
    return result;
  });

  if (settings.status === 'loading') return <Loading label="Loading categorization settings…" />;
  if (settings.status === 'error')
    return <ErrorNote error={settings.error} onRetry={settings.reload} />;
  const view = settings.data;
  if (!view) return null;
  const needsKey = mode === 'own-key' && !view.hasApiKey && apiKey.trim() === '';
  const previewed = preview !== null || view.aiPreviewSeen;

  return (
    <div className="form-stack ai-section">
      <AutoApply current={view.autoApplyConfidence} />
      <h3>AI helper</h3>
      <p className="field-hint">
        Off by default. When on, only transactions the local model is unsure about are sent, as
        scrubbed descriptions (no amounts, account names or numbers, names, emails or addresses),
        and the provider is asked not to store them.
      </p>
      <p role="status" data-testid="ai-status">
        {view.aiEnabled
          ? `The AI helper is on (${view.aiMode === 'relay' ? 'through the Casike cloud relay' : 'with your own OpenAI key'}).`
          : 'The AI helper is off. Nothing is sent anywhere.'}
      </p>
      {!view.aiEnabled && (
        <>
          <SelectField
            label="How to reach the AI"
            value={mode}
            onChange={(next) => setMode(next as 'own-key' | 'relay')}
          >
            <option value="own-key">My own OpenAI API key</option>
            <option value="relay">The Casike cloud relay (needs a cloud plan)</option>
          </SelectField>
          {mode === 'own-key' && (
            <Field
              label="OpenAI API key"
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={apiKey}
              onChange={setApiKey}
              hint={
                view.hasApiKey
                  ? 'A key is saved in the vault. Type a new one to replace it; it is never shown again.'
                  : 'Kept inside the encrypted vault and never shown again.'
              }
            />
          )}
        </>
      )}
      <div className="settings-actions">
        <button
          type="button"
          className="button"
          disabled={showPreview.pending}
          onClick={() => void showPreview.run()}
        >
          Preview what will be sent
        </button>
        {view.aiEnabled ? (
          <button
            type="button"
            className="button button-danger"
            disabled={disable.pending}
            onClick={() => void disable.run()}
          >
            Turn off the AI helper
          </button>
        ) : (
          <button
            type="button"
            className="button button-primary"
            disabled={enable.pending || !previewed || needsKey}
            title={!previewed ? 'Look at the preview first' : undefined}
            onClick={() => void enable.run()}
          >
            Turn on the AI helper
          </button>
        )}
      </div>
      {!view.aiEnabled && !previewed && (
        <p className="field-hint">Look at the preview first: nothing is ever sent before it.</p>
      )}
      <FormError message={showPreview.error ?? enable.error ?? disable.error} />
      {showPreview.pending && <Loading label="Preparing the preview…" />}
      {preview && <PreviewView preview={preview} />}
    </div>
  );
}
