import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectFindings, unmark } from '../helpers';

type FixData = { fix: { edits: Array<{ span: { start: number; end: number }; newText: string }> } };

/** The text after applying a finding's fix. */
function applied(marked: string, data: unknown): string {
  const { text } = unmark(marked);
  const edits = [...(data as FixData).fix.edits].sort((a, b) => b.span.start - a.span.start);
  return edits.reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);
}

const host = (device: string, vm = ''): string => `host h {\n  cpu c {}\n  iommu i { mode strict }\n  nic n { ${device} }\n  link c -- n : pcie gen4 x8\n${vm}}\n`;

describe('SEC006 ATS on an untrusted or passed-through device', () => {
  it('fires at ats on an untrusted device, naming it, the memory at risk and the fix', () => {
    const marked = host('iommu i, untrusted, ⟦ats⟧');
    const [finding] = expectFindings('SEC006', marked);
    assert.equal(finding!.severity, 'error');
    assert.match(finding!.message, /^nic 'n' has ats and is untrusted: .*iommu 'i' lets through unchecked to any of host h's memory; remove ats$/);
    assert.equal(applied(marked, finding!.data), host('iommu i, untrusted'));
  });
  it('fires on an external device and on one passed through to a vm; the fix removes ats with one separator', () => {
    const first = host('⟦ats⟧, iommu i, external');
    const [external] = expectFindings('SEC006', first);
    assert.match(external!.message, /is external/);
    assert.equal(applied(first, external!.data), host('iommu i, external'));
    const middle = host('iommu i, ⟦ats⟧; rdma', '  vm v { passthrough n }\n');
    const [passed] = expectFindings('SEC006', middle);
    assert.match(passed!.message, /is passed through to vm 'v'/);
    assert.equal(applied(middle, passed!.data), host('iommu i, rdma', '  vm v { passthrough n }\n'));
  });
  it('leaves a comment next to ats alone', () => {
    const marked = 'host h {\n  cpu c {}\n  iommu i { mode strict }\n  nic n {\n    iommu i // the host bridge\n    ⟦ats⟧ // caches translations\n    untrusted\n  }\n  link c -- n : pcie gen4 x8\n}\n';
    const [finding] = expectFindings('SEC006', marked);
    assert.match(applied(marked, finding!.data), /\/\/ the host bridge\n {4} \/\/ caches translations\n {4}untrusted/);
  });
  it('does not fire on a trusted device the host keeps, nor on an untrusted one without ats', () => {
    expectFindings('SEC006', host('iommu i, ats'));
    expectFindings('SEC006', host('iommu i, untrusted'));
  });
});
