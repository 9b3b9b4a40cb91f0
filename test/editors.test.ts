// docs/editors.md as a Neovim user takes it: the Lua block for the installed
// Neovim is cut from the doc itself, pointed at this repository's
// dist/server.js and run as the only configuration of a headless Neovim on a
// file with a known mistake; the diagnostics, outline and formatting it gets
// must be the server's. Without nvim the live test is skipped with its
// reason, unless DMATOPO_REQUIRE_NEOVIM=1 (CI), which makes it a failure.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { TextDocument, type TextEdit } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../server/src/model/index';
import { read, ROOT, unmark } from './helpers';

const DOC = join(ROOT, 'docs', 'editors.md');
const SERVER = join(ROOT, 'dist', 'server.js');
const CLI = join(ROOT, 'dist', 'cli.js');
const PLACEHOLDER = '/path/to/dmatopo/dist/server.js';
const NVIM = process.env['DMATOPO_NVIM'] ?? 'nvim';
const REQUIRE_NEOVIM = process.env['DMATOPO_REQUIRE_NEOVIM'] === '1';
/** How long Neovim waits for each answer of the server. */
const WAIT_MS = 15_000;

type Version = readonly [major: number, minor: number];
const compare = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1];
const show = (v: Version): string => `${v[0]}.${v[1]}`;

interface NeovimSection {
  readonly heading: string;
  readonly from: Version;
  /** Inclusive; undefined for "and later". */
  readonly to: Version | undefined;
  readonly lua: string;
}

/** The doc's `### Neovim X.Y`, `### Neovim X.Y to X.Y` and `### Neovim X.Y and later` sections, each with its first Lua block. */
function neovimSections(markdown: string): NeovimSection[] {
  const sections: NeovimSection[] = [];
  const parts = markdown.split(/^(?=#{1,3} )/m);
  for (const part of parts) {
    const heading = /^### Neovim (\d+)\.(\d+)(?: to (\d+)\.(\d+)| (and later))?[ \t]*$/m.exec(part.split('\n')[0]!);
    if (heading === null) continue;
    const lua = /^```lua\n([\s\S]*?)^```$/m.exec(part);
    assert.ok(lua !== null, `${heading[0]} has no lua block`);
    const from: Version = [Number(heading[1]), Number(heading[2])];
    const to: Version | undefined = heading[5] !== undefined ? undefined : heading[3] !== undefined ? [Number(heading[3]), Number(heading[4])] : from;
    sections.push({ heading: heading[0].slice(4), from, to, lua: lua[1]! });
  }
  return sections.sort((a, b) => compare(a.from, b.from));
}

/** The installed Neovim's version, or why there is none. */
function installedNeovim(): { version: Version } | { missing: string } {
  const result = spawnSync(NVIM, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (result.error !== undefined) return { missing: `cannot run ${NVIM}: ${(result.error as NodeJS.ErrnoException).code ?? result.error.message}` };
  const match = /^NVIM v(\d+)\.(\d+)/m.exec(result.stdout);
  assert.ok(match !== null, `unexpected ${NVIM} --version:\n${result.stdout}${result.stderr}`);
  return { version: [Number(match[1]), Number(match[2])] };
}

// The mistake: a flow names buffer 'dts' where the host has 'dst'. The flow's
// layout is not canonical, so formatting has something to do.
const MARKED = `topology "editor check"

host alpha {
  cpu s0 { cores 8 }
  memory ram { size 64 GiB }
  buffer src { in ram, size 1 MiB }
  buffer dst { in ram, size 1 MiB }
}

flow copy {   from alpha.src  to alpha.⟦dts⟧  size 1 MiB }
`;
const EXPECTED_CODES = ['REF001'];

// Runs inside Neovim after the configuration under test: waits for the
// diagnostics, asks for the outline and the formatting, writes it all as JSON.
const HARNESS = `
local out = {}
local ok, err = pcall(function()
  local buf = vim.api.nvim_get_current_buf()
  out.filetype = vim.bo[buf].filetype
  out.commentstring = vim.bo[buf].commentstring
  out.arrived = vim.wait(${WAIT_MS}, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(out.diagnostics, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, code = d.code, message = d.message })
  end
  out.clients = {}
  local attached = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = buf }) or vim.lsp.buf_get_clients(buf) -- get_clients: 0.10 on
  for _, client in pairs(attached) do
    table.insert(out.clients, { name = client.name, root = client.root_dir or client.config.root_dir })
  end
  if not out.arrived then return end -- nothing would answer the requests either
  local document = { uri = vim.uri_from_bufnr(buf) }
  local function ask(method, params)
    local answers, failure = vim.lsp.buf_request_sync(buf, method, params, ${WAIT_MS})
    if not answers then return { error = failure } end
    for _, answer in pairs(answers) do return { error = answer.error or answer.err, result = answer.result } end
    return { error = 'no server answered' }
  end
  out.symbols = ask('textDocument/documentSymbol', { textDocument = document })
  out.formatting = ask('textDocument/formatting', { textDocument = document, options = { tabSize = 2, insertSpaces = true } })
end)
if not ok then out.error = tostring(err) end
local file = io.open(vim.env.DMATOPO_EDITOR_OUT, 'w')
file:write(vim.fn.json_encode(out))
file:close()
vim.cmd('qa!')
`;

interface NeovimReport {
  readonly filetype: string;
  readonly commentstring: string;
  readonly arrived: boolean;
  readonly diagnostics: Array<{ lnum: number; col: number; end_lnum: number; end_col: number; code?: string; message: string }>;
  readonly clients: Array<{ name: string; root?: string }>;
  readonly symbols?: { error?: unknown; result?: Array<{ name: string }> };
  readonly formatting?: { error?: unknown; result?: TextEdit[] };
  readonly error?: string;
}

const temporary: string[] = [];
after(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Runs headless Neovim with `config` alone on a file holding `text`; what the harness saw. */
function runNeovim(config: string, text: string): { report: NeovimReport | undefined; log: string; project: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dmatopo-nvim-'));
  temporary.push(dir);
  // A home and XDG folders of its own, so no user configuration, plugin, shada or log is read or written.
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: dir, DMATOPO_EDITOR_OUT: join(dir, 'report.json') };
  for (const xdg of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME']) {
    env[xdg] = join(dir, xdg.toLowerCase());
    mkdirSync(env[xdg]!);
  }
  delete env['XDG_CONFIG_DIRS'];
  delete env['XDG_DATA_DIRS'];
  delete env['VIMINIT'];
  // The file sits one folder below its project's dmatopo.json, so the root search has to climb.
  const project = join(dir, 'project');
  mkdirSync(join(project, 'topologies'), { recursive: true });
  writeFileSync(join(project, 'dmatopo.json'), '{}\n');
  writeFileSync(join(project, 'topologies', 'check.dmatopo'), text);
  writeFileSync(join(dir, 'init.lua'), config);
  writeFileSync(join(dir, 'harness.lua'), HARNESS);
  const result = spawnSync(NVIM, ['--headless', '-u', join(dir, 'init.lua'), '-i', 'NONE', '-n', join('topologies', 'check.dmatopo'), '-c', `luafile ${join(dir, 'harness.lua')}`], {
    cwd: project,
    env,
    encoding: 'utf8',
    timeout: 4 * WAIT_MS,
  });
  const log = `nvim exited ${result.status ?? result.signal}${result.error ? ` (${result.error.message})` : ''}\n${result.stdout}${result.stderr}`;
  let report: NeovimReport | undefined;
  try {
    report = JSON.parse(readFileSync(env['DMATOPO_EDITOR_OUT']!, 'utf8')) as NeovimReport;
  } catch {
    report = undefined;
  }
  return { report, log, project };
}

const sections = neovimSections(read(DOC));

describe('docs/editors.md', () => {
  it('gives one Neovim block for every release from its minimum on, without gaps', () => {
    assert.ok(sections.length >= 3, sections.map((s) => s.heading).join('\n'));
    sections.forEach((section, i) => {
      assert.ok(section.lua.includes(PLACEHOLDER), `${section.heading}: its block names ${PLACEHOLDER}`);
      const next = sections[i + 1];
      if (next === undefined) assert.equal(section.to, undefined, `${section.heading}: the last section goes on ("and later")`);
      else assert.deepEqual(next.from, [section.to![0], section.to![1] + 1], `${next.heading} follows ${section.heading}`);
    });
  });

  describe('the Neovim set-up, headless', () => {
    const installed = installedNeovim();
    if ('missing' in installed) {
      const { missing } = installed;
      const what = 'the block for the installed Neovim gets the server\'s diagnostics, outline and formatting';
      if (REQUIRE_NEOVIM) it(what, () => assert.fail(`DMATOPO_REQUIRE_NEOVIM=1 but Neovim is not installed (${missing}); install: apt-get install neovim`));
      else it(what, { skip: `Neovim not installed (${missing}); install: apt-get install neovim` }, () => {});
      return;
    }
    const { version } = installed;
    const section = sections.find((s) => compare(s.from, version) <= 0 && (s.to === undefined || compare(version, s.to) <= 0));
    const minimum = sections[0]!.from;
    if (section === undefined && compare(version, minimum) < 0 && !REQUIRE_NEOVIM) {
      it(`the block for Neovim ${show(version)}`, { skip: `Neovim ${show(version)} is older than the doc's minimum, ${show(minimum)}` }, () => {});
      return;
    }

    it('every Neovim block of the doc compiles as Lua', () => {
      // Only the installed release's block can run here; the others are at least held to Lua's syntax.
      const dir = mkdtempSync(join(tmpdir(), 'dmatopo-lua-'));
      temporary.push(dir);
      const files = sections.map((s, i) => {
        const file = join(dir, `block${i}.lua`);
        writeFileSync(file, s.lua);
        return file;
      });
      const script = `${files.map((f) => `local _, e = loadfile(${JSON.stringify(f)}); io.stdout:write((e or 'ok') .. '\\n')`).join('\n')}\nvim.cmd('qa!')\n`;
      writeFileSync(join(dir, 'compile.lua'), script);
      const result = spawnSync(NVIM, ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(dir, 'compile.lua')}`], { encoding: 'utf8', timeout: WAIT_MS });
      assert.deepEqual(result.stdout.trim().split('\n'), sections.map(() => 'ok'), `${sections.map((s) => s.heading).join(', ')}\n${result.stdout}${result.stderr}`);
    });

    it(`the "${section?.heading ?? '?'}" block gets the server's diagnostics, outline and formatting from Neovim ${show(version)}`, () => {
      assert.ok(section !== undefined, `docs/editors.md has no block for Neovim ${show(version)}`);
      const { text, spans } = unmark(MARKED);
      const { report, log, project } = runNeovim(section.lua.split(PLACEHOLDER).join(SERVER), text);
      assert.ok(report !== undefined, `Neovim wrote no report:\n${log}`);
      assert.equal(report.error, undefined, log);
      assert.equal(report.filetype, 'dmatopo', log);
      assert.equal(report.commentstring, '// %s', log);
      assert.deepEqual(report.clients, [{ name: 'dmatopo', root: project }], `the clients attached to the buffer\n${log}`);
      assert.ok(report.arrived, `no diagnostics arrived within ${WAIT_MS} ms:\n${log}`);

      const lines = new LineIndex(text);
      const at = (code: string, l1: number, c1: number, l2: number, c2: number): string => `${code}@${l1}:${c1}-${l2}:${c2}`;
      const expected = EXPECTED_CODES.map((code, i) => {
        const s = lines.position(spans[i]!.start);
        const e = lines.position(spans[i]!.end);
        return at(code, s.line, s.character, e.line, e.character);
      });
      const actual = report.diagnostics
        .map((d) => at(d.code ?? '?', d.lnum, d.col, d.end_lnum, d.end_col))
        .sort();
      assert.deepEqual(actual, expected, JSON.stringify(report.diagnostics, null, 2));
      assert.match(report.diagnostics[0]!.message, /did you mean 'dst'/);

      assert.equal(report.symbols?.error, undefined, JSON.stringify(report.symbols));
      assert.deepEqual(report.symbols?.result?.map((s) => s.name), ['alpha', 'copy']);

      assert.equal(report.formatting?.error, undefined, JSON.stringify(report.formatting));
      const formatted = TextDocument.applyEdits(TextDocument.create('file:///check.dmatopo', 'dmatopo', 1, text), report.formatting?.result ?? []);
      assert.notEqual(formatted, text, 'formatting changed nothing');
      assert.equal(formatted, formatWithCli(text));
    });
  });
});

/** What `dmatopo format` prints for `text`. */
function formatWithCli(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dmatopo-format-'));
  temporary.push(dir);
  const file = join(dir, 'check.dmatopo');
  writeFileSync(file, text);
  const result = spawnSync(process.execPath, [CLI, 'format', file], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}
