// Placeholder shell: the real lock screen (passphrase, recovery key, keychain unlock)
// replaces the card once the vault calls exist in the contract and on `window.casike`.
export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-title">Casike</h1>
      </header>
      <main className="lock-screen">
        <section className="lock-card" aria-labelledby="lock-card-title">
          <h2 id="lock-card-title">Vault locked</h2>
          <p>Your finances are encrypted on this device. Unlock the vault to continue.</p>
        </section>
      </main>
    </div>
  );
}
