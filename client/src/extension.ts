// The VS Code side: starts the language server for .dmatopo files, shows
// its status (analysis time, errors) as a language status item that opens
// the Problems view, logs to the output channel "DMA Topology" (the
// server's trace too, as `dmatopo.trace.server` says), and runs the
// commands of the category "DMA Topology".
import { commands, languages, LanguageStatusSeverity, window, type ExtensionContext } from 'vscode';
import { LanguageClient, type LanguageClientOptions } from 'vscode-languageclient/node';
import { Commands } from '../../protocol/commands';
import { StatusNotification, type StatusParams } from '../../protocol/messages';
import { checkWorkspace, exportReport, showReachability } from './commands';
import { runSimulation, showReport } from './report';
import { ReportPanels } from './reportView/panel';
import { serverModule, serverOptions } from './server';
import { FIRST_STEPS, openSample, sampleUri } from './samples';
import { followFirstFix } from './walkthrough';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  // One channel for the client's messages, the server's log and its trace: the client id `dmatopo` makes
  // vscode-languageclient read `dmatopo.trace.server`.
  const output = window.createOutputChannel('DMA Topology');
  context.subscriptions.push(output);
  const clientOptions: LanguageClientOptions = {
    outputChannel: output,
    documentSelector: [{ language: 'dmatopo' }],
    // The server pulls the dmatopo.* settings with workspace/configuration; this makes the client tell it when they change.
    synchronize: { configurationSection: 'dmatopo' },
  };
  const languageClient = new LanguageClient('dmatopo', 'DMA Topology', serverOptions(serverModule(context, output)), clientOptions);
  client = languageClient;

  const status = languages.createLanguageStatusItem('dmatopo.status', { language: 'dmatopo' });
  status.name = 'DMA Topology';
  status.text = 'dmatopo';
  status.command = { command: 'workbench.actions.view.problems', title: 'Show Problems', tooltip: 'Open the Problems view' };
  context.subscriptions.push(status);
  const latest = new Map<string, StatusParams>();
  const show = () => {
    const uri = window.activeTextEditor?.document.uri.toString();
    const params = uri === undefined ? undefined : latest.get(uri);
    if (params === undefined) return;
    const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const problems = params.errors === 0 && params.warnings === 0 ? 'no problems' : `${count(params.errors, 'error')}, ${count(params.warnings, 'warning')}`;
    status.text = `dmatopo: ${problems}`;
    status.detail = `checked in ${params.validationTimeMs.toFixed(1)} ms`;
    status.severity = params.errors > 0 ? LanguageStatusSeverity.Error : params.warnings > 0 ? LanguageStatusSeverity.Warning : LanguageStatusSeverity.Information;
  };
  const reports = new ReportPanels(languageClient, context.extensionUri);
  context.subscriptions.push(
    reports,
    commands.registerCommand(Commands.runSimulation, (uri?: unknown, group?: unknown) => runSimulation(languageClient, reports, uri, group)),
    commands.registerCommand(Commands.exportReport, (uri?: unknown) => exportReport(languageClient, uri)),
    commands.registerCommand(Commands.checkWorkspace, () => checkWorkspace(languageClient, output)),
    commands.registerCommand(Commands.showReachability, (uri?: unknown) => showReachability(languageClient, uri)),
    commands.registerCommand(Commands.restartServer, () => languageClient.restart()),
    commands.registerCommand(Commands.showReport, (uri?: unknown, flow?: unknown) => showReport(reports, uri, flow)),
    commands.registerCommand(Commands.showOutput, () => output.show(true)),
    commands.registerCommand(Commands.openSample, (name?: unknown) => openSample(context, name)),
    followFirstFix(sampleUri(FIRST_STEPS)),
    client.onNotification(StatusNotification, (params) => {
      latest.set(params.uri, params);
      show();
      reports.analysed(params.uri);
    }),
    window.onDidChangeActiveTextEditor(show),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
