import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectFindings } from '../helpers';

const host = (iommu: string, devices: string): string => `host h {
  cpu c {}
  memory ram { size 16 GiB }
  iommu p { ${iommu} }
  switch sw {}
  link c -- sw : pcie gen4 x16
${devices}}`;

const GPU_NIC = '  gpu g { iommu p }\n  nic n { iommu p, rdma }\n  link sw -- g : pcie gen4 x16\n  link sw -- n : pcie gen4 x16\n';

describe('SEC016 identity mode on an IOMMU of trusted devices', () => {
  it('informs about identity mode in front of trusted internal devices, with a fix to strict', () => {
    const [finding] = expectFindings('SEC016', host('⟦mode identity⟧', GPU_NIC));
    assert.equal(finding!.severity, 'information');
    assert.match(finding!.message, /iommu 'p' is in identity mode: gpu 'g' and nic 'n' can reach all of host h's memory untranslated, acceptable only while every one stays trusted; set mode strict where the throughput allows/);
    assert.deepEqual((finding!.data as { fix: { edits: Array<{ newText: string }> } }).fix.edits.map((e) => e.newText), ['strict']);
  });
  it('reports a template iommu once, naming the hosts', () => {
    const [finding] = expectFindings('SEC016', `template t {\n  cpu c {}\n  iommu p { ⟦mode identity⟧ }\n  gpu g { iommu p }\n  link c -- g : pcie gen4 x16\n}\nhost k[0..1] : t {}`);
    assert.match(finding!.message, /while it stays trusted; set mode strict where the throughput allows \(hosts k0, k1\)$/);
  });
  it('does not fire for untrusted devices (SEC003), a vm\'s device (SEC002), no devices, or another mode', () => {
    expectFindings('SEC016', host('mode identity', '  gpu g { iommu p }\n  nic n { iommu p, untrusted }\n  link sw -- g : pcie gen4 x16\n  link sw -- n : pcie gen4 x16\n'));
    expectFindings('SEC016', host('mode identity', `${GPU_NIC}  vm guest { passthrough n }\n`));
    expectFindings('SEC016', host('mode identity', ''));
    expectFindings('SEC016', host('mode strict', GPU_NIC));
  });
});
