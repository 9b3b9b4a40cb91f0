// The language server as editors run it: `node dist/server.js --stdio`,
// spoken to over JSON-RPC. Diagnostics, symbols, folding and formatting for
// every sample; debounced, cancelled and robust live analysis.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DidChangeTextDocumentNotification,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  type DocumentSymbol,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { read, sampleFiles } from './helpers';
import { TestClient } from './lspClient';

let client: TestClient;
let connection: ProtocolConnection;

async function open(text: string, name?: string): Promise<{ uri: string; diagnostics: PublishDiagnosticsParams }> {
  const uri = client.uri(name);
  await client.open(uri, text);
  return { uri, diagnostics: await client.diagnosticsFor(uri) };
}

/** Format Document, as an editor asks for it. */
const formatDocument = (uri: string) => connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });

before(async () => {
  client = new TestClient();
  connection = client.connection;
  const result = await client.initialize();
  assert.ok(result.capabilities.documentSymbolProvider);
  assert.equal(result.capabilities.foldingRangeProvider, true);
  assert.equal(result.capabilities.documentFormattingProvider, true);
});

after(() => client.stop());

describe('language server over stdio', () => {
  for (const file of sampleFiles()) {
    it(`serves ${file.split('/').pop()}: no diagnostics, an outline, folding`, async () => {
      const text = read(file);
      const { uri, diagnostics } = await open(text, file.split('/').pop());
      assert.deepEqual(diagnostics.diagnostics, []);
      const status = await client.waitFor(() => client.statuses().find((s) => s.uri === uri), 'status');
      assert.deepEqual([status.errors, status.warnings, status.version], [0, 0, 1]);
      assert.ok(status.validationTimeMs > 0);
      const symbols = (await connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
      const hostLike = symbols.filter((s) => s.detail === 'template' || s.detail?.startsWith('host'));
      assert.ok(hostLike.length > 0, 'hosts or templates in the outline');
      // A host made from a template may add nothing of its own.
      assert.ok(hostLike.every((s) => (s.children ?? []).length > 0 || s.detail?.startsWith('host :')), 'with their items');
      assert.ok(symbols.some((s) => s.detail === 'flow'), 'flows in the outline');
      for (const symbol of symbols) assert.ok(symbol.range.start.line <= symbol.selectionRange.start.line && symbol.selectionRange.end.line <= symbol.range.end.line);
      const folds = await connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
      assert.ok(folds !== null && folds.length > 0);
      assert.ok(folds.every((f) => f.endLine > f.startLine));
      assert.ok(folds.some((f) => f.kind === 'comment'), 'comments fold');
    });
  }

  it('publishes diagnostics with codes, ranges and related information', async () => {
    const { diagnostics } = await open('host h {\n  cpu c { cores 4 GiB }\n  cpu c {}\n}\n');
    assert.deepEqual(diagnostics.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.source]), [
      ['UNIT001', 1, 16, 'dmatopo'],
      ['REF002', 2, 6, 'dmatopo'],
    ]);
    assert.equal(diagnostics.diagnostics[1]!.relatedInformation?.[0]?.location.range.start.line, 1);
  });

  it('analyzes only the latest of a burst of edits', async () => {
    const { uri } = await open('host h { cpu c {} }\n');
    const before = client.published().length;
    for (let version = 2; version <= 6; version++) {
      void connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ text: `host h { cpu c { cores ${version} GiB } }\n` }],
      });
    }
    const last = await client.diagnosticsFor(uri, 6);
    assert.deepEqual(last.diagnostics.map((d) => d.code), ['UNIT001']);
    const forThisDocument = client.published().slice(before).filter((p) => p.uri === uri);
    assert.deepEqual(forThisDocument.map((p) => p.version), [6], 'older versions were cancelled');
  });

  it('applies incremental changes', async () => {
    const { uri } = await open('host h { cpu c { cores 4 } }\n');
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 23 }, end: { line: 0, character: 24 } }, text: '4 ms' }],
    });
    assert.deepEqual((await client.diagnosticsFor(uri, 2)).diagnostics.map((d) => d.code), ['UNIT001']);
  });

  it('formats a document, and leaves one with syntax errors alone', async () => {
    const { uri } = await open('host h{cpu c{cores 4}}\n');
    const edits = await formatDocument(uri);
    assert.deepEqual(edits?.map((e) => e.newText), ['host h {\n  cpu c { cores 4 }\n}\n']);
    const broken = await open('host h { cpu c { cores : } }\n');
    assert.deepEqual(await formatDocument(broken.uri), []);
  });

  it('refuses to format a document that holds U+FFFD, which stands for bytes the editor could not decode, and says why', async () => {
    const { uri } = await open('host h{cpu c{cores 4}} // caf\uFFFD\n');
    const edits = await formatDocument(uri);
    assert.deepEqual(edits, []);
    const message = await client.waitFor(() => client.messages().find((m) => m.message.includes('U+FFFD')), 'a message saying why');
    assert.equal(message.type, 2, 'a warning');
    assert.match(message.message, /^dmatopo: not formatted: line 1 holds U\+FFFD \(\uFFFD\), which is how the editor shows bytes it could not decode; .*Reopen the file with its encoding/);
  });

  it('says why it leaves a document as it is when the layout would change what it says', async () => {
    const { uri } = await open('host h {\n  // dmatopo-disable-next-line SEC001\n  cpu c {} gpu g {}\n  link c -- g : pcie gen4 x16\n}\n');
    const edits = await formatDocument(uri);
    assert.deepEqual(edits, []);
    const message = await client.waitFor(() => client.messages().find((m) => m.message.includes('dmatopo-disable-next-line comment on line 2')), 'a message saying why');
    assert.equal(message.type, 2, 'a warning');
  });

  it('keeps serving after binary garbage and pathological input', async () => {
    const garbage = await open('\u0000\u0001{{{{\ud800 host host host }}}} "unterminated\n/* open');
    assert.ok(garbage.diagnostics.diagnostics.length > 0);
    const nested = await open('{'.repeat(5000));
    assert.ok(nested.diagnostics.diagnostics.length > 0);
    const symbols = await connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: garbage.uri } });
    assert.deepEqual(symbols, []);
    const { diagnostics } = await open('host ok { cpu c {} }\n');
    assert.deepEqual(diagnostics.diagnostics, [], 'still answers correctly');
  });
});

describe('hover on a device', () => {
  it('lists what the device can reach and why', async () => {
    const text = 'host h {\n  cpu c {}\n  memory m { size 1 GiB }\n  iommu i { mode strict }\n  nic n { iommu i }\n  gpu g {}\n  link c -- n : pcie gen4 x4\n  link c -- g : pcie gen4 x16\n  buffer b { in m, size 1 MiB, pinned }\n  map n -> b rw\n}\n';
    const { uri } = await open(text);
    const nic = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 7 } });
    const value = (nic?.contents as { value: string }).value;
    assert.match(value, /\*\*nic `h\.n`\*\* — iommu i, mode strict/);
    assert.match(value, /\| read\/write \| `h\.b` \| map n -> b rw \|/);
    const gpu = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 5, character: 6 } });
    assert.match((gpu?.contents as { value: string }).value, /\| read\/write \| `h\.m` \| no IOMMU translates its DMA \|/);
    assert.equal(await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 0 } }), null, 'nothing on whitespace');
  });
});

describe('rule diagnostics in the editor', () => {
  it('publishes rule findings with their docs link and quick-fix data, and honours disable comments', async () => {
    const text = 'host h {\n  cpu c {}\n  iommu i { mode off }\n  nic n { iommu i, external }\n  link c -- n : pcie gen4 x4\n}\n';
    const { diagnostics } = await open(text);
    const sec001 = diagnostics.diagnostics.find((d) => d.code === 'SEC001')!;
    assert.equal(sec001.severity, 1);
    assert.match(sec001.codeDescription!.href, /^file:\/\/.*\/docs\/rules\/SEC001\.md$/);
    assert.deepEqual((sec001.data as { fix: { edits: Array<{ newText: string }> } }).fix.edits.map((e) => e.newText), ['strict']);
    const silenced = await open(`// dmatopo-disable SEC001\n${text}`);
    assert.deepEqual(silenced.diagnostics.diagnostics.map((d) => d.code), []);
  });
});
