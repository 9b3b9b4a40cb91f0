// The classes behind the most numerous syntax nodes. Each node is its own
// span (it has `start` and `end`), and `span` returns the node itself:
// on 10,000 lines this saves ~130,000 small span objects per parse, which
// the garbage collector would otherwise copy while the tree is young.
import type { NumberValue, Property, QualifiedName, RangeBounds, Span, Value, Word } from './ast';

export class WordNode implements Word, Span {
  constructor(
    readonly text: string,
    readonly start: number,
    readonly end: number,
  ) {}

  get span(): Span {
    return this;
  }
}

export class NumberNode implements NumberValue, Span {
  constructor(
    /** The digits as written. */
    readonly digits: string,
    readonly unit: string | undefined,
    readonly isHex: boolean,
    readonly start: number,
    readonly end: number,
    private readonly digitsEnd: number,
    private readonly unitStart: number,
  ) {}

  get kind(): 'number' {
    return 'number';
  }

  get span(): Span {
    return this;
  }

  get digitsSpan(): Span {
    return { start: this.start, end: this.digitsEnd };
  }

  get unitSpan(): Span | undefined {
    return this.unit === undefined ? undefined : { start: this.unitStart, end: this.end };
  }

  /** A copy `delta` characters further on (the digits and unit spans are private: only the node can move them). */
  movedBy(delta: number): NumberNode {
    return new NumberNode(this.digits, this.unit, this.isHex, this.start + delta, this.end + delta, this.digitsEnd + delta, this.unitStart + delta);
  }
}

export class QualifiedNameNode implements QualifiedName, Span {
  constructor(
    readonly parts: readonly Word[],
    readonly start: number,
    readonly end: number,
    readonly hostRange: RangeBounds | undefined = undefined,
    readonly recovered: boolean | undefined = undefined,
  ) {}

  get kind(): 'name' {
    return 'name';
  }

  get span(): Span {
    return this;
  }
}

export class PropertyNode implements Property, Span {
  constructor(
    readonly key: Word,
    readonly values: readonly Value[],
    readonly start: number,
    readonly end: number,
    readonly recovered: boolean,
  ) {}

  get span(): Span {
    return this;
  }
}
