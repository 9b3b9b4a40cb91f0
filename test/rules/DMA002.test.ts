import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../server/src/model/index';
import { checkText } from '../../server/src/analysis/snapshot';
import { type Fix } from '../../server/src/rules/index';
import { expectFindings, unmark } from '../helpers';

const CAMERA = (buffer: string): string => `host h {
  cpu c {}
  memory m { size 8 GiB }
  iommu i { mode strict }
  camera cam { iommu i }
  link cam -- c : bus 2 GB/s
  ${buffer}
  map cam -> frames write
}
flow video { from h.cam to h.frames size 8 MiB rate 30 fps }`;

/** The text after applying a finding's quick fix. */
function fixed(marked: string, finding: Diagnostic): string {
  const { text } = unmark(marked);
  const edits = [...(finding.data as { fix: Fix }).fix.edits].sort((a, b) => b.span.start - a.span.start);
  return edits.reduce((out, e) => out.slice(0, e.span.start) + e.newText + out.slice(e.span.end), text);
}

const codes = (text: string, code: string): number => checkText(text).diagnostics.filter((d) => d.code === code).length;

describe('DMA002 a device DMAs a pageable buffer', () => {
  it('fires on the buffer, naming the device, the flow and the fix; the fix adds pinned', () => {
    const marked = CAMERA('buffer ⟦frames⟧ { in m, size 8 MiB, count 4 }');
    const [finding] = expectFindings('DMA002', marked);
    assert.equal(finding!.severity, 'error');
    assert.equal(
      finding!.message,
      "buffer 'frames' in m is pageable, but camera 'cam' writes it by DMA in flow 'video': the OS may swap or move its pages mid-transfer and the device would then touch memory that is no longer the buffer; mark it pinned",
    );
    assert.deepEqual(finding!.related?.map((r) => r.message), ["camera 'cam' DMAs the buffer", "flow 'video'"]);
    const after = fixed(marked, finding!);
    assert.match(after, /buffer frames \{ in m, size 8 MiB, count 4, pinned \}/);
    assert.equal(codes(after, 'DMA002'), 0);
  });
  it('replaces a written pageable with pinned', () => {
    const marked = CAMERA('buffer ⟦frames⟧ { in m, size 8 MiB, pageable }');
    const [finding] = expectFindings('DMA002', marked);
    assert.match(fixed(marked, finding!), /buffer frames \{ in m, size 8 MiB, pinned \}/);
  });
  it('reports a buffer once for several flows and devices, reading and writing', () => {
    const [finding] = expectFindings(
      'DMA002',
      `host h {
  cpu c {}
  memory m { size 8 GiB }
  nvme ssd {}
  nic n {}
  link ssd -- c : pcie gen4 x4
  link n -- c : pcie gen4 x8
  buffer ⟦data⟧ { in m, size 4 MiB }
}
flow load { from h.ssd to h.data size 4 MiB }
flow send { from h.data to h.n size 4 MiB }`,
    );
    assert.match(finding!.message, /nvme 'ssd' writes it by DMA in flow 'load' \(and 1 more DMA\)/);
    assert.equal(finding!.related?.length, 4);
  });
  it('does not fire for pinned buffers, buffers in device memory, or an SVA device behind a translating iommu', () => {
    expectFindings('DMA002', CAMERA('buffer frames { in m, size 8 MiB, count 4, pinned }'));
    expectFindings('DMA002', CAMERA('buffer frames { in m, size 8 MiB, count 4 }').replace('camera cam { iommu i }', 'camera cam { iommu i, sva }'));
    expectFindings(
      'DMA002',
      `host h {
  cpu c {}
  memory m { size 8 GiB }
  nvme ssd {}
  gpu g { memory 16 GiB }
  switch sw { acs off }
  link sw -- c : pcie gen4 x16
  link ssd -- sw : pcie gen4 x4
  link g -- sw : pcie gen4 x16
  buffer vram { in g, size 4 MiB }
}
flow load { from h.ssd to h.vram size 4 MiB via p2p }`,
    );
  });
  it('does not fire for a pageable buffer only the CPU touches: a kernel path, a staged upload source', () => {
    expectFindings(
      'DMA002',
      `template s {
  cpu c {}
  memory m { size 8 GiB }
  nic n {}
  link n -- c : pcie gen4 x16
  buffer tx { in m, size 4 KiB }
  buffer rx { in m, size 4 KiB }
}
host a : s {}
host b : s {}
link a.n -- b.n : ethernet 100 Gbps
flow ping { from a.tx to b.rx size 4 KiB via kernel }`,
    );
    expectFindings(
      'DMA002',
      `host h {
  cpu c {}
  memory m { size 8 GiB }
  gpu g { memory 16 GiB }
  link g -- c : pcie gen4 x16
  buffer src { in m, size 64 MiB, pageable }
  buffer bounce { in m, size 1 MiB, count 2, pinned }
  buffer dst { in g, size 64 MiB }
}
flow up { from h.src to h.dst size 64 MiB via staged bounce h.bounce }`,
    );
  });
  it('fires on a pageable bounce buffer of a staged upload: the GPU DMAs it', () => {
    expectFindings(
      'DMA002',
      `host h {
  cpu c {}
  memory m { size 8 GiB }
  gpu g { memory 16 GiB }
  link g -- c : pcie gen4 x16
  buffer src { in m, size 64 MiB, pageable }
  buffer ⟦bounce⟧ { in m, size 1 MiB, count 2 }
  buffer dst { in g, size 64 MiB }
}
flow up { from h.src to h.dst size 64 MiB via staged bounce h.bounce }`,
    );
  });
  it('reports a template buffer once, naming the hosts', () => {
    const [finding] = expectFindings(
      'DMA002',
      `template t {
  cpu c {}
  memory m { size 8 GiB }
  nvme ssd {}
  link ssd -- c : pcie gen4 x4
  buffer ⟦data⟧ { in m, size 4 MiB }
}
host k[0..1] : t {}
flow l0 { from k0.ssd to k0.data size 4 MiB }
flow l1 { from k1.ssd to k1.data size 4 MiB }`,
    );
    assert.match(finding!.message, /\(hosts k0, k1\)$/);
  });
});
