// What workspace/symbol searches: every name a syntax tree declares (hosts,
// templates, networks, flows and the items of hosts and templates, each item
// with its host or template as container), and how a query matches a name:
// its letters in order, case-insensitively, as editors filter symbols — an
// exact name first, then a prefix, a substring, and any other subsequence.
import type { SymbolKind } from 'vscode-languageserver';
import type { Span, SyntaxTree } from '../syntax/ast';
import { declarationKind, itemKind } from './symbols';

export interface NamedSymbol {
  /** As the outline shows it: `node[0..3]` for a host range. */
  readonly name: string;
  readonly kind: SymbolKind;
  /** The host or template of an item. */
  readonly containerName: string | undefined;
  /** The name's span. */
  readonly span: Span;
}

const known = new WeakMap<SyntaxTree, readonly NamedSymbol[]>();

/** The named symbols of `tree`, in document order; listed once per tree (an open document's is searched at each query). */
export function namedSymbols(tree: SyntaxTree): readonly NamedSymbol[] {
  let symbols = known.get(tree);
  if (symbols !== undefined) return symbols;
  const list: NamedSymbol[] = [];
  for (const declaration of tree.declarations) {
    if (declaration.kind === 'link' || declaration.kind === 'topology' || declaration.name === undefined) continue;
    const range = declaration.kind === 'host' && declaration.range !== undefined ? `[${declaration.range.low.digits}..${declaration.range.high.digits}]` : '';
    const name = declaration.name.text + range;
    list.push({ name, kind: declarationKind(declaration.kind), containerName: undefined, span: declaration.name.span });
    if (declaration.kind !== 'host' && declaration.kind !== 'template') continue;
    for (const item of declaration.items) {
      if (item.kind === 'item' && item.name !== undefined) list.push({ name: item.name.text, kind: itemKind(item.itemKind.text), containerName: name, span: item.name.span });
    }
  }
  known.set(tree, (symbols = list));
  return symbols;
}

/**
 * How well `query` matches a symbol, lower is better: 0 its name exactly,
 * 1 a prefix, 2 a substring, 3 the query's characters in order; undefined
 * when it does not match. Case is ignored. A query with a dot is matched
 * against `container.name`, so that `node0.gpu` finds node0's gpus.
 */
export function matchScore(query: string, symbol: { readonly name: string; readonly containerName?: string | undefined }): number | undefined {
  if (query.length === 0) return 3;
  const wanted = query.toLowerCase();
  const qualified = wanted.includes('.') && symbol.containerName !== undefined;
  const name = (qualified ? `${symbol.containerName}.${symbol.name}` : symbol.name).toLowerCase();
  if (name === wanted) return 0;
  const at = name.indexOf(wanted);
  if (at === 0) return 1;
  if (at > 0) return 2;
  let next = 0;
  for (let i = 0; i < name.length && next < wanted.length; i++) if (name.charCodeAt(i) === wanted.charCodeAt(next)) next++;
  return next === wanted.length ? 3 : undefined;
}
