// textDocument/references: every use of the name under the cursor (from a
// use or from its declaration), and its declaration when the editor asks.
import type { Location } from 'vscode-languageserver';
import type { Snapshot } from '../analysis/snapshot';
import { nameAt, usesOf } from './names';

export function referencesAt(snapshot: Snapshot, uri: string, offset: number, includeDeclaration: boolean): Location[] {
  const name = nameAt(snapshot, offset);
  if (name === undefined) return [];
  const { lines } = snapshot;
  const spans = usesOf(snapshot, name.declarations).map((use) => use.span);
  // Declarations first: the editor lists locations as given.
  if (includeDeclaration) spans.unshift(...name.declarations.map((d) => d.span));
  return spans.map((span) => ({ uri, range: lines.range(span) }));
}
