import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectFindings } from '../helpers';

type FixData = { fix: { edits: Array<{ newText: string }> } };

const host = (acs: string, vms: string, nested = false): string => `host hv {
  cpu c {}
  iommu i { mode strict }
  switch sw { ${acs} }
  switch inner { acs on }
  nvme ssd { iommu i }
  gpu g { iommu i }
  nic n { iommu i }
  link c -- sw : pcie gen4 x16
  link sw -- ssd : pcie gen4 x4
  link ${nested ? 'inner' : 'sw'} -- g : pcie gen4 x16
  link sw -- inner : pcie gen4 x16
  link c -- n : pcie gen4 x8
${vms}}
`;

describe('SEC004 devices of different owners in one IOMMU group', () => {
  it('fires at the switch\'s acs off when the host and a vm share it, with a fix to acs on', () => {
    const [finding] = expectFindings('SEC004', host('⟦acs off⟧', '  vm v { passthrough g }\n'));
    assert.equal(finding!.severity, 'error');
    assert.match(finding!.message, /^switch 'sw' has acs off, so nvme 'ssd' \(host hv\) and gpu 'g' \(vm v\) share one IOMMU group: .*never reaches the IOMMU.*set acs on 'sw', or give the whole group to one owner$/);
    assert.deepEqual((finding!.data as FixData).fix.edits.map((e) => e.newText), ['on']);
    assert.deepEqual(finding!.related?.map((r) => r.message), ["nvme 'ssd', owned by host hv", "gpu 'g', owned by vm v", "vm 'v' (passthrough g)"]);
  });
  it('fires for two vms, and for a device below an ACS-on switch under the ACS-off one', () => {
    expectFindings('SEC004', host('⟦acs off⟧', '  vm a { passthrough ssd }\n  vm b { passthrough g }\n'));
    expectFindings('SEC004', host('⟦acs off⟧', '  vm v { passthrough g }\n', true));
  });
  it('does not fire when one owner holds the group, with ACS on, or when the other owner\'s device is outside the switch', () => {
    expectFindings('SEC004', host('acs off', ''));
    expectFindings('SEC004', host('acs off', '  vm v { passthrough ssd, g }\n'));
    expectFindings('SEC004', host('acs on', '  vm v { passthrough g }\n'));
    expectFindings('SEC004', host('acs off', '  vm v { passthrough n }\n'));
  });
});
