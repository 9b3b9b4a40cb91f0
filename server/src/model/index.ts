// The model layer's entry point: a syntax tree in, the resolved topology and
// every language diagnostic out. Never throws on any tree the parser makes.
import type { Declaration, HostDecl, ItemDecl, Span, SyntaxTree, TemplateDecl, Word } from '../syntax/ast';
import { parseText } from '../syntax/index';
import { DiagnosticSink, type Diagnostic } from './diagnostics';
import { buildFlow, buildNetwork } from './flows';
import { buildHost, type HostItemSource } from './hosts';
import { buildTopLevelLink } from './links';
import { grouped } from './limits';
import { indicesOf, rangeBounds } from './ranges';
import type { FlowModel, HostModel, LinkModel, NetworkModel, TopologyModel } from './types';

export type * from './types';
export type { Diagnostic, NameSuggestions, Severity, RelatedLocation } from './diagnostics';
export { LineIndex, type Position, type Range } from './lineIndex';
export { UNITS } from './units';
export { ReferenceList, type DeclarationKind, type NameDeclaration, type NameOccurrence, type NameReference } from './referenceList';
export { schemaDefault } from './properties';
export type { BodyKind } from '../syntax/index';
export { limitDiagnostics, severityCounts, MAX_DIAGNOSTICS, MAX_INSTANTIATED, MAX_RELATED } from './limits';

export interface Analysis {
  readonly tree: SyntaxTree;
  readonly model: TopologyModel;
  /** Syntax and model diagnostics, in document order. */
  readonly diagnostics: readonly Diagnostic[];
  /** Every use of a name the model resolved, as `DiagnosticSink.uses` records them; `ReferenceList` reads them. */
  readonly uses: Int32Array;
}

/** Parses and resolves a document. */
export function analyze(text: string): Analysis {
  return analyzeTree(parseText(text));
}

/** Resolves a parsed document: the second half of `analyze`, for callers that yield in between. */
export function analyzeTree(tree: SyntaxTree): Analysis {
  return finish(analyzeTreeSteps(tree));
}

/** The tree's syntax diagnostics as diagnostics of the file: every one an error. */
export function syntaxDiagnostics(tree: SyntaxTree): Diagnostic[] {
  return tree.diagnostics.map((d) => ({ ...d, severity: 'error' as const }));
}

/**
 * `analyzeTree` in steps: the generator pauses between declarations (and
 * between the hosts of a range), so the language server can answer other
 * requests while a large document is resolved. Run it to its end for the
 * analysis.
 */
export function* analyzeTreeSteps(tree: SyntaxTree): Generator<void, Analysis, void> {
  const { model, diagnostics, uses } = yield* buildModel(tree);
  const all: Diagnostic[] = [...syntaxDiagnostics(tree), ...diagnostics];
  all.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { tree, model, diagnostics: all, uses };
}

/** Runs a stepwise computation to its end, without pausing. */
export function finish<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

interface TopLevelName {
  readonly kind: string;
  readonly span: Span;
}

function* buildModel(tree: SyntaxTree): Generator<void, { model: TopologyModel; diagnostics: Diagnostic[]; uses: Int32Array }, void> {
  const sink = new DiagnosticSink();
  const title = readTitle(tree.declarations, sink);
  const { names, claimed, hostNames } = claimNames(tree.declarations, sink);

  const templates = new Map<string, TemplateDecl>();
  for (const decl of tree.declarations) {
    if (decl.kind === 'template' && claimed.has(decl)) templates.set(decl.name!.text, decl);
  }
  // Each template is checked once, on its own: its diagnostics are not repeated per host.
  for (const template of templates.values()) {
    const name = template.name!;
    buildHost(name.text, name.span, template.span, undefined, template.items.map((item) => ({ item, muted: false })), `template '${name.text}'`, sink);
    yield;
  }

  const hosts = new Map<string, HostModel>();
  for (const decl of tree.declarations) {
    if (decl.kind === 'host' && decl.name !== undefined) yield* buildHostDecl(decl, hostNames.get(decl) ?? [], templates, names, hosts, sink);
  }

  const networks = new Map<string, NetworkModel>();
  const flows = new Map<string, FlowModel>();
  const links: LinkModel[] = [];
  for (const decl of tree.declarations) {
    if (decl.kind === 'link') {
      const link = buildTopLevelLink(decl, hosts, sink);
      if (link !== undefined) links.push(link);
    } else if (decl.kind === 'network' && claimed.has(decl)) {
      networks.set(decl.name!.text, buildNetwork(decl, hosts, sink));
    } else if (decl.kind === 'flow' && claimed.has(decl)) {
      flows.set(decl.name!.text, buildFlow(decl, hosts, sink));
    }
    yield;
  }
  const model: TopologyModel = sink.limits.incomplete ? { title, hosts, networks, links, flows, incomplete: true } : { title, hosts, networks, links, flows };
  // Packed: half the memory of the array they were pushed to. Offsets fit in 32 bits: a string holds at most
  // 2^29 - 24 characters (Node 20's buffer.constants.MAX_STRING_LENGTH).
  return { model, diagnostics: sink.diagnostics, uses: Int32Array.from(sink.uses) };
}

/**
 * Top-level names (hosts, templates, networks, flows) are unique in the
 * file: each belongs to its first declaration in document order, and a
 * later one is REF002 pointing back at it.
 */
function claimNames(declarations: readonly Declaration[], sink: DiagnosticSink) {
  const names = new Map<string, TopLevelName>();
  const claimed = new Set<Declaration>();
  const hostNames = new Map<HostDecl, string[]>();
  const claim = (name: string, kind: string, span: Span): boolean => {
    const first = names.get(name);
    if (first !== undefined) {
      sink.error('REF002', `'${name}' is already declared (as a ${first.kind}); top-level names are unique in the file`, span, [
        { span: first.span, message: `first '${name}'` },
      ]);
      return false;
    }
    names.set(name, { kind, span });
    return true;
  };
  // How many items each template gives a host, for the file's instantiation limit (the first of a name counts).
  const templateSizes = new Map<string, number>();
  for (const decl of declarations) {
    if (decl.kind === 'template' && decl.name !== undefined && !templateSizes.has(decl.name.text)) templateSizes.set(decl.name.text, decl.items.length);
  }
  for (const decl of declarations) {
    if (decl.kind === 'host' && decl.name !== undefined) {
      const name = decl.name;
      const bounds = decl.range === undefined ? undefined : rangeBounds(decl.range, sink);
      if (decl.range !== undefined && bounds === undefined) {
        hostNames.set(decl, []);
        continue;
      }
      if (!withinLimit(decl, bounds, templateSizes, sink)) {
        sink.limits.omit(name.text, bounds);
        hostNames.set(decl, []);
        continue;
      }
      const all = bounds === undefined ? [name.text] : indicesOf(bounds).map((i) => `${name.text}${i}`);
      hostNames.set(decl, all.filter((hostName) => claim(hostName, 'host', name.span)));
    } else if ((decl.kind === 'template' || decl.kind === 'network' || decl.kind === 'flow') && decl.name !== undefined) {
      if (claim(decl.name.text, decl.kind, decl.name.span)) claimed.add(decl);
    }
  }
  return { names, claimed, hostNames };
}

/**
 * Takes what a host declaration instantiates from the file's limit: each of
 * its hosts and the items the template and its body give each one. A plain
 * host spells out all it holds, so only templates and ranges count.
 */
function withinLimit(decl: HostDecl, bounds: { low: number; high: number } | undefined, templateSizes: ReadonlyMap<string, number>, sink: DiagnosticSink): boolean {
  if (decl.template === undefined && bounds === undefined) return true;
  const hosts = bounds === undefined ? 1 : bounds.high - bounds.low + 1;
  const perHost = 1 + (decl.template === undefined ? 0 : (templateSizes.get(decl.template.text) ?? 0)) + decl.items.length;
  const name = decl.name!.text;
  const what = (): string =>
    bounds === undefined
      ? `host '${name}' (${perHost} items from template '${decl.template!.text}')`
      : `host range '${name}[${bounds.low}..${bounds.high}]' (${grouped(hosts)} hosts × ${perHost} items)`;
  return sink.limits.take(hosts * perHost, what, decl.name!.span, (message, span) => sink.error('LIM001', message, span));
}

function readTitle(declarations: readonly Declaration[], sink: DiagnosticSink): string | undefined {
  let title: string | undefined;
  let seen = false;
  declarations.forEach((decl, index) => {
    if (decl.kind !== 'topology') return;
    if (seen) {
      sink.error('SYN001', "a file has one 'topology' title; remove this one", decl.keyword.span);
      return;
    }
    seen = true;
    if (index > 0) sink.error('SYN001', "'topology' comes first in the file", decl.keyword.span);
    title = decl.title;
  });
  return title;
}

function* buildHostDecl(
  decl: HostDecl,
  hostNames: readonly string[],
  templates: ReadonlyMap<string, TemplateDecl>,
  names: ReadonlyMap<string, TopLevelName>,
  hosts: Map<string, HostModel>,
  sink: DiagnosticSink,
): Generator<void, void, void> {
  const name = decl.name!;
  const template = decl.template === undefined ? undefined : findTemplate(decl.template, templates, names, sink);
  const fromTemplate: HostItemSource[] = (template?.items ?? []).map((item) => ({ item, muted: true }));
  const own = withoutRedeclarations(decl, template, sink);
  for (const [index, hostName] of hostNames.entries()) {
    // A range's own items are reported once, for its first host.
    const items = [...fromTemplate, ...own.map((item) => ({ item, muted: index > 0 }))];
    hosts.set(hostName, buildHost(hostName, name.span, decl.span, template?.name?.text, items, `host '${hostName}'`, sink));
    yield;
  }
}

function findTemplate(word: Word, templates: ReadonlyMap<string, TemplateDecl>, names: ReadonlyMap<string, TopLevelName>, sink: DiagnosticSink): TemplateDecl | undefined {
  const template = templates.get(word.text);
  if (template !== undefined) {
    sink.use(word.span, template.name!.span);
    return template;
  }
  const other = names.get(word.text);
  if (other !== undefined) {
    sink.use(word.span, other.span);
    sink.error('REF003', `'${word.text}' is a ${other.kind}, expected a template`, word.span, [{ span: other.span, message: `'${word.text}' is declared here` }]);
    return undefined;
  }
  const guess = sink.suggestions.closest(word.text, templates.keys(), templates.size);
  const hint = guess === undefined ? '' : `; did you mean '${guess}'?`;
  sink.unknownName(`unknown template '${word.text}'${hint}`, word.span, guess);
  return undefined;
}

/**
 * A host may add items to its template's but not redeclare one: reported
 * once, at the host's name (language.md § File structure), and the
 * template's item is kept.
 */
function withoutRedeclarations(decl: HostDecl, template: TemplateDecl | undefined, sink: DiagnosticSink): HostDecl['items'] {
  if (template === undefined) return decl.items;
  const inherited = new Map<string, ItemDecl>();
  for (const item of template.items) if (item.kind === 'item' && item.name !== undefined) inherited.set(item.name.text, item);
  const clashes = decl.items.filter((item): item is ItemDecl => item.kind === 'item' && item.name !== undefined && inherited.has(item.name.text));
  if (clashes.length === 0) return decl.items;
  const list = clashes.map((item) => `'${item.name!.text}'`).join(', ');
  sink.error('REF002', `host '${decl.name!.text}' redeclares ${list} from template '${template.name!.text}'`, decl.name!.span,
    clashes.flatMap((item) => [
      { span: item.name!.span, message: `'${item.name!.text}' redeclared here` },
      { span: inherited.get(item.name!.text)!.name!.span, message: `'${item.name!.text}' in template '${template.name!.text}'` },
    ]));
  return decl.items.filter((item) => !clashes.includes(item as ItemDecl));
}
