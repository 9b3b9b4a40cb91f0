// "Run Simulation" and "Show Report": the language server simulates the
// document it holds (the version in the editor, saved or not) and the
// report opens as a Markdown preview beside it, kept up to date as the
// document changes.
import { commands, EventEmitter, ProgressLocation, Uri, window, workspace, type Disposable, type TextDocument, type TextDocumentContentProvider } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { GroupsRequest, SimulationReportRequest, type SimulationReport } from '../../protocol/messages';

/** The scheme of report documents: `dmatopo-report:/<file>.md?<the source document's uri>`. */
const SCHEME = 'dmatopo-report';
const ALL_GROUPS = 'All groups';

/** The reports open in a preview, each re-requested when its source document changes. */
export class Reports implements TextDocumentContentProvider, Disposable {
  private readonly changed = new EventEmitter<Uri>();
  readonly onDidChange = this.changed.event;
  /** Source document uri → the group its report shows ('' for every group). */
  private readonly shown = new Map<string, string>();
  private readonly subscriptions: Disposable[];

  constructor(private readonly client: LanguageClient) {
    this.subscriptions = [workspace.registerTextDocumentContentProvider(SCHEME, this), this.changed];
  }

  /** Called when the server has analysed a new version of `source`: its open report follows. */
  analysed(source: string): void {
    if (this.shown.has(source)) this.changed.fire(reportUri(source));
  }

  async provideTextDocumentContent(uri: Uri): Promise<string> {
    const source = uri.query;
    const group = this.shown.get(source) || undefined;
    try {
      const report = await this.client.sendRequest(SimulationReportRequest, { uri: source, ...(group === undefined ? {} : { group }) });
      return report.markdown;
    } catch (error) {
      return `# No report\n\nThe simulation of ${source} failed: ${(error as Error).message}\n`;
    }
  }

  /** Opens (or reveals) the report of `source` beside its editor. */
  async show(source: string, group?: string): Promise<void> {
    this.shown.set(source, group ?? '');
    const uri = reportUri(source);
    this.changed.fire(uri);
    await commands.executeCommand('markdown.showPreviewToSide', uri);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

function reportUri(source: string): Uri {
  const name = decodeURIComponent(source.replace(/[?#].*$/, '').split('/').pop() ?? 'report');
  return Uri.from({ scheme: SCHEME, path: `/${name}.md`, query: source });
}

/**
 * The `.dmatopo` document a command is about: the uri it was given (a
 * string from a code lens, a Uri from the explorer's menu), else the
 * active editor's, else a visible .dmatopo editor's. Opening it makes the
 * language server hold it.
 */
export async function targetDocument(argument: unknown): Promise<TextDocument | undefined> {
  const uri =
    typeof argument === 'string'
      ? Uri.parse(argument)
      : argument instanceof Uri
        ? argument
        : // From the walkthrough (or a preview) no text editor is active: the .dmatopo in view beside it.
          (window.activeTextEditor?.document.uri ?? window.visibleTextEditors.find((e) => e.document.languageId === 'dmatopo')?.document.uri);
  if (uri === undefined) {
    void window.showWarningMessage('DMA Topology: open a .dmatopo file first.');
    return undefined;
  }
  const document = await workspace.openTextDocument(uri);
  if (document.languageId !== 'dmatopo') {
    void window.showWarningMessage(`DMA Topology: ${workspace.asRelativePath(uri)} is not a .dmatopo file.`);
    return undefined;
  }
  return document;
}

/**
 * Simulates the document (one group picked from a quick pick when it has
 * several, unless `group` is given), with a progress notification that can
 * be cancelled, and says what came out, offering the report.
 */
export async function runSimulation(client: LanguageClient, reports: Reports, argument: unknown, group: unknown): Promise<void> {
  const document = await targetDocument(argument);
  if (document === undefined) return;
  const source = document.uri.toString();
  let chosen = typeof group === 'string' ? group : undefined;
  if (chosen === undefined) {
    const groups = await client.sendRequest(GroupsRequest, { uri: source });
    if (groups.length > 1) {
      const picked = await window.showQuickPick([ALL_GROUPS, ...groups], { title: 'DMA Topology: simulate which group?', placeHolder: 'a group, or every group' });
      if (picked === undefined) return;
      if (picked !== ALL_GROUPS) chosen = picked;
    }
  }
  const report = await window.withProgress(
    { location: ProgressLocation.Notification, title: `Simulating ${workspace.asRelativePath(document.uri)}`, cancellable: true },
    (_progress, token) =>
      client.sendRequest(SimulationReportRequest, { uri: source, ...(chosen === undefined ? {} : { group: chosen }) }, token).then(
        (result): SimulationReport | undefined => result,
        (error: Error) => {
          if (!token.isCancellationRequested) void window.showErrorMessage(`DMA Topology: the simulation failed: ${error.message}`);
          return undefined;
        },
      ),
  );
  if (report === undefined) return;
  const what = chosen === undefined ? `${report.flows} flow${report.flows === 1 ? '' : 's'}` : `group ${chosen} (${report.flows} flow${report.flows === 1 ? '' : 's'})`;
  const problems = report.errors + report.warnings === 0 ? 'no problems' : `${report.errors} error${report.errors === 1 ? '' : 's'}, ${report.warnings} warning${report.warnings === 1 ? '' : 's'}`;
  const action = await window.showInformationMessage(`Simulated ${what}: ${problems}.`, 'Show Report');
  if (action === 'Show Report') await reports.show(source, chosen);
}

export async function showReport(reports: Reports, argument: unknown): Promise<void> {
  const document = await targetDocument(argument);
  if (document !== undefined) await reports.show(document.uri.toString());
}
