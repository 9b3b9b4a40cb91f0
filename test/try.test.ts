// `npm run try` up to the moment code-server would start: its options, the
// folder it serves, the first-visit settings and the URL it prints. The
// running part (code-server served, fetched and stopped with Ctrl+C) is in
// the end-to-end suite, test/e2e/try.e2e.test.js, where code-server is installed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { codeServerHome, parseTryArgs, prepareWorkspace, SETTINGS, UsageError, workbenchUrl } from '../scripts/try-setup';
import { ROOT } from './helpers';

const DEFAULTS = { port: undefined, folder: undefined, help: false };

function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'dmatopo-try-test-'));
}

describe('npm run try: options', () => {
  it('serves a copy of the samples on a free port by default', () => {
    assert.deepEqual(parseTryArgs([]), DEFAULTS);
  });

  it('reads --port and --folder, spaced or with =, and resolves the folder from the working directory', () => {
    const dir = scratchDir();
    mkdirSync(join(dir, 'mine'));
    assert.deepEqual(parseTryArgs(['--port', '8080', '--folder', 'mine'], dir), { port: 8080, folder: join(dir, 'mine'), help: false });
    assert.deepEqual(parseTryArgs(['--port=9000', `--folder=${dir}`]), { port: 9000, folder: dir, help: false });
    assert.equal(parseTryArgs(['--help']).help, true);
    rmSync(dir, { recursive: true });
  });

  it('refuses what it cannot serve, saying why', () => {
    const wrong: Array<[string[], RegExp]> = [
      [['--port', 'http'], /--port expects a port number from 1 to 65535, got http/],
      [['--port', '0'], /got 0/],
      [['--port', '70000'], /got 70000/],
      [['--port'], /--port needs a value/],
      [['--folder', '/no/such/folder'], /--folder \/no\/such\/folder: no such folder/],
      [['--folder', join(ROOT, 'package.json')], /no such folder/],
      [['--open'], /unknown option --open/],
      [['samples'], /unknown option samples/],
    ];
    for (const [argv, message] of wrong) assert.throws(() => parseTryArgs(argv), (error: unknown) => error instanceof UsageError && message.test(error.message), argv.join(' '));
  });

  it('keeps code-server where the end-to-end suite does', () => {
    assert.equal(codeServerHome({ DMATOPO_E2E_HOME: '/cache/e2e' }), '/cache/e2e/code-server');
    assert.match(codeServerHome({}), /\.cache\/dmatopo-e2e\/code-server$/);
  });
});

describe('npm run try: the folder it serves', () => {
  it('copies the samples into a temporary folder, so edits never reach the repository', () => {
    const base = scratchDir();
    const workspace = prepareWorkspace(ROOT, DEFAULTS, base);
    assert.ok(workspace.tmp.startsWith(join(base, 'dmatopo-try-')));
    assert.equal(workspace.folder, join(workspace.tmp, 'samples'));
    const list = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();
    assert.deepEqual(list(workspace.folder), list(join(ROOT, 'samples')));
    const sample = '01-disk-and-network-io.dmatopo';
    assert.equal(workspace.open, join(workspace.folder, sample), 'the first sample is shown first');
    const original = readFileSync(join(ROOT, 'samples', sample), 'utf8');
    writeFileSync(workspace.open!, 'edited');
    assert.equal(readFileSync(join(ROOT, 'samples', sample), 'utf8'), original);
    rmSync(base, { recursive: true });
  });

  it('writes the settings of a first visit: no welcome page, no trust prompt, no telemetry', () => {
    const base = scratchDir();
    const workspace = prepareWorkspace(ROOT, DEFAULTS, base);
    assert.equal(workspace.state, join(workspace.tmp, 'state'));
    const settings = JSON.parse(readFileSync(join(workspace.state, 'data', 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(settings, SETTINGS);
    assert.equal(settings['workbench.startupEditor'], 'none');
    assert.equal(settings['security.workspace.trust.enabled'], false);
    assert.equal(settings['telemetry.telemetryLevel'], 'off');
    rmSync(base, { recursive: true });
  });

  it('serves --folder as it is, with its first .dmatopo file open, and copies nothing', () => {
    const base = scratchDir();
    const mine = join(base, 'mine');
    mkdirSync(join(mine, 'sub'), { recursive: true });
    writeFileSync(join(mine, 'b.dmatopo'), '');
    writeFileSync(join(mine, 'a.dmatopo'), '');
    writeFileSync(join(mine, 'sub', '0.dmatopo'), '');
    const workspace = prepareWorkspace(ROOT, { ...DEFAULTS, folder: mine }, base);
    assert.equal(workspace.folder, mine);
    assert.equal(workspace.open, join(mine, 'a.dmatopo'));
    assert.deepEqual(readdirSync(workspace.tmp), ['state']);
    const empty = join(base, 'empty');
    mkdirSync(empty);
    assert.equal(prepareWorkspace(ROOT, { ...DEFAULTS, folder: empty }, base).open, undefined);
    rmSync(base, { recursive: true });
  });
});

describe('npm run try: the URL it prints', () => {
  it('opens the folder and its first file on 127.0.0.1', () => {
    const url = new URL(workbenchUrl(8123, { folder: '/tmp/a b/samples', open: '/tmp/a b/samples/01 x.dmatopo' }));
    assert.equal(url.origin, 'http://127.0.0.1:8123');
    assert.equal(url.searchParams.get('folder'), '/tmp/a b/samples');
    assert.deepEqual(JSON.parse(url.searchParams.get('payload')!), [['openFile', 'vscode-remote://127.0.0.1:8123/tmp/a%20b/samples/01%20x.dmatopo']]);
    assert.equal(new URL(workbenchUrl(8123, { folder: '/srv', open: undefined })).search, '?folder=%2Fsrv');
  });
});

describe('npm run try: the command line', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'dist', 'try.js'), ...args], { encoding: 'utf8' });

  it('prints its usage for --help and exits 0', () => {
    const result = run('--help');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Usage: npm run try/);
    assert.match(result.stdout, /--folder DIR/);
  });

  it('exits 2 on a wrong option, before installing or starting anything', () => {
    const result = run('--port', 'x');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^npm run try: --port expects a port number from 1 to 65535, got x\n\nUsage:/);
    assert.equal(result.stdout, '');
  });
});
