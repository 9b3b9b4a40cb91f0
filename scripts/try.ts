// `npm run try`: the packaged extension in code-server, served on 127.0.0.1
// with the samples, for anyone with a browser and no VS Code. npm packages
// dmatopo.vsix first; this (bundled as dist/try.js) installs code-server
// once, exactly as the end-to-end suite does (test/e2e/code-server.sh:
// ensure, start, stop), serves the folder and stops code-server's whole
// process group (extension host and language server included) on Ctrl+C.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { codeServerHome, freePort, parseTryArgs, prepareWorkspace, UsageError, USAGE, workbenchUrl, type TryOptions } from './try-setup';

const ROOT = resolve(__dirname, '..');
const SCRIPT = join(ROOT, 'test', 'e2e', 'code-server.sh');
const VSIX = join(ROOT, 'dmatopo.vsix');

/** Runs code-server.sh; its output is shown unless `quiet`, in which case it is returned. */
function codeServer(args: string[], quiet = false): Promise<{ code: number; output: string }> {
  return new Promise((done, reject) => {
    const child = spawn('bash', [SCRIPT, ...args], { stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => done({ code: code ?? 1, output }));
  });
}

function options(): TryOptions {
  try {
    const parsed = parseTryArgs(process.argv.slice(2));
    if (parsed.help) {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    return parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`npm run try: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const chosen = options();
  if (!existsSync(VSIX)) {
    process.stderr.write(`${VSIX} is missing: \`npm run try\` builds it with \`npm run package\` first.\n`);
    process.exit(1);
  }
  const dir = codeServerHome();
  if ((await codeServer(['ensure', dir])).code !== 0) {
    process.stderr.write('code-server could not be installed (see above).\n');
    process.exit(1);
  }
  const port = chosen.port ?? (await freePort());
  const workspace = prepareWorkspace(ROOT, chosen);
  const pidFile = join(workspace.state, 'code-server.pid');

  let stopping = false;
  const stop = async (code: number, keep = false) => {
    if (stopping) return;
    stopping = true;
    clearInterval(watch);
    process.stdout.write('\nStopping code-server…\n');
    await codeServer(['stop', workspace.state]);
    if (keep) process.stderr.write(`Its log and state are kept in ${workspace.state}\n`);
    else rmSync(workspace.tmp, { recursive: true, force: true });
    process.exit(code);
  };
  // Ctrl+C reaches this process and npm, not code-server: `start` puts it in
  // a session of its own so that `stop` can end its whole group.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));
  // code-server gone by itself (a crash, a port taken): say so and end too.
  const watch = setInterval(() => {
    if (stopping || !existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8'));
    try {
      process.kill(pid, 0);
    } catch {
      process.stderr.write(`code-server (pid ${pid}) exited on its own; see ${join(workspace.state, 'code-server.log')}\n`);
      void stop(1, true);
    }
  }, 1000);

  const started = await codeServer(['start', dir, String(port), workspace.state, workspace.folder, VSIX], true);
  if (stopping) return;
  if (started.code !== 0) {
    process.stderr.write(started.output);
    await stop(1, true);
    return;
  }
  const pid = readFileSync(pidFile, 'utf8').trim();
  const what = chosen.folder === undefined ? `a copy of samples/ (edits there are not kept; --folder DIR serves your own)` : workspace.folder;
  process.stdout.write(
    `\ncode-server (pid ${pid}) serves DMA Topology with ${what}:\n\n    ${workbenchUrl(port, workspace)}\n\n` +
      'Open that URL in any browser. Ctrl+C stops code-server.\n',
  );
}

void main();
