import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../server/src/model/index';
import { checkText } from '../../server/src/analysis/snapshot';
import { expectFindings, unmark } from '../helpers';

const CLIENT = `host client {
  cpu s0 {}
  memory ram { size 64 GiB }
  iommu mmu {}
  nic nic0 { iommu mmu, rdma }
  link s0 -- nic0 : pcie gen4 x16
  buffer req { in ram, size 4 KiB, pinned }
  buffer big { in ram, size 16 KiB, pinned }
  map nic0 -> req read
  map nic0 -> big read
}
link client.nic0 -- server.nic0 : infiniband 200 Gb/s
`;

const server = (items: string): string => `host server {
  cpu s0 {}
  memory ram { size 64 GiB }
  iommu mmu {}
  nic nic0 { iommu mmu, rdma }
  link s0 -- nic0 : pcie gen4 x16
${items}}
`;

function fixed(marked: string, finding: Diagnostic): string {
  const { edits } = (finding.data as { fix: { edits: Array<{ span: { start: number; end: number }; newText: string }> } }).fix;
  let text = unmark(marked).text;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start)) text = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
  return text;
}

const fixOf = (finding: Diagnostic | undefined): unknown => (finding?.data as { fix?: unknown } | undefined)?.fix;

describe('SEC013 an RDMA registration that exposes more than the exchange', () => {
  it('is an error on remote_write to a sensitive buffer, at the right; no fix while a flow needs it', () => {
    const marked = `${CLIENT}${server('  buffer session { in ram, size 4 KiB, pinned, sensitive }\n  map nic0 -> session write\n  mr reg { buffer session, nic nic0, access local_write, ⟦remote_write⟧ }\n')}flow f { from client.req to server.session size 4 KiB via rdma }`;
    const [finding] = expectFindings('SEC013', marked);
    assert.equal(finding!.severity, 'error');
    assert.match(finding!.message, /mr 'reg' grants remote_write on sensitive buffer 'session' through nic 'nic0': any remote peer holding its key can overwrite the secrets in it; register a dedicated buffer/);
    assert.equal(fixOf(finding), undefined);
  });
  it('removes the remote write rights no flow needs', () => {
    const marked = `${server('  buffer session { in ram, size 4 KiB, pinned, sensitive }\n  mr reg { buffer session, nic nic0, access ⟦remote_write⟧, remote_read, remote_atomic }\n')}`;
    const [finding] = expectFindings('SEC013', marked);
    assert.match(finding!.message, /grants remote_write and remote_atomic/);
    const after = fixed(marked, finding!);
    assert.match(after, /access remote_read }/);
    assert.ok(!checkText(after).diagnostics.some((d) => d.code === 'SEC013'));
  });
  it('keeps remote_write that a flow needs and removes only remote_atomic', () => {
    const marked = `${CLIENT}${server('  buffer session { in ram, size 4 KiB, pinned, sensitive }\n  map nic0 -> session write\n  mr reg { buffer session, nic nic0, access local_write, ⟦remote_write⟧, remote_atomic }\n')}flow f { from client.req to server.session size 4 KiB via rdma }`;
    const [finding] = expectFindings('SEC013', marked);
    assert.match(fixed(marked, finding!), /access local_write, remote_write }/);
  });
  it('warns when the registered buffer is larger than every transfer through it, with a fix that sizes it', () => {
    const marked = `${CLIENT}${server('  buffer pool { in ram, size 1 GiB, count 2, pinned }\n  map nic0 -> pool write\n  mr reg { ⟦buffer pool⟧, nic nic0, access local_write, remote_write }\n')}flow f { from client.req to server.pool size 4 KiB via rdma }\nflow g { from client.big to server.pool size 16 KiB via rdma }`;
    const [finding] = expectFindings('SEC013', marked);
    assert.equal(finding!.severity, 'warning');
    assert.match(finding!.message, /mr 'reg' registers all 1 GiB of buffer 'pool' with nic 'nic0', but the largest transfer through it is 16 KiB: remote peers can reach 1020 MiB beyond the exchange; size the buffer to the exchange \(16 KiB\)/);
    assert.deepEqual(finding!.related?.map((r) => r.message), ["buffer 'pool': 1 GiB per slot", "flow 'f' moves 4 KiB", "flow 'g' moves 16 KiB"]);
    const after = fixed(marked, finding!);
    assert.match(after, /buffer pool \{ in ram, size 16 KiB, count 2, pinned \}/);
    assert.equal(checkText(after).diagnostics.length, 0);
  });
  it('reports both at once, on their own spans', () => {
    expectFindings('SEC013', `${CLIENT}${server('  buffer keys { in ram, size 1 MiB, pinned, sensitive }\n  map nic0 -> keys write\n  mr reg { ⟦buffer keys⟧, nic nic0, access local_write, ⟦remote_write⟧ }\n')}flow f { from client.req to server.keys size 4 KiB via rdma }`);
  });
  it('offers no resize when another flow needs the buffer larger', () => {
    const marked = `${CLIENT}${server('  nvme ssd { iommu mmu }\n  link s0 -- ssd : pcie gen4 x4\n  buffer pool { in ram, size 1 MiB, pinned }\n  map nic0 -> pool write\n  map ssd -> pool read\n  mr reg { ⟦buffer pool⟧, nic nic0, access local_write, remote_write }\n')}flow f { from client.req to server.pool size 4 KiB via rdma }\nflow dump { from server.pool to server.ssd size 1 MiB }`;
    const [finding] = expectFindings('SEC013', marked);
    assert.equal(fixOf(finding), undefined);
  });
  it('does not fire for a buffer sized to the exchange, an unused mr, or remote_read on a sensitive buffer', () => {
    expectFindings('SEC013', `${CLIENT}${server('  buffer inbox { in ram, size 4 KiB, count 8, pinned }\n  map nic0 -> inbox write\n  mr reg { buffer inbox, nic nic0, access local_write, remote_write }\n')}flow f { from client.req to server.inbox size 4 KiB via rdma }`);
    expectFindings('SEC013', server('  buffer pool { in ram, size 1 GiB, pinned }\n  mr reg { buffer pool, nic nic0, access local_write, remote_write }\n'));
    expectFindings('SEC013', server('  buffer keys { in ram, size 4 KiB, pinned, sensitive }\n  mr reg { buffer keys, nic nic0, access remote_read }\n'));
  });
});
