// A large document in the editor: its syntax and language diagnostics come
// first, with the last analysis's findings moved along with the edit, and
// the rules' findings, checked in the analysis worker, when they are ready.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateTopology } from '../scripts/generate';
import { join } from 'node:path';
import { Snapshot } from '../server/src/analysis/snapshot';
import { LineIndex } from '../server/src/model/index';
import { read, ROOT } from './helpers';
import { TestClient } from './lspClient';

let client: TestClient;
before(async () => {
  client = new TestClient();
  await client.initialize();
});
after(() => client.stop());

const key = (d: { code?: string | number; range: { start: { line: number; character: number } } }): string => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}`;

describe('a large document', () => {
  const text = generateTopology(2_000);
  const lines = text.split('\n');

  it('is at least the size the server treats as large', () => {
    assert.ok(text.length >= 64 * 1024, `${text.length} characters`);
  });

  it('gets the same findings as the command line, the rules checked off the request thread', { timeout: 60_000 }, async () => {
    const uri = client.uri('large.dmatopo');
    await client.open(uri, text);
    const complete = await client.completeDiagnosticsFor(uri);
    const expected = new Snapshot(text).diagnostics;
    assert.ok(expected.some((d) => d.code.startsWith('SEC')), 'the generated topology has rule findings to carry');
    assert.deepEqual(complete.diagnostics.map((d) => d.code).sort(), expected.map((d) => d.code).sort());
    assert.deepEqual(client.logs(), [], 'the worker checked it: nothing fell back to the server thread, no rule failed');
  });

  it('after an edit, shows the new syntax error at once beside the last findings moved with their text, then the new findings', { timeout: 60_000 }, async () => {
    const uri = client.uri('large-edited.dmatopo');
    await client.open(uri, text);
    const before = await client.completeDiagnosticsFor(uri);
    const published = client.published().length;
    // A stray character on a line of its own after the first host: every line below moves down by one.
    const line = lines.indexOf('}') + 1;
    await client.change(uri, 2, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '@\n' }]);
    const complete = await client.completeDiagnosticsFor(uri, 2);
    const ofVersion2 = client.published().slice(published).filter((p) => p.uri === uri && p.version === 2);
    assert.ok(ofVersion2.length >= 2, `published ${ofVersion2.length} times`);
    const first = ofVersion2[0]!;
    assert.ok(first.diagnostics.some((d) => d.code === 'SYN001' && d.range.start.line === line), 'the new syntax error is in the first publication');
    const moved = before.diagnostics.filter((d) => String(d.code).startsWith('SEC')).map((d) => key({ ...d, range: { start: { line: d.range.start.line >= line ? d.range.start.line + 1 : d.range.start.line, character: d.range.start.character } } }));
    const firstKeys = new Set(first.diagnostics.map(key));
    assert.ok(moved.length > 0);
    for (const finding of moved) assert.ok(firstKeys.has(finding), `the last analysis's ${finding} is carried to its new line`);
    const expected = new Snapshot(`${lines.slice(0, line).join('\n')}\n@\n${lines.slice(line).join('\n')}`).diagnostics;
    assert.deepEqual(complete.diagnostics.map((d) => d.code).sort(), expected.map((d) => d.code).sort());
  });
});

describe('changes as the editor sends them', () => {
  it('applies several ranged changes of one notification in order, each in the text the previous one left', { timeout: 60_000 }, async () => {
    const uri = client.uri('batched.dmatopo');
    const text = 'host a {\n  cpu c { cores 4 }\n}\n';
    await client.open(uri, text);
    await client.completeDiagnosticsFor(uri);
    // Insert a line, then edit the line that the insertion moved down, then delete the inserted line's first word.
    await client.change(uri, 2, [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '  cpu d { cores 8 }\n' },
      { range: { start: { line: 2, character: 16 }, end: { line: 2, character: 17 } }, text: 'x' },
      { range: { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } }, text: 'cpux' },
    ]);
    const expected = 'host a {\n  cpux d { cores 8 }\n  cpu c { cores x }\n}\n';
    const { diagnostics } = await client.completeDiagnosticsFor(uri, 2);
    const want = new Snapshot(expected).diagnostics;
    assert.ok(want.length >= 2, 'the edits made mistakes to find');
    assert.deepEqual(diagnostics.map((d) => [d.code, d.message]), want.map((d) => [d.code, d.message]));
  });
});

describe('typing in the editor', () => {
  /** A small repeatable generator (xorshift32), so that a failure can be replayed. */
  function random(seed: number): (n: number) => number {
    let state = seed >>> 0 || 1;
    return (n) => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) % n;
    };
  }
  const PIECES = ['x', '}', '{', '\n', ' ', '/*', '*/', '"', '// c\n', 'host z { cpu c {} }\n', 'cores 9;', '0'];

  for (const [name, text] of [
    ['a small document', read(join(ROOT, 'samples', 'broken', 'rules-sec009-sec016.dmatopo'))],
    ['a large document', generateTopology(2_000)],
  ] as const) {
    it(`ends, after random edits sent as VS Code sends them, with the findings of the text as it is: ${name}`, { timeout: 120_000 }, async () => {
      const uri = client.uri();
      await client.open(uri, text);
      await client.completeDiagnosticsFor(uri);
      const next = random(20261129);
      let current = text;
      let version = 1;
      for (let round = 0; round < 12; round++) {
        // One to three changes per notification, a few notifications without waiting in between, as fast typing sends them.
        for (let burst = 1 + next(3); burst > 0; burst--) {
          const changes = [];
          for (let count = 1 + next(3); count > 0; count--) {
            const start = next(current.length + 1);
            const end = Math.min(current.length, start + (next(4) === 0 ? next(40) : 0));
            const inserted = next(3) === 0 ? '' : PIECES[next(PIECES.length)]!;
            const lines = new LineIndex(current);
            changes.push({ range: { start: lines.position(start), end: lines.position(end) }, text: inserted });
            current = current.slice(0, start) + inserted + current.slice(end);
          }
          await client.change(uri, ++version, changes);
        }
        const { diagnostics } = await client.completeDiagnosticsFor(uri, version, 60_000);
        const expected = new Snapshot(current).diagnostics;
        assert.deepEqual(
          diagnostics.map((d) => [d.code, d.message]),
          expected.map((d) => [d.code, d.message]),
          `after round ${round}`,
        );
      }
    });
  }
});
