import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectFindings } from '../helpers';

const host = (iommu: string, devices: string): string => `host h {
  cpu c {}
  memory ram { size 16 GiB }
  iommu i { ${iommu} }
${devices}}`;

const TB = '  nic tb { iommu i, external }\n  nic n { iommu i }\n  link c -- tb : pcie gen3 x4\n  link c -- n : pcie gen3 x4\n';

describe('SEC015 no bounce buffers for an untrusted device\'s mappings', () => {
  it('fires on swiotlb off in front of an external device, with a fix to swiotlb on', () => {
    const [finding] = expectFindings('SEC015', host('mode strict, page 16 KiB, ⟦swiotlb off⟧', TB));
    assert.equal(finding!.severity, 'warning');
    assert.match(finding!.message, /iommu 'i' has swiotlb off, so the mappings of external nic 'tb' cannot be bounced: an unaligned mapping exposes the rest of its 16 KiB IOMMU pages, and whatever of host h's memory shares them; set swiotlb on/);
    assert.deepEqual(finding!.related?.map((r) => r.message), ["nic 'tb' (external)"]);
    assert.deepEqual((finding!.data as { fix: { edits: Array<{ newText: string }> } }).fix.edits.map((e) => e.newText), ['on']);
  });
  it('fires for a lazy iommu and an untrusted device', () => {
    expectFindings('SEC015', host('mode lazy, ⟦swiotlb off⟧', '  gpu g { iommu i, untrusted }\n  link c -- g : pcie gen4 x16\n'));
  });
  it('does not fire with swiotlb on, with only trusted devices, or without translation', () => {
    expectFindings('SEC015', host('swiotlb on', TB));
    expectFindings('SEC015', host('swiotlb off', '  nic n { iommu i }\n  link c -- n : pcie gen3 x4\n'));
    expectFindings('SEC015', host('mode identity, swiotlb off', TB));
  });
});
