// Completion through its public entry point, `completionAt(snapshot,
// offset)`: each case writes a document with a `|` where the user's cursor
// is and says what the list must and must not hold (`expectCompletion`).
// Then every offset of every sample and of broken texts, which must never
// throw, and the generated 10,000-line file, which must answer in a few
// milliseconds.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Snapshot } from '../server/src/analysis/snapshot';
import { completionAt, type CompletionOptions } from '../server/src/lsp/completion';
import { MAX_HOSTS } from '../server/src/lsp/completionNames';
import { placeOf, SNIPPETS } from '../server/src/lsp/completionSnippets';
import { propertyDoc, REFERENCE_ANCHORS } from '../server/src/lsp/propertyDoc';
import { BODY_SCHEMAS, type BodyKind } from '../server/src/syntax/schema';
import { ITEM_KEYWORDS } from '../server/src/syntax/tokens';
import { generateTopology } from '../scripts/generate';
import { accepted, expectCompletion, read, ROOT, sampleFiles } from './helpers';

/** A host with one of each kind of item a reference may name, and a second host for qualified names. */
const LAB = `host lab {
  cpu s0 { cores 32 }
  cpu s1 {}
  memory ram { size 128 GiB, cpu s0 }
  iommu mmu { mode strict }
  switch sw0 { acs on }
  gpu gpu0 { iommu mmu, memory 80 GiB }
  nic nic0 { iommu mmu, rdma }
  nvme ssd0 { iommu mmu }
  link s0 -- sw0 : pcie gen4 x16
  link sw0 -- gpu0 : pcie gen4 x16
  link sw0 -- nic0 : pcie gen4 x16
  link s0 -- ssd0 : pcie gen4 x4
  buffer staging { in ram, size 64 MiB, pinned }
  buffer weights { in gpu0, size 1 GiB }
  map nic0 -> weights read
}
host peer {
  cpu s0 {}
  memory ram { size 64 GiB }
  nic nic0 {}
  link s0 -- nic0 : pcie gen4 x16
  buffer inbox { in ram, size 64 MiB, pinned }
}
host spare { cpu s0 {} }
`;

/** `LAB` with `item` written inside host lab, before its closing brace. */
const inLab = (item: string): string => LAB.replace('  map nic0 -> weights read\n}', `  map nic0 -> weights read\n  ${item}\n}`);

const DEVICES = ['gpu0', 'nic0', 'ssd0'];
const BUFFERS = ['staging', 'weights'];

/** The labels of the list at the one `|` of `marked`, in the order shown. */
function labels(marked: string, options: CompletionOptions = { snippets: true }): string[] {
  const offset = marked.indexOf('|');
  const list = completionAt(new Snapshot(marked.replace('|', '')), offset, options);
  return [...list.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((i) => i.label);
}

describe('completion: what the grammar expects at the cursor', () => {
  it('declaration kinds where a declaration can start, topology only first', () => {
    expectCompletion('|', { includes: ['topology', 'host', 'template', 'link', 'network', 'flow'], excludes: ['cpu', 'size', 'map'] });
    expectCompletion(`${LAB}\n|`, { includes: ['host', 'template', 'link', 'network', 'flow'], excludes: ['topology', 'cpu'] });
    expectCompletion(`topology "lab"\n${LAB}\nfl|`, { includes: ['flow'], excludes: ['topology'], accept: { label: 'flow', text: `topology "lab"\n${LAB}\nflow` } });
    expectCompletion(`|\n${LAB}`, { includes: ['topology'] });
  });

  it('item kinds inside a host and inside a template', () => {
    const items = [...ITEM_KEYWORDS, 'link', 'map'];
    expectCompletion('host lab {\n  |\n}', { includes: items, excludes: ['host', 'flow', 'size', 'mode'] });
    expectCompletion('template t {\n  cpu s0 {}\n  |\n}', { includes: items, excludes: ['host', 'network'] });
    expectCompletion('host lab { cpu s0 {} g| }', { includes: ['gpu'], accept: { label: 'gpu', text: 'host lab { cpu s0 {} gpu }' } });
  });

  it('the properties of the enclosing kind, each with its value shape and documentation', () => {
    const list = expectCompletion('host lab { iommu mmu { | } }', { exactly: ['mode', 'page', 'boot', 'intremap', 'swiotlb'] });
    const mode = list.items.find((i) => i.label === 'mode')!;
    assert.equal(mode.detail, 'mode strict|lazy|identity|off');
    assert.match((mode.documentation as { value: string }).value, /translation mode/i);
    assert.match((mode.documentation as { value: string }).value, /Default: `strict`/);
    const size = expectCompletion('host lab { buffer b { | } }', { includes: ['in', 'size', 'count', 'pinned', 'layout'], excludes: ['mode', 'cores'] }).items.find((i) => i.label === 'size')!;
    assert.equal(size.detail, 'size SIZE');
    assert.equal(size.labelDetails?.description, 'required');
    assert.match((size.documentation as { value: string }).value, /\*\*Required\.\*\*/);
    expectCompletion('network ib { | }', { includes: ['kind', 'rate', 'latency', 'mtu', 'attach'] });
    expectCompletion('flow f { | }', { includes: ['from', 'to', 'size', 'via', 'engine', 'group'], excludes: ['kind', 'attach'] });
    // The required ones first.
    assert.deepEqual(labels('host lab { buffer b { | } }').slice(0, 2), ['in', 'size']);
  });

  it('properties already set are not offered again, nor one that excludes a set one', () => {
    expectCompletion('host lab { iommu mmu { mode strict, boot late, | } }', { exactly: ['page', 'intremap', 'swiotlb'] });
    expectCompletion('host lab { buffer b { in ram, pinned, | } }', { excludes: ['in', 'pinned', 'pageable'], includes: ['size', 'count'] });
    expectCompletion('flow f { from a.b  to a.c  every 1 ms  | }', { excludes: ['from', 'to', 'every', 'rate'], includes: ['size', 'via'] });
    // On a property's own key, that property is one to offer: it replaces itself.
    expectCompletion('host lab { iommu mmu { mo|de strict, page 4 KiB } }', { includes: ['mode', 'boot'], excludes: ['page'], accept: { label: 'boot', text: 'host lab { iommu mmu { boot strict, page 4 KiB } }' } });
  });

  it('a property is written with its value to come, an enum one as a choice of its words', () => {
    expectCompletion('host lab { buffer b { | } }', { accept: { label: 'size', text: 'host lab { buffer b { size  } }' } });
    expectCompletion('host lab { buffer b { | } }', { accept: { label: 'pinned', text: 'host lab { buffer b { pinned } }' } });
    const list = expectCompletion('host lab { iommu m { mo| } }', { accept: { label: 'mode', text: 'host lab { iommu m { mode strict } }' } });
    assert.equal((list.items.find((i) => i.label === 'mode')!.textEdit as { newText: string }).newText, 'mode ${1|strict,lazy,identity,off|}');
    // A client without snippets gets the plain key.
    expectCompletion('host lab { iommu m { mo| } }', { options: {}, accept: { label: 'mode', text: 'host lab { iommu m { mode  } }' } });
  });

  it('a body left open at the end of the file', () => {
    expectCompletion('host lab { cpu s0 { cor|', { includes: ['cores', 'vendor', 'interconnect', 'stack'], accept: { label: 'cores', text: 'host lab { cpu s0 { cores ' } });
    expectCompletion('host lab {\n  memory ram { size 4 GiB\n  |', { includes: ['bandwidth', 'cpu', 'kernel'], excludes: ['size'] });
  });

  it('inside a template body: items, properties and the template\'s own names', () => {
    const template = 'template t {\n  cpu s0 {}\n  memory ram { size 1 GiB }\n  iommu mmu {}\n  gpu g0 { iommu mmu }\n  buffer b { in | }\n}';
    expectCompletion(template, { exactly: ['ram', 'g0'] });
    expectCompletion('template t {\n  iommu mmu {}\n  nic n0 { | }\n}', { includes: ['iommu', 'rdma', 'sg'], excludes: ['mode'] });
    expectCompletion('template t {\n  iommu mmu {}\n  nic n0 { iommu | }\n}', { exactly: ['mmu'] });
  });

  it('enum values: iommu mode, cpu vendor, switch acs, flow via and pattern, layout, map access', () => {
    const mode = expectCompletion('host lab { iommu mmu { mode | } }', { exactly: ['strict', 'lazy', 'identity', 'off'] });
    assert.equal(mode.items.find((i) => i.label === 'strict')!.labelDetails?.description, 'default');
    expectCompletion('host lab { cpu s0 { vendor | } }', { exactly: ['intel', 'amd', 'arm', 'power'] });
    expectCompletion('host lab { switch sw0 { acs o| } }', { exactly: ['on', 'off'], accept: { label: 'off', text: 'host lab { switch sw0 { acs off } }' } });
    expectCompletion('flow f { via | }', { exactly: ['staged', 'gpudirect', 'rdma', 'kernel', 'p2p', 'zerocopy', 'dma'] });
    expectCompletion('flow f { pattern | }', { exactly: ['contiguous', 'strided'] });
    expectCompletion('host lab { buffer b { layout | } }', { exactly: ['contiguous', 'scattered'] });
    expectCompletion('host lab { mr m { access remote_read, | } }', { exactly: ['local_write', 'remote_write', 'remote_atomic'] });
    expectCompletion(inLab('map nic0 -> staging |'), { exactly: ['read', 'write', 'rw'] });
    expectCompletion('network n { kind | }', { exactly: ['infiniband', 'ethernet'] });
  });

  it('units of the right dimension after a number', () => {
    const sizes = ['B', 'KB', 'KiB', 'MB', 'MiB', 'GB', 'GiB', 'TB', 'TiB'];
    expectCompletion('host lab { memory ram { size 64 | } }', { exactly: sizes });
    expectCompletion('host lab { memory ram { bandwidth 200 | } }', { includes: ['GB/s', 'Gb/s', 'Gbps', 'MiB/s'], excludes: ['GiB', 'ms', 'fps'] });
    expectCompletion('flow f { rate 60 | }', { includes: ['fps', 'Hz', 'GB/s'], excludes: ['MiB', 'ms'] });
    expectCompletion('flow f { every 10 | }', { includes: ['ns', 'us', 'ms', 's'], excludes: ['MiB', 'Hz'] });
    expectCompletion('flow f { cache 30 | }', { exactly: ['%'] });
    expectCompletion('host lab { buffer b { layout scattered 2 | } }', { exactly: sizes });
    expectCompletion('host lab { link g0 -- g1 : nvlink 300 | }', { includes: ['GB/s', 'Gb/s'], excludes: ['GiB', 'us'] });
    expectCompletion('link a.nic0 -- b.nic0 : infiniband 200 Gb/s latency 1 | ', { includes: ['us', 'ms'], excludes: ['GB/s'] });
    const mib = expectCompletion('host lab { memory ram { size 64 | } }', { accept: { label: 'MiB', text: 'host lab { memory ram { size 64 MiB } }' } });
    assert.equal(mib.items.find((i) => i.label === 'MiB')!.detail, '1 MiB = 1,048,576 B');
    // Glued to the digits, or half typed: the unit is written whole, after a space.
    expectCompletion('host lab { memory ram { size 64| } }', { accept: { label: 'GiB', text: 'host lab { memory ram { size 64 GiB } }' } });
    expectCompletion('host lab { memory ram { size 64 Gi| } }', { accept: { label: 'GiB', text: 'host lab { memory ram { size 64 GiB } }' } });
    expectCompletion('host lab { memory ram { size 64Gi| } }', { accept: { label: 'GiB', text: 'host lab { memory ram { size 64 GiB } }' } });
    // A whole number takes no unit.
    expectCompletion('host lab { cpu s0 { cores 16 | } }', { excludes: ['B', 'GiB', 'ms'] });
  });

  it('references inside a host: only the kind the property or item accepts', () => {
    expectCompletion(inLab('map nic0 -> |'), { exactly: BUFFERS });
    expectCompletion(inLab('map |'), { exactly: DEVICES });
    expectCompletion(inLab('map ss|'), { exactly: DEVICES, accept: { label: 'ssd0', text: inLab('map ssd0') } });
    expectCompletion(inLab('vm v { passthrough | }'), { exactly: DEVICES });
    expectCompletion(inLab('vm v { passthrough gpu0, | }'), { exactly: ['nic0', 'ssd0'] });
    expectCompletion(inLab('buffer b { in | }'), { exactly: ['ram', ...DEVICES] });
    expectCompletion(inLab('fpga f { iommu | }'), { exactly: ['mmu'] });
    expectCompletion(inLab('memory ram2 { size 1 GiB, cpu | }'), { exactly: ['s0', 's1'] });
    expectCompletion(inLab('mr r { buffer | }'), { exactly: BUFFERS });
    expectCompletion(inLab('mr r { nic | }'), { exactly: ['nic0'] });
  });

  it('link ends inside a host: its cpus, switches and devices, never memories or buffers', () => {
    const ends = ['s0', 's1', 'sw0', ...DEVICES];
    expectCompletion(inLab('link |'), { exactly: ends });
    expectCompletion(inLab('link sw0 -- |'), { exactly: ends.filter((e) => e !== 'sw0') });
    expectCompletion(inLab('link gp|'), { includes: ['gpu0'], excludes: ['ram', 'staging'], accept: { label: 'gpu0', text: inLab('link gpu0') } });
  });

  it('after a host\'s template of its own: the template\'s items count as the host\'s', () => {
    const text = 'template box {\n  iommu mmu {}\n  nic n0 { iommu mmu }\n}\nhost b : box {\n  memory ram { size 1 GiB }\n  buffer x { in | }\n}';
    expectCompletion(text, { exactly: ['n0', 'ram'] });
    const from = expectCompletion(text, {}).items.find((i) => i.label === 'n0')!;
    assert.equal(from.labelDetails?.description, 'from template box');
  });

  it('qualified names at top level: hosts, then after `host.` only that host\'s items of the right kind', () => {
    expectCompletion(`${LAB}flow f { from | }`, { exactly: ['lab', 'peer'] }); // spare has no buffer and no device
    expectCompletion(`${LAB}flow f { from la| }`, { accept: { label: 'lab', text: `${LAB}flow f { from lab. }` } });
    expectCompletion(`${LAB}flow f { from lab.| }`, { exactly: ['gpu0', 'nic0', 'ssd0', 'staging', 'weights'] });
    expectCompletion(`${LAB}flow f { from peer.| }`, { exactly: ['nic0', 'inbox'] });
    expectCompletion(`${LAB}flow f { from lab.st| }`, { accept: { label: 'staging', text: `${LAB}flow f { from lab.staging }` } });
    expectCompletion(`${LAB}flow f { from la|b.staging }`, { accept: { label: 'peer', text: `${LAB}flow f { from peer.staging }` } });
    expectCompletion(`${LAB}flow f { engine lab.| }`, { exactly: DEVICES });
    expectCompletion(`${LAB}flow f { bounce lab.staging, peer.| }`, { exactly: ['inbox'] });
    expectCompletion(`${LAB}flow f { bounce lab.staging, lab.| }`, { exactly: ['weights'] });
    expectCompletion(`${LAB}network n { attach lab.nic0, | }`, { exactly: ['lab', 'peer'] });
    expectCompletion(`${LAB}network n { attach peer.| }`, { exactly: ['nic0'] });
    expectCompletion(`${LAB}flow f { from nowhere.| }`, { exactly: [] });
  });

  it('after `node0.` only node0\'s items, hosts of a range and of a template included', () => {
    const text = 'template t {\n  cpu s0 {}\n  memory ram { size 1 GiB }\n  nic nic0 {}\n  link s0 -- nic0 : pcie gen4 x8\n  buffer halo { in ram, size 1 MiB }\n}\nhost node[0..3] : t {}\nhost solo { cpu s0 {} nic nicx {} link s0 -- nicx : pcie gen4 x8 }\n';
    expectCompletion(`${text}flow f { from | }`, { exactly: ['node0', 'node1', 'node2', 'node3', 'solo'] });
    expectCompletion(`${text}flow f { from node2.| }`, { exactly: ['nic0', 'halo'] });
    expectCompletion(`${text}network n { attach node[0..3].| }`, { exactly: ['nic0'] });
  });

  it('top-level link ends: NICs of two different hosts', () => {
    expectCompletion(`${LAB}link |`, { exactly: ['lab', 'peer'] });
    expectCompletion(`${LAB}link lab.nic0 -- |`, { exactly: ['peer'] });
    expectCompletion(`${LAB}link lab.| `, { exactly: ['nic0'] });
    expectCompletion(`${LAB}link lab.nic0 -- peer.| : ethernet 100 Gb/s`, { exactly: ['nic0'] });
  });

  it('templates after `host h : `, and groups after a flow\'s `group`', () => {
    expectCompletion('template gpu_node { cpu s0 {} }\ntemplate cpu_node { cpu s0 {} }\nhost h : |', { exactly: ['gpu_node', 'cpu_node'] });
    expectCompletion('template gpu_node { cpu s0 {} }\nhost h : gp| {}', { exactly: ['gpu_node'], accept: { label: 'gpu_node', text: 'template gpu_node { cpu s0 {} }\nhost h : gpu_node {}' } });
    expectCompletion(`${LAB}flow a { from lab.staging  to lab.weights  size 1 MiB  group upload }\nflow b { group | }`, { includes: ['upload'] });
  });

  it('after `link a -- b : ` the link kinds; after `pcie ` the generations, then the lanes; then its options', () => {
    expectCompletion(inLab('link s0 -- gpu0 : |'), { exactly: ['pcie', 'infiniband', 'ethernet', 'nvlink', 'bus'] });
    expectCompletion(`${LAB}link lab.nic0 -- peer.nic0 : |`, { exactly: ['pcie', 'infiniband', 'ethernet', 'nvlink', 'bus'] });
    expectCompletion(inLab('link s0 -- gpu0 : pcie |'), { exactly: ['gen1', 'gen2', 'gen3', 'gen4', 'gen5', 'gen6'] });
    expectCompletion(inLab('link s0 -- gpu0 : pcie gen5 |'), { exactly: ['x1', 'x2', 'x4', 'x8', 'x16', 'x32'] });
    expectCompletion(inLab('link s0 -- gpu0 : pcie gen5 x1|'), { includes: ['x16'], accept: { label: 'x16', text: inLab('link s0 -- gpu0 : pcie gen5 x16') } });
    expectCompletion(inLab('link s0 -- gpu0 : pcie gen5 x16 |'), { exactly: ['mps', 'latency'] });
    expectCompletion(inLab('link s0 -- gpu0 : pcie gen5 x16 mps |'), { includes: ['256 B', '4096 B'], excludes: ['B', 'MiB'] });
    expectCompletion(inLab('link gpu0 -- nic0 : nvlink 300 GB/s |'), { exactly: ['latency', 'mtu'] });
    expectCompletion(inLab('link gpu0 -- nic0 : nvlink |'), { exactly: [] }, );
  });

  it('snippets for whole declarations, below the keywords, with tab stops, only where they may stand', () => {
    const top = labels('|');
    assert.deepEqual(top.slice(0, 6), ['topology', 'host', 'template', 'link', 'network', 'flow'], 'the keywords first');
    assert.ok(top.includes('host range') && top.includes('flow (rdma)') && top.includes('link (network)'));
    assert.ok(!top.includes('link (pcie)') && !top.includes('gpu') && !top.includes('map'), 'no host item at top level');
    const list = expectCompletion('host lab {\n  |\n}', { includes: ['link (pcie)'], excludes: ['host range', 'link (network)'] });
    const gpu = list.items.filter((i) => i.label === 'gpu');
    assert.deepEqual(gpu.map((i) => i.kind), [14 /* Keyword */, 15 /* Snippet */], 'a keyword and a snippet');
    assert.ok(gpu[0]!.sortText! < gpu[1]!.sortText!, 'the snippet below the keyword');
    assert.equal(gpu[1]!.insertTextFormat, 2 /* Snippet */);
    assert.match((gpu[1]!.textEdit as { newText: string }).newText, /\$\{1:gpu0\}/);
    assert.equal(accepted('host lab {\n  \n}', new Snapshot('host lab {\n  \n}').lines, { ...gpu[1]!, textEdit: { ...(gpu[1]!.textEdit as { range: never; newText: string }) } }).includes('gpu gpu0 { iommu mmu, memory 80 GiB, arch 80 }'), true);
    // Every snippet of the file, once, in its place; none in a body, none without snippet support.
    assert.equal(SNIPPETS.length, Object.keys(JSON.parse(read(join(ROOT, 'snippets', 'dmatopo.json')))).length);
    assert.equal(labels('|').filter((l) => l === 'flow (rdma)').length, 1);
    assert.deepEqual(labels('host lab { cpu s0 { | } }').filter((l) => l.includes(' ')), []);
    assert.deepEqual(labels('|', { snippets: false }).filter((l) => l === 'host range'), []);
    // Not over a keyword already written, which its declaration follows.
    assert.deepEqual(labels('ho|st lab {}').filter((l) => l === 'host range'), []);
  });

  it('each snippet is placed by its first word; a link between hosts by its qualified first end', () => {
    const places = Object.fromEntries(SNIPPETS.map((s) => [s.name, s.place]));
    assert.equal(places['link (pcie)'], 'host');
    assert.equal(places['link (network)'], 'top');
    assert.equal(places['host range'], 'top');
    assert.equal(places['mr'], 'host');
    assert.equal(placeOf('link ${1:a}.${2:b} -- ${3:c}.${4:d} : ethernet 1 Gb/s'), 'top');
  });

  it('replaces the whole word at the cursor', () => {
    expectCompletion('host lab { cpu s0 {} gp| }', { accept: { label: 'gpu', text: 'host lab { cpu s0 {} gpu }' } });
    expectCompletion('host lab { cpu s0 {} g|p }', { accept: { label: 'gpu', text: 'host lab { cpu s0 {} gpu }' } });
    expectCompletion('host lab { iommu mmu { mode st|rict } }', { accept: { label: 'lazy', text: 'host lab { iommu mmu { mode lazy } }' } });
    expectCompletion(`${LAB}flow f { to peer.in| }`, { accept: { label: 'inbox', text: `${LAB}flow f { to peer.inbox }` } });
  });

  it('never in a comment or a string, and nothing where a new name is declared', () => {
    expectCompletion('// a host |', { exactly: [] });
    expectCompletion('host lab {\n  // gpu g|\n}', { exactly: [] });
    expectCompletion('host lab { cpu s0 { /* co| */ } }', { exactly: [] });
    expectCompletion('topology "lab |"', { exactly: [] });
    expectCompletion('topology "lab |', { exactly: [] });
    expectCompletion('host la| {}', { exactly: [] });
    expectCompletion('host lab { cpu | }', { exactly: [] });
    expectCompletion('host node[0..|3] {}', { exactly: [] });
  });

  it('trigger characters: `.` only for what follows a host, a space only where a value is expected', () => {
    const dot = { snippets: true, triggerCharacter: '.' };
    const space = { snippets: true, triggerCharacter: ' ' };
    expectCompletion(`${LAB}flow f { from lab.| }`, { options: dot, includes: ['staging'] });
    expectCompletion('host lab { memory ram { size 1.| } }', { options: dot, exactly: [] });
    expectCompletion('host lab { iommu mmu { mode | } }', { options: space, includes: ['strict'] });
    expectCompletion('host lab { memory ram { size 64 | } }', { options: space, includes: ['GiB'] });
    expectCompletion(inLab('map nic0 -> |'), { options: space, exactly: BUFFERS });
    expectCompletion(`${LAB}flow f { from | }`, { options: space, includes: ['lab'] });
    expectCompletion('host lab { cpu s0 { cores 16 | } }', { options: space, exactly: [] });
    expectCompletion('host lab { iommu mmu { mode strict | } }', { options: space, exactly: [] });
    expectCompletion('host lab {\n  cpu s0 {}\n  |\n}', { options: space, exactly: [] });
    expectCompletion('|', { options: space, exactly: [] });
  });
});

describe('completion: property documentation', () => {
  it('every property of every body has its signature, meaning, default or requirement, and a link to its table', () => {
    for (const [kind, schema] of Object.entries(BODY_SCHEMAS) as Array<[BodyKind, Record<string, unknown>]>) {
      for (const key of Object.keys(schema)) {
        const doc = propertyDoc(kind, key)!;
        assert.match(doc, new RegExp(`^\`${key}( |\`)`), `${kind}.${key}`);
        assert.match(doc, /Required|Default|unless written/, `${kind}.${key}`);
        assert.match(doc, /docs\/language\.md#/, `${kind}.${key}`);
      }
    }
    assert.equal(propertyDoc('cpu', 'mode'), undefined);
  });

  it('each link goes to a heading of docs/language.md', () => {
    // GitHub's anchors: lower case, punctuation but `-` and `_` dropped, spaces as dashes.
    const anchors = new Set([...read(join(ROOT, 'docs', 'language.md')).matchAll(/^#+ (.*)$/gm)].map((m) => m[1]!.toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')));
    for (const [kind, anchor] of Object.entries(REFERENCE_ANCHORS)) assert.ok(anchors.has(anchor), `${kind}: #${anchor}`);
  });
});

describe('completion: never throws, on any text at any offset', () => {
  const broken = [
    'host lab { cpu s0 { cores',
    'host { { } } } link -- : pcie flow { from . to .. }',
    'host a[0..',
    'link a. -- b. : infiniband 200 Gb/s latency',
    'flow f { from a.b to c.d size 64 Gi',
    '/* unterminated host h {',
    'topology "unterminated\nhost x : { map -> rw }',
    'network n { attach n[3..1].nic0, , kind }',
    '\u0000\uFFFD}{host\u00b5s 0x 1_ -4 MiB',
  ];
  const texts: Array<[string, string]> = [
    ...[...sampleFiles(), ...sampleFiles('samples/broken')].map((file): [string, string] => [file.replace(/.*samples\//, 'samples/'), read(file)]),
    ...broken.map((text, i): [string, string] => [`broken text ${i + 1}`, text]),
  ];
  // A few samples cut short, as a file being typed is.
  for (const file of sampleFiles().slice(0, 3)) {
    const text = read(file);
    for (const fraction of [0.25, 0.5, 0.75]) texts.push([`${file.replace(/.*samples\//, 'samples/')} cut at ${fraction * 100} %`, text.slice(0, Math.floor(text.length * fraction))]);
  }
  for (const [name, text] of texts) {
    it(name, () => {
      const snapshot = new Snapshot(text);
      for (let offset = 0; offset <= text.length; offset++) {
        for (const triggerCharacter of [undefined, ' ', '.']) {
          const list = completionAt(snapshot, offset, triggerCharacter === undefined ? { snippets: true } : { snippets: true, triggerCharacter });
          for (const item of list.items) {
            const range = (item.textEdit as { range: { start: { line: number; character: number }; end: { line: number; character: number } } }).range;
            const start = snapshot.lines.offset(range.start);
            const end = snapshot.lines.offset(range.end);
            assert.ok(start <= offset && offset <= end, `the range of '${item.label}' holds the cursor at ${offset} of ${name}`);
          }
        }
      }
    });
  }
});

describe('completion: the generated 10,000-line file', () => {
  it('answers in a few milliseconds once the snapshot is built, listing at most MAX_HOSTS hosts', () => {
    const text = `${generateTopology(10_000)}\nflow p1 { to h1. }\nflow p2 { size 1 MiB  from  }\n`;
    const snapshot = new Snapshot(text);
    snapshot.model; // the layers a request reads, built once per version
    snapshot.references;
    const from = text.lastIndexOf('from ') + 6;
    const cases: Array<[string, number]> = [
      ['hosts after from', from],
      ['items after h1.', text.lastIndexOf('h1.') + 3],
      ['a property', text.lastIndexOf('size 1 MiB') - 1],
      ['a unit', text.lastIndexOf('1 MiB') + 2],
      ['a reference in a host', text.indexOf('map nic0 -> ') + 'map nic0 -> '.length],
      ['a declaration', text.length],
    ];
    for (const [, offset] of cases) completionAt(snapshot, offset, { snippets: true });
    const hosts = completionAt(snapshot, from, { snippets: true });
    assert.equal(hosts.isIncomplete, true);
    assert.equal(hosts.items.length, MAX_HOSTS);
    assert.deepEqual(completionAt(snapshot, text.lastIndexOf('h1.') + 3, {}).items.map((i) => i.label), ['gpu0', 'gpu1', 'nic0', 'ssd0', 'halo', 'staging', 'data']);
    for (const [what, offset] of cases) {
      const times: number[] = [];
      for (let run = 0; run < 15; run++) {
        const started = performance.now();
        completionAt(snapshot, offset, { snippets: true });
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)]!;
      // A few milliseconds; the bound leaves room for a machine shared with other tests.
      assert.ok(median < 10, `${what}: ${median.toFixed(2)} ms`);
    }
  });
});
