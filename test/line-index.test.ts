// Offsets to LSP positions: a line ends at \n, \r\n or a lone \r, whichever
// way the index finds them (a text without \r takes a faster path).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LineIndex } from '../server/src/model/index';
import './seed';

/** Positions as LSP counts them, one character at a time: the reference the index must match. */
function positions(text: string): Array<{ line: number; character: number }> {
  const out: Array<{ line: number; character: number }> = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i <= text.length; i++) {
    out.push({ line, character });
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      character = 0;
    } else character++;
  }
  return out;
}

describe('LineIndex', () => {
  it('gives every offset the position LSP counts, with and without carriage returns', () => {
    const piece = fc.constantFrom('a', 'bc', ' ', '\n', '\r\n', '\r', '\n\n', 'é', '😀');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        const index = new LineIndex(text);
        const expected = positions(text);
        for (let offset = 0; offset <= text.length; offset++) {
          // Between \r and \n is not a place a position can name: LSP puts it at the end of the line.
          if (text[offset - 1] === '\r' && text[offset] === '\n') continue;
          assert.deepEqual(index.position(offset), expected[offset], `offset ${offset} of ${JSON.stringify(text)}`);
          assert.equal(index.offset(expected[offset]!), offset);
        }
      }),
      { numRuns: 500 },
    );
  });
});
