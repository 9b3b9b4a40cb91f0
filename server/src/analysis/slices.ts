// Stepwise work run on an event loop that must stay responsive: the
// language server's, where requests and newer edits arrive, and the
// analysis worker's, where a newer version of a document stops the check
// of an older one.

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
