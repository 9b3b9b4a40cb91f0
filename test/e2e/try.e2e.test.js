// `npm run try` as a newcomer runs it: dist/try.js serves the packaged
// extension in code-server with a copy of the samples, the URL it prints
// opens the workbench with the first sample in Chromium (so the extension
// host and the language server start), and Ctrl+C ends every process
// code-server started and removes the temporary folder.
//
// Part of `npm run test:e2e`, which packages dmatopo.vsix and installs
// code-server first (test/try.test.ts, in `npm test`, covers the options
// and the folder without starting anything).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '../..');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT = 60_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Every process of process group `pgid`, with its command line. */
function group(pgid) {
  const found = [];
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      // The command name in (…) may hold spaces: the fields after it are fixed.
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      found.push({ pid: Number(pid), args: fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ') });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

async function until(what, fn, ms = WAIT) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const value = await fn();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

test('npm run try serves the samples and Ctrl+C stops every process it started', { timeout: 180_000 }, async () => {
  const port = await freePort();
  // A process group of its own, as a terminal gives a command: Ctrl+C is a SIGINT to the whole group.
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'try.js'), '--port', String(port)], {
    cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '', stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let browser, csPid;
  try {
    await until('the URL', () => /Ctrl\+C stops code-server/.test(stdout) || child.exitCode !== null);
    assert.equal(child.exitCode, null, `try exited early:\n${stdout}\n${stderr}`);
    const url = stdout.match(/^ {4}(http:\/\/\S+)$/m)?.[1];
    assert.ok(url, `a URL in:\n${stdout}`);
    assert.ok(url.startsWith(`http://127.0.0.1:${port}/?folder=`), url);
    csPid = Number(stdout.match(/code-server \(pid (\d+)\)/)?.[1]);
    assert.ok(csPid > 0, stdout);
    const folder = new URL(url).searchParams.get('folder');
    assert.match(folder, /dmatopo-try-[^/]+\/samples$/);
    assert.notEqual(path.dirname(folder), path.join(ROOT), 'a copy, not the repository\'s samples');
    assert.ok(fs.existsSync(path.join(folder, '01-disk-and-network-io.dmatopo')));

    const response = await fetch(url);
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /workbench/);

    // A browser makes code-server start the extension host, which starts the language server.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic'] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(WAIT);
    await page.goto(url);
    await page.locator('.tabs-container .tab.active', { hasText: '01-disk-and-network-io.dmatopo' }).waitFor();
    await page.locator('.monaco-editor .view-lines', { hasText: 'Disk and network I/O' }).waitFor();
    const server = await until('the language server in code-server\'s process group',
      () => group(csPid).find((p) => /dmatopo[^ ]*\/dist\/server\.js/.test(p.args)));
    assert.ok(group(csPid).some((p) => /--type=extensionHost/.test(p.args)), 'the extension host is in the group');
    assert.ok(server.pid > 0);
  } finally {
    await browser?.close().catch(() => {});
    if (child.exitCode === null) process.kill(-child.pid, 'SIGINT');
  }
  const { code } = await exited;
  assert.equal(code, 0, `try's exit code; stderr:\n${stderr}`);
  assert.match(stdout, /Stopping code-server/);
  const left = group(csPid);
  // A failure here must not leave code-server running after the test.
  if (left.length > 0) try { process.kill(-csPid, 'SIGKILL'); } catch { /* gone meanwhile */ }
  assert.deepEqual(left, [], 'no process of code-server\'s group is left');
  assert.deepEqual(group(child.pid), [], 'nothing of try\'s own group is left');
  const folder = new URL(stdout.match(/^ {4}(http:\/\/\S+)$/m)[1]).searchParams.get('folder');
  assert.equal(fs.existsSync(path.dirname(folder)), false, 'the temporary folder is removed');
});
