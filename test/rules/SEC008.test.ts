import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectFindings } from '../helpers';

type FixData = { fix: { title: string; edits: Array<{ newText: string }> } };

const host = (iommu: string, device: string, buffer: string): string =>
  `host h {\n  cpu c {}\n  memory m { size 16 GiB }\n  iommu i { ${iommu} }\n  nic n { ${device} }\n  link c -- n : pcie gen4 x8\n  buffer rx { in m, ${buffer}, pinned }\n  map n -> rx write\n}\n`;

describe('SEC008 sub-page exposure to an untrusted device', () => {
  it('fires at the unaligned size, naming the buffer, the device, the page and the fix', () => {
    const [finding] = expectFindings('SEC008', host('mode strict, swiotlb off', 'iommu i, untrusted', '⟦size 1500 B⟧'));
    assert.equal(finding!.severity, 'warning');
    assert.match(finding!.message, /^buffer 'rx' is 1500 B, not a whole number of pages, and it is mapped to nic 'n' \(untrusted\) through iommu 'i' \(4 KiB pages, swiotlb off\): .*host h's memory.*; page-align the buffer, or set swiotlb on$/);
    const { fix } = finding!.data as FixData;
    assert.equal(fix.title, "Set swiotlb on on 'i'");
    assert.deepEqual(fix.edits.map((e) => e.newText), ['on']);
  });
  it('fires at an unaligned offset, against the iommu\'s own page size', () => {
    const [finding] = expectFindings('SEC008', host('page 64 KiB, swiotlb off', 'iommu i, external', 'size 64 KiB, ⟦offset 4 KiB⟧'));
    assert.match(finding!.message, /starts 4 KiB into a page.*\(64 KiB pages, swiotlb off\)/);
  });
  it('does not fire for aligned buffers, with swiotlb on, for trusted devices, or without translation', () => {
    expectFindings('SEC008', host('swiotlb off', 'iommu i, untrusted', 'size 8 KiB'));
    expectFindings('SEC008', host('swiotlb on', 'iommu i, untrusted', 'size 1500 B'));
    expectFindings('SEC008', host('swiotlb off', 'iommu i', 'size 1500 B'));
    expectFindings('SEC008', host('mode identity, swiotlb off', 'iommu i, untrusted', 'size 1500 B'));
  });
});
