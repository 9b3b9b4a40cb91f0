// Every construct of the contract parses and resolves to the expected model.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BASE_HOST, expectClean } from './helpers';

const GiB = 2 ** 30;
const MiB = 2 ** 20;

describe('model: constructs of language.md', () => {
  it('reads the topology title with escapes', () => {
    const { model } = expectClean('topology "lab \\"A\\" \\\\ rack"\n');
    assert.equal(model.title, 'lab "A" \\ rack');
  });

  it('resolves a host with every item kind and applies defaults', () => {
    const { model } = expectClean(BASE_HOST);
    const alpha = model.hosts.get('alpha')!;
    assert.deepEqual(alpha.cpus.map((c) => c.id), ['alpha.s0', 'alpha.s1']);
    const s0 = alpha.cpus[0]!;
    assert.equal(s0.cores, 32);
    assert.equal(s0.interconnectBytesPerSecond, 40e9, 'default interconnect 40 GB/s');
    assert.equal(s0.vendor, 'intel', 'default vendor');
    assert.equal(s0.stackBytesPerSecond, 5e9, 'default stack 5 GB/s');
    const ram1 = alpha.memories[1]!;
    assert.equal(ram1.sizeBytes, 256 * GiB);
    assert.equal(ram1.bandwidthBytesPerSecond, 100e9, 'default memory bandwidth');
    assert.equal(ram1.cpu, alpha.cpus[1]);
    const mmu = alpha.iommus[0]!;
    assert.deepEqual(
      [mmu.mode, mmu.pageBytes, mmu.boot, mmu.interruptRemapping, mmu.swiotlb],
      ['strict', 4096, 'early', true, true],
    );
    assert.equal(alpha.switches[0]!.acs, false);
    const gpu = alpha.devices.find((d) => d.name === 'gpu0')!;
    assert.equal(gpu.deviceKind, 'gpu');
    assert.equal(gpu.iommu, mmu);
    assert.equal(gpu.memoryBytes, 80 * GiB);
    assert.equal(gpu.arch, 90);
    const halo = alpha.buffers.find((b) => b.name === 'halo')!;
    assert.equal(halo.location, gpu);
    assert.equal(halo.pinned, true, 'a buffer in device memory is always resident');
    assert.equal(halo.count, 1);
    assert.equal(halo.layout, 'contiguous');
    assert.deepEqual(alpha.maps.map((m) => [m.device?.name, m.buffer?.name, m.access]), [
      ['nic0', 'halo', 'rw'],
      ['nic0', 'host_buf', 'rw'],
    ]);
  });

  it('builds the PCIe tree and link ids from the links', () => {
    const { model } = expectClean(BASE_HOST);
    const alpha = model.hosts.get('alpha')!;
    assert.deepEqual(alpha.links.map((l) => l.id), ['alpha.s0--alpha.sw0', 'alpha.sw0--alpha.gpu0', 'alpha.sw0--alpha.nic0']);
    const link = alpha.links[1]!;
    assert.deepEqual(link.pcie, { generation: 4, lanes: 16, mpsBytes: 256 });
    const gpu = alpha.entities.get('gpu0')!;
    const sw0 = alpha.entities.get('sw0')!;
    assert.equal(alpha.upstream.get(gpu as never)?.parent, sw0);
    assert.equal(alpha.upstream.get(sw0 as never)?.parent, alpha.cpus[0]);
  });

  it('reads every device property', () => {
    const { model } = expectClean(`host h {
  cpu c {}
  iommu m {}
  nic n { iommu m, rdma, sg, external, ats, sva, rate 12 GB/s }
  nvme d { read 7 GB/s, write 5_000 MB/s, untrusted }
  fpga f { memory 16 GiB, bandwidth 460 GB/s }
  camera cam {}
  dma eng { rate 20 GB/s }
  link c -- n : pcie gen5 x16 mps 512 B
  link c -- d : pcie gen4 x4
  link c -- f : pcie gen3 x8 mps 128 B
  link c -- cam : bus 2 GB/s latency 2 us
  link c -- eng : pcie gen4 x8
}`);
    const h = model.hosts.get('h')!;
    const get = (name: string) => h.devices.find((d) => d.name === name)!;
    const nic = get('n');
    assert.deepEqual([nic.rdma, nic.sg, nic.external, nic.untrusted, nic.ats, nic.sva], [true, true, true, true, true, true]);
    assert.equal(nic.engineBytesPerSecond, 12e9);
    assert.deepEqual([get('d').readBytesPerSecond, get('d').writeBytesPerSecond, get('d').untrusted, get('d').external], [7e9, 5e9, true, false]);
    assert.deepEqual([get('f').memoryBytes, get('f').bandwidthBytesPerSecond], [16 * GiB, 460e9]);
    assert.equal(get('eng').deviceKind, 'dma');
    assert.equal(get('cam').deviceKind, 'camera');
    const bus = h.links.find((l) => l.linkKind === 'bus')!;
    assert.deepEqual([bus.rateBytesPerSecond, bus.latencySeconds], [2e9, 2e-6]);
    assert.deepEqual(h.links.map((l) => l.pcie?.mpsBytes), [512, 256, 128, undefined, 256]);
  });

  it('reads buffers, registrations and virtual machines', () => {
    const { model } = expectClean(`host h {
  cpu c {}
  memory ram { size 64 GiB, bandwidth 200 GB/s, kernel }
  nic n { rdma }
  link c -- n : pcie gen4 x16
  buffer ring { in ram, size 8 MiB, count 8, pinned, layout scattered 64 KiB, offset 512 B, sensitive }
  buffer user { in ram, size 1 GiB, pageable, layout scattered }
  mr reg { buffer ring, nic n, access local_write, remote_read, remote_write, remote_atomic }
  mr plain { buffer user, nic n }
  vm guest { passthrough n, memory 4 GiB }
}`);
    const h = model.hosts.get('h')!;
    assert.equal(h.memories[0]!.kernel, true);
    const [ring, user] = h.buffers;
    assert.deepEqual(
      [ring!.sizeBytes, ring!.count, ring!.pinned, ring!.layout, ring!.scatterPageBytes, ring!.offsetBytes, ring!.sensitive],
      [8 * MiB, 8, true, 'scattered', 64 * 1024, 512, true],
    );
    assert.deepEqual([user!.pinned, user!.layout, user!.scatterPageBytes], [false, 'scattered', 4096]);
    assert.deepEqual(h.mrs[0]!.access, ['local_write', 'remote_read', 'remote_write', 'remote_atomic']);
    assert.equal(h.mrs[0]!.buffer, ring);
    assert.equal(h.mrs[0]!.nic, h.devices[0]);
    assert.deepEqual(h.mrs[1]!.access, ['remote_read'], 'default access');
    assert.deepEqual(h.vms[0]!.passthrough.map((d) => d.name), ['n']);
    assert.equal(h.vms[0]!.memoryBytes, 4 * GiB);
  });

  it('expands templates and host ranges, and joins NICs by links and networks', () => {
    const { model } = expectClean(`template node {
  cpu s0 {}
  nic nic0 { rdma }
  link s0 -- nic0 : pcie gen4 x16
}
host n[0..3] : node {}
host solo : node { nic nic1 {} link s0 -- nic1 : pcie gen3 x8 }
network ib { kind infiniband, rate 200 Gb/s, attach n[0..3].nic0, solo.nic1 }
network eth { kind ethernet rate 100 Gbps latency 5 us attach n0.nic0 }
link n0.nic0 -- solo.nic0 : infiniband 200 Gb/s latency 1 us mtu 2048 B
`);
    assert.deepEqual([...model.hosts.keys()], ['n0', 'n1', 'n2', 'n3', 'solo']);
    assert.equal(model.hosts.get('n2')!.template, 'node');
    assert.deepEqual(model.hosts.get('solo')!.devices.map((d) => d.id), ['solo.nic0', 'solo.nic1']);
    const ib = model.networks.get('ib')!;
    assert.deepEqual(ib.ports.map((p) => p.id), ['n0.nic0', 'n1.nic0', 'n2.nic0', 'n3.nic0', 'solo.nic1']);
    assert.deepEqual([ib.networkKind, ib.rateBytesPerSecond, ib.latencySeconds, ib.mtuBytes], ['infiniband', 25e9, 1e-6, 4096]);
    const eth = model.networks.get('eth')!;
    assert.deepEqual([eth.rateBytesPerSecond, eth.latencySeconds, eth.mtuBytes], [12.5e9, 5e-6, 1500]);
    const link = model.links[0]!;
    assert.deepEqual([link.id, link.linkKind, link.rateBytesPerSecond, link.latencySeconds, link.mtuBytes], [
      'n0.nic0--solo.nic0', 'infiniband', 25e9, 1e-6, 2048,
    ]);
  });

  it('reads every flow property, with defaults', () => {
    const text = `${BASE_HOST}
host beta {
  cpu s0 {}
  memory ram { size 64 GiB }
  nic nic0 { rdma }
  nvme ssd { read 7 GB/s }
  dma eng {}
  link s0 -- nic0 : pcie gen4 x16
  link s0 -- ssd : pcie gen4 x4
  link s0 -- eng : pcie gen4 x4
  buffer bounce { in ram, size 16 MiB, pinned }
  buffer dst { in ram, size 64 MiB, pinned, count 4 }
  buffer src { in ram, size 64 MiB, pinned }
}
flow halo { from alpha.halo; to beta.dst; size 64 MiB; via staged; bounce alpha.host_buf, beta.bounce; chunk 4 MiB; group g1 }
flow frames { from beta.ssd to beta.dst size 8 MiB rate 60 fps consume 12 ms cache 30 % }
flow demand { from beta.src to beta.dst size 1 MiB rate 2 GB/s via dma engine beta.eng }
flow tick { from beta.src to beta.dst size 1 MiB every 10 ms engine beta.eng pattern strided stride 64 B element 8 B }
`;
    const { model } = expectClean(text);
    const halo = model.flows.get('halo')!;
    assert.equal(halo.from?.id, 'alpha.halo');
    assert.equal(halo.to?.id, 'beta.dst');
    assert.deepEqual([halo.sizeBytes, halo.via, halo.chunkBytes, halo.group], [64 * MiB, 'staged', 4 * MiB, 'g1']);
    assert.deepEqual(halo.bounce.map((b) => b.id), ['alpha.host_buf', 'beta.bounce']);
    const frames = model.flows.get('frames')!;
    assert.equal(frames.from?.kind, 'device');
    assert.deepEqual([frames.frequencyHz, frames.consumeSeconds, frames.cacheRatio, frames.group, frames.chunkBytes, frames.pattern], [
      60, 0.012, 0.3, 'default', MiB, 'contiguous',
    ]);
    assert.equal(frames.via, undefined);
    const demand = model.flows.get('demand')!;
    assert.deepEqual([demand.demandBytesPerSecond, demand.frequencyHz, demand.engine?.id], [2e9, undefined, 'beta.eng']);
    const tick = model.flows.get('tick')!;
    assert.deepEqual([tick.everySeconds, tick.pattern, tick.strideBytes, tick.elementBytes], [0.01, 'strided', 64, 8]);
  });

  it('treats keywords as names where a name is expected', () => {
    const { model } = expectClean(`host memory {
  cpu cpu {}
  memory staged { size 1 GiB }
  nic node { rdma }
  link cpu -- node : pcie gen4 x8
  buffer bounce { in staged, size 1 MiB, pinned }
  buffer s { in staged, size 1 MiB, pinned }
  map node -> bounce rw
}
flow flow { from memory.bounce to memory.s size 1 MiB engine memory.node }
`);
    assert.deepEqual([...model.hosts.get('memory')!.entities.keys()], ['cpu', 'staged', 'node', 'bounce', 's']);
    assert.equal(model.flows.get('flow')!.from?.id, 'memory.bounce');
  });

  it('accepts separators after any property or item, trailing ones included', () => {
    const { model } = expectClean(`host h { cpu c { cores 4; vendor arm, }; memory m { size 1 GiB, }, ; dma d {}; link c -- d : pcie gen4 x4;
  buffer b { in m; size 1 MiB; pinned; }; buffer e { in m, size 1 MiB, pinned, }, };
flow f { from h.b; to h.e, size 1 B,; engine h.d; };`);
    assert.equal(model.hosts.get('h')!.cpus[0]!.vendor, 'arm');
    assert.equal(model.flows.get('f')!.sizeBytes, 1);
  });

  it('lets a list end where the next property begins', () => {
    const { model } = expectClean(`host h {
  cpu c {}
  nic a {}
  nic b {}
  link c -- a : pcie gen4 x4
  link c -- b : pcie gen4 x4
  vm v { passthrough a, memory 4 GiB }
  vm w { passthrough a, b }
}`);
    const [v, w] = model.hosts.get('h')!.vms;
    assert.deepEqual([v!.passthrough.map((d) => d.name), v!.memoryBytes], [['a'], 4 * GiB]);
    assert.deepEqual(w!.passthrough.map((d) => d.name), ['a', 'b']);
  });

  it('ignores declaration order', () => {
    const { model } = expectClean(`flow f { from h.a to h.b size 1 MiB engine h.e }
host h {
  buffer a { in m, size 1 MiB, pinned }
  link c -- e : pcie gen4 x4
  buffer b { in m, size 1 MiB, pinned }
  memory m { size 1 GiB }
  dma e {}
  cpu c {}
}`);
    assert.equal(model.flows.get('f')!.engine?.id, 'h.e');
  });
});
