// textDocument/prepareRename and textDocument/rename: a declared name and
// every use of it, renamed together, or a refusal saying why not.
//
// A host range is renamed by its prefix: renaming `node` in `host
// node[0..3]` (or from its use `node2.gpu0`, where the prefix is what the
// cursor's word spells of the declaration) turns `node2.gpu0` into
// `dgx2.gpu0` and `node[0..3].nic0` into `dgx[0..3].nic0`. Refused: a new
// name that is not a name (tokens.ts's identifier), that is already declared
// in the same scope (renameScope.ts), that would be read as a keyword where
// the name is used (renameMeaning.ts), and a host that a range reference
// `h[0..1]` names together with hosts declared one by one, since one of
// them cannot be renamed without breaking the reference.
import type { Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { Snapshot } from '../analysis/snapshot';
import type { NameDeclaration } from '../model/index';
import type { Span } from '../syntax/ast';
import { Ident } from '../syntax/tokens';
import { nameAt } from './names';
import { clashOf } from './renameScope';
import { lineReadDifferently, propertyWhereUsed, type Replacement } from './renameMeaning';

/** Why a rename cannot be done, in a sentence for the editor to show. */
export interface Refusal {
  readonly refused: string;
}

/** The word the editor puts in its rename box, and where. */
export interface RenamePlace {
  readonly range: Range;
  readonly placeholder: string;
}

export const isRefusal = (result: object): result is Refusal => 'refused' in result;

/** What the cursor's name renames: the declaration's name, or the part of `node2` that spells `node`. */
export function prepareRename(snapshot: Snapshot, offset: number): RenamePlace | Refusal {
  const target = targetAt(snapshot, offset);
  if (isRefusal(target)) return target;
  return { range: snapshot.lines.range(target.span), placeholder: target.declaration.name };
}

/** The edits that rename the name at `offset` to `newName` everywhere, or why not. */
export function renameEdits(snapshot: Snapshot, offset: number, newName: string): TextEdit[] | Refusal {
  const target = targetAt(snapshot, offset);
  if (isRefusal(target)) return target;
  const replacements = replacementsOf(snapshot, target.declaration, newName);
  if (isRefusal(replacements)) return replacements;
  const { lines } = snapshot;
  return replacements.map((r) => ({ range: lines.range(r.span), newText: r.newText }));
}

/** The edits as the client takes them: versioned document changes when it can, else a map of changes. */
export function workspaceEditOf(uri: string, version: number, edits: TextEdit[], documentChanges: boolean): WorkspaceEdit {
  return documentChanges ? { documentChanges: [{ textDocument: { uri, version }, edits }] } : { changes: { [uri]: edits } };
}

const IDENTIFIER = new RegExp(`^(?:${(Ident.PATTERN as RegExp).source})$`);

function replacementsOf(snapshot: Snapshot, declaration: NameDeclaration, newName: string): Replacement[] | Refusal {
  const old = declaration.name;
  if (!IDENTIFIER.test(newName)) {
    return { refused: `'${newName}' is not a name: a name starts with a letter or '_' and holds only letters, digits and '_'` };
  }
  if (newName === old) return [];
  const clash = clashOf(snapshot, declaration, newName);
  if (clash !== undefined) {
    const renamed = declaration.range === undefined ? `'${newName}'` : `'${newName}[…]'`;
    return { refused: `${renamed} clashes with ${clash.what}, declared on line ${snapshot.lines.position(clash.declaration.span.start).line + 1}` };
  }
  const { text, references } = snapshot;
  const replacements: Replacement[] = [{ span: declaration.span, newText: newName }];
  for (const use of references.referencesTo(declaration)) {
    // `h[0..1].nic0` over hosts declared one by one: its `h` and its `nic0` each name one declaration per host.
    if (references.at(use.span.start)!.declarations.length > 1) return namedTogether(snapshot, declaration, use.span);
    const written = text.slice(use.span.start, use.span.end);
    const index = written.slice(old.length);
    if (written === old) replacements.push({ span: use.span, newText: newName });
    else if (declaration.range !== undefined && written.startsWith(old) && /^[0-9]+$/.test(index)) replacements.push({ span: use.span, newText: newName + index });
    else return namedTogether(snapshot, declaration, use.span);
  }
  replacements.sort((a, b) => a.span.start - b.span.start);
  const property = propertyWhereUsed(snapshot, replacements.slice(1).map((r) => r.span), newName);
  if (property !== undefined) return { refused: property };
  const line = lineReadDifferently(snapshot, replacements);
  if (line !== undefined) return { refused: `'${newName}' would be read as a keyword on line ${line}, changing what the file means` };
  return replacements;
}

/**
 * A refusal for a declaration that the range reference at `span` names with
 * others: the `h` of `h[0..1].nic0` names hosts h0 and h1, its `nic0` the
 * nic0 of each (or, from `h[0..0]`, a host `h0` by a prefix its new name
 * may not keep).
 */
function namedTogether(snapshot: Snapshot, declaration: NameDeclaration, span: Span): Refusal {
  const named = snapshot.references.at(span.start)?.declarations ?? [declaration];
  const line = snapshot.lines.position(span.start).line + 1;
  const { text } = snapshot;
  const qualified = (d: NameDeclaration): string => (d.container === undefined ? `'${d.name}'` : `'${d.container.name?.text ?? ''}.${d.name}'`);
  const shown = named.slice(0, 3).map(qualified);
  const list = named.length > 3 ? `${shown.join(', ')} and ${named.length - 3} more` : shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}` : shown[0]!;
  // The reference as written: the whole `h[0..1].nic0`.
  const written = snapshot.nodeAt(span.start).value?.span ?? span;
  const reference = text.slice(written.start, written.end);
  if (named.length === 1) return { refused: `'${reference}' on line ${line} names ${list} by a range over hosts declared one by one, which a new name may not fit: rename it by hand` };
  return { refused: `'${reference}' on line ${line} names ${list} at once, by a range over hosts declared one by one: rename those by hand` };
}

interface Target {
  readonly declaration: NameDeclaration;
  /** What of the word at the cursor spells the declaration's name. */
  readonly span: Span;
}

function targetAt(snapshot: Snapshot, offset: number): Target | Refusal {
  const name = nameAt(snapshot, offset);
  if (name === undefined) return { refused: notAName(snapshot, offset) };
  if (snapshot.model.incomplete === true) {
    return { refused: 'this file instantiates more than dmatopo builds (LIM001): uses of the hosts left out are not known, so nothing is renamed' };
  }
  const [declaration] = name.declarations;
  if (declaration === undefined) return { refused: 'there is no name here to rename' };
  if (name.declarations.length > 1) return namedTogether(snapshot, declaration, name.span);
  const written = snapshot.text.slice(name.span.start, name.span.end);
  if (written === declaration.name) return { declaration, span: name.span };
  // `node2` names `host node[0..3]`: its prefix is the name.
  if (declaration.range !== undefined && written.startsWith(declaration.name)) return { declaration, span: { start: name.span.start, end: name.span.start + declaration.name.length } };
  return namedTogether(snapshot, declaration, name.span);
}

/** Why the word at `offset` cannot be renamed. */
function notAName(snapshot: Snapshot, offset: number): string {
  const at = snapshot.nodeAt(offset);
  const word = at.span === undefined ? '' : snapshot.text.slice(at.span.start, at.span.end);
  switch (at.token) {
    case 'comment':
      return 'this is a comment: there is no name to rename';
    case 'keyword':
      return `'${word}' is a keyword here, not a name`;
    case 'number':
      return `'${word}' is a number, not a name`;
    case 'unit':
      return `'${word}' is a unit, not a name`;
    case 'string':
      return "this is the topology's title, not a name";
    case 'word':
      return at.property === undefined ? `'${word}' is a word of the language here, not a name` : `'${word}' is a value of '${at.property.key.text}', not a name`;
    case 'name':
      if (at.property?.key.text === 'group') return `'${word}' is a group of flows: it is not declared, each flow names it`;
      return `'${word}' names nothing declared in this file`;
    default:
      return 'there is no name here to rename';
  }
}
