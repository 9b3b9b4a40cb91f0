// The formatter: one canonical layout, every comment kept, idempotent, and
// the model of the result equals the model of the input.
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import './seed';
import { formatText } from '../server/src/format/format';
import { analyze } from '../server/src/model/index';
import { parseText } from '../server/src/syntax/index';
import { modelDigest, read, sampleFiles } from './helpers';

/** Checks the formatter's promises on `text` and returns the formatted text. */
function checkFormatting(text: string): string {
  const result = formatText(text);
  if (!result.formatted) {
    assert.equal(result.text, text, 'a file with syntax errors, or one the layout would change, is left untouched');
    return text;
  }
  const formatted = result.text;
  assert.equal(formatText(formatted).text, formatted, 'formatting twice changes nothing');
  const before = analyze(text);
  const after = analyze(formatted);
  assert.deepEqual(modelDigest(after.model), modelDigest(before.model), 'same meaning');
  assert.deepEqual(after.diagnostics.map((d) => d.code), before.diagnostics.map((d) => d.code), 'same diagnostics');
  assert.deepEqual(
    parseText(formatted).comments.map((c) => c.text.split(/\r?\n/).map((l) => l.trim()).join('\n')),
    before.tree.comments.map((c) => c.text.split(/\r?\n/).map((l) => l.trim()).join('\n')),
    'every comment kept, in order',
  );
  return formatted;
}

describe('formatter on the samples', () => {
  for (const file of [...sampleFiles(), ...sampleFiles('samples/broken')]) {
    it(`keeps the meaning and comments of ${basename(file)} and is idempotent`, () => {
      checkFormatting(read(file));
    });
  }
  for (const file of sampleFiles()) {
    it(`finds ${basename(file)} already formatted`, () => {
      const text = read(file);
      assert.equal(formatText(text).text, text);
    });
  }
});

describe('formatter layout', () => {
  it('lays out a messy file canonically', () => {
    const messy = `topology   "lab"
host   a{cpu c{cores 4;vendor amd}   memory m {size 64GiB;cpu c}
// the NIC
nic n{rdma}link c--n:pcie gen4 x16 mps 256B
buffer b{in m,size 1MiB,pinned,layout scattered 64KiB}   map n->b rw }


flow f {
  from a.b; to a.b
  size 1 MiB; engine a.n }
host k[0..3]:t{}
template t { cpu c {} }
`;
    assert.equal(checkFormatting(messy), `topology "lab"
host a {
  cpu c { cores 4, vendor amd }
  memory m { size 64 GiB, cpu c }
  // the NIC
  nic n { rdma }
  link c -- n : pcie gen4 x16 mps 256 B
  buffer b { in m, size 1 MiB, pinned, layout scattered 64 KiB }
  map n -> b rw
}

flow f {
  from a.b
  to a.b
  size 1 MiB
  engine a.n
}
host k[0..3] : t {}
template t {
  cpu c {}
}
`);
  });

  it('breaks a body that does not fit in 100 columns, and one that holds a comment', () => {
    const long = 'host h { cpu c {} memory m { size 1 GiB } buffer a_rather_long_buffer_name { in m, size 64 MiB, count 16, pinned, layout scattered 4 KiB, offset 512 B, sensitive } }\n';
    assert.match(checkFormatting(long), /buffer a_rather_long_buffer_name \{\n {4}in m\n {4}size 64 MiB\n/);
    const commented = 'host h { cpu c { cores 4 /* per socket */ vendor arm } }\n';
    assert.equal(checkFormatting(commented), 'host h {\n  cpu c {\n    cores 4 /* per socket */\n    vendor arm\n  }\n}\n');
  });

  it('keeps trailing and own-line comments where they were, and one blank line at most', () => {
    const text = '// head\n\n\n\nhost h { // the host\n  cpu c {} // socket\n\n\n  // before the nic\n  nic n {}\n  /* end */\n}\n// tail\n';
    assert.equal(checkFormatting(text), '// head\n\nhost h { // the host\n  cpu c {} // socket\n\n  // before the nic\n  nic n {}\n  /* end */\n}\n// tail\n');
  });

  it('keeps an unknown unit glued to its number, since apart it would mean something else', () => {
    const text = 'host h { cpu c {} memory m { size 64mib } }\n';
    assert.match(checkFormatting(text), /size 64mib/);
  });

  it('spaces known units, keeps digits as written and escapes titles', () => {
    assert.equal(
      checkFormatting('topology "a \\"b\\""\nhost h { cpu c { cores 1_000 } iommu i { page 0x1000B } }\nflow f { from h.x to h.y size 1.5GB every 5µs }\n'),
      'topology "a \\"b\\""\nhost h {\n  cpu c { cores 1_000 }\n  iommu i { page 0x1000B }\n}\nflow f { from h.x, to h.y, size 1.5 GB, every 5 µs }\n',
    );
  });

  it('leaves a file untouched when its layout would change its meaning (found by the fuzz test)', () => {
    const split = 'host h { cpu c {} nic n {} link c -- n : pcie gen4 x4 }\nhost k { cpu c {} nic n {} link c -- n : pcie gen4 x4 }\nlink h.n -- k.n : ethernet 100\n Gbps\n';
    const result = formatText(split);
    assert.equal(result.formatted, false);
    assert.equal(result.text, split);
    assert.match(result.refused!, /would change what this file says/);
  });

  it('leaves a file with syntax errors untouched', () => {
    const broken = 'host h {\n  cpu c { cores : 4 }\n}\n';
    const result = formatText(broken);
    assert.equal(result.formatted, false);
    assert.equal(result.text, broken);
  });
});

describe('formatter on fuzzed files', () => {
  it('keeps meaning and comments, and is idempotent, on every mutated sample that parses', { timeout: 240_000 }, () => {
    const corpus = [...sampleFiles(), ...sampleFiles('samples/broken')].map(read);
    const pieces = (text: string) => text.match(/\s+|[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9_.]*|"[^"\n]*"?|\/\/[^\n]*|\/\*|\*\/|./gsu) ?? [];
    let parsed = 0;
    fc.assert(
      fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('delete', 'duplicate', 'swap', 'newline')), { minLength: 1, maxLength: 3 }), (index, edits) => {
        const units = pieces(corpus[index]!);
        for (const [a, b, kind] of edits) {
          const i = a % units.length;
          const j = b % units.length;
          if (kind === 'delete') units.splice(i, 1);
          else if (kind === 'duplicate') units.splice(i, 0, units[i]!);
          else if (kind === 'swap') [units[i], units[j]] = [units[j]!, units[i]!];
          else units.splice(i, 0, '\n');
        }
        const text = units.join('');
        if (formatText(text).formatted) parsed++;
        checkFormatting(text);
      }),
      { numRuns: 300 },
    );
    assert.ok(parsed > 30, `enough mutated files parse to test the formatter (${parsed})`);
  });
});
