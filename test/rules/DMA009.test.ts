import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../server/src/model/index';
import { checkText } from '../../server/src/analysis/snapshot';
import { type Fix } from '../../server/src/rules/index';
import { expectFindings, unmark } from '../helpers';

const SERVERS = (mr: string, extra = ''): string => `template s {
  cpu c {}
  memory m { size 8 GiB }
  nic n { rdma }
  nic n2 { rdma }
  gpu g { memory 16 GiB }
  switch sw { acs off }
  link sw -- c : pcie gen4 x16
  link n -- sw : pcie gen4 x16
  link n2 -- c : pcie gen4 x16
  link g -- sw : pcie gen4 x16
  buffer tx { in m, size 1 MiB, pinned }
  buffer rx { in m, size 1 MiB, pinned }
  buffer halo { in g, size 1 MiB }
  ${mr}
  ${extra}
}
host a : s {}
host b : s {}
link a.n -- b.n : infiniband 200 Gb/s
`;

function fixed(marked: string, finding: Diagnostic): string {
  const { text } = unmark(marked);
  const edits = [...(finding.data as { fix: Fix }).fix.edits].sort((a, b) => b.span.start - a.span.start);
  return edits.reduce((out, e) => out.slice(0, e.span.start) + e.newText + out.slice(e.span.end), text);
}

describe('DMA009 a registration that does not let the peer write', () => {
  it('fires on an rdma flow into a buffer whose mr lacks remote_write; the fix adds local_write and remote_write', () => {
    const marked = `${SERVERS('mr reg { buffer rx, nic n, access remote_read }')}flow ⟦ping⟧ { from a.tx to b.rx size 1 MiB via rdma }`;
    const [finding] = expectFindings('DMA009', marked);
    assert.equal(finding!.severity, 'error');
    assert.equal(
      finding!.message,
      "flow 'ping' has nic b.n write b.rx for a remote peer, but mr 'reg' registers it with remote_read only: the remote write fails with an access error and the connection breaks; add remote_write to the mr's access",
    );
    assert.deepEqual(finding!.related?.map((r) => r.message), ["mr 'reg' of host b: access remote_read", 'its access list', "buffer 'rx'"]);
    const after = fixed(marked, finding!);
    assert.match(after, /mr reg \{ buffer rx, nic n, access remote_read, local_write, remote_write \}/);
    assert.equal(checkText(after).diagnostics.filter((d) => d.code === 'DMA009').length, 0);
  });
  it('adds only remote_write when local_write is there', () => {
    const marked = `${SERVERS('mr reg { buffer rx, nic n, access local_write }')}flow ⟦ping⟧ { from a.tx to b.rx size 1 MiB via rdma }`;
    const [finding] = expectFindings('DMA009', marked);
    assert.match(fixed(marked, finding!), /access local_write, remote_write \}/);
  });
  it('with no access written (remote_read by default), the fix keeps remote_read', () => {
    const marked = `${SERVERS('mr reg { buffer halo, nic n }')}flow ⟦halo⟧ { from a.halo to b.halo size 1 MiB via gpudirect }`;
    const [finding] = expectFindings('DMA009', marked);
    assert.match(fixed(marked, finding!), /mr reg \{ buffer halo, nic n, access remote_read, local_write, remote_write \}/);
  });
  it('does not fire with remote_write, with no mr (one is implied), for an mr of another NIC, or off rdma paths', () => {
    expectFindings('DMA009', `${SERVERS('mr reg { buffer rx, nic n, access local_write, remote_write }')}flow ping { from a.tx to b.rx size 1 MiB via rdma }`);
    expectFindings('DMA009', `${SERVERS('')}flow ping { from a.tx to b.rx size 1 MiB via rdma }`);
    expectFindings('DMA009', `${SERVERS('mr reg { buffer rx, nic n2, access remote_read }')}flow ping { from a.tx to b.rx size 1 MiB via rdma }`);
    expectFindings('DMA009', `${SERVERS('mr reg { buffer rx, nic n, access remote_read }')}flow ping { from a.tx to b.rx size 1 MiB via kernel }`);
  });
  it('is satisfied by any mr of that NIC on the buffer that grants remote_write', () => {
    expectFindings('DMA009', `${SERVERS('mr r1 { buffer rx, nic n, access remote_read }', 'mr r2 { buffer rx, nic n, access local_write, remote_write }')}flow ping { from a.tx to b.rx size 1 MiB via rdma }`);
  });
});
