// textDocument/definition: from a use of a name to its declaration, through
// templates and host ranges — `node3.gpu0` where `host node[0..7] : dgx` goes
// to the `gpu0` the template declares, `host h : dgx` to the template. A
// declaration's own name goes to itself, as other language servers do (the
// editor then offers its references).
import type { Location, LocationLink } from 'vscode-languageserver';
import type { Snapshot } from '../analysis/snapshot';
import { nameAt } from './names';

/**
 * The declarations the name at `offset` names, as links (the whole
 * declaration, its name, and the word used as the origin, so that the
 * editor underlines `node3` rather than a guess at the word) or, for a
 * client without link support, as plain locations.
 */
export function definitionAt(snapshot: Snapshot, uri: string, offset: number, links: boolean): LocationLink[] | Location[] | null {
  const name = nameAt(snapshot, offset);
  if (name === undefined) return null;
  const { lines } = snapshot;
  if (!links) return name.declarations.map((d) => ({ uri, range: lines.range(d.span) }));
  const origin = lines.range(name.span);
  return name.declarations.map((d) => ({
    originSelectionRange: origin,
    targetUri: uri,
    targetRange: lines.range(d.node.span),
    targetSelectionRange: lines.range(d.span),
  }));
}
