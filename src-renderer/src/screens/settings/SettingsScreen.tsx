import { useCall } from '../../api/hooks';
import { ErrorNote, Loading } from '../../ui/StateViews';
import { AiSection } from './AiSection';
import { AuditLog } from './AuditLog';
import { CategoriesManager } from './CategoriesManager';
import { DataSection } from './DataSection';
import { AutoLockSetting, ChangePassphrase, KeychainSetting, RotateKey } from './SecuritySettings';
import { SubscriptionSection } from './SubscriptionSection';
import './settings.css';

/** Security (auto-lock, passphrase, key rotation, keychain), categories and the audit log. */
export function SettingsScreen() {
  const status = useCall('vault.status', {});
  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">Settings</h1>
      </header>
      <div className="settings-grid">
        <section className="card settings-card" aria-labelledby="security-title">
          <h2 id="security-title">Security</h2>
          {status.status === 'loading' && <Loading />}
          {status.status === 'error' && <ErrorNote error={status.error} onRetry={status.reload} />}
          {status.data && (
            <>
              <AutoLockSetting status={status.data} />
              <KeychainSetting status={status.data} />
            </>
          )}
          <h3>Change passphrase</h3>
          <ChangePassphrase />
          <h3>Rotate encryption key</h3>
          <RotateKey />
        </section>
        <section className="card settings-card" aria-labelledby="categories-title">
          <h2 id="categories-title">Categories</h2>
          <CategoriesManager />
        </section>
        <section className="card settings-card" aria-labelledby="ai-title">
          <h2 id="ai-title">Categorization and AI helper</h2>
          <AiSection />
        </section>
        <section className="card settings-card" aria-labelledby="subscription-title">
          <h2 id="subscription-title">Subscription</h2>
          <SubscriptionSection />
        </section>
        <section className="card settings-card" aria-labelledby="data-title">
          <h2 id="data-title">Your data</h2>
          <DataSection />
        </section>
        <section className="card settings-card settings-wide" aria-labelledby="audit-title">
          <h2 id="audit-title">Audit log</h2>
          <p className="field-hint">
            Every unlock, failed attempt, passphrase or key change, import and export is recorded
            here. Each entry is sealed to the one before it, so editing, deleting or reordering any
            of them is detected.
          </p>
          <AuditLog />
        </section>
      </div>
    </section>
  );
}
