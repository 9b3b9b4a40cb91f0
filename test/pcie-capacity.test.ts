// The PCIe capacity model reproduces pcie-model's published figures and
// explains every number with cited or assumed constants.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Derivation } from '../server/src/sim/derivation';
import {
  pcieDataRate,
  pcieLinkLayerShare,
  pcieReadCapacity,
  pcieWriteCapacity,
  type PcieGeneration,
  type PcieLinkSpec,
} from '../server/src/sim/capacity/pcie';

const gigabitsPerSecond = (bytesPerSecond: number): number => (bytesPerSecond * 8) / 1e9;

/** Asserts `actual` is within `tolerance` (relative) of `expected`. */
function assertNear(actual: number, expected: number, tolerance: number, what: string): void {
  const deviation = Math.abs(actual - expected) / expected;
  assert.ok(deviation <= tolerance, `${what}: got ${actual}, expected ${expected} ± ${tolerance * 100} %`);
}

/** Every leaf term is cited, assumed, an input or a default; every derived term carries its derivation. */
function assertFullySourced(derivation: Derivation, path = derivation.quantity): void {
  assert.ok(derivation.formula.length > 0, `${path}: formula`);
  assert.ok(Number.isFinite(derivation.value), `${path}: value`);
  for (const term of derivation.terms) {
    const where = `${path} › ${term.name}`;
    assert.ok(Number.isFinite(term.value), `${where}: value`);
    assert.ok(term.unit.length > 0, `${where}: unit`);
    switch (term.source.kind) {
      case 'cited':
        assert.ok(term.source.citation.length > 0, `${where}: citation`);
        break;
      case 'assumed':
        assert.ok(term.source.why.length > 0, `${where}: why`);
        break;
      case 'input':
      case 'default':
        assert.ok(term.source.what.length > 0, `${where}: what`);
        break;
      case 'derived':
        assert.ok(term.derivation, `${where}: derived without a derivation`);
        assert.equal(term.derivation.value, term.value, `${where}: value matches its derivation`);
        assertFullySourced(term.derivation, where);
        break;
    }
  }
}

/** All leaf sources of a derivation, flattened. */
function leafSources(derivation: Derivation): string[] {
  return derivation.terms.flatMap((term) =>
    term.derivation ? leafSources(term.derivation) : [`${term.name}:${term.source.kind}`],
  );
}

const gen3x8: PcieLinkSpec = { generation: 3, lanes: 8, mpsBytes: 256 };
const ANCHOR_TOLERANCE = 0.001;

describe('pcie capacity: pcie-model anchors (gen3 x8, MPS 256, MRRS 512)', () => {
  it('large writes: 52.92 Gb/s', () => {
    assertNear(gigabitsPerSecond(pcieWriteCapacity(gen3x8).bytesPerSecond), 52.92, ANCHOR_TOLERANCE, 'large writes');
  });

  it('64 B writes: 42.10 Gb/s', () => {
    assertNear(gigabitsPerSecond(pcieWriteCapacity(gen3x8, 64).bytesPerSecond), 42.1, ANCHOR_TOLERANCE, '64 B writes');
  });

  it('8 B writes: 14.47 Gb/s', () => {
    assertNear(gigabitsPerSecond(pcieWriteCapacity(gen3x8, 8).bytesPerSecond), 14.47, ANCHOR_TOLERANCE, '8 B writes');
  });

  it('large reads: 53.69 Gb/s, bounded by the completion direction', () => {
    const read = pcieReadCapacity(gen3x8, undefined, 512);
    assertNear(gigabitsPerSecond(read.bytesPerSecond), 53.69, ANCHOR_TOLERANCE, 'large reads');
    assert.match(read.derivation.limitedBy ?? '', /completion/);
    assert.equal(pcieReadCapacity(gen3x8).bytesPerSecond, read.bytesPerSecond, 'MRRS defaults to 512 B');
  });

  it('gen4 x16, MPS 256, large writes: about 26 GB/s', () => {
    const write = pcieWriteCapacity({ generation: 4, lanes: 16, mpsBytes: 256 });
    assertNear(write.bytesPerSecond, 26e9, 0.01, 'gen4 x16 large writes');
  });
});

describe('pcie capacity: how it scales', () => {
  it('efficiency rises with MPS (128, 256, 512) for large writes and reads', () => {
    const writes = [128, 256, 512].map((mpsBytes) => pcieWriteCapacity({ ...gen3x8, mpsBytes }).bytesPerSecond);
    assert.ok(writes[0]! < writes[1]! && writes[1]! < writes[2]!, `writes ${writes.join(' < ')}`);
    const reads = [128, 256, 512].map((mpsBytes) => pcieReadCapacity({ ...gen3x8, mpsBytes }).bytesPerSecond);
    assert.ok(reads[0]! < reads[1]! && reads[1]! < reads[2]!, `reads ${reads.join(' < ')}`);
  });

  it('a write no larger than MPS is one TLP, so small payloads gain nothing from a larger MPS', () => {
    const small128 = pcieWriteCapacity({ ...gen3x8, mpsBytes: 128 }, 64).derivation;
    const small512 = pcieWriteCapacity({ ...gen3x8, mpsBytes: 512 }, 64).derivation;
    const tlps = (d: Derivation): number => d.terms.find((t) => t.name === 'TLPs per write')!.value;
    assert.equal(tlps(small128), 1);
    assert.equal(tlps(small512), 1);
  });

  it('a write larger than MPS is split into ⌈size/MPS⌉ TLPs', () => {
    const write = pcieWriteCapacity(gen3x8, 1500);
    assert.equal(write.derivation.terms.find((t) => t.name === 'TLPs per write')!.value, 6);
    assert.ok(write.bytesPerSecond < pcieWriteCapacity(gen3x8).bytesPerSecond, 'a partial last TLP costs');
  });

  it('data rate scales linearly with lanes', () => {
    const x1 = pcieDataRate(3, 1).bytesPerSecond;
    for (const lanes of [2, 4, 8, 16, 32]) assertNear(pcieDataRate(3, lanes).bytesPerSecond, x1 * lanes, 1e-12, `x${lanes}`);
  });

  it('data rate doubles per generation within one encoding', () => {
    assertNear(pcieDataRate(2, 8).bytesPerSecond, 2 * pcieDataRate(1, 8).bytesPerSecond, 1e-12, 'gen2 = 2 × gen1');
    assertNear(pcieDataRate(4, 8).bytesPerSecond, 2 * pcieDataRate(3, 8).bytesPerSecond, 1e-12, 'gen4 = 2 × gen3');
    assertNear(pcieDataRate(5, 8).bytesPerSecond, 2 * pcieDataRate(4, 8).bytesPerSecond, 1e-12, 'gen5 = 2 × gen4');
  });

  it('usable capacity grows with lanes and generation, less than the data rate', () => {
    const gens: PcieGeneration[] = [1, 2, 3, 4, 5, 6];
    let previous = 0;
    for (const generation of gens) {
      const usable = pcieWriteCapacity({ generation, lanes: 16, mpsBytes: 256 }).bytesPerSecond;
      assert.ok(usable > previous, `gen${generation} above gen${generation - 1}`);
      assert.ok(usable < pcieDataRate(generation, 16).bytesPerSecond, `gen${generation} below its data rate`);
      previous = usable;
    }
    const x4 = pcieWriteCapacity({ ...gen3x8, lanes: 4 }).bytesPerSecond;
    const x16 = pcieWriteCapacity({ ...gen3x8, lanes: 16 }).bytesPerSecond;
    assert.ok(x4 < pcieWriteCapacity(gen3x8).bytesPerSecond && pcieWriteCapacity(gen3x8).bytesPerSecond < x16);
  });

  it('read completions cut at the read completion boundary cost more than at MPS', () => {
    const atMps = pcieReadCapacity(gen3x8, undefined, 512).bytesPerSecond;
    const atRcb = pcieReadCapacity(gen3x8, undefined, 512, 64).bytesPerSecond;
    assert.ok(atRcb < atMps);
    // 512 B in 8 completions of 64 B: 57.885 Gb/s × 512/(512 + 8 × 20).
    assertNear(gigabitsPerSecond(atRcb), (57.885 * 512) / 672, 1e-3, 'RCB 64 B chunks');
  });

  it('reads smaller than 4 B are bounded by the request direction (24 B MRd > 20 B CplD + data)', () => {
    assert.match(pcieReadCapacity(gen3x8, 2).derivation.limitedBy ?? '', /request/);
    assert.match(pcieReadCapacity(gen3x8, 8).derivation.limitedBy ?? '', /completion/);
  });
});

describe('pcie capacity: line encodings', () => {
  it('gen1 and gen2 use 8b/10b', () => {
    assert.equal(pcieDataRate(1, 1).bytesPerSecond, (2.5e9 * 0.8) / 8);
    assert.equal(pcieDataRate(2, 1).bytesPerSecond, (5e9 * 0.8) / 8);
    assert.ok(pcieDataRate(1, 1).derivation.terms.some((t) => t.name.includes('8b/10b')));
  });

  it('gen3 to gen5 use 128b/130b', () => {
    assertNear(pcieDataRate(3, 1).bytesPerSecond, (8e9 * 128) / 130 / 8, 1e-12, 'gen3');
    assertNear(pcieDataRate(5, 1).bytesPerSecond, (32e9 * 128) / 130 / 8, 1e-12, 'gen5');
  });

  it('gen6 uses FLIT 242/256 at 64 GT/s', () => {
    const gen6 = pcieDataRate(6, 16);
    assertNear(gen6.bytesPerSecond, (16 * 64e9 * 242) / 256 / 8, 1e-12, 'gen6 x16');
    assert.ok(gen6.derivation.terms.some((t) => t.name.includes('FLIT')));
  });

  it('gen6 marks the tables it borrows from gen5 as assumed', () => {
    const kinds = leafSources(pcieWriteCapacity({ generation: 6, lanes: 16, mpsBytes: 256 }).derivation);
    assert.ok(kinds.includes('ACK interval:assumed'), kinds.join(', '));
    assert.ok(kinds.includes('framing:assumed'), kinds.join(', '));
  });
});

describe('pcie capacity: derivations', () => {
  it('the DLLP share is computed from the spec tables, not fitted', () => {
    const share = pcieLinkLayerShare(3, 8, 256);
    // gen3 x8 MPS 256: ACK and UpdateFC every 203 symbol times, SKP 4 per 1538.
    assertNear(share.ratio, 8 / 203 + 8 / 203 + 4 / 1538, 1e-12, 'share');
    const interval = share.derivation.terms.find((t) => t.name === 'ACK interval')!;
    assert.equal(interval.value, 203);
    assert.equal(interval.source.kind, 'cited');
  });

  it('every term of every derivation is cited, assumed, an input or a default', () => {
    const cases: Derivation[] = [];
    for (const generation of [1, 2, 3, 4, 5, 6] as const) {
      for (const mpsBytes of [128, 256, 512]) {
        const spec = { generation, lanes: 8, mpsBytes };
        cases.push(pcieDataRate(generation, 8).derivation);
        cases.push(pcieWriteCapacity(spec).derivation, pcieWriteCapacity(spec, 64).derivation);
        cases.push(pcieReadCapacity(spec).derivation, pcieReadCapacity(spec, 100, 256, 64).derivation);
      }
    }
    for (const derivation of cases) assertFullySourced(derivation);
  });

  it('the capacity formula names encoding, overheads and the DLLP share', () => {
    const { formula, value, unit } = pcieWriteCapacity(gen3x8).derivation;
    for (const word of ['lanes', 'GT/s', 'encoding', 'header', 'framing', 'DLLP share']) assert.ok(formula.includes(word), word);
    assert.equal(unit, 'B/s');
    assert.equal(value, pcieWriteCapacity(gen3x8).bytesPerSecond);
  });

  it('a width or MPS outside the spec tables uses a neighbouring row, marked assumed', () => {
    const share = pcieLinkLayerShare(3, 12, 300);
    const interval = share.derivation.terms.find((t) => t.name === 'ACK interval')!;
    assert.equal(interval.value, 203, 'x8 / MPS 256 row');
    assert.equal(interval.source.kind, 'assumed');
  });

  it('rejects impossible inputs', () => {
    assert.throws(() => pcieDataRate(3, 0), RangeError);
    assert.throws(() => pcieWriteCapacity(gen3x8, 0), RangeError);
    assert.throws(() => pcieReadCapacity(gen3x8, 64, 0), RangeError);
  });
});
