// One top-level declaration re-parses alone to the same tree as in the whole
// file: the editor re-parses only what an edit touches.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSlice, parseText } from '../server/src/syntax/index';
import { read, sampleFiles } from './helpers';

describe('re-parsing one declaration', () => {
  for (const file of sampleFiles()) {
    it(`gives the same tree for every declaration of ${file.split('/').pop()}`, () => {
      const text = read(file);
      const whole = parseText(text);
      assert.ok(whole.declarations.length > 1);
      for (const declaration of whole.declarations) {
        const alone = parseSlice(text, declaration.span.start, declaration.span.end);
        assert.deepEqual(alone.declarations, [declaration]);
        assert.deepEqual(alone.diagnostics, []);
        const inside = whole.comments.filter((c) => c.span.start >= declaration.span.start && c.span.end <= declaration.span.end);
        assert.deepEqual(alone.comments, inside, 'comments inside keep their places');
      }
    });
  }
  it('reports a mistake inside the slice at its place in the whole text', () => {
    const text = 'host a { cpu c {} }\nhost b { cpu c { cores : } }\n';
    const start = text.indexOf('host b');
    const alone = parseSlice(text, start, text.length);
    assert.deepEqual(alone.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)]), [['SYN001', ':']]);
  });
});
