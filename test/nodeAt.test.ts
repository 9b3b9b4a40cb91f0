// The node at an offset through the Snapshot: each test writes a document
// with a `|` cursor where the user's is, and checks what the editor would
// be told about it (where it is, what it is on, what may be written there).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Snapshot } from '../server/src/analysis/snapshot';
import { BODY_SCHEMAS, bodyKindOfItem, type NodeAt } from '../server/src/syntax/index';
import { ITEM_KEYWORDS } from '../server/src/syntax/tokens';
import { cursors, read, sampleFiles } from './helpers';

/** What the node at the cursor says, its undefined fields left out, the token as its text. */
function summary(node: NodeAt, text: string): Record<string, unknown> {
  const item = node.item === undefined ? undefined : node.item.kind === 'item' ? node.item.itemKind.text : node.item.kind;
  const fields: Record<string, unknown> = {
    declaration: node.declaration?.kind,
    host: node.host?.name?.text,
    item,
    bodyKind: node.bodyKind,
    property: node.property?.key.text,
    part: node.propertyPart,
    valueIndex: node.valueIndex,
    namePart: node.namePart,
    token: node.token,
    text: node.span === undefined ? undefined : text.slice(node.span.start, node.span.end),
    slot: node.slot,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** The summary of the node at the one `|` of `marked`. */
function at(marked: string): Record<string, unknown> {
  const { text, offsets } = cursors(marked);
  assert.equal(offsets.length, 1, 'one cursor');
  return summary(new Snapshot(text).nodeAt(offsets[0]!), text);
}

const IN_HOST = { declaration: 'host', host: 'lab' };

describe('node at offset: where the cursor is', () => {
  it('top level: before, between and after declarations, and in an empty file', () => {
    const top = { token: 'whitespace', slot: 'declaration' };
    assert.deepEqual(at('|'), top);
    assert.deepEqual(at('|host a {}\n'), { declaration: 'host', host: 'a', token: 'keyword', text: 'host', slot: 'declaration' });
    assert.deepEqual(at('host a {}\n|\nhost b {}\n'), top);
    assert.deepEqual(at('host a {}|'), top, 'right after the closing brace');
    assert.deepEqual(at('host a {}\nflow f { from a.x  to a.y  size 1 MiB }\n|'), top, 'at the end of the file');
  });

  it('a declaration\'s name, and a cursor at the end of a word', () => {
    assert.deepEqual(at('host lab| {}'), { ...IN_HOST, token: 'name', text: 'lab', slot: 'declarationName' });
    assert.deepEqual(at('flow f| { }'), { declaration: 'flow', token: 'name', text: 'f', slot: 'declarationName' });
    assert.deepEqual(at('host lab { cpu s0| {} }'), { ...IN_HOST, item: 'cpu', bodyKind: 'host', token: 'name', text: 's0', slot: 'declarationName' });
  });

  it('a host body: between items, on an item keyword, and on a word being typed', () => {
    assert.deepEqual(at('host lab {\n  cpu s0 {}\n  |\n}\n'), { ...IN_HOST, bodyKind: 'host', token: 'whitespace', slot: 'item' });
    assert.deepEqual(at('host lab {|}'), { ...IN_HOST, bodyKind: 'host', token: 'whitespace', slot: 'item' });
    assert.deepEqual(at('host lab { cpu s0 {} g|pu g {} }'), { ...IN_HOST, item: 'gpu', bodyKind: 'host', token: 'keyword', text: 'gpu', slot: 'item' });
    assert.deepEqual(at('host lab { cpu s0 {} gp| }'), { ...IN_HOST, bodyKind: 'host', token: 'stray', text: 'gp', slot: 'item' });
    assert.deepEqual(at(`host lab { ${'x'.repeat(2000)}| }`), { ...IN_HOST, bodyKind: 'host', token: 'whitespace', slot: 'item' }, 'a word too long to be one being typed');
    assert.deepEqual(at('template t {\n  |\n}'), { declaration: 'template', host: 't', bodyKind: 'host', token: 'whitespace', slot: 'item' });
  });

  it('the body of every item kind, of networks and flows, and of a link spec\'s options', () => {
    for (const keyword of ITEM_KEYWORDS) {
      assert.deepEqual(at(`host lab { ${keyword} x { | } }`), { ...IN_HOST, item: keyword, bodyKind: bodyKindOfItem(keyword), token: 'whitespace', slot: 'property' }, keyword);
    }
    assert.deepEqual(at('network ib { kind infiniband, | }'), { declaration: 'network', bodyKind: 'network', token: 'whitespace', slot: 'property' });
    assert.deepEqual(at('flow f {|}'), { declaration: 'flow', bodyKind: 'flow', token: 'whitespace', slot: 'property' });
    assert.deepEqual(at('host lab { link s0 -- sw0 : pcie gen4 x16 | }'), { ...IN_HOST, item: 'link', bodyKind: 'linkSpec', token: 'whitespace', slot: 'property' });
  });

  it('a property key, and a value of each kind', () => {
    const mmu = { ...IN_HOST, item: 'iommu', bodyKind: 'iommu', property: 'mode' };
    assert.deepEqual(at('host lab { iommu mmu { mo|de strict } }'), { ...mmu, part: 'key', token: 'keyword', text: 'mode', slot: 'property' });
    assert.deepEqual(at('host lab { iommu mmu { mode| strict } }'), { ...mmu, part: 'key', token: 'keyword', text: 'mode', slot: 'property' });
    assert.deepEqual(at('host lab { iommu mmu { mode st|rict } }'), { ...mmu, part: 'value', valueIndex: 0, namePart: 0, token: 'word', text: 'strict', slot: 'value' });
    assert.deepEqual(at('host lab { gpu g { iommu m|mu } }'), {
      ...IN_HOST, item: 'gpu', bodyKind: 'device', property: 'iommu', part: 'value', valueIndex: 0, namePart: 0, token: 'name', text: 'mmu', slot: 'value',
    });
    assert.deepEqual(at('host lab { vm v { passthrough a, |b } }'), {
      ...IN_HOST, item: 'vm', bodyKind: 'vm', property: 'passthrough', part: 'value', valueIndex: 1, namePart: 0, token: 'name', text: 'b', slot: 'value',
    });
    assert.deepEqual(at('host lab { buffer b { layout scattered 2 |MiB } }'), {
      ...IN_HOST, item: 'buffer', bodyKind: 'buffer', property: 'layout', part: 'value', valueIndex: 1, token: 'unit', text: 'MiB', slot: 'unit',
    });
  });

  it('after a property key with no value yet: its value, on the same line only', () => {
    const value = { ...IN_HOST, item: 'iommu', bodyKind: 'iommu', property: 'mode', part: 'value', valueIndex: 0, token: 'whitespace', slot: 'value' };
    assert.deepEqual(at('host lab { iommu mmu { mode | } }'), value);
    assert.deepEqual(at('host lab { iommu mmu { mode s| } }'), { ...value, namePart: 0, token: 'word', text: 's' }, 'the parser takes a word as the value');
    assert.deepEqual(at('host lab {\n  iommu mmu {\n    mode\n    |\n  }\n}'), { ...IN_HOST, item: 'iommu', bodyKind: 'iommu', token: 'whitespace', slot: 'property' });
    assert.deepEqual(at('host lab { iommu mmu { mode strict | } }'), { ...IN_HOST, item: 'iommu', bodyKind: 'iommu', token: 'whitespace', slot: 'property' });
  });

  it('after a list\'s comma: the next item of the list', () => {
    assert.deepEqual(at('host lab { vm v { passthrough a,\n    | } }'), {
      ...IN_HOST, item: 'vm', bodyKind: 'vm', property: 'passthrough', part: 'value', valueIndex: 1, token: 'whitespace', slot: 'value',
    });
    assert.deepEqual(at('network ib { attach a.nic0, | }'), {
      declaration: 'network', bodyKind: 'network', property: 'attach', part: 'value', valueIndex: 1, token: 'whitespace', slot: 'value',
    });
  });

  it('after a number: its unit, glued or after a space, but not for a whole number', () => {
    const size = { ...IN_HOST, item: 'memory', bodyKind: 'memory', property: 'size', part: 'value', valueIndex: 0 };
    assert.deepEqual(at('host lab { memory ram { size 6|4 } }'), { ...size, token: 'number', text: '64', slot: 'value' });
    assert.deepEqual(at('host lab { memory ram { size 64| } }'), { ...size, token: 'number', text: '64', slot: 'unit' });
    assert.deepEqual(at('host lab { memory ram { size 64 | } }'), { ...size, token: 'whitespace', slot: 'unit' });
    assert.deepEqual(at('host lab { memory ram { size 64 Gi| } }'), { ...size, token: 'stray', text: 'Gi', slot: 'unit' });
    assert.deepEqual(at('host lab { memory ram { size 64 G|iB } }'), { ...size, token: 'unit', text: 'GiB', slot: 'unit' });
    assert.deepEqual(at('host lab { memory ram { size 64G|iB } }'), { ...size, token: 'unit', text: 'GiB', slot: 'unit' });
    assert.deepEqual(at('host lab { memory ram { size 64\n  | } }'), { ...IN_HOST, item: 'memory', bodyKind: 'memory', token: 'whitespace', slot: 'property' });
    assert.deepEqual(at('host lab { cpu s0 { cores 16 | } }'), { ...IN_HOST, item: 'cpu', bodyKind: 'cpu', token: 'whitespace', slot: 'property' });
    assert.deepEqual(at('host lab { cpu s0 { cores 16| } }'), { ...IN_HOST, item: 'cpu', bodyKind: 'cpu', property: 'cores', part: 'value', valueIndex: 0, token: 'number', text: '16', slot: 'value' });
  });

  it('a flow\'s from: its value, the host part and the part after the dot', () => {
    const from = { declaration: 'flow', bodyKind: 'flow', property: 'from', part: 'value', valueIndex: 0 };
    assert.deepEqual(at('flow f { from | }'), { ...from, token: 'whitespace', slot: 'value' });
    assert.deepEqual(at('flow f { from la|b.staging }'), { ...from, namePart: 0, token: 'name', text: 'lab', slot: 'value' });
    assert.deepEqual(at('flow f { from lab.|staging }'), { ...from, namePart: 1, token: 'name', text: 'staging', slot: 'value' });
    assert.deepEqual(at('flow f { from lab.| }'), { ...from, namePart: 1, token: 'whitespace', slot: 'value' });
  });

  it('maps: the device, after -> the buffer, after the buffer the access', () => {
    const map = { ...IN_HOST, item: 'map', bodyKind: 'host' };
    assert.deepEqual(at('host lab { map ni|c0 -> b rw }'), { ...map, token: 'name', text: 'nic0', slot: 'mapDevice' });
    assert.deepEqual(at('host lab { map nic0 -> | }'), { ...map, token: 'whitespace', slot: 'mapBuffer' });
    assert.deepEqual(at('host lab { map nic0 -> b| }'), { ...map, token: 'name', text: 'b', slot: 'mapBuffer' });
    assert.deepEqual(at('host lab { map nic0 -> b | }'), { ...map, token: 'whitespace', slot: 'mapAccess' });
    assert.deepEqual(at('host lab { map nic0 -> b r|w }'), { ...map, token: 'word', text: 'rw', slot: 'mapAccess' });
    assert.deepEqual(at('host lab { map nic0 -> b rw | }'), { ...IN_HOST, bodyKind: 'host', token: 'whitespace', slot: 'item' });
  });

  it('links: each end, the kind after :, the arguments, options and a rate\'s unit', () => {
    const link = { ...IN_HOST, item: 'link', bodyKind: 'host' };
    assert.deepEqual(at('host lab { link |s0 -- sw0 : pcie gen4 x16 }'), { ...link, valueIndex: 0, namePart: 0, token: 'name', text: 's0', slot: 'linkEnd' });
    assert.deepEqual(at('host lab { link s0 -- | }'), { ...link, valueIndex: 1, token: 'whitespace', slot: 'linkEnd' });
    assert.deepEqual(at('host lab { link s0 -- sw0 : | }'), { ...link, token: 'whitespace', slot: 'linkKind' });
    assert.deepEqual(at('host lab { link s0 -- sw0 : pc|ie gen4 x16 }'), { ...link, token: 'keyword', text: 'pcie', slot: 'linkKind' });
    assert.deepEqual(at('host lab { link s0 -- sw0 : pcie | }'), { ...link, valueIndex: 0, token: 'whitespace', slot: 'linkArgument' });
    assert.deepEqual(at('host lab { link s0 -- sw0 : pcie gen4 | }'), { ...link, valueIndex: 1, token: 'whitespace', slot: 'linkArgument' });
    assert.deepEqual(at('host lab { link s0 -- sw0 : pcie gen4 x|16 }'), { ...link, valueIndex: 1, namePart: 0, token: 'word', text: 'x16', slot: 'linkArgument' });
    assert.deepEqual(at('host lab { link s0 -- sw0 : pcie gen4 x16 mps | }'), {
      ...link, bodyKind: 'linkSpec', property: 'mps', part: 'value', valueIndex: 0, token: 'whitespace', slot: 'value',
    });
    assert.deepEqual(at('host lab { link g0 -- g1 : nvlink 300 | }'), { ...link, valueIndex: 0, token: 'whitespace', slot: 'unit' });
    assert.deepEqual(at('link a.nic0 -- b.|nic0 : infiniband 200 Gb/s'), { declaration: 'link', valueIndex: 1, namePart: 1, token: 'name', text: 'nic0', slot: 'linkEnd' });
    assert.deepEqual(at('link a.nic0 -- |'), { declaration: 'link', valueIndex: 1, token: 'whitespace', slot: 'linkEnd' });
  });

  it('a link or a map not yet taken by the parser: its first end, its device; nothing after its first name', () => {
    const host = { ...IN_HOST, bodyKind: 'host' };
    assert.deepEqual(at('host lab { link | }'), { ...host, valueIndex: 0, token: 'whitespace', slot: 'linkEnd' });
    assert.deepEqual(at('host lab {\n  cpu s0 {}\n  link s|\n}'), { ...host, valueIndex: 0, namePart: 0, token: 'stray', text: 's', slot: 'linkEnd' });
    assert.deepEqual(at('host lab { map | }'), { ...host, token: 'whitespace', slot: 'mapDevice' });
    assert.deepEqual(at('host lab { map ni| }'), { ...host, token: 'stray', text: 'ni', slot: 'mapDevice' });
    assert.deepEqual(at('host lab { link s0 | }'), { ...host, token: 'whitespace' }, 'only -- may follow');
    assert.deepEqual(at('host lab { map nic0 | }'), { ...host, token: 'whitespace' }, 'only -> may follow');
    assert.deepEqual(at('host lab { link| }'), { ...host, token: 'stray', text: 'link', slot: 'item' }, 'on the keyword itself');
    assert.deepEqual(at('host lab { link\n  | }'), { ...host, token: 'whitespace', slot: 'item' }, 'on the next line');
    assert.deepEqual(at('link |'), { valueIndex: 0, token: 'whitespace', slot: 'linkEnd' });
    assert.deepEqual(at('host a {}\nlink a|'), { valueIndex: 0, namePart: 0, token: 'stray', text: 'a', slot: 'linkEnd' });
    assert.deepEqual(at('map |'), { token: 'whitespace', slot: 'declaration' }, 'a map is a host item');
    assert.deepEqual(at('host lab { // link |\n}'), { ...host, token: 'comment', text: '// link ' });
  });

  it('a host\'s header: its range and its template', () => {
    assert.deepEqual(at('host node[0..|3] {}'), { declaration: 'host', host: 'node', token: 'number', text: '3', slot: 'range' });
    assert.deepEqual(at('host h : |'), { declaration: 'host', host: 'h', token: 'whitespace', slot: 'template' });
    assert.deepEqual(at('host h : gpu_n|ode {}'), { declaration: 'host', host: 'h', token: 'name', text: 'gpu_node', slot: 'template' });
  });

  it('the topology title', () => {
    assert.deepEqual(at('topology "la|b"\n'), { declaration: 'topology', token: 'string', text: '"lab"', slot: 'title' });
    assert.deepEqual(at('topology "lab"|\n'), { declaration: 'topology', token: 'whitespace', slot: 'title' });
    assert.deepEqual(at('topology "lab|'), { declaration: 'topology', token: 'string', text: '"lab', slot: 'title' }, 'unterminated');
  });

  it('inside a comment: where it is, not what it is on', () => {
    const comment = { ...IN_HOST, bodyKind: 'host', token: 'comment' };
    assert.deepEqual(at('host lab {\n  // a co|mment\n}'), { ...comment, text: '// a comment' });
    assert.deepEqual(at('host lab {\n  // a comment|\n}'), { ...comment, text: '// a comment' }, 'at the end of a line comment');
    assert.deepEqual(at('host lab { cpu s0 { /* co|res */ } }'), { ...comment, item: 'cpu', bodyKind: 'cpu', text: '/* cores */' });
    assert.deepEqual(at('host lab { /* x */| }'), { ...IN_HOST, bodyKind: 'host', token: 'whitespace', slot: 'item' }, 'after a closed block comment');
    assert.deepEqual(at('|// first line'), { token: 'whitespace', slot: 'declaration' }, 'before the comment');
    assert.deepEqual(at('/* never closed|'), { token: 'comment', text: '/* never closed' });
  });

  it('a body left open reaches to the next item, or to the end of the file', () => {
    // The memory's `}` is missing: the parser closes its body where `cpu s0 {` starts.
    assert.deepEqual(at('host lab {\n  memory ram { size 64 GiB\n  |\n  cpu s0 { cores 16 }\n}\n'), { ...IN_HOST, item: 'memory', bodyKind: 'memory', token: 'whitespace', slot: 'property' });
    assert.deepEqual(at('host lab {\n  cpu s0 { cores 16 }\n  |'), { ...IN_HOST, bodyKind: 'host', token: 'whitespace', slot: 'item' });
    assert.deepEqual(at('host lab { cpu s0 { cores 16 |'), { ...IN_HOST, item: 'cpu', bodyKind: 'cpu', token: 'whitespace', slot: 'property' });
    assert.deepEqual(at('host lab { buffer b { in ram, size 64 |'), { ...IN_HOST, item: 'buffer', bodyKind: 'buffer', property: 'size', part: 'value', valueIndex: 0, token: 'whitespace', slot: 'unit' });
    assert.deepEqual(at('flow f { from lab.staging|'), { declaration: 'flow', bodyKind: 'flow', property: 'from', part: 'value', valueIndex: 0, namePart: 1, token: 'name', text: 'staging', slot: 'value' });
    assert.deepEqual(at('network ib { kind infiniband\nflow f { |'), { declaration: 'flow', bodyKind: 'flow', token: 'whitespace', slot: 'property' });
  });

  it('an offset past either end is clamped to the text', () => {
    const snapshot = new Snapshot('host a {}\n');
    assert.equal(snapshot.nodeAt(-5).offset, 0);
    assert.equal(snapshot.nodeAt(1000).offset, 10);
    assert.equal(snapshot.nodeAt(-5).token, 'keyword');
  });
});

describe('node at offset: every offset of every sample', () => {
  for (const file of [...sampleFiles(), ...sampleFiles('samples/broken')]) {
    it(file.replace(/.*samples\//, 'samples/'), () => {
      const text = read(file);
      const snapshot = new Snapshot(text);
      for (let offset = 0; offset <= text.length; offset++) {
        const node = snapshot.nodeAt(offset);
        const where = `at ${offset} ('${text.slice(Math.max(0, offset - 10), offset)}|${text.slice(offset, offset + 10)}')`;
        if (node.span !== undefined) assert.ok(node.span.start <= offset && offset <= node.span.end, `the token holds the offset ${where}`);
        assert.equal(node.token === 'whitespace', node.span === undefined, `a token has a span ${where}`);
        for (const outer of [node.declaration, node.item, node.property]) {
          if (outer !== undefined) assert.ok(outer.span.start <= offset, `inside what holds it ${where}`);
        }
        if (node.property !== undefined) {
          const schema = node.bodyKind === undefined || node.bodyKind === 'host' ? undefined : BODY_SCHEMAS[node.bodyKind];
          assert.ok(schema !== undefined && Object.hasOwn(schema, node.property.key.text), `a property of its body ${where}`);
        }
        if (node.token === 'name' || node.token === 'keyword') assert.match(text.slice(node.span!.start, node.span!.end), /^[A-Za-z_]\w*$/, where);
        if (node.token === 'comment') assert.ok(text.startsWith('/', node.span!.start), where);
      }
    });
  }
});
