// The keystroke parse: after an edit, re-lex and re-parse only the top-level
// declarations it touches and reuse the rest of the previous tree, with a
// result deep-equal to `parseText` of the new text (test/incremental.test.ts).
// rust-analyzer re-parses the nearest balanced `{}` block around an edit the
// same way (crates/syntax/src/parsing/reparsing.rs); our blocks are the
// top-level declarations.
//
// Where the text can be cut. Right after the `}` that closes the body of a
// top-level host, template, network or flow, the parse of the text before is
// independent of the text after, and the other way round:
// - the lexer: `}` is a one-character token and no token pattern reads past
//   it but comments and strings, which would then have swallowed it (their
//   unterminated forms run to the end of the slice);
// - the parser: it returns to the top of the file loop right after taking
//   that `}`; every lookahead predicate that meets a `}` decides on it alone
//   (none looks beyond a `}`); the merging of stray tokens into one
//   diagnostic needs adjacent tokens, and the `}` is not a stray one; the
//   missing-`}` flag is reset at each declaration.
// Links and the topology line end without a `}`, on what follows them: they
// are no cut, and are re-parsed with their neighbours.
//
// So an edit is re-parsed from the last cut of the previous tree before it,
// to a cut of the previous tree after it, which must still be a cut: the
// slice's last declaration closes its body on the slice's last character.
// An edit that opens a comment or a string, or removes a `}`, fails that
// check; the slice then grows to the next cut, then to twice as many, and
// at worst runs to the end of the text.
import type { Comment, Declaration, SyntaxDiagnostic, SyntaxTree } from './ast';
import { movedComment, movedDeclaration, movedDiagnostic } from './moved';
import { parseSlice, parseText } from './parse';

/**
 * One edit: `text` replaces `[start, end)` of the document as it was before
 * this edit. In a list, each edit is in the offsets of the document the
 * previous ones left, as LSP's `didChange` content changes are.
 */
export interface TextChange {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * The tree of `text`, which `changes` made from `previousText`, whose tree is
 * `previous`; deep-equal to `parseText(text)`. The declarations before the
 * first edit are `previous`'s own objects; those after it are `previous`'s
 * own too when the edits keep the length, else copies moved by the
 * difference. `previous` is not changed. Changes that do not fit the texts
 * (out of range, or lengths that do not add up) get a full parse.
 */
export function reparse(previous: SyntaxTree, previousText: string, text: string, changes: readonly TextChange[]): SyntaxTree {
  if (changes.length === 0) return text === previousText && previous.length === text.length ? previous : parseText(text);
  const edit = editedRange(previousText.length, changes);
  if (edit === undefined || previous.length !== previousText.length || text.length !== previousText.length + edit.delta) {
    return parseText(text);
  }
  const declarations = previous.declarations;
  // The last cut at or before the edit: the declarations before it are kept as they are.
  let kept = firstEndingAfter(declarations, edit.start);
  while (kept > 0 && !closesBody(declarations[kept - 1]!)) kept--;
  const from = kept === 0 ? 0 : declarations[kept - 1]!.span.end;
  // Cuts after the edit, tried in turn: the 1st, the 2nd, the 4th, the 8th…
  let wanted = 1;
  let found = 0;
  for (let index = firstEndingAfter(declarations, edit.oldEnd - 1); index < declarations.length; index++) {
    const declaration = declarations[index]!;
    if (!closesBody(declaration) || ++found < wanted) continue;
    wanted *= 2;
    const oldTo = declaration.span.end;
    const to = oldTo + edit.delta;
    const middle = parseSlice(text, from, to);
    const last = middle.declarations[middle.declarations.length - 1];
    if (last === undefined || !closesBody(last) || last.span.end !== to) continue;
    return joined(previous, kept, from, middle, index + 1, oldTo, edit.delta, text.length);
  }
  // No cut holds (or none follows): the rest of the text, from the last cut.
  return joined(previous, kept, from, parseSlice(text, from, text.length), declarations.length, Infinity, edit.delta, text.length);
}

/**
 * The part of the previous text the changes replaced, `[start, oldEnd)`, and
 * how much longer the text got; undefined when a change falls outside the
 * text it applies to.
 */
function editedRange(length: number, changes: readonly TextChange[]): { start: number; oldEnd: number; delta: number } | undefined {
  // In the current text, [start, end) is what the changes so far have written
  // over [start, oldEnd) of the previous text (`changes` is not empty).
  let start = Infinity;
  let end = -Infinity;
  let oldEnd = -Infinity;
  for (const change of changes) {
    if (!(Number.isInteger(change.start) && Number.isInteger(change.end) && 0 <= change.start && change.start <= change.end && change.end <= length)) {
      return undefined;
    }
    const delta = change.text.length - (change.end - change.start);
    if (start === Infinity) {
      oldEnd = change.end;
      end = change.end;
    } else if (change.end > end) {
      oldEnd += change.end - end;
      end = change.end;
    }
    start = Math.min(start, change.start);
    end += delta;
    length += delta;
  }
  return { start, oldEnd, delta: end - oldEnd };
}

/** Does the declaration end with the `}` of its own body, a cut of the text? */
function closesBody(declaration: Declaration): boolean {
  return declaration.kind !== 'link' && declaration.kind !== 'topology' && declaration.body !== undefined && declaration.body.closed;
}

/** The index of the first declaration ending after `offset` (declarations are in text order, apart). */
function firstEndingAfter(declarations: readonly Declaration[], offset: number): number {
  let low = 0;
  let high = declarations.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (declarations[mid]!.span.end > offset) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** The index of the first item starting at or after `offset`. */
function firstStartingFrom(items: readonly { readonly span: { readonly start: number } }[], offset: number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (items[mid]!.span.start >= offset) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * The previous tree before `from` (declarations up to `kept`), the slice
 * re-parsed, and the previous tree from `oldTo` on (declarations from
 * `resumed`), moved by `delta`. Comments and diagnostics are split at the
 * same cuts: none spans a cut, and each part's are in text order, so the
 * parts follow one another as in a full parse.
 */
function joined(
  previous: SyntaxTree,
  kept: number,
  from: number,
  middle: SyntaxTree,
  resumed: number,
  oldTo: number,
  delta: number,
  length: number,
): SyntaxTree {
  const declarations: Declaration[] = previous.declarations.slice(0, kept);
  declarations.push(...middle.declarations);
  const comments: Comment[] = previous.comments.slice(0, firstStartingFrom(previous.comments, from));
  comments.push(...middle.comments);
  const diagnostics: SyntaxDiagnostic[] = previous.diagnostics.slice(0, firstStartingFrom(previous.diagnostics, from));
  diagnostics.push(...middle.diagnostics);
  const afterComments = firstStartingFrom(previous.comments, oldTo);
  const afterDiagnostics = firstStartingFrom(previous.diagnostics, oldTo);
  if (delta === 0) {
    for (let i = resumed; i < previous.declarations.length; i++) declarations.push(previous.declarations[i]!);
    for (let i = afterComments; i < previous.comments.length; i++) comments.push(previous.comments[i]!);
    for (let i = afterDiagnostics; i < previous.diagnostics.length; i++) diagnostics.push(previous.diagnostics[i]!);
  } else {
    for (let i = resumed; i < previous.declarations.length; i++) declarations.push(movedDeclaration(previous.declarations[i]!, delta));
    for (let i = afterComments; i < previous.comments.length; i++) comments.push(movedComment(previous.comments[i]!, delta));
    for (let i = afterDiagnostics; i < previous.diagnostics.length; i++) diagnostics.push(movedDiagnostic(previous.diagnostics[i]!, delta));
  }
  return { declarations, comments, diagnostics, length };
}
