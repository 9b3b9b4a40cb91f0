// Go to definition, find references and document highlights, through the
// feature functions the language server calls: written with `|` cursors,
// through templates and host ranges, on every sample, and within a few
// milliseconds on the benchmark's 10,000-line topology.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocumentHighlightKind, type Location, type LocationLink } from 'vscode-languageserver';
import { generateTopology } from '../scripts/generate';
import { Snapshot } from '../server/src/analysis/snapshot';
import { definitionAt } from '../server/src/lsp/definition';
import { highlightsAt } from '../server/src/lsp/highlights';
import { referencesAt } from '../server/src/lsp/references';
import type { Range } from '../server/src/model/index';
import { read, sampleFiles, snapshotAt } from './helpers';

const URI = 'file:///lab.dmatopo';

/** A template stamped out by a host range, a host of its own, and flows and a network naming both. */
const CLUSTER = `template dgx {
  cpu s0 {}
  memory ram { size 64 GiB }
  iommu mmu {}
  gpu gpu0 { iommu mmu }
  nic nic0 { iommu mmu, rdma }
  link s0 -- gpu0 : pcie gen4 x16
  link s0 -- nic0 : pcie gen4 x16
  buffer halo { in gpu0, size 16 MiB }
  map nic0 -> halo rw
}
host node[0..7] : dgx {}
host store {
  cpu s0 {}
  memory ram { size 64 GiB }
  buffer staging { in ram, size 64 MiB, pinned }
}
network ib { kind infiniband, rate 200 Gb/s, attach node[0..7].nic0 }
flow halo_out { from node3.halo  to node4.halo  size 16 MiB  via rdma }
flow save { from node0.halo  to store.staging  size 16 MiB }
`;

/** `CLUSTER` with `|` before the `n`-th (0-based) whole-word occurrence of `word`, plus `after` characters. */
function at(word: string, n = 0, after = 0, text = CLUSTER): string {
  const found = [...text.matchAll(new RegExp(`(?<![A-Za-z0-9_])${word}(?![A-Za-z0-9_])`, 'g'))][n];
  assert.ok(found !== undefined, `occurrence ${n} of '${word}'`);
  const offset = found.index + after;
  return `${text.slice(0, offset)}|${text.slice(offset)}`;
}

/** The text a range covers. */
const slice = (snapshot: Snapshot, range: Range): string => snapshot.text.slice(snapshot.lines.offset(range.start), snapshot.lines.offset(range.end));
const line = (range: Range): number => range.start.line + 1;

/** The definition links at the one cursor of `marked`: for each, the word used, the name declared, its line, and the declaration's first line. */
function definitions(marked: string): Array<{ origin: string; name: string; line: number; declaration: string }> {
  const { snapshot, offsets } = snapshotAt(marked);
  const links = (definitionAt(snapshot, URI, offsets[0]!, true) ?? []) as LocationLink[];
  return links.map((link) => {
    assert.equal(link.targetUri, URI);
    const whole = slice(snapshot, link.targetRange);
    assert.ok(whole.includes(slice(snapshot, link.targetSelectionRange)), 'the name is inside the declaration');
    return { origin: slice(snapshot, link.originSelectionRange!), name: slice(snapshot, link.targetSelectionRange), line: line(link.targetSelectionRange), declaration: whole.split('\n')[0]! };
  });
}

describe('go to definition', () => {
  it("from a flow's `from`, through a host range and its template: the template's item, and the range's host", () => {
    assert.deepEqual(definitions(at('halo', 2, 2)), [{ origin: 'halo', name: 'halo', line: 9, declaration: 'buffer halo { in gpu0, size 16 MiB }' }]);
    assert.deepEqual(definitions(at('node3', 0, 4)), [{ origin: 'node3', name: 'node', line: 12, declaration: 'host node[0..7] : dgx {}' }]);
    // The cursor right after the word is still on it.
    assert.deepEqual(definitions(at('node4', 0, 5)).map((d) => d.line), [12]);
  });

  it("from a map's device and buffer, a link's end, a buffer's `in`: the declarations in the same template", () => {
    assert.deepEqual(definitions(at('halo', 1, 1)).map((d) => [d.name, d.line]), [['halo', 9]]);
    assert.deepEqual(definitions(at('nic0', 2)).map((d) => [d.name, d.line]), [['nic0', 6]]);
    assert.deepEqual(definitions(at('gpu0', 1)).map((d) => [d.name, d.line]), [['gpu0', 5]]);
    assert.deepEqual(definitions(at('gpu0', 2)).map((d) => [d.name, d.line]), [['gpu0', 5]]);
    assert.deepEqual(definitions(at('mmu', 2)).map((d) => [d.name, d.line]), [['mmu', 4]]);
  });

  it("from a host's `: template` to the template, from a range reference to the range and its item, from the other host", () => {
    assert.deepEqual(definitions(at('dgx', 1, 1)), [{ origin: 'dgx', name: 'dgx', line: 1, declaration: 'template dgx {' }]);
    assert.deepEqual(definitions(at('node', 1)).map((d) => [d.origin, d.line]), [['node', 12]], 'the node of node[0..7].nic0');
    assert.deepEqual(definitions(at('nic0', 3)).map((d) => [d.origin, d.line]), [['nic0', 6]], 'its nic0');
    assert.deepEqual(definitions(at('staging', 1)).map((d) => [d.name, d.line]), [['staging', 16]]);
    assert.deepEqual(definitions(at('store', 1)).map((d) => [d.name, d.line]), [['store', 13]]);
  });

  it('a declaration goes to itself', () => {
    assert.deepEqual(definitions(at('save', 0, 2)), [{ origin: 'save', name: 'save', line: 20, declaration: 'flow save { from node0.halo  to store.staging  size 16 MiB }' }]);
  });

  it('plain locations for a client without link support', () => {
    const { snapshot, offsets } = snapshotAt(at('halo', 2));
    const locations = definitionAt(snapshot, URI, offsets[0]!, false) as Location[];
    assert.deepEqual(locations.map((l) => [l.uri, slice(snapshot, l.range), line(l.range)]), [[URI, 'halo', 9]]);
  });

  it('a range reference over hosts declared one by one goes to each of them', () => {
    const marked = `host h0 { cpu s0 {} nic nic0 {} link s0 -- nic0 : pcie gen4 x16 }
host h1 { cpu s0 {} nic nic0 {} link s0 -- nic0 : pcie gen4 x16 }
network ib { kind infiniband, rate 200 Gb/s, attach |h[0..1].nic0 }
`;
    assert.deepEqual(definitions(marked).map((d) => [d.origin, d.name, d.line]), [['h', 'h0', 1], ['h', 'h1', 2]]);
    assert.deepEqual(definitions(marked.replace('|h[0..1].nic0', 'h[0..1].ni|c0')).map((d) => [d.origin, d.line]), [['nic0', 1], ['nic0', 2]]);
  });

  it('nothing from a keyword, a property, a number, a unit, an enum value, a comment, an unknown name or whitespace', () => {
    const text = `// a comment naming s0
host a {
  cpu s0 { vendor amd }
  memory ram { size 64 GiB, cpu s0 }
  buffer b { in rom, size 1 MiB }
}
`;
    for (const [word, after] of [['a comment', 3], ['host', 1], ['size', 1], ['64', 1], ['GiB', 1], ['amd', 1], ['rom', 1], ['  cpu s0', 1]] as const) {
      const offset = text.indexOf(word) + after;
      const { snapshot, offsets } = snapshotAt(`${text.slice(0, offset)}|${text.slice(offset)}`);
      assert.equal(definitionAt(snapshot, URI, offsets[0]!, true), null, `on '${word}'`);
    }
  });
});

/** The references at the one cursor of `marked`: each as `text@line`. */
function references(marked: string, includeDeclaration: boolean): string[] {
  const { snapshot, offsets } = snapshotAt(marked);
  return referencesAt(snapshot, URI, offsets[0]!, includeDeclaration).map((l) => `${slice(snapshot, l.range)}@${line(l.range)}`);
}

describe('find references', () => {
  it("every use of a template's item, from a use or from the declaration, with or without the declaration", () => {
    const uses = ['halo@10', 'halo@19', 'halo@19', 'halo@20'];
    assert.deepEqual(references(at('halo', 2), false), uses);
    assert.deepEqual(references(at('halo', 0), false), uses);
    assert.deepEqual(references(at('halo', 3), true), ['halo@9', ...uses]);
  });

  it("a host range's uses, each with its index, and the range reference", () => {
    assert.deepEqual(references(at('node3'), true), ['node@12', 'node@18', 'node3@19', 'node4@19', 'node0@20']);
    assert.deepEqual(references(at('node', 0, 2), false), ['node@18', 'node3@19', 'node4@19', 'node0@20']);
  });

  it('a template: the hosts made from it', () => {
    assert.deepEqual(references(at('dgx'), true), ['dgx@1', 'dgx@12']);
  });

  it('a declaration nothing uses, and a place that is no name', () => {
    assert.deepEqual(references(at('ib'), true), ['ib@18']);
    assert.deepEqual(references(at('ib'), false), []);
    assert.deepEqual(references(at('rate', 0, 1), true), []);
  });
});

describe('document highlights', () => {
  it('the declaration as written, the uses as read', () => {
    const { snapshot, offsets } = snapshotAt(at('s0', 2));
    const highlights = highlightsAt(snapshot, offsets[0]!).map((h) => [slice(snapshot, h.range), line(h.range), h.kind]);
    const { Read, Write } = DocumentHighlightKind;
    assert.deepEqual(highlights, [['s0', 2, Write], ['s0', 7, Read], ['s0', 8, Read]]);
  });

  it("a host range's uses with their index", () => {
    const { snapshot, offsets } = snapshotAt(at('node0'));
    assert.deepEqual(highlightsAt(snapshot, offsets[0]!).map((h) => `${slice(snapshot, h.range)}@${line(h.range)}:${h.kind}`), ['node@12:3', 'node@18:2', 'node3@19:2', 'node4@19:2', 'node0@20:2']);
  });

  it('none where there is no name', () => {
    const { snapshot, offsets } = snapshotAt(at('16', 0, 1));
    assert.deepEqual(highlightsAt(snapshot, offsets[0]!), []);
  });
});

describe('navigation: every sample', () => {
  for (const file of [...sampleFiles(), ...sampleFiles('samples/broken')]) {
    it(file.replace(/.*samples\//, 'samples/'), () => {
      const snapshot = new Snapshot(read(file));
      const { text, references: list } = snapshot;
      // From every use, its declaration; from every declaration, every use, in the highlights too.
      for (const reference of list.all()) {
        const links = definitionAt(snapshot, URI, reference.span.start, true) as LocationLink[];
        assert.ok(links.some((l) => snapshot.lines.offset(l.targetSelectionRange.start) === reference.declaration.span.start), `from ${text.slice(reference.span.start, reference.span.end)}`);
      }
      for (const declaration of list.declarations) {
        const uses = list.referencesTo(declaration).map((r) => r.span.start);
        const found = referencesAt(snapshot, URI, declaration.span.start, false).map((l) => snapshot.lines.offset(l.range.start));
        assert.deepEqual(found, uses, `uses of '${declaration.name}'`);
        const highlights = highlightsAt(snapshot, declaration.span.end);
        assert.equal(highlights.length, uses.length + 1);
      }
      // Anywhere else, nothing, and nothing that throws.
      for (let offset = 0; offset <= text.length; offset += 3) {
        const name = list.at(offset);
        const links = definitionAt(snapshot, URI, offset, true);
        assert.equal(links === null, name === undefined, `at ${offset}`);
        if (name === undefined) assert.deepEqual([referencesAt(snapshot, URI, offset, true), highlightsAt(snapshot, offset)], [[], []]);
      }
    });
  }
});

describe('navigation on 10,000 lines', () => {
  it('answers each request in a few milliseconds once the references are built', () => {
    const snapshot = new Snapshot(generateTopology(10_000));
    const { text } = snapshot;
    void snapshot.references;
    const map = text.indexOf('map nic0 -> halo', text.length / 2) + 4;
    const flow = text.indexOf('from ', Math.floor(text.length * 0.9)) + 5;
    const requests: Array<[string, () => unknown]> = [
      ['definition of a map device', () => definitionAt(snapshot, URI, map, true)],
      ['definition of a flow end', () => definitionAt(snapshot, URI, flow, true)],
      ['references of a host', () => referencesAt(snapshot, URI, flow, true)],
      ['references of a nic', () => referencesAt(snapshot, URI, map, true)],
      ['highlights of a nic', () => highlightsAt(snapshot, map)],
    ];
    for (const [what, request] of requests) {
      assert.ok((request() as unknown[]).length > 0, what);
      const times: number[] = [];
      for (let i = 0; i < 21; i++) {
        const started = performance.now();
        request();
        times.push(performance.now() - started);
      }
      const median = times.sort((a, b) => a - b)[10]!;
      // About 10 µs here: the reference list's binary searches. 2 ms leaves room for a loaded machine, and still
      // fails a request that builds an index of its own or walks the model.
      assert.ok(median < 2, `${what}: median ${median.toFixed(3)} ms`);
    }
  });
});
