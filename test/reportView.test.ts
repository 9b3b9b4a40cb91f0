// The report panel: the server's report view (figures equal to `simulate
// --json`'s, paths and declarations for the diagram), the page built from
// it (escaped, under a strict Content-Security-Policy with a fresh nonce)
// and the diagram's layout (ELK in a worker thread, the grid past its size
// or time limit).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ReportView } from '../protocol/reportView';
import { Snapshot } from '../server/src/analysis/snapshot';
import { reportView } from '../server/src/report/view';
import { gridLayout, type Diagram } from '../client/src/reportView/diagram';
import { reportBody, reportPage } from '../client/src/reportView/html';
import { layoutDiagram } from '../client/src/reportView/layout';
import { generateFlows } from '../scripts/generate';
import { BASE_HOST, expectReportHtml, read, REPORT_RESOURCES, ROOT, sampleFiles } from './helpers';

const CLI = join(ROOT, 'dist', 'cli.js');
const WORKER = join(ROOT, 'dist', 'layoutWorker.js');

function simulateJson(file: string, group?: string): { flows: Array<Record<string, unknown>>; links: Array<Record<string, unknown>> } {
  const result = spawnSync(process.execPath, [CLI, 'simulate', '--json', file, ...(group === undefined ? [] : ['--group', group])], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(result.stdout) as { flows: Array<Record<string, unknown>>; links: Array<Record<string, unknown>> };
}

for (const file of sampleFiles()) {
  const name = file.slice(file.lastIndexOf('/') + 1);
  test(`report view of ${name}: the figures of simulate --json`, () => {
    const view = reportView(new Snapshot(read(file)), name);
    const cli = simulateJson(file);
    const flows = view.groups.flatMap((g) => g.flows);
    assert.equal(flows.length, cli.flows.length);
    const byName = new Map(flows.map((f) => [f.name, f]));
    for (const expected of cli.flows) {
      const flow = byName.get(expected.name as string);
      assert.ok(flow !== undefined, `flow ${String(expected.name)}`);
      const contract = Object.fromEntries(Object.keys(expected).map((key) => [key, (flow as unknown as Record<string, unknown>)[key]]));
      assert.deepEqual(contract, expected, `flow ${flow.name}`);
      assert.ok(flow.range !== null, `flow ${flow.name} points at its declaration`);
    }
    const linkIds = new Set(view.topology.links.map((l) => l.id));
    const nodeIds = new Set(view.topology.nodes.map((n) => n.id));
    const memories = new Set(view.topology.nodes.filter((n) => n.kind === 'memory').map((n) => n.id));
    // Every link the results name is a link of the diagram, under the same id.
    for (const link of cli.links) assert.ok(linkIds.has(link.id as string) || nodeIds.has(link.id as string), `result ${String(link.id)} is drawn`);
    for (const flow of flows) {
      // What a flow crosses: every node of its path and the link between each two (a memory hangs off its cpu, and a drive's media off the memory, without one).
      for (const node of flow.path) assert.ok(flow.crosses.includes(node));
      for (let i = 1; i < flow.path.length; i++) {
        const [a, b] = [flow.path[i - 1]!, flow.path[i]!];
        if (memories.has(a) || memories.has(b)) continue;
        assert.ok(flow.crosses.some((id) => id === `${a}--${b}` || id === `${b}--${a}`), `${flow.name} crosses the link ${a} – ${b}`);
      }
      if (linkIds.has(flow.bottleneck) || nodeIds.has(flow.bottleneck)) assert.ok(flow.crosses.includes(flow.bottleneck), `${flow.name} crosses its bottleneck`);
    }
    for (const group of view.groups) {
      const expected = new Map(simulateJson(file, group.name).links.map((l) => [l.id, l]));
      for (const load of group.loads) {
        const link = expected.get(load.id);
        assert.ok(link !== undefined, `${group.name}: ${load.id}`);
        assert.deepEqual({ id: load.id, capacity: load.capacity, load: load.load, utilization: load.utilization }, link);
      }
    }
    for (const node of view.topology.nodes) assert.ok(node.range !== null, `${node.id} points at its declaration`);
  });

  test(`report page of ${name}: safe, every flow and every loaded link`, () => {
    const text = read(file);
    const { html, view } = expectReportHtml(text);
    for (const group of view.groups) {
      assert.ok(html.includes(`<section class="group" data-group="${group.name}"`), group.name);
      for (const flow of group.flows) assert.ok(html.includes(`<tr class="flow" data-flow="${flow.name}"`), flow.name);
      for (const load of group.loads.filter((l) => l.load > 0)) assert.ok(html.includes(`<tr data-load="${load.id}"`), load.id);
    }
    for (const node of view.topology.nodes) assert.ok(html.includes(`data-id="${node.id}"`), node.id);
  });
}

test('report page: a fresh nonce per page', () => {
  const view = reportView(new Snapshot(read(sampleFiles()[0]!)), 'a.dmatopo');
  const diagram = gridLayout(view.topology);
  const nonces = new Set([0, 1, 2].map(() => /'nonce-([^']+)'/.exec(reportPage(view, diagram, REPORT_RESOURCES))![1]));
  assert.equal(nonces.size, 3);
});

test('report page: the title and messages read as text', () => {
  const { html } = expectReportHtml(
    `topology "<img src=x onerror=alert(1)> & <script>alert(2)</script>"\n${BASE_HOST}\nflow f { from alpha.nope to alpha.gpu0; size 1 MiB }\n`,
    '<h1>&lt;img src=x onerror=alert(1)&gt; &amp; &lt;script&gt;alert(2)&lt;/script&gt;</h1>',
    '<title>&lt;img src=x onerror=alert(1)&gt;',
    /<code>REF001<\/code> [^<]*nope/,
  );
  assert.doesNotMatch(html, /<img|<script>alert/);
});

/** Every string in `value`, turned into markup that would run if it were not escaped. */
function hostile(value: unknown): unknown {
  if (typeof value === 'string') return `<x-evil onload="alert('${value}')">&amp;${value}`;
  if (Array.isArray(value)) return value.map(hostile);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hostile(v)]));
  return value;
}

test('report page: every text of the report view is escaped, in the page and in an update', () => {
  const view = reportView(new Snapshot(read(join(ROOT, 'samples', '08-gpudirect-cluster.dmatopo'))), '08.dmatopo');
  const evil = hostile(view) as ReportView;
  // The layout is of the hostile ids, so that every node, host and link is drawn.
  const diagram = gridLayout(evil.topology);
  for (const html of [reportPage(evil, diagram, REPORT_RESOURCES, { group: evil.groups[0]!.name, flow: evil.groups[0]!.flows[0]!.name }), reportBody(evil, diagram)]) {
    assert.doesNotMatch(html, /<x-evil/);
    assert.ok(html.includes('&lt;x-evil onload=&quot;alert(&#39;'));
    assert.ok(html.includes('&amp;amp;'), 'an entity in the text is shown as written');
    for (const node of evil.topology.nodes) assert.ok(html.includes(`data-id="${node.id.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')}"`));
  }
});

test('report page: a file without flows says so, and still draws its topology', () => {
  const { view } = expectReportHtml(`${BASE_HOST}\n`, 'The file declares no flow: there is nothing to simulate.', 'data-id="alpha.gpu0"', '<h2>What each device can reach</h2>');
  assert.equal(view.groups.length, 0);
});

function checkBoxes(view: ReportView, diagram: Diagram): void {
  const boxes = new Map(diagram.nodes.map((b) => [b.id, b]));
  const hosts = new Map(diagram.hosts.map((b) => [b.id, b]));
  for (const node of view.topology.nodes) {
    const box = boxes.get(node.id);
    assert.ok(box !== undefined, `${node.id} has a box`);
    assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= diagram.width + 1e-6 && box.y + box.height <= diagram.height + 1e-6, `${node.id} inside the diagram`);
    if (node.host === null) continue;
    const host = hosts.get(node.host)!;
    assert.ok(box.x >= host.x && box.y >= host.y && box.x + box.width <= host.x + host.width + 1e-6 && box.y + box.height <= host.y + host.height + 1e-6, `${node.id} inside ${node.host}`);
  }
  assert.equal(hosts.size, view.topology.hosts.length);
}

test('layout: ELK in its worker lays out a sample, hosts around their nodes', async () => {
  const view = reportView(new Snapshot(read(join(ROOT, 'samples', '08-gpudirect-cluster.dmatopo'))), '08.dmatopo');
  const diagram = await layoutDiagram(view.topology, { workerPath: WORKER, timeLimitMs: 20_000, elkLimit: 10_000 });
  assert.equal(diagram.engine, 'elk');
  checkBoxes(view, diagram);
});

test('layout: the grid when ELK runs out of time, within the time limit', async () => {
  const view = reportView(new Snapshot(read(join(ROOT, 'samples', '08-gpudirect-cluster.dmatopo'))), '08.dmatopo');
  const started = performance.now();
  const diagram = await layoutDiagram(view.topology, { workerPath: WORKER, timeLimitMs: 1, elkLimit: 10_000 });
  assert.equal(diagram.engine, 'grid');
  assert.ok(performance.now() - started < 1000, 'the time limit ends the worker');
  checkBoxes(view, diagram);
});

test('layout: the grid when the worker cannot start', async () => {
  const view = reportView(new Snapshot(read(join(ROOT, 'samples', '01-disk-and-network-io.dmatopo'))), '01.dmatopo');
  const diagram = await layoutDiagram(view.topology, { workerPath: join(ROOT, 'dist', 'no-such-worker.js'), timeLimitMs: 5000, elkLimit: 10_000 });
  assert.equal(diagram.engine, 'grid');
});

test('the 1,000-host benchmark topology: report view, grid layout and page in a few seconds', async () => {
  const snapshot = new Snapshot(generateFlows(1000, 10));
  // The layers the analysis builds anyway, before the panel asks: what is timed is the view's own work.
  snapshot.simulation();
  void snapshot.diagnostics;
  let started = performance.now();
  const view = reportView(snapshot, 'large.dmatopo');
  const viewMs = performance.now() - started;
  assert.equal(view.topology.hosts.length, 1000);
  started = performance.now();
  const diagram = await layoutDiagram(view.topology, { workerPath: WORKER, timeLimitMs: 3000, elkLimit: 600 });
  const layoutMs = performance.now() - started;
  assert.equal(diagram.engine, 'grid');
  checkBoxes(view, diagram);
  started = performance.now();
  const html = reportPage(view, diagram, REPORT_RESOURCES);
  const pageMs = performance.now() - started;
  assert.ok(html.includes('Laid out in a grid'));
  // Generous bounds for a loaded 2-core machine; each is tens of milliseconds when idle.
  assert.ok(viewMs < 3000 && layoutMs < 1000 && pageMs < 3000, `view ${viewMs.toFixed(0)} ms, layout ${layoutMs.toFixed(0)} ms, page ${pageMs.toFixed(0)} ms`);
});
