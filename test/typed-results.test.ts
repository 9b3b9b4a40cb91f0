// The simulation's typed results: figures with units in their names, the
// figures rules need as fields (demand, carried rate, the ring, the
// bottleneck as a kind and an id), the contract's JSON as a mapping of them,
// and sources that say where an input is written and whether a figure is a
// default by whether it was written.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { Snapshot } from '../server/src/analysis/snapshot';
import { schemaDefault, UNITS, type TopologyModel } from '../server/src/model/index';
import { BODY_SCHEMAS } from '../server/src/syntax/schema';
import type { Derivation, Source } from '../server/src/sim/derivation';
import { bottleneckName, type FlowResult, type SimulationResult } from '../server/src/sim/simulate';
import { read, ROOT, sampleFiles } from './helpers';

const CLI = join(ROOT, 'dist', 'cli.js');

function simulated(file: string): { text: string; model: TopologyModel; result: SimulationResult; flow: (name: string) => FlowResult } {
  const text = read(join(ROOT, file));
  const snapshot = new Snapshot(text);
  const result = snapshot.simulation();
  return { text, model: snapshot.model, result, flow: (name) => result.flows.find((f) => f.name === name)! };
}

describe('typed flow results on the samples', () => {
  it('a 60 fps camera ring that keeps up: demand, carried rate, the ring and its spare slots', () => {
    const video = simulated('samples/02-zero-copy-camera.dmatopo').flow('video');
    const frame = 16_200 * 1024;
    assert.equal(video.demandBytesPerSecond, 60 * frame);
    assert.equal(video.carriedBytesPerSecond, 60 * frame, 'the path carries all of it');
    assert.equal(video.throughputBytesPerSecond, 60 * frame);
    assert.deepEqual(video.bottleneck, { kind: 'demand' });
    assert.deepEqual([video.pathDropShare, video.dropShare], [0, 0]);
    const ring = video.ring!;
    assert.deepEqual([ring.slots, ring.consumeSeconds, ring.dropShare], [4, 0.012, 0]);
    assert.ok(Math.abs(ring.periodSeconds - 1 / 60) < 1e-15);
    // (4 − 1) × (16.7 − 12) ms, as the sample says: 14 ms.
    assert.ok(Math.abs(ring.burstAbsorbedSeconds - 3 * (1 / 60 - 0.012)) < 1e-15);
    assert.ok(Math.abs(video.transferSeconds - (frame / (60 * frame) + video.latencySeconds)) < 1e-15);
  });

  it('a consumer slower than the camera: the ring drops one frame in six, the path drops nothing', () => {
    const video = simulated('samples/broken/02-zero-copy-camera-slow-consumer.dmatopo').flow('video');
    const ring = video.ring!;
    assert.equal(ring.slots, 4);
    assert.equal(ring.consumeSeconds, 0.02);
    assert.ok(Math.abs(ring.dropShare - 1 / 6) < 1e-12, String(ring.dropShare));
    assert.equal(ring.burstAbsorbedSeconds, 0);
    assert.equal(video.pathDropShare, 0);
    assert.ok(Math.abs(video.dropShare - 1 / 6) < 1e-12);
    assert.ok(Math.abs(video.throughputBytesPerSecond - video.carriedBytesPerSecond * (5 / 6)) < 1e-3, 'delivered: carried less the ring drop');
  });

  it('names each kind of bottleneck the samples quote: a link, a drive\'s media, a DMA engine, the pinned bounce memory', () => {
    assert.deepEqual(simulated('samples/01-disk-and-network-io.dmatopo').flow('read_file').bottleneck, { kind: 'link', id: 'fileserver.ssd0--fileserver.s0' });
    assert.deepEqual(simulated('samples/04-scatter-gather.dmatopo').flow('load').bottleneck, { kind: 'media', id: 'ws.ssd0' });
    assert.deepEqual(simulated('samples/05-dma-transpose.dmatopo').flow('plain_copy').bottleneck, { kind: 'engine', id: 'hpc.dma0' });
    const pipeline = simulated('samples/06-gpu-upload-pipeline.dmatopo');
    assert.deepEqual(pipeline.flow('upload_small_chunks').bottleneck, { kind: 'pinned', host: 'trainer' });
    assert.deepEqual(pipeline.flow('upload_big_chunks').bottleneck, { kind: 'link', id: 'trainer.plx0--trainer.s0' });
    // The elastic flows ask for nothing: no demand, nothing to drop, no ring.
    const load = simulated('samples/04-scatter-gather.dmatopo').flow('load');
    assert.deepEqual([load.demandBytesPerSecond, load.pathDropShare, load.dropShare, load.ring], [undefined, 0, 0, undefined]);
  });

  it('every bottleneck\'s id names what its kind says, in every sample', () => {
    for (const file of sampleFiles()) {
      const { model, result } = simulated(file.slice(ROOT.length + 1));
      const links = new Set(result.links.map((l) => l.id));
      const devices = new Set([...model.hosts.values()].flatMap((h) => h.devices.map((d) => d.id)));
      const cpus = new Set([...model.hosts.values()].flatMap((h) => h.cpus.map((c) => c.id)));
      for (const f of result.flows) {
        const b = f.bottleneck;
        const where = `${basename(file)} ${f.name}: ${JSON.stringify(b)}`;
        if (b.kind === 'link' || b.kind === 'memory') assert.ok(links.has(b.id), where);
        else if (b.kind === 'engine' || b.kind === 'media') assert.ok(devices.has(b.id), where);
        else if (b.kind === 'kernel') assert.ok(cpus.has(b.id), where);
        else if (b.kind === 'pinned') assert.ok(model.hosts.has(b.host), where);
        else assert.equal(b.kind, 'demand', where);
        // What the path carries is what it delivers, less a ring's drop.
        assert.ok(Math.abs(f.throughputBytesPerSecond - f.carriedBytesPerSecond * (1 - (f.ring?.dropShare ?? 0))) <= 1e-9 * f.carriedBytesPerSecond, where);
      }
    }
  });

  it('an unroutable flow: no path, nothing carried, a transfer that never ends', () => {
    const snapshot = new Snapshot(`host h {
  cpu c {}
  memory m { size 1 GiB }
  nic n {}
  buffer b { in m, size 1 MiB, pinned }
}
flow f { from h.n to h.b size 1 MiB rate 10 Hz }`);
    const f = snapshot.simulation().flows[0]!;
    assert.deepEqual(f.bottleneck, { kind: 'unroutable' });
    assert.deepEqual([f.carriedBytesPerSecond, f.throughputBytesPerSecond, f.transferSeconds, f.pathDropShare, f.dropShare], [0, 0, Infinity, 1, 1]);
    assert.equal(f.demandBytesPerSecond, 10 * 2 ** 20);
  });
});

describe('the contract JSON is a mapping of the typed fields', () => {
  it('maps every flow and link of every sample, field by field', () => {
    const result = spawnSync(process.execPath, [CLI, 'simulate', '--json', ...sampleFiles()], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const objects = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { file: string; flows: Array<Record<string, unknown>>; links: Array<Record<string, unknown>> });
    for (const object of objects) {
      const typed = simulated(object.file.slice(ROOT.length + 1));
      assert.equal(object.flows.length, typed.result.flows.length);
      for (const json of object.flows) {
        const f = typed.flow(json['name'] as string);
        assert.deepEqual(
          [json['throughput'], json['transferTime'], json['latency'], json['cpuBytes'], json['bottleneck'], json['dropRate'], json['burstAbsorbed']],
          [f.throughputBytesPerSecond, Number.isFinite(f.transferSeconds) ? f.transferSeconds : null, f.latencySeconds, f.cpuBytes, bottleneckName(f.bottleneck), f.dropShare, f.ring?.burstAbsorbedSeconds],
          `${basename(object.file)} ${f.name}`,
        );
      }
      assert.deepEqual(
        object.links.map((l) => [l['id'], l['capacity'], l['load'], l['utilization']]),
        typed.result.links.map((l) => [l.id, l.capacityBytesPerSecond, l.loadBytesPerSecond, l.utilization]),
      );
    }
  });

  it('--explain gives an input source as the contract shows it: its kind and what, no offsets', () => {
    const result = spawnSync(process.execPath, [CLI, 'simulate', '--json', '--explain', join(ROOT, 'samples', '02-zero-copy-camera.dmatopo')], { cwd: ROOT, encoding: 'utf8' });
    const sources: Array<Record<string, unknown>> = [];
    JSON.parse(result.stdout, (key, value: unknown) => {
      if (key === 'source') sources.push(value as Record<string, unknown>);
      return value;
    });
    const inputs = sources.filter((s) => s['kind'] === 'input');
    assert.ok(inputs.length > 3);
    for (const source of inputs) assert.deepEqual(Object.keys(source), ['kind', 'what']);
  });
});

/** Every source in a derivation, with the term's name. */
function sources(derivation: Derivation): Array<{ name: string; source: Source }> {
  return derivation.terms.flatMap((t) => [{ name: t.name, source: t.source }, ...(t.derivation === undefined ? [] : sources(t.derivation))]);
}

function allSources(result: SimulationResult): Array<{ name: string; source: Source }> {
  return [...result.flows.flatMap((f) => Object.values(f.derivations).flatMap(sources)), ...result.links.flatMap((l) => sources(l.derivation))];
}

/** What the text at an input's span must read, by what the input is. */
const WRITTEN: Readonly<Record<string, RegExp>> = {
  size: /^size\b/,
  'rate or every': /^(rate|every)\b/,
  consume: /^consume\b/,
  count: /^count\b/,
  chunk: /^chunk\b/,
  mtu: /^mtu\b/,
  latency: /^latency\b/,
  bandwidth: /^bandwidth\b/,
  interconnect: /^interconnect\b/,
  read: /^read\b/,
  write: /^write\b/,
  'mps of the link': /^mps\b/,
  'link width': /^x\d+$/,
  // A device's engine or a network's `rate` property, or a link spec's rate: a number and its unit.
  rate: /^(rate\b|[\d_.]+ ?[A-Za-z/]+$)/,
};

describe('sources: where an input is written, and defaults decided by what was written', () => {
  it('points every input of every sample at the written property\'s text', () => {
    let checked = 0;
    for (const file of sampleFiles()) {
      const { text, result } = simulated(file.slice(ROOT.length + 1));
      for (const { name, source } of allSources(result)) {
        if (source.kind !== 'input') continue;
        const written = text.slice(source.span.start, source.span.end);
        const expected = WRITTEN[source.what];
        assert.ok(expected !== undefined, `${basename(file)} ${name}: an input '${source.what}' this test does not know`);
        assert.match(written, expected, `${basename(file)} ${name} (${source.what})`);
        checked++;
      }
    }
    assert.ok(checked > 100, String(checked));
  });

  it('counts a written value equal to its default as an input, and an absent one as the default', () => {
    const text = `host h {
  cpu c { interconnect 40 GB/s }
  cpu d {}
  memory written { size 1 GiB, bandwidth 100 GB/s, cpu c }
  memory absent { size 1 GiB, cpu d }
  gpu g { memory 8 GiB }
  link c -- g : pcie gen4 x16 mps 256 B
  link d -- g : pcie gen4 x8
  buffer src { in written, size 64 MiB }
  buffer dst { in g, size 64 MiB }
}
flow up { from h.src to h.dst size 64 MiB via staged chunk 1 MiB }
flow up2 { from h.src to h.dst size 64 MiB via staged group other }`;
    const snapshot = new Snapshot(text);
    const result = snapshot.simulation();
    const at = (source: Source): string => (source.kind === 'input' ? text.slice(source.span.start, source.span.end) : `${source.kind}: ${'what' in source ? source.what : ''}`);
    const term = (d: Derivation, name: string): Source => d.terms.find((t) => t.name === name)!.source;
    const link = (id: string) => result.links.find((l) => l.id === id)!.derivation;
    assert.equal(at(term(link('h.written'), 'bandwidth')), 'bandwidth 100 GB/s');
    assert.equal(at(term(link('h.absent'), 'bandwidth')), 'default: bandwidth 100 GB/s');
    assert.deepEqual(link('h.c--h.d').terms.map((t) => at(t.source)), ['interconnect 40 GB/s', 'default: interconnect 40 GB/s']);
    assert.equal(at(term(link('h.c--h.g'), 'MPS')), 'mps 256 B');
    assert.equal(at(term(link('h.d--h.g'), 'MPS')), 'default: mps 256 B');
    assert.equal(at(term(link('h.d--h.g').terms[0]!.derivation!.terms[0]!.derivation!, 'lanes')), 'x8');
    const chunk = (name: string) => at(term(result.flows.find((f) => f.name === name)!.derivations.latency, 'chunk'));
    assert.equal(chunk('up'), 'chunk 1 MiB');
    assert.equal(chunk('up2'), 'default: chunk 1 MiB');
  });

  it('takes an invalid value as not written: the default applies and is called one', () => {
    const text = `host h {
  cpu c {}
  memory m { size 1 GiB, bandwidth 100 ms }
  nvme s { read 3 GB/s }
  link c -- s : pcie gen4 x4
  buffer b { in m, size 64 MiB, pinned }
}
flow f { from h.s to h.b size 64 MiB }`;
    const snapshot = new Snapshot(text);
    assert.ok(snapshot.diagnostics.some((d) => d.code === 'UNIT001'));
    const memory = snapshot.simulation().links.find((l) => l.id === 'h.m')!;
    assert.deepEqual(memory.derivation.terms[0]!.source, { kind: 'default', what: 'bandwidth 100 GB/s' });
  });
});

describe('the schema holds every default', () => {
  it('writes each default as its value reads: the text, through the model\'s units, is the SI value', () => {
    let checked = 0;
    for (const [bodyKind, schema] of Object.entries(BODY_SCHEMAS)) {
      for (const [key, spec] of Object.entries(schema)) {
        const spec_default = spec.default;
        if (spec_default === undefined) continue;
        const all = 'byKind' in spec_default ? Object.entries(spec_default.byKind) : [[undefined, spec_default] as const];
        for (const [kind, value] of all) {
          assert.deepEqual(schemaDefault(bodyKind as keyof typeof BODY_SCHEMAS, key, kind), value);
          const match = /^([\d.]+) (.+)$/.exec(value.text);
          if (typeof value.value === 'number' && match !== null) {
            const factor = UNITS.get(match[2]!)?.factor;
            assert.ok(factor !== undefined, `${bodyKind} ${key}: unit ${match[2]}`);
            assert.ok(Math.abs(Number(match[1]) * factor - value.value) <= 1e-9 * value.value, `${bodyKind} ${key}${kind === undefined ? '' : ` (${kind})`}: ${value.text} is ${value.value}`);
          } else {
            assert.equal(value.text, String(value.value), `${bodyKind} ${key}`);
          }
          checked++;
        }
      }
    }
    assert.ok(checked >= 20, String(checked));
  });

  it('applies them in the model', () => {
    const snapshot = new Snapshot(`host h {
  cpu c {}
  memory m { size 1 GiB }
  iommu i {}
  switch s {}
  nic n { memory 1 GiB }
  link c -- s : pcie gen4 x16
  link s -- n : pcie gen4 x16
  buffer b { in m, size 1 MiB, layout scattered }
}
network ib { kind infiniband, rate 200 Gb/s, attach h.n }
network eth { kind ethernet, rate 100 Gb/s }
flow f { from h.b to h.n size 1 MiB }`);
    const host = snapshot.model.hosts.get('h')!;
    const cpu = host.cpus[0]!;
    assert.deepEqual([cpu.cores, cpu.interconnectBytesPerSecond, cpu.vendor, cpu.stackBytesPerSecond], [16, 40e9, 'intel', 5e9]);
    assert.equal(host.memories[0]!.bandwidthBytesPerSecond, 100e9);
    const iommu = host.iommus[0]!;
    assert.deepEqual([iommu.mode, iommu.pageBytes, iommu.boot, iommu.interruptRemapping, iommu.swiotlb], ['strict', 4096, 'early', true, true]);
    assert.equal(host.switches[0]!.acs, true);
    assert.equal(host.devices[0]!.bandwidthBytesPerSecond, 100e9);
    const buffer = host.buffers[0]!;
    assert.deepEqual([buffer.count, buffer.layout, buffer.scatterPageBytes, buffer.offsetBytes], [1, 'scattered', 4096, 0]);
    assert.equal(host.links[0]!.pcie!.mpsBytes, 256);
    const networks = snapshot.model.networks;
    assert.deepEqual([networks.get('ib')!.mtuBytes, networks.get('eth')!.mtuBytes, networks.get('ib')!.latencySeconds], [4096, 1500, 1e-6]);
    const flow = snapshot.model.flows.get('f')!;
    assert.deepEqual([flow.chunkBytes, flow.pattern, flow.group], [2 ** 20, 'contiguous', 'default']);
  });
});
