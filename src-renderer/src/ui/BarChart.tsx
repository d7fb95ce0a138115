import './ui.css';

export interface Bar {
  label: string;
  value: number;
  /** Shown at the end of the bar and read by screen readers. */
  display: string;
}

/**
 * A horizontal bar chart drawn as plain SVG (no chart library). Values are non-negative;
 * bars scale to the largest. A table-like text alternative is given per bar.
 */
export function BarChart({ bars, title }: { bars: readonly Bar[]; title: string }) {
  const rowHeight = 28;
  const labelWidth = 150;
  const valueWidth = 110;
  const width = 560;
  const barSpace = width - labelWidth - valueWidth;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const height = bars.length * rowHeight;
  return (
    <svg
      className="bar-chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${title}: ${bars.map((b) => `${b.label} ${b.display}`).join(', ')}`}
    >
      {bars.map((bar, index) => {
        const y = index * rowHeight;
        const length = Math.max(2, (bar.value / max) * barSpace);
        return (
          <g key={`${bar.label}-${index}`}>
            <text className="bar-label" x={labelWidth - 8} y={y + rowHeight / 2} textAnchor="end">
              {bar.label.length > 20 ? `${bar.label.slice(0, 19)}…` : bar.label}
            </text>
            <rect
              className="bar"
              x={labelWidth}
              y={y + 6}
              width={length}
              height={rowHeight - 12}
              rx={3}
            />
            <text className="bar-value" x={labelWidth + length + 6} y={y + rowHeight / 2}>
              {bar.display}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
