// The canonical layout, printed from a syntax tree with the comments put back
// where they were. Layout: two-space indents; hosts and templates one item
// per line; other bodies on one line when they fit in 100 columns, hold no
// comment and the author did not start them on a new line, else one property
// per line; `, ` between properties and list items on one line; one space
// between a number and a known unit; at most one blank line, kept where the
// author put one. A comment that followed code follows it still (on a line
// of its own after a `//` comment, which would swallow it); a block comment
// that came before code on its line stays before it.
//
// The line after a `dmatopo-disable-next-line` comment is pinned, so that the
// comment keeps applying to the same code: a body that spans it stays on one
// line only if the author wrote it on one line (even past 100 columns), and
// the properties the author put on the pinned line stay together on one line.
// So is the comment's own line when code follows the comment on it. What the
// layout cannot keep, `preserved.ts` finds, and the file is left as it is.
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
  Value,
} from '../syntax/ast';
import { disableDirective } from '../syntax/directives';
import { KNOWN_UNITS } from '../syntax/tokens';
import { LineIndex } from '../model/lineIndex';

const MAX_WIDTH = 100;
const INDENT = '  ';
const KNOWN = new Set<string>(KNOWN_UNITS);

/** The lines of a comment as the layout prints them: any line break, no trailing spaces or tabs. */
export function commentLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.replace(/[ \t]+$/, ''));
}

/** Whitespace to the lexer (syntax/tokens.ts `WhiteSpace`), line breaks aside. */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 0xfeff;
}

export class Printer {
  private readonly lines: string[] = [];
  private commentIndex = 0;
  /** How many comments were printed on lines of their own so far. */
  private ownLineComments = 0;
  /** The output line that ends with a `//` comment: it would swallow anything printed after it. */
  private closedLine = -1;
  /** The output line that ends with a disable-next-line comment: a blank line after it is kept, as the comment applies to it. */
  private directiveLine = -1;
  private readonly lineIndex: LineIndex;
  /** The input lines that a disable-next-line comment applies to. */
  private readonly pinned = new Set<number>();
  /** A block comment that came before code on its line, waiting for the line that prints that code. */
  private leading: string | undefined;

  constructor(
    private readonly source: string,
    private readonly comments: readonly Comment[],
  ) {
    this.lineIndex = new LineIndex(source);
  }

  file(declarations: readonly Declaration[]): string {
    const starts = elementStarts(declarations);
    for (const comment of this.comments) {
      if (disableDirective(comment)?.nextLine !== true) continue;
      const line = this.lineOf(comment.span.end);
      this.pinned.add(line + 1);
      // An element after the comment on its line stays on it (see flushComments): broken up, it would push the next line down.
      if (!this.trailsCode(comment.span.start) && starts.has(this.codeAfter(comment.span.end))) this.pinned.add(line);
    }
    declarations.forEach((declaration, index) => {
      this.element(declaration.span, index === 0 ? 'first' : 'between', 0, () => this.declaration(declaration));
    });
    this.flushComments(this.source.length, 0, 'between');
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
  }

  // ---- lines and comments ----------------------------------------------

  private emit(depth: number, text: string): void {
    if (this.leading === undefined) {
      this.lines.push(INDENT.repeat(depth) + text);
      return;
    }
    // A block comment that came before code on its line stays before it.
    const lines = commentLines(this.leading);
    this.leading = undefined;
    lines[0] = INDENT.repeat(depth) + lines[0]!;
    lines[lines.length - 1] += ` ${text}`;
    this.lines.push(...lines);
  }

  private blankLine(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  private lineOf(offset: number): number {
    return this.lineIndex.position(offset).line;
  }

  /** Whether a blank line the author left here may stay: between elements, or right after a disable-next-line comment. */
  private mayKeepBlank(position: 'first' | 'between'): boolean {
    return position === 'between' || this.directiveLine === this.lines.length - 1;
  }

  /** Whether the author left a blank line right before `offset` (whitespace only between). */
  private blankBefore(offset: number): boolean {
    let breaks = 0;
    for (let i = offset - 1; i >= 0; i--) {
      const c = this.source.charCodeAt(i);
      // A line break is \n, \r\n or a lone \r, as LineIndex counts them.
      if (c === 10 || (c === 13 && this.source.charCodeAt(i + 1) !== 10)) breaks++;
      else if (c !== 13 && !isSpace(c)) break;
    }
    return breaks >= 2;
  }

  /** Whether something other than whitespace precedes `offset` on its line. */
  private trailsCode(offset: number): boolean {
    for (let i = offset - 1; i >= 0; i--) {
      const c = this.source.charCodeAt(i);
      if (c === 10 || c === 13) return false;
      if (!isSpace(c)) return true;
    }
    return false;
  }

  /** Where the code that follows `offset` on its line starts, or -1 when a comment or the line's end comes first. */
  private codeAfter(offset: number): number {
    let i = offset;
    while (i < this.source.length && isSpace(this.source.charCodeAt(i))) i++;
    if (i === this.source.length || this.source[i] === '\n' || this.source[i] === '\r') return -1;
    return this.source.startsWith('//', i) || this.source.startsWith('/*', i) ? -1 : i;
  }

  /**
   * Prints the comments that start before `offset`: one that followed code on
   * its line goes back to the end of the last printed line, unless that line
   * already ends with a `//` comment; a block comment that came before the
   * code at `offset` on its line waits for the line that prints that code;
   * the others get lines of their own at `depth`.
   */
  private flushComments(offset: number, depth: number, position: 'first' | 'between'): void {
    while (this.commentIndex < this.comments.length && this.comments[this.commentIndex]!.span.start < offset) {
      const comment = this.comments[this.commentIndex++]!;
      const last = this.lines.length - 1;
      if (this.trailsCode(comment.span.start) && last >= 0 && this.lines[last] !== '' && this.closedLine !== last) {
        const [first, ...rest] = commentLines(comment.text);
        this.lines[last] += ` ${first!}`;
        // Inner lines of a block comment are the author's: kept as written.
        this.lines.push(...rest);
      } else {
        if (this.mayKeepBlank(position) && this.blankBefore(comment.span.start)) this.blankLine();
        position = 'between';
        // Only before the code printed next: code already printed (inside a link) has no line to share.
        if (comment.block && !this.trailsCode(comment.span.start) && this.codeAfter(comment.span.end) === offset) {
          // Nothing comes between it and the code: it is the last comment before `offset`.
          this.leading = comment.text;
          continue;
        }
        const [first, ...rest] = commentLines(comment.text);
        this.emit(depth, first!);
        this.lines.push(...rest);
        this.ownLineComments++;
      }
      if (!comment.block) this.closedLine = this.lines.length - 1;
      if (disableDirective(comment)?.nextLine === true) this.directiveLine = this.lines.length - 1;
    }
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
    const leading = this.leadingStart(span.start);
    const before = this.ownLineComments;
    this.flushComments(span.start, depth, position);
    const printedComments = this.ownLineComments > before;
    if (printedComments ? this.blankBefore(span.start) : this.mayKeepBlank(position) && this.blankBefore(leading)) this.blankLine();
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
        this.body(`${declaration.kind} ${declaration.name!.text}`, declaration.body!, 0, declaration.span.start);
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
        this.body(`${item.itemKind.text} ${item.name!.text}`, item.body!, 1, item.span.start);
        return;
      case 'link':
        this.emit(1, this.linkText(item.from!, item.to!, item.spec!));
        return;
      case 'map':
        this.emit(1, `map ${item.device!.text} -> ${item.buffer!.text} ${item.access!.text}`);
        return;
    }
  }

  /**
   * `head { p, p }` when it fits and holds no comment, else one property per
   * line. A body on a pinned line keeps the author's lines instead.
   */
  private body(head: string, body: Body, depth: number, start: number): void {
    const properties = body.properties;
    if (properties.length === 0 && !this.hasCommentIn(body.span)) {
      this.emit(depth, `${head} {}`);
      return;
    }
    const firstLine = this.lineOf(start);
    const lastLine = this.lineOf(body.span.end - 1);
    const pinned = this.pinnedBetween(firstLine, lastLine);
    const oneLine = `${head} { ${properties.map(propertyText).join(', ')} }`;
    const fits = (): boolean => INDENT.length * depth + oneLine.length <= MAX_WIDTH && !this.openedOnOwnLine(body, properties[0]!);
    // A pinned body goes on one line only if all of it was on its first line: no line it spans changes what it holds.
    const allOnFirstLine = (): boolean => this.lineOf(body.span.start) === firstLine && this.lineOf(properties[properties.length - 1]!.span.end - 1) === firstLine;
    if (!this.hasCommentIn(body.span) && (pinned ? allOnFirstLine() : fits())) {
      this.emit(depth, oneLine);
      return;
    }
    const groups = pinned ? this.pinnedGroups(properties) : properties.map((property) => [property]);
    // The properties on a pinned first line stay on the head's line.
    const onHead = pinned && this.pinned.has(firstLine) && this.lineOf(body.span.start) === firstLine && groups.length > 0 && this.lineOf(groups[0]![0]!.span.start) === firstLine && !this.hasCommentIn({ start: body.span.start, end: groups[0]![0]!.span.start });
    this.emit(depth, onHead ? `${head} { ${groups[0]!.map(propertyText).join(', ')}` : `${head} {`);
    const rest = onHead ? groups.slice(1) : groups;
    rest.forEach((group, index) => {
      const position = index === 0 && !onHead ? 'first' : 'between';
      this.element(group[0]!.span, position, depth + 1, () => this.emit(depth + 1, group.map(propertyText).join(', ')));
    });
    this.flushComments(body.span.end - 1, depth + 1, properties.length === 0 ? 'first' : 'between');
    this.emit(depth, '}');
  }

  private pinnedBetween(firstLine: number, lastLine: number): boolean {
    for (let line = firstLine; line <= lastLine; line++) if (this.pinned.has(line)) return true;
    return false;
  }

  /** Properties in lines of output: those that start on one pinned line, with no comment among them, share one. */
  private pinnedGroups(properties: readonly Property[]): Property[][] {
    const groups: Property[][] = [];
    let groupLine = -1;
    for (const property of properties) {
      const line = this.lineOf(property.span.start);
      const group = groups[groups.length - 1];
      if (group !== undefined && line === groupLine && this.pinned.has(line) && !this.hasCommentIn({ start: group[0]!.span.start, end: property.span.end })) group.push(property);
      else groups.push([property]);
      groupLine = line;
    }
    return groups;
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

/** Where the printer starts a line with code: each declaration, host item and property, and each closing brace. */
function elementStarts(declarations: readonly Declaration[]): Set<number> {
  const starts = new Set<number>();
  const body = (b: Body | undefined): void => {
    if (b === undefined) return;
    for (const property of b.properties) starts.add(property.span.start);
    starts.add(b.span.end - 1);
  };
  for (const declaration of declarations) {
    starts.add(declaration.span.start);
    if (declaration.kind === 'host' || declaration.kind === 'template') {
      for (const item of declaration.items) {
        starts.add(item.span.start);
        if (item.kind === 'item') body(item.body);
      }
    }
    if (declaration.kind !== 'topology' && declaration.kind !== 'link') body(declaration.body);
  }
  return starts;
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
