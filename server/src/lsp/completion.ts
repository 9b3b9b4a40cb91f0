// textDocument/completion: what may be written at the cursor, and nothing
// else. The slot nodeAt finds there says what the grammar expects — a
// declaration, a host item, a property of this body, a value of this
// property, a unit of this dimension, a name of this kind — and each slot
// offers only that: keywords, the properties not yet set with their
// documentation, enum words, units, references of the kind the model would
// accept (completionNames.ts), and below the keywords, snippets for whole
// declarations. Inside a comment or a string, and where a new name is
// being declared, nothing: never words from the text.
//
// Each item replaces the whole word at the cursor (`gp|` + `gpu` gives
// `gpu`, `lab.st|` + `staging` gives `lab.staging`). The trigger characters
// are `.`, for what follows `host.`, and the space, answered only where the
// line so far expects a value — after `mode `, `size 64 `, `map nic0 -> `,
// `link a -- b : `, `from ` — and never between properties or items, where
// a list after every space would be noise (TypeScript answers its space
// trigger the same way, only where a name must follow).
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList } from 'vscode-languageserver';
import type { Snapshot } from '../analysis/snapshot';
import { MPS_VALUES } from '../model/links';
import { EXCLUSIONS } from '../model/properties';
import type { BodyDecl, LinkDecl, Property, QualifiedName, Span } from '../syntax/ast';
import type { NodeAt, Slot } from '../syntax/index';
import { BODY_SCHEMA_MAPS, type BodyKind, type Dimension, type PropertySpec, type RefKind } from '../syntax/schema';
import { hostNames, localNames, qualifiedNames, templateNames, groupNames, type NameCandidate } from './completionNames';
import { expandDefaults, SNIPPETS } from './completionSnippets';
import { ACCESS_WORDS, DECLARATION_WORDS, GENERATION_WORDS, ITEM_WORDS, LANE_WORDS, LINK_KIND_WORDS, unitWords, type Word } from './completionWords';
import { propertyDoc, propertySignature } from './propertyDoc';

export interface CompletionOptions {
  /** The client inserts snippets (`${1:name}`): whole declarations, and a choice among a property's words. */
  readonly snippets?: boolean;
  /** The character whose typing asked, when one did. */
  readonly triggerCharacter?: string;
}

export const TRIGGER_CHARACTERS: readonly string[] = ['.', ' '];

/** The slots a typed space opens a list in: where the line so far expects what follows. */
const AFTER_SPACE: ReadonlySet<Slot> = new Set<Slot>(['value', 'unit', 'template', 'linkEnd', 'linkKind', 'linkArgument', 'mapDevice', 'mapBuffer', 'mapAccess']);

/** What the cursor is on that an item replaces whole. */
const WORD_TOKENS: ReadonlySet<NodeAt['token']> = new Set<NodeAt['token']>(['keyword', 'name', 'word', 'unit', 'stray']);

/** Snippets come after every keyword and name (`sortText`). */
const Rank = { First: 0, Snippet: 1 } as const;
type Rank = (typeof Rank)[keyof typeof Rank];

interface Offer {
  readonly label: string;
  readonly kind: CompletionItemKind;
  readonly detail?: string | undefined;
  /** Beside the label, quieter: `required`, `default`, `from template t`. */
  readonly description?: string | undefined;
  /** Markdown. */
  readonly documentation?: string | undefined;
  /** What is written; the label when absent. */
  readonly insert?: string;
  readonly snippet?: boolean;
  readonly filterText?: string;
  readonly rank?: Rank;
}

interface Offers {
  readonly offers: readonly Offer[];
  /** More would match: the editor asks again as the word grows. */
  readonly incomplete?: boolean;
  /** What the items replace, when it is not the word at the cursor. */
  readonly replace?: Span;
  /** Written before each item's text (a space between a number and its unit). */
  readonly before?: string;
}

const NONE: Offers = { offers: [] };
const EMPTY: CompletionList = { isIncomplete: false, items: [] };

/** The completion list at `offset`. Never throws, whatever the text. */
export function completionAt(snapshot: Snapshot, offset: number, options: CompletionOptions = {}): CompletionList {
  const at = snapshot.nodeAt(offset);
  const slot = at.slot;
  if (slot === undefined || at.token === 'comment' || at.token === 'string') return EMPTY;
  if (options.triggerCharacter === ' ' && !AFTER_SPACE.has(slot)) return EMPTY;
  if (options.triggerCharacter === '.' && at.namePart !== 1) return EMPTY;
  const found = offersAt(snapshot, at, options.snippets === true);
  if (found.offers.length === 0) return found.incomplete === true ? { isIncomplete: true, items: [] } : EMPTY;
  const replace = found.replace ?? (at.span !== undefined && WORD_TOKENS.has(at.token) ? at.span : { start: at.offset, end: at.offset });
  const range = snapshot.lines.range(replace);
  const before = found.before ?? '';
  const items = found.offers.map((offer, index): CompletionItem => {
    const item: CompletionItem = {
      label: offer.label,
      kind: offer.kind,
      sortText: `${offer.rank ?? Rank.First}${String(index).padStart(4, '0')}`,
      textEdit: { range, newText: before + (offer.insert ?? offer.label) },
    };
    if (offer.detail !== undefined) item.detail = offer.detail;
    if (offer.description !== undefined) item.labelDetails = { description: offer.description };
    if (offer.documentation !== undefined) item.documentation = { kind: 'markdown', value: offer.documentation };
    if (offer.snippet === true) item.insertTextFormat = InsertTextFormat.Snippet;
    if (offer.filterText !== undefined) item.filterText = offer.filterText;
    return item;
  });
  return { isIncomplete: found.incomplete === true, items };
}

function offersAt(snapshot: Snapshot, at: NodeAt, snippets: boolean): Offers {
  switch (at.slot) {
    case 'declaration':
      return declarationOffers(snapshot, at, snippets);
    case 'item':
      return itemOffers(at, snippets);
    case 'property':
      return propertyOffers(at, snippets);
    case 'value':
      return valueOffers(snapshot, at);
    case 'unit':
      return unitOffers(at);
    case 'template':
      return names(templateNames(snapshot.tree), snapshot.text);
    case 'linkEnd':
      return linkEndOffers(snapshot, at);
    case 'linkKind':
      return { offers: LINK_KIND_WORDS.map((w) => wordOffer(w, CompletionItemKind.Keyword)) };
    case 'linkArgument':
      return linkArgumentOffers(at);
    case 'mapDevice':
      return at.host === undefined ? NONE : names(localNames(snapshot, at.host, ['device']), snapshot.text);
    case 'mapBuffer':
      return at.host === undefined ? NONE : names(localNames(snapshot, at.host, ['buffer']), snapshot.text);
    case 'mapAccess':
      return { offers: ACCESS_WORDS.map((w) => wordOffer(w, CompletionItemKind.EnumMember)) };
    default:
      // A name being declared, the title, a range's bounds: only the author knows.
      return NONE;
  }
}

// ---- declarations and items ------------------------------------------------

function declarationOffers(snapshot: Snapshot, at: NodeAt, snippets: boolean): Offers {
  // `topology` comes first and once: offered only before every other declaration, or in place of its own keyword.
  const first = snapshot.tree.declarations[0];
  const start = at.span?.start ?? at.offset;
  const topology = first === undefined || (first.kind !== 'topology' && first.span.start >= start) || (first.kind === 'topology' && at.declaration === first);
  const keywords = DECLARATION_WORDS.filter((w) => w.word !== 'topology' || topology);
  return withSnippets(keywords, 'top', at, snippets, (word) => word !== 'topology' || topology);
}

function itemOffers(at: NodeAt, snippets: boolean): Offers {
  return withSnippets(ITEM_WORDS, 'host', at, snippets, () => true);
}

/** The keywords, then the snippets of `place` — not when the cursor is on a keyword already written, whose declaration follows it. */
function withSnippets(keywords: readonly Word[], place: 'top' | 'host', at: NodeAt, snippets: boolean, allowed: (keyword: string) => boolean): Offers {
  const offers: Offer[] = keywords.map((w) => wordOffer(w, CompletionItemKind.Keyword));
  if (snippets && at.token !== 'keyword') {
    for (const snippet of SNIPPETS) {
      if (snippet.place !== place || !allowed(snippet.keyword)) continue;
      offers.push({
        label: snippet.name,
        kind: CompletionItemKind.Snippet,
        detail: snippet.description,
        documentation: `\`\`\`dmatopo\n${expandDefaults(snippet.body)}\n\`\`\``,
        insert: snippet.body,
        snippet: true,
        filterText: snippet.keyword,
        rank: Rank.Snippet,
      });
    }
  }
  return { offers };
}

// ---- properties --------------------------------------------------------------

function propertyOffers(at: NodeAt, snippets: boolean): Offers {
  const kind = schemaKind(at);
  if (kind === undefined) return NONE;
  const onKey = at.propertyPart === 'key';
  const written = new Set<string>();
  for (const property of bodyProperties(at)) if (!(onKey && property === at.property)) written.add(property.key.text);
  for (const [a, b] of EXCLUSIONS) {
    if (written.has(a)) written.add(b);
    else if (written.has(b)) written.add(a);
  }
  const linkKind = kind === 'linkSpec' ? linkOf(at)?.spec?.linkKind?.text : undefined;
  const offers: Offer[] = [];
  for (const [key, spec] of BODY_SCHEMA_MAPS[kind]) {
    if (written.has(key)) continue;
    // A PCIe link takes an mps, the others an mtu (model/links.ts).
    if ((key === 'mps' && linkKind !== undefined && linkKind !== 'pcie') || (key === 'mtu' && linkKind === 'pcie')) continue;
    offers.push(propertyOffer(kind, key, spec, !onKey, snippets));
  }
  // The required ones first, each group in the schema's order.
  offers.sort((a, b) => Number(b.description === 'required') - Number(a.description === 'required'));
  return { offers };
}

function propertyOffer(kind: BodyKind, key: string, spec: PropertySpec, withValue: boolean, snippets: boolean): Offer {
  const value = spec.value;
  const choice = withValue && snippets && value.type === 'enum' && spec.shape === 'word';
  const insert = !withValue || spec.shape === 'flag' ? key : choice ? `${key} \${1|${value.values.join(',')}|}` : `${key} `;
  return {
    label: key,
    kind: CompletionItemKind.Property,
    detail: propertySignature(kind, key),
    description: spec.required === true ? 'required' : undefined,
    documentation: propertyDoc(kind, key),
    insert,
    ...(choice ? { snippet: true } : {}),
  };
}

/** The body's schema kind at the cursor; undefined in a host's own body. */
function schemaKind(at: NodeAt): BodyKind | undefined {
  return at.bodyKind === undefined || at.bodyKind === 'host' ? undefined : at.bodyKind;
}

/** The properties written in the body at the cursor. */
function bodyProperties(at: NodeAt): readonly Property[] {
  if (at.bodyKind === 'linkSpec') return linkOf(at)?.spec?.options ?? [];
  if (at.bodyKind === 'flow' || at.bodyKind === 'network') return (at.declaration as BodyDecl | undefined)?.body?.properties ?? [];
  return at.item?.kind === 'item' ? (at.item.body?.properties ?? []) : [];
}

/** The link at the cursor: a host's item or a top-level declaration. */
function linkOf(at: NodeAt): LinkDecl | undefined {
  if (at.item?.kind === 'link') return at.item;
  return at.declaration?.kind === 'link' ? at.declaration : undefined;
}

// ---- values ------------------------------------------------------------------

function valueOffers(snapshot: Snapshot, at: NodeAt): Offers {
  const kind = schemaKind(at);
  const property = at.property;
  if (kind === undefined || property === undefined) return NONE;
  const spec = BODY_SCHEMA_MAPS[kind].get(property.key.text);
  if (spec === undefined) return NONE;
  const value = spec.value;
  // The other items of a list are not offered again.
  const listed = new Set(property.values.filter((_, i) => i !== at.valueIndex).map(valueText));
  switch (value.type) {
    case 'enum': {
      const fallback = spec.default !== undefined && !('byKind' in spec.default) ? spec.default.text : undefined;
      const offers = value.values
        .filter((word) => !listed.has(word))
        .map((word): Offer => ({ label: word, kind: CompletionItemKind.EnumMember, description: word === fallback ? 'default' : undefined }));
      return { offers };
    }
    case 'layout':
      return at.valueIndex === 0 ? enumOffers(['contiguous', 'scattered'], 'contiguous') : NONE;
    case 'name':
      return names(groupNames(snapshot.model), snapshot.text);
    case 'quantity':
      // `mps` takes one of six sizes: offered whole when none is written yet.
      if (kind === 'linkSpec' && property.key.text === 'mps' && at.token === 'whitespace') return enumOffers(MPS_VALUES.map((bytes) => `${bytes} B`), '256 B');
      return NONE;
    case 'ref': {
      const qualified = spec.shape === 'qname' || spec.shape === 'qnames' || spec.shape === 'endpoints';
      if (qualified) return qualifiedOffers(snapshot, at, value.refKinds, listed, undefined);
      if (at.host === undefined || at.namePart === 1) return NONE;
      return names(localNames(snapshot, at.host, value.refKinds).filter((c) => !listed.has(c.name)), snapshot.text);
    }
    default:
      return NONE;
  }
}

function enumOffers(words: readonly string[], fallback: string): Offers {
  return { offers: words.map((word) => ({ label: word, kind: CompletionItemKind.EnumMember, description: word === fallback ? 'default' : undefined })) };
}

const valueText = (value: Property['values'][number]): string => (value.kind === 'name' ? value.parts.map((p) => p.text).join('.') : value.digits + (value.unit ?? ''));

/**
 * A qualified name at top level: before the dot, the hosts that hold
 * something of `kinds` (`except` left out); after it, that host's items of
 * `kinds` not `listed` already.
 */
function qualifiedOffers(snapshot: Snapshot, at: NodeAt, kinds: readonly RefKind[], listed: ReadonlySet<string>, except: string | undefined): Offers {
  const name = at.value?.kind === 'name' ? at.value : undefined;
  const model = snapshot.model;
  if (at.namePart === 1) {
    const hostName = name === undefined ? undefined : hostOf(name);
    if (hostName === undefined) return NONE;
    return names(qualifiedNames(model, hostName, kinds).filter((c) => !listed.has(`${hostName}.${c.name}`)), snapshot.text);
  }
  // Every host when they fit; past the cap, those starting with what is typed, and the editor asks again as it grows.
  let found = hostNames(model, kinds, '', except);
  if (found.incomplete) {
    const typed = at.span !== undefined && WORD_TOKENS.has(at.token) ? snapshot.text.slice(at.span.start, at.offset) : '';
    found = { hosts: hostNames(model, kinds, typed, except).hosts, incomplete: true };
  }
  const end = at.span !== undefined && WORD_TOKENS.has(at.token) ? at.span.end : at.offset;
  const dotFollows = (name !== undefined && name.parts.length > 1) || snapshot.text.charCodeAt(end) === 46; /* . */
  const offers = found.hosts.map((host): Offer => ({ ...nameOffer(host, snapshot.text), insert: dotFollows ? host.name : `${host.name}.` }));
  return { offers, incomplete: found.incomplete };
}

/** The host a qualified name names: `lab` of `lab.x`, `node0` of `node[0..3].x` (the range's first). */
function hostOf(name: QualifiedName): string | undefined {
  const host = name.parts[0]?.text;
  if (host === undefined) return undefined;
  return name.hostRange === undefined ? host : `${host}${name.hostRange.low.digits.replace(/_/g, '')}`;
}

// ---- units -------------------------------------------------------------------

function unitOffers(at: NodeAt): Offers {
  const number = at.value?.kind === 'number' ? at.value : undefined;
  if (number === undefined || number.isHex) return NONE;
  const dimensions = unitDimensions(at);
  if (dimensions.length === 0) return NONE;
  const onUnit = at.span !== undefined && (at.token === 'unit' || at.token === 'stray');
  const replace = onUnit ? at.span! : { start: at.offset, end: at.offset };
  const offers = unitWords(dimensions).map((w) => wordOffer(w, CompletionItemKind.Unit));
  // `64|` or `64Mi|`: the unit is written after a space, as the reference writes quantities (`64 MiB`).
  return { offers, replace, before: replace.start === number.digitsSpan.end ? ' ' : '' };
}

/** The dimensions the number at the cursor may carry: its property's, or a link's rate. */
function unitDimensions(at: NodeAt): readonly Dimension[] {
  const kind = schemaKind(at);
  const spec = kind === undefined || at.property === undefined ? undefined : BODY_SCHEMA_MAPS[kind].get(at.property.key.text);
  if (spec === undefined) return at.property === undefined && linkOf(at) !== undefined ? ['byteRate'] : [];
  if (spec.value.type === 'quantity') return spec.value.dimensions;
  return spec.value.type === 'layout' ? ['size'] : [];
}

// ---- links -------------------------------------------------------------------

function linkEndOffers(snapshot: Snapshot, at: NodeAt): Offers {
  const link = linkOf(at);
  const other = link === undefined ? undefined : at.valueIndex === 0 ? link.to : link.from;
  if (at.host !== undefined) {
    // Inside a host: its cpus, switches and devices (model/links.ts), by their bare names.
    if (at.namePart === 1) return NONE;
    const otherName = other?.parts.length === 1 ? other.parts[0]!.text : undefined;
    return names(localNames(snapshot, at.host, ['cpu', 'switch', 'device']).filter((c) => c.name !== otherName), snapshot.text);
  }
  // Between hosts: NICs of two different hosts.
  return qualifiedOffers(snapshot, at, ['nic'], new Set(), other?.parts.length === 2 ? other.parts[0]!.text : undefined);
}

function linkArgumentOffers(at: NodeAt): Offers {
  if (linkOf(at)?.spec?.linkKind?.text !== 'pcie') return NONE;
  const words = at.valueIndex === 0 ? GENERATION_WORDS : at.valueIndex === 1 ? LANE_WORDS : [];
  return { offers: words.map((w) => wordOffer(w, CompletionItemKind.EnumMember)) };
}

// ---- names -------------------------------------------------------------------

function names(candidates: readonly NameCandidate[], text: string): Offers {
  return { offers: candidates.map((c) => nameOffer(c, text)) };
}

const NAME_KINDS: Readonly<Record<string, CompletionItemKind>> = {
  host: CompletionItemKind.Module,
  template: CompletionItemKind.Class,
  group: CompletionItemKind.Value,
  buffer: CompletionItemKind.Variable,
  memory: CompletionItemKind.Variable,
};

function nameOffer(candidate: NameCandidate, text: string): Offer {
  const detail = candidate.kind === 'host' ? `host ${candidate.name}` : candidate.kind === 'group' ? 'a group of flows' : preview(text, candidate.span);
  return {
    label: candidate.name,
    kind: NAME_KINDS[candidate.kind] ?? CompletionItemKind.Struct,
    detail,
    description: candidate.fromTemplate === undefined ? undefined : `from template ${candidate.fromTemplate}`,
  };
}

/** The declaration at `span` in one line: the whole of it when short (`buffer rx { in ram, size 4 MiB }`), else its first line, cut. */
function preview(text: string, span: Span | undefined): string | undefined {
  if (span === undefined) return undefined;
  const source = text.slice(span.start, Math.min(span.end, span.start + 200));
  const first = source.split(/\r?\n/, 1)[0]!.replace(/\s+/g, ' ').trim();
  const whole = span.end - span.start <= 200 && !/[\r\n]/.test(source);
  if (whole && first.length <= 80) return first;
  return `${first.length <= 78 ? first : first.slice(0, 78)} …`;
}

function wordOffer(word: Word, kind: CompletionItemKind): Offer {
  return { label: word.word, kind, detail: word.detail, documentation: word.doc === '' ? undefined : word.doc };
}
