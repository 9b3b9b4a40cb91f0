// Edits as the editor sends them, in offsets, and what they do to what was
// found before them: a diagnostic of the last analysis stays where its text
// is until the next analysis replaces it, so that typing in a large file
// does not make every finding blink out and back.
import type { Diagnostic, RelatedLocation } from '../model/index';
import type { Span, TextChange } from '../syntax/index';

export type { TextChange };

/**
 * Where `span` lies after `change`, or undefined when the change touches it:
 * an edit inside a span or at either end of it (typing after a name changes
 * the name) may have made its finding wrong.
 */
function shiftSpan(span: Span, change: TextChange): Span | undefined {
  if (span.end < change.start) return span;
  if (span.start > change.end) {
    const delta = change.text.length - (change.end - change.start);
    return { start: span.start + delta, end: span.end + delta };
  }
  return undefined;
}

/**
 * The diagnostics still standing after `changes`, moved with their text: one
 * whose own text the changes touch is dropped (its finding may be gone), a
 * related location the changes touch is left out, and what a quick fix
 * needs (`data`, written for the old text) is not carried. One without fix data
 * that lies wholly before every change is carried as it is, the same object.
 */
export function carryThrough(diagnostics: readonly Diagnostic[], changes: readonly TextChange[]): Diagnostic[] {
  const carried: Diagnostic[] = [];
  // Text before every change is as it was: a diagnostic wholly there is carried as the same object (its lines too are unchanged).
  let unchangedUntil = Infinity;
  for (const change of changes) unchangedUntil = Math.min(unchangedUntil, change.start);
  for (const diagnostic of diagnostics) {
    // What a quick fix needs may point anywhere in the text, so a diagnostic that has it is never carried as it is.
    if (diagnostic.data === undefined && diagnostic.span.end < unchangedUntil && (diagnostic.related ?? []).every((r) => r.span.end < unchangedUntil)) {
      carried.push(diagnostic);
      continue;
    }
    let span: Span | undefined = diagnostic.span;
    let related: RelatedLocation[] | undefined = diagnostic.related === undefined ? undefined : [...diagnostic.related];
    for (const change of changes) {
      span = shiftSpan(span, change);
      if (span === undefined) break;
      if (related !== undefined) related = related.flatMap((r) => {
        const moved = shiftSpan(r.span, change);
        return moved === undefined ? [] : [{ ...r, span: moved }];
      });
    }
    if (span === undefined) continue;
    const { data: _stale, related: _old, ...rest } = diagnostic;
    carried.push(related === undefined ? { ...rest, span } : { ...rest, span, related });
  }
  return carried;
}
