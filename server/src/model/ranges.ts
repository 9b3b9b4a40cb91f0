// Host ranges: `node[0..15]` declares node0 … node15 (language.md § Lexical rules).
import type { RangeBounds } from '../syntax/ast';
import type { DiagnosticSink } from './diagnostics';
import { digitsValue } from './units';

/** A range may declare at most this many hosts (language.md: more is VAL001). */
export const MAX_RANGE_HOSTS = 4096;

/** The bounds of a range, or undefined when it is invalid (reported). */
export function rangeBounds(range: RangeBounds, sink: DiagnosticSink): { low: number; high: number } | undefined {
  const bounds: number[] = [];
  for (const bound of [range.low, range.high]) {
    if (bound.unit !== undefined) {
      sink.error('UNIT001', `a range bound is a whole number, got '${bound.digits} ${bound.unit}'`, bound.span);
      return undefined;
    }
    const value = digitsValue(bound.digits, bound.isHex);
    if (!Number.isInteger(value) || value < 0) {
      sink.error('VAL001', `a range bound is a whole number of at least 0, got '${bound.digits}'`, bound.span);
      return undefined;
    }
    bounds.push(value);
  }
  const [low, high] = bounds as [number, number];
  if (high < low) {
    sink.error('VAL001', `the range ${low}..${high} is empty: write the lower bound first`, range.span);
    return undefined;
  }
  if (high - low + 1 > MAX_RANGE_HOSTS) {
    sink.error('VAL001', `the range ${low}..${high} declares ${high - low + 1} hosts; at most ${MAX_RANGE_HOSTS} are allowed`, range.span);
    return undefined;
  }
  return { low, high };
}

/** The indices low..high. */
export function indicesOf(bounds: { readonly low: number; readonly high: number }): number[] {
  const indices: number[] = [];
  for (let i = bounds.low; i <= bounds.high; i++) indices.push(i);
  return indices;
}
