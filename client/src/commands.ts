// The commands of the category "DMA Topology" beside the report's:
// "Export Report", "Check Workspace", "Show Reachability", "Restart Language
// Server" and "Show Output". Each asks the language server, which holds the
// documents and the analysis; this side only picks, saves and shows.
import { commands, ProgressLocation, Uri, window, workspace, type OutputChannel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CheckFileRequest, ExportReportRequest, ReachabilityRequest, type ExportFormat } from '../../protocol/messages';
import { targetDocument } from './report';

const FORMATS: ReadonlyArray<{ label: string; description: string; format: ExportFormat; extension: string }> = [
  { label: 'JSON', description: 'the object `dmatopo simulate --json` prints', format: 'json', extension: 'json' },
  { label: 'Markdown', description: 'the report as a document', format: 'markdown', extension: 'md' },
];

/** Asks for a format and a file, and writes the report of the document there (the whole file: every group). */
export async function exportReport(client: LanguageClient, argument: unknown): Promise<void> {
  const document = await targetDocument(argument);
  if (document === undefined) return;
  const picked = await window.showQuickPick(FORMATS, { title: 'DMA Topology: export the report as' });
  if (picked === undefined) return;
  const source = document.uri;
  const base = source.path.slice(source.path.lastIndexOf('/') + 1).replace(/\.dmatopo$/, '');
  const defaultUri = Uri.joinPath(source, '..', `${base}.report.${picked.extension}`);
  const target = await window.showSaveDialog({ defaultUri, title: `Export the report of ${workspace.asRelativePath(source)}`, filters: { [picked.label]: [picked.extension] } });
  if (target === undefined) return;
  try {
    const { text } = await client.sendRequest(ExportReportRequest, { uri: source.toString(), format: picked.format, file: workspace.asRelativePath(source, false) });
    await workspace.fs.writeFile(target, new TextEncoder().encode(text));
  } catch (error) {
    void window.showErrorMessage(`DMA Topology: the report was not exported: ${(error as Error).message}`);
    return;
  }
  const action = await window.showInformationMessage(`Exported the report to ${workspace.asRelativePath(target)}.`, 'Open');
  if (action === 'Open') await window.showTextDocument(target);
}

/** `dmatopo reach` of the document, shown as a Markdown preview (the Markdown itself when no preview opens). */
export async function showReachability(client: LanguageClient, argument: unknown): Promise<void> {
  const source = await targetDocument(argument);
  if (source === undefined) return;
  let markdown: string;
  try {
    ({ markdown } = await client.sendRequest(ReachabilityRequest, { uri: source.uri.toString(), file: workspace.asRelativePath(source.uri, false) }));
  } catch (error) {
    void window.showErrorMessage(`DMA Topology: no reachability: ${(error as Error).message}`);
    return;
  }
  const document = await workspace.openTextDocument({ language: 'markdown', content: markdown });
  try {
    await commands.executeCommand('markdown.showPreviewToSide', document.uri);
  } catch {
    await window.showTextDocument(document, { preview: true });
  }
}

/** Folders that hold no topology of the user's own: the server's workspace symbols skip them too. */
const EXCLUDED = '**/{node_modules,.git,.hg,.svn}/**';

/**
 * Every .dmatopo file of the workspace checked by the server, one request per
 * file, with a progress notification that can be cancelled: the diagnostics
 * of the closed ones go to the Problems view as the open ones' do.
 */
export async function checkWorkspace(client: LanguageClient, output: OutputChannel): Promise<void> {
  const summary = await window.withProgress({ location: ProgressLocation.Notification, title: 'DMA Topology: checking the workspace', cancellable: true }, async (progress, token) => {
    // The server reads closed files from disk: a file of a virtual workspace cannot be read there.
    const files = (await workspace.findFiles('**/*.dmatopo', EXCLUDED, undefined, token)).filter((uri) => uri.scheme === 'file');
    files.sort((a, b) => (a.fsPath < b.fsPath ? -1 : a.fsPath > b.fsPath ? 1 : 0));
    let checked = 0;
    let errors = 0;
    let warnings = 0;
    for (const uri of files) {
      if (token.isCancellationRequested) break;
      progress.report({ message: `${checked + 1} of ${files.length}: ${workspace.asRelativePath(uri)}`, increment: 100 / files.length });
      const result = await client.sendRequest(CheckFileRequest, { uri: uri.toString() }, token).catch((error: Error) => {
        if (!token.isCancellationRequested) output.appendLine(`Check Workspace: ${workspace.asRelativePath(uri)} was not checked: ${error.message}`);
        return undefined;
      });
      if (result === undefined) continue;
      if (!result.checked) {
        output.appendLine(`Check Workspace: ${workspace.asRelativePath(uri)} was not checked: ${result.reason ?? 'it could not be read'}`);
        continue;
      }
      checked++;
      errors += result.errors;
      warnings += result.warnings;
    }
    return { files: files.length, checked, errors, warnings, cancelled: token.isCancellationRequested };
  });
  const count = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
  if (summary.files === 0) {
    void window.showInformationMessage('DMA Topology: the workspace holds no .dmatopo file.');
    return;
  }
  const what = summary.cancelled ? `Stopped after ${count(summary.checked, 'file')} of ${summary.files.toLocaleString('en-US')}` : `Checked ${count(summary.checked, 'file')}`;
  const problems = summary.errors + summary.warnings === 0 ? 'no problems' : `${count(summary.errors, 'error')}, ${count(summary.warnings, 'warning')}`;
  const unread = summary.checked < summary.files && !summary.cancelled ? ` (${count(summary.files - summary.checked, 'file')} could not be read: see the output)` : '';
  const action = await window.showInformationMessage(`${what}: ${problems}${unread}.`, 'Show Problems');
  if (action === 'Show Problems') await commands.executeCommand('workbench.actions.view.problems');
}
