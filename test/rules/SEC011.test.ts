import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../server/src/model/index';
import { checkText } from '../../server/src/analysis/snapshot';
import { expectFindings, unmark } from '../helpers';

const HOST = `host h {
  cpu c {}
  memory ram { size 16 GiB }
  iommu i { mode strict }
  nic n { iommu i }
  nvme ssd { iommu i }
  link c -- n : pcie gen4 x8
  link c -- ssd : pcie gen4 x4
  buffer tx { in ram, size 1 MiB, pinned }
  buffer data { in ram, size 4 MiB, pinned }
`;

/** The text after the finding's quick fix. */
function fixed(marked: string, finding: Diagnostic): string {
  const { edits } = (finding.data as { fix: { edits: Array<{ span: { start: number; end: number }; newText: string }> } }).fix;
  let text = unmark(marked).text;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start)) text = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
  return text;
}

describe('SEC011 a map that grants more than the flows need', () => {
  it('warns on a rw map that every flow only reads, and narrows it to read', () => {
    const marked = `${HOST}  ⟦map n -> tx rw⟧\n}\nflow send { from h.tx to h.n size 1 MiB }`;
    const [finding] = expectFindings('SEC011', marked);
    assert.equal(finding!.severity, 'warning');
    assert.match(finding!.message, /'map n -> tx rw' also lets nic 'n' overwrite buffer 'tx', but every flow through it \(send\) only reads it; narrow the map to read/);
    assert.deepEqual(finding!.related?.map((r) => r.message), ["nic 'n'", "buffer 'tx'", "flow 'send' reads it"]);
    const after = fixed(marked, finding!);
    assert.match(after, /map n -> tx read\n/);
    assert.equal(checkText(after).diagnostics.length, 0);
  });
  it('warns on a rw map that every flow only writes, and narrows it to write', () => {
    const marked = `${HOST}  ⟦map ssd -> data rw⟧\n}\nflow load { from h.ssd to h.data size 4 MiB }\nflow again { from h.ssd to h.data size 1 MiB }`;
    const [finding] = expectFindings('SEC011', marked);
    assert.match(finding!.message, /also lets nvme 'ssd' read buffer 'data', but every flow through it \(load and again\) only writes it; narrow the map to write/);
    assert.match(fixed(marked, finding!), /map ssd -> data write\n/);
  });
  it('informs about a map no flow uses, with a fix that removes it', () => {
    const marked = `${HOST}  map n -> tx read\n  ⟦map ssd -> data write⟧\n}\nflow send { from h.tx to h.n size 1 MiB }`;
    const [finding] = expectFindings('SEC011', marked);
    assert.equal(finding!.severity, 'information');
    assert.match(finding!.message, /no flow has nvme 'ssd' write buffer 'data', yet this map lets it overwrite it; remove the map/);
    const after = fixed(marked, finding!);
    assert.doesNotMatch(after, /map ssd/);
    assert.equal(checkText(after).diagnostics.length, 0);
  });
  it('does not fire when both directions are used, or when the map is narrower than the use (that is DMA001)', () => {
    expectFindings('SEC011', `${HOST}  map n -> tx rw\n}\nflow send { from h.tx to h.n size 1 MiB }\nflow recv { from h.n to h.tx size 1 MiB }`);
    expectFindings('SEC011', `${HOST}  map n -> tx read\n}\nflow recv { from h.n to h.tx size 1 MiB }`);
  });
  it('counts the use of a map behind an identity iommu, and still reports one nobody uses', () => {
    const identity = HOST.replace('mode strict', 'mode identity');
    expectFindings('SEC011', `${identity}  map n -> tx read\n}\nflow send { from h.tx to h.n size 1 MiB }`);
    expectFindings('SEC011', `${identity}  ⟦map n -> tx read⟧\n}`);
  });
  it('leaves alone the maps a flow names when that flow could not be planned', () => {
    expectFindings('SEC011', `${HOST.replace('  link c -- ssd : pcie gen4 x4\n', '')}  map ssd -> data rw\n}\nflow load { from h.ssd to h.data size 4 MiB }`);
  });
  it('judges a template map over every host made from it', () => {
    const template = `template t {
  cpu c {}
  memory ram { size 16 GiB }
  iommu i {}
  nic n { iommu i, rdma }
  link c -- n : pcie gen4 x16
  buffer buf { in ram, size 4 KiB, pinned }
`;
    // a reads its own buffer, b writes its own: the one declaration needs rw.
    expectFindings('SEC011', `${template}  map n -> buf rw\n}\nhost a : t {}\nhost b : t {}\nlink a.n -- b.n : infiniband 200 Gb/s\nflow f { from a.buf to b.buf size 4 KiB via rdma }`);
    // Only reads, on any host: one warning at the template line, naming the hosts.
    const [warning] = expectFindings('SEC011', `${template}  ⟦map n -> buf rw⟧\n}\nhost a : t {}\nhost b : t {}\nlink a.n -- b.n : infiniband 200 Gb/s\nflow f { from a.buf to b.n size 4 KiB via rdma }\nflow g { from b.buf to a.n size 4 KiB via rdma }`);
    assert.match(warning!.message, /narrow the map to read \(hosts a, b\)$/);
    const [unused] = expectFindings('SEC011', `${template}  ⟦map n -> buf read⟧\n}\nhost k[0..2] : t {}`);
    assert.equal(unused!.severity, 'information');
    assert.match(unused!.message, /\(hosts k0, k1, k2\)$/);
  });
});
