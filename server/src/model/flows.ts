// Networks and flows: the top-level declarations that name things inside
// hosts by `host.name`.
import type { BodyDecl, QualifiedName } from '../syntax/ast';
import { QualifiedNameNode, WordNode } from '../syntax/nodes';
import type { DiagnosticSink } from './diagnostics';
import { defaultNumber, defaultWord, readProperties, requireProperties } from './properties';
import { resolveQualified } from './references';
import { grouped } from './limits';
import { indicesOf, rangeBounds } from './ranges';
import type { BufferModel, DeviceModel, FlowEndpoint, FlowModel, HostModel, NetworkModel, Via } from './types';

// Defaults (language.md § Links and networks, § Flows) are the schema's, with the property they default.
const DEFAULT_NETWORK_LATENCY_SECONDS = defaultNumber('network', 'latency');
const DEFAULT_CHUNK_BYTES = defaultNumber('flow', 'chunk');
const DEFAULT_PATTERN = defaultWord<FlowModel['pattern']>('flow', 'pattern');
const DEFAULT_GROUP = defaultWord('flow', 'group');

export function buildNetwork(decl: BodyDecl, hosts: ReadonlyMap<string, HostModel>, sink: DiagnosticSink): NetworkModel {
  const name = decl.name!;
  const owner = { kind: 'network', name: name.text, span: name.span };
  const props = readProperties(decl.body?.properties ?? [], 'network', owner, sink);
  requireProperties(decl.body, props, 'network', owner, sink);
  const networkKind = props.word<'infiniband' | 'ethernet'>('kind') ?? 'infiniband';
  const ports: DeviceModel[] = [];
  const attached = new Set<DeviceModel>();
  for (const endpoint of props.refs('attach')) {
    let failed = false;
    for (const qualified of expandEndpoint(endpoint, sink)) {
      // One report per written endpoint: `node[0..63].nic1` with no nic1 is one mistake.
      const nic: DeviceModel | undefined = sink.mutedIf(failed, () => resolveQualified<DeviceModel>(qualified, ['nic'], hosts, sink));
      failed ||= nic === undefined;
      if (nic === undefined) continue;
      if (attached.has(nic)) {
        sink.error('REF002', `'${nic.id}' is already attached to network '${name.text}'`, qualified.span);
        continue;
      }
      attached.add(nic);
      ports.push(nic);
    }
  }
  return {
    kind: 'network',
    written: props,
    id: name.text,
    name: name.text,
    nameSpan: name.span,
    span: decl.span,
    networkKind,
    rateBytesPerSecond: props.number('rate') ?? 0,
    latencySeconds: props.number('latency') ?? DEFAULT_NETWORK_LATENCY_SECONDS,
    mtuBytes: props.number('mtu') ?? defaultNumber('network', 'mtu', networkKind),
    ports,
  };
}

/** `node[0..3].nic0` as `node0.nic0` … `node3.nic0`, each with the endpoint's span. */
function expandEndpoint(endpoint: QualifiedName, sink: DiagnosticSink): QualifiedName[] {
  const range = endpoint.hostRange;
  if (range === undefined) return [endpoint];
  const bounds = rangeBounds(range, sink);
  if (bounds === undefined) return [];
  const count = bounds.high - bounds.low + 1;
  const what = (): string => `the range endpoint '${endpoint.parts[0]!.text}[${bounds.low}..${bounds.high}]' (${grouped(count)} endpoints)`;
  if (!sink.limits.take(count, what, endpoint.span, (message, span) => sink.error('LIM001', message, span))) return [];
  const [hostPart, ...rest] = endpoint.parts;
  return indicesOf(bounds).map((index) => {
    const host = new WordNode(`${hostPart!.text}${index}`, hostPart!.span.start, hostPart!.span.end);
    return new QualifiedNameNode([host, ...rest], endpoint.span.start, endpoint.span.end);
  });
}

export function buildFlow(decl: BodyDecl, hosts: ReadonlyMap<string, HostModel>, sink: DiagnosticSink): FlowModel {
  const name = decl.name!;
  const owner = { kind: 'flow', name: name.text, span: name.span };
  const props = readProperties(decl.body?.properties ?? [], 'flow', owner, sink);
  requireProperties(decl.body, props, 'flow', owner, sink);
  const endpoint = (key: string): FlowEndpoint | undefined => {
    const ref = props.ref(key);
    return ref === undefined ? undefined : resolveQualified<FlowEndpoint>(ref, ['endpoint'], hosts, sink);
  };
  const from = endpoint('from');
  const to = endpoint('to');
  const engineRef = props.ref('engine');
  const engine = engineRef === undefined ? undefined : resolveQualified<DeviceModel>(engineRef, ['device'], hosts, sink);
  const bounce: BufferModel[] = [];
  for (const ref of props.refs('bounce')) {
    const buffer = resolveQualified<BufferModel>(ref, ['buffer'], hosts, sink);
    if (buffer !== undefined) bounce.push(buffer);
  }
  const pattern = props.word<'contiguous' | 'strided'>('pattern') ?? DEFAULT_PATTERN;
  if (pattern === 'strided') {
    const missing = ['stride', 'element'].filter((key) => props.property(key) === undefined);
    if (missing.length > 0) {
      sink.error('REQ001', `flow '${name.text}' is strided: it needs ${missing.map((m) => `'${m}' (a size)`).join(' and ')}`, name.span);
    }
  }
  const rate = props.quantity('rate');
  const via = props.word<Via>('via');
  requireEngine(name.text, name.span, from, to, via, engine, sink);
  return {
    kind: 'flow',
    written: props,
    id: name.text,
    name: name.text,
    nameSpan: name.span,
    span: decl.span,
    from,
    to,
    sizeBytes: props.number('size') ?? 0,
    everySeconds: props.number('every'),
    frequencyHz: rate?.dimension === 'frequency' ? rate.si : undefined,
    demandBytesPerSecond: rate?.dimension === 'byteRate' ? rate.si : undefined,
    via,
    bounce,
    chunkBytes: props.number('chunk') ?? DEFAULT_CHUNK_BYTES,
    consumeSeconds: props.number('consume'),
    cacheRatio: props.number('cache'),
    pattern,
    strideBytes: props.number('stride'),
    elementBytes: props.number('element'),
    engine,
    group: props.word('group') ?? DEFAULT_GROUP,
  };
}

/**
 * A copy between two buffers of one host's memory has no device to infer as
 * its engine (simulation.md § 2, engine inference): it must name one.
 */
function requireEngine(
  flow: string,
  span: FlowModel['nameSpan'],
  from: FlowEndpoint | undefined,
  to: FlowEndpoint | undefined,
  via: Via | undefined,
  engine: DeviceModel | undefined,
  sink: DiagnosticSink,
): void {
  if (engine !== undefined || (via !== undefined && via !== 'dma')) return;
  if (from?.kind !== 'buffer' || to?.kind !== 'buffer') return;
  if (from.location?.kind !== 'memory' || to.location?.kind !== 'memory' || from.host !== to.host) return;
  sink.error('REQ001', `flow '${flow}' copies between two buffers in the memory of host '${from.host.name}': name the 'engine', the device whose DMA moves it`, span);
}

