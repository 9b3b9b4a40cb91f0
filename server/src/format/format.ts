// The formatter's entry point. Formatting never changes meaning and never
// loses a byte the user wrote: the result is parsed again and compared with
// the input (preserved.ts), and a text that the canonical layout would
// change, or that has syntax errors, is returned untouched.
import type { SyntaxTree } from '../syntax/ast';
import { parseText } from '../syntax/index';
import { changedMeaning } from './preserved';
import { Printer } from './printer';

export interface FormatResult {
  /** The formatted text, or the input itself when it was left untouched. */
  readonly text: string;
  readonly tree: SyntaxTree;
  /** False when the text was left as it was: syntax errors, or a layout that would change its meaning. */
  readonly formatted: boolean;
  /** Why a text without syntax errors was left untouched. */
  readonly refused?: string;
}

/** Formats `text`; `tree`, when the caller already parsed it (the editor's snapshot), is not parsed again. */
export function formatText(text: string, tree: SyntaxTree = parseText(text)): FormatResult {
  if (tree.diagnostics.length > 0) return { text, tree, formatted: false };
  // A byte-order mark an editor left in the text is whitespace to the lexer, but it is the user's: it stays.
  const mark = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const formatted = mark + new Printer(text, tree.comments).file(tree.declarations);
  const refused = changedMeaning(tree, text, parseText(formatted), formatted);
  if (refused !== undefined) return { text, tree, formatted: false, refused };
  return { text: formatted, tree, formatted: true };
}
