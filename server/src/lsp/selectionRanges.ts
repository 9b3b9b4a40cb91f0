// textDocument/selectionRange: what Expand Selection (Shift+Alt+Right)
// grows through from a cursor: the word, the value (`64 MiB`, `node0.halo`),
// the property, what is written between the body's braces, the body with
// its braces, the item or link, the host's items, the host's body, the
// declaration, and the whole document. Read from `nodeAt`'s pieces (binary
// searches), never from a scan of the file.
import type { SelectionRange } from 'vscode-languageserver';
import type { Snapshot } from '../analysis/snapshot';
import type { Body, Span } from '../syntax/ast';

export function selectionRanges(snapshot: Snapshot, offsets: readonly number[]): SelectionRange[] {
  return offsets.map((offset) => {
    let parent: SelectionRange | undefined;
    for (const span of selectionSpans(snapshot, offset).reverse()) {
      parent = parent === undefined ? { range: snapshot.lines.range(span) } : { range: snapshot.lines.range(span), parent };
    }
    return parent!;
  });
}

/**
 * The spans Expand Selection goes through at `offset`, innermost first: each
 * holds the offset (its end included: a cursor right after a word is on it)
 * and is strictly larger than the one before, which it holds. The last is
 * the whole document.
 */
export function selectionSpans(snapshot: Snapshot, offset: number): Span[] {
  const { text } = snapshot;
  const at = snapshot.nodeAt(offset);
  const candidates: Array<Span | undefined> = [at.span, at.node?.span, at.value?.span, at.property?.span];
  if (at.value?.kind === 'name' && at.value.hostRange !== undefined) candidates.push(at.value.hostRange.span);
  const item = at.item;
  if (item?.kind === 'item') candidates.push(...bodySpans(item.body, text));
  if (item?.kind === 'link') candidates.push(item.spec?.span);
  candidates.push(item?.span);
  if (at.host !== undefined) candidates.push(...bodySpans(at.host.body, text));
  const declaration = at.declaration;
  if (declaration?.kind === 'network' || declaration?.kind === 'flow') candidates.push(...bodySpans(declaration.body, text));
  if (declaration?.kind === 'link') candidates.push(declaration.spec?.span);
  candidates.push(declaration?.span, { start: 0, end: text.length });

  // Nested spans that hold one offset are ordered by their length; a span equal to the one before adds nothing.
  const holding = candidates.filter((span): span is Span => span !== undefined && span.start <= at.offset && at.offset <= span.end);
  holding.sort((a, b) => a.end - a.start - (b.end - b.start));
  const chain: Span[] = [];
  for (const span of holding) {
    const inner = chain[chain.length - 1];
    if (inner === undefined || (span.start <= inner.start && inner.end <= span.end && span.end - span.start > inner.end - inner.start)) chain.push(span);
  }
  return chain;
}

/** What is written between a body's braces (without the space around it), then the body with its braces. */
function bodySpans(body: Body | undefined, text: string): Span[] {
  if (body === undefined) return [];
  let start = text.charCodeAt(body.span.start) === 123 /* { */ ? body.span.start + 1 : body.span.start;
  let end = body.closed ? body.span.end - 1 : body.span.end;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return end > start ? [{ start, end }, body.span] : [body.span];
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;
