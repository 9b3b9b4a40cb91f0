import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../server/src/model/index';
import { checkText } from '../../server/src/analysis/snapshot';
import { type Fix } from '../../server/src/rules/index';
import { expectFindings, unmark } from '../helpers';

const SCATTERED = (engine: string, iommu = 'mode identity', layout = 'layout scattered 4 KiB'): string => `host h {
  cpu c {}
  memory m { size 64 GiB }
  iommu i { ${iommu} }
  ${engine}
  link d -- c : pcie gen3 x8
  buffer user { in m, size 64 MiB, pinned, ${layout} }
  buffer out { in m, size 64 MiB, pinned }
  map d -> user read
  map d -> out write
}
flow ⟦copy⟧ { from h.user to h.out size 64 MiB via dma engine h.d }`;

const STRIDED = (engine: string, pattern = 'pattern strided stride 32 KiB element 64 B'): string => `host h {
  cpu c {}
  memory m { size 64 GiB }
  iommu i { mode strict }
  ${engine}
  link d -- c : pcie gen4 x16
  buffer a { in m, size 128 MiB, pinned }
  buffer b { in m, size 128 MiB, pinned }
  map d -> a read
  map d -> b write
}
flow ⟦transpose⟧ { from h.a to h.b size 128 MiB via dma engine h.d ${pattern} }`;

function fixed(marked: string, finding: Diagnostic): string {
  const { text } = unmark(marked);
  const edits = [...(finding.data as { fix: Fix }).fix.edits].sort((a, b) => b.span.start - a.span.start);
  return edits.reduce((out, e) => out.slice(0, e.span.start) + e.newText + out.slice(e.span.end), text);
}

const clean = (text: string): void => void expectFindings('DMA003', text.replaceAll('⟦', '').replaceAll('⟧', ''));

describe('DMA003 a DMA engine without scatter-gather', () => {
  it('fires on a flow whose engine has no sg and no translating iommu to reach a scattered buffer; the fix adds sg', () => {
    const marked = SCATTERED('dma d { iommu i }');
    const [finding] = expectFindings('DMA003', marked);
    assert.equal(finding!.severity, 'error');
    assert.equal(
      finding!.message,
      "flow 'copy' needs dma 'd' to read buffer 'user', scattered in 4 KiB pages, but the device has no sg and iommu 'i' in mode identity, which does not translate, to present them as one range: the DMA cannot reach the buffer; add sg to 'd' or put it behind a translating iommu",
    );
    assert.deepEqual(finding!.related?.map((r) => r.message), ["dma 'd' has no sg and iommu 'i' is in mode identity", "buffer 'user' is scattered in pages of 4 KiB"]);
    const after = fixed(marked, finding!);
    assert.match(after, /dma d \{ iommu i, sg \}/);
    assert.equal(checkText(after).diagnostics.filter((d) => d.code === 'DMA003').length, 0);
  });
  it('fires for a device with no iommu at all, and adds sg into an empty body', () => {
    const marked = SCATTERED('dma d {}').replace('map d -> user read\n  map d -> out write\n', '');
    const [finding] = expectFindings('DMA003', marked);
    assert.match(finding!.message, /has no sg and no iommu to present them/);
    assert.match(fixed(marked, finding!), /dma d \{ sg \}/);
  });
  it('does not fire with sg, behind a strict or lazy iommu, or for a contiguous buffer', () => {
    clean(SCATTERED('dma d { iommu i, sg }'));
    clean(SCATTERED('dma d { iommu i }', 'mode strict'));
    clean(SCATTERED('dma d { iommu i }', 'mode lazy'));
    clean(SCATTERED('dma d { iommu i }', 'mode identity', 'layout contiguous'));
  });
  it('fires on a strided pattern whose engine has no sg, even behind a strict iommu', () => {
    const [finding] = expectFindings('DMA003', STRIDED('dma d { iommu i }'));
    assert.equal(
      finding!.message,
      "flow 'transpose' gathers a strided pattern (64 B elements every 32 KiB) with dma 'd', whose DMA engine has no sg: it cannot gather at all; add sg to 'd' or use an engine that has it",
    );
    assert.equal(finding!.related?.at(-1)?.message, 'the strided pattern');
  });
  it('does not fire on a strided pattern with an sg engine, nor on a contiguous one without', () => {
    clean(STRIDED('dma d { iommu i, sg }'));
    clean(STRIDED('dma d { iommu i }', 'pattern contiguous'));
  });
  it('names both problems of one flow in one finding', () => {
    const [finding] = expectFindings('DMA003', SCATTERED('dma d { iommu i }').replace('via dma engine h.d', 'via dma engine h.d pattern strided stride 8 KiB element 8 B'));
    assert.match(finding!.message, /\(and 1 more such DMA\)$/);
  });
  it('ignores a scattered buffer in the engine\'s own memory', () => {
    expectFindings(
      'DMA003',
      `host h {
  cpu c {}
  memory m { size 64 GiB }
  fpga f { memory 16 GiB }
  link f -- c : pcie gen3 x16
  buffer src { in m, size 64 MiB, pinned }
  buffer local { in f, size 64 MiB, layout scattered 4 KiB }
}
flow up { from h.src to h.local size 64 MiB via dma engine h.f }`,
    );
  });
});
