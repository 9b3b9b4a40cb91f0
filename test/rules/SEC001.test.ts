import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectFindings } from '../helpers';

describe('SEC001 a DMA-capable device without IOMMU protection', () => {
  it('fires on a device with no iommu: an error when untrusted, a warning otherwise', () => {
    const [untrusted, trusted] = expectFindings('SEC001', 'host h {\n  cpu c {}\n  nic ⟦n⟧ { untrusted }\n  gpu ⟦g⟧ {}\n  link c -- n : pcie gen4 x4\n  link c -- g : pcie gen4 x16\n}');
    assert.equal(untrusted!.severity, 'error');
    assert.equal(trusted!.severity, 'warning');
    assert.match(untrusted!.message, /can read and write all of host h's memory/);
  });
  it('fires on a device behind an iommu that is off, with a quick fix to strict', () => {
    const [finding] = expectFindings('SEC001', 'host h {\n  cpu c {}\n  iommu i { mode off }\n  nic ⟦n⟧ { iommu i, external }\n  link c -- n : pcie gen4 x4\n}');
    assert.equal(finding!.severity, 'error');
    assert.deepEqual((finding!.data as { fix: { edits: Array<{ newText: string }> } }).fix.edits.map((e) => e.newText), ['strict']);
    assert.equal(finding!.related?.[0]?.message, "iommu 'i' (mode off)");
  });
  it('does not fire behind a translating or an identity iommu (those are SEC002/SEC003/SEC016)', () => {
    expectFindings('SEC001', 'host h {\n  cpu c {}\n  iommu i { mode strict }\n  iommu p { mode identity }\n  nic n { iommu i }\n  gpu g { iommu p }\n  link c -- n : pcie gen4 x4\n  link c -- g : pcie gen4 x16\n}');
  });
  it('reports a template device once, naming the hosts', () => {
    const [finding] = expectFindings('SEC001', 'template t {\n  cpu c {}\n  nic ⟦n⟧ {}\n  link c -- n : pcie gen4 x4\n}\nhost k[0..2] : t {}\n');
    assert.match(finding!.message, /\(hosts k0, k1, k2\)$/);
  });
});
