// Rule configuration: dmatopo.json (cascading up to the project root,
// strict about what it holds), --disable, disable comments, severities,
// --max-warnings and SARIF output (validated against the SARIF 2.1.0 schema);
// and the configuration each report says it followed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { checkText } from '../../server/src/analysis/snapshot';
import { parseConfig, RULES } from '../../server/src/rules/index';
import { read, ROOT } from '../helpers';

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
    assert.throws(() => parseConfig('{"rules": {"FOO": "off"}}', 'dmatopo.json'), /^Error: dmatopo.json: "FOO" is not a rule; the rules are SEC001–SEC016, DMA001–DMA009$/);
    assert.throws(() => parseConfig('{', 'dmatopo.json'), /not valid JSON/);
  });
  it('refuses what it does not understand: an unknown rule, an unknown key, a key given twice, a root that is not a boolean', () => {
    const cases: Array<[string, RegExp]> = [
      ['{"rules": {"SEC099": "off"}}', /^Error: d\/dmatopo.json: "SEC099" is not a rule \(did you mean SEC009\?\); the rules are SEC001–SEC016, DMA001–DMA009$/],
      ['{"rules": {"sec011": "off"}}', /"sec011" is not a rule \(did you mean SEC011\?\)/],
      ['{"rulez": {"SEC001": "off"}}', /^Error: d\/dmatopo.json: unknown key "rulez" \(did you mean "rules"\?\); a dmatopo.json holds "rules", "root" and "\$schema"$/],
      ['{"rules": {}, "foo": 1}', /^Error: d\/dmatopo.json: unknown key "foo"; /],
      ['{"rules": {"SEC001": "off", "SEC001": "error"}}', /^Error: d\/dmatopo.json: "SEC001" is given twice in the same object; keep one$/],
      ['{"rules": {"SEC001": "off"}, "rules": {}}', /"rules" is given twice/],
      ['{"root": "yes"}', /^Error: d\/dmatopo.json: "root" must be true or false$/],
      ['{"$schema": 1}', /"\$schema" must be a string/],
    ];
    for (const [text, message] of cases) assert.throws(() => parseConfig(text, 'd/dmatopo.json'), message, text);
    // Equal keys in different objects, and escaped quotes in strings, are not repeats.
    assert.deepEqual([...parseConfig('{"$schema": "a\\"rules\\"", "rules": {"SEC001": "off", "SEC011": "off"}, "root": true}', 'd').rules.keys()], ['SEC001', 'SEC011']);
  });
  it('silences a rule for the file or the next line with a comment, and reports one that silences nothing', () => {
    assert.deepEqual(codes(`// dmatopo-disable SEC001\n${UNPROTECTED}`), []);
    assert.deepEqual(codes(UNPROTECTED.replace('  nic n {}', '  // dmatopo-disable-next-line SEC001\n  nic n {}')), []);
    assert.deepEqual(codes(UNPROTECTED.replace('  cpu c {}', '  // dmatopo-disable-next-line SEC001\n  cpu c {}')), ['unused-disable:hint', 'SEC001:warning']);
    assert.deepEqual(codes(`// dmatopo-disable DMA001\n${UNPROTECTED}`), ['unused-disable:hint', 'SEC001:warning']);
  });
  it('lets the first comment in the file that applies silence a finding, and reports the later ones as unused', () => {
    const unused = (text: string) => checkText(text).diagnostics.map((d) => (d.code === 'unused-disable' ? text.slice(d.span.start, d.span.end) : d.code));
    const nextLine = (comments: string) => UNPROTECTED.replace('  nic n {}', `  ${comments}\n  nic n {}`);
    assert.deepEqual(unused(`${nextLine('// dmatopo-disable-next-line SEC001')}// dmatopo-disable SEC001\n`), ['// dmatopo-disable SEC001']);
    assert.deepEqual(unused(`// dmatopo-disable SEC001\n${nextLine('// dmatopo-disable-next-line SEC001')}`), ['// dmatopo-disable-next-line SEC001']);
    assert.deepEqual(unused(nextLine('/* dmatopo-disable-next-line SEC001 */ // dmatopo-disable-next-line DMA001, SEC001')), ['// dmatopo-disable-next-line DMA001, SEC001']);
    assert.deepEqual(unused(nextLine('/* dmatopo-disable-next-line DMA001 */ // dmatopo-disable-next-line DMA001, SEC001')), ['/* dmatopo-disable-next-line DMA001 */']);
  });
});

describe('dmatopo check with rules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dmatopo-rules-'));
  const project = join(dir, 'project');
  mkdirSync(join(project, 'sub'), { recursive: true });
  // The project root: no dmatopo.json above it applies.
  mkdirSync(join(project, '.git'));
  writeFileSync(join(project, 'sub', 'a.dmatopo'), UNPROTECTED);

  it('exits 0 on warnings alone, and 1 past --max-warnings', () => {
    const ok = cli(project, 'check', 'sub/a.dmatopo');
    assert.equal(ok.code, 0);
    assert.match(ok.stdout, /warning SEC001/);
    assert.match(ok.stdout, /\nconfiguration: default rule settings\n1 file checked: 0 errors, 1 warning\n$/, 'which configuration, on its own line before the summary');
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
    const result = cli(project, 'check', '--format', 'sarif', '--disable', 'SEC011', 'sub/a.dmatopo', 'sub/b.dmatopo');
    assert.equal(result.code, 1);
    const log = JSON.parse(result.stdout) as {
      version: string;
      runs: Array<{
        tool: { driver: { rules: Array<{ id: string; helpUri?: string }> } };
        results: Array<{ ruleId: string; level: string; relatedLocations?: unknown[] }>;
        invocations: Array<{ executionSuccessful: boolean; ruleConfigurationOverrides?: unknown[] }>;
        artifacts: Array<{ location: { uri: string }; roles: string[]; properties?: { configuration: string[] } }>;
      }>;
    };
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
    // Which configuration: the dmatopo.json as a user-supplied configuration artifact, and --disable as an override.
    const config = pathToFileURL(join(project, 'dmatopo.json')).toString();
    assert.deepEqual(log.runs[0]!.artifacts, [
      { location: { uri: pathToFileURL(join(project, 'sub', 'a.dmatopo')).toString() }, roles: ['analysisTarget'], properties: { configuration: [config] } },
      { location: { uri: pathToFileURL(join(project, 'sub', 'b.dmatopo')).toString() }, roles: ['analysisTarget'], properties: { configuration: [config] } },
      { location: { uri: config }, roles: ['userSpecifiedConfiguration'] },
    ]);
    assert.deepEqual(log.runs[0]!.invocations, [{ executionSuccessful: true, ruleConfigurationOverrides: [{ descriptor: { id: 'SEC011' }, configuration: { enabled: false } }] }]);
    const missing = JSON.parse(cli(project, 'check', '--format', 'sarif', 'sub/a.dmatopo', 'sub/none.dmatopo').stdout) as typeof log;
    assert.ok(validate(missing), JSON.stringify(validate.errors, null, 2));
    assert.deepEqual(missing.runs[0]!.invocations, [{ executionSuccessful: false }], 'a file that could not be read');
  });
  it('rejects a bad --format, --max-warnings or --disable in one line naming the option, exit 2', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--format', 'xml'], /^dmatopo: option '--format <format>' argument 'xml' is invalid\. expected text, json or sarif$/],
      [['--max-warnings', 'many'], /^dmatopo: option '--max-warnings <n>' argument 'many' is invalid\. expected a whole number such as 0 or 10$/],
      // Number() reads all of these as numbers: '' as 0, '1e3' as 1000, ' 3' as 3.
      [['--max-warnings', ''], /argument '' is invalid\. expected a whole number/],
      [['--max-warnings', '1e3'], /argument '1e3' is invalid/],
      [['--max-warnings', ' 3'], /argument ' 3' is invalid/],
      [['--max-warnings', '-1'], /argument '-1' is invalid/],
      [['--max-warnings', '0x10'], /argument '0x10' is invalid/],
      [['--max-warnings', '1', '--max-warnings', '2'], /^dmatopo: option '--max-warnings <n>' argument '2' is invalid\. --max-warnings is given twice: give it once$/],
      [['--format', 'json', '--format', 'sarif'], /--format is given twice/],
      [['--json', '--format', 'sarif'], /^dmatopo: --json is --format json: it cannot go with --format sarif$/],
      [['--format', 'text', '--json'], /^dmatopo: --json is --format json: it cannot go with --format text$/],
      [['--disable', 'nope'], /^dmatopo: option '--disable <code>' argument 'nope' is invalid\. "nope" is not a rule; the rules are SEC001–SEC016, DMA001–DMA009$/],
      [['--disable', 'SEC099'], /argument 'SEC099' is invalid\. "SEC099" is not a rule/],
      [['--disable', 'SEC001', '--disable', 'sec011'], /"sec011" is not a rule \(did you mean SEC011\?\)/],
    ];
    for (const [args, message] of cases) {
      const result = cli(project, 'check', ...args, 'sub/a.dmatopo');
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(result.stdout, '', 'nothing is checked');
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr.trim(), message);
    }
    // Saying the same thing twice is not a conflict.
    const both = cli(project, 'check', '--json', '--format', 'json', 'sub/a.dmatopo');
    assert.equal(both.code, 0, both.stderr);
    assert.equal((JSON.parse(both.stdout) as { file: string }).file, 'sub/a.dmatopo');
  });
});

describe('where the configuration comes from', () => {
  // outer/dmatopo.json turns SEC001 off; outer/repo is a checkout inside it.
  const outer = mkdtempSync(join(tmpdir(), 'dmatopo-cascade-'));
  writeFileSync(join(outer, 'dmatopo.json'), '{ "rules": { "SEC001": "off" } }');
  const repo = join(outer, 'repo');
  mkdirSync(join(repo, '.git'), { recursive: true });
  mkdirSync(join(repo, 'sub'));
  writeFileSync(join(repo, 'sub', 'a.dmatopo'), UNPROTECTED);
  const lines = (result: { stdout: string }) => result.stdout.trim().split('\n').map((line) => line.replace(/^sub\/a\.dmatopo:3:7: (\w+) SEC001: .*$/, 'SEC001 $1'));
  const configuration = (result: { stdout: string }) => (JSON.parse(result.stdout) as { configuration: string[] }).configuration;

  it('stops at the project root: a dmatopo.json above the checkout does not apply', () => {
    assert.deepEqual(lines(cli(repo, 'check', 'sub/a.dmatopo')), ['SEC001 warning', 'configuration: default rule settings', '1 file checked: 0 errors, 1 warning']);
    assert.deepEqual(configuration(cli(repo, 'check', '--json', 'sub/a.dmatopo')), []);
  });

  it('stops at a worktree or submodule, whose .git is a file', () => {
    const worktree = join(outer, 'worktree');
    mkdirSync(worktree);
    writeFileSync(join(worktree, '.git'), 'gitdir: ../repo/.git/worktrees/worktree\n');
    writeFileSync(join(worktree, 'a.dmatopo'), UNPROTECTED);
    assert.match(cli(worktree, 'check', 'a.dmatopo').stdout, /warning SEC001/);
  });

  it('cascades: every dmatopo.json from the file up to the project root applies, the nearer one winning', () => {
    writeFileSync(join(repo, 'dmatopo.json'), '{ "rules": { "SEC001": "error" } }');
    writeFileSync(join(repo, 'sub', 'dmatopo.json'), '{ "rules": { "SEC011": "off" } }');
    const both = [join(repo, 'dmatopo.json'), join(repo, 'sub', 'dmatopo.json')];
    const result = cli(repo, 'check', 'sub/a.dmatopo');
    assert.equal(result.code, 1);
    assert.deepEqual(lines(result), ['SEC001 error', `configuration: ${both.join(', ')}`, '1 file checked: 1 error, 0 warnings']);
    assert.deepEqual(configuration(cli(repo, 'check', '--json', 'sub/a.dmatopo')), both, 'farthest first');
    writeFileSync(join(repo, 'sub', 'dmatopo.json'), '{ "rules": { "SEC001": "information" } }');
    assert.deepEqual(lines(cli(repo, 'check', 'sub/a.dmatopo')).slice(0, 1), ['SEC001 information']);
  });

  it('ends the search at a dmatopo.json that says "root": true', () => {
    writeFileSync(join(repo, 'dmatopo.json'), '{ "rules": { "SEC001": "error" } }');
    writeFileSync(join(repo, 'sub', 'dmatopo.json'), '{ "root": true, "rules": { "SEC011": "off" } }');
    assert.deepEqual(lines(cli(repo, 'check', 'sub/a.dmatopo')), ['SEC001 warning', `configuration: ${join(repo, 'sub', 'dmatopo.json')}`, '1 file checked: 0 errors, 1 warning']);
  });

  it('says, per file, which configuration each followed when they differ', () => {
    writeFileSync(join(repo, 'dmatopo.json'), '{}');
    writeFileSync(join(repo, 'sub', 'dmatopo.json'), '{ "root": true }');
    writeFileSync(join(repo, 'b.dmatopo'), UNPROTECTED);
    writeFileSync(join(repo, 'c.dmatopo'), UNPROTECTED);
    const result = cli(repo, 'check', 'b.dmatopo', 'sub/a.dmatopo', 'c.dmatopo');
    assert.match(result.stdout, new RegExp(`^configuration: ${join(repo, 'dmatopo.json')} \\(2 files\\); ${join(repo, 'sub', 'dmatopo.json')} \\(1 file\\)\n3 files checked: 0 errors, 3 warnings\n$`, 'm'));
    const json = cli(repo, 'check', '--json', 'b.dmatopo', 'sub/a.dmatopo').stdout.trim().split('\n').map((line) => JSON.parse(line) as { configuration: string[] });
    assert.deepEqual(json.map((o) => o.configuration), [[join(repo, 'dmatopo.json')], [join(repo, 'sub', 'dmatopo.json')]]);
  });

  it('refuses an unknown rule or key in one line naming the file and the key, exit 2', () => {
    for (const [text, key] of [['{ "rules": { "SEC099": "off" } }', '"SEC099"'], ['{ "rulez": { "SEC001": "off" } }', '"rulez"'], ['{ "rules": {}, "foo": 1 }', '"foo"']] as const) {
      writeFileSync(join(repo, 'sub', 'dmatopo.json'), text);
      const result = cli(repo, 'check', 'sub/a.dmatopo');
      assert.equal(result.code, 2, text);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr.trim().split('\n').length, 1);
      assert.ok(result.stderr.startsWith(`dmatopo: ${join(repo, 'sub', 'dmatopo.json')}: `) && result.stderr.includes(key), result.stderr);
    }
  });
});

describe('schemas/dmatopo.schema.json', () => {
  const schema = JSON.parse(read(join(ROOT, 'schemas', 'dmatopo.schema.json'))) as { properties: { rules: { properties: Record<string, { description: string }> } } };
  it('lists every rule, and only the rules, with its summary', () => {
    const listed = schema.properties.rules.properties;
    assert.deepEqual(Object.keys(listed).sort(), RULES.map((r) => r.meta.code).sort());
    for (const rule of RULES) assert.equal(listed[rule.meta.code]!.description, `${rule.meta.summary} (default: ${rule.meta.severity})`);
  });
  it('accepts and rejects what dmatopo does', () => {
    const Ajv = require('ajv') as new (options: object) => { compile(schema: object): (data: unknown) => boolean };
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const texts = [
      '{}',
      '{"rules": {"SEC001": "off", "DMA005": "error", "SEC011": "hint"}}',
      '{"root": true, "rules": {}}',
      '{"$schema": "https://raw.githubusercontent.com/dmatopo/dmatopo/main/schemas/dmatopo.schema.json", "rules": {"SEC016": "information"}}',
      '{"rules": {"SEC099": "off"}}',
      '{"rules": {"sec001": "off"}}',
      '{"rules": {"SYN001": "off"}}',
      '{"rules": {"SEC001": "loud"}}',
      '{"rules": {"SEC001": 0}}',
      '{"rulez": {}}',
      '{"rules": {}, "foo": 1}',
      '{"root": "yes"}',
      '{"$schema": 1}',
      '{"rules": []}',
      '[]',
      '"rules"',
    ];
    for (const text of texts) {
      let accepted = true;
      try {
        parseConfig(text, 'dmatopo.json');
      } catch {
        accepted = false;
      }
      assert.equal(validate(JSON.parse(text)), accepted, `${text}: dmatopo ${accepted ? 'accepts' : 'rejects'} it`);
    }
  });
  it('is what VS Code validates dmatopo.json files with', () => {
    const manifest = JSON.parse(read(join(ROOT, 'package.json'))) as { contributes: { jsonValidation: unknown } };
    assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: 'dmatopo.json', url: './schemas/dmatopo.schema.json' }]);
    assert.match(read(join(ROOT, '.vscodeignore')), /^!schemas\/\*\*$/m, 'packaged in the .vsix');
  });
});
