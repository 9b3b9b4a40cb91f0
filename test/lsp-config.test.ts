// The language server's rule configuration, over stdio as editors run it:
// the same dmatopo.json files as the command line, a document outside any
// repository bounded by its workspace folder (learnt from initialize and
// workspace/didChangeWorkspaceFolders), documents checked again when a
// dmatopo.json changes, and a dmatopo.json that cannot be used (invalid, a
// FIFO) reported as one CFG001 error while the rules run with their
// defaults and the server keeps answering.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  FileChangeType,
  DocumentSymbolRequest,
  RegistrationRequest,
  type Diagnostic,
  type Registration,
} from 'vscode-languageserver-protocol/node';
import { TestClient } from './lspClient';
import { expectDocsLink } from './helpers';

const UNPROTECTED = 'host h {\n  cpu c {}\n  nic n {}\n  link c -- n : pcie gen4 x4\n}\n';
const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;

// No .git anywhere above: the workspace folder is where the search stops. realpath: macOS's /tmp is a link.
const base = realpathSync(mkdtempSync(join(tmpdir(), 'dmatopo-lsp-config-')));
const workspace = join(base, 'workspace');
mkdirSync(workspace);
// Above the workspace folder: it must not apply while `workspace` is the folder.
writeFileSync(join(base, 'dmatopo.json'), '{ "rules": { "SEC001": "off" } }');

let client: TestClient;
const registrations: Registration[] = [];

let opened = 0;
async function open(folder: string, text = UNPROTECTED): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = pathToFileURL(join(folder, `doc${++opened}.dmatopo`)).toString();
  await client.open(uri, text);
  return { uri, diagnostics: (await client.diagnosticsFor(uri)).diagnostics };
}

const summary = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${String(d.code)}:${d.severity}@${d.range.start.line}:${d.range.start.character}`);

before(async () => {
  client = new TestClient();
  client.connection.onRequest(RegistrationRequest.type, (params) => {
    registrations.push(...params.registrations);
  });
  const result = await client.initialize({
    capabilities: { workspace: { workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
    workspaceFolders: [{ uri: pathToFileURL(workspace).toString(), name: 'workspace' }],
  });
  assert.deepEqual(result.capabilities.workspace?.workspaceFolders, { supported: true, changeNotifications: true });
});

after(() => client.stop());

describe('rule configuration in the editor', () => {
  it('stops at the workspace folder when no .git is above, and follows a change of folders', async () => {
    const { uri, diagnostics } = await open(workspace);
    assert.deepEqual(summary(diagnostics), ['SEC001:2@2:6'], 'the dmatopo.json above the workspace folder does not apply');
    const seen = client.published().length;
    await client.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
      event: { added: [{ uri: pathToFileURL(base).toString(), name: 'base' }], removed: [{ uri: pathToFileURL(workspace).toString(), name: 'workspace' }] },
    });
    assert.deepEqual(summary((await client.nextDiagnostics(uri, seen)).diagnostics), [], 'now the folder above is the workspace folder: SEC001 is off');
    await client.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
      event: { added: [{ uri: pathToFileURL(workspace).toString(), name: 'workspace' }], removed: [{ uri: pathToFileURL(base).toString(), name: 'base' }] },
    });
  });

  it('cascades the dmatopo.json files of the workspace as the command line does', async () => {
    const project = join(workspace, 'cascade');
    mkdirSync(join(project, 'sub'), { recursive: true });
    writeFileSync(join(project, 'dmatopo.json'), '{ "rules": { "SEC001": "error" } }');
    writeFileSync(join(project, 'sub', 'dmatopo.json'), '{ "rules": { "SEC011": "off" } }');
    assert.deepEqual(summary((await open(join(project, 'sub'))).diagnostics), ['SEC001:1@2:6']);
    writeFileSync(join(project, 'sub', 'dmatopo.json'), '{ "root": true }');
    assert.deepEqual(summary((await open(join(project, 'sub'))).diagnostics), ['SEC001:2@2:6']);
  });

  it('checks open documents again when a dmatopo.json changes, without waiting for an edit', async () => {
    assert.deepEqual(
      registrations.map((r) => [r.method, r.registerOptions]),
      [[DidChangeWatchedFilesNotification.method, { watchers: [{ globPattern: '**/dmatopo.json' }, { globPattern: '**/*.dmatopo' }] }]],
      'the server asks to hear of every dmatopo.json, and of every .dmatopo file for workspace symbols, in one registration',
    );
    const folder = join(workspace, 'watched');
    mkdirSync(folder);
    const { uri, diagnostics } = await open(folder);
    assert.deepEqual(summary(diagnostics), ['SEC001:2@2:6']);
    const seen = client.published().length;
    writeFileSync(join(folder, 'dmatopo.json'), '{ "rules": { "SEC001": "error" } }');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(join(folder, 'dmatopo.json')).toString(), type: FileChangeType.Created }] });
    assert.deepEqual(summary((await client.nextDiagnostics(uri, seen)).diagnostics), ['SEC001:1@2:6']);
  });

  it('reads a document\'s dmatopo.json once, and again only when the client says one changed', async () => {
    const folder = join(workspace, 'kept');
    mkdirSync(folder);
    writeFileSync(join(folder, 'dmatopo.json'), '{ "rules": { "SEC001": "error" } }');
    const { uri, diagnostics } = await open(folder);
    assert.deepEqual(summary(diagnostics), ['SEC001:1@2:6']);
    // Changed on disk, but no word from the client yet: an edit is checked with the configuration already read.
    writeFileSync(join(folder, 'dmatopo.json'), '{ "rules": { "SEC001": "off" } }');
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${UNPROTECTED}\n` }] });
    assert.deepEqual(summary((await client.diagnosticsFor(uri, 2)).diagnostics), ['SEC001:1@2:6']);
    const seen = client.published().length;
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(join(folder, 'dmatopo.json')).toString(), type: FileChangeType.Changed }] });
    assert.deepEqual(summary((await client.nextDiagnostics(uri, seen)).diagnostics), []);
  });

  it('reports an invalid dmatopo.json as one CFG001 error at the start, and runs the rules with their defaults', async () => {
    const folder = join(workspace, 'invalid');
    mkdirSync(folder);
    writeFileSync(join(folder, 'dmatopo.json'), '{ "rules": { "SEC001": "off" }, "rulez": {} }');
    const { diagnostics } = await open(folder);
    assert.deepEqual(summary(diagnostics), ['CFG001:1@0:0', 'SEC001:2@2:6']);
    assert.equal(
      diagnostics[0]!.message,
      `${join(folder, 'dmatopo.json')}: unknown key "rulez" (did you mean "rules"?); a dmatopo.json holds "rules", "root" and "$schema"; the rules run with their default settings`,
    );
    // The page bundled beside the server, at its heading: the editor opens it offline.
    expectDocsLink(diagnostics[0]!.codeDescription!.href, 'Configuration');
  });

  it('reports a dmatopo.json that is a FIFO promptly, as CFG001, and keeps answering', { timeout: 15_000, skip: !hasMkfifo && 'mkfifo is not installed' }, async () => {
    const folder = join(workspace, 'fifo');
    mkdirSync(folder);
    assert.equal(spawnSync('mkfifo', [join(folder, 'dmatopo.json')]).status, 0);
    const started = performance.now();
    const { uri, diagnostics } = await open(folder);
    assert.deepEqual(summary(diagnostics), ['CFG001:1@0:0', 'SEC001:2@2:6']);
    assert.equal(diagnostics[0]!.message, `cannot read '${join(folder, 'dmatopo.json')}': it is a FIFO (named pipe), not a regular file; the rules run with their default settings`);
    const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    assert.ok(symbols !== null && symbols.length === 1, 'the server still answers');
    assert.ok(performance.now() - started < 5_000, 'promptly');
  });
});
