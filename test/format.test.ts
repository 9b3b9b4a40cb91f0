// The formatter: one canonical layout, every comment kept, idempotent, and
// the model of the result equals the model of the input.
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import './seed';
import { formatText } from '../server/src/format/format';
import { analyze } from '../server/src/model/index';
import { checkText } from '../server/src/analysis/snapshot';
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

  it('keeps a byte-order mark at the start of the text, which an editor may hand the server', () => {
    assert.equal(checkFormatting('\uFEFFhost h{cpu c{}}\n'), '\uFEFFhost h {\n  cpu c {}\n}\n');
  });

  it('leaves a file with syntax errors untouched', () => {
    const broken = 'host h {\n  cpu c { cores : 4 }\n}\n';
    const result = formatText(broken);
    assert.equal(result.formatted, false);
    assert.equal(result.text, broken);
  });
});

/** The findings of `check`, disable comments applied, as `CODE word`: the code and the first word it points at, which no layout moves. */
function findings(text: string): string[] {
  return checkText(text)
    .diagnostics.map((d) => `${d.code} ${/^\w+|^\S*/.exec(text.slice(d.span.start))![0]}`)
    .sort();
}

/** Formats `text`, expecting `expected`, and checks that `check` finds the same before and after. */
function expectFormatted(text: string, expected: string): void {
  const result = formatText(text);
  assert.equal(result.refused, undefined);
  assert.equal(result.text, expected);
  assert.deepEqual(findings(expected), findings(text), 'the same findings, the same silenced');
  assert.equal(formatText(expected).text, expected, 'idempotent');
}

const HOST = 'host h {\n  cpu c {}\n  memory m { size 1 GiB }\n  iommu i {}\n';

describe('formatter and dmatopo-disable-next-line comments', () => {
  it('does not join the rest of a body onto the line a directive applies to', () => {
    // Joined, `ats` (SEC006, an error) would move onto the directive's line and be silenced: check would pass.
    const text = `${HOST}  // dmatopo-disable-next-line SEC006\n  nic n { iommu i,\n    untrusted, ats }\n  link c -- n : pcie gen4 x16\n}\n`;
    assert.deepEqual(findings(text), ['SEC006 ats', 'unused-disable //']);
    expectFormatted(text, `${HOST}  // dmatopo-disable-next-line SEC006\n  nic n { iommu i\n    untrusted\n    ats\n  }\n  link c -- n : pcie gen4 x16\n}\n`);
  });

  it('does not split a body off the line a directive applies to, however long', () => {
    const name = 'a_network_interface_card_with_a_name_long_enough_to_pass_the_width';
    const text = `${HOST}  // dmatopo-disable-next-line SEC006\n  nic ${name} { iommu i, untrusted, rate 100 Gb/s, ats }\n  link c -- ${name} : pcie gen4 x16\n}\n`;
    assert.deepEqual(findings(text), []);
    expectFormatted(text, text);
  });

  it('keeps the properties the author put on the directive\'s line together, and the others one per line', () => {
    const text = `${HOST}  nic n {\n    iommu i, rate 1 GB/s // the link's share\n    // dmatopo-disable-next-line SEC006\n    untrusted, ats\n  }\n  link c -- n : pcie gen4 x16\n}\n`;
    expectFormatted(text, `${HOST}  nic n {\n    iommu i\n    rate 1 GB/s // the link's share\n    // dmatopo-disable-next-line SEC006\n    untrusted, ats\n  }\n  link c -- n : pcie gen4 x16\n}\n`);
  });

  it('puts a body on one line when all of it was on the directive\'s line', () => {
    const text = `${HOST}  // dmatopo-disable-next-line SEC006\n  nic n { iommu i, untrusted, ats\n  }\n  link c -- n : pcie gen4 x16\n}\n`;
    expectFormatted(text, `${HOST}  // dmatopo-disable-next-line SEC006\n  nic n { iommu i, untrusted, ats }\n  link c -- n : pcie gen4 x16\n}\n`);
  });

  it('keeps a blank line after a directive, which it applies to, even at the start of a body', () => {
    const text = 'host h { // dmatopo-disable-next-line SEC001\n\n  gpu g {}\n  cpu c {}\n  link c -- g : pcie gen4 x16\n}\n';
    assert.deepEqual(findings(text), ['SEC001 g', 'unused-disable //']);
    expectFormatted(text, text);
  });

  it('keeps a block comment before the code it preceded on its line, so that a directive there applies to the next line still', () => {
    // On a line of its own, the directive would apply to `gpu g`, not `gpu k`.
    const text = 'host h {\n  cpu c {}\n  /* dmatopo-disable-next-line SEC001 */ gpu g{}\n  gpu k {}\n  link c -- g : pcie gen4 x16\n  link c -- k : pcie gen4 x16\n}\n';
    assert.deepEqual(findings(text), ['SEC001 g']);
    expectFormatted(text, text.replace('g{}', 'g {}'));
    // A comment before the code: on its own line, the directive above would apply to it and not to `gpu g`.
    const below = 'host h {\n  cpu c {}\n  // dmatopo-disable-next-line SEC001\n  /* the gpu */ gpu g{}\n  link c -- g : pcie gen4 x16\n}\n';
    expectFormatted(below, below.replace('g{}', 'g {}'));
    expectFormatted('host h {\n\n  /* two\n     lines */ cpu c{}\n}\n', 'host h {\n  /* two\n     lines */ cpu c {}\n}\n');
    // Inside a link, whose line is already printed, it gets a line of its own, and is never lost at the end of the file.
    const hosts = 'host a {\n  nic n {}\n}\nhost b {\n  nic n {}\n}\n';
    expectFormatted(`${hosts}link a.n --\n/* x */ b.n : ethernet 1 Gbps\n`, `${hosts}link a.n -- b.n : ethernet 1 Gbps\n/* x */\n`);
    expectFormatted(`${hosts}link a.n --\n/* x */ b.n : ethernet 1 Gbps\nflow f {}\n`, `${hosts}link a.n -- b.n : ethernet 1 Gbps\n/* x */\nflow f {}\n`);
    // Only before an element it is printed in front of: after a property's key or its value, it goes after them, and the body is not pinned (found by the fuzz: not idempotent).
    expectFormatted('host h {\n  cpu c {}\n  memory ram { size /* dmatopo-disable-next-line DMA001 */  64 GiB }\n\n  iommu i {}\n}\n', 'host h {\n  cpu c {}\n  memory ram {\n    size 64 GiB /* dmatopo-disable-next-line DMA001 */\n  }\n\n  iommu i {}\n}\n');
    expectFormatted('host h {\n  cpu c {}\n  iommu smmu { mode strict /* dmatopo-disable-next-line DMA001 */  }\n\n  iommu i {}\n}\n', 'host h {\n  cpu c {}\n  iommu smmu {\n    mode strict /* dmatopo-disable-next-line DMA001 */\n  }\n\n  iommu i {}\n}\n');
    // The code after such a directive stays on its line too: broken up, it would push the line the directive applies to down.
    const flow = 'host h {\n  cpu c {}\n  memory m { size 1 GiB }\n  dma d {}\n  link c -- d : pcie gen4 x4\n  buffer a { in m, size 1 MiB, pinned }\n  buffer b { in m, size 1 MiB, pinned, layout scattered }\n}\n';
    expectFormatted(`${flow}flow f {\n  from h.a\n  /* dmatopo-disable-next-line DMA003 */ to h.b size 2 MiB\n  engine h.d\n}\n`, `${flow}flow f {\n  from h.a\n  /* dmatopo-disable-next-line DMA003 */ to h.b, size 2 MiB\n  engine h.d\n}\n`);
  });

  it('leaves the file as it is, saying why, when the line a directive applies to cannot stay as it is', () => {
    for (const text of [
      // Two items on the directive's line: the layout gives each its own.
      'host h {\n  // dmatopo-disable-next-line SEC001\n  cpu c {} gpu g {}\n  link c -- g : pcie gen4 x16\n}\n',
      // A value on the directive's line, its property on the line before.
      'host h {\n  cpu c {}\n  memory m { size // dmatopo-disable-next-line SEC009\n    1 GiB, kernel }\n}\n',
      // A link split across the directive's line.
      'host h {\n  cpu c {}\n  gpu g {}\n  link c -- // dmatopo-disable-next-line SEC001\n    g : pcie gen4 x16\n}\n',
    ]) {
      const result = formatText(text);
      assert.equal(result.formatted, false);
      assert.equal(result.text, text);
      assert.match(result.refused!, /^the canonical layout would change the code that the dmatopo-disable-next-line comment on line \d+ applies to \(line \d+\); give that code a line of its own/);
    }
  });
});

describe('formatter and comments', () => {
  it('never puts anything after a // comment on its line', () => {
    // Both comments trail code of one link: on one output line the second would be part of the first, no longer a directive.
    const text = 'host h {\n  cpu c {}\n  link c -- // slot 3\n    g : pcie gen4 x16 // dmatopo-disable-next-line SEC001\n  gpu g {}\n}\n';
    expectFormatted(text, 'host h {\n  cpu c {}\n  link c -- g : pcie gen4 x16 // slot 3\n  // dmatopo-disable-next-line SEC001\n  gpu g {}\n}\n');
    expectFormatted('host h {\n  cpu c // socket\n  { cores 4 } // four\n}\n', 'host h {\n  cpu c { cores 4 } // socket\n  // four\n}\n');
    expectFormatted('host h {\n  cpu c // socket\n  { cores 4 /* four */ }\n}\n', 'host h {\n  cpu c { // socket\n    cores 4 /* four */\n  }\n}\n');
  });

  it('takes a vertical tab or a form feed for the whitespace it is to the lexer', () => {
    expectFormatted('host h {\n  cpu c {} // socket\n\v// the gpu\n  gpu g {}\n}\n', 'host h {\n  cpu c {} // socket\n  // the gpu\n  gpu g {}\n}\n');
    expectFormatted('host h {\n  cpu c {}\n\f\n  gpu g {}\n}\n', 'host h {\n  cpu c {}\n\n  gpu g {}\n}\n');
    expectFormatted('host h {\r  cpu c {}\r\r  gpu g {} /* a\r  b */\r}\r', 'host h {\n  cpu c {}\n\n  gpu g {} /* a\n  b */\n}\n');
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
