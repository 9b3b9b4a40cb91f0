// Whether a rename keeps what the file means. Keywords are contextual
// (syntax/tokens.ts): most words are names wherever a name can stand, but a
// body's property names are read as properties where a value may end and the
// next property begin (`passthrough nic0, memory 8 GiB`), so a new name that
// is a property of a body where the name stands alone as a value is refused. What no rule
// here foresees, the parser decides: each top-level declaration the rename
// edits is parsed again with the edits applied and must give the same tree,
// word for word but the renamed ones, with as many syntax errors as before.
import type { Snapshot } from '../analysis/snapshot';
import type { Span } from '../syntax/ast';
import { BODY_SCHEMA_MAPS, type BodyKind } from '../syntax/schema';
import { parseSlice } from '../syntax/index';
import { lastStartingAtOrBefore } from '../syntax/spanSearch';

/** A replacement of the text at `span`. */
export interface Replacement {
  readonly span: Span;
  readonly newText: string;
}

/**
 * Why `name` would be read as a property where one of `uses` stands — a
 * name that is a whole value by itself (`in ram`, `passthrough a, b`), not
 * a part of `host.name`, which its dot holds together — or undefined.
 */
export function propertyWhereUsed(snapshot: Snapshot, uses: readonly Span[], name: string): string | undefined {
  for (const use of uses) {
    const at = snapshot.nodeAt(use.start);
    const kind = at.bodyKind;
    if (at.propertyPart !== 'value' || kind === undefined || kind === 'host' || !BODY_SCHEMA_MAPS[kind].has(name)) continue;
    if (at.value?.kind === 'name' && (at.value.parts.length > 1 || at.value.hostRange !== undefined)) continue;
    const line = snapshot.lines.position(use.start).line + 1;
    return `'${name}' is a property of ${bodyName(kind)}: where '${snapshot.text.slice(use.start, use.end)}' is used on line ${line}, the new name would be read as that property`;
  }
  return undefined;
}

function bodyName(kind: BodyKind): string {
  switch (kind) {
    case 'device':
      return 'a device';
    case 'linkSpec':
      return 'a link';
    case 'iommu':
      return 'an iommu';
    case 'mr':
      return 'an mr';
    default:
      return `a ${kind}`;
  }
}

/**
 * The line of the first top-level declaration that `replacements` (sorted,
 * each inside a declaration) make the parser read differently, or undefined
 * when every one reads the same but for the renamed words.
 */
export function lineReadDifferently(snapshot: Snapshot, replacements: readonly Replacement[]): number | undefined {
  const { tree, text } = snapshot;
  const declarations = tree.declarations;
  let next = 0;
  while (next < replacements.length) {
    const first = replacements[next]!;
    const declaration = declarations[lastStartingAtOrBefore(declarations, first.span.start)];
    // A name is always inside the declaration that holds it; a replacement elsewhere is checked alone.
    const { start, end } = declaration !== undefined && first.span.end <= declaration.span.end ? declaration.span : first.span;
    const inside: Replacement[] = [];
    while (next < replacements.length && replacements[next]!.span.start < end) inside.push(replacements[next++]!);
    if (!readsTheSame(text, start, end, inside)) return snapshot.lines.position(first.span.start).line + 1;
  }
  return undefined;
}

/** Whether `text[start, end)` parses to the same tree once `replacements` are applied, but for their words. */
function readsTheSame(text: string, start: number, end: number, replacements: readonly Replacement[]): boolean {
  const before = parseSlice(text, start, end);
  let edited = '';
  let at = start;
  for (const { span, newText } of replacements) {
    edited += text.slice(at, span.start) + newText;
    at = span.end;
  }
  edited += text.slice(at, end);
  const after = parseSlice(edited, 0, edited.length);
  if (before.diagnostics.length !== after.diagnostics.length) return false;
  const renamed = new Map(replacements.map((r) => [r.span.start, r.newText]));
  return sameShape(before.declarations, after.declarations, renamed);
}

/** Keys that hold positions, which a rename moves. */
const POSITIONS = new Set(['start', 'end', 'span', 'digitsEnd', 'unitStart']);

/** The same tree but for positions, and for the words starting at a key of `renamed`, which must read as its value. */
function sameShape(before: unknown, after: unknown, renamed: ReadonlyMap<number, string>): boolean {
  if (before === after) return true;
  if (typeof before !== 'object' || typeof after !== 'object' || before === null || after === null) return false;
  if (Array.isArray(before)) return Array.isArray(after) && before.length === after.length && before.every((b, i) => sameShape(b, after[i], renamed));
  if (Object.getPrototypeOf(before) !== Object.getPrototypeOf(after)) return false;
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  // A word (`text` and its span): the renamed ones must read as their new name.
  const word = typeof b['text'] === 'string' ? renamed.get((b['span'] as Span).start) : undefined;
  for (const key of keys) {
    if (POSITIONS.has(key) || key.endsWith('Span')) continue;
    if (key === 'text' && word !== undefined) {
      if (a[key] !== word) return false;
    } else if (!sameShape(b[key], a[key], renamed)) return false;
  }
  return true;
}

