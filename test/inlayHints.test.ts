// Inlay hints: the simulation's figures at the end of each flow and link,
// written the way a user reads them, with the cursor `|` where each hint
// shows; the settings that turn each kind off, and how the server keeps them.
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { describe, it } from 'node:test';
import type { InlayHint, MarkupContent } from 'vscode-languageserver';
import { Snapshot } from '../server/src/analysis/snapshot';
import { builds } from '../server/src/sim/builds';
import { inlayHints } from '../server/src/lsp/inlayHints';
import { DEFAULT_EDITOR_SETTINGS, DocumentSettings, editorSettingsFrom, type EditorSettings, type SettingsClient } from '../server/src/lsp/settings';
import type { Span } from '../server/src/syntax/ast';
import { generateTopology } from '../scripts/generate';
import { expectInlayHints, read, sampleFiles, ROOT } from './helpers';

/** `text` with a cursor after what each of `patterns` matches (exactly once). */
function markAfter(text: string, patterns: readonly RegExp[]): string {
  const ends = patterns.map((pattern) => {
    const matches = [...text.matchAll(new RegExp(pattern, 'g'))];
    assert.equal(matches.length, 1, `${pattern} matches once`);
    return matches[0]!.index + matches[0]![0].length;
  });
  let marked = text;
  for (const end of ends.sort((a, b) => b - a)) marked = `${marked.slice(0, end)}|${marked.slice(end)}`;
  return marked;
}

const sample = (name: string): string => read(`${ROOT}/samples/${name}`);
const tooltip = (hint: InlayHint): string => (hint.tooltip as MarkupContent).value;
const everything = (snapshot: Snapshot, show = DEFAULT_EDITOR_SETTINGS.inlayHints): InlayHint[] =>
  inlayHints(snapshot, { start: { line: 0, character: 0 }, end: snapshot.lines.position(snapshot.text.length) }, show);

/** A camera whose 16 Gb/s bus carries 2 GB/s each way: figures that can be checked by hand. */
const CAMERA = `host cam {
  cpu soc { cores 4 }
  memory ram { size 8 GiB, bandwidth 100 GB/s }
  iommu smmu { mode strict }
  camera cam0 { iommu smmu }
  link cam0 -- soc : bus 16 Gb/s|
  buffer frames { in ram, size 1 MiB, count 4, pinned }
  map cam0 -> frames write
}
`;
/** The camera without its link's cursor, for cases that look at flows. */
const CAMERA_FLOWS = CAMERA.replace('|', '');

describe('inlay hints on flows', () => {
  it("shows a sample's quoted throughput, transfer time, copies and bottleneck after the flow's closing brace", () => {
    // The figures samples/08 quotes on its `sim:` lines, which sample-figures.test.ts holds to the simulation.
    const flows = ['staged_01', 'staged_12', 'staged_23', 'staged_30', 'direct_01', 'direct_12', 'direct_23', 'direct_30'];
    const marked = markAfter(sample('08-gpudirect-cluster.dmatopo'), flows.map((name) => new RegExp(`flow ${name} \\{[^}]*\\}`)));
    const staged = (node: number) => `13 GB/s · transfer 1.62 ms · 4 copies · no drops · bottleneck node${node}.sw0--node${node}.s0`;
    const direct = (node: number) => `13 GB/s · transfer 1.3 ms · 0 copies · no drops · bottleneck node${node}.sw0--node${node}.s0`;
    const hints = expectInlayHints(marked, [staged(0), staged(1), staged(2), staged(0), direct(0), direct(1), direct(2), direct(0)], { show: { flows: true, links: false } });
    // The tooltip summarises each figure's derivation, naming what limited it.
    assert.match(tooltip(hints[0]!), /^\*\*flow staged_01\*\*, group host_staged: via staged \(written in the flow\); path class PIX; latency 333 µs/);
    assert.match(tooltip(hints[0]!), /- \*\*Throughput of staged\\_01: 13 GB\/s\*\* = its max-min fair share of the bottleneck.*; limited by node0\.sw0--node0\.s0\n {2}- capacity of node0\.sw0--node0\.s0: 26 GB\/s \(derived: lanes × GT\/s/);
    assert.match(tooltip(hints[0]!), /- \*\*Time of one transfer of staged\\_01: 1\.62 ms\*\* = size \/ rate \+ latency\n {2}- size 16 MiB — written: size \(line 113\)/);
  });

  it('names no bottleneck for a flow its own rate limits, and says so in the tooltip', () => {
    const marked = markAfter(sample('01-disk-and-network-io.dmatopo'), [/flow read_file \{[^}]*\}/, /flow send_file \{[^}]*\}/]);
    const hints = expectInlayHints(marked, ['9.49 GB/s · transfer 113 ms · 0 copies · no drops · bottleneck fileserver.ssd0--fileserver.s0', '12 GB/s · transfer 89.5 ms · 0 copies · no drops'], {
      show: { flows: true, links: false },
    });
    assert.match(tooltip(hints[1]!), /; limited by its rate\./);
    assert.match(tooltip(hints[1]!), /= its demand: the path carries all of it/);
  });

  it("shows a periodic flow's drops, and the ring's derivation", () => {
    // 100 frames a second, each taking the consumer 20 ms: every other frame finds the ring full.
    const hints = expectInlayHints(`${CAMERA_FLOWS}flow slow { from cam.cam0, to cam.frames, size 1 MiB, rate 100 fps, consume 20 ms }|\n`, ['52.4 MB/s · transfer 10 ms · 0 copies · drops 50 %'], {
      show: { flows: true, links: false },
    });
    assert.match(tooltip(hints[0]!), /- \*\*Drop rate of slow: 50 %\*\* = .*\n( {2}- .*\n)* {2}- ring drop 50 % — derived$/);
  });

  it('says why a flow is not simulated rather than showing a figure that means nothing', () => {
    // An unresolved endpoint leaves a result of zeros: "0 B/s" would read as a figure. The hint says why there is none.
    expectInlayHints(
      `${CAMERA_FLOWS}flow video { from cam.cam0, to cam.frames, size 1 MiB, rate 500 MB/s }|
flow lost { from cam.cam1, to cam.frames, size 1 MiB }|
flow video { from cam.cam0, to cam.frames, size 2 MiB }|
flow { from cam.cam0, to cam.frames, size 2 MiB }|
`,
      ['500 MB/s · transfer 2.1 ms · 0 copies · no drops', 'not simulated: an endpoint did not resolve', "not simulated: an earlier declaration is named 'video'", 'not simulated: the flow has no name'],
      { show: { flows: true, links: false } },
    );
  });

  it('says a file past the instantiation limit is not simulated, and shows no link figures', { timeout: 60_000 }, () => {
    const memories = Array.from({ length: 10 }, (_, i) => `  memory m${i} { size 1 GiB }`).join('\n');
    const text = `template t {\n  cpu c {}\n${memories}\n  buffer b { in m0, size 1 MiB }\n  link c -- c : bus 1 GB/s\n}\nhost a_[0..4095] : t {}\nhost b_[0..4095] : t {}\nflow f { from a_1.b, to a_2.b, size 1 MiB }|\n`;
    expectInlayHints(text, ['not simulated: the file instantiates more from templates and host ranges than one file may (LIM001)']);
  });
});

describe('inlay hints on links', () => {
  it("shows a link's usable capacity each way and how much of it the busiest group uses", () => {
    const hints = expectInlayHints(`${CAMERA}flow video { from cam.cam0, to cam.frames, size 1 MiB, rate 500 MB/s }\n`, ['2 GB/s each way · 25 % used'], { show: { flows: false, links: true } });
    assert.match(tooltip(hints[0]!), /^\*\*link cam\.cam0--cam\.soc\*\*\n\nBusiest: cam\.cam0--cam\.soc in group default, 500 MB\/s in its busier direction, 25 % of its capacity\.\n\n- \*\*Usable capacity of cam\.cam0--cam\.soc: 2 GB\/s\*\* = rate as written\n {2}- rate 2 GB\/s — written: rate \(line 6\)$/);
  });

  it('names the busiest group when the flows run in several, and says when no flow crosses a link', () => {
    expectInlayHints(
      `${CAMERA}host other {\n  cpu s0 {}\n  nic nic0 {}\n  link nic0 -- s0 : pcie gen3 x4|\n}\nflow a { from cam.cam0, to cam.frames, size 1 MiB, rate 500 MB/s, group light }\nflow b { from cam.cam0, to cam.frames, size 1 MiB, rate 1 GB/s, group heavy }\n`,
      ['2 GB/s each way · 50 % used in group heavy', '3.32 GB/s each way · unused'],
      { show: { flows: false, links: true } },
    );
  });

  it("shows a template's or a host range's link once, naming the hosts, with the busiest host's use", () => {
    const hints = expectInlayHints(
      `template box {
  cpu s0 {}
  memory ram { size 8 GiB }
  nic nic0 {}
  link nic0 -- s0 : pcie gen3 x4|
  buffer b { in ram, size 1 MiB, pinned }
  map nic0 -> b read
}
host n[0..3] {
  cpu s0 {}
  memory ram { size 8 GiB }
  nic nic0 {}
  link nic0 -- s0 : bus 8 Gb/s|
  buffer b { in ram, size 1 MiB, pinned }
  map nic0 -> b read
}
host a : box {}
host b : box {}
host c[0..1] : box {}
link a.nic0 -- b.nic0 : ethernet 100 Gb/s|
flow f { from n2.b, to n2.nic0, size 1 MiB, rate 500 MB/s }
`,
      ['a, b, c[0..1]: 3.32 GB/s each way · unused', 'n[0..3]: 1 GB/s each way · 50 % used', '12.2 GB/s each way · unused'],
      { show: { flows: false, links: true } },
    );
    assert.match(tooltip(hints[1]!), /^\*\*4 links\*\* of n\[0\.\.3\]: n0\.nic0--n0\.s0, n1\.nic0--n1\.s0, n2\.nic0--n2\.s0, n3\.nic0--n3\.s0\./);
    assert.match(tooltip(hints[1]!), /Busiest: n2\.nic0--n2\.s0 in group default, 500 MB\/s/);
  });

  it("gives samples/08's template links one hint each, not one per node", () => {
    const links = [/link sw0 -- s0 : pcie gen4 x16 mps 256 B/, /link gpu0 -- sw0 : pcie gen4 x16/, /link gpu1 -- sw0 : pcie gen4 x16/, /link nic0 -- sw0 : pcie gen4 x16/, /link gpu0 -- gpu1 : nvlink 300 GB\/s/];
    expectInlayHints(
      markAfter(sample('08-gpudirect-cluster.dmatopo'), links),
      [
        'node[0..3]: 26 GB/s each way · 100 % used in group host_staged',
        'node[0..3]: 26 GB/s each way · 50 % used in group host_staged',
        'node[0..3]: 26 GB/s each way · unused',
        'node[0..3]: 26 GB/s each way · 50 % used in group host_staged',
        'node[0..3]: 300 GB/s each way · unused',
      ],
      { show: { flows: false, links: true } },
    );
  });
});

describe('the range asked for', () => {
  it('answers only for the declarations on the lines asked for', () => {
    // One flow a line, on lines 10 to 40 (zero-based): a request for lines 10–20 gets the eleven hints there.
    const flows = Array.from({ length: 31 }, (_, i) => `flow f${i + 10} { from cam.cam0, to cam.frames, size 1 MiB, rate 10 MB/s }${i + 10 <= 20 ? '|' : ''}`);
    const marked = `${CAMERA_FLOWS}// one flow a line\n${flows.join('\n')}\n`;
    assert.ok(marked.split('\n')[10]!.startsWith('flow f10 '));
    expectInlayHints(marked, Array<string>(11).fill('10 MB/s · transfer 105 ms · 0 copies · no drops'), { lines: { first: 10, last: 20 } });
    assert.equal(everything(new Snapshot(marked.replaceAll('|', ''))).length, 32, 'the whole document has a hint for each flow and the link');
  });

  it("goes by where a hint shows: after a flow's closing brace, whichever lines the flow starts on", () => {
    const text = sample('01-disk-and-network-io.dmatopo');
    // read_file is on lines 73–78 (zero-based), its hint after the brace on line 78.
    expectInlayHints(markAfter(text, [/flow read_file \{[^}]*\}/]), ['9.49 GB/s · transfer 113 ms · 0 copies · no drops · bottleneck fileserver.ssd0--fileserver.s0'], { lines: { first: 75, last: 80 } });
    expectInlayHints(text, [], { lines: { first: 72, last: 77 } });
  });

  it('answers for a window of the 10,000-line file from indexes built once for the snapshot', { timeout: 120_000 }, () => {
    const snapshot = new Snapshot(generateTopology(10_000));
    const window = (line: number) => inlayHints(snapshot, { start: { line, character: 0 }, end: { line: line + 60, character: 0 } }, DEFAULT_EDITOR_SETTINGS.inlayHints);
    window(0);
    const before = { ...builds };
    const lineCount = snapshot.lines.position(snapshot.text.length).line;
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const line = Math.floor((i / 40) * (lineCount - 60));
      const started = performance.now();
      const hints = window(line);
      times.push(performance.now() - started);
      for (const hint of hints) assert.ok(hint.position.line >= line && hint.position.line <= line + 60, 'every hint in the window');
    }
    assert.deepEqual({ ...builds }, before, 'no fabric, plan or simulation built again');
    times.sort((a, b) => a - b);
    // About 0.2 ms measured; a scan of the file's 2,500 declarations and their figures takes some 200 ms.
    assert.ok(times[20]! < 20, `median ${times[20]!.toFixed(2)} ms for a window`);
  });
});

describe('the settings', () => {
  const marked = `${CAMERA}flow video { from cam.cam0, to cam.frames, size 1 MiB, rate 500 MB/s }|\n`;

  it('turns the flows off, the links off, or both', () => {
    const flow = '500 MB/s · transfer 2.1 ms · 0 copies · no drops';
    const link = '2 GB/s each way · 25 % used';
    expectInlayHints(marked, [link, flow]);
    // The link's cursor comes first.
    expectInlayHints(marked.replace('|', ''), [flow], { show: { flows: true, links: false } });
    expectInlayHints(marked.replace(/\|\n$/, '\n'), [link], { show: { flows: false, links: true } });
    expectInlayHints(marked.replaceAll('|', ''), [], { show: { flows: false, links: false } });
  });

  it('reads the dmatopo section leniently: what is missing or not a boolean keeps its default', () => {
    const on = { flows: true, links: true };
    assert.deepEqual(editorSettingsFrom({ inlayHints: { flows: false } }).inlayHints, { flows: false, links: true });
    assert.deepEqual(editorSettingsFrom({ inlayHints: { flows: 'no', links: false } }).inlayHints, { flows: true, links: false });
    for (const answer of [null, undefined, 3, 'x', {}, { inlayHints: null }]) assert.deepEqual(editorSettingsFrom(answer).inlayHints, on);
  });

  /** A client that answers workspace/configuration with `answer` and records what it is asked. */
  function client(answer: () => Promise<unknown>): SettingsClient & { asked: string[]; refreshes: number } {
    const recorded = {
      asked: [] as string[],
      refreshes: 0,
      configuration: (scopeUri: string, section: string) => {
        recorded.asked.push(`${section} ${scopeUri}`);
        return answer();
      },
      refreshInlayHints: async () => void recorded.refreshes++,
    };
    return recorded;
  }

  it("asks for a document's settings once, scoped to it, until the client reports a change; then asks again and refreshes the hints", async () => {
    let flows = false;
    const fake = client(async () => ({ inlayHints: { flows } }));
    const settings = new DocumentSettings(fake);
    settings.capabilities({ workspace: { configuration: true, inlayHint: { refreshSupport: true } } });
    const first: EditorSettings = await settings.of('file:///a.dmatopo');
    assert.deepEqual(first.inlayHints, { flows: false, links: true });
    await settings.of('file:///a.dmatopo');
    await settings.of('file:///b.dmatopo');
    assert.deepEqual(fake.asked, ['dmatopo file:///a.dmatopo', 'dmatopo file:///b.dmatopo']);
    flows = true;
    settings.changed();
    assert.equal(fake.refreshes, 1);
    assert.deepEqual((await settings.of('file:///a.dmatopo')).inlayHints, { flows: true, links: true });
    assert.equal(fake.asked.length, 3);
    settings.forget('file:///b.dmatopo');
    await settings.of('file:///b.dmatopo');
    assert.equal(fake.asked.length, 4, 'a document opened again is asked again');
  });

  it('gives the defaults without asking a client that cannot answer, and does not refresh a client that cannot', async () => {
    const fake = client(async () => ({ inlayHints: { flows: false, links: false } }));
    const settings = new DocumentSettings(fake);
    settings.capabilities({});
    assert.deepEqual(await settings.of('file:///a.dmatopo'), DEFAULT_EDITOR_SETTINGS);
    settings.changed();
    assert.deepEqual([fake.asked, fake.refreshes], [[], 0]);
  });

  it('gives the defaults when the client fails to answer, and asks again next time', async () => {
    let fail = true;
    const fake = client(async () => {
      if (fail) throw new Error('no answer');
      return { inlayHints: { links: false } };
    });
    const settings = new DocumentSettings(fake);
    settings.capabilities({ workspace: { configuration: true } });
    assert.deepEqual(await settings.of('file:///a.dmatopo'), DEFAULT_EDITOR_SETTINGS);
    fail = false;
    assert.deepEqual((await settings.of('file:///a.dmatopo')).inlayHints, { flows: true, links: false });
  });
});

describe('inlay hints on every sample', () => {
  for (const file of [...sampleFiles(), ...sampleFiles('samples/broken')]) {
    it(`${basename(file)}: one hint at the end of every flow, and of every link the model holds`, () => {
      const snapshot = new Snapshot(read(file));
      const hints = everything(snapshot);
      const at = new Map(hints.map((hint) => [snapshot.lines.offset(hint.position), hint]));
      assert.equal(at.size, hints.length, 'one hint per place');
      const flows: Span[] = [];
      const links: Span[] = [];
      for (const decl of snapshot.tree.declarations) {
        if (decl.kind === 'flow') flows.push(decl.span);
        if (decl.kind === 'link') links.push(decl.span);
        if (decl.kind === 'host' || decl.kind === 'template') for (const item of decl.items) if (item.kind === 'link') links.push(item.span);
      }
      for (const span of flows) assert.ok(at.has(span.end), `a hint after the flow at offset ${span.start}`);
      const modelled = new Set([...snapshot.model.links, ...[...snapshot.model.hosts.values()].flatMap((host) => host.links)].map((link) => link.span.end));
      for (const span of links) assert.equal(at.has(span.end), modelled.has(span.end), `a hint after the link at offset ${span.start} exactly when the model holds it`);
      assert.equal(hints.length, flows.length + links.filter((span) => modelled.has(span.end)).length);
      for (const hint of hints) {
        assert.doesNotMatch(String(hint.label), /NaN|undefined|Infinity/);
        assert.ok(tooltip(hint).length > 0);
      }
      if (!file.includes('broken')) for (const hint of hints) assert.doesNotMatch(String(hint.label), /not simulated/);
    });
  }
});
