// The name under the cursor and everything it is linked to, for go to
// definition, find references, highlights and rename: its declaration (or
// declarations: a range reference `h[0..1]` over hosts declared one by one
// names each) and every use of them, read from the snapshot's reference list
// (binary searches and its per-declaration index, never a scan of the file).
import type { Snapshot } from '../analysis/snapshot';
import type { NameDeclaration, NameOccurrence, NameReference } from '../model/index';

/** The name at `offset`: a declaration's own name or a use; undefined elsewhere (and on a name that resolves to nothing). */
export function nameAt(snapshot: Snapshot, offset: number): NameOccurrence | undefined {
  return snapshot.references.at(offset);
}

/** Every use of any of `declarations`, in document order; a use naming several of them (`h[0..1]`) once. */
export function usesOf(snapshot: Snapshot, declarations: readonly NameDeclaration[]): NameReference[] {
  const references = snapshot.references;
  if (declarations.length === 1) return references.referencesTo(declarations[0]!);
  const seen = new Set<number>();
  const uses: NameReference[] = [];
  for (const declaration of declarations) {
    for (const use of references.referencesTo(declaration)) {
      if (seen.has(use.span.start)) continue;
      seen.add(use.span.start);
      uses.push(use);
    }
  }
  return uses.sort((a, b) => a.span.start - b.span.start);
}
