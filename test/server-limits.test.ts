// The language server keeps answering while one document is analysed: a
// 400-byte file that instantiates too much once froze it for every document
// for a minute. Its analysis runs in slices; requests wait only for their
// own document's analysis; a document over 16 MiB is one diagnostic.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DocumentSymbolRequest, FoldingRangeRequest, HoverRequest, type DocumentSymbol } from 'vscode-languageserver-protocol/node';
import { assertBefore, TestClient, type Event } from './lspClient';

let client: TestClient;

before(async () => {
  client = new TestClient();
  await client.initialize();
});

after(() => client.stop());

const SMALL = 'host small {\n  cpu c { cores 4 }\n  gpu g {}\n  link c -- g : pcie gen4 x16\n}\n';

/** Eight ranges of 4,096 hosts of an eleven-item template, and a flow: under 600 bytes. */
function amplifying(): string {
  const template = `template t {\n  cpu c {}\n  memory m { size 1 GiB }\n  switch w {}\n  gpu g {}\n  nic n { rdma }\n  link c -- w : pcie gen4 x16\n  link w -- g : pcie gen4 x16\n  link w -- n : pcie gen4 x16\n  buffer b { in g, size 1 MiB }\n  map n -> b rw\n}\n`;
  return `${template}${Array.from({ length: 8 }, (_, i) => `host r${String.fromCharCode(97 + i)}_[0..4095] : t {}`).join('\n')}\n`;
}

const diagnosticsOf = (uri: string) => (e: Event) => e.kind === 'diagnostics' && e.params.uri === uri;

describe('a document that instantiates too much', () => {
  it('does not hold up another document opened with it, nor requests about that one', { timeout: 60_000 }, async () => {
    const heavy = client.uri('amplifying.dmatopo');
    const light = client.uri('light.dmatopo');
    // Opened together: the heavy one's analysis starts first.
    await Promise.all([client.open(heavy, amplifying()), client.open(light, SMALL)]);
    const lightDiagnostics = await client.diagnosticsFor(light);
    assert.deepEqual(lightDiagnostics.diagnostics.map((d) => d.code), ['SEC001']);
    const symbols = (await client.request('light symbols', () => client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: light } }))) as DocumentSymbol[];
    assert.deepEqual(symbols.map((s) => s.name), ['small']);
    const hover = await client.request('light hover', () => client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: light }, position: { line: 2, character: 6 } }));
    assert.match((hover?.contents as { value: string }).value, /gpu `small\.g`/);
    assertBefore(client, diagnosticsOf(light), diagnosticsOf(heavy), 'the light document was published before the heavy one');
    assertBefore(client, (e) => e.kind === 'response' && e.label === 'light hover', diagnosticsOf(heavy), 'the light document was answered while the heavy one was analysed');

    const heavyDiagnostics = await client.diagnosticsFor(heavy);
    assert.deepEqual(heavyDiagnostics.diagnostics.map((d) => [d.code, d.range.start.line]), [['LIM001', 13]]);
    // A request about the heavy document waits for its analysis, then reads it.
    const folds = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: heavy } });
    assert.ok(folds !== null && folds.some((f) => f.startLine === 0));
  });

  it('a request sent while its own document is being analysed answers from the text as it is, without waiting for the analysis', { timeout: 60_000 }, async () => {
    const uri = client.uri('asked-early.dmatopo');
    await client.open(uri, `${amplifying()}${SMALL}`);
    // No wait: the request arrives before the analysis has finished, and reads the layers it needs from the same snapshot.
    const symbols = (await client.request('symbols', () => client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }))) as DocumentSymbol[];
    assert.deepEqual(symbols.map((s) => s.name), ['t', 'ra_[0..4095]', 'rb_[0..4095]', 'rc_[0..4095]', 'rd_[0..4095]', 're_[0..4095]', 'rf_[0..4095]', 'rg_[0..4095]', 'rh_[0..4095]', 'small']);
    await client.diagnosticsFor(uri);
    const order = client.events.flatMap((e) => (e.kind === 'response' && e.label === 'symbols' ? ['symbols'] : e.kind === 'diagnostics' && e.params.uri === uri ? ['diagnostics'] : []));
    assert.deepEqual(order, ['symbols', 'diagnostics'], 'the outline did not wait for the analysis');
  });
});

describe('a document over 16 MiB', () => {
  it('is one diagnostic, not an analysis', { timeout: 60_000 }, async () => {
    const uri = client.uri('huge.dmatopo');
    const line = 'host h { cpu c {} }\n';
    await client.open(uri, `// a comment\n${line.repeat(Math.ceil((16 * 1024 * 1024 + 1) / line.length))}`);
    const { diagnostics } = await client.diagnosticsFor(uri);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.range.end.line, d.range.end.character]), [['LIM003', 0, 0, 12]]);
    assert.equal(diagnostics[0]!.message, 'this document is larger than 16 MiB, the most dmatopo analyses; it is not checked');
    assert.deepEqual(await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }), []);
  });
});
