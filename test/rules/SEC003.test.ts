import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectFindings } from '../helpers';

type FixData = { fix: { edits: Array<{ newText: string }> } };

describe('SEC003 an identity-mode IOMMU in front of an external or untrusted device', () => {
  it('fires at the iommu\'s mode, naming every hostile device behind it', () => {
    const [finding] = expectFindings(
      'SEC003',
      'host h {\n  cpu c {}\n  iommu i { ⟦mode identity⟧, page 4 KiB }\n  nvme tb { iommu i, external }\n  fpga f { iommu i, untrusted }\n  link c -- tb : pcie gen3 x4\n  link c -- f : pcie gen4 x16\n}',
    );
    assert.equal(finding!.severity, 'error');
    assert.match(finding!.message, /^iommu 'i' is in identity mode, which translates nothing, in front of nvme 'tb' \(external\) and fpga 'f' \(untrusted\): they can read and write all of host h's memory, kernel included; set mode strict on 'i'$/);
    assert.equal(finding!.related?.length, 2);
    assert.deepEqual((finding!.data as FixData).fix.edits.map((e) => e.newText), ['strict']);
  });
  it('does not fire for trusted devices, for a device given to a vm (SEC002), or behind a strict iommu', () => {
    expectFindings('SEC003', 'host h {\n  cpu c {}\n  iommu i { mode identity }\n  gpu g { iommu i }\n  link c -- g : pcie gen4 x16\n}');
    expectFindings('SEC003', 'host h {\n  cpu c {}\n  iommu i { mode identity }\n  nic n { iommu i, untrusted }\n  link c -- n : pcie gen4 x8\n  vm v { passthrough n }\n}');
    expectFindings('SEC003', 'host h {\n  cpu c {}\n  iommu i { mode strict }\n  nvme tb { iommu i, external }\n  link c -- tb : pcie gen3 x4\n}');
  });
});
