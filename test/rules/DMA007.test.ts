import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../server/src/model/index';
import { checkText } from '../../server/src/analysis/snapshot';
import { type Fix } from '../../server/src/rules/index';
import { expectFindings, unmark } from '../helpers';

const PAIR = (nicA: string, nicB: string): string => `host a {
  cpu c {}
  memory m { size 8 GiB }
  ${nicA}
  gpu g { memory 16 GiB }
  switch sw { acs off }
  link sw -- c : pcie gen4 x16
  link n -- sw : pcie gen4 x16
  link g -- sw : pcie gen4 x16
  buffer tx { in m, size 1 MiB, pinned }
  buffer halo { in g, size 1 MiB }
}
host b {
  cpu c {}
  memory m { size 8 GiB }
  ${nicB}
  gpu g { memory 16 GiB }
  switch sw { acs off }
  link sw -- c : pcie gen4 x16
  link n -- sw : pcie gen4 x16
  link g -- sw : pcie gen4 x16
  buffer rx { in m, size 1 MiB, pinned }
  buffer halo { in g, size 1 MiB }
}
link a.n -- b.n : ethernet 100 Gbps
`;

function fixed(marked: string, finding: Diagnostic): string {
  const { text } = unmark(marked);
  const edits = [...(finding.data as { fix: Fix }).fix.edits].sort((a, b) => b.span.start - a.span.start);
  return edits.reduce((out, e) => out.slice(0, e.span.start) + e.newText + out.slice(e.span.end), text);
}

describe('DMA007 RDMA through a NIC without rdma', () => {
  it('fires on an rdma flow whose receiving NIC lacks rdma; the fix adds it', () => {
    const marked = `${PAIR('nic n { rdma }', 'nic n {}')}flow ⟦ping⟧ { from a.tx to b.rx size 1 MiB via rdma }`;
    const [finding] = expectFindings('DMA007', marked);
    assert.equal(finding!.severity, 'error');
    assert.equal(finding!.message, "flow 'ping' goes via rdma, but nic b.n lacks rdma: without RDMA verbs the NIC cannot read or write a.tx or b.rx directly; add rdma to 'n', or use via kernel");
    assert.deepEqual(finding!.related?.map((r) => r.message), ["nic 'n' of host b has no rdma", 'via rdma']);
    const after = fixed(marked, finding!);
    assert.match(after, /host b \{[\s\S]*nic n \{ rdma \}/);
    assert.equal(checkText(after).diagnostics.filter((d) => d.code === 'DMA007').length, 0);
  });
  it('fires on a gpudirect flow, naming both NICs and suggesting staged', () => {
    const [finding] = expectFindings('DMA007', `${PAIR('nic n {}', 'nic n {}')}flow ⟦halo⟧ { from a.halo to b.halo size 1 MiB via gpudirect }`);
    assert.match(finding!.message, /nics a\.n and b\.n lack rdma.*add rdma to both, or use via staged$/);
    assert.equal((finding!.data as { fix: Fix }).fix.edits.length, 2);
  });
  it('adds rdma once to a template NIC shared by both hosts', () => {
    const [finding] = expectFindings(
      'DMA007',
      `template s {
  cpu c {}
  memory m { size 8 GiB }
  nic n { }
  link n -- c : pcie gen4 x16
  buffer b { in m, size 1 MiB, pinned }
}
host x : s {}
host y : s {}
link x.n -- y.n : ethernet 100 Gbps
flow ⟦ping⟧ { from x.b to y.b size 1 MiB via rdma }`,
    );
    assert.equal((finding!.data as { fix: Fix }).fix.edits.length, 1);
  });
  it('does not fire when both NICs have rdma, for kernel or staged paths, or when the via is chosen', () => {
    expectFindings('DMA007', `${PAIR('nic n { rdma }', 'nic n { rdma }')}flow ping { from a.tx to b.rx size 1 MiB via rdma }\nflow halo { from a.halo to b.halo size 1 MiB via gpudirect }`);
    expectFindings('DMA007', `${PAIR('nic n {}', 'nic n {}')}flow ping { from a.tx to b.rx size 1 MiB via kernel }\nflow halo { from a.halo to b.halo size 1 MiB via staged }`);
    expectFindings('DMA007', `${PAIR('nic n { rdma }', 'nic n {}')}flow ping { from a.tx to b.rx size 1 MiB }`);
  });
});
