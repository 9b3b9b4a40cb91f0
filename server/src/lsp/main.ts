// The language server: wires documents to the analysis and publishes its
// diagnostics. Runs inside VS Code (IPC) or standalone (`--stdio`).
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../model/index';
import { toLspDiagnostics } from './diagnostics';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => ({
  capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
  serverInfo: { name: 'dmatopo' },
}));

function validate(document: TextDocument): void {
  const text = document.getText();
  try {
    const { diagnostics } = analyze(text);
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: toLspDiagnostics(document.uri, text, diagnostics) });
  } catch (error) {
    // A bug in the analysis must not take the server down: log it and keep serving.
    connection.console.error(`dmatopo: analysis of ${document.uri} failed: ${(error as Error).stack ?? String(error)}`);
  }
}

documents.onDidChangeContent((change) => validate(change.document));
documents.onDidClose((event) => void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] }));
documents.listen(connection);
connection.listen();
