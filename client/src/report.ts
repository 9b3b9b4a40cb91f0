// "Run Simulation" and "Show Report": the language server simulates the
// document it holds (the version in the editor, saved or not) and the
// report panel (reportView/panel.ts) opens beside it, kept up to date as
// the document changes.
import { ProgressLocation, Uri, window, workspace, type TextDocument } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { GroupsRequest, SimulationReportRequest, type SimulationReport } from '../../protocol/messages';
import type { ReportPanels } from './reportView/panel';

const ALL_GROUPS = 'All groups';

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
 * be cancelled, and opens the report panel at that group.
 */
export async function runSimulation(client: LanguageClient, reports: ReportPanels, argument: unknown, group: unknown): Promise<void> {
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
  await reports.show(source, chosen === undefined ? {} : { group: chosen });
}

/** Opens the report panel of the document, with `flow` selected when a flow's code lens asks. */
export async function showReport(reports: ReportPanels, argument: unknown, flow: unknown): Promise<void> {
  const document = await targetDocument(argument);
  if (document !== undefined) await reports.show(document.uri.toString(), typeof flow === 'string' ? { flow } : {});
}
