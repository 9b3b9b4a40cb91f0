// What a new layout must keep of a text, checked on the parsed result rather
// than trusted to the printer: the same tree (positions aside), every comment
// with its text, in order, and every dmatopo-disable-next-line comment
// applying to the same nodes. A finding is silenced when it starts on the
// comment's next line, and every finding starts where a node of the tree
// starts, so the same nodes on that line means the same findings silenced.
import type { Span, SyntaxTree } from '../syntax/ast';
import { disableDirective } from '../syntax/directives';
import { LineIndex } from '../model/lineIndex';
import { commentLines } from './printer';

/** Why `after` does not say what `before` says, or undefined when it does. */
export function changedMeaning(before: SyntaxTree, beforeText: string, after: SyntaxTree, afterText: string): string | undefined {
  const beforeStarts: number[] = [];
  const afterStarts: number[] = [];
  if (after.diagnostics.length > 0 || !sameTree(before.declarations, after.declarations, beforeStarts, afterStarts)) {
    // (`100` then `Gbps` on the next line are a number and a word; on one line they would be `100 Gbps`.)
    return 'the canonical layout would change what this file says (a value split across lines?); left as it is';
  }
  const beforeLines = new LineIndex(beforeText);
  const afterLines = new LineIndex(afterText);
  const lost = before.comments.findIndex((comment, i) => after.comments[i] === undefined || !sameComment(comment.text, after.comments[i]!.text));
  if (lost >= 0 || after.comments.length !== before.comments.length) {
    const line = lost >= 0 ? beforeLines.position(before.comments[lost]!.span.start).line + 1 : 1;
    return `the canonical layout would change the comment on line ${line}; left as it is`;
  }
  const beforeNodes = byLine(beforeStarts, beforeLines);
  const afterNodes = byLine(afterStarts, afterLines);
  for (let i = 0; i < before.comments.length; i++) {
    const comment = before.comments[i]!;
    if (disableDirective(comment)?.nextLine !== true) continue;
    const beforeTarget = beforeLines.position(comment.span.end).line + 1;
    const afterTarget = afterLines.position(after.comments[i]!.span.end).line + 1;
    if ((beforeNodes.get(beforeTarget) ?? []).join() !== (afterNodes.get(afterTarget) ?? []).join()) {
      const line = beforeLines.position(comment.span.start).line + 1;
      return `the canonical layout would change the code that the dmatopo-disable-next-line comment on line ${line} applies to (line ${beforeTarget + 1}); give that code a line of its own, with no other code and no comment before it; left as it is`;
    }
  }
  return undefined;
}

function sameComment(a: string, b: string): boolean {
  return commentLines(a).join('\n') === commentLines(b).join('\n');
}

/** Fields that say where, not what. */
const POSITIONAL = new Set(['span', 'start', 'end', 'digitsEnd', 'unitStart', 'closed']);
const SPANS = new Set(['span', 'digitsSpan', 'unitSpan']);

/**
 * Whether two trees say the same, positions aside, noting where each of
 * their nodes starts as it walks them: the i-th start of each tree is then
 * the same node's.
 */
function sameTree(a: unknown, b: unknown, startsA: number[], startsB: number[]): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((child, i) => sameTree(child, b[i], startsA, startsB));
  }
  // Nodes are their own spans (nodes.ts), or hold one in `span`.
  noteStart(a, startsA);
  noteStart(b, startsB);
  const fieldsA = fields(a);
  const fieldsB = fields(b);
  if (fieldsA.length !== fieldsB.length) return false;
  for (let i = 0; i < fieldsA.length; i++) {
    const key = fieldsA[i]!;
    if (key !== fieldsB[i]) return false;
    const childA = (a as Record<string, unknown>)[key];
    const childB = (b as Record<string, unknown>)[key];
    if (SPANS.has(key)) {
      noteStart(childA, startsA);
      noteStart(childB, startsB);
    } else if (!sameTree(childA, childB, startsA, startsB)) return false;
  }
  return true;
}

function noteStart(value: unknown, starts: number[]): void {
  const start = (value as Partial<Span> | undefined)?.start;
  if (typeof start === 'number') starts.push(start);
}

/** The fields of a node that say something (a span says where the node is, which is noted apart). */
function fields(node: object): string[] {
  return Object.keys(node).filter((key) => (SPANS.has(key) || !POSITIONAL.has(key)) && (node as Record<string, unknown>)[key] !== undefined);
}

/** Per line, the nodes that start on it, by their place in the walk. */
function byLine(starts: readonly number[], lines: LineIndex): Map<number, number[]> {
  const nodes = new Map<number, number[]>();
  starts.forEach((start, index) => {
    const line = lines.position(start).line;
    const onLine = nodes.get(line);
    if (onLine === undefined) nodes.set(line, [index]);
    else onLine.push(index);
  });
  return nodes;
}
