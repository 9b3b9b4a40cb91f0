// Live analysis of open documents: each change schedules an analysis after
// a short debounce; a newer change cancels the older one, whether it is
// still waiting or already running (it stops at its next await).

export type AnalysisJob = (uri: string, signal: AbortSignal) => Promise<void>;

export class AnalysisScheduler {
  private readonly pending = new Map<string, { timer: NodeJS.Timeout | undefined; controller: AbortController }>();

  constructor(
    private readonly delayMs: number,
    private readonly job: AnalysisJob,
    private readonly onError: (uri: string, error: unknown) => void,
  ) {}

  /** Analyzes `uri` after the debounce (or `delayMs`), cancelling any analysis of it in flight. */
  schedule(uri: string, delayMs = this.delayMs): void {
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
          if (this.pending.get(uri) === entry) this.pending.delete(uri);
        });
    }, delayMs);
    this.pending.set(uri, entry);
  }

  /** Stops any analysis of `uri`, waiting or running. */
  cancel(uri: string): void {
    const entry = this.pending.get(uri);
    if (entry === undefined) return;
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.controller.abort();
    this.pending.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.pending.keys()]) this.cancel(uri);
  }
}
