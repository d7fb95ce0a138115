import type { ReactNode } from 'react';
import './vault.css';

/** The centred card every vault screen (create, recovery key, unlock) sits in. */
export function VaultFrame({
  title,
  lead,
  children,
}: {
  title: string;
  lead?: ReactNode;
  children: ReactNode;
}) {
  return (
    <main className="vault-screen">
      <section className="vault-card" aria-labelledby="vault-card-title">
        <div className="vault-brand" aria-hidden="true">
          <span className="vault-logo">C</span> Casike
        </div>
        <h1 id="vault-card-title">{title}</h1>
        {lead && <p className="vault-lead">{lead}</p>}
        {children}
      </section>
    </main>
  );
}
