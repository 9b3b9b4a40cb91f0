// Files that are not files: the command line reads only regular files of a
// bounded size, so a FIFO, /dev/zero or a huge file is one line and exit 2,
// never a hang or an exhausted heap. A UTF-8 byte-order mark is accepted.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { expectClean, ROOT } from './helpers';

const CLI = join(ROOT, 'dist', 'cli.js');
// A regression hangs (FIFO) or eats memory (/dev/zero): the timeout turns either into a failure.
const LIMITS = { timeout: 20_000 };

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--max-old-space-size=256', CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 15_000 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dmatopo-files-'));
  // A .git folder makes this the project root, so no dmatopo.json above the temporary folder applies.
  mkdirSync(join(dir, '.git'));
  return dir;
}

const CLEAN = 'host h {\n  cpu c { cores 4 }\n}\n';
const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;

describe('files that are not files', () => {
  for (const command of ['check', 'simulate', 'reach', 'format']) {
    it(`${command}: a FIFO is one line and exit 2, without blocking`, { ...LIMITS, skip: !hasMkfifo && 'mkfifo is not installed' }, () => {
      const fifo = join(folder(), 'pipe.dmatopo');
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
      const result = run(command, fifo);
      assert.equal(result.code, 2, result.stderr);
      assert.deepEqual(result.stderr.trim().split('\n'), [`dmatopo: cannot read '${fifo}': it is a FIFO (named pipe), not a regular file`]);
    });
  }

  it('a symlink to /dev/zero is one line and exit 2, without reading it', LIMITS, () => {
    const link = join(folder(), 'zero.dmatopo');
    symlinkSync('/dev/zero', link);
    const result = run('check', link);
    assert.equal(result.code, 2);
    assert.deepEqual(result.stderr.trim().split('\n'), [`dmatopo: cannot read '${link}': it is a character device, not a regular file`]);
  });

  it('a file over 16 MiB is one line and exit 2; the other files are still checked', LIMITS, () => {
    const dir = folder();
    const huge = join(dir, 'huge.dmatopo');
    writeFileSync(huge, '');
    truncateSync(huge, 16 * 1024 * 1024 + 1); // sparse: no disk space used
    const small = join(dir, 'small.dmatopo');
    writeFileSync(small, CLEAN);
    const result = run('check', huge, small);
    assert.equal(result.code, 2);
    assert.deepEqual(result.stderr.trim().split('\n'), [`dmatopo: cannot read '${huge}': it is larger than 16 MiB, the most dmatopo reads`]);
    assert.match(result.stdout, /^1 file checked: no problems$/m);
  });

  it('a directory is one line and exit 2', () => {
    const dir = join(folder(), 'dir.dmatopo');
    mkdirSync(dir);
    const result = run('check', dir);
    assert.equal(result.code, 2);
    assert.deepEqual(result.stderr.trim().split('\n'), [`dmatopo: cannot read '${dir}': it is a directory, not a regular file`]);
  });

  it('a dmatopo.json that is a symlink to /dev/zero is one line and exit 2', LIMITS, () => {
    const dir = folder();
    symlinkSync('/dev/zero', join(dir, 'dmatopo.json'));
    const file = join(dir, 'a.dmatopo');
    writeFileSync(file, CLEAN);
    const result = run('check', file);
    assert.equal(result.code, 2);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /^dmatopo: cannot read '.*dmatopo\.json': it is a character device, not a regular file$/m);
  });

  it('a UTF-8 byte-order mark is accepted, and positions are those of the text after it', () => {
    const file = join(folder(), 'bom.dmatopo');
    writeFileSync(file, `\uFEFF${CLEAN}host h2 {\n  cpu c { cores 4 GiB }\n}\n`);
    const result = run('check', file);
    assert.equal(result.code, 1, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), [`${file}:5:17: error UNIT001: cores expects a whole number, got 4 GiB`, 'configuration: default rule settings', '1 file checked: 1 error, 0 warnings']);
  });

  it('a dmatopo.json that starts with a byte-order mark is read as its text says', () => {
    const dir = folder();
    writeFileSync(join(dir, 'dmatopo.json'), '\uFEFF{ "rules": { "SEC001": "off" } }');
    const file = join(dir, 'open.dmatopo');
    writeFileSync(file, 'host h {\n  cpu c {}\n  nic n {}\n  link c -- n : pcie gen4 x4\n}\n');
    const result = run('check', file);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), [`configuration: ${join(dir, 'dmatopo.json')}`, '1 file checked: no problems']);
  });
});

describe('a byte-order mark in the text itself', () => {
  it('is not a syntax error: an editor may hand the server the mark as U+FEFF', () => {
    expectClean(`\uFEFF${CLEAN}`);
  });
});
