// Which language server the client starts: the bundled dist/server.js, or
// the program `dmatopo.server.path` names. That setting is machine-scoped
// (the manifest), so VS Code reads it from the user's own settings only: a
// workspace, trusted or not, can never choose the program the extension runs.
import { existsSync } from 'node:fs';
import { workspace, type ExtensionContext, type OutputChannel } from 'vscode';
import { TransportKind, type ServerOptions } from 'vscode-languageclient/node';

/** The server module to run: `dmatopo.server.path` when it is set and names a file, else the bundled one (saying why in `output`). */
export function serverModule(context: ExtensionContext, output: OutputChannel): string {
  const bundled = context.asAbsolutePath('dist/server.js');
  const override = workspace.getConfiguration('dmatopo').get<string>('server.path')?.trim() ?? '';
  if (override === '') return bundled;
  if (existsSync(override)) {
    output.appendLine(`Starting the language server at ${override} (dmatopo.server.path).`);
    return override;
  }
  output.appendLine(`[warning] dmatopo.server.path is ${override}, which does not exist; starting the bundled language server instead.`);
  return bundled;
}

export function serverOptions(module: string): ServerOptions {
  // A young generation of 64 MB lets a 10,000-line analysis finish in one or
  // two scavenges instead of five (npm run bench measures both).
  const execArgv = ['--max-semi-space-size=64'];
  return {
    run: { module, transport: TransportKind.ipc, options: { execArgv } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...execArgv, '--nolazy', '--inspect=6009'] } },
  };
}
