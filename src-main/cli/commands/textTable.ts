/** Which side of its column a cell sits on: text left, amounts right. */
export type Align = 'left' | 'right';

/**
 * Lays rows out as an aligned plain-text table: every column as wide as its widest
 * cell, two spaces between columns, no trailing spaces. Plain text on purpose, so the
 * output reads in any terminal and pastes cleanly into an email.
 */
export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[],
): string[] {
  const all = [header, ...rows];
  const widths = header.map((_cell, column) =>
    Math.max(...all.map((row) => (row[column] ?? '').length)),
  );
  return all.map((row) =>
    widths
      .map((width, column) => {
        const cell = row[column] ?? '';
        return align[column] === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd(),
  );
}
