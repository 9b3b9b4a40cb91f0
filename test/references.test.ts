// The reference list through the Snapshot: from each use of a name, its
// declaration; from a declaration, every use, in document order. A test
// document marks a declaration's name with `|` first, then each of its uses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Snapshot } from '../server/src/analysis/snapshot';
import type { NameDeclaration } from '../server/src/model/index';
import type { Span } from '../server/src/syntax/index';
import { cursors, read, sampleFiles } from './helpers';

/** The host most cases add to: every kind of item, each referred to. */
const LAB = `host lab {
  cpu s0 { cores 16 }
  memory ram { size 64 GiB, cpu s0 }
  iommu mmu { mode strict }
  switch sw0 {}
  gpu gpu0 { iommu mmu, memory 80 GiB }
  nic nic0 { iommu mmu, rdma }
  dma dma0 { iommu mmu, sg }
  link s0 -- sw0 : pcie gen4 x16
  link sw0 -- gpu0 : pcie gen4 x16
  link sw0 -- nic0 : pcie gen4 x16
  link s0 -- dma0 : pcie gen4 x16
  buffer staging { in ram, size 64 MiB, pinned }
  buffer weights { in gpu0, size 1 GiB }
  map nic0 -> staging rw
  map gpu0 -> staging read
  mr reg { buffer staging, nic nic0 }
  vm guest { passthrough nic0, gpu0 }
}
host peer {
  cpu s0 {}
  memory ram { size 64 GiB }
  iommu mmu {}
  nic nic0 { iommu mmu, rdma }
  link s0 -- nic0 : pcie gen4 x16
  buffer inbox { in ram, size 64 MiB, pinned }
  map nic0 -> inbox write
}
link lab.nic0 -- peer.nic0 : infiniband 200 Gb/s
flow publish { from lab.weights  to peer.inbox  size 64 MiB  via gpudirect }
flow copy { from lab.staging  to lab.weights  size 1 MiB  engine lab.dma0  via dma }
`;

/** The marked names of `marked`: `|` before the declaration first, then before each of its uses in document order. */
function expectUses(marked: string): { snapshot: Snapshot; declaration: NameDeclaration } {
  const { text, offsets } = cursors(marked);
  const [declaredAt, ...usedAt] = offsets;
  const snapshot = new Snapshot(text);
  const references = snapshot.references;
  const declared = references.at(declaredAt!);
  assert.equal(declared?.role, 'declaration', `a declaration at ${declaredAt}`);
  const declaration = declared.declarations[0]!;
  assert.equal(declaration.span.start, declaredAt);
  for (const at of usedAt) {
    const used = references.at(at);
    assert.equal(used?.role, 'reference', `a reference at ${at}: '${text.slice(at, at + 12)}…'`);
    assert.equal(used.span.start, at);
    assert.deepEqual(used.declarations.map((d) => d.span), [declaration.span], `the use at ${at} names '${declaration.name}'`);
  }
  assert.deepEqual(references.referencesTo(declaration).map((r) => r.span.start), usedAt, `every use of '${declaration.name}'`);
  return { snapshot, declaration };
}

/** LAB with `|` inserted before the `n`-th (0-based) occurrence of each `[word, n]`, in document order. */
function marked(text: string, ...words: Array<readonly [string, number]>): string {
  const at: number[] = [];
  for (const [word, n] of words) {
    const pattern = new RegExp(`(?<![A-Za-z0-9_])${word}(?![A-Za-z0-9_])`, 'g');
    const found = [...text.matchAll(pattern)][n];
    assert.ok(found !== undefined, `occurrence ${n} of '${word}'`);
    at.push(found.index);
  }
  let out = text;
  for (const offset of [...at].sort((a, b) => b - a)) out = `${out.slice(0, offset)}|${out.slice(offset)}`;
  return out;
}

describe('references: from a use to its declaration and back', () => {
  it('local names inside a host: cpu, iommu, in, link ends, map, mr, vm', () => {
    // lab's s0: memory's cpu, two link ends; lab's mmu: three devices' iommu.
    expectUses(marked(LAB, ['s0', 0], ['s0', 1], ['s0', 2], ['s0', 3]));
    expectUses(marked(LAB, ['mmu', 0], ['mmu', 1], ['mmu', 2], ['mmu', 3]));
    // ram's `in`; gpu0's link end, `in`, map, passthrough.
    expectUses(marked(LAB, ['ram', 0], ['ram', 1]));
    expectUses(marked(LAB, ['gpu0', 0], ['gpu0', 1], ['gpu0', 2], ['gpu0', 3], ['gpu0', 4]));
    // nic0: link end, map, mr's nic, passthrough, then the top-level link's lab.nic0.
    expectUses(marked(LAB, ['nic0', 0], ['nic0', 1], ['nic0', 2], ['nic0', 3], ['nic0', 4], ['nic0', 8]));
    // staging: buffer `in`, two maps, mr's buffer, then two flows.
    expectUses(marked(LAB, ['staging', 0], ['staging', 1], ['staging', 2], ['staging', 3], ['staging', 4]));
  });

  it('qualified names at top level: the host part names the host, the item part the item', () => {
    // lab: the link, both ends of two flows and the engine.
    expectUses(marked(LAB, ['lab', 0], ['lab', 1], ['lab', 2], ['lab', 3], ['lab', 4], ['lab', 5]));
    expectUses(marked(LAB, ['peer', 0], ['peer', 1], ['peer', 2]));
    expectUses(marked(LAB, ['inbox', 0], ['inbox', 1], ['inbox', 2]));
    // flow from/to and engine.
    expectUses(marked(LAB, ['weights', 0], ['weights', 1], ['weights', 2]));
    expectUses(marked(LAB, ['dma0', 0], ['dma0', 1], ['dma0', 2]));
    // The other host's nic0: its own link, map and the top-level link's second end.
    expectUses(marked(LAB, ['nic0', 5], ['nic0', 6], ['nic0', 7], ['nic0', 9]));
  });

  it('a staged flow\'s bounce buffers', () => {
    const text = `${LAB}flow staged_copy { from lab.weights  to peer.inbox  size 1 MiB  via staged  bounce lab.staging, peer.inbox }\n`;
    expectUses(marked(text, ['staging', 0], ['staging', 1], ['staging', 2], ['staging', 3], ['staging', 4], ['staging', 5]));
  });

  it('a range reference h[0..3].nic0 names the range\'s host and the nic it declares, once', () => {
    const text = `host |h[0..3] {
  cpu s0 {}
  nic |nic0 {}
  link s0 -- |nic0 : pcie gen4 x16
}
network ib { kind infiniband, rate 200 Gb/s, attach |h[0..3].|nic0 }
`;
    const { declaration } = expectUses(text.replace(/\|(?=nic0)/g, ''));
    assert.equal(declaration.name, 'h');
    assert.deepEqual([declaration.range?.low.digits, declaration.range?.high.digits], ['0', '3']);
    expectUses(text.replace(/\|(?=h\[)/g, ''));
  });

  it('a host of a range is named with its index: node2 names host node[0..3]', () => {
    const { snapshot, declaration } = expectUses(`host |node[0..3] {
  cpu s0 {}
  memory ram { size 1 GiB }
  buffer b { in ram, size 1 MiB, pinned }
}
flow f { from |node0.b  to |node2.b  size 1 MiB }
`);
    const use = snapshot.references.referencesTo(declaration)[1]!;
    assert.equal(snapshot.text.slice(use.span.start, use.span.end), 'node2');
  });

  it('a range reference over hosts declared one by one names each of them', () => {
    const text = `host h0 { cpu s0 {} nic nic0 {} link s0 -- nic0 : pcie gen4 x16 }
host h1 { cpu s0 {} nic nic0 {} link s0 -- nic0 : pcie gen4 x16 }
network ib { kind infiniband, rate 200 Gb/s, attach h[0..1].nic0 }
`;
    const references = new Snapshot(text).references;
    const used = references.at(text.indexOf('h[0'))!;
    assert.deepEqual(used.declarations.map((d) => d.name), ['h0', 'h1']);
    assert.deepEqual(used.span, { start: text.indexOf('h[0'), end: text.indexOf('h[0') + 1 });
    const nic = references.at(text.lastIndexOf('nic0'))!;
    assert.deepEqual(nic.declarations.map((d) => `${d.container?.name?.text}.${d.name}`), ['h0.nic0', 'h1.nic0']);
  });

  it('a template: its name where hosts use it, and a use in its body once however many hosts it makes', () => {
    const template = `template |node_t {
  cpu s0 {}
  memory ram { size 1 GiB }
  iommu mmu {}
  nic |nic0 { iommu mmu }
  link s0 -- |nic0 : pcie gen4 x16
  buffer b { in ram, size 1 MiB, pinned }
  map |nic0 -> b rw
}
host n[0..999] : |node_t {}
host head : |node_t {
  nvme ssd0 { iommu mmu }
  link s0 -- ssd0 : pcie gen4 x4
}
network ib { kind infiniband, rate 200 Gb/s, attach n[0..999].|nic0, head.|nic0 }
`;
    expectUses(template.replace(/\|(?=nic0)/g, ''));
    const { snapshot } = expectUses(template.replace(/\|(?=node_t)/g, ''));
    // What the host adds names the template's items: head's link to s0.
    const s0 = snapshot.references.declarations.find((d) => d.name === 's0')!;
    assert.equal(s0.container?.kind, 'template');
    assert.deepEqual(snapshot.references.referencesTo(s0).map((r) => snapshot.lines.position(r.span.start).line), [5, 12]);
    // 1,001 hosts, and no more references than the text holds.
    assert.equal(snapshot.model.hosts.size, 1001);
    assert.ok(snapshot.references.size < 20, `${snapshot.references.size} references`);
  });

  it('a host range\'s own body is one use per name written, not one per host', () => {
    const { snapshot } = expectUses(`host r[0..499] {
  cpu |s0 {}
  memory ram { size 1 GiB, cpu |s0 }
  switch sw0 {}
  link |s0 -- sw0 : pcie gen4 x16
}
`);
    assert.equal(snapshot.model.hosts.size, 500);
    assert.equal(snapshot.references.size, 3, 'cpu s0 twice, sw0 once');
  });

  it('a link inside a host may name its own host: host.item', () => {
    expectUses(`host |a { cpu s0 {} switch sw0 {} link |a.s0 -- sw0 : pcie gen4 x16 }\n`);
  });

  it('an unresolved name has no entry; the resolved part of a qualified one has', () => {
    const text = `${LAB}host more { cpu s0 {} memory ram { size 1 GiB } buffer b { in rom, size 1 MiB } }
flow lost { from lab.stagin  to nowhere.inbox  size 1 MiB }
flow bare { from staging  to peer.inbox  size 1 MiB }
`;
    const snapshot = new Snapshot(text);
    const codes = snapshot.language.diagnostics.map((d) => d.code);
    assert.deepEqual(codes, ['REF001', 'REF001', 'REF001', 'REF001']);
    const references = snapshot.references;
    const unresolved = ['in rom', 'lab.stagin ', 'nowhere.inbox', 'nowhere.inbox', 'from staging'].map((w, i) => text.indexOf(w) + [3, 4, 0, 8, 5][i]!);
    for (const at of unresolved) assert.equal(references.at(at), undefined, `'${text.slice(at, at + 8)}…'`);
    assert.equal(references.at(text.indexOf('lab.stagin '))?.declarations[0]?.name, 'lab');
  });

  it('a name of the wrong kind (REF003) names its declaration all the same', () => {
    const { snapshot } = expectUses(`host a { cpu |s0 {} gpu g {} memory ram { size 1 GiB } map g -> |s0 rw }\n`);
    assert.deepEqual(snapshot.language.diagnostics.map((d) => d.code), ['TOP001', 'REF003']);
  });

  it('declarations: every declared name with its kind and container, duplicates included', () => {
    const text = `template t { cpu s0 {} }
host a : t { gpu g0 {} }
host a { buffer b {} }
network ib { kind infiniband, rate 1 Gb/s, attach a.g0 }
flow f { from a.g0  to a.g0  size 1 MiB }
`;
    const references = new Snapshot(text).references;
    assert.deepEqual(
      references.declarations.map((d) => `${d.kind} ${d.container === undefined ? '' : `${d.container.name?.text}.`}${d.name}`),
      ['template t', 'cpu t.s0', 'host a', 'gpu a.g0', 'host a', 'buffer a.b', 'network ib', 'flow f'],
    );
    // The second `a` (REF002) is a declaration that nothing names: uses go to the first.
    const [first, second] = references.declarations.filter((d) => d.name === 'a');
    assert.equal(references.referencesTo(first!).length, 3);
    assert.deepEqual(references.referencesTo(second!), []);
  });

  it('a cursor at the end of a name is on it; one past it is not', () => {
    const { text, offsets } = cursors(`host a { cpu s0| {} memory ram { size 1 GiB, cpu s0| } }\n`);
    const references = new Snapshot(text).references;
    assert.equal(references.at(offsets[0]!)?.role, 'declaration');
    assert.equal(references.at(offsets[1]!)?.role, 'reference');
    assert.equal(references.at(offsets[1]! + 1), undefined);
    assert.equal(references.at(offsets[0]! - 3), undefined, 'the space before s0');
  });

  it('the snapshot builds its reference list once', () => {
    const snapshot = new Snapshot(LAB);
    assert.equal(snapshot.references, snapshot.references);
  });
});

const plain = (span: Span | undefined): Span | undefined => (span === undefined ? undefined : { start: span.start, end: span.end });

describe('references: every sample', () => {
  for (const file of [...sampleFiles(), ...sampleFiles('samples/broken')]) {
    it(file.replace(/.*samples\//, 'samples/'), () => {
      const text = read(file);
      const snapshot = new Snapshot(text);
      const references = snapshot.references;
      const all = references.all();
      if (!file.includes('broken')) assert.ok(all.length >= 10, `${all.length} references`);
      for (const reference of all) {
        const used = text.slice(reference.span.start, reference.span.end);
        const declared = reference.declaration.name;
        // The same name, but a range's host with its index (node2 for node[0..3]) or a range reference's prefix (h for h0).
        const indexed = (long: string, short: string): boolean => long.startsWith(short) && /^\d+$/.test(long.slice(short.length));
        const rangeReference = text[reference.span.end] === '[';
        assert.ok(
          used === declared || (reference.declaration.range !== undefined && indexed(used, declared)) || (rangeReference && indexed(declared, used)),
          `'${used}' at ${reference.span.start} names '${declared}'`,
        );
        assert.ok(references.at(reference.span.start)!.declarations.includes(reference.declaration), 'found from the use');
        assert.ok(references.referencesTo(reference.declaration).some((r) => r.span.start === reference.span.start));
        // The node at a reference is that name.
        const node = snapshot.nodeAt(reference.span.start);
        assert.equal(node.token, 'name');
        assert.deepEqual(plain(node.span), reference.span);
      }
      for (const declaration of references.declarations) {
        assert.equal(text.slice(declaration.span.start, declaration.span.end), declaration.name);
        const node = snapshot.nodeAt(declaration.span.end);
        assert.deepEqual([node.token, node.slot, plain(node.span)], ['name', 'declarationName', plain(declaration.span)]);
      }
    });
  }
});
