import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectFindings } from '../helpers';

type FixData = { fix: { edits: Array<{ newText: string }> } };

const host = (iommu: string, device: string, body = ''): string =>
  `host h {\n  cpu c {}\n  memory m { size 16 GiB }\n  iommu i { ${iommu} }\n  nvme d { ${device} }\n  link c -- d : pcie gen4 x4\n${body}}\n`;
const SECRET = '  buffer keys { in m, size 4 KiB, pinned, sensitive }\n  map d -> keys read\n';

describe('SEC007 lazy IOTLB invalidation where it matters', () => {
  it('fires at mode lazy in front of an external device, with a fix to strict', () => {
    const [finding] = expectFindings('SEC007', host('⟦mode lazy⟧', 'iommu i, external'));
    assert.equal(finding!.severity, 'warning');
    assert.match(finding!.message, /^iommu 'i' is lazy in front of nvme 'd' \(external\): after an unmap, nvme 'd' can still read and write the freed pages of host h's memory until the deferred IOTLB flush; set mode strict on 'i'$/);
    assert.deepEqual((finding!.data as FixData).fix.edits.map((e) => e.newText), ['strict']);
  });
  it('fires when a sensitive buffer is mapped, even for a trusted device', () => {
    const [finding] = expectFindings('SEC007', host('⟦mode lazy⟧', 'iommu i', SECRET));
    assert.match(finding!.message, /is lazy and maps sensitive buffer 'keys' for nvme 'd'.*secrets included/);
    assert.equal(finding!.related?.[0]?.message, "sensitive buffer 'keys' mapped for nvme 'd'");
  });
  it('does not fire for trusted devices mapping ordinary buffers, nor under strict', () => {
    expectFindings('SEC007', host('mode lazy', 'iommu i', '  buffer data { in m, size 4 KiB, pinned }\n  map d -> data read\n'));
    expectFindings('SEC007', host('mode strict', 'iommu i, external', SECRET));
  });
});
