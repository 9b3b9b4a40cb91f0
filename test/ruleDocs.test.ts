// Every code the server reports opens its documentation from the editor,
// offline: its diagnostic's link and its hover's link are file: URIs of the
// pages bundled with the server, at the code's own heading.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Snapshot } from '../server/src/analysis/snapshot';
import { CONFIGURATION_CODES, docsOfCode, LANGUAGE_CODES } from '../server/src/lsp/codeDocs';
import { toLspDiagnostics } from '../server/src/lsp/diagnostics';
import { docsLink } from '../server/src/lsp/docsLinks';
import { propertyDoc } from '../server/src/lsp/propertyDoc';
import { RULES } from '../server/src/rules/index';
import { BODY_SCHEMAS, type BodyKind } from '../server/src/syntax/schema';
import { expectDocsLink, expectHover, read, ROOT, sampleFiles } from './helpers';

const link = (code: string): string => docsLink(docsOfCode(code) ?? assert.fail(`${code} has no documentation`));

describe('rule documentation in the product', () => {
  it('each rule opens its own bundled page, which names it', () => {
    for (const { meta } of RULES) {
      const { page } = expectDocsLink(link(meta.code));
      assert.equal(page, join(ROOT, 'docs', 'rules', `${meta.code}.md`));
      assert.match(read(page).split('\n')[0]!, new RegExp(`^# ${meta.code}\\b`), page);
    }
  });

  it('the language\'s own codes are exactly the headings of docs/language.md § Diagnostics, and each opens at its heading', () => {
    const doc = read(join(ROOT, 'docs', 'language.md'));
    const section = doc.slice(doc.indexOf('\n## Diagnostics\n'), doc.indexOf('\n## ', doc.indexOf('\n## Diagnostics\n') + 1));
    const headings = [...section.matchAll(/^### ([A-Z]+\d{3}): (.+)$/gm)].map((m) => `${m[1]}: ${m[2]}`);
    assert.deepEqual(headings.map((h) => h.split(':')[0]).sort(), Object.keys(LANGUAGE_CODES).sort());
    for (const heading of headings) {
      const { page } = expectDocsLink(link(heading.split(':')[0]!), heading);
      assert.equal(page, join(ROOT, 'docs', 'language.md'));
    }
  });

  it('the configuration\'s codes open the configuration section of the rules\' index', () => {
    for (const code of Object.keys(CONFIGURATION_CODES)) {
      const { page } = expectDocsLink(link(code), 'Configuration');
      assert.equal(page, join(ROOT, 'docs', 'rules', 'README.md'));
    }
  });

  it('every code written in the server\'s sources is documented', () => {
    const sources = readdirSync(join(ROOT, 'server', 'src'), { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
    const codes = new Set<string>();
    for (const file of sources) for (const m of read(join(ROOT, 'server', 'src', file)).matchAll(/'((?:[A-Z]{3,4}\d{3})|unused-disable)'/g)) codes.add(m[1]!);
    assert.ok(codes.size >= 12, [...codes].join(' '));
    for (const code of codes) assert.notEqual(docsOfCode(code), undefined, `${code} is documented`);
    assert.equal(docsOfCode('XYZ999'), undefined);
  });

  it('every diagnostic of every sample, broken ones included, links to its page in LSP\'s codeDescription', () => {
    const seen = new Set<string>();
    for (const file of [...sampleFiles(), ...sampleFiles('samples/broken')]) {
      const snapshot = new Snapshot(read(file));
      for (const d of toLspDiagnostics('file:///sample.dmatopo', snapshot.lines, snapshot.diagnostics)) {
        assert.ok(d.codeDescription !== undefined, `${file}: ${d.code} has a link`);
        expectDocsLink(d.codeDescription.href);
        assert.equal(d.codeDescription.href, link(String(d.code)));
        seen.add(String(d.code));
      }
    }
    for (const code of ['SYN001', 'REF001', 'UNIT001', 'SEC001', 'DMA001']) assert.ok(seen.has(code), `the samples show ${code}`);
  });

  it('a hover on a diagnostic links to the same bundled page', () => {
    const [value] = expectHover('host h { cpu c {} memory m { size 1 GiB, cpu c|x } }', '`REF001`: An unknown name. [REF001: unknown name](file://');
    const href = /\[REF001: unknown name\]\(([^)]+)\)/.exec(value!)![1]!;
    assert.equal(href, link('REF001'));
    expectDocsLink(href, 'REF001: unknown name');
  });

  it('a property\'s documentation links to its table\'s heading in the bundled language reference', () => {
    for (const [kind, schema] of Object.entries(BODY_SCHEMAS) as Array<[BodyKind, Record<string, unknown>]>) {
      for (const key of Object.keys(schema)) {
        const href = /\[Language reference\]\(([^)]+)\)/.exec(propertyDoc(kind, key)!)![1]!;
        assert.match(href, /#L\d+$/, `${kind}.${key}`);
        expectDocsLink(href);
      }
    }
  });
});
