// textDocument/foldingRange: bodies that span lines, block comments, runs
// of line comments, and `// #region` … `// #endregion` markers.
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { Body, SyntaxTree } from '../syntax/ast';
import type { LineIndex } from '../model/index';

export function foldingRanges(tree: SyntaxTree, lines: LineIndex): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const fold = (start: number, body: Body | undefined) => {
    if (body === undefined) return;
    const first = lines.position(start).line;
    // The closing brace stays visible, as in every language VS Code folds.
    const last = lines.position(body.span.end).line - (body.closed ? 1 : 0);
    if (last > first) ranges.push({ startLine: first, endLine: last });
  };
  for (const declaration of tree.declarations) {
    if (declaration.kind === 'host' || declaration.kind === 'template') {
      fold(declaration.span.start, declaration.body);
      for (const item of declaration.items) if (item.kind === 'item') fold(item.span.start, item.body);
    } else if (declaration.kind === 'network' || declaration.kind === 'flow') {
      fold(declaration.span.start, declaration.body);
    }
  }
  const regions: number[] = [];
  let run: { start: number; end: number } | undefined;
  const endRun = () => {
    if (run !== undefined && run.end > run.start) ranges.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
    run = undefined;
  };
  for (const comment of tree.comments) {
    const start = lines.position(comment.span.start).line;
    const end = lines.position(comment.span.end).line;
    if (comment.block) {
      endRun();
      if (end > start) ranges.push({ startLine: start, endLine: end, kind: FoldingRangeKind.Comment });
      continue;
    }
    if (/^\/\/\s*#region\b/.test(comment.text)) {
      endRun();
      regions.push(start);
      continue;
    }
    if (/^\/\/\s*#endregion\b/.test(comment.text)) {
      endRun();
      const open = regions.pop();
      if (open !== undefined && start > open) ranges.push({ startLine: open, endLine: start, kind: FoldingRangeKind.Region });
      continue;
    }
    if (run !== undefined && start === run.end + 1 && !trailsCode(lines, comment.span.start)) run.end = start;
    else {
      endRun();
      if (!trailsCode(lines, comment.span.start)) run = { start, end: start };
    }
  }
  endRun();
  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

/** A line comment after code on its line belongs to that code, not to a comment block. */
function trailsCode(lines: LineIndex, offset: number): boolean {
  const lineStart = lines.offset({ line: lines.position(offset).line, character: 0 });
  return lines.text.slice(lineStart, offset).trim().length > 0;
}
