// Copies of syntax nodes `delta` characters further on: the incremental
// re-parse (incremental.ts) reuses the declarations after an edit this way.
// The previous tree is never changed (a request may still be reading it), and
// each copy has the classes and the keys the parser gives, so that the result
// is deep-equal to a full parse; TypeScript holds each literal to its type.
import type {
  Body,
  Comment,
  Declaration,
  HostItem,
  LinkDecl,
  LinkSpec,
  NumberValue,
  Property,
  QualifiedName,
  RangeBounds,
  Span,
  SyntaxDiagnostic,
  Value,
  Word,
} from './ast';
import { NumberNode, PropertyNode, QualifiedNameNode, WordNode } from './nodes';

export function movedDeclaration(declaration: Declaration, delta: number): Declaration {
  switch (declaration.kind) {
    case 'host':
      return {
        kind: 'host',
        keyword: movedWord(declaration.keyword, delta),
        name: movedOptionalWord(declaration.name, delta),
        range: declaration.range === undefined ? undefined : movedRange(declaration.range, delta),
        template: movedOptionalWord(declaration.template, delta),
        items: declaration.items.map((item) => movedHostItem(item, delta)),
        body: movedBody(declaration.body, delta),
        span: movedSpan(declaration.span, delta),
      };
    case 'template':
      return {
        kind: 'template',
        keyword: movedWord(declaration.keyword, delta),
        name: movedOptionalWord(declaration.name, delta),
        items: declaration.items.map((item) => movedHostItem(item, delta)),
        body: movedBody(declaration.body, delta),
        span: movedSpan(declaration.span, delta),
      };
    case 'network':
    case 'flow':
      return {
        kind: declaration.kind,
        keyword: movedWord(declaration.keyword, delta),
        name: movedOptionalWord(declaration.name, delta),
        body: movedBody(declaration.body, delta),
        span: movedSpan(declaration.span, delta),
      };
    case 'topology':
      return {
        kind: 'topology',
        keyword: movedWord(declaration.keyword, delta),
        title: declaration.title,
        span: movedSpan(declaration.span, delta),
      };
    case 'link':
      return movedLink(declaration, delta);
  }
}

function movedHostItem(item: HostItem, delta: number): HostItem {
  switch (item.kind) {
    case 'item':
      return {
        kind: 'item',
        itemKind: movedWord(item.itemKind, delta),
        name: movedOptionalWord(item.name, delta),
        body: movedBody(item.body, delta),
        span: movedSpan(item.span, delta),
      };
    case 'link':
      return movedLink(item, delta);
    case 'map':
      return {
        kind: 'map',
        keyword: movedWord(item.keyword, delta),
        device: movedOptionalWord(item.device, delta),
        buffer: movedOptionalWord(item.buffer, delta),
        access: movedOptionalWord(item.access, delta),
        span: movedSpan(item.span, delta),
      };
  }
}

function movedLink(link: LinkDecl, delta: number): LinkDecl {
  return {
    kind: 'link',
    keyword: movedWord(link.keyword, delta),
    from: link.from === undefined ? undefined : movedName(link.from, delta),
    to: link.to === undefined ? undefined : movedName(link.to, delta),
    spec: link.spec === undefined ? undefined : movedLinkSpec(link.spec, delta),
    span: movedSpan(link.span, delta),
  };
}

function movedLinkSpec(spec: LinkSpec, delta: number): LinkSpec {
  return {
    linkKind: movedOptionalWord(spec.linkKind, delta),
    args: spec.args.map((value) => movedValue(value, delta)),
    options: spec.options.map((option) => movedProperty(option, delta)),
    span: movedSpan(spec.span, delta),
  };
}

function movedBody(body: Body | undefined, delta: number): Body | undefined {
  if (body === undefined) return undefined;
  return {
    properties: body.properties.map((property) => movedProperty(property, delta)),
    span: movedSpan(body.span, delta),
    closed: body.closed,
  };
}

function movedProperty(property: Property, delta: number): Property {
  const values = property.values.map((value) => movedValue(value, delta));
  return new PropertyNode(movedWord(property.key, delta), values, property.span.start + delta, property.span.end + delta, property.recovered);
}

function movedValue(value: Value, delta: number): Value {
  return value.kind === 'number' ? movedNumber(value, delta) : movedName(value, delta);
}

function movedName(name: QualifiedName, delta: number): QualifiedName {
  const parts = name.parts.map((part) => movedWord(part, delta));
  const range = name.hostRange === undefined ? undefined : movedRange(name.hostRange, delta);
  return new QualifiedNameNode(parts, name.span.start + delta, name.span.end + delta, range, name.recovered);
}

function movedRange(range: RangeBounds, delta: number): RangeBounds {
  return { low: movedNumber(range.low, delta), high: movedNumber(range.high, delta), span: movedSpan(range.span, delta) };
}

/** Every number of a tree is a NumberNode (parser.ts `numberOf`), whose digit and unit spans only it can move. */
function movedNumber(number: NumberValue, delta: number): NumberValue {
  return (number as NumberNode).movedBy(delta);
}

function movedWord(word: Word, delta: number): Word {
  return new WordNode(word.text, word.span.start + delta, word.span.end + delta);
}

function movedOptionalWord(word: Word | undefined, delta: number): Word | undefined {
  return word === undefined ? undefined : movedWord(word, delta);
}

function movedSpan(span: Span, delta: number): Span {
  return { start: span.start + delta, end: span.end + delta };
}

export function movedComment(comment: Comment, delta: number): Comment {
  return { text: comment.text, span: movedSpan(comment.span, delta), block: comment.block };
}

export function movedDiagnostic(diagnostic: SyntaxDiagnostic, delta: number): SyntaxDiagnostic {
  return { code: diagnostic.code, message: diagnostic.message, span: movedSpan(diagnostic.span, delta) };
}
