import type { CsvDateFormat } from '../../../../../src-shared/contract/csvImport';
import { cleanCell } from './csvCells';
import type { DateFormatVote } from './csvDates';
import type { ChunkDecoder } from './csvEncoding';
import type { CsvRecord, CsvTokenizer } from './csvTokenizer';

/** The file's bytes as the preview reads them: the head first, then more on demand. */
export interface ByteSource {
  /** True once the last byte has been read. */
  ended: boolean;
  readHead(bytes: number): Promise<Uint8Array>;
  next(): Promise<Uint8Array | null>;
  close(): Promise<void>;
}

/**
 * Reads on past the head, only the date column, until one date settles the format
 * (a day above 12), the file ends, or `maxBytes` have been read. A statement whose
 * first weeks all fall on days 1–12 is common (one month, several lines a day); one
 * whose every date does is a file the user must be asked about. A line the scan cannot
 * tokenize ends the scan: the import will report that line.
 */
export async function settleDateFormat(
  vote: DateFormatVote,
  source: ByteSource,
  decoder: ChunkDecoder,
  tokenizer: CsvTokenizer,
  dateColumn: number,
  maxBytes: number,
): Promise<CsvDateFormat[]> {
  vote.narrow(vote.candidates());
  const records: CsvRecord[] = [];
  let scanned = 0;
  try {
    while (scanned < maxBytes && vote.candidates().length > 1) {
      const bytes = await source.next();
      if (!bytes) {
        tokenizer.push(decoder.end(), records);
        tokenizer.end(records);
      } else {
        scanned += bytes.length;
        tokenizer.push(decoder.decode(bytes), records);
      }
      for (const record of records) vote.add(cleanCell(record.fields[dateColumn] ?? ''));
      records.length = 0;
      if (!bytes) break;
    }
  } catch {
    // Malformed further down: leave it to the import, which names the line.
  }
  return vote.candidates();
}
