// Selection ranges: Expand Selection from a cursor grows through the word,
// the value, the property, the body, the item, the host and the document,
// each range holding the one before, at every offset of every sample.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Snapshot } from '../server/src/analysis/snapshot';
import { selectionRanges, selectionSpans } from '../server/src/lsp/selectionRanges';
import { expectSelectionRanges, read, sampleFiles } from './helpers';

const LAB = `host lab {
  memory ram { size 64 GiB }
  gpu gpu0 {}
  link ram -- gpu0 : pcie gen4 x16 mps 256 B
  buffer b { in ram, size 4 KiB }
}
flow f { from lab.b  to lab.gpu0  size 1 MiB }
`;

describe('selection ranges', () => {
  it('grow from a unit through its quantity, property, body, item and host', () => {
    expectSelectionRanges(LAB.replace('64 GiB', '64 G|iB'), [
      'GiB',
      '64 GiB',
      'size 64 GiB',
      '{ size 64 GiB }',
      'memory ram { size 64 GiB }',
      LAB.slice(LAB.indexOf('memory'), LAB.lastIndexOf('}\nflow')).trimEnd(),
      LAB.slice(LAB.indexOf('{'), LAB.indexOf('\nflow')),
      LAB.slice(0, LAB.indexOf('\nflow')),
    ]);
  });

  it('grow from a part of a qualified name through the name, its property and the flow body', () => {
    expectSelectionRanges(LAB.replace('from lab.b', 'from lab.|b'), [
      'b',
      'lab.b',
      'from lab.b',
      'from lab.b  to lab.gpu0  size 1 MiB',
      '{ from lab.b  to lab.gpu0  size 1 MiB }',
      'flow f { from lab.b  to lab.gpu0  size 1 MiB }',
    ]);
  });

  it('grow from a link option through the link spec and the link', () => {
    expectSelectionRanges(LAB.replace('mps 256', 'mps 2|56'), [
      '256',
      '256 B',
      'mps 256 B',
      'pcie gen4 x16 mps 256 B',
      'link ram -- gpu0 : pcie gen4 x16 mps 256 B',
      LAB.slice(LAB.indexOf('memory'), LAB.lastIndexOf('}\nflow')).trimEnd(),
      LAB.slice(LAB.indexOf('{'), LAB.indexOf('\nflow')),
      LAB.slice(0, LAB.indexOf('\nflow')),
    ]);
  });

  it('select the whole body of an empty item and the document between declarations', () => {
    expectSelectionRanges(LAB.replace('gpu gpu0 {}', 'gpu gpu0 {|}'), [
      '{}',
      'gpu gpu0 {}',
      LAB.slice(LAB.indexOf('memory'), LAB.lastIndexOf('}\nflow')).trimEnd(),
      LAB.slice(LAB.indexOf('{'), LAB.indexOf('\nflow')),
      LAB.slice(0, LAB.indexOf('\nflow')),
    ]);
    expectSelectionRanges('host a {}\n|\nhost b {}\n', []);
  });

  it('answer each position asked, in order', () => {
    const snapshot = new Snapshot(LAB);
    const offsets = [LAB.indexOf('ram'), LAB.indexOf('x16')];
    const ranges = selectionRanges(snapshot, offsets);
    assert.equal(ranges.length, 2);
    assert.deepEqual(ranges.map((r) => snapshot.lines.offset(r.range.start)), offsets);
  });

  it('hold the offset and the range before, at every offset of every sample', () => {
    for (const file of [...sampleFiles(), ...sampleFiles('samples/broken')]) {
      const text = read(file);
      const snapshot = new Snapshot(text);
      for (let offset = 0; offset <= text.length; offset++) {
        const spans = selectionSpans(snapshot, offset);
        const where = `${file} at ${offset}`;
        assert.deepEqual(spans[spans.length - 1], { start: 0, end: text.length }, where);
        spans.forEach((span, i) => {
          assert.ok(span.start <= offset && offset <= span.end, where);
          const inner = spans[i - 1];
          if (inner !== undefined) assert.ok(span.start <= inner.start && inner.end <= span.end && span.end - span.start > inner.end - inner.start, where);
        });
      }
    }
  });
});
