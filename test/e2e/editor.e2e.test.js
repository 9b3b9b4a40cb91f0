// The extension in a real VS Code: the packaged dmatopo.vsix is installed into
// code-server (VS Code's workbench served on 127.0.0.1) and Debian's Chromium,
// driven by playwright-core, checks what a person would see: squiggles, the
// Problems panel, a hover, Format Document and the language status item.
//
// Run with `npm run test:e2e` (it packages the .vsix and installs code-server
// once into $DMATOPO_E2E_HOME, default ~/.cache/dmatopo-e2e). Not part of
// `npm test`. Environment:
//   DMATOPO_E2E_HOME   where code-server is installed (see code-server.sh)
//   DMATOPO_E2E_SHOTS  keep the step screenshots in this folder
//   DMATOPO_E2E_KEEP=1 keep the temporary state (logs, workspace, screenshots)
//   CHROMIUM           the browser (default /usr/bin/chromium)
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '../..');
const SCRIPT = path.join(__dirname, 'code-server.sh');
const E2E_HOME = process.env.DMATOPO_E2E_HOME || path.join(os.homedir(), '.cache/dmatopo-e2e');
const CS_DIR = path.join(E2E_HOME, 'code-server');
const VSIX = path.join(ROOT, 'dmatopo.vsix');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = 30_000; // the longest any single thing may take to appear
/** A file of the workspace the suite opens, as test/e2e/files/ holds it (test/vscode/editor.ts reads the same files). */
const file = (name) => fs.readFileSync(path.join(__dirname, 'files', name), 'utf8');

// A cpu whose core count has a size (UNIT001, an error) and a camera that no
// IOMMU translates (SEC001, a warning), whose hover lists all memory it reaches.
const BROKEN = file('broken.dmatopo');

// Valid, but laid out by hand: Format Document must change it.
const MESSY = file('messy.dmatopo');

// What the formatter makes of MESSY (as `dmatopo format` prints it).
const CANONICAL = file('messy.formatted.dmatopo');

// Valid and simulated: a flow whose figures the editor shows inline, in a
// hover and in a code lens; a buffer to complete in and to go to.
const FEATURES = file('features.dmatopo');

// A camera's ring buffer left pageable (DMA002, an error with a quick fix).
const FIXABLE = file('fixable.dmatopo');

// Never opened: Check Workspace must bring its SEC001 into the Problems panel.
const CLOSED = file('closed.dmatopo');

let tmp, state, ws, shots, context, page, failed = false, started = false;
const t0 = Date.now();
const lap = (msg) => console.log(`[e2e +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function shot(name) {
  if (page) await page.screenshot({ path: path.join(shots, `${name}.png`) }).catch(() => {});
}

/** A test step that leaves a screenshot (and the state folder) behind when it fails. */
function step(name, fn) {
  test(name, { timeout: 90_000 }, async () => {
    try {
      await fn();
    } catch (error) {
      failed = true;
      await shot(`FAILED-${name.replace(/\W+/g, '-')}`);
      throw error;
    }
  });
}

async function quickInput(shortcut, text) {
  await page.keyboard.press(shortcut);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(shortcut === 'Control+Shift+P' ? `>${text}` : text);
}

async function openFile(name, firstLine) {
  await quickInput('Control+P', name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines', { hasText: firstLine }).waitFor();
  // The tab of this file is the active one.
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
}

/** Polls fn until it returns a truthy value. */
async function until(what, fn, ms = WAIT) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try { last = await fn(); if (last) return last; } catch (error) { last = error; }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${last})`);
}

/** The screen box of the first `word` on the editor line that holds `lineText`: the text node's own box, not a guess. */
async function wordBox(lineText, word) {
  const line = page.locator('.monaco-editor .view-line', { hasText: lineText }).first();
  await line.waitFor();
  const box = await line.evaluate((el, w) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent.indexOf(w);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + w.length);
      const r = range.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }
    return null;
  }, word);
  assert.ok(box, `the word "${word}" is on screen in "${lineText}"`);
  return box;
}

/** What an editor line shows, hints included, with the non-breaking spaces VS Code draws spaces with made plain. */
async function lineText(hasText) {
  const text = await page.locator('.monaco-editor .view-line', { hasText }).first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

/** Puts the text cursor in the middle of `word` on the line holding `lineText`. */
async function clickWord(lineText, word) {
  const box = await wordBox(lineText, word);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

before(async () => {
  try {
    await startEditor();
  } catch (error) {
    failed = true;
    await shot('FAILED-startup');
    throw error;
  }
}, { timeout: 120_000 });

async function startEditor() {
  assert.ok(fs.existsSync(VSIX), `${VSIX} is missing: run \`npm run package\` (npm run test:e2e does)`);
  assert.ok(fs.existsSync(path.join(CS_DIR, '.dmatopo-installed')),
    `no code-server in ${CS_DIR}: run \`bash test/e2e/code-server.sh ensure\` (npm run test:e2e does)`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dmatopo-e2e-'));
  state = path.join(tmp, 'state');
  ws = path.join(tmp, 'workspace');
  shots = process.env.DMATOPO_E2E_SHOTS ? path.resolve(process.env.DMATOPO_E2E_SHOTS) : path.join(tmp, 'screenshots');
  for (const dir of [state, ws, shots]) fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(ws, 'broken.dmatopo'), BROKEN);
  fs.writeFileSync(path.join(ws, 'messy.dmatopo'), MESSY);
  fs.writeFileSync(path.join(ws, 'features.dmatopo'), FEATURES);
  fs.writeFileSync(path.join(ws, 'fixable.dmatopo'), FIXABLE);
  fs.writeFileSync(path.join(ws, 'closed.dmatopo'), CLOSED);
  fs.mkdirSync(path.join(state, 'data/User'), { recursive: true });
  // The first visit `npm run try` gives too, and what the steps below rely on.
  fs.writeFileSync(path.join(state, 'data/User/settings.json'), JSON.stringify({
    ...require('./first-visit-settings.json'),
    'editor.hover.delay': 200,
    'files.autoSave': 'off',
  }, null, 2));

  const port = await freePort();
  // Installs the .vsix into the fresh extensions folder, then starts code-server in a process group of its own.
  execFileSync('bash', [SCRIPT, 'start', CS_DIR, String(port), state, ws, VSIX], { stdio: 'inherit' });
  started = true;
  lap(`code-server up on port ${port}`);

  context = await chromium.launchPersistentContext(path.join(tmp, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 800 },
  });
  page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(WAIT);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
  await page.locator('.monaco-workbench').waitFor();
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'broken.dmatopo' }).waitFor();
  // The workbench takes a few seconds after it appears before Quick Open answers.
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
  lap('workbench loaded');
}

after(async () => {
  await context?.close().catch(() => {});
  if (started) {
    try { execFileSync('bash', [SCRIPT, 'stop', state], { stdio: 'inherit' }); } catch (error) { console.error(error.message); }
  }
  if (!tmp) return;
  if (failed || process.env.DMATOPO_E2E_KEEP) {
    console.log(`e2e state kept in ${tmp} (screenshots in ${shots}, log in ${path.join(state, 'code-server.log')})`);
  } else {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  lap('stopped');
});

step('diagnostics: squiggles and the Problems panel list UNIT001 and SEC001', async () => {
  await openFile('broken.dmatopo', 'e2e: broken on purpose');
  await page.locator('.monaco-editor .squiggly-error').first().waitFor();
  await page.locator('.monaco-editor .squiggly-warning').first().waitFor();
  lap('squiggles shown');
  await shot('1-squiggles');

  await page.keyboard.press('Control+Shift+M');
  const unit = page.locator('.markers-panel .monaco-list-row', { hasText: 'UNIT001' });
  const sec = page.locator('.markers-panel .monaco-list-row', { hasText: 'SEC001' });
  await unit.waitFor();
  await sec.waitFor();
  assert.match(await unit.innerText(), /cores expects a whole number, got 4 GiB/);
  assert.match(await unit.innerText(), /dmatopo/);
  assert.match(await sec.innerText(), /camera 'capture' has no iommu/);
  // The error is an error and the warning a warning.
  await unit.locator('.codicon-error').waitFor();
  await sec.locator('.codicon-warning').waitFor();
  lap('Problems panel lists UNIT001 and SEC001');
  await shot('2-problems');
});

step('hover on a device name lists what it can reach', async () => {
  // Where `capture` is drawn on its line: the text node's own box, not a guess.
  const line = page.locator('.monaco-editor .view-line', { hasText: 'camera capture {}' });
  await line.waitFor();
  const box = await line.evaluate((el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent.indexOf('capture');
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 'capture'.length);
      const r = range.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }
    return null;
  });
  assert.ok(box, 'the word "capture" is on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const hover = page.locator('.monaco-hover', { hasText: 'It can reach' });
  await hover.waitFor({ state: 'visible' });
  const text = await hover.innerText();
  lap(`hover: ${JSON.stringify(text)}`);
  assert.match(text, /camera lab\.capture — no IOMMU/);
  assert.match(text, /lab\.ram/);
  assert.match(text, /no IOMMU translates its DMA/);
  await shot('3-hover');
  await page.mouse.move(640, 5);
  await page.keyboard.press('Escape');
});

step('document symbols: Go to Symbol lists the host, its devices and the flow', async () => {
  await quickInput('Control+Shift+O', '@');
  const names = page.locator('.quick-input-list .monaco-list-row .label-name');
  const listed = await until('the symbols of broken.dmatopo', async () => {
    const all = (await names.allInnerTexts()).map((n) => n.trim());
    return ['lab', 's0', 'ram', 'capture', 'frames', 'grab'].every((n) => all.includes(n)) && all;
  });
  lap(`symbols: ${listed.join(', ')}`);
  await shot('4-symbols');
  await page.keyboard.press('Escape');
});

step('the language status item says dmatopo and counts the problems', async () => {
  // VS Code shows the language status items together behind one `{}` entry
  // in the status bar; its accessible label lists their texts.
  const entry = page.locator('.statusbar #status\\.languageStatus');
  await entry.waitFor();
  const label = await until('the dmatopo language status', async () => {
    const labels = await entry.evaluate((el) =>
      [el, ...el.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label') ?? '').join(' | '));
    return /dmatopo: 1 errors?, 1 warnings?/.test(labels) && labels;
  });
  lap(`language status: ${JSON.stringify(label)}`);
  assert.match(label, /dmatopo/);
  // Its hover shows the item itself.
  await entry.hover();
  const tooltip = page.locator('.monaco-hover, .workbench-hover', { hasText: /dmatopo: 1 errors?, 1 warnings?/ });
  await tooltip.first().waitFor({ state: 'visible' });
  await shot('5-language-status');
  await page.mouse.move(640, 400);
  await page.keyboard.press('Escape');
});

step('Format Document gives the canonical layout', async () => {
  await openFile('messy.dmatopo', 'e2e: messy layout');
  await shot('6-before-format');
  await quickInput('Control+Shift+P', 'Format Document');
  const command = page.locator('.quick-input-list .monaco-list-row', {
    has: page.locator('.label-name', { hasText: /^\s*Format Document\s*$/ }),
  });
  await command.first().click();
  await page.locator('.monaco-editor .view-lines', { hasText: 'host lab {' }).waitFor();
  await page.keyboard.press('Control+S');
  const onDisk = () => fs.readFileSync(path.join(ws, 'messy.dmatopo'), 'utf8');
  await until('the formatted file to be saved', () => onDisk() !== MESSY);
  assert.equal(onDisk(), CANONICAL);
  lap('formatted');
  await shot('7-formatted');
});

step('inlay hints show the flow\u2019s figures at the end of its line', async () => {
  await openFile('features.dmatopo', 'e2e: editor features');
  // The hint is drawn inside the flow's line, after its text.
  const text = await until('the flow\u2019s inlay hint', async () => {
    const shown = await lineText('flow load');
    return /6\.64 GB\/s/.test(shown) && shown;
  });
  lap(`flow line with its hint: ${JSON.stringify(text)}`);
  assert.match(text, /6\.64 GB\/s · transfer 633 µs · 0 copies · no drops · bottleneck lab\.s0--lab\.ssd/);
  await shot('8-inlay-hints');
});

step('hover on a flow shows its throughput and how it was derived', async () => {
  const box = await wordBox('flow load', 'load');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const hover = page.locator('.monaco-hover', { hasText: '6.64 GB/s' });
  await hover.first().waitFor({ state: 'visible' });
  const text = await hover.first().innerText();
  lap(`flow hover: ${JSON.stringify(text.slice(0, 400))}`);
  assert.match(text, /throughput/i);
  assert.match(text, /6\.64 GB\/s/);
  assert.match(text, /pcie|PCIe/);
  assert.match(text, /lab\.s0--lab\.ssd/);
  // The hover fades in: the screenshot waits until it has.
  await page.waitForTimeout(500);
  await shot('9-flow-hover');
  await page.mouse.move(640, 5);
  await page.keyboard.press('Escape');
});

step('completion inside a device block offers its properties', async () => {
  const box = await wordBox('nvme ssd { iommu mmu }', 'mmu');
  // Just after `mmu`: type a separator and ask for suggestions.
  await page.mouse.click(box.x + box.width - 1, box.y + box.height / 2);
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type(', ');
  await page.keyboard.press('Control+Space');
  const widget = page.locator('.editor-widget.suggest-widget');
  await widget.waitFor({ state: 'visible' });
  const labels = await until('the suggestions', async () => {
    const all = (await widget.locator('.monaco-list-row .label-name').allInnerTexts()).map((t) => t.trim());
    return all.length > 0 && all;
  });
  lap(`suggestions: ${labels.join(', ')}`);
  assert.ok(labels.includes('sg') || labels.includes('ats'), `nvme properties among ${labels.join(', ')}`);
  assert.ok(!labels.includes('iommu'), 'a property already set is not offered again');
  await shot('10-completion');
  await page.keyboard.press('Escape');
  // Leave the file as it was (the comma and the space are two undo steps).
  await until('the edit to be undone', async () => {
    if ((await lineText('nvme ssd')).includes('{ iommu mmu }')) return true;
    await page.keyboard.press('Control+Z');
    return false;
  });
});

step('F12 on a reference goes to its declaration', async () => {
  await clickWord('flow load', 'blocks');
  await page.keyboard.press('F12');
  // The cursor lands on the buffer's declaration: VS Code's status bar says where it is.
  const where = page.locator('.statusbar #status\\.editor\\.selection');
  const label = await until('the cursor on line 9', async () => {
    const text = await where.innerText();
    return /Ln 9,/.test(text) && text;
  });
  lap(`after F12: ${label}`);
  await shot('11-definition');
});

step('a quick fix applies and its squiggle disappears', async () => {
  await openFile('fixable.dmatopo', 'e2e: a quick fix');
  await page.locator('.monaco-editor .squiggly-error').first().waitFor();
  await shot('12-before-quick-fix');
  await clickWord('buffer frames', 'frames');
  await page.keyboard.press('Control+.');
  const item = page.locator('.action-widget .monaco-list-row', { hasText: "Make 'frames' pinned" });
  await item.first().waitFor({ state: 'visible' });
  await shot('13-quick-fix-menu');
  // The menu is driven by the keyboard, as people do (a pointer block covers it while it settles).
  const focused = page.locator('.action-widget .monaco-list-row.focused');
  for (let i = 0; i < 10 && !/Make 'frames' pinned/.test(await focused.innerText().catch(() => '')); i++) await page.keyboard.press('ArrowDown');
  assert.match(await focused.innerText(), /Make 'frames' pinned/);
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-line', { hasText: 'pinned' }).first().waitFor();
  await until('the squiggle to disappear', async () => (await page.locator('.monaco-editor .squiggly-error').count()) === 0);
  lap('quick fix applied');
  await shot('14-after-quick-fix');
});

step('Check Workspace lists the problems of a file that is not open', async () => {
  await quickInput('Control+Shift+P', 'DMA Topology: Check Workspace');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Check Workspace' }).first().waitFor();
  await page.keyboard.press('Enter');
  // The summary counts every .dmatopo file of the workspace.
  await page.locator('.notifications-toasts', { hasText: /Checked 5 files: / }).waitFor();
  await shot('15-check-workspace');
  await page.keyboard.press('Control+Shift+M');
  const row = page.locator('.markers-panel .monaco-list-row', { hasText: "nic 'orphan' has no iommu" });
  await row.waitFor();
  await row.locator('.codicon-warning').waitFor();
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'closed.dmatopo' }).first().waitFor();
  lap('Check Workspace listed the closed file');
  await shot('16-problems-of-a-closed-file');
});

step('Run Simulation from the palette opens the report panel', async () => {
  // The file is open in a tab since the inlay hints' step.
  await page.locator('.tabs-container .tab', { hasText: 'features.dmatopo' }).click();
  await page.locator('.monaco-editor .view-lines', { hasText: 'e2e: editor features' }).waitFor();
  await quickInput('Control+Shift+P', 'DMA Topology: Run Simulation');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Run Simulation' }).first().click();
  // code-server nests a webview's page two frames deep: the webview element, then its active frame.
  const report = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const row = report.locator('tr.flow[data-flow="load"]');
  await row.waitFor({ timeout: WAIT });
  const cells = (await row.locator('td').allInnerTexts()).map((cell) => cell.trim());
  lap(`report row: ${JSON.stringify(cells)}`);
  assert.deepEqual(cells, ['load', 'zerocopy', 'PHB', '6.64 GB/s', '633 µs', '1.3 µs', '0', '0', '0', 'lab.s0--lab.ssd']);
  assert.match(await report.locator('h1').innerText(), /e2e: editor features/);
  // The saturated link is coloured as such, and hovering the flow's row marks its path in the diagram.
  await report.locator('svg.topology line.link.u4[data-id="lab.s0--lab.ssd"]').waitFor();
  await row.hover();
  await report.locator('svg.topology line.link.on-path[data-id="lab.s0--lab.ssd"]').waitFor();
  await report.locator('svg.topology .node.on-path[data-id="lab.ssd"]').waitFor();
  lap('report panel shown, path highlighted');
  await shot('17-report-panel');
});

step('the report follows the file as it is edited, and shows a hostile title as text', async () => {
  const report = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  // Back in the file: its title becomes markup, and the flow twice as large. By keyboard only: beside the panel, the
  // editor is narrow and scrolls sideways as the title grows.
  await page.locator('.tabs-container .tab[data-resource-name="features.dmatopo"]').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.type('topology "<img src=x onerror=alert(1)> live"');
  // `size 4 MiB` → `size 8 MiB`: Go to Line puts the cursor before the 4, which is then selected and replaced.
  const flowLine = FEATURES.split('\n').findIndex((line) => line.startsWith('flow load'));
  const column = FEATURES.split('\n')[flowLine].indexOf('size 4') + 'size '.length;
  await quickInput('Control+G', `:${flowLine + 1}:${column + 1}`);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.type('8');
  assert.match(await lineText('flow load'), /size 8 MiB/);
  // The panel refreshes after the analysis: the title as written, never an element; the transfer time doubled.
  await until('the report to show the new title', async () => (await report.locator('h1').innerText()).includes('<img src=x onerror=alert(1)> live'));
  assert.equal(await report.locator('h1 img, img').count(), 0, 'no element made from the title');
  const row = report.locator('tr.flow[data-flow="load"]');
  const cells = await until('the new transfer time', async () => {
    const all = (await row.locator('td').allInnerTexts()).map((cell) => cell.trim());
    return all[4] === '1.26 ms' && all;
  });
  lap(`report after the edit: ${JSON.stringify(cells)}`);
  await shot('18-report-live');
});
