import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectFindings } from '../helpers';

const host = (iommu: string, devices: string): string => `host h {
  cpu c {}
  memory ram { size 16 GiB }
  iommu i { ${iommu} }
${devices}}`;

describe('SEC012 an external device behind an IOMMU that boots late', () => {
  it('fires on boot late, naming the external devices, with a fix to boot early', () => {
    const [finding] = expectFindings('SEC012', host('mode strict, ⟦boot late⟧', '  nvme tb { iommu i, external }\n  nic n { iommu i, external }\n  link c -- tb : pcie gen3 x4\n  link c -- n : pcie gen3 x4\n'));
    assert.equal(finding!.severity, 'warning');
    assert.match(finding!.message, /iommu 'i' boots late, so external nvme 'tb' and nic 'n' can DMA into any of host h's memory before the OS turns it on; set boot early/);
    assert.deepEqual(finding!.related?.map((r) => r.message), ["nvme 'tb' (external)", "nic 'n' (external)"]);
    assert.deepEqual((finding!.data as { fix: { edits: Array<{ newText: string }> } }).fix.edits.map((e) => e.newText), ['early']);
  });
  it('does not fire for boot early, for a late iommu with only internal or merely untrusted devices', () => {
    expectFindings('SEC012', host('boot early', '  nvme tb { iommu i, external }\n  link c -- tb : pcie gen3 x4\n'));
    expectFindings('SEC012', host('boot late', '  nvme tb { iommu i, untrusted }\n  nic n { iommu i }\n  link c -- tb : pcie gen3 x4\n  link c -- n : pcie gen3 x4\n'));
  });
  it('does not fire for an external device behind another iommu', () => {
    expectFindings('SEC012', `host h {\n  cpu c {}\n  iommu late { boot late }\n  iommu early {}\n  nic n { iommu late }\n  nvme tb { iommu early, external }\n  link c -- n : pcie gen3 x4\n  link c -- tb : pcie gen3 x4\n}`);
  });
});
