// Semantic tokens: every word's role from the tree and the resolved names,
// where the TextMate grammar can only guess from one line; the range
// request; the delta request; and well-formed tokens on every sample.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SemanticTokenTypes } from 'vscode-languageserver';
import { Snapshot } from '../server/src/analysis/snapshot';
import { SemanticTokensResults } from '../server/src/lsp/semanticTokenResults';
import { SEMANTIC_TOKENS_LEGEND, semanticTokens } from '../server/src/lsp/semanticTokens';
import { generateTopology } from '../scripts/generate';
import { decodeTokens, describeToken, expectSemanticTokens, read, ROOT, sampleFiles, type DecodedToken } from './helpers';

/** Every token type, most of them declared under names that are keywords elsewhere. */
const EVERY_TYPE = `// dmatopo-disable-next-line SEC001, NOPE01
topology "lab"
/* racks
   of one */
template box {
  cpu s0 { cores 16 }
  nic nic0 { rdma }
  link s0 -- nic0 : pcie gen4 x16
}
host size {
  cpu s0 { vendor amd }
  memory memory { size 64 GiB, cpu s0 }
  iommu mmu { mode strict }
  gpu host { iommu mmu }
  link s0 -- host : pcie gen4 x16 mps 256 B
  buffer buffer { in memory, size 4 KiB, layout scattered 4 KiB }
  map host -> buffer rw
}
host rack[0..1] : box {}
network ib { kind infiniband, rate 200 Gb/s, attach rack[0..1].nic0 }
flow map { from size.buffer  to size.host  size 1 MiB  group link }
`;

describe('semantic tokens', () => {
  it('give each word its role: declarations, references by what they name, properties, values, keywords, comments', () => {
    expectSemanticTokens(EVERY_TYPE, [
      '//  comment',
      'dmatopo-disable-next-line decorator',
      'SEC001 enumMember.defaultLibrary',
      // An unknown rule code stays in the comment.
      ', NOPE01 comment',
      'topology keyword',
      '"lab" string',
      '/* racks comment',
      'of one */ comment',
      'template keyword',
      'box class.declaration',
      'cpu keyword', 's0 struct.declaration', 'cores property', '16 number',
      'nic keyword', 'nic0 struct.declaration', 'rdma property',
      'link keyword', 's0 struct', 'nic0 struct', 'pcie enumMember.defaultLibrary', 'gen4 enumMember.defaultLibrary', 'x16 enumMember.defaultLibrary',
      'host keyword',
      'size namespace.declaration',
      'cpu keyword', 's0 struct.declaration', 'vendor property', 'amd enumMember.defaultLibrary',
      'memory keyword', 'memory struct.declaration', 'size property', '64 number', 'GiB unit', 'cpu property', 's0 struct',
      'iommu keyword', 'mmu struct.declaration', 'mode property', 'strict enumMember.defaultLibrary',
      'gpu keyword', 'host struct.declaration', 'iommu property', 'mmu struct',
      'link keyword', 's0 struct', 'host struct', 'pcie enumMember.defaultLibrary', 'gen4 enumMember.defaultLibrary', 'x16 enumMember.defaultLibrary',
      'mps property', '256 number', 'B unit',
      'buffer keyword', 'buffer variable.declaration', 'in property', 'memory struct', 'size property', '4 number', 'KiB unit',
      'layout property', 'scattered enumMember.defaultLibrary', '4 number', 'KiB unit',
      'map keyword', 'host struct', 'buffer variable', 'rw enumMember.defaultLibrary',
      'host keyword', 'rack namespace.declaration', '0 number', '1 number', 'box class',
      'network keyword', 'ib interface.declaration', 'kind property', 'infiniband enumMember.defaultLibrary',
      'rate property', '200 number', 'Gb/s unit', 'attach property', 'rack namespace', '0 number', '1 number', 'nic0 struct',
      'flow keyword', 'map function.declaration', 'from property', 'size namespace', 'buffer variable', 'to property', 'size namespace', 'host struct',
      'size property', '1 number', 'MiB unit', 'group property', 'link event',
    ]);
  });

  it('name a contextual keyword by its role where the line alone cannot tell (the name on the next line)', () => {
    expectSemanticTokens('host\n  size\n{\n  buffer\n    memory { size 4 KiB }\n}\n', [
      'host keyword',
      'size namespace.declaration',
      'buffer keyword',
      'memory variable.declaration',
      'size property',
      '4 number',
      'KiB unit',
    ]);
  });

  it('give no token to what the model did not accept: an unresolved name, a wrong enum value, an unknown unit, a stray word', () => {
    expectSemanticTokens('host h {\n  iommu mmu { mode strictt }\n  buffer b { in nowhere, size 4kib }\n  bogus\n}\n', [
      'host keyword',
      'h namespace.declaration',
      'iommu keyword', 'mmu struct.declaration', 'mode property',
      'buffer keyword', 'b variable.declaration', 'in property', 'size property', '4 number',
    ]);
  });

  it('give a buffer and a device different types where one property takes either', () => {
    expectSemanticTokens('host h {\n  gpu g {}\n  buffer a { in g, size 1 MiB }\n}\nflow f { from h.a  to h.g  size 1 MiB }\n', [
      'host keyword', 'h namespace.declaration',
      'gpu keyword', 'g struct.declaration',
      'buffer keyword', 'a variable.declaration', 'in property', 'g struct', 'size property', '1 number', 'MiB unit',
      'flow keyword', 'f function.declaration', 'from property', 'h namespace', 'a variable', 'to property', 'h namespace', 'g struct',
      'size property', '1 number', 'MiB unit',
    ]);
  });

  it('answer a range with the tokens it touches, comments cut at the range', () => {
    expectSemanticTokens('/* one\n|two */ host h {\n  cpu s0 {}\n  gpu| g {}\n}\n', ['two */ comment', 'host keyword', 'h namespace.declaration', 'cpu keyword', 's0 struct.declaration', 'gpu keyword']);
  });

  it('answer a range on every sample with the full tokens that touch it', () => {
    for (const file of sampleFiles()) {
      const text = read(file);
      const snapshot = new Snapshot(text);
      const full = decodeTokens(semanticTokens(snapshot), text);
      const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)];
      const offset = (token: DecodedToken) => lineStarts[token.line]! + token.character;
      for (let start = 0; start < text.length; start += 397) {
        const span = { start, end: Math.min(text.length, start + 911) };
        const inRange = full.filter((token) => offset(token) <= span.end && offset(token) + token.length >= span.start);
        assert.deepEqual(decodeTokens(semanticTokens(snapshot, span), text), inRange, `${file} ${span.start}..${span.end}`);
      }
    }
  });

  it('give a reference the type of its declaration, on every sample', () => {
    for (const file of sampleFiles()) {
      const text = read(file);
      const snapshot = new Snapshot(text);
      const at = new Map(decodeTokens(semanticTokens(snapshot), text).map((token) => [`${token.line}:${token.character}`, token]));
      const tokenAt = (offset: number) => {
        const { line, character } = snapshot.lines.position(offset);
        return at.get(`${line}:${character}`);
      };
      for (const declaration of snapshot.references.declarations) {
        assert.deepEqual(tokenAt(declaration.span.start)?.modifiers, ['declaration'], `${file}: ${declaration.name}`);
      }
      assert.ok(snapshot.references.size > 0);
      for (const reference of snapshot.references.all()) {
        const token = tokenAt(reference.span.start);
        assert.equal(token?.text, text.slice(reference.span.start, reference.span.end), `${file}: the use at ${reference.span.start}`);
        assert.equal(token.type, tokenAt(reference.declaration.span.start)?.type, `${file}: ${token.text}`);
      }
    }
  });

  it('are well formed on every sample, on each cut half-typed, and on a generated 2,000-line file: sorted, apart, inside their line, not empty', () => {
    const documents = [...sampleFiles(), ...sampleFiles('samples/broken')].map((file) => [file, read(file)] as const);
    for (const [file, text] of documents.slice()) {
      // The document as it stands while being typed: cut anywhere, bodies and strings left open.
      for (let cut = 0; cut < text.length; cut += 271) documents.push([`${file} cut at ${cut}`, text.slice(0, cut)]);
    }
    documents.push(['generated', generateTopology(2_000)]);
    for (const [name, text] of documents) {
      const tokens = decodeTokens(semanticTokens(new Snapshot(text)), text);
      const lines = text.split(/\r\n|\r|\n/);
      if (!name.includes(' cut at ')) assert.ok(tokens.length > 20, name);
      tokens.forEach((token, i) => {
        const where = `${name} token ${i} (${describeToken(token)}) at ${token.line + 1}:${token.character + 1}`;
        assert.ok(token.length > 0, where);
        assert.ok(token.character + token.length <= lines[token.line]!.length, where);
        assert.ok(token.text.trim().length > 0, where);
        const before = tokens[i - 1];
        if (before !== undefined) assert.ok(token.line > before.line || token.character >= before.character + before.length, where);
      });
    }
  });

  it('declare their one type beyond the standard ones in the manifest, scoped as the grammar scopes units', () => {
    const manifest = JSON.parse(read(join(ROOT, 'package.json'))) as {
      contributes: { semanticTokenTypes: Array<{ id: string; superType: string }>; semanticTokenScopes: Array<{ language: string; scopes: Record<string, string[]> }> };
    };
    const standard = new Set<string>(Object.values(SemanticTokenTypes));
    const custom = SEMANTIC_TOKENS_LEGEND.tokenTypes.filter((type) => !standard.has(type));
    assert.deepEqual(custom, ['unit']);
    assert.deepEqual(manifest.contributes.semanticTokenTypes.map((type) => [type.id, standard.has(type.superType)]), [['unit', true]]);
    const [scopes] = manifest.contributes.semanticTokenScopes;
    assert.equal(scopes?.language, 'dmatopo');
    const grammar = read(join(ROOT, 'syntaxes/dmatopo.tmLanguage.json'));
    for (const scope of scopes.scopes['unit']!) assert.ok(grammar.includes(`"${scope.replace(/\.dmatopo$/, '.')}`), `the grammar scopes units under ${scope}`);
  });
});

describe('semantic tokens delta', () => {
  const uri = 'file:///lab.dmatopo';
  /** `edits` applied to `data`, as a client applies a delta. */
  const applied = (data: readonly number[], edits: ReadonlyArray<{ start: number; deleteCount: number; data?: number[] }>): number[] => {
    const result = [...data];
    for (const edit of [...edits].sort((a, b) => b.start - a.start)) result.splice(edit.start, edit.deleteCount, ...(edit.data ?? []));
    return result;
  };

  it('turn the tokens the client holds into the tokens after an edit', () => {
    const text = read(sampleFiles()[7]!);
    const results = new SemanticTokensResults();
    const first = results.full(uri, semanticTokens(new Snapshot(text)));
    const edits = [
      (t: string) => t.replace('  nic nic0 {', '  gpu gpu2 { iommu amdvi, arch 80 }\n  nic nic0 {'),
      (t: string) => t.replace('  iommu amdvi { mode strict }\n', ''),
      (t: string) => `${t}\nflow extra { from node0.halo  to node2.halo  size 1 MiB }\n`,
      (t: string) => t.replace('host node[0..3] : gpu_node {}', 'host node[0..3] : gpu_node {\n  // more\n}'),
    ];
    let held = first;
    let current = text;
    for (const edit of edits) {
      const next = edit(current);
      assert.notEqual(next, current);
      const full = semanticTokens(new Snapshot(next));
      const delta = results.delta(uri, held.resultId!, full);
      assert.ok('edits' in delta, 'a delta from the result the client holds');
      assert.ok(delta.edits.length > 0);
      // The edit is local: far fewer numbers than the whole document's.
      assert.ok(delta.edits.reduce((n, e) => n + (e.data?.length ?? 0), 0) < full.length / 2);
      assert.deepEqual(applied(held.data, delta.edits), full);
      assert.notEqual(delta.resultId, held.resultId);
      held = { resultId: delta.resultId, data: full };
      current = next;
    }
  });

  it('send the whole tokens for a result it no longer has, and nothing to change when nothing did', () => {
    const results = new SemanticTokensResults();
    const data = semanticTokens(new Snapshot('host h { cpu s0 {} }\n'));
    const first = results.full(uri, data);
    const second = results.full(uri, data);
    assert.deepEqual(results.delta(uri, first.resultId!, data), { resultId: String(Number(second.resultId) + 1), data });
    const third = results.full(uri, data);
    assert.deepEqual(results.delta(uri, third.resultId!, data), { resultId: String(Number(third.resultId) + 1), edits: [] });
    const held = results.full(uri, data);
    results.forget(uri);
    assert.ok('data' in results.delta(uri, held.resultId!, data), 'a closed document starts over');
  });
});
