// Every use of a name with the declaration it names, and every declared
// name: what go to definition, find references, rename and highlight read.
// The model records each use as it resolves it (`DiagnosticSink.use`: three
// numbers, no object); this pairs them with the tree's declarations, sorted
// once, so that each lookup is a binary search.
//
// A name is recorded where it is written, once: a use inside a template
// names the template's declaration however many hosts the template makes,
// and `h[0..9].nic0` names the one declaration of `nic0` the hosts share.
// Two spellings do not match their declaration letter for letter: a host of
// a range is used with its index (`node2` names `host node[0..3]`, whose
// name is `node`), and a range reference names each host it stands for
// (the `h` of `h[0..1].nic0` names `host h0` and `host h1` when they are
// declared one by one). Unresolved names (REF001) are not in the list; a name
// of the wrong kind (REF003) is, since it names that declaration.
import type { BodyDecl, HostDecl, ItemDecl, RangeBounds, Span, SyntaxTree, TemplateDecl } from '../syntax/ast';
import type { ItemKeyword } from '../syntax/tokens';

/** What a name declares: a top-level declaration, or an item by its keyword (`cpu`, `gpu`, `buffer`…). */
export type DeclarationKind = 'host' | 'template' | 'network' | 'flow' | ItemKeyword;

export interface NameDeclaration {
  /** The name as written (`node` for `host node[0..3]`). */
  readonly name: string;
  /** The name's span. */
  readonly span: Span;
  readonly kind: DeclarationKind;
  /** The host or template an item is declared in; undefined for a top-level name. */
  readonly container: HostDecl | TemplateDecl | undefined;
  /** The bounds of a host range: `host node[0..3]` declares `node0` … `node3`. */
  readonly range: RangeBounds | undefined;
  /** The whole declaration. */
  readonly node: HostDecl | TemplateDecl | BodyDecl | ItemDecl;
}

export interface NameReference {
  /** The name as written where it is used: one word, or one part of `host.name`. */
  readonly span: Span;
  readonly declaration: NameDeclaration;
}

/** A name at an offset: a declaration's own name, or a use naming one or more declarations. */
export interface NameOccurrence {
  readonly span: Span;
  readonly role: 'declaration' | 'reference';
  /** One, but for a range reference naming hosts declared one by one. */
  readonly declarations: readonly NameDeclaration[];
}

export class ReferenceList {
  /** Every declared name, in document order (duplicates, reported as REF002, included). */
  readonly declarations: readonly NameDeclaration[];
  private readonly declarationStarts: Int32Array;
  // The references, sorted by their start (then by declaration), one row per use and declaration.
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly targets: Int32Array;
  // The rows naming declaration d are byDeclaration[firstOf[d] .. firstOf[d + 1]), in document order.
  private readonly firstOf: Int32Array;
  private readonly byDeclaration: Int32Array;

  /** Pairs the uses the model recorded (`Analysis.uses`) with the declarations of `tree`. */
  constructor(tree: SyntaxTree, uses: Int32Array) {
    const declarations = declarationsOf(tree);
    this.declarations = declarations;
    this.declarationStarts = Int32Array.from(declarations, (d) => d.span.start);

    const count = Math.floor(uses.length / 3);
    const order = new Uint32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    order.sort((a, b) => uses[3 * a]! - uses[3 * b]! || uses[3 * a + 2]! - uses[3 * b + 2]!);
    const starts = new Int32Array(count);
    const ends = new Int32Array(count);
    const targets = new Int32Array(count);
    const perDeclaration = new Int32Array(declarations.length + 1);
    let rows = 0;
    for (const i of order) {
      const start = uses[3 * i]!;
      const target = indexAt(this.declarationStarts, uses[3 * i + 2]!);
      // The same use recorded again (each host a range reference expands to) is one row.
      if (target < 0 || (rows > 0 && starts[rows - 1] === start && targets[rows - 1] === target)) continue;
      starts[rows] = start;
      ends[rows] = uses[3 * i + 1]!;
      targets[rows] = target;
      perDeclaration[target + 1]!++;
      rows++;
    }
    this.starts = starts.subarray(0, rows);
    this.ends = ends.subarray(0, rows);
    this.targets = targets.subarray(0, rows);
    for (let d = 0; d < declarations.length; d++) perDeclaration[d + 1]! += perDeclaration[d]!;
    this.firstOf = perDeclaration;
    const filled = perDeclaration.slice(0, declarations.length);
    this.byDeclaration = new Int32Array(rows);
    for (let row = 0; row < rows; row++) this.byDeclaration[filled[this.targets[row]!]!++] = row;
  }

  /** How many references the list holds. */
  get size(): number {
    return this.starts.length;
  }

  /** Every reference, in document order. */
  all(): NameReference[] {
    const all: NameReference[] = [];
    for (let row = 0; row < this.starts.length; row++) all.push(this.row(row));
    return all;
  }

  /** The name at `offset`, its end included (a cursor right after a word is on it). */
  at(offset: number): NameOccurrence | undefined {
    const d = lastAtOrBefore(this.declarationStarts, offset);
    const declaration = this.declarations[d];
    if (declaration !== undefined && offset <= declaration.span.end) return { span: declaration.span, role: 'declaration', declarations: [declaration] };
    const last = lastAtOrBefore(this.starts, offset);
    if (last < 0 || offset > this.ends[last]!) return undefined;
    const start = this.starts[last]!;
    let first = last;
    while (first > 0 && this.starts[first - 1] === start) first--;
    const declarations: NameDeclaration[] = [];
    for (let row = first; row <= last; row++) declarations.push(this.declarations[this.targets[row]!]!);
    return { span: { start, end: this.ends[last]! }, role: 'reference', declarations };
  }

  /** Every use of `declaration`, in document order (the declaration's own name is not one). */
  referencesTo(declaration: NameDeclaration): NameReference[] {
    const d = indexAt(this.declarationStarts, declaration.span.start);
    if (d < 0 || this.declarations[d] !== declaration) return [];
    const references: NameReference[] = [];
    for (let k = this.firstOf[d]!; k < this.firstOf[d + 1]!; k++) references.push(this.row(this.byDeclaration[k]!));
    return references;
  }

  private row(row: number): NameReference {
    return { span: { start: this.starts[row]!, end: this.ends[row]! }, declaration: this.declarations[this.targets[row]!]! };
  }
}

/** Every name the tree declares, in document order: hosts and templates each followed by their items. */
function declarationsOf(tree: SyntaxTree): NameDeclaration[] {
  const declarations: NameDeclaration[] = [];
  for (const decl of tree.declarations) {
    if (decl.kind === 'link' || decl.kind === 'topology' || decl.name === undefined) continue;
    const range = decl.kind === 'host' ? decl.range : undefined;
    declarations.push({ name: decl.name.text, span: decl.name.span, kind: decl.kind, container: undefined, range, node: decl });
    if (decl.kind !== 'host' && decl.kind !== 'template') continue;
    for (const item of decl.items) {
      if (item.kind !== 'item' || item.name === undefined) continue;
      declarations.push({ name: item.name.text, span: item.name.span, kind: item.itemKind.text as ItemKeyword, container: decl, range: undefined, node: item });
    }
  }
  return declarations;
}

/** The last index whose value is at most `offset`, or -1. */
function lastAtOrBefore(sorted: Int32Array, offset: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! <= offset) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/** The index holding exactly `value`, or -1. */
function indexAt(sorted: Int32Array, value: number): number {
  const i = lastAtOrBefore(sorted, value);
  return i >= 0 && sorted[i] === value ? i : -1;
}
