// Links: `link a -- b : pcie gen4 x16 mps 256 B` inside a host, and
// `link alpha.nic0 -- beta.nic0 : infiniband 200 Gb/s` between hosts.
import type { LinkDecl, LinkSpec, QualifiedName, Span, Word } from '../syntax/ast';
import { closestWord, LINK_KINDS } from '../syntax/index';
import type { DiagnosticSink } from './diagnostics';
import { defaultNumber, readProperties, readQuantity } from './properties';
import { kindName, resolveLocal, resolveQualified } from './references';
import type { HostModel, LinkEnd, LinkKind, LinkModel, PcieSpec } from './types';

/** The PCIe generations and lane counts a `pcie` link may name (the editor's semantic tokens read them too). */
export const GENERATIONS = ['gen1', 'gen2', 'gen3', 'gen4', 'gen5', 'gen6'];
export const LANES = ['x1', 'x2', 'x4', 'x8', 'x16', 'x32'];
/** Valid PCIe Max_Payload_Size values (PCIe Base Spec, Device Control register: 128 B to 4096 B). */
export const MPS_VALUES = [128, 256, 512, 1024, 2048, 4096];
const DEFAULT_MPS_BYTES = defaultNumber('linkSpec', 'mps');
const LINK_END_KINDS = ['cpu', 'switch', 'device'] as const;

type CheckedSpec = Pick<LinkModel, 'linkKind' | 'pcie' | 'rateBytesPerSecond' | 'latencySeconds' | 'mtuBytes' | 'written' | 'rateSpan' | 'lanesSpan'>;

/**
 * A link inside a host whose ends resolved. Its `link` is undefined when its
 * spec is invalid (reported): it still joins its ends, so one bad `gen9`
 * does not also cut the devices below it off their cpu.
 */
export interface LinkEdge {
  readonly a: LinkEnd;
  readonly b: LinkEnd;
  /** Part of the PCIe tree: a pcie or bus link, or one whose kind is unreadable. */
  readonly tree: boolean;
  readonly link: LinkModel | undefined;
  readonly span: Span;
}

/**
 * A link inside `host`: its ends are this host's cpus, switches or devices.
 * Returns its edge, or when an end is missing the ends it does name (whose
 * connections are then unknown, not absent).
 */
export function buildLink(decl: LinkDecl, host: HostModel, sink: DiagnosticSink): LinkEdge | LinkEnd[] {
  const a = resolveEnd(decl.from, host, sink);
  const b = resolveEnd(decl.to, host, sink);
  const spec = decl.spec === undefined ? undefined : readLinkSpec(decl.spec, sink);
  if (a === undefined || b === undefined) return [a, b].filter((end): end is LinkEnd => end !== undefined);
  const link: LinkModel | undefined = spec === undefined ? undefined : { id: `${a.id}--${b.id}`, a, b, ...spec, host, span: decl.span };
  const kind = decl.spec?.linkKind?.text;
  const tree = kind !== 'nvlink' && kind !== 'infiniband' && kind !== 'ethernet' && !(a.kind === 'cpu' && b.kind === 'cpu');
  return { a, b, tree, link, span: decl.span };
}

function resolveEnd(name: QualifiedName | undefined, host: HostModel, sink: DiagnosticSink): LinkEnd | undefined {
  if (name === undefined || name.recovered === true) return undefined;
  let word: Word = name.parts[0]!;
  if (name.parts.length > 1) {
    if (word.text !== host.name) {
      sink.error('TOP001', `a link inside host '${host.name}' joins its own parts; declare a link to '${name.parts.map((p) => p.text).join('.')}' at top level`, name.span);
      return undefined;
    }
    sink.use(word.span, host.nameSpan);
    word = name.parts[1]!;
  }
  return resolveLocal<LinkEnd>(word, LINK_END_KINDS, host.entities, `host '${host.name}'`, sink);
}

/** A top-level link: it must join NICs of two different hosts (TOP001). */
export function buildTopLevelLink(decl: LinkDecl, hosts: ReadonlyMap<string, HostModel>, sink: DiagnosticSink): LinkModel | undefined {
  const ends = [decl.from, decl.to].map((name) =>
    name === undefined ? undefined : resolveQualified<LinkEnd>(name, LINK_END_KINDS, hosts, sink),
  );
  const spec = decl.spec === undefined ? undefined : readLinkSpec(decl.spec, sink);
  const [a, b] = ends;
  if (a === undefined || b === undefined) return undefined;
  for (const [end, name] of [[a, decl.from!], [b, decl.to!]] as const) {
    if (end.kind !== 'device' || end.deviceKind !== 'nic') {
      sink.error('TOP001', `a link between hosts joins NICs; '${end.id}' is a ${kindName(end)}`, name.span, [
        { span: end.nameSpan, message: `'${end.id}' is declared here` },
      ]);
      return undefined;
    }
  }
  if (a.host === b.host) {
    sink.error('TOP001', `both ends are in host '${a.host.name}': declare this link inside the host`, decl.span);
    return undefined;
  }
  if (spec === undefined) return undefined;
  return { id: `${a.id}--${b.id}`, a, b, ...spec, host: undefined, span: decl.span };
}

function readLinkSpec(spec: LinkSpec, sink: DiagnosticSink): CheckedSpec | undefined {
  if (spec.linkKind === undefined) return undefined;
  const kindText = spec.linkKind.text;
  if (!(LINK_KINDS as readonly string[]).includes(kindText)) {
    const guess = closestWord(kindText, LINK_KINDS);
    const hint = guess === undefined ? '' : `; did you mean '${guess}'?`;
    sink.error('VAL001', `unknown link kind '${kindText}': expected ${LINK_KINDS.join(', ')}${hint}`, spec.linkKind.span);
    return undefined;
  }
  const linkKind = kindText as LinkKind;
  const options = readProperties(spec.options, 'linkSpec', { kind: 'link', name: '', span: spec.linkKind.span }, sink);
  // The contract: `mps` on PCIe links, `mtu` on the others; `latency` on any (an extension for PCIe).
  for (const option of ['mps', 'mtu'] as const) {
    const property = options.property(option);
    const applies = option === 'mps' ? linkKind === 'pcie' : linkKind !== 'pcie';
    if (property !== undefined && !applies) {
      const which = option === 'mps' ? 'PCIe links; a network link takes an mtu' : 'links other than PCIe; a PCIe link takes an mps';
      sink.error('VAL001', `'${option}' applies to ${which}`, property.key.span);
    }
  }
  const latencySeconds = options.number('latency');
  // A network technology frames its packets at the MTU, written or its default; for the others it means nothing.
  const network = linkKind === 'infiniband' || linkKind === 'ethernet';
  const mtuBytes = linkKind === 'pcie' ? undefined : (options.number('mtu') ?? (network ? defaultNumber('linkSpec', 'mtu', linkKind) : undefined));
  if (linkKind === 'pcie') {
    const pcie = readPcie(spec, options.number('mps'), options.property('mps')?.values[0]?.span, sink);
    return pcie === undefined ? undefined : { linkKind, pcie, rateBytesPerSecond: undefined, latencySeconds, mtuBytes, written: options, rateSpan: undefined, lanesSpan: spec.args[1]!.span };
  }
  const [rate, ...extra] = spec.args;
  reportExtra(extra, sink);
  if (rate === undefined) {
    sink.error('REQ001', `${article(linkKind)} ${linkKind} link needs its rate, such as ${linkKind} 200 Gb/s`, spec.linkKind.span);
    return undefined;
  }
  if (rate.kind !== 'number') {
    sink.error('UNIT001', `${article(linkKind)} ${linkKind} link expects a rate such as 16 GB/s, got '${rate.parts.map((p) => p.text).join('.')}'`, rate.span);
    return undefined;
  }
  const quantity = readQuantity(linkKind, rate, ['byteRate'], true, undefined, sink);
  if (quantity === undefined) return undefined;
  return { linkKind, pcie: undefined, rateBytesPerSecond: quantity.si, latencySeconds, mtuBytes, written: options, rateSpan: rate.span, lanesSpan: undefined };
}

function readPcie(spec: LinkSpec, mps: number | undefined, mpsSpan: LinkSpec['span'] | undefined, sink: DiagnosticSink): PcieSpec | undefined {
  const [gen, lanes, ...extra] = spec.args;
  reportExtra(extra, sink);
  if (gen === undefined || lanes === undefined) {
    const missing = gen === undefined ? 'a generation and a lane count' : 'a lane count';
    sink.error('REQ001', `a pcie link needs ${missing}, such as pcie gen4 x16`, spec.linkKind!.span);
    return undefined;
  }
  const generation = checkedWord(gen, GENERATIONS, 'a PCIe generation', sink);
  const width = checkedWord(lanes, LANES, 'a lane count', sink);
  if (mps !== undefined && !MPS_VALUES.includes(mps)) {
    sink.error('VAL001', `'mps' is one of ${MPS_VALUES.join(', ')} B, got ${mps} B`, mpsSpan ?? spec.span);
    return undefined;
  }
  if (generation === undefined || width === undefined) return undefined;
  return {
    generation: Number(generation.slice(3)) as PcieSpec['generation'],
    lanes: Number(width.slice(1)) as PcieSpec['lanes'],
    mpsBytes: mps ?? DEFAULT_MPS_BYTES,
  };
}

function checkedWord(value: LinkSpec['args'][number], allowed: readonly string[], what: string, sink: DiagnosticSink): string | undefined {
  const text = value.kind === 'name' ? value.parts.map((p) => p.text).join('.') : value.digits + (value.unit ?? '');
  if (allowed.includes(text)) return text;
  if (value.kind === 'name' && value.recovered === true) return undefined;
  const guess = closestWord(text, allowed);
  const hint = guess === undefined ? '' : `; did you mean '${guess}'?`;
  sink.error('VAL001', `'${text}' is not ${what}: expected ${allowed.join(', ')}${hint}`, value.span);
  return undefined;
}

function reportExtra(extra: LinkSpec['args'], sink: DiagnosticSink): void {
  const first = extra[0];
  const last = extra[extra.length - 1];
  if (first === undefined || last === undefined) return;
  sink.error('VAL001', 'unexpected value in the link spec', { start: first.span.start, end: last.span.end });
}

const article = (word: string): string => (/^[aeiou]/.test(word) ? 'an' : 'a');
