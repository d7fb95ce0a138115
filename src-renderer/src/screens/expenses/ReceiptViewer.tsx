import { useEffect, useState } from 'react';
import type { ReceiptMeta } from '../../../../src-shared/contract';
import { call } from '../../api/client';
import { blobUrl } from './receiptFiles';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { ErrorNote, Loading } from '../../ui/StateViews';

type View =
  { kind: 'loading' } | { kind: 'error'; error: unknown } | { kind: 'ready'; url: string };

/**
 * One receipt at full size. The bytes come from the vault into a blob: URL that lives only
 * while the dialog is open: an image is shown, a PDF (or HEIC, which browsers cannot draw)
 * is offered as a download.
 */
export function ReceiptViewer({ receipt, onClose }: { receipt: ReceiptMeta; onClose: () => void }) {
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const showable = receipt.mediaType === 'image/jpeg' || receipt.mediaType === 'image/png';

  useEffect(() => {
    let created: string | null = null;
    let live = true;
    setView({ kind: 'loading' });
    call('receipts.read', { id: receipt.id })
      .then(({ meta, bytes }) => {
        if (!live) return;
        created = blobUrl(bytes, meta.mediaType);
        setView({ kind: 'ready', url: created });
      })
      .catch((error: unknown) => live && setView({ kind: 'error', error }));
    return () => {
      live = false;
      if (created) URL.revokeObjectURL(created);
    };
  }, [receipt.id, attempt]);

  return (
    <Dialog title={receipt.fileName} open onClose={onClose} wide>
      {view.kind === 'loading' && <Loading label="Opening the receipt…" />}
      {view.kind === 'error' && (
        <ErrorNote error={view.error} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {view.kind === 'ready' &&
        (showable ? (
          <img className="receipt-full" src={view.url} alt={`Receipt ${receipt.fileName}`} />
        ) : (
          <p>
            This receipt cannot be shown here.{' '}
            <a href={view.url} download={receipt.fileName}>
              Download {receipt.fileName}
            </a>
          </p>
        ))}
      <DialogActions>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </DialogActions>
    </Dialog>
  );
}
