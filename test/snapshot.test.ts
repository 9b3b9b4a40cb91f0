// One analysis per document version: the snapshot builds its fabric, its
// plans and its simulation once, whoever asks — the rules, `simulate` with
// or without `--group`, a hover — and what it derives for one group is what
// simulating that group alone gives.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { layerBuilds } from '../server/src/analysis/layer';
import { Snapshot } from '../server/src/analysis/snapshot';
import { runCli } from '../server/src/cli/main';
import type { Output } from '../server/src/cli/io';
import { hoverAt } from '../server/src/lsp/hover';
import { analyze } from '../server/src/model/index';
import { parseText } from '../server/src/syntax/index';
import { builds } from '../server/src/sim/builds';
import { simulate } from '../server/src/sim/simulate';
import { read, ROOT, sampleFiles } from './helpers';

/** What `action` builds, as counts of fabrics, planners and simulation runs. */
function built(action: () => void): typeof builds {
  const before = { ...builds };
  action();
  return { fabrics: builds.fabrics - before.fabrics, planners: builds.planners - before.planners, simulations: builds.simulations - before.simulations };
}

const quiet: Output = { stdout: () => {}, stderr: () => {}, json: () => {}, write: () => {} };
const ONCE = { fabrics: 1, planners: 1, simulations: 1 };
// Groups pinned, small_chunks, big_chunks and from_nvme; DMA005 and DMA006 read the simulation.
const GROUPED = join(ROOT, 'samples', '06-gpu-upload-pipeline.dmatopo');

describe('one analysis per document version', () => {
  it('the rules, every group\'s simulation and a hover share one fabric, one set of plans and one simulation', () => {
    const counts = built(() => {
      const snapshot = new Snapshot(read(GROUPED));
      assert.deepEqual(snapshot.diagnostics, []);
      assert.ok(snapshot.groups.length >= 4);
      snapshot.simulation();
      for (const group of snapshot.groups) snapshot.simulation(group);
      const device = [...snapshot.model.hosts.values()][0]!.devices[0]!;
      assert.notEqual(hoverAt(snapshot, device.nameSpan.start), null);
      snapshot.fabric;
      snapshot.plans;
    });
    assert.deepEqual(counts, ONCE);
  });

  it('dmatopo simulate builds one fabric and runs one simulation, with or without --group', () => {
    assert.deepEqual(built(() => assert.equal(runCli(['simulate', '--json', GROUPED], quiet), 0)), ONCE);
    assert.deepEqual(built(() => assert.equal(runCli(['simulate', '--group', 'big_chunks', GROUPED], quiet), 0)), ONCE);
  });

  it('dmatopo check builds at most one of each, and reach none', () => {
    const check = built(() => assert.equal(runCli(['check', ...sampleFiles()], quiet), 0));
    assert.deepEqual(check, { fabrics: 8, planners: 8, simulations: check.simulations });
    assert.ok(check.simulations <= 8);
    assert.deepEqual(built(() => assert.equal(runCli(['reach', GROUPED], quiet), 0)), { fabrics: 0, planners: 0, simulations: 0 });
  });

  it('one group taken from the simulation of every group is that group simulated alone', () => {
    for (const file of sampleFiles()) {
      const text = read(file);
      const snapshot = new Snapshot(text);
      snapshot.simulation();
      const { model } = analyze(text);
      for (const group of snapshot.groups) assert.deepEqual(snapshot.simulation(group), simulate(model, group), `${file} group ${group}`);
    }
  });

  it('a snapshot that is never checked builds nothing beyond what it was asked for', () => {
    const counts = built(() => {
      const snapshot = new Snapshot(read(GROUPED));
      assert.ok(snapshot.tree.declarations.length > 0);
      assert.ok(snapshot.model.flows.size > 0);
    });
    assert.deepEqual(counts, { fabrics: 0, planners: 0, simulations: 0 });
  });
});

describe('a request during the analysis', () => {
  it('finishes the layer the analysis is building, which then goes on from there: nothing is built twice', () => {
    const text = read(GROUPED);
    const alone = new Snapshot(text);
    const startedAlone = layerBuilds.started;
    finish(alone.build());
    const layers = layerBuilds.started - startedAlone;

    const shared = new Snapshot(text);
    const started = layerBuilds.started;
    const steps = shared.build();
    // Into the model: the tree is built, the language analysis is half done.
    for (let i = 0; i < 3; i++) steps.next();
    assert.equal(layerBuilds.started - started, 2, 'the tree and the language analysis are under way');
    const model = shared.model;
    assert.equal(layerBuilds.started - started, 2, 'the request finished the language analysis under way instead of starting another');
    const counts = built(() => finish(steps));
    assert.equal(layerBuilds.started - started, layers, 'each layer started once');
    assert.deepEqual(counts, ONCE);
    assert.equal(shared.model, model);
    assert.deepEqual(shared.diagnostics, alone.diagnostics);
  });
});

function finish(steps: Generator<void, void, void>): void {
  while (steps.next().done !== true);
}

describe('a snapshot made from the version before', () => {
  const text = read(GROUPED);
  const at = text.indexOf('flow ');
  const edit = { start: at, end: at, text: '// a note\n' };
  const edited = `${text.slice(0, at)}${edit.text}${text.slice(at)}`;

  it('re-parses only what the edits touched, to the tree a whole parse gives', () => {
    const before = new Snapshot(text);
    before.tree;
    const after = new Snapshot(edited, undefined, 2, undefined, { snapshot: before, changes: [edit] });
    assert.deepEqual(after.tree, parseText(edited));
    assert.equal(after.tree.declarations[0], before.tree.declarations[0], 'a declaration before the edit is the same object');
    assert.deepEqual(after.diagnostics, new Snapshot(edited).diagnostics);
  });

  it('adds up the edits of versions never parsed (typed faster than the debounce)', () => {
    const before = new Snapshot(text);
    before.tree;
    const halfway = `${text.slice(0, at)}// a${text.slice(at)}`;
    const skipped = new Snapshot(halfway, undefined, 2, undefined, { snapshot: before, changes: [{ start: at, end: at, text: '// a' }] });
    const after = new Snapshot(edited, undefined, 3, undefined, { snapshot: skipped, changes: [{ start: at + 4, end: at + 4, text: ' note\n' }] });
    assert.deepEqual(after.tree, parseText(edited));
    assert.equal(after.tree.declarations[0], before.tree.declarations[0]);
  });

  it('parses whole when the edits do not fit the text before', () => {
    const before = new Snapshot('host a {}\n');
    before.tree;
    const after = new Snapshot(edited, undefined, 2, undefined, { snapshot: before, changes: [edit] });
    assert.deepEqual(after.tree, parseText(edited));
  });
});
