/**
 * The pure domain layer shared by every process: money, currencies, dates, instants and
 * ids. No Node built-ins, DOM or Electron APIs: only the language, `Intl`,
 * `globalThis.crypto.getRandomValues` and zod.
 */
export {
  CURRENCY_CODES,
  CurrencyCodeSchema,
  UnknownCurrencyError,
  isCurrencyCode,
  minorUnits,
  type CurrencyCode,
} from './currencies';
export {
  CurrencyMismatchError,
  MinorUnitsSchema,
  MoneyRangeError,
  MoneySchema,
  add,
  allocate,
  assertMinorUnits,
  percentOf,
  subtract,
  sum,
  sumMoney,
  type Money,
  type Rounding,
} from './money';
export {
  MoneyParseError,
  parseAmount,
  type MoneyParseReason,
  type ParseAmountOptions,
} from './money-parse';
export { formatAmount, toDecimalString, type FormatAmountOptions } from './money-format';
export {
  DateStringSchema,
  InstantSchema,
  MonthStringSchema,
  addDays,
  addMonths,
  compareDates,
  daysInMonth,
  isValidDate,
  isValidInstant,
  isValidMonth,
  monthOf,
  monthRange,
  nowInstant,
  shiftMonth,
  toInstant,
  todayLocal,
  type DateString,
  type Instant,
  type MonthString,
} from './dates';
export {
  IdSchema,
  createIdGenerator,
  idTimestamp,
  isValidId,
  newId,
  type Id,
  type IdGeneratorOptions,
} from './ids';
