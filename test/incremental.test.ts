// The keystroke parse: `reparse` re-parses only what an edit touches, and its
// tree is deep-equal to a full `parseText` of the new text, whatever the edit
// (comments opened or closed, braces removed, declarations joined or split,
// syntax errors, CRLF, a byte-order mark), edit after edit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import './seed';
import { parseText, reparse, type SyntaxTree, type TextChange } from '../server/src/syntax/index';
import { generateTopology } from '../scripts/generate';
import { read, sampleFiles } from './helpers';

/** Applies `changes` in order, each in the offsets of the text the previous one left. */
function applied(text: string, changes: readonly TextChange[]): string {
  return changes.reduce((current, c) => current.slice(0, c.start) + c.text + current.slice(c.end), text);
}

/** Re-parses after `changes` and holds the result to a full parse, and the previous tree to its own text. */
function step(previous: SyntaxTree, previousText: string, changes: readonly TextChange[]): { tree: SyntaxTree; text: string } {
  const text = applied(previousText, changes);
  const expectedPrevious = parseText(previousText);
  const tree = reparse(previous, previousText, text, changes);
  assert.deepStrictEqual(tree, parseText(text), `after ${JSON.stringify(changes)} on ${JSON.stringify(previousText)}`);
  assert.deepStrictEqual(previous, expectedPrevious, 'the previous tree is left as it was');
  return { tree, text };
}

/** Runs a sequence of edits from `text`, each re-parsed from the last result. */
function session(text: string, edits: ReadonlyArray<(text: string) => TextChange[]>): SyntaxTree {
  let current = { tree: parseText(text), text };
  for (const edit of edits) current = step(current.tree, current.text, edit(current.text));
  return current.tree;
}

const insert = (at: number | ((t: string) => number), text: string) => (t: string): TextChange[] => {
  const offset = typeof at === 'number' ? at : at(t);
  return [{ start: offset, end: offset, text }];
};
const remove = (from: (t: string) => number, to: (t: string) => number) => (t: string): TextChange[] => [{ start: from(t), end: to(t), text: '' }];
const replace = (what: string, by: string, occurrence = 0) => (t: string): TextChange[] => {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = t.indexOf(what, at + 1);
  assert.ok(at >= 0, `${JSON.stringify(what)} is in the text`);
  return [{ start: at, end: at + what.length, text: by }];
};
const at = (what: string, offset = 0) => (t: string): number => {
  const found = t.indexOf(what);
  assert.ok(found >= 0, `${JSON.stringify(what)} is in the text`);
  return found + offset;
};

const HOSTS = `topology "three hosts"
// the first host
host a {
  cpu c { cores 8 }
  memory m { size 16 GiB; cpu c }
}

/* between a and b */
host b {
  cpu c { cores 8 } // cores
  gpu g { memory 24 GiB }
  link c -- g : pcie gen4 x16
}
host c { cpu c { cores 4 } }
flow f { from a.m; to b.g; size 64 MiB }
`;

describe('incremental re-parse: targeted edits', () => {
  it('edits between declarations, in whitespace and in comments', () => {
    session(HOSTS, [
      insert(at('/* between'), '\n\n'),
      insert(at('between a', 8), 'x'),
      replace('// the first host', '// the first'),
      insert(at('// cores', 2), ' many'),
      replace('host c', '\nhost c'),
    ]);
  });

  it('edits at the very start and the very end', () => {
    session(HOSTS, [
      insert(0, ' '),
      remove(() => 0, () => 1),
      remove(() => 0, () => 1),
      insert(0, 't'),
      insert((t) => t.length, 'host z { cpu c {} }'),
      remove((t) => t.length - 1, (t) => t.length),
      insert((t) => t.length, '}\n}'),
      remove((t) => t.length - 3, (t) => t.length),
    ]);
  });

  it('inserts new declarations and deletes across several', () => {
    session(HOSTS, [
      insert(at('host b'), 'host n { cpu c { cores 2 } }\n'),
      insert(0, 'host first { cpu c {} }\n'),
      insert(at('flow f'), 'link a.c -- b.c : ethernet 100 Gbps\n'),
      remove(at('memory m'), at('gpu g')),
      remove(at('cores 8'), at('flow f', 4)),
    ]);
  });

  it('an unterminated /* swallows the rest, and closing it gives the rest back', () => {
    session(HOSTS, [
      insert(at('cpu c { cores 8 }'), '/*'),
      insert(at('host c'), '*/'),
      remove(at('*/'), at('*/', 2)),
      insert((t) => t.length, '*/ host d { }'),
      remove(at('/*'), at('/*', 2)),
    ]);
  });

  it('an unterminated string, in the title and in a body', () => {
    session(HOSTS, [
      remove(at('hosts"'), at('hosts"', 6)),
      insert(at('cores 4'), '"'),
      insert(at('"cores 4'), '"'),
      insert(at('three ', 6), '"'),
    ]);
  });

  it('a missing } makes a host run on, and putting it back ends it', () => {
    session(HOSTS, [
      remove(at('}\n\n/* between'), at('}\n\n/* between', 1)),
      insert(at('\n\n/* between'), '}'),
      remove(at('} }\nflow'), at('} }\nflow', 2)),
      insert(at('\nflow'), ' }'),
      replace('{ cores 4 }', '{ cores 4 '),
    ]);
  });

  it('joins two declarations into one and splits them again', () => {
    session(HOSTS, [
      remove(at('}\nhost c', 1), at('}\nhost c', 2)),
      remove(at('}host c'), at('}host c', 1)),
      insert(at('host c'), '}'),
      replace('} }', '}'),
      replace('cores 4 }', 'cores 4 } }'),
      remove(at('}\nflow'), at('flow')),
    ]);
  });

  it('syntax errors and their recovery: stray blocks, stray runs, missing values', () => {
    session(HOSTS, [
      insert(at('cpu c { cores 8 }'), '{ '),
      insert(at('host c'), '} } '),
      replace('cores 4', 'cores: 4'),
      replace('flow f {', 'flow f'),
      insert(at('flow f', 6), ' cpu x { }'),
      replace('host c', 'hots c'),
    ]);
    // A body without braces runs on as stray tokens into the next declaration's place.
    session('network n foo\nhost h { cpu c {} }\nflow f { from a.b }\n', [
      insert(at('foo', 3), ' bar'),
      replace('host h', 'cpu h'),
      replace('cpu h', 'host h'),
      replace('network n', 'network n {'),
    ]);
  });

  it('CRLF line ends, split and joined', () => {
    const crlf = HOSTS.replace(/\n/g, '\r\n');
    session(crlf, [
      insert(at('}\r\n\r\n/*', 2), 'x'),
      remove(at('x'), at('x', 1)),
      remove(at('}\r\nhost c', 1), at('}\r\nhost c', 2)),
      remove(at('}\nhost c', 1), at('}\nhost c', 2)),
      insert(at('cores 8', 7), '// note\r'),
    ]);
  });

  it('a byte-order mark at the start, removed and put back', () => {
    session(`\uFEFF${HOSTS}`, [remove(() => 0, () => 1), insert(0, '\uFEFF'), insert(1, '\uFEFF'), insert(0, 'x'), remove(() => 0, () => 2)]);
  });

  it('from and to the empty document', () => {
    session('', [insert(0, 'host a {'), insert(8, ' cpu c { cores 1 } }'), remove(() => 0, (t) => t.length), insert(0, '}'), remove(() => 0, () => 1)]);
  });

  it('several changes in one batch, each in the offsets the previous one left', () => {
    session(HOSTS, [
      (t) => [
        { start: t.indexOf('cores 4'), end: t.indexOf('cores 4') + 7, text: 'cores 16' },
        { start: t.indexOf('cores 8'), end: t.indexOf('cores 8') + 1, text: '' },
      ],
      (t) => [
        { start: 0, end: 0, text: '/*' },
        { start: t.length + 2, end: t.length + 2, text: '*/' },
        { start: 0, end: 2, text: '' },
      ],
      (t) => [
        { start: t.indexOf('host b'), end: t.indexOf('host b') + 4, text: 'hos' },
        { start: t.indexOf('host b'), end: t.indexOf('host b') + 3, text: 'host' },
      ],
    ]);
  });

  it('changes that do not fit the text get a full parse, still equal', () => {
    const tree = parseText(HOSTS);
    const edited = HOSTS.replace('cores 4', 'cores 5');
    assert.deepStrictEqual(reparse(tree, HOSTS, edited, [{ start: HOSTS.length + 1, end: HOSTS.length + 2, text: 'x' }]), parseText(edited));
    assert.deepStrictEqual(reparse(tree, HOSTS, edited, [{ start: 5, end: 4, text: '' }]), parseText(edited));
    assert.deepStrictEqual(reparse(tree, HOSTS, `${edited}x`, [{ start: 0, end: 0, text: '' }]), parseText(`${edited}x`));
    assert.deepStrictEqual(reparse(tree, HOSTS, edited, []), parseText(edited));
    assert.equal(reparse(tree, HOSTS, HOSTS, []), tree, 'no change: the same tree');
  });
});

describe('incremental re-parse: reuse', () => {
  const text = generateTopology(300);
  const previous = parseText(text);
  const edited = previous.declarations.findIndex((d) => d.kind === 'host' && d.name?.text === 'h4');
  const cores = text.indexOf('cores 32', previous.declarations[edited]!.span.start);

  it('keeps every declaration but the edited one when the length stays', () => {
    const changes = [{ start: cores + 6, end: cores + 8, text: '64' }];
    const tree = step(previous, text, changes).tree;
    const same = tree.declarations.map((d, i) => d === previous.declarations[i]);
    assert.deepEqual(same.flatMap((s, i) => (s ? [] : [i])), [edited], 'only the edited host is new');
    assert.equal(tree.comments[tree.comments.length - 1], previous.comments[previous.comments.length - 1]);
  });

  it('keeps the declarations before an edit and moves those after it', () => {
    const changes = [{ start: cores + 6, end: cores + 6, text: '1' }];
    const tree = step(previous, text, changes).tree;
    assert.equal(tree.declarations.length, previous.declarations.length);
    for (let i = 0; i < edited; i++) assert.equal(tree.declarations[i], previous.declarations[i], `declaration ${i} before the edit is reused`);
    const next = tree.declarations[edited + 1]!;
    assert.notEqual(next, previous.declarations[edited + 1]);
    assert.equal(next.span.start, previous.declarations[edited + 1]!.span.start + 1, 'moved one character on');
  });
});

/** Pieces an edit inserts: the lexer's hard cases, keywords, names, whole declarations. */
const PIECES = [
  '{', '}', '/*', '*/', '"', '//', '\n', '\r\n', '\r', '\uFEFF', ' ', '\t', '\\', '\u0000', '\ud800', 'é', '#',
  'host', 'template', 'link', 'network', 'flow', 'topology', 'cpu', 'memory', 'buffer', 'gpu', 'map',
  'a', 'h1', 'x', 'cores', 'size', 'in', 'from', 'to', '0', '4', '64 MiB', '0x1000', 's', 'MiB',
  ';', ':', ',', '--', '->', '-', '[', ']', '..', '.',
  'host z {', '}\n', '\n}', 'host z { cpu c { cores 1 } }\n', 'flow f { from a.b; to c.d }\n',
  'link a.n -- b.n : ethernet 100 Gbps\n', 'topology "t"\n', 'template t { cpu c {} }\n', 'network n {',
];
const STRUCTURAL = ['}', '{', '\n', '"', '/*', '*/', ' ', '//'];

const change = fc.record({
  kind: fc.constantFrom('insert', 'insert', 'delete', 'replace', 'line', 'structural', 'wide'),
  at: fc.nat(),
  size: fc.nat({ max: 11 }),
  piece: fc.constantFrom(...PIECES),
  other: fc.nat(),
});
type Change = typeof change extends fc.Arbitrary<infer T> ? T : never;
const batch = fc.oneof({ weight: 5, arbitrary: fc.array(change, { minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: fc.array(change, { minLength: 2, maxLength: 4 }) });

/** Turns a drawn change into offsets of `text`. */
function concrete(text: string, c: Change): TextChange {
  const at = c.at % (text.length + 1);
  switch (c.kind) {
    case 'insert':
      return { start: at, end: at, text: c.piece };
    case 'delete':
      return { start: at, end: Math.min(text.length, at + 1 + (c.size % 8)), text: '' };
    case 'replace':
      return { start: at, end: Math.min(text.length, at + 1 + (c.size % 4)), text: c.piece };
    case 'line': {
      // Delete a whole line, or copy one line over to another place.
      const starts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)];
      const line = starts[c.at % starts.length]!;
      const lineEnd = text.indexOf('\n', line) < 0 ? text.length : text.indexOf('\n', line) + 1;
      if (c.size % 2 === 0) return { start: line, end: lineEnd, text: '' };
      const target = starts[c.other % starts.length]!;
      return { start: target, end: target, text: text.slice(line, lineEnd) };
    }
    case 'structural': {
      // Delete or replace one occurrence of a character that changes how what follows lexes or parses.
      const what = STRUCTURAL[c.size % STRUCTURAL.length]!;
      const found: number[] = [];
      for (let i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) found.push(i);
      if (found.length === 0) return { start: at, end: at, text: what };
      const where = found[c.other % found.length]!;
      return { start: where, end: where + what.length, text: c.size % 3 === 0 ? c.piece : '' };
    }
    case 'wide':
      return { start: at, end: Math.min(text.length, at + (c.other % 300)), text: c.size % 4 === 0 ? c.piece : '' };
  }
}

/**
 * Documents small enough for thousands of full parses: a few consecutive
 * declarations of each sample (broken ones included) and of a generated
 * topology, with the comments between them, some in CRLF or with a
 * byte-order mark, and the empty document.
 */
function documents(): string[] {
  const texts = [...sampleFiles(), ...sampleFiles('samples/broken')].map(read).concat(generateTopology(120));
  const out = [''];
  for (const text of texts) {
    const declarations = parseText(text).declarations;
    for (let first = 0; first < declarations.length; first += 3) {
      const from = first === 0 ? 0 : declarations[first - 1]!.span.end;
      let last = first;
      while (last + 1 < declarations.length && declarations[last + 1]!.span.end - from < 900 && last - first < 4) last++;
      const to = last + 1 < declarations.length ? declarations[last + 1]!.span.start : text.length;
      out.push(text.slice(from, to));
    }
  }
  return out.map((text, i) => (i % 7 === 3 ? text.replace(/\n/g, '\r\n') : i % 11 === 5 ? `\uFEFF${text}` : text));
}

describe('incremental re-parse: random edits', () => {
  const DOCUMENTS = documents();
  const RUNS = 420;
  const EDITS_PER_RUN = 25;

  it(`equals a full parse after each of ${RUNS * EDITS_PER_RUN} random edits, each from the last result`, { timeout: 300_000 }, () => {
    let edits = 0;
    fc.assert(
      fc.property(fc.nat({ max: DOCUMENTS.length - 1 }), fc.array(batch, { minLength: EDITS_PER_RUN, maxLength: EDITS_PER_RUN }), (index, batches) => {
        let text = DOCUMENTS[index]!;
        let tree = parseText(text);
        for (const drawn of batches) {
          const changes: TextChange[] = [];
          let next = text;
          for (const c of drawn) {
            const offsets = concrete(next, c);
            changes.push(offsets);
            next = applied(next, [offsets]);
          }
          const result = reparse(tree, text, next, changes);
          assert.deepStrictEqual(result, parseText(next));
          edits++;
          text = next;
          tree = result;
        }
      }),
      { numRuns: RUNS },
    );
    assert.ok(edits >= 10_000, `${edits} edits`);
  });
});
