// The simulation through its entry point: capacities on the fabric, routes
// with ACS, path classes, via choice, sharing within groups.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../server/src/model/index';
import { Fabric } from '../server/src/sim/fabric';
import { simulate, type FlowResult } from '../server/src/sim/simulate';
import { expectClean } from './helpers';

const NODE = (name: string, acs: 'on' | 'off', nicUnder: 'sw0' | 's1' = 'sw0') => `host ${name} {
  cpu s0 { cores 32 }
  cpu s1 { cores 32, interconnect 32 GB/s }
  memory ram0 { size 64 GiB, bandwidth 200 GB/s, cpu s0 }
  memory ram1 { size 64 GiB, bandwidth 200 GB/s, cpu s1 }
  iommu mmu {}
  switch top { acs on }
  switch sw0 { acs ${acs} }
  gpu gpu0 { iommu mmu, memory 80 GiB, bandwidth 2 TB/s }
  gpu gpu1 { iommu mmu, memory 80 GiB, bandwidth 2 TB/s }
  nic nic0 { iommu mmu, rdma }
  nvme ssd { iommu mmu }
  link s0 -- top : pcie gen4 x16
  link top -- sw0 : pcie gen4 x16
  link sw0 -- gpu0 : pcie gen4 x16
  link top -- gpu1 : pcie gen4 x16
  link ${nicUnder} -- nic0 : pcie gen4 x16
  link s1 -- ssd : pcie gen4 x4
  buffer halo { in gpu0, size 64 MiB }
  buffer halo1 { in gpu1, size 64 MiB }
  buffer host0 { in ram0, size 64 MiB, pinned }
  buffer host1 { in ram1, size 64 MiB, pinned }
  buffer user { in ram0, size 64 MiB, pageable }
  buffer bounce { in ram0, size 4 MiB, count 4, pinned }
  map nic0 -> halo rw
  map nic0 -> host0 rw
  map gpu0 -> bounce rw
  map nic0 -> bounce rw
  map ssd -> host0 write
  map ssd -> halo write
}
`;

function run(text: string, group?: string) {
  const { model } = analyze(text);
  return simulate(model, group);
}

const flow = (result: ReturnType<typeof run>, name: string): FlowResult => result.flows.find((f) => f.name === name)!;
const GBps = (x: number) => x / 1e9;

describe('capacities on the fabric', () => {
  it('reports PCIe links at the pcie-model figure and networks after framing', () => {
    const result = run(`${NODE('a', 'on')}${NODE('b', 'on')}link a.nic0 -- b.nic0 : infiniband 200 Gb/s latency 1 us
flow f { from a.host0 to b.host0 size 64 MiB via rdma }`);
    const link = (id: string) => result.links.find((l) => l.id === id)!;
    assert.ok(Math.abs(GBps(link('a.s0--a.top').capacityBytesPerSecond) - 25.99) < 0.01);
    // InfiniBand: 25 GB/s × 4096 / (4096 + 26) (LRH 8, BTH 12, ICRC 4, VCRC 2).
    assert.ok(Math.abs(link('a.nic0--b.nic0').capacityBytesPerSecond - (25e9 * 4096) / 4122) < 1);
    const f = flow(result, 'f');
    assert.deepEqual(f.bottleneck, { kind: 'link', id: 'a.nic0--b.nic0' });
    assert.ok(Math.abs(f.throughputBytesPerSecond - (25e9 * 4096) / 4122) < 1);
    assert.equal(link('a.nic0--b.nic0').utilization, 1);
  });
  it('subtracts Ethernet framing at the MTU on network ports', () => {
    const result = run(`${NODE('a', 'on')}${NODE('b', 'on')}network eth { kind ethernet rate 100 Gb/s attach a.nic0, b.nic0 }
flow f { from a.host0 to b.host0 size 64 MiB via rdma }`);
    const port = result.links.find((l) => l.id === 'a.nic0--eth')!;
    assert.ok(Math.abs(port.capacityBytesPerSecond - (12.5e9 * 1500) / 1538) < 1);
    assert.deepEqual(flow(result, 'f').path, ['a.ram0', 'a.s0', 'a.top', 'a.sw0', 'a.nic0', 'eth', 'b.nic0', 'b.sw0', 'b.top', 'b.s0', 'b.ram0']);
  });
});

describe('routes and path classes', () => {
  const two = `${NODE('a', 'on')}${NODE('b', 'off')}link a.nic0 -- b.nic0 : infiniband 400 Gb/s
flow on { from a.halo to b.halo1 size 64 MiB via gpudirect group g1 }
flow off { from b.halo to a.halo1 size 64 MiB via gpudirect group g2 }
`;
  it('detours through the root complex below an ACS-on switch, and turns inside an ACS-off one', () => {
    const result = run(two);
    assert.deepEqual(flow(result, 'on').path.slice(0, 5), ['a.gpu0', 'a.sw0', 'a.top', 'a.s0', 'a.top']);
    assert.deepEqual(flow(result, 'off').path.slice(0, 3), ['b.gpu0', 'b.sw0', 'b.nic0']);
  });
  it('names the class of the GPU–NIC segments as NCCL does, whatever ACS does', () => {
    const result = run(two);
    // gpu0 and nic0 share sw0 (PIX); gpu1 sits under top, nic0 under sw0 below it (PXB).
    assert.equal(flow(result, 'on').pathClass, 'PXB');
    assert.equal(flow(result, 'off').pathClass, 'PXB');
    const pix = run(`${NODE('a', 'off')}${NODE('b', 'off')}link a.nic0 -- b.nic0 : infiniband 400 Gb/s
flow f { from a.halo to b.halo size 64 MiB }`);
    assert.equal(flow(pix, 'f').pathClass, 'PIX');
  });
  it('crosses the socket interconnect and calls it SYS', () => {
    const result = run(`${NODE('a', 'on', 's1')}${NODE('b', 'on')}link a.nic0 -- b.nic0 : infiniband 400 Gb/s
flow f { from a.halo to b.halo size 64 MiB }`);
    const f = flow(result, 'f');
    assert.equal(f.pathClass, 'SYS');
    assert.ok(f.path.join(' ').includes('a.s0 a.s1'), f.path.join(' '));
    assert.equal(f.via, 'staged', 'SYS is beyond the GDR limit: staged');
    assert.match(f.viaReason, /SYS.*beyond/);
  });
  it('reads host memory as PHB, and the other socket\'s memory as SYS', () => {
    const result = run(`${NODE('a', 'on')}flow near { from a.ssd to a.host1 size 1 GiB group g1 }\nflow far { from a.ssd to a.host0 size 1 GiB group g2 }`);
    assert.equal(flow(result, 'near').pathClass, 'PHB');
    assert.equal(flow(result, 'far').pathClass, 'SYS');
    assert.deepEqual(flow(result, 'far').path, ['a.ssd', 'a.s1', 'a.s0', 'a.ram0']);
  });
});

describe('via choice', () => {
  it('prefers gpudirect, then rdma, then staged or kernel, and says why', () => {
    const text = `${NODE('a', 'off')}${NODE('b', 'off')}link a.nic0 -- b.nic0 : infiniband 400 Gb/s
flow gpu { from a.halo to b.halo size 64 MiB group g1 }
flow hostmem { from a.host0 to b.host0 size 64 MiB group g2 }
`;
    const result = run(text);
    assert.equal(flow(result, 'gpu').via, 'gpudirect');
    assert.match(flow(result, 'gpu').viaReason, /PIX/);
    assert.equal(flow(result, 'hostmem').via, 'rdma');
    const noRdma = run(text.replace(/nic nic0 \{ iommu mmu, rdma \}/g, 'nic nic0 { iommu mmu }'));
    assert.equal(flow(noRdma, 'gpu').via, 'staged');
    assert.equal(flow(noRdma, 'hostmem').via, 'kernel');
    assert.match(flow(noRdma, 'hostmem').viaReason, /lacks rdma/);
  });
  it('uses zerocopy for a device writing a host buffer, p2p into device memory, staged for a pageable upload', () => {
    const result = run(`${NODE('a', 'off')}flow z { from a.ssd to a.host1 size 1 MiB group g1 }
flow p { from a.ssd to a.halo size 1 MiB group g2 }
flow s { from a.user to a.halo size 1 MiB group g3 }
flow d { from a.host0 to a.halo size 1 MiB group g4 }`);
    assert.deepEqual(['z', 'p', 's', 'd'].map((n) => flow(result, n).via), ['zerocopy', 'p2p', 'staged', 'dma']);
    const staged = flow(result, 's');
    assert.deepEqual([staged.copies, staged.cpuBytes], [2, 2 ** 20], 'a pageable upload: one CPU copy into the bounce, one DMA out of it');
  });
});

describe('copies and CPU bytes', () => {
  it('staged GPU to remote GPU moves 4 copies and no CPU bytes; GPUDirect none; kernel 4 copies and 2 × size', () => {
    const result = run(`${NODE('a', 'off')}${NODE('b', 'off')}link a.nic0 -- b.nic0 : infiniband 400 Gb/s
flow staged { from a.halo to b.halo size 64 MiB via staged bounce a.bounce, b.bounce group g1 }
flow direct { from a.halo to b.halo size 64 MiB via gpudirect group g2 }
flow sockets { from a.host0 to b.host0 size 64 MiB via kernel group g3 }`);
    assert.deepEqual([flow(result, 'staged').copies, flow(result, 'staged').cpuBytes], [4, 0]);
    assert.deepEqual([flow(result, 'direct').copies, flow(result, 'direct').cpuBytes], [0, 0]);
    assert.deepEqual([flow(result, 'sockets').copies, flow(result, 'sockets').cpuBytes], [4, 2 * 64 * 2 ** 20]);
    assert.ok(flow(result, 'direct').transferSeconds < flow(result, 'staged').transferSeconds, 'GPUDirect beats staged');
  });
  it('bounds a kernel path by the cpus\' stack rate', () => {
    const result = run(`${NODE('a', 'off')}${NODE('b', 'off')}link a.nic0 -- b.nic0 : infiniband 400 Gb/s
flow sockets { from a.host0 to b.host0 size 64 MiB via kernel }`);
    const f = flow(result, 'sockets');
    assert.equal(f.throughputBytesPerSecond, 5e9, 'the default stack is 5 GB/s');
    assert.deepEqual(f.bottleneck, { kind: 'kernel', id: 'a.s0' }, 'one core\'s network stack on the sending cpu');
  });
});

describe('sharing', () => {
  it('shares a link between the flows of one group, and not across groups', () => {
    const text = `${NODE('a', 'off')}flow x { from a.ssd to a.host1 size 1 GiB group one }
flow y { from a.ssd to a.host1 size 1 GiB group one }
flow z { from a.ssd to a.host1 size 1 GiB group two }`;
    const result = run(text);
    const x = flow(result, 'x');
    assert.equal(x.throughputBytesPerSecond, flow(result, 'y').throughputBytesPerSecond);
    assert.ok(Math.abs(flow(result, 'z').throughputBytesPerSecond - 2 * x.throughputBytesPerSecond) < 1);
    assert.deepEqual(result.groups.map((g) => g.group), ['one', 'two']);
    assert.deepEqual(run(text, 'two').flows.map((f) => f.name), ['z']);
  });
  it('reports every link and memory of the fabric as the busiest group loads them, and per group what its flows cross', () => {
    const text = `${NODE('a', 'off')}flow x { from a.ssd to a.host1 size 1 GiB group light rate 1 GB/s }
flow y { from a.gpu0 to a.halo1 size 1 GiB group heavy }`;
    const { model } = analyze(text);
    const fabric = new Fabric(model);
    const result = simulate(model);
    const memoryIds = fabric.resources.filter((r) => r.kind === 'memory').map((r) => r.id);
    assert.deepEqual(result.links.map((l) => l.id), [...fabric.links.map((l) => l.id), ...memoryIds]);
    // y, unbounded, fills its path (up to the root complex: top has ACS on); x asks for 1 GB/s: heavy is the busiest.
    const heavy = result.groups.find((g) => g.group === 'heavy')!;
    assert.deepEqual(heavy.links.map((l) => l.id), ['a.s0--a.top', 'a.top--a.sw0', 'a.sw0--a.gpu0', 'a.top--a.gpu1']);
    assert.deepEqual(heavy.memories.map((m) => m.id), ['a.gpu0', 'a.gpu1']);
    for (const link of result.links) assert.equal(link.loadBytesPerSecond, [...heavy.links, ...heavy.memories].find((l) => l.id === link.id)?.loadBytesPerSecond ?? 0, link.id);
    const light = result.groups.find((g) => g.group === 'light')!;
    assert.deepEqual([...light.links, ...light.memories].map((l) => [l.id, l.loadBytesPerSecond]), [['a.s1--a.ssd', 1e9], ['a.ram1', 1e9]]);
  });
  it('keeps the two directions of a full-duplex link apart', () => {
    const result = run(`${NODE('a', 'off')}flow in { from a.ssd to a.host1 size 1 GiB }
flow out { from a.host1 to a.ssd size 1 GiB }`);
    assert.equal(flow(result, 'in').throughputBytesPerSecond, flow(result, 'out').throughputBytesPerSecond);
    const link = result.links.find((l) => l.id === 'a.s1--a.ssd')!;
    assert.ok(Math.abs(flow(result, 'in').throughputBytesPerSecond - link.capacityBytesPerSecond) < 1, 'each direction at full capacity');
  });
  it('caps a periodic flow at its demand and reports the bottleneck as demand', () => {
    const result = run(`${NODE('a', 'off')}flow cam { from a.ssd to a.host1 size 1 MiB rate 60 fps }`);
    const f = flow(result, 'cam');
    assert.equal(f.throughputBytesPerSecond, 60 * 2 ** 20);
    assert.deepEqual(f.bottleneck, { kind: 'demand' });
    assert.equal(f.dropShare, 0);
  });
  it('drops what a periodic flow\'s path cannot carry', () => {
    const result = run(`${NODE('a', 'off')}flow cam { from a.ssd to a.host1 size 1 GiB rate 60 fps }`);
    const f = flow(result, 'cam');
    // 60 × 1 GiB/s asked of a gen4 x4 link carrying about 6.6 GB/s.
    assert.ok(Math.abs(f.dropShare - (1 - f.throughputBytesPerSecond / (60 * 2 ** 30))) < 1e-12 && f.dropShare > 0.85, String(f.dropShare));
    assert.deepEqual(f.bottleneck, { kind: 'link', id: 'a.s1--a.ssd' });
  });
  it('shares an engine rate between the hops of one engine', () => {
    const result = run(`host h {
  cpu c {}
  memory m { size 1 GiB, bandwidth 1 TB/s }
  dma e { rate 10 GB/s }
  link c -- e : pcie gen5 x16
  buffer a { in m, size 1 MiB, pinned }
  buffer b { in m, size 1 MiB, pinned }
  map e -> a rw
  map e -> b rw
}
flow one { from h.a to h.b size 1 MiB engine h.e }
flow two { from h.b to h.a size 1 MiB engine h.e }`);
    assert.deepEqual(result.flows.map((f) => [f.throughputBytesPerSecond, f.bottleneck]), [[5e9, { kind: 'engine', id: 'h.e' }], [5e9, { kind: 'engine', id: 'h.e' }]]);
  });
});

describe('every sample simulates', () => {
  it('gives every flow of every sample a path and a throughput', async () => {
    const { sampleFiles, read } = await import('./helpers');
    for (const file of sampleFiles()) {
      const { model } = expectClean(read(file));
      for (const f of simulate(model).flows) {
        assert.ok(f.throughputBytesPerSecond > 0, `${file} ${f.name}`);
        assert.ok(f.path.length >= 2, `${file} ${f.name} path`);
        assert.notEqual(f.bottleneck.kind, 'unroutable');
      }
    }
  });
});

describe('NCCL P2P decisions between GPUs of one host', () => {
  it('goes peer to peer up to PXB and stages beyond it, except on AMD with two GPUs', () => {
    const text = `${NODE('a', 'off')}flow near { from a.halo to a.halo1 size 64 MiB }`;
    const near = flow(run(text), 'near');
    assert.equal(near.via, 'p2p');
    assert.match(near.viaReason, /PXB apart, within NCCL's P2P limit/);
    const far = `host h {
  cpu s0 { vendor VENDOR }
  cpu s1 { vendor VENDOR }
  memory m0 { size 64 GiB, cpu s0 }
  gpu g0 { memory 80 GiB }
  gpu g1 { memory 80 GiB }
  link s0 -- g0 : pcie gen4 x16
  link s1 -- g1 : pcie gen4 x16
  buffer b0 { in g0, size 1 GiB }
  buffer b1 { in g1, size 1 GiB }
}
flow x { from h.b0 to h.b1 size 1 GiB }`;
    const intel = flow(run(far.replace(/VENDOR/g, 'intel')), 'x');
    assert.deepEqual([intel.via, intel.pathClass, intel.copies], ['staged', 'SYS', 2]);
    assert.deepEqual(intel.path, ['h.g0', 'h.s0', 'h.m0', 'h.s0', 'h.s1', 'h.g1'], 'through host memory');
    const amd = flow(run(far.replace(/VENDOR/g, 'amd')), 'x');
    assert.deepEqual([amd.via, amd.pathClass], ['p2p', 'SYS']);
    assert.deepEqual(amd.path, ['h.g0', 'h.s0', 'h.s1', 'h.g1']);
  });
});

describe('Simulation II: time, copies, pipelines, rings, cache, patterns', () => {
  const cameraHost = (consume: string, count = 4) => `host cam_box {
  cpu soc { cores 8, vendor arm }
  memory ram { size 8 GiB, bandwidth 50 GB/s }
  iommu mmu {}
  camera cam0 { iommu mmu }
  link soc -- cam0 : bus 2 GB/s
  buffer frames { in ram, size 8 MiB, count ${count}, pinned }
  map cam0 -> frames write
}
flow video { from cam_box.cam0 to cam_box.frames size 8 MiB rate 60 fps consume ${consume} }`;

  it('drops 1/6 of a 60 fps ring whose consumer takes 20 ms, and nothing at 12 ms', () => {
    const slow = flow(run(cameraHost('20 ms')), 'video');
    assert.ok(Math.abs(slow.dropShare - 1 / 6) < 1e-12, String(slow.dropShare));
    assert.ok(Math.abs(slow.throughputBytesPerSecond - 60 * 8 * 2 ** 20 * (5 / 6)) < 1, 'the delivered rate');
    assert.equal(slow.derivations.drop.limitedBy, 'the consumer is slower than the period');
    const fast = flow(run(cameraHost('12 ms')), 'video');
    assert.equal(fast.dropShare, 0);
    // Three spare slots absorb 3 × (16.67 − 12) ms of consumer delay.
    assert.ok(Math.abs(fast.ring!.burstAbsorbedSeconds - 3 * (1 / 60 - 0.012)) < 1e-12);
  });

  it('combines what the path cannot carry with what the ring drops', () => {
    // 8 MiB at 300 fps is 2.5 GB/s on a 2 GB/s bus: the path drops a fifth of it.
    const both = flow(run(cameraHost('20 ms').replace('rate 60 fps', 'rate 300 fps')), 'video');
    assert.equal(both.demandBytesPerSecond, 300 * 8 * 2 ** 20);
    assert.deepEqual(both.bottleneck, { kind: 'link', id: 'cam_box.soc--cam_box.cam0' });
    assert.equal(both.carriedBytesPerSecond, 2e9, 'the bus carries 2 GB/s of it');
    const pathDrop = 1 - 2e9 / (300 * 8 * 2 ** 20);
    assert.ok(Math.abs(both.pathDropShare - pathDrop) < 1e-15);
    const ringDrop = 1 - 1 / 300 / 0.02;
    assert.ok(Math.abs(both.ring!.dropShare - ringDrop) < 1e-15);
    assert.ok(Math.abs(both.dropShare - (1 - (1 - pathDrop) * (1 - ringDrop))) < 1e-12);
    assert.ok(Math.abs(both.throughputBytesPerSecond - 2e9 * (1 - ringDrop)) < 1e-3, 'delivered: the carried rate less the ring drop');
  });

  it('runs 8-byte strided gathers at about a quarter of bulk copies on the same link', () => {
    const text = `host h {
  cpu s0 {}
  memory ram { size 64 GiB, bandwidth 400 GB/s }
  iommu mmu {}
  dma eng { iommu mmu, sg }
  link s0 -- eng : pcie gen3 x8
  buffer matrix { in ram, size 128 MiB, pinned }
  buffer column { in ram, size 1 MiB, pinned }
  map eng -> matrix read
  map eng -> column write
}
flow bulk { from h.matrix to h.column size 1 MiB engine h.eng group bulk }
flow gather { from h.matrix to h.column size 1 MiB engine h.eng pattern strided stride 32 KiB element 8 B group gather }`;
    const result = run(text);
    const ratio = flow(result, 'gather').throughputBytesPerSecond / flow(result, 'bulk').throughputBytesPerSecond;
    // pcie-model, gen3 x8, MPS 256: 14.47 Gb/s for 8 B writes against 52.92 Gb/s for large ones.
    assert.ok(Math.abs(ratio - 14.47 / 52.92) < 0.002, String(ratio));
  });

  it('splits a cached storage read between a CPU copy from the page cache and the device\'s DMA', () => {
    const text = (cache: string) => `host h {
  cpu s0 {}
  memory ram { size 64 GiB, bandwidth 10 GB/s }
  iommu mmu {}
  nvme ssd { iommu mmu, read 7 GB/s }
  link s0 -- ssd : pcie gen4 x8
  buffer data { in ram, size 1 GiB, pinned }
  map ssd -> data write
}
flow read { from h.ssd to h.data size 1 GiB ${cache} }`;
    const cold = flow(run(text('')), 'read');
    const warm = flow(run(text('cache 50 %')), 'read');
    assert.deepEqual(cold.bottleneck, { kind: 'media', id: 'h.ssd' }, 'the drive\'s media read rate');
    assert.equal(cold.throughputBytesPerSecond, 7e9);
    assert.equal(warm.cpuBytes, 2 ** 29, 'half the bytes are copied by the CPU');
    // Memory carries 2 × 0.5 r (copy) + 0.5 r (DMA) = 1.5 r ≤ 10 GB/s; the drive 0.5 r ≤ 7 GB/s.
    assert.ok(Math.abs(warm.throughputBytesPerSecond - 10e9 / 1.5) < 1, String(warm.throughputBytesPerSecond));
    assert.deepEqual(warm.bottleneck, { kind: 'memory', id: 'h.ram' });
  });

  it('starves a staged upload of too little pinned memory, and lifts it with more and bigger chunks until the link saturates', () => {
    const upload = (count: number, size: string, chunk: string) => `host h {
  cpu s0 {}
  memory ram { size 64 GiB, bandwidth 200 GB/s }
  iommu mmu {}
  gpu g { iommu mmu, memory 80 GiB }
  link s0 -- g : pcie gen4 x16
  buffer src { in ram, size 1 GiB, pageable }
  buffer bounce { in ram, size ${size}, count ${count}, pinned }
  buffer dst { in g, size 1 GiB }
  map g -> bounce read
}
flow up { from h.src to h.dst size 1 GiB via staged bounce h.bounce chunk ${chunk} }`;
    const starved = flow(run(upload(1, '16 KiB', '16 KiB')), 'up');
    assert.deepEqual(starved.bottleneck, { kind: 'pinned', host: 'h' });
    const more = flow(run(upload(4, '16 KiB', '16 KiB')), 'up');
    const bigger = flow(run(upload(2, '256 KiB', '256 KiB')), 'up');
    const plenty = flow(run(upload(4, '8 MiB', '8 MiB')), 'up');
    assert.ok(starved.throughputBytesPerSecond < more.throughputBytesPerSecond && more.throughputBytesPerSecond < plenty.throughputBytesPerSecond + 1);
    assert.ok(starved.throughputBytesPerSecond < bigger.throughputBytesPerSecond);
    assert.deepEqual(plenty.bottleneck, { kind: 'link', id: 'h.s0--h.g' });
    assert.deepEqual([plenty.copies, plenty.cpuBytes], [2, 2 ** 30]);
    const pinned = starved.derivations.throughput.terms.map((t) => t.name);
    assert.ok(pinned.includes('bounce bytes on h') && pinned.includes('round of one chunk through its stages'));
  });

  it('gives RDMA a lower latency than the kernel path for the same messages', () => {
    const result = run(`${NODE('a', 'off')}${NODE('b', 'off')}link a.nic0 -- b.nic0 : ethernet 100 Gbps latency 2 us
flow sockets { from a.host0 to b.host0 size 4 KiB rate 100 kHz via kernel group k }
flow verbs { from a.host0 to b.host0 size 4 KiB rate 100 kHz via rdma group r }`);
    const sockets = flow(result, 'sockets');
    const verbs = flow(result, 'verbs');
    assert.ok(verbs.latencySeconds < sockets.latencySeconds);
    assert.ok(sockets.latencySeconds - verbs.latencySeconds >= 10e-6, 'two syscall and interrupt sides');
    assert.match(sockets.derivations.latency.formula, /syscall/);
    const assumedTerms = sockets.derivations.latency.terms.filter((t) => t.source.kind === 'assumed').map((t) => t.name);
    assert.deepEqual(assumedTerms, ['DMA setup per descriptor chain', 'syscall and interrupt per side']);
  });

  it('explains every figure: transfer time = size / rate + latency', () => {
    const f = flow(run(cameraHost('12 ms')), 'video');
    const t = f.derivations.transfer;
    const size = t.terms.find((x) => x.name === 'size')!.value;
    const rate = t.terms.find((x) => x.name === 'rate')!.value;
    assert.ok(Math.abs(t.value - (size / rate + f.latencySeconds)) < 1e-15);
    assert.equal(f.derivations.throughput.limitedBy, 'demand');
  });
});

describe('GPUDirect with one end in host memory', () => {
  it('judges only the GPU side: a GPU and a NIC under one switch go gpudirect to a remote host buffer', () => {
    const result = run(`${NODE('a', 'off')}${NODE('b', 'off')}link a.nic0 -- b.nic0 : infiniband 400 Gb/s
flow f { from a.halo to b.host0 size 64 MiB }`);
    const f = flow(result, 'f');
    assert.deepEqual([f.via, f.pathClass], ['gpudirect', 'PIX']);
  });
});

describe('half-written flows still get numbers', () => {
  it('gives a staged flow without a size or a network without a rate finite figures, never NaN (found by the fuzz test)', () => {
    const result = run(`${NODE('a', 'off')}${NODE('b', 'off')}network ib { kind infiniband attach a.nic0, b.nic0 }
flow f { from a.halo to b.halo via staged bounce a.bounce, b.bounce }`);
    const f = flow(result, 'f');
    assert.ok(!Number.isNaN(f.latencySeconds) && !Number.isNaN(f.throughputBytesPerSecond) && !Number.isNaN(f.transferSeconds), JSON.stringify([f.latencySeconds, f.throughputBytesPerSecond, f.transferSeconds]));
  });
});
