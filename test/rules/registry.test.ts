// The rule registry, ESLint-style: every rule has a docs page whose bad
// example fires it and whose fixed example does not, and a test file with a
// case where it fires and a near miss where it must not.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkText } from '../../server/src/analysis/snapshot';
import { docsPath, RULES } from '../../server/src/rules/index';
import { read, ROOT } from '../helpers';

describe('rule registry', () => {
  it('lists each code once, in order', () => {
    const codes = RULES.map((r) => r.meta.code);
    assert.equal(new Set(codes).size, codes.length);
    assert.ok(codes.every((code) => /^(SEC|DMA)\d{3}$/.test(code)));
  });
  for (const rule of RULES) {
    const code = rule.meta.code;
    it(`${code} has its docs page, with a bad example that fires and a fixed one that does not`, () => {
      const page = join(ROOT, docsPath(code));
      assert.ok(existsSync(page), docsPath(code));
      const text = read(page);
      assert.match(text, new RegExp(`^# ${code} — `));
      const blocks = [...text.matchAll(/^```dmatopo\n([\s\S]*?)^```\n/gm)].map((m) => m[1]!);
      const bad = blocks.filter((b) => b.startsWith(`// error: ${code}`) || b.startsWith(`// warning: ${code}`) || b.startsWith(`// information: ${code}`));
      const fixed = blocks.filter((b) => !/^\/\/ (error|warning|information): /.test(b));
      assert.ok(bad.length > 0 && fixed.length > 0, 'a bad and a fixed example');
      for (const example of bad) assert.ok(checkText(example).diagnostics.some((d) => d.code === code), `the bad example fires ${code}`);
      for (const example of fixed) assert.ok(!checkText(example).diagnostics.some((d) => d.code === code), `the fixed example does not fire ${code}`);
    });
    it(`${code} has tests`, () => {
      const tests = readdirSync(join(ROOT, 'test', 'rules')).filter((f) => f.startsWith(code));
      assert.ok(tests.length > 0, `test/rules/${code}.test.ts`);
    });
  }
  it('has an index of every rule', () => {
    const index = read(join(ROOT, 'docs', 'rules', 'README.md'));
    for (const rule of RULES) assert.ok(index.includes(`[${rule.meta.code}](${rule.meta.code}.md)`), rule.meta.code);
  });
});
