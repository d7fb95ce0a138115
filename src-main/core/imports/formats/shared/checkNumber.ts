/**
 * The memo with a cheque number folded in ("Check 1043", or "rent (check 1043)"):
 * ImportedRow has no number column, and the number is what people search for. Only
 * numbers are folded in (QIF's N field also holds words like "ATM" or "DEP", which add
 * nothing to a memo), and only when the memo does not show the number already.
 */
export function withCheckNumber(memo: string, checkNumber: string): string {
  const number = checkNumber.trim();
  if (!/^\d{1,12}$/.test(number) || memo.includes(number)) return memo;
  return memo === '' ? `Check ${number}` : `${memo} (check ${number})`;
}
