import { useEffect, useState } from 'react';
import type { ReceiptMeta } from '../../../../src-shared/contract';
import { call } from '../../api/client';
import { blobUrl } from './receiptFiles';

/**
 * A receipt's thumbnail, fetched as bytes and shown from memory through a blob: URL
 * (the CSP allows blob: images); PDFs and receipts without a thumbnail get a label.
 */
export function ReceiptThumb({ receipt, onOpen }: { receipt: ReceiptMeta; onOpen: () => void }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!receipt.hasThumbnail) return;
    let created: string | null = null;
    let live = true;
    call('receipts.thumbnail', { id: receipt.id })
      .then((thumb) => {
        if (!live || !thumb) return;
        created = blobUrl(thumb.bytes, thumb.mediaType);
        setUrl(created);
      })
      .catch(() => undefined); // the label stands in for a thumbnail that cannot be read
    return () => {
      live = false;
      if (created) URL.revokeObjectURL(created);
    };
  }, [receipt.id, receipt.hasThumbnail]);

  return (
    <button
      type="button"
      className="receipt-thumb"
      onClick={onOpen}
      aria-label={`Open receipt ${receipt.fileName}`}
    >
      {url ? (
        <img src={url} alt="" />
      ) : (
        <span className="receipt-doc" aria-hidden="true">
          {receipt.mediaType === 'application/pdf' ? 'PDF' : 'IMG'}
        </span>
      )}
    </button>
  );
}
