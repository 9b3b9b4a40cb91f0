import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectFindings } from '../helpers';

/** A NIC on a gen3 x8 link (about 6.62 GB/s usable) reading one pinned buffer. */
const HOST = `host h {
  cpu c {}
  memory m { size 64 GiB }
  nic n {}
  link n -- c : pcie gen3 x8
  buffer out { in m, size 64 MiB, pinned }
}
`;

describe('DMA005 a flow asks for more than its path carries', () => {
  it('fires on a byte demand above the path, naming the bottleneck', () => {
    const [finding] = expectFindings('DMA005', `${HOST}flow ⟦send⟧ { from h.out to h.n size 64 MiB rate 10 GB/s }`);
    assert.equal(finding!.severity, 'warning');
    assert.equal(
      finding!.message,
      "flow 'send' asks for 10 GB/s but its path carries only 6.62 GB/s (bottleneck: h.n--h.c): it cannot keep up and loses 33.8 % of its demand; lower the demand or widen h.n--h.c",
    );
    assert.equal(finding!.related?.[0]?.message, 'the demand: 10 GB/s');
  });
  it('fires on a frequency or a period whose bytes exceed the path', () => {
    expectFindings('DMA005', `${HOST}flow ⟦a⟧ { from h.out to h.n size 64 MiB rate 200 Hz }`);
    expectFindings('DMA005', `${HOST}flow ⟦b⟧ { from h.out to h.n size 64 MiB every 5 ms }`);
  });
  it('fires on flows that share a path in one group, not in separate groups', () => {
    expectFindings('DMA005', `${HOST}flow ⟦a⟧ { from h.out to h.n size 64 MiB rate 4 GB/s }\nflow ⟦b⟧ { from h.out to h.n size 64 MiB rate 4 GB/s }`);
    expectFindings('DMA005', `${HOST}flow a { from h.out to h.n size 64 MiB rate 4 GB/s group x }\nflow b { from h.out to h.n size 64 MiB rate 4 GB/s group y }`);
  });
  it('does not fire within the path\'s capacity, for an elastic flow, or for ring drops alone', () => {
    expectFindings('DMA005', `${HOST}flow send { from h.out to h.n size 64 MiB rate 6 GB/s }`);
    expectFindings('DMA005', `${HOST}flow send { from h.out to h.n size 64 MiB }`);
    expectFindings('DMA005', `${HOST}flow send { from h.out to h.n size 64 MiB rate 10 Hz consume 200 ms }`);
  });
  it('names a kernel stack that limits a socket flow', () => {
    const [finding] = expectFindings(
      'DMA005',
      `template s {
  cpu c { stack 1 GB/s }
  memory m { size 8 GiB }
  nic n {}
  link n -- c : pcie gen4 x16
  buffer tx { in m, size 1 MiB }
  buffer rx { in m, size 1 MiB }
}
host a : s {}
host b : s {}
link a.n -- b.n : ethernet 100 Gbps
flow ⟦ping⟧ { from a.tx to b.rx size 1 MiB rate 2 GB/s via kernel }`,
    );
    assert.match(finding!.message, /\(bottleneck: a\.c's kernel network stack\)/);
  });
});
