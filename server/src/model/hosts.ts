// Builds one host of the model from its declaration and, if it has one, its
// template: entities with their properties in SI and defaults applied, then
// the references between them (memory → cpu, device → iommu, buffer → its
// memory or device, maps, registrations, vms, links inside the host).
import type { HostItem, ItemDecl, MapDecl, Span } from '../syntax/ast';
import { bodyKindOfItem, type BodyKind } from '../syntax/index';
import { SCATTER_PAGE } from '../syntax/schema';
import type { DeviceKind } from '../syntax/tokens';
import type { DiagnosticSink } from './diagnostics';
import { buildLink, type LinkEdge } from './links';
import { defaultNumber, defaultWord, readProperties, requireProperties, type Properties } from './properties';
import { resolveLocal } from './references';
import type {
  BufferModel,
  CpuModel,
  DeviceModel,
  HostEntity,
  HostModel,
  IommuModel,
  LinkModel,
  MapAccess,
  MapModel,
  MemoryModel,
  MrAccess,
  MrModel,
  SwitchModel,
  VmModel,
} from './types';
import { buildPcieTree } from './topology';

// Defaults (language.md § Inside a host) are the schema's, with the property they default.
const DEFAULT_CORES = defaultNumber('cpu', 'cores');
const DEFAULT_INTERCONNECT_BYTES_PER_SECOND = defaultNumber('cpu', 'interconnect');
const DEFAULT_VENDOR = defaultWord<CpuModel['vendor']>('cpu', 'vendor');
const DEFAULT_STACK_BYTES_PER_SECOND = defaultNumber('cpu', 'stack');
const DEFAULT_MEMORY_BANDWIDTH_BYTES_PER_SECOND = defaultNumber('memory', 'bandwidth');
const DEFAULT_DEVICE_BANDWIDTH_BYTES_PER_SECOND = defaultNumber('device', 'bandwidth');
const DEFAULT_IOMMU_MODE = defaultWord<IommuModel['mode']>('iommu', 'mode');
const DEFAULT_IOMMU_PAGE_BYTES = defaultNumber('iommu', 'page');
const DEFAULT_IOMMU_BOOT = defaultWord<IommuModel['boot']>('iommu', 'boot');
const DEFAULT_COUNT = defaultNumber('buffer', 'count');
const DEFAULT_LAYOUT = defaultWord<BufferModel['layout']>('buffer', 'layout');
const DEFAULT_OFFSET_BYTES = defaultNumber('buffer', 'offset');
const DEFAULT_MR_ACCESS = defaultWord<MrAccess>('mr', 'access');
/** A buffer's page when its layout does not give one: the scattered default. */
const DEFAULT_SCATTER_PAGE_BYTES = SCATTER_PAGE.value as number;
/** An `on`/`off` property, written or the schema's default. */
const isOn = (props: Properties, bodyKind: BodyKind, key: string): boolean => (props.word(key) ?? defaultWord(bodyKind, key)) === 'on';

/** One item to build, and whether its diagnostics were already reported elsewhere. */
export interface HostItemSource {
  readonly item: HostItem;
  readonly muted: boolean;
}

interface PendingItem {
  readonly decl: ItemDecl;
  readonly props: Properties;
  readonly entity: HostEntity;
  readonly muted: boolean;
}

/**
 * Builds host `name` from `items`. `what` names it in messages (`host
 * 'alpha'`, `template 'dgx'`); `nameSpan` and `span` are its declaration's.
 */
export function buildHost(
  name: string,
  nameSpan: Span,
  span: Span,
  template: string | undefined,
  items: readonly HostItemSource[],
  what: string,
  sink: DiagnosticSink,
): HostModel {
  const entities = new Map<string, HostEntity>();
  const cpus: CpuModel[] = [];
  const memories: MemoryModel[] = [];
  const iommus: IommuModel[] = [];
  const switches: SwitchModel[] = [];
  const devices: DeviceModel[] = [];
  const buffers: BufferModel[] = [];
  const maps: MapModel[] = [];
  const mrs: MrModel[] = [];
  const vms: VmModel[] = [];
  const links: LinkModel[] = [];
  const host: HostModel = {
    kind: 'host',
    id: name,
    name,
    nameSpan,
    span,
    template,
    entities,
    cpus,
    memories,
    iommus,
    switches,
    devices,
    buffers,
    maps,
    mrs,
    vms,
    links,
    upstream: new Map(),
  };
  const wasMuted = sink.muted;

  // Pass 1: declare every named item, so that references may point forward.
  const pending: PendingItem[] = [];
  for (const { item, muted } of items) {
    if (item.kind !== 'item' || item.name === undefined) continue;
    sink.muted = wasMuted || muted;
    const declared = declareItem(item, host, sink);
    const entity = declared.entity;
    const first = entities.get(entity.name);
    if (first !== undefined) {
      sink.error('REF002', `'${entity.name}' is already declared in ${what}`, item.name.span, [
        { span: first.nameSpan, message: `first '${first.name}'` },
      ]);
      continue;
    }
    entities.set(entity.name, entity);
    switch (entity.kind) {
      case 'cpu': cpus.push(entity); break;
      case 'memory': memories.push(entity); break;
      case 'iommu': iommus.push(entity); break;
      case 'switch': switches.push(entity); break;
      case 'device': devices.push(entity); break;
      case 'buffer': buffers.push(entity); break;
      case 'mr': mrs.push(entity); break;
      case 'vm': vms.push(entity); break;
    }
    pending.push({ decl: declared.decl, props: declared.props, entity, muted });
  }

  // Pass 2: references, maps and links.
  const edges: LinkEdge[] = [];
  const mutedParts = new Set<HostEntity | LinkEdge>();
  for (const { decl, props, entity, muted } of pending) {
    sink.muted = wasMuted || muted;
    if (muted) mutedParts.add(entity);
    resolveItem(decl, props, entity, host, what, sink);
  }
  for (const { item, muted } of items) {
    sink.muted = wasMuted || muted;
    if (item.kind === 'map') maps.push(buildMap(item, host, what, sink));
    if (item.kind !== 'link') continue;
    const edge = buildLink(item, host, sink);
    if (Array.isArray(edge)) {
      // A half-written link: whether its ends reach a cpu is unknown, not false.
      for (const end of edge) mutedParts.add(end);
      continue;
    }
    edges.push(edge);
    if (edge.link !== undefined) links.push(edge.link);
    if (muted) mutedParts.add(edge);
  }
  sink.muted = wasMuted;
  buildPcieTree(host, edges, what, mutedParts, sink);
  return host;
}

function declareItem(decl: ItemDecl, host: HostModel, sink: DiagnosticSink): { decl: ItemDecl; props: Properties; entity: HostEntity } {
  const keyword = decl.itemKind.text;
  const bodyKind: BodyKind = bodyKindOfItem(keyword);
  const name = decl.name!.text;
  const owner = { kind: keyword, name, span: decl.name!.span };
  const props = readProperties(decl.body?.properties ?? [], bodyKind, owner, sink);
  requireProperties(decl.body, props, bodyKind, owner, sink);
  const base = { id: `${host.name}.${name}`, name, nameSpan: decl.name!.span, span: decl.span, host };
  const entity = makeEntity(keyword, bodyKind, props, base);
  return { decl, props, entity };
}

function makeEntity(
  keyword: string,
  bodyKind: BodyKind,
  props: Properties,
  base: { id: string; name: string; nameSpan: Span; span: Span; host: HostModel },
): HostEntity {
  switch (bodyKind) {
    case 'cpu':
      return {
        id: base.id,
        name: base.name,
        nameSpan: base.nameSpan,
        span: base.span,
        host: base.host,
        written: props,
        kind: 'cpu',
        cores: props.number('cores') ?? DEFAULT_CORES,
        interconnectBytesPerSecond: props.number('interconnect') ?? DEFAULT_INTERCONNECT_BYTES_PER_SECOND,
        vendor: props.word('vendor') ?? DEFAULT_VENDOR,
        stackBytesPerSecond: props.number('stack') ?? DEFAULT_STACK_BYTES_PER_SECOND,
      };
    case 'memory':
      return {
        id: base.id,
        name: base.name,
        nameSpan: base.nameSpan,
        span: base.span,
        host: base.host,
        written: props,
        kind: 'memory',
        sizeBytes: props.number('size') ?? 0,
        bandwidthBytesPerSecond: props.number('bandwidth') ?? DEFAULT_MEMORY_BANDWIDTH_BYTES_PER_SECOND,
        cpu: undefined,
        kernel: props.flag('kernel'),
      };
    case 'iommu':
      return {
        id: base.id,
        name: base.name,
        nameSpan: base.nameSpan,
        span: base.span,
        host: base.host,
        written: props,
        kind: 'iommu',
        mode: props.word('mode') ?? DEFAULT_IOMMU_MODE,
        pageBytes: props.number('page') ?? DEFAULT_IOMMU_PAGE_BYTES,
        boot: props.word('boot') ?? DEFAULT_IOMMU_BOOT,
        interruptRemapping: isOn(props, 'iommu', 'intremap'),
        swiotlb: isOn(props, 'iommu', 'swiotlb'),
      };
    case 'switch':
      return { id: base.id, name: base.name, nameSpan: base.nameSpan, span: base.span, host: base.host, written: props, kind: 'switch', acs: isOn(props, 'switch', 'acs') };
    case 'device': {
      const external = props.flag('external');
      return {
        id: base.id,
        name: base.name,
        nameSpan: base.nameSpan,
        span: base.span,
        host: base.host,
        written: props,
        kind: 'device',
        deviceKind: keyword as DeviceKind,
        iommu: undefined,
        memoryBytes: props.number('memory'),
        bandwidthBytesPerSecond: props.number('bandwidth') ?? DEFAULT_DEVICE_BANDWIDTH_BYTES_PER_SECOND,
        arch: props.number('arch'),
        rdma: props.flag('rdma'),
        sg: props.flag('sg'),
        external,
        untrusted: external || props.flag('untrusted'),
        ats: props.flag('ats'),
        sva: props.flag('sva'),
        readBytesPerSecond: props.number('read'),
        writeBytesPerSecond: props.number('write'),
        engineBytesPerSecond: props.number('rate'),
      };
    }
    case 'buffer': {
      const layout = props.layout();
      return {
        id: base.id,
        name: base.name,
        nameSpan: base.nameSpan,
        span: base.span,
        host: base.host,
        written: props,
        kind: 'buffer',
        location: undefined,
        sizeBytes: props.number('size') ?? 0,
        count: props.number('count') ?? DEFAULT_COUNT,
        pinned: props.flag('pinned'),
        layout: layout?.kind ?? DEFAULT_LAYOUT,
        scatterPageBytes: layout?.pageBytes ?? DEFAULT_SCATTER_PAGE_BYTES,
        offsetBytes: props.number('offset') ?? DEFAULT_OFFSET_BYTES,
        sensitive: props.flag('sensitive'),
      };
    }
    case 'mr':
      return { id: base.id, name: base.name, nameSpan: base.nameSpan, span: base.span, host: base.host, written: props, kind: 'mr', buffer: undefined, nic: undefined, access: withDefault(props.words<MrAccess>('access')) };
    case 'vm':
      return { id: base.id, name: base.name, nameSpan: base.nameSpan, span: base.span, host: base.host, written: props, kind: 'vm', memoryBytes: props.number('memory'), passthrough: [] };
    default:
      throw new Error(`no entity for body kind ${bodyKind}`);
  }
}

function withDefault(access: readonly MrAccess[]): readonly MrAccess[] {
  return access.length > 0 ? access : [DEFAULT_MR_ACCESS];
}

function resolveItem(decl: ItemDecl, props: Properties, entity: HostEntity, host: HostModel, where: string, sink: DiagnosticSink): void {
  const word = (key: string) => props.ref(key)?.parts[0];
  switch (entity.kind) {
    case 'memory': {
      const cpuName = word('cpu');
      if (cpuName !== undefined) entity.cpu = resolveLocal<CpuModel>(cpuName, ['cpu'], host.entities, where, sink);
      else if (host.cpus.length === 1) entity.cpu = host.cpus[0];
      else if (host.cpus.length > 1) {
        sink.error('REQ001', `memory '${entity.name}' needs 'cpu': ${where} has ${host.cpus.length} cpus`, decl.name!.span);
      }
      break;
    }
    case 'device': {
      const iommu = word('iommu');
      if (iommu !== undefined) entity.iommu = resolveLocal<IommuModel>(iommu, ['iommu'], host.entities, where, sink);
      break;
    }
    case 'buffer': {
      const location = word('in');
      if (location !== undefined) {
        entity.location = resolveLocal<MemoryModel | DeviceModel>(location, ['memory', 'device'], host.entities, where, sink);
        // A buffer in device memory is always resident (language.md).
        if (entity.location?.kind === 'device') (entity as { pinned: boolean }).pinned = true;
      }
      break;
    }
    case 'mr': {
      const buffer = word('buffer');
      const nic = word('nic');
      if (buffer !== undefined) entity.buffer = resolveLocal<BufferModel>(buffer, ['buffer'], host.entities, where, sink);
      if (nic !== undefined) entity.nic = resolveLocal<DeviceModel>(nic, ['nic'], host.entities, where, sink);
      break;
    }
    case 'vm':
      for (const name of props.refs('passthrough')) {
        if (name.parts.length > 1) {
          sink.unknownName(`'passthrough' names devices of this host: write '${name.parts[1]!.text}'`, name.span, name.parts[1]!.text);
          continue;
        }
        const device = resolveLocal<DeviceModel>(name.parts[0]!, ['device'], host.entities, where, sink);
        if (device !== undefined) entity.passthrough.push(device);
      }
      break;
    default:
      break;
  }
}

function buildMap(decl: MapDecl, host: HostModel, where: string, sink: DiagnosticSink): MapModel {
  const device = decl.device === undefined ? undefined : resolveLocal<DeviceModel>(decl.device, ['device'], host.entities, where, sink);
  const buffer = decl.buffer === undefined ? undefined : resolveLocal<BufferModel>(decl.buffer, ['buffer'], host.entities, where, sink);
  let access: MapAccess | undefined;
  if (decl.access !== undefined) {
    const text = decl.access.text;
    if (text === 'read' || text === 'write' || text === 'rw') access = text;
    else sink.error('VAL001', `a map's access is read, write or rw, not '${text}'`, decl.access.span);
  }
  return { kind: 'map', host, device, buffer, access, span: decl.span };
}

