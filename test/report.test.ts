// The simulation report the client's "Run Simulation" and "Show Report"
// show: its Markdown from a snapshot, and the server's report and groups
// requests over stdio.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GroupsRequest, SimulationReportRequest } from '../protocol/messages';
import { Snapshot } from '../server/src/analysis/snapshot';
import { formatRate } from '../server/src/model/human';
import { escapeMarkdown, escapeMarkdownLine, markdownReport } from '../server/src/report/markdown';
import { read, ROOT, sampleFiles } from './helpers';
import { basename, join } from 'node:path';
import { TestClient } from './lspClient';

const RDMA = read(join(ROOT, 'samples/07-rdma-vs-kernel.dmatopo'));

describe('the Markdown report', () => {
  it('has one section per group with each flow and its throughput as simulate computes it', () => {
    const snapshot = new Snapshot(RDMA);
    const markdown = markdownReport(snapshot, '07-rdma-vs-kernel.dmatopo');
    const groups = snapshot.groups;
    assert.ok(groups.length >= 2, 'the sample has several groups');
    for (const group of groups) assert.match(markdown, new RegExp(`^## Group ${group}$`, 'm'));
    for (const flow of snapshot.simulation().flows) {
      const row = markdown.split('\n').find((line) => line.startsWith(`| ${escapeMarkdown(flow.name)} |`));
      assert.ok(row !== undefined, `a row for flow ${flow.name}`);
      assert.ok(row.includes(` ${formatRate(flow.throughputBytesPerSecond)} `), `${flow.name}'s throughput in: ${row}`);
    }
  });

  it('shows one group alone when asked for it', () => {
    const snapshot = new Snapshot(RDMA);
    const [first, second] = snapshot.groups;
    const markdown = markdownReport(snapshot, 'x.dmatopo', first);
    const inFirst = snapshot.simulation(first).flows.map((f) => f.name);
    const inSecond = snapshot.simulation(second).flows.map((f) => f.name);
    const rowOf = (name: string) => markdown.split('\n').some((line) => line.startsWith(`| ${escapeMarkdown(name)} |`));
    for (const name of inFirst) assert.ok(rowOf(name), name);
    for (const name of inSecond) assert.ok(!rowOf(name), name);
  });

  it('reads every text from the file as text, never as markup', () => {
    const text = 'topology "<img src=x onerror=alert(1)> | *bold* [link](http://x) `code`"\nhost h { cpu c {} }\nflow f { from h.c, to h.nothing, size 1 MiB }\n';
    const markdown = markdownReport(new Snapshot(text), 'evil.dmatopo');
    const heading = markdown.split('\n')[0]!;
    assert.equal(heading, '# \\<img src=x onerror=alert(1)\\> \\| \\*bold\\* \\[link\\](http://x) \\`code\\`');
    // The REF001 message quotes a name; the table row keeps its four cells.
    const row = markdown.split('\n').find((line) => line.includes('REF001'));
    assert.ok(row !== undefined);
    assert.equal(row.split(/(?<!\\)\|/).length - 2, 4, row);
  });

  it('escapes what would start a block at the start of a line', () => {
    assert.equal(escapeMarkdownLine('# not a heading'), '\\# not a heading');
    assert.equal(escapeMarkdownLine('- not a list'), '\\- not a list');
    assert.equal(escapeMarkdownLine('1. not a list'), '1\\. not a list');
    assert.equal(escapeMarkdown('1.5 GB/s'), '1.5 GB/s');
    assert.equal(escapeMarkdown('two\nlines'), 'two lines');
  });

  it('says when there is nothing to simulate, and lists the diagnostics', () => {
    const markdown = markdownReport(new Snapshot('host h { cpu c { cores 4 GiB } }\n'), 'none.dmatopo');
    assert.match(markdown, /declares no flow/);
    assert.match(markdown, /^\| 1 \| error \| UNIT001 \|/m);
  });

  it('is made for every sample', () => {
    for (const file of sampleFiles()) {
      const markdown = markdownReport(new Snapshot(read(file)), basename(file));
      assert.match(markdown, /^# /, file);
    }
  });
});

describe('the report over the protocol', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient();
    await client.initialize();
  });
  after(() => client.stop());

  it('lists the groups and reports the document as it is in the editor', async () => {
    const uri = client.uri('rdma.dmatopo');
    await client.open(uri, RDMA);
    const groups = await client.connection.sendRequest(GroupsRequest, { uri });
    assert.deepEqual(groups, new Snapshot(RDMA).groups);
    const report = await client.connection.sendRequest(SimulationReportRequest, { uri, group: groups[1]! });
    assert.equal(report.version, 1);
    assert.deepEqual(report.groups, groups);
    assert.equal(report.flows, new Snapshot(RDMA).simulation(groups[1]).flows.length);
    assert.match(report.markdown, /^# /);
  });

  it('refuses a group the document does not have, naming those it has', async () => {
    const uri = client.uri('groups.dmatopo');
    await client.open(uri, RDMA);
    await assert.rejects(client.connection.sendRequest(SimulationReportRequest, { uri, group: 'nope' }), /no group 'nope'; its groups: /);
  });
});
