import { isValidDate, type DateString } from '../../../../../src-shared/domain';
import { ImportFileError } from '../../importedRow';

const OFX_DATE =
  /^(\d{4})(\d{2})(\d{2})(?:\d{2}(?:\d{2}(?:\d{2}(?:[.,]\d{1,6})?)?)?)?\s*(?:\[[^\]]{0,40}\])?$/;

/**
 * The booking date of an OFX date-time "YYYYMMDD[HHMMSS[.XXX]][[±offset:TZ]]". Only
 * the date part is kept, as the bank wrote it: converting the time to another zone
 * would move late-evening transactions to the next or previous day, and the bank's own
 * calendar day is the one on the paper statement.
 */
export function readOfxDate(text: string, field: string, line: number): DateString {
  const match = OFX_DATE.exec(text.trim());
  const date = match ? `${match[1]}-${match[2]}-${match[3]}` : '';
  if (!isValidDate(date))
    throw new ImportFileError(`${field} "${text.slice(0, 40)}" is not a date`, line);
  return date;
}
