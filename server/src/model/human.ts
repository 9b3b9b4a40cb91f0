// Figures in human units, for messages, tables and hovers: rates in B/s
// with decimal prefixes (as link vendors quote them), sizes in binary
// prefixes, times in s/ms/µs/ns, three significant digits.

export function formatRate(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond)) return 'unbounded';
  return scaled(bytesPerSecond, 1000, ['B/s', 'kB/s', 'MB/s', 'GB/s', 'TB/s']);
}

export function formatBytes(bytes: number): string {
  return bytes === 0 ? '0' : scaled(bytes, 1024, ['B', 'KiB', 'MiB', 'GiB', 'TiB']);
}

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'never';
  if (seconds === 0) return '0';
  const units: Array<[number, string]> = [[1, 's'], [1e-3, 'ms'], [1e-6, 'µs'], [1e-9, 'ns']];
  for (const [scale, unit] of units) if (seconds >= scale) return `${significant(seconds / scale)} ${unit}`;
  return `${significant(seconds / 1e-9)} ns`;
}

export function formatShare(ratio: number): string {
  return ratio === 0 ? '0' : `${significant(ratio * 100)} %`;
}

function scaled(value: number, base: number, units: readonly string[]): string {
  let index = 0;
  while (value >= base && index < units.length - 1) {
    value /= base;
    index++;
  }
  return `${significant(value)} ${units[index]}`;
}

/** Three significant digits, no trailing zeros. */
export function significant(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

