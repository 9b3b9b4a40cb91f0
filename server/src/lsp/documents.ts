// The open documents, kept from the editor's notifications, with each
// change in offsets as well as the new text: the analysis of a document
// reuses what the edit did not touch, and carries the last findings along
// with the text they are about.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Connection, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import type { TextChange } from '../analysis/edits';

export interface DocumentEvents {
  /** A document was opened, or its text replaced by a change without a range. */
  opened(document: TextDocument): void;
  /** A document changed by `changes` (in order, each in the coordinates the previous one left). */
  changed(document: TextDocument, changes: readonly TextChange[]): void;
  closed(uri: string): void;
}

export class OpenDocuments {
  private readonly documents = new Map<string, TextDocument>();

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  all(): IterableIterator<TextDocument> {
    return this.documents.values();
  }

  listen(connection: Connection, events: DocumentEvents): void {
    connection.onDidOpenTextDocument(({ textDocument }) => {
      const document = TextDocument.create(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text);
      this.documents.set(document.uri, document);
      events.opened(document);
    });
    connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
      const before = this.documents.get(textDocument.uri);
      // A change to a document that was never opened has nothing to apply to (a client bug): ignore it.
      if (before === undefined || textDocument.version === null) return;
      const { document, changes } = applyChanges(before, contentChanges, textDocument.version);
      this.documents.set(document.uri, document);
      if (changes === undefined) events.opened(document);
      else events.changed(document, changes);
    });
    connection.onDidCloseTextDocument(({ textDocument }) => {
      this.documents.delete(textDocument.uri);
      events.closed(textDocument.uri);
    });
  }
}

/**
 * Applies the editor's changes one at a time, reading each range's offsets
 * in the text the previous change left. `changes` is undefined when one of
 * them replaced the whole text: nothing of the old text is known to remain.
 */
export function applyChanges(
  document: TextDocument,
  contentChanges: readonly TextDocumentContentChangeEvent[],
  version: number,
): { document: TextDocument; changes: TextChange[] | undefined } {
  let changes: TextChange[] | undefined = [];
  for (const change of contentChanges) {
    if ('range' in change) {
      const start = document.offsetAt(change.range.start);
      const end = Math.max(start, document.offsetAt(change.range.end));
      changes?.push({ start, end, text: change.text });
    } else {
      changes = undefined;
    }
    document = TextDocument.update(document, [change], version);
  }
  return { document, changes };
}
