import { useState } from 'react';
import type { AuditEntry, AuditVerdict } from '../../../../src-shared/contract';
import { call } from '../../api/client';
import { useAction, useCall } from '../../api/hooks';
import { Empty, ErrorNote, FormError, Loading } from '../../ui/StateViews';
import { detailsText, eventLabel, eventTime } from './auditLabels';

const PAGE = 50;

/**
 * The vault's tamper-evident audit log, newest first, and a Verify button that walks the
 * hash chain: an edited, deleted or reordered entry is named.
 */
export function AuditLog() {
  const first = useCall('vault.auditList', { limit: PAGE });
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [exhausted, setExhausted] = useState(false);
  const [verdict, setVerdict] = useState<AuditVerdict | null>(null);

  const entries = [...(first.data ?? []), ...older];
  const more = useAction(async () => {
    const oldest = entries[entries.length - 1];
    if (!oldest) return [];
    const page = await call('vault.auditList', { limit: PAGE, beforeSeq: oldest.seq });
    setOlder((current) => [...current, ...page]);
    if (page.length < PAGE) setExhausted(true);
    return page;
  });
  const verify = useAction(async () => {
    setVerdict(null);
    const result = await call('vault.auditVerify', {});
    setVerdict(result);
    return result;
  });

  const canLoadMore =
    !exhausted && (first.data?.length ?? 0) === PAGE && (entries[entries.length - 1]?.seq ?? 1) > 1;

  return (
    <div className="audit-log">
      <div className="audit-verify">
        <button
          type="button"
          className="button"
          onClick={() => void verify.run()}
          disabled={verify.pending}
        >
          {verify.pending ? 'Verifying…' : 'Verify the audit log'}
        </button>
        {verdict?.ok === true && (
          <p className="form-success" role="status">
            The audit log is intact: all {verdict.rows.toLocaleString()} entries check out.
          </p>
        )}
        {verdict?.ok === false && (
          <p className="form-error" role="alert">
            The audit log has been tampered with: entry {verdict.badSeq} was changed, removed or
            moved. Entries before it are intact.
          </p>
        )}
        <FormError message={verify.error} />
      </div>
      {first.status === 'loading' && <Loading label="Loading the audit log…" />}
      {first.status === 'error' && <ErrorNote error={first.error} onRetry={first.reload} />}
      {first.status === 'success' && entries.length === 0 && <Empty title="No events yet" />}
      {entries.length > 0 && (
        <div className="audit-table" tabIndex={0} aria-label="Audit log entries">
          <table className="data-table">
            <caption className="visually-hidden">Audit log, newest first</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">Event</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.seq}>
                  <td className="muted">{entry.seq}</td>
                  <td className="audit-when">{eventTime(entry.at)}</td>
                  <td>{eventLabel(entry.event)}</td>
                  <td className="muted">{detailsText(entry.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <FormError message={more.error} />
      {canLoadMore && (
        <button
          type="button"
          className="button button-small"
          onClick={() => void more.run()}
          disabled={more.pending}
        >
          {more.pending ? 'Loading…' : 'Show older entries'}
        </button>
      )}
    </div>
  );
}
