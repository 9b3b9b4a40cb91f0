// textDocument/documentHighlight: the name under the cursor wherever it
// stands in the document, its declaration marked as written and its uses
// as read.
import { DocumentHighlightKind, type DocumentHighlight } from 'vscode-languageserver';
import type { Snapshot } from '../analysis/snapshot';
import { nameAt, usesOf } from './names';

export function highlightsAt(snapshot: Snapshot, offset: number): DocumentHighlight[] {
  const name = nameAt(snapshot, offset);
  if (name === undefined) return [];
  const { lines } = snapshot;
  const highlights: DocumentHighlight[] = name.declarations.map((d) => ({ range: lines.range(d.span), kind: DocumentHighlightKind.Write }));
  for (const use of usesOf(snapshot, name.declarations)) highlights.push({ range: lines.range(use.span), kind: DocumentHighlightKind.Read });
  return highlights;
}
