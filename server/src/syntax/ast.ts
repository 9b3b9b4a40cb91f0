// The syntax tree of a .dmatopo file. Every node carries its span as
// zero-based character offsets into the text ([start, end)). Nodes that the
// parser invented while recovering from an error are marked `recovered`, so
// later layers skip their reference checks.

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A word as written: a name, an enum value, a checked value (`gen4`) or a property keyword. */
export interface Word {
  readonly text: string;
  readonly span: Span;
}

/** A number with the unit written after it (`64 MiB`, `64MiB`, `0x1000`, `16`). */
export interface NumberValue {
  readonly kind: 'number';
  /** The digits as written, with `_` separators and sign. */
  readonly digits: string;
  /** The unit as written, or undefined for a bare number. */
  readonly unit: string | undefined;
  readonly isHex: boolean;
  readonly span: Span;
  readonly digitsSpan: Span;
  readonly unitSpan: Span | undefined;
}

/** `alpha.gpu0`, `gpu0`, or in `attach` lists `node[0..3].nic0`. */
export interface QualifiedName {
  readonly kind: 'name';
  /** One part for a bare name, two for `host.name`. */
  readonly parts: readonly Word[];
  /** The host range of `node[0..3].nic0`, on the first part. */
  readonly hostRange?: RangeBounds | undefined;
  readonly span: Span;
  /** Written as `host.` with the name missing (already reported). */
  readonly recovered?: boolean | undefined;
}

export interface RangeBounds {
  readonly low: NumberValue;
  readonly high: NumberValue;
  readonly span: Span;
}

export type Value = NumberValue | QualifiedName;

/** `key value, value…` inside a body; flags have no values, lists have several. */
export interface Property {
  readonly key: Word;
  readonly values: readonly Value[];
  readonly span: Span;
  /** A value the grammar required was missing (already reported). */
  readonly recovered: boolean;
}

export interface Body {
  readonly properties: readonly Property[];
  /** The span from `{` to `}` (or to the last token when `}` is missing). */
  readonly span: Span;
  readonly closed: boolean;
}

/** `cpu s0 { … }`, `buffer b { … }`, `gpu g { … }` … inside a host or template. */
export interface ItemDecl {
  readonly kind: 'item';
  readonly itemKind: Word;
  readonly name: Word | undefined;
  readonly body: Body | undefined;
  readonly span: Span;
}

export interface LinkSpec {
  /** `pcie`, `infiniband`, `ethernet`, `nvlink`, `bus`. */
  readonly linkKind: Word | undefined;
  /** `gen4 x16` for PCIe, the rate otherwise; checked by the model. */
  readonly args: readonly Value[];
  /** `mps 256 B`, `latency 1 us`, `mtu 4096 B`. */
  readonly options: readonly Property[];
  readonly span: Span;
}

/** `link a -- b : spec`, inside a host or at top level. */
export interface LinkDecl {
  readonly kind: 'link';
  readonly keyword: Word;
  readonly from: QualifiedName | undefined;
  readonly to: QualifiedName | undefined;
  readonly spec: LinkSpec | undefined;
  readonly span: Span;
}

/** `map dev -> buf rw`. */
export interface MapDecl {
  readonly kind: 'map';
  readonly keyword: Word;
  readonly device: Word | undefined;
  readonly buffer: Word | undefined;
  readonly access: Word | undefined;
  readonly span: Span;
}

export type HostItem = ItemDecl | LinkDecl | MapDecl;

export interface HostDecl {
  readonly kind: 'host';
  readonly keyword: Word;
  readonly name: Word | undefined;
  readonly range: RangeBounds | undefined;
  readonly template: Word | undefined;
  readonly items: readonly HostItem[];
  readonly body: Body | undefined;
  readonly span: Span;
}

export interface TemplateDecl {
  readonly kind: 'template';
  readonly keyword: Word;
  readonly name: Word | undefined;
  readonly items: readonly HostItem[];
  readonly body: Body | undefined;
  readonly span: Span;
}

/** `network ib { … }` and `flow f { … }`: a named body at top level. */
export interface BodyDecl {
  readonly kind: 'network' | 'flow';
  readonly keyword: Word;
  readonly name: Word | undefined;
  readonly body: Body | undefined;
  readonly span: Span;
}

export interface TopologyDecl {
  readonly kind: 'topology';
  readonly keyword: Word;
  /** The title without quotes, escapes resolved. */
  readonly title: string | undefined;
  readonly span: Span;
}

export type Declaration = HostDecl | TemplateDecl | LinkDecl | BodyDecl | TopologyDecl;

export interface Comment {
  readonly text: string;
  readonly span: Span;
  readonly block: boolean;
}

export interface SyntaxDiagnostic {
  readonly code: 'SYN001';
  readonly message: string;
  readonly span: Span;
}

export interface SyntaxTree {
  readonly declarations: readonly Declaration[];
  readonly comments: readonly Comment[];
  readonly diagnostics: readonly SyntaxDiagnostic[];
  readonly length: number;
}
