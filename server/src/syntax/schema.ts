// What each body may hold: its properties, how their values are written (the
// parser reads `shape`) and what they mean (the model reads `value`). One
// table, so the parser, the model, and later completion and hover agree.
// Source: language.md § Inside a host, § Links and networks, § Flows.

/** How a property's value is written. */
export type Shape =
  | 'flag' //           `pinned`
  | 'number' //         `size 64 MiB`, `cores 16`
  | 'word' //           `mode strict`, `cpu s0`
  | 'qname' //          `from alpha.halo`
  | 'words' //          `passthrough a, b`
  | 'qnames' //         `bounce a.b0, b.b0`
  | 'endpoints' //      `attach alpha.nic0, node[0..3].nic0`
  | 'layout'; //        `layout scattered 4 KiB`

/** The physical quantity a number must carry. */
export type Dimension = 'size' | 'byteRate' | 'time' | 'frequency' | 'ratio' | 'count';

/** How a dimension is named in messages, with an example. */
export const DIMENSION_NAMES: Readonly<Record<Dimension, string>> = {
  size: 'a size such as 64 MiB',
  byteRate: 'a rate such as 16 GB/s',
  time: 'a time such as 10 ms',
  frequency: 'a frequency such as 60 fps',
  ratio: 'a percentage such as 30 %',
  count: 'a whole number',
};

/** The kind of declaration a reference must name. */
export type RefKind = 'cpu' | 'memory' | 'iommu' | 'switch' | 'device' | 'buffer' | 'nic' | 'gpu' | 'endpoint';

export type ValueSpec =
  | { readonly type: 'flag' }
  | { readonly type: 'int'; readonly min: number; readonly max?: number }
  | { readonly type: 'quantity'; readonly dimensions: readonly Dimension[]; readonly positive?: boolean; readonly maxPercent?: number }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'name' }
  | { readonly type: 'ref'; readonly refKinds: readonly RefKind[]; readonly list?: boolean }
  /** `scatterPage`: the page size of `scattered` written without one. */
  | { readonly type: 'layout'; readonly scatterPage: PropertyDefault };

/** A default of the language (language.md's brackets): the value the model takes when the property is not written. */
export interface PropertyDefault {
  /** In SI units (bytes, bytes/s, seconds), or the word. */
  readonly value: number | string;
  /** As the reference writes it: `100 GB/s`, `1 MiB`, `strict`. */
  readonly text: string;
}

export interface PropertySpec {
  readonly shape: Shape;
  readonly value: ValueSpec;
  readonly required?: boolean;
  /** What the property means, for hovers and the reference. */
  readonly doc: string;
  /** Its default; `byKind` where it depends on the network technology (`infiniband`, `ethernet`). */
  readonly default?: PropertyDefault | { readonly byKind: Readonly<Record<string, PropertyDefault>> };
}

export type BodyKind =
  | 'cpu' | 'memory' | 'iommu' | 'switch' | 'device' | 'buffer' | 'mr' | 'vm' | 'network' | 'flow' | 'linkSpec';

const flag = (doc: string): PropertySpec => ({ shape: 'flag', value: { type: 'flag' }, doc });
const int = (doc: string, min: number, max?: number): PropertySpec => ({
  shape: 'number',
  value: max === undefined ? { type: 'int', min } : { type: 'int', min, max },
  doc,
});
const quantity = (doc: string, ...dimensions: Dimension[]): PropertySpec => ({
  shape: 'number',
  value: { type: 'quantity', dimensions, positive: true },
  doc,
});
const oneOf = (doc: string, ...values: string[]): PropertySpec => ({ shape: 'word', value: { type: 'enum', values }, doc });
const ref = (doc: string, ...refKinds: RefKind[]): PropertySpec => ({ shape: 'word', value: { type: 'ref', refKinds }, doc });
const qref = (doc: string, ...refKinds: RefKind[]): PropertySpec => ({ shape: 'qname', value: { type: 'ref', refKinds }, doc });
const required = (spec: PropertySpec): PropertySpec => ({ ...spec, required: true });
/** `spec` with the default `text` means, `value` in SI units or the word itself. */
const withDefault = (spec: PropertySpec, value: number | string, text: string): PropertySpec => ({ ...spec, default: { value, text } });

/** The MTU of a network technology when none is written (language.md § Links and networks). */
const MTU_BY_KIND = { byKind: { infiniband: { value: 4096, text: '4096 B' }, ethernet: { value: 1500, text: '1500 B' } } };
/** A network's latency when none is written (language.md § Networks). */
const NETWORK_LATENCY: PropertyDefault = { value: 1e-6, text: '1 us' };
/** The page size of a `scattered` layout written without one (language.md § buffer). */
export const SCATTER_PAGE: PropertyDefault = { value: 4096, text: '4 KiB' };
/** The memory bandwidth of a host memory or a device's own memory (language.md § memory, § Devices). */
const MEMORY_BANDWIDTH: PropertyDefault = { value: 100e9, text: '100 GB/s' };

const deviceProperties: Record<string, PropertySpec> = {
  iommu: ref('the IOMMU that translates this device\'s DMA; without it the device bypasses translation', 'iommu'),
  memory: quantity('on-device memory (GPU HBM, FPGA DDR)', 'size'),
  bandwidth: { ...quantity('bandwidth of the on-device memory', 'byteRate'), default: MEMORY_BANDWIDTH },
  arch: int('GPU compute capability × 10 (80 = Ampere, 90 = Hopper)', 1, 1000),
  rdma: flag('a NIC that supports RDMA verbs'),
  sg: flag('its DMA engine takes scatter-gather lists'),
  external: flag('hot-pluggable or Thunderbolt: physically reachable by an attacker; implies untrusted'),
  untrusted: flag('its firmware or owner is not trusted'),
  ats: flag('PCIe Address Translation Services enabled'),
  sva: flag('shares a process\'s virtual address space (PASID + PRI) instead of explicit mappings'),
  read: quantity('media read throughput', 'byteRate'),
  write: quantity('media write throughput', 'byteRate'),
  rate: quantity('throughput of its DMA engine', 'byteRate'),
};

export const BODY_SCHEMAS: Readonly<Record<BodyKind, Readonly<Record<string, PropertySpec>>>> = {
  cpu: {
    cores: withDefault(int('number of cores', 1, 100_000), 16, '16'),
    interconnect: withDefault(quantity('socket-to-socket link rate', 'byteRate'), 40e9, '40 GB/s'),
    vendor: withDefault(oneOf('CPU vendor', 'intel', 'amd', 'arm', 'power'), 'intel', 'intel'),
    stack: withDefault(quantity('one core\'s kernel network-stack throughput', 'byteRate'), 5e9, '5 GB/s'),
  },
  memory: {
    size: required(quantity('capacity', 'size')),
    bandwidth: { ...quantity('bandwidth shared by every access', 'byteRate'), default: MEMORY_BANDWIDTH },
    cpu: ref('the cpu (socket) this memory is attached to', 'cpu'),
    kernel: flag('holds the OS\'s own data: page tables, kernel text, credentials'),
  },
  iommu: {
    mode: withDefault(oneOf('translation mode', 'strict', 'lazy', 'identity', 'off'), 'strict', 'strict'),
    page: withDefault(quantity('translation page size', 'size'), 4096, '4 KiB'),
    boot: withDefault(oneOf('when the IOMMU is enabled during boot', 'early', 'late'), 'early', 'early'),
    intremap: withDefault(oneOf('interrupt remapping', 'on', 'off'), 'on', 'on'),
    swiotlb: withDefault(oneOf('software bounce buffers for devices that cannot reach all memory', 'on', 'off'), 'on', 'on'),
  },
  switch: {
    acs: withDefault(oneOf('Access Control Services: on sends peer traffic up to the root complex', 'on', 'off'), 'on', 'on'),
  },
  device: deviceProperties,
  buffer: {
    in: required(ref('the memory or device that holds the buffer', 'memory', 'device')),
    size: required(quantity('bytes per buffer', 'size')),
    count: withDefault(int('number of buffers (a ring when more than one)', 1, 1_000_000_000), 1, '1'),
    pinned: flag('page-locked: devices may DMA into it'),
    pageable: flag('may be paged out: no device may DMA into it directly'),
    layout: {
      shape: 'layout',
      value: { type: 'layout', scatterPage: SCATTER_PAGE },
      doc: 'contiguous, or scattered in pages of a size',
      default: { value: 'contiguous', text: 'contiguous' },
    },
    offset: { shape: 'number', value: { type: 'quantity', dimensions: ['size'] }, doc: 'start within its page', default: { value: 0, text: '0 B' } },
    sensitive: flag('holds secrets or kernel pointers'),
  },
  mr: {
    buffer: required(ref('the registered buffer', 'buffer')),
    nic: required(ref('the RDMA NIC it is registered with', 'nic')),
    access: {
      shape: 'words',
      value: { type: 'enum', values: ['local_write', 'remote_read', 'remote_write', 'remote_atomic'] },
      doc: 'what remote peers may do',
      default: { value: 'remote_read', text: 'remote_read' },
    },
  },
  vm: {
    memory: quantity('guest memory', 'size'),
    passthrough: {
      shape: 'words',
      value: { type: 'ref', refKinds: ['device'], list: true },
      doc: 'devices assigned to the guest',
    },
  },
  network: {
    kind: required(oneOf('network technology', 'infiniband', 'ethernet')),
    rate: required(quantity('port data rate', 'byteRate')),
    latency: { ...quantity('one-way latency through the switch', 'time'), default: NETWORK_LATENCY },
    mtu: { ...quantity('maximum transfer unit', 'size'), default: MTU_BY_KIND },
    attach: required({
      shape: 'endpoints',
      value: { type: 'ref', refKinds: ['nic'], list: true },
      doc: 'the NICs on the network',
    }),
  },
  flow: {
    from: required(qref('where the data comes from: a buffer or a device', 'endpoint')),
    to: required(qref('where the data goes: a buffer or a device', 'endpoint')),
    size: required(quantity('bytes per transfer', 'size')),
    every: quantity('period between transfers', 'time'),
    rate: quantity('transfers per second, or a byte demand', 'frequency', 'byteRate'),
    via: oneOf('the data path', 'staged', 'gpudirect', 'rdma', 'kernel', 'p2p', 'zerocopy', 'dma'),
    bounce: {
      shape: 'qnames',
      value: { type: 'ref', refKinds: ['buffer'], list: true },
      doc: 'pinned staging buffers of a staged path',
    },
    chunk: withDefault(quantity('pipelining unit of a staged path', 'size'), 2 ** 20, '1 MiB'),
    consume: quantity('consumer time per transfer', 'time'),
    cache: {
      shape: 'number',
      value: { type: 'quantity', dimensions: ['ratio'], maxPercent: 100 },
      doc: 'page-cache hit ratio for a read from storage',
    },
    pattern: withDefault(oneOf('access pattern', 'contiguous', 'strided'), 'contiguous', 'contiguous'),
    stride: quantity('distance between elements of a strided pattern', 'size'),
    element: quantity('bytes per element of a strided pattern', 'size'),
    engine: qref('the device whose DMA engine does the work', 'device'),
    group: { shape: 'word', value: { type: 'name' }, doc: 'flows of one group run at the same time', default: { value: 'default', text: 'default' } },
  },
  linkSpec: {
    mps: withDefault(quantity('PCIe maximum payload size', 'size'), 256, '256 B'),
    latency: quantity('one-way latency', 'time'),
    mtu: { ...quantity('maximum transfer unit', 'size'), default: MTU_BY_KIND },
  },
};

/** The body schema of each item keyword. */
export function bodyKindOfItem(itemKeyword: string): BodyKind {
  switch (itemKeyword) {
    case 'cpu':
    case 'memory':
    case 'iommu':
    case 'switch':
    case 'buffer':
    case 'mr':
    case 'vm':
      return itemKeyword;
    default:
      return 'device';
  }
}

export const LINK_KINDS = ['pcie', 'infiniband', 'ethernet', 'nvlink', 'bus'] as const;

/** The same tables as maps, for the parser's per-token lookups (faster than `Object.hasOwn`). */
export const BODY_SCHEMA_MAPS: Readonly<Record<BodyKind, ReadonlyMap<string, PropertySpec>>> = Object.fromEntries(
  Object.entries(BODY_SCHEMAS).map(([kind, schema]) => [kind, new Map(Object.entries(schema))]),
) as unknown as Record<BodyKind, ReadonlyMap<string, PropertySpec>>;
