// What `npm run try` decides before code-server starts: its options, the
// folder it serves, the settings of a first visit and the URL to open.
// Nothing here starts a process, so test/try.test.ts runs all of it.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import FIRST_VISIT from '../test/e2e/first-visit-settings.json';

export const USAGE = `Usage: npm run try [-- --port N] [-- --folder DIR]

Serves the DMA Topology extension in code-server (VS Code in a browser) on
127.0.0.1 and prints the URL to open. Ctrl+C stops it.

  --port N      listen on port N (default: a free port)
  --folder DIR  open DIR instead of a temporary copy of samples/; edits are saved in DIR
  --help        print this help
`;

export interface TryOptions {
  /** undefined: a free port chosen at start. */
  port: number | undefined;
  /** An absolute path; undefined: a copy of the repository's samples/. */
  folder: string | undefined;
  help: boolean;
}

/** A mistake on the command line, reported with the usage. */
export class UsageError extends Error {}

/** Reads `--port N`, `--port=N`, `--folder DIR`, `--folder=DIR` and `--help`; relative folders are taken from `cwd`. */
export function parseTryArgs(argv: readonly string[], cwd = process.cwd()): TryOptions {
  const options: TryOptions = { port: undefined, folder: undefined, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      options.help = true;
      continue;
    }
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (name !== '--port' && name !== '--folder') throw new UsageError(`unknown option ${arg}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
    if (name === '--port') {
      const port = Number(value);
      if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw new UsageError(`--port expects a port number from 1 to 65535, got ${value}`);
      options.port = port;
    } else {
      const folder = resolve(cwd, value);
      if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`--folder ${value}: no such folder`);
      options.folder = folder;
    }
  }
  return options;
}

/** Where the e2e suite and `npm run try` keep code-server (test/e2e/code-server.sh reads the same variable). */
export function codeServerHome(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['DMATOPO_E2E_HOME'] || join(homedir(), '.cache/dmatopo-e2e'), 'code-server');
}

export interface TryWorkspace {
  /** The temporary folder that holds everything below; removed when code-server stops. */
  tmp: string;
  /** code-server's user data, extensions, config and log (code-server.sh start's STATE). */
  state: string;
  /** The folder code-server opens. */
  folder: string;
  /** The file shown first, when the folder has a .dmatopo file at its top. */
  open: string | undefined;
}

// A first visit that shows the extension, not VS Code's own welcome: no
// Welcome page, tips or trust prompt (the extension runs no workspace code),
// nothing that phones home or offers other extensions. The end-to-end suite
// starts from the same settings.
export const SETTINGS: Readonly<Record<string, string | boolean>> = FIRST_VISIT;

/**
 * Makes the temporary state folder with the settings of a first visit and
 * picks the folder to serve: `options.folder` as it is, or else a copy of
 * `root`/samples. A copy, because the samples are the test suite's
 * fixtures (their figures are checked to the digit): what a visitor types
 * must not show up in the repository.
 */
export function prepareWorkspace(root: string, options: TryOptions, tmpBase = tmpdir()): TryWorkspace {
  const tmp = mkdtempSync(join(tmpBase, 'dmatopo-try-'));
  const state = join(tmp, 'state');
  mkdirSync(join(state, 'data', 'User'), { recursive: true });
  writeFileSync(join(state, 'data', 'User', 'settings.json'), `${JSON.stringify(SETTINGS, null, 2)}\n`);
  let folder = options.folder;
  if (folder === undefined) {
    folder = join(tmp, 'samples');
    cpSync(join(root, 'samples'), folder, { recursive: true });
  }
  const first = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.dmatopo'))
    .map((entry) => entry.name)
    .sort()[0];
  return { tmp, state, folder, open: first === undefined ? undefined : join(folder, first) };
}

/**
 * The workbench URL for `folder`, opening `open` first. code-server's
 * workbench reads a `payload` of [key, value] pairs, where `openFile` is a
 * URI on the remote (here: this machine, named by the address in the URL).
 */
export function workbenchUrl(port: number, workspace: Pick<TryWorkspace, 'folder' | 'open'>): string {
  const authority = `127.0.0.1:${port}`;
  let url = `http://${authority}/?folder=${encodeURIComponent(workspace.folder)}`;
  if (workspace.open !== undefined) {
    const file = `vscode-remote://${authority}${pathToFileURL(workspace.open).pathname}`;
    url += `&payload=${encodeURIComponent(JSON.stringify([['openFile', file]]))}`;
  }
  return url;
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
