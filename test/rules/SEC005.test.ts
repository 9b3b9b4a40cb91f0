import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectFindings } from '../helpers';

type FixData = { fix: { title: string; edits: Array<{ newText: string }> } };

const host = (iommu: string, vm: string): string =>
  `host hv {\n  cpu c {}\n  iommu i { ${iommu} }\n  gpu g { iommu i }\n  link c -- g : pcie gen4 x16\n${vm}}\n`;

describe('SEC005 a device passed through to a vm without interrupt remapping', () => {
  it('fires at the iommu\'s intremap off, naming the device, the vm and the fix', () => {
    const [finding] = expectFindings('SEC005', host('mode strict, ⟦intremap off⟧', '  vm tenant { passthrough g }\n'));
    assert.equal(finding!.severity, 'error');
    assert.match(finding!.message, /^gpu 'g' is passed through to vm 'tenant' but iommu 'i' has intremap off: .*interrupts into host hv's kernel; set intremap on 'i'$/);
    const { fix } = finding!.data as FixData;
    assert.equal(fix.title, "Set intremap on on 'i'");
    assert.deepEqual(fix.edits.map((e) => e.newText), ['on']);
  });
  it('does not fire with intremap on (the default) or when the host keeps the device', () => {
    expectFindings('SEC005', host('mode strict', '  vm tenant { passthrough g }\n'));
    expectFindings('SEC005', host('intremap on', '  vm tenant { passthrough g }\n'));
    expectFindings('SEC005', host('intremap off', ''));
  });
});
