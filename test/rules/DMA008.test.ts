import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Fix } from '../../server/src/rules/index';
import { expectFindings } from '../helpers';

const UPLOAD = (bounce: string, flowExtra = ''): string => `host h {
  cpu c {}
  memory m { size 64 GiB }
  gpu g { memory 80 GiB }
  link g -- c : pcie gen4 x16
  buffer src { in m, size 1 GiB }
  ${bounce}
  buffer dst { in g, size 1 GiB }
}
flow ⟦up⟧ { from h.src to h.dst size 1 GiB via staged ${flowExtra} }`;

const clean = (text: string): void => void expectFindings('DMA008', text.replaceAll('⟦', '').replaceAll('⟧', ''));

/** Two GPU nodes on one link; each may declare a bounce buffer. */
const CLUSTER = (bounceA: string, bounceB: string): string => `host a {
  cpu c {}
  memory m { size 64 GiB }
  gpu g { memory 80 GiB }
  nic n { rdma }
  link g -- c : pcie gen4 x16
  link n -- c : pcie gen4 x16
  buffer halo { in g, size 16 MiB }
  buffer host_buf { in m, size 16 MiB, pinned }
  ${bounceA}
}
host b {
  cpu c {}
  memory m { size 64 GiB }
  gpu g { memory 80 GiB }
  nic n { rdma }
  link g -- c : pcie gen4 x16
  link n -- c : pcie gen4 x16
  buffer halo { in g, size 16 MiB }
  ${bounceB}
}
link a.n -- b.n : infiniband 200 Gb/s
`;

describe('DMA008 pinned memory that cannot exist', () => {
  it('fires on the memory when the pinned buffers of a host exceed its memory', () => {
    const [finding] = expectFindings(
      'DMA008',
      `host h {
  cpu c {}
  memory ⟦m⟧ { size 16 GiB }
  buffer cache { in m, size 4 GiB, count 4, pinned }
  buffer staging { in m, size 2 GiB, pinned }
  buffer spare { in m, size 8 GiB }
}`,
    );
    assert.equal(finding!.severity, 'error');
    assert.equal(
      finding!.message,
      "host h pins 18 GiB of buffers but memory 'm' holds only 16 GiB: page-locked memory cannot be swapped out, so the pins fail or starve the OS; shrink the pinned buffers (the largest: 'cache', 16 GiB) or make the ones no device DMAs pageable",
    );
    assert.deepEqual(finding!.related?.map((r) => r.message), ["buffer 'cache': 16 GiB pinned (4 × 4 GiB)", "buffer 'staging': 2 GiB pinned"]);
  });
  it('sums every memory of the host and points at the one holding the most pinned bytes', () => {
    expectFindings(
      'DMA008',
      `host h {
  cpu c {}
  memory m0 { size 8 GiB }
  memory ⟦m1⟧ { size 8 GiB }
  buffer a { in m0, size 6 GiB, pinned }
  buffer b { in m1, size 12 GiB, pinned }
}`,
    );
  });
  it('does not count pageable buffers or buffers in device memory, and allows exactly the memory size', () => {
    expectFindings(
      'DMA008',
      `host h {
  cpu c {}
  memory m { size 16 GiB }
  gpu g { memory 80 GiB }
  link g -- c : pcie gen4 x16
  buffer pinned_all { in m, size 8 GiB, count 2, pinned }
  buffer swap { in m, size 64 GiB }
  buffer vram { in g, size 64 GiB }
}`,
    );
  });
  it('reports a template memory once, naming the hosts', () => {
    const [finding] = expectFindings('DMA008', 'template t {\n  cpu c {}\n  memory ⟦m⟧ { size 1 GiB }\n  buffer b { in m, size 2 GiB, pinned }\n}\nhost k[0..1] : t {}\n');
    assert.match(finding!.message, /^host k0 pins 2 GiB.*\(hosts k0, k1\)$/);
  });
  it('fires on a staged upload that lists no bounce buffer', () => {
    const [finding] = expectFindings('DMA008', UPLOAD(''));
    assert.equal(
      finding!.message,
      "staged flow 'up' lists no bounce buffer on host h: a staged path needs a pinned bounce buffer in host memory of at least one chunk (1 MiB, the default chunk) for its devices to DMA through; declare a pinned buffer of at least 1 MiB in h's memory and list it in bounce",
    );
  });
  it('fires on a bounce buffer slot smaller than a chunk, and accepts a smaller chunk', () => {
    const [finding] = expectFindings('DMA008', UPLOAD('buffer bounce { in m, size 256 KiB, count 8, pinned }', 'bounce h.bounce'));
    assert.match(finding!.message, /through 'bounce' of 256 KiB, smaller than one chunk.*make 'bounce' at least 1 MiB, or use a smaller chunk$/);
    clean(UPLOAD('buffer bounce { in m, size 256 KiB, count 8, pinned }', 'bounce h.bounce chunk 256 KiB'));
    clean(UPLOAD('buffer bounce { in m, size 1 MiB, pinned }', 'bounce h.bounce'));
  });
  it('fires on a pageable bounce buffer, with a fix that pins it', () => {
    const [finding] = expectFindings('DMA008', UPLOAD('buffer bounce { in m, size 1 MiB, pageable }', 'bounce h.bounce'));
    assert.match(finding!.message, /through 'bounce', which is pageable.*mark 'bounce' pinned$/);
    assert.deepEqual((finding!.data as { fix: Fix }).fix.edits.map((e) => e.newText), ['pinned']);
  });
  it('fires on a bounce buffer in device memory', () => {
    const [finding] = expectFindings('DMA008', UPLOAD('buffer bounce { in g, size 1 MiB }', 'bounce h.bounce'));
    assert.match(finding!.message, /which is not in host memory/);
  });
  it('accepts a whole transfer smaller than the default chunk', () => {
    clean(UPLOAD('buffer bounce { in m, size 64 KiB, pinned }', 'bounce h.bounce').replaceAll('size 1 GiB via', 'size 64 KiB via'));
  });
  it('between hosts, checks each side whose end is in GPU memory', () => {
    const bounce = 'buffer bounce { in m, size 4 MiB, count 2, pinned }';
    const [finding] = expectFindings('DMA008', `${CLUSTER(bounce, '')}flow ⟦halo⟧ { from a.halo to b.halo size 16 MiB via staged bounce a.bounce }`);
    assert.match(finding!.message, /lists no bounce buffer on host b/);
    clean(`${CLUSTER(bounce, bounce)}flow halo { from a.halo to b.halo size 16 MiB via staged bounce a.bounce, b.bounce }`);
    // A host-memory end is an ordinary DMA by the NIC: host a needs no bounce buffer.
    clean(`${CLUSTER('', bounce)}flow back { from a.host_buf to b.halo size 16 MiB via staged bounce b.bounce }`);
  });
});
