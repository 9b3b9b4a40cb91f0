// The fixed words completion offers, each with what it means in one line:
// the declaration and item keywords, the link kinds and PCIe arguments, a
// map's access, and the units of each dimension. The words themselves come
// from the language's own tables (tokens.ts, schema.ts, model/links.ts,
// model/units.ts), so that a word added there is offered here; only the
// explanations are written here, for people (language.md in a sentence).
import { GENERATIONS, LANES } from '../model/links';
import { UNITS } from '../model/units';
import type { Dimension } from '../syntax/schema';
import { LINK_KINDS } from '../syntax/schema';
import { ITEM_KEYWORDS, TOP_LEVEL_KEYWORDS } from '../syntax/tokens';

export interface Word {
  readonly word: string;
  /** How it is written, in one line: `host NAME { … }`. */
  readonly detail: string;
  /** What it is, in a sentence. */
  readonly doc: string;
}

const DECLARATION_DOCS: Readonly<Record<(typeof TOP_LEVEL_KEYWORDS)[number], readonly [string, string]>> = {
  topology: ['topology "TITLE"', 'The title of the file; it comes first, and only once.'],
  host: ['host NAME (: TEMPLATE) { … }', 'A machine: its cpus, memories, IOMMUs, switches, devices, links, buffers and mappings. `host node[0..3]` declares a range of hosts.'],
  template: ['template NAME { … }', 'Host items shared by every host made from it (`host h : NAME { … }`).'],
  link: ['link HOST.NIC -- HOST.NIC : SPEC', 'A link between the NICs of two hosts.'],
  network: ['network NAME { … }', 'Many NICs joined through one non-blocking switch.'],
  flow: ['flow NAME { … }', 'Data the system must move: from, to, size, and how often.'],
};

const ITEM_DOCS: Readonly<Record<(typeof ITEM_KEYWORDS)[number] | 'link' | 'map', readonly [string, string]>> = {
  cpu: ['cpu NAME { … }', 'A CPU socket: the root of a PCIe tree and the owner of the memories attached to it.'],
  memory: ['memory NAME { … }', 'A region of host memory (DRAM) attached to one socket.'],
  iommu: ['iommu NAME { … }', 'An IOMMU: it translates the DMA addresses of the devices that name it.'],
  switch: ['switch NAME { … }', 'A PCIe switch.'],
  gpu: ['gpu NAME { … }', 'A GPU: a device that does DMA, with its own memory.'],
  nic: ['nic NAME { … }', 'A network adapter: a device that does DMA.'],
  nvme: ['nvme NAME { … }', 'An NVMe drive: a device that does DMA.'],
  camera: ['camera NAME { … }', 'A capture device that writes by DMA.'],
  dma: ['dma NAME { … }', 'A stand-alone DMA engine: a copy engine that moves data between two buffers.'],
  fpga: ['fpga NAME { … }', 'An FPGA: a device that does DMA, with its own memory.'],
  buffer: ['buffer NAME { … }', 'Memory that a flow reads or writes, in host memory or in a device.'],
  mr: ['mr NAME { … }', 'An RDMA memory registration: a buffer made reachable by remote peers through one NIC.'],
  vm: ['vm NAME { … }', 'A virtual machine on this host, and the devices passed through to it.'],
  link: ['link A -- B : SPEC', 'A physical link between two of this host\'s cpus, switches or devices.'],
  map: ['map DEVICE -> BUFFER ACCESS', 'An IOMMU mapping: the device may reach the buffer (read, write or rw).'],
};

const words = (table: Readonly<Record<string, readonly [string, string]>>, keys: readonly string[]): Word[] =>
  keys.map((word) => ({ word, detail: table[word]![0], doc: table[word]![1] }));

/** The keywords that start a top-level declaration. */
export const DECLARATION_WORDS: readonly Word[] = words(DECLARATION_DOCS, TOP_LEVEL_KEYWORDS);

/** The keywords that start a host item. */
export const ITEM_WORDS: readonly Word[] = words(ITEM_DOCS, [...ITEM_KEYWORDS, 'link', 'map']);

const LINK_KIND_DOCS: Readonly<Record<(typeof LINK_KINDS)[number], readonly [string, string]>> = {
  pcie: ['pcie GEN LANES (mps SIZE)', 'A PCIe link: its generation and lane count set its rate; it builds the host\'s PCIe tree.'],
  infiniband: ['infiniband RATE (latency TIME) (mtu SIZE)', 'An InfiniBand link at its data rate; framed at the MTU, 4096 B unless written.'],
  ethernet: ['ethernet RATE (latency TIME) (mtu SIZE)', 'An Ethernet link at its data rate; framed at the MTU, 1500 B unless written.'],
  nvlink: ['nvlink RATE (latency TIME)', 'An NVLink between GPUs, at its rate each way.'],
  bus: ['bus RATE (latency TIME)', 'Any other on-chip or board link (MIPI CSI-2, an SoC fabric); part of the PCIe tree.'],
};

/** The link kinds, after `:`. */
export const LINK_KIND_WORDS: readonly Word[] = words(LINK_KIND_DOCS, LINK_KINDS);

/** The transfer rate per lane of each PCIe generation, and its encoding (language.md § Link specifications). */
const GENERATION_RATES = ['2.5 GT/s per lane, 8b/10b', '5 GT/s per lane, 8b/10b', '8 GT/s per lane, 128b/130b', '16 GT/s per lane, 128b/130b', '32 GT/s per lane, 128b/130b', '64 GT/s per lane, FLIT mode'];

/** `gen1` … `gen6`, after `pcie`. */
export const GENERATION_WORDS: readonly Word[] = GENERATIONS.map((word, i) => ({ word, detail: `PCIe ${word.slice(3)}.0: ${GENERATION_RATES[i]}`, doc: '' }));

/** `x1` … `x32`, after the generation. */
export const LANE_WORDS: readonly Word[] = LANES.map((word) => ({ word, detail: `${word.slice(1)} lane${word === 'x1' ? '' : 's'}`, doc: '' }));

/** A map's access, after its buffer. */
export const ACCESS_WORDS: readonly Word[] = [
  { word: 'read', detail: 'the device reads the buffer: a source', doc: '' },
  { word: 'write', detail: 'the device writes the buffer: a destination', doc: '' },
  { word: 'rw', detail: 'the device reads and writes the buffer', doc: '' },
];

/** Spellings that are another unit's alias, left out of the list: `kB` is `KB`, `µs` and `μs` are `us`. */
const ALIASES = new Set(['kB', 'kB/s', 'kb/s', '\u00b5s', '\u03bcs']);
const EXACT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 20 });

/** The units that are their dimension's own measure, in words. */
const BASE_UNITS: Readonly<Record<string, string>> = {
  B: 'bytes',
  'B/s': 'bytes per second',
  s: 'seconds',
  Hz: 'per second',
  fps: 'frames per second: 1 fps = 1 Hz',
};

/** What one of a unit is in its dimension's SI unit: `1 MiB = 1,048,576 B`. */
function unitDetail(unit: string, dimension: Dimension, factor: number): string {
  const base = BASE_UNITS[unit];
  if (base !== undefined) return base;
  switch (dimension) {
    case 'size':
      return `1 ${unit} = ${EXACT.format(factor)} B`;
    case 'byteRate':
      return `1 ${unit} = ${EXACT.format(factor)} B/s`;
    case 'time':
      return unit === 'us' ? '1 us = 0.000001 s (also written µs)' : `1 ${unit} = ${EXACT.format(factor)} s`;
    case 'frequency':
      return `1 ${unit} = ${EXACT.format(factor)} per second`;
    default:
      return 'a percentage: 30 % is 0.3';
  }
}

/** The units of `dimensions`, smallest first within each. */
export function unitWords(dimensions: readonly Dimension[]): Word[] {
  const units: Word[] = [];
  for (const dimension of dimensions) {
    const ofDimension = [...UNITS].filter(([unit, info]) => info.dimension === dimension && !ALIASES.has(unit));
    ofDimension.sort((a, b) => a[1].factor - b[1].factor);
    for (const [unit, info] of ofDimension) units.push({ word: unit, detail: unitDetail(unit, dimension, info.factor), doc: '' });
  }
  return units;
}
