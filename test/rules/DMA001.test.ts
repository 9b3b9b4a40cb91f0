import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectFindings } from '../helpers';

const HOST = `host h {
  cpu c {}
  memory m { size 16 GiB }
  iommu i { mode strict }
  nvme ssd { iommu i }
  switch sw { acs off }
  gpu g { iommu i, memory 16 GiB }
  link c -- sw : pcie gen4 x16
  link sw -- ssd : pcie gen4 x4
  link sw -- g : pcie gen4 x16
  buffer data { in m, size 4 MiB, pinned }
  buffer vram { in g, size 4 MiB }
`;

describe('DMA001 a DMA the IOMMU has no map for', () => {
  it('fires on the flow whose DMA is not mapped, naming the device, the buffer and the fix', () => {
    const [finding] = expectFindings('DMA001', `${HOST}}\nflow ⟦load⟧ { from h.ssd to h.data size 4 MiB }`);
    assert.match(finding!.message, /needs h\.ssd to write h\.data.*add 'map ssd -> data write'/);
    assert.equal(finding!.related?.length, 3);
  });
  it('fires when the map grants the wrong access, with a fix that widens it when a flow uses that access, else changes it', () => {
    const newTexts = (finding: { data?: unknown } | undefined) => (finding!.data as { fix: { edits: Array<{ newText: string }> } }).fix.edits.map((e) => e.newText);
    const [used] = expectFindings('DMA001', `${HOST}  map ssd -> data read\n}\nflow ⟦load⟧ { from h.ssd to h.data size 4 MiB }\nflow back { from h.data to h.ssd size 4 MiB }`);
    assert.match(used!.message, /make its map 'map ssd -> data rw'$/);
    assert.deepEqual(newTexts(used), ['rw']);
    const [unused] = expectFindings('DMA001', `${HOST}  map ssd -> data read\n}\nflow ⟦load⟧ { from h.ssd to h.data size 4 MiB }`);
    assert.match(unused!.message, /make its map 'map ssd -> data write'$/);
    assert.deepEqual(newTexts(unused), ['write']);
  });
  it('does not fire with the map, for p2p turning inside an ACS-off switch, or without translation', () => {
    expectFindings('DMA001', `${HOST}  map ssd -> data write\n}\nflow load { from h.ssd to h.data size 4 MiB }\nflow peer { from h.ssd to h.vram size 4 MiB via p2p }`);
    expectFindings('DMA001', `${HOST.replace('mode strict', 'mode identity')}}\nflow load { from h.ssd to h.data size 4 MiB }`);
  });
});
