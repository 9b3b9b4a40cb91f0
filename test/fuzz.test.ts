// Bad input never crashes anything: random mutations of valid files, random
// bytes and pathological sizes never throw, never hang, and every diagnostic
// range lies inside the document.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import './seed';
import { analyze, LineIndex } from '../server/src/model/index';
import { checkText, Snapshot } from '../server/src/analysis/snapshot';
import { simulate } from '../server/src/sim/simulate';
import { generateTopology } from '../scripts/generate';
import { read, sampleFiles } from './helpers';

const CORPUS = [...sampleFiles(), ...sampleFiles('samples/broken')].map(read).concat(generateTopology(200));
const VOCABULARY = ['host', 'template', 'link', 'network', 'flow', 'cpu', 'memory', 'buffer', 'map', '{', '}', '[', ']', '..', '.', '--', '->', ':', ';', ',', '"', '/*', '//', '0x', '-4', '64 MiB', 'gen4', 'x16', 'µs', '\n', '\u0000', '\ud800'];

/** Splits text into mutation units: words, numbers, strings, comments, punctuation and whitespace runs. */
function pieces(text: string): string[] {
  return text.match(/\s+|[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9_.]*|"[^"\n]*"?|\/\/[^\n]*|\/\*|\*\/|./gsu) ?? [];
}

/** Analyzes `text` and checks the invariants every input must keep. */
function checkInvariants(text: string): number {
  const { diagnostics } = analyze(text);
  const lines = new LineIndex(text);
  const lineCount = text.split(/\r\n|\r|\n/).length;
  for (const d of diagnostics) {
    assert.ok(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length, `${d.code} span ${d.span.start}-${d.span.end} outside 0-${text.length}`);
    for (const r of d.related ?? []) assert.ok(r.span.start >= 0 && r.span.end <= text.length, 'related span inside the document');
    const range = lines.range(d.span);
    assert.ok(range.end.line < lineCount, 'range ends on an existing line');
    assert.ok(d.message.length > 0 && !/undefined|NaN|\[object/.test(d.message), `message reads well: ${d.message}`);
  }
  return diagnostics.length;
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.constantFrom(...VOCABULARY) }),
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 24 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(units: string[], m: Mutation): string[] {
  const out = [...units];
  const at = units.length === 0 ? 0 : m.at % units.length;
  switch (m.kind) {
    case 'delete':
      out.splice(at, m.length);
      break;
    case 'duplicate':
      out.splice(at, 0, ...units.slice(at, at + m.length));
      break;
    case 'swap': {
      const other = units.length === 0 ? 0 : m.other % units.length;
      [out[at], out[other]] = [out[other]!, out[at]!];
      break;
    }
    case 'insert':
      out.splice(at, 0, m.piece);
      break;
    case 'bytes':
      out.splice(at, 0, Buffer.from(m.bytes).toString('latin1'));
      break;
    case 'truncate':
      out.length = at;
      break;
  }
  return out;
}

describe('fuzz: the parser and the model never fail', () => {
  it('survives random mutations of every sample', { timeout: 240_000 }, () => {
    fc.assert(
      fc.property(fc.nat({ max: CORPUS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), (index, mutations) => {
        const units = mutations.reduce(mutate, pieces(CORPUS[index]!));
        checkInvariants(units.join(''));
      }),
      { numRuns: 1000 },
    );
  });

  it('runs every rule and the simulation on mutated samples without throwing', { timeout: 240_000 }, () => {
    fc.assert(
      fc.property(fc.nat({ max: CORPUS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (index, mutations) => {
        const text = mutations.reduce(mutate, pieces(CORPUS[index]!)).join('');
        // checkText rethrows a rule's exception: a rule that fails on a half-resolved model fails here.
        const { diagnostics, model } = checkText(text);
        for (const d of diagnostics) assert.ok(d.span.start >= 0 && d.span.end <= text.length, `${d.code} inside the document`);
        for (const flow of simulate(model).flows) assert.ok(!Number.isNaN(flow.throughputBytesPerSecond) && !Number.isNaN(flow.latencySeconds), `${flow.name} has numbers`);
      }),
      { numRuns: 300 },
    );
  });

  it('finds the node and the name at any offset of mutated samples, and every reference is where its name is', { timeout: 240_000 }, () => {
    fc.assert(
      fc.property(fc.nat({ max: CORPUS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (index, mutations, offsets) => {
        const text = mutations.reduce(mutate, pieces(CORPUS[index]!)).join('');
        const snapshot = new Snapshot(text);
        const references = snapshot.references;
        for (const reference of references.all()) {
          const used = text.slice(reference.span.start, reference.span.end);
          const declared = reference.declaration.name;
          assert.ok(used.startsWith(declared) || declared.startsWith(used), `'${used}' names '${declared}'`);
          assert.ok(references.at(reference.span.end)!.declarations.includes(reference.declaration));
        }
        for (const offset of offsets.map((o) => o % (text.length + 1))) {
          const node = snapshot.nodeAt(offset);
          if (node.span !== undefined) assert.ok(node.span.start <= offset && offset <= node.span.end, `the token at ${offset} holds it`);
          const name = references.at(offset);
          if (name !== undefined) assert.ok(name.span.start <= offset && offset <= name.span.end, `the name at ${offset} holds it`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('survives arbitrary text, including lone surrogates and control characters', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        checkInvariants(text);
      }),
      { numRuns: 300 },
    );
  });

  it('survives sequences of the language\'s own tokens in random order', { timeout: 120_000 }, () => {
    const words = [...VOCABULARY, 'size', 'in', 'pinned', 'from', 'to', 'via', 'rdma', 'kind', 'attach', 'a', 'b.c', 'n[0..3].x', '16', '1.5 GB/s', 'gpu', 'nic', 'iommu', 'mode', 'strict', 'vm', 'passthrough', 'mr', 'access'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 120 }), fc.array(fc.constantFrom(' ', '\n', ''), { maxLength: 120 }), (tokens, gaps) => {
        checkInvariants(tokens.map((t, i) => t + (gaps[i] ?? ' ')).join(''));
      }),
      { numRuns: 400 },
    );
  });
});

describe('fuzz: pathological sizes', () => {
  it('handles a 1 MB line', { timeout: 60_000 }, () => {
    const line = `host h { cpu c { cores ${'9'.repeat(1 << 20)} } ${'x '.repeat(1 << 18)}}`;
    assert.ok(line.length > 1_000_000);
    assert.ok(checkInvariants(line) > 0);
    assert.ok(checkInvariants(`// ${'y'.repeat(1 << 20)}\nhost h { cpu c {} }\n`) === 0);
    assert.ok(checkInvariants(`topology "${'z'.repeat(1 << 20)}\n`) > 0);
  });

  it('handles 5,000 nested braces at top level and inside bodies', { timeout: 60_000 }, () => {
    const nested = `${'{'.repeat(5000)}${'}'.repeat(5000)}`;
    assert.ok(checkInvariants(nested) > 0);
    assert.ok(checkInvariants(`host h { cpu c ${nested} }`) > 0);
    assert.ok(checkInvariants(`host h { cpu c { cores ${'{'.repeat(5000)} }`) > 0);
    assert.ok(checkInvariants(`flow f ${'{ from '.repeat(5000)}`) > 0);
  });

  it('handles 20,000 declarations', { timeout: 120_000 }, () => {
    const hosts = Array.from({ length: 10_000 }, (_, i) => `host h${i} { cpu c {} }`);
    const flows = Array.from({ length: 10_000 }, (_, i) => `flow f${i} { from h${i}.c to h${(i + 1) % 10_000}.x size 1 MiB }`);
    const text = [...hosts, ...flows].join('\n');
    const { model, diagnostics } = analyze(text);
    assert.equal(model.hosts.size, 10_000);
    assert.equal(model.flows.size, 10_000);
    // Every flow names a cpu (REF003) and an unknown buffer (REF001).
    assert.equal(diagnostics.length, 20_000);
    checkInvariants(text);
  });

  it('handles a range of 4,096 hosts from a template', { timeout: 60_000 }, () => {
    const text = 'template t { cpu c {} nic n {} link c -- n : pcie gen4 x16 }\nhost k[0..4095] : t {}\nnetwork ib { kind infiniband rate 200 Gb/s attach k[0..4095].n }\n';
    const { model, diagnostics } = analyze(text);
    assert.equal(diagnostics.length, 0);
    assert.equal(model.networks.get('ib')!.ports.length, 4096);
  });
});
