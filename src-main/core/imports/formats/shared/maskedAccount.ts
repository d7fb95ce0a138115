/**
 * An account number as error messages may show it: "account …6789". Messages reach
 * logs and the CLI's output, and the last four characters are enough for the user to
 * recognise the account (the way banks print it on cards and statements).
 */
export function maskedAccount(id: string): string {
  const trimmed = id.trim();
  if (trimmed === '') return 'an account without a number';
  return trimmed.length <= 4 ? `account ${trimmed}` : `account …${trimmed.slice(-4)}`;
}
