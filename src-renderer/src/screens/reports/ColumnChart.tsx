export interface ColumnSeries {
  name: string;
  tone: 'positive' | 'negative' | 'accent';
  values: readonly number[];
}

interface Props {
  title: string;
  labels: readonly string[];
  series: readonly ColumnSeries[];
  format: (value: number) => string;
}

/**
 * Grouped columns per month as hand-drawn SVG, with a zero line so negative values (a
 * negative net worth) hang below it. The accessible name lists every value.
 */
export function ColumnChart({ title, labels, series, format }: Props) {
  const width = 560;
  const height = 200;
  const bottomPad = 22;
  const plot = height - bottomPad;
  const all = series.flatMap((s) => s.values);
  const max = Math.max(0, ...all);
  const min = Math.min(0, ...all);
  const span = max - min || 1;
  const y = (v: number) => ((max - v) / span) * plot;
  const groupWidth = width / Math.max(1, labels.length);
  const barWidth = Math.min(28, (groupWidth * 0.7) / Math.max(1, series.length));
  const description = labels
    .map(
      (label, i) =>
        `${label}: ${series.map((s) => `${s.name} ${format(s.values[i] ?? 0)}`).join(', ')}`,
    )
    .join('; ');
  const labelEvery = Math.ceil(labels.length / 12);
  return (
    <figure className="column-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}. ${description}`}>
        <line className="chart-axis" x1={0} x2={width} y1={y(0)} y2={y(0)} />
        {labels.map((label, i) => {
          const groupX = i * groupWidth + (groupWidth - barWidth * series.length) / 2;
          return (
            <g key={label}>
              {series.map((s, j) => {
                const v = s.values[i] ?? 0;
                const top = Math.min(y(v), y(0));
                const h = Math.max(1, Math.abs(y(v) - y(0)));
                return (
                  <rect
                    key={s.name}
                    className={`chart-bar chart-${s.tone}`}
                    x={groupX + j * barWidth}
                    y={top}
                    width={barWidth - 2}
                    height={h}
                    rx={2}
                  >
                    <title>{`${label} · ${s.name}: ${format(v)}`}</title>
                  </rect>
                );
              })}
              {i % labelEvery === 0 && (
                <text
                  className="chart-label"
                  x={i * groupWidth + groupWidth / 2}
                  y={height - 6}
                  textAnchor="middle"
                >
                  {label.split(' ')[0]?.slice(0, 3)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      {series.length > 1 && (
        <figcaption className="chart-legend">
          {series.map((s) => (
            <span key={s.name} className="chart-legend-item">
              <svg viewBox="0 0 10 10" aria-hidden="true">
                <rect className={`chart-${s.tone}`} width="10" height="10" rx="2" />
              </svg>
              {s.name}
            </span>
          ))}
        </figcaption>
      )}
    </figure>
  );
}
