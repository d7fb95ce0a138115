import type { ReactNode } from 'react';
import { Empty } from '../../ui/StateViews';

/** A screen whose contract does not exist yet: says what it will do, nothing more. */
export function ComingSoon({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">{title}</h1>
      </header>
      <div className="card">
        <Empty title="Coming soon">
          <p>{children}</p>
        </Empty>
      </div>
    </section>
  );
}
