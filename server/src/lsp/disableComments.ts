// The edits of "Disable CODE for this line / for this file": a
// `// dmatopo-disable-next-line CODE` above the finding's line, or a
// `// dmatopo-disable CODE` near the top, or the code added to such a
// comment already there. The rules apply them (rules/config.ts): a
// next-line comment silences the line after the one it ends on, a file
// comment may stand anywhere. Only rule codes can be disabled.
import type { Snapshot } from '../analysis/snapshot';
import type { Comment } from '../syntax/ast';
import { disableDirective } from '../syntax/directives';
import { partitionPoint } from '../syntax/spanSearch';
import type { SpanEdit } from './spanEdits';

/**
 * Silences `code` on the line where `offset` is: added to the next-line
 * comment that ends on the line above, or a new one above the line, with
 * its indentation. Undefined when the line starts inside a block comment,
 * where a new comment would not be read as one.
 */
export function disableForLine(snapshot: Snapshot, code: string, offset: number): SpanEdit | undefined {
  const { lines, text, tree } = snapshot;
  const line = lines.position(offset).line;
  const lineStart = lines.offset({ line, character: 0 });
  const before = lastCommentBefore(tree.comments, lineStart);
  if (before !== undefined && lines.position(before.span.end).line === line - 1 && disableDirective(before)?.nextLine === true) {
    return addCode(before, code);
  }
  if (before !== undefined && before.span.end > lineStart) return undefined;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lineStart + 256))![0];
  return { span: { start: lineStart, end: lineStart }, newText: `${indent}// dmatopo-disable-next-line ${code}${lineBreak(text, lineStart)}` };
}

/**
 * Silences `code` in the whole file: added to the file's first
 * `dmatopo-disable` comment, or a new one on the line after the
 * `topology` title (which the file opens with), else at the very top.
 */
export function disableForFile(snapshot: Snapshot, code: string): SpanEdit {
  const { lines, text, tree } = snapshot;
  // Every comment is looked at once: a file comment may stand anywhere.
  const existing = tree.comments.find((comment) => comment.text.includes('dmatopo-disable') && disableDirective(comment)?.nextLine === false);
  if (existing !== undefined) return addCode(existing, code);
  const comment = `// dmatopo-disable ${code}`;
  const title = tree.declarations[0]?.kind === 'topology' ? tree.declarations[0] : undefined;
  if (title !== undefined) {
    const line = lines.position(title.span.end).line + 1;
    const lineStart = lines.offset({ line, character: 0 });
    // The title is on the last line, with no line break after it.
    if (lineStart <= title.span.end) return { span: { start: text.length, end: text.length }, newText: `${lineBreak(text, 0)}${comment}` };
    const before = lastCommentBefore(tree.comments, lineStart);
    if (before === undefined || before.span.end <= lineStart) return { span: { start: lineStart, end: lineStart }, newText: `${comment}${lineBreak(text, lineStart)}` };
  }
  return { span: { start: 0, end: 0 }, newText: `${comment}${lineBreak(text, 0)}` };
}

// `, CODE` after the last code a directive names: before the end of a block comment, and before trailing blanks.
function addCode(comment: Comment, code: string): SpanEdit {
  let end = comment.text.length;
  if (comment.block && comment.text.endsWith('*/')) end -= 2;
  while (end > 0 && /\s/.test(comment.text[end - 1]!)) end--;
  const at = comment.span.start + end;
  return { span: { start: at, end: at }, newText: `, ${code}` };
}

/** The last comment that starts before `offset` (comments are in text order). */
function lastCommentBefore(comments: readonly Comment[], offset: number): Comment | undefined {
  const before = partitionPoint(comments.length, (i) => comments[i]!.span.start < offset);
  return before === 0 ? undefined : comments[before - 1];
}

/** The line break the line at `from` ends with, else the file's first, else `\n`: a new line is written as the file writes its lines. */
function lineBreak(text: string, from: number): string {
  const match = /\r\n|\r|\n/.exec(text.slice(from, from + 4096)) ?? /\r\n|\r|\n/.exec(text);
  return match?.[0] ?? '\n';
}
