// The analysis worker: a thread of the language server that runs the rules
// and the simulation of large documents, so that the server's own thread
// keeps answering hovers and completion while they run. It checks with the
// same Snapshot as everyone else, in slices, so that a newer version of a
// document arriving meanwhile stops the older check at once.
import { parentPort } from 'node:worker_threads';
import type { Diagnostic } from '../model/index';
import { Snapshot } from './snapshot';
import { runInSlices } from './slices';
import type { FromWorker, ToWorker } from './workerMessages';

const port = parentPort;
if (port === null) throw new Error('dmatopo: the analysis worker runs only as a worker thread');

const running = new Map<string, AbortController>();
/** Each document's last snapshot here: the next version's tree is re-parsed from it. */
const last = new Map<string, Snapshot>();

port.on('message', (message: ToWorker) => {
  running.get(message.uri)?.abort();
  running.delete(message.uri);
  if (message.kind === 'forget') last.delete(message.uri);
  if (message.kind === 'check') void check(message);
});

async function check({ uri, version, text, config, edits }: Extract<ToWorker, { kind: 'check' }>): Promise<void> {
  const controller = new AbortController();
  running.set(uri, controller);
  const post = (answer: FromWorker): void => port!.postMessage(answer);
  try {
    const before = last.get(uri);
    const previous = edits !== undefined && before?.version === edits.fromVersion ? { snapshot: before, changes: edits.changes } : undefined;
    const snapshot = new Snapshot(text, config, version, (rule, error) => post({ kind: 'ruleFailed', uri, code: rule.meta.code, error: describe(error) }), previous);
    last.set(uri, snapshot);
    await runInSlices(snapshot.build(), controller.signal);
    post({ kind: 'checked', uri, version, diagnostics: snapshot.diagnostics.map(plain) });
  } catch (error) {
    if (!controller.signal.aborted) post({ kind: 'failed', uri, version, error: describe(error) });
  } finally {
    if (running.get(uri) === controller) running.delete(uri);
  }
}

/** A diagnostic as data: spans as bare offsets, not the syntax nodes that may carry them. */
function plain(diagnostic: Diagnostic): Diagnostic {
  const { span, related, ...rest } = diagnostic;
  return {
    ...rest,
    span: { start: span.start, end: span.end },
    ...(related === undefined ? {} : { related: related.map((r) => ({ message: r.message, span: { start: r.span.start, end: r.span.end } })) }),
  };
}

const describe = (error: unknown): string => (error instanceof Error ? (error.stack ?? error.message) : String(error));
