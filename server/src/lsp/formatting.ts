// textDocument/formatting: the whole document in the canonical layout, or
// no edit at all when it has syntax errors (formatting never guesses).
import type { TextEdit } from 'vscode-languageserver';
import { formatText } from '../format/format';
import { LineIndex } from '../model/index';

export function formattingEdits(text: string): TextEdit[] {
  const result = formatText(text);
  if (!result.formatted || result.text === text) return [];
  return [{ range: new LineIndex(text).range({ start: 0, end: text.length }), newText: result.text }];
}
