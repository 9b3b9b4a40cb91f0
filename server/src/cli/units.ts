// Tables for the command line; the figures' human units come from the model layer.
export { formatBytes, formatRate, formatSeconds, formatShare } from '../model/human';

/** Rows under a header, columns padded; numbers right-aligned. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...all.map((row) => row[col]!.length)));
  const numeric = header.map((_, col) => rows.length > 0 && rows.every((row) => /^[\d.]+( |$)|^(unbounded|never)$/.test(row[col]!)));
  return all.map((row) => row.map((cell, col) => (numeric[col] ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!))).join('  ').trimEnd());
}
