/**
 * A progress bar drawn as SVG (no inline styles under the CSP). `value` of `max`; over 100 %
 * is shown full in the "over" color. Announced as a meter.
 */
export function Progress({ value, max, label }: { value: number; max: number; label: string }) {
  const ratio = max > 0 ? value / max : value > 0 ? 2 : 0;
  const width = Math.max(0, Math.min(1, ratio)) * 100;
  const tone = ratio > 1 ? 'progress-over' : ratio > 0.9 ? 'progress-near' : 'progress-ok';
  return (
    <svg
      className="progress-bar"
      viewBox="0 0 100 8"
      preserveAspectRatio="none"
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={Math.max(max, 0)}
      aria-valuenow={Math.max(0, value)}
    >
      <rect className="progress-track" x="0" y="0" width="100" height="8" rx="4" />
      <rect className={`progress-fill ${tone}`} x="0" y="0" width={width} height="8" rx="4" />
    </svg>
  );
}
