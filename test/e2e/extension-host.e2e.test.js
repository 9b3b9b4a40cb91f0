// The extension-host tests of `npm run test:vscode` (test/vscode/editor.ts,
// built to out/vscode/editor.js), run in code-server's extension host
// instead of a downloaded VS Code, so that CI keeps them passing. The
// workbench takes the extension under development and the tests from the
// URL's payload, as VS Code's own "debug extension in the browser" does;
// the tests' console output reaches the page's console.
//
// Part of `npm run test:e2e` (which builds out/vscode/ and installs code-server).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '../..');
const SCRIPT = path.join(__dirname, 'code-server.sh');
const CS_DIR = path.join(process.env.DMATOPO_E2E_HOME || path.join(os.homedir(), '.cache/dmatopo-e2e'), 'code-server');
const TESTS = path.join(ROOT, 'out', 'vscode', 'editor.js');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

test('the extension-host tests of npm run test:vscode pass in code-server', { timeout: 240_000 }, async () => {
  assert.ok(fs.existsSync(TESTS), `${TESTS} is missing: run \`npm run build\``);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dmatopo-e2e-exthost-'));
  const state = path.join(tmp, 'state');
  const ws = path.join(tmp, 'workspace');
  fs.mkdirSync(ws);
  const port = await freePort();
  execFileSync('bash', [SCRIPT, 'start', CS_DIR, String(port), state, ws], { stdio: 'inherit' });
  const lines = [];
  let browser, passed = false;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic'] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const summary = new Promise((resolve) => page.on('console', (message) => {
      // The extension host's console lines arrive styled: `%c INFO color: #33f ✔ …`.
      const text = message.text().replace(/^%c\s+\w+\s+color: #\w+\s/, '');
      if (/^[✔✖]/.test(text)) lines.push(text);
      const counts = text.match(/^(\d+) passed, (\d+) failed$/);
      if (counts) resolve({ passed: Number(counts[1]), failed: Number(counts[2]) });
    }));
    const authority = `127.0.0.1:${port}`;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${ROOT}`],
      ['extensionTestsPath', `vscode-remote://${authority}${TESTS}`],
    ];
    await page.goto(`http://${authority}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer;
    const result = await Promise.race([summary, new Promise((resolve) => (timer = setTimeout(resolve, 180_000)))]);
    clearTimeout(timer);
    console.log(lines.join('\n'));
    assert.ok(result, `no summary from the extension host within 3 minutes; log in ${state}`);
    assert.equal(result.failed, 0, lines.filter((line) => line.startsWith('✖')).join('\n'));
    assert.ok(result.passed >= 10, `${result.passed} tests ran`);
    passed = true;
  } finally {
    await browser?.close().catch(() => {});
    execFileSync('bash', [SCRIPT, 'stop', state], { stdio: 'inherit' });
    if (passed) fs.rmSync(tmp, { recursive: true, force: true });
    else console.log(`state kept in ${tmp}`);
  }
});
