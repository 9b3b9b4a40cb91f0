// The .dmatopo parser: a chevrotain embedded-actions parser that builds the
// syntax tree directly and never stops at the first mistake.
//
// Recovery is ours, not chevrotain's (its re-sync cannot express the
// contract's missing-`}` rule): every token the grammar requires is taken
// with `OPTION` and its absence reported right after the previous token;
// every body loop ends on `}`, at the start of another item (the contract's
// missing-`}` case) or skips one stray token, merging a run of stray tokens
// into one diagnostic. So the parser never throws and always returns a tree.
import { EmbeddedActionsParser, EOF, type IToken, type TokenType } from 'chevrotain';
import type {
  Body,
  BodyDecl,
  Declaration,
  HostDecl,
  HostItem,
  ItemDecl,
  LinkDecl,
  LinkSpec,
  MapDecl,
  NumberValue,
  Property,
  QualifiedName,
  RangeBounds,
  Span,
  SyntaxDiagnostic,
  TemplateDecl,
  TopologyDecl,
  Value,
  Word,
} from './ast';
import { BODY_SCHEMA_MAPS, bodyKindOfItem, DIMENSION_NAMES, type BodyKind, type PropertySpec } from './schema';
import {
  allTokens,
  AnyToken,
  Arrow,
  Colon,
  Comma,
  DashDash,
  Dot,
  DotDot,
  Flow,
  Host,
  Ident,
  ItemKeyword,
  ITEM_KEYWORDS,
  KEYWORDS,
  LBracket,
  LCurly,
  Link,
  Map as MapKw,
  Network,
  NumberLiteral,
  RBracket,
  RCurly,
  Semicolon,
  StringLiteral,
  Template,
  Topology,
  UnterminatedString,
} from './tokens';
import { NumberNode, PropertyNode, QualifiedNameNode, WordNode } from './nodes';
import { closestWord } from './spelling';


const end = (token: IToken): number => token.startOffset + token.image.length;
const spanOf = (token: IToken): Span => ({ start: token.startOffset, end: end(token) });
const wordOf = (token: IToken): Word => new WordNode(token.image, token.startOffset, end(token));
const between = (first: Span, last: Span): Span => ({ start: first.start, end: last.end });

/** Length of the digits at the start of a number token's image (sign, hex, `_`, fraction). */
function digitsLength(image: string): number {
  let i = image.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const hex = image.charCodeAt(i) === 48 && (image.charCodeAt(i + 1) | 0x20) === 120; /* 0x */
  if (hex) {
    i += 2;
    while (i < image.length && /[0-9A-Fa-f_]/.test(image[i]!)) i++;
    return i;
  }
  while (i < image.length && isDigitOrUnderscore(image.charCodeAt(i))) i++;
  if (image.charCodeAt(i) === 46 /* . */ && isDigit(image.charCodeAt(i + 1))) {
    i++;
    while (i < image.length && isDigitOrUnderscore(image.charCodeAt(i))) i++;
  }
  return i;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isDigitOrUnderscore = (c: number): boolean => (c >= 48 && c <= 57) || c === 95;

/** Splits a number token (`64 MiB`, `64MiB`, `0x1000`, `16`) into its digits and unit. */
export function numberOf(token: IToken): NumberValue {
  const image = token.image;
  const length = digitsLength(image);
  const start = token.startOffset;
  const stop = start + image.length;
  if (length === image.length) return new NumberNode(image, undefined, isHexImage(image), start, stop, stop, stop);
  let unitStart = length;
  while (image.charCodeAt(unitStart) === 32 || image.charCodeAt(unitStart) === 9) unitStart++;
  return new NumberNode(image.slice(0, length), image.slice(unitStart), isHexImage(image), start, stop, start + length, start + unitStart);
}

const isHexImage = (image: string): boolean => {
  const i = image.charCodeAt(0) === 45 ? 1 : 0;
  return image.charCodeAt(i) === 48 && (image.charCodeAt(i + 1) | 0x20) === 120;
};

/** A token type test that honours categories (a keyword is an `Ident`). */
function isA(token: IToken, type: TokenType): boolean {
  return token.tokenTypeIdx === type.tokenTypeIdx || (type.categoryMatchesMap?.[token.tokenTypeIdx] ?? false);
}

const ITEM_LIST = ITEM_KEYWORDS.join(', ');
const TOP_LEVEL_WORDS = new Set(['topology', 'host', 'template', 'link', 'network', 'flow']);

function describe(token: IToken): string {
  if (isA(token, StringLiteral) || isA(token, UnterminatedString)) return 'a string';
  if (isA(token, NumberLiteral)) return `'${token.image}'`;
  return `'${token.image}'`;
}

class DmatopoParser extends EmbeddedActionsParser {
  private diagnostics: SyntaxDiagnostic[] = [];
  /** A missing `}` was reported in the current top-level declaration. */
  private braceReported = false;
  /** Index of the last stray token reported, to merge runs of them. */
  private lastStrayIndex = -2;
  private lastStray: { start: number; end: number; message: string } | undefined;
  /** The schema of the body being parsed (a stack through `body`). */
  private schema: ReadonlyMap<string, PropertySpec> = new Map();
  private bodyKind: BodyKind = 'cpu';
  /** Arguments of the next `body` or `hostBody` (fields, not ARGS: no allocation per call). */
  private nextBodyKind: BodyKind = 'cpu';
  private hasName = false;

  constructor() {
    super(allTokens, { recoveryEnabled: false, maxLookahead: 1, skipValidations: false });
    this.performSelfAnalysis();
  }

  parseTokens(tokens: IToken[]): { declarations: Declaration[]; diagnostics: SyntaxDiagnostic[] } {
    this.input = tokens;
    this.diagnostics = [];
    this.braceReported = false;
    this.lastStrayIndex = -2;
    this.lastStray = undefined;
    const declarations = this.file();
    this.flushStray();
    return { declarations, diagnostics: this.diagnostics };
  }

  // ---- reporting -----------------------------------------------------------

  private report(message: string, span: Span): void {
    this.flushStray();
    this.diagnostics.push({ code: 'SYN001', message, span });
  }

  /** Reports a missing token right after the last token taken. */
  private reportMissing(what: string): void {
    const previous = this.LA(0);
    const at = Number.isNaN(previous.startOffset) || previous.image === undefined ? 0 : end(previous);
    const after = Number.isNaN(previous.startOffset) ? '' : ` after '${previous.image}'`;
    this.report(`expected ${what}${after}`, { start: at, end: at });
  }

  private reportMissingBrace(): void {
    if (this.braceReported) return;
    this.braceReported = true;
    this.reportMissing("'}'");
  }

  /** Notes that the next token is stray (the caller consumes it), merging runs of them. */
  private noteStray(message: string): void {
    this.noteStrayAt(this.LA(1), this.currentIndex() + 1, message);
  }

  private noteStrayAt(token: IToken, index: number, message: string): void {
    if (this.lastStray !== undefined && index === this.lastStrayIndex + 1) {
      this.lastStray.end = end(token);
    } else {
      this.flushStray();
      this.lastStray = { start: token.startOffset, end: end(token), message };
    }
    this.lastStrayIndex = index;
  }

  /**
   * Skips one stray token, reported with `message`. A stray `{` takes its
   * block with it, up to the matching `}` or the next item, so that
   * `gpuu g0 { iommu mmu }` is one mistake and its `}` closes nothing else.
   */
  private stray(message: (token: IToken) => string): undefined {
    if (!this.RECORDING_PHASE) this.noteStray(message.call(this, this.LA(1)));
    const token = this.CONSUME(AnyToken);
    if (this.RECORDING_PHASE || isA(token, LCurly)) {
      this.blockDepth = 1;
      this.SUBRULE(this.strayBlock);
    }
    return undefined;
  }

  private blockDepth = 0;

  private strayBlock = this.RULE('strayBlock', () => {
    this.MANY({
      GATE: () => this.blockDepth > 0 && this.LA(1).tokenType !== EOF && !this.startsItem(1),
      DEF: () => {
        const token = this.CONSUME(AnyToken);
        if (this.RECORDING_PHASE) return;
        if (isA(token, LCurly)) this.blockDepth++;
        else if (isA(token, RCurly)) this.blockDepth--;
        if (this.lastStray !== undefined) this.lastStray.end = end(token);
        this.lastStrayIndex = this.currentIndex();
      },
    });
  });

  private flushStray(): void {
    if (this.lastStray === undefined) return;
    const { start, end: stop, message } = this.lastStray;
    this.lastStray = undefined;
    this.diagnostics.push({ code: 'SYN001', message, span: { start, end: stop } });
  }

  private currentIndex(): number {
    // chevrotain keeps the index of the last consumed token in `currIdx`.
    return (this as unknown as { currIdx: number }).currIdx;
  }

  // ---- lookahead predicates ------------------------------------------------

  /** Does a declaration start at LA(k): a top-level one or a host item with a body? */
  private startsItem(k: number): boolean {
    const token = this.LA(k);
    const next = this.LA(k + 1);
    if (isA(token, ItemKeyword)) return isA(next, Ident) && isA(this.LA(k + 2), LCurly);
    return this.startsTopLevel(k) || this.startsLinkOrMap(k);
  }

  private startsTopLevel(k: number): boolean {
    const token = this.LA(k);
    const next = this.LA(k + 1);
    if (isA(token, Topology)) return isA(next, StringLiteral) || isA(next, UnterminatedString);
    // Three tokens tell `host b {` from a name: `map n -> template rw`, `group host`.
    if (!isA(next, Ident)) return false;
    const third = this.LA(k + 2);
    if (isA(token, Host)) return isA(third, LCurly) || isA(third, Colon) || isA(third, LBracket);
    if (isA(token, Template) || isA(token, Network) || isA(token, Flow)) return isA(third, LCurly);
    return false;
  }

  private startsLinkOrMap(k: number): boolean {
    const token = this.LA(k);
    if (isA(token, Link)) {
      const third = this.LA(k + 2);
      return isA(this.LA(k + 1), Ident) && (isA(third, DashDash) || isA(third, Dot));
    }
    if (isA(token, MapKw)) return isA(this.LA(k + 1), Ident) && isA(this.LA(k + 2), Arrow);
    return false;
  }

  /** Is the next token one the body loop will skip as stray (not an end, separator, property or item)? */
  private strayFollows(): boolean {
    const token = this.LA(1);
    if (token.tokenType === EOF || isA(token, RCurly) || isA(token, Semicolon) || isA(token, Comma)) return false;
    return !this.schema.has(token.image) && !this.startsItem(1);
  }

  /** Can the token at LA(k) start the value of `spec`? */
  private startsValue(spec: PropertySpec, k: number): boolean {
    const token = this.LA(k);
    switch (spec.shape) {
      case 'flag':
        return true;
      case 'number':
        return isA(token, NumberLiteral);
      default:
        return isA(token, Ident) && !this.startsItem(k);
    }
  }

  /** After a list's `,`: is the next word another item of the list, not the next property? */
  private listContinues(): boolean {
    return isA(this.LA(1), Comma) && isA(this.LA(2), Ident) && !this.startsItem(2) && !this.propertyFollows(2);
  }

  /** Is LA(k) a property of this body followed by a token that can start its value? */
  private propertyFollows(k: number): boolean {
    const spec = this.schema.get(this.LA(k).image);
    return spec !== undefined && spec.shape !== 'flag' && this.startsValue(spec, k + 1);
  }

  // ---- top level -----------------------------------------------------------

  private file = this.RULE('file', (): Declaration[] => {
    const declarations: Declaration[] = [];
    this.MANY(() => {
      const declaration = this.OR({ DEF: this.topLevelAlternatives, IGNORE_AMBIGUITIES: true });
      this.ACTION(() => {
        if (declaration !== undefined) declarations.push(declaration);
      });
    });
    return declarations;
  });

  private topLevelAlternatives = [
    {
      GATE: () => isA(this.LA(1), Topology),
      ALT: () => this.decl(() => this.SUBRULE(this.topology)),
    },
    { GATE: () => this.namedDeclarationFollows(), ALT: () => this.decl(() => this.SUBRULE(this.host)) },
    { GATE: () => this.namedDeclarationFollows(), ALT: () => this.decl(() => this.SUBRULE(this.template)) },
    { GATE: () => this.startsLinkOrMap(1), ALT: () => this.decl(() => this.SUBRULE(this.link)) },
    { GATE: () => this.namedDeclarationFollows(), ALT: () => this.decl(() => this.SUBRULE(this.bodyDecl)) },
    { ALT: (): undefined => this.separator() },
    { ALT: (): undefined => this.stray(this.strayTopLevelMessage) },
  ];

  /** `host NAME`, or `host {` with the name forgotten (reported by `nameAfter`). */
  private namedDeclarationFollows(): boolean {
    const next = this.LA(2);
    return isA(next, Ident) || isA(next, LCurly);
  }

  private decl<T extends Declaration>(parse: () => T): T {
    this.ACTION(() => {
      this.braceReported = false;
    });
    return parse();
  }

  private separator(): undefined {
    this.OR1([{ ALT: () => this.CONSUME(Semicolon) }, { ALT: () => this.CONSUME(Comma) }]);
    return undefined;
  }

  private strayTopLevelMessage(token: IToken): string {
    if (isA(token, UnterminatedString)) return 'unterminated string: add the closing "';
    if (isA(token, RCurly)) return "unexpected '}': it closes nothing";
    if (isA(token, Ident)) {
      const guess = closestWord(token.image, [...TOP_LEVEL_WORDS]);
      const hint = guess !== undefined ? `; did you mean '${guess}'?` : '';
      return `expected a declaration (host, template, link, network or flow), found '${token.image}'${hint}`;
    }
    return `expected a declaration (host, template, link, network or flow), found ${describe(token)}`;
  }

  private topology = this.RULE('topology', (): TopologyDecl => {
    const keyword = this.CONSUME(Topology);
    const title = this.OPTION(() =>
      this.OR([{ ALT: () => this.CONSUME(StringLiteral) }, { ALT: () => this.CONSUME(UnterminatedString) }]),
    );
    return this.ACTION(() => {
      if (title === undefined) this.reportMissing('the title, a string such as "lab cluster",');
      if (title !== undefined && isA(title, UnterminatedString)) {
        this.report('unterminated string: add the closing "', spanOf(title));
      }
      if (title !== undefined) this.reportUnknownEscapes(title);
      const text = title === undefined ? undefined : unquote(title.image);
      return {
        kind: 'topology' as const,
        keyword: wordOf(keyword),
        title: text,
        span: title === undefined ? spanOf(keyword) : between(spanOf(keyword), spanOf(title)),
      };
    });
  });

  /** A backslash before anything but `"` or `\\` (language.md § Strings): reported, as the formatter would have to drop it. */
  private reportUnknownEscapes(token: IToken): void {
    // Valid escapes are matched too, so that the `l` of `\\l` is not taken for one.
    for (const match of token.image.matchAll(/\\(?:["\\]|([\ud800-\udbff][\udc00-\udfff]|[^"\\]))/g)) {
      if (match[1] === undefined) continue;
      const start = token.startOffset + match.index;
      this.report(`unknown escape '${match[0]}': a string knows only \\" and \\\\; write a backslash as \\\\`, { start, end: start + match[0].length });
    }
  }

  /** A declaration's name, unless what follows is already the next declaration. */
  private nameAfter(what: string): Word | undefined {
    const name = this.OPTION9(this.optionalName);
    if (this.RECORDING_PHASE) return undefined;
    if (name === undefined) {
      this.reportMissing(`a name for the ${what}`);
      return undefined;
    }
    return wordOf(name);
  }

  // Option objects built once: a literal per call costs an allocation on the hot path.
  private optionalName = { GATE: () => !this.startsItem(1), DEF: () => this.CONSUME9(Ident) };
  private optionalOpen = () => this.CONSUME7(LCurly);
  private optionalClose = () => this.CONSUME8(RCurly);

  private host = this.RULE('host', (): HostDecl => {
    const keyword = this.CONSUME(Host);
    const name = this.nameAfter('host');
    const range = this.OPTION(() => this.SUBRULE(this.rangeBounds));
    const template = this.OPTION1(() => {
      this.CONSUME(Colon);
      const word = this.OPTION2(() => this.CONSUME(Ident));
      return this.ACTION(() => {
        if (word === undefined) this.reportMissing('a template name');
        return word === undefined ? undefined : wordOf(word);
      });
    });
    this.hasName = name !== undefined;
    const { items, body } = this.SUBRULE(this.hostBody);
    return this.ACTION(() => ({
      kind: 'host' as const,
      keyword: wordOf(keyword),
      name,
      range,
      template,
      items,
      body,
      span: { start: keyword.startOffset, end: this.lastEnd() },
    }));
  });

  private template = this.RULE('template', (): TemplateDecl => {
    const keyword = this.CONSUME(Template);
    const name = this.nameAfter('template');
    this.hasName = name !== undefined;
    const { items, body } = this.SUBRULE(this.hostBody);
    return this.ACTION(() => ({
      kind: 'template' as const,
      keyword: wordOf(keyword),
      name,
      items,
      body,
      span: { start: keyword.startOffset, end: this.lastEnd() },
    }));
  });

  private bodyDecl = this.RULE('bodyDecl', (): BodyDecl => {
    const keyword = this.OR([{ ALT: () => this.CONSUME(Network) }, { ALT: () => this.CONSUME(Flow) }]);
    const kind = this.ACTION(() => (keyword.image === 'network' ? ('network' as const) : ('flow' as const)));
    const name = this.nameAfter(keyword.image);
    this.hasName = name !== undefined;
    this.nextBodyKind = kind;
    const body = this.SUBRULE(this.body);
    return this.ACTION(() => ({
      kind,
      keyword: wordOf(keyword),
      name,
      body,
      span: { start: keyword.startOffset, end: this.lastEnd() },
    }));
  });

  private rangeBounds = this.RULE('rangeBounds', (): RangeBounds | undefined => {
    const open = this.CONSUME(LBracket);
    const low = this.OPTION(() => this.CONSUME(NumberLiteral));
    const dots = this.OPTION1(() => this.CONSUME(DotDot));
    const high = this.OPTION2(() => this.CONSUME1(NumberLiteral));
    const close = this.OPTION3(() => this.CONSUME(RBracket));
    return this.ACTION(() => {
      if (low === undefined) return this.missingInRange('the first number of the range');
      if (dots === undefined) return this.missingInRange("'..'");
      if (high === undefined) return this.missingInRange('the last number of the range');
      if (close === undefined) this.reportMissing("']'");
      return {
        low: numberOf(low),
        high: numberOf(high),
        span: { start: open.startOffset, end: close === undefined ? end(high) : end(close) },
      };
    });
  });

  private missingInRange(what: string): undefined {
    this.reportMissing(what);
    return undefined;
  }

  private lastEnd(): number {
    const previous = this.LA(0);
    return Number.isNaN(previous.startOffset) ? 0 : end(previous);
  }

  // ---- bodies --------------------------------------------------------------

  /** `{`, or its absence reported; returns whether it was there. */
  private openBrace(hasName: boolean): IToken | undefined {
    const open = this.OPTION7(this.optionalOpen);
    // With no name either, the one report about the name covers this mistake.
    if (!this.RECORDING_PHASE && open === undefined && hasName) this.reportMissing("'{'");
    return open;
  }

  /** `}`, or the contract's missing-brace report when `{` was there. */
  private closeBrace(open: IToken | undefined): IToken | undefined {
    const close = this.OPTION8(this.optionalClose);
    if (!this.RECORDING_PHASE && close === undefined && open !== undefined) this.reportMissingBrace();
    return close;
  }

  private hostBody = this.RULE('hostBody', (): { items: HostItem[]; body: Body | undefined } => {
    const hasName = this.hasName;
    const items: HostItem[] = [];
    const open = this.openBrace(hasName);
    const noBody = this.ACTION(() => open === undefined && !hasName && !this.startsHostItem(1));
    if (noBody) return { items, body: undefined };
    this.MANY({
      GATE: () => !isA(this.LA(1), RCurly) && !this.startsTopLevel(1),
      DEF: () => {
        const item = this.OR({ DEF: this.hostItemAlternatives, IGNORE_AMBIGUITIES: true });
        this.ACTION(() => {
          if (item !== undefined) items.push(item);
        });
      },
    });
    const close = this.closeBrace(open);
    return this.ACTION(() => ({
      items,
      body: {
        properties: [],
        span: { start: (open ?? this.LA(0)).startOffset, end: this.lastEnd() },
        closed: close !== undefined,
      },
    }));
  });

  private startsHostItem(k: number): boolean {
    return isA(this.LA(k), ItemKeyword) || this.startsLinkOrMap(k);
  }

  private hostItemAlternatives = [
    { ALT: () => this.SUBRULE(this.item) },
    { GATE: () => this.startsLinkOrMap(1), ALT: () => this.SUBRULE(this.link) },
    { GATE: () => this.startsLinkOrMap(1), ALT: () => this.SUBRULE(this.map) },
    { ALT: (): undefined => this.separator() },
    { ALT: (): undefined => this.stray(this.strayHostMessage) },
  ];

  private strayHostMessage(token: IToken): string {
    const items = `${ITEM_LIST}, link or map`;
    if (isA(token, Ident)) {
      const guess = closestWord(token.image, [...ITEM_KEYWORDS, 'link', 'map']);
      const hint = guess !== undefined ? `; did you mean '${guess}'?` : '';
      return `expected a host item (${items}), found '${token.image}'${hint}`;
    }
    if (isA(token, UnterminatedString)) return 'unterminated string: add the closing "';
    return `expected a host item (${items}), found ${describe(token)}`;
  }

  private item = this.RULE('item', (): ItemDecl => {
    const keyword = this.CONSUME(ItemKeyword);
    const name = this.nameAfter(keyword.image);
    const kind = this.RECORDING_PHASE ? 'cpu' : bodyKindOfItem(keyword.image);
    this.hasName = name !== undefined;
    this.nextBodyKind = kind;
    const body = this.SUBRULE(this.body);
    if (this.RECORDING_PHASE) return undefined as unknown as ItemDecl;
    return { kind: 'item', itemKind: wordOf(keyword), name, body, span: { start: keyword.startOffset, end: this.lastEnd() } };
  });

  private body = this.RULE('body', (): Body | undefined => {
    const kind = this.nextBodyKind;
    const hasName = this.hasName;
    const recording = this.RECORDING_PHASE;
    const savedSchema = this.schema;
    const savedKind = this.bodyKind;
    if (!recording) {
      this.schema = BODY_SCHEMA_MAPS[kind];
      this.bodyKind = kind;
    }
    const open = this.openBrace(hasName);
    // `cpu` alone (being typed) has no body: its one report is the missing name.
    const noBody = !recording && open === undefined && !hasName;
    const properties: Property[] = [];
    if (!noBody) {
      this.MANY(this.bodyLoop);
      if (!recording) properties.push(...this.bodyProperties.splice(0));
    }
    const close = noBody ? undefined : this.closeBrace(open);
    if (recording) return undefined;
    this.schema = savedSchema;
    this.bodyKind = savedKind;
    if (noBody) return undefined;
    return { properties, span: { start: (open ?? this.LA(0)).startOffset, end: this.lastEnd() }, closed: close !== undefined };
  });

  /** Properties of the body being read (bodies do not nest, so one buffer serves). */
  private bodyProperties: Property[] = [];
  private bodyLoop = {
    GATE: () => !isA(this.LA(1), RCurly) && !this.startsItem(1),
    DEF: () => {
      const property = this.OR(this.bodyChoice);
      if (!this.RECORDING_PHASE && property !== undefined) this.bodyProperties.push(property);
    },
  };

  private bodyAlternatives = [
    // Any word: `property` reports one that is not a property of this body.
    { ALT: () => this.SUBRULE(this.property) },
    { ALT: (): undefined => this.separator() },
    { ALT: (): undefined => this.stray(this.strayPropertyMessage) },
  ];
  private bodyChoice = { DEF: this.bodyAlternatives, IGNORE_AMBIGUITIES: true };

  private strayPropertyMessage(token: IToken): string {
    const names = [...this.schema.keys()];
    const what = this.bodyKind === 'device' ? 'a device' : this.bodyKind === 'linkSpec' ? 'a link' : `a ${this.bodyKind}`;
    if (isA(token, Ident)) {
      const guess = closestWord(token.image, names);
      const hint = guess !== undefined ? `did you mean '${guess}'?` : `expected one of ${names.join(', ')}`;
      return `'${token.image}' is not a property of ${what}; ${hint}`;
    }
    if (isA(token, UnterminatedString)) return 'unterminated string: add the closing "';
    if (isA(token, LCurly)) return `unexpected '{' in ${what} body`;
    return `unexpected ${describe(token)} in ${what} body; expected one of ${names.join(', ')}`;
  }

  // The value's shape is known from the key, so plain branches pick the
  // reader (an OR with one gate per shape cost a predicate array per call);
  // while chevrotain records the grammar, every branch runs once.
  private property = this.RULE('property', (): Property => {
    const key = this.CONSUME(Ident);
    const recording = this.RECORDING_PHASE;
    const spec = recording ? undefined : this.schema.get(key.image);
    if (!recording && spec === undefined) {
      this.noteStrayAt(key, this.currentIndex(), this.strayPropertyMessage(key));
      return undefined as unknown as Property;
    }
    const shape = spec?.shape;
    const values: Value[] = [];
    this.values = values;
    if (recording || shape === 'number') {
      const token = this.OPTION(this.optionalNumber);
      if (!recording && token !== undefined) values.push(numberOf(token));
    }
    if (recording || shape === 'word' || shape === 'qname') {
      const name = this.OPTION1(this.optionalWord);
      if (!recording && name !== undefined) values.push(name);
    }
    if (recording || shape === 'layout') this.OPTION2(this.optionalLayout);
    if (recording || shape === 'words' || shape === 'qnames' || shape === 'endpoints') {
      this.allowRange = shape === 'endpoints';
      this.OPTION4(this.optionalList);
    }
    if (recording) return undefined as unknown as Property;
    let recovered = false;
    if (values.length === 0 && shape !== 'flag') {
      recovered = true;
      if (this.strayFollows()) {
        // `cores: 16`: one report for the missing value and what stands in its place.
        const found = this.LA(1);
        this.flushStray();
        this.lastStray = { start: found.startOffset, end: end(found), message: `expected ${expectedValue(spec!)} after '${key.image}', found ${describe(found)}` };
        this.lastStrayIndex = this.currentIndex();
      } else {
        this.reportMissing(expectedValue(spec!));
      }
    }
    const stop = values.length > 0 ? values[values.length - 1]!.span.end : end(key);
    return new PropertyNode(wordOf(key), values, key.startOffset, stop, recovered);
  });

  // The value readers of `property`, built once; they append to `this.values`.
  private values: Value[] = [];
  private allowRange = false;
  /** Whether the next `qualifiedName` may carry a host range (`node[0..3].nic0`); reset on entry. */
  private rangeAllowed = false;
  private optionalNumber = () => this.CONSUME(NumberLiteral);
  private optionalWord = {
    GATE: () => isA(this.LA(1), Ident) && !this.startsItem(1),
    DEF: () => this.SUBRULE(this.qualifiedName),
  };
  private optionalLayout = {
    GATE: () => isA(this.LA(1), Ident) && !this.startsItem(1),
    DEF: () => {
      const values = this.values;
      const word = this.SUBRULE1(this.qualifiedName);
      const size = this.OPTION3(this.optionalLayoutSize);
      if (!this.RECORDING_PHASE) {
        values.push(word);
        if (size !== undefined) values.push(numberOf(size));
      }
    },
  };
  private optionalLayoutSize = () => this.CONSUME1(NumberLiteral);
  private optionalList = {
    GATE: () => isA(this.LA(1), Ident) && !this.startsItem(1),
    DEF: () => {
      const values = this.values;
      this.rangeAllowed = this.allowRange;
      const first = this.SUBRULE2(this.qualifiedName);
      if (!this.RECORDING_PHASE) values.push(first);
      this.MANY(this.listLoop);
    },
  };
  private listLoop = {
    GATE: () => this.listContinues(),
    DEF: () => {
      this.CONSUME(Comma);
      this.rangeAllowed = this.allowRange;
      const next = this.SUBRULE3(this.qualifiedName);
      if (!this.RECORDING_PHASE) this.values.push(next);
    },
  };

  /** `name`, `host.name`, and with `allowRange` `node[0..3].name`. */
  private qualifiedName = this.RULE('qualifiedName', (): QualifiedName => {
    const allowRange = this.rangeAllowed;
    this.rangeAllowed = false;
    const first = this.CONSUME(Ident);
    const hostRange = allowRange || this.RECORDING_PHASE ? this.OPTION(this.optionalRange) : undefined;
    const dot = this.OPTION1(this.optionalDot);
    // In `from h.` + `to h.b`, the `to` starts the next property, not the name;
    // in `from h.bounce to h.b`, `bounce` is the name since `to h` follows it.
    const second = dot === undefined && !this.RECORDING_PHASE ? undefined : this.OPTION2(this.optionalSecondPart);
    if (this.RECORDING_PHASE) return undefined as unknown as QualifiedName;
    const parts: Word[] = second === undefined ? [wordOf(first)] : [wordOf(first), wordOf(second)];
    const recovered = dot !== undefined && second === undefined;
    if (recovered) this.reportMissing('a name');
    return new QualifiedNameNode(parts, first.startOffset, this.lastEnd(), hostRange, recovered ? true : undefined);
  });

  private optionalRange = () => this.SUBRULE(this.rangeBounds);
  private optionalDot = () => this.CONSUME(Dot);
  private optionalSecondPart = {
    GATE: () => !this.startsItem(1) && !(this.propertyFollows(1) && !this.propertyFollows(2)),
    DEF: () => this.CONSUME1(Ident),
  };

  // ---- links and maps ------------------------------------------------------

  private link = this.RULE('link', (): LinkDecl => {
    const keyword = this.CONSUME(Link);
    const from = this.SUBRULE(this.qualifiedName);
    const dashes = this.OPTION(() => this.CONSUME(DashDash));
    const to = this.OPTION1({
      GATE: () => dashes !== undefined && isA(this.LA(1), Ident) && !this.startsItem(1),
      DEF: () => this.SUBRULE1(this.qualifiedName),
    });
    const colon = this.OPTION2({
      GATE: () => to !== undefined,
      DEF: () => this.CONSUME(Colon),
    });
    const spec = this.OPTION3({
      GATE: () => colon !== undefined,
      DEF: () => this.SUBRULE(this.linkSpec),
    });
    return this.ACTION(() => {
      if (dashes === undefined) this.reportMissing("'--' and the other end of the link");
      else if (to === undefined) this.reportMissing('the other end of the link');
      else if (colon === undefined) this.reportMissing("':' and the link kind (pcie, infiniband, ethernet, nvlink, bus)");
      return {
        kind: 'link' as const,
        keyword: wordOf(keyword),
        from,
        to,
        spec,
        span: { start: keyword.startOffset, end: this.lastEnd() },
      };
    });
  });

  private linkSpec = this.RULE('linkSpec', (): LinkSpec | undefined => {
    const kind = this.OPTION({
      GATE: () => !this.startsItem(1),
      DEF: () => this.CONSUME(Ident),
    });
    const args: Value[] = [];
    const options: Property[] = [];
    const saved = this.ACTION(() => ({ schema: this.schema, kind: this.bodyKind }));
    this.ACTION(() => {
      this.schema = BODY_SCHEMA_MAPS.linkSpec;
      this.bodyKind = 'linkSpec';
    });
    // Positional values: `gen4 x16` for PCIe, the rate for the others.
    this.MANY({
      GATE: () =>
        kind !== undefined &&
        (isA(this.LA(1), NumberLiteral) ||
          (isA(this.LA(1), Ident) &&
            !BODY_SCHEMA_MAPS.linkSpec.has(this.LA(1).image) &&
            !this.startsItem(1) &&
            !KEYWORDS.has(this.LA(1).image))),
      DEF: () => {
        const value = this.OR([
          {
            ALT: (): Value => {
              const token = this.CONSUME(NumberLiteral);
              return this.ACTION(() => numberOf(token));
            },
          },
          { ALT: () => this.SUBRULE(this.qualifiedName) },
        ]);
        this.ACTION(() => args.push(value));
      },
    });
    this.MANY1({
      GATE: () => kind !== undefined && BODY_SCHEMA_MAPS.linkSpec.has(this.LA(1).image),
      DEF: () => {
        const option = this.SUBRULE(this.property);
        this.ACTION(() => options.push(option));
      },
    });
    return this.ACTION(() => {
      this.schema = saved.schema;
      this.bodyKind = saved.kind;
      if (kind === undefined) {
        this.reportMissing('a link kind (pcie, infiniband, ethernet, nvlink, bus)');
        return undefined;
      }
      return { linkKind: wordOf(kind), args, options, span: { start: kind.startOffset, end: this.lastEnd() } };
    });
  });

  private map = this.RULE('map', (): MapDecl => {
    const keyword = this.CONSUME(MapKw);
    const device = this.CONSUME(Ident);
    this.CONSUME(Arrow);
    const buffer = this.OPTION({
      GATE: () => !this.startsItem(1),
      DEF: () => this.CONSUME1(Ident),
    });
    const access = this.OPTION1({
      GATE: () => buffer !== undefined && isA(this.LA(1), Ident) && !KEYWORDS.has(this.LA(1).image),
      DEF: () => this.CONSUME2(Ident),
    });
    return this.ACTION(() => {
      if (buffer === undefined) this.reportMissing('the buffer to map');
      else if (access === undefined) this.reportMissing('an access: read, write or rw');
      return {
        kind: 'map' as const,
        keyword: wordOf(keyword),
        device: wordOf(device),
        buffer: buffer === undefined ? undefined : wordOf(buffer),
        access: access === undefined ? undefined : wordOf(access),
        span: { start: keyword.startOffset, end: this.lastEnd() },
      };
    });
  });
}

function expectedValue(spec: PropertySpec): string {
  switch (spec.value.type) {
    case 'int':
      return 'a whole number';
    case 'quantity':
      return spec.value.dimensions.map((d) => DIMENSION_NAMES[d]).join(' or ');
    case 'enum':
      return `one of ${spec.value.values.join(', ')}`;
    case 'ref':
      return spec.value.list ? 'a list of names' : 'a name';
    case 'layout':
      return 'contiguous or scattered';
    default:
      return 'a name';
  }
}


/** The text of a string literal without its quotes, `\"` and `\\` resolved. */
function unquote(image: string): string {
  const inner = image.endsWith('"') && image.length > 1 ? image.slice(1, -1) : image.slice(1);
  return inner.replace(/\\(.)/g, '$1');
}

let shared: DmatopoParser | undefined;

/** The one parser instance: building one costs tens of milliseconds (performance.md). */
export function parserInstance(): DmatopoParser {
  shared ??= new DmatopoParser();
  return shared;
}

