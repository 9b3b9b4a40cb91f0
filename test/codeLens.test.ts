// Code lenses: "Simulate" and "Show report" at the top of the file, and
// above each flow its throughput and what limits it, computed only when the
// editor resolves the lens, from the document as it is then.
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { describe, it } from 'node:test';
import type { CodeLens } from 'vscode-languageserver';
import { Commands } from '../protocol/commands';
import { Snapshot } from '../server/src/analysis/snapshot';
import { builds } from '../server/src/sim/builds';
import { codeLenses, resolveCodeLens } from '../server/src/lsp/codeLens';
import { read, ROOT, sampleFiles, snapshotAt } from './helpers';

const URI = 'file:///work/cluster.dmatopo';
const sample = (name: string): string => read(`${ROOT}/samples/${name}`);
const flowLenses = (lenses: readonly CodeLens[]): CodeLens[] => lenses.filter((lens) => lens.data !== undefined);

describe('code lenses', () => {
  it('puts "Simulate" and "Show report" at the top of the file, with their command ids and the document', () => {
    const lenses = codeLenses(new Snapshot(sample('01-disk-and-network-io.dmatopo')), URI);
    const top = lenses.filter((lens) => lens.data === undefined);
    assert.deepEqual(top, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, command: { title: 'Simulate', command: Commands.runSimulation, arguments: [URI] } },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, command: { title: 'Show report', command: Commands.showReport, arguments: [URI] } },
    ]);
    assert.deepEqual([Commands.runSimulation, Commands.showReport], ['dmatopo.runSimulation', 'dmatopo.showReport']);
  });

  it("gives each flow a lens on its first line, without a title until it is resolved, and simulates nothing for that", () => {
    const { snapshot, offsets } = snapshotAt(`host h { cpu c {} }\n|flow one { from h.c, to h.c, size 1 MiB }\n\n|flow two {\n  size 1 MiB\n}\n`);
    const before = { ...builds };
    const lenses = flowLenses(codeLenses(snapshot, URI));
    assert.deepEqual({ ...builds }, before, 'no fabric, plan or simulation built');
    assert.deepEqual(
      lenses.map((lens) => [lens.range.start, lens.command, lens.data]),
      offsets.map((offset, i) => [snapshot.lines.position(offset), undefined, { uri: URI, version: 0, flow: ['one', 'two'][i] }]),
    );
  });

  it("titles a flow's lens with its throughput and bottleneck, or says that its rate limits it", () => {
    const snapshot = new Snapshot(sample('01-disk-and-network-io.dmatopo'));
    const resolved = flowLenses(codeLenses(snapshot, URI)).map((lens) => resolveCodeLens(lens, snapshot));
    // The figures samples/01 quotes on its `sim:` lines.
    assert.deepEqual(
      resolved.map((lens) => lens.command),
      [
        { title: '9.49 GB/s · bottleneck fileserver.ssd0--fileserver.s0', command: Commands.showReport, arguments: [URI, 'read_file'] },
        { title: '12 GB/s · limited by its rate', command: Commands.showReport, arguments: [URI, 'send_file'] },
      ],
    );
  });

  it('names the kind of resource that limits a flow, its period, and what a full ring drops', () => {
    const titles = (name: string) => flowLenses(codeLenses(new Snapshot(sample(name)), URI)).map((lens) => resolveCodeLens(lens, new Snapshot(sample(name))).command!.title);
    assert.deepEqual(titles('04-scatter-gather.dmatopo'), ['7 GB/s · bottleneck ws.ssd0 (drive media)', '13 GB/s · bottleneck ws.fpga0--ws.tr0']);
    assert.deepEqual(titles('05-dma-transpose.dmatopo').slice(2), ['24 GB/s · bottleneck hpc.dma0 (DMA engine)', '30 GB/s · bottleneck hpc.dsa0 (DMA engine)']);
    assert.equal(titles('06-gpu-upload-pipeline.dmatopo')[1], '16.3 GB/s · bottleneck the pinned bounce buffers on trainer');
    assert.equal(titles('03-iommu-isolation.dmatopo')[2], '67.1 MB/s · limited by its period');
    assert.deepEqual(titles('broken/02-zero-copy-camera-slow-consumer.dmatopo'), ['829 MB/s · limited by its rate · drops 16.7 %']);
  });

  it('resolves against the document as it is now: the flow found by name, or why it has no figure', () => {
    const before = new Snapshot(sample('01-disk-and-network-io.dmatopo'), undefined, 1);
    const [readFile, sendFile] = flowLenses(codeLenses(before, URI));
    const after = new Snapshot(before.text.replace('rate 12 GB/s', 'rate 6 GB/s').replace('from fileserver.ssd0', 'from fileserver.ssd9'), undefined, 2);
    assert.equal(resolveCodeLens(sendFile!, after).command!.title, '6 GB/s · limited by its rate');
    assert.equal(resolveCodeLens(readFile!, after).command!.title, 'not simulated: an endpoint did not resolve');
    const renamed = new Snapshot(before.text.replace('flow send_file', 'flow send'), undefined, 3);
    assert.deepEqual(resolveCodeLens(sendFile!, renamed).command, { title: "not simulated: the file has no flow 'send_file'", command: Commands.showReport, arguments: [URI, 'send_file'] });
    assert.equal(resolveCodeLens(sendFile!, undefined).command!.title, 'not simulated: the document is closed');
  });

  it('leaves a lens alone whose data it did not make', () => {
    const lens: CodeLens = { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 4 } }, data: { uri: URI, flow: 7 } };
    assert.equal(resolveCodeLens(lens, new Snapshot('')), lens);
  });

  for (const file of [...sampleFiles(), ...sampleFiles('samples/broken')]) {
    it(`${basename(file)}: every flow's lens resolves to a title and the report command`, () => {
      const snapshot = new Snapshot(read(file));
      const lenses = flowLenses(codeLenses(snapshot, URI));
      const named = snapshot.tree.declarations.filter((decl) => decl.kind === 'flow' && decl.name !== undefined);
      assert.equal(lenses.length, named.length);
      for (const lens of lenses) {
        const { command } = resolveCodeLens(lens, snapshot);
        assert.equal(command?.command, Commands.showReport);
        assert.match(command!.title, /^(\d[\d.]* [kMGT]?B\/s · \S|not simulated: \S)/);
        assert.doesNotMatch(command!.title, /NaN|undefined/);
        if (!file.includes('broken')) assert.doesNotMatch(command!.title, /not simulated/);
      }
    });
  }
});
