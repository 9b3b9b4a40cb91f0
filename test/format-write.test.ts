// `dmatopo format` changes the layout and nothing else: bytes that are not
// UTF-8 are never rewritten, a byte-order mark is kept, and `--write`
// replaces a file all or nothing, keeping its mode, its owner and the
// symbolic links that lead to it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './helpers';

const CLI = join(ROOT, 'dist', 'cli.js');

function run(...args: string[]): { code: number; stdout: Buffer; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, timeout: 15_000 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
}

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'dmatopo-write-'));
}

const MESSY = 'host h{cpu c{cores 4}}\n';
const FORMATTED = 'host h {\n  cpu c { cores 4 }\n}\n';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('format: bytes that are not UTF-8', () => {
  // "café" in Latin-1: 0xE9 alone is not UTF-8; decoded, it would come back as U+FFFD.
  const latin1 = Buffer.concat([Buffer.from('host h{cpu c{cores 4}} // caf'), Buffer.from([0xe9]), Buffer.from('\n')]);

  for (const flag of ['--write', '--check', undefined]) {
    it(`${flag ?? 'printing'}: refuses, in one line naming the file, exit 1, and leaves the bytes as they were`, () => {
      const file = join(folder(), 'latin1.dmatopo');
      writeFileSync(file, latin1);
      const result = run('format', ...(flag === undefined ? [] : [flag]), file);
      assert.equal(result.code, 1);
      assert.equal(result.stdout.length, 0);
      assert.deepEqual(result.stderr.trim().split('\n'), [
        `${file}: not formatted: it is not valid UTF-8 (Latin-1?), and rewriting it would replace those bytes with U+FFFD; save it as UTF-8 first`,
      ]);
      assert.deepEqual(readFileSync(file), latin1);
    });
  }

  it('formats a file that holds U+FFFD as valid UTF-8: only undecodable bytes are refused', () => {
    const file = join(folder(), 'replacement.dmatopo');
    writeFileSync(file, 'host h{cpu c{cores 4}} // \uFFFD\n');
    assert.equal(run('format', '--write', file).code, 0);
    assert.equal(readFileSync(file, 'utf8'), 'host h {\n  cpu c { cores 4 }\n} // \uFFFD\n');
  });
});

describe('format: a byte-order mark', () => {
  it('is kept by --write, and printed', () => {
    const file = join(folder(), 'bom.dmatopo');
    writeFileSync(file, Buffer.concat([BOM, Buffer.from(MESSY)]));
    const printed = run('format', file);
    assert.equal(printed.code, 0, printed.stderr);
    assert.deepEqual(printed.stdout, Buffer.concat([BOM, Buffer.from(FORMATTED)]));
    assert.equal(run('format', '--write', file).code, 0);
    assert.deepEqual(readFileSync(file), Buffer.concat([BOM, Buffer.from(FORMATTED)]));
  });

  it('does not make a formatted file unformatted for --check', () => {
    const file = join(folder(), 'bom.dmatopo');
    writeFileSync(file, Buffer.concat([BOM, Buffer.from(FORMATTED)]));
    assert.deepEqual(run('format', '--check', file), { code: 0, stdout: Buffer.alloc(0), stderr: '' });
  });
});

describe('format --write replaces a file all or nothing', () => {
  it('leaves the original byte for byte when the write fails half-way (a file size limit), removes its temporary file, and exits 2', () => {
    const dir = folder();
    const file = join(dir, 'big.dmatopo');
    // Several kilobytes that formatting changes: the rewrite must pass the 512-byte limit below.
    const original = Array.from({ length: 60 }, (_, i) => `host h${i}{cpu c{cores 4}}`).join('\n') + '\n';
    writeFileSync(file, original);
    // `ulimit -f` works for root too; Node ignores SIGXFSZ, so the write fails with EFBIG.
    const result = spawnSync('sh', ['-c', 'ulimit -f 1 && exec "$0" "$@"', process.execPath, CLI, 'format', '--write', file], { encoding: 'utf8', timeout: 15_000 });
    assert.equal(result.status, 2, result.stderr);
    assert.deepEqual(result.stderr.trim().split('\n'), [`dmatopo: cannot write '${file}': the file would be larger than the system allows; the file is unchanged`]);
    assert.equal(readFileSync(file, 'utf8'), original);
    assert.deepEqual(readdirSync(dir), ['big.dmatopo'], 'no temporary file left behind');
  });

  // Root passes every permission check; a child run as `nobody` meets them as users do.
  const asNobody = { skip: process.getuid?.() !== 0 && 'needs root, to run the command as another user' };
  /** The bundled CLI where `nobody` can read it: the checkout may sit in a folder only its owner enters (a mktemp clone). */
  const readableCli = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'dmatopo-cli-'));
    chmodSync(dir, 0o755);
    const copy = join(dir, 'cli.js');
    copyFileSync(CLI, copy);
    chmodSync(copy, 0o644);
    return copy;
  };
  function runAsNobody(...args: string[]): { code: number; stderr: string } {
    const result = spawnSync(process.execPath, [readableCli(), ...args], { cwd: '/', uid: 65534, gid: 65534, encoding: 'utf8', timeout: 15_000 });
    return { code: result.status ?? -1, stderr: result.stderr };
  }

  it('leaves the file as it was, in one line and exit 2, when its folder does not let it create the temporary file', asNobody, () => {
    const dir = folder();
    chmodSync(dir, 0o755);
    const file = join(dir, 'locked.dmatopo');
    writeFileSync(file, MESSY);
    chmodSync(file, 0o666);
    const result = runAsNobody('format', '--write', file);
    assert.equal(result.code, 2, result.stderr);
    assert.deepEqual(result.stderr.trim().split('\n'), [
      `dmatopo: cannot write '${file}': cannot create a temporary file in '${dir}' (permission denied), where the new text goes before it replaces the file; the file is unchanged`,
    ]);
    assert.equal(readFileSync(file, 'utf8'), MESSY);
    assert.deepEqual(readdirSync(dir), ['locked.dmatopo']);
  });

  it('refuses a file that is read-only to its user, as writing it in place would, though its folder would allow the rename', asNobody, () => {
    const dir = folder();
    chmodSync(dir, 0o777);
    const file = join(dir, 'readonly.dmatopo');
    writeFileSync(file, MESSY);
    chmodSync(file, 0o444);
    const result = runAsNobody('format', '--write', file);
    assert.equal(result.code, 2, result.stderr);
    assert.deepEqual(result.stderr.trim().split('\n'), [`dmatopo: cannot write '${file}': permission denied: the file is read-only`]);
    assert.equal(readFileSync(file, 'utf8'), MESSY);
    assert.deepEqual(readdirSync(dir), ['readonly.dmatopo']);
  });

  it('keeps the mode of the file, and leaves nothing else in its folder', () => {
    const dir = folder();
    const file = join(dir, 'mode.dmatopo');
    writeFileSync(file, MESSY);
    chmodSync(file, 0o640);
    assert.equal(run('format', '--write', file).code, 0);
    assert.equal(readFileSync(file, 'utf8'), FORMATTED);
    assert.equal(statSync(file).mode & 0o7777, 0o640);
    assert.deepEqual(readdirSync(dir), ['mode.dmatopo']);
  });

  it('keeps the owner and group of the file (where the system permits: as root)', { skip: process.getuid?.() !== 0 && 'only root may give a file to someone else' }, () => {
    const file = join(folder(), 'owner.dmatopo');
    writeFileSync(file, MESSY);
    chownSync(file, 4321, 8765);
    assert.equal(run('format', '--write', file).code, 0);
    assert.equal(readFileSync(file, 'utf8'), FORMATTED);
    const { uid, gid } = statSync(file);
    assert.deepEqual({ uid, gid }, { uid: 4321, gid: 8765 });
  });

  it('replaces the file a symbolic link leads to, and keeps the link', () => {
    const dir = folder();
    mkdirSync(join(dir, 'real'));
    mkdirSync(join(dir, 'links'));
    const target = join(dir, 'real', 'topology.dmatopo');
    writeFileSync(target, MESSY);
    const link = join(dir, 'links', 'topology.dmatopo');
    symlinkSync('../real/topology.dmatopo', link);
    assert.equal(run('format', '--write', link).code, 0);
    assert.ok(lstatSync(link).isSymbolicLink(), 'still a link');
    assert.equal(readlinkSync(link), '../real/topology.dmatopo');
    assert.equal(readFileSync(target, 'utf8'), FORMATTED);
    assert.deepEqual(readdirSync(join(dir, 'real')), ['topology.dmatopo']);
    assert.deepEqual(readdirSync(join(dir, 'links')), ['topology.dmatopo']);
  });

  it('does not touch a file that is already formatted', () => {
    const file = join(folder(), 'same.dmatopo');
    writeFileSync(file, FORMATTED);
    const before = statSync(file);
    assert.equal(run('format', '--write', file).code, 0);
    const after = statSync(file);
    assert.deepEqual([after.ino, after.mtimeMs], [before.ino, before.mtimeMs]);
  });
});
