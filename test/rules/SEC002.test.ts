import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectFindings } from '../helpers';

type FixData = { fix: { title: string; edits: Array<{ span: { start: number; end: number }; newText: string }> } };

const host = (iommu: string, extra = ''): string =>
  `host hv {\n  cpu c {}\n  memory m { size 64 GiB }\n  iommu vtd { ${iommu} }\n  nic vnic { iommu vtd }\n  gpu g { iommu vtd }\n  link c -- vnic : pcie gen4 x8\n  link c -- g : pcie gen4 x16\n${extra}}\n`;

describe('SEC002 a device passed through to a vm behind an identity-mode IOMMU', () => {
  it('fires at the iommu\'s mode, naming the device, the vm, the memory at risk and the fix', () => {
    const [finding] = expectFindings('SEC002', host('⟦mode identity⟧', '  vm tenant { passthrough vnic, memory 8 GiB }\n'));
    assert.equal(finding!.severity, 'error');
    assert.match(finding!.message, /^nic 'vnic' is passed through to vm 'tenant' but iommu 'vtd' is in identity mode.*all of host hv's memory.*set mode strict on 'vtd'$/);
    assert.deepEqual(finding!.related?.map((r) => r.message), ["nic 'vnic', behind iommu 'vtd'", "vm 'tenant' (passthrough vnic)"]);
  });
  it('offers mode strict in place of identity', () => {
    const [finding] = expectFindings('SEC002', host('⟦mode identity⟧', '  vm tenant { passthrough vnic }\n'));
    const { fix } = finding!.data as FixData;
    assert.equal(fix.title, "Set mode strict on 'vtd'");
    assert.deepEqual(fix.edits.map((e) => e.newText), ['strict']);
    const text = host('mode identity', '  vm tenant { passthrough vnic }\n');
    assert.equal(text.slice(fix.edits[0]!.span.start, fix.edits[0]!.span.end), 'identity');
  });
  it('reports one finding per iommu, naming every passed-through device', () => {
    const [finding] = expectFindings('SEC002', host('⟦mode identity⟧', '  vm a { passthrough vnic }\n  vm b { passthrough g }\n'));
    assert.match(finding!.message, /^nic 'vnic' \(vm 'a'\) and gpu 'g' \(vm 'b'\) are passed through/);
  });
  it('does not fire for a translating iommu, nor for identity with no vm (SEC016 territory)', () => {
    expectFindings('SEC002', host('mode strict', '  vm tenant { passthrough vnic }\n'));
    expectFindings('SEC002', host('mode lazy', '  vm tenant { passthrough vnic }\n'));
    expectFindings('SEC002', host('mode identity'));
  });
  it('reports a template item once, naming the hosts', () => {
    const [finding] = expectFindings('SEC002', `template t {\n  cpu c {}\n  iommu i { ⟦mode identity⟧ }\n  nic n { iommu i }\n  link c -- n : pcie gen4 x8\n  vm v { passthrough n }\n}\nhost k[0..1] : t {}\n`);
    assert.match(finding!.message, /\(hosts k0, k1\)$/);
  });
});
