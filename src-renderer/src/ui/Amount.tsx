import { money } from './format';

/** A signed amount, colored by direction, in tabular figures. */
export function Amount({
  minor,
  currency,
  className,
}: {
  minor: number;
  currency: string;
  className?: string;
}) {
  const tone = minor < 0 ? 'amount-negative' : minor > 0 ? 'amount-positive' : '';
  return (
    <span className={['amount', tone, className].filter(Boolean).join(' ')}>
      {money(minor, currency)}
    </span>
  );
}
