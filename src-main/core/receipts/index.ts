/**
 * Receipts: files attached to a transaction, kept only inside the encrypted vault
 * (chunked blobs plus a JPEG thumbnail), typed by their content, at most 25 MB each.
 * They are never written to disk as plaintext except where the user exports one.
 */
export {
  prepareReceipt,
  insertReceipt,
  attachReceipts,
  getReceiptMeta,
  listReceipts,
  listReceiptsFor,
  readReceiptBytes,
  readReceiptBytesCheckedLater,
  readReceiptChunks,
  readReceiptThumbnail,
  deleteReceipt,
  RECEIPT_CHUNK_BYTES,
  type PreparedReceipt,
} from './receiptStore';
export { ReceiptHashWorker } from './receiptHashWorker';
export { readReceiptFile, exportReceipt, type ReceiptExportVault } from './receiptFiles';
export { detectReceiptType, sniffReceiptType } from './receiptType';
export { THUMBNAIL_SIZE } from './receiptThumbnail';
