// The language server: wires documents to the analysis and each LSP request
// to its feature module. Runs inside VS Code (IPC) or standalone
// (`node dist/server.js --stdio`).
import {
  type CancellationToken,
  CompletionTriggerKind,
  createConnection,
  LSPErrorCodes,
  MessageType,
  type Diagnostic as LspDiagnostic,
  ProposedFeatures,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type ClientCapabilities,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CheckFileRequest, ExportReportRequest, GroupsRequest, MemoryUsageRequest, ReachabilityRequest, ReportViewRequest, SimulationReportRequest, StatusNotification } from '../../../protocol/messages';
import { carryThrough } from '../analysis/edits';
import { checkpoint, runInSlices } from '../analysis/slices';
import { Snapshot, type Edited } from '../analysis/snapshot';
import { TOPOLOGY_LIMIT_BYTES } from '../files/read';
import { LineIndex, MAX_DIAGNOSTICS, severityCounts, syntaxDiagnostics, type Diagnostic } from '../model/index';
import { RULES, type Rule, type RuleSetting } from '../rules/index';
import { AnalysisWorker } from './analysisWorker';
import { completionAt, TRIGGER_CHARACTERS } from './completion';
import { codeLenses, resolveCodeLens } from './codeLens';
import { CODE_ACTION_KINDS, codeActions } from './codeActions';
import { ClosedFiles } from './checkFile';
import { DocumentConfigurations, WorkspaceFolders } from './configuration';
import { definitionAt } from './definition';
import { toLspDiagnostics } from './diagnostics';
import { OpenDocuments } from './documents';
import { exportReport } from './exportReport';
import { foldingRanges } from './folding';
import { highlightsAt } from './highlights';
import { hoverAt } from './hover';
import { inlayHints } from './inlayHints';
import { formattingEdits } from './formatting';
import { reachabilityMarkdown } from './reachability';
import { reportViewOf, simulationReport } from './report';
import { referencesAt } from './references';
import { isRefusal, prepareRename, renameEdits, workspaceEditOf } from './rename';
import { AnalysisScheduler } from './scheduler';
import { DocumentSettings, sameRules, settingsClient, simulatesLive, withEditorRules } from './settings';
import { selectionRanges } from './selectionRanges';
import { SemanticTokensResults } from './semanticTokenResults';
import { SEMANTIC_TOKENS_LEGEND, semanticTokens } from './semanticTokens';
import { documentSymbols } from './symbols';
import { WorkspaceSymbols } from './workspaceSymbols';

/** At most 20 ms between a keystroke and the start of its analysis. */
const DEBOUNCE_MS = 15;

const connection = createConnection(ProposedFeatures.all);
const documents = new OpenDocuments();

/** Each document's rule configuration; its search for dmatopo.json files stops at the workspace folder when it is in no repository. */
let configurations = new DocumentConfigurations(new WorkspaceFolders(undefined, undefined));
/** The names declared in every .dmatopo file of the workspace folders. */
let workspaceSymbols = new WorkspaceSymbols(new WorkspaceFolders(undefined, undefined), logWarning);
let clientCapabilities: ClientCapabilities = {};
/** The closed files Check Workspace checked, whose diagnostics are published. */
const closedFiles = new ClosedFiles({
  configuration: async (uri) => {
    const { config, problem } = configurations.of(uri);
    const editor = await settings.of(uri);
    // Kept for open documents only.
    if (!states.has(uri)) {
      configurations.forget(uri);
      settings.forget(uri);
    }
    return { config: withEditorRules(config, editor), ...(problem === undefined ? {} : { problem }) };
  },
  isOpen: (uri) => states.has(uri),
  publish: (uri, lines, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics: lines === undefined ? [] : toLspDiagnostics(uri, lines, diagnostics.slice(0, MAX_DIAGNOSTICS)) }),
  onRuleError: (uri) => (rule, error) => logRuleError(uri, rule.meta.code, error),
  log: (message) => connection.console.error(message),
});
/** Each document's editor settings (`dmatopo.*` in VS Code): which inlay hints to show. */
const settings = new DocumentSettings(settingsClient(connection));

connection.onInitialize((params) => {
  const folders = new WorkspaceFolders(params.workspaceFolders, params.rootUri);
  configurations = new DocumentConfigurations(folders);
  workspaceSymbols = new WorkspaceSymbols(folders, logWarning);
  clientCapabilities = params.capabilities;
  settings.capabilities(params.capabilities);
  return {
    capabilities: {
      // Saves are heard for `dmatopo.simulate: onSave`, which runs the rules and the simulation then.
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      documentSymbolProvider: { label: 'DMA topology' },
      foldingRangeProvider: true,
      documentFormattingProvider: true,
      hoverProvider: true,
      completionProvider: { triggerCharacters: [...TRIGGER_CHARACTERS] },
      inlayHintProvider: true,
      codeLensProvider: { resolveProvider: true },
      codeActionProvider: { codeActionKinds: [...CODE_ACTION_KINDS] },
      definitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      // Rename options only for a client that says it asks prepareRename first (LSP 3.17).
      renameProvider: params.capabilities.textDocument?.rename?.prepareSupport === true ? { prepareProvider: true } : true,
      workspaceSymbolProvider: true,
      semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: { delta: true }, range: true },
      selectionRangeProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'dmatopo' },
  };
});

connection.onInitialized(() =>
  configurations.follow(
    connection,
    clientCapabilities,
    () => {
      // A dmatopo.json changed: every open document gets a snapshot with its new configuration.
      for (const document of documents.all()) {
        const state = states.get(document.uri);
        if (state !== undefined) {
          state.snapshot = snapshotOf(document, state.tooLarge, { snapshot: state.snapshot, changes: [] });
          // New severities: the rules run again now, even when they otherwise wait for a save.
          state.rulesDue = true;
        }
        scheduler.schedule(document.uri);
      }
    },
    [workspaceSymbols, closedFiles],
  ),
);

function logWarning(message: string): void {
  connection.console.warn(message);
}

/** An open document: its latest snapshot, and what was last found in it, moved along with the edits made since. */
interface DocumentState {
  snapshot: Snapshot;
  /** Over the size the command line reads: LIM003, and an empty snapshot. */
  tooLarge: boolean;
  found: Found;
  /**
   * Whether the rules and the simulation are owed a run whatever the
   * settings say: from open, a save or a change of the settings until a
   * full analysis publishes. Otherwise an edit's analysis runs them as
   * `dmatopo.simulate` and `dmatopo.maxLiveSimulationBytes` say, or
   * publishes the syntax and language diagnostics beside the last check's
   * findings, moved along with the edits.
   */
  rulesDue: boolean;
}

interface Found {
  /** Syntax and language diagnostics (and LIM002), in the coordinates of the document as it is now. */
  language: readonly Diagnostic[];
  /** The rules' findings, likewise. */
  rules: readonly Diagnostic[];
}

const states = new Map<string, DocumentState>();

/** The document's snapshot now; its tree is re-parsed from `previous` where the edits since touched it. */
function snapshotOf(document: TextDocument, tooLarge: boolean, previous?: Edited): Snapshot {
  const onRuleError = (rule: Rule, error: unknown) => logRuleError(document.uri, rule.meta.code, error);
  // An empty snapshot answers requests for a document too large to analyse (no outline, no folds).
  const editor = settings.latest(document.uri);
  const snapshot = new Snapshot(tooLarge ? '' : document.getText(), withEditorRules(configurations.of(document.uri).config, editor), document.version, onRuleError, tooLarge ? undefined : previous);
  editorRulesOf.set(snapshot, editor.rules);
  return snapshot;
}

/** The `dmatopo.rules` each snapshot was made with: an analysis makes a new snapshot when the settings answered since set others. */
const editorRulesOf = new WeakMap<Snapshot, ReadonlyMap<string, RuleSetting>>();

const logRuleError = (uri: string, code: string, error: unknown): void =>
  connection.console.error(`dmatopo: rule ${code} failed on ${uri}: ${(error as Error).stack ?? String(error)}`);

documents.listen(connection, {
  opened(document) {
    worker.edited(document.uri, undefined);
    const tooLarge = isTooLarge(document.getText());
    // Its diagnostics from Check Workspace, if any, are replaced by the open document's.
    closedFiles.opened(document.uri);
    states.set(document.uri, { snapshot: snapshotOf(document, tooLarge), tooLarge, found: { language: [], rules: [] }, rulesDue: true });
    scheduler.schedule(document.uri);
  },
  changed(document, changes) {
    const state = states.get(document.uri);
    if (state === undefined) return;
    state.tooLarge = isTooLarge(document.getText());
    state.snapshot = snapshotOf(document, state.tooLarge, { snapshot: state.snapshot, changes });
    state.found = { language: carryThrough(state.found.language, changes), rules: carryThrough(state.found.rules, changes) };
    worker.edited(document.uri, changes);
    // A large document's analysis starts at once: its first step, the re-parse and the syntax diagnostics, takes a few
    // milliseconds, and a newer keystroke stops whatever follows it at the next slice, which is what a debounce would save.
    scheduler.schedule(document.uri, isLargeText(state.snapshot.text) ? 0 : DEBOUNCE_MS);
  },
  closed(uri) {
    scheduler.cancel(uri);
    worker.forget(uri);
    states.delete(uri);
    configurations.forget(uri);
    settings.forget(uri);
    tokenResults.forget(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  },
});

/** The rules and the simulation of a large document run in the analysis worker, off the thread that answers requests. */
const worker = new AnalysisWorker((message) => connection.console.error(message));

/**
 * Analyses the document's latest snapshot in slices and publishes what it
 * finds: between slices the server answers requests, and a newer edit
 * stops this analysis. A large document's syntax and language diagnostics
 * are published first, beside the findings of the last analysis moved with
 * the text, and the rules' findings when the worker has them.
 */
async function analyzeAndPublish(uri: string, signal: AbortSignal): Promise<void> {
  // Asked of the client once per document (and after a change of settings): the rules' severities and when they run.
  const editorSettings = await settings.of(uri);
  signal.throwIfAborted();
  const state = states.get(uri);
  if (state === undefined) return;
  const document = documents.get(uri);
  if (document !== undefined && !sameRules(editorRulesOf.get(state.snapshot) ?? editorSettings.rules, editorSettings.rules)) {
    // The first answer of the settings, or a change of them: the rules run again with the severities they now set.
    state.snapshot = snapshotOf(document, state.tooLarge, { snapshot: state.snapshot, changes: [] });
    state.rulesDue = true;
  }
  const { snapshot } = state;
  const started = performance.now();
  const { problem } = configurations.of(uri);
  const withProblem = (diagnostics: readonly Diagnostic[]) => (problem === undefined ? diagnostics : [problem, ...diagnostics]);
  if (state.tooLarge) {
    const text = documents.get(uri)?.getText() ?? '';
    void publish(uri, snapshot, [tooLarge(text)], { final: true, started, lines: new LineIndex(text) });
    return;
  }
  if (!state.rulesDue && !simulatesLive(editorSettings, snapshot.text)) {
    // dmatopo.simulate is onSave, or the document is larger than dmatopo.maxLiveSimulationBytes: the rules and the
    // simulation wait for the next save; what they found at the last one stays, moved along with the edits.
    const language = await runInSlices(snapshot.buildLanguage(), signal);
    await checkpoint(signal);
    state.found = { language: language.diagnostics, rules: state.found.rules };
    void publish(uri, snapshot, withProblem([...language.diagnostics, ...state.found.rules]), { final: true, started });
    return;
  }
  if (!isLargeText(snapshot.text)) {
    await runInSlices(snapshot.build(), signal);
    await checkpoint(signal);
    state.rulesDue = false;
    state.found = split(snapshot.diagnostics);
    void publish(uri, snapshot, withProblem(snapshot.diagnostics), { final: true, started });
    return;
  }
  const tree = await runInSlices(snapshot.buildTree(), signal);
  await checkpoint(signal);
  await publish(uri, snapshot, withProblem([...syntaxDiagnostics(tree), ...state.found.language.filter((d) => !isSyntax(d)), ...state.found.rules]), { final: false, started });
  const language = await runInSlices(snapshot.buildLanguage(), signal);
  await checkpoint(signal);
  state.found = { language: language.diagnostics, rules: state.found.rules };
  void publish(uri, snapshot, withProblem([...language.diagnostics, ...state.found.rules]), { final: false, started });
  const diagnostics = await checkElsewhere(uri, snapshot, signal);
  state.rulesDue = false;
  state.found = split(diagnostics);
  void publish(uri, snapshot, withProblem(diagnostics), { final: true, started });
  // The figures hovers, inlay hints and code lenses show, built here too while the user pauses (the worker keeps its
  // own): in slices, stopped by the next edit, so that the next hover on a flow or a device finds them ready. The
  // reference list every name's hover and navigation read too.
  await runInSlices(snapshot.buildSimulation(), signal);
  await checkpoint(signal);
  void snapshot.references;
}

/** The rules and the simulation of the snapshot in the worker; on this thread, in slices, if the worker fails (a bug, logged). */
async function checkElsewhere(uri: string, snapshot: Snapshot, signal: AbortSignal): Promise<readonly Diagnostic[]> {
  try {
    const diagnostics = await worker.check(uri, snapshot.version, snapshot.text, snapshot.config, signal);
    signal.throwIfAborted();
    return diagnostics;
  } catch (error) {
    if (signal.aborted) throw error;
    connection.console.error(`dmatopo: checking ${uri} on the server's thread: ${(error as Error).message}`);
    await runInSlices(snapshot.build(), signal);
    await checkpoint(signal);
    return snapshot.diagnostics;
  }
}

/** The rules' findings apart from the rest: what is carried along with edits until the next check replaces each. */
function split(diagnostics: readonly Diagnostic[]): Found {
  return { language: diagnostics.filter((d) => !RULE_CODES.has(d.code)), rules: diagnostics.filter((d) => RULE_CODES.has(d.code)) };
}

/**
 * Diagnostics already in LSP's shape: a diagnostic carried unchanged from one
 * publication to the next (the same object, its text untouched) is not
 * converted again. Weak: what is no longer published goes with its objects.
 */
const converted = new WeakMap<Diagnostic, LspDiagnostic>();

const RULE_CODES: ReadonlySet<string> = new Set(RULES.map((rule) => rule.meta.code));
const isSyntax = (diagnostic: Diagnostic): boolean => diagnostic.code.startsWith('SYN');

/**
 * Sends the diagnostics; resolves once they are written out. A large
 * document's analysis waits for that after its first publication: a large
 * message leaves in pieces as the pipe drains, and the model's slices
 * between the pieces held the rest of it back by tens of milliseconds.
 */
function publish(uri: string, snapshot: Snapshot, diagnostics: readonly Diagnostic[], how: { final: boolean; started: number; lines?: LineIndex }): Promise<void> {
  const { version } = snapshot;
  // Findings carried from the last analysis beside new ones may pass the cap one analysis keeps to.
  const shown = diagnostics.length > MAX_DIAGNOSTICS ? diagnostics.slice(0, MAX_DIAGNOSTICS) : diagnostics;
  const sent = connection.sendDiagnostics({ uri, version, diagnostics: toLspDiagnostics(uri, how.lines ?? snapshot.lines, shown, converted) });
  if (!how.final) return sent;
  const counts = severityCounts(diagnostics);
  void connection.sendNotification(StatusNotification, { uri, version, validationTimeMs: performance.now() - how.started, errors: counts.error, warnings: counts.warning });
  return sent;
}

/** Over the limit in UTF-8; a text of at most a third of it in UTF-16 units cannot be (3 bytes per unit at most), and is not measured on every keystroke. */
const isTooLarge = (text: string): boolean => text.length * 3 > TOPOLOGY_LIMIT_BYTES && Buffer.byteLength(text, 'utf8') > TOPOLOGY_LIMIT_BYTES;

/**
 * From this size on (about 1,200 lines), a document's full analysis takes
 * long enough to be felt between keystrokes: its syntax and language
 * diagnostics are published first, and its rules and simulation run in the
 * worker. Below it, everything is done at once and published once.
 */
const LARGE_DOCUMENT_CHARS = 64 * 1024;
const isLargeText = (text: string): boolean => text.length >= LARGE_DOCUMENT_CHARS;

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
 * The snapshot of the document as it is now. A request reads the layers it
 * needs from it: built already, or built now and kept for the analysis,
 * which goes on from there — never a second analysis of the same text. A
 * request never waits for the rules or the simulation it does not read.
 */
function current(uri: string): Snapshot | undefined {
  return states.get(uri)?.snapshot;
}

/**
 * The snapshot with its simulation built, for a request that reads figures;
 * undefined when the request is cancelled first. A large document's
 * simulation is built in the worker, not here: the first such request of a
 * version builds it in slices, so that hovers and completion are answered
 * in between, and stops when the request is cancelled (VS Code cancels
 * inlay hint requests of a version it has edited since).
 */
async function simulated(snapshot: Snapshot | undefined, token: CancellationToken): Promise<Snapshot | undefined> {
  if (snapshot === undefined || token.isCancellationRequested) return undefined;
  if (snapshot.simulated) return snapshot;
  const cancelled = new AbortController();
  const listening = token.onCancellationRequested(() => cancelled.abort());
  try {
    await runInSlices(snapshot.buildSimulation(), cancelled.signal);
    return snapshot;
  } catch (error) {
    if (cancelled.signal.aborted) return undefined;
    throw error;
  } finally {
    listening.dispose();
  }
}

/** Whether the hover at `offset` may show simulated figures: on a name (a flow, a device, a link's ends), not on a number, a unit or a comment. */
function readsFigures(snapshot: Snapshot, offset: number): boolean {
  if (snapshot.simulated || !isLargeText(snapshot.text)) return false;
  const { token } = snapshot.nodeAt(offset);
  return token === 'name' || token === 'keyword' || token === 'word' || token === 'whitespace';
}

connection.onDocumentSymbol(async (params) => {
  const snapshot = current(params.textDocument.uri);
  return snapshot === undefined ? [] : documentSymbols(snapshot.tree, snapshot.lines);
});
connection.onFoldingRanges(async (params) => {
  const snapshot = current(params.textDocument.uri);
  return snapshot === undefined ? [] : foldingRanges(snapshot.tree, snapshot.lines);
});
connection.onHover(async (params, token) => {
  const { uri } = params.textDocument;
  const state = states.get(uri);
  if (state === undefined) return null;
  const offset = state.snapshot.lines.offset(params.position);
  // A name's hover shows simulated figures; on a large document they may still be in the making (in slices, so
  // this waits without holding other requests up).
  const snapshot = readsFigures(state.snapshot, offset) ? await simulated(state.snapshot, token) : state.snapshot;
  if (snapshot === undefined) return null;
  // The diagnostics the editor shows, carried along with the edits: a hover never waits for the rules of a new version.
  return hoverAt(snapshot, offset, { uri, diagnostics: [...state.found.language, ...state.found.rules] });
});
connection.onCompletion(async (params) => {
  const state = states.get(params.textDocument.uri);
  // A document too large to analyse has an empty snapshot, whose offsets are not the document's.
  if (state === undefined || state.tooLarge) return null;
  const { snapshot } = state;
  const typed = params.context?.triggerKind === CompletionTriggerKind.TriggerCharacter ? params.context.triggerCharacter : undefined;
  const snippets = clientCapabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
  return completionAt(snapshot, snapshot.lines.offset(params.position), { snippets, ...(typed === undefined ? {} : { triggerCharacter: typed }) });
});
connection.languages.inlayHint.on(async (params, token) => {
  const uri = params.textDocument.uri;
  const shown = (await settings.of(uri)).inlayHints;
  // Read after the settings arrive: the document may have changed meanwhile, and a request for a version gone is cancelled.
  const snapshot = await simulated(current(uri), token);
  return snapshot === undefined ? [] : inlayHints(snapshot, params.range, shown);
});
connection.onCodeLens(async (params) => {
  const snapshot = current(params.textDocument.uri);
  return snapshot === undefined ? [] : codeLenses(snapshot, params.textDocument.uri);
});
connection.onCodeLensResolve(async (lens, token) => resolveCodeLens(lens, typeof lens.data?.uri === 'string' ? await simulated(current(lens.data.uri), token) : undefined));
connection.onDidChangeConfiguration(() => {
  settings.changed();
  // dmatopo.rules may have changed: each open document is checked again once its settings are asked again.
  for (const [uri, state] of states) {
    state.rulesDue = true;
    scheduler.schedule(uri);
  }
});
connection.onDidSaveTextDocument(({ textDocument }) => {
  const state = states.get(textDocument.uri);
  if (state === undefined || state.rulesDue) return;
  state.rulesDue = true;
  scheduler.schedule(textDocument.uri, 0);
});
connection.onCodeAction(async (params) => {
  const state = states.get(params.textDocument.uri);
  if (state === undefined) return [];
  // A large document's rules run in the worker: what it found, moved along with the edits since, saves running them here.
  const findings = isLargeText(state.snapshot.text) ? state.found.rules : undefined;
  return codeActions(state.snapshot, params.textDocument.uri, params.context, findings);
});
connection.onDefinition(async (params) => {
  const snapshot = current(params.textDocument.uri);
  const links = clientCapabilities.textDocument?.definition?.linkSupport === true;
  return snapshot === undefined ? null : definitionAt(snapshot, params.textDocument.uri, snapshot.lines.offset(params.position), links);
});
connection.onReferences(async (params) => {
  const snapshot = current(params.textDocument.uri);
  return snapshot === undefined ? [] : referencesAt(snapshot, params.textDocument.uri, snapshot.lines.offset(params.position), params.context.includeDeclaration);
});
connection.onDocumentHighlight(async (params) => {
  const snapshot = current(params.textDocument.uri);
  return snapshot === undefined ? [] : highlightsAt(snapshot, snapshot.lines.offset(params.position));
});
connection.onPrepareRename(async (params) => {
  const snapshot = current(params.textDocument.uri);
  if (snapshot === undefined) return null;
  const place = prepareRename(snapshot, snapshot.lines.offset(params.position));
  return isRefusal(place) ? new ResponseError(LSPErrorCodes.RequestFailed, place.refused) : place;
});
connection.onRenameRequest(async (params) => {
  const { uri } = params.textDocument;
  const snapshot = current(uri);
  if (snapshot === undefined) return null;
  const edits = renameEdits(snapshot, snapshot.lines.offset(params.position), params.newName);
  if (isRefusal(edits)) return new ResponseError(LSPErrorCodes.RequestFailed, edits.refused);
  return workspaceEditOf(uri, snapshot.version, edits, clientCapabilities.workspace?.workspaceEdit?.documentChanges === true);
});
connection.onWorkspaceSymbol(async (params, token) => {
  const open = [...states].map(([uri, state]) => ({ uri, snapshot: state.snapshot }));
  return workspaceSymbols.search(params.query, open, token);
});
/** The semantic tokens last sent for each open document, which a delta request is computed from. */
const tokenResults = new SemanticTokensResults();
connection.languages.semanticTokens.on(async (params) => {
  const snapshot = current(params.textDocument.uri);
  return snapshot === undefined ? { data: [] } : tokenResults.full(params.textDocument.uri, semanticTokens(snapshot));
});
connection.languages.semanticTokens.onDelta(async (params) => {
  const snapshot = current(params.textDocument.uri);
  return snapshot === undefined ? { data: [] } : tokenResults.delta(params.textDocument.uri, params.previousResultId, semanticTokens(snapshot));
});
connection.languages.semanticTokens.onRange(async (params) => {
  const snapshot = current(params.textDocument.uri);
  if (snapshot === undefined) return { data: [] };
  const { lines } = snapshot;
  return { data: semanticTokens(snapshot, { start: lines.offset(params.range.start), end: lines.offset(params.range.end) }) };
});
connection.onSelectionRanges(async (params) => {
  const snapshot = current(params.textDocument.uri);
  return snapshot === undefined ? [] : selectionRanges(snapshot, params.positions.map((position) => snapshot.lines.offset(position)));
});
connection.onDocumentFormatting(async (params) => {
  // The snapshot's tree: formatting does not parse the document again (a document over 16 MiB has an empty one).
  const snapshot = current(params.textDocument.uri);
  if (snapshot === undefined) return [];
  const { edits, refused } = formattingEdits(snapshot);
  // A notification, not showWarningMessage's request: a client that does not answer it must not take the server down.
  if (refused !== undefined) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `dmatopo: not formatted: ${refused}` });
  return edits;
});
connection.onRequest(GroupsRequest, (params) => current(params.uri)?.groups ?? []);
connection.onRequest(SimulationReportRequest, (params) => {
  const snapshot = current(params.uri);
  if (snapshot === undefined) return new ResponseError(-32602, `dmatopo: ${params.uri} is not open`);
  return simulationReport(snapshot, params.uri, params.group);
});
connection.onRequest(ExportReportRequest, ({ uri, ...params }) => {
  const snapshot = current(uri);
  return snapshot === undefined ? new ResponseError(-32602, `dmatopo: ${uri} is not open`) : exportReport(snapshot, params);
});
connection.onRequest(ReachabilityRequest, ({ uri, file }) => {
  const snapshot = current(uri);
  return snapshot === undefined ? new ResponseError(-32602, `dmatopo: ${uri} is not open`) : { markdown: reachabilityMarkdown(snapshot, file) };
});
connection.onRequest(CheckFileRequest, async ({ uri }, token) => {
  const open = current(uri);
  if (open !== undefined) {
    // An open document's diagnostics are published by its analysis already.
    const counts = severityCounts(open.diagnostics);
    return { checked: true, errors: counts.error, warnings: counts.warning };
  }
  const cancelled = new AbortController();
  const listening = token.onCancellationRequested(() => cancelled.abort());
  try {
    return await closedFiles.check(uri, cancelled.signal);
  } catch (error) {
    if (cancelled.signal.aborted) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    throw error;
  } finally {
    listening.dispose();
  }
});
connection.onRequest(ReportViewRequest, (params) => {
  const snapshot = current(params.uri);
  if (snapshot === undefined) return new ResponseError(-32602, `dmatopo: ${params.uri} is not open`);
  return reportViewOf(snapshot, params.uri);
});
connection.onRequest(MemoryUsageRequest, () => {
  // Only a process started with --expose-gc can be asked to collect first; otherwise the heap includes garbage not yet collected.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rssBytes: rss, heapUsedBytes: heapUsed, collected: gc !== undefined };
});
connection.onShutdown(() => {
  scheduler.dispose();
  worker.dispose();
});

connection.listen();
