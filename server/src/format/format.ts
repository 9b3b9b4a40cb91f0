// The canonical layout of a .dmatopo file. Formatting never changes meaning
// (the model of the result equals the model of the input) and keeps every
// comment; a file with syntax errors is returned untouched.
//
// Layout: two-space indents; hosts and templates one item per line; other
// bodies on one line when they fit in 100 columns, hold no comment and the
// author did not start them on a new line, else one property per line; `, ` between properties and list items on one
// line; one space between a number and a known unit; at most one blank
// line, kept where the author put one.
import type {
  Body,
  Comment,
  Declaration,
  HostItem,
  LinkSpec,
  NumberValue,
  Property,
  QualifiedName,
  RangeBounds,
  Span,
  SyntaxTree,
  Value,
} from '../syntax/ast';
import { parseText } from '../syntax/index';
import { KNOWN_UNITS } from '../syntax/tokens';

const MAX_WIDTH = 100;
const INDENT = '  ';
const KNOWN = new Set<string>(KNOWN_UNITS);

export interface FormatResult {
  /** The formatted text, or the input itself when it was left untouched. */
  readonly text: string;
  readonly tree: SyntaxTree;
  /** False when the text was left as it was: syntax errors, or a layout that would change its meaning. */
  readonly formatted: boolean;
  /** Why a text without syntax errors was left untouched. */
  readonly refused?: string;
}

export function formatText(text: string): FormatResult {
  const tree = parseText(text);
  if (tree.diagnostics.length > 0) return { text, tree, formatted: false };
  const formatted = new Printer(text, tree.comments).file(tree.declarations);
  // The safety net behind "never changes meaning": the printed text must parse to the same tree.
  // (`100` then `Gbps` on the next line are a number and a word; on one line they would be `100 Gbps`.)
  const reparsed = parseText(formatted);
  if (reparsed.diagnostics.length > 0 || digest(reparsed.declarations) !== digest(tree.declarations)) {
    return { text, tree, formatted: false, refused: 'the canonical layout would change what this file says (a value split across lines?); left as it is' };
  }
  return { text: formatted, tree, formatted: true };
}

/** The declarations without positions: what the text says, not where. */
function digest(declarations: readonly Declaration[]): string {
  const positional = new Set(['span', 'start', 'end', 'digitsEnd', 'unitStart', 'closed']);
  return JSON.stringify(declarations, (key, value: unknown) => (positional.has(key) ? undefined : value));
}

class Printer {
  private readonly lines: string[] = [];
  private commentIndex = 0;
  /** How many comments were printed on lines of their own so far. */
  private ownLineComments = 0;

  constructor(
    private readonly source: string,
    private readonly comments: readonly Comment[],
  ) {}

  file(declarations: readonly Declaration[]): string {
    declarations.forEach((declaration, index) => {
      this.element(declaration.span, index === 0 ? 'first' : 'between', 0, () => this.declaration(declaration));
    });
    this.flushComments(this.source.length, 0, 'between');
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
  }

  // ---- lines and comments ----------------------------------------------

  private emit(depth: number, text: string): void {
    this.lines.push(INDENT.repeat(depth) + text);
  }

  private blankLine(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  /** Whether the author left a blank line right before `offset` (whitespace only between). */
  private blankBefore(offset: number): boolean {
    let newlines = 0;
    for (let i = offset - 1; i >= 0; i--) {
      const c = this.source.charCodeAt(i);
      if (c === 10) newlines++;
      else if (c !== 32 && c !== 9 && c !== 13) break;
    }
    return newlines >= 2;
  }

  /** Whether something other than whitespace precedes `offset` on its line. */
  private trailsCode(offset: number): boolean {
    for (let i = offset - 1; i >= 0; i--) {
      const c = this.source.charCodeAt(i);
      if (c === 10 || c === 13) return false;
      if (c !== 32 && c !== 9) return true;
    }
    return false;
  }

  /**
   * Prints the comments that start before `offset`: one that followed code on
   * its line goes back to the end of the last printed line; the others get
   * lines of their own at `depth`.
   */
  private flushComments(offset: number, depth: number, position: 'first' | 'between'): void {
    while (this.commentIndex < this.comments.length && this.comments[this.commentIndex]!.span.start < offset) {
      const comment = this.comments[this.commentIndex++]!;
      if (this.trailsCode(comment.span.start) && this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') {
        this.lines[this.lines.length - 1] += ` ${comment.text}`;
        continue;
      }
      if (position === 'between' && this.blankBefore(comment.span.start)) this.blankLine();
      position = 'between';
      this.emitComment(comment, depth);
      this.ownLineComments++;
    }
  }

  private emitComment(comment: Comment, depth: number): void {
    const [first, ...rest] = comment.text.split(/\r\n|\r|\n/);
    this.emit(depth, first!.trimEnd());
    // Inner lines of a block comment are the author's: kept as written.
    for (const line of rest) this.lines.push(line.trimEnd());
  }

  /** Comments inside `span` that printing it on one line would lose. */
  private hasCommentIn(span: Span): boolean {
    for (let i = this.commentIndex; i < this.comments.length; i++) {
      const comment = this.comments[i]!;
      if (comment.span.start >= span.end) return false;
      if (comment.span.start >= span.start) return true;
    }
    return false;
  }

  /** Prints an element after its leading comments, keeping a blank line wherever the author had one. */
  private element(span: Span, position: 'first' | 'between', depth: number, print: () => void): void {
    const blankBeforeBlock = position === 'between' && this.blankBefore(this.leadingStart(span.start));
    const before = this.ownLineComments;
    this.flushComments(span.start, depth, position);
    const printedComments = this.ownLineComments > before;
    if (printedComments ? this.blankBefore(span.start) : blankBeforeBlock) this.blankLine();
    print();
  }

  /** Where an element's block of leading own-line comments begins. */
  private leadingStart(start: number): number {
    for (let i = this.commentIndex; i < this.comments.length; i++) {
      const comment = this.comments[i]!;
      if (comment.span.start >= start) break;
      if (!this.trailsCode(comment.span.start)) return comment.span.start;
    }
    return start;
  }

  // ---- declarations ----------------------------------------------------

  private declaration(declaration: Declaration): void {
    switch (declaration.kind) {
      case 'topology':
        this.emit(0, `topology ${quote(declaration.title ?? '')}`);
        return;
      case 'host':
      case 'template': {
        let head = `${declaration.kind} ${declaration.name!.text}`;
        if (declaration.kind === 'host') {
          if (declaration.range !== undefined) head += range(declaration.range);
          if (declaration.template !== undefined) head += ` : ${declaration.template.text}`;
        }
        this.hostBody(head, declaration.items, declaration.body!);
        return;
      }
      case 'link':
        this.emit(0, this.linkText(declaration.from!, declaration.to!, declaration.spec!));
        return;
      case 'network':
      case 'flow':
        this.body(`${declaration.kind} ${declaration.name!.text}`, declaration.body!, 0);
        return;
    }
  }

  private hostBody(head: string, items: readonly HostItem[], body: Body): void {
    if (items.length === 0 && !this.hasCommentIn(body.span)) {
      this.emit(0, `${head} {}`);
      return;
    }
    this.emit(0, `${head} {`);
    items.forEach((item, index) => {
      this.element(item.span, index === 0 ? 'first' : 'between', 1, () => this.hostItem(item));
    });
    this.flushComments(body.span.end - 1, 1, items.length === 0 ? 'first' : 'between');
    this.emit(0, '}');
  }

  private hostItem(item: HostItem): void {
    switch (item.kind) {
      case 'item':
        this.body(`${item.itemKind.text} ${item.name!.text}`, item.body!, 1);
        return;
      case 'link':
        this.emit(1, this.linkText(item.from!, item.to!, item.spec!));
        return;
      case 'map':
        this.emit(1, `map ${item.device!.text} -> ${item.buffer!.text} ${item.access!.text}`);
        return;
    }
  }

  /** `head { p, p }` when it fits and holds no comment, else one property per line. */
  private body(head: string, body: Body, depth: number): void {
    const properties = body.properties;
    if (properties.length === 0 && !this.hasCommentIn(body.span)) {
      this.emit(depth, `${head} {}`);
      return;
    }
    const oneLine = `${head} { ${properties.map(propertyText).join(', ')} }`;
    const fits = INDENT.length * depth + oneLine.length <= MAX_WIDTH;
    if (fits && !this.hasCommentIn(body.span) && !this.openedOnOwnLine(body, properties[0]!)) {
      this.emit(depth, oneLine);
      return;
    }
    this.emit(depth, `${head} {`);
    properties.forEach((property, index) => {
      this.element(property.span, index === 0 ? 'first' : 'between', depth + 1, () => this.emit(depth + 1, propertyText(property)));
    });
    this.flushComments(body.span.end - 1, depth + 1, properties.length === 0 ? 'first' : 'between');
    this.emit(depth, '}');
  }

  /** A body whose first property the author put on a new line stays one property per line (as prettier does for objects). */
  private openedOnOwnLine(body: Body, first: Property): boolean {
    return /[\r\n]/.test(this.source.slice(body.span.start, first.span.start));
  }

  private linkText(from: QualifiedName, to: QualifiedName, spec: LinkSpec): string {
    const parts = [spec.linkKind!.text, ...spec.args.map(valueText), ...spec.options.map(propertyText)];
    return `link ${nameText(from)} -- ${nameText(to)} : ${parts.join(' ')}`;
  }
}

function propertyText(property: Property): string {
  if (property.values.length === 0) return property.key.text;
  // A layout's page size follows its word without a comma: `layout scattered 4 KiB`.
  const separator = property.key.text === 'layout' ? ' ' : ', ';
  return `${property.key.text} ${property.values.map(valueText).join(separator)}`;
}

function valueText(value: Value): string {
  return value.kind === 'number' ? numberText(value) : nameText(value);
}

/** Digits as written; one space before a known unit; an unknown unit stays glued, as it means something else apart. */
function numberText(value: NumberValue): string {
  if (value.unit === undefined) return value.digits;
  return KNOWN.has(value.unit) ? `${value.digits} ${value.unit}` : `${value.digits}${value.unit}`;
}

function nameText(name: QualifiedName): string {
  const [first, ...rest] = name.parts.map((part) => part.text);
  const head = name.hostRange === undefined ? first! : first! + range(name.hostRange);
  return [head, ...rest].join('.');
}

function range(bounds: RangeBounds): string {
  return `[${numberText(bounds.low)}..${numberText(bounds.high)}]`;
}

function quote(title: string): string {
  return `"${title.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
