// The resolved topology: every name bound to its declaration, every number in
// SI units, every default applied. Spans point back at the text for hovers,
// go-to-definition and diagnostics. Quantities carry their unit in the name.
import type { Property, Span } from '../syntax/ast';
import type { DeviceKind } from '../syntax/tokens';

export type { Property, Span };

interface Declared {
  /** `alpha.gpu0` for things inside hosts, the bare name at top level. */
  readonly id: string;
  readonly name: string;
  /** The name as written (in the template, for items a template gave). */
  readonly nameSpan: Span;
  /** The whole declaration. */
  readonly span: Span;
}

interface InHost extends Declared {
  readonly host: HostModel;
  /** The properties as written, for spans (quick fixes point at them). */
  readonly written: WrittenProperties;
}

/** Read access to a body's properties as written. */
export interface WrittenProperties {
  /** The property as written, valid or not. */
  property(key: string): Property | undefined;
  /** The property when its value is the model's (written and valid); undefined when the default applies. */
  valid(key: string): Property | undefined;
}

export interface CpuModel extends InHost {
  readonly kind: 'cpu';
  readonly cores: number;
  readonly interconnectBytesPerSecond: number;
  readonly vendor: 'intel' | 'amd' | 'arm' | 'power';
  readonly stackBytesPerSecond: number;
}

export interface MemoryModel extends InHost {
  readonly kind: 'memory';
  readonly sizeBytes: number;
  readonly bandwidthBytesPerSecond: number;
  /** The socket that owns it; undefined only when the host has no cpu. */
  cpu: CpuModel | undefined;
  readonly kernel: boolean;
}

export type IommuMode = 'strict' | 'lazy' | 'identity' | 'off';

export interface IommuModel extends InHost {
  readonly kind: 'iommu';
  readonly mode: IommuMode;
  readonly pageBytes: number;
  readonly boot: 'early' | 'late';
  readonly interruptRemapping: boolean;
  readonly swiotlb: boolean;
}

export interface SwitchModel extends InHost {
  readonly kind: 'switch';
  readonly acs: boolean;
}

export interface DeviceModel extends InHost {
  readonly kind: 'device';
  readonly deviceKind: DeviceKind;
  iommu: IommuModel | undefined;
  readonly memoryBytes: number | undefined;
  readonly bandwidthBytesPerSecond: number;
  readonly arch: number | undefined;
  readonly rdma: boolean;
  readonly sg: boolean;
  readonly external: boolean;
  /** Declared `untrusted`, or implied by `external`. */
  readonly untrusted: boolean;
  readonly ats: boolean;
  readonly sva: boolean;
  readonly readBytesPerSecond: number | undefined;
  readonly writeBytesPerSecond: number | undefined;
  /** The DMA engine's throughput; undefined means unbounded. */
  readonly engineBytesPerSecond: number | undefined;
}

export interface BufferModel extends InHost {
  readonly kind: 'buffer';
  /** The memory or device that holds it; undefined when its `in` did not resolve. */
  location: MemoryModel | DeviceModel | undefined;
  readonly sizeBytes: number;
  readonly count: number;
  /** Always true for a buffer in device memory (always resident). */
  readonly pinned: boolean;
  readonly layout: 'contiguous' | 'scattered';
  /** Page size of a scattered layout. */
  readonly scatterPageBytes: number;
  readonly offsetBytes: number;
  readonly sensitive: boolean;
}

export type MapAccess = 'read' | 'write' | 'rw';

export interface MapModel {
  readonly kind: 'map';
  readonly host: HostModel;
  readonly device: DeviceModel | undefined;
  readonly buffer: BufferModel | undefined;
  readonly access: MapAccess | undefined;
  readonly span: Span;
}

export type MrAccess = 'local_write' | 'remote_read' | 'remote_write' | 'remote_atomic';

export interface MrModel extends InHost {
  readonly kind: 'mr';
  buffer: BufferModel | undefined;
  nic: DeviceModel | undefined;
  readonly access: readonly MrAccess[];
}

export interface VmModel extends InHost {
  readonly kind: 'vm';
  readonly memoryBytes: number | undefined;
  passthrough: DeviceModel[];
}

export type HostEntity = CpuModel | MemoryModel | IommuModel | SwitchModel | DeviceModel | BufferModel | MrModel | VmModel;

/** A vertex of a host's link graph. */
export type LinkEnd = CpuModel | SwitchModel | DeviceModel;

export type LinkKind = 'pcie' | 'infiniband' | 'ethernet' | 'nvlink' | 'bus';

export interface PcieSpec {
  readonly generation: 1 | 2 | 3 | 4 | 5 | 6;
  readonly lanes: 1 | 2 | 4 | 8 | 16 | 32;
  readonly mpsBytes: number;
}

export interface LinkModel {
  /** `a--b`, both ends fully qualified, in declaration order. */
  readonly id: string;
  readonly a: LinkEnd;
  readonly b: LinkEnd;
  readonly linkKind: LinkKind;
  /** Set for PCIe links. */
  readonly pcie: PcieSpec | undefined;
  /** The data rate after line encoding, for non-PCIe links. */
  readonly rateBytesPerSecond: number | undefined;
  /** As written; undefined when the spec gives none (the simulation decides). */
  readonly latencySeconds: number | undefined;
  /** For infiniband and ethernet, written or the technology's default; for nvlink and bus as written; undefined for PCIe. */
  readonly mtuBytes: number | undefined;
  /** The spec's options (`mps`, `latency`, `mtu`) as written. */
  readonly written: WrittenProperties;
  /** Where the rate of a non-PCIe link is written. */
  readonly rateSpan: Span | undefined;
  /** Where the lane count of a PCIe link is written. */
  readonly lanesSpan: Span | undefined;
  /** The host it is declared in; undefined for a top-level link between hosts. */
  readonly host: HostModel | undefined;
  readonly span: Span;
}

export interface HostModel extends Declared {
  readonly kind: 'host';
  /** The template it was made from, if any. */
  readonly template: string | undefined;
  readonly entities: ReadonlyMap<string, HostEntity>;
  readonly cpus: readonly CpuModel[];
  readonly memories: readonly MemoryModel[];
  readonly iommus: readonly IommuModel[];
  readonly switches: readonly SwitchModel[];
  readonly devices: readonly DeviceModel[];
  readonly buffers: readonly BufferModel[];
  readonly maps: readonly MapModel[];
  readonly mrs: readonly MrModel[];
  readonly vms: readonly VmModel[];
  readonly links: readonly LinkModel[];
  /**
   * The PCIe tree: each switch or device's parent on its way to a cpu (a
   * switch, a device, or the cpu itself). Devices that reach no cpu are absent.
   */
  readonly upstream: ReadonlyMap<LinkEnd, { readonly parent: LinkEnd; readonly link: LinkModel }>;
}

export interface NetworkModel extends Declared {
  readonly kind: 'network';
  /** The properties as written. */
  readonly written: WrittenProperties;
  readonly networkKind: 'infiniband' | 'ethernet';
  readonly rateBytesPerSecond: number;
  readonly latencySeconds: number;
  readonly mtuBytes: number;
  readonly ports: readonly DeviceModel[];
}

export type Via = 'staged' | 'gpudirect' | 'rdma' | 'kernel' | 'p2p' | 'zerocopy' | 'dma';
export type FlowEndpoint = BufferModel | DeviceModel;

export interface FlowModel extends Declared {
  readonly kind: 'flow';
  readonly written: WrittenProperties;
  readonly from: FlowEndpoint | undefined;
  readonly to: FlowEndpoint | undefined;
  readonly sizeBytes: number;
  readonly everySeconds: number | undefined;
  /** `rate 60 fps`. */
  readonly frequencyHz: number | undefined;
  /** `rate 2 GB/s`. */
  readonly demandBytesPerSecond: number | undefined;
  readonly via: Via | undefined;
  readonly bounce: readonly BufferModel[];
  readonly chunkBytes: number;
  readonly consumeSeconds: number | undefined;
  /** `cache 30 %` as 0.3. */
  readonly cacheRatio: number | undefined;
  readonly pattern: 'contiguous' | 'strided';
  readonly strideBytes: number | undefined;
  readonly elementBytes: number | undefined;
  readonly engine: DeviceModel | undefined;
  readonly group: string;
}

export interface TopologyModel {
  readonly title: string | undefined;
  readonly hosts: ReadonlyMap<string, HostModel>;
  readonly networks: ReadonlyMap<string, NetworkModel>;
  /** Top-level links between hosts' NICs. */
  readonly links: readonly LinkModel[];
  readonly flows: ReadonlyMap<string, FlowModel>;
  /** Set when declarations were left out past the file's instantiation limit (LIM001): rules and simulation must not judge it. */
  readonly incomplete?: true;
}
