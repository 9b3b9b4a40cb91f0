// Rule configuration: dmatopo.json, --disable, disable comments, severities,
// --max-warnings and SARIF output (validated against the SARIF 2.1.0 schema).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkText, parseConfig } from '../../server/src/rules/index';
import { ROOT } from '../helpers';

const UNPROTECTED = 'host h {\n  cpu c {}\n  nic n {}\n  link c -- n : pcie gen4 x4\n}\n';
const codes = (text: string, config = parseConfig('{}', 'test')) => checkText(text, config).diagnostics.map((d) => `${d.code}:${d.severity}`);

function cli(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('rule configuration', () => {
  it('sets a rule\'s severity or turns it off in dmatopo.json', () => {
    assert.deepEqual(codes(UNPROTECTED), ['SEC001:warning']);
    assert.deepEqual(codes(UNPROTECTED, parseConfig('{"rules": {"SEC001": "error"}}', 'dmatopo.json')), ['SEC001:error']);
    assert.deepEqual(codes(UNPROTECTED, parseConfig('{"rules": {"SEC001": "off"}}', 'dmatopo.json')), []);
  });
  it('rejects an invalid dmatopo.json in one clear line', () => {
    assert.throws(() => parseConfig('{"rules": {"SEC001": "loud"}}', 'x/dmatopo.json'), /x\/dmatopo.json: "SEC001" must be one of off, error, warning, information, hint/);
    assert.throws(() => parseConfig('{"rules": {"FOO": "off"}}', 'dmatopo.json'), /not a rule code/);
    assert.throws(() => parseConfig('{', 'dmatopo.json'), /not valid JSON/);
  });
  it('silences a rule for the file or the next line with a comment, and reports one that silences nothing', () => {
    assert.deepEqual(codes(`// dmatopo-disable SEC001\n${UNPROTECTED}`), []);
    assert.deepEqual(codes(UNPROTECTED.replace('  nic n {}', '  // dmatopo-disable-next-line SEC001\n  nic n {}')), []);
    assert.deepEqual(codes(UNPROTECTED.replace('  cpu c {}', '  // dmatopo-disable-next-line SEC001\n  cpu c {}')), ['unused-disable:hint', 'SEC001:warning']);
    assert.deepEqual(codes(`// dmatopo-disable DMA001\n${UNPROTECTED}`), ['unused-disable:hint', 'SEC001:warning']);
  });
});

describe('dmatopo check with rules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dmatopo-rules-'));
  const project = join(dir, 'project');
  mkdirSync(join(project, 'sub'), { recursive: true });
  writeFileSync(join(project, 'sub', 'a.dmatopo'), UNPROTECTED);

  it('exits 0 on warnings alone, and 1 past --max-warnings', () => {
    const ok = cli(project, 'check', 'sub/a.dmatopo');
    assert.equal(ok.code, 0);
    assert.match(ok.stdout, /warning SEC001/);
    const strict = cli(project, 'check', '--max-warnings', '0', 'sub/a.dmatopo');
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /1 warning, more than --max-warnings 0/);
  });
  it('turns a rule off with --disable, and reads the nearest dmatopo.json above the file', () => {
    assert.doesNotMatch(cli(project, 'check', '--disable', 'SEC001', 'sub/a.dmatopo').stdout, /SEC001/);
    writeFileSync(join(project, 'dmatopo.json'), '{ "rules": { "SEC001": "error" } }');
    assert.equal(cli(project, 'check', 'sub/a.dmatopo').code, 1);
    writeFileSync(join(project, 'dmatopo.json'), '{ "rules": { "SEC001": "loud" } }');
    const bad = cli(project, 'check', 'sub/a.dmatopo');
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
    writeFileSync(join(project, 'dmatopo.json'), '{}');
  });
  it('links each rule diagnostic to its docs page in --json', () => {
    const [d] = (JSON.parse(cli(project, 'check', '--json', 'sub/a.dmatopo').stdout) as { diagnostics: Array<{ codeDescription?: { href: string } }> }).diagnostics;
    assert.match(d!.codeDescription!.href, /\/blob\/main\/docs\/rules\/SEC001\.md$/);
  });
  it('writes SARIF 2.1.0 that validates against the schema', () => {
    writeFileSync(join(project, 'sub', 'b.dmatopo'), 'host g {\n  cpu c { cores 4 GiB }\n  gpu x {}\n  link c -- x : pcie gen4 x16\n  cpu c {}\n}\n');
    const result = cli(project, 'check', '--format', 'sarif', 'sub/a.dmatopo', 'sub/b.dmatopo');
    assert.equal(result.code, 1);
    const log = JSON.parse(result.stdout) as { version: string; runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri?: string }> } }; results: Array<{ ruleId: string; level: string; relatedLocations?: unknown[] }> }> };
    // The schema as Microsoft publishes it, in @microsoft/jest-sarif (draft-04).
    const Ajv = require('ajv-draft-04') as new (options: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown } };
    const addFormats = require('ajv-formats') as (ajv: unknown) => void;
    const ajv = new Ajv({ strict: false, unicodeRegExp: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.equal(log.version, '2.1.0');
    const results = log.runs[0]!.results;
    assert.deepEqual(results.map((r) => [r.ruleId, r.level]).sort(), [['REF002', 'error'], ['SEC001', 'warning'], ['SEC001', 'warning'], ['UNIT001', 'error']]);
    assert.ok(results.some((r) => r.relatedLocations !== undefined), 'related locations for REF002');
    assert.ok(log.runs[0]!.tool.driver.rules.find((r) => r.id === 'SEC001')!.helpUri!.endsWith('docs/rules/SEC001.md'));
  });
  it('rejects a bad --format, --max-warnings or --disable in one line, exit 2', () => {
    for (const args of [['--format', 'xml'], ['--max-warnings', 'many'], ['--disable', 'nope']]) {
      const result = cli(project, 'check', ...args, 'sub/a.dmatopo');
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(result.stderr.trim().split('\n').length, 1);
    }
  });
});
