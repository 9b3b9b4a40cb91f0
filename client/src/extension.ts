// The VS Code side: starts the language server for .dmatopo files, shows
// its status (analysis time, errors) as a language status item, and runs
// the commands of the category "DMA Topology".
import * as path from 'node:path';
import { commands, languages, LanguageStatusSeverity, window, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { Commands } from '../../protocol/commands';
import { StatusNotification, type StatusParams } from '../../protocol/messages';
import { Reports, runSimulation, showReport } from './report';
import { FIRST_STEPS, openSample, sampleUri } from './samples';
import { followFirstFix } from './walkthrough';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  // A young generation of 64 MB lets a 10,000-line analysis finish in one or
  // two scavenges instead of five (npm run bench measures both).
  const execArgv = ['--max-semi-space-size=64'];
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...execArgv, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'dmatopo' }],
    // The server pulls the dmatopo.* settings with workspace/configuration; this makes the client tell it when they change.
    synchronize: { configurationSection: 'dmatopo' },
  };
  const languageClient = new LanguageClient('dmatopo', 'DMA Topology', serverOptions, clientOptions);
  client = languageClient;

  const status = languages.createLanguageStatusItem('dmatopo.status', { language: 'dmatopo' });
  status.name = 'DMA Topology';
  status.text = 'dmatopo';
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
  const reports = new Reports(languageClient);
  context.subscriptions.push(
    reports,
    commands.registerCommand(Commands.runSimulation, (uri?: unknown, group?: unknown) => runSimulation(languageClient, reports, uri, group)),
    commands.registerCommand(Commands.showReport, (uri?: unknown) => showReport(reports, uri)),
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
