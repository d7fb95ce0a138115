import {
  MoneyParseError,
  minorUnits,
  parseAmount,
  type CurrencyCode,
} from '../../../../../src-shared/domain';
import { ImportFileError } from '../../importedRow';

/** Options for `readStatementAmount`. */
export interface StatementAmountOptions {
  /**
   * '.' (the default) or ','. 'either' reads "1,234.56" and, when that fails, tries ","
   * as the decimal separator ("1.234,56", "-12,50"): a 2-decimal amount cannot be
   * misread, since "12,50" is not valid digit grouping and "1,234" is not a valid
   * decimal-comma amount in a currency with fewer than three decimals. Only text that
   * has a comma is retried, so "12.345" stays an error instead of becoming 12,345.
   */
  decimalSeparator?: '.' | ',' | 'either';
}

/**
 * A statement amount as minor units of `currency`, or an ImportFileError naming `line`
 * and the field. Statement formats write more decimals than the currency has ("12.3400"
 * in OFX and QIF's U field, up to five in CAMT); trailing zeros beyond the currency's
 * decimals are dropped, but a non-zero digit there is refused rather than rounded.
 */
export function readStatementAmount(
  text: string,
  currency: CurrencyCode,
  field: string,
  line: number,
  options: StatementAmountOptions = {},
): number {
  const separator = options.decimalSeparator ?? '.';
  const trimmed = text.trim();
  if (separator !== ',') {
    const fast = plainAmount(trimmed, minorUnits(currency));
    if (fast !== undefined) return fast;
  }
  const first = separator === ',' ? ',' : '.';
  try {
    return parseAmount(dropExtraZeros(trimmed, first, currency), currency, {
      decimalSeparator: first,
    });
  } catch (error) {
    if (!(error instanceof MoneyParseError)) throw error;
    if (separator === 'either' && trimmed.includes(',')) {
      try {
        return parseAmount(dropExtraZeros(trimmed, ',', currency), currency, {
          decimalSeparator: ',',
        });
      } catch {
        // Report the first reading's reason: '.' is what most files use.
      }
    }
    const reason = error.message.replace(/^Cannot read .* as an? [A-Z]{3} amount: /, '');
    throw new ImportFileError(
      `${field} "${trimmed.slice(0, 40)}" is not a ${currency} amount (${reason})`,
      line,
    );
  }
}

/**
 * The common shapes "-1234.5" and "1,234.50" read directly: a 200 MB statement has millions of amounts,
 * and the general parser's currency and grouping rules cost more than the rest of the
 * row. Undefined for anything else (grouping, symbols, excess non-zero decimals, huge
 * values), which then takes the general path and its error messages.
 */
function plainAmount(text: string, digits: number): number | undefined {
  let index = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 45 /* - */ || first === 43 /* + */) {
    negative = first === 45;
    index = 1;
  }
  let whole = 0;
  let wholeDigits = 0;
  // Western grouping ("1,234,567") is read here too; anything else takes the slow path.
  let group = -1;
  for (; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 44 /* , */) {
      if (group === -1 ? wholeDigits < 1 || wholeDigits > 3 : group !== 3) return undefined;
      group = 0;
      continue;
    }
    if (code < 48 || code > 57) break;
    whole = whole * 10 + (code - 48);
    wholeDigits += 1;
    if (group !== -1) group += 1;
  }
  if (wholeDigits === 0 || wholeDigits > 15 || (group !== -1 && group !== 3)) return undefined;
  let fraction = 0;
  let fractionDigits = 0;
  if (index < text.length) {
    if (text.charCodeAt(index) !== 46 /* . */) return undefined;
    for (index += 1; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      if (code < 48 || code > 57) return undefined;
      if (fractionDigits < digits) {
        fraction = fraction * 10 + (code - 48);
        fractionDigits += 1;
      } else if (code !== 48) return undefined;
    }
  }
  for (; fractionDigits < digits; fractionDigits += 1) fraction *= 10;
  const value = whole * 10 ** digits + fraction;
  if (!Number.isSafeInteger(value)) return undefined;
  return negative && value !== 0 ? -value : value;
}

// "12.3400" → "12.34" for a 2-decimal currency; stops at the currency's decimals.
function dropExtraZeros(text: string, decimal: '.' | ',', currency: CurrencyCode): string {
  const at = text.lastIndexOf(decimal);
  if (at === -1) return text;
  const digits = minorUnits(currency);
  let end = text.length;
  while (end - at - 1 > digits && text[end - 1] === '0') end -= 1;
  if (digits === 0 && end === at + 1) end = at;
  return text.slice(0, end);
}
