// Edits in offsets, the shape rules write their fixes in, and their LSP
// form: a workspace edit of one document, each span turned into a range by
// the line index of the text the offsets were computed on.
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { LineIndex } from '../model/index';
import type { Fix } from '../rules/index';

/** Replace a span's text, or insert at an offset (an empty span). */
export type SpanEdit = Fix['edits'][number];

export function workspaceEdit(uri: string, lines: LineIndex, edits: readonly SpanEdit[]): WorkspaceEdit {
  const textEdits: TextEdit[] = edits.map((edit) => ({ range: lines.range(edit.span), newText: edit.newText }));
  return { changes: { [uri]: textEdits } };
}
