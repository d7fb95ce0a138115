import { MAX_RECEIPT_BYTES, MAX_RECEIPTS_PER_CALL } from '../../../../src-shared/contract';

/** A receipt picked or dropped, read into memory, waiting to be saved with an expense. */
export interface PendingReceipt {
  key: string;
  fileName: string;
  bytes: Uint8Array;
  /** A blob: URL of the file itself for the preview (images only); revoke when dropped. */
  previewUrl: string | null;
  isPdf: boolean;
}

const ACCEPTED_TYPES = new Set(['image/jpeg', 'image/png', 'image/heic', 'application/pdf']);
const ACCEPTED_EXTENSIONS = /\.(jpe?g|png|heic|pdf)$/i;
/** What the file input offers; the core checks the content again, never trusting names. */
export const RECEIPT_ACCEPT = 'image/jpeg,image/png,image/heic,application/pdf,.heic';

let counter = 0;

/**
 * Reads dropped or chosen files. Refuses, with one sentence each, what the core would
 * refuse anyway (wrong kind, empty, over 25 MB, too many), so nothing is half-saved.
 */
export async function readReceiptFiles(
  files: readonly File[],
  alreadyPending: number,
): Promise<{ receipts: PendingReceipt[]; problems: string[] }> {
  const receipts: PendingReceipt[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const name = file.name || 'receipt';
    if (!ACCEPTED_TYPES.has(file.type) && !ACCEPTED_EXTENSIONS.test(name)) {
      problems.push(`“${name}” is not a receipt Casike can keep: use a JPEG, PNG, HEIC or PDF.`);
      continue;
    }
    if (file.size === 0) {
      problems.push(`“${name}” is empty.`);
      continue;
    }
    if (file.size > MAX_RECEIPT_BYTES) {
      problems.push(`“${name}” is larger than 25 MB.`);
      continue;
    }
    if (alreadyPending + receipts.length >= MAX_RECEIPTS_PER_CALL) {
      problems.push(`One expense can take at most ${MAX_RECEIPTS_PER_CALL} receipts at a time.`);
      break;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const isPdf = file.type === 'application/pdf' || /\.pdf$/i.test(name);
    const showable = file.type === 'image/jpeg' || file.type === 'image/png';
    counter += 1;
    receipts.push({
      key: `receipt-${counter}`,
      fileName: name,
      bytes,
      previewUrl: showable ? blobUrl(bytes, file.type) : null,
      isPdf,
    });
  }
  return { receipts, problems };
}

export function releasePreview(receipt: PendingReceipt): void {
  if (receipt.previewUrl) URL.revokeObjectURL(receipt.previewUrl);
}

/** A blob: URL for bytes from the bridge (copied into a plain ArrayBuffer for Blob). */
export function blobUrl(bytes: Uint8Array, mediaType: string): string {
  return URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type: mediaType }));
}
