import { useCall } from '../../api/hooks';
import { ErrorNote, Loading } from '../../ui/StateViews';
import { CategoriesManager } from './CategoriesManager';
import { AutoLockSetting, ChangePassphrase, KeychainSetting, RotateKey } from './SecuritySettings';
import './settings.css';

/** Security (auto-lock, passphrase, key rotation, keychain) and categories. */
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
              <AutoLockSetting key={status.data.autoLockMinutes ?? 0} status={status.data} />
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
      </div>
    </section>
  );
}
