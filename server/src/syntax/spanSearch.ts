// Binary searches over nodes in text order (a tree's declarations, items,
// comments; edits): every feature that finds what is at an offset or in a
// range uses these instead of a scan, so that a request costs log n.
import type { Span } from './ast';

export interface Spanned {
  readonly span: Span;
}

/** The first index at which `before(index)` is false, `before` being true for a prefix of `0 … length-1` and false after it. */
export function partitionPoint(length: number, before: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(middle)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first of `nodes` that ends at or after `offset`: where the nodes a range from `offset` overlaps begin. */
export function firstEndingAtOrAfter(nodes: readonly Spanned[], offset: number): number {
  return partitionPoint(nodes.length, (i) => nodes[i]!.span.end < offset);
}

/** The last of `nodes` that starts at or before `offset`, or -1. */
export function lastStartingAtOrBefore(nodes: readonly Spanned[], offset: number): number {
  return partitionPoint(nodes.length, (i) => nodes[i]!.span.start <= offset) - 1;
}
