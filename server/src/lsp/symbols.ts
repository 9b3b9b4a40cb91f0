// textDocument/documentSymbol: the outline — hosts and templates with their
// items, networks and flows — from the syntax tree, so that it works while
// names are still unresolved.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { Declaration, HostItem, QualifiedName, Span, SyntaxTree } from '../syntax/ast';
import type { LineIndex } from '../model/index';

const ITEM_KINDS: Readonly<Record<string, SymbolKind>> = {
  cpu: SymbolKind.Object,
  memory: SymbolKind.Struct,
  iommu: SymbolKind.Interface,
  switch: SymbolKind.Object,
  gpu: SymbolKind.Object,
  nic: SymbolKind.Object,
  nvme: SymbolKind.Object,
  camera: SymbolKind.Object,
  dma: SymbolKind.Object,
  fpga: SymbolKind.Object,
  buffer: SymbolKind.Array,
  mr: SymbolKind.Key,
  vm: SymbolKind.Package,
};

/** The symbol kind of an item by its keyword (`gpu`, `buffer`…), in the outline and in workspace symbols. */
export const itemKind = (keyword: string): SymbolKind => ITEM_KINDS[keyword] ?? SymbolKind.Object;

/** The symbol kind of a named top-level declaration, in the outline and in workspace symbols. */
export function declarationKind(kind: 'host' | 'template' | 'network' | 'flow'): SymbolKind {
  return kind === 'host' ? SymbolKind.Namespace : kind === 'template' ? SymbolKind.Class : kind === 'flow' ? SymbolKind.Event : SymbolKind.Module;
}

export function documentSymbols(tree: SyntaxTree, lines: LineIndex): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const declaration of tree.declarations) {
    const symbol = declarationSymbol(declaration, lines);
    if (symbol !== undefined) symbols.push(symbol);
  }
  return symbols;
}

function symbol(name: string, detail: string, kind: SymbolKind, span: Span, selection: Span, lines: LineIndex, children?: DocumentSymbol[]): DocumentSymbol {
  const result: DocumentSymbol = { name, detail, kind, range: lines.range(span), selectionRange: lines.range(selection) };
  if (children !== undefined && children.length > 0) result.children = children;
  return result;
}

function declarationSymbol(declaration: Declaration, lines: LineIndex): DocumentSymbol | undefined {
  switch (declaration.kind) {
    case 'topology':
      return undefined;
    case 'host': {
      if (declaration.name === undefined) return undefined;
      const range = declaration.range === undefined ? '' : `[${declaration.range.low.digits}..${declaration.range.high.digits}]`;
      const detail = declaration.template === undefined ? 'host' : `host : ${declaration.template.text}`;
      const children = declaration.items.flatMap((item) => itemSymbol(item, lines) ?? []);
      return symbol(declaration.name.text + range, detail, declarationKind('host'), declaration.span, declaration.name.span, lines, children);
    }
    case 'template': {
      if (declaration.name === undefined) return undefined;
      const children = declaration.items.flatMap((item) => itemSymbol(item, lines) ?? []);
      return symbol(declaration.name.text, 'template', declarationKind('template'), declaration.span, declaration.name.span, lines, children);
    }
    case 'network':
    case 'flow':
      if (declaration.name === undefined) return undefined;
      return symbol(declaration.name.text, declaration.kind, declarationKind(declaration.kind), declaration.span, declaration.name.span, lines);
    case 'link':
      return linkSymbol(declaration.from, declaration.to, declaration.spec?.linkKind?.text, declaration.span, declaration.keyword.span, lines);
  }
}

function itemSymbol(item: HostItem, lines: LineIndex): DocumentSymbol | undefined {
  switch (item.kind) {
    case 'item':
      if (item.name === undefined) return undefined;
      return symbol(item.name.text, item.itemKind.text, itemKind(item.itemKind.text), item.span, item.name.span, lines);
    case 'link':
      return linkSymbol(item.from, item.to, item.spec?.linkKind?.text, item.span, item.keyword.span, lines);
    case 'map':
      if (item.device === undefined || item.buffer === undefined) return undefined;
      return symbol(`${item.device.text} -> ${item.buffer.text}`, `map ${item.access?.text ?? ''}`.trim(), SymbolKind.Field, item.span, item.keyword.span, lines);
  }
}

function linkSymbol(from: QualifiedName | undefined, to: QualifiedName | undefined, kind: string | undefined, span: Span, keyword: Span, lines: LineIndex): DocumentSymbol | undefined {
  if (from === undefined || to === undefined) return undefined;
  const name = (q: QualifiedName) => q.parts.map((p) => p.text).join('.');
  return symbol(`${name(from)} -- ${name(to)}`, kind === undefined ? 'link' : `link ${kind}`, SymbolKind.Field, span, keyword, lines);
}
