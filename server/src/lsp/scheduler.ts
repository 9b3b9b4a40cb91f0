// Live analysis of open documents: each change schedules an analysis after
// a short debounce; a newer change cancels the older one, whether it is
// still waiting or already running (it stops at its next await).

export type AnalysisJob = (uri: string, signal: AbortSignal) => Promise<void>;

export class AnalysisScheduler {
  private readonly pending = new Map<string, { timer: NodeJS.Timeout | undefined; controller: AbortController }>();
  /** Requests waiting for a document's analysis to be current. */
  private readonly waiters = new Map<string, Array<() => void>>();

  constructor(
    private readonly delayMs: number,
    private readonly job: AnalysisJob,
    private readonly onError: (uri: string, error: unknown) => void,
  ) {}

  /** Analyzes `uri` after the debounce, cancelling any analysis of it in flight. */
  schedule(uri: string): void {
    this.cancel(uri);
    const controller = new AbortController();
    const entry: { timer: NodeJS.Timeout | undefined; controller: AbortController } = { timer: undefined, controller };
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.job(uri, controller.signal)
        .catch((error: unknown) => {
          if (!controller.signal.aborted) this.onError(uri, error);
        })
        .finally(() => {
          if (this.pending.get(uri) !== entry) return;
          this.pending.delete(uri);
          this.release(uri);
        });
    }, this.delayMs);
    this.pending.set(uri, entry);
  }

  /** Stops any analysis of `uri`, waiting or running. Requests waiting for it are answered when the next one ends. */
  cancel(uri: string): void {
    const entry = this.pending.get(uri);
    if (entry === undefined) return;
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.controller.abort();
    this.pending.delete(uri);
  }

  /** Resolves once no analysis of `uri` waits or runs: a request then reads the analysis of the text it was asked about. */
  settled(uri: string): Promise<void> {
    if (!this.pending.has(uri)) return Promise.resolve();
    return new Promise((resolve) => {
      const waiting = this.waiters.get(uri);
      if (waiting === undefined) this.waiters.set(uri, [resolve]);
      else waiting.push(resolve);
    });
  }

  /** The document is closed: nothing will analyse it again, so its waiting requests go on now. */
  forget(uri: string): void {
    this.cancel(uri);
    this.release(uri);
  }

  dispose(): void {
    for (const uri of [...this.pending.keys()]) this.forget(uri);
  }

  private release(uri: string): void {
    const waiting = this.waiters.get(uri);
    this.waiters.delete(uri);
    for (const resolve of waiting ?? []) resolve();
  }
}

/**
 * Runs stepwise work (`Snapshot.build`) to its end,
 * yielding to the event loop each time a slice of `sliceMs` is used up, so
 * that other documents' requests and newer edits are served in between; a
 * newer edit stops it at the next yield.
 */
export async function runInSlices<T>(steps: Generator<void, T, void>, signal: AbortSignal, sliceMs = SLICE_MS): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await checkpoint(signal);
      sliceStart = performance.now();
    }
  }
}

/** How long the analysis runs between yields: short enough that a hover elsewhere is not held up noticeably. */
const SLICE_MS = 8;

/** Yields to the event loop so that a newer edit can arrive, then stops if it did. */
export async function checkpoint(signal: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  signal.throwIfAborted();
}
