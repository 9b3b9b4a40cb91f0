// One layer of a snapshot, built by one generator that both the stepwise
// analysis and a request can drive. The analysis advances it a step at a
// time between other work; a request that needs the layer now finishes the
// same generator where the analysis left it. Either way it runs once: a
// request never starts a second build of what the analysis has half built.

/** How many layer builds this process has started: a test holds the snapshot to one per layer. */
export const layerBuilds = { started: 0 };

export class Layer<T> {
  private value: T | undefined;
  private built = false;
  private running: Generator<void, T, void> | undefined;

  constructor(private readonly start: () => Generator<void, T, void>) {}

  /** The layer, finished now if the analysis has not finished it yet. */
  get(): T {
    while (!this.built) this.advance();
    return this.value as T;
  }

  /** Whether the layer is built (and `get` returns at once). */
  get ready(): boolean {
    return this.built;
  }

  /** The layer's build as steps, resuming wherever it stands; returns the layer. */
  *steps(): Generator<void, T, void> {
    while (!this.built) {
      this.advance();
      if (!this.built) yield;
    }
    return this.value as T;
  }

  private advance(): void {
    if (this.running === undefined) {
      layerBuilds.started++;
      this.running = this.start();
    }
    const step = this.running.next();
    if (step.done !== true) return;
    this.value = step.value;
    this.built = true;
    this.running = undefined;
  }
}

/** A layer built in one go: nothing to pause in it. */
export function whole<T>(build: () => T): () => Generator<void, T, void> {
  return function* () {
    return build();
  };
}
