import type { ReceiptMediaType } from '../../../src-shared/contract/expenses';
import { invalid } from '../coreError';
import { displayName } from './receiptType';

/** Thumbnails fit in this square, in pixels (a report's thumbnail column, a list row). */
export const THUMBNAIL_SIZE = 320;

export interface Thumbnail {
  /** A JPEG, or null where none can be made (PDF; HEIC, whose codec sharp lacks). */
  bytes: Buffer | null;
  width: number | null;
  height: number | null;
}

type SharpModule = typeof import('sharp');
let sharpModule: Promise<SharpModule> | null = null;

/**
 * Loads sharp on first use, so commands that never touch an image do not pay for it.
 * Before libvips starts, the size above which it would decode an image into a
 * temporary file (plaintext, in the OS temp folder) is raised far above anything we
 * accept, so decoding always stays in memory; its operation cache is off, so no
 * decoded receipt lingers after the call.
 */
function loadSharp(): Promise<SharpModule> {
  sharpModule ??= (async () => {
    process.env.VIPS_DISC_THRESHOLD = '64g';
    const loaded = await import('sharp');
    const sharp = loaded.default;
    sharp.cache(false);
    return loaded;
  })();
  return sharpModule;
}

/**
 * Makes the thumbnail for a receipt whose type is already known. A JPEG or PNG that
 * sharp cannot decode is refused (its magic bytes lied, or it is damaged); a HEIC that
 * cannot be decoded here is kept without a thumbnail.
 */
export async function makeThumbnail(
  bytes: Buffer,
  mediaType: ReceiptMediaType,
  fileName: string,
): Promise<Thumbnail> {
  if (mediaType === 'application/pdf') return { bytes: null, width: null, height: null };
  const { default: sharp } = await loadSharp();
  try {
    const image = sharp(bytes, { sequentialRead: true, failOn: 'error' });
    const meta = await image.metadata();
    const turned = (meta.orientation ?? 1) >= 5;
    const thumbnail = await sharp(bytes, { sequentialRead: true, failOn: 'error' })
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 72, mozjpeg: true })
      .toBuffer();
    return {
      bytes: thumbnail,
      width: (turned ? meta.height : meta.width) ?? null,
      height: (turned ? meta.width : meta.height) ?? null,
    };
  } catch {
    if (mediaType === 'image/heic') return { bytes: null, width: null, height: null };
    const kind = mediaType === 'image/png' ? 'PNG' : 'JPEG';
    throw invalid(
      `${displayName(fileName)} starts like a ${kind} image but cannot be read; it may be damaged`,
    );
  }
}
