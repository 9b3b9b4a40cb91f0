// The samples: clean ones analyze without a single diagnostic; broken ones
// yield exactly the codes written on their lines as `// expect CODE`.
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { describe, it } from 'node:test';
import { LineIndex } from '../server/src/model/index';
import { checkText } from '../server/src/analysis/snapshot';
import { RULES } from '../server/src/rules/index';
import { read, sampleFiles } from './helpers';

/** The codes checked: the language's own and those of every registered rule (the others arrive with their rules). */
const CHECKED = new Set(['SYN001', 'REF001', 'REF002', 'REF003', 'UNIT001', 'VAL001', 'VAL002', 'REQ001', 'TOP001', ...RULES.map((r) => r.meta.code)]);
const LANGUAGE_CODES = { test: (code: string): boolean => CHECKED.has(code) };

/** `line: CODE CODE` for every `// expect CODE…` comment, zero-based lines. */
function expectations(text: string): string[] {
  const expected: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const match = /\/\/\s*expect\s+([A-Z0-9 ]+)$/.exec(line);
    if (match === null) return;
    const codes = match[1]!.trim().split(/\s+/).filter((code) => LANGUAGE_CODES.test(code)).sort();
    if (codes.length > 0) expected.push(`${index + 1}: ${codes.join(' ')}`);
  });
  return expected;
}

function reported(text: string): string[] {
  const lines = new LineIndex(text);
  const byLine = new Map<number, string[]>();
  for (const d of checkText(text).diagnostics) {
    const line = lines.position(d.span.start).line + 1;
    byLine.set(line, [...(byLine.get(line) ?? []), d.code]);
  }
  return [...byLine].sort((a, b) => a[0] - b[0]).map(([line, codes]) => `${line}: ${codes.sort().join(' ')}`);
}

describe('clean samples', () => {
  const files = sampleFiles();
  it('are the eight scenarios of the product brief', () => {
    assert.equal(files.length, 8);
  });
  for (const file of files) {
    it(`${basename(file)} has no diagnostics`, () => {
      const text = read(file);
      const { diagnostics, model } = checkText(text);
      assert.deepEqual(diagnostics.map((d) => `${d.code} ${d.message}`), []);
      assert.ok(model.title !== undefined && model.title.length > 0, 'starts with a topology title');
      assert.ok(model.flows.size > 0, 'has flows to simulate');
    });
  }
});

describe('broken samples', () => {
  const files = sampleFiles('samples/broken');
  it('exist for every language diagnostic', () => {
    const all = files.map(read).join('\n');
    for (const code of ['SYN001', 'REF001', 'REF002', 'REF003', 'UNIT001', 'VAL001', 'VAL002', 'REQ001', 'TOP001']) {
      assert.match(all, new RegExp(`// expect .*${code}`), code);
    }
  });
  for (const file of files) {
    it(`${basename(file)} yields exactly the expected language codes on their lines`, () => {
      const text = read(file);
      const languageOnly = reported(text).map((line) => {
        const [where, codes] = line.split(': ');
        return `${where}: ${codes!.split(' ').filter((c) => LANGUAGE_CODES.test(c)).join(' ')}`;
      }).filter((line) => !line.endsWith(': '));
      assert.deepEqual(languageOnly, expectations(text));
    });
  }
});
