// What is at an offset of a document, for the editor's features: the
// innermost node holding it and its context (the top-level declaration, the
// host or template, the item, the body and its schema's kind, the property
// and which of its values), what the offset is on (a name, a number, a unit,
// a keyword, a comment, whitespace), and `slot`: what may be written there,
// which completion reads. Binary searches over the sorted declarations,
// items, properties and values: O(log n + depth), never a scan of the file.
//
// A cursor right after a word is on it, as editors expect. A body left open
// (`cpu s0 { cores 16` and the end of the file) reaches to the next item or
// declaration, where the parser closed it. Something left unfinished on its
// line continues there: after `mode `, `map nic0 -> `, `size 64 ` or
// `link a -- b : `, the slot is its missing part (the value, the buffer, the
// unit, the link kind); on the next line, a new property or item.
import type {
  Body,
  BodyDecl,
  Comment,
  Declaration,
  HostDecl,
  HostItem,
  ItemDecl,
  LinkDecl,
  LinkSpec,
  NumberValue,
  Property,
  QualifiedName,
  RangeBounds,
  Span,
  SyntaxTree,
  TemplateDecl,
  Value,
  Word,
} from './ast';
import { BODY_SCHEMA_MAPS, bodyKindOfItem, type BodyKind, type PropertySpec } from './schema';
import { lastStartingAtOrBefore } from './spanSearch';

/** What the offset is on. `whitespace` is anything between tokens, punctuation included; `stray` a word the tree does not hold (misplaced, or being typed). */
export type TokenClass = 'keyword' | 'name' | 'word' | 'number' | 'unit' | 'string' | 'comment' | 'stray' | 'whitespace';

/** What may be written at the offset. */
export type Slot =
  | 'declaration' //      a top-level keyword: host, template, link, network, flow
  | 'declarationName' //  the name a declaration or an item introduces
  | 'title' //            the string of `topology`
  | 'range' //            the bounds of `host node[0..3]`
  | 'template' //         the template of `host h : …`
  | 'item' //             a host item: cpu, memory, …, link, map
  | 'property' //         a property of `bodyKind`
  | 'value' //            value `valueIndex` of `property`
  | 'unit' //             the unit of the number `value`
  | 'linkEnd' //          an end of a link (`valueIndex` 0 or 1)
  | 'linkKind' //         pcie, infiniband, ethernet, nvlink, bus
  | 'linkArgument' //     `gen4`, `x16`, or a rate (`valueIndex`)
  | 'mapDevice'
  | 'mapBuffer'
  | 'mapAccess';

export type SyntaxNode = Declaration | HostItem | Body | LinkSpec | Property | Value | Word | RangeBounds | Comment;

export interface NodeAt {
  /** The offset looked at, within the text. */
  readonly offset: number;
  /** The innermost node holding the offset; undefined between declarations. */
  readonly node: SyntaxNode | undefined;
  /** The top-level declaration holding it. */
  readonly declaration: Declaration | undefined;
  /** The host or template whose body holds it. */
  readonly host: HostDecl | TemplateDecl | undefined;
  /** The host item holding it (`gpu g { … }`, a link, a map). */
  readonly item: HostItem | undefined;
  /** The body whose inside holds it: a host's or template's (`host`), or one of the schema's. */
  readonly bodyKind: BodyKind | 'host' | undefined;
  /** The property whose key or value holds it (or whose value it would be). */
  readonly property: Property | undefined;
  readonly propertyPart: 'key' | 'value' | undefined;
  /** The index of the value, link argument or link end at the offset. */
  readonly valueIndex: number | undefined;
  readonly value: Value | undefined;
  /** In a name, which part: 0 for a bare name or the host of `host.name`, 1 for what follows the dot. */
  readonly namePart: number | undefined;
  readonly token: TokenClass;
  /** The span of the token at the offset (a word, a number's digits or its unit, a comment); undefined on whitespace. */
  readonly span: Span | undefined;
  /** Undefined in a comment or a string, and where nothing may be written. */
  readonly slot: Slot | undefined;
}

type State = { -readonly [K in keyof NodeAt]: NodeAt[K] };

/** A stray word longer than this is not looked for (assumed: no name worth completing is longer). */
const MAX_STRAY_WORD = 1024;

/** What is at `offset` of `text`, whose tree is `tree`. */
export function nodeAt(tree: SyntaxTree, text: string, offset: number): NodeAt {
  const at = Math.max(0, Math.min(offset, text.length));
  const s: State = {
    offset: at,
    node: undefined,
    declaration: undefined,
    host: undefined,
    item: undefined,
    bodyKind: undefined,
    property: undefined,
    propertyPart: undefined,
    valueIndex: undefined,
    value: undefined,
    namePart: undefined,
    token: 'whitespace',
    span: undefined,
    slot: 'declaration',
  };
  // A word the tree does not hold ends the gap it continues: `size 64 Mi|` is in the unit of 64.
  const stray = wordAround(text, at);
  const walk = new Walk(s, text, stray?.start ?? at);
  const declarations = tree.declarations;
  const i = lastStartingAtOrBefore(declarations, at);
  if (i < 0 || !walk.declaration(declarations[i]!, declarations[i + 1]?.span.start ?? text.length)) {
    const previous = declarations[i];
    if (previous !== undefined && walk.continues(previous.span)) walk.continueDeclaration(previous);
    if (s.slot === 'declaration' && s.declaration === undefined) walk.unfinishedLinkOrMap(false);
  }
  if (s.token === 'whitespace' && stray !== undefined) {
    s.token = 'stray';
    s.span = stray;
  }
  const comment = commentAt(tree.comments, at);
  if (comment !== undefined) {
    // The comment is between whatever the walk found: keep where it is (declaration, host, item, body), not what it is on.
    walk.set({ node: comment, token: 'comment', span: comment.span, slot: undefined });
    walk.set({ property: undefined, propertyPart: undefined, valueIndex: undefined, value: undefined, namePart: undefined });
  }
  return s;
}

class Walk {
  private readonly at: number;

  constructor(
    private readonly s: State,
    private readonly text: string,
    /** Where the gap before the offset ends: the offset, or the start of the stray word it is on. */
    private readonly gapEnd: number,
  ) {
    this.at = s.offset;
  }

  /** Whether `declaration` (ending before `limit`, the next one's start) holds the offset; fills the state if so. */
  declaration(decl: Declaration, limit: number): boolean {
    switch (decl.kind) {
      case 'topology':
        return this.topology(decl);
      case 'host':
      case 'template':
        return this.hostDecl(decl, limit);
      case 'network':
      case 'flow':
        return this.bodyDecl(decl, limit);
      case 'link':
        if (this.at > decl.span.end) return false;
        this.s.declaration = decl;
        this.link(decl, 'declaration');
        return true;
    }
  }

  /** After `previous` on the same line: its missing part (a top-level link's). */
  continueDeclaration(previous: Declaration): void {
    if (previous.kind === 'link' && this.continueLink(previous)) this.s.declaration = previous;
    else if (previous.kind !== 'topology' && previous.kind !== 'link' && previous.name === undefined) {
      this.s.declaration = previous;
      this.s.slot = 'declarationName';
    }
  }

  private topology(decl: Extract<Declaration, { kind: 'topology' }>): boolean {
    const { s, at, text } = this;
    if (at > decl.span.end) return false;
    s.declaration = decl;
    if (this.on(decl.keyword, 'keyword', 'declaration')) return true;
    s.node = decl;
    s.slot = 'title';
    const quote = text.indexOf('"', decl.keyword.span.end);
    const closed = decl.span.end - quote >= 2 && text.charCodeAt(decl.span.end - 1) === 34; /* " */
    if (quote >= 0 && quote < decl.span.end && at > quote && (at < decl.span.end || !closed)) {
      s.token = 'string';
      s.span = { start: quote, end: decl.span.end };
    }
    return true;
  }

  private hostDecl(decl: HostDecl | TemplateDecl, limit: number): boolean {
    const { s, at } = this;
    const body = decl.body;
    if (at > regionEnd(decl.span, body, limit) || afterClose(body, at)) return false;
    s.declaration = decl;
    s.host = decl;
    if (this.on(decl.keyword, 'keyword', 'declaration') || this.on(decl.name, 'name', 'declarationName')) return true;
    if (decl.kind === 'host') {
      if (decl.range !== undefined && within(decl.range.span, at)) {
        this.range(decl.range);
        return true;
      }
      if (this.on(decl.template, 'name', 'template')) return true;
    }
    const inside = interior(body, this.text, limit, decl.items);
    if (inside !== undefined && at >= inside.start && at <= inside.end) {
      s.node = body;
      s.bodyKind = 'host';
      this.items(decl.items, inside.end);
      return true;
    }
    // The header, before the body.
    s.node = decl;
    const afterName = decl.kind === 'host' ? (decl.range?.span.end ?? decl.name?.span.end) : decl.name?.span.end;
    if (decl.name === undefined) s.slot = 'declarationName';
    else if (decl.kind === 'host' && decl.template === undefined && afterName !== undefined && this.only(':', afterName)) s.slot = 'template';
    else s.slot = undefined;
    return true;
  }

  private bodyDecl(decl: BodyDecl, limit: number): boolean {
    const { s, at } = this;
    const body = decl.body;
    if (at > regionEnd(decl.span, body, limit) || afterClose(body, at)) return false;
    s.declaration = decl;
    if (this.on(decl.keyword, 'keyword', 'declaration') || this.on(decl.name, 'name', 'declarationName')) return true;
    const inside = interior(body, this.text, limit, undefined);
    if (inside !== undefined && at >= inside.start && at <= inside.end) {
      s.node = body;
      s.bodyKind = decl.kind;
      this.properties(body!.properties, decl.kind);
      return true;
    }
    s.node = decl;
    s.slot = decl.name === undefined ? 'declarationName' : undefined;
    return true;
  }

  private range(range: RangeBounds): void {
    const { s } = this;
    s.node = range;
    s.slot = 'range';
    for (const bound of [range.low, range.high]) {
      if (within(bound.span, this.at)) {
        s.node = bound;
        s.token = 'number';
        s.span = bound.span;
      }
    }
  }

  /** Inside a host's body, which ends at `end`. */
  private items(items: readonly HostItem[], end: number): void {
    const { s } = this;
    const j = lastStartingAtOrBefore(items, this.at);
    const item = items[j];
    if (item !== undefined && this.item(item, items[j + 1]?.span.start ?? end)) return;
    s.slot = 'item';
    if (item === undefined || !this.continues(item.span)) {
      this.unfinishedLinkOrMap(true);
      return;
    }
    if (item.kind === 'item' && item.name === undefined) {
      s.item = item;
      s.slot = 'declarationName';
    } else if (item.kind === 'map' && (item.buffer === undefined || item.access === undefined)) {
      s.item = item;
      s.slot = item.buffer === undefined ? 'mapBuffer' : 'mapAccess';
    } else if (item.kind === 'link' && this.continueLink(item)) {
      s.item = item;
    } else {
      this.unfinishedLinkOrMap(true);
    }
  }

  /**
   * After a `link` or `map` the parser did not take, since it has no name
   * yet (`link |`, `map n|`): the link's first end, the map's device. After
   * its first name (`link s0 |`), only `--` or `->` may follow: no slot.
   * Inside a host (`inHost`) both; at top level only a link.
   */
  unfinishedLinkOrMap(inHost: boolean): void {
    const { s } = this;
    const opens = (word: string | undefined) => word === 'link' || (inHost && word === 'map');
    const previous = this.wordBefore(this.gapEnd);
    if (previous === undefined) return;
    if (opens(previous.text)) {
      if (previous.text === 'map') {
        s.slot = 'mapDevice';
        return;
      }
      this.set({ slot: 'linkEnd', valueIndex: 0 });
      if (this.gapEnd < this.at) s.namePart = 0;
    } else if (opens(this.wordBefore(previous.start)?.text)) {
      s.slot = undefined;
    }
  }

  /** The word that ends the line's text before `end`, past spaces and tabs. */
  private wordBefore(end: number): { text: string; start: number } | undefined {
    const { text } = this;
    let i = end;
    while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
    const wordEnd = i;
    while (i > 0 && wordEnd - i < MAX_STRAY_WORD && isWordChar(text.charCodeAt(i - 1))) i--;
    if (i === wordEnd || (i > 0 && text.charCodeAt(i - 1) === 46 /* . */)) return undefined;
    return { text: text.slice(i, wordEnd), start: i };
  }

  private item(item: HostItem, limit: number): boolean {
    const { s, at } = this;
    switch (item.kind) {
      case 'link':
        if (at > item.span.end) return false;
        s.item = item;
        this.link(item, 'item');
        return true;
      case 'map':
        if (at > item.span.end) return false;
        s.item = item;
        s.node = item;
        s.slot = undefined;
        if (!this.on(item.keyword, 'keyword', 'item') && !this.on(item.device, 'name', 'mapDevice')) {
          if (!this.on(item.buffer, 'name', 'mapBuffer')) this.on(item.access, 'word', 'mapAccess');
        }
        return true;
      case 'item':
        return this.namedItem(item, limit);
    }
  }

  private namedItem(item: ItemDecl, limit: number): boolean {
    const { s, at } = this;
    const body = item.body;
    if (at > regionEnd(item.span, body, limit) || afterClose(body, at)) return false;
    s.item = item;
    if (this.on(item.itemKind, 'keyword', 'item') || this.on(item.name, 'name', 'declarationName')) return true;
    const inside = interior(body, this.text, limit, undefined);
    if (inside !== undefined && at >= inside.start && at <= inside.end) {
      const kind = bodyKindOfItem(item.itemKind.text);
      s.node = body;
      s.bodyKind = kind;
      this.properties(body!.properties, kind);
      return true;
    }
    s.node = item;
    s.slot = item.name === undefined ? 'declarationName' : undefined;
    return true;
  }

  /** Inside a body of `kind`. */
  private properties(properties: readonly Property[], kind: BodyKind): void {
    const { s } = this;
    const j = lastStartingAtOrBefore(properties, this.at);
    const property = properties[j];
    if (property !== undefined && this.at <= property.span.end) {
      this.property(property, kind);
      return;
    }
    s.slot = 'property';
    if (property !== undefined) this.continueProperty(property, kind);
  }

  private property(property: Property, kind: BodyKind): void {
    const { s, at } = this;
    s.property = property;
    if (this.on(property.key, 'keyword', 'property')) {
      s.propertyPart = 'key';
      return;
    }
    s.propertyPart = 'value';
    const spec = BODY_SCHEMA_MAPS[kind].get(property.key.text);
    const k = lastStartingAtOrBefore(property.values, at);
    const value = property.values[k];
    s.slot = 'value';
    if (value === undefined || at > value.span.end) {
      // Between the key and a value, or between two values of a list.
      s.node = property;
      s.valueIndex = k + 1;
      return;
    }
    s.valueIndex = k;
    s.value = value;
    if (value.kind === 'number') this.number(value, takesUnit(spec));
    else this.name(value, spec?.value.type === 'ref' || spec?.value.type === 'name' ? 'name' : 'word');
  }

  /** After `property` in its body: its missing value, the unit of its last number, or the next item of its list. */
  private continueProperty(property: Property, kind: BodyKind): void {
    const { s } = this;
    const spec = BODY_SCHEMA_MAPS[kind].get(property.key.text);
    if (spec === undefined) return;
    const values = property.values;
    const last = values[values.length - 1];
    const list = spec.shape === 'words' || spec.shape === 'qnames' || spec.shape === 'endpoints';
    let slot: Slot | undefined;
    if (this.continues(property.span)) {
      if (last === undefined && spec.shape !== 'flag') slot = 'value';
      else if (last?.kind === 'number' && last.unit === undefined && takesUnit(spec)) slot = 'unit';
    }
    if (slot === undefined && list && last !== undefined && this.only(',', property.span.end)) slot = 'value';
    if (slot === undefined) return;
    s.property = property;
    s.propertyPart = 'value';
    s.slot = slot;
    s.valueIndex = slot === 'unit' ? values.length - 1 : values.length;
    if (slot === 'unit') s.value = last;
  }

  private link(link: LinkDecl, level: 'item' | 'declaration'): void {
    const { s, at } = this;
    s.node = link;
    s.slot = undefined;
    if (this.on(link.keyword, 'keyword', level)) return;
    for (const [index, end] of [link.from, link.to].entries()) {
      if (end === undefined || !within(end.span, at)) continue;
      s.slot = 'linkEnd';
      s.valueIndex = index;
      s.value = end;
      this.name(end, 'name');
      return;
    }
    const spec = link.spec;
    if (spec === undefined || at < spec.span.start) return;
    s.node = spec;
    if (this.on(spec.linkKind, 'keyword', 'linkKind')) return;
    const pcie = spec.linkKind?.text === 'pcie';
    const k = lastStartingAtOrBefore(spec.args, at);
    const arg = spec.args[k];
    if (arg !== undefined && at <= arg.span.end) {
      s.slot = 'linkArgument';
      s.valueIndex = k;
      s.value = arg;
      if (arg.kind === 'number') this.number(arg, !pcie);
      else this.name(arg, 'word');
      return;
    }
    if (k < spec.args.length - 1) {
      s.slot = 'linkArgument';
      s.valueIndex = k + 1;
      return;
    }
    s.bodyKind = 'linkSpec';
    this.properties(spec.options, 'linkSpec');
  }

  /** After a link on the same line: its other end, its kind, its arguments, an option or a unit. Whether one applies. */
  continueLink(link: LinkDecl): boolean {
    const { s, text } = this;
    const end = link.span.end;
    if (link.to === undefined) {
      if (!text.startsWith('--', end - 2)) return false;
      this.set({ slot: 'linkEnd', valueIndex: 1, node: link });
      return true;
    }
    const spec = link.spec;
    if (spec === undefined) {
      if (text.charCodeAt(end - 1) !== 58 /* : */) return false;
      this.set({ slot: 'linkKind', node: link });
      return true;
    }
    if (spec.linkKind === undefined) return false;
    s.node = spec;
    const pcie = spec.linkKind.text === 'pcie';
    const last = spec.args[spec.args.length - 1];
    if (spec.options.length > 0) {
      s.bodyKind = 'linkSpec';
      s.slot = 'property';
      this.continueProperty(spec.options[spec.options.length - 1]!, 'linkSpec');
    } else if (last?.kind === 'number' && last.unit === undefined && !pcie) {
      this.set({ slot: 'unit', value: last, valueIndex: spec.args.length - 1 });
    } else if (spec.args.length < (pcie ? 2 : 1)) {
      this.set({ slot: 'linkArgument', valueIndex: spec.args.length });
    } else {
      this.set({ slot: 'property', bodyKind: 'linkSpec' });
    }
    return true;
  }

  private number(value: NumberValue, unitFollows: boolean): void {
    const { s, at } = this;
    s.node = value;
    if (value.unit !== undefined && at > value.digitsSpan.end) {
      s.token = 'unit';
      s.span = value.unitSpan;
      s.slot = 'unit';
      return;
    }
    s.token = 'number';
    s.span = value.digitsSpan;
    // `64|`: a unit may be glued on, or follow a space.
    if (value.unit === undefined && at === value.span.end && unitFollows) s.slot = 'unit';
  }

  private name(name: QualifiedName, token: 'name' | 'word'): void {
    const { s, at } = this;
    s.node = name;
    const parts = name.parts;
    for (const [index, part] of parts.entries()) {
      if (!within(part.span, at)) continue;
      this.set({ node: part, namePart: index, token, span: part.span });
      return;
    }
    if (name.hostRange !== undefined && within(name.hostRange.span, at)) {
      s.namePart = 0;
      s.node = name.hostRange;
      for (const bound of [name.hostRange.low, name.hostRange.high]) {
        if (within(bound.span, at)) this.set({ node: bound, token: 'number', span: bound.span });
      }
      return;
    }
    // On the dot, or after `host.` with the name not yet written.
    s.namePart = at > parts[0]!.span.end ? 1 : 0;
  }

  /** Puts the offset on `word` if it holds it. */
  private on(word: Word | undefined, token: TokenClass, slot: Slot): boolean {
    if (word === undefined || !within(word.span, this.at)) return false;
    this.set({ node: word, token, span: word.span, slot });
    return true;
  }

  set(fields: Partial<State>): void {
    Object.assign(this.s, fields);
  }

  /** Whether the gap from `span`'s end to the offset is on its line, spaces and tabs only: what it left unfinished continues there. */
  continues(span: Span): boolean {
    for (let i = span.end; i < this.gapEnd; i++) {
      const c = this.text.charCodeAt(i);
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  }

  /** Whether the gap from `from` to the offset is whitespace around one `separator`. */
  private only(separator: string, from: number): boolean {
    let seen = false;
    for (let i = from; i < this.gapEnd; i++) {
      const c = this.text[i]!;
      if (c === separator && !seen) seen = true;
      else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return false;
    }
    return seen;
  }
}

/** A value that takes a unit: a quantity, or the page size of `layout scattered`. */
function takesUnit(spec: PropertySpec | undefined): boolean {
  return spec?.value.type === 'quantity' || spec?.value.type === 'layout';
}

/** Where a declaration or item stops holding offsets: its end, or for a body left open, where the next one starts. */
function regionEnd(span: Span, body: Body | undefined, limit: number): number {
  return body !== undefined && !body.closed ? Math.max(span.end, limit) : span.end;
}

/** Right after a body's `}`: outside it. */
function afterClose(body: Body | undefined, at: number): boolean {
  return body !== undefined && body.closed && at >= body.span.end;
}

/** The inside of a body, between its braces; a body left open runs to `limit`. A host body without `{` starts at its first item. */
function interior(body: Body | undefined, text: string, limit: number, items: readonly HostItem[] | undefined): Span | undefined {
  if (body === undefined) return undefined;
  const opened = text.charCodeAt(body.span.start) === 123; /* { */
  const start = opened ? body.span.start + 1 : items?.[0]?.span.start;
  if (start === undefined) return undefined;
  return { start, end: body.closed ? body.span.end - 1 : Math.max(limit, body.span.end) };
}

/** Whether `at` is in `span`, its end included. */
function within(span: Span, at: number): boolean {
  return span.start <= at && at <= span.end;
}

/** The comment holding `at`: after its first character, up to its end for a line comment or an unterminated one. */
function commentAt(comments: readonly Comment[], at: number): Comment | undefined {
  const comment = comments[lastStartingAtOrBefore(comments, at)];
  if (comment === undefined || at <= comment.span.start) return undefined;
  if (at < comment.span.end) return comment;
  const closed = comment.block && comment.text.length >= 4 && comment.text.endsWith('*/');
  return at === comment.span.end && !closed ? comment : undefined;
}

const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** The word (`[A-Za-z_][A-Za-z0-9_]*`) at or right before `at`, read from the text. */
function wordAround(text: string, at: number): Span | undefined {
  let start = at;
  while (start > 0 && at - start < MAX_STRAY_WORD && isWordChar(text.charCodeAt(start - 1))) start--;
  let end = at;
  while (end < text.length && end - at < MAX_STRAY_WORD && isWordChar(text.charCodeAt(end))) end++;
  const first = text.charCodeAt(start);
  if (start === end || (first >= 48 && first <= 57) || at - start >= MAX_STRAY_WORD || end - at >= MAX_STRAY_WORD) return undefined;
  return { start, end };
}
