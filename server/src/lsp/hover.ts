// textDocument/hover: what is under the cursor, and every number explained.
// A name (declared or used) shows what it is: a flow every figure of its
// simulation with its derivation, a link its capacity and loads, a device
// its reach and the flows through it. A keyword or a property shows its
// documentation, a quantity its value in SI and human units; and where a
// diagnostic is, its rule's explanation and page follow. The parts live in
// hover/; this module decides which applies at the offset.
import type { Hover } from 'vscode-languageserver';
import type { Snapshot } from '../analysis/snapshot';
import type { Diagnostic } from '../model/index';
import type { LinkDecl, NumberValue, Span } from '../syntax/ast';
import type { NodeAt } from '../syntax/nodeAt';
import { hoverContext, type HoverContext } from './hover/context';
import { diagnosticNotes } from './hover/diagnostic';
import { keywordDoc, propertyDoc, valueDoc, valueOf } from './hover/docs';
import { declaredFlow, flowHover, flowTable } from './hover/flow';
import { linkHover, pcieWordText } from './hover/link';
import { declarationHover } from './hover/names';
import { quantityHover } from './hover/quantity';
import { code, escape, plural } from './markdown';

export interface HoverOptions {
  /** The document's URI: what the hover says is written somewhere links there. */
  readonly uri?: string;
  /** The diagnostics the editor shows for the document; by default the snapshot's own (which runs the rules). */
  readonly diagnostics?: readonly Diagnostic[];
}

/** Blocks of Markdown and the span they are about. */
interface Content {
  readonly blocks: readonly string[];
  readonly span: Span;
}

export function hoverAt(snapshot: Snapshot, offset: number, options: HoverOptions = {}): Hover | null {
  const ctx = hoverContext(snapshot, options.uri);
  const at = snapshot.nodeAt(offset);
  const content = contentAt(ctx, at);
  const notes = diagnosticNotes(options.diagnostics ?? snapshot.diagnostics, at.offset);
  if (content === undefined && notes.length === 0) return null;
  const sources = ctx.citations.markdown();
  const blocks = [...(content?.blocks ?? []), ...(sources === undefined ? [] : [sources]), ...(notes.length === 0 ? [] : [...(content === undefined ? [] : ['---']), ...notes])];
  const span = content?.span ?? { start: at.offset, end: at.offset };
  return { contents: { kind: 'markdown', value: blocks.join('\n\n') }, range: snapshot.lines.range(span) };
}

function contentAt(ctx: HoverContext, at: NodeAt): Content | undefined {
  switch (at.token) {
    case 'comment':
    case 'stray':
      return undefined;
    case 'whitespace':
      return punctuation(ctx, at);
    case 'string':
      return at.span === undefined ? undefined : { blocks: [`**Title** of the topology: ${escape(ctx.snapshot.model.title ?? '')}`], span: at.span };
    case 'keyword':
      return keyword(ctx, at);
    case 'name':
      return name(ctx, at);
    case 'word':
      return word(ctx, at);
    case 'number':
    case 'unit':
      return number(ctx, at);
  }
}

/** On a name: its declaration's hover; a group's name lists the group. */
function name(ctx: HoverContext, at: NodeAt): Content | undefined {
  const span = at.span!;
  const occurrence = ctx.snapshot.references.at(at.offset);
  if (occurrence !== undefined) {
    const [first, ...others] = occurrence.declarations;
    const blocks = declarationHover(ctx, first!);
    // A range reference (`h[0..1]` of hosts declared one by one) names each host: the first one speaks for them.
    if (others.length > 0) blocks.push(`${code(ctx.snapshot.text.slice(occurrence.span.start, occurrence.span.end))} names ${plural(occurrence.declarations.length, 'declaration')}: ${occurrence.declarations.map((d) => code(d.name)).join(', ')}.`);
    return { blocks, span: occurrence.span };
  }
  if (at.bodyKind === 'flow' && at.property?.key.text === 'group') return { blocks: groupHover(ctx, ctx.snapshot.text.slice(span.start, span.end)), span };
  return undefined;
}

function groupHover(ctx: HoverContext, group: string): string[] {
  const flows = ctx.index.groupFlows(group);
  return [`**group ${code(group)}**: ${plural(flows.length, 'flow')} that run at the same time and share what they cross`, flowTable(ctx, flows)];
}

function keyword(ctx: HoverContext, at: NodeAt): Content | undefined {
  const span = at.span!;
  const text = ctx.snapshot.text.slice(span.start, span.end);
  const doc = keywordDoc(text) ?? [];
  // The keyword of a flow or a link hovers as the flow or the link; the keyword's own text follows.
  const flow = at.declaration?.kind === 'flow' && at.slot === 'declaration' ? declaredFlow(ctx.snapshot.model, at.declaration) : undefined;
  if (flow !== undefined) return { blocks: [...flowHover(ctx, flow), '---', ...doc], span };
  const link = linkAt(at);
  if (link !== undefined && (at.slot === 'declaration' || at.slot === 'item' || at.slot === 'linkKind')) {
    return { blocks: [...linkHover(ctx, link, at.host), '---', ...doc], span };
  }
  if (at.slot === 'property' && at.propertyPart === 'key' && at.bodyKind !== undefined && at.bodyKind !== 'host') {
    const item = at.item?.kind === 'item' ? at.item.itemKind.text : undefined;
    const blocks = propertyDoc(at.bodyKind, text, item);
    return blocks === undefined ? undefined : { blocks, span };
  }
  return doc.length === 0 ? undefined : { blocks: doc, span };
}

function word(ctx: HoverContext, at: NodeAt): Content | undefined {
  const span = at.span!;
  const text = ctx.snapshot.text.slice(span.start, span.end);
  if (at.slot === 'mapAccess') {
    const doc = keywordDoc(text);
    return doc === undefined ? undefined : { blocks: doc, span };
  }
  const link = linkAt(at);
  if (link !== undefined && at.slot === 'linkArgument') {
    const meaning = pcieWordText(text);
    return { blocks: [...(meaning === undefined ? [] : [meaning, '---']), ...linkHover(ctx, link, at.host)], span };
  }
  if (at.slot === 'value' && at.property !== undefined && at.bodyKind !== undefined && at.bodyKind !== 'host') {
    const blocks = valueDoc(at.bodyKind, at.property.key.text, text);
    return blocks === undefined ? undefined : { blocks, span };
  }
  return undefined;
}

/** A number or its unit: the quantity, and what it is the value of. */
function number(ctx: HoverContext, at: NodeAt): Content | undefined {
  // A bound of a host range (`host node[0..3]`): the hosts it declares.
  if (at.slot === 'range' && at.declaration?.kind === 'host' && at.declaration.name !== undefined) {
    const occurrence = ctx.snapshot.references.at(at.declaration.name.span.start);
    return occurrence === undefined ? undefined : { blocks: declarationHover(ctx, occurrence.declarations[0]!), span: at.span ?? at.declaration.name.span };
  }
  const value = at.node;
  if (value === undefined || !('kind' in value) || value.kind !== 'number') return undefined;
  const number = value as NumberValue;
  const blocks = quantityHover(number, valueContext(at));
  return blocks === undefined ? undefined : { blocks, span: number.span };
}

/** What a number is the value of, in a sentence. */
function valueContext(at: NodeAt): string | undefined {
  if (at.property !== undefined && at.bodyKind !== undefined && at.bodyKind !== 'host') return valueOf(at.bodyKind, at.property.key.text);
  if (linkAt(at) !== undefined && at.slot === 'linkArgument') return 'The data rate of the link after line encoding, in each direction.';
  return undefined;
}

/**
 * Between tokens: nothing on whitespace, but on punctuation its construct's
 * hover — the `--` of a link, the braces and separators of a flow's body.
 */
function punctuation(ctx: HoverContext, at: NodeAt): Content | undefined {
  const { text } = ctx.snapshot;
  const c = text.charAt(at.offset);
  if (c === '' || /\s/.test(c)) return undefined;
  const span = { start: at.offset, end: at.offset + 1 };
  const link = linkAt(at);
  if (link !== undefined && link.from !== undefined && at.offset >= link.from.span.end && (link.to === undefined || at.offset < link.to.span.start)) {
    return { blocks: linkHover(ctx, link, at.host), span: { start: link.from.span.end, end: link.to?.span.start ?? at.offset + 1 } };
  }
  const flow = at.declaration?.kind === 'flow' ? declaredFlow(ctx.snapshot.model, at.declaration) : undefined;
  return flow === undefined ? undefined : { blocks: flowHover(ctx, flow), span };
}

/** The link the offset is in: an item of a host, or a top-level declaration. */
function linkAt(at: NodeAt): LinkDecl | undefined {
  if (at.item?.kind === 'link') return at.item;
  return at.declaration?.kind === 'link' ? at.declaration : undefined;
}
