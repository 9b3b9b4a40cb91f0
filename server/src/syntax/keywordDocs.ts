// What each keyword and each documented word value means, in a sentence or
// two: the prose of docs/language.md, held here once so that hover and
// completion say the same. Properties carry their own text (`doc` in
// schema.ts); this table covers the words that are not properties: the
// declaration and item keywords, the link kinds, the map accesses, and the
// values of the enumerated properties whose meaning is not obvious.
import type { BodyKind } from './schema';

/** Every keyword (tokens.ts `KEYWORDS`), link kind (`LINK_KINDS`) and map access, with what it declares or means. */
export const KEYWORD_DOCS: Readonly<Record<string, string>> = {
  topology: 'Gives the file a title: `topology "…"`. Optional; when present it comes first, and only once.',
  host: 'Declares one machine. Its body holds host items (cpu, memory, iommu, switch, devices, links, buffers, maps, mr, vm). `host node[0..15] { … }` declares the hosts node0 … node15; `host NAME : TEMPLATE { … }` gets every item of the template.',
  template: 'Holds host items without declaring a host. `host NAME : TEMPLATE { … }` declares a host that gets every item of the template; its own body may add items.',
  link: 'A physical, full-duplex link. Inside a host it joins two of its cpus, switches or devices (pcie and bus links form the PCIe tree); at top level it joins NICs of two different hosts. `link A -- B : SPEC`.',
  network: 'Joins many NICs through one non-blocking switch: each attached NIC gets a full-duplex port of `rate`, and a transfer between two NICs crosses both ports and pays `latency` once.',
  flow: 'Data the system must move, from a buffer or device to another. Flows of one `group` run at the same time and share what they cross; different groups are separate scenarios.',
  map: 'An IOMMU mapping, `map DEVICE -> BUFFER ACCESS`: through its translating IOMMU, the device may reach the buffer (`read`, `write` or `rw`) and nothing else. It only matters behind an IOMMU in mode strict or lazy.',
  cpu: 'A CPU socket: the root of a PCIe tree (its root complex) and the owner of the memories attached to it.',
  memory: 'A region of host memory (DRAM) attached to one socket.',
  iommu: 'An IOMMU: it translates the DMA addresses of the devices that name it, so that a device reaches only what is mapped for it (`map`).',
  switch: 'A PCIe switch. With ACS off, traffic between devices below it turns inside the switch, unchecked by the IOMMU.',
  gpu: 'A GPU: a device that does DMA, usually with its own memory (`memory`) that buffers can live `in`.',
  nic: 'A network adapter: a device that does DMA; with `rdma` it supports RDMA verbs. NICs join hosts through top-level links and networks.',
  nvme: 'An NVMe drive: a device that does DMA, with media throughput `read` and `write`.',
  camera: 'A capture device: a device that does DMA, writing frames into buffers.',
  dma: 'A stand-alone DMA engine: a copy engine that moves data between two buffers.',
  fpga: 'An FPGA: a device that does DMA, possibly with its own memory.',
  buffer: 'Memory that a flow reads or writes: in host memory, or in a device\'s own memory (`in`). `count` more than 1 makes a ring.',
  mr: 'An RDMA memory registration: it makes a buffer reachable by remote peers through one NIC, with the rights listed in `access`.',
  vm: 'A virtual machine on this host; `passthrough` assigns devices to it (VFIO).',
  pcie: 'A PCIe link, `pcie GEN LANES [mps SIZE]`: its rate follows from the generation and the lanes (2.5, 5, 8, 16, 32, 64 GT/s per lane for gen1 to gen6), less the TLP overhead at the `mps`.',
  infiniband: 'An InfiniBand link, `infiniband RATE [latency TIME] [mtu SIZE]`: RATE is the data rate after line encoding; the headers and CRCs of each packet at the MTU (4096 B by default) are subtracted.',
  ethernet: 'An Ethernet link, `ethernet RATE [latency TIME] [mtu SIZE]`: RATE is the data rate after line encoding; the framing of each frame at the MTU (1500 B by default) is subtracted.',
  nvlink: 'An NVLink between two GPUs, `nvlink RATE`: RATE is carried each way, as written. It runs beside the PCIe tree.',
  bus: 'Any other on-chip or board link (MIPI CSI-2, an SoC fabric), `bus RATE [latency TIME]`: RATE is carried each way, as written.',
  read: 'Map access: the device reads the buffer (it is a source).',
  write: 'Map access: the device writes the buffer (it is a destination).',
  rw: 'Map access: the device reads and writes the buffer.',
};

/** The meaning of each value of the enumerated properties whose values need one, by body kind and property. */
export const VALUE_DOCS: Readonly<Partial<Record<BodyKind, Readonly<Record<string, Readonly<Record<string, string>>>>>>> = {
  iommu: {
    mode: {
      strict: 'translates, and invalidates the IOTLB on every unmap',
      lazy: 'translates, but defers invalidation: a device may still reach a page for a while after it is unmapped',
      identity: 'passes addresses through untranslated: no protection',
      off: 'disabled: devices reach all of memory',
    },
    boot: {
      early: 'on from firmware',
      late: 'on only once the OS starts it: devices have DMA before that',
    },
  },
  switch: {
    acs: {
      on: 'peer-to-peer traffic between devices below the switch is sent up to the root complex, where the IOMMU checks it',
      off: 'peer-to-peer traffic turns inside the switch, unchecked by the IOMMU',
    },
  },
  flow: {
    via: {
      staged: 'GPU → host bounce → NIC → network → NIC → host bounce → GPU: 4 copies, no CPU bytes (the CPU orchestrates)',
      gpudirect: 'GPU → NIC (PCIe peer-to-peer) → network → NIC → GPU: no copy, no CPU bytes',
      rdma: 'host buffer → NIC → network → NIC → host buffer: no copy, no CPU bytes',
      kernel: 'user buffer → kernel socket buffer (CPU) → NIC → network → NIC → kernel buffer → user buffer (CPU): 4 copies, 2 × size of CPU bytes',
      p2p: 'device → device inside a host (NVMe → GPU): no copy, no CPU bytes',
      zerocopy: 'the device DMAs straight into the application\'s pinned buffer: no copy, no CPU bytes',
      dma: 'a DMA engine moves data between two buffers of one host: no copy, no CPU bytes',
    },
    pattern: {
      contiguous: 'one contiguous range per transfer',
      strided: 'elements of `element` bytes every `stride` bytes: each element is its own PCIe transaction',
    },
  },
};
