import { useId, useState, type DragEvent } from 'react';
import {
  readReceiptFiles,
  RECEIPT_ACCEPT,
  releasePreview,
  type PendingReceipt,
} from './receiptFiles';

/**
 * Drop zone for receipts: drag files onto it, or use its file input (keyboard and screen
 * readers). The files are read into memory and previewed before the expense is saved;
 * the bytes go to the core with the expense, which checks them by content.
 */
export function ReceiptDrop({
  pending,
  onChange,
}: {
  pending: readonly PendingReceipt[];
  onChange: (next: PendingReceipt[]) => void;
}) {
  const [over, setOver] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const inputId = useId();
  const hintId = `${inputId}-hint`;

  const take = async (files: readonly File[]) => {
    const read = await readReceiptFiles(files, pending.length);
    setProblems(read.problems);
    if (read.receipts.length > 0) onChange([...pending, ...read.receipts]);
  };

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    void take([...event.dataTransfer.files]);
  };

  const remove = (receipt: PendingReceipt) => {
    releasePreview(receipt);
    onChange(pending.filter((r) => r.key !== receipt.key));
  };

  return (
    <div className="receipt-drop-wrap">
      <div
        className={over ? 'receipt-drop receipt-drop-over' : 'receipt-drop'}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <label htmlFor={inputId} className="receipt-drop-label">
          Receipts
        </label>
        <span id={hintId} className="muted receipt-drop-hint">
          Drop JPEG, PNG, HEIC or PDF files here, or choose them.
        </span>
        <input
          id={inputId}
          type="file"
          multiple
          accept={RECEIPT_ACCEPT}
          aria-describedby={hintId}
          className="receipt-input"
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = '';
            void take(files);
          }}
        />
      </div>
      {problems.map((problem) => (
        <p key={problem} className="form-error" role="alert">
          {problem}
        </p>
      ))}
      {pending.length > 0 && (
        <ul className="receipt-pending" aria-label="Receipts to attach">
          {pending.map((receipt) => (
            <li key={receipt.key} className="receipt-chip">
              {receipt.previewUrl ? (
                <img src={receipt.previewUrl} alt={`Preview of ${receipt.fileName}`} />
              ) : (
                <span className="receipt-doc" aria-hidden="true">
                  {receipt.isPdf ? 'PDF' : 'IMG'}
                </span>
              )}
              <span className="receipt-name">{receipt.fileName}</span>
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove ${receipt.fileName}`}
                onClick={() => remove(receipt)}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
