// Units to SI (language.md § Lexical rules): bytes, bytes per second,
// seconds, hertz, and ratios as fractions. Decimal prefixes are powers of
// 1000, binary ones powers of 1024; a bit rate is an eighth of a byte rate.
import { DIMENSION_NAMES, type Dimension } from '../syntax/schema';

export { DIMENSION_NAMES };

export interface UnitInfo {
  readonly dimension: Exclude<Dimension, 'count'>;
  /** Multiply the written number by this to get SI. */
  readonly factor: number;
}

const sizes: Array<[string, number]> = [
  ['B', 1],
  ['KB', 1e3], ['kB', 1e3], ['MB', 1e6], ['GB', 1e9], ['TB', 1e12],
  ['KiB', 2 ** 10], ['MiB', 2 ** 20], ['GiB', 2 ** 30], ['TiB', 2 ** 40],
];

export const UNITS: ReadonlyMap<string, UnitInfo> = new Map<string, UnitInfo>([
  ...sizes.map(([unit, factor]): [string, UnitInfo] => [unit, { dimension: 'size', factor }]),
  ...sizes.map(([unit, factor]): [string, UnitInfo] => [`${unit}/s`, { dimension: 'byteRate', factor }]),
  ['b/s', { dimension: 'byteRate', factor: 1 / 8 }],
  ['Kb/s', { dimension: 'byteRate', factor: 1e3 / 8 }],
  ['kb/s', { dimension: 'byteRate', factor: 1e3 / 8 }],
  ['Mb/s', { dimension: 'byteRate', factor: 1e6 / 8 }],
  ['Gb/s', { dimension: 'byteRate', factor: 1e9 / 8 }],
  ['Tb/s', { dimension: 'byteRate', factor: 1e12 / 8 }],
  ['Mbps', { dimension: 'byteRate', factor: 1e6 / 8 }],
  ['Gbps', { dimension: 'byteRate', factor: 1e9 / 8 }],
  ['ns', { dimension: 'time', factor: 1e-9 }],
  ['us', { dimension: 'time', factor: 1e-6 }],
  ['\u00b5s', { dimension: 'time', factor: 1e-6 }],
  ['\u03bcs', { dimension: 'time', factor: 1e-6 }],
  ['ms', { dimension: 'time', factor: 1e-3 }],
  ['s', { dimension: 'time', factor: 1 }],
  ['Hz', { dimension: 'frequency', factor: 1 }],
  ['kHz', { dimension: 'frequency', factor: 1e3 }],
  ['MHz', { dimension: 'frequency', factor: 1e6 }],
  ['GHz', { dimension: 'frequency', factor: 1e9 }],
  ['fps', { dimension: 'frequency', factor: 1 }],
  ['%', { dimension: 'ratio', factor: 0.01 }],
]);


/** The dimension of a written unit, for messages (`got 10 ms`). */
export function dimensionOf(unit: string | undefined): Dimension | undefined {
  return unit === undefined ? 'count' : UNITS.get(unit)?.dimension;
}

/** The value of the digits as written: `1_000`, `3.5`, `-4`, `0x1000`. NaN when malformed. */
export function digitsValue(digits: string, isHex: boolean): number {
  const clean = digits.replace(/_/g, '');
  if (isHex) {
    const negative = clean.startsWith('-');
    const hex = clean.slice(negative ? 3 : 2);
    if (hex.length === 0) return Number.NaN;
    const value = Number.parseInt(hex, 16);
    return negative ? -value : value;
  }
  if (clean.length === 0 || clean === '-' || clean.endsWith('.')) return Number.NaN;
  return Number(clean);
}

/** `digits × factor`, dividing for sub-unit factors so that `5 us` is exactly 5e-6, not 4.999…e-6. */
export function toSI(digits: number, factor: number): number {
  return factor < 1 ? digits / Math.round(1 / factor) : digits * factor;
}
