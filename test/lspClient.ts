// A language client for tests: starts `node dist/server.js --stdio`, opens
// documents and collects what the server publishes, in arrival order.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShowMessageNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type InitializeParams,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type ShowMessageParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { StatusNotification, type StatusParams } from '../protocol/messages';
import { ROOT } from './helpers';

/** One thing the server sent, in the order it arrived. */
export type Event =
  | { kind: 'diagnostics'; params: PublishDiagnosticsParams }
  | { kind: 'status'; params: StatusParams }
  | { kind: 'message'; params: ShowMessageParams }
  | { kind: 'log'; message: string }
  | { kind: 'response'; label: string };

export class TestClient {
  readonly connection: ProtocolConnection;
  readonly events: Event[] = [];
  private readonly server: ChildProcess;
  private readonly waiters: Array<() => void> = [];
  private opened = 0;

  constructor(nodeFlags: readonly string[] = []) {
    this.server = spawn(process.execPath, [...nodeFlags, join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.connection = createProtocolConnection(new StreamMessageReader(this.server.stdout!), new StreamMessageWriter(this.server.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => this.record({ kind: 'diagnostics', params }));
    this.connection.onNotification(StatusNotification, (params) => this.record({ kind: 'status', params }));
    this.connection.onNotification(ShowMessageNotification.type, (params) => this.record({ kind: 'message', params }));
    this.connection.onNotification(LogMessageNotification.type, (params) => this.record({ kind: 'log', message: params.message }));
    this.connection.listen();
  }

  async initialize(params: Partial<InitializeParams> = {}): Promise<InitializeResult> {
    const result = await this.connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null, ...params });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  /** A file: URI under the repository for a document that exists only in the editor. */
  uri(name = `doc${++this.opened}.dmatopo`): string {
    return pathToFileURL(join(ROOT, 'virtual', name)).toString();
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dmatopo', version, text } });
  }

  /** Sends the editor's changes for a document, as VS Code does: ranged edits, each in the text the previous one left. */
  async change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  /** Sends a request and records its answer's arrival among the events under `label`. */
  async request<R>(label: string, send: () => Promise<R>): Promise<R> {
    const result = await send();
    this.record({ kind: 'response', label });
    return result;
  }

  diagnosticsFor(uri: string, version = 1, timeoutMs = 20_000): Promise<PublishDiagnosticsParams> {
    return this.waitFor(() => this.published().find((p) => p.uri === uri && p.version === version), `diagnostics of ${uri} v${version}`, timeoutMs);
  }

  /**
   * The last diagnostics published for this version, once the analysis of
   * it is complete (its status notification, sent after its last
   * publication, has arrived): a large document's first publications carry
   * findings of the last analysis until the new ones are ready.
   */
  async completeDiagnosticsFor(uri: string, version = 1, timeoutMs = 20_000): Promise<PublishDiagnosticsParams> {
    await this.waitFor(() => this.statuses().find((s) => s.uri === uri && s.version === version), `the analysis of ${uri} v${version}`, timeoutMs);
    return this.published().filter((p) => p.uri === uri && p.version === version).pop()!;
  }

  /** The first diagnostics published for `uri` after the first `skip` publications (of any document). */
  nextDiagnostics(uri: string, skip: number, timeoutMs = 20_000): Promise<PublishDiagnosticsParams> {
    return this.waitFor(() => this.published().slice(skip).find((p) => p.uri === uri), `the next diagnostics of ${uri}`, timeoutMs);
  }

  published(): PublishDiagnosticsParams[] {
    return this.events.flatMap((e) => (e.kind === 'diagnostics' ? [e.params] : []));
  }

  statuses(): StatusParams[] {
    return this.events.flatMap((e) => (e.kind === 'status' ? [e.params] : []));
  }

  /** The window/showMessage notifications. */
  messages(): ShowMessageParams[] {
    return this.events.flatMap((e) => (e.kind === 'message' ? [e.params] : []));
  }

  /** What the server logged (window/logMessage): its own errors, among others. */
  logs(): string[] {
    return this.events.flatMap((e) => (e.kind === 'log' ? [e.message] : []));
  }

  /** Where in the arrival order the first event `matches` is; -1 if none. */
  indexOf(matches: (event: Event) => boolean): number {
    return this.events.findIndex(matches);
  }

  waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
      const check = (): void => {
        const found = find();
        if (found === undefined) {
          this.waiters.push(check);
          return;
        }
        clearTimeout(timer);
        resolve(found);
      };
      check();
    });
  }

  stop(): void {
    this.connection.dispose();
    this.server.kill();
  }

  private record(event: Event): void {
    this.events.push(event);
    for (const wake of this.waiters.splice(0)) wake();
  }
}

/** Asserts that the event `first` arrived before `second` (both arrived). */
export function assertBefore(client: TestClient, first: (e: Event) => boolean, second: (e: Event) => boolean, what: string): void {
  const a = client.indexOf(first);
  const b = client.indexOf(second);
  assert.ok(a >= 0 && (b < 0 || a < b), what);
}
