// The language server: wires documents to the analysis and each LSP request
// to its feature module. Runs inside VS Code (IPC) or standalone
// (`node dist/server.js --stdio`).
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type ClientCapabilities } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { StatusNotification } from '../../../protocol/messages';
import { analyze, analyzeTree, LineIndex, type Analysis } from '../model/index';
import { parseText } from '../syntax/index';
import { followConfigurationChanges, withConfiguredRules, WorkspaceFolders } from './configuration';
import { toLspDiagnostics } from './diagnostics';
import { foldingRanges } from './folding';
import { hoverAt } from './hover';
import { formattingEdits } from './formatting';
import { AnalysisScheduler, checkpoint } from './scheduler';
import { documentSymbols } from './symbols';

/** At most 20 ms between a keystroke and the start of its analysis. */
const DEBOUNCE_MS = 15;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const analyses = new Map<string, { version: number; analysis: Analysis; lines: LineIndex }>();

/** Where a document's search for dmatopo.json files may stop when it is in no repository. */
let workspaceFolders = new WorkspaceFolders(undefined, undefined);
let clientCapabilities: ClientCapabilities = {};

connection.onInitialize((params) => {
  workspaceFolders = new WorkspaceFolders(params.workspaceFolders, params.rootUri);
  clientCapabilities = params.capabilities;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      documentSymbolProvider: { label: 'DMA topology' },
      foldingRangeProvider: true,
      documentFormattingProvider: true,
      hoverProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'dmatopo' },
  };
});

connection.onInitialized(() =>
  followConfigurationChanges(connection, clientCapabilities, workspaceFolders, () => {
    for (const document of documents.all()) scheduler.schedule(document.uri);
  }),
);

/** Parse, yield, resolve, yield, publish: a newer edit stops it at either yield. */
async function analyzeAndPublish(uri: string, signal: AbortSignal): Promise<void> {
  const document = documents.get(uri);
  if (document === undefined) return;
  const text = document.getText();
  const started = performance.now();
  const tree = parseText(text);
  await checkpoint(signal);
  const resolved = analyzeTree(tree);
  await checkpoint(signal);
  const analysis = withConfiguredRules(resolved, text, uri, workspaceFolders, (rule, error) => connection.console.error(`dmatopo: rule ${rule.meta.code} failed on ${uri}: ${(error as Error).stack ?? String(error)}`));
  const validationTimeMs = performance.now() - started;
  await checkpoint(signal);
  const { diagnostics } = analysis;
  const lines = new LineIndex(text);
  analyses.set(uri, { version: document.version, analysis, lines });
  void connection.sendDiagnostics({ uri, version: document.version, diagnostics: toLspDiagnostics(uri, text, diagnostics) });
  void connection.sendNotification(StatusNotification, {
    uri,
    version: document.version,
    validationTimeMs,
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
  });
}

const scheduler = new AnalysisScheduler(DEBOUNCE_MS, analyzeAndPublish, (uri, error) => {
  // A bug in the analysis must not take the server down: log it and keep serving.
  connection.console.error(`dmatopo: analysis of ${uri} failed: ${(error as Error).stack ?? String(error)}`);
});

/** The analysis of the document as it is now: the published one if current, else a fresh one. */
function current(uri: string): { analysis: Analysis; lines: LineIndex; text: string } | undefined {
  const document = documents.get(uri);
  if (document === undefined) return undefined;
  const text = document.getText();
  const cached = analyses.get(uri);
  if (cached !== undefined && cached.version === document.version) return { ...cached, text };
  return { analysis: withConfiguredRules(analyze(text), text, uri, workspaceFolders), lines: new LineIndex(text), text };
}

documents.onDidChangeContent((change) => scheduler.schedule(change.document.uri));
documents.onDidClose((event) => {
  scheduler.cancel(event.document.uri);
  analyses.delete(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.onDocumentSymbol((params) => {
  const state = current(params.textDocument.uri);
  return state === undefined ? [] : documentSymbols(state.analysis.tree, state.lines);
});
connection.onFoldingRanges((params) => {
  const state = current(params.textDocument.uri);
  return state === undefined ? [] : foldingRanges(state.analysis.tree, state.lines);
});
connection.onHover((params) => {
  const state = current(params.textDocument.uri);
  return state === undefined ? null : hoverAt(state.analysis.model, state.lines, state.lines.offset(params.position));
});
connection.onDocumentFormatting((params) => {
  const document = documents.get(params.textDocument.uri);
  return document === undefined ? [] : formattingEdits(document.getText());
});
connection.onShutdown(() => scheduler.dispose());

documents.listen(connection);
connection.listen();
