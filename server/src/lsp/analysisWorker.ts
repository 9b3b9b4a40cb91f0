// The language server's side of the analysis worker (`analysis/worker.ts`):
// starts the thread when the first large document needs it, sends it each
// version to check, and hands back that version's diagnostics. A worker that
// dies is started again for the next check; the check it was running fails,
// and the server then checks on its own thread.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../model/index';
import type { RuleConfig } from '../rules/index';
import type { TextChange } from '../syntax/index';
import type { FromWorker, ToWorker } from '../analysis/workerMessages';

interface Waiting {
  readonly version: number;
  resolve(diagnostics: readonly Diagnostic[]): void;
  reject(error: Error): void;
}

export class AnalysisWorker {
  private worker: Worker | undefined;
  /** The check each document waits for: the newest version sent. */
  private readonly waiting = new Map<string, Waiting>();
  /** Each document's version last sent, and the edits made since: the worker re-parses only what they touched. */
  private readonly sent = new Map<string, { version: number; changes: TextChange[] }>();

  constructor(
    private readonly log: (message: string) => void,
    /** The worker's script: `worker.js`, bundled beside `server.js`. */
    private readonly script = join(__dirname, 'worker.js'),
  ) {}

  /**
   * Every diagnostic of this version of the document, rules included. A
   * newer check of the same document, or `signal`, abandons this one: its
   * promise rejects with the signal's reason and the worker stops it.
   */
  check(uri: string, version: number, text: string, config: RuleConfig, signal: AbortSignal): Promise<readonly Diagnostic[]> {
    return new Promise((resolve, reject) => {
      this.waiting.get(uri)?.reject(new Error('superseded by a newer version'));
      const waiting: Waiting = { version, resolve, reject };
      this.waiting.set(uri, waiting);
      signal.addEventListener(
        'abort',
        () => {
          if (this.waiting.get(uri) !== waiting) return;
          // Nobody wants this check any more: the worker stops it.
          this.stop(uri, signal.reason instanceof Error ? signal.reason : new Error('aborted'), 'cancel');
        },
        { once: true },
      );
      const since = this.sent.get(uri);
      this.sent.set(uri, { version, changes: [] });
      this.send({ kind: 'check', uri, version, text, config, ...(since === undefined ? {} : { edits: { fromVersion: since.version, changes: since.changes } }) });
    });
  }

  /** The document changed by `changes` (in order); undefined when its whole text was replaced. */
  edited(uri: string, changes: readonly TextChange[] | undefined): void {
    const since = this.sent.get(uri);
    if (since === undefined) return;
    if (changes === undefined) this.sent.delete(uri);
    else since.changes.push(...changes);
  }

  /** The document is closed: the worker stops checking it and forgets it. */
  forget(uri: string): void {
    this.sent.delete(uri);
    this.stop(uri, new Error('the document was closed'), 'forget');
  }

  private stop(uri: string, why: Error, kind: 'cancel' | 'forget'): void {
    this.waiting.get(uri)?.reject(why);
    this.waiting.delete(uri);
    if (this.worker !== undefined) this.send({ kind, uri });
  }

  dispose(): void {
    for (const uri of [...this.waiting.keys()]) this.forget(uri);
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private send(message: ToWorker): void {
    const worker = (this.worker ??= this.start());
    worker.postMessage(message);
    // A check waited for keeps the process alive; an idle worker must not keep the server alive after the client has gone.
    if (this.waiting.size > 0) worker.ref();
    else worker.unref();
  }

  private start(): Worker {
    const worker = new Worker(this.script);
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.died(worker, `the analysis worker failed: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => this.died(worker, `the analysis worker exited with code ${code}`));
    return worker;
  }

  private receive(message: FromWorker): void {
    if (message.kind === 'ruleFailed') {
      this.log(`dmatopo: rule ${message.code} failed on ${message.uri}: ${message.error}`);
      return;
    }
    const waiting = this.waiting.get(message.uri);
    // An answer for a version nobody waits for any more: a newer one is on its way.
    if (waiting === undefined || waiting.version !== message.version) return;
    this.waiting.delete(message.uri);
    if (this.waiting.size === 0) this.worker?.unref();
    if (message.kind === 'checked') waiting.resolve(message.diagnostics);
    else waiting.reject(new Error(message.error));
  }

  private died(worker: Worker, why: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    // A new worker knows no document: it parses each one whole.
    this.sent.clear();
    this.log(`dmatopo: ${why}`);
    for (const [uri, waiting] of this.waiting) {
      this.waiting.delete(uri);
      waiting.reject(new Error(why));
    }
  }
}
