// The editor features as an editor asks for them: the bundled server
// (`node dist/server.js --stdio`) started with VS Code's capabilities, and
// each request answered over JSON-RPC on a sample and on small documents.
// The features' own tests (hover, completion, …) cover their cases
// in-process; this holds the wiring — capabilities, positions, the
// document as it is after edits — to what a client sees.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionKind,
  CodeActionRequest,
  CodeLensRequest,
  CodeLensResolveRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentHighlightRequest,
  DocumentSymbolRequest,
  InlayHintRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  SelectionRangeRequest,
  SemanticTokensRequest,
  WorkspaceSymbolRequest,
  type DocumentSymbol,
  type Location,
  type SymbolInformation,
  type CodeAction,
  type CompletionList,
  type InitializeResult,
  type Position,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { Commands } from '../protocol/commands';
import { LineIndex } from '../server/src/model/index';
import { applyTextEdits, read, ROOT } from './helpers';
import { TestClient } from './lspClient';

const RDMA = read(join(ROOT, 'samples/07-rdma-vs-kernel.dmatopo'));

/** The position of the `nth` (0-based) occurrence of `needle` in `text`, plus `delta` characters. */
function at(text: string, needle: string, delta = 0, nth = 0): Position {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(needle, index + 1);
    assert.ok(index >= 0, `'${needle}' (#${nth}) is in the text`);
  }
  return new LineIndex(text).position(index + delta);
}

let client: TestClient;
let capabilities: InitializeResult['capabilities'];

before(async () => {
  client = new TestClient();
  // What VS Code 1.100 declares of the capabilities these features read.
  const result = await client.initialize({
    capabilities: {
      textDocument: {
        completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true },
        inlayHint: {},
        codeLens: {},
        rename: { prepareSupport: true },
        definition: { linkSupport: false },
      },
    },
  });
  capabilities = result.capabilities;
});

after(() => client.stop());

describe('the editor features over stdio', () => {
  it('declares every feature in its capabilities', () => {
    assert.ok(capabilities.hoverProvider);
    assert.deepEqual(capabilities.completionProvider?.triggerCharacters?.includes('.'), true);
    assert.ok(capabilities.inlayHintProvider);
    assert.deepEqual(capabilities.codeLensProvider, { resolveProvider: true });
    const actions = capabilities.codeActionProvider;
    assert.ok(typeof actions === 'object' && actions.codeActionKinds !== undefined);
    assert.ok(actions.codeActionKinds.includes(CodeActionKind.QuickFix));
    assert.ok(actions.codeActionKinds.includes(`${CodeActionKind.SourceFixAll}.dmatopo`));
    assert.ok(capabilities.definitionProvider);
    assert.ok(capabilities.referencesProvider);
    assert.ok(capabilities.documentHighlightProvider);
    assert.deepEqual(capabilities.renameProvider, { prepareProvider: true });
    assert.ok(capabilities.workspaceSymbolProvider);
    assert.ok(capabilities.selectionRangeProvider);
    const tokens = capabilities.semanticTokensProvider;
    assert.ok(tokens !== undefined && tokens.legend.tokenTypes.length > 0);
    assert.deepEqual(tokens.full, { delta: true });
  });

  it('goes to the declaration of a name through a template, lists its uses and renames them all', async () => {
    const uri = client.uri('navigate.dmatopo');
    await client.open(uri, RDMA);
    // `beta.verbs_rx` in roce_ping's `to` is the template's buffer verbs_rx.
    const use = at(RDMA, 'to beta.verbs_rx', 'to beta.'.length + 1);
    const definition = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: use })) as Location[];
    assert.equal(definition.length, 1);
    assert.equal(definition[0]!.uri, uri);
    assert.equal(definition[0]!.range.start.line, at(RDMA, 'buffer verbs_rx').line);

    const references = (await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position: use, context: { includeDeclaration: true } })) ?? [];
    const expected = RDMA.split('verbs_rx').length - 1;
    assert.equal(references.length, expected, JSON.stringify(references.map((r) => r.range.start)));
    const highlights = (await client.connection.sendRequest(DocumentHighlightRequest.type, { textDocument: { uri }, position: use })) ?? [];
    assert.equal(highlights.length, expected);

    const prepared = await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: use });
    assert.ok(prepared !== null && 'placeholder' in prepared && prepared.placeholder === 'verbs_rx');
    const edit = await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: use, newName: 'rx_ring' });
    const edits = (edit?.changes?.[uri] ?? []) as TextEdit[];
    assert.equal(edits.length, expected);
    const renamed = applyTextEdits(RDMA, edits);
    assert.ok(!renamed.includes('verbs_rx'));
    // Refused, with a reason, where the new name is taken.
    await assert.rejects(client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: use, newName: 'verbs_tx' }), /verbs_tx/);
  });

  it('lists symbols of the document and of the workspace, colours names and expands the selection', async () => {
    const uri = client.uri('symbols.dmatopo');
    await client.open(uri, RDMA);
    const outline = ((await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) ?? []) as DocumentSymbol[];
    assert.ok(outline.some((symbol) => symbol.name === 'server' && symbol.children?.some((child) => child.name === 'verbs_rx')));
    const found = ((await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'sockping' })) ?? []) as SymbolInformation[];
    assert.ok(found.some((symbol) => symbol.name === 'sock_ping' && symbol.location.uri === uri), JSON.stringify(found.map((f) => f.name)));

    const tokens = await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
    assert.ok(tokens !== null && tokens.data.length > 0 && tokens.data.length % 5 === 0);
    const ranges = await client.connection.sendRequest(SelectionRangeRequest.type, { textDocument: { uri }, positions: [at(RDMA, 'buffer sock_tx { in dram, size 4 KiB', 'buffer sock_tx { in dram, size 4 K'.length)] });
    let chain = ranges?.[0];
    let depth = 0;
    while (chain !== undefined) {
      depth++;
      chain = chain.parent;
    }
    assert.ok(depth >= 4, `a chain of ${depth} ranges from the unit to the whole file`);
  });

  it('completes the properties of a device block', async () => {
    const text = 'host h {\n  cpu c {}\n  nic n {  }\n  link n -- c : pcie gen4 x16\n}\n';
    const uri = client.uri('complete.dmatopo');
    await client.open(uri, text);
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: at(text, 'nic n { ', 8) })) as CompletionList;
    const labels = list.items.map((item) => item.label);
    for (const property of ['iommu', 'rdma', 'sg']) assert.ok(labels.includes(property), `${property} in ${labels.join(', ')}`);
    assert.ok(!labels.includes('host'), 'no declaration keyword inside a body');
  });

  it('shows each flow\'s throughput as an inlay hint after its body, and in a code lens once resolved', async () => {
    const uri = client.uri('rdma.dmatopo');
    await client.open(uri, RDMA);
    const lines = new LineIndex(RDMA);
    const hints = await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: lines.position(RDMA.length) } });
    const label = (hint: (typeof hints & object)[number]) => (typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join(''));
    const sockPingEnd = lines.position(RDMA.indexOf('}', RDMA.indexOf('flow sock_ping')));
    const hint = (hints ?? []).find((h) => h.position.line === sockPingEnd.line);
    assert.ok(hint !== undefined, `a hint on line ${sockPingEnd.line + 1}: ${JSON.stringify(hints?.map((h) => [h.position.line, label(h)]))}`);
    assert.match(label(hint), /^410 MB\/s · transfer 23\.6 µs · 4 copies/);

    const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
    const top = lenses.filter((lens) => lens.command !== undefined).map((lens) => [lens.command!.title, lens.command!.command]);
    assert.deepEqual(top, [['Simulate', Commands.runSimulation], ['Show report', Commands.showReport]]);
    const flowLens = lenses.find((lens) => lens.command === undefined && lens.range.start.line === at(RDMA, 'flow sock_ping').line);
    assert.ok(flowLens !== undefined, 'a lens above sock_ping');
    const resolved = await client.connection.sendRequest(CodeLensResolveRequest.type, flowLens);
    assert.match(resolved.command?.title ?? '', /^410 MB\/s/);
    assert.equal(resolved.command?.command, Commands.showReport);
  });

  it('offers a rule\'s quick fix, whose edit clears the diagnostic', async () => {
    const text = `host h {
  cpu c {}
  memory m { size 8 GiB }
  iommu i { mode strict }
  camera cam { iommu i }
  link cam -- c : bus 2 GB/s
  buffer frames { in m, size 8 MiB, count 4 }
  map cam -> frames write
}
flow video { from h.cam to h.frames size 8 MiB rate 30 fps }
`;
    const uri = client.uri('fix.dmatopo');
    await client.open(uri, text);
    const published = await client.completeDiagnosticsFor(uri);
    const dma002 = published.diagnostics.filter((d) => d.code === 'DMA002');
    assert.equal(dma002.length, 1, JSON.stringify(published.diagnostics.map((d) => d.code)));
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: dma002[0]!.range, context: { diagnostics: dma002 } })) as CodeAction[];
    const fix = actions.find((action) => action.kind === CodeActionKind.QuickFix && action.isPreferred === true);
    assert.ok(fix !== undefined, JSON.stringify(actions.map((a) => a.title)));
    const edits = fix.edit?.changes?.[uri] as TextEdit[];
    const fixed = applyTextEdits(text, edits);
    await client.change(uri, 2, [{ text: fixed }]);
    const after = await client.completeDiagnosticsFor(uri, 2);
    assert.deepEqual(after.diagnostics.filter((d) => d.code === 'DMA002'), []);
  });
});
