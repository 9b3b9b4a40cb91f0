// Usable capacity of network links, NVLink, buses, memories and socket
// interconnects (simulation.md § 1). A network RATE is the data rate after
// line encoding; what is left for payload is the MTU's share of each packet.
// The caller gives each written figure's source (where it is written, or
// that it is a default): these functions compute, they do not read the model.
import { cited, type Derivation, type Source, type Term } from '../derivation';

/** Ethernet per-frame overhead in bytes. */
const ETHERNET_OVERHEAD = [
  { name: 'preamble and start delimiter', bytes: 8 },
  { name: 'MAC header', bytes: 14 },
  { name: 'frame check sequence', bytes: 4 },
  { name: 'inter-frame gap', bytes: 12 },
] as const;
const ETHERNET_SOURCE = cited('IEEE 802.3, clause 3 (MAC frame: preamble, SFD, header, FCS) and clause 4 (interpacket gap)');

/** InfiniBand per-packet overhead in bytes. */
const INFINIBAND_OVERHEAD = [
  { name: 'local route header (LRH)', bytes: 8 },
  { name: 'base transport header (BTH)', bytes: 12 },
  { name: 'invariant CRC (ICRC)', bytes: 4 },
  { name: 'variant CRC (VCRC)', bytes: 2 },
] as const;
const INFINIBAND_SOURCE = cited('InfiniBand Architecture Specification Vol. 1, ch. 7 (LRH, ICRC, VCRC) and ch. 9 (BTH)');

export interface Capacity {
  readonly bytesPerSecond: number;
  readonly derivation: Derivation;
}

/** A figure from the topology with its source: written (where), or a default. */
export interface Given {
  readonly value: number;
  readonly source: Source;
}

/** Payload throughput of an Ethernet or InfiniBand link of data rate `rate` carrying MTU-sized packets. */
export function networkCapacity(
  what: string,
  kind: 'ethernet' | 'infiniband',
  rate: Given,
  mtuBytes: number,
  mtuSource: Source,
): Capacity {
  const rateBytesPerSecond = rate.value;
  const overhead = kind === 'ethernet' ? ETHERNET_OVERHEAD : INFINIBAND_OVERHEAD;
  const source = kind === 'ethernet' ? ETHERNET_SOURCE : INFINIBAND_SOURCE;
  const overheadBytes = overhead.reduce((sum, part) => sum + part.bytes, 0);
  const value = (rateBytesPerSecond * mtuBytes) / (mtuBytes + overheadBytes);
  const terms: Term[] = [
    { name: 'data rate', value: rateBytesPerSecond, unit: 'B/s', source: rate.source },
    { name: 'MTU', value: mtuBytes, unit: 'B', source: mtuSource },
    ...overhead.map((part) => ({ name: part.name, value: part.bytes, unit: 'B', source })),
  ];
  const per = kind === 'ethernet' ? 'framing per frame' : 'headers and CRCs per packet';
  return {
    bytesPerSecond: value,
    derivation: { quantity: `usable capacity of ${what}`, value, unit: 'B/s', formula: `data rate × MTU / (MTU + ${overheadBytes} B of ${per})`, terms },
  };
}

/** A link whose rate is its payload rate as written (NVLink, a bus). */
export function plainCapacity(what: string, rate: Given): Capacity {
  return {
    bytesPerSecond: rate.value,
    derivation: {
      quantity: `usable capacity of ${what}`,
      value: rate.value,
      unit: 'B/s',
      formula: 'rate as written',
      terms: [{ name: 'rate', value: rate.value, unit: 'B/s', source: rate.source }],
    },
  };
}

/** A memory is one resource for reads and writes together. */
export function memoryCapacity(what: string, bandwidth: Given): Capacity {
  return {
    bytesPerSecond: bandwidth.value,
    derivation: {
      quantity: `bandwidth of ${what}`,
      value: bandwidth.value,
      unit: 'B/s',
      formula: 'bandwidth, shared by every DMA into or out of it and by CPU copies (counted twice: read + write)',
      terms: [{ name: 'bandwidth', value: bandwidth.value, unit: 'B/s', source: bandwidth.source }],
    },
  };
}

/** Two sockets are joined by a full-duplex link of the smaller of their `interconnect` rates. */
export function interconnectCapacity(what: string, a: { id: string; rate: number; source: Source }, b: { id: string; rate: number; source: Source }): Capacity {
  const value = Math.min(a.rate, b.rate);
  return {
    bytesPerSecond: value,
    derivation: {
      quantity: `usable capacity of ${what}`,
      value,
      unit: 'B/s',
      formula: 'min(interconnect of each socket)',
      terms: [
        { name: `${a.id} interconnect`, value: a.rate, unit: 'B/s', source: a.source },
        { name: `${b.id} interconnect`, value: b.rate, unit: 'B/s', source: b.source },
      ],
      limitedBy: a.rate <= b.rate ? a.id : b.id,
    },
  };
}

/** A device's DMA engine `rate`: every hop it performs shares it. */
export function engineCapacity(what: string, rate: Given): Capacity {
  return {
    bytesPerSecond: rate.value,
    derivation: {
      quantity: `DMA engine throughput of ${what}`,
      value: rate.value,
      unit: 'B/s',
      formula: 'rate as written, shared by every hop the engine performs',
      terms: [{ name: 'rate', value: rate.value, unit: 'B/s', source: rate.source }],
    },
  };
}

/** A storage device's media `read` or `write` throughput: a resource its transfers share. */
export function mediaCapacity(what: string, direction: 'read' | 'write', rate: Given): Capacity {
  return {
    bytesPerSecond: rate.value,
    derivation: {
      quantity: `media ${direction} throughput of ${what}`,
      value: rate.value,
      unit: 'B/s',
      formula: `${direction} as written`,
      terms: [{ name: direction, value: rate.value, unit: 'B/s', source: rate.source }],
    },
  };
}
