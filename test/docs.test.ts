// The language reference stays true: every ```dmatopo example of
// docs/language.md checks as its text says. The first example is the base;
// a block that declares a topology, host or template stands alone; one that
// starts with a flow, a network or a top-level link is appended to the base;
// any other is a fragment of the base's host `lab`. A first line
// `// error: CODE…` expects exactly those codes, and the text after the block
// must quote each message as `error CODE: message`; otherwise the example
// must be clean.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../server/src/model/index';
import { read, ROOT } from './helpers';

const DOC = read(join(ROOT, 'docs', 'language.md'));

interface Example {
  readonly code: string;
  readonly line: number;
  /** The text from the end of the block to the next block or heading. */
  readonly after: string;
}

function examples(): Example[] {
  const found: Example[] = [];
  const pattern = /^```dmatopo\n([\s\S]*?)^```\n/gm;
  const matches = [...DOC.matchAll(pattern)];
  matches.forEach((match, index) => {
    const end = match.index + match[0].length;
    const next = index + 1 < matches.length ? matches[index + 1]!.index : DOC.length;
    const heading = DOC.slice(end).search(/^#/m);
    const stop = Math.min(next, heading < 0 ? DOC.length : end + heading);
    found.push({ code: match[1]!, line: DOC.slice(0, match.index).split('\n').length, after: DOC.slice(end, stop) });
  });
  return found;
}

function inContext(code: string, base: string): string {
  const lines = code.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('//'));
  if (lines.some((l) => /^(topology|host|template)\b/.test(l))) return code;
  const first = lines[0]?.trimStart() ?? '';
  if (/^(flow|network)\b/.test(first) || /^link\s+\w+(\[[^\]]*\])?\.\w+\s*--/.test(first)) return `${base}\n${code}`;
  const baseLines = base.split('\n');
  const close = baseLines.indexOf('}', baseLines.indexOf('host lab {'));
  return [...baseLines.slice(0, close), ...code.trimEnd().split('\n'), ...baseLines.slice(close)].join('\n');
}

describe('docs/language.md examples', () => {
  const all = examples();
  it('has examples', () => assert.ok(all.length >= 40, `${all.length} examples`));
  const base = all[0]!.code;
  all.forEach((example, index) => {
    const marker = /^\/\/\s*error:\s*(.*)$/m.exec(example.code.split('\n')[0]!);
    const expected = marker === null ? [] : marker[1]!.trim().split(/\s+/).sort();
    it(`example at line ${example.line} ${expected.length === 0 ? 'is clean' : `yields ${expected.join(' ')}`}`, () => {
      const { diagnostics } = analyze(index === 0 ? example.code : inContext(example.code, base));
      assert.deepEqual([...new Set(diagnostics.map((d) => d.code))].sort(), expected, diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
      for (const d of diagnostics) assert.ok(example.after.includes(`\`error ${d.code}: ${d.message}\``), `the text quotes: error ${d.code}: ${d.message}`);
    });
  });
});
