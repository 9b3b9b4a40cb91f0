// What the command line writes, whoever reads it: it ends quietly when the
// reader of its output goes away (`dmatopo check … | head`), and what a file
// or a command line holds never reaches the terminal as a control or
// bidirectional character: escaped as \u{1b} in text, as \u001b in JSON.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generateHosts } from '../scripts/generate';
import { read, ROOT } from './helpers';

const CLI = join(ROOT, 'dist', 'cli.js');

function project(config?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dmatopo-output-'));
  mkdirSync(join(dir, '.git'));
  if (config !== undefined) writeFileSync(join(dir, 'dmatopo.json'), config);
  return dir;
}

function run(cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the CLI and closes its stdout after the first chunk, as `| head -1` does; resolves with its exit code and stderr. */
function runClosingStdout(cwd: string, args: readonly string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; chunks: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let chunks = 0;
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.stdout.on('data', () => {
      chunks++;
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr, chunks }));
  });
}

describe('when the reader of stdout goes away', () => {
  // Every command writes more than twice what a pipe holds (64 KiB), so writes follow the close.
  const big = project('{ "rules": { "SEC011": "off" } }');
  // 220 hosts, clean once SEC011 is off: simulate, which writes diagnostics to stderr, writes none.
  writeFileSync(join(big, 'hosts.dmatopo'), generateHosts(220));
  // Hosts whose memory names an unknown cpu with a long name: a long list of errors for check (exit 1),
  // past 128 KiB even though a file lists at most 1,000 diagnostics.
  writeFileSync(join(big, 'errors.dmatopo'), Array.from({ length: 1200 }, (_, i) => `host h${i} { cpu c {} memory m { cpu ${'x'.repeat(150)}${i}, size 1 GiB } }\n`).join(''));

  for (const [args, code] of [
    [['check', 'errors.dmatopo'], 1],
    [['check', '--json', 'errors.dmatopo'], 1],
    [['simulate', 'hosts.dmatopo'], 0],
    [['simulate', '--json', 'hosts.dmatopo'], 0],
    [['reach', 'hosts.dmatopo'], 0],
    [['format', 'hosts.dmatopo'], 0],
  ] as const) {
    it(`${args.join(' ')} ends quietly, with its own exit code`, { timeout: 30_000 }, async () => {
      const full = run(big, ...args);
      assert.deepEqual([full.code, full.stderr], [code, '']);
      assert.ok(full.stdout.length > 128 * 1024, `${args.join(' ')} writes ${full.stdout.length} bytes: more than a pipe holds`);
      const result = await runClosingStdout(big, args);
      assert.ok(result.chunks > 0);
      assert.equal(result.stderr, '', 'no stack trace, no message');
      assert.deepEqual([result.code, result.signal], [code, null]);
    });
  }
});

// ESC and BEL, a C1 control (CSI), DEL, the right-to-left override and isolate, and a line separator.
const RAW = ['\u001b', '\u0007', '\u009b', '\u007f', '\u202e', '\u2067', '\u2028'];
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

describe('control and bidirectional characters', () => {
  const dir = project();
  // Each one stray in a host body: each is an unexpected character that the message quotes.
  const text = `topology "title \u001b[2J\u202e"\nhost h {\n  cpu c {}\n${RAW.map((c) => `  ${c}\n`).join('')}}\n`;
  const name = 'evil\u001b[31m\u202e.dmatopo';
  writeFileSync(join(dir, name), text);

  it('are escaped as \\u{…} in text reports, file names included', () => {
    const check = run(dir, 'check', name);
    assert.equal(check.code, 1);
    assert.doesNotMatch(check.stdout, UNSAFE);
    const shown = 'evil\\u{1b}[31m\\u{202e}.dmatopo';
    assert.deepEqual(check.stdout.trim().split('\n').slice(0, RAW.length), [
      `${shown}:4:3: error SYN001: unexpected character '\\u{1b}'`,
      `${shown}:5:3: error SYN001: unexpected character '\\u{7}'`,
      `${shown}:6:3: error SYN001: unexpected character '\\u{9b}'`,
      `${shown}:7:3: error SYN001: unexpected character '\\u{7f}'`,
      `${shown}:8:3: error SYN001: unexpected character '\\u{202e}'`,
      `${shown}:9:3: error SYN001: unexpected character '\\u{2067}'`,
      `${shown}:10:3: error SYN001: unexpected character '\\u{2028}'`,
    ]);
    // simulate writes the diagnostics to stderr, and a table naming the file on stdout.
    const simulate = run(dir, 'simulate', name);
    assert.doesNotMatch(simulate.stderr, UNSAFE);
    assert.match(simulate.stderr, /^evil\\u\{1b\}\[31m\\u\{202e\}\.dmatopo:4:3: error SYN001: unexpected character '\\u\{1b\}'$/m);
    // A file that cannot be read, named on stderr; and one that is read, by reach.
    const missing = run(dir, 'reach', `no\u001b]0;owned\u0007.dmatopo`, name);
    assert.equal(missing.stderr, "dmatopo: cannot read 'no\\u{1b}]0;owned\\u{7}.dmatopo': no such file\n");
    // A line break in a name would split one line in two.
    assert.equal(run(dir, 'check', 'a\nb.dmatopo').stderr, "dmatopo: cannot read 'a\\u{a}b.dmatopo': no such file\n");
    // Commander's own messages quote the arguments too.
    assert.equal(run(dir, `frob\u001b[2J`).stderr, "dmatopo: unknown command 'frob\\u{1b}[2J'\n");
  });

  it('are escaped as \\uXXXX in JSON and SARIF, which parse to the same text', () => {
    for (const args of [['check', '--json'], ['simulate', '--json'], ['check', '--format', 'sarif']]) {
      const result = run(dir, ...args, name);
      assert.doesNotMatch(result.stdout, UNSAFE, args.join(' '));
      assert.match(result.stdout, /\\u001b/);
      assert.match(result.stdout, /\\u202e/);
      assert.match(result.stdout, /\\u009b/);
      assert.match(result.stdout, /\\u2028/);
      const messages = result.stdout.includes('"runs"')
        ? (JSON.parse(result.stdout) as { runs: Array<{ results: Array<{ message: { text: string } }> }> }).runs[0]!.results.map((r) => r.message.text)
        : (JSON.parse(result.stdout) as { file: string; diagnostics: Array<{ message: string }> }).diagnostics.map((d) => d.message);
      assert.deepEqual(
        messages.filter((m) => m.startsWith('unexpected character')),
        RAW.map((c) => `unexpected character '${c}'`),
        'the parsed value is the character itself',
      );
      if (!args.includes('sarif')) assert.equal((JSON.parse(result.stdout) as { file: string }).file, name);
    }
  });

  it('are never escaped in what format writes: it is the file, byte for byte', () => {
    const clean = `// a comment with ESC \u001b[1m, an override \u202e and a BEL \u0007\ntopology "t \u001b\u202e"\nhost h {\n  cpu c { cores 4 }\n}\n`;
    writeFileSync(join(dir, 'clean.dmatopo'), clean);
    const result = run(dir, 'format', 'clean.dmatopo');
    assert.deepEqual([result.code, result.stderr], [0, '']);
    assert.equal(result.stdout, clean);
    assert.equal(run(dir, 'format', '--write', 'clean.dmatopo').code, 0);
    assert.equal(read(join(dir, 'clean.dmatopo')), clean);
  });
});
