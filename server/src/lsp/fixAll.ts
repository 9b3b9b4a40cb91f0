// source.fixAll.dmatopo: every finding's fix in one edit, as ESLint's "fix
// all" does. The edits of one request must not overlap: of two fixes that
// touch the same text, the one further down waits, and running the action
// again applies it to the text the first one left.
import type { Diagnostic } from '../model/index';
import type { Fix } from '../rules/index';
import { lastStartingAtOrBefore } from '../syntax/spanSearch';
import type { SpanEdit } from './spanEdits';

/** A rule finding's fix, from its `data`. */
export function fixOf(diagnostic: Diagnostic): Fix | undefined {
  const fix = (diagnostic.data as { fix?: Fix } | undefined)?.fix;
  return fix === undefined || fix.edits.length === 0 ? undefined : fix;
}

/**
 * The edits of every fix among `diagnostics` that does not clash with one
 * taken before it (in the order of their first edit), in text order. An
 * edit another fix already makes (two flows missing the same map) is made
 * once. `fixed` counts the fixes taken.
 */
export function fixAllEdits(diagnostics: readonly Diagnostic[]): { edits: SpanEdit[]; fixed: number } {
  const fixes = diagnostics.flatMap((d) => fixOf(d) ?? []).map((fix) => ({ fix, first: Math.min(...fix.edits.map((e) => e.span.start)) }));
  fixes.sort((a, b) => a.first - b.first);
  const taken: SpanEdit[] = [];
  const made = new Set<string>();
  const key = (edit: SpanEdit): string => `${edit.span.start}:${edit.span.end}:${edit.newText}`;
  let fixed = 0;
  for (const { fix } of fixes) {
    const fresh = fix.edits.filter((edit) => !made.has(key(edit)));
    if (fresh.some((edit) => clashesWithTaken(taken, edit))) continue;
    for (const edit of fresh) {
      made.add(key(edit));
      taken.splice(upperBound(taken, edit.span.start), 0, edit);
    }
    fixed++;
  }
  return { edits: taken, fixed };
}

/**
 * Whether two edits cannot both be made: replacements that overlap, or an
 * insertion inside or at either end of a replacement (which side it lands
 * on would be a guess). Two insertions at one point both apply, in order.
 */
function clash(a: SpanEdit, b: SpanEdit): boolean {
  const aInserts = a.span.start === a.span.end;
  const bInserts = b.span.start === b.span.end;
  if (aInserts && bInserts) return false;
  if (aInserts) return b.span.start <= a.span.start && a.span.start <= b.span.end;
  if (bInserts) return a.span.start <= b.span.start && b.span.start <= a.span.end;
  return a.span.start < b.span.end && b.span.start < a.span.end;
}

/** `taken` is in text order and free of clashes, so only the edits just before `edit`'s end can reach it. */
function clashesWithTaken(taken: readonly SpanEdit[], edit: SpanEdit): boolean {
  for (let i = upperBound(taken, edit.span.end) - 1; i >= 0 && taken[i]!.span.end >= edit.span.start; i--) {
    if (clash(taken[i]!, edit)) return true;
  }
  return false;
}

/** The index of the first edit that starts after `offset`. */
function upperBound(edits: readonly SpanEdit[], offset: number): number {
  return lastStartingAtOrBefore(edits, offset) + 1;
}
