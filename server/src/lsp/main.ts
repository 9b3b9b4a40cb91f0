// The language server: wires documents to the analysis and each LSP request
// to its feature module. Runs inside VS Code (IPC) or standalone
// (`node dist/server.js --stdio`).
import { createConnection, MessageType, ProposedFeatures, ShowMessageNotification, TextDocuments, TextDocumentSyncKind, type ClientCapabilities } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { StatusNotification } from '../../../protocol/messages';
import { LineIndex, severityCounts, type Diagnostic } from '../model/index';
import { Snapshot } from '../analysis/snapshot';
import { TOPOLOGY_LIMIT_BYTES } from '../files/read';
import type { Rule } from '../rules/index';
import { DocumentConfigurations, WorkspaceFolders } from './configuration';
import { toLspDiagnostics } from './diagnostics';
import { foldingRanges } from './folding';
import { hoverAt } from './hover';
import { formattingEdits } from './formatting';
import { AnalysisScheduler, checkpoint, runInSlices } from './scheduler';
import { documentSymbols } from './symbols';

/** At most 20 ms between a keystroke and the start of its analysis. */
const DEBOUNCE_MS = 15;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

/** Each document's rule configuration; its search for dmatopo.json files stops at the workspace folder when it is in no repository. */
let configurations = new DocumentConfigurations(new WorkspaceFolders(undefined, undefined));
let clientCapabilities: ClientCapabilities = {};

connection.onInitialize((params) => {
  configurations = new DocumentConfigurations(new WorkspaceFolders(params.workspaceFolders, params.rootUri));
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
  configurations.follow(connection, clientCapabilities, () => {
    for (const document of documents.all()) scheduler.schedule(document.uri);
  }),
);

/** Each open document's snapshot as last published: what every request reads. */
const published = new Map<string, Snapshot>();

/**
 * Builds the document's snapshot in slices, then publishes it: between
 * slices the server answers other requests, and a newer edit stops this one.
 */
async function analyzeAndPublish(uri: string, signal: AbortSignal): Promise<void> {
  const document = documents.get(uri);
  if (document === undefined) return;
  const text = document.getText();
  const started = performance.now();
  if (isTooLarge(text)) {
    // An empty snapshot answers requests (no outline, no folds); the diagnostic's place is in the real text.
    publish(uri, new Snapshot('', undefined, document.version), [tooLarge(text)], performance.now() - started, new LineIndex(text));
    return;
  }
  const { config, problem } = configurations.of(uri);
  const onRuleError = (rule: Rule, error: unknown) => connection.console.error(`dmatopo: rule ${rule.meta.code} failed on ${uri}: ${(error as Error).stack ?? String(error)}`);
  const snapshot = new Snapshot(text, config, document.version, onRuleError);
  await runInSlices(snapshot.build(), signal);
  const validationTimeMs = performance.now() - started;
  await checkpoint(signal);
  publish(uri, snapshot, problem === undefined ? snapshot.diagnostics : [problem, ...snapshot.diagnostics], validationTimeMs);
}

function publish(uri: string, snapshot: Snapshot, diagnostics: readonly Diagnostic[], validationTimeMs: number, lines = snapshot.lines): void {
  const { version } = snapshot;
  const counts = severityCounts(diagnostics);
  published.set(uri, snapshot);
  void connection.sendDiagnostics({ uri, version, diagnostics: toLspDiagnostics(uri, lines, diagnostics) });
  void connection.sendNotification(StatusNotification, { uri, version, validationTimeMs, errors: counts.error, warnings: counts.warning });
}

const isTooLarge = (text: string): boolean => Buffer.byteLength(text, 'utf8') > TOPOLOGY_LIMIT_BYTES;

/** A document over the size the command line reads: one diagnostic, and an empty outline rather than minutes of analysis. */
function tooLarge(text: string): Diagnostic {
  const message = `this document is larger than ${TOPOLOGY_LIMIT_BYTES / (1024 * 1024)} MiB, the most dmatopo analyses; it is not checked`;
  const firstLineEnd = text.indexOf('\n');
  return { code: 'LIM003', severity: 'error', message, span: { start: 0, end: firstLineEnd < 0 ? text.length : firstLineEnd } };
}

const scheduler = new AnalysisScheduler(DEBOUNCE_MS, analyzeAndPublish, (uri, error) => {
  // A bug in the analysis must not take the server down: log it and keep serving.
  connection.console.error(`dmatopo: analysis of ${uri} failed: ${(error as Error).stack ?? String(error)}`);
});

/**
 * The snapshot of the document as it is now. A request waits for the
 * document's own analysis to finish rather than running one of its own, so
 * nothing is analysed twice and other documents stay answered meanwhile.
 */
async function current(uri: string): Promise<Snapshot | undefined> {
  await scheduler.settled(uri);
  const document = documents.get(uri);
  if (document === undefined) return undefined;
  const cached = published.get(uri);
  if (cached !== undefined && cached.version === document.version) return cached;
  // Only when the analysis failed (a bug, logged): a fresh snapshot, whose layers are built as the request needs them.
  return new Snapshot(isTooLarge(document.getText()) ? '' : document.getText(), undefined, document.version);
}

documents.onDidChangeContent((change) => scheduler.schedule(change.document.uri));
documents.onDidClose((event) => {
  scheduler.forget(event.document.uri);
  published.delete(event.document.uri);
  configurations.forget(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.onDocumentSymbol(async (params) => {
  const snapshot = await current(params.textDocument.uri);
  return snapshot === undefined ? [] : documentSymbols(snapshot.tree, snapshot.lines);
});
connection.onFoldingRanges(async (params) => {
  const snapshot = await current(params.textDocument.uri);
  return snapshot === undefined ? [] : foldingRanges(snapshot.tree, snapshot.lines);
});
connection.onHover(async (params) => {
  const snapshot = await current(params.textDocument.uri);
  return snapshot === undefined ? null : hoverAt(snapshot.model, snapshot.lines, snapshot.lines.offset(params.position));
});
connection.onDocumentFormatting(async (params) => {
  // The snapshot's tree: formatting does not parse the document again (a document over 16 MiB has an empty one).
  const snapshot = await current(params.textDocument.uri);
  if (snapshot === undefined) return [];
  const { edits, refused } = formattingEdits(snapshot);
  // A notification, not showWarningMessage's request: a client that does not answer it must not take the server down.
  if (refused !== undefined) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `dmatopo: not formatted: ${refused}` });
  return edits;
});
connection.onShutdown(() => scheduler.dispose());

documents.listen(connection);
connection.listen();
