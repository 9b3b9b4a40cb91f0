// The commands, settings and status of the VS Code client (issue 12): the
// manifest against what the client registers, the server side of "Export
// Report" (the CLI's `simulate --json`, the Markdown report), "Show
// Reachability" and "Check Workspace", the editor's rule severities under
// dmatopo.json's, and `dmatopo.simulate: onSave` over stdio.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ConfigurationRequest, DidChangeWatchedFilesNotification, FileChangeType, RegistrationRequest, DidChangeConfigurationNotification, DidCloseTextDocumentNotification, DidSaveTextDocumentNotification, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { Commands } from '../protocol/commands';
import { CheckFileRequest, ExportReportRequest, ReachabilityRequest } from '../protocol/messages';
import { Snapshot } from '../server/src/analysis/snapshot';
import { checkClosedFile, ClosedFiles } from '../server/src/lsp/checkFile';
import { exportReport } from '../server/src/lsp/exportReport';
import { reachabilityMarkdown } from '../server/src/lsp/reachability';
import { DEFAULT_EDITOR_SETTINGS, editorSettingsFrom, simulatesLive, withEditorRules } from '../server/src/lsp/settings';
import { markdownReport } from '../server/src/report/markdown';
import { RULE_CODES, RULE_SETTINGS, parseConfig } from '../server/src/rules/config';
import { reachability } from '../server/src/rules/reach';
import { expectExportMatchesCli, read, ROOT, sampleFiles } from './helpers';
import { TestClient } from './lspClient';

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { supported: boolean | string }; virtualWorkspaces: { supported: boolean | string; description?: string } };
  contributes: {
    commands: Array<{ command: string; title: string; category: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
    configuration: { properties: Record<string, { scope?: string; markdownDescription?: string; enum?: string[]; default?: unknown; properties?: Record<string, { enum: string[] }> }> };
  };
};

/** Every command id the client's sources register, read from `registerCommand(Commands.name` as written there. */
function registeredCommands(): string[] {
  const folder = join(ROOT, 'client', 'src');
  const ids: string[] = [];
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(folder, file), 'utf8');
    for (const match of source.matchAll(/registerCommand\(\s*([^,]+),/g)) {
      const written = match[1]!.trim();
      const name = /^Commands\.(\w+)$/.exec(written)?.[1];
      assert.ok(name !== undefined && name in Commands, `${file}: registerCommand(${written}) names no id of protocol/commands.ts`);
      ids.push(Commands[name as keyof typeof Commands]);
    }
  }
  return ids.sort();
}

describe('the manifest', () => {
  it('declares every command the client registers, and the client registers every command it declares', () => {
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(registeredCommands(), declared);
    assert.deepEqual(Object.values(Commands).sort(), declared);
    for (const command of manifest.contributes.commands) assert.equal(command.category, 'DMA Topology', command.command);
  });

  it('names only declared commands in its menus', () => {
    const declared = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) for (const entry of entries) assert.ok(declared.has(entry.command), `${menu}: ${entry.command}`);
  });

  it('describes every setting, offers every rule and severity dmatopo.json does, and lets no workspace choose the server', () => {
    const { properties } = manifest.contributes.configuration;
    for (const [name, setting] of Object.entries(properties)) assert.ok((setting.markdownDescription ?? '').length > 20, `${name} has a markdownDescription`);
    const rules = properties['dmatopo.rules']!.properties!;
    assert.deepEqual(Object.keys(rules).sort(), [...RULE_CODES].sort());
    for (const [code, setting] of Object.entries(rules)) assert.deepEqual(setting.enum, [...RULE_SETTINGS], code);
    assert.match(properties['dmatopo.rules']!.markdownDescription!, /dmatopo\.json` wins/);
    assert.equal(properties['dmatopo.server.path']!.scope, 'machine');
    assert.deepEqual(properties['dmatopo.trace.server']!.enum, ['off', 'messages', 'verbose']);
    assert.deepEqual(properties['dmatopo.simulate']!.enum, ['onType', 'onSave']);
    assert.equal(properties['dmatopo.simulate']!.default, DEFAULT_EDITOR_SETTINGS.simulate);
    assert.equal(properties['dmatopo.maxLiveSimulationBytes']!.default, DEFAULT_EDITOR_SETTINGS.maxLiveSimulationBytes);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, 'limited');
  });
});

describe('Export Report', () => {
  it('writes, as JSON, what dmatopo simulate --json prints, for every sample and for one group', () => {
    for (const file of sampleFiles()) expectExportMatchesCli(relative(ROOT, file));
    const rdma = 'samples/07-rdma-vs-kernel.dmatopo';
    const [, second] = new Snapshot(read(join(ROOT, rdma))).groups;
    const exported = expectExportMatchesCli(rdma, second);
    assert.ok((exported.flows as Array<{ group: string }>).every((flow) => flow.group === second));
  });

  it('writes the Markdown report as Show Report makes it, and refuses a group the file does not have', () => {
    const snapshot = new Snapshot(read(join(ROOT, 'samples/07-rdma-vs-kernel.dmatopo')));
    assert.deepEqual(exportReport(snapshot, { format: 'markdown', file: 'rdma.dmatopo' }), { text: markdownReport(snapshot, 'rdma.dmatopo') });
    const refused = exportReport(snapshot, { format: 'json', file: 'rdma.dmatopo', group: 'nope' });
    assert.ok(!('text' in refused));
    assert.match(refused.message, /no group 'nope'; its groups: /);
  });
});

describe('Show Reachability', () => {
  it('lists every device with what it reaches, as dmatopo reach does', () => {
    for (const file of sampleFiles()) {
      const snapshot = new Snapshot(read(file));
      const markdown = reachabilityMarkdown(snapshot, basename(file));
      const lines = markdown.split('\n');
      assert.equal(lines[0], `# What each device can reach: ${basename(file).replace(/_/g, '\\_')}`);
      for (const { device, reach } of reachability(snapshot.model)) {
        const at = lines.indexOf(`## ${device.id.replace(/_/g, '\\_')}`);
        assert.ok(at > 0, `${file}: a section for ${device.id}`);
        const next = lines.findIndex((line, i) => i > at && line.startsWith('## '));
        const section = lines.slice(at, next < 0 ? undefined : next);
        if (reach.length === 0) assert.ok(section.includes('Reaches nothing outside itself.'), device.id);
        else assert.equal(section.filter((line) => /^\| (read|write|read\/write) \|/.test(line)).length, reach.length, `${file}: ${device.id}`);
      }
    }
  });

  it('says why an iommu-less device reaches all of memory, and keeps names as text', () => {
    const markdown = reachabilityMarkdown(new Snapshot('host h {\n  cpu c {}\n  memory m { size 1 GiB }\n  nic n {}\n  link c -- n : pcie gen4 x4\n}\n'), 'a|b.dmatopo');
    assert.match(markdown, /^# What each device can reach: a\\\|b\.dmatopo$/m);
    assert.match(markdown, /^\| read\/write \| h\.m \| no IOMMU translates its DMA \|$/m);
  });
});

describe('dmatopo.rules under dmatopo.json', () => {
  it('reads the settings leniently: unknown codes and values are left out, wrong types keep the defaults', () => {
    const settings = editorSettingsFrom({ simulate: 'sometimes', maxLiveSimulationBytes: -1, rules: { SEC001: 'error', SEC999: 'off', SEC002: 'loud' } });
    assert.deepEqual([...settings.rules], [['SEC001', 'error']]);
    assert.equal(settings.simulate, 'onType');
    assert.equal(settings.maxLiveSimulationBytes, DEFAULT_EDITOR_SETTINGS.maxLiveSimulationBytes);
    assert.equal(editorSettingsFrom({ simulate: 'onSave' }).simulate, 'onSave');
  });

  it('lets a dmatopo.json win where both set a rule, and the setting apply where only it does', () => {
    const files = parseConfig('{ "rules": { "SEC001": "off" } }', '/p/dmatopo.json');
    const editor = editorSettingsFrom({ rules: { SEC001: 'error', SEC011: 'off' } });
    const merged = withEditorRules(files, editor);
    assert.deepEqual(Object.fromEntries(merged.rules), { SEC001: 'off', SEC011: 'off' });
    assert.deepEqual(merged.files, ['/p/dmatopo.json']);
    const unprotected = 'host h {\n  cpu c {}\n  nic n {}\n  link c -- n : pcie gen4 x4\n}\n';
    const codes = (config: typeof merged) => new Snapshot(unprotected, config).diagnostics.map((d) => `${d.code}:${d.severity}`);
    assert.deepEqual(codes(withEditorRules(parseConfig('{}', 'x'), editorSettingsFrom({ rules: { SEC001: 'error' } }))), ['SEC001:error']);
    assert.deepEqual(codes(merged), []);
  });

  it('checks on save when asked to, or when the text is larger than the live limit', () => {
    const small = 'x'.repeat(100);
    assert.equal(simulatesLive(DEFAULT_EDITOR_SETTINGS, small), true);
    assert.equal(simulatesLive({ ...DEFAULT_EDITOR_SETTINGS, simulate: 'onSave' }, small), false);
    assert.equal(simulatesLive({ ...DEFAULT_EDITOR_SETTINGS, maxLiveSimulationBytes: 100 }, small), true);
    assert.equal(simulatesLive({ ...DEFAULT_EDITOR_SETTINGS, maxLiveSimulationBytes: 99 }, small), false);
    // Counted in UTF-8 bytes: 40 'é' are 80 bytes.
    assert.equal(simulatesLive({ ...DEFAULT_EDITOR_SETTINGS, maxLiveSimulationBytes: 79 }, 'é'.repeat(40)), false);
    assert.equal(simulatesLive({ ...DEFAULT_EDITOR_SETTINGS, maxLiveSimulationBytes: 80 }, 'é'.repeat(40)), true);
  });
});

describe('Check Workspace on a closed file', () => {
  it('checks it as the command line does, with the editor rules under dmatopo.json', async () => {
    const folder = realpathSync(mkdtempSync(join(tmpdir(), 'dmatopo-check-')));
    const path = join(folder, 'lab.dmatopo');
    writeFileSync(path, 'host h {\n  cpu c {}\n  nic n {}\n  link c -- n : pcie gen4 x4\n}\nflow f { from h.n, to h.nowhere, size 1 MiB }\n');
    const checked = await checkClosedFile(path, parseConfig('{ "rules": { "SEC001": "error" } }', 'x'), undefined, new AbortController().signal);
    assert.ok('diagnostics' in checked);
    assert.deepEqual(checked.diagnostics.map((d) => `${d.code}:${d.severity}`).sort(), ['REF001:error', 'SEC001:error']);
    const missing = await checkClosedFile(join(folder, 'gone.dmatopo'), parseConfig('{}', 'x'), undefined, new AbortController().signal);
    assert.ok('unreadable' in missing);
    assert.match(missing.unreadable, /no such file|does not exist/);
  });

  it('works on every sample', async () => {
    for (const file of sampleFiles()) {
      const checked = await checkClosedFile(file, parseConfig('{}', 'x'), undefined, new AbortController().signal);
      assert.ok('diagnostics' in checked, file);
      assert.equal(checked.diagnostics.filter((d) => d.severity === 'error').length, 0, file);
    }
  });
});

describe('the closed files checked', () => {
  it('publishes each one until it is opened, checks it again when it changes on disk and clears it when it is deleted', async () => {
    const folder = realpathSync(mkdtempSync(join(tmpdir(), 'dmatopo-closed-')));
    const path = join(folder, 'a.dmatopo');
    writeFileSync(path, 'host h {\n  cpu c {}\n  nic n {}\n  link c -- n : pcie gen4 x4\n}\n');
    const uri = pathToFileURL(path).toString();
    const published: Array<{ uri: string; codes: string[] }> = [];
    const open = new Set<string>();
    const files = new ClosedFiles({
      configuration: async () => ({ config: parseConfig('{}', 'x') }),
      isOpen: (u) => open.has(u),
      publish: (u, _lines, diagnostics) => published.push({ uri: u, codes: diagnostics.map((d) => d.code) }),
      onRuleError: () => () => undefined,
      log: (message) => assert.fail(message),
    });
    assert.deepEqual(await files.check(uri, new AbortController().signal), { checked: true, errors: 0, warnings: 1 });
    assert.deepEqual(published, [{ uri, codes: ['SEC001'] }]);
    // Changed on disk: checked again. A file never checked is left alone.
    writeFileSync(path, 'host h {\n  cpu c { cores 4 GiB }\n}\n');
    files.filesChanged([{ uri, type: FileChangeType.Changed }, { uri: pathToFileURL(join(folder, 'b.dmatopo')).toString(), type: FileChangeType.Changed }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(published.slice(1), [{ uri, codes: ['UNIT001'] }]);
    files.filesChanged([{ uri, type: FileChangeType.Deleted }]);
    assert.deepEqual(published.slice(2), [{ uri, codes: [] }]);
    // Opened: the document's own analysis publishes; a deletion afterwards is not the closed files' to clear.
    writeFileSync(path, 'host h {}\n');
    await files.check(uri, new AbortController().signal);
    assert.deepEqual(published.slice(3), [{ uri, codes: [] }]);
    const count = published.length;
    open.add(uri);
    files.opened(uri);
    files.filesChanged([{ uri, type: FileChangeType.Deleted }]);
    assert.equal(published.length, count);
  });
});

describe('over stdio', () => {
  const UNPROTECTED = 'host h {\n  cpu c {}\n  nic n {}\n  link c -- n : pcie gen4 x4\n}\n';
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'dmatopo-commands-')));
  const workspace = join(base, 'workspace');
  mkdirSync(workspace);
  let client: TestClient;
  /** What the client answers for the `dmatopo` section. */
  let section: Record<string, unknown> = { simulate: 'onSave' };
  const SEVERITIES = ['', 'error', 'warning', 'information', 'hint'];
  const codes = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${String(d.code)}:${SEVERITIES[d.severity ?? 0]}`).sort();
  const uriOf = (name: string) => pathToFileURL(join(workspace, name)).toString();

  before(async () => {
    client = new TestClient();
    client.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => (item.section === 'dmatopo' ? section : null)));
    client.connection.onRequest(RegistrationRequest.type, () => undefined);
    const result = await client.initialize({ capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } }, workspaceFolders: [{ uri: pathToFileURL(workspace).toString(), name: 'workspace' }] });
    assert.deepEqual(result.capabilities.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
  });
  after(() => client.stop());

  it('with simulate onSave, runs the rules on open and save, and the syntax and language checks as you type', async () => {
    section = { simulate: 'onSave' };
    const uri = uriOf('save.dmatopo');
    await client.open(uri, UNPROTECTED);
    assert.deepEqual(codes((await client.completeDiagnosticsFor(uri, 1)).diagnostics), ['SEC001:warning']);
    // A second unprotected NIC (a new SEC001) and an unknown name (REF001, the language's).
    const added = 'host g {\n  cpu c {}\n  nic n {}\n  link c -- n : pcie gen4 x4\n}\nflow f { from h.n, to h.nowhere, size 1 MiB }\n';
    await client.change(uri, 2, [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: added }]);
    assert.deepEqual(codes((await client.completeDiagnosticsFor(uri, 2)).diagnostics), ['REF001:error', 'SEC001:warning']);
    const before = client.published().length;
    await client.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
    assert.deepEqual(codes((await client.nextDiagnostics(uri, before)).diagnostics), ['REF001:error', 'SEC001:warning', 'SEC001:warning']);
  });

  it('with simulate onSave, runs the rules again when a dmatopo.json changes', async () => {
    section = { simulate: 'onSave' };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    mkdirSync(join(workspace, 'loud'));
    const uri = uriOf('loud/l.dmatopo');
    await client.open(uri, UNPROTECTED);
    assert.deepEqual(codes((await client.completeDiagnosticsFor(uri, 1)).diagnostics), ['SEC001:warning']);
    const config = join(workspace, 'loud', 'dmatopo.json');
    writeFileSync(config, '{ "rules": { "SEC001": "error" } }');
    const before = client.published().length;
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(config).toString(), type: FileChangeType.Created }] });
    assert.deepEqual(codes((await client.nextDiagnostics(uri, before)).diagnostics), ['SEC001:error']);
  });

  it('applies dmatopo.rules, under a dmatopo.json, and again when the settings change', async () => {
    section = { rules: { SEC001: 'error', SEC011: 'off' } };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const uri = uriOf('severity.dmatopo');
    await client.open(uri, UNPROTECTED);
    assert.deepEqual(codes((await client.completeDiagnosticsFor(uri, 1)).diagnostics), ['SEC001:error']);
    mkdirSync(join(workspace, 'quiet'));
    writeFileSync(join(workspace, 'quiet', 'dmatopo.json'), '{ "rules": { "SEC001": "hint" } }');
    const quiet = uriOf('quiet/q.dmatopo');
    await client.open(quiet, UNPROTECTED);
    assert.deepEqual(codes((await client.completeDiagnosticsFor(quiet, 1)).diagnostics), ['SEC001:hint']);
    section = {};
    const before = client.published().length;
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await client.waitFor(() => client.published().slice(before).find((p) => p.uri === uri && codes(p.diagnostics).join() === 'SEC001:warning'), 'SEC001 back to a warning');
  });

  it('publishes a closed file checked by Check Workspace, and clears it when the file is opened and closed', async () => {
    section = {};
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const path = join(workspace, 'closed.dmatopo');
    const text = `${UNPROTECTED}flow f { from h.n, to h.nowhere, size 1 MiB }\n`;
    writeFileSync(path, text);
    const uri = pathToFileURL(path).toString();
    let before = client.published().length;
    const result = await client.connection.sendRequest(CheckFileRequest, { uri });
    assert.deepEqual(result, { checked: true, errors: 1, warnings: 1 });
    assert.deepEqual(codes((await client.nextDiagnostics(uri, before)).diagnostics), ['REF001:error', 'SEC001:warning']);
    assert.deepEqual(await client.connection.sendRequest(CheckFileRequest, { uri: uriOf('none.dmatopo') }), { checked: false, reason: 'no such file', errors: 0, warnings: 0 });
    // Deleted: nothing is left of it; checked again, it is back.
    before = client.published().length;
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type: FileChangeType.Deleted }] });
    assert.deepEqual((await client.nextDiagnostics(uri, before)).diagnostics, []);
    before = client.published().length;
    await client.connection.sendRequest(CheckFileRequest, { uri });
    assert.deepEqual(codes((await client.nextDiagnostics(uri, before)).diagnostics), ['REF001:error', 'SEC001:warning']);
    // Opened: the document's own analysis publishes (with its version); closed: nothing is left.
    await client.open(uri, UNPROTECTED);
    assert.deepEqual(codes((await client.completeDiagnosticsFor(uri, 1)).diagnostics), ['SEC001:warning']);
    before = client.published().length;
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    assert.deepEqual((await client.nextDiagnostics(uri, before)).diagnostics, []);
  });

  it('answers Export Report and Show Reachability for an open document', async () => {
    const uri = uriOf('export.dmatopo');
    const rdma = read(join(ROOT, 'samples/07-rdma-vs-kernel.dmatopo'));
    await client.open(uri, rdma);
    const { text } = await client.connection.sendRequest(ExportReportRequest, { uri, format: 'json', file: 'export.dmatopo' });
    assert.equal((JSON.parse(text) as { file: string }).file, 'export.dmatopo');
    assert.equal((JSON.parse(text) as { flows: unknown[] }).flows.length, new Snapshot(rdma).simulation().flows.length);
    const { markdown } = await client.connection.sendRequest(ReachabilityRequest, { uri, file: 'export.dmatopo' });
    assert.equal(markdown, reachabilityMarkdown(new Snapshot(rdma), 'export.dmatopo'));
    await assert.rejects(client.connection.sendRequest(ReachabilityRequest, { uri: uriOf('unopened.dmatopo'), file: 'x' }), /is not open/);
  });
});
