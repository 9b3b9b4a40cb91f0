// textDocument/semanticTokens (full, delta and range): what each word is,
// from the tree and the resolved names, over the TextMate grammar's guess
// from one line. Keywords are contextual, so `host size {}` declares a host
// named `size`, and only the tree knows; `in gpu0` names a device and
// `in ram0` a memory, and only the resolved names know.
//
// The token types are the standard ones themes colour, but for `unit`,
// declared in package.json (`contributes.semanticTokenTypes`, a subtype of
// `number`, scoped as the grammar scopes units):
//
//   host                                   namespace   qualifies its items' names: node0.halo
//   template                               class       hosts are made from it
//   network                                interface   where hosts' NICs meet
//   cpu memory iommu switch vm, devices    struct      the hardware of a host
//   buffer mr                              variable    the data moved and registered
//   flow                                   function    moves data
//   a flow's `group`                       event       its flows run at the same time
//   property keys                          property
//   enum values, link kinds, gen4 x16, rw  enumMember  + defaultLibrary: the language's own words
//   topology host … cpu gpu … map          keyword     only where the word is the keyword
//   digits / their unit                    number / unit
//   the topology's title                   string
//   comments                               comment     in a disable comment, its directive is a
//                                                      `decorator` and each rule code an enumMember
//
// A name gets its declaration's type, with `declaration` where it is
// declared. What the tree does not hold or the model did not accept (an
// unresolved name, an invalid enum value or unit, a stray word) gets no
// token: the grammar's colour stays, `invalid` where it can tell, and the
// diagnostic's squiggle says why.
//
// Every token is on one line (a block comment is cut at its line breaks),
// since clients need not support tokens across lines. What the client holds,
// for the delta request, is kept in semanticTokenResults.ts.
import { SemanticTokensBuilder, type SemanticTokensLegend } from 'vscode-languageserver';
import type { Snapshot } from '../analysis/snapshot';
import { UNITS, type DeclarationKind, type LineIndex, type ReferenceList } from '../model/index';
import { GENERATIONS, LANES } from '../model/links';
import type { MapAccess } from '../model/types';
import { RULES } from '../rules/index';
import { disableDirective } from '../syntax/directives';
import { BODY_SCHEMA_MAPS, bodyKindOfItem, LINK_KINDS, type BodyKind, type PropertySpec } from '../syntax/schema';
import type { Comment, Declaration, HostItem, LinkDecl, NumberValue, Property, QualifiedName, Span, Value, Word } from '../syntax/ast';
import { firstEndingAtOrAfter } from '../syntax/spanSearch';

const TOKEN_TYPES = [
  'namespace', 'class', 'interface', 'struct', 'variable', 'function', 'event', 'property', 'enumMember', 'keyword', 'number', 'unit', 'string', 'comment', 'decorator',
] as const;
const TOKEN_MODIFIERS = ['declaration', 'defaultLibrary'] as const;

type TokenType = (typeof TOKEN_TYPES)[number];

/** The legend of the `semanticTokensProvider` capability: the data's type and modifier numbers index these lists. */
export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

const type = (name: TokenType): number => TOKEN_TYPES.indexOf(name);
const DECLARATION = 1 << TOKEN_MODIFIERS.indexOf('declaration');
const DEFAULT_LIBRARY = 1 << TOKEN_MODIFIERS.indexOf('defaultLibrary');

const KEYWORD = type('keyword');
const PROPERTY = type('property');
const ENUM_MEMBER = type('enumMember');
const NUMBER = type('number');
const UNIT = type('unit');
const STRING = type('string');
const COMMENT = type('comment');
const DECORATOR = type('decorator');
const EVENT = type('event');

/** The token type of what a name declares. */
const NAME_TYPES: Readonly<Record<DeclarationKind, number>> = {
  host: type('namespace'),
  template: type('class'),
  network: type('interface'),
  flow: type('function'),
  cpu: type('struct'),
  memory: type('struct'),
  iommu: type('struct'),
  switch: type('struct'),
  vm: type('struct'),
  gpu: type('struct'),
  nic: type('struct'),
  nvme: type('struct'),
  camera: type('struct'),
  dma: type('struct'),
  fpga: type('struct'),
  buffer: type('variable'),
  mr: type('variable'),
};

const MAP_ACCESS: ReadonlySet<MapAccess> = new Set<MapAccess>(['read', 'write', 'rw']);
const LAYOUTS: ReadonlySet<string> = new Set(['contiguous', 'scattered']);
const LINK_WORDS: ReadonlySet<string> = new Set([...GENERATIONS, ...LANES]);
const LINK_KIND_WORDS: ReadonlySet<string> = new Set(LINK_KINDS);
const RULE_CODES: ReadonlySet<string> = new Set(RULES.map((rule) => rule.meta.code));

/**
 * The tokens of the document, or of the part of it `span` touches, encoded as
 * LSP sends them (five numbers a token, each position relative to the one
 * before). A range walks only the declarations, items and comments it
 * touches, found by binary search; the whole document is one walk of the
 * tree, with the comments merged in as it goes.
 */
export function semanticTokens(snapshot: Snapshot, span?: Span): number[] {
  const { tree, references, lines, text } = snapshot;
  const from = span?.start ?? 0;
  const to = span?.end ?? text.length;
  const stream = new TokenStream(text, lines, tree.comments, from, to);
  const walk = new TreeTokens(references, text, stream, from, to);
  const declarations = tree.declarations;
  for (let i = firstEndingAtOrAfter(declarations, from); i < declarations.length && declarations[i]!.span.start <= to; i++) walk.declaration(declarations[i]!);
  return stream.finish();
}

class TreeTokens {
  constructor(
    private readonly references: ReferenceList,
    private readonly text: string,
    private readonly stream: TokenStream,
    private readonly from: number,
    private readonly to: number,
  ) {}

  declaration(decl: Declaration): void {
    this.push(decl.keyword.span, KEYWORD);
    switch (decl.kind) {
      case 'topology': {
        // The title: from its opening quote to the declaration's end (a string never crosses a line).
        let quote = decl.keyword.span.end;
        while (quote < decl.span.end && this.text.charCodeAt(quote) !== 34 /* " */) quote++;
        if (quote < decl.span.end) this.push({ start: quote, end: decl.span.end }, STRING);
        return;
      }
      case 'host':
      case 'template': {
        this.declared(decl.name, decl.kind);
        if (decl.kind === 'host') {
          if (decl.range !== undefined) {
            this.number(decl.range.low);
            this.number(decl.range.high);
          }
          if (decl.template !== undefined) this.reference(decl.template);
        }
        const items = decl.items;
        for (let i = firstEndingAtOrAfter(items, this.from); i < items.length && items[i]!.span.start <= this.to; i++) this.item(items[i]!);
        return;
      }
      case 'network':
      case 'flow':
        this.declared(decl.name, decl.kind);
        if (decl.body !== undefined) this.properties(decl.body.properties, decl.kind);
        return;
      case 'link':
        this.linkRest(decl);
        return;
    }
  }

  private item(item: HostItem): void {
    this.push(item.kind === 'item' ? item.itemKind.span : item.keyword.span, KEYWORD);
    switch (item.kind) {
      case 'item':
        this.declared(item.name, item.itemKind.text as DeclarationKind);
        if (item.body !== undefined) this.properties(item.body.properties, bodyKindOfItem(item.itemKind.text));
        return;
      case 'link':
        this.linkRest(item);
        return;
      case 'map':
        if (item.device !== undefined) this.reference(item.device);
        if (item.buffer !== undefined) this.reference(item.buffer);
        if (item.access !== undefined && MAP_ACCESS.has(item.access.text as MapAccess)) this.push(item.access.span, ENUM_MEMBER, DEFAULT_LIBRARY);
        return;
    }
  }

  /** A link after its keyword: its ends, its kind, its arguments and options. */
  private linkRest(link: LinkDecl): void {
    if (link.from !== undefined) this.names(link.from);
    if (link.to !== undefined) this.names(link.to);
    const spec = link.spec;
    if (spec === undefined) return;
    if (spec.linkKind !== undefined && LINK_KIND_WORDS.has(spec.linkKind.text)) this.push(spec.linkKind.span, ENUM_MEMBER, DEFAULT_LIBRARY);
    for (const arg of spec.args) {
      if (arg.kind === 'number') this.number(arg);
      else if (arg.parts.length === 1 && LINK_WORDS.has(arg.parts[0]!.text)) this.push(arg.span, ENUM_MEMBER, DEFAULT_LIBRARY);
    }
    this.properties(spec.options, 'linkSpec');
  }

  private properties(properties: readonly Property[], kind: BodyKind): void {
    const schema = BODY_SCHEMA_MAPS[kind];
    for (const property of properties) {
      if (property.span.end < this.from) continue;
      if (property.span.start > this.to) return;
      this.push(property.key.span, PROPERTY);
      const spec = schema.get(property.key.text);
      for (const value of property.values) this.value(value, spec);
    }
  }

  private value(value: Value, spec: PropertySpec | undefined): void {
    if (value.kind === 'number') {
      this.number(value);
      return;
    }
    const valueType = spec?.value.type;
    if (valueType === 'ref') {
      this.names(value);
      return;
    }
    if (value.parts.length !== 1) return;
    const word = value.parts[0]!;
    if (spec?.value.type === 'enum' ? spec.value.values.includes(word.text) : valueType === 'layout' && LAYOUTS.has(word.text)) {
      this.push(word.span, ENUM_MEMBER, DEFAULT_LIBRARY);
    } else if (valueType === 'name') {
      this.push(word.span, EVENT);
    }
  }

  /** A name that refers to declarations: each part (and the bounds of `node[0..3].nic0`). */
  private names(name: QualifiedName): void {
    this.reference(name.parts[0]!);
    if (name.hostRange !== undefined) {
      this.number(name.hostRange.low);
      this.number(name.hostRange.high);
    }
    if (name.parts.length > 1) this.reference(name.parts[1]!);
  }

  /** A use of a name, as what it names; an unresolved one gets no token. */
  private reference(word: Word): void {
    if (word.span.end < this.from || word.span.start > this.to) return;
    const occurrence = this.references.at(word.span.start);
    if (occurrence === undefined || occurrence.role !== 'reference' || occurrence.span.start !== word.span.start) return;
    this.push(word.span, NAME_TYPES[occurrence.declarations[0]!.kind]);
  }

  private declared(name: Word | undefined, kind: DeclarationKind): void {
    if (name !== undefined) this.push(name.span, NAME_TYPES[kind], DECLARATION);
  }

  private number(value: NumberValue): void {
    this.push(value.digitsSpan, NUMBER);
    // A hex number takes no unit, and an unknown one is UNIT001: both keep the grammar's `invalid` colour.
    if (value.unitSpan !== undefined && !value.isHex && UNITS.has(value.unit!)) this.push(value.unitSpan, UNIT);
  }

  private push(span: Span, tokenType: number, modifiers = 0): void {
    if (span.end <= span.start || span.end < this.from || span.start > this.to) return;
    this.stream.push(span.start, span.end - span.start, tokenType, modifiers);
  }
}

/**
 * Tokens in document order to LSP's encoding: the comments the range touches
 * are merged in before each token of the tree, and each token's line is
 * counted on from the last one's, so that a whole document costs one pass
 * over its text.
 */
class TokenStream {
  private readonly builder = new SemanticTokensBuilder();
  /** The next comment to merge in. */
  private comment: number;
  /** Where the line count stands: `line` starts at `lineStart`, and the text before `scanned` is counted. */
  private line = -1;
  private lineStart = 0;
  private scanned = 0;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly comments: readonly Comment[],
    private readonly from: number,
    private readonly to: number,
  ) {
    this.comment = firstEndingAtOrAfter(comments, from);
  }

  /** A token of the tree, after the comments before it. */
  push(start: number, length: number, tokenType: number, modifiers: number): void {
    this.commentsBefore(start);
    this.emit(start, length, tokenType, modifiers);
  }

  /** The encoded tokens, with the comments after the last token of the tree. */
  finish(): number[] {
    this.commentsBefore(Math.min(this.to, this.text.length) + 1);
    return this.builder.build().data;
  }

  private commentsBefore(offset: number): void {
    const comments = this.comments;
    for (; this.comment < comments.length && comments[this.comment]!.span.start < offset && comments[this.comment]!.span.start <= this.to; this.comment++) {
      const comment = comments[this.comment]!;
      let at = comment.span.start;
      if (disableDirective(comment) !== undefined) {
        for (const [start, end, tokenType, modifiers] of directivePieces(comment)) {
          this.commentLines(at, start);
          this.emit(start, end - start, tokenType, modifiers);
          at = end;
        }
      }
      this.commentLines(at, comment.span.end);
    }
  }

  /** Comment tokens for `start`..`end`, one per line, from its first character that is not a space. */
  private commentLines(start: number, end: number): void {
    const text = this.text;
    let from = start;
    for (let i = start; i <= end; i++) {
      const c = i < end ? text.charCodeAt(i) : 10;
      if ((c === 32 || c === 9) && from === i) from++;
      else if (c === 10 || c === 13) {
        if (i > from) this.emit(from, i - from, COMMENT, 0);
        from = i + 1;
      }
    }
  }

  private emit(start: number, length: number, tokenType: number, modifiers: number): void {
    // A line of a block comment the range does not touch.
    if (start + length < this.from || start > this.to) return;
    if (this.line < 0) {
      const { line, character } = this.lines.position(start);
      this.line = line;
      this.lineStart = start - character;
    } else {
      // Line breaks as LineIndex counts them: \n, \r\n, and \r alone.
      const text = this.text;
      for (let i = this.scanned; i < start; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
          this.line++;
          this.lineStart = i + 1;
        }
      }
    }
    this.scanned = start;
    this.builder.push(this.line, start - this.lineStart, length, tokenType, modifiers);
  }
}

/** In a disable comment, `dmatopo-disable-next-line` and each rule code it names, as [start, end, type, modifiers]. */
function directivePieces(comment: Comment): Array<[number, number, number, number]> {
  const pieces: Array<[number, number, number, number]> = [];
  const pattern = /dmatopo-disable(?:-next-line)?|[A-Z][A-Z0-9]*[0-9]/g;
  for (let match = pattern.exec(comment.text); match !== null; match = pattern.exec(comment.text)) {
    const start = comment.span.start + match.index;
    const word = match[0];
    if (pieces.length === 0) {
      // The directive comes first, right after the comment's opening.
      if (!word.startsWith('dmatopo-disable')) break;
      pieces.push([start, start + word.length, DECORATOR, 0]);
    } else if (RULE_CODES.has(word)) {
      pieces.push([start, start + word.length, ENUM_MEMBER, DEFAULT_LIBRARY]);
    }
  }
  return pieces;
}

