import { CSV_DATE_FORMATS, type CsvDateFormat } from '../../../../../src-shared/contract/csvImport';
import { daysInMonth, type DateString } from '../../../../../src-shared/domain';

/** Reads one cell as a booking date, or null when it is not one in this format. */
export type DateReader = (text: string) => DateString | null;

// A time after the date ("2026-01-05 10:23:11", "…T10:23Z") is allowed and ignored:
// the booking date is the day.
const TIME = String.raw`(?:[ T]+\d{1,2}[:.]\d{2}.*)?`;
const D = String.raw`(\d{1,2})`;

interface Layout {
  regex: RegExp;
  /** Which capture group holds year, month and day. */
  y: number;
  m: number;
  d: number;
  twoDigitYear?: boolean;
  monthName?: boolean;
}

const ymd = (body: string): Layout => ({ regex: new RegExp(`^${body}${TIME}$`), y: 1, m: 2, d: 3 });
const mdy = (body: string, twoDigitYear = false): Layout => ({
  regex: new RegExp(`^${body}${TIME}$`),
  y: 3,
  m: 1,
  d: 2,
  twoDigitYear,
});
const dmy = (body: string, twoDigitYear = false): Layout => ({
  regex: new RegExp(`^${body}${TIME}$`),
  y: 3,
  m: 2,
  d: 1,
  twoDigitYear,
});

const LAYOUTS: Record<CsvDateFormat, Layout> = {
  'YYYY-MM-DD': ymd(String.raw`(\d{4})-${D}-${D}`),
  'MM/DD/YYYY': mdy(String.raw`${D}/${D}/(\d{4})`),
  'DD/MM/YYYY': dmy(String.raw`${D}/${D}/(\d{4})`),
  'DD.MM.YYYY': dmy(String.raw`${D}\.${D}\.(\d{4})`),
  YYYYMMDD: ymd(String.raw`(\d{4})(\d{2})(\d{2})`),
  'DD-MM-YYYY': dmy(String.raw`${D}-${D}-(\d{4})`),
  'YYYY/MM/DD': ymd(String.raw`(\d{4})/${D}/${D}`),
  'MM/DD/YY': mdy(String.raw`${D}/${D}/(\d{2})`, true),
  'DD/MM/YY': dmy(String.raw`${D}/${D}/(\d{2})`, true),
  'DD.MM.YY': dmy(String.raw`${D}\.${D}\.(\d{2})`, true),
  'DD MMM YYYY': { ...dmy(String.raw`${D}[ -]([A-Za-z]{3,9})\.?[ -](\d{4})`), monthName: true },
};

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** A reader for one format. Two-digit years: 00–69 → 20xx, 70–99 → 19xx (the POSIX rule). */
export function dateReader(format: CsvDateFormat): DateReader {
  const layout = LAYOUTS[format];
  return (text) => {
    const match = layout.regex.exec(text.trim());
    if (!match) return null;
    let year = Number(match[layout.y]);
    if (layout.twoDigitYear) year += year < 70 ? 2000 : 1900;
    const monthText = match[layout.m] ?? '';
    const month = layout.monthName ? (MONTHS[monthText.toLowerCase()] ?? 0) : Number(monthText);
    const day = Number(match[layout.d]);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
    return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
  };
}

const READERS = new Map(CSV_DATE_FORMATS.map((format) => [format, dateReader(format)] as const));

/** True when the text is a date in any known format (header and column detection). */
export function looksLikeDate(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === '') return false;
  for (const read of READERS.values()) if (read(trimmed) !== null) return true;
  return false;
}

interface Tally {
  parsed: number;
  previous: DateString | null;
  direction: number;
  /** How often consecutive dates change direction: 0 for a sorted statement. */
  turns: number;
}

/**
 * Decides a date column's format from its values, fed in file order. A value that no
 * format reads is ignored here (the import reports it with its line); a value that some
 * formats read and others do not rules the others out. When several formats read every
 * value (all days ≤ 12, so DD/MM and MM/DD both work), the one under which the dates
 * are in order comes first, because statements are sorted; the user still confirms.
 */
export class DateFormatVote {
  private readonly tallies = new Map<CsvDateFormat, Tally>();
  private meaningful = 0;

  constructor(formats: readonly CsvDateFormat[] = CSV_DATE_FORMATS) {
    for (const format of formats) {
      this.tallies.set(format, { parsed: 0, previous: null, direction: 0, turns: 0 });
    }
  }

  add(text: string): void {
    if (text.trim() === '') return;
    let any = false;
    for (const [format, tally] of this.tallies) {
      const date = READERS.get(format)?.(text) ?? null;
      if (date === null) continue;
      any = true;
      tally.parsed++;
      if (tally.previous !== null && date !== tally.previous) {
        const direction = date > tally.previous ? 1 : -1;
        if (tally.direction !== 0 && direction !== tally.direction) tally.turns++;
        tally.direction = direction;
      }
      tally.previous = date;
    }
    if (any) this.meaningful++;
  }

  /** Stops tallying every format but these (the rest of a long file is read for these only). */
  narrow(formats: readonly CsvDateFormat[]): void {
    for (const format of [...this.tallies.keys()]) {
      if (!formats.includes(format)) this.tallies.delete(format);
    }
  }

  /** How many values some format could read. */
  get dates(): number {
    return this.meaningful;
  }

  /** Formats that read every meaningful value (or, in a mixed column, the most), best first. */
  candidates(): CsvDateFormat[] {
    if (this.meaningful === 0) return [];
    const entries = [...this.tallies.entries()];
    const best = Math.max(...entries.map(([, tally]) => tally.parsed));
    return entries
      .filter(([, tally]) => tally.parsed === best)
      .sort((a, b) => a[1].turns - b[1].turns)
      .map(([format]) => format);
  }
}
