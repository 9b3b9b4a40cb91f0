// The command line as users and CI run it: the bundled dist/cli.js, its
// output and exit codes (language.md § Tool contract).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { read, ROOT, sampleFiles } from './helpers';

const CLI = join(ROOT, 'dist', 'cli.js');

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function scratch(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dmatopo-'));
  // A project root of its own: no dmatopo.json above the temporary folder applies.
  mkdirSync(join(dir, '.git'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const BROKEN = 'host h {\n  cpu c { cores 4 GiB }\n  gpu g {}\n}\n';

describe('dmatopo check', () => {
  it('exits 0 on every clean sample', () => {
    const result = run('check', ...sampleFiles());
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^8 files checked: no problems$/m);
    assert.equal(result.stderr, '');
  });

  it('exits 1 and lists every mistake as file:line:column', () => {
    const file = scratch('broken.dmatopo', BROKEN);
    const result = run('check', file);
    assert.equal(result.code, 1);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      `${file}:2:17: error UNIT001: cores expects a whole number, got 4 GiB`,
      `${file}:3:7: warning SEC001: gpu 'g' has no iommu: it can read and write all of host h's memory; put it behind an IOMMU (iommu NAME)`,
      `${file}:3:7: error TOP001: gpu 'g' does not reach a cpu through links: link it to a switch or to cpu 'c'`,
      'configuration: default rule settings',
      '1 file checked: 2 errors, 1 warning',
    ]);
  });

  it('prints the contract JSON shape with zero-based positions', () => {
    const file = scratch('broken.dmatopo', BROKEN);
    const result = run('check', file, '--json');
    assert.equal(result.code, 1);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.length, 1, 'one compact object per file on its own line');
    const object = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.deepEqual(Object.keys(object), ['file', 'diagnostics', 'configuration'], 'check --json has no flows or links');
    assert.deepEqual(object['configuration'], [], 'no dmatopo.json');
    assert.equal(object['file'], file);
    const [first] = object['diagnostics'] as Array<Record<string, unknown>>;
    assert.deepEqual(first, {
      code: 'UNIT001',
      severity: 'error',
      message: 'cores expects a whole number, got 4 GiB',
      range: { start: { line: 1, character: 16 }, end: { line: 1, character: 21 } },
    });
  });

  it('prints one JSON object per file and line, related locations included', () => {
    const dup = scratch('dup.dmatopo', 'host h { cpu c {} cpu c {} }\n');
    const clean = sampleFiles()[0]!;
    const result = run('check', '--json', dup, clean);
    assert.equal(result.code, 1);
    const objects = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { file: string; diagnostics: Array<Record<string, unknown>> });
    assert.deepEqual(objects.map((o) => o.file), [dup, clean]);
    assert.deepEqual(objects[1]!.diagnostics, []);
    assert.deepEqual(objects[0]!.diagnostics[0]!['relatedInformation'], [
      { range: { start: { line: 0, character: 13 }, end: { line: 0, character: 14 } }, message: "first 'c'" },
    ]);
  });

  it('reports a missing file in one line on stderr with exit 2, and still checks the others', () => {
    const clean = sampleFiles()[0]!;
    const result = run('check', 'no-such.dmatopo', clean);
    assert.equal(result.code, 2);
    assert.deepEqual(result.stderr.trim().split('\n'), ["dmatopo: cannot read 'no-such.dmatopo': no such file"]);
    assert.match(result.stdout, /1 file checked: no problems/);
  });

  it('exits 2 with one line for usage errors', () => {
    for (const args of [['check'], ['frobnicate'], ['check', '--bogus', 'x.dmatopo'], [], ['chek', 'x.dmatopo'], ['check', '--jsn', 'x.dmatopo']]) {
      const result = run(...args);
      assert.equal(result.code, 2, `dmatopo ${args.join(' ')}`);
      assert.equal(result.stderr.trim().split('\n').length, 1, `one line for: dmatopo ${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /^dmatopo: /);
    }
    // A suggestion stays on the line of the mistake.
    assert.equal(run('chek', 'x.dmatopo').stderr, "dmatopo: unknown command 'chek' (Did you mean check?)\n");
  });

  it('never crashes on binary input', () => {
    const file = scratch('binary.dmatopo', '\u0000\u0001\uffff{{{}}}\u0007host');
    const result = run('check', file, '--json');
    assert.equal(result.code, 1);
    assert.ok((JSON.parse(result.stdout) as { diagnostics: unknown[] }).diagnostics.length > 0);
  });
});

describe('dmatopo --version', () => {
  it('prints the package version', () => {
    const { version } = JSON.parse(read(join(ROOT, 'package.json'))) as { version: string };
    const result = run('--version');
    assert.equal(result.code, 0);
    assert.equal(result.stdout.trim(), version);
  });
});

describe('dmatopo format', () => {
  it('finds every sample formatted', () => {
    const result = run('format', '--check', ...sampleFiles());
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(result.stdout, '');
  });

  it('prints the formatted text, lists unformatted files with --check, rewrites with --write', () => {
    const messy = 'host h{cpu c{cores 4}}\n';
    const formatted = 'host h {\n  cpu c { cores 4 }\n}\n';
    const file = scratch('messy.dmatopo', messy);
    assert.deepEqual(run('format', file), { code: 0, stdout: formatted, stderr: '' });
    assert.deepEqual(run('format', '--check', file), { code: 1, stdout: `${file}: not formatted\n`, stderr: '' });
    assert.equal(read(file), messy, '--check changes nothing');
    assert.equal(run('format', '--write', file).code, 0);
    assert.equal(read(file), formatted);
    assert.equal(run('format', '--check', file).code, 0);
  });

  it('formats a file whose only errors are the model\'s', () => {
    const file = scratch('unknown.dmatopo', 'host h{cpu c{cores 4 GiB}}\n');
    assert.deepEqual(run('format', file), { code: 0, stdout: 'host h {\n  cpu c { cores 4 GiB }\n}\n', stderr: '' });
  });

  it('leaves a file with syntax errors untouched and exits 1 with the errors', () => {
    const broken = 'host h {\n  cpu c { cores : 4 }\n}\n';
    const file = scratch('broken.dmatopo', broken);
    const result = run('format', '--write', file);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /:2:17: error SYN001: expected a whole number after 'cores', found ':'/);
    assert.equal(read(file), broken);
  });

  it('never lets a rewrite silence an error: a disable-next-line comment keeps applying to the same code', () => {
    // Joined onto one line, `ats` (SEC006, an error) would fall under the directive, which silences the `iommu i` line only.
    const text = 'host h {\n  cpu c {}\n  iommu i {}\n  // dmatopo-disable-next-line SEC006\n  nic n { iommu i,\n    untrusted, ats }\n  link c -- n : pcie gen4 x16\n}\n';
    const file = scratch('stale.dmatopo', text);
    assert.equal(run('check', file).code, 1);
    assert.equal(run('format', '--write', file).code, 0);
    assert.notEqual(read(file), text, 'the layout changed');
    assert.equal(run('check', file).code, 1, `still an error after formatting:\n${read(file)}`);
  });

  it('leaves a file whose directive cannot keep its line as it is: one line saying why, exit 1', () => {
    const text = 'host h {\n  // dmatopo-disable-next-line SEC001\n  cpu c {} gpu g {}\n  link c -- g : pcie gen4 x16\n}\n';
    const file = scratch('pinned.dmatopo', text);
    const result = run('format', '--write', file);
    assert.equal(result.code, 1);
    assert.deepEqual(result.stderr.trim().split('\n'), [
      `${file}: not formatted: the canonical layout would change the code that the dmatopo-disable-next-line comment on line 2 applies to (line 3); give that code a line of its own, with no other code and no comment before it; left as it is`,
    ]);
    assert.equal(read(file), text);
  });

  it('rejects an unknown escape in the title rather than drop its backslash', () => {
    const text = 'topology "C:\\lab\\rack1"\n';
    const file = scratch('escape.dmatopo', text);
    const result = run('format', '--write', file);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /:1:13: error SYN001: unknown escape '\\l': a string knows only \\" and \\\\; write a backslash as \\\\$/m);
    assert.equal(read(file), text);
    assert.equal(run('check', file).code, 1);
  });

  it('rejects --write with --check in one line, exit 2', () => {
    const result = run('format', '--write', '--check', 'x.dmatopo');
    assert.deepEqual([result.code, result.stderr], [2, "dmatopo: option '--write' cannot be used with option '--check'\n"]);
  });
});

describe('dmatopo simulate', () => {
  it('prints the contract JSON for every sample, one object per file and line', () => {
    const result = run('simulate', '--json', ...sampleFiles());
    assert.equal(result.code, 0, result.stderr);
    const objects = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(objects.length, sampleFiles().length);
    for (const object of objects) {
      assert.deepEqual(Object.keys(object), ['file', 'diagnostics', 'flows', 'links', 'configuration']);
      const flows = object['flows'] as Array<Record<string, unknown>>;
      assert.ok(flows.length > 0);
      for (const flow of flows) {
        for (const key of ['name', 'group', 'via', 'viaReason', 'throughput', 'transferTime', 'latency', 'copies', 'cpuBytes', 'bottleneck', 'path', 'pathClass', 'dropRate']) {
          assert.ok(key in flow, `${String(object['file'])} ${String(flow['name'])} has ${key}`);
        }
        assert.ok(!('explain' in flow), `${String(flow['name'])} carries no derivations without --explain`);
        assert.equal(typeof flow['throughput'], 'number');
        assert.ok(Array.isArray(flow['path']) && (flow['path'] as unknown[]).every((n) => typeof n === 'string'));
      }
      for (const link of object['links'] as Array<Record<string, unknown>>) {
        assert.deepEqual(Object.keys(link), ['id', 'capacity', 'load', 'utilization']);
        assert.ok((link['utilization'] as number) <= 1 + 1e-9);
      }
    }
  });

  it('adds each flow\'s derivations as explain with --explain, and changes nothing else', () => {
    const plain = run('simulate', '--json', ...sampleFiles());
    const explained = run('simulate', '--json', '--explain', ...sampleFiles());
    assert.equal(explained.code, 0, explained.stderr);
    const objects = (output: string) => output.trim().split('\n').map((line) => JSON.parse(line) as { flows: Array<Record<string, unknown>> });
    const withExplain = objects(explained.stdout);
    for (const object of withExplain) {
      for (const flow of object.flows) {
        const explain = flow['explain'] as Record<string, { formula: string; terms: unknown[] }>;
        for (const figure of ['throughput', 'latency', 'transferTime', 'dropRate']) assert.ok(explain[figure]!.formula.length > 0, `${String(flow['name'])} explains its ${figure}`);
        delete flow['explain'];
      }
    }
    assert.deepEqual(withExplain, objects(plain.stdout));
  });

  it('refuses --explain without --json in one line, exit 2, before reading a file', () => {
    const result = run('simulate', '--explain', 'no-such-file.dmatopo');
    assert.deepEqual([result.code, result.stdout, result.stderr], [2, '', 'dmatopo: --explain adds derivations to the JSON output: give --json too\n']);
  });

  it('simulates one group with --group and rejects an unknown one in one line', () => {
    const sample = sampleFiles().find((f) => f.includes('08-'))!;
    const one = JSON.parse(run('simulate', '--json', '--group', 'gpu_direct', sample).stdout) as { flows: Array<{ group: string }> };
    assert.ok(one.flows.length > 0 && one.flows.every((f) => f.group === 'gpu_direct'));
    const bad = run('simulate', '--group', 'nope', sample);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^dmatopo: .* has no group 'nope'; its groups: host_staged, gpu_direct\n$/);
    // Usage errors, before any file is read: a value that cannot be a group's name, or two groups.
    for (const [args, message] of [
      [['--group', ''], /^dmatopo: option '--group <name>' argument '' is invalid\. expected the name of a group, such as gpu_direct\n$/],
      [['--group', 'gpu direct'], /argument 'gpu direct' is invalid/],
      [['--group', 'gpu_direct', '--group', 'host_staged'], /^dmatopo: option '--group <name>' argument 'host_staged' is invalid\. --group is given twice: give it once\n$/],
    ] as const) {
      const result = run('simulate', ...args, sample);
      assert.deepEqual([result.code, result.stdout], [2, ''], args.join(' '));
      assert.match(result.stderr, message);
    }
  });

  it('prints a table in human units and still simulates a file with errors (exit 1)', () => {
    const file = scratch('errs.dmatopo', 'host h {\n  cpu c {}\n  memory m { size 1 GiB }\n  nvme d {}\n  link c -- d : pcie gen4 x4\n  buffer b { in m, size 1 MiB }\n}\nflow f { from h.d to h.b size 1 MiB }\nflow g { from h.d to h.b size 1 MiB cores 4 }\n');
    const result = run('simulate', file);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /SYN001/);
    assert.match(result.stdout, /flow +via +class +throughput +transfer +latency +copies +cpu bytes +drops +bottleneck/);
    assert.match(result.stdout, /^ {2}f +zerocopy +PHB +\d[\d.]* GB\/s/m);
    assert.match(result.stdout, /h\.c--h\.d|h\.d/);
  });
});

describe('dmatopo reach', () => {
  it('lists, per device, what it can read and write and why, in text and JSON', () => {
    const file = scratch('reach.dmatopo', `host h {
  cpu c {}
  memory m { size 1 GiB }
  iommu i { mode strict }
  iommu p { mode identity }
  switch s { acs off }
  nic n { iommu i, rdma }
  gpu g { iommu p, memory 16 GiB }
  gpu g2 { iommu i, memory 16 GiB }
  link c -- s : pcie gen4 x16
  link s -- n : pcie gen4 x16
  link s -- g : pcie gen4 x16
  link s -- g2 : pcie gen4 x16
  buffer b { in m, size 1 MiB, pinned }
  map n -> b read
  mr r { buffer b, nic n, access remote_write }
}
`);
    const text = run('reach', file);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^h\.n \(nic; iommu i, mode strict\)$/m);
    const json = JSON.parse(run('reach', '--json', file).stdout) as { devices: Array<{ device: string; reach: Array<{ target: string; read: boolean; write: boolean; why: string }> }> };
    const of = (id: string) => json.devices.find((d) => d.device === id)!.reach.map((r) => `${r.target} ${r.read ? 'r' : ''}${r.write ? 'w' : ''} ${r.why.split(':')[0]}`);
    assert.deepEqual(of('h.n'), ['h.b r map n -> b read', 'h.g rw peer below ACS-off switch h.s', 'h.g2 rw peer below ACS-off switch h.s', 'h.b w mr r (remote_write)']);
    assert.deepEqual(of('h.g').slice(0, 1), ['h.m rw iommu p maps identity']);
  });
});
