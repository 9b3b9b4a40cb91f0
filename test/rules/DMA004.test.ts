import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectFindings } from '../helpers';

/** Two sockets; the GPU under s0's switch, the NIC where `nicLink` puts it. */
const NODE = (nicLink: string, vendor = 'intel'): string => `template node {
  cpu s0 { vendor ${vendor} }
  cpu s1 { vendor ${vendor} }
  memory m0 { size 64 GiB, cpu s0 }
  memory m1 { size 64 GiB, cpu s1 }
  switch sw { acs on }
  gpu g { memory 80 GiB }
  nic n { rdma }
  link sw -- s0 : pcie gen4 x16
  link g -- sw : pcie gen4 x16
  ${nicLink}
  buffer halo { in g, size 16 MiB }
  buffer host_buf { in m0, size 16 MiB, pinned }
}
host a : node {}
host b : node {}
link a.n -- b.n : infiniband 200 Gb/s
`;

/** One host, two sockets (`vendor`), `gpus` GPUs; the NVMe and gpu0 where the links put them. */
const P2P = (links: string, vendor = 'intel', gpus = 1): string => `host h {
  cpu s0 { vendor ${vendor} }
  cpu s1 { vendor ${vendor} }
  memory m { size 64 GiB, cpu s0 }
  switch sw { acs off }
  nvme ssd {}
${Array.from({ length: gpus }, (_, i) => `  gpu gpu${i} { memory 80 GiB }\n`).join('')}  link sw -- s0 : pcie gen4 x16
${links}
${Array.from({ length: gpus - 1 }, (_, i) => `  link gpu${i + 1} -- sw : pcie gen4 x16\n`).join('')}  buffer w { in gpu0, size 1 GiB }
}
`;

describe('DMA004 GPUDirect or peer-to-peer across a root complex', () => {
  it('fires on a gpudirect flow whose GPU and NIC sit under different sockets, naming both sides', () => {
    const [finding] = expectFindings('DMA004', `${NODE('link n -- s1 : pcie gen4 x16')}flow ⟦halo⟧ { from a.halo to b.halo size 16 MiB via gpudirect }`);
    assert.equal(finding!.severity, 'warning');
    assert.equal(
      finding!.message,
      "flow 'halo' uses GPUDirect RDMA between a.g and a.n, which are SYS apart (across the socket interconnect), as are b.g and b.n (SYS): peer traffic there is slow or unsupported on many platforms and NCCL enables GPUDirect RDMA only up to PXB (a shared PCIe switch); put 'g' and 'n' under one PCIe switch, or use via staged",
    );
    assert.equal(finding!.related?.[0]?.message, 'via gpudirect');
  });
  it('fires at PHB: the NIC on a root port of the GPU\'s socket', () => {
    const [finding] = expectFindings('DMA004', `${NODE('link n -- s0 : pcie gen4 x16')}flow ⟦halo⟧ { from a.halo to b.halo size 16 MiB via gpudirect }`);
    assert.match(finding!.message, /PHB apart \(through the root complex\)/);
  });
  it('does not fire when GPU and NIC share the switch, nor for the host-memory end of a gpudirect flow', () => {
    expectFindings('DMA004', `${NODE('link n -- sw : pcie gen4 x16')}flow halo { from a.halo to b.halo size 16 MiB via gpudirect }\nflow mixed { from a.halo to b.host_buf size 16 MiB via gpudirect }`);
  });
  it('fires on p2p across sockets (SYS) and through one root complex (PHB)', () => {
    const sys = expectFindings('DMA004', `${P2P('  link ssd -- s1 : pcie gen4 x4\n  link gpu0 -- sw : pcie gen4 x16')}flow ⟦load⟧ { from h.ssd to h.w size 1 GiB via p2p }`);
    assert.match(sys[0]!.message, /^flow 'load' uses peer-to-peer DMA between h\.ssd and h\.gpu0, which are SYS apart/);
    expectFindings('DMA004', `${P2P('  link ssd -- s0 : pcie gen4 x4\n  link gpu0 -- sw : pcie gen4 x16')}flow ⟦load⟧ { from h.ssd to h.w size 1 GiB }`);
  });
  it('does not fire on p2p below one switch (PIX)', () => {
    expectFindings('DMA004', `${P2P('  link ssd -- sw : pcie gen4 x4\n  link gpu0 -- sw : pcie gen4 x16')}flow load { from h.ssd to h.w size 1 GiB via p2p }`);
  });
  it('allows p2p up to SYS on AMD CPUs with at most two GPUs, as NCCL does, but not with three', () => {
    const links = '  link ssd -- s1 : pcie gen4 x4\n  link gpu0 -- sw : pcie gen4 x16';
    expectFindings('DMA004', `${P2P(links, 'amd', 2)}flow load { from h.ssd to h.w size 1 GiB via p2p }`);
    expectFindings('DMA004', `${P2P(links, 'amd', 3)}flow ⟦load⟧ { from h.ssd to h.w size 1 GiB via p2p }`);
  });
  it('the AMD exception is for P2P only, not GPUDirect RDMA', () => {
    expectFindings('DMA004', `${NODE('link n -- s1 : pcie gen4 x16', 'amd')}flow ⟦halo⟧ { from a.halo to b.halo size 16 MiB via gpudirect }`);
  });
});
