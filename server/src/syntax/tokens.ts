// The token vocabulary of the .dmatopo language and its lexer.
//
// Keywords are contextual (language.md § Lexical rules): the lexer produces a
// single `Ident` token type for every word, and `retypeKeywords` then gives a
// word the type of its keyword by one map lookup. Every keyword type has
// `Ident` as its category, so wherever the grammar expects a name, a keyword
// is accepted too (`buffer memory { … }` is a buffer named `memory`).
// One identifier pattern instead of ~75 keyword patterns with `longer_alt`
// was measured to lex about 20 ms faster on 10,000 lines (performance.md).
import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';

/** A category of every token the parser sees, so that error recovery can skip any one of them. */
export const AnyToken = createToken({ name: 'AnyToken', pattern: Lexer.NA });
const any = [AnyToken];

// U+FEFF: a byte-order mark that an editor left at the start of the text (or a stray zero-width no-break space).
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v\uFEFF]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: 'comments' });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: 'comments' });
/** A `/*` that never closes: kept as a comment so the text after it is not parsed, and reported. */
export const UnterminatedComment = createToken({
  name: 'UnterminatedComment',
  pattern: /\/\*[\s\S]*/,
  group: 'comments',
});
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\r\n]|\\.)*"/, categories: any });
/** A string that reaches the end of its line without a closing quote. */
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\r\n]|\\.)*/, categories: any });

// Units the lexer attaches to a number after horizontal space (language.md:
// "Units are recognised only right after a number"). Longer spellings first,
// since a regular expression alternation takes the first that matches.
export const KNOWN_UNITS = [
  'KiB/s', 'MiB/s', 'GiB/s', 'TiB/s', 'KB/s', 'kB/s', 'MB/s', 'GB/s', 'TB/s', 'B/s',
  'Kb/s', 'kb/s', 'Mb/s', 'Gb/s', 'Tb/s', 'b/s', 'Gbps', 'Mbps',
  'KiB', 'MiB', 'GiB', 'TiB', 'KB', 'kB', 'MB', 'GB', 'TB', 'B',
  'ns', 'us', '\u00b5s', '\u03bcs', 'ms', 's',
  'kHz', 'MHz', 'GHz', 'Hz', 'fps', '%',
] as const;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const unitAlternation = [...KNOWN_UNITS].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');

/**
 * A number with its unit, if any, in one token. A unit glued to the number
 * may be any word (an unknown one is UNIT001 later, `64mib`); after spaces
 * only a known unit is taken, so `count 4 s0` is not read as `4 s` + `0`.
 */
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: new RegExp(
    '-?(?:0[xX][0-9A-Fa-f_]*|[0-9][0-9_]*(?:\\.[0-9][0-9_]*)?)' +
      `(?:[ \\t]+(?:${unitAlternation})(?![A-Za-z0-9_/%\\u00b5\\u03bc])` +
      '|[A-Za-z_%\\u00b5\\u03bc][A-Za-z0-9_/%\\u00b5\\u03bc]*)?',
  ),
  categories: any,
  start_chars_hint: ['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
});
export const Ident = createToken({ name: 'Ident', pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: any });

export const Arrow = createToken({ name: 'Arrow', pattern: '->', label: "'->'", categories: any });
export const DashDash = createToken({ name: 'DashDash', pattern: '--', label: "'--'", categories: any });
export const DotDot = createToken({ name: 'DotDot', pattern: '..', label: "'..'", categories: any });
export const Dot = createToken({ name: 'Dot', pattern: '.', label: "'.'", categories: any });
export const Colon = createToken({ name: 'Colon', pattern: ':', label: "':'", categories: any });
export const Semicolon = createToken({ name: 'Semicolon', pattern: ';', label: "';'", categories: any });
export const Comma = createToken({ name: 'Comma', pattern: ',', label: "','", categories: any });
export const LCurly = createToken({ name: 'LCurly', pattern: '{', label: "'{'", categories: any });
export const RCurly = createToken({ name: 'RCurly', pattern: '}', label: "'}'", categories: any });
export const LBracket = createToken({ name: 'LBracket', pattern: '[', label: "'['", categories: any });
export const RBracket = createToken({ name: 'RBracket', pattern: ']', label: "']'", categories: any });

/** Words that begin a top-level declaration. */
export const TOP_LEVEL_KEYWORDS = ['topology', 'host', 'template', 'link', 'network', 'flow'] as const;
/** Words that begin a named item with a body inside a host (`cpu s0 { … }`). */
export const ITEM_KEYWORDS = [
  'cpu', 'memory', 'iommu', 'switch', 'gpu', 'nic', 'nvme', 'camera', 'dma', 'fpga', 'buffer', 'mr', 'vm',
] as const;
export const DEVICE_KINDS = ['gpu', 'nic', 'nvme', 'camera', 'dma', 'fpga'] as const;
export type ItemKeyword = (typeof ITEM_KEYWORDS)[number];
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** A category shared by the item keywords, so the host body can branch on it in one alternative. */
export const ItemKeyword = createToken({ name: 'ItemKeyword', pattern: Lexer.NA, categories: [Ident] });

function keyword(word: string, categories: TokenType[] = [Ident]): TokenType {
  return createToken({ name: `kw_${word}`, pattern: Lexer.NA, categories, label: `'${word}'` });
}

export const Topology = keyword('topology');
export const Host = keyword('host');
export const Template = keyword('template');
export const Link = keyword('link');
export const Network = keyword('network');
export const Flow = keyword('flow');
export const Map = keyword('map');

const itemKeywordTypes = new globalThis.Map<string, TokenType>(
  ITEM_KEYWORDS.map((word) => [word, keyword(word, [ItemKeyword, Ident])]),
);

/** Every keyword by its spelling; words absent from this map are plain identifiers. */
export const KEYWORDS: ReadonlyMap<string, TokenType> = new globalThis.Map<string, TokenType>([
  ['topology', Topology],
  ['host', Host],
  ['template', Template],
  ['link', Link],
  ['network', Network],
  ['flow', Flow],
  ['map', Map],
  ...itemKeywordTypes,
]);

export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  StringLiteral,
  UnterminatedString,
  Arrow,
  DashDash,
  NumberLiteral,
  Ident,
  DotDot,
  Dot,
  Colon,
  Semicolon,
  Comma,
  LCurly,
  RCurly,
  LBracket,
  RBracket,
  AnyToken,
  ItemKeyword,
  ...KEYWORDS.values(),
];

/** Gives each word that spells a structural keyword its keyword type, in place. */
export function retypeKeywords(tokens: IToken[]): void {
  for (const token of tokens) {
    if (token.tokenType === Ident) {
      const type = KEYWORDS.get(token.image);
      if (type !== undefined) {
        token.tokenType = type;
        token.tokenTypeIdx = type.tokenTypeIdx!;
      }
    }
  }
}

export const lexer = new Lexer(allTokens, {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
});
