// textDocument/formatting: the whole document in the canonical layout, or
// no edit at all when it has syntax errors (the squiggles say why) or when
// formatting is refused (then `refused` says why, for the user to see).
import type { TextEdit } from 'vscode-languageserver';
import { formatText } from '../format/format';
import type { LineIndex } from '../model/index';
import type { SyntaxTree } from '../syntax/index';

export interface Formatting {
  readonly edits: TextEdit[];
  /** Why the document was left as it is, when the user should be told. */
  readonly refused?: string;
}

/**
 * The editor sends text it has already decoded, and shows bytes it could not
 * decode as U+FFFD: formatted and saved, the file would hold U+FFFD in their
 * place. The server cannot tell those from a U+FFFD typed on purpose, so any
 * U+FFFD refuses.
 */
const REPLACEMENT_CHARACTER = '\uFFFD';

/** The edits that format the snapshot's text, read from its tree and line index. */
export function formattingEdits(snapshot: { readonly text: string; readonly tree: SyntaxTree; readonly lines: LineIndex }): Formatting {
  const { text, lines } = snapshot;
  const at = text.indexOf(REPLACEMENT_CHARACTER);
  if (at >= 0) {
    const line = lines.position(at).line + 1;
    return {
      edits: [],
      refused: `line ${line} holds U+FFFD (\uFFFD), which is how the editor shows bytes it could not decode; formatting would save U+FFFD in their place. Reopen the file with its encoding, or remove the U+FFFD, and format again`,
    };
  }
  const result = formatText(text, snapshot.tree);
  if (result.refused !== undefined) return { edits: [], refused: result.refused };
  if (!result.formatted || result.text === text) return { edits: [] };
  return { edits: [{ range: lines.range({ start: 0, end: text.length }), newText: result.text }] };
}
