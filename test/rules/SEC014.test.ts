import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../server/src/model/index';
import { checkText } from '../../server/src/analysis/snapshot';
import { expectFindings, unmark } from '../helpers';

const host = (device: string, extra = ''): string => `host h {
  cpu c {}
  memory ram { size 16 GiB }
  iommu i { mode strict }
  ${device}
  link c -- acc : pcie gen4 x8
  buffer input { in ram, size 64 MiB, pinned }
  buffer output { in ram, size 64 MiB, pinned }
${extra}}
`;

function fixed(marked: string, finding: Diagnostic): string {
  const { edits } = (finding.data as { fix: { edits: Array<{ span: { start: number; end: number }; newText: string }> } }).fix;
  let text = unmark(marked).text;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start)) text = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
  return text;
}

describe('SEC014 shared virtual addressing on an untrusted device', () => {
  it('fires on sva of an untrusted device, with a fix that replaces it by the maps its flows need', () => {
    const marked = `${host('fpga acc { iommu i, untrusted, ⟦sva⟧ }')}flow feed { from h.input to h.acc size 64 MiB }\nflow back { from h.acc to h.output size 64 MiB }\nflow again { from h.input to h.acc size 1 MiB }`;
    const [finding] = expectFindings('SEC014', marked);
    assert.equal(finding!.severity, 'warning');
    assert.match(finding!.message, /fpga 'acc' is untrusted and uses sva: it can read and write the whole address space of the process it serves on host h, not only its buffers; drop sva and give it explicit maps/);
    const after = fixed(marked, finding!);
    assert.match(after, /buffer input \{[^}]*\}\n  map acc -> input read\n/);
    assert.match(after, /buffer output \{[^}]*\}\n  map acc -> output write\n/);
    assert.equal(checkText(after).diagnostics.length, 0);
  });
  it('fires on an external device, and widens an existing map instead of adding one', () => {
    const marked = `${host('nvme acc { iommu i, ⟦sva⟧, external }', '  map acc -> input write\n')}flow feed { from h.input to h.acc size 64 MiB }\nflow back { from h.acc to h.input size 64 MiB }`;
    const [finding] = expectFindings('SEC014', marked);
    assert.match(finding!.message, /is external and uses sva/);
    const after = fixed(marked, finding!);
    assert.match(after, /map acc -> input rw\n/);
    assert.doesNotMatch(after, /sva/);
  });
  it('does not fire on sva of a trusted device, nor on an untrusted one without sva', () => {
    expectFindings('SEC014', `${host('dma acc { iommu i, sva }')}flow feed { from h.input to h.output size 64 MiB engine h.acc }`);
    expectFindings('SEC014', `${host('fpga acc { iommu i, untrusted }', '  map acc -> input read\n')}flow feed { from h.input to h.acc size 64 MiB }`);
  });
});
