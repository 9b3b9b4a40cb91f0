// PCIe link capacity, per direction, after line encoding, link-layer
// traffic (ACK and UpdateFC DLLPs, SKP ordered sets) and TLP overheads.
//
// A port of pcie-bench's pcie-model (Neugebauer et al., "Understanding PCIe
// performance for end host networking", SIGCOMM 2018; github.com/pcie-bench/
// pcie-model): `model/pcie.py` (line rates, link-layer tables, TLP_bw, TLP
// header sizes) and `model/mem_bw.py` (`write`, `read`). Every constant below
// names where it comes from; the derivations carry the same citations to the
// user. Differences from pcie-model are marked "Deviation" where they occur.

import { assumed, byDefault, cited, derived, type Derivation, type Source, type Term } from '../derivation';

export type PcieGeneration = 1 | 2 | 3 | 4 | 5 | 6;

export interface PcieLinkSpec {
  readonly generation: PcieGeneration;
  readonly lanes: number;
  /** Maximum Payload Size negotiated on the link. */
  readonly mpsBytes: number;
  /** Where the lane count and the MPS come from, for a link of a document (written, or the MPS default); `GIVEN` otherwise. */
  readonly sources?: { readonly lanes: Source; readonly mps: Source };
}

/** A figure passed to these functions by their caller, not read from a document: nobody wrote it. */
export const GIVEN: Source = assumed('a parameter of this computation, given by its caller rather than written in a document');

export interface PcieCapacity {
  readonly bytesPerSecond: number;
  readonly derivation: Derivation;
}

/** A number with the derivation that produced it, for fractions that are not rates. */
export interface PcieRatio {
  readonly ratio: number;
  readonly derivation: Derivation;
}

const PCIE_MODEL = 'pcie-bench/pcie-model (Neugebauer et al., SIGCOMM 2018)';
const fromPcieModel = (where: string): Source => cited(`${PCIE_MODEL}, ${where}`);
const BITS_PER_BYTE = 8;

// ---------------------------------------------------------------------------
// Line rate and encoding

interface LineCoding {
  readonly gigatransfersPerSecond: number;
  readonly encodingName: string;
  readonly encodingRatio: number;
  readonly source: Source;
}

// pcie-model model/pcie.py, GTs and Gbs: transfer rate and encoding per generation.
const LINE_CODING: Readonly<Record<PcieGeneration, LineCoding>> = {
  1: {
    gigatransfersPerSecond: 2.5,
    encodingName: '8b/10b',
    encodingRatio: 8 / 10,
    source: fromPcieModel('model/pcie.py GTs/Gbs; PCIe Base Spec rev 5.0 §4.2 (2.5 GT/s, 8b/10b)'),
  },
  2: {
    gigatransfersPerSecond: 5,
    encodingName: '8b/10b',
    encodingRatio: 8 / 10,
    source: fromPcieModel('model/pcie.py GTs/Gbs; PCIe Base Spec rev 5.0 §4.2 (5.0 GT/s, 8b/10b)'),
  },
  3: {
    gigatransfersPerSecond: 8,
    encodingName: '128b/130b',
    encodingRatio: 128 / 130,
    source: fromPcieModel('model/pcie.py GTs/Gbs; PCIe Base Spec rev 5.0 §4.2 (8.0 GT/s, 128b/130b)'),
  },
  4: {
    gigatransfersPerSecond: 16,
    encodingName: '128b/130b',
    encodingRatio: 128 / 130,
    source: fromPcieModel('model/pcie.py GTs/Gbs; PCIe Base Spec rev 5.0 §4.2 (16.0 GT/s, 128b/130b)'),
  },
  5: {
    gigatransfersPerSecond: 32,
    encodingName: '128b/130b',
    encodingRatio: 128 / 130,
    source: fromPcieModel('model/pcie.py GTs/Gbs; PCIe Base Spec rev 5.0 §4.2 (32.0 GT/s, 128b/130b)'),
  },
  // A 256 B flit holds 236 B of TLPs + 6 B of DLP, then 8 B CRC + 6 B FEC: 242 of 256 bytes carry link traffic.
  6: {
    gigatransfersPerSecond: 64,
    encodingName: 'FLIT 242/256',
    encodingRatio: 242 / 256,
    source: cited(
      'PCIe Base Spec rev 6.0 §4.2 (64.0 GT/s PAM4, Flit Mode: 256 B flit = 242 B TLP+DLP, 8 B CRC, 6 B FEC); ' +
        `same ratio in ${PCIE_MODEL}, model/pcie.py Gbs (later revision)`,
    ),
  },
};

/** Raw per-direction data rate after line encoding: lanes × GT/s × encoding. */
export function pcieDataRate(generation: PcieGeneration, lanes: number, lanesSource: Source = GIVEN): PcieCapacity {
  requirePositiveInteger(lanes, 'lanes');
  const coding = LINE_CODING[generation];
  const bytesPerSecond = (lanes * coding.gigatransfersPerSecond * 1e9 * coding.encodingRatio) / BITS_PER_BYTE;
  return {
    bytesPerSecond,
    derivation: {
      quantity: `PCIe gen${generation} x${lanes} data rate per direction`,
      value: bytesPerSecond,
      unit: 'B/s',
      formula: 'data rate = lanes × GT/s × encoding ÷ 8 bit/B',
      terms: [
        { name: 'lanes', value: lanes, unit: 'lanes', source: lanesSource },
        { name: 'GT/s', value: coding.gigatransfersPerSecond, unit: 'GT/s', source: coding.source },
        { name: `encoding ${coding.encodingName}`, value: coding.encodingRatio, unit: 'ratio', source: coding.source },
      ],
    },
  };
}

// ---------------------------------------------------------------------------
// Link-layer share: ACK DLLPs, UpdateFC DLLPs, SKP ordered sets

// The spec tables are indexed by link width and MPS; pcie-model lists these.
const TABLE_LANES = [1, 2, 4, 8, 16, 32] as const;
const TABLE_MPS_BYTES = [128, 256, 512, 1024, 2048, 4096] as const;

/** Symbol times between two DLLPs, by lanes, one entry per TABLE_MPS_BYTES. */
type LatencyTable = Readonly<Record<(typeof TABLE_LANES)[number], readonly number[]>>;

// Maximum ACK latency (PCIe Base Spec rev 5.0 Tables 3-7/3-8/3-9) and UpdateFC
// transmission latency guidelines (Tables 2-46/2-47/2-48), in symbol times,
// as pcie-model lists them in model/pcie.py Ack_Limits and FC_Guide. The two
// tables hold the same numbers, so one table per data rate serves both.
// Deviation: pcie-model's FC_Guide gen1 x32 MPS 2048 reads 248 and its
// Ack_Limits gen2 x32 MPS 4096 reads 237; the spec's formula
// ((MPS + 28) × AckFactor / width + internal delay) gives 148 and 327, which
// its other table has, so those two cells here are 148 and 327.
const LATENCY_2_5_GTS: LatencyTable = {
  1: [237, 416, 559, 1071, 2095, 4143],
  2: [128, 217, 289, 545, 1057, 2081],
  4: [73, 118, 154, 282, 538, 1050],
  8: [67, 107, 86, 150, 278, 534],
  16: [48, 72, 86, 150, 278, 534],
  32: [33, 45, 52, 84, 148, 276],
};
const LATENCY_5_GTS: LatencyTable = {
  1: [288, 467, 610, 1122, 2146, 4194],
  2: [179, 268, 340, 596, 1108, 2132],
  4: [124, 169, 205, 333, 589, 1101],
  8: [118, 158, 137, 201, 329, 585],
  16: [99, 123, 137, 201, 329, 585],
  32: [84, 96, 103, 135, 199, 327],
};
// pcie-model uses the 8 GT/s table for gen4 and gen5 as well.
const LATENCY_8_GTS_AND_UP: LatencyTable = {
  1: [333, 512, 655, 1167, 2191, 4239],
  2: [224, 313, 385, 641, 1153, 2177],
  4: [169, 214, 250, 378, 634, 1146],
  8: [163, 203, 182, 246, 374, 630],
  16: [144, 168, 182, 246, 374, 630],
  32: [129, 141, 148, 180, 244, 372],
};

interface LatencyTableRef {
  readonly table: LatencyTable;
  readonly ackSource: Source;
  readonly fcSource: Source;
}

function latencyTableRef(table: LatencyTable, key: string, ackTable: string, fcTable: string): LatencyTableRef {
  return {
    table,
    ackSource: fromPcieModel(`model/pcie.py Ack_Limits['${key}']; PCIe Base Spec rev 5.0 Table ${ackTable} (max ACK latency)`),
    fcSource: fromPcieModel(`model/pcie.py FC_Guide['${key}']; PCIe Base Spec rev 5.0 Table ${fcTable} (UpdateFC latency)`),
  };
}

function latencyTableFor(generation: PcieGeneration): LatencyTableRef {
  switch (generation) {
    case 1:
      return latencyTableRef(LATENCY_2_5_GTS, 'gen1', '3-7', '2-46');
    case 2:
      return latencyTableRef(LATENCY_5_GTS, 'gen2', '3-8', '2-47');
    case 3:
    case 4:
    case 5:
      return latencyTableRef(LATENCY_8_GTS_AND_UP, `gen${generation}`, '3-9', '2-48');
    case 6: {
      // pcie-model copies gen5's tables for gen6 and calls them guesses; Flit Mode acknowledges per flit instead.
      const why =
        'gen6 Flit Mode has no ACK/UpdateFC latency table of this form; the 8 GT/s table is reused as pcie-model does ' +
        `(${PCIE_MODEL}, model/pcie.py: "Gen6/gen7 are guesses, just copied from gen5")`;
      return { table: LATENCY_8_GTS_AND_UP, ackSource: assumed(why), fcSource: assumed(why) };
    }
  }
}

// Each DLLP costs 8 B on the wire: 6 B DLLP (4 B body + 2 B CRC) + 2 B of physical framing.
const DLLP_BYTES = 8;
const DLLP_SOURCE = fromPcieModel('model/pcie.py Ack_Size, FC_Size (2 B phys + 4 B DLLP + 2 B DLLP CRC)');
// Clock-compensation SKP ordered sets: 4 symbols every 1538 symbol times, on all lanes.
const SKP_ORDERED_SET_SYMBOLS = 4;
const SKP_INTERVAL_SYMBOLS = 1538;
const SKP_SOURCE = fromPcieModel('model/pcie.py SKIP_Length, SKIP_Interval; PCIe Base Spec rev 5.0 §4.2.7 (SKP ordered sets)');

/** The listed value a table uses for `value`: itself, else the largest listed below it (else the smallest). */
function tableKey<T extends number>(listed: readonly T[], value: number): T {
  let chosen = listed[0]!;
  for (const candidate of listed) if (candidate <= value) chosen = candidate;
  return chosen;
}

/**
 * Fraction of the link's data rate taken by link-layer traffic, as pcie-model
 * computes it (model/pcie.py, the TLP_bw loop): one 8 B ACK every ACK-latency
 * symbols, one 8 B UpdateFC every UpdateFC-latency symbols, plus SKP sets.
 */
export function pcieLinkLayerShare(generation: PcieGeneration, lanes: number, mpsBytes: number): PcieRatio {
  requirePositiveInteger(lanes, 'lanes');
  requirePositiveInteger(mpsBytes, 'MPS');
  const { table, ackSource, fcSource } = latencyTableFor(generation);
  const tableLanes = tableKey(TABLE_LANES, lanes);
  const tableMps = tableKey(TABLE_MPS_BYTES, mpsBytes);
  const symbolTimes = table[tableLanes][TABLE_MPS_BYTES.indexOf(tableMps)]!;
  const offTable = tableLanes !== lanes || tableMps !== mpsBytes;
  const offTableWhy =
    `x${lanes}, MPS ${mpsBytes} B is not a row of the spec table; ` +
    `the row for x${tableLanes}, MPS ${tableMps} B is used`;
  const ackIntervalSource = offTable ? assumed(offTableWhy) : ackSource;
  const fcIntervalSource = offTable ? assumed(offTableWhy) : fcSource;

  // pcie-model divides the DLLP's bytes by the interval in symbol times, whatever the width.
  const ratio = DLLP_BYTES / symbolTimes + DLLP_BYTES / symbolTimes + SKP_ORDERED_SET_SYMBOLS / SKP_INTERVAL_SYMBOLS;
  return {
    ratio,
    derivation: {
      quantity: `PCIe gen${generation} x${lanes} link-layer share (MPS ${mpsBytes} B)`,
      value: ratio,
      unit: 'ratio',
      formula: 'DLLP share = ACK ÷ ACK interval + UpdateFC ÷ UpdateFC interval + SKP ÷ SKP interval',
      terms: [
        { name: 'ACK', value: DLLP_BYTES, unit: 'B', source: DLLP_SOURCE },
        { name: 'ACK interval', value: symbolTimes, unit: 'symbol times', source: ackIntervalSource },
        { name: 'UpdateFC', value: DLLP_BYTES, unit: 'B', source: DLLP_SOURCE },
        { name: 'UpdateFC interval', value: symbolTimes, unit: 'symbol times', source: fcIntervalSource },
        { name: 'SKP', value: SKP_ORDERED_SET_SYMBOLS, unit: 'symbols', source: SKP_SOURCE },
        { name: 'SKP interval', value: SKP_INTERVAL_SYMBOLS, unit: 'symbol times', source: SKP_SOURCE },
      ],
    },
  };
}

/** Data rate left for TLPs once link-layer traffic is deducted (pcie-model's TLP_bw). */
export function pcieTlpRate(spec: PcieLinkSpec): PcieCapacity {
  const data = pcieDataRate(spec.generation, spec.lanes, spec.sources?.lanes);
  const share = pcieLinkLayerShare(spec.generation, spec.lanes, spec.mpsBytes);
  const bytesPerSecond = data.bytesPerSecond * (1 - share.ratio);
  return {
    bytesPerSecond,
    derivation: {
      quantity: `PCIe gen${spec.generation} x${spec.lanes} TLP rate per direction (MPS ${spec.mpsBytes} B)`,
      value: bytesPerSecond,
      unit: 'B/s',
      formula: 'TLP rate = data rate × (1 − DLLP share)',
      terms: [derivedTerm('data rate', data.derivation), derivedTerm('DLLP share', share.derivation)],
    },
  };
}

// ---------------------------------------------------------------------------
// TLP overheads

// Per-TLP wrapping, 8 B either way: 8b/10b STP + END symbols, 2 B sequence number, 4 B LCRC;
// 128b/130b a 4 B STP token (holding the sequence number) + 4 B LCRC.
const TLP_FRAMING_BYTES = 8;
const FRAMING_SOURCE = fromPcieModel('model/pcie.py DLLP_Hdr (framing + sequence number + LCRC)');
// Memory write and read requests with 64-bit addresses: 4 DW headers.
const MEMORY_REQUEST_64_HEADER_BYTES = 16;
const MWR_HEADER_SOURCE = fromPcieModel('model/pcie.py TLP_Hdr + TLP_MWr_64_Hdr (4 + 12 B); PCIe Base Spec rev 5.0 §2.2.7');
const MRD_HEADER_SOURCE = fromPcieModel('model/pcie.py TLP_Hdr + TLP_MRd_64_Hdr (4 + 12 B); PCIe Base Spec rev 5.0 §2.2.7');
// Completions carry no address: 3 DW header.
const COMPLETION_HEADER_BYTES = 12;
const CPLD_HEADER_SOURCE = fromPcieModel('model/pcie.py TLP_Hdr + TLP_CplD_Hdr (4 + 8 B); PCIe Base Spec rev 5.0 §2.2.9');

/** In Flit Mode the flit's CRC/FEC (already in 242/256) replaces per-TLP framing and LCRC. */
function framingSource(generation: PcieGeneration): Source {
  if (generation !== 6) return FRAMING_SOURCE;
  return assumed(
    'gen6 Flit Mode has no per-TLP framing or LCRC; the 8 B of 8b/10b and 128b/130b framing is kept, ' +
      'as pcie-model does (conservative)',
  );
}

// ---------------------------------------------------------------------------
// Posted writes (pcie-model model/mem_bw.py, write)

/**
 * Usable per-direction throughput of memory writes of `payloadBytes` each,
 * split into ⌈payload/MPS⌉ TLPs; undefined payload = large transfers (MPS-sized TLPs).
 */
export function pcieWriteCapacity(spec: PcieLinkSpec, payloadBytes?: number): PcieCapacity {
  const sizeBytes = payloadBytes ?? spec.mpsBytes;
  requirePositiveInteger(sizeBytes, 'write size');
  const tlp = pcieTlpRate(spec);
  const tlpCount = Math.ceil(sizeBytes / spec.mpsBytes);
  const wireBytes = sizeBytes + tlpCount * (MEMORY_REQUEST_64_HEADER_BYTES + TLP_FRAMING_BYTES);
  const bytesPerSecond = (tlp.bytesPerSecond * sizeBytes) / wireBytes;
  const sizeLabel = payloadBytes === undefined ? 'large' : `${payloadBytes} B`;
  const size = sizeTerm(payloadBytes, spec.mpsBytes, 'write size');
  const mps = mpsTerm(spec);
  return {
    bytesPerSecond,
    derivation: {
      quantity: `PCIe gen${spec.generation} x${spec.lanes} usable write capacity (MPS ${spec.mpsBytes} B, ${sizeLabel} writes)`,
      value: bytesPerSecond,
      unit: 'B/s',
      formula:
        'usable = lanes × GT/s × encoding ÷ 8 × (1 − DLLP share) × size / (size + ⌈size/MPS⌉ × (header + framing))',
      terms: [
        derivedTerm('TLP rate', tlp.derivation),
        size,
        mps,
        derivedTerm('TLPs per write', countDerivation('TLPs = ⌈size / MPS⌉', tlpCount, [size, mps])),
        { name: 'header (MWr, 64-bit)', value: MEMORY_REQUEST_64_HEADER_BYTES, unit: 'B', source: MWR_HEADER_SOURCE },
        { name: 'framing', value: TLP_FRAMING_BYTES, unit: 'B', source: framingSource(spec.generation) },
      ],
    },
  };
}

// ---------------------------------------------------------------------------
// Reads (pcie-model model/mem_bw.py, read)

/** pcie-model's default Maximum Read Request Size (pcie_bw.py --mrrs). */
export const DEFAULT_MRRS_BYTES = 512;

/**
 * Usable throughput of memory reads of `payloadBytes` each: requests of at
 * most MRRS go one way, completions of at most MPS (or of the read completion
 * boundary, when `rcbChunkBytes` is given) come back; the slower side wins.
 * Undefined payload = large reads (full MRRS requests).
 */
export function pcieReadCapacity(
  spec: PcieLinkSpec,
  payloadBytes?: number,
  givenMrrsBytes?: number,
  rcbChunkBytes?: number,
): PcieCapacity {
  const mrrsBytes = givenMrrsBytes ?? DEFAULT_MRRS_BYTES;
  const sizeBytes = payloadBytes ?? mrrsBytes;
  requirePositiveInteger(sizeBytes, 'read size');
  requirePositiveInteger(mrrsBytes, 'MRRS');
  if (rcbChunkBytes !== undefined) requirePositiveInteger(rcbChunkBytes, 'read completion boundary');
  const tlp = pcieTlpRate(spec);
  const completionChunkBytes = rcbChunkBytes ?? spec.mpsBytes;
  const requestCount = Math.ceil(sizeBytes / mrrsBytes);
  const completionCount = completionsFor(sizeBytes, mrrsBytes, completionChunkBytes);
  const completionWireBytes = sizeBytes + completionCount * (COMPLETION_HEADER_BYTES + TLP_FRAMING_BYTES);
  const requestWireBytes = requestCount * (MEMORY_REQUEST_64_HEADER_BYTES + TLP_FRAMING_BYTES);
  // Data rate each direction alone would allow, the whole link being free (pcie-model's assumption).
  const viaCompletionsBytesPerSecond = (tlp.bytesPerSecond * sizeBytes) / completionWireBytes;
  const viaRequestsBytesPerSecond = (tlp.bytesPerSecond * sizeBytes) / requestWireBytes;
  const bytesPerSecond = Math.min(viaCompletionsBytesPerSecond, viaRequestsBytesPerSecond);
  const limitedBy =
    viaCompletionsBytesPerSecond <= viaRequestsBytesPerSecond
      ? 'completion direction (data + CplD overheads)'
      : 'request direction (MRd TLPs)';
  const sizeLabel = payloadBytes === undefined ? 'large' : `${payloadBytes} B`;
  const size = sizeTerm(payloadBytes, mrrsBytes, 'read size');
  const mrrs: Term = { name: 'MRRS', value: mrrsBytes, unit: 'B', source: givenMrrsBytes === undefined ? MRRS_SOURCE : GIVEN };
  const chunk: Term =
    rcbChunkBytes === undefined
      ? { ...mpsTerm(spec), name: 'completion chunk = MPS' }
      : { name: 'completion chunk = RCB', value: rcbChunkBytes, unit: 'B', source: GIVEN };
  return {
    bytesPerSecond,
    derivation: {
      quantity:
        `PCIe gen${spec.generation} x${spec.lanes} usable read capacity ` +
        `(MPS ${spec.mpsBytes} B, MRRS ${mrrsBytes} B, ${sizeLabel} reads)`,
      value: bytesPerSecond,
      unit: 'B/s',
      formula:
        'usable = min(TLP rate × size / (size + completions × (CplD header + framing)), ' +
        'TLP rate × size / (requests × (MRd header + framing))), ' +
        'requests = ⌈size/MRRS⌉, completions = Σ over requests ⌈request/chunk⌉',
      terms: [
        derivedTerm('TLP rate', tlp.derivation),
        size,
        mrrs,
        chunk,
        derivedTerm('requests per read', countDerivation('requests = ⌈size / MRRS⌉', requestCount, [size, mrrs])),
        derivedTerm(
          'completions per read',
          countDerivation(
            'completions = ⌊size / MRRS⌋ × ⌈MRRS / chunk⌉ + ⌈(size mod MRRS) / chunk⌉',
            completionCount,
            [size, mrrs, chunk],
          ),
        ),
        { name: 'header (MRd, 64-bit)', value: MEMORY_REQUEST_64_HEADER_BYTES, unit: 'B', source: MRD_HEADER_SOURCE },
        { name: 'header (CplD)', value: COMPLETION_HEADER_BYTES, unit: 'B', source: CPLD_HEADER_SOURCE },
        { name: 'framing', value: TLP_FRAMING_BYTES, unit: 'B', source: framingSource(spec.generation) },
        {
          name: 'request direction free for requests',
          value: 1,
          unit: 'ratio',
          source: assumed(`the reverse direction carries only this read's requests, as in ${PCIE_MODEL}, model/mem_bw.py read`),
        },
      ],
      limitedBy,
    },
  };
}

/**
 * Completions for one read: each request of at most MRRS is answered in
 * chunks of at most `chunkBytes` (aligned requests assumed, as pcie-model does).
 * Deviation: pcie-model counts ⌈size/chunk⌉ over the whole read; counting per
 * request gives the same number whenever MRRS is a multiple of the chunk, and
 * stays right when MRRS < MPS (a completion never exceeds its request).
 */
function completionsFor(sizeBytes: number, mrrsBytes: number, chunkBytes: number): number {
  const fullRequests = Math.floor(sizeBytes / mrrsBytes);
  const lastRequestBytes = sizeBytes - fullRequests * mrrsBytes;
  const perFullRequest = Math.ceil(mrrsBytes / chunkBytes);
  return fullRequests * perFullRequest + (lastRequestBytes > 0 ? Math.ceil(lastRequestBytes / chunkBytes) : 0);
}

// ---------------------------------------------------------------------------
// Small derivation helpers

function derivedTerm(name: string, derivation: Derivation): Term {
  return { name, value: derivation.value, unit: derivation.unit, source: derived, derivation };
}

function mpsTerm(spec: PcieLinkSpec): Term {
  return { name: 'MPS', value: spec.mpsBytes, unit: 'B', source: spec.sources?.mps ?? GIVEN };
}

/** A transfer size given by the caller, or the large-transfer default. */
function sizeTerm(payloadBytes: number | undefined, largeBytes: number, what: string): Term {
  if (payloadBytes !== undefined) return { name: what, value: payloadBytes, unit: 'B', source: GIVEN };
  return {
    name: what,
    value: largeBytes,
    unit: 'B',
    source: byDefault('capacity is quoted for large transfers, which fill every TLP (language.md, link capacity)'),
  };
}

const MRRS_SOURCE = fromPcieModel('pcie_bw.py default --mrrs 512 (the SIGCOMM 2018 read anchor uses it)');

/** How many TLPs a transfer needs, from the terms that decide it. */
function countDerivation(formula: string, count: number, terms: readonly Term[]): Derivation {
  return { quantity: formula.slice(0, formula.indexOf(' =')), value: count, unit: 'TLPs', formula, terms };
}

function requirePositiveInteger(value: number, what: string): void {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${what} must be a positive integer, got ${value}`);
}
