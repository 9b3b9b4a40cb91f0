// vscode-tmgrammar-snap writes a missing snapshot and passes: this makes a
// grammar input without its committed snapshot a failure instead.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { read, ROOT } from './helpers';

describe('grammar test files', () => {
  const folder = join(ROOT, 'test', 'grammar');
  const inputs = readdirSync(folder).filter((f) => f.endsWith('.dmatopo'));
  it('include inputs for every token class and two samples', () => {
    assert.ok(inputs.includes('token-classes.dmatopo'));
    assert.ok(inputs.filter((f) => f.startsWith('sample-')).length >= 2);
  });
  for (const input of inputs) {
    it(`${input} has its committed snapshot`, () => {
      assert.ok(existsSync(join(folder, `${input}.snap`)), `test/grammar/${input}.snap`);
    });
  }
  it('the package contributes the grammar and the configuration; the snippets come from the server', () => {
    const manifest = JSON.parse(read(join(ROOT, 'package.json'))) as {
      contributes: { languages: Array<{ configuration?: string }>; grammars: Array<{ path: string }>; snippets?: unknown; configurationDefaults?: Record<string, Record<string, unknown>> };
    };
    for (const path of [manifest.contributes.languages[0]!.configuration!, manifest.contributes.grammars[0]!.path]) {
      assert.ok(existsSync(join(ROOT, path)), path);
      JSON.parse(read(join(ROOT, path)));
    }
    // The server offers each snippet where its declaration may stand (test/completion.test.ts): contributed too, each would show twice.
    assert.equal(manifest.contributes.snippets, undefined);
    // Completion comes from the server alone: never words picked from the document's comments.
    assert.equal(manifest.contributes.configurationDefaults?.['[dmatopo]']?.['editor.wordBasedSuggestions'], 'off');
  });
});
